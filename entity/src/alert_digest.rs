//! One daily or weekly digest sent to one account for one period; its key makes a period's
//! digest go out once.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "alert_digest")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    /// `daily` or `weekly`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub cadence: String,
    /// The subscriber's local date (`2026-11-26`) or ISO week (`2026-W48`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub period: String,
    pub events: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
