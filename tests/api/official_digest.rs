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

on_both_databases!(staff_preview_the_digest_each_official_will_receive);

const PREVIEW: &str = "query($o: ID!, $m: ID!, $l: Int!) { officialDigestPreview(officialId: $o, meetingId: $m, leadTime: $l) { subject text html } }";

/// Links name rows by ID, which differ between databases; the snapshot shows their place.
fn stable(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("?item=") {
        out.push_str(&rest[..at + "?item=".len()]);
        out.push_str("[id]");
        rest = &rest[at + "?item=".len()..];
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
