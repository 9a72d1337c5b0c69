//! The work pages through the real router: the staff desk (a meeting from creation to its roll
//! call, digests before the vote, the registry with its conflict check, concerns answered, the
//! audit log), the official's desk, moderation and admin; and the matrix of every work page and
//! form against every role that must not reach it.

use chrono::{TimeDelta, TimeZone as _};
use contract_watch::domain::ids::NodeKind;
use contract_watch::services::official_digest::send_due;
use entity::enums::UserRole;
use poem::http::StatusCode;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

use crate::browser::{Browser, Page, assert_page_shape};
use crate::fixtures::{Registry, registry};
use crate::helpers::{PASSWORD, TestApp, gid, second_jurisdiction, test_now};
use crate::on_both_databases;

on_both_databases!(
    a_clerk_runs_a_meeting_from_creation_to_the_roll_call,
    a_roll_call_missing_a_member_or_naming_one_not_seated_is_refused_by_name,
    an_edit_over_someone_elses_change_shows_both_versions_and_saves_nothing,
    staff_keep_the_registry_and_every_change_is_in_the_audit_log,
    staff_and_officials_answer_concerns_and_officials_choose_their_digests,
    a_moderator_decides_from_the_queue_with_a_reason_the_public_log_shows,
    an_admin_gives_roles_links_an_official_and_verifies_an_organisation,
    every_work_page_and_form_refuses_each_role_that_must_not_reach_it,
    staff_check_a_file_then_apply_it_and_see_the_import_history,
);

/// The accounts of a desk test, each signed in through its own browser on demand.
pub struct Desks {
    pub r: Registry,
    pub admin: String,
}

/// The fixture registry, an admin, a clerk of Testville and the two seated members linked to
/// accounts (so both can receive digests).
pub async fn desks(app: &TestApp) -> Desks {
    let r = registry(&app.state.db.write).await;
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    app.account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    crate::digest_choices::linked(
        app,
        &admin,
        &[
            (r.officials[0], "ada@example.org"),
            (r.officials[1], "ben@example.org"),
        ],
    )
    .await;
    Desks { r, admin }
}

/// A browser signed in as `email`.
pub async fn signed_in<'a>(app: &'a TestApp, email: &str) -> Browser<'a> {
    let browser = Browser::new(app);
    browser.sign_in(email, PASSWORD).await;
    browser
}

/// Posts `fields` with the page's form token to `path`.
pub async fn submit(
    browser: &Browser<'_>,
    page: &Page,
    path: &str,
    fields: &[(&str, &str)],
) -> Page {
    let token = page.csrf();
    let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    browser.post(path, &all).await
}

/// The `datetime-local` value of `days` from now at 18:30 in Testville (New York).
fn local_evening(days: i64) -> String {
    let zone: chrono_tz::Tz = "America/New_York".parse().unwrap();
    let day = (test_now() + TimeDelta::days(days)).date_naive();
    let naive = day.and_hms_opt(18, 30, 0).unwrap();
    assert!(zone.from_local_datetime(&naive).single().is_some());
    naive.format("%Y-%m-%dT%H:%M").to_string()
}

/// The id at the end of a redirect's path (`/staff/meetings/{id}?done=…`).
fn id_in(location: &str) -> String {
    location
        .split('?')
        .next()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned()
}

/// The digest lines of a meeting's desk page: (member, lead days, state).
fn digest_lines(page: &Page) -> Vec<(String, String, String)> {
    let html = page.html();
    let row = scraper::Selector::parse("table[data-digests] tbody tr").unwrap();
    let cell = scraper::Selector::parse("td").unwrap();
    html.select(&row)
        .map(|tr| {
            let cells: Vec<String> = tr
                .select(&cell)
                .map(|td| td.text().collect::<String>().trim().to_owned())
                .collect();
            (
                cells[0].clone(),
                tr.value().attr("data-lead").unwrap().to_owned(),
                tr.value().attr("data-state").unwrap().to_owned(),
            )
        })
        .collect()
}

