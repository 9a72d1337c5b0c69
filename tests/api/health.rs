//! Health, readiness, the web client and the published SDL.

use poem::http::StatusCode;

use crate::helpers::TestApp;
use crate::on_both_databases;

on_both_databases!(probes_client_and_sdl_are_served);

async fn probes_client_and_sdl_are_served(app: TestApp) {
    for (path, expected) in [("/healthz", "ok"), ("/readyz", "ready")] {
        let response = app.client.get(path).send().await;
        response.assert_status_is_ok();
        response.assert_text(expected).await;
    }
    let page = app.client.get("/").send().await;
    page.assert_status_is_ok();
    page.assert_header("X-Content-Type-Options", "nosniff");
    assert!(
        page.0
            .into_body()
            .into_string()
            .await
            .unwrap()
            .contains("Contract Watch")
    );
    let sdl = app.client.get("/schema.graphql").send().await;
    sdl.assert_status_is_ok();
    assert_eq!(
        sdl.0.into_body().into_string().await.unwrap(),
        contract_watch::graphql::sdl()
    );
    // GraphiQL is off in the test profile (as in production): no IDE, a coded error instead.
    let (status, body) = app.get("/graphql").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

on_both_databases!(a_database_out_of_reach_is_a_coded_503);

/// What a client sees while the database restarts: a prompt, coded 503 it can retry, never an
/// internal error.
async fn a_database_out_of_reach_is_a_coded_503(app: TestApp) {
    app.seed_demo().await;
    let query = "{ solicitations(first: 1) { totalCount } }";
    app.data(query, serde_json::json!({})).await;
    match app.state.db.backend() {
        sea_orm::DbBackend::Sqlite => app.state.db.read.get_sqlite_connection_pool().close().await,
        _ => {
            app.state
                .db
                .read
                .get_postgres_connection_pool()
                .close()
                .await
        }
    }
    let response = app
        .client
        .post("/graphql")
        .content_type("application/json")
        .body(serde_json::json!({ "query": query }).to_string())
        .send()
        .await;
    response.assert_status(StatusCode::SERVICE_UNAVAILABLE);
    response.assert_header("retry-after", "1");
    let body: serde_json::Value =
        serde_json::from_str(&response.0.into_body().into_string().await.unwrap()).unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body}"
    );
    let (status, _) = app.get("/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    // A page says the same to a person: a retryable 503, not "something broke".
    let page = app.client.get("/").send().await;
    page.assert_status(StatusCode::SERVICE_UNAVAILABLE);
    page.assert_header("retry-after", "1");
}
