//! placeholder
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
pub async fn seed(
    _db: &DatabaseConnection,
    _n: u32,
    _now: DateTime<Utc>,
) -> anyhow::Result<String> {
    Ok(String::new())
}
