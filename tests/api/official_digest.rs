//! The pre-vote digest's content, through the staff preview: every procurement item on the
//! agenda with what residents say, counts equal to the public tallies, hidden comments neither
//! counted nor quoted, and the rendered text and HTML pinned by snapshots.

use contract_watch::domain::ids::NodeKind;
use entity::enums::UserRole;
use serde_json::json;

use crate::fixtures::registry;
use crate::helpers::{TestApp, error_code, gid};
use crate::on_both_databases;
use crate::participation::{ENDORSE, FLAG, RESPOND, TALLY, post, verified_union};

on_both_databases!(
    staff_preview_the_digest_each_official_will_receive,
    each_member_gets_one_digest_per_lead_time_even_with_racing_workers,
    the_demo_city_sends_one_digest_per_council_member_once,
);

// Any amendment adding value is a red flag here, so the custodial contract raises one.
on_both_databases!(
    with [("CW__RED_FLAGS__AMENDMENT_SHARE_PERCENT", "0")];
    red_flags_reach_the_officials_with_their_numbers,
);

const PREVIEW: &str = "query($o: ID!, $m: ID!, $l: Int!) { officialDigestPreview(officialId: $o, meetingId: $m, leadTime: $l) { subject text html } }";

/// Links name rows by ID, which differ between databases; the snapshot shows their place.
pub fn stable(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some((at, marker)) = ["agenda-items/", "agenda-items&#x2f;"]
        .iter()
        .filter_map(|marker| rest.find(marker).map(|at| (at, *marker)))
        .min()
    {
        out.push_str(&rest[..at + marker.len()]);
        out.push_str("[id]");
        rest = &rest[at + marker.len()..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '=' || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

async fn staff_preview_the_digest_each_official_will_receive(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let (_, ben) = app
        .account("ben@example.org", UserRole::Resident, None)
        .await;
    let (_, rep) = app
        .account("rep@example.org", UserRole::Resident, None)
        .await;
    let (_, moderator) = app
        .account("mod@example.org", UserRole::Moderator, None)
        .await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let union = verified_union(&app, &rep, &admin).await;
    post(
        &app,
        &ana,
        json!({ "s": contract, "b": "Keep custodial work in-house.", "p": "OPPOSE" }),
    )
    .await
    .unwrap();
    post(
        &app,
        &ben,
        json!({ "s": contract, "b": "The vendor has been reliable.", "p": "SUPPORT" }),
    )
    .await
    .unwrap();
    post(&app, &rep, json!({ "s": contract, "b": "Local 7 opposes outsourcing these 42 jobs.", "p": "OPPOSE", "o": union }))
        .await
        .unwrap();
    let hidden = post(
        &app,
        &ben,
        json!({ "s": contract, "b": "SECRET text the moderators hid.", "p": "OPPOSE" }),
    )
    .await
    .unwrap()["id"]
        .clone();
    app.data_as(&moderator, "mutation($c: ID!) { moderateComment(input: {commentId: $c, action: HIDE, reason: \"Insult\"}) { id } }", json!({ "c": hidden }))
        .await;
    let concern = app
        .data_as(&rep, FLAG, json!({ "s": contract, "c": "OUTSOURCING", "v": "HIGH", "m": "Outsources 42 custodial jobs", "d": "The in-house crew costs less.", "o": union }))
        .await["flagConcern"]["id"]
        .clone();
    app.data_as(&ana, ENDORSE, json!({ "c": concern })).await;
    app.data_as(
        &staff,
        RESPOND,
        json!({ "c": concern, "b": "We will publish the cost comparison.", "s": "ACKNOWLEDGED" }),
    )
    .await;

    let variables = json!({
        "o": gid(NodeKind::Official, r.officials[0]),
        "m": gid(NodeKind::Meeting, r.upcoming_meeting),
        "l": 2,
    });
    let preview =
        app.data_as(&staff, PREVIEW, variables.clone()).await["officialDigestPreview"].clone();
    let text = preview["text"].as_str().unwrap();
    let html = preview["html"].as_str().unwrap();

    // Counts are the public tally's.
    let tally = app.data(TALLY, json!({ "s": contract })).await;
    let positions = tally["node"]["tally"]["positions"].as_array().unwrap();
    let oppose = positions
        .iter()
        .find(|p| p["position"] == "OPPOSE")
        .unwrap();
    assert_eq!(oppose["people"], 1, "the hidden comment is not counted");
    assert_eq!(oppose["organizations"], 1);
    assert!(
        text.contains("oppose 1 person and 1 organisation"),
        "{text}"
    );
    assert!(text.contains("support 1 person"), "{text}");
    // Hidden content is never quoted; the union's words and position are.
    assert!(!text.contains("SECRET") && !html.contains("SECRET"));
    assert!(text.contains("Custodians Local 7 (oppose)"));
    assert!(text.contains("Outsources 42 custodial jobs (1 endorsement)"));
    assert!(text.contains("Official response: We will publish the cost comparison."));
    // Both procurement items, no tracking pixel.
    assert!(text.contains("Item 1: renewal"));
    assert!(text.contains("Item 2: award"));
    assert!(!html.contains("<img"));

    insta::assert_snapshot!(
        "official_digest_subject",
        preview["subject"].as_str().unwrap()
    );
    insta::assert_snapshot!("official_digest_text", stable(text));
    insta::assert_snapshot!("official_digest_html", stable(html));

    // Residents cannot preview; a lead time out of range names the field.
    let (_, refused) = app
        .gql_as(Some(&ana), "192.0.2.1", PREVIEW, variables.clone())
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN");
    let mut bad = variables;
    bad["l"] = json!(99);
    let (_, bad) = app.gql_as(Some(&staff), "192.0.2.1", PREVIEW, bad).await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT");
    assert_eq!(bad["errors"][0]["extensions"]["field"], "leadTime");
}

pub const STATUS: &str = "query($m: ID!) { meetingDigestStatus(meetingId: $m) { official { name } leadDays state at reason } }";

/// The `meetingDigestStatus` line of one member and lead time.
pub fn status_line(status: &serde_json::Value, name: &str, lead: i64) -> serde_json::Value {
    status
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["official"]["name"] == name && l["leadDays"] == lead)
        .cloned()
        .unwrap()
}

/// One member's lines of `meetingDigestStatus`: (lead days, state).
pub fn states_of(status: &serde_json::Value, name: &str) -> Vec<(i64, String)> {
    status
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["official"]["name"] == name)
        .map(|l| {
            (
                l["leadDays"].as_i64().unwrap(),
                l["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Official digests queued for `to`, oldest first: (subject, text).
async fn digests_to(app: &TestApp, to: &str) -> Vec<(String, String)> {
    mail_to(app, to, "official_digest").await
}

/// Messages of `kind` queued for `to`, oldest first: (subject, text).
pub async fn mail_to(app: &TestApp, to: &str, kind: &str) -> Vec<(String, String)> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    entity::email_delivery::Entity::find()
        .filter(entity::email_delivery::Column::Recipient.eq(to))
        .filter(entity::email_delivery::Column::Kind.eq(kind))
        .order_by_asc(entity::email_delivery::Column::Id)
        .all(&app.state.db.write)
        .await
        .unwrap()
        .into_iter()
        .map(|d| (d.subject, d.text_body))
        .collect()
}

async fn each_member_gets_one_digest_per_lead_time_even_with_racing_workers(app: TestApp) {
    use contract_watch::services::official_digest::send_due;
    let r = registry(&app.state.db.write).await;
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    // Ada is linked to a verified account; Ben, also seated, is not.
    crate::digest_choices::linked(&app, &admin, &[(r.officials[0], "ada@example.org")]).await;
    let meeting = gid(NodeKind::Meeting, r.upcoming_meeting);

    // The meeting is 3 days out: the 7-day lead has passed, so it goes now; the 2-day one waits.
    assert_eq!(send_due(&app.state).await.unwrap(), 1);
    assert_eq!(
        send_due(&app.state).await.unwrap(),
        0,
        "a re-run sends nothing"
    );
    let sent = digests_to(&app, "ada@example.org").await;
    assert_eq!(sent.len(), 1);
    // What was sent is what staff preview.
    let preview = app
        .data_as(
            &staff,
            PREVIEW,
            json!({ "o": gid(NodeKind::Official, r.officials[0]), "m": meeting, "l": 7 }),
        )
        .await["officialDigestPreview"]
        .clone();
    assert_eq!(preview["subject"], sent[0].0.as_str());
    assert_eq!(preview["text"], sent[0].1.as_str());

    // The public archive: one copy addressed to the body, identical apart from the greeting,
    // with when it went and who received it.
    let archive = app
        .data("query($m: ID!) { meeting(id: $m) { sentDigests { leadDays sentAt subject text html recipients { name } } } }", json!({ "m": meeting }))
        .await["meeting"]["sentDigests"]
        .clone();
    assert_eq!(archive.as_array().unwrap().len(), 1);
    assert_eq!(archive[0]["leadDays"], 7);
    assert_eq!(archive[0]["recipients"], json!([{ "name": "Ada Alder" }]));
    assert_eq!(archive[0]["subject"], sent[0].0.as_str());
    assert_eq!(
        archive[0]["text"],
        sent[0]
            .1
            .replace("Dear Ada Alder,", "Dear members of the Council,")
    );

    let status =
        app.data_as(&staff, STATUS, json!({ "m": meeting })).await["meetingDigestStatus"].clone();
    let line = |name: &str, lead: i64| status_line(&status, name, lead);
    assert_eq!(line("Ada Alder", 7)["state"], "QUEUED");
    assert_eq!(line("Ada Alder", 2)["state"], "SCHEDULED");
    // Not silently skipped: Ben is reported.
    assert_eq!(line("Ben Birch", 7)["state"], "NO_ADDRESS");
    assert_eq!(
        line("Ben Birch", 2)["reason"],
        "not reachable yet: link an account or confirm the contact address"
    );
    assert_eq!(
        status.as_array().unwrap().len(),
        4,
        "two seated members, two lead times"
    );

    // The worker hands it to the relay: the status says when.
    let sender = std::sync::Arc::new(contract_watch::email::InMemorySender::new(
        contract_watch::email::Composer::from_settings(&app.state.settings.email).unwrap(),
    ));
    contract_watch::outbox::worker::Worker::with_sender(&app.state, sender.clone())
        .drain()
        .await
        .unwrap();
    let status =
        app.data_as(&staff, STATUS, json!({ "m": meeting })).await["meetingDigestStatus"].clone();
    let ada_seven = status_line(&status, "Ada Alder", 7);
    assert_eq!(ada_seven["state"], "SENT");
    assert!(ada_seven["at"].is_string());

    // The 2-day moment: two workers race; the database lets one send.
    app.state
        .clock
        .advance(chrono::TimeDelta::days(1) + chrono::TimeDelta::minutes(1));
    let (a, b) = tokio::join!(send_due(&app.state), send_due(&app.state));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(digests_to(&app, "ada@example.org").await.len(), 2);
    let archive = app
        .data(
            "query($m: ID!) { meeting(id: $m) { sentDigests { leadDays } } }",
            json!({ "m": meeting }),
        )
        .await;
    assert_eq!(
        archive["meeting"]["sentDigests"],
        json!([{ "leadDays": 7 }, { "leadDays": 2 }]),
        "one copy per lead time, however many workers raced"
    );

    // The meeting moves a week later: the digests already sent are not repeated.
    let staff = app.log_in("clerk@example.org").await;
    app.data_as(&staff, "mutation($m: ID!) { saveMeeting(input: {meetingId: $m, startsAt: \"2026-06-25T12:00:00Z\", status: SCHEDULED}) { id } }", json!({ "m": meeting }))
        .await;
    for days in [0, 5] {
        app.state.clock.advance(chrono::TimeDelta::days(days));
        assert_eq!(send_due(&app.state).await.unwrap(), 0);
    }
    assert_eq!(digests_to(&app, "ada@example.org").await.len(), 2);

    // A meeting scheduled a day ahead gets only its 2-day digest; the 7-day one is skipped.
    let staff = app.log_in("clerk@example.org").await;
    let soon = app
        .data_as(&staff, "mutation($b: ID!, $t: DateTime!) { saveMeeting(input: {bodyId: $b, startsAt: $t, status: SCHEDULED}) { id } }",
            json!({ "b": gid(NodeKind::Body, r.council), "t": (app.state.clock.now() + chrono::TimeDelta::days(1)).to_rfc3339() }))
        .await["saveMeeting"]["id"]
        .clone();
    app.data_as(&staff, "mutation($m: ID!, $c: ID!) { saveAgendaItem(input: {meetingId: $m, itemNumber: \"4\", title: \"Extend mowing\", action: EXTENSION, contractId: $c}) { id } }",
        json!({ "m": soon, "c": gid(NodeKind::Contract, r.mowing_contract) }))
        .await;
    assert_eq!(send_due(&app.state).await.unwrap(), 1);
    let status =
        app.data_as(&staff, STATUS, json!({ "m": soon })).await["meetingDigestStatus"].clone();
    let ada = states_of(&status, "Ada Alder");
    assert_eq!(ada, [(7, "SKIPPED".to_owned()), (2, "QUEUED".to_owned())]);
    // Once the meeting has started, nothing more goes.
    app.state.clock.advance(chrono::TimeDelta::days(2));
    assert_eq!(send_due(&app.state).await.unwrap(), 0);
}

async fn the_demo_city_sends_one_digest_per_council_member_once(app: TestApp) {
    use contract_watch::services::official_digest::send_due;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    app.seed_demo().await;
    let sent = send_due(&app.state).await.unwrap();
    assert!(sent > 0, "the demo city has a meeting inside its lead time");
    assert_eq!(
        send_due(&app.state).await.unwrap(),
        0,
        "running again sends nothing more"
    );
    let digests = entity::email_delivery::Entity::find()
        .filter(entity::email_delivery::Column::Kind.eq("official_digest"))
        .all(&app.state.db.write)
        .await
        .unwrap();
    assert_eq!(digests.len() as u64, sent);
    // One per member and meeting: no address twice for the same meeting and lead time.
    let mut seen = std::collections::HashSet::new();
    for digest in &digests {
        assert!(
            digest.recipient.ends_with("@council.riverton.example"),
            "{}",
            digest.recipient
        );
        assert!(seen.insert((digest.recipient.clone(), digest.subject_key.clone())));
    }
    // Every member seated on each such meeting's body got it.
    let rows = entity::official_digest::Entity::find()
        .all(&app.state.db.write)
        .await
        .unwrap();
    assert!(
        rows.iter().all(|r| r.status == "sent"),
        "every demo member has an address"
    );
    assert_eq!(rows.len() as u64, sent);
}

async fn red_flags_reach_the_officials_with_their_numbers(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let variables = json!({
        "o": gid(NodeKind::Official, r.officials[0]),
        "m": gid(NodeKind::Meeting, r.upcoming_meeting),
        "l": 2,
    });
    let before =
        app.data_as(&staff, PREVIEW, variables.clone()).await["officialDigestPreview"]["text"]
            .as_str()
            .unwrap()
            .to_owned();
    assert!(!before.contains("Red flag"), "{before}");
    contract_watch::services::red_flags::refresh(
        &app.state.db.write,
        &app.state.settings.red_flags,
        crate::helpers::test_now().date_naive(),
        contract_watch::services::red_flags::Scope::All,
    )
    .await
    .unwrap();
    let preview = app.data_as(&staff, PREVIEW, variables).await["officialDigestPreview"].clone();
    // The custodial contract's amendments (+500.00, −120.50) on 10,000.00, with the numbers.
    for part in ["text", "html"] {
        let body = preview[part].as_str().unwrap();
        assert!(
            body.contains(
                "Red flag: Amendments added USD 379.50 to an original value of USD 10,000.00"
            ),
            "{part}: {body}"
        );
    }
}
