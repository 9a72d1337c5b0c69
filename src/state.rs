//! What a request or job may touch: the database, the clock, mail, keys, live events. Below the
//! services and every transport (GraphQL, the web pages, jobs), so they all depend on it and it
//! on none of them.

use std::sync::Arc;

use crate::auth::JwtKeys;
use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Database;
use crate::email::{self, EmailSender};
use crate::events::Events;
use crate::outbox::Mailer;

/// Everything a request or job may touch.
#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub db: Database,
    pub clock: Clock,
    /// Where mail goes: SMTP, a folder of `.eml` files, or memory.
    pub email: Arc<dyn EmailSender>,
    /// Renders mail into the outbox.
    pub mailer: Arc<Mailer>,
    /// Signs and checks access tokens.
    pub jwt: Arc<JwtKeys>,
    /// Live updates for subscriptions, across instances on PostgreSQL.
    pub events: Events,
    /// Permits to execute a GraphQL request (`graphql.max_concurrent_executions`): past them,
    /// requests wait their turn instead of all holding their rows in memory at once.
    pub executions: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Connects to the database and, when configured, applies migrations.
    pub async fn build(settings: Settings, clock: Clock) -> anyhow::Result<Self> {
        let db = Database::connect(&settings.database).await?;
        if settings.application.migrate_on_start {
            db.migrate().await?;
        }
        let events = Events::start(db.write.clone(), settings.database.schema.as_deref());
        let executions = match settings.graphql.max_concurrent_executions {
            0 => tokio::sync::Semaphore::MAX_PERMITS,
            n => n,
        };
        Ok(Self {
            events,
            executions: Arc::new(tokio::sync::Semaphore::new(executions)),
            email: email::sender_from_settings(&settings.email)?,
            mailer: Arc::new(Mailer::new(&settings)?),
            jwt: Arc::new(JwtKeys::from_settings(&settings.auth)),
            settings: Arc::new(settings),
            db,
            clock,
        })
    }
}
