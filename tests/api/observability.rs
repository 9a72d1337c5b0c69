//! What an operator sees: `/metrics` (never public by default), request ids, the per-IP limit at
//! the edge, and the switches for introspection and GET queries.

use entity::enums::UserRole;
use poem::http::StatusCode;
use serde_json::json;

use crate::browser::Browser;
use crate::helpers::{PASSWORD, TestApp, error_code};
use crate::on_both_databases;

const TOKEN: &str = "metrics-token-for-tests-0123456789";

on_both_databases!(
    with [("CW__METRICS__TOKEN", crate::observability::TOKEN)];
    metrics_carry_every_family
);
on_both_databases!(metrics_are_not_public_without_a_token);
on_both_databases!(
    with [("CW__EDGE__ANONYMOUS_PER_IP_PER_MINUTE", "1"), ("CW__EDGE__ANONYMOUS_BURST", "3")];
    one_address_over_its_limit_waits_and_others_do_not
);
on_both_databases!(
    with [("CW__GRAPHQL__INTROSPECTION", "false"), ("CW__GRAPHQL__ALLOW_GET", "false")];
    introspection_and_get_queries_can_be_switched_off
);

/// The exposition's sample lines for `family`.
fn samples<'a>(text: &'a str, family: &str) -> Vec<&'a str> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter(|line| {
            line.strip_prefix(family)
                .is_some_and(|rest| rest.starts_with('{') || rest.starts_with(' '))
        })
        .collect()
}

