//! A document published with a solicitation (OCDS `tender.documents`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "solicitation_document")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub solicitation_id: i64,
    pub title: String,
    pub url: String,
    pub published_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
