//! Participation through the real router: comments with a stance, threads, organisations'
//! positions, edits and deletions, closing at the meeting, limits, and tallies.

use chrono::TimeDelta;
use contract_watch::domain::ids::NodeKind;
use entity::enums::UserRole;
use serde_json::{Value, json};

use crate::fixtures::registry;
use crate::helpers::{TestApp, error_code, gid};
use crate::live;
use crate::on_both_databases;

on_both_databases!(
    residents_and_unions_comment_and_the_tally_counts_them,
    comment_input_is_checked_and_changes_nothing_when_bad,
    agenda_item_comments_close_when_the_meeting_starts,
    the_community_journey_comment_concern_endorsement_and_official_response,
    concerns_are_checked_endorsed_once_and_answered_only_by_those_who_decide,
);

on_both_databases!(
    with [("CW__PARTICIPATION__COMMENTS_PER_HOUR", "3")];
    every_aliased_comment_counts_against_the_hourly_limit,
);

on_both_databases!(
    with [
        ("CW__PARTICIPATION__CONCERNS_PER_HOUR", "2"),
        ("CW__PARTICIPATION__ENDORSEMENTS_PER_HOUR", "2"),
        ("CW__PARTICIPATION__REPORTS_PER_DAY", "2"),
    ];
    concerns_endorsements_and_reports_are_limited_per_executed_field,
);

pub const POST: &str = "mutation($s: ID!, $b: String!, $p: Position, $r: ID, $o: ID) { \
    postComment(input: {subjectId: $s, body: $b, position: $p, parentId: $r, onBehalfOfOrganizationId: $o}) { \
    id body bodyHtml position depth edited deleted author { displayName } organization { name } } }";

pub const TALLY: &str = "query($s: ID!) { node(id: $s) { ... on Contract { \
    tally { positions { position people organizations } organizationPositions { position organization { name } comment { body } } } \
    comments(first: 10) { totalCount edges { node { id body deleted author { displayName } replies { id body depth replies { id replies { id } } } } } } } } }";

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

    // What they wrote is in their data export.
    let export = app.data_as(&ana, "{ myDataExport }", json!({})).await["myDataExport"].clone();
    assert_eq!(
        export["comments"][0]["body"],
        "Keep this work in-house, please."
    );
    assert_eq!(export["comments"][0]["position"], "oppose");
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

pub const FLAG: &str = "mutation($s: ID!, $c: ConcernCategory!, $v: Severity!, $m: String!, $d: String!, $e: String, $o: ID) { \
    flagConcern(input: {subjectId: $s, category: $c, severity: $v, summary: $m, details: $d, evidenceUrl: $e, onBehalfOfOrganizationId: $o}) { \
    id status endorsements organization { name } } }";
pub const ENDORSE: &str = "mutation($c: ID!, $o: ID) { endorseConcern(concernId: $c, onBehalfOfOrganizationId: $o) { endorsements viewerHasEndorsed cosigners { name } } }";
pub const RESPOND: &str = "mutation($c: ID!, $b: String!, $s: ConcernStatus!) { respondToConcern(input: {concernId: $c, body: $b, status: $s}) { \
    status statusChangedBy { displayName } responses { body status officialResponse responder { displayName } official { name } } } }";

