//! What a load harness does to the database before it measures.

use std::time::{Duration, Instant};

use contract_watch::state::AppState;

/// Runs the scheduled jobs once (red flags, renewal windows, fan-out, mail) and returns how long
/// they took: a freshly seeded registry has its first start's renewal-window events still to
/// fan out, which a running deployment has long done. Measuring beside that backlog measures
/// the backlog.
pub async fn up_to_date(state: &AppState) -> Duration {
    let started = Instant::now();
    contract_watch::jobs::scheduled(state).await;
    started.elapsed()
}
