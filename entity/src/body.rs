//! A deciding body: council, committee, board or commission.

use sea_orm::entity::prelude::*;

use crate::enums::BodyKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "body")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub jurisdiction_id: i64,
    pub name: String,
    pub kind: BodyKind,
    pub created_at: DateTimeUtc,
    /// Set when staff archive the row; archived rows leave public lists.
    pub archived_at: Option<DateTimeUtc>,
    /// The body's own pre-vote digest lead times in days ("7,2"); `None` means the service's.
    pub digest_lead_days: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
