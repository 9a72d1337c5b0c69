//! The "My alerts" pages through the real router: what a person follows is listed in plain
//! words with links, each subscription's forms change how often, pause, resume, unmute and
//! delete it, the "follow something new" forms create saved searches, outsourcing and renewal
//! follows, and bad, stale, anonymous or someone else's posts change nothing. Every change is
//! checked through the API's `myAlertSubscriptions`.

use contract_watch::domain::ids::NodeKind;
use entity::enums::UserRole;
use poem::http::StatusCode;
use serde_json::{Value, json};

use crate::browser::{Browser, Page, assert_page_shape};
use crate::fixtures::registry;
use crate::helpers::{PASSWORD, TestApp, gid};
use crate::on_both_databases;

on_both_databases!(
    a_followed_contract_is_listed_and_managed_from_my_alerts,
    follow_something_new_forms_create_follows_and_name_their_errors,
    anonymous_stale_and_cross_user_posts_change_nothing,
);

const MINE: &str = "{ myAlertSubscriptions { id target delivery paused categoryCode search \
    subject { __typename ... on Contract { id title } } outsourcingIn { name } \
    renewalsIn { name } muted { __typename } } }";

/// What the API says the holder of `token` follows, newest first.
async fn mine(app: &TestApp, token: &str) -> Vec<Value> {
    app.data_as(token, MINE, json!({})).await["myAlertSubscriptions"]
        .as_array()
        .unwrap()
        .clone()
}

/// A selector for the card of subscription `id`.
fn card(id: &str, inner: &str) -> String {
    format!("li[data-subscription='{id}'] {inner}")
        .trim_end()
        .to_owned()
}

/// Posts one of a subscription's forms from `page`, expecting the redirect back with `done`,
/// and returns the page it leads to.
async fn manage(
    browser: &Browser<'_>,
    page: &Page,
    id: &str,
    action: &str,
    extra: &[(&str, &str)],
    done: &str,
) -> Page {
    let csrf = page.csrf();
    let mut fields = vec![("csrf_token", csrf.as_str())];
    fields.extend_from_slice(extra);
    let posted = browser
        .post(&format!("/my/alerts/{id}/{action}"), &fields)
        .await;
    assert_eq!(
        posted.status,
        StatusCode::SEE_OTHER,
        "{action}: {}",
        posted.text()
    );
    assert_eq!(
        posted.location.as_deref(),
        Some(format!("/my/alerts?done={done}").as_str())
    );
    let back = browser.follow(&posted).await;
    assert_page_shape(&back, StatusCode::OK, action);
    assert_eq!(back.texts("[data-flash]").len(), 1, "{action}: a notice");
    back
}

