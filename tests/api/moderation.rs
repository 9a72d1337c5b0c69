//! Moderation through the real router: reports, auto-hide at exactly the third, the sweep that
//! hidden content reaches no non-moderator through any resolver, moderator decisions, the
//! author's notice and the public log.

use contract_watch::domain::ids::NodeKind;
use entity::enums::UserRole;
use serde_json::{Value, json};

use crate::fixtures::registry;
use crate::helpers::{TestApp, error_code, gid};
use crate::on_both_databases;
use crate::participation::{post, verified_union};

on_both_databases!(three_reports_hide_a_comment_everywhere_until_a_moderator_restores_it);

const REPORT: &str = "mutation($c: ID!) { reportComment(input: {commentId: $c, reason: ABUSE, details: \"Insults a worker\"}) }";
const MODERATE: &str = "mutation($c: ID!, $a: ModerationDecision!, $r: String!) { \
    moderateComment(input: {commentId: $c, action: $a, reason: $r}) { id visibility } }";

/// Every public path to comments in one document: lists, threads, parents, node, tallies,
/// organisations' positions, concerns and the moderation log.
const SWEEP: &str = "query($s: ID!, $c: ID!, $o: ID!, $r: ID!) {
  subject: node(id: $s) { ... on Contract {
    comments(first: 50) { totalCount edges { node { id body bodyHtml replies { id body parent { id body } replies { id body } } } } }
    tally { positions { position people organizations }
            organizationPositions { position comment { id body } organization { name } }
            concerns { summary } } } }
  hidden: node(id: $c) { id ... on Comment { body } }
  hiddenOrg: node(id: $o) { id ... on Comment { body } }
  reply: node(id: $r) { id ... on Comment { body parent { id body } } }
  contracts(first: 5) { edges { node { tally { positions { position people organizations } organizationPositions { comment { body } } } } } }
  moderationLog(first: 10) { edges { node { commentId action reason automatic } } }
}";

