//! The public comment packet of an agenda item, as the clerk downloads it: CSV and JSON at stable
//! URLs, every visible comment and concern on the item and on what it decides, nothing hidden,
//! and no cell a spreadsheet would run as a formula; and the post-vote view of an item.

use contract_watch::domain::ids::NodeKind;
use entity::enums::UserRole;
use poem::http::StatusCode;
use serde_json::json;

use crate::fixtures::registry;
use crate::helpers::{TestApp, gid};
use crate::on_both_databases;
use crate::participation::{ENDORSE, FLAG, RESPOND, post, verified_union};

on_both_databases!(
    the_clerk_downloads_every_visible_comment_and_concern_of_an_agenda_item,
    after_the_vote_an_item_shows_its_roll_call_beside_the_community_tally,
);

async fn the_clerk_downloads_every_visible_comment_and_concern_of_an_agenda_item(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let item = gid(NodeKind::AgendaItem, r.renewal_item);
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
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

    // On the contract the item decides, and on the item itself.
    let first = post(
        &app,
        &ana,
        json!({ "s": contract, "b": "Keep custodial work in-house, señores.", "p": "OPPOSE" }),
    )
    .await
    .unwrap()["id"]
        .clone();
    post(
        &app,
        &rep,
        json!({ "s": contract, "b": "Agreed.", "r": first, "o": union }),
    )
    .await
    .unwrap();
    post(
        &app,
        &ana,
        json!({ "s": item, "b": "=HYPERLINK(\"http://evil.example\",\"click\")", "p": "QUESTION" }),
    )
    .await
    .unwrap();
    let hidden = post(
        &app,
        &rep,
        json!({ "s": item, "b": "Something the moderators hid.", "p": "NEUTRAL" }),
    )
    .await
    .unwrap()["id"]
        .clone();
    app.data_as(&moderator, "mutation($c: ID!) { moderateComment(input: {commentId: $c, action: HIDE, reason: \"Off topic\"}) { id } }", json!({ "c": hidden }))
        .await;
    let concern = app
        .data_as(&rep, FLAG, json!({ "s": contract, "c": "OUTSOURCING", "v": "HIGH", "m": "Outsources 42 jobs", "d": "The in-house crew costs less.", "o": union }))
        .await["flagConcern"]["id"]
        .clone();
    app.data_as(&ana, ENDORSE, json!({ "c": concern })).await;
    app.data_as(
        &staff,
        RESPOND,
        json!({ "c": concern, "b": "We will publish the cost comparison.", "s": "ACKNOWLEDGED" }),
    )
    .await;
    // Said elsewhere: not in this item's packet.
    post(&app, &ana, json!({ "s": gid(NodeKind::Contract, r.mowing_contract), "b": "Mowing is fine.", "p": "SUPPORT" }))
        .await
        .unwrap();

    // The CSV: a byte-order mark, a header, one row per visible comment and concern.
    let response = app
        .client
        .get(format!("/agenda-items/{item}/comments.csv"))
        .send()
        .await;
    response.assert_status_is_ok();
    response.assert_content_type("text/csv; charset=utf-8");
    let bytes = response.0.into_body().into_bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[..5], ["kind", "id", "on", "posted_at", "author"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let texts: Vec<&str> = rows.iter().map(|r| &r[column("text")]).collect();
    assert_eq!(rows.len(), 4, "{texts:?}");
    assert!(texts.contains(&"Keep custodial work in-house, señores."));
    assert!(texts.contains(&"Agreed."));
    assert!(
        texts.contains(&"'=HYPERLINK(\"http://evil.example\",\"click\")"),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.contains("moderators hid")));
    assert!(!texts.iter().any(|t| t.contains("Mowing")));
    let reply = rows
        .iter()
        .find(|r| &r[column("text")] == "Agreed.")
        .unwrap();
    assert_eq!(&reply[column("organization")], "Custodians Local 7");
    assert_eq!(&reply[column("reply_to")], first.as_str().unwrap());
    let flagged = rows
        .iter()
        .find(|r| &r[column("kind")] == "concern")
        .unwrap();
    assert_eq!(&flagged[column("position")], "outsourcing");
    assert_eq!(&flagged[column("endorsements")], "1");
    assert_eq!(
        &flagged[column("official_response")],
        "We will publish the cost comparison."
    );
    assert_eq!(&flagged[column("on")], "contract");

    // The JSON: the same rows, text unchanged.
    let (status, body) = app
        .get(&format!("/agenda-items/{item}/comments.json"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let rows = body["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert!(
        rows.iter()
            .any(|r| r["text"] == "=HYPERLINK(\"http://evil.example\",\"click\")")
    );
    assert_eq!(body["agendaItem"]["title"], "Item 1");

    // A malformed id names the field; an unknown one is not found.
    let (status, body) = app.get("/agenda-items/not-an-id/comments.csv").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "BAD_USER_INPUT");
    assert_eq!(body["error"]["field"], "id");
    let (status, body) = app
        .get(&format!(
            "/agenda-items/{}/comments.json",
            gid(NodeKind::AgendaItem, 999_999)
        ))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "NOT_FOUND");
}

