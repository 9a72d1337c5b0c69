//! Live updates for subscriptions. A change publishes a small event after it commits; every
//! instance's subscribers receive it.
//!
//! On PostgreSQL the event goes through `pg_notify`, and each instance runs one `LISTEN`
//! connection that feeds its local channel, so a comment posted through one instance reaches
//! subscribers on every other. On SQLite (one process) the local channel is all there is.
//! Events carry ids only; subscribers load the row themselves, as their viewer, so a hidden
//! comment is never pushed to someone who may not see it.

use std::sync::Arc;
use std::time::Duration;

use entity::enums::SubjectType;
use sea_orm::{ActiveEnum as _, ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, watch};

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    CommentAdded,
    ConcernUpdated,
}

/// One change: its kind, the subject it concerns and the changed row's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub kind: EventKind,
    pub subject_type: String,
    pub subject_id: i64,
    pub id: i64,
}

impl Event {
    pub fn new(kind: EventKind, subject: (SubjectType, i64), id: i64) -> Self {
        Self {
            kind,
            subject_type: subject.0.to_value(),
            subject_id: subject.1,
            id,
        }
    }

    /// Whether this event is about `subject`.
    pub fn concerns(&self, subject: (SubjectType, i64)) -> bool {
        self.subject_type == subject.0.to_value() && self.subject_id == subject.1
    }
}

/// Publishes events and hands out receivers.
#[derive(Clone)]
pub struct Events {
    local: broadcast::Sender<Event>,
    db: DatabaseConnection,
    /// The PostgreSQL channel (per schema, so separate deployments in one database stay apart).
    channel: Option<String>,
    /// True once this instance listens (always true on SQLite).
    listening: watch::Receiver<bool>,
    /// How many subscriptions have started here (for operators and tests).
    subscriptions: Arc<watch::Sender<u64>>,
}

impl Events {
    /// Events over `db`; on PostgreSQL, also starts this instance's listener.
    pub fn start(db: DatabaseConnection, schema: Option<&str>) -> Self {
        let (local, _) = broadcast::channel(1024);
        let channel = (db.get_database_backend() == DatabaseBackend::Postgres)
            .then(|| format!("cw_events_{}", schema.unwrap_or("public")));
        let (ready, listening) = watch::channel(channel.is_none());
        if let Some(channel) = &channel {
            tokio::spawn(listen(db.clone(), channel.clone(), local.clone(), ready));
        }
        Self {
            local,
            db,
            channel,
            listening,
            subscriptions: Arc::new(watch::channel(0).0),
        }
    }

    /// Waits until at least `n` subscriptions have started on this instance.
    pub async fn subscriptions_started(&self, n: u64) {
        let mut started = self.subscriptions.subscribe();
        let _ = started.wait_for(|count| *count >= n).await;
    }

    /// Waits until this instance receives other instances' events (at once on SQLite).
    pub async fn listening(&self) {
        let mut listening = self.listening.clone();
        let _ = listening.wait_for(|ready| *ready).await;
    }

    /// A receiver of every event from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        let receiver = self.local.subscribe();
        self.subscriptions.send_modify(|count| *count += 1);
        receiver
    }

    /// Publishes `event` (call after the change commits). Live updates are best effort: a
    /// failure is logged, never turned into a failed mutation.
    pub async fn publish(&self, event: Event) {
        match &self.channel {
            Some(channel) => {
                let payload = match serde_json::to_string(&event) {
                    Ok(payload) => payload,
                    Err(error) => {
                        tracing::error!(%error, "could not encode an event");
                        return;
                    }
                };
                let notify = Statement::from_sql_and_values(
                    DatabaseBackend::Postgres,
                    "SELECT pg_notify($1, $2)",
                    [channel.clone().into(), payload.into()],
                );
                if let Err(error) = self.db.execute_raw(notify).await {
                    tracing::warn!(%error, "could not publish an event");
                }
            }
            None => {
                // No receivers is fine: nobody is subscribed.
                let _ = self.local.send(event);
            }
        }
    }
}

/// Forwards notifications on `channel` to the local channel, reconnecting after failures.
async fn listen(
    db: DatabaseConnection,
    channel: String,
    local: broadcast::Sender<Event>,
    ready: watch::Sender<bool>,
) {
    use sea_orm::sqlx::postgres::PgListener;
    let mut delay = Duration::from_millis(100);
    loop {
        let listener = async {
            let mut listener = PgListener::connect_with(db.get_postgres_connection_pool()).await?;
            listener.listen(&channel).await?;
            Ok::<_, sea_orm::sqlx::Error>(listener)
        }
        .await;
        match listener {
            Ok(mut listener) => {
                delay = Duration::from_millis(100);
                ready.send_replace(true);
                loop {
                    match listener.recv().await {
                        Ok(notification) => {
                            match serde_json::from_str::<Event>(notification.payload()) {
                                Ok(event) => {
                                    let _ = local.send(event);
                                }
                                Err(error) => tracing::warn!(%error, "unreadable event"),
                            }
                        }
                        Err(error) => {
                            tracing::warn!(%error, "event listener lost its connection");
                            break;
                        }
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "event listener could not connect"),
        }
        tokio::time::sleep(delay).await;
        delay = std::cmp::min(delay * 2, Duration::from_secs(10));
    }
}