async fn three_reports_hide_a_comment_everywhere_until_a_moderator_restores_it(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let contract = gid(NodeKind::Contract, r.custodial_contract);
    let (_, admin) = app
        .account("admin@example.org", UserRole::Admin, None)
        .await;
    let (_, moderator) = app
        .account("mod@example.org", UserRole::Moderator, None)
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
    let mut reporters = Vec::new();
    for name in ["r1", "r2", "r3", "r4"] {
        reporters.push(
            app.account(&format!("{name}@example.org"), UserRole::Resident, None)
                .await
                .1,
        );
    }
    let union = verified_union(&app, &rep, &admin).await;

    let hidden_text = "HIDDEN-TEXT-ana";
    let org_text = "HIDDEN-TEXT-union";
    let comment = post(
        &app,
        &ana,
        json!({ "s": contract, "b": hidden_text, "p": "OPPOSE" }),
    )
    .await
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = post(
        &app,
        &ben,
        json!({ "s": contract, "b": "A visible reply", "r": comment }),
    )
    .await
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let org_comment = post(
        &app,
        &rep,
        json!({ "s": contract, "b": org_text, "p": "SUPPORT", "o": union }),
    )
    .await
    .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    post(
        &app,
        &ben,
        json!({ "s": contract, "b": "Visible and top-level", "p": "NEUTRAL" }),
    )
    .await
    .unwrap();

    // Reporting: not one's own, once per person, verified accounts only.
    let (_, own) = app
        .gql_as(Some(&ana), "192.0.2.1", REPORT, json!({ "c": comment }))
        .await;
    assert_eq!(own["errors"][0]["extensions"]["field"], "commentId");
    let anonymous = app.gql(REPORT, json!({ "c": comment })).await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");

    // Two reports: still visible. The third hides it.
    for (n, reporter) in reporters.iter().take(3).enumerate() {
        app.data_as(reporter, REPORT, json!({ "c": comment })).await;
        let seen = app
            .data(
                "query($c: ID!) { node(id: $c) { id } }",
                json!({ "c": comment }),
            )
            .await;
        if n < 2 {
            assert!(
                seen["node"]["id"].is_string(),
                "visible after {} reports",
                n + 1
            );
        } else {
            assert_eq!(seen["node"], Value::Null, "hidden at the third report");
        }
    }
    let (_, twice) = app
        .gql_as(
            Some(&reporters[0]),
            "192.0.2.1",
            REPORT,
            json!({ "c": org_comment }),
        )
        .await;
    assert!(twice.get("errors").is_none(), "{twice}");
    let (_, again) = app
        .gql_as(
            Some(&reporters[0]),
            "192.0.2.1",
            REPORT,
            json!({ "c": org_comment }),
        )
        .await;
    assert_eq!(error_code(&again), "CONFLICT");
    for reporter in &reporters[1..3] {
        app.data_as(reporter, REPORT, json!({ "c": org_comment }))
            .await;
    }
    // The author is told.
    let (kind, text) = app.last_mail_to("ana@example.org").await.unwrap();
    assert_eq!(kind, "comment_moderated");
    assert!(
        text.contains("hidden until a moderator reviews it"),
        "{text}"
    );

    // The sweep: neither hidden comment reaches anyone but moderators, by any path.
    let variables = json!({ "s": contract, "c": comment, "o": org_comment, "r": reply });
    for token in [None, Some(ben.as_str()), Some(reporters[3].as_str())] {
        let (_, body) = app
            .gql_as(token, "192.0.2.1", SWEEP, variables.clone())
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        let raw = body.to_string();
        for secret in [
            hidden_text,
            org_text,
            comment.as_str(),
            org_comment.as_str(),
        ] {
            // The log names the comment's id (that is public); nothing else may.
            let outside_log = raw.replace(&body["data"]["moderationLog"].to_string(), "");
            assert!(!outside_log.contains(secret), "{secret} leaked: {body}");
        }
        let data = &body["data"];
        assert_eq!(data["hidden"], Value::Null);
        assert_eq!(data["hiddenOrg"], Value::Null);
        assert_eq!(
            data["reply"]["parent"],
            Value::Null,
            "a visible reply hides its hidden parent"
        );
        assert_eq!(data["subject"]["comments"]["totalCount"], 1);
        assert_eq!(
            data["subject"]["tally"]["positions"],
            json!([{ "position": "NEUTRAL", "people": 1, "organizations": 0 }])
        );
        assert_eq!(data["subject"]["tally"]["organizationPositions"], json!([]));
        let log = data["moderationLog"]["edges"].as_array().unwrap();
        assert_eq!(log.len(), 2);
        assert!(
            log.iter()
                .all(|e| e["node"]["action"] == "AUTO_HIDE" && e["node"]["automatic"] == true)
        );
        assert!(
            !log.iter().any(|e| e.to_string().contains("r1")),
            "reporters are never named"
        );
    }

    // Moderators see it, in the queue with its reports.
    let queue = app
        .data_as(&moderator, "{ moderationQueue(first: 10) { edges { node { reportCount reports { reason details } comment { id body visibility } } } } }", json!({}))
        .await;
    let cases = queue["moderationQueue"]["edges"].as_array().unwrap();
    assert_eq!(cases.len(), 2);
    let case = cases
        .iter()
        .find(|c| c["node"]["comment"]["id"] == comment.as_str())
        .unwrap();
    assert_eq!(case["node"]["reportCount"], 3);
    assert_eq!(case["node"]["comment"]["visibility"], "HIDDEN");
    assert_eq!(case["node"]["reports"].as_array().unwrap().len(), 3);
    let (_, residents) = app
        .gql_as(
            Some(&ben),
            "192.0.2.1",
            "{ moderationQueue { edges { node { reportCount } } } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&residents), "FORBIDDEN");

    // Bad decisions change nothing.
    let (_, no_reason) = app
        .gql_as(
            Some(&moderator),
            "192.0.2.1",
            MODERATE,
            json!({ "c": comment, "a": "RESTORE", "r": " " }),
        )
        .await;
    assert_eq!(no_reason["errors"][0]["extensions"]["field"], "reason");
    let (_, not_moderator) = app
        .gql_as(
            Some(&ben),
            "192.0.2.1",
            MODERATE,
            json!({ "c": comment, "a": "RESTORE", "r": "I like it" }),
        )
        .await;
    assert_eq!(error_code(&not_moderator), "FORBIDDEN");

    // A moderator restores one and removes the other.
    let restored = app
        .data_as(
            &moderator,
            MODERATE,
            json!({ "c": comment, "a": "RESTORE", "r": "Criticism of a contract is not abuse" }),
        )
        .await;
    assert_eq!(restored["moderateComment"]["visibility"], "VISIBLE");
    app.data_as(
        &moderator,
        MODERATE,
        json!({ "c": org_comment, "a": "REMOVE", "r": "Personal information about a worker" }),
    )
    .await;
    let (kind, text) = app.last_mail_to("ana@example.org").await.unwrap();
    assert_eq!(kind, "comment_moderated");
    assert!(
        text.contains("Criticism of a contract is not abuse"),
        "{text}"
    );

    let (_, body) = app
        .gql_as(None, "192.0.2.1", SWEEP, variables.clone())
        .await;
    let data = &body["data"];
    assert_eq!(data["hidden"]["body"], hidden_text);
    assert_eq!(data["hiddenOrg"], Value::Null);
    assert_eq!(data["reply"]["parent"]["id"], comment.as_str());
    assert_eq!(data["subject"]["comments"]["totalCount"], 2);
    let actions: Vec<(&str, &str)> = data["moderationLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["action"].as_str().unwrap(),
                e["node"]["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        actions[0],
        ("REMOVE", "Personal information about a worker")
    );
    assert_eq!(
        actions[1],
        ("RESTORE", "Criticism of a contract is not abuse")
    );
    assert_eq!(actions.len(), 4);

    // A restored comment needs fresh reports to hide again: one more does not.
    app.data_as(&reporters[3], REPORT, json!({ "c": comment }))
        .await;
    let still = app
        .data(
            "query($c: ID!) { node(id: $c) { id } }",
            json!({ "c": comment }),
        )
        .await;
    assert!(still["node"]["id"].is_string());

    // Moderator actions are audited.
    let audit = app
        .data_as(
            &admin,
            "{ auditLog(action: \"moderateComment\") { edges { node { reason } } } }",
            json!({}),
        )
        .await;
    assert_eq!(audit["auditLog"]["edges"].as_array().unwrap().len(), 2);
}
