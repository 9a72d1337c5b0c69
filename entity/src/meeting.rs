//! A scheduled session of a body.

use sea_orm::entity::prelude::*;

use crate::enums::MeetingStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub body_id: i64,
    pub starts_at: DateTimeUtc,
    pub location: Option<String>,
    pub agenda_url: Option<String>,
    pub status: MeetingStatus,
    /// Set when staff archive the row; archived rows leave public lists.
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::agenda_item::Entity")]
    AgendaItem,
}

impl Related<super::agenda_item::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::AgendaItem.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