async fn the_community_journey_comment_concern_endorsement_and_official_response(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let (_, rep) = app
        .account("rep@example.org", UserRole::Resident, None)
        .await;
    let (_, clerk) = app
        .account("clerk@example.org", UserRole::Staff, Some(r.jurisdiction))
        .await;
    let union = verified_union(&app, &rep, &admin).await;
    // A neighbour watches the contract live.
    let port = live::serve(&app.state).await;
    app.state.events.listening().await;
    let mut watcher = live::connect(port, None).await;
    live::subscribe(&mut watcher, "1", live::COMMENTS, json!({ "s": contract })).await;
    app.state.events.subscriptions_started(1).await;

    // A resident opposes the renewal, and the watcher sees it arrive.
    post(
        &app,
        &ana,
        json!({ "s": contract, "b": "Bring custodial work back in-house.", "p": "OPPOSE" }),
    )
    .await
    .unwrap();
    let pushed = live::next(&mut watcher).await;
    assert_eq!(
        pushed["payload"]["data"]["commentAdded"]["body"], "Bring custodial work back in-house.",
        "{pushed}"
    );
    // The union's representative flags an outsourcing concern in the union's name.
    let concern = app
        .data_as(&rep, FLAG, json!({ "s": contract, "c": "OUTSOURCING", "v": "HIGH",
            "m": "Renewal keeps 40 custodial jobs outsourced", "d": "The in-house cost study was never published.",
            "e": "https://city.example/minutes/2026-05.pdf", "o": union }))
        .await["flagConcern"]
        .clone();
    assert_eq!(concern["organization"]["name"], "Custodians Local 7");
    assert_eq!(concern["status"], "OPEN");
    let concern_id = concern["id"].as_str().unwrap().to_owned();
    // The resident endorses it.
    let endorsed =
        app.data_as(&ana, ENDORSE, json!({ "c": concern_id })).await["endorseConcern"].clone();
    assert_eq!(endorsed["endorsements"], 1);
    assert_eq!(endorsed["viewerHasEndorsed"], true);
    // Procurement staff answer officially.
    let answered = app
        .data_as(&clerk, RESPOND, json!({ "c": concern_id, "b": "We will publish the cost study before the vote.", "s": "ACKNOWLEDGED" }))
        .await["respondToConcern"]
        .clone();
    assert_eq!(answered["status"], "ACKNOWLEDGED");
    assert_eq!(answered["statusChangedBy"]["displayName"], "clerk");
    assert_eq!(answered["responses"][0]["officialResponse"], true);
    assert_eq!(answered["responses"][0]["official"], Value::Null);

    // The subject's tally shows it all.
    let tally = app
        .data(
            "query($s: ID!) { node(id: $s) { ... on Contract { tally { \
                positions { position people organizations } \
                organizationPositions { position organization { name } concern { summary } } \
                concerns { summary category severity endorsements status organization { name } responses { body status } } } } } }",
            json!({ "s": contract }),
        )
        .await["node"]["tally"]
        .clone();
    assert_eq!(
        tally["positions"],
        json!([{ "position": "OPPOSE", "people": 1, "organizations": 0 }])
    );
    assert_eq!(
        tally["organizationPositions"],
        json!([{ "position": "CONCERN", "organization": { "name": "Custodians Local 7" },
                 "concern": { "summary": "Renewal keeps 40 custodial jobs outsourced" } }])
    );
    assert_eq!(
        tally["concerns"],
        json!([{ "summary": "Renewal keeps 40 custodial jobs outsourced", "category": "OUTSOURCING",
                 "severity": "HIGH", "endorsements": 1, "status": "ACKNOWLEDGED",
                 "organization": { "name": "Custodians Local 7" },
                 "responses": [{ "body": "We will publish the cost study before the vote.", "status": "ACKNOWLEDGED" }] }])
    );
    // The staff response is in the audit log.
    let audit = app
        .data_as(
            &admin,
            "{ auditLog(action: \"respondToConcern\") { edges { node { action } } } }",
            json!({}),
        )
        .await;
    assert_eq!(audit["auditLog"]["edges"].as_array().unwrap().len(), 1);
}

