//! Prometheus metrics: the `metrics` facade throughout the code, rendered by
//! `metrics-exporter-prometheus` at `/metrics` on a separate listener (`metrics.listen`) or, with
//! `metrics.token`, on the main one behind a bearer token. Never public by default.
//!
//! Counters and histograms are recorded where things happen (the HTTP edge, GraphQL execution,
//! jobs). What lives in the database — the outbox, job backlogs, web sessions, the pools — is read
//! when Prometheus scrapes, so every instance reports the same shared truth.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::enums::{AlertDelivery, DeliveryStatus};
use entity::{alert_event, alert_match, web_session};
use metrics::{counter, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use poem::http::{StatusCode, header};
use poem::web::Data;
use poem::{Request, Response, handler};
use sea_orm::{
    ActiveEnum as _, ColumnTrait as _, DatabaseConnection, DbBackend, DbErr, EntityTrait as _,
    Iterable as _, PaginatorTrait as _, QueryFilter as _, QuerySelect as _,
};
use secrecy::ExposeSecret as _;

use crate::state::AppState;

/// Request latency buckets, in seconds: 1 ms to 10 s.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// At most this many distinct GraphQL operation names get their own label; the rest are `other`,
/// so a client naming every request differently cannot grow the exposition without bound.
const MAX_OPERATION_NAMES: usize = 200;

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process-wide recorder once (every later call returns the same handle).
pub fn install() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Suffix("duration_seconds".to_owned()),
                    LATENCY_BUCKETS,
                )
                .unwrap_or_else(|_| PrometheusBuilder::new());
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            // A recorder installed earlier in this process (another library, a test harness)
            // wins; this handle then renders an empty exposition rather than failing start-up.
            let _ = metrics::set_global_recorder(recorder);
            describe();
            handle
        })
        .clone()
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        "cw_http_requests_total",
        "HTTP requests by route, method and status"
    );
    describe_histogram!(
        "cw_http_request_duration_seconds",
        metrics::Unit::Seconds,
        "HTTP request latency by route"
    );
    describe_counter!(
        "cw_graphql_operations_total",
        "GraphQL operations by operation name"
    );
    describe_histogram!(
        "cw_graphql_operation_duration_seconds",
        metrics::Unit::Seconds,
        "GraphQL execution time by operation name"
    );
    describe_counter!(
        "cw_graphql_errors_total",
        "GraphQL errors by extensions.code"
    );
    describe_counter!(
        "cw_edge_limited_total",
        "Requests refused by the per-IP limit at the HTTP edge"
    );
    describe_gauge!(
        "cw_db_pool_connections",
        "Database pool connections by pool and state"
    );
    describe_gauge!(
        "cw_outbox_deliveries",
        "Email deliveries by status (the outbox)"
    );
    describe_gauge!(
        "cw_outbox_oldest_waiting_seconds",
        "Age of the oldest pending or retrying delivery"
    );
    describe_gauge!(
        "cw_job_lag_seconds",
        "Age of the oldest work a job has not done yet"
    );
    describe_gauge!(
        "cw_job_last_success_age_seconds",
        "Seconds since this process last completed each job"
    );
    describe_counter!("cw_job_runs_total", "Job runs by job and outcome");
    describe_gauge!(
        "cw_web_sessions_active",
        "Web sessions that have not expired"
    );
}

/// One HTTP request, at the edge.
pub fn http_request(route: &str, method: &str, status: StatusCode, elapsed: Duration) {
    let status = status.as_u16().to_string();
    counter!("cw_http_requests_total", "route" => route.to_owned(), "method" => method.to_owned(), "status" => status)
        .increment(1);
    histogram!("cw_http_request_duration_seconds", "route" => route.to_owned())
        .record(elapsed.as_secs_f64());
}

/// A request refused at the edge.
pub fn edge_limited() {
    counter!("cw_edge_limited_total").increment(1);
}

/// One GraphQL request: its operation (or `anonymous`, or `none` when it never ran because the
/// document was refused), its time and its errors' codes.
pub fn graphql_request(
    operation: Option<&str>,
    elapsed: Duration,
    response: &async_graphql::Response,
) {
    let operation = operation_label(operation);
    counter!("cw_graphql_operations_total", "operation" => operation.clone()).increment(1);
    histogram!("cw_graphql_operation_duration_seconds", "operation" => operation)
        .record(elapsed.as_secs_f64());
    for error in &response.errors {
        let code = error
            .extensions
            .as_ref()
            .and_then(|x| x.get("code"))
            .and_then(|code| match code {
                async_graphql::Value::String(code) => Some(code.clone()),
                _ => None,
            })
            .unwrap_or_else(|| "NONE".to_owned());
        counter!("cw_graphql_errors_total", "code" => code).increment(1);
    }
}

fn operation_label(name: Option<&str>) -> String {
    static SEEN: OnceLock<Mutex<std::collections::HashSet<String>>> = OnceLock::new();
    let Some(name) = name else {
        return "none".to_owned();
    };
    if name.is_empty() {
        return "anonymous".to_owned();
    }
    if name.len() > 64 || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return "other".to_owned();
    }
    let mut seen = SEEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if seen.contains(name) || seen.len() < MAX_OPERATION_NAMES {
        seen.insert(name.to_owned());
        name.to_owned()
    } else {
        "other".to_owned()
    }
}

