//! Participation through the real router: comments with a stance, threads, organisations'
//! positions, edits and deletions, closing at the meeting, limits, and tallies.

use chrono::TimeDelta;
use contract_watch::domain::ids::{GlobalId, NodeKind};
use entity::enums::UserRole;
use serde_json::{Value, json};

use crate::fixtures::registry;
use crate::helpers::{TestApp, error_code};
use crate::on_both_databases;

on_both_databases!(
    residents_and_unions_comment_and_the_tally_counts_them,
    comment_input_is_checked_and_changes_nothing_when_bad,
    agenda_item_comments_close_when_the_meeting_starts,
);

on_both_databases!(
    with [("CW__PARTICIPATION__COMMENTS_PER_HOUR", "3")];
    every_aliased_comment_counts_against_the_hourly_limit,
);

pub const POST: &str = "mutation($s: ID!, $b: String!, $p: Position, $r: ID, $o: ID) { \
    postComment(input: {subjectId: $s, body: $b, position: $p, parentId: $r, onBehalfOfOrganizationId: $o}) { \
    id body bodyHtml position depth edited deleted author { displayName } organization { name } } }";

pub const TALLY: &str = "query($s: ID!) { node(id: $s) { ... on Contract { \
    tally { positions { position people organizations } organizationPositions { position organization { name } comment { body } } } \
    comments(first: 10) { totalCount edges { node { id body deleted author { displayName } replies { id body depth replies { id replies { id } } } } } } } } }";

fn gid(kind: NodeKind, id: i64) -> String {
    GlobalId::new(kind, id).encode()
}

/// Posts as `token` and returns the comment, or the whole body when it failed.
pub async fn post(app: &TestApp, token: &str, variables: Value) -> Result<Value, Value> {
    let (_, body) = app.gql_as(Some(token), "192.0.2.1", POST, variables).await;
    if body.get("errors").is_some() {
        Err(body)
    } else {
        Ok(body["data"]["postComment"].clone())
    }
}

