//! An official answer to a concern, by staff of the jurisdiction or an official of the deciding
//! body; it may change the concern's status.

use sea_orm::entity::prelude::*;

use crate::enums::ConcernStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "concern_response")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub concern_id: i64,
    pub responder_id: i64,
    /// Set when the responder answered as a linked official.
    pub official_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub status: ConcernStatus,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
