//! What shapes officials' digests beyond the defaults: items added after a digest went out reach
//! each member once, in a short update; officials choose whether they receive pre-vote digests
//! (shown publicly) and the weekly summary; bodies have their own lead times.

use contract_watch::domain::ids::NodeKind;
use contract_watch::services::official_digest::send_due;
use entity::enums::UserRole;
use serde_json::json;

use crate::alert_mail::one_click;
use crate::fixtures::registry;
use crate::helpers::{TestApp, error_code, gid, link_token};
use crate::official_digest::{STATUS, mail_to, stable, states_of, status_line};
use crate::on_both_databases;

on_both_databases!(
    items_added_after_a_digest_reach_each_member_once_in_a_short_update,
    officials_choose_their_digests_and_bodies_their_lead_times,
    an_official_who_opts_in_gets_one_weekly_summary_until_they_unsubscribe,
    an_official_without_an_account_is_reached_at_a_confirmed_contact_address,
);

const ADD_ITEM: &str = "mutation($m: ID!, $n: String!, $t: String!, $c: ID!) { saveAgendaItem(input: {meetingId: $m, itemNumber: $n, title: $t, action: EXTENSION, contractId: $c}) { id } }";
const ARCHIVE: &str = "query($m: ID!) { meeting(id: $m) { sentDigests { leadDays subject text addedItems { title } recipients { name } } } }";
const CHOOSE: &str = "mutation($p: Boolean, $w: Boolean) { setMyDigestChoices(preVoteDigests: $p, weeklySummary: $w) { name receivesPreVoteDigests preVoteDigestsChosenAt receivesWeeklySummary } }";
const LEADS: &str = "mutation($b: ID!, $l: [Int!]) { setBodyDigestLeadTimes(bodyId: $b, leadDays: $l) { digestLeadDays } }";

/// Links a new verified account to each of `officials` (by index), returning their tokens.
pub async fn linked(app: &TestApp, admin: &str, officials: &[(i64, &str)]) -> Vec<String> {
    let mut tokens = Vec::new();
    for (official, email) in officials {
        let (user, token) = app.account(email, UserRole::Resident, None).await;
        app.data_as(
            admin,
            "mutation($u: ID!, $o: ID!) { linkOfficial(input: {userId: $u, officialId: $o}) { id } }",
            json!({ "u": gid(NodeKind::User, user), "o": gid(NodeKind::Official, *official) }),
        )
        .await;
        tokens.push(token);
    }
    tokens
}

