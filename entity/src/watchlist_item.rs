//! One item on a watchlist, with the organisation's note about it.

use sea_orm::entity::prelude::*;

use crate::enums::SubjectType;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "watchlist_item")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub watchlist_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject_type: SubjectType,
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject_id: i64,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub added_by: i64,
    pub added_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
