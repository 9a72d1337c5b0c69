//! Hostile input gets a clear, coded error, never a 5xx, and never internal text.

use poem::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code};
use crate::on_both_databases;

on_both_databases!(
    hostile_documents_and_transports_get_clear_errors,
    limits_are_exact_at_the_boundary
);

/// Fails if a response could carry internal detail.
fn assert_clean(status: StatusCode, body: &Value, case: &str) {
    assert!(status.as_u16() < 500, "{case}: status {status}");
    let text = body.to_string().to_lowercase();
    for leak in [
        "sqlx",
        "sea_orm",
        "sqlite",
        "relation \"",
        "constraint",
        "panicked",
        "backtrace",
        "did you mean",
    ] {
        assert!(
            !text.contains(leak),
            "{case}: response mentions {leak:?}: {body}"
        );
    }
    assert!(
        body["errors"][0]["extensions"]["code"].is_string(),
        "{case}: every error carries a code: {body}"
    );
}

fn nested(depth: usize) -> String {
    // node → agency → jurisdiction → agencies → jurisdiction → agencies …
    let mut inner = String::from("name");
    for level in (0..depth).rev() {
        inner = if level % 2 == 0 {
            format!("jurisdiction {{ {inner} }}")
        } else {
            format!("agencies {{ {inner} }}")
        };
    }
    format!("{{ agencies(first: 1) {{ edges {{ node {{ {inner} }} }} }} }}")
}

fn aliases(n: usize) -> String {
    let fields: Vec<String> = (0..n).map(|i| format!("a{i}: __typename")).collect();
    format!("{{ {} }}", fields.join(" "))
}

/// A full page with nested relations: about 1,500 of the 3,000 complexity points allowed.
const PAGE_100: &str = "solicitations(first: 100) { edges { node { contracts { vendor { identifiers { scheme identifier } } agency { name acronym } agendaItems { title meeting { startsAt } } } } } }";

fn request(query: &str) -> String {
    json!({ "query": query }).to_string()
}