/// A background job's run.
pub fn job_run(job: &'static str, ok: bool) {
    let outcome = if ok { "ok" } else { "error" };
    counter!("cw_job_runs_total", "job" => job, "outcome" => outcome).increment(1);
    if ok {
        last_success()
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(job, std::time::Instant::now());
    }
}

fn last_success() -> &'static Mutex<std::collections::BTreeMap<&'static str, std::time::Instant>> {
    static LAST: OnceLock<Mutex<std::collections::BTreeMap<&'static str, std::time::Instant>>> =
        OnceLock::new();
    LAST.get_or_init(Default::default)
}

/// Reads the gauges that live in the database and the pools.
async fn refresh_gauges(state: &AppState) -> Result<(), DbErr> {
    pool_gauges("read", &state.db.read);
    // On PostgreSQL `write` is the same pool as `read`.
    if state.settings.database.is_sqlite() {
        pool_gauges("write", &state.db.write);
    }
    let db = &state.db.read;
    let now = state.clock.now();
    let status = crate::outbox::status(db).await?;
    for delivery in DeliveryStatus::iter() {
        let count = status
            .counts
            .iter()
            .find(|(s, _)| *s == delivery)
            .map_or(0, |(_, n)| *n);
        #[allow(clippy::cast_precision_loss, reason = "a gauge")]
        gauge!("cw_outbox_deliveries", "status" => delivery.to_value()).set(count as f64);
    }
    gauge!("cw_outbox_oldest_waiting_seconds").set(age(now, status.oldest_waiting_since));

    let oldest_event: Option<Option<DateTime<Utc>>> = alert_event::Entity::find()
        .select_only()
        .column_as(alert_event::Column::OccurredAt.min(), "oldest")
        .filter(alert_event::Column::FannedOutAt.is_null())
        .into_tuple()
        .one(db)
        .await?;
    gauge!("cw_job_lag_seconds", "job" => "fan_out").set(age(now, oldest_event.flatten()));
    let oldest_match: Option<Option<DateTime<Utc>>> = alert_match::Entity::find()
        .select_only()
        .column_as(alert_match::Column::CreatedAt.min(), "oldest")
        .filter(alert_match::Column::NotifiedAt.is_null())
        .filter(alert_match::Column::Delivery.eq(AlertDelivery::Immediate))
        .into_tuple()
        .one(db)
        .await?;
    gauge!("cw_job_lag_seconds", "job" => "alert_mail").set(age(now, oldest_match.flatten()));
    for (job, at) in last_success()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
    {
        gauge!("cw_job_last_success_age_seconds", "job" => *job).set(at.elapsed().as_secs_f64());
    }
    let sessions = web_session::Entity::find()
        .filter(web_session::Column::ExpiresAt.gt(now))
        .count(db)
        .await?;
    #[allow(clippy::cast_precision_loss, reason = "a gauge")]
    gauge!("cw_web_sessions_active").set(sessions as f64);
    Ok(())
}

fn pool_gauges(pool: &'static str, connection: &DatabaseConnection) {
    // Each getter panics on the other backend; the backend is checked first.
    let (size, idle) = match connection.get_database_backend() {
        DbBackend::Postgres => {
            let pool = connection.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DbBackend::Sqlite => {
            let pool = connection.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => return,
    };
    let idle = u32::try_from(idle).unwrap_or(u32::MAX);
    gauge!("cw_db_pool_connections", "pool" => pool, "state" => "idle").set(f64::from(idle));
    gauge!("cw_db_pool_connections", "pool" => pool, "state" => "in_use")
        .set(f64::from(size.saturating_sub(idle)));
}

fn age(now: DateTime<Utc>, since: Option<DateTime<Utc>>) -> f64 {
    since.map_or(0.0, |since| {
        #[allow(clippy::cast_precision_loss, reason = "a gauge, in seconds")]
        let ms = (now - since).num_milliseconds().max(0) as f64;
        ms / 1000.0
    })
}

/// The exposition, with the database gauges read now.
pub async fn render(state: &AppState, handle: &PrometheusHandle) -> Response {
    if let Err(error) = refresh_gauges(state).await {
        tracing::warn!(error = ?error, "metrics: database gauges unavailable");
        return Response::builder()
            .status(StatusCode::SERVICE_UNAVAILABLE)
            .body("database unreachable");
    }
    Response::builder()
        .content_type("text/plain; version=0.0.4")
        .header(header::CACHE_CONTROL, "no-store")
        .body(handle.render())
}

/// `GET /metrics` on the main listener: only with `metrics.token`, and only to its bearer.
#[handler]
pub async fn guarded(
    req: &Request,
    state: Data<&AppState>,
    handle: Data<&Arc<PrometheusHandle>>,
) -> Response {
    let expected = state.settings.metrics.token.as_ref();
    let given = req
        .header(header::AUTHORIZATION)
        .and_then(|value| value.strip_prefix("Bearer "));
    let allowed = match (expected, given) {
        (Some(expected), Some(given)) => crate::auth::tokens::constant_time_eq(
            crate::auth::tokens::sha256_hex(expected.expose_secret().as_bytes()).as_bytes(),
            crate::auth::tokens::sha256_hex(given.trim().as_bytes()).as_bytes(),
        ),
        _ => false,
    };
    if !allowed {
        // The same answer as any unknown path: the endpoint's existence is not advertised.
        return Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body("not found");
    }
    render(&state, &handle).await
}

/// The separate metrics listener's one route.
#[handler]
pub async fn open(state: Data<&AppState>, handle: Data<&Arc<PrometheusHandle>>) -> Response {
    render(&state, &handle).await
}
