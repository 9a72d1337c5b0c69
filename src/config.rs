//! Typed settings: `configuration/base.toml`, then `configuration/{CW_ENV}.toml`, then
//! `CW__SECTION__KEY` environment variables. Secrets are [`SecretString`]s and never printed.

use std::collections::BTreeMap;
use std::path::Path;

use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// All settings of one process.
#[derive(Debug, Deserialize, Clone)]
pub struct Settings {
    /// The profile these settings were loaded for (`local`, `test`, `production`).
    #[serde(default)]
    pub environment: String,
    pub application: ApplicationSettings,
    pub database: DatabaseSettings,
    pub graphql: GraphqlSettings,
    pub telemetry: TelemetrySettings,
}

/// The HTTP server.
#[derive(Debug, Deserialize, Clone)]
pub struct ApplicationSettings {
    pub host: String,
    pub port: u16,
    /// Public URL of the service, used in links.
    pub base_url: String,
    /// Serve GraphiQL on `GET /graphql`.
    pub graphiql: bool,
    /// Load the demo city when `serve` starts on an empty database.
    pub seed_demo_on_empty: bool,
    /// Apply pending migrations when `serve` starts.
    pub migrate_on_start: bool,
}

/// The database; SQLite by file or PostgreSQL by URL.
#[derive(Debug, Deserialize, Clone)]
pub struct DatabaseSettings {
    pub url: SecretString,
    /// Size of the read pool (PostgreSQL: the only pool). SQLite writes always use one connection.
    pub max_connections: u32,
    pub acquire_timeout_seconds: u64,
    /// PostgreSQL `statement_timeout`.
    pub statement_timeout_seconds: u64,
    /// PostgreSQL schema to use instead of `public` (tests use one schema each).
    #[serde(default)]
    pub schema: Option<String>,
}

/// Limits and tuning of the GraphQL endpoint.
#[derive(Debug, Deserialize, Clone)]
pub struct GraphqlSettings {
    pub max_depth: usize,
    pub max_complexity: usize,
    pub max_aliases: usize,
    pub max_directives: usize,
    pub max_body_bytes: usize,
    pub default_page_size: u64,
    pub max_page_size: u64,
    pub dataloader_delay_micros: u64,
    pub execution_timeout_seconds: u64,
}

/// Logging.
#[derive(Debug, Deserialize, Clone)]
pub struct TelemetrySettings {
    /// An `EnvFilter` directive; `RUST_LOG` wins when set.
    pub filter: String,
    /// `pretty` or `json`.
    pub format: String,
}

impl DatabaseSettings {
    /// True when the URL names a SQLite database.
    pub fn is_sqlite(&self) -> bool {
        self.url.expose_secret().starts_with("sqlite:")
    }
}

impl Settings {
    /// Loads `configuration/` relative to the working directory, for the profile in `CW_ENV`
    /// (default `local`), with the process environment on top.
    pub fn load() -> anyhow::Result<Self> {
        let environment = std::env::var("CW_ENV").unwrap_or_else(|_| "local".to_owned());
        let vars: BTreeMap<String, String> = std::env::vars().collect();
        Self::load_from(Path::new("configuration"), &environment, &vars)
    }

    /// Test seam: an explicit directory, profile and variable map instead of the process's.
    pub fn load_from(
        dir: &Path,
        environment: &str,
        vars: &BTreeMap<String, String>,
    ) -> anyhow::Result<Self> {
        let overrides: Vec<(String, String)> = vars
            .iter()
            .filter_map(|(key, value)| {
                let rest = key.strip_prefix("CW__")?;
                Some((rest.to_lowercase().replace("__", "."), value.clone()))
            })
            .collect();
        let mut figment = Figment::new()
            .merge(Toml::file(dir.join("base.toml")))
            .merge(Toml::file(dir.join(format!("{environment}.toml"))))
            .merge(Serialized::default("environment", environment));
        for (key, value) in overrides {
            // Parsed the way figment's `Env` provider parses: numbers and booleans typed, else text.
            let value: figment::value::Value = match value.parse() {
                Ok(value) => value,
                Err(never) => match never {},
            };
            figment = figment.merge(Serialized::default(&key, value));
        }
        let settings: Settings = figment.extract()?;
        settings.validate()?;
        Ok(settings)
    }

    /// Refuses settings that are unsafe for the profile.
    fn validate(&self) -> anyhow::Result<()> {
        if self.graphql.max_page_size == 0
            || self.graphql.default_page_size > self.graphql.max_page_size
        {
            anyhow::bail!("graphql.default_page_size must be between 1 and graphql.max_page_size");
        }
        if self.environment == "production" {
            if self.database.is_sqlite() {
                anyhow::bail!("production requires PostgreSQL: set CW__DATABASE__URL");
            }
            if self.application.graphiql {
                anyhow::bail!("production must not serve GraphiQL");
            }
            if !self.application.base_url.starts_with("https://") {
                anyhow::bail!("production requires an https application.base_url");
            }
        }
        Ok(())
    }
}
