//! The application state a job benchmark measures: the local profile on the given database, no
//! demo seeding, quiet logs, and a clock fixed at the start so the harness can move it.

use std::collections::BTreeMap;
use std::path::Path;

use contract_watch::clock::Clock;
use contract_watch::config::Settings;
use contract_watch::state::AppState;

pub async fn fixed_clock(database_url: &str) -> anyhow::Result<AppState> {
    let vars: BTreeMap<String, String> = [
        ("CW__DATABASE__URL", database_url.to_owned()),
        ("CW__APPLICATION__SEED_DEMO_ON_EMPTY", "false".to_owned()),
        ("RUST_LOG", "warn".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let settings = Settings::load_from(Path::new("configuration"), "local", &vars)?;
    AppState::build(settings, Clock::fixed(chrono::Utc::now())).await
}