async fn concerns_are_checked_endorsed_once_and_answered_only_by_those_who_decide(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let (_, rep) = app
        .account("rep@example.org", UserRole::Resident, None)
        .await;
    let (official_user, official) = app
        .account("ada@example.org", UserRole::Resident, None)
        .await;
    let (retired_user, retired) = app
        .account("cleo@example.org", UserRole::Resident, None)
        .await;
    let other = crate::helpers::second_jurisdiction(&app).await;
    let (_, elsewhere) = app
        .account("there@example.org", UserRole::Staff, Some(other))
        .await;
    for (user, official_id) in [
        (official_user, r.officials[0]),
        (retired_user, r.officials[2]),
    ] {
        app.data_as(&admin, "mutation($u: ID!, $o: ID!) { linkOfficial(input: {userId: $u, officialId: $o}) { id } }",
            json!({ "u": gid(NodeKind::User, user), "o": gid(NodeKind::Official, official_id) })).await;
    }
    let official = app.log_in("ada@example.org").await.max(official);
    let retired = app.log_in("cleo@example.org").await.max(retired);

    // Bad input names the field and stores nothing.
    let base = json!({ "s": contract, "c": "COST", "v": "LOW", "m": "Too expensive", "d": "" });
    for (key, value, field) in [
        ("m", json!("  "), "summary"),
        ("m", json!("x".repeat(201)), "summary"),
        ("d", json!("x".repeat(5001)), "details"),
        ("e", json!("javascript:alert(1)"), "evidenceUrl"),
        ("s", json!(gid(NodeKind::Vendor, r.vendor)), "subjectId"),
    ] {
        let mut variables = base.clone();
        variables[key] = value;
        let (_, body) = app.gql_as(Some(&ana), "192.0.2.1", FLAG, variables).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");
        assert_eq!(body["errors"][0]["extensions"]["field"], field, "{body}");
    }
    let concern_id = app.data_as(&ana, FLAG, base.clone()).await["flagConcern"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // One endorsement per person; withdrawing takes it back.
    app.data_as(&rep, ENDORSE, json!({ "c": concern_id })).await;
    let (_, twice) = app
        .gql_as(Some(&rep), "192.0.2.1", ENDORSE, json!({ "c": concern_id }))
        .await;
    assert_eq!(error_code(&twice), "CONFLICT");
    let withdrawn = app
        .data_as(&rep, "mutation($c: ID!) { withdrawEndorsement(concernId: $c) { endorsements viewerHasEndorsed } }", json!({ "c": concern_id }))
        .await["withdrawEndorsement"]
        .clone();
    assert_eq!(
        withdrawn,
        json!({ "endorsements": 0, "viewerHasEndorsed": false })
    );
    // Organisations co-sign through a representative, once.
    let union = verified_union(&app, &rep, &admin).await;
    let cosigned = app
        .data_as(&rep, ENDORSE, json!({ "c": concern_id, "o": union }))
        .await["endorseConcern"]
        .clone();
    assert_eq!(
        cosigned["cosigners"],
        json!([{ "name": "Custodians Local 7" }])
    );
    assert_eq!(
        cosigned["endorsements"], 0,
        "a co-signature is not a person's endorsement"
    );
    let (_, not_rep) = app
        .gql_as(
            Some(&ana),
            "192.0.2.1",
            ENDORSE,
            json!({ "c": concern_id, "o": union }),
        )
        .await;
    assert_eq!(error_code(&not_rep), "FORBIDDEN");

    // Only staff of the jurisdiction and officials seated on a deciding body may answer.
    let answer = json!({ "c": concern_id, "b": "Noted.", "s": "DISMISSED" });
    for (who, token) in [
        ("resident", &ana),
        ("staff elsewhere", &elsewhere),
        ("retired official", &retired),
    ] {
        let (_, body) = app
            .gql_as(Some(token), "192.0.2.1", RESPOND, answer.clone())
            .await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{who}: {body}");
    }
    let answered = app
        .data_as(
            &official,
            RESPOND,
            json!({ "c": concern_id, "b": "I will ask for the cost study.", "s": "ADDRESSED" }),
        )
        .await["respondToConcern"]
        .clone();
    assert_eq!(answered["status"], "ADDRESSED");
    assert_eq!(answered["responses"][0]["official"]["name"], "Ada Alder");
    let (_, empty) = app
        .gql_as(
            Some(&official),
            "192.0.2.1",
            RESPOND,
            json!({ "c": concern_id, "b": " ", "s": "OPEN" }),
        )
        .await;
    assert_eq!(empty["errors"][0]["extensions"]["field"], "body");
}

/// Runs `fields` aliased in one mutation as `token`; returns the error codes in order.
async fn aliased(app: &TestApp, token: &str, fields: &[String]) -> Vec<String> {
    let document: String = fields
        .iter()
        .enumerate()
        .map(|(i, field)| format!("f{i}: {field} "))
        .collect();
    let (_, body) = app
        .gql_as(
            Some(token),
            "192.0.2.1",
            &format!("mutation {{ {document} }}"),
            json!({}),
        )
        .await;
    body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e["extensions"]["code"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn concerns_endorsements_and_reports_are_limited_per_executed_field(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let (_, ana) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let (_, ben) = app
        .account("ben@example.org", UserRole::Resident, None)
        .await;

    let flags: Vec<String> = (0..3)
        .map(|i| format!("flagConcern(input: {{subjectId: \"{contract}\", category: COST, severity: LOW, summary: \"Cost {i}\"}}) {{ id }}"))
        .collect();
    assert_eq!(aliased(&app, &ana, &flags).await, ["RATE_LIMITED"]);

    // Ben's two concerns and three comments, to endorse and report.
    let mut concerns = Vec::new();
    for i in 0..2 {
        let flagged = app
            .data_as(&ben, &format!("mutation {{ flagConcern(input: {{subjectId: \"{contract}\", category: EQUITY, severity: LOW, summary: \"Equity {i}\"}}) {{ id }} }}"), json!({}))
            .await;
        concerns.push(flagged["flagConcern"]["id"].as_str().unwrap().to_owned());
    }
    let mut comments = Vec::new();
    for i in 0..3 {
        let comment = post(
            &app,
            &ben,
            json!({ "s": contract, "b": format!("Comment {i}"), "p": "NEUTRAL" }),
        )
        .await
        .unwrap();
        comments.push(comment["id"].as_str().unwrap().to_owned());
    }
    // Two endorsements pass; the third field, though it would be a duplicate, is refused first.
    let endorsements: Vec<String> = [&concerns[0], &concerns[1], &concerns[0]]
        .iter()
        .map(|c| format!("endorseConcern(concernId: \"{c}\") {{ id }}"))
        .collect();
    assert_eq!(aliased(&app, &ana, &endorsements).await, ["RATE_LIMITED"]);

    let reports: Vec<String> = comments
        .iter()
        .map(|c| format!("reportComment(input: {{commentId: \"{c}\", reason: SPAM}})"))
        .collect();
    assert_eq!(aliased(&app, &ana, &reports).await, ["RATE_LIMITED"]);
}
