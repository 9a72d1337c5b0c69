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
    pub email: EmailSettings,
    pub worker: WorkerSettings,
    pub telemetry: TelemetrySettings,
    pub auth: AuthSettings,
    pub limits: AbuseLimits,
    pub participation: ParticipationSettings,
    pub alerts: AlertSettings,
    pub digests: DigestSettings,
    pub red_flags: RedFlagSettings,
    pub ocds: OcdsSettings,
    pub imports: ImportSettings,
    pub metrics: MetricsSettings,
    pub edge: EdgeSettings,
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
    /// After SIGTERM, how long in-flight requests may run before the process exits anyway.
    pub shutdown_grace_seconds: u64,
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
    /// The largest file a staff upload (`importOcds`) may carry.
    pub max_upload_bytes: usize,
    /// How long an upload's operation may run (an import of a large file).
    pub upload_timeout_seconds: u64,
    pub default_page_size: u64,
    pub max_page_size: u64,
    pub dataloader_delay_micros: u64,
    pub execution_timeout_seconds: u64,
    /// GraphQL requests (API and pages) executing at once in this process; more wait for a
    /// turn, within their execution timeout. Bounds memory under a crowd. 0: no bound.
    pub max_concurrent_executions: usize,
    /// Answer `__schema` and `__type` (the SDL is public at `/schema.graphql` either way).
    pub introspection: bool,
    /// Run queries sent as `GET /graphql?query=…` (cacheable links; off means POST only).
    pub allow_get: bool,
}

/// Prometheus metrics: never public by default.
#[derive(Debug, Deserialize, Clone)]
pub struct MetricsSettings {
    /// A separate listener for `/metrics`, e.g. `127.0.0.1:9464`; empty for none.
    pub listen: String,
    /// When set, the main listener also serves `/metrics` to `Authorization: Bearer <token>`.
    #[serde(default)]
    pub token: Option<SecretString>,
}

/// Limits at the HTTP edge, before any handler runs.
#[derive(Debug, Deserialize, Clone)]
pub struct EdgeSettings {
    /// Requests per minute one IP address may make without signing in (0 turns the limit off).
    pub anonymous_per_ip_per_minute: u32,
    /// How many requests above that rate a quiet address may make at once.
    pub anonymous_burst: u32,
}

/// Logging.
/// How mail leaves the process, and what it says about itself.
#[derive(Debug, Deserialize, Clone)]
pub struct EmailSettings {
    /// `file` (the local default), `smtp` (production) or `memory` (tests).
    pub transport: EmailTransport,
    /// The `From` mailbox, e.g. `Contract Watch <notices@watch.example>`.
    pub from: String,
    /// Where the file transport writes `.eml` files.
    pub file_dir: String,
    pub smtp: SmtpSettings,
    /// DKIM signing of every message; without it the relay must sign.
    #[serde(default)]
    pub dkim: Option<DkimSettings>,
}