async fn items_added_after_a_digest_reach_each_member_once_in_a_short_update(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    linked(
        &app,
        &admin,
        &[
            (r.officials[0], "ada@example.org"),
            (r.officials[1], "ben@example.org"),
        ],
    )
    .await;
    let meeting = gid(NodeKind::Meeting, r.upcoming_meeting);
    // Three days out: both members get the 7-day digest.
    assert_eq!(send_due(&app.state).await.unwrap(), 2);

    // Staff add an item afterwards. Two workers race; each member hears of it once.
    app.data_as(
        &staff,
        ADD_ITEM,
        json!({ "m": meeting, "n": "4", "t": "Extend mowing", "c": gid(NodeKind::Contract, r.mowing_contract) }),
    )
    .await;
    let (a, b) = tokio::join!(send_due(&app.state), send_due(&app.state));
    assert_eq!(a.unwrap() + b.unwrap(), 2, "one update per member");
    assert_eq!(
        send_due(&app.state).await.unwrap(),
        0,
        "a re-run sends nothing"
    );
    for to in ["ada@example.org", "ben@example.org"] {
        assert_eq!(mail_to(&app, to, "official_digest_update").await.len(), 1);
    }
    let update = mail_to(&app, "ada@example.org", "official_digest_update")
        .await
        .remove(0);
    // Only the added item, not the two the digest already covered.
    assert!(update.1.contains("Extend mowing"));
    assert!(!update.1.contains("Custodial"));
    insta::assert_snapshot!("official_digest_update_subject", update.0);
    insta::assert_snapshot!("official_digest_update_text", stable(&update.1));

    // The public archive has the digest and the update, each with its recipients.
    let archive =
        app.data(ARCHIVE, json!({ "m": meeting })).await["meeting"]["sentDigests"].clone();
    assert_eq!(archive.as_array().unwrap().len(), 2);
    assert_eq!(archive[0]["addedItems"], json!([]));
    assert_eq!(
        archive[1]["addedItems"],
        json!([{ "title": "Extend mowing" }])
    );
    assert_eq!(
        archive[1]["recipients"],
        json!([{ "name": "Ada Alder" }, { "name": "Ben Birch" }])
    );
    assert_eq!(archive[1]["subject"], update.0.as_str());

    // The 2-day digest covers every item, so no update follows it.
    app.state
        .clock
        .advance(chrono::TimeDelta::days(1) + chrono::TimeDelta::minutes(1));
    assert_eq!(send_due(&app.state).await.unwrap(), 2);
    let two_day = mail_to(&app, "ada@example.org", "official_digest").await;
    assert_eq!(two_day.len(), 2);
    assert!(two_day[1].1.contains("Extend mowing"));
    assert_eq!(
        mail_to(&app, "ada@example.org", "official_digest_update")
            .await
            .len(),
        1
    );

    // An item added after the last digest still gets its update; once the meeting has started,
    // nothing goes.
    let staff = app.log_in("clerk@example.org").await;
    app.data_as(
        &staff,
        ADD_ITEM,
        json!({ "m": meeting, "n": "5", "t": "Extend custodial again", "c": gid(NodeKind::Contract, r.custodial_contract) }),
    )
    .await;
    assert_eq!(send_due(&app.state).await.unwrap(), 2);
    app.state.clock.advance(chrono::TimeDelta::days(2));
    let staff = app.log_in("clerk@example.org").await;
    app.data_as(
        &staff,
        ADD_ITEM,
        json!({ "m": meeting, "n": "6", "t": "Too late", "c": gid(NodeKind::Contract, r.mowing_contract) }),
    )
    .await;
    assert_eq!(send_due(&app.state).await.unwrap(), 0);
    assert_eq!(
        mail_to(&app, "ben@example.org", "official_digest_update")
            .await
            .len(),
        2
    );
}

