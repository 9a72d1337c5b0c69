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
    let refreshed = refresh_red_flags(state).await;
    if let Err(error) = &refreshed {
        tracing::error!(error = ?error, "red-flag refresh failed");
    }
    crate::metrics::job_run("red_flags", refreshed.is_ok());
    let windows = alert_events::renewal_windows(state).await;
    match &windows {
        Ok(written) if *written > 0 => tracing::info!(written, "renewal windows opened"),
        Ok(_) => {}
        Err(error) => tracing::error!(error = ?error, "renewal-window job failed"),
    }
    crate::metrics::job_run("renewal_windows", windows.is_ok());
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
    let fanned = alert_events::fan_out(state).await;
    match &fanned {
        Ok(matched) if *matched > 0 => tracing::info!(matched, "alerts fanned out"),
        Ok(_) => {}
        Err(error) => tracing::error!(error = ?error, "alert fan-out failed"),
    }
    crate::metrics::job_run("fan_out", fanned.is_ok());
    let immediate = alert_mail::send_immediate(state).await;
    match &immediate {
        Ok(sent) if *sent > 0 => tracing::info!(sent, "immediate alerts enqueued"),
        Ok(_) => {}
        Err(error) => tracing::error!(error = ?error, "immediate alerts failed"),
    }
    crate::metrics::job_run("alert_mail", immediate.is_ok());
    let digests = official_digest::send_due(state).await;
    match &digests {
        Ok(sent) if *sent > 0 => tracing::info!(sent, "pre-vote digests enqueued"),
        Ok(_) => {}
        Err(error) => tracing::error!(error = ?error, "pre-vote digests failed"),
    }
    crate::metrics::job_run("digests", digests.is_ok());
    let summaries = official_summary::send_weekly(state).await;
    match &summaries {
        Ok(sent) if *sent > 0 => tracing::info!(sent, "officials' weekly summaries enqueued"),
        Ok(_) => {}
        Err(error) => tracing::error!(error = ?error, "officials' weekly summaries failed"),
    }
    crate::metrics::job_run("weekly_summaries", summaries.is_ok());
    let mut ok = true;
    for cadence in [AlertDelivery::Daily, AlertDelivery::Weekly] {
        match alert_mail::send_digests(state, cadence).await {
            Ok(sent) if sent > 0 => tracing::info!(sent, ?cadence, "digests enqueued"),
            Ok(_) => {}
            Err(error) => {
                ok = false;
                tracing::error!(error = ?error, ?cadence, "digests failed");
            }
        }
    }
    crate::metrics::job_run("alert_digests", ok);
}