/// A verified union local with `rep` as its representative; returns its global id.
pub async fn verified_union(app: &TestApp, rep: &str, admin: &str) -> String {
    let org = app
        .data_as(rep, "mutation { createOrganization(input: {name: \"Custodians Local 7\", kind: UNION_LOCAL, description: \"Building service workers\"}) { id } }", json!({}))
        .await["createOrganization"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.data_as(
        admin,
        "mutation($o: ID!) { verifyOrganization(input: {organizationId: $o}) { id } }",
        json!({ "o": org }),
    )
    .await;
    org
}

async fn residents_and_unions_comment_and_the_tally_counts_them(app: TestApp) {
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

    // A resident opposes the renewal, in Markdown.
    let opposed = post(&app, &ana, json!({ "s": contract, "b": "**Keep this work in-house.** <script>alert(1)</script>", "p": "OPPOSE" }))
        .await
        .unwrap();
    assert_eq!(opposed["position"], "OPPOSE");
    assert_eq!(opposed["depth"], 1);
    assert_eq!(
        opposed["body"],
        "**Keep this work in-house.** <script>alert(1)</script>"
    );
    assert_eq!(
        opposed["bodyHtml"],
        "<p><strong>Keep this work in-house.</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    );
    let opposed_id = opposed["id"].as_str().unwrap().to_owned();

    // Replies thread to depth 3, and no deeper.
    let mut parent = opposed_id.clone();
    for depth in 2..=3 {
        let reply = post(
            &app,
            &ben,
            json!({ "s": contract, "b": format!("Reply at depth {depth}"), "r": parent }),
        )
        .await
        .unwrap();
        assert_eq!(reply["depth"], depth);
        assert_eq!(reply["position"], Value::Null);
        parent = reply["id"].as_str().unwrap().to_owned();
    }
    let too_deep = post(
        &app,
        &ana,
        json!({ "s": contract, "b": "Depth four", "r": parent }),
    )
    .await
    .unwrap_err();
    assert_eq!(error_code(&too_deep), "BAD_USER_INPUT");
    assert_eq!(too_deep["errors"][0]["extensions"]["field"], "parentId");

    // Speaking for an organisation takes a verified organisation and its representative.
    let org = app
        .data_as(&rep, "mutation { createOrganization(input: {name: \"Unverified Group\", kind: COMMUNITY_GROUP, description: \"\"}) { id } }", json!({}))
        .await["createOrganization"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let unverified = post(
        &app,
        &rep,
        json!({ "s": contract, "b": "We support it", "p": "SUPPORT", "o": org }),
    )
    .await
    .unwrap_err();
    assert_eq!(
        unverified["errors"][0]["extensions"]["field"],
        "onBehalfOfOrganizationId"
    );
    let union = verified_union(&app, &rep, &admin).await;
    let not_rep = post(
        &app,
        &ben,
        json!({ "s": contract, "b": "Speaking for the union", "p": "SUPPORT", "o": union }),
    )
    .await
    .unwrap_err();
    assert_eq!(error_code(&not_rep), "FORBIDDEN");
    let union_position = post(&app, &rep, json!({ "s": contract, "b": "Local 7 opposes outsourcing this work.", "p": "OPPOSE", "o": union }))
        .await
        .unwrap();
    assert_eq!(union_position["organization"]["name"], "Custodians Local 7");
    post(
        &app,
        &ben,
        json!({ "s": contract, "b": "I support the renewal.", "p": "SUPPORT" }),
    )
    .await
    .unwrap();

    let tally = app.data(TALLY, json!({ "s": contract })).await["node"]["tally"].clone();
    assert_eq!(
        tally["positions"],
        json!([
            { "position": "SUPPORT", "people": 1, "organizations": 0 },
            { "position": "OPPOSE", "people": 1, "organizations": 1 },
        ])
    );
    assert_eq!(
        tally["organizationPositions"],
        json!([{ "position": "OPPOSE", "organization": { "name": "Custodians Local 7" }, "comment": { "body": "Local 7 opposes outsourcing this work." } }])
    );

    // The author edits: "edited" shows, and the earlier text is kept for the author.
    let edited = app
        .data_as(&ana, "mutation($c: ID!) { editComment(input: {commentId: $c, body: \"Keep this work in-house, please.\"}) { edited body revisions { body } } }", json!({ "c": opposed_id }))
        .await["editComment"]
        .clone();
    assert_eq!(edited["edited"], true);
    assert_eq!(
        edited["revisions"],
        json!([{ "body": "**Keep this work in-house.** <script>alert(1)</script>" }])
    );
    let (_, others) = app
        .gql_as(
            Some(&ben),
            "192.0.2.1",
            "query($c: ID!) { node(id: $c) { ... on Comment { revisions { body } } } }",
            json!({ "c": opposed_id }),
        )
        .await;
    assert_eq!(error_code(&others), "FORBIDDEN");
    let (_, not_mine) = app
        .gql_as(
            Some(&ben),
            "192.0.2.1",
            "mutation($c: ID!) { editComment(input: {commentId: $c, body: \"Hijacked\"}) { id } }",
            json!({ "c": opposed_id }),
        )
        .await;
    assert_eq!(error_code(&not_mine), "FORBIDDEN");

    // The author deletes: text and name go, the replies stay, the tally no longer counts it.
    let deleted = app
        .data_as(&ana, "mutation($c: ID!) { deleteComment(commentId: $c) { deleted body author { displayName } } }", json!({ "c": opposed_id }))
        .await["deleteComment"]
        .clone();
    assert_eq!(
        deleted,
        json!({ "deleted": true, "body": "", "author": null })
    );
    let after = app.data(TALLY, json!({ "s": contract })).await["node"].clone();
    assert_eq!(
        after["tally"]["positions"],
        json!([
            { "position": "SUPPORT", "people": 1, "organizations": 0 },
            { "position": "OPPOSE", "people": 0, "organizations": 1 },
        ])
    );
    let thread = after["comments"]["edges"][0]["node"].clone();
    assert_eq!(thread["deleted"], true);
    assert_eq!(thread["replies"][0]["depth"], 2);
    assert_eq!(thread["replies"][0]["replies"][0]["replies"], json!([]));
    assert_eq!(after["comments"]["totalCount"], 3);
}

async fn comment_input_is_checked_and_changes_nothing_when_bad(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let cases = [
        (json!({ "s": contract, "b": "   ", "p": "OPPOSE" }), "body"),
        (
            json!({ "s": contract, "b": "x".repeat(5001), "p": "OPPOSE" }),
            "body",
        ),
        (json!({ "s": contract, "b": "No position" }), "position"),
        (
            json!({ "s": gid(NodeKind::Vendor, r.vendor), "b": "About a vendor", "p": "OPPOSE" }),
            "subjectId",
        ),
        (
            json!({ "s": "not-an-id", "b": "Bad id", "p": "OPPOSE" }),
            "subjectId",
        ),
        (
            json!({ "s": contract, "b": "Bad parent", "r": gid(NodeKind::Contract, 1) }),
            "parentId",
        ),
    ];
    for (variables, field) in cases {
        let body = post(&app, &ana, variables.clone()).await.unwrap_err();
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{variables}: {body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    // 5,000 characters is allowed.
    post(
        &app,
        &ana,
        json!({ "s": contract, "b": "é".repeat(5000), "p": "NEUTRAL" }),
    )
    .await
    .unwrap();
    // The same text again within a day is refused; a reply may not take a position.
    let first = post(
        &app,
        &ana,
        json!({ "s": contract, "b": "Vote no on item 7", "p": "OPPOSE" }),
    )
    .await
    .unwrap();
    let again = post(
        &app,
        &ana,
        json!({ "s": contract, "b": "vote  NO on item 7", "p": "OPPOSE" }),
    )
    .await
    .unwrap_err();
    assert_eq!(again["errors"][0]["extensions"]["field"], "body");
    let positioned_reply = post(
        &app,
        &ana,
        json!({ "s": contract, "b": "A reply", "p": "SUPPORT", "r": first["id"] }),
    )
    .await
    .unwrap_err();
    assert_eq!(
        positioned_reply["errors"][0]["extensions"]["field"],
        "position"
    );
    // A missing subject is NOT_FOUND; an unverified account cannot comment.
    let missing = post(
        &app,
        &ana,
        json!({ "s": gid(NodeKind::Contract, 999_999), "b": "Ghost", "p": "OPPOSE" }),
    )
    .await
    .unwrap_err();
    assert_eq!(error_code(&missing), "NOT_FOUND");
    app.gql_as(None, "198.51.100.1", "mutation { signUp(input: {email: \"new@example.org\", password: \"correct horse battery staple\", displayName: \"New\"}) { ok } }", json!({})).await;
    let unverified = app.log_in("new@example.org").await;
    let refused = post(
        &app,
        &unverified,
        json!({ "s": contract, "b": "Hello", "p": "SUPPORT" }),
    )
    .await
    .unwrap_err();
    assert_eq!(error_code(&refused), "EMAIL_NOT_VERIFIED");

    // Only the two good comments were stored.
    let count =
        app.data(TALLY, json!({ "s": contract })).await["node"]["comments"]["totalCount"].clone();
    assert_eq!(count, 2);
}

async fn agenda_item_comments_close_when_the_meeting_starts(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let item = gid(NodeKind::AgendaItem, r.renewal_item);
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let open = post(
        &app,
        &ana,
        json!({ "s": item, "b": "Please defer this.", "p": "OPPOSE" }),
    )
    .await
    .unwrap();
    // The meeting is three days away; once it starts, comments and edits close.
    app.state.clock.advance(TimeDelta::days(4));
    let ana = app.log_in("ana@example.org").await;
    let closed = post(
        &app,
        &ana,
        json!({ "s": item, "b": "Too late?", "p": "OPPOSE" }),
    )
    .await
    .unwrap_err();
    assert_eq!(error_code(&closed), "CLOSED");
    assert!(
        closed["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("closed"),
        "{closed}"
    );
    let (_, edit) = app
        .gql_as(Some(&ana), "192.0.2.1", "mutation($c: ID!) { editComment(input: {commentId: $c, body: \"Changed after\"}) { id } }", json!({ "c": open["id"] }))
        .await;
    assert_eq!(error_code(&edit), "CLOSED");
    // Contracts themselves stay open for comment.
    post(&app, &ana, json!({ "s": gid(NodeKind::Contract, r.custodial_contract), "b": "Still watching.", "p": "NEUTRAL" }))
        .await
        .unwrap();
}

async fn every_aliased_comment_counts_against_the_hourly_limit(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let fields: String = (0..5)
        .map(|i| format!("c{i}: postComment(input: {{subjectId: \"{contract}\", body: \"Point number {i}\", position: OPPOSE}}) {{ id }} "))
        .collect();
    let (_, body) = app
        .gql_as(
            Some(&ana),
            "192.0.2.1",
            &format!("mutation {{ {fields} }}"),
            json!({}),
        )
        .await;
    let errors: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["extensions"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(errors, ["RATE_LIMITED", "RATE_LIMITED"], "{body}");
    // The first three fields ran and were stored.
    let stored =
        app.data(TALLY, json!({ "s": contract })).await["node"]["comments"]["totalCount"].clone();
    assert_eq!(stored, 3);
    // An hour later the count starts again.
    app.state.clock.advance(TimeDelta::minutes(61));
    let ana = app.log_in("ana@example.org").await;
    post(
        &app,
        &ana,
        json!({ "s": contract, "b": "Next hour", "p": "OPPOSE" }),
    )
    .await
    .unwrap();
}
