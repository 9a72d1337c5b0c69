//! GraphQL over HTTP, with the specification's own media type: `application/graphql-response+json`
//! answers request errors with 400 and no `data`, while `application/json` keeps answering 200.
//! CI also runs the specification's audit (`graphql-http`'s `serverAudits`) against a live server.

use poem::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_both_databases;

const SPEC: &str = "application/graphql-response+json";

on_both_databases!(the_specification_media_type_answers_request_errors_with_400);

async fn post(app: &TestApp, accept: &str, body: Value) -> (StatusCode, String, Value) {
    let response = app
        .client
        .post("/graphql")
        .content_type("application/json")
        .header("accept", accept)
        .body(body.to_string())
        .send()
        .await;
    let status = response.0.status();
    let content_type = response
        .0
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.0.into_body().into_string().await.unwrap();
    (
        status,
        content_type,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn the_specification_media_type_answers_request_errors_with_400(app: TestApp) {
    let request_errors = [
        ("parse", json!({ "query": "{" })),
        ("validation", json!({ "query": "{ noSuchField }" })),
        (
            "variable coercion",
            json!({ "query": "query ($id: ID!) { node(id: $id) { id } }", "variables": { "id": null } }),
        ),
        (
            "variable of the wrong type",
            json!({ "query": "query ($n: Int) { __typename }", "variables": { "n": "three" } }),
        ),
    ];
    for (what, body) in &request_errors {
        let (status, content_type, answer) = post(&app, SPEC, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{what}: {answer}");
        assert!(content_type.starts_with(SPEC), "{what}: {content_type}");
        assert!(
            answer.get("data").is_none(),
            "{what}: no data entry: {answer}"
        );
        assert!(
            answer["errors"][0]["extensions"]["code"].is_string(),
            "{what}: {answer}"
        );
        // application/json: as before, 200 with `data: null`.
        let (status, content_type, answer) = post(&app, "application/json", body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{what}: {answer}");
        assert!(
            content_type.starts_with("application/json"),
            "{content_type}"
        );
        assert!(
            answer["data"].is_null() && answer["errors"].is_array(),
            "{answer}"
        );
    }
    // A field error is not a request error: 200 and data, in either type.
    let (status, _, answer) =
        post(&app, SPEC, json!({ "query": "{ __typename me { id } }" })).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["data"]["__typename"], "Query", "{answer}");
    // A success names the type asked for; */* and no Accept are application/json.
    let (status, content_type, _) = post(
        &app,
        &format!("{SPEC}, application/json;q=0.9"),
        json!({ "query": "{ __typename }" }),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with(SPEC), "{content_type}");
    let (_, content_type, _) = post(&app, "*/*", json!({ "query": "{ __typename }" })).await;
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    // Neither JSON type acceptable: 406.
    let (status, _, answer) = post(&app, "text/html", json!({ "query": "{ __typename }" })).await;
    assert_eq!(status, StatusCode::NOT_ACCEPTABLE, "{answer}");
    assert_eq!(answer["errors"][0]["extensions"]["code"], "NOT_ACCEPTABLE");
}

on_both_databases!(the_specification_audit_passes_every_must_and_should);

/// The folder holding `graphql-http` (`npm install` of `tests/graphql-http/package.json`), or
/// `None` with a note when it is not installed and not required.
fn audit_modules() -> Option<String> {
    match std::env::var("CW_GRAPHQL_HTTP_MODULES") {
        Ok(path) if !path.is_empty() => Some(path),
        _ if std::env::var("CW_GRAPHQL_HTTP_AUDIT").as_deref() == Ok("required") => {
            panic!("CW_GRAPHQL_HTTP_AUDIT=required but CW_GRAPHQL_HTTP_MODULES is not set")
        }
        _ => {
            eprintln!("CW_GRAPHQL_HTTP_MODULES not set: the GraphQL-over-HTTP audit is skipped");
            None
        }
    }
}

async fn the_specification_audit_passes_every_must_and_should(app: TestApp) {
    let Some(modules) = audit_modules() else {
        return;
    };
    let port = crate::live::serve(&app.state).await;
    let url = format!("http://127.0.0.1:{port}/graphql");
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg("tests/graphql-http/audit.cjs")
            .arg(url)
            .env("NODE_PATH", modules)
            .output()
    })
    .await
    .unwrap()
    .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert!(results.len() > 30, "the audit ran: {stdout}");
    let failed: Vec<&Value> = results
        .iter()
        .filter(|r| {
            let name = r["name"].as_str().unwrap_or_default();
            (name.starts_with("MUST") || name.starts_with("SHOULD")) && r["status"] != "ok"
        })
        .collect();
    assert!(failed.is_empty(), "audits not passed: {failed:#?}");
}

on_both_databases!(
    with [
        ("CW__GRAPHQL__MAX_CONCURRENT_EXECUTIONS", "2"),
        ("CW__GRAPHQL__EXECUTION_TIMEOUT_SECONDS", "1"),
    ];
    past_its_concurrent_executions_a_request_waits_its_turn_within_the_timeout,
);

async fn past_its_concurrent_executions_a_request_waits_its_turn_within_the_timeout(app: TestApp) {
    let body = json!({ "query": "{ __typename }" }).to_string();
    // Every permit taken, as by two long requests: the next one waits, and its timeout answers.
    let held = app
        .state
        .executions
        .clone()
        .acquire_many_owned(2)
        .await
        .unwrap();
    let (status, answer) = app.post_json(&body).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{answer}");
    assert_eq!(answer["errors"][0]["extensions"]["code"], "TIMEOUT");
    // One permit free again: requests run.
    drop(held);
    let _one = app.state.executions.clone().acquire_owned().await.unwrap();
    let (status, answer) = app.post_json(&body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["data"]["__typename"], "Query");
}
