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

#[cfg(test)]
mod tests {
    use super::*;

    fn load(environment: &str, vars: &[(&str, &str)]) -> anyhow::Result<Settings> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("configuration");
        let vars = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Settings::load_from(&dir, environment, &vars)
    }

    #[test]
    fn local_defaults_run_with_no_setup() -> anyhow::Result<()> {
        let settings = load("local", &[])?;
        assert_eq!(settings.application.port, 8080);
        assert!(settings.database.is_sqlite());
        assert!(settings.application.graphiql, "GraphiQL is on locally");
        assert!(settings.application.seed_demo_on_empty);
        Ok(())
    }

    #[test]
    fn environment_variables_override_files_and_profiles_override_base() -> anyhow::Result<()> {
        let vars = [
            ("CW__APPLICATION__PORT", "9001"),
            ("CW__GRAPHQL__MAX_DEPTH", "7"),
            ("PORT", "1"),
        ];
        let settings = load("test", &vars)?;
        assert_eq!(settings.application.port, 9001);
        assert_eq!(settings.graphql.max_depth, 7);
        assert!(
            !settings.application.graphiql,
            "test.toml turns GraphiQL off"
        );
        assert!(load("test", &[("CW__APPLICATION__PORT", "not-a-port")]).is_err());
        Ok(())
    }

    #[test]
    fn production_refuses_unsafe_settings() -> anyhow::Result<()> {
        let postgres = (
            "CW__DATABASE__URL",
            "postgres://cw:s3cret-password@db:5432/cw",
        );
        let https = ("CW__APPLICATION__BASE_URL", "https://watch.example");
        assert!(
            load("production", &[https]).is_err(),
            "SQLite in production"
        );
        assert!(
            load("production", &[postgres]).is_err(),
            "http base URL in production"
        );
        let graphiql = ("CW__APPLICATION__GRAPHIQL", "true");
        assert!(
            load("production", &[postgres, https, graphiql]).is_err(),
            "GraphiQL in production"
        );
        let settings = load("production", &[postgres, https])?;
        assert!(!settings.application.graphiql);
        assert!(!settings.application.seed_demo_on_empty);
        let printed = format!("{settings:?}");
        assert!(
            !printed.contains("s3cret-password"),
            "the database URL is never printed"
        );
        Ok(())
    }
}