async fn after_the_vote_an_item_shows_its_roll_call_beside_the_community_tally(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let item = gid(NodeKind::AgendaItem, r.renewal_item);
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
    let (_, staff) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let union = verified_union(&app, &rep, &admin).await;
    post(
        &app,
        &ana,
        json!({ "s": contract, "b": "Keep it in-house.", "p": "OPPOSE" }),
    )
    .await
    .unwrap();
    post(
        &app,
        &ben,
        json!({ "s": contract, "b": "The vendor did fine.", "p": "SUPPORT" }),
    )
    .await
    .unwrap();
    post(
        &app,
        &rep,
        json!({ "s": contract, "b": "Local 7 opposes.", "p": "OPPOSE", "o": union }),
    )
    .await
    .unwrap();
    app.data_as(&staff, "mutation($i: ID!, $a: ID!, $b: ID!) { recordVotes(input: {agendaItemId: $i, outcome: APPROVED, votes: [{officialId: $a, vote: YES}, {officialId: $b, vote: NO}]}) { id } }",
        json!({ "i": item, "a": gid(NodeKind::Official, r.officials[0]), "b": gid(NodeKind::Official, r.officials[1]) }))
        .await;

    const VIEW: &str = "query($i: ID!) { agendaItem(id: $i) { outcome voteTally { yes no } \
        rollCall { vote official { name } } \
        communityTally { positions { position people organizations } organizationPositions { position organization { name } } } } }";
    let view = app.data(VIEW, json!({ "i": item })).await["agendaItem"].clone();
    assert_eq!(view["outcome"], "APPROVED");
    assert_eq!(view["voteTally"], json!({ "yes": 1, "no": 1 }));
    assert_eq!(view["rollCall"].as_array().unwrap().len(), 2);
    let positions = view["communityTally"]["positions"].as_array().unwrap();
    let count = |position: &str| {
        positions
            .iter()
            .find(|p| p["position"] == position)
            .map(|p| {
                (
                    p["people"].as_i64().unwrap(),
                    p["organizations"].as_i64().unwrap(),
                )
            })
    };
    assert_eq!(count("OPPOSE"), Some((1, 1)));
    assert_eq!(count("SUPPORT"), Some((1, 0)));
    assert_eq!(
        view["communityTally"]["organizationPositions"],
        json!([{ "position": "OPPOSE", "organization": { "name": "Custodians Local 7" } }])
    );

    // Other business decides nothing: no community tally.
    let other = app
        .data_as(&staff, "mutation($m: ID!) { saveAgendaItem(input: {meetingId: $m, itemNumber: \"30\", title: \"Minutes\", action: OTHER}) { id } }",
            json!({ "m": gid(NodeKind::Meeting, r.upcoming_meeting) }))
        .await["saveAgendaItem"]["id"]
        .clone();
    let view = app.data(VIEW, json!({ "i": other })).await;
    assert_eq!(view["agendaItem"]["communityTally"], json!(null));
}
