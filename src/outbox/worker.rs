//! The job loop: claim due deliveries, send them outside any transaction, record each outcome.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use entity::email_delivery;
use entity::enums::DeliveryStatus;
use futures_util::StreamExt as _;
use futures_util::stream::FuturesUnordered;
use tokio_util::sync::CancellationToken;

use super::{RetryPolicy, claim, record, release};
use crate::clock::Clock;
use crate::config::WorkerSettings;
use crate::db::Database;
use crate::email::{EmailSender, OutgoingEmail};
use crate::state::AppState;

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub claimed: usize,
    pub sent: usize,
    pub retrying: usize,
    pub dead: usize,
    /// Claimed but given back unattempted because the worker was stopping.
    pub released: usize,
}

impl Report {
    fn add(mut self, other: Self) -> Self {
        self.claimed += other.claimed;
        self.sent += other.sent;
        self.retrying += other.retrying;
        self.dead += other.dead;
        self.released += other.released;
        self
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} claimed: {} sent, {} to retry, {} dead, {} released",
            self.claimed, self.sent, self.retrying, self.dead, self.released
        )
    }
}

/// Delivers the outbox.
#[derive(Clone)]
pub struct Worker {
    db: Database,
    sender: Arc<dyn EmailSender>,
    clock: Clock,
    settings: WorkerSettings,
    policy: RetryPolicy,
}

impl Worker {
    pub fn new(state: &AppState) -> Self {
        Self::with_sender(state, state.email.clone())
    }

    /// A worker with another sender (tests, benchmarks).
    pub fn with_sender(state: &AppState, sender: Arc<dyn EmailSender>) -> Self {
        Self {
            db: state.db.clone(),
            sender,
            clock: state.clock.clone(),
            settings: state.settings.worker.clone(),
            policy: RetryPolicy::from_settings(&state.settings.worker),
        }
    }

    /// Claims one batch of due deliveries and sends it, `concurrency` at a time.
    pub async fn run_batch(&self) -> anyhow::Result<Report> {
        self.run_batch_until(&CancellationToken::new()).await
    }

    /// [`Worker::run_batch`], starting no new send once `stop` is cancelled: sends in flight
    /// finish and are recorded, and the rest of the batch is released for another worker.
    pub async fn run_batch_until(&self, stop: &CancellationToken) -> anyhow::Result<Report> {
        let lease = TimeDelta::seconds(self.settings.lease_seconds);
        let rows = claim(
            &self.db.write,
            self.clock.now(),
            lease,
            self.settings.batch_size,
        )
        .await?;
        let mut report = Report {
            claimed: rows.len(),
            ..Report::default()
        };
        let mut rows = rows.into_iter();
        let mut in_flight = FuturesUnordered::new();
        loop {
            while in_flight.len() < self.settings.concurrency && !stop.is_cancelled() {
                let Some(row) = rows.next() else { break };
                in_flight.push(self.deliver(row));
            }
            let Some(status) = in_flight.next().await else {
                break;
            };
            match status? {
                DeliveryStatus::Sent => report.sent += 1,
                DeliveryStatus::Retrying => report.retrying += 1,
                _ => report.dead += 1,
            }
        }
        let unstarted: Vec<email_delivery::Model> = rows.collect();
        if !unstarted.is_empty() {
            let released = release(&self.db.write, &unstarted, self.clock.now()).await?;
            report.released = usize::try_from(released).unwrap_or(usize::MAX);
            tracing::info!(released, "outbox worker stopping: leases released");
        }
        Ok(report)
    }

    async fn deliver(&self, row: email_delivery::Model) -> anyhow::Result<DeliveryStatus> {
        let outcome = self.sender.send(&OutgoingEmail::from(&row)).await;
        Ok(record(
            &self.db.write,
            &row,
            &outcome,
            self.clock.now(),
            &self.policy,
        )
        .await?)
    }

    /// Sends everything that is due now, then returns (`worker --once`). Deliveries that fail
    /// transiently wait for their next attempt time and are left for a later run.
    pub async fn drain(&self) -> anyhow::Result<Report> {
        let mut total = Report::default();
        loop {
            let report = self.run_batch().await?;
            if report.claimed == 0 {
                return Ok(total);
            }
            total = total.add(report);
        }
    }

    /// Runs until `stop` is cancelled. Cancelling stops claiming and starting sends: sends in
    /// flight finish and are recorded, the rest of the batch is released, then this returns.
    pub async fn run_until_stopped(&self, stop: CancellationToken) {
        let idle = Duration::from_millis(self.settings.poll_interval_millis);
        tracing::info!("outbox worker started");
        while !stop.is_cancelled() {
            match self.run_batch_until(&stop).await {
                Ok(report) if report.claimed > 0 => continue,
                Ok(_) => {}
                Err(error) => tracing::error!(error = ?error, "outbox worker pass failed"),
            }
            tokio::select! {
                () = stop.cancelled() => {},
                () = tokio::time::sleep(idle) => {},
            }
        }
        tracing::info!("outbox worker stopped");
    }
}
