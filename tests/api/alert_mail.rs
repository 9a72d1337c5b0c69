//! Alert mail through the real router and the real jobs, driven with the injected clock:
//! immediate mail batched per item, daily and weekly digests at each subscriber's local morning,
//! one-click unsubscribe, saved searches, addenda, withdrawn votes, agenda-link suggestions, and
//! the demo journey of the issue.

use chrono::TimeDelta;
use contract_watch::domain::ids::NodeKind;
use contract_watch::services::{alert_events, alert_mail};
use entity::enums::{AlertDelivery, AlertEventKind, UserRole};
use entity::{alert_event, email_delivery};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::fixtures::registry;
use crate::helpers::{TestApp, error_code, gid};
use crate::on_both_databases;
use crate::participation::{post, verified_union};

on_both_databases!(
    immediate_mail_batches_talk_on_an_item_to_one_message_an_hour,
    daily_and_weekly_digests_go_out_at_each_subscribers_local_morning,
    one_click_unsubscribe_stops_alert_mail_until_an_alert_is_resumed,
    saved_searches_addenda_and_withdrawn_votes_reach_their_followers,
    staff_get_agenda_link_suggestions_and_confirm_one,
    the_demo_journey_renewal_window_vote_scheduled_and_roll_call,
);

const CREATE: &str = "mutation($t: AlertTargetInput!, $d: AlertDelivery!) { \
    createAlertSubscription(input: {target: $t, delivery: $d}) { id } }";

