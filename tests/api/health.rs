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