/// A DKIM signing key: the public half is published at `{selector}._domainkey.{domain}`.
#[derive(Debug, Deserialize, Clone)]
pub struct DkimSettings {
    /// The signing domain (`d=`), normally the `From` address's domain.
    pub domain: String,
    /// The selector (`s=`), e.g. `cw2026`.
    pub selector: String,
    /// `rsa` (RSA-SHA256, what every receiver checks) or `ed25519` (RFC 8463).
    pub algorithm: DkimAlgorithm,
    /// The private key file: PKCS#1 PEM for RSA; for Ed25519 the base64 of the 32-byte seed.
    pub private_key_file: String,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DkimAlgorithm {
    Rsa,
    Ed25519,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum EmailTransport {
    File,
    Smtp,
    Memory,
}

#[derive(Debug, Deserialize, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    /// `none` (loopback relays only), `starttls` or `tls` (implicit TLS, usually port 465).
    pub tls: SmtpTls,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<SecretString>,
    /// Connections kept open to the relay.
    pub pool_size: u32,
    /// Limit for connecting, and for sending each message.
    pub timeout_seconds: u64,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    None,
    Starttls,
    Tls,
}

/// The background job runner (the outbox worker).
#[derive(Debug, Deserialize, Clone)]
pub struct WorkerSettings {
    /// Whether `serve` also runs the worker in-process.
    pub run_in_serve: bool,
    /// How long an idle worker waits before looking for due work again.
    pub poll_interval_millis: u64,
    /// How long a claimed delivery stays leased before another worker may take it.
    pub lease_seconds: i64,
    /// Deliveries claimed per transaction.
    pub batch_size: u64,
    /// Sends in flight at once (match `email.smtp.pool_size`).
    pub concurrency: usize,
    /// Attempts before a transiently failing delivery is dead.
    pub max_attempts: i32,
    /// The first retry waits about this long; each later one twice as long.
    pub retry_base_seconds: i64,
    /// No retry waits longer than this.
    pub retry_max_delay_seconds: i64,
}

/// Sessions, tokens and passwords.
#[derive(Debug, Deserialize, Clone)]
pub struct AuthSettings {
    /// `iss` of access tokens.
    pub issuer: String,
    /// `aud` of access tokens.
    pub audience: String,
    /// The `kid` new access tokens are signed with; must be a key of `keys`.
    #[serde(default)]
    pub current_key_id: String,
    /// HS256 keys by `kid`, each at least 32 bytes. Keep the previous key here for one access
    /// token lifetime after rotating. Only local and test profiles ship one (a `dev-only-`
    /// key); elsewhere they come from `CW__AUTH__KEYS__<KID>`.
    #[serde(default)]
    pub keys: BTreeMap<String, SecretString>,
    /// Access token lifetime; at most 15.
    pub access_token_minutes: i64,
    /// How long a session lasts after its log-in, however often it is refreshed.
    pub refresh_token_days: i64,
    /// How long a refresh token lasts unused.
    pub refresh_idle_days: i64,
    /// Clock skew tolerated on `exp` and `iat`; at most 30.
    pub leeway_seconds: i64,
    /// Lifetime of an email verification link.
    pub verification_hours: i64,
    /// Lifetime of a password reset link.
    pub reset_minutes: i64,
    /// Unverified accounts older than this are purged.
    pub unverified_retention_days: i64,
    /// Shortest and longest password, in characters.
    pub password_min_chars: usize,
    pub password_max_chars: usize,
    /// Take the client IP from the first `X-Forwarded-For` entry (only behind a proxy that sets it).
    pub trust_forwarded_for: bool,
}

/// Abuse limits: log-in throttling and hourly caps.
#[derive(Debug, Deserialize, Clone)]
pub struct AbuseLimits {
    /// Failed log-ins for one address from one IP before delays start.
    pub login_free_failures_per_account_ip: i32,
    /// Failed log-ins from one IP (any address) before delays start.
    pub login_free_failures_per_ip: i32,
    /// The first delay; each further failure doubles it.
    pub login_delay_base_seconds: i64,
    /// No delay is longer than this: a delay, never a lockout.
    pub login_delay_max_seconds: i64,
    pub sign_ups_per_ip_per_hour: i32,
    /// Verification and reset mails.
    pub account_mails_per_account_per_hour: i32,
    pub account_mails_per_ip_per_hour: i32,
}

/// Alerts.
#[derive(Debug, Deserialize, Clone)]
pub struct AlertSettings {
    /// Days before a contract's next decision date when followers hear its renewal window is
    /// open; each fires once per contract and decision date.
    pub renewal_thresholds_days: Vec<i64>,
    /// The local hour (0-23) when daily and weekly digests go out.
    pub digest_hour: u32,
    /// The weekday weekly digests go out.
    pub weekly_digest_day: chrono::Weekday,
    /// The IANA zone of accounts with no zone of their own and no staff jurisdiction.
    pub default_time_zone: chrono_tz::Tz,
    /// Talk on one item (comments, concerns, responses) reaches an immediate subscriber at most
    /// once per this many minutes.
    pub immediate_batch_minutes: i64,
    /// How often the alert steps (fan-out, immediate mail, digests) run in serve and worker.
    pub poll_seconds: u64,
}

/// What the OCDS export publishes under (`services::ocds_export`).
#[derive(Debug, Deserialize, Clone)]
pub struct OcdsSettings {
    /// The registered prefix of the ocids this service mints, e.g. `ocds-abc123`.
    pub ocid_prefix: String,
    /// The package's `publisher.name`.
    pub publisher_name: String,
    /// The package's `license` URL.
    pub license: String,
    /// The extension's contact address.
    pub contact_email: String,
}

/// Imports from the import page (`services::import_runs`).
#[derive(Debug, Deserialize, Clone, Copy)]
pub struct ImportSettings {
    /// The largest file the page imports; a checked file is kept in the database until it is
    /// applied. Larger files go through `contract-watch import`.
    pub web_max_bytes: u64,
}

/// Computed red flags (`services::red_flags`).
#[derive(Debug, Deserialize, Clone, Copy)]
pub struct RedFlagSettings {
    /// Amendments adding more than this percentage of a contract's original value.
    pub amendment_share_percent: i64,
    /// Sole-source and emergency purchases above this value, in minor units of the record's
    /// currency.
    pub noncompetitive_threshold_minor: i64,
    /// Contracts ending within this many days with nothing under way to replace them.
    pub ending_window_days: u32,
    /// Bids due fewer than this many days after publication.
    pub short_submission_days: u32,
}

/// Pre-vote digests to officials.
#[derive(Debug, Deserialize, Clone)]
pub struct DigestSettings {
    /// Days before a meeting when each member of the body gets the pre-vote digest.
    pub lead_days: Vec<i64>,
}

/// Comments, concerns and moderation.
#[derive(Debug, Deserialize, Clone)]
pub struct ParticipationSettings {
    /// Minutes before an agenda item's meeting starts when its comments close (0: at the start).
    pub close_comments_minutes_before_meeting: i64,
    /// Per account, counted per executed field.
    pub comments_per_hour: i32,
    pub concerns_per_hour: i32,
    pub endorsements_per_hour: i32,
    pub reports_per_day: i32,
    /// A comment whose text matches one of the author's own from this many hours back is refused.
    pub duplicate_window_hours: i64,
    /// Distinct verified accounts whose reports hide a comment pending review.
    pub reports_to_hide: i32,
}

#[derive(Debug, Deserialize, Clone)]
pub struct TelemetrySettings {
    /// An `EnvFilter` directive; `RUST_LOG` wins when set.
    pub filter: String,
    /// `pretty` or `json`.
    pub format: String,
}

/// Every committed (development and test) JWT key starts with this; production refuses them.
pub const DEV_KEY_PREFIX: &str = "dev-only-";

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
        let mut settings: Settings = figment.extract()?;
        // Environment variable names arrive in lower case (`CW__AUTH__KEYS__K1` is key `k1`):
        // kids are compared in lower case everywhere, whichever way they were written.
        settings.auth.current_key_id = settings.auth.current_key_id.to_lowercase();
        settings.auth.keys = std::mem::take(&mut settings.auth.keys)
            .into_iter()
            .map(|(kid, key)| (kid.to_lowercase(), key))
            .collect();
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
        if self.worker.batch_size == 0
            || self.worker.concurrency == 0
            || self.worker.max_attempts < 1
        {
            anyhow::bail!(
                "worker.batch_size, worker.concurrency and worker.max_attempts must be positive"
            );
        }
        if self.worker.lease_seconds < 1 || self.worker.retry_base_seconds < 1 {
            anyhow::bail!("worker.lease_seconds and worker.retry_base_seconds must be positive");
        }
        if self.alerts.digest_hour > 23 || self.alerts.poll_seconds == 0 {
            anyhow::bail!("alerts.digest_hour must be 0-23 and alerts.poll_seconds positive");
        }
        if self.digests.lead_days.iter().any(|d| !(0..=60).contains(d)) {
            anyhow::bail!("digests.lead_days must each be 0-60");
        }
        if self.alerts.immediate_batch_minutes < 0 {
            anyhow::bail!("alerts.immediate_batch_minutes must not be negative");
        }
        let prefix = &self.ocds.ocid_prefix;
        let ok_prefix = prefix.len() == 11
            && prefix.starts_with("ocds-")
            && prefix[5..].chars().all(|c| c.is_ascii_alphanumeric());
        if !ok_prefix {
            anyhow::bail!("ocds.ocid_prefix must be ocds- and six letters or digits");
        }
        let auth = &self.auth;
        if auth.keys.is_empty() {
            anyhow::bail!(
                "no JWT key: set CW__AUTH__KEYS__<KID> (at least 32 random bytes) and CW__AUTH__CURRENT_KEY_ID"
            );
        }
        if !auth.keys.contains_key(&auth.current_key_id) {
            anyhow::bail!(
                "auth.current_key_id must name a key in auth.keys (set CW__AUTH__CURRENT_KEY_ID to its kid, in lower case)"
            );
        }
        if auth.keys.values().any(|key| key.expose_secret().len() < 32) {
            anyhow::bail!("every auth.keys entry must be at least 32 bytes");
        }
        if !(1..=15).contains(&auth.access_token_minutes)
            || !(0..=30).contains(&auth.leeway_seconds)
        {
            anyhow::bail!("auth.access_token_minutes must be 1-15 and auth.leeway_seconds 0-30");
        }
        if auth.password_min_chars < 8 || auth.password_max_chars < auth.password_min_chars {
            anyhow::bail!(
                "auth.password_min_chars must be at least 8 and at most password_max_chars"
            );
        }
        if self.environment == "production" {
            if auth
                .keys
                .values()
                .any(|key| key.expose_secret().starts_with(DEV_KEY_PREFIX))
            {
                anyhow::bail!("production must not use the committed development JWT key");
            }
            if self.database.is_sqlite() {
                anyhow::bail!("production requires PostgreSQL: set CW__DATABASE__URL");
            }
            if self.application.graphiql {
                anyhow::bail!("production must not serve GraphiQL");
            }
            if !self.application.base_url.starts_with("https://") {
                anyhow::bail!("production requires an https application.base_url");
            }
            if self.email.transport != EmailTransport::Smtp {
                anyhow::bail!("production sends mail through SMTP only: set email.transport");
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
        assert_eq!(settings.email.transport, EmailTransport::File);
        assert_eq!(settings.email.file_dir, "data/mail");
        assert!(settings.worker.run_in_serve);
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

    #[allow(clippy::unwrap_used, reason = "tests fail loudly")]
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
        for transport in ["file", "memory"] {
            assert!(
                load(
                    "production",
                    &[postgres, https, ("CW__EMAIL__TRANSPORT", transport)]
                )
                .is_err(),
                "{transport} mail transport in production"
            );
        }
        const DEV_KEY: &str = "dev-only-0123456789abcdef0123456789abcdef";
        // Production ships no key: without one it says which variables to set.
        let refused = load("production", &[postgres, https])
            .unwrap_err()
            .to_string();
        assert!(refused.contains("CW__AUTH__KEYS__"), "{refused}");
        // Written in capitals as a shell user would; kids compare in lower case.
        let kid = ("CW__AUTH__CURRENT_KEY_ID", "K1");
        assert!(
            load(
                "production",
                &[postgres, https, kid, ("CW__AUTH__KEYS__K1", DEV_KEY)]
            )
            .is_err(),
            "a development JWT key in production"
        );
        assert!(
            load(
                "production",
                &[postgres, https, kid, ("CW__AUTH__KEYS__K1", "short")]
            )
            .is_err(),
            "a JWT key under 32 bytes"
        );
        let key = (
            "CW__AUTH__KEYS__K1",
            "s3cret-production-key-of-32-bytes-or-more",
        );
        let smtp_password = ("CW__EMAIL__SMTP__PASSWORD", "smtp-s3cret");
        // The variables docs/operations.md names are enough: a shell can export every one.
        let settings = load("production", &[postgres, https, smtp_password, key, kid])?;
        assert_eq!(settings.auth.current_key_id, "k1");
        assert_eq!(settings.email.transport, EmailTransport::Smtp);
        assert!(!settings.application.graphiql);
        assert!(!settings.application.seed_demo_on_empty);
        let printed = format!("{settings:?}");
        assert!(
            !printed.contains("s3cret"),
            "neither the database URL nor the SMTP password is ever printed"
        );
        Ok(())
    }
}