async fn officials_choose_their_digests_and_bodies_their_lead_times(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let (_, resident) = app
        .account("res@example.org", UserRole::Resident, None)
        .await;
    let ada = linked(&app, &admin, &[(r.officials[0], "ada@example.org")])
        .await
        .remove(0);
    let meeting = gid(NodeKind::Meeting, r.upcoming_meeting);
    let council = gid(NodeKind::Body, r.council);
    let official = gid(NodeKind::Official, r.officials[0]);
    let public = "query($o: ID!) { node(id: $o) { ... on Official { receivesPreVoteDigests preVoteDigestsChosenAt receivesWeeklySummary } } }";

    // Only an official's own account chooses.
    let refused = app
        .gql_as(Some(&resident), "192.0.2.1", CHOOSE, json!({ "p": false }))
        .await
        .1;
    assert_eq!(error_code(&refused), "FORBIDDEN");
    let chosen = app
        .data_as(&ada, CHOOSE, json!({ "p": false, "w": true }))
        .await["setMyDigestChoices"]
        .clone();
    assert_eq!(chosen["receivesPreVoteDigests"], false);
    assert_eq!(chosen["receivesWeeklySummary"], true);
    assert!(chosen["preVoteDigestsChosenAt"].is_string());
    // The pre-vote choice is public; the weekly summary is the official's and staff's business.
    let seen = app.data(public, json!({ "o": official })).await["node"].clone();
    assert_eq!(seen["receivesPreVoteDigests"], false);
    assert!(seen["receivesWeeklySummary"].is_null());
    let seen = app.data_as(&staff, public, json!({ "o": official })).await["node"].clone();
    assert_eq!(seen["receivesWeeklySummary"], true);

    // Opted out: nothing goes, and the status says why.
    assert_eq!(send_due(&app.state).await.unwrap(), 0);
    assert!(
        mail_to(&app, "ada@example.org", "official_digest")
            .await
            .is_empty()
    );
    let status =
        app.data_as(&staff, STATUS, json!({ "m": meeting })).await["meetingDigestStatus"].clone();
    let ada_line = status_line(&status, "Ada Alder", 7);
    assert_eq!(ada_line["state"], "OPTED_OUT");
    assert_eq!(ada_line["reason"], "chose not to receive pre-vote digests");

    // The council's own lead times: bad input names the field and changes nothing.
    for bad in [json!([61]), json!([]), json!([3, 3]), json!([-1])] {
        let body = app
            .gql_as(
                Some(&staff),
                "192.0.2.1",
                LEADS,
                json!({ "b": council, "l": bad }),
            )
            .await
            .1;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{bad}");
        assert_eq!(body["errors"][0]["extensions"]["field"], "leadDays");
    }
    let refused = app
        .gql_as(
            Some(&resident),
            "192.0.2.1",
            LEADS,
            json!({ "b": council, "l": [3] }),
        )
        .await
        .1;
    assert_eq!(error_code(&refused), "FORBIDDEN");
    let leads = "query($b: ID!) { node(id: $b) { ... on Body { digestLeadDays } } }";
    assert_eq!(
        app.data(leads, json!({ "b": council })).await["node"]["digestLeadDays"],
        json!([7, 2])
    );
    let set = app
        .data_as(&staff, LEADS, json!({ "b": council, "l": [1, 3] }))
        .await;
    assert_eq!(
        set["setBodyDigestLeadTimes"]["digestLeadDays"],
        json!([3, 1])
    );

    // Ada opts back in: the meeting is three days out, so the 3-day digest goes now.
    app.data_as(&ada, CHOOSE, json!({ "p": true })).await;
    assert_eq!(send_due(&app.state).await.unwrap(), 1);
    let archive =
        app.data(ARCHIVE, json!({ "m": meeting })).await["meeting"]["sentDigests"].clone();
    assert_eq!(archive[0]["leadDays"], 3);
    let status =
        app.data_as(&staff, STATUS, json!({ "m": meeting })).await["meetingDigestStatus"].clone();
    let ada_leads = states_of(&status, "Ada Alder");
    assert_eq!(
        ada_leads,
        [(3, "QUEUED".to_owned()), (1, "SCHEDULED".to_owned())]
    );

    // Back to the service's lead times with null.
    let reset = app
        .data_as(&staff, LEADS, json!({ "b": council, "l": null }))
        .await;
    assert_eq!(
        reset["setBodyDigestLeadTimes"]["digestLeadDays"],
        json!([7, 2])
    );
}

/// The officials' weekly summaries queued for `to`, oldest first.
async fn summaries_to(app: &TestApp, to: &str) -> Vec<entity::email_delivery::Model> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    entity::email_delivery::Entity::find()
        .filter(entity::email_delivery::Column::Recipient.eq(to))
        .filter(entity::email_delivery::Column::Kind.eq("official_summary"))
        .order_by_asc(entity::email_delivery::Column::Id)
        .all(&app.state.db.write)
        .await
        .unwrap()
}