async fn a_followed_contract_is_listed_and_managed_from_my_alerts(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let browser = Browser::new(&app);
    browser.sign_in("ana@example.org", PASSWORD).await;

    // Follow the contract from its own page.
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let path = format!("/contracts/{contract}");
    let page = browser.get(&path).await;
    let followed = browser
        .post(
            &format!("{path}/follow"),
            &[("csrf_token", &page.csrf()), ("delivery", "DAILY")],
        )
        .await;
    assert_eq!(
        followed.status,
        StatusCode::SEE_OTHER,
        "{}",
        followed.text()
    );
    let subs = mine(&app, &ana).await;
    assert_eq!(subs.len(), 1);
    let id = subs[0]["id"].as_str().unwrap().to_owned();

    // Listed with its title linked to its page, how often, active, since when.
    let page = browser.get("/my/alerts").await;
    assert_page_shape(&page, StatusCode::OK, "/my/alerts");
    assert_eq!(page.attr(&card(&id, "h3 a"), "href"), Some(path.clone()));
    assert_eq!(page.texts(&card(&id, "h3 a")), vec!["Custodial Services"]);
    assert_eq!(
        page.attr(&card(&id, "[data-delivery]"), "data-delivery")
            .as_deref(),
        Some("DAILY")
    );
    let text = page.texts(&card(&id, "")).join(" ");
    assert!(text.contains("How often: a daily digest"), "{text}");
    assert!(text.contains("Active"), "{text}");
    assert!(text.contains("Following since"), "{text}");
    assert_eq!(
        page.attr("a[href='/my/alerts']", "aria-current").as_deref(),
        Some("page")
    );

    // Weekly instead.
    let page = manage(
        &browser,
        &page,
        &id,
        "delivery",
        &[("delivery", "WEEKLY")],
        "delivery",
    )
    .await;
    assert_eq!(
        page.attr(&card(&id, "[data-delivery]"), "data-delivery")
            .as_deref(),
        Some("WEEKLY")
    );
    assert_eq!(
        page.attr(&card(&id, "select option[selected]"), "value")
            .as_deref(),
        Some("WEEKLY")
    );
    assert_eq!(mine(&app, &ana).await[0]["delivery"], "WEEKLY");

    // A pace the form never offers is a field error beside the select, nothing changed.
    let odd = browser
        .post(
            &format!("/my/alerts/{id}/delivery"),
            &[("csrf_token", &page.csrf()), ("delivery", "HOURLY")],
        )
        .await;
    assert_page_shape(&odd, StatusCode::BAD_REQUEST, "odd delivery");
    assert!(odd.texts("title").join("").starts_with("Error:"));
    assert_eq!(
        odd.attr(".error-summary a", "href"),
        Some(format!("#delivery-{id}"))
    );
    assert_eq!(odd.texts(&format!("#delivery-{id}-error")).len(), 1);
    assert_eq!(mine(&app, &ana).await[0]["delivery"], "WEEKLY");

    // Pause, then resume.
    let page = manage(&browser, &page, &id, "pause", &[], "paused").await;
    assert_eq!(page.texts(&card(&id, "[data-paused]")), vec!["Paused"]);
    assert!(
        page.attr(&card(&id, "form[data-form=resume]"), "action")
            .unwrap()
            .ends_with("/resume")
    );
    assert_eq!(mine(&app, &ana).await[0]["paused"], true);
    let page = manage(&browser, &page, &id, "resume", &[], "resumed").await;
    assert!(page.texts(&card(&id, "[data-paused]")).is_empty());
    assert_eq!(page.texts(&card(&id, "[data-active]")), vec!["Active"]);
    assert_eq!(mine(&app, &ana).await[0]["paused"], false);

    // An item muted inside a broad subscription is listed, linked, with a way to unmute it.
    let parks = app
        .data_as(
            &ana,
            "mutation($a: ID!) { createAlertSubscription(input: {target: {agencyId: $a}, delivery: DAILY}) { id } }",
            json!({ "a": gid(NodeKind::Agency, r.parks) }),
        )
        .await["createAlertSubscription"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mowing = gid(NodeKind::Contract, r.mowing_contract);
    app.data_as(
        &ana,
        "mutation($i: ID!, $s: ID!) { muteAlertItem(input: {alertSubscriptionId: $i, subjectId: $s}) { id } }",
        json!({ "i": parks, "s": mowing }),
    )
    .await;
    let page = browser.get("/my/alerts").await;
    assert_page_shape(&page, StatusCode::OK, "muted");
    assert_eq!(
        page.attr(&card(&parks, "h3 a"), "href"),
        Some(format!("/agencies/{}", gid(NodeKind::Agency, r.parks)))
    );
    assert_eq!(
        page.attr(&card(&parks, "[data-muted] a"), "href"),
        Some(format!("/contracts/{mowing}"))
    );
    assert_eq!(
        page.attr(&card(&parks, "[data-muted] input[name=subjectId]"), "value"),
        Some(mowing.clone())
    );
    let page = manage(
        &browser,
        &page,
        &parks,
        "unmute",
        &[("subjectId", &mowing)],
        "unmuted",
    )
    .await;
    assert!(page.texts(&card(&parks, "[data-muted]")).is_empty());
    let subs = mine(&app, &ana).await;
    let agency = subs.iter().find(|s| s["id"] == parks.as_str()).unwrap();
    assert_eq!(agency["muted"], json!([]));

    // Stop following both.
    let page = manage(&browser, &page, &id, "delete", &[], "deleted").await;
    assert!(page.texts(&card(&id, "")).is_empty(), "gone from the page");
    let page = manage(&browser, &page, &parks, "delete", &[], "deleted").await;
    assert!(
        page.text().contains("You follow nothing yet"),
        "{}",
        page.text()
    );
    assert!(mine(&app, &ana).await.is_empty());
    // The contract's page offers to follow it again.
    let item = browser.get(&path).await;
    assert!(
        item.attr(&format!("form[action='{path}/follow']"), "method")
            .is_some(),
        "{}",
        item.text()
    );
}

async fn follow_something_new_forms_create_follows_and_name_their_errors(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, kim) = app
        .account("kim@example.org", UserRole::Resident, None)
        .await;
    let browser = Browser::new(&app);
    browser.sign_in("kim@example.org", PASSWORD).await;
    let page = browser.get("/my/alerts").await;
    assert_page_shape(&page, StatusCode::OK, "/my/alerts");
    assert!(
        page.text().contains("You follow nothing yet"),
        "{}",
        page.text()
    );
    // The forms offer the registry's jurisdictions and departments.
    let jurisdiction = gid(NodeKind::Jurisdiction, r.jurisdiction);
    assert!(
        page.attr(
            &format!("#outsourcingInJurisdictionId option[value='{jurisdiction}']"),
            "value"
        )
        .is_some(),
        "{}",
        page.body
    );
    let parks = gid(NodeKind::Agency, r.parks);
    let library = gid(NodeKind::Agency, r.library);
    for agency in [&parks, &library] {
        let name = page
            .attr(
                &format!("#renewalsInAgencyIds input[type=checkbox][value='{agency}']"),
                "name",
            )
            .unwrap();
        assert!(name.starts_with("agency_"), "{name}");
    }

    // A saved search: words and a status.
    let posted = browser
        .post(
            "/my/alerts/new",
            &[
                ("csrf_token", &page.csrf()),
                ("target", "search"),
                ("keyword", "custodial"),
                ("status", "OPEN"),
                ("delivery", "DAILY"),
            ],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.text());
    assert_eq!(posted.location.as_deref(), Some("/my/alerts?done=created"));
    let page = browser.follow(&posted).await;
    assert_page_shape(&page, StatusCode::OK, "created search");
    let subs = mine(&app, &kim).await;
    assert_eq!(subs.len(), 1);
    let search = &subs[0];
    assert_eq!(search["target"], "SEARCH");
    assert_eq!(search["delivery"], "DAILY");
    assert_eq!(search["search"]["keyword"], "custodial");
    assert_eq!(search["search"]["filter"]["status"], json!(["OPEN"]));
    let id = search["id"].as_str().unwrap();
    assert_eq!(
        page.attr(&card(id, "h3 a"), "href").as_deref(),
        Some("/search?q=custodial")
    );
    assert_eq!(page.texts(&card(id, "h3 a")), vec!["“custodial”"]);
    assert_eq!(
        page.texts(&card(id, "[data-search-filter]")),
        vec!["Only: status Open for bids"]
    );

    // All outsourcing in the jurisdiction.
    let posted = browser
        .post(
            "/my/alerts/new",
            &[
                ("csrf_token", &page.csrf()),
                ("target", "outsourcing"),
                ("outsourcingInJurisdictionId", &jurisdiction),
                ("delivery", "WEEKLY"),
            ],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.text());
    let page = browser.follow(&posted).await;
    let subs = mine(&app, &kim).await;
    assert_eq!(subs.len(), 2);
    let outsourcing = subs.iter().find(|s| s["target"] == "OUTSOURCING").unwrap();
    assert_eq!(outsourcing["outsourcingIn"]["name"], "Testville");
    assert_eq!(outsourcing["delivery"], "WEEKLY");
    let id = outsourcing["id"].as_str().unwrap();
    assert!(
        page.texts(&card(id, "h3"))[0].contains("Testville"),
        "{}",
        page.text()
    );

    // Renewals in two departments: every `agency_…` checkbox counts.
    let posted = browser
        .post(
            "/my/alerts/new",
            &[
                ("csrf_token", &page.csrf()),
                ("target", "renewals"),
                ("agency_0", &parks),
                ("agency_7", &library),
                ("delivery", "IMMEDIATE"),
            ],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.text());
    let page = browser.follow(&posted).await;
    let subs = mine(&app, &kim).await;
    let renewals = subs.iter().find(|s| s["target"] == "RENEWALS").unwrap();
    assert_eq!(renewals["renewalsIn"].as_array().unwrap().len(), 2);
    let id = renewals["id"].as_str().unwrap();
    assert_eq!(page.texts(&card(id, "[data-renewals-in] a")).len(), 2);

    // A category code.
    let posted = browser
        .post(
            "/my/alerts/new",
            &[
                ("csrf_token", &page.csrf()),
                ("target", "category"),
                ("categoryCode", "910-39"),
            ],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.text());
    let page = browser.follow(&posted).await;
    let subs = mine(&app, &kim).await;
    assert_eq!(subs.len(), 4);
    let category = subs.iter().find(|s| s["target"] == "CATEGORY").unwrap();
    assert_eq!(category["categoryCode"], "910-39");
    assert_eq!(category["delivery"], "IMMEDIATE", "the default pace");

    // An empty saved search: the API's error on the form, the input kept, nothing created.
    let failed = browser
        .post(
            "/my/alerts/new",
            &[
                ("csrf_token", &page.csrf()),
                ("target", "search"),
                ("keyword", "   "),
                ("status", ""),
                ("delivery", "WEEKLY"),
            ],
        )
        .await;
    assert_page_shape(&failed, StatusCode::BAD_REQUEST, "empty search");
    assert!(failed.texts("title").join("").starts_with("Error:"));
    assert!(
        failed
            .texts(".error-summary")
            .join("")
            .contains("a saved search needs a keyword or a filter"),
        "{}",
        failed.text()
    );
    assert_eq!(
        failed.attr(".error-summary a", "href").as_deref(),
        Some("#search")
    );
    assert_eq!(failed.texts("#search-error").len(), 1);
    assert_eq!(
        failed.attr("input#keyword", "value").as_deref(),
        Some("   ")
    );
    assert_eq!(
        failed.attr("#search-delivery-weekly", "checked").as_deref(),
        Some("")
    );
    assert_eq!(mine(&app, &kim).await.len(), 4, "nothing created");

    // Choices the forms never offer are field errors, never a crash, and create nothing.
    for (fields, anchor) in [
        (vec![("target", "everything"), ("keyword", "x")], "#target"),
        (vec![("keyword", "x")], "#target"),
        (
            vec![
                ("target", "search"),
                ("keyword", "parks"),
                ("status", "SOON"),
            ],
            "#status",
        ),
        (
            vec![
                ("target", "category"),
                ("categoryCode", "910"),
                ("delivery", "HOURLY"),
            ],
            "#category-delivery",
        ),
        (
            vec![("target", "outsourcing")],
            "#outsourcingInJurisdictionId",
        ),
        (vec![("target", "renewals")], "#renewalsInAgencyIds"),
        (
            vec![("target", "renewals"), ("agency_0", "not-an-id")],
            "#renewalsInAgencyIds",
        ),
    ] {
        let csrf = failed.csrf();
        let mut all = vec![("csrf_token", csrf.as_str())];
        all.extend(fields.iter().copied());
        let odd = browser.post("/my/alerts/new", &all).await;
        assert_page_shape(&odd, StatusCode::BAD_REQUEST, anchor);
        assert_eq!(
            odd.attr(".error-summary a", "href").as_deref(),
            Some(anchor),
            "{fields:?}: {}",
            odd.texts(".error-summary").join("")
        );
        assert_eq!(
            mine(&app, &kim).await.len(),
            4,
            "{fields:?}: nothing created"
        );
    }
    // A category code the API refuses keeps what was typed.
    let long = "x".repeat(41);
    let refused = browser
        .post(
            "/my/alerts/new",
            &[
                ("csrf_token", &failed.csrf()),
                ("target", "category"),
                ("categoryCode", &long),
            ],
        )
        .await;
    assert_page_shape(&refused, StatusCode::BAD_REQUEST, "long code");
    assert_eq!(
        refused.attr(".error-summary a", "href").as_deref(),
        Some("#categoryCode")
    );
    assert_eq!(
        refused.attr("input#categoryCode", "value").as_deref(),
        Some(long.as_str())
    );
    assert_eq!(mine(&app, &kim).await.len(), 4);
}

