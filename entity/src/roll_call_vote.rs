//! One official's vote on an agenda item.

use sea_orm::entity::prelude::*;

use crate::enums::VoteChoice;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "roll_call_vote")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub agenda_item_id: i64,
    pub official_id: i64,
    pub vote: VoteChoice,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