async fn an_official_who_opts_in_gets_one_weekly_summary_until_they_unsubscribe(app: TestApp) {
    use contract_watch::services::official_summary::send_weekly;
    let r = registry(&app.state.db.write).await;
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, resident) = app
        .account("res@example.org", UserRole::Resident, None)
        .await;
    let ada = linked(&app, &admin, &[(r.officials[0], "ada@example.org")])
        .await
        .remove(0);
    let contract = gid(NodeKind::Contract, r.custodial_contract);

    // Off until the official opts in.
    assert_eq!(send_weekly(&app.state).await.unwrap(), 0);
    app.data_as(&ada, CHOOSE, json!({ "w": true })).await;
    // Monday 08:00 in New York: this week's summary (2026-W25) goes once.
    let (a, b) = tokio::join!(send_weekly(&app.state), send_weekly(&app.state));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(send_weekly(&app.state).await.unwrap(), 0);
    let first = summaries_to(&app, "ada@example.org").await;
    assert_eq!(first.len(), 1);
    assert!(
        first[0].subject.contains("2026-W25"),
        "{}",
        first[0].subject
    );
    assert!(
        first[0]
            .text_body
            .contains("Council, Thursday 18 June 2026")
    );
    assert!(first[0].list_unsubscribe.is_some(), "list mail");

    // Residents speak during the week; the next Monday's summary counts it, for an item on a
    // meeting still ahead.
    crate::participation::post(
        &app,
        &resident,
        json!({ "s": contract, "b": "Keep custodial work in-house.", "p": "OPPOSE" }),
    )
    .await
    .unwrap();
    app.data_as(
        &resident,
        crate::participation::FLAG,
        json!({ "s": contract, "c": "OUTSOURCING", "v": "HIGH", "m": "Jobs move out", "d": "" }),
    )
    .await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let later = app
        .data_as(&staff, "mutation($b: ID!) { saveMeeting(input: {bodyId: $b, startsAt: \"2026-07-10T22:00:00Z\", status: SCHEDULED}) { id } }",
            json!({ "b": gid(NodeKind::Body, r.council) }))
        .await["saveMeeting"]["id"]
        .clone();
    app.data_as(
        &staff,
        ADD_ITEM,
        json!({ "m": later, "n": "7", "t": "Extend custodial", "c": contract }),
    )
    .await;
    app.state.clock.advance(chrono::TimeDelta::days(7));
    assert_eq!(send_weekly(&app.state).await.unwrap(), 1);
    let second = summaries_to(&app, "ada@example.org").await;
    assert_eq!(second.len(), 2);
    let text = &second[1].text_body;
    assert!(second[1].subject.contains("2026-W26"));
    assert!(
        text.contains("extension: Extend custodial\n  This week: 1 new comment, 1 new concern. So far: oppose 1."),
        "{text}"
    );

    // One click turns the weekly summary off, and the choice shows it.
    one_click(&app, &second[1]).await;
    let ada = app.log_in("ada@example.org").await;
    let me = app
        .data_as(
            &ada,
            "{ me { official { receivesWeeklySummary } } }",
            json!({}),
        )
        .await;
    assert_eq!(me["me"]["official"]["receivesWeeklySummary"], false);
    app.state.clock.advance(chrono::TimeDelta::days(7));
    assert_eq!(send_weekly(&app.state).await.unwrap(), 0);

    // Opting in again asks for the mail again: it is queued, not suppressed.
    let ada = app.log_in("ada@example.org").await;
    app.data_as(&ada, CHOOSE, json!({ "w": true })).await;
    app.state.clock.advance(chrono::TimeDelta::days(7));
    assert_eq!(send_weekly(&app.state).await.unwrap(), 1);
    let last = summaries_to(&app, "ada@example.org").await.pop().unwrap();
    assert_eq!(last.status, entity::enums::DeliveryStatus::Pending);
}

