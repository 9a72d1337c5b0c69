//! The periodic jobs `serve` and `worker` run, as functions tests and commands call directly:
//! each step logs what it did, and counts its run and outcome in the metrics
//! (`cw_job_runs_total`, `cw_job_last_success_age_seconds`).

use entity::enums::AlertDelivery;

use crate::services::{alert_events, alert_mail, official_digest, official_summary};
use crate::state::AppState;

/// Every ten minutes: red flags, renewal windows, then everything [`alert_steps`] does.
pub async fn scheduled(state: &AppState) {
    // "Ends within 180 days" moves with the calendar: every flag is recomputed, in one
    // transaction so that readers never see the registry without its flags.
    record("red_flags", &refresh_red_flags(state).await.map(|()| 0), "");
    record(
        "renewal_windows",
        &alert_events::renewal_windows(state).await,
        "renewal windows opened",
    );
    alert_steps(state).await;
}

/// Recomputes every red flag in one transaction.
pub async fn refresh_red_flags(state: &AppState) -> anyhow::Result<()> {
    crate::services::imported::refresh_flags(state)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Fans out new alert events, then sends immediate alerts, the officials' pre-vote digests and
/// the alert digests that are due.
pub async fn alert_steps(state: &AppState) {
    record(
        "fan_out",
        &alert_events::fan_out(state).await,
        "alerts fanned out",
    );
    record(
        "alert_mail",
        &alert_mail::send_immediate(state).await,
        "immediate alerts enqueued",
    );
    record(
        "digests",
        &official_digest::send_due(state).await,
        "pre-vote digests enqueued",
    );
    record(
        "weekly_summaries",
        &official_summary::send_weekly(state).await,
        "officials' weekly summaries enqueued",
    );
    let daily = alert_mail::send_digests(state, AlertDelivery::Daily).await;
    let weekly = alert_mail::send_digests(state, AlertDelivery::Weekly).await;
    let both = match (&daily, &weekly) {
        (Ok(a), Ok(b)) => Ok(a + b),
        (Err(error), _) | (_, Err(error)) => Err(format!("{error:?}")),
    };
    record("alert_digests", &both, "alert digests enqueued");
}

/// Logs a step's outcome (a count of what it did, when it did anything) and counts the run.
fn record<N, E>(job: &'static str, result: &Result<N, E>, done: &str)
where
    N: std::fmt::Display + PartialEq + Default,
    E: std::fmt::Debug,
{
    match result {
        Ok(count) if *count != N::default() && !done.is_empty() => {
            tracing::info!(job, count = %count, "{done}");
        }
        Ok(_) => {}
        Err(error) => tracing::error!(job, error = ?error, "job failed"),
    }
    crate::metrics::job_run(job, result.is_ok());
}
