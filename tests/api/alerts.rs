//! Alert subscriptions and watchlists through the real router: following exactly one target,
//! changing delivery, pausing, muting, deleting, and organisations curating public watchlists.

use contract_watch::domain::ids::NodeKind;
use entity::enums::UserRole;
use serde_json::{Value, json};

use crate::fixtures::registry;
use crate::helpers::{TestApp, error_code, gid};
use crate::on_both_databases;
use crate::participation::verified_union;

on_both_databases!(
    residents_follow_one_thing_at_a_time_and_manage_what_they_follow,
    representatives_curate_public_watchlists_that_anyone_can_follow,
    solicitation_events_reach_exactly_the_right_followers_once,
    renewal_windows_fire_once_per_threshold_across_runs_and_restarts,
    votes_scheduled_moved_and_decided_reach_followers,
    what_people_say_reaches_the_subjects_followers_only,
);

const CREATE: &str = "mutation($t: AlertTargetInput!, $d: AlertDelivery!) { \
    createAlertSubscription(input: {target: $t, delivery: $d}) { \
    id target delivery paused categoryCode search agency { name } subject { __typename } renewalsIn { name } \
    outsourcingIn { name } watchlist { name } } }";

async fn create(app: &TestApp, token: &str, target: Value, delivery: &str) -> Result<Value, Value> {
    let (_, body) = app
        .gql_as(
            Some(token),
            "192.0.2.1",
            CREATE,
            json!({ "t": target, "d": delivery }),
        )
        .await;
    if body.get("errors").is_some() {
        Err(body)
    } else {
        Ok(body["data"]["createAlertSubscription"].clone())
    }
}