async fn anonymous_stale_and_cross_user_posts_change_nothing(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let (_, ben) = app
        .account("ben@example.org", UserRole::Resident, None)
        .await;
    let created = app
        .data_as(
            &ana,
            "mutation($s: ID!) { createAlertSubscription(input: {target: {subjectId: $s}, delivery: DAILY}) { id } }",
            json!({ "s": gid(NodeKind::Contract, r.custodial_contract) }),
        )
        .await;
    let id = created["createAlertSubscription"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Anonymous: the sign-in page, which brings the person back here.
    let visitor = Browser::new(&app);
    let page = visitor.get("/my/alerts").await;
    assert_page_shape(&page, StatusCode::OK, "anonymous /my/alerts");
    assert!(page.text().contains("Sign in"), "{}", page.text());
    assert_eq!(
        page.attr("input[name=return_to]", "value").as_deref(),
        Some("/my/alerts")
    );
    assert!(page.texts("[data-subscription]").is_empty());
    // An anonymous post changes nothing; the sign-in page carries what was typed.
    let posted = visitor
        .post(
            "/my/alerts/new",
            &[
                ("csrf_token", &page.csrf()),
                ("target", "search"),
                ("keyword", "custodial"),
            ],
        )
        .await;
    assert_page_shape(&posted, StatusCode::OK, "anonymous post");
    assert_eq!(
        posted.attr("input[name=draft_keyword]", "value").as_deref(),
        Some("custodial")
    );
    let posted = visitor
        .post(
            &format!("/my/alerts/{id}/delete"),
            &[("csrf_token", &page.csrf())],
        )
        .await;
    assert_page_shape(&posted, StatusCode::OK, "anonymous delete");
    assert_eq!(mine(&app, &ana).await.len(), 1);

    // Ana's own stale form: the page again, "submit again", nothing changed.
    let browser = Browser::new(&app);
    browser.sign_in("ana@example.org", PASSWORD).await;
    for token in ["", "0000"] {
        let stale = browser
            .post(
                &format!("/my/alerts/{id}/delivery"),
                &[("csrf_token", token), ("delivery", "WEEKLY")],
            )
            .await;
        assert_page_shape(&stale, StatusCode::BAD_REQUEST, "stale delivery");
        assert!(
            stale.text().contains("please submit it again"),
            "{}",
            stale.text()
        );
        assert_eq!(
            stale
                .attr(&card(&id, "select option[selected]"), "value")
                .as_deref(),
            Some("WEEKLY"),
            "the choice is kept"
        );
        let stale = browser
            .post(
                "/my/alerts/new",
                &[
                    ("csrf_token", token),
                    ("target", "search"),
                    ("keyword", "kept words"),
                ],
            )
            .await;
        assert_page_shape(&stale, StatusCode::BAD_REQUEST, "stale new");
        assert!(stale.text().contains("please submit it again"));
        assert_eq!(
            stale.attr("input#keyword", "value").as_deref(),
            Some("kept words")
        );
    }
    let subs = mine(&app, &ana).await;
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0]["delivery"], "DAILY");

    // Ben tries Ana's subscription by its id: not found, nothing changed.
    let intruder = Browser::new(&app);
    intruder.sign_in("ben@example.org", PASSWORD).await;
    let page = intruder.get("/my/alerts").await;
    assert_page_shape(&page, StatusCode::OK, "ben's alerts");
    assert!(page.texts("[data-subscription]").is_empty());
    for (action, extra) in [
        ("delete", None),
        ("pause", None),
        ("delivery", Some(("delivery", "WEEKLY"))),
        ("unmute", Some(("subjectId", "x"))),
    ] {
        let csrf = page.csrf();
        let mut fields = vec![("csrf_token", csrf.as_str())];
        fields.extend(extra);
        let refused = intruder
            .post(&format!("/my/alerts/{id}/{action}"), &fields)
            .await;
        assert_ne!(refused.status, StatusCode::SEE_OTHER, "{action}");
        assert!(
            refused.status.is_client_error(),
            "{action}: {}",
            refused.status
        );
        assert_eq!(refused.texts("h1").len(), 1, "{action}");
        assert!(
            !refused.texts(".error-summary").is_empty(),
            "{action}: {}",
            refused.text()
        );
        assert!(
            refused.texts("[data-subscription]").is_empty(),
            "{action}: Ana's subscription is never shown to Ben"
        );
    }
    let refused = intruder
        .post(
            &format!("/my/alerts/{id}/delete"),
            &[("csrf_token", &page.csrf())],
        )
        .await;
    assert_page_shape(&refused, StatusCode::NOT_FOUND, "cross-user delete");
    assert!(
        refused.text().contains("This is no longer here."),
        "{}",
        refused.text()
    );
    let subs = mine(&app, &ana).await;
    assert_eq!(subs.len(), 1, "still there");
    assert_eq!(subs[0]["id"], id.as_str());
    assert_eq!(subs[0]["paused"], false);
    assert_eq!(subs[0]["delivery"], "DAILY");
    assert!(mine(&app, &ben).await.is_empty());
}