async fn an_official_without_an_account_is_reached_at_a_confirmed_contact_address(app: TestApp) {
    use sea_orm::EntityTrait;
    let r = registry(&app.state.db.write).await;
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let meeting = gid(NodeKind::Meeting, r.upcoming_meeting);
    let ben = r.officials[1];
    let save = "mutation($o: ID!, $e: String) { saveOfficial(input: {officialId: $o, name: \"Ben Birch\", title: \"Council Member\", contactEmail: $e}) { id } }";
    let proven = |app: &TestApp| {
        let db = app.state.db.write.clone();
        async move {
            entity::official::Entity::find_by_id(ben)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .contact_email_verified_at
                .is_some()
        }
    };

    // Staff enter Ben's office address: it is sent a confirmation link, and nothing else yet.
    app.data_as(
        &staff,
        save,
        json!({ "o": gid(NodeKind::Official, ben), "e": "ben.birch@council.example" }),
    )
    .await;
    let asked = mail_to(&app, "ben.birch@council.example", "official_contact").await;
    assert_eq!(asked.len(), 1);
    let first = link_token(&asked[0].1, "/officials/confirm-contact/");
    let confirmed =
        "query($o: ID!) { node(id: $o) { ... on Official { contactAddressConfirmed } } }";
    let ben_id = gid(NodeKind::Official, ben);
    assert_eq!(
        app.data_as(&staff, confirmed, json!({ "o": ben_id })).await["node"]["contactAddressConfirmed"],
        false
    );
    assert!(
        app.data(confirmed, json!({ "o": ben_id })).await["node"]["contactAddressConfirmed"]
            .is_null()
    );

    // Staff can send a fresh link; the first stops working.
    let resend = "mutation($o: ID!) { resendContactConfirmation(officialId: $o) { id } }";
    app.data_as(&staff, resend, json!({ "o": ben_id })).await;
    let asked = mail_to(&app, "ben.birch@council.example", "official_contact").await;
    assert_eq!(asked.len(), 2);
    let token = link_token(&asked[1].1, "/officials/confirm-contact/");
    app.client
        .post(format!("/officials/confirm-contact/{first}"))
        .send()
        .await
        .assert_status(poem::http::StatusCode::BAD_REQUEST);
    // Saving the same address again sends nothing more.
    app.data_as(
        &staff,
        save,
        json!({ "o": gid(NodeKind::Official, ben), "e": "ben.birch@council.example" }),
    )
    .await;
    assert_eq!(
        mail_to(&app, "ben.birch@council.example", "official_contact")
            .await
            .len(),
        2
    );

    // The link's GET changes nothing; a wrong token is refused; the POST confirms, once.
    app.client
        .get(format!("/officials/confirm-contact/{token}"))
        .send()
        .await
        .assert_status_is_ok();
    assert!(!proven(&app).await);
    app.client
        .post("/officials/confirm-contact/not-a-token")
        .send()
        .await
        .assert_status(poem::http::StatusCode::BAD_REQUEST);
    app.client
        .post(format!("/officials/confirm-contact/{token}"))
        .send()
        .await
        .assert_status_is_ok();
    assert!(proven(&app).await);
    app.client
        .post(format!("/officials/confirm-contact/{token}"))
        .send()
        .await
        .assert_status(poem::http::StatusCode::BAD_REQUEST);
    assert_eq!(
        app.data_as(&staff, confirmed, json!({ "o": ben_id })).await["node"]["contactAddressConfirmed"],
        true
    );
    let again = app
        .gql_as(Some(&staff), "192.0.2.1", resend, json!({ "o": ben_id }))
        .await
        .1;
    assert_eq!(error_code(&again), "CONFLICT");
    // Without an address there is nothing to confirm; links are limited to three a day.
    let cleo = gid(NodeKind::Official, r.officials[2]);
    let no_address = app
        .gql_as(Some(&staff), "192.0.2.1", "mutation($o: ID!) { saveOfficial(input: {officialId: $o, name: \"Cleo Cedar\", title: \"Council Member\"}) { id } }", json!({ "o": cleo }))
        .await
        .1;
    assert!(no_address.get("errors").is_none(), "{no_address}");
    let refused = app
        .gql_as(Some(&staff), "192.0.2.1", resend, json!({ "o": cleo }))
        .await
        .1;
    assert_eq!(error_code(&refused), "BAD_USER_INPUT");
    assert_eq!(refused["errors"][0]["extensions"]["field"], "officialId");
    let ada = gid(NodeKind::Official, r.officials[0]);
    for _ in 0..3 {
        app.data_as(&staff, resend, json!({ "o": ada })).await;
    }
    let limited = app
        .gql_as(Some(&staff), "192.0.2.1", resend, json!({ "o": ada }))
        .await
        .1;
    assert_eq!(error_code(&limited), "RATE_LIMITED");

    // The 7-day digest reaches Ben there.
    assert_eq!(send_due(&app.state).await.unwrap(), 1);
    let sent = mail_to(&app, "ben.birch@council.example", "official_digest").await;
    assert_eq!(sent.len(), 1);
    assert!(sent[0].1.starts_with("Dear Ben Birch,"));

    // A changed address is unproven again: the 2-day digest has nowhere to go, and says so.
    app.data_as(
        &staff,
        save,
        json!({ "o": gid(NodeKind::Official, ben), "e": "b.birch@council.example" }),
    )
    .await;
    assert!(!proven(&app).await);
    assert_eq!(
        mail_to(&app, "b.birch@council.example", "official_contact")
            .await
            .len(),
        1
    );
    app.state
        .clock
        .advance(chrono::TimeDelta::days(1) + chrono::TimeDelta::minutes(1));
    assert_eq!(send_due(&app.state).await.unwrap(), 0);
    let staff = app.log_in("clerk@example.org").await;
    let status =
        app.data_as(&staff, STATUS, json!({ "m": meeting })).await["meetingDigestStatus"].clone();
    assert_eq!(
        states_of(&status, "Ben Birch"),
        [(7, "QUEUED".to_owned()), (2, "NO_ADDRESS".to_owned())]
    );
}