/// Follows `target` as `token`; returns the subscription id.
async fn follow(app: &TestApp, token: &str, target: Value, delivery: &str) -> String {
    app.data_as(token, CREATE, json!({ "t": target, "d": delivery }))
        .await["createAlertSubscription"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Runs the alert steps as the worker does: fan-out, immediate mail, digests.
async fn run_jobs(app: &TestApp) {
    alert_events::fan_out(&app.state).await.unwrap();
    alert_mail::send_immediate(&app.state)
        .await
        .map_err(|e| format!("{e:?}"))
        .unwrap();
    for cadence in [AlertDelivery::Daily, AlertDelivery::Weekly] {
        alert_mail::send_digests(&app.state, cadence).await.unwrap();
    }
}

/// Alert mail (`alert` or `alert_digest`) queued for `to`, oldest first.
async fn mail_to(app: &TestApp, to: &str) -> Vec<email_delivery::Model> {
    email_delivery::Entity::find()
        .filter(email_delivery::Column::Recipient.eq(to))
        .filter(email_delivery::Column::Kind.is_in(["alert", "alert_digest"]))
        .order_by_asc(email_delivery::Column::Id)
        .all(&app.state.db.write)
        .await
        .unwrap()
}

fn advance(app: &TestApp, minutes: i64) {
    app.state.clock.advance(TimeDelta::minutes(minutes));
}

async fn latest_event(app: &TestApp) -> alert_event::Model {
    alert_event::Entity::find()
        .order_by_desc(alert_event::Column::Id)
        .one(&app.state.db.write)
        .await
        .unwrap()
        .unwrap()
}

const NEW_SOLICITATION: &str = "mutation($a: ID!, $n: String!, $t: String!) { saveSolicitation(input: {agencyId: $a, \
    referenceNumber: $n, title: $t, description: \"\", method: RFP, status: OPEN, currency: \"USD\", \
    labels: {labels: [OUTSOURCING]}}) { id } }";

async fn publish(app: &TestApp, staff: &str, agency: i64, number: &str, title: &str) -> String {
    app.data_as(
        staff,
        NEW_SOLICITATION,
        json!({ "a": gid(NodeKind::Agency, agency), "n": number, "t": title }),
    )
    .await["saveSolicitation"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn immediate_mail_batches_talk_on_an_item_to_one_message_an_hour(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let (_, ben) = app
        .account("ben@example.org", UserRole::Resident, None)
        .await;
    let (_, moderator) = app
        .account("mod@example.org", UserRole::Moderator, None)
        .await;
    app.account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    follow(&app, &ana, json!({ "subjectId": contract }), "IMMEDIATE").await;

    // The first comment goes at once.
    post(
        &app,
        &ben,
        json!({ "s": contract, "b": "First: the bid was too low.", "p": "OPPOSE" }),
    )
    .await
    .unwrap();
    run_jobs(&app).await;
    let mail = mail_to(&app, "ana@example.org").await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].kind, "alert");
    assert!(mail[0].text_body.contains("First: the bid was too low."));
    assert!(
        mail[0].list_unsubscribe.is_some(),
        "alert mail is list mail"
    );

    // More talk within the hour waits; a comment hidden meanwhile never goes out.
    advance(&app, 5);
    post(
        &app,
        &ben,
        json!({ "s": contract, "b": "Second: who checks the hours?", "p": "OPPOSE" }),
    )
    .await
    .unwrap();
    advance(&app, 5);
    let hidden = post(
        &app,
        &ben,
        json!({ "s": contract, "b": "Third: something rude.", "p": "OPPOSE" }),
    )
    .await
    .unwrap()["id"]
        .clone();
    run_jobs(&app).await;
    assert_eq!(mail_to(&app, "ana@example.org").await.len(), 1, "held");
    app.data_as(&moderator, "mutation($c: ID!) { moderateComment(input: {commentId: $c, action: HIDE, reason: \"Insult\"}) { id } }", json!({ "c": hidden }))
        .await;

    // The hour passes: one message with what is still visible.
    advance(&app, 51);
    run_jobs(&app).await;
    let mail = mail_to(&app, "ana@example.org").await;
    assert_eq!(mail.len(), 2);
    assert!(mail[1].text_body.contains("Second: who checks the hours?"));
    assert!(!mail[1].text_body.contains("something rude"));
    assert!(mail[1].subject.contains("Second"), "{}", mail[1].subject);

    // Within the next hour a vote being scheduled does not wait, and takes waiting talk along.
    advance(&app, 2);
    // Access tokens last 15 minutes: log in again.
    let ben = app.log_in("ben@example.org").await;
    let staff = app.log_in("clerk@example.org").await;
    post(
        &app,
        &ben,
        json!({ "s": contract, "b": "Fourth: the union should be heard.", "p": "OPPOSE" }),
    )
    .await
    .unwrap();
    app.data_as(&staff, "mutation($m: ID!, $c: ID!) { saveAgendaItem(input: {meetingId: $m, itemNumber: \"14\", title: \"Custodial renewal\", action: RENEWAL, contractId: $c}) { id } }",
        json!({ "m": gid(NodeKind::Meeting, r.upcoming_meeting), "c": contract }))
        .await;
    run_jobs(&app).await;
    let mail = mail_to(&app, "ana@example.org").await;
    assert_eq!(mail.len(), 3);
    assert!(mail[2].text_body.contains("Scheduled for a vote on"));
    assert!(
        mail[2]
            .text_body
            .contains("Fourth: the union should be heard.")
    );
    // Nothing is left to send.
    advance(&app, 120);
    run_jobs(&app).await;
    assert_eq!(mail_to(&app, "ana@example.org").await.len(), 3);
}

async fn daily_and_weekly_digests_go_out_at_each_subscribers_local_morning(app: TestApp) {
    // The clock starts on Monday 15 June 2026 at 12:00 UTC: 07:00 in Chicago (CDT), 14:00 in
    // Berlin (CEST). Digests go out at 07:00 local.
    let r = registry(&app.state.db.write).await;
    let parks = json!({ "agencyId": gid(NodeKind::Agency, r.parks) });
    let (_, chicago) = app
        .account("chicago@example.org", UserRole::Resident, None)
        .await;
    let (_, berlin) = app
        .account("berlin@example.org", UserRole::Resident, None)
        .await;
    let (_, weekly) = app
        .account("weekly@example.org", UserRole::Resident, None)
        .await;
    app.account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    const ZONE: &str = "mutation($z: String!) { setMyTimeZone(timeZone: $z) { timeZone } }";
    let set = app
        .data_as(&chicago, ZONE, json!({ "z": "America/Chicago" }))
        .await;
    assert_eq!(set["setMyTimeZone"]["timeZone"], "America/Chicago");
    app.data_as(&berlin, ZONE, json!({ "z": "Europe/Berlin" }))
        .await;
    // A zone that does not exist names the field and changes nothing.
    let (_, bad) = app
        .gql_as(
            Some(&berlin),
            "192.0.2.1",
            ZONE,
            json!({ "z": "Mars/Olympus" }),
        )
        .await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT");
    assert_eq!(bad["errors"][0]["extensions"]["field"], "timeZone");
    let me = app.data_as(&berlin, "{ me { timeZone } }", json!({})).await;
    assert_eq!(me["me"]["timeZone"], "Europe/Berlin");
    follow(&app, &chicago, parks.clone(), "DAILY").await;
    follow(&app, &berlin, parks.clone(), "DAILY").await;
    // No zone of its own: the service default (America/Chicago).
    follow(&app, &weekly, parks.clone(), "WEEKLY").await;

    // Event 1 on Monday at 20:00 UTC (15:00 Chicago, 22:00 Berlin).
    advance(&app, 8 * 60);
    publish(
        &app,
        &app.log_in("clerk@example.org").await,
        r.parks,
        "P-1",
        "Pool repairs",
    )
    .await;
    run_jobs(&app).await;
    assert!(mail_to(&app, "chicago@example.org").await.is_empty());
    assert!(mail_to(&app, "berlin@example.org").await.is_empty());

    // Tuesday 05:30 UTC: 07:30 in Berlin, its digest goes; 00:30 in Chicago, nothing yet.
    advance(&app, 9 * 60 + 30);
    run_jobs(&app).await;
    let berlin_mail = mail_to(&app, "berlin@example.org").await;
    assert_eq!(berlin_mail.len(), 1);
    assert_eq!(berlin_mail[0].kind, "alert_digest");
    assert!(berlin_mail[0].subject.contains("daily"));
    assert!(berlin_mail[0].subject.contains("2026-06-16"));
    assert!(berlin_mail[0].text_body.contains("Pool repairs"));
    assert!(berlin_mail[0].list_unsubscribe.is_some());
    assert!(mail_to(&app, "chicago@example.org").await.is_empty());

    // Event 2 on Tuesday at 08:00 UTC (10:00 Berlin, 03:00 Chicago).
    advance(&app, 150);
    publish(
        &app,
        &app.log_in("clerk@example.org").await,
        r.parks,
        "P-2",
        "Playground fencing",
    )
    .await;
    run_jobs(&app).await;

    // Tuesday 12:30 UTC: 07:30 in Chicago; one digest with both events. Berlin's Tuesday
    // digest has gone, so event 2 waits for Wednesday.
    advance(&app, 270);
    run_jobs(&app).await;
    let chicago_mail = mail_to(&app, "chicago@example.org").await;
    assert_eq!(chicago_mail.len(), 1);
    assert!(chicago_mail[0].subject.contains("2026-06-16"));
    assert!(chicago_mail[0].subject.contains("2 updates"));
    assert!(chicago_mail[0].text_body.contains("Pool repairs"));
    assert!(chicago_mail[0].text_body.contains("Playground fencing"));
    assert_eq!(mail_to(&app, "berlin@example.org").await.len(), 1);
    // Never twice for the same period.
    advance(&app, 1);
    run_jobs(&app).await;
    assert_eq!(mail_to(&app, "chicago@example.org").await.len(), 1);

    // Wednesday 05:30 UTC: Berlin's Wednesday digest has event 2 only.
    advance(&app, 17 * 60 - 1);
    run_jobs(&app).await;
    let berlin_mail = mail_to(&app, "berlin@example.org").await;
    assert_eq!(berlin_mail.len(), 2);
    assert!(berlin_mail[1].subject.contains("2026-06-17"));
    assert!(berlin_mail[1].text_body.contains("Playground fencing"));
    assert!(!berlin_mail[1].text_body.contains("Pool repairs"));
    // Nothing new: no empty digest.
    advance(&app, 24 * 60);
    run_jobs(&app).await;
    assert_eq!(mail_to(&app, "berlin@example.org").await.len(), 2);
    assert_eq!(mail_to(&app, "chicago@example.org").await.len(), 1);

    // The weekly follower heard nothing during the week; on Monday 22 June at 07:00 Chicago
    // (12:00 UTC) one digest of both events goes out, named by its ISO week.
    assert!(mail_to(&app, "weekly@example.org").await.is_empty());
    let now = app.state.clock.now();
    let monday = chrono::DateTime::parse_from_rfc3339("2026-06-22T12:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    app.state.clock.advance(monday - now);
    run_jobs(&app).await;
    let weekly_mail = mail_to(&app, "weekly@example.org").await;
    assert_eq!(weekly_mail.len(), 1);
    assert!(weekly_mail[0].subject.contains("weekly"));
    assert!(weekly_mail[0].subject.contains("2026-W26"));
    assert!(weekly_mail[0].text_body.contains("Pool repairs"));
    assert!(weekly_mail[0].text_body.contains("Playground fencing"));
}

/// What a mail client sends for RFC 8058 one-click unsubscribe.
pub async fn one_click(app: &TestApp, row: &email_delivery::Model) {
    let header = row.list_unsubscribe.as_deref().unwrap();
    let start = header.find("/unsubscribe/").unwrap() + "/unsubscribe/".len();
    let token = header[start..].split('>').next().unwrap();
    app.client
        .post(format!("/unsubscribe/{token}"))
        .content_type("application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .assert_status_is_ok();
}

async fn one_click_unsubscribe_stops_alert_mail_until_an_alert_is_resumed(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let subscription = follow(
        &app,
        &ana,
        json!({ "agencyId": gid(NodeKind::Agency, r.parks) }),
        "IMMEDIATE",
    )
    .await;
    publish(&app, &staff, r.parks, "P-1", "Pool repairs").await;
    run_jobs(&app).await;
    let mail = mail_to(&app, "ana@example.org").await;
    assert_eq!(mail.len(), 1);

    // One click from the mail: the alert shows paused, and nothing more is sent.
    one_click(&app, &mail[0]).await;
    let mine = app
        .data_as(&ana, "{ myAlertSubscriptions { id paused } }", json!({}))
        .await;
    assert_eq!(mine["myAlertSubscriptions"][0]["paused"], true);
    publish(&app, &staff, r.parks, "P-2", "Playground fencing").await;
    run_jobs(&app).await;
    assert_eq!(mail_to(&app, "ana@example.org").await.len(), 1);

    // Resuming the alert in the app turns its mail back on.
    app.data_as(&ana, "mutation($i: ID!) { updateAlertSubscription(input: {alertSubscriptionId: $i, paused: false}) { paused } }", json!({ "i": subscription }))
        .await;
    publish(&app, &staff, r.parks, "P-3", "Tennis court lights").await;
    run_jobs(&app).await;
    let mail = mail_to(&app, "ana@example.org").await;
    assert_eq!(mail.len(), 2);
    assert!(mail[1].text_body.contains("Tennis court lights"));
    assert_eq!(mail[1].status, entity::enums::DeliveryStatus::Pending);
}

async fn saved_searches_addenda_and_withdrawn_votes_reach_their_followers(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let (custodial_search, token) = app
        .account("search@example.org", UserRole::Resident, None)
        .await;
    follow(&app, &token, json!({ "search": { "keyword": "CUSTODIAL services", "filter": { "outsourcing": true, "agencyId": gid(NodeKind::Agency, r.parks) } } }), "IMMEDIATE").await;
    let (_, token) = app
        .account("other-search@example.org", UserRole::Resident, None)
        .await;
    follow(
        &app,
        &token,
        json!({ "search": { "keyword": "custodial", "filter": { "outsourcing": false } } }),
        "IMMEDIATE",
    )
    .await;
    let (_, token) = app
        .account("library-search@example.org", UserRole::Resident, None)
        .await;
    follow(&app, &token, json!({ "search": { "keyword": "custodial", "filter": { "agencyId": gid(NodeKind::Agency, r.library) } } }), "IMMEDIATE").await;

    // A new solicitation reaches only the saved search it matches.
    let solicitation = publish(&app, &staff, r.parks, "RFP-90", "Park custodial services").await;
    let event = latest_event(&app).await;
    alert_events::fan_out(&app.state).await.unwrap();
    assert_eq!(
        alert_events::recipients_of(&app.state.db.write, event.id)
            .await
            .unwrap(),
        vec![custodial_search]
    );

    // An addendum is an event on the solicitation; a bad URL names the field and stores nothing.
    const ADD: &str = "mutation($s: ID!, $u: String!) { addSolicitationDocument(input: {solicitationId: $s, title: \"Addendum 1: site visit\", url: $u}) { id documents { title } } }";
    let (_, bad) = app
        .gql_as(
            Some(&staff),
            "192.0.2.1",
            ADD,
            json!({ "s": solicitation, "u": "javascript:alert(1)" }),
        )
        .await;
    assert_eq!(error_code(&bad), "BAD_USER_INPUT");
    assert_eq!(bad["errors"][0]["extensions"]["field"], "url");
    assert_eq!(latest_event(&app).await.id, event.id, "nothing emitted");
    let added = app
        .data_as(
            &staff,
            ADD,
            json!({ "s": solicitation, "u": "https://city.example/rfp-90/addendum-1.pdf" }),
        )
        .await;
    assert_eq!(
        added["addSolicitationDocument"]["documents"][0]["title"],
        "Addendum 1: site visit"
    );
    let addendum = latest_event(&app).await;
    assert_eq!(addendum.kind, AlertEventKind::SolicitationChanged);
    assert!(
        addendum
            .headline
            .contains("document published: Addendum 1: site visit")
    );
    alert_events::fan_out(&app.state).await.unwrap();
    assert_eq!(
        alert_events::recipients_of(&app.state.db.write, addendum.id)
            .await
            .unwrap(),
        vec![custodial_search]
    );

    // Taking an undecided item off the agenda withdraws the vote; the contract's follower hears.
    let (contract_follower, token) = app
        .account("contract@example.org", UserRole::Resident, None)
        .await;
    follow(
        &app,
        &token,
        json!({ "subjectId": gid(NodeKind::Contract, r.custodial_contract) }),
        "DAILY",
    )
    .await;
    app.data_as(&staff, "mutation($i: ID!) { archive(input: {id: $i, reason: \"Pulled by the clerk\"}) { archived } }",
        json!({ "i": gid(NodeKind::AgendaItem, r.renewal_item) }))
        .await;
    let withdrawn = latest_event(&app).await;
    assert_eq!(withdrawn.kind, AlertEventKind::VoteWithdrawn);
    assert!(
        withdrawn
            .headline
            .starts_with("Withdrawn from the Council agenda:")
    );
    alert_events::fan_out(&app.state).await.unwrap();
    assert_eq!(
        alert_events::recipients_of(&app.state.db.write, withdrawn.id)
            .await
            .unwrap(),
        vec![contract_follower]
    );
}

async fn staff_get_agenda_link_suggestions_and_confirm_one(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let (_, resident) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let (follower, token) = app
        .account("follower@example.org", UserRole::Resident, None)
        .await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    follow(&app, &token, json!({ "subjectId": contract }), "IMMEDIATE").await;
    // Typed without a link.
    let item = app
        .data_as(&staff, "mutation($m: ID!) { saveAgendaItem(input: {meetingId: $m, itemNumber: \"21\", title: \"Renewal of C-Custodial Services with Acme Services\", action: RENEWAL}) { id } }",
            json!({ "m": gid(NodeKind::Meeting, r.upcoming_meeting) }))
        .await["saveAgendaItem"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    const SUGGEST: &str = "query($i: ID!) { agendaItemLinkSuggestions(agendaItemId: $i) { score reasons contract { id title } } }";
    let found = app.data_as(&staff, SUGGEST, json!({ "i": item })).await;
    let found = found["agendaItemLinkSuggestions"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(found[0]["contract"]["id"], contract);
    assert_eq!(found[0]["score"], 15);
    assert_eq!(
        found[0]["reasons"],
        json!([
            "names contract number C-Custodial Services",
            "names vendor Acme Services"
        ])
    );
    // The mowing contract has the same vendor only: a weaker suggestion.
    assert_eq!(
        found[1]["contract"]["id"],
        gid(NodeKind::Contract, r.mowing_contract)
    );
    assert_eq!(found[1]["score"], 5);
    // Residents cannot see suggestions.
    let (_, refused) = app
        .gql_as(Some(&resident), "192.0.2.1", SUGGEST, json!({ "i": item }))
        .await;
    assert_eq!(error_code(&refused), "FORBIDDEN");

    // Staff confirm: the contract's followers hear it is scheduled for a vote.
    const LINK: &str = "mutation($i: ID!, $c: ID!) { linkAgendaItem(input: {agendaItemId: $i, contractId: $c}) { id subject { ... on Contract { id } } } }";
    let linked = app
        .data_as(&staff, LINK, json!({ "i": item, "c": contract }))
        .await;
    assert_eq!(linked["linkAgendaItem"]["subject"]["id"], contract);
    let event = latest_event(&app).await;
    assert_eq!(event.kind, AlertEventKind::VoteScheduled);
    alert_events::fan_out(&app.state).await.unwrap();
    assert_eq!(
        alert_events::recipients_of(&app.state.db.write, event.id)
            .await
            .unwrap(),
        vec![follower]
    );
    // Linked: no more suggestions, and linking again is a conflict that emits nothing.
    let found = app.data_as(&staff, SUGGEST, json!({ "i": item })).await;
    assert_eq!(found["agendaItemLinkSuggestions"], json!([]));
    let (_, again) = app
        .gql_as(
            Some(&staff),
            "192.0.2.1",
            LINK,
            json!({ "i": item, "c": contract }),
        )
        .await;
    assert_eq!(error_code(&again), "CONFLICT");
    assert_eq!(latest_event(&app).await.id, event.id);
    // A contract of another jurisdiction names the field.
    let (_, wrong) = app
        .gql_as(
            Some(&staff),
            "192.0.2.1",
            LINK,
            json!({ "i": item, "c": gid(NodeKind::Contract, 999_999) }),
        )
        .await;
    assert_eq!(error_code(&wrong), "BAD_USER_INPUT");
    assert_eq!(wrong["errors"][0]["extensions"]["field"], "contractId");
}

async fn the_demo_journey_renewal_window_vote_scheduled_and_roll_call(app: TestApp) {
    use entity::{agency, body, contract, office_term};
    app.seed_demo().await;
    let db = &app.state.db.write;
    let parks = agency::Entity::find()
        .filter(agency::Column::Name.eq("Parks and Recreation"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let parking = contract::Entity::find()
        .filter(contract::Column::Title.eq("Parking Enforcement Services"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let council = body::Entity::find()
        .filter(body::Column::Name.eq("City Council"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, staff) = app
        .account(
            "clerk@example.org",
            UserRole::Staff,
            Some(council.jurisdiction_id),
        )
        .await;

    // A resident follows Parks, daily.
    let (_, resident) = app
        .account("resident@example.org", UserRole::Resident, None)
        .await;
    follow(
        &app,
        &resident,
        json!({ "agencyId": gid(NodeKind::Agency, parks.id) }),
        "DAILY",
    )
    .await;
    // A union rep lists the parking-enforcement contract; a member follows the list.
    let (_, rep) = app
        .account("rep@example.org", UserRole::Resident, None)
        .await;
    let union = verified_union(&app, &rep, &admin).await;
    let list = app
        .data_as(&rep, "mutation($o: ID!) { createWatchlist(input: {organizationId: $o, name: \"Contracts we watch\"}) { id } }", json!({ "o": union }))
        .await["createWatchlist"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.data_as(&rep, "mutation($w: ID!, $s: ID!) { addWatchlistItem(input: {watchlistId: $w, subjectId: $s, note: \"We oppose: this outsources 14 enforcement jobs\"}) { id } }",
        json!({ "w": list, "s": gid(NodeKind::Contract, parking.id) }))
        .await;
    // A member follows the list a minute later: what happened before is not news to them.
    advance(&app, 1);
    let (_, member) = app
        .account("member@example.org", UserRole::Resident, None)
        .await;
    follow(&app, &member, json!({ "watchlistId": list }), "IMMEDIATE").await;

    // The renewal job: the contract's decision is 88 days out, inside the 90-day window.
    alert_events::renewal_windows(&app.state).await.unwrap();
    run_jobs(&app).await;
    let mail = mail_to(&app, "member@example.org").await;
    let subjects: Vec<&str> = mail.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(mail.len(), 1, "only the listed contract: {subjects:?}");
    assert!(
        mail[0]
            .text_body
            .contains("Parking Enforcement Services: renewal decision due")
    );
    assert!(mail[0].text_body.contains("(88 days)"));
    let window = alert_event::Entity::find()
        .filter(alert_event::Column::SubjectId.eq(parking.id))
        .filter(alert_event::Column::Kind.eq(AlertEventKind::RenewalWindow))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        window.dedupe_key.unwrap().ends_with(":90"),
        "the 90-day threshold"
    );

    // Staff put the renewal on next month's council agenda.
    let meeting = app
        .data_as(&staff, "mutation($b: ID!) { saveMeeting(input: {bodyId: $b, startsAt: \"2026-07-16T23:00:00Z\", status: SCHEDULED}) { id } }", json!({ "b": gid(NodeKind::Body, council.id) }))
        .await["saveMeeting"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let item = app
        .data_as(&staff, "mutation($m: ID!, $c: ID!) { saveAgendaItem(input: {meetingId: $m, itemNumber: \"7\", title: \"Renew parking enforcement\", action: RENEWAL, contractId: $c}) { id } }",
            json!({ "m": meeting, "c": gid(NodeKind::Contract, parking.id) }))
        .await["saveAgendaItem"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    run_jobs(&app).await;
    let mail = mail_to(&app, "member@example.org").await;
    assert_eq!(mail.len(), 2);
    assert!(
        mail[1]
            .text_body
            .contains("Scheduled for a vote on Thursday 16 July 2026 at 18:00 CDT"),
        "{}",
        mail[1].text_body
    );

    // The roll call: the outcome with each member's vote.
    let seated: Vec<i64> = office_term::Entity::find()
        .filter(office_term::Column::BodyId.eq(council.id))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.official_id)
        .collect();
    // A roll call names every member: three voted, the others were absent.
    let votes: Vec<Value> = seated
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let vote = match i {
                0 | 1 => "YES",
                2 => "NO",
                _ => "ABSENT",
            };
            json!({ "officialId": gid(NodeKind::Official, *id), "vote": vote })
        })
        .collect();
    app.data_as(&app.log_in("clerk@example.org").await, "mutation($i: ID!, $v: [VoteInput!]!) { recordVotes(input: {agendaItemId: $i, outcome: APPROVED, votes: $v}) { id } }",
        json!({ "i": item, "v": votes }))
        .await;
    run_jobs(&app).await;
    let mail = mail_to(&app, "member@example.org").await;
    assert_eq!(mail.len(), 3);
    let names: Vec<String> = entity::official::Entity::find()
        .filter(entity::official::Column::Id.is_in(seated.iter().take(3).copied()))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert!(mail[2].text_body.contains("City Council decided"));
    assert!(mail[2].text_body.contains("approved"));
    for name in names {
        assert!(mail[2].text_body.contains(&name), "{name} missing");
    }

    // The resident's daily digest next morning holds Parks news only.
    advance(&app, 60);
    publish(
        &app,
        &app.log_in("clerk@example.org").await,
        parks.id,
        "P-2026-9",
        "Splash pad resurfacing",
    )
    .await;
    advance(&app, 24 * 60);
    run_jobs(&app).await;
    let digest = mail_to(&app, "resident@example.org").await;
    assert_eq!(digest.len(), 1);
    assert_eq!(digest[0].kind, "alert_digest");
    assert!(
        digest[0].text_body.contains("Splash pad resurfacing"),
        "{}",
        digest[0].text_body
    );
    assert!(!digest[0].text_body.contains("Parking Enforcement"));
}