async fn a_clerk_runs_a_meeting_from_creation_to_the_roll_call(app: TestApp) {
    let d = desks(&app).await;
    let clerk = signed_in(&app, "clerk@example.org").await;
    let home = clerk.get("/staff").await;
    assert_page_shape(&home, StatusCode::OK, "/staff");
    assert!(
        home.text().contains("Staff desk: Testville"),
        "{}",
        home.body
    );
    assert!(
        home.attr("a[href='/staff']", "href").is_some(),
        "the header links the desk"
    );

    // A new meeting, 5 days out: entered in the city's local time.
    let form = clerk.get("/staff/meetings/new").await;
    assert_page_shape(&form, StatusCode::OK, "/staff/meetings/new");
    let council = gid(NodeKind::Body, d.r.council);
    let starts = local_evening(5);
    let refused = submit(
        &clerk,
        &form,
        "/staff/meetings/new",
        &[
            ("bodyId", &council),
            ("startsAt", "next tuesday"),
            ("status", "SCHEDULED"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.attr("a[href='#startsAt']", "href").is_some(),
        "{}",
        refused.body
    );
    let created = submit(
        &clerk,
        &form,
        "/staff/meetings/new",
        &[
            ("bodyId", &council),
            ("startsAt", &starts),
            ("location", "Council Chambers"),
            ("status", "SCHEDULED"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let meeting = id_in(created.location.as_deref().unwrap());
    let desk = clerk.follow(&created).await;
    assert_page_shape(&desk, StatusCode::OK, "meeting desk");
    let api = app
        .data(
            "query($m: ID!) { meeting(id: $m) { startsAt location } }",
            json!({ "m": meeting }),
        )
        .await;
    assert_eq!(api["meeting"]["location"], "Council Chambers");
    let expected = (test_now() + TimeDelta::days(5)).date_naive().to_string();
    assert_eq!(
        api["meeting"]["startsAt"],
        format!("{expected}T22:30:00+00:00"),
        "18:30 EDT"
    );

    // Both seated members' digests are scheduled, for each lead time; the ended term is not
    // there.
    let lines = digest_lines(&desk);
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(
        lines.iter().all(|(_, _, state)| state == "SCHEDULED"),
        "{lines:?}"
    );
    assert!(!desk.text().contains("Cleo Cedar"));

    // Item 1 decides the custodial contract, picked by searching.
    let found = submit(
        &clerk,
        &desk,
        &format!("/staff/meetings/{meeting}/items"),
        &[
            ("itemNumber", "4"),
            ("title", "Award of parks mowing"),
            ("action", "AWARD"),
            ("find_text", "custodial"),
            ("find", "1"),
        ],
    )
    .await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    let custodial = gid(NodeKind::Contract, d.r.custodial_contract);
    assert!(
        found
            .attr(
                &format!("input[name=subject][value='{custodial}']"),
                "value"
            )
            .is_some(),
        "the picker offers the contract: {}",
        found.body
    );
    assert_eq!(
        found.attr("#itemNumber", "value").as_deref(),
        Some("4"),
        "the input is kept"
    );
    let added = submit(
        &clerk,
        &found,
        &format!("/staff/meetings/{meeting}/items"),
        &[
            ("itemNumber", "4"),
            ("title", "Custodial services renewal, Acme"),
            ("action", "RENEWAL"),
            ("subject", &custodial),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);

    // Item 2 is entered without a link; its suggestion links it in one click.
    let desk = clerk.follow(&added).await;
    let added = submit(
        &clerk,
        &desk,
        &format!("/staff/meetings/{meeting}/items"),
        &[
            ("itemNumber", "5"),
            (
                "title",
                "Amendment to C-Custodial Services with Acme Services",
            ),
            ("action", "AMENDMENT"),
            ("subject", "none"),
        ],
    )
    .await;
    let desk = clerk.follow(&added).await;
    assert!(desk.text().contains("Not linked yet"), "{}", desk.body);
    let items = app
        .data("query($m: ID!) { meeting(id: $m) { agendaItems { id itemNumber subject { __typename } } } }", json!({ "m": meeting }))
        .await;
    let items = items["meeting"]["agendaItems"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2);
    let second = items.iter().find(|i| i["itemNumber"] == "5").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let first = items.iter().find(|i| i["itemNumber"] == "4").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(items.iter().find(|i| i["itemNumber"] == "5").unwrap()["subject"].is_null());
    let link_action = format!("/staff/agenda-items/{second}/link");
    assert!(
        desk.attr(&format!("form[action='{link_action}']"), "action")
            .is_some(),
        "a suggestion to confirm: {}",
        desk.body
    );
    let linked = submit(
        &clerk,
        &desk,
        &link_action,
        &[
            ("contractId", &custodial),
            ("return_to", &format!("/staff/meetings/{meeting}")),
        ],
    )
    .await;
    assert_eq!(linked.status, StatusCode::SEE_OTHER, "{}", linked.body);
    let item = app
        .data(
            "query($i: ID!) { agendaItem(id: $i) { subject { ... on Contract { id } } } }",
            json!({ "i": second }),
        )
        .await;
    assert_eq!(item["agendaItem"]["subject"]["id"], custodial.as_str());

    // The preview of Ada's 7-day digest, as it will be sent.
    let ada = gid(NodeKind::Official, d.r.officials[0]);
    let preview = clerk
        .get(&format!("/staff/meetings/{meeting}/digests/{ada}/7"))
        .await;
    assert_page_shape(&preview, StatusCode::OK, "preview");
    assert!(
        preview.text().contains("Custodial services renewal, Acme"),
        "{}",
        preview.body
    );
    let subject = preview.texts("[data-subject]").join("");
    assert!(!subject.is_empty());

    // The worker runs: the 7-day digests were due (the meeting is 5 days out) and are sent,
    // with those of the fixture's meeting 3 days out.
    assert_eq!(send_due(&app.state).await.unwrap(), 4);
    let sender = std::sync::Arc::new(contract_watch::email::InMemorySender::new(
        contract_watch::email::Composer::from_settings(&app.state.settings.email).unwrap(),
    ));
    contract_watch::outbox::worker::Worker::with_sender(&app.state, sender.clone())
        .drain()
        .await
        .unwrap();
    let desk = clerk.get(&format!("/staff/meetings/{meeting}")).await;
    let lines = digest_lines(&desk);
    let sent: Vec<_> = lines.iter().filter(|(_, lead, _)| lead == "7").collect();
    assert!(
        sent.iter().all(|(_, _, state)| state == "SENT"),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .filter(|(_, lead, _)| lead == "2")
            .all(|(_, _, s)| s == "SCHEDULED")
    );
    let mails = sender.sent();
    assert!(
        mails
            .iter()
            .any(|m| m.email.to == "ada@example.org" && m.email.subject == subject),
        "what was sent is what was previewed: {subject}"
    );

    // The roll call, then the outcome on the public meeting page.
    let roll = clerk
        .get(&format!("/staff/agenda-items/{first}/roll-call"))
        .await;
    assert_page_shape(&roll, StatusCode::OK, "roll call");
    let ben = gid(NodeKind::Official, d.r.officials[1]);
    assert_eq!(
        roll.texts("tr[data-member]").len(),
        2,
        "the two members seated that day"
    );
    let recorded = submit(
        &clerk,
        &roll,
        &format!("/staff/agenda-items/{first}/roll-call"),
        &[
            ("outcome", "APPROVED"),
            (&format!("vote-{ada}"), "YES"),
            (&format!("vote-{ben}"), "NO"),
        ],
    )
    .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let public = clerk.get(&format!("/meetings/{meeting}")).await;
    assert!(public.text().contains("Approved"), "{}", public.body);
    assert!(
        public.text().contains("Yes 1, no 1, abstained 0, absent 0"),
        "{}",
        public.body
    );
}

async fn a_roll_call_missing_a_member_or_naming_one_not_seated_is_refused_by_name(app: TestApp) {
    let d = desks(&app).await;
    let clerk = signed_in(&app, "clerk@example.org").await;
    let item = gid(NodeKind::AgendaItem, d.r.renewal_item);
    let path = format!("/staff/agenda-items/{item}/roll-call");
    let [ada, ben, cleo] = [0, 1, 2].map(|i| gid(NodeKind::Official, d.r.officials[i]));
    let before = app
        .data(
            "query($i: ID!) { agendaItem(id: $i) { outcome rollCall { vote } } }",
            json!({ "i": item }),
        )
        .await;

    let form = clerk.get(&path).await;
    let missing = submit(
        &clerk,
        &form,
        &path,
        &[("outcome", "APPROVED"), (&format!("vote-{ada}"), "YES")],
    )
    .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert!(
        missing.text().contains("no vote recorded for Ben Birch"),
        "{}",
        missing.body
    );
    assert_eq!(
        missing
            .attr(&format!("#vote-{ada}-yes"), "checked")
            .as_deref(),
        Some(""),
        "the input is kept"
    );

    let unseated = submit(
        &clerk,
        &form,
        &path,
        &[
            ("outcome", "APPROVED"),
            (&format!("vote-{ada}"), "YES"),
            (&format!("vote-{ben}"), "YES"),
            (&format!("vote-{cleo}"), "NO"),
        ],
    )
    .await;
    assert_eq!(unseated.status, StatusCode::BAD_REQUEST);
    assert!(
        unseated
            .text()
            .contains("not seated on the body on the meeting's date: Cleo Cedar"),
        "{}",
        unseated.body
    );

    let no_outcome = submit(
        &clerk,
        &form,
        &path,
        &[
            (&format!("vote-{ada}"), "YES"),
            (&format!("vote-{ben}"), "YES"),
        ],
    )
    .await;
    assert_eq!(no_outcome.status, StatusCode::BAD_REQUEST);
    assert!(no_outcome.attr("a[href='#outcome']", "href").is_some());

    // Through the API the same refusals name the members; nothing was recorded.
    let staff = app.log_in("clerk@example.org").await;
    let (_, body) = app
        .gql_as(Some(&staff), "192.0.2.9", "mutation($i: ID!, $a: ID!) { recordVotes(input: {agendaItemId: $i, outcome: APPROVED, votes: [{officialId: $a, vote: YES}]}) { id } }", json!({ "i": item, "a": ada }))
        .await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "votes");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Ben Birch")
    );
    let after = app
        .data(
            "query($i: ID!) { agendaItem(id: $i) { outcome rollCall { vote } } }",
            json!({ "i": item }),
        )
        .await;
    assert_eq!(before, after);
}

async fn an_edit_over_someone_elses_change_shows_both_versions_and_saves_nothing(app: TestApp) {
    let d = desks(&app).await;
    app.account(
        "second.clerk@example.org",
        UserRole::Staff,
        Some(d.r.jurisdiction),
    )
    .await;
    let first = signed_in(&app, "clerk@example.org").await;
    let second = signed_in(&app, "second.clerk@example.org").await;
    let contract = gid(NodeKind::Contract, d.r.custodial_contract);
    let path = format!("/staff/registry/contracts/{contract}");

    // Both open the form; the first saves a new title.
    let mine = first.get(&path).await;
    assert_page_shape(&mine, StatusCode::OK, "contract form");
    let theirs = second.get(&path).await;
    assert_eq!(
        mine.attr("#title", "value").as_deref(),
        Some("Custodial Services")
    );
    let fields = |page: &Page, title: &'static str| -> Vec<(String, String)> {
        let html = page.html();
        let inputs = scraper::Selector::parse("form[action$='/contracts/").ok();
        let _ = inputs;
        let mut fields: Vec<(String, String)> = Vec::new();
        let input = scraper::Selector::parse("main form:first-of-type input, main form:first-of-type select, main form:first-of-type textarea").unwrap();
        for element in html.select(&input) {
            let v = element.value();
            let Some(name) = v.attr("name") else { continue };
            let kind = v.attr("type").unwrap_or_default();
            if (kind == "checkbox" || kind == "radio") && v.attr("checked").is_none() {
                continue;
            }
            if kind == "submit" || name == "find" || name == "another" {
                continue;
            }
            let value = match v.name() {
                "select" => element
                    .select(&scraper::Selector::parse("option[selected]").unwrap())
                    .next()
                    .and_then(|o| o.value().attr("value"))
                    .unwrap_or_default()
                    .to_owned(),
                "textarea" => element.text().collect(),
                _ => v.attr("value").unwrap_or("on").to_owned(),
            };
            fields.push((name.to_owned(), value));
        }
        for field in &mut fields {
            if field.0 == "title" {
                field.1 = title.to_owned();
            }
        }
        fields
    };
    let as_refs = |fields: &[(String, String)]| -> Vec<(String, String)> { fields.to_vec() };
    let saved = {
        let f = as_refs(&fields(&mine, "Custodial Services, all branches"));
        let pairs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        first.post(&path, &pairs).await
    };
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    // The second saves over it: refused, both versions shown, their title kept in the form.
    let audit_before = entity::audit_log::Entity::find()
        .count(&app.state.db.write)
        .await
        .unwrap();
    let refused = {
        let f = as_refs(&fields(&theirs, "Custodial Services (Main Library)"));
        let pairs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        second.post(&path, &pairs).await
    };
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    let conflict = refused.texts("[data-conflict]").join(" ");
    assert!(
        conflict.contains("Custodial Services, all branches"),
        "{conflict}"
    );
    assert!(
        conflict.contains("Custodial Services (Main Library)"),
        "{conflict}"
    );
    assert_eq!(
        refused.attr("#title", "value").as_deref(),
        Some("Custodial Services (Main Library)")
    );
    let api = app
        .data(
            "query($c: ID!) { contract(id: $c) { title } }",
            json!({ "c": contract }),
        )
        .await;
    assert_eq!(api["contract"]["title"], "Custodial Services, all branches");
    assert_eq!(
        entity::audit_log::Entity::find()
            .count(&app.state.db.write)
            .await
            .unwrap(),
        audit_before
    );

    // Saving again from the conflict page is a choice made with both in view: it goes through.
    let again = {
        let f = as_refs(&fields(&refused, "Custodial Services (Main Library)"));
        let pairs: Vec<(&str, &str)> = f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        second.post(&path, &pairs).await
    };
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);

    // A meeting moved by one clerk while another had it open: the same.
    let meeting = gid(NodeKind::Meeting, d.r.upcoming_meeting);
    let path = format!("/staff/meetings/{meeting}");
    let mine = first.get(&path).await;
    let theirs = second.get(&path).await;
    let version = |page: &Page| page.attr("input[name=version]", "value").unwrap();
    let moved = submit(
        &first,
        &mine,
        &path,
        &[
            ("version", &version(&mine)),
            ("startsAt", &local_evening(4)),
            ("status", "SCHEDULED"),
        ],
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let refused = submit(
        &second,
        &theirs,
        &path,
        &[
            ("version", &version(&theirs)),
            ("startsAt", &local_evening(6)),
            ("status", "SCHEDULED"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(!refused.texts("[data-conflict]").is_empty());
    let api = app
        .data(
            "query($m: ID!) { meeting(id: $m) { startsAt } }",
            json!({ "m": meeting }),
        )
        .await;
    let four = (test_now() + TimeDelta::days(4)).date_naive().to_string();
    assert!(
        api["meeting"]["startsAt"]
            .as_str()
            .unwrap()
            .starts_with(&four)
    );
}

async fn staff_keep_the_registry_and_every_change_is_in_the_audit_log(app: TestApp) {
    let d = desks(&app).await;
    let clerk = signed_in(&app, "clerk@example.org").await;
    let index = clerk.get("/staff/registry").await;
    assert_page_shape(&index, StatusCode::OK, "/staff/registry");
    assert!(index.text().contains("Library"));

    // Two agencies in a row with "save and add another".
    let form = clerk.get("/staff/registry/agencies/new").await;
    assert_page_shape(&form, StatusCode::OK, "new agency");
    let another = submit(
        &clerk,
        &form,
        "/staff/registry/agencies/new",
        &[
            ("name", "Transit Authority"),
            ("acronym", "TA"),
            ("another", "1"),
        ],
    )
    .await;
    assert_eq!(another.status, StatusCode::SEE_OTHER, "{}", another.body);
    assert!(
        another
            .location
            .as_deref()
            .unwrap()
            .starts_with("/staff/registry/agencies/new")
    );
    let again = clerk.follow(&another).await;
    assert!(again.text().contains("Saved."));
    assert_eq!(
        again.attr("#name", "value").as_deref(),
        Some(""),
        "an empty form"
    );
    let saved = submit(
        &clerk,
        &again,
        "/staff/registry/agencies/new",
        &[("name", "Water Department")],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);

    // A vendor with its external identifiers; a malformed one names the field.
    let form = clerk.get("/staff/registry/vendors/new").await;
    let bad = submit(
        &clerk,
        &form,
        "/staff/registry/vendors/new",
        &[("name", "Brightline Janitorial"), ("identifiers", "US-UEI")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.attr("a[href='#identifiers']", "href").is_some(),
        "{}",
        bad.body
    );
    let made = submit(
        &clerk,
        &form,
        "/staff/registry/vendors/new",
        &[
            ("name", "Brightline Janitorial"),
            ("identifiers", "US-UEI ZQGGHJH74DW7\nUS-EIN 12-3456789"),
        ],
    )
    .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let vendor = id_in(made.location.as_deref().unwrap());
    let api = app.data("query($v: ID!) { node(id: $v) { ... on Vendor { name identifiers { scheme identifier } } } }", json!({ "v": vendor })).await;
    assert_eq!(
        api["node"]["identifiers"],
        json!([{ "scheme": "US-UEI", "identifier": "ZQGGHJH74DW7" }, { "scheme": "US-EIN", "identifier": "12-3456789" }])
    );

    // A solicitation: bids due in local time, labels, category codes, a document.
    let form = clerk.get("/staff/registry/solicitations/new").await;
    let library = gid(NodeKind::Agency, d.r.library);
    let due = local_evening(20);
    let made = submit(
        &clerk,
        &form,
        "/staff/registry/solicitations/new",
        &[
            ("agencyId", &library),
            ("referenceNumber", "RFP-2026-31"),
            ("title", "Library security guards"),
            ("description", "Guards for four branches"),
            ("method", "RFP"),
            ("status", "OPEN"),
            ("estimatedValue", "850000.00"),
            ("currency", "USD"),
            ("bidsDueAt", &due),
            ("categories", "NIGP 990-46 Security guard services"),
            ("label-OUTSOURCING", "on"),
            ("inhouseFte", "12.5"),
            ("bargainingUnit", "AFSCME Local 2"),
        ],
    )
    .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let solicitation = id_in(made.location.as_deref().unwrap());
    let form = clerk.follow(&made).await;
    assert_eq!(
        form.attr("#bidsDueAt", "value").as_deref(),
        Some(due.as_str()),
        "prefilled in local time"
    );
    assert!(form.attr("#label-outsourcing", "checked").is_some());
    let doc = submit(
        &clerk,
        &form,
        &format!("/staff/registry/solicitations/{solicitation}/documents"),
        &[
            ("documentTitle", "Addendum 1: site visit"),
            ("documentUrl", "javascript:alert(1)"),
        ],
    )
    .await;
    assert_eq!(doc.status, StatusCode::BAD_REQUEST, "{}", doc.body);
    assert!(
        doc.attr("a[href='#documentUrl']", "href").is_some(),
        "{}",
        doc.body
    );
    let doc = submit(
        &clerk,
        &form,
        &format!("/staff/registry/solicitations/{solicitation}/documents"),
        &[
            ("documentTitle", "Addendum 1: site visit"),
            ("documentUrl", "https://city.example/rfp-31-a1.pdf"),
        ],
    )
    .await;
    assert_eq!(doc.status, StatusCode::SEE_OTHER, "{}", doc.body);
    let api = app.data("query($s: ID!) { solicitation(id: $s) { labels categories { scheme code description } documents { title } outsourcing { positionsFte bargainingUnit } } }", json!({ "s": solicitation })).await;
    assert_eq!(api["solicitation"]["labels"], json!(["OUTSOURCING"]));
    assert_eq!(api["solicitation"]["categories"][0]["code"], "990-46");
    assert_eq!(
        api["solicitation"]["documents"][0]["title"],
        "Addendum 1: site visit"
    );
    assert_eq!(api["solicitation"]["outsourcing"]["positionsFte"], 12.5);

    // A contract's amendment and a renewal option exercised; a bad date names its field.
    let contract = gid(NodeKind::Contract, d.r.custodial_contract);
    let path = format!("/staff/registry/contracts/{contract}");
    let form = clerk.get(&path).await;
    let bad = submit(
        &clerk,
        &form,
        &format!("{path}/amendments"),
        &[
            ("amendedOn", "yesterday"),
            ("valueChange", "25000.00"),
            ("amendmentDescription", "More hours"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.attr("a[href='#amendedOn']", "href").is_some(),
        "{}",
        bad.body
    );
    let ok = submit(
        &clerk,
        &form,
        &format!("{path}/amendments"),
        &[
            ("amendedOn", "2026-06-10"),
            ("valueChange", "25000.00"),
            ("newEndDate", "2026-09-30"),
            ("amendmentDescription", "More hours"),
        ],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let options = app.data("query($c: ID!) { contract(id: $c) { renewalOptions { id exercised } amendments { description } } }", json!({ "c": contract })).await;
    let open = options["contract"]["renewalOptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["exercised"] == false)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let ok = submit(
        &clerk,
        &form,
        &format!("{path}/exercise"),
        &[
            ("renewalOptionId", &open),
            ("exercisedOn", "2026-06-12"),
            ("exerciseReason", "Council approved the renewal"),
        ],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);

    // An official's term ended from their form; a bad date names that term's field.
    let ben = gid(NodeKind::Official, d.r.officials[1]);
    let path = format!("/staff/registry/officials/{ben}");
    let form = clerk.get(&path).await;
    let term = form.attr("input[name=officeTermId]", "value").unwrap();
    let fields = |ends: &'static str| {
        vec![
            ("officeTermId".to_owned(), term.clone()),
            (
                "termRole".to_owned(),
                form.attr("input[name=termRole]", "value").unwrap(),
            ),
            (
                "termStartsOn".to_owned(),
                form.attr("input[name=termStartsOn]", "value").unwrap(),
            ),
            (format!("termEndsOn-{term}"), ends.to_owned()),
        ]
    };
    let post_term = |ends: &'static str| {
        let fields = fields(ends);
        let token = form.csrf();
        let clerk = &clerk;
        let path = format!("{path}/terms");
        async move {
            let mut pairs: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
            pairs.extend(fields.iter().map(|(a, b)| (a.as_str(), b.as_str())));
            clerk.post(&path, &pairs).await
        }
    };
    let bad = post_term("soon").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.attr(&format!("a[href='#termEndsOn-{term}']"), "href")
            .is_some(),
        "{}",
        bad.body
    );
    let ended = post_term("2026-12-31").await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
    let terms = app
        .data(
            "query($o: ID!) { node(id: $o) { ... on Official { terms { endsOn } } } }",
            json!({ "o": ben }),
        )
        .await;
    assert_eq!(terms["node"]["terms"][0]["endsOn"], "2026-12-31");

    // Archiving needs a reason; then the row is gone from public lists, not deleted.
    let agency = app
        .data("{ agencies(first: 50) { nodes { id name } } }", json!({}))
        .await;
    let water = agency["agencies"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Water Department")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let form = clerk
        .get(&format!("/staff/registry/agencies/{water}"))
        .await;
    let bad = submit(
        &clerk,
        &form,
        &format!("/staff/registry/agencies/{water}/archive"),
        &[("archiveReason", "")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let archived = submit(
        &clerk,
        &form,
        &format!("/staff/registry/agencies/{water}/archive"),
        &[("archiveReason", "Entered twice")],
    )
    .await;
    assert_eq!(archived.status, StatusCode::SEE_OTHER, "{}", archived.body);
    let agencies = app
        .data("{ agencies(first: 50) { nodes { name } } }", json!({}))
        .await;
    assert!(!agencies.to_string().contains("Water Department"));

    // The audit log names the person and the reason, and filters.
    let log = clerk.get("/staff/audit").await;
    assert_page_shape(&log, StatusCode::OK, "/staff/audit");
    let rows = log.texts("table[data-audit] tbody tr");
    assert!(!rows.is_empty(), "{}", log.body);
    assert!(
        rows.iter()
            .any(|r| r.contains("archive") && r.contains("clerk") && r.contains("Entered twice")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("exerciseRenewalOption")
                && r.contains("Council approved the renewal")),
        "{rows:?}"
    );
    let filtered = clerk.get("/staff/audit?targetType=Vendor").await;
    let rows = filtered.texts("table[data-audit] tbody tr");
    assert!(
        !rows.is_empty() && rows.iter().all(|r| r.contains("Vendor")),
        "{rows:?}"
    );
    let bad = clerk.get("/staff/audit?target=not-an-id").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.attr("a[href='#target']", "href").is_some(),
        "{}",
        bad.body
    );
}

async fn staff_and_officials_answer_concerns_and_officials_choose_their_digests(app: TestApp) {
    let d = desks(&app).await;
    let (_, resident) = app
        .account("resident@example.org", UserRole::Resident, None)
        .await;
    let contract = gid(NodeKind::Contract, d.r.custodial_contract);
    for (summary, endorse) in [("Older concern", false), ("Newer, endorsed concern", true)] {
        let concern = app
            .data_as(&resident, "mutation($s: ID!, $m: String!) { flagConcern(input: {subjectId: $s, category: COST, severity: HIGH, summary: $m}) { id } }", json!({ "s": contract, "m": summary }))
            .await["flagConcern"]["id"].as_str().unwrap().to_owned();
        app.state.clock.advance(TimeDelta::minutes(5));
        if endorse {
            let (_, other) = app
                .account("neighbour@example.org", UserRole::Resident, None)
                .await;
            app.data_as(
                &other,
                "mutation($c: ID!) { endorseConcern(concernId: $c) { id } }",
                json!({ "c": concern }),
            )
            .await;
        }
    }
    let clerk = signed_in(&app, "clerk@example.org").await;
    let oldest = clerk.get("/staff/concerns").await;
    assert_page_shape(&oldest, StatusCode::OK, "/staff/concerns");
    let titles = oldest.texts("[data-concern] h3");
    assert_eq!(titles, ["Older concern", "Newer, endorsed concern"]);
    let endorsed = clerk.get("/staff/concerns?order=endorsed").await;
    assert_eq!(
        endorsed.texts("[data-concern] h3"),
        ["Newer, endorsed concern", "Older concern"]
    );

    // An answer without a status names the field; with one it is published.
    let concern = endorsed.attr("[data-concern]", "data-concern").unwrap();
    let path = format!("/staff/concerns/{concern}/answer");
    let bad = submit(
        &clerk,
        &endorsed,
        &path,
        &[(&format!("answer-{concern}"), "We are reviewing the costs.")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.attr(&format!("a[href='#status-{concern}']"), "href")
            .is_some(),
        "{}",
        bad.body
    );
    assert_eq!(
        bad.texts(&format!("#answer-{concern}")).join(""),
        "We are reviewing the costs.",
        "the answer is kept"
    );
    let ok = submit(
        &clerk,
        &endorsed,
        &path,
        &[
            (&format!("answer-{concern}"), "We are reviewing the costs."),
            (&format!("status-{concern}"), "ACKNOWLEDGED"),
        ],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let item = clerk.get(&format!("/contracts/{contract}")).await;
    assert!(item.text().contains("We are reviewing the costs."));

    // Ada, linked to her official record, sees her meeting with her digest, answers as herself
    // and chooses her digests.
    let ada = signed_in(&app, "ada@example.org").await;
    let desk = ada.get("/my/official").await;
    assert_page_shape(&desk, StatusCode::OK, "/my/official");
    assert!(
        desk.attr("a[href='/my/official']", "href").is_some(),
        "the header links her desk"
    );
    let meeting = gid(NodeKind::Meeting, d.r.upcoming_meeting);
    let preview_path = format!("/my/official/meetings/{meeting}/digests/7");
    assert!(
        desk.attr(&format!("a[href='{preview_path}']"), "href")
            .is_some(),
        "{}",
        desk.body
    );
    let preview = ada.get(&preview_path).await;
    assert_page_shape(&preview, StatusCode::OK, "official preview");
    let older = desk
        .attr("[data-concern]:last-of-type", "data-concern")
        .unwrap();
    let answered = submit(
        &ada,
        &desk,
        &format!("/my/official/concerns/{older}/answer"),
        &[
            (
                &format!("answer-{older}"),
                "I will ask for the cost breakdown.",
            ),
            (&format!("status-{older}"), "ACKNOWLEDGED"),
        ],
    )
    .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    let responses = app.data("query($c: ID!) { contract(id: $c) { tally { concerns { summary responses { official { name } } } } } }", json!({ "c": contract })).await;
    assert!(responses.to_string().contains("Ada Alder"), "{responses}");
    let chose = submit(
        &ada,
        &desk,
        "/my/official/choices",
        &[("preVote", "no"), ("weekly", "yes")],
    )
    .await;
    assert_eq!(chose.status, StatusCode::SEE_OTHER, "{}", chose.body);
    let ada_id = gid(NodeKind::Official, d.r.officials[0]);
    let public = app
        .data(
            "query($o: ID!) { node(id: $o) { ... on Official { receivesPreVoteDigests } } }",
            json!({ "o": ada_id }),
        )
        .await;
    assert_eq!(public["node"]["receivesPreVoteDigests"], false);
    let bad = submit(
        &ada,
        &desk,
        "/my/official/choices",
        &[("preVote", "maybe"), ("weekly", "yes")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.attr("a[href='#preVote']", "href").is_some());
}

async fn a_moderator_decides_from_the_queue_with_a_reason_the_public_log_shows(app: TestApp) {
    let d = desks(&app).await;
    app.account("mod@example.org", UserRole::Moderator, None)
        .await;
    let (_, author) = app
        .account("author@example.org", UserRole::Resident, None)
        .await;
    let contract = gid(NodeKind::Contract, d.r.custodial_contract);
    let comment = app
        .data_as(&author, "mutation($s: ID!) { postComment(input: {subjectId: $s, body: \"Call 555-0100 to reach the manager at home\", position: OPPOSE}) { id } }", json!({ "s": contract }))
        .await["postComment"]["id"].as_str().unwrap().to_owned();
    let (_, reporter) = app
        .account("reporter.name@example.org", UserRole::Resident, None)
        .await;
    app.data_as(&reporter, "mutation($c: ID!) { reportComment(input: {commentId: $c, reason: PERSONAL_INFORMATION, details: \"A home phone number\"}) }", json!({ "c": comment })).await;

    let moderator = signed_in(&app, "mod@example.org").await;
    let queue = moderator.get("/moderation").await;
    assert_page_shape(&queue, StatusCode::OK, "/moderation");
    let case = queue.texts(&format!("[data-case='{comment}']")).join(" ");
    assert!(
        case.contains("Personal information") && case.contains("A home phone number"),
        "{case}"
    );
    assert!(
        !queue.body.contains("reporter.name"),
        "who reported is never shown"
    );

    let path = format!("/moderation/comments/{comment}");
    let bad = submit(
        &moderator,
        &queue,
        &path,
        &[("decision", "HIDE"), (&format!("reason-{comment}"), " ")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.attr(&format!("a[href='#reason-{comment}']"), "href")
            .is_some(),
        "{}",
        bad.body
    );
    let hidden = submit(
        &moderator,
        &queue,
        &path,
        &[
            ("decision", "REMOVE"),
            (
                &format!("reason-{comment}"),
                "Personal information: a home phone number",
            ),
        ],
    )
    .await;
    assert_eq!(hidden.status, StatusCode::SEE_OTHER, "{}", hidden.body);
    let log = moderator.get("/moderation-log").await;
    assert!(
        log.text()
            .contains("Personal information: a home phone number"),
        "{}",
        log.body
    );
    let api = app
        .data_as(
            &app.log_in("mod@example.org").await,
            "query($c: ID!) { node(id: $c) { ... on Comment { visibility } } }",
            json!({ "c": comment }),
        )
        .await;
    assert_eq!(api["node"]["visibility"], "REMOVED");

    // The author's history, from the queue's link.
    let author_id = app.data_as(&author, "{ me { id } }", json!({})).await["me"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let history = moderator
        .get(&format!("/moderation/authors/{author_id}"))
        .await;
    assert_page_shape(&history, StatusCode::OK, "author history");
    assert!(history.text().contains("Removed"), "{}", history.body);
}

async fn an_admin_gives_roles_links_an_official_and_verifies_an_organisation(app: TestApp) {
    let d = desks(&app).await;
    let (new_clerk, _) = app
        .account("new.clerk@example.org", UserRole::Resident, None)
        .await;
    let (_, rep) = app
        .account("rep@example.org", UserRole::Resident, None)
        .await;
    let org = app
        .data_as(&rep, "mutation { createOrganization(input: {name: \"Library Workers Local 88\", kind: UNION_LOCAL, description: \"\"}) { id } }", json!({}))
        .await["createOrganization"]["id"].as_str().unwrap().to_owned();
    let admin = signed_in(&app, "admin@example.org").await;
    let home = admin.get("/admin").await;
    assert_page_shape(&home, StatusCode::OK, "/admin");
    let bad = admin.get("/admin?email=not-an-address").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.attr("a[href='#email']", "href").is_some(),
        "{}",
        bad.body
    );
    let none = admin.get("/admin?email=nobody%40example.org").await;
    assert!(none.attr("[data-no-account]", "data-no-account").is_some());
    let found = admin.get("/admin?email=new.clerk%40example.org").await;
    let user = gid(NodeKind::User, new_clerk);
    assert_eq!(
        found.attr("[data-user]", "data-user").as_deref(),
        Some(user.as_str())
    );
    assert!(
        !found
            .texts("[data-user]")
            .join(" ")
            .contains("new.clerk@example.org"),
        "the card shows no address"
    );

    // Staff without a jurisdiction is refused by name; with one it is saved.
    let path = format!("/admin/users/{user}/role");
    let refused = submit(
        &admin,
        &found,
        &path,
        &[
            ("email", "new.clerk@example.org"),
            ("role", "STAFF"),
            ("jurisdictionId", ""),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    let j = gid(NodeKind::Jurisdiction, d.r.jurisdiction);
    let ok = submit(
        &admin,
        &found,
        &path,
        &[
            ("email", "new.clerk@example.org"),
            ("role", "STAFF"),
            ("jurisdictionId", &j),
            ("roleReason", "Hired as deputy clerk"),
        ],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let page = admin.follow(&ok).await;
    assert!(
        page.texts("[data-role]")
            .join("")
            .contains("Staff (Testville)"),
        "{}",
        page.body
    );

    // Link the account to Cleo Cedar's official record.
    let cleo = gid(NodeKind::Official, d.r.officials[2]);
    let ok = submit(
        &admin,
        &page,
        &format!("/admin/users/{user}/official"),
        &[
            ("email", "new.clerk@example.org"),
            ("officialId", &cleo),
            ("officialReason", "Checked in person"),
        ],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let page = admin.follow(&ok).await;
    assert!(
        page.texts("[data-official]")
            .join("")
            .contains("Cleo Cedar"),
        "{}",
        page.body
    );

    // Verify the union; withdrawing the badge needs a reason.
    let verify = format!("/admin/organizations/{org}/verify");
    let ok = submit(
        &admin,
        &page,
        &verify,
        &[
            ("verified", "yes"),
            (&format!("verify-reason-{org}"), "Charter checked"),
        ],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let verified = app
        .data(
            "query($o: ID!) { node(id: $o) { ... on Organization { verified } } }",
            json!({ "o": org }),
        )
        .await;
    assert_eq!(verified["node"]["verified"], true);
    let page = admin.follow(&ok).await;
    let bad = submit(&admin, &page, &verify, &[("verified", "no")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    assert!(
        bad.attr(&format!("a[href='#verify-reason-{org}']"), "href")
            .is_some(),
        "{}",
        bad.body
    );
    let ok = submit(
        &admin,
        &page,
        &verify,
        &[
            ("verified", "no"),
            (&format!("verify-reason-{org}"), "The local dissolved"),
        ],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let verified = app
        .data(
            "query($o: ID!) { node(id: $o) { ... on Organization { verified } } }",
            json!({ "o": org }),
        )
        .await;
    assert_eq!(verified["node"]["verified"], false);

    // The whole audit log, with the person and each reason.
    let log = admin.get("/admin/audit").await;
    assert_page_shape(&log, StatusCode::OK, "/admin/audit");
    let rows = log.texts("table[data-audit] tbody tr").join("\n");
    for expected in [
        "Hired as deputy clerk",
        "Checked in person",
        "Charter checked",
        "The local dissolved",
        "unverifyOrganization",
    ] {
        assert!(rows.contains(expected), "{expected} in {rows}");
    }
    let _ = d.admin;
}

/// Who may open what: every work page and form, and which desk admits it.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Door {
    /// Staff of the record's jurisdiction, and admins.
    Staff,
    /// Staff of any jurisdiction (their own data), and admins.
    AnyStaff,
    /// The linked official.
    Official,
    Moderator,
    Admin,
}

async fn every_work_page_and_form_refuses_each_role_that_must_not_reach_it(app: TestApp) {
    let d = desks(&app).await;
    let other = second_jurisdiction(&app).await;
    app.account("there@example.org", UserRole::Staff, Some(other))
        .await;
    app.account("mod@example.org", UserRole::Moderator, None)
        .await;
    let (_, resident) = app
        .account("resident@example.org", UserRole::Resident, None)
        .await;
    let concern = app
        .data_as(&resident, "mutation($s: ID!) { flagConcern(input: {subjectId: $s, category: COST, severity: LOW, summary: \"Matrix\"}) { id } }", json!({ "s": gid(NodeKind::Contract, d.r.custodial_contract) }))
        .await["flagConcern"]["id"].as_str().unwrap().to_owned();
    // An account that signed up and never confirmed its address.
    app.gql_as(None, "198.51.100.7", "mutation { signUp(input: {email: \"unverified@example.org\", password: \"correct horse battery staple\", displayName: \"U\"}) { ok } }", json!({})).await;
    let meeting = gid(NodeKind::Meeting, d.r.upcoming_meeting);
    let item = gid(NodeKind::AgendaItem, d.r.renewal_item);
    let contract = gid(NodeKind::Contract, d.r.custodial_contract);
    let agency = gid(NodeKind::Agency, d.r.library);
    let body = gid(NodeKind::Body, d.r.council);
    let ada = gid(NodeKind::Official, d.r.officials[0]);
    let vendor = gid(NodeKind::Vendor, d.r.vendor);
    let user = gid(NodeKind::User, 1);
    let org = gid(NodeKind::Organization, 1);
    let comment = gid(NodeKind::Comment, 1);
    let get = |path: String, door: Door| ("GET", path, door);
    let post = |path: String, door: Door| ("POST", path, door);
    let doors: Vec<(&str, String, Door)> = vec![
        get("/staff".into(), Door::AnyStaff),
        get("/staff/meetings/new".into(), Door::AnyStaff),
        post("/staff/meetings/new".into(), Door::AnyStaff),
        get(format!("/staff/meetings/{meeting}"), Door::Staff),
        post(format!("/staff/meetings/{meeting}"), Door::Staff),
        post(format!("/staff/meetings/{meeting}/items"), Door::Staff),
        get(
            format!("/staff/meetings/{meeting}/digests/{ada}/7"),
            Door::Staff,
        ),
        post(format!("/staff/agenda-items/{item}/link"), Door::Staff),
        get(format!("/staff/agenda-items/{item}/roll-call"), Door::Staff),
        post(format!("/staff/agenda-items/{item}/roll-call"), Door::Staff),
        post(format!("/staff/bodies/{body}/lead-times"), Door::Staff),
        post(
            format!("/staff/officials/{ada}/resend-confirmation"),
            Door::Staff,
        ),
        get("/staff/concerns".into(), Door::AnyStaff),
        post(format!("/staff/concerns/{concern}/answer"), Door::Staff),
        get("/staff/audit".into(), Door::AnyStaff),
        get("/staff/registry".into(), Door::AnyStaff),
        get("/staff/registry/agencies/new".into(), Door::AnyStaff),
        post("/staff/registry/agencies/new".into(), Door::AnyStaff),
        get(format!("/staff/registry/agencies/{agency}"), Door::Staff),
        post(format!("/staff/registry/agencies/{agency}"), Door::Staff),
        post(
            format!("/staff/registry/agencies/{agency}/archive"),
            Door::Staff,
        ),
        get(format!("/staff/registry/contracts/{contract}"), Door::Staff),
        post(format!("/staff/registry/contracts/{contract}"), Door::Staff),
        post(
            format!("/staff/registry/contracts/{contract}/amendments"),
            Door::Staff,
        ),
        post(
            format!("/staff/registry/contracts/{contract}/options"),
            Door::Staff,
        ),
        post(
            format!("/staff/registry/contracts/{contract}/exercise"),
            Door::Staff,
        ),
        get(format!("/staff/registry/officials/{ada}"), Door::Staff),
        post(
            format!("/staff/registry/officials/{ada}/terms"),
            Door::Staff,
        ),
        get(format!("/staff/registry/vendors/{vendor}"), Door::AnyStaff),
        get("/staff/import".into(), Door::AnyStaff),
        post("/staff/import".into(), Door::AnyStaff),
        post("/staff/import/1/apply".into(), Door::AnyStaff),
        get("/my/official".into(), Door::Official),
        post("/my/official/choices".into(), Door::Official),
        post(
            format!("/my/official/concerns/{concern}/answer"),
            Door::Official,
        ),
        get(
            format!("/my/official/meetings/{meeting}/digests/7"),
            Door::Official,
        ),
        get("/moderation".into(), Door::Moderator),
        post(format!("/moderation/comments/{comment}"), Door::Moderator),
        get(format!("/moderation/authors/{user}"), Door::Moderator),
        get("/admin".into(), Door::Admin),
        get("/admin/audit".into(), Door::Admin),
        post(format!("/admin/users/{user}/role"), Door::Admin),
        post(format!("/admin/users/{user}/official"), Door::Admin),
        post(format!("/admin/organizations/{org}/verify"), Door::Admin),
    ];
    let roles = [
        "anonymous",
        "unverified@example.org",
        "resident@example.org",
        "ada@example.org",
        "there@example.org",
        "mod@example.org",
        "clerk@example.org",
        "admin@example.org",
    ];
    // What a refusal must never show: the meeting's agenda, a member's name, the contract.
    let secrets = [
        "Custodial Services",
        "Ada Alder",
        "Ben Birch",
        "Acme Services",
    ];
    let before = entity::audit_log::Entity::find()
        .count(&app.state.db.write)
        .await
        .unwrap();
    for who in roles {
        let browser = Browser::new(&app);
        if who != "anonymous" {
            browser
                .sign_in(
                    who,
                    if who.starts_with("unverified") {
                        "correct horse battery staple"
                    } else {
                        PASSWORD
                    },
                )
                .await;
        }
        // Any page gives the browser a form token of its session.
        let token = browser.get("/search").await.csrf();
        for (method, path, door) in &doors {
            let admitted = match door {
                Door::Staff => matches!(who, "clerk@example.org" | "admin@example.org"),
                Door::AnyStaff => matches!(
                    who,
                    "clerk@example.org" | "there@example.org" | "admin@example.org"
                ),
                Door::Official => who == "ada@example.org",
                Door::Moderator => matches!(who, "mod@example.org" | "admin@example.org"),
                Door::Admin => who == "admin@example.org",
            };
            if admitted {
                continue;
            }
            let page = if *method == "GET" {
                browser.get(path).await
            } else {
                browser
                    .post(
                        path,
                        &[
                            ("csrf_token", &token),
                            ("reason", "matrix"),
                            ("name", "Matrix"),
                        ],
                    )
                    .await
            };
            assert_eq!(
                page.status,
                StatusCode::FORBIDDEN,
                "{method} {path} as {who}: {}",
                page.body
            );
            assert_page_shape(&page, StatusCode::FORBIDDEN, path);
            for secret in secrets {
                assert!(
                    !page.text().contains(secret),
                    "{method} {path} as {who} shows {secret}"
                );
            }
            // The header links a desk only for those it admits.
            let header = page.texts(".site-nav a").join(" | ");
            let staff = matches!(
                who,
                "clerk@example.org" | "there@example.org" | "admin@example.org"
            );
            assert_eq!(header.contains("Staff desk"), staff, "{who}: {header}");
            assert_eq!(
                header.contains("Moderation"),
                matches!(who, "mod@example.org" | "admin@example.org"),
                "{who}: {header}"
            );
            assert_eq!(
                header.contains("Admin"),
                who == "admin@example.org",
                "{who}: {header}"
            );
            assert_eq!(
                header.contains("My official desk"),
                who == "ada@example.org",
                "{who}: {header}"
            );
        }
    }
    assert_eq!(
        entity::audit_log::Entity::find()
            .count(&app.state.db.write)
            .await
            .unwrap(),
        before,
        "no refused post changed anything"
    );
}

async fn staff_check_a_file_then_apply_it_and_see_the_import_history(app: TestApp) {
    let d = desks(&app).await;
    let clerk = signed_in(&app, "clerk@example.org").await;
    let page = clerk.get("/staff/import").await;
    assert_page_shape(&page, StatusCode::OK, "/staff/import");
    let token = page.csrf();
    let package = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/ocds/fictional/ocds-213czf-000-00001-05-contract.json"),
    )
    .unwrap();
    let contracts = || async {
        entity::contract::Entity::find()
            .count(&app.state.db.write)
            .await
            .unwrap()
    };
    let before = contracts().await;

    // No file, or no kind: the field is named and nothing is kept.
    let empty = clerk
        .post_file(
            "/staff/import",
            &[("csrf_token", &token), ("source", "OCDS")],
            ("", Vec::new()),
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST, "{}", empty.body);
    assert!(
        empty.attr("a[href='#file']", "href").is_some(),
        "{}",
        empty.body
    );
    let stale = clerk
        .post_file(
            "/staff/import",
            &[("csrf_token", "forged"), ("source", "OCDS")],
            ("a.json", package.clone()),
        )
        .await;
    assert_eq!(stale.status, StatusCode::BAD_REQUEST);

    // The check: a report of what it would do, and nothing imported.
    let checked = clerk
        .post_file(
            "/staff/import",
            &[("csrf_token", &token), ("source", "OCDS")],
            ("contract.json", package),
        )
        .await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER, "{}", checked.body);
    let run_path = checked.location.clone().unwrap();
    let report = clerk.follow(&checked).await;
    assert_page_shape(&report, StatusCode::OK, "import run");
    assert_eq!(
        report.attr("dd[data-state]", "data-state").as_deref(),
        Some("checked")
    );
    let summary = report.texts("[data-summary] li").join(" | ");
    assert!(
        summary.contains("rows created") && !summary.starts_with("0 rows created"),
        "{summary}"
    );
    assert_eq!(contracts().await, before, "a check imports nothing");

    // Staff of another jurisdiction cannot read or apply it.
    let other = second_jurisdiction(&app).await;
    app.account("there@example.org", UserRole::Staff, Some(other))
        .await;
    let there = signed_in(&app, "there@example.org").await;
    assert_eq!(there.get(&run_path).await.status, StatusCode::FORBIDDEN);
    let token_there = there.get("/staff").await.csrf();
    let refused = there
        .post(
            &format!("{run_path}/apply"),
            &[("csrf_token", &token_there)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(contracts().await, before);

    // Applied: the rows are there, the run says so, and applying twice is refused.
    let applied = submit(&clerk, &report, &format!("{run_path}/apply"), &[]).await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let done = clerk.follow(&applied).await;
    assert_eq!(
        done.attr("dd[data-state]", "data-state").as_deref(),
        Some("applied")
    );
    assert!(done.text().contains("The import is done"));
    assert!(contracts().await > before);
    let again = submit(&clerk, &done, &format!("{run_path}/apply"), &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);

    // The history lists the run, who ran it and what it did.
    let history = clerk.get("/staff/import").await;
    let rows = history.texts("table[data-runs] tbody tr");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].contains("contract.json")
            && rows[0].contains("clerk")
            && rows[0].contains("Applied"),
        "{rows:?}"
    );
    let _ = d;
}
