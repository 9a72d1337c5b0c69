//! An agenda item one official has been told about, by a pre-vote digest or an "added to the
//! agenda" update. Unique per (official, agenda item): the item is never announced twice.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "digest_item")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub meeting_id: i64,
    pub official_id: i64,
    pub agenda_item_id: i64,
    /// The archived copy of the message that told them.
    pub archive_id: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