/// The value of the one sample of `family` whose labels include every `labels` pair.
fn value(text: &str, family: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples(text, family)
        .into_iter()
        .find(|line| {
            labels
                .iter()
                .all(|(k, v)| line.contains(&format!("{k}=\"{v}\"")))
        })
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

async fn scrape(app: &TestApp) -> String {
    let response = app
        .client
        .get("/metrics")
        .header("authorization", format!("Bearer {TOKEN}"))
        .send()
        .await;
    response.assert_status_is_ok();
    response.0.into_body().into_string().await.unwrap()
}

async fn metrics_carry_every_family(app: TestApp) {
    app.seed_demo().await;
    // A named operation, an anonymous one, a refused document, a page, a web session and mail.
    app.data("query HomeFeed { __typename }", json!({})).await;
    app.data("{ __typename }", json!({})).await;
    let odd = poem::http::Method::from_bytes(b"BREW").unwrap();
    app.client.request(odd, "/").send().await;
    let body = app.gql("query Broken { noSuchField }", json!({})).await;
    assert_eq!(error_code(&body), "GRAPHQL_VALIDATION_FAILED");
    let page = app.client.get("/").send().await;
    page.assert_status_is_ok();
    app.account("steward@example.org", UserRole::Resident, None)
        .await;
    let browser = Browser::new(&app);
    browser.sign_in("steward@example.org", PASSWORD).await;
    app.data(
        r#"mutation { signUp(input: {email: "new@example.org", password: "a long enough passphrase", displayName: "New"}) { ok } }"#,
        json!({}),
    )
    .await;
    contract_watch::jobs::alert_steps(&app.state).await;

    let text = scrape(&app).await;
    let graphql_posts = value(
        &text,
        "cw_http_requests_total",
        &[("route", "/graphql"), ("method", "POST"), ("status", "200")],
    );
    assert!(graphql_posts.is_some_and(|n| n >= 3.0), "{text}");
    assert!(
        value(
            &text,
            "cw_http_requests_total",
            &[("route", "/sign-in"), ("method", "POST"), ("status", "303")]
        )
        .is_some(),
        "pages are counted by their route: {text}"
    );
    assert!(
        !samples(&text, "cw_http_request_duration_seconds_bucket").is_empty(),
        "latency histograms: {text}"
    );
    assert!(
        value(&text, "cw_http_requests_total", &[("method", "OTHER")]).is_some()
            && !text.contains("BREW"),
        "a made-up method gets no label of its own: {text}"
    );
    for operation in ["HomeFeed", "anonymous", "none"] {
        assert!(
            value(
                &text,
                "cw_graphql_operations_total",
                &[("operation", operation)]
            )
            .is_some(),
            "operation {operation}: {text}"
        );
    }
    assert!(
        !samples(&text, "cw_graphql_operation_duration_seconds_bucket").is_empty(),
        "{text}"
    );
    assert!(
        value(
            &text,
            "cw_graphql_errors_total",
            &[("code", "GRAPHQL_VALIDATION_FAILED")]
        )
        .is_some_and(|n| n >= 1.0),
        "{text}"
    );
    assert!(
        value(&text, "cw_db_pool_connections", &[("pool", "read")]).is_some(),
        "{text}"
    );
    assert!(
        value(&text, "cw_outbox_deliveries", &[("status", "pending")]).is_some_and(|n| n >= 1.0),
        "the sign-up mail waits in the outbox: {text}"
    );
    assert!(
        !samples(&text, "cw_outbox_oldest_waiting_seconds").is_empty(),
        "{text}"
    );
    for job in ["fan_out", "alert_mail"] {
        assert!(
            value(&text, "cw_job_lag_seconds", &[("job", job)]).is_some(),
            "lag of {job}: {text}"
        );
    }
    for job in ["fan_out", "alert_mail", "digests"] {
        assert!(
            value(
                &text,
                "cw_job_runs_total",
                &[("job", job), ("outcome", "ok")]
            )
            .is_some(),
            "runs of {job}: {text}"
        );
        assert!(
            value(&text, "cw_job_last_success_age_seconds", &[("job", job)]).is_some(),
            "{text}"
        );
    }
    assert!(
        value(&text, "cw_web_sessions_active", &[]).is_some_and(|n| n >= 1.0),
        "the signed-in browser's session: {text}"
    );
    // Request ids: on every response, fresh for each request.
    let first = app.client.get("/no-such-page").send().await;
    let second = app.client.get("/healthz").send().await;
    let id = |r: &poem::test::TestResponse| {
        r.0.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (a, b) = (id(&first).unwrap(), id(&second).unwrap());
    assert_ne!(a, b);
    assert_eq!(a.len(), 16, "{a}");
}

async fn metrics_are_not_public_without_a_token(app: TestApp) {
    // No token configured: the main listener has no /metrics at all.
    let response = app.client.get("/metrics").send().await;
    response.assert_status(StatusCode::NOT_FOUND);
    let response = app
        .client
        .get("/metrics")
        .header("authorization", "Bearer ")
        .send()
        .await;
    response.assert_status(StatusCode::NOT_FOUND);
}

async fn one_address_over_its_limit_waits_and_others_do_not(app: TestApp) {
    let get = |ip: &'static str, path: &'static str| {
        app.client.get(path).header("x-forwarded-for", ip).send()
    };
    for _ in 0..3 {
        get("203.0.113.9", "/").await.assert_status_is_ok();
    }
    let refused = get("203.0.113.9", "/").await;
    refused.assert_status(StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = refused
        .0
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    // The API answers in its own shape.
    let (status, body) = app
        .gql_as(None, "203.0.113.9", "{ __typename }", json!({}))
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error_code(&body), "RATE_LIMITED");
    // Another resident, and the health checks, are not held up.
    get("198.51.100.7", "/").await.assert_status_is_ok();
    get("203.0.113.9", "/healthz").await.assert_status_is_ok();
}

async fn introspection_and_get_queries_can_be_switched_off(app: TestApp) {
    // async-graphql answers a disabled introspection field with null.
    let body = app
        .gql("{ __schema { queryType { name } } }", json!({}))
        .await;
    assert!(body["data"]["__schema"].is_null(), "{body}");
    let on = TestApp::spawn_with(crate::helpers::Backend::Sqlite, &[]).await;
    let body = on
        .gql("{ __schema { queryType { name } } }", json!({}))
        .await;
    assert_eq!(
        body["data"]["__schema"]["queryType"]["name"], "Query",
        "{body}"
    );
    // The published SDL stays: it is public on purpose.
    app.client
        .get("/schema.graphql")
        .send()
        .await
        .assert_status_is_ok();
    let response = app
        .client
        .get("/graphql?query=%7B__typename%7D")
        .send()
        .await;
    response.assert_status(StatusCode::METHOD_NOT_ALLOWED);
    response.assert_header("allow", "POST");
    app.data("{ __typename }", json!({})).await;
}