async fn hostile_documents_and_transports_get_clear_errors(app: TestApp) {
    let mutation = request("mutation { dropEverything }");
    let cases: Vec<(&str, StatusCode, &str, (StatusCode, Value))> = vec![
        ("depth 50", StatusCode::OK, "GRAPHQL_VALIDATION_FAILED", app.post_json(&request(&nested(50))).await),
        ("too many directives", StatusCode::OK, "GRAPHQL_VALIDATION_FAILED", app.post_json(&request("{ __typename @skip(if: false) @skip(if: false) @skip(if: false) @skip(if: false) }")).await),
        ("1,000 aliases", StatusCode::OK, "GRAPHQL_VALIDATION_FAILED", app.post_json(&request(&aliases(1_000))).await),
        ("1 MiB body", StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", app.post_json(&request(&" ".repeat(1 << 20))).await),
        ("batch array", StatusCode::BAD_REQUEST, "BATCH_NOT_SUPPORTED", app.post_json(&format!("[{}, {}]", request("{ __typename }"), request("{ __typename }"))).await),
        ("text/plain mutation", StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", app.post_raw("text/plain", mutation.clone()).await),
        ("form post", StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE", app.post_raw("application/x-www-form-urlencoded", "query=mutation%7B__typename%7D".into()).await),
        // Multipart requests carry staff uploads; anyone else is refused before the body is read.
        ("anonymous multipart post", StatusCode::FORBIDDEN, "FORBIDDEN", app.post_raw("multipart/form-data; boundary=x", mutation.clone()).await),
        ("GET mutation", StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", app.get("/graphql?query=mutation%20%7B%20__typename%20%7D").await),
        ("malformed JSON", StatusCode::BAD_REQUEST, "BAD_REQUEST", app.post_json("{\"query\": ").await),
        ("not a request", StatusCode::BAD_REQUEST, "BAD_REQUEST", app.post_json("{\"query\": 5}").await),
        ("parse error", StatusCode::OK, "GRAPHQL_PARSE_FAILED", app.post_json(&request("{ solicitations { ")).await),
        ("unknown field", StatusCode::OK, "GRAPHQL_VALIDATION_FAILED", app.post_json(&request("{ solicitationz { totalCount } }")).await),
        ("fragment cycle", StatusCode::OK, "GRAPHQL_VALIDATION_FAILED", app.post_json(&request("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }")).await),
        ("too complex", StatusCode::OK, "GRAPHQL_VALIDATION_FAILED", app.post_json(&request(&format!("{{ a: {PAGE_100} b: {PAGE_100} c: {PAGE_100} }}"))).await),
        ("bad cursor", StatusCode::OK, "BAD_USER_INPUT", app.post_json(&request("{ solicitations(after: \"not-a-cursor\") { totalCount } }")).await),
        ("bad ID", StatusCode::OK, "BAD_USER_INPUT", app.post_json(&request("{ node(id: \"bm9wZQ\") { id } }")).await),
        ("page too large", StatusCode::OK, "BAD_USER_INPUT", app.post_json(&request("{ contracts(first: 1000) { totalCount } }")).await),
        ("int overflow", StatusCode::OK, "GRAPHQL_VALIDATION_FAILED", app.post_json(&request("{ contracts(first: 99999999999) { totalCount } }")).await),
        ("unknown operation", StatusCode::OK, "GRAPHQL_VALIDATION_FAILED", app.post_json(&json!({ "query": "query A { __typename }", "operationName": "B" }).to_string()).await),
        ("unknown mutation", StatusCode::OK, "GRAPHQL_VALIDATION_FAILED", app.post_json(&mutation).await),
    ];
    for (case, status, code, (got_status, body)) in cases {
        assert_eq!(got_status, status, "{case}: {body}");
        assert_clean(got_status, &body, case);
        assert_eq!(error_code(&body), code, "{case}: {body}");
        assert!(
            body.get("data").is_none_or(Value::is_null),
            "{case}: nothing executed: {body}"
        );
    }
    let (status, body) = app
        .post_json(&request("{ node(id: \"bm9wZQ\") { id } }"))
        .await;
    assert_eq!(
        (status, &body["errors"][0]["extensions"]["field"]),
        (StatusCode::OK, &json!("id"))
    );
    let (_, body) = app
        .post_json(&request("{ solicitations(after: \"x\") { totalCount } }"))
        .await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "after");

    // Queries over GET are fine.
    let (status, body) = app.get("/graphql?query=%7B%20__typename%20%7D").await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({ "data": { "__typename": "Query" } }))
    );
}

async fn limits_are_exact_at_the_boundary(app: TestApp) {
    let (_, at_limit) = app.post_json(&request(&aliases(30))).await;
    assert!(
        at_limit.get("errors").is_none(),
        "30 aliases are allowed: {at_limit}"
    );
    let (_, over) = app.post_json(&request(&aliases(31))).await;
    assert_eq!(error_code(&over), "GRAPHQL_VALIDATION_FAILED");

    // Depth counts every level of the selection: nested(6) reaches depth 10.
    let (_, at_limit) = app.post_json(&request(&nested(6))).await;
    assert!(
        at_limit.get("errors").is_none(),
        "depth 10 is allowed: {at_limit}"
    );
    let (_, over) = app.post_json(&request(&nested(7))).await;
    assert_eq!(error_code(&over), "GRAPHQL_VALIDATION_FAILED");

    let (_, at_limit) = app
        .post_json(&request("{ contracts(first: 100) { totalCount } }"))
        .await;
    assert!(at_limit.get("errors").is_none(), "{at_limit}");
    let (_, over) = app
        .post_json(&request("{ contracts(first: 101) { totalCount } }"))
        .await;
    assert_eq!(
        (error_code(&over), &over["errors"][0]["extensions"]["field"]),
        ("BAD_USER_INPUT", &json!("first"))
    );

    // Aliases through a fragment spread count once per use.
    let fragment_fields: Vec<String> = (0..10).map(|i| format!("f{i}: __typename")).collect();
    let doc = format!(
        "{{ ...F a: __typename b: __typename ... {{ ...F }} ...F }} fragment F on Query {{ {} }}",
        fragment_fields.join(" ")
    );
    let (_, body) = app.post_json(&request(&doc)).await;
    assert_eq!(
        error_code(&body),
        "GRAPHQL_VALIDATION_FAILED",
        "32 aliases through fragments: {body}"
    );
}
