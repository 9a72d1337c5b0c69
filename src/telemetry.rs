//! Logging setup. Log ids, never email addresses, names, comment text or tokens.

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt;
use tracing_subscriber::prelude::*;

use crate::config::TelemetrySettings;

/// Installs the global subscriber: `RUST_LOG` wins over the configured filter.
pub fn init(settings: &TelemetrySettings) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&settings.filter));
    let registry = tracing_subscriber::registry().with(filter);
    // `try_init`: a second call (tests, benches) keeps the first subscriber.
    let _ = if settings.format == "json" {
        registry
            .with(fmt::layer().json().with_writer(std::io::stderr))
            .try_init()
    } else {
        registry
            .with(fmt::layer().compact().with_writer(std::io::stderr))
            .try_init()
    };
}
