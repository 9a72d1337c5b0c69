//! Database connections.
//!
//! PostgreSQL: one pool serves reads and writes. SQLite: a single-connection **writer** pool (SQLite
//! admits one writer at a time; one connection means writers queue in the pool instead of failing
//! with `SQLITE_BUSY`) and a separate **read** pool of several connections, all in WAL mode so
//! readers never block the writer. Services that write take [`Database::write`]; resolvers and
//! loaders read through [`Database::read`].

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, DatabaseConnection, DbBackend};
use secrecy::ExposeSecret;

use crate::config::DatabaseSettings;

/// The connections of one process.
#[derive(Clone, Debug)]
pub struct Database {
    /// For writes and transactions.
    pub write: DatabaseConnection,
    /// For reads; on PostgreSQL the same pool as `write`.
    pub read: DatabaseConnection,
}

impl Database {
    /// Connects to the database the settings name (creating a SQLite file and its folder).
    pub async fn connect(settings: &DatabaseSettings) -> anyhow::Result<Self> {
        let url = settings.url.expose_secret();
        if settings.is_sqlite() {
            ensure_sqlite_folder(url)?;
            let write = sea_orm::Database::connect(options(settings, 1)).await?;
            let read =
                sea_orm::Database::connect(options(settings, settings.max_connections.max(1)))
                    .await?;
            Ok(Self { write, read })
        } else {
            let pool =
                sea_orm::Database::connect(options(settings, settings.max_connections.max(1)))
                    .await?;
            Ok(Self {
                write: pool.clone(),
                read: pool,
            })
        }
    }

    /// Which SQL dialect this is.
    pub fn backend(&self) -> DbBackend {
        self.write.get_database_backend()
    }

    /// Applies pending migrations.
    pub async fn migrate(&self) -> Result<(), sea_orm::DbErr> {
        Migrator::up(&self.write, None).await
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        self.read.execute_unprepared("SELECT 1").await.is_ok()
    }
}

fn options(settings: &DatabaseSettings, connections: u32) -> ConnectOptions {
    let mut options = ConnectOptions::new(settings.url.expose_secret().to_owned());
    options
        .max_connections(connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(settings.acquire_timeout_seconds))
        // A ping on every acquire costs a round trip per request; only check connections that
        // sat idle long enough to have been dropped by the server or a proxy.
        .test_before_acquire_if_idle_for(Duration::from_secs(30))
        .sqlx_logging(false);
    if settings.is_sqlite() {
        options.map_sqlx_sqlite_opts(|opts| {
            // busy_timeout before WAL: switching the journal mode may itself wait for a lock.
            opts.busy_timeout(Duration::from_secs(5))
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
        });
    } else {
        options.statement_timeout(Duration::from_secs(settings.statement_timeout_seconds));
        if let Some(schema) = &settings.schema {
            options.set_schema_search_path(schema.clone());
        }
    }
    options
}

/// sqlx creates a missing SQLite file (`mode=rwc`) but not its folder.
fn ensure_sqlite_folder(url: &str) -> anyhow::Result<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path.starts_with(':') {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)?;
    }
    Ok(())
}
