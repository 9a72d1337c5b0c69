//! The public moderation log: what was done to a comment and why (never who reported it).

use sea_orm::entity::prelude::*;

use crate::enums::ModerationKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "moderation_action")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub comment_id: i64,
    pub action: ModerationKind,
    pub reason: String,
    /// `None` when reports hid the comment automatically. Not published.
    pub moderator_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
