//! One pre-vote digest to one official for one meeting and lead time: sent (enqueued) or not
//! deliverable (no verified address). Unique per (meeting, official, lead time).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "official_digest")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub meeting_id: i64,
    pub official_id: i64,
    pub lead_days: i32,
    /// `sent` or `no_address`.
    pub status: String,
    pub delivery_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