async fn residents_follow_one_thing_at_a_time_and_manage_what_they_follow(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let (_, ben) = app
        .account("ben@example.org", UserRole::Resident, None)
        .await;

    // Every kind of target.
    let parks = create(
        &app,
        &ana,
        json!({ "agencyId": gid(NodeKind::Agency, r.parks) }),
        "DAILY",
    )
    .await
    .unwrap();
    assert_eq!(parks["target"], "AGENCY");
    assert_eq!(parks["agency"]["name"], "Parks");
    assert_eq!(parks["delivery"], "DAILY");
    let contract = create(
        &app,
        &ana,
        json!({ "subjectId": gid(NodeKind::Contract, r.custodial_contract) }),
        "IMMEDIATE",
    )
    .await
    .unwrap();
    assert_eq!(contract["subject"]["__typename"], "Contract");
    let renewals = create(&app, &ana, json!({ "renewalsInAgencyIds": [gid(NodeKind::Agency, r.parks), gid(NodeKind::Agency, r.library)] }), "WEEKLY").await.unwrap();
    assert_eq!(renewals["renewalsIn"].as_array().unwrap().len(), 2);
    let search = create(
        &app,
        &ana,
        json!({ "search": { "keyword": "custodial", "filter": { "outsourcing": true } } }),
        "DAILY",
    )
    .await
    .unwrap();
    assert_eq!(search["search"]["keyword"], "custodial");
    assert_eq!(search["search"]["filter"]["outsourcing"], true);
    let outsourcing = create(
        &app,
        &ana,
        json!({ "outsourcingInJurisdictionId": gid(NodeKind::Jurisdiction, r.jurisdiction) }),
        "DAILY",
    )
    .await
    .unwrap();
    assert_eq!(outsourcing["target"], "OUTSOURCING");
    for target in [
        json!({ "bodyId": gid(NodeKind::Body, r.council) }),
        json!({ "vendorId": gid(NodeKind::Vendor, r.vendor) }),
        json!({ "categoryCode": "910-39" }),
    ] {
        create(&app, &ana, target, "IMMEDIATE").await.unwrap();
    }

    // Bad targets name the field and store nothing.
    for (target, field) in [
        (json!({}), "target"),
        (
            json!({ "agencyId": gid(NodeKind::Agency, r.parks), "vendorId": gid(NodeKind::Vendor, r.vendor) }),
            "target",
        ),
        (
            json!({ "agencyId": gid(NodeKind::Vendor, r.vendor) }),
            "target.agencyId",
        ),
        (
            json!({ "subjectId": gid(NodeKind::Vendor, r.vendor) }),
            "target.subjectId",
        ),
        (
            json!({ "renewalsInAgencyIds": [] }),
            "target.renewalsInAgencyIds",
        ),
        (json!({ "search": {} }), "target.search"),
        (json!({ "categoryCode": "  " }), "target.categoryCode"),
    ] {
        let body = create(&app, &ana, target.clone(), "DAILY")
            .await
            .unwrap_err();
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{target}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    let missing = create(
        &app,
        &ana,
        json!({ "agencyId": gid(NodeKind::Agency, 999_999) }),
        "DAILY",
    )
    .await
    .unwrap_err();
    assert_eq!(error_code(&missing), "NOT_FOUND");
    let mine = app
        .data_as(&ana, "{ myAlertSubscriptions { id } }", json!({}))
        .await;
    assert_eq!(mine["myAlertSubscriptions"].as_array().unwrap().len(), 8);

    // Change delivery, pause, mute one item inside a broad subscription, delete.
    let id = parks["id"].as_str().unwrap();
    let updated = app
        .data_as(&ana, "mutation($i: ID!) { updateAlertSubscription(input: {alertSubscriptionId: $i, delivery: WEEKLY, paused: true}) { delivery paused } }", json!({ "i": id }))
        .await;
    assert_eq!(
        updated["updateAlertSubscription"],
        json!({ "delivery": "WEEKLY", "paused": true })
    );
    let muted = app
        .data_as(&ana, "mutation($i: ID!, $s: ID!) { muteAlertItem(input: {alertSubscriptionId: $i, subjectId: $s}) { muted { __typename ... on Contract { title } } } }",
            json!({ "i": id, "s": gid(NodeKind::Contract, r.mowing_contract) }))
        .await;
    assert_eq!(muted["muteAlertItem"]["muted"].as_array().unwrap().len(), 1);
    let (_, one_item) = app
        .gql_as(Some(&ana), "192.0.2.1", "mutation($i: ID!, $s: ID!) { muteAlertItem(input: {alertSubscriptionId: $i, subjectId: $s}) { id } }",
            json!({ "i": contract["id"], "s": gid(NodeKind::Contract, r.custodial_contract) }))
        .await;
    assert_eq!(
        one_item["errors"][0]["extensions"]["field"],
        "alertSubscriptionId"
    );
    let unmuted = app
        .data_as(&ana, "mutation($i: ID!, $s: ID!) { unmuteAlertItem(input: {alertSubscriptionId: $i, subjectId: $s}) { muted { __typename } } }",
            json!({ "i": id, "s": gid(NodeKind::Contract, r.mowing_contract) }))
        .await;
    assert_eq!(unmuted["unmuteAlertItem"]["muted"], json!([]));

    // Someone else's subscription is not found, never changed, and not readable by node.
    for query in [
        "mutation($i: ID!) { updateAlertSubscription(input: {alertSubscriptionId: $i, paused: false}) { id } }",
        "mutation($i: ID!) { deleteAlertSubscription(alertSubscriptionId: $i) }",
    ] {
        let (_, body) = app
            .gql_as(Some(&ben), "192.0.2.1", query, json!({ "i": id }))
            .await;
        assert_eq!(error_code(&body), "NOT_FOUND", "{body}");
    }
    let (_, peek) = app
        .gql_as(
            Some(&ben),
            "192.0.2.1",
            "query($i: ID!) { node(id: $i) { id } }",
            json!({ "i": id }),
        )
        .await;
    assert_eq!(peek["data"]["node"], Value::Null);
    assert!(
        app.data_as(
            &ana,
            "query($i: ID!) { node(id: $i) { id } }",
            json!({ "i": id })
        )
        .await["node"]["id"]
            .is_string()
    );

    app.data_as(
        &ana,
        "mutation($i: ID!) { deleteAlertSubscription(alertSubscriptionId: $i) }",
        json!({ "i": id }),
    )
    .await;
    let mine = app
        .data_as(&ana, "{ myAlertSubscriptions { id } }", json!({}))
        .await;
    assert_eq!(mine["myAlertSubscriptions"].as_array().unwrap().len(), 7);
    let anonymous = app.gql("{ myAlertSubscriptions { id } }", json!({})).await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
}

async fn representatives_curate_public_watchlists_that_anyone_can_follow(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, rep) = app
        .account("rep@example.org", UserRole::Resident, None)
        .await;
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let union = verified_union(&app, &rep, &admin).await;

    let (_, not_rep) = app
        .gql_as(Some(&ana), "192.0.2.1", "mutation($o: ID!) { createWatchlist(input: {organizationId: $o, name: \"Ours\"}) { id } }", json!({ "o": union }))
        .await;
    assert_eq!(error_code(&not_rep), "FORBIDDEN");
    let list = app
        .data_as(&rep, "mutation($o: ID!) { createWatchlist(input: {organizationId: $o, name: \"Custodial contracts\", description: \"What Local 7 watches\"}) { id } }", json!({ "o": union }))
        .await["createWatchlist"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    const ADD: &str = "mutation($w: ID!, $s: ID!, $n: String!) { addWatchlistItem(input: {watchlistId: $w, subjectId: $s, note: $n}) { \
        name organization { name } items { note subject { ... on Contract { title } } } } }";
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    app.data_as(
        &rep,
        ADD,
        json!({ "w": list, "s": contract, "n": "We oppose" }),
    )
    .await;
    // Adding again changes the note rather than duplicating the item.
    let added = app
        .data_as(&rep, ADD, json!({ "w": list, "s": contract, "n": "We oppose: this outsources 42 custodial jobs" }))
        .await["addWatchlistItem"]
        .clone();
    assert_eq!(added["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        added["items"][0]["note"],
        "We oppose: this outsources 42 custodial jobs"
    );
    let (_, outsider) = app
        .gql_as(
            Some(&ana),
            "192.0.2.1",
            ADD,
            json!({ "w": list, "s": contract, "n": "Hijack" }),
        )
        .await;
    assert_eq!(error_code(&outsider), "FORBIDDEN");
    let (_, long_note) = app
        .gql_as(
            Some(&rep),
            "192.0.2.1",
            ADD,
            json!({ "w": list, "s": contract, "n": "x".repeat(501) }),
        )
        .await;
    assert_eq!(long_note["errors"][0]["extensions"]["field"], "note");

    // The list is public, on the organisation and by node; anyone can follow it.
    let public = app
        .data("query($o: ID!) { node(id: $o) { ... on Organization { watchlists { name items { note } } } } }", json!({ "o": union }))
        .await;
    assert_eq!(
        public["node"]["watchlists"][0]["name"],
        "Custodial contracts"
    );
    let followed = create(&app, &ana, json!({ "watchlistId": list }), "IMMEDIATE")
        .await
        .unwrap();
    assert_eq!(followed["watchlist"]["name"], "Custodial contracts");

    let removed = app
        .data_as(&rep, "mutation($w: ID!, $s: ID!) { removeWatchlistItem(input: {watchlistId: $w, subjectId: $s}) { items { note } } }", json!({ "w": list, "s": contract }))
        .await;
    assert_eq!(removed["removeWatchlistItem"]["items"], json!([]));
}

/// The newest alert event.
async fn latest_event(app: &TestApp) -> entity::alert_event::Model {
    use sea_orm::{EntityTrait, QueryOrder};
    entity::alert_event::Entity::find()
        .order_by_desc(entity::alert_event::Column::Id)
        .one(&app.state.db.write)
        .await
        .unwrap()
        .unwrap()
}

/// Follows `target` as a fresh verified account; returns its user id.
async fn follower(app: &TestApp, email: &str, target: Value) -> (i64, String) {
    let (id, token) = app.account(email, UserRole::Resident, None).await;
    create(app, &token, target, "DAILY").await.unwrap();
    (id, token)
}

async fn solicitation_events_reach_exactly_the_right_followers_once(app: TestApp) {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let r = registry(&app.state.db.write).await;
    let parks = json!({ "agencyId": gid(NodeKind::Agency, r.parks) });
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let (follows_parks, _) = follower(&app, "parks@example.org", parks.clone()).await;
    let (follows_outsourcing, _) = follower(
        &app,
        "outsourcing@example.org",
        json!({ "outsourcingInJurisdictionId": gid(NodeKind::Jurisdiction, r.jurisdiction) }),
    )
    .await;
    // Follows both ways: still one match.
    let (follows_both, both) = follower(&app, "both@example.org", parks.clone()).await;
    create(
        &app,
        &both,
        json!({ "outsourcingInJurisdictionId": gid(NodeKind::Jurisdiction, r.jurisdiction) }),
        "IMMEDIATE",
    )
    .await
    .unwrap();
    follower(
        &app,
        "library@example.org",
        json!({ "agencyId": gid(NodeKind::Agency, r.library) }),
    )
    .await;
    let (_, paused) = follower(&app, "paused@example.org", parks.clone()).await;
    let paused_id = app
        .data_as(&paused, "{ myAlertSubscriptions { id } }", json!({}))
        .await["myAlertSubscriptions"][0]["id"]
        .clone();
    app.data_as(&paused, "mutation($i: ID!) { updateAlertSubscription(input: {alertSubscriptionId: $i, paused: true}) { id } }", json!({ "i": paused_id })).await;
    follower(&app, "bounced@example.org", parks.clone()).await;
    entity::email_suppression::ActiveModel {
        recipient: Set("bounced@example.org".into()),
        reason: Set("hard bounce".into()),
        delivery_id: Set(None),
        created_at: Set(crate::helpers::test_now()),
        ..Default::default()
    }
    .insert(&app.state.db.write)
    .await
    .unwrap();
    // Signed up, never verified: may follow, never matches.
    app.gql_as(None, "198.51.100.1", "mutation { signUp(input: {email: \"unverified@example.org\", password: \"correct horse battery staple\", displayName: \"U\"}) { ok } }", json!({})).await;
    let unverified = app.log_in("unverified@example.org").await;
    create(&app, &unverified, parks.clone(), "DAILY")
        .await
        .unwrap();

    // Staff publish an outsourcing solicitation in Parks.
    let saved = app
        .data_as(&staff, "mutation($a: ID!) { saveSolicitation(input: {agencyId: $a, referenceNumber: \"RFP-77\", title: \"Park custodial services\", description: \"\", method: RFP, status: OPEN, currency: \"USD\", labels: {labels: [OUTSOURCING]}}) { id } }",
            json!({ "a": gid(NodeKind::Agency, r.parks) }))
        .await;
    let solicitation = saved["saveSolicitation"]["id"].as_str().unwrap().to_owned();
    let event = latest_event(&app).await;
    assert_eq!(event.kind, entity::enums::AlertEventKind::NewSolicitation);
    assert_eq!(event.headline, "RFP-77 Park custodial services");

    let inserted = contract_watch::services::alert_events::fan_out(&app.state)
        .await
        .unwrap();
    let mut expected = vec![follows_parks, follows_outsourcing, follows_both];
    expected.sort_unstable();
    let recipients =
        contract_watch::services::alert_events::recipients_of(&app.state.db.write, event.id)
            .await
            .unwrap();
    assert_eq!(recipients, expected);
    assert_eq!(inserted, 3);
    // A second run finds nothing new.
    assert_eq!(
        contract_watch::services::alert_events::fan_out(&app.state)
            .await
            .unwrap(),
        0
    );

    // A muted item inside a broad subscription is silent; a date change (an addendum) reaches the
    // rest; a change to nothing followers care about emits nothing.
    let parks_alert = app
        .data_as(
            &app.log_in("parks@example.org").await,
            "{ myAlertSubscriptions { id } }",
            json!({}),
        )
        .await["myAlertSubscriptions"][0]["id"]
        .clone();
    let parks_token = app.log_in("parks@example.org").await;
    app.data_as(&parks_token, "mutation($i: ID!, $s: ID!) { muteAlertItem(input: {alertSubscriptionId: $i, subjectId: $s}) { id } }", json!({ "i": parks_alert, "s": solicitation })).await;
    let update = "mutation($s: ID!, $d: DateTime) { saveSolicitation(input: {solicitationId: $s, referenceNumber: \"RFP-77\", title: \"Park custodial services\", description: \"\", method: RFP, status: OPEN, currency: \"USD\", bidsDueAt: $d, labels: {labels: [OUTSOURCING]}}) { id } }";
    app.data_as(
        &staff,
        update,
        json!({ "s": solicitation, "d": "2026-07-01T17:00:00Z" }),
    )
    .await;
    let changed = latest_event(&app).await;
    assert_eq!(
        changed.kind,
        entity::enums::AlertEventKind::SolicitationChanged
    );
    contract_watch::services::alert_events::fan_out(&app.state)
        .await
        .unwrap();
    let mut expected = vec![follows_outsourcing, follows_both];
    expected.sort_unstable();
    assert_eq!(
        contract_watch::services::alert_events::recipients_of(&app.state.db.write, changed.id)
            .await
            .unwrap(),
        expected
    );
    app.data_as(
        &staff,
        update,
        json!({ "s": solicitation, "d": "2026-07-01T17:00:00Z" }),
    )
    .await;
    assert_eq!(
        latest_event(&app).await.id,
        changed.id,
        "no change, no event"
    );
}

async fn renewal_windows_fire_once_per_threshold_across_runs_and_restarts(app: TestApp) {
    use chrono::TimeDelta;
    use contract_watch::services::alert_events::{fan_out, recipients_of, renewal_windows};

    let r = registry(&app.state.db.write).await;
    // The custodial contract's open option must be decided in 100 days; mowing ends in 400.
    let (follows_contract, _) = follower(
        &app,
        "contract@example.org",
        json!({ "subjectId": gid(NodeKind::Contract, r.custodial_contract) }),
    )
    .await;
    let (follows_library_renewals, _) = follower(
        &app,
        "library@example.org",
        json!({ "renewalsInAgencyIds": [gid(NodeKind::Agency, r.library)] }),
    )
    .await;
    follower(
        &app,
        "parks@example.org",
        json!({ "renewalsInAgencyIds": [gid(NodeKind::Agency, r.parks)] }),
    )
    .await;
    follower(
        &app,
        "mowing@example.org",
        json!({ "subjectId": gid(NodeKind::Contract, r.mowing_contract) }),
    )
    .await;

    // 100 days out: inside the 180-day window.
    assert_eq!(renewal_windows(&app.state).await.unwrap(), 1);
    let event = latest_event(&app).await;
    assert!(
        event.dedupe_key.as_deref().unwrap().ends_with(":180"),
        "{event:?}"
    );
    assert!(event.headline.contains("(100 days)"), "{}", event.headline);
    assert_eq!(
        renewal_windows(&app.state).await.unwrap(),
        0,
        "a second run writes nothing"
    );
    // A restarted instance on the same database writes nothing either.
    let restarted = contract_watch::state::AppState::build(
        (*app.state.settings).clone(),
        app.state.clock.clone(),
    )
    .await
    .unwrap();
    assert_eq!(renewal_windows(&restarted).await.unwrap(), 0);
    fan_out(&app.state).await.unwrap();
    let mut expected = vec![follows_contract, follows_library_renewals];
    expected.sort_unstable();
    assert_eq!(
        recipients_of(&app.state.db.write, event.id).await.unwrap(),
        expected
    );

    // Ten days later: the 90-day threshold, once.
    app.state.clock.advance(TimeDelta::days(10));
    assert_eq!(renewal_windows(&app.state).await.unwrap(), 1);
    assert!(
        latest_event(&app)
            .await
            .dedupe_key
            .unwrap()
            .ends_with(":90")
    );
    assert_eq!(renewal_windows(&app.state).await.unwrap(), 0);
    // A job that was down from day 10 to day 75 sends the 30-day alert only, not a burst.
    app.state.clock.advance(TimeDelta::days(65));
    assert_eq!(renewal_windows(&app.state).await.unwrap(), 1);
    assert!(
        latest_event(&app)
            .await
            .dedupe_key
            .unwrap()
            .ends_with(":30")
    );
    assert_eq!(renewal_windows(&restarted).await.unwrap(), 0);
}

async fn votes_scheduled_moved_and_decided_reach_followers(app: TestApp) {
    use contract_watch::services::alert_events::{fan_out, recipients_of};
    use entity::enums::AlertEventKind;

    let r = registry(&app.state.db.write).await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let (follows_contract, _) = follower(
        &app,
        "contract@example.org",
        json!({ "subjectId": gid(NodeKind::Contract, r.custodial_contract) }),
    )
    .await;
    let (follows_council, _) = follower(
        &app,
        "council@example.org",
        json!({ "bodyId": gid(NodeKind::Body, r.council) }),
    )
    .await;
    follower(
        &app,
        "parks@example.org",
        json!({ "agencyId": gid(NodeKind::Agency, r.parks) }),
    )
    .await;
    let mut expected = vec![follows_contract, follows_council];
    expected.sort_unstable();

    // Staff put the renewal on next month's council agenda.
    let meeting = app
        .data_as(&staff, "mutation($b: ID!) { saveMeeting(input: {bodyId: $b, startsAt: \"2026-07-16T23:00:00Z\", status: SCHEDULED}) { id } }", json!({ "b": gid(NodeKind::Body, r.council) }))
        .await["saveMeeting"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let item = app
        .data_as(&staff, "mutation($m: ID!, $c: ID!) { saveAgendaItem(input: {meetingId: $m, itemNumber: \"12\", title: \"Renew custodial services\", action: RENEWAL, contractId: $c}) { id } }",
            json!({ "m": meeting, "c": gid(NodeKind::Contract, r.custodial_contract) }))
        .await["saveAgendaItem"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let scheduled = latest_event(&app).await;
    assert_eq!(scheduled.kind, AlertEventKind::VoteScheduled);
    assert!(
        scheduled
            .headline
            .starts_with("Scheduled for a vote on Thursday 16 July 2026 at 19:00 EDT:"),
        "{}",
        scheduled.headline
    );
    fan_out(&app.state).await.unwrap();
    assert_eq!(
        recipients_of(&app.state.db.write, scheduled.id)
            .await
            .unwrap(),
        expected
    );

    // The meeting moves: followers hear the new date.
    app.data_as(&staff, "mutation($m: ID!) { saveMeeting(input: {meetingId: $m, startsAt: \"2026-07-23T23:00:00Z\", status: SCHEDULED}) { id } }", json!({ "m": meeting }))
        .await;
    let moved = latest_event(&app).await;
    assert_eq!(moved.kind, AlertEventKind::VoteRescheduled);
    assert!(
        moved
            .headline
            .starts_with("Vote moved to Thursday 23 July 2026 at 19:00 EDT:"),
        "{}",
        moved.headline
    );
    fan_out(&app.state).await.unwrap();
    assert_eq!(
        recipients_of(&app.state.db.write, moved.id).await.unwrap(),
        expected
    );

    // The roll call: followers get the outcome with each official's vote.
    app.data_as(&staff, "mutation($i: ID!, $a: ID!, $b: ID!) { recordVotes(input: {agendaItemId: $i, outcome: APPROVED, votes: [{officialId: $a, vote: YES}, {officialId: $b, vote: NO}]}) { id } }",
        json!({ "i": item, "a": gid(NodeKind::Official, r.officials[0]), "b": gid(NodeKind::Official, r.officials[1]) }))
        .await;
    let outcome = latest_event(&app).await;
    assert_eq!(outcome.kind, AlertEventKind::VoteOutcome);
    assert!(
        outcome.headline.contains("approved"),
        "{}",
        outcome.headline
    );
    assert!(
        outcome.headline.contains("Ada Alder: yes"),
        "{}",
        outcome.headline
    );
    assert!(
        outcome.headline.contains("Ben Birch: no"),
        "{}",
        outcome.headline
    );
    fan_out(&app.state).await.unwrap();
    assert_eq!(
        recipients_of(&app.state.db.write, outcome.id)
            .await
            .unwrap(),
        expected
    );
}

async fn what_people_say_reaches_the_subjects_followers_only(app: TestApp) {
    use contract_watch::services::alert_events::{fan_out, recipients_of};
    use entity::enums::AlertEventKind;

    let r = registry(&app.state.db.write).await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, rep) = app
        .account("rep@example.org", UserRole::Resident, None)
        .await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let union = verified_union(&app, &rep, &admin).await;
    let list = app
        .data_as(&rep, "mutation($o: ID!) { createWatchlist(input: {organizationId: $o, name: \"Custodial\"}) { id } }", json!({ "o": union }))
        .await["createWatchlist"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    const ADD: &str = "mutation($w: ID!, $s: ID!, $n: String!) { addWatchlistItem(input: {watchlistId: $w, subjectId: $s, note: $n}) { id } }";
    app.data_as(
        &rep,
        ADD,
        json!({ "w": list, "s": contract, "n": "We oppose" }),
    )
    .await;
    let (follows_contract, _) = follower(
        &app,
        "contract@example.org",
        json!({ "subjectId": contract }),
    )
    .await;
    let (follows_list, _) =
        follower(&app, "list@example.org", json!({ "watchlistId": list })).await;
    follower(
        &app,
        "library@example.org",
        json!({ "agencyId": gid(NodeKind::Agency, r.library) }),
    )
    .await;
    fan_out(&app.state).await.unwrap();
    let mut both = vec![follows_contract, follows_list];
    both.sort_unstable();

    // A comment, a concern and an official response reach the contract's followers (directly
    // and through the watchlist), not everyone following its agency.
    crate::participation::post(
        &app,
        &ana,
        json!({ "s": contract, "b": "Keep it in-house", "p": "OPPOSE" }),
    )
    .await
    .unwrap();
    let comment = latest_event(&app).await;
    assert_eq!(comment.kind, AlertEventKind::CommentAdded);
    let concern = app
        .data_as(&ana, "mutation($s: ID!) { flagConcern(input: {subjectId: $s, category: OUTSOURCING, severity: HIGH, summary: \"Jobs outsourced\"}) { id } }", json!({ "s": contract }))
        .await["flagConcern"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let flagged = latest_event(&app).await;
    assert_eq!(flagged.kind, AlertEventKind::ConcernAdded);
    app.data_as(&staff, "mutation($c: ID!) { respondToConcern(input: {concernId: $c, body: \"We will publish the study\", status: ACKNOWLEDGED}) { id } }", json!({ "c": concern }))
        .await;
    let answered = latest_event(&app).await;
    assert_eq!(answered.kind, AlertEventKind::OfficialResponse);
    fan_out(&app.state).await.unwrap();
    for event in [&comment, &flagged, &answered] {
        assert_eq!(
            recipients_of(&app.state.db.write, event.id).await.unwrap(),
            both,
            "{event:?}"
        );
    }

    // A new item on the watchlist reaches the list's followers; a changed note is not news.
    let mowing = gid(NodeKind::Contract, r.mowing_contract);
    app.data_as(
        &rep,
        ADD,
        json!({ "w": list, "s": mowing, "n": "Watch the mowing renewal" }),
    )
    .await;
    let added = latest_event(&app).await;
    assert_eq!(added.kind, AlertEventKind::WatchlistItemAdded);
    assert_eq!(
        added.headline,
        "Added to \"Custodial\": Watch the mowing renewal"
    );
    app.data_as(
        &rep,
        ADD,
        json!({ "w": list, "s": mowing, "n": "A new note" }),
    )
    .await;
    assert_eq!(latest_event(&app).await.id, added.id);
    fan_out(&app.state).await.unwrap();
    assert_eq!(
        recipients_of(&app.state.db.write, added.id).await.unwrap(),
        vec![follows_list]
    );
}
