//! The web client through the real router: every page renders accessibly-shaped HTML, forms
//! run the API's mutations as the browser session's viewer, and cross-site or stale posts
//! change nothing.

use chrono::TimeDelta;
use contract_watch::domain::ids::NodeKind;
use entity::enums::UserRole;
use poem::http::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

use crate::browser::{Browser, assert_page_shape};
use crate::fixtures::registry;
use crate::helpers::{PASSWORD, TestApp, gid, link_token};
use crate::on_both_databases;

on_both_databases!(
    every_page_has_one_h1_a_title_its_language_and_navigation,
    a_resident_signs_up_follows_comments_flags_and_endorses_through_forms,
    cross_site_and_stale_posts_change_nothing_and_graphql_ignores_cookies,
    a_draft_survives_a_session_that_ended_while_writing,
    form_errors_name_their_field_and_keep_the_input,
    page_documents_validate_against_the_schema,
    an_official_page_shows_each_vote_beside_the_community_tally,
);

async fn comment_count(app: &TestApp) -> u64 {
    entity::comment::Entity::find()
        .count(&app.state.db.write)
        .await
        .unwrap()
}

async fn every_page_has_one_h1_a_title_its_language_and_navigation(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let browser = Browser::new(&app);
    let pages = [
        "/".to_owned(),
        format!(
            "/solicitations/{}",
            gid(NodeKind::Solicitation, r.custodial)
        ),
        format!(
            "/contracts/{}",
            gid(NodeKind::Contract, r.custodial_contract)
        ),
        format!(
            "/agenda-items/{}",
            gid(NodeKind::AgendaItem, r.renewal_item)
        ),
        "/sign-in".to_owned(),
        "/sign-up".to_owned(),
        "/search".to_owned(),
        "/search?q=custod".to_owned(),
        "/search?q=%22unclosed&kind=CONTRACT".to_owned(),
        "/search?kind=CONTRACT&expiring=60".to_owned(),
        "/search?status=OPEN&label=OUTSOURCING".to_owned(),
        format!("/meetings/{}", gid(NodeKind::Meeting, r.upcoming_meeting)),
        format!("/meetings/{}", gid(NodeKind::Meeting, r.past_meeting)),
        format!("/bodies/{}", gid(NodeKind::Body, r.council)),
        format!("/officials/{}", gid(NodeKind::Official, r.officials[0])),
        format!("/agencies/{}", gid(NodeKind::Agency, r.parks)),
        format!("/vendors/{}", gid(NodeKind::Vendor, r.vendor)),
        "/moderation-log".to_owned(),
    ];
    // Pages without a form for an anonymous visitor.
    let formless = ["/search", "/meetings", "/officials", "/moderation-log"];
    for path in &pages {
        let page = browser.get(path).await;
        assert_page_shape(&page, StatusCode::OK, path);
        if !formless.iter().any(|prefix| path.starts_with(prefix)) && path != "/" {
            assert!(
                page.body.contains("name=\"csrf_token\""),
                "{path}: forms carry a token"
            );
        }
    }
    let home = browser.get("/").await;
    assert!(
        home.text().contains("Up for a vote soon"),
        "{}",
        home.text()
    );
    let item = browser
        .get(&format!(
            "/contracts/{}",
            gid(NodeKind::Contract, r.custodial_contract)
        ))
        .await;
    // Facts in plain words, in the jurisdiction's time and money.
    let text = item.text();
    assert!(text.contains("Renewal options left"), "{text}");
    assert!(text.contains("$"), "{text}");
    for missing in [
        "/no-such-page".to_owned(),
        "/contracts/not-an-id".to_owned(),
        format!("/contracts/{}", gid(NodeKind::Contract, 999_999)),
        format!("/contracts/{}", gid(NodeKind::Solicitation, r.custodial)),
        "/bodies/not-an-id".to_owned(),
        format!("/bodies/{}", gid(NodeKind::Body, 999_999)),
        format!("/bodies/{}", gid(NodeKind::Agency, r.parks)),
        format!("/officials/{}", gid(NodeKind::Official, 999_999)),
        format!("/officials/{}", gid(NodeKind::Body, r.council)),
        format!("/agencies/{}", gid(NodeKind::Vendor, r.vendor)),
        format!("/vendors/{}", gid(NodeKind::Vendor, 999_999)),
        format!("/vendors/{}", gid(NodeKind::Contract, r.mowing_contract)),
    ] {
        let page = browser.get(&missing).await;
        assert_page_shape(&page, StatusCode::NOT_FOUND, &missing);
        assert!(page.text().contains("Page not found"), "{missing}");
    }
    // Old mail links (`/?item=<id>`) open the record's page; mail now links to the page itself.
    let item_id = gid(NodeKind::AgendaItem, r.renewal_item);
    let old = browser.get(&format!("/?item={item_id}")).await;
    assert_eq!(old.status, StatusCode::SEE_OTHER);
    assert_eq!(
        old.location.as_deref(),
        Some(format!("/agenda-items/{item_id}").as_str())
    );
    // Fingerprinted assets, cached for a year, within the budgets.
    for (name, budget) in [("app.css", 14 * 1024), ("app.js", 15 * 1024)] {
        let url = home
            .attr(
                if name.ends_with("css") {
                    "link[rel=stylesheet]"
                } else {
                    "script[src]"
                },
                if name.ends_with("css") { "href" } else { "src" },
            )
            .unwrap();
        assert!(
            url.starts_with("/static/app.") && url.len() > "/static/app.css".len() + 5,
            "{url}"
        );
        let asset = app
            .client
            .get(&url)
            .header("accept-encoding", "gzip")
            .send()
            .await;
        asset.assert_status_is_ok();
        asset.assert_header("cache-control", "public, max-age=31536000, immutable");
        let bytes = contract_watch::web::assets::bytes(name).unwrap();
        let gzipped = gzip_len(bytes);
        assert!(gzipped <= budget, "{name}: {gzipped} bytes gzipped");
    }
}

fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap().len()
}

async fn a_resident_signs_up_follows_comments_flags_and_endorses_through_forms(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let browser = Browser::new(&app);
    let form = browser.get("/sign-up").await;
    let done = browser
        .post(
            "/sign-up",
            &[
                ("csrf_token", &form.csrf()),
                ("displayName", "Rosa"),
                ("email", "rosa@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_page_shape(&done, StatusCode::OK, "/sign-up");
    assert!(done.text().contains("Check your email"), "{}", done.text());
    let (_, text) = app.last_mail_to("rosa@example.org").await.unwrap();
    let token = link_token(&text, "/verify-email/");
    let verified = browser.post(&format!("/verify-email/{token}"), &[]).await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.body);
    browser.sign_in("rosa@example.org", PASSWORD).await;

    let path = format!(
        "/contracts/{}",
        gid(NodeKind::Contract, r.custodial_contract)
    );
    let page = browser.get(&path).await;
    assert!(
        page.text().contains("Account (Rosa)"),
        "signed in: {}",
        page.text()
    );
    let followed = browser
        .post(
            &format!("{path}/follow"),
            &[("csrf_token", &page.csrf()), ("delivery", "WEEKLY")],
        )
        .await;
    let page = browser.follow(&followed).await;
    assert!(
        page.text().contains("You follow this (a weekly digest)"),
        "{}",
        page.text()
    );
    // A deciding body is followed the same way, from its own page.
    let council = format!("/bodies/{}", gid(NodeKind::Body, r.council));
    let body_page = browser.get(&council).await;
    let followed = browser
        .post(
            &format!("{council}/follow"),
            &[("csrf_token", &body_page.csrf()), ("delivery", "DAILY")],
        )
        .await;
    assert_eq!(
        followed.location.as_deref(),
        Some(format!("{council}?done=follow").as_str())
    );
    let body_page = browser.follow(&followed).await;
    let text = body_page.text();
    assert!(text.contains("You follow this now."), "{text}");
    assert!(text.contains("You follow this (a daily digest)"), "{text}");

    let posted = browser
        .post(
            &format!("{path}/comments"),
            &[
                ("csrf_token", &page.csrf()),
                ("position", "OPPOSE"),
                ("body", "Keep custodial work **in house**."),
            ],
        )
        .await;
    let page = browser.follow(&posted).await;
    assert!(
        page.text().contains("Your comment is posted."),
        "{}",
        page.text()
    );
    assert!(
        page.body.contains("<strong>in house</strong>"),
        "rendered Markdown"
    );
    assert_eq!(page.texts("table.tally tbody td"), vec!["Oppose", "1", "0"]);

    let flagged = browser
        .post(
            &format!("{path}/concerns"),
            &[
                ("csrf_token", &page.csrf()),
                ("category", "WORKER_RIGHTS"),
                ("severity", "HIGH"),
                ("summary", "No living-wage clause in the renewal"),
                ("details", ""),
            ],
        )
        .await;
    let page = browser.follow(&flagged).await;
    assert!(
        page.text().contains("No living-wage clause in the renewal"),
        "{}",
        page.text()
    );

    // A second resident endorses the concern from the page, then withdraws.
    app.account("sam@example.org", UserRole::Resident, None)
        .await;
    let sam = Browser::new(&app);
    sam.sign_in("sam@example.org", PASSWORD).await;
    let page = sam.get(&path).await;
    let action = page.attr("li.concern form", "action").unwrap();
    assert!(action.ends_with("/endorse"), "{action}");
    let page = sam
        .follow(&sam.post(&action, &[("csrf_token", &page.csrf())]).await)
        .await;
    assert_eq!(page.texts("li.concern [data-endorsements]"), vec!["1"]);
    let action = page.attr("li.concern form", "action").unwrap();
    assert!(action.ends_with("/withdraw"), "{action}");
    let page = sam
        .follow(&sam.post(&action, &[("csrf_token", &page.csrf())]).await)
        .await;
    assert_eq!(page.texts("li.concern [data-endorsements]"), vec!["0"]);

    // Signing out ends the session: the cookie no longer opens it.
    let session = browser.cookie("cw_session").unwrap();
    let page = browser.get(&path).await;
    let out = browser
        .post("/sign-out", &[("csrf_token", &page.csrf())])
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let replay = Browser::new(&app);
    let _ = replay.get("/").await;
    let page = app
        .client
        .get(&path)
        .header("cookie", format!("cw_session={session}"))
        .send()
        .await;
    let body = page.0.into_body().into_string().await.unwrap();
    assert!(body.contains("href=\"/sign-in\""), "signed out");
}

async fn cross_site_and_stale_posts_change_nothing_and_graphql_ignores_cookies(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, token) = app
        .account("ada@example.org", UserRole::Resident, None)
        .await;
    let browser = Browser::new(&app);
    browser.sign_in("ada@example.org", PASSWORD).await;
    let path = format!(
        "/solicitations/{}",
        gid(NodeKind::Solicitation, r.custodial)
    );
    let page = browser.get(&path).await;
    let before = comment_count(&app).await;
    let fields = [
        ("csrf_token", page.csrf()),
        ("position", "SUPPORT".to_owned()),
        ("body", "Forged".to_owned()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    for headers in [
        vec![("origin", "https://evil.example")],
        vec![("sec-fetch-site", "cross-site")],
        vec![
            ("sec-fetch-site", "same-site"),
            ("origin", "https://watch.evil.example"),
        ],
    ] {
        let refused = browser
            .post_with(&format!("{path}/comments"), &fields, &headers)
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{headers:?}");
    }
    assert_eq!(comment_count(&app).await, before, "nothing changed");

    // A missing or foreign token: the form again, with the input and "submit again".
    for token_value in ["", "0000"] {
        let stale = browser
            .post(
                &format!("{path}/comments"),
                &[
                    ("csrf_token", token_value),
                    ("position", "SUPPORT"),
                    ("body", "My words, kept"),
                ],
            )
            .await;
        assert_eq!(stale.status, StatusCode::BAD_REQUEST);
        assert!(
            stale.text().contains("please submit it again"),
            "{}",
            stale.text()
        );
        assert_eq!(stale.texts("textarea#body"), vec!["My words, kept"]);
        assert_eq!(
            stale.attr("#position-support", "checked").as_deref(),
            Some("")
        );
    }
    assert_eq!(comment_count(&app).await, before, "nothing changed");

    // `/graphql` never reads the session cookie.
    let response = app
        .client
        .post("/graphql")
        .content_type("application/json")
        .header("cookie", browser.cookie_header())
        .body(json!({ "query": "{ me { id } }" }).to_string())
        .send()
        .await;
    let body: serde_json::Value =
        serde_json::from_str(&response.0.into_body().into_string().await.unwrap()).unwrap();
    assert_eq!(body["data"]["me"], serde_json::Value::Null, "{body}");

    // logOutEverywhere (through the API) ends the web session too.
    app.data_as(&token, "mutation { logOutEverywhere }", json!({}))
        .await;
    let page = browser.get(&path).await;
    assert!(page.text().contains("Sign in"), "{}", page.text());
    assert!(!page.text().contains("Account (ada)"), "{}", page.text());
}

async fn a_draft_survives_a_session_that_ended_while_writing(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    app.account("lee@example.org", UserRole::Resident, None)
        .await;
    let browser = Browser::new(&app);
    browser.sign_in("lee@example.org", PASSWORD).await;
    let path = format!(
        "/contracts/{}",
        gid(NodeKind::Contract, r.custodial_contract)
    );
    let page = browser.get(&path).await;
    let draft = "A long thought about this renewal. ".repeat(100);
    // The session lapses while the person writes.
    let idle = app.state.settings.auth.refresh_idle_days;
    app.state.clock.advance(TimeDelta::days(idle + 1));
    let posted = browser
        .post(
            &format!("{path}/comments"),
            &[
                ("csrf_token", &page.csrf()),
                ("position", "QUESTION"),
                ("body", &draft),
            ],
        )
        .await;
    assert_page_shape(&posted, StatusCode::OK, "sign-in with draft");
    assert!(
        posted
            .text()
            .contains("what you wrote will be brought back"),
        "{}",
        posted.text()
    );
    assert_eq!(
        posted.attr("input[name=draft_body]", "value").as_deref(),
        Some(draft.as_str())
    );
    let before = comment_count(&app).await;
    // Signing in brings the draft back into the form, not yet sent.
    let mut fields: Vec<(String, String)> = vec![
        ("csrf_token".into(), posted.csrf()),
        ("email".into(), "lee@example.org".into()),
        ("password".into(), PASSWORD.into()),
        (
            "return_to".into(),
            posted.attr("input[name=return_to]", "value").unwrap(),
        ),
    ];
    for name in ["draft_body", "draft_position"] {
        fields.push((
            name.into(),
            posted
                .attr(&format!("input[name={name}]"), "value")
                .unwrap(),
        ));
    }
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let back = browser.post("/sign-in", &fields).await;
    assert_page_shape(&back, StatusCode::OK, "draft back");
    assert_eq!(back.texts("textarea#body"), vec![draft.trim().to_owned()]);
    assert_eq!(
        back.attr("#position-question", "checked").as_deref(),
        Some("")
    );
    assert_eq!(
        comment_count(&app).await,
        before,
        "not sent until the person sends it"
    );
    let sent = browser
        .post(
            &format!("{path}/comments"),
            &[
                ("csrf_token", &back.csrf()),
                ("position", "QUESTION"),
                ("body", &draft),
            ],
        )
        .await;
    assert_eq!(
        sent.status,
        StatusCode::SEE_OTHER,
        "{}",
        sent.texts(".error-summary").join("")
    );
    assert_eq!(comment_count(&app).await, before + 1);
}

async fn form_errors_name_their_field_and_keep_the_input(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    app.account("kim@example.org", UserRole::Resident, None)
        .await;
    let browser = Browser::new(&app);
    browser.sign_in("kim@example.org", PASSWORD).await;
    let path = format!(
        "/contracts/{}",
        gid(NodeKind::Contract, r.custodial_contract)
    );
    let page = browser.get(&path).await;
    let too_long = "x".repeat(5_001);
    let failed = browser
        .post(
            &format!("{path}/comments"),
            &[
                ("csrf_token", &page.csrf()),
                ("position", "SUPPORT"),
                ("body", &too_long),
            ],
        )
        .await;
    assert_page_shape(&failed, StatusCode::BAD_REQUEST, "comment error");
    assert!(failed.texts("title").join("").starts_with("Error:"));
    assert_eq!(
        failed.attr(".error-summary a", "href").as_deref(),
        Some("#body")
    );
    assert_eq!(failed.texts("textarea#body"), vec![too_long.clone()]);
    let described = failed.attr("textarea#body", "aria-describedby").unwrap();
    assert!(described.contains("body-error"), "{described}");
    assert_eq!(failed.texts("#body-error").len(), 1);
    // A position the form never offers is a field error too, not a crash.
    let odd = browser
        .post(
            &format!("{path}/comments"),
            &[
                ("csrf_token", &page.csrf()),
                ("position", "MAYBE"),
                ("body", "Hello"),
            ],
        )
        .await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        odd.attr(".error-summary a", "href").as_deref(),
        Some("#position")
    );
    // A comment period that closed while the person typed: said plainly, the text kept.
    let item = format!(
        "/agenda-items/{}",
        gid(NodeKind::AgendaItem, r.renewal_item)
    );
    let page = browser.get(&item).await;
    app.state.clock.advance(TimeDelta::days(4));
    let late = browser
        .post(
            &format!("{item}/comments"),
            &[
                ("csrf_token", &page.csrf()),
                ("position", "OPPOSE"),
                ("body", "Too late?"),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
    assert!(
        late.texts(".error-summary").join("").contains("closed"),
        "{}",
        late.text()
    );
    assert_eq!(late.texts("textarea#body"), vec!["Too late?"]);
    // The sign-up form keeps what was typed, never the password.
    let form = browser.get("/sign-up").await;
    let failed = browser
        .post(
            "/sign-up",
            &[
                ("csrf_token", &form.csrf()),
                ("displayName", "Kim"),
                ("email", "not-an-address"),
                ("password", "short"),
            ],
        )
        .await;
    assert_page_shape(&failed, StatusCode::BAD_REQUEST, "sign-up error");
    assert_eq!(
        failed.attr("input#email", "value").as_deref(),
        Some("not-an-address")
    );
    assert_eq!(failed.attr("input#password", "value").as_deref(), Some(""));
    assert!(!failed.texts(".error-summary li").is_empty());
}

/// Every page document runs through the schema without a validation error: any error it gets
/// is a resolver's (it has a path), so a renamed field fails here, not in a person's browser.
async fn page_documents_validate_against_the_schema(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let schema = contract_watch::graphql::build_schema(app.state.clone());
    let id = |kind, row| json!(gid(kind, row));
    let now = app.state.clock.now();
    let since = (now - TimeDelta::days(365)).to_rfc3339();
    let now = now.to_rfc3339();
    let variables = |name: &str| match name {
        "solicitation" => json!({ "id": id(NodeKind::Solicitation, r.custodial) }),
        "contract" => json!({ "id": id(NodeKind::Contract, r.custodial_contract) }),
        "agenda_item" | "conversation_agenda_item" => {
            json!({ "id": id(NodeKind::AgendaItem, r.renewal_item) })
        }
        "conversation_contract" => json!({ "id": id(NodeKind::Contract, r.custodial_contract) }),
        "conversation_solicitation" => json!({ "id": id(NodeKind::Solicitation, r.custodial) }),
        "post_comment" => {
            json!({ "input": { "subjectId": id(NodeKind::Contract, r.custodial_contract), "body": "x", "position": "SUPPORT" } })
        }
        "follow" => {
            json!({ "input": { "target": { "subjectId": id(NodeKind::Contract, r.custodial_contract) }, "delivery": "DAILY" } })
        }
        "flag_concern" => {
            json!({ "input": { "subjectId": id(NodeKind::Contract, r.custodial_contract), "category": "COST", "severity": "LOW", "summary": "x" } })
        }
        "endorse" | "withdraw" => json!({ "concernId": id(NodeKind::Concern, 1) }),
        "delete_comment" => json!({ "id": id(NodeKind::Comment, 1) }),
        "edit_comment" => {
            json!({ "input": { "commentId": id(NodeKind::Comment, 1), "body": "Changed." } })
        }
        "comment_edit" => json!({ "id": id(NodeKind::Comment, 1) }),
        "organization" | "organization_members" => {
            json!({ "id": id(NodeKind::Organization, 1) })
        }
        "organization_item" => json!({ "id": id(NodeKind::Contract, r.custodial_contract) }),
        "organization_create" => {
            json!({ "input": { "name": "Local 7", "kind": "UNION_LOCAL", "description": "" } })
        }
        "organization_update" => {
            json!({ "input": { "organizationId": id(NodeKind::Organization, 1), "name": "Local 7" } })
        }
        "organization_add_member" => {
            json!({ "input": { "organizationId": id(NodeKind::Organization, 1), "email": "x@example.org", "role": "MEMBER" } })
        }
        "organization_remove_member" => {
            json!({ "input": { "organizationId": id(NodeKind::Organization, 1), "userId": id(NodeKind::User, 1) } })
        }
        "organization_watchlist_create" => {
            json!({ "input": { "organizationId": id(NodeKind::Organization, 1), "name": "x" } })
        }
        "organization_watchlist_add" | "organization_watchlist_remove" => {
            json!({ "input": { "watchlistId": id(NodeKind::Watchlist, 1), "subjectId": id(NodeKind::Contract, r.custodial_contract), "note": "x" } })
        }
        "report_comment" => {
            json!({ "input": { "commentId": id(NodeKind::Comment, 1), "reason": "SPAM" } })
        }
        "sign_up" => json!({ "input": { "email": "x", "password": "x", "displayName": "x" } }),
        "search" => json!({ "q": "custod" }),
        "account_change_password" => {
            json!({ "input": { "currentPassword": "x", "newPassword": "x" } })
        }
        "account_change_email" => {
            json!({ "input": { "newEmail": "x@example.org", "currentPassword": "x" } })
        }
        "account_time_zone" => json!({ "timeZone": "UTC" }),
        "account_delete" => json!({ "currentPassword": "x" }),
        "account_forgot" => json!({ "email": "x" }),
        "alerts_create" => {
            json!({ "input": { "target": { "categoryCode": "910-39" }, "delivery": "DAILY" } })
        }
        "alerts_update" => {
            json!({ "input": { "alertSubscriptionId": id(NodeKind::AlertSubscription, 1), "paused": true } })
        }
        "alerts_delete" => json!({ "id": id(NodeKind::AlertSubscription, 1) }),
        "alerts_unmute" => {
            json!({ "input": { "alertSubscriptionId": id(NodeKind::AlertSubscription, 1), "subjectId": id(NodeKind::Contract, r.custodial_contract) } })
        }
        "meeting" => json!({ "id": id(NodeKind::Meeting, r.upcoming_meeting) }),
        "body" => json!({ "id": id(NodeKind::Body, r.council), "now": now }),
        "official" => json!({ "id": id(NodeKind::Official, r.officials[0]) }),
        "official_votes" => {
            json!({ "bodyId": id(NodeKind::Body, r.council), "since": since, "now": now })
        }
        "agency" => json!({ "id": id(NodeKind::Agency, r.parks) }),
        "vendor" => json!({ "id": id(NodeKind::Vendor, r.vendor) }),
        "moderation_log" => json!({ "after": null }),
        _ => json!({}),
    };
    let documents = contract_watch::web::documents::all();
    assert!(documents.len() >= 10, "{documents:?}");
    for (name, source) in documents {
        let request = async_graphql::Request::new(source.clone())
            .variables(async_graphql::Variables::from_json(variables(&name)));
        let response = schema.execute(request).await;
        for error in &response.errors {
            assert!(
                !error.path.is_empty(),
                "{name}: {} in\n{source}",
                error.message
            );
        }
    }
}

/// An official's page lists each of their recorded votes on a procurement item beside where the
/// people who commented on what it decides stood: the council voted on the mowing contract 10
/// days ago (Ada Alder yes, Ben Birch no, Cleo Cedar absent).
async fn an_official_page_shows_each_vote_beside_the_community_tally(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    // Two residents say where they stand on the mowing contract.
    for (email, position) in [("uma@example.org", "OPPOSE"), ("vic@example.org", "OPPOSE")] {
        app.account(email, UserRole::Resident, None).await;
        let resident = Browser::new(&app);
        resident.sign_in(email, PASSWORD).await;
        let contract = format!("/contracts/{}", gid(NodeKind::Contract, r.mowing_contract));
        let page = resident.get(&contract).await;
        let posted = resident
            .post(
                &format!("{contract}/comments"),
                &[
                    ("csrf_token", &page.csrf()),
                    ("position", position),
                    ("body", "Keep mowing the parks in house."),
                ],
            )
            .await;
        assert_eq!(
            posted.status,
            StatusCode::SEE_OTHER,
            "{}",
            posted.texts(".error-summary").join("")
        );
    }

    let browser = Browser::new(&app);
    for (official, vote) in r.officials.iter().zip(["Yes", "No", "Absent"]) {
        let path = format!("/officials/{}", gid(NodeKind::Official, *official));
        let page = browser.get(&path).await;
        assert_page_shape(&page, StatusCode::OK, &path);
        // One row: the past meeting's item on the mowing contract (the upcoming meeting has no
        // roll call yet).
        assert_eq!(
            page.texts("table.votes tbody tr").len(),
            1,
            "{}",
            page.text()
        );
        assert_eq!(page.texts("table.votes td.vote"), vec![vote], "{path}");
        assert_eq!(
            page.texts("table.votes td.community"),
            vec!["Oppose 2 people"],
            "{path}"
        );
        let link = page.attr("table.votes td.item a", "href").unwrap();
        assert!(link.starts_with("/agenda-items/"), "{link}");
        assert!(
            page.texts("table.votes td.item")[0].contains("Park Mowing"),
            "{}",
            page.text()
        );
        // The official's choice about the pre-vote digests, said plainly.
        assert!(
            page.text().contains("receives the pre-vote digests"),
            "{}",
            page.text()
        );
        // Each seat links to its body.
        assert_eq!(
            page.attr("table.terms a", "href"),
            Some(format!("/bodies/{}", gid(NodeKind::Body, r.council)))
        );
    }
}
