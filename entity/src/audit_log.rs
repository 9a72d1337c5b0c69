//! One row per staff, moderator or admin change. The database refuses `UPDATE` and `DELETE`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `None` for the command line.
    pub actor_id: Option<i64>,
    pub actor_role: String,
    /// The mutation, e.g. `createContract`.
    pub action: String,
    pub target_type: String,
    pub target_id: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub request_id: String,
    /// SHA-256 of the target's state before and after, as canonical JSON.
    pub before_digest: Option<String>,
    pub after_digest: Option<String>,
    /// The jurisdiction the change belongs to; `None` for changes of no one jurisdiction.
    pub jurisdiction_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
