//! A classification code of a solicitation (OCDS `items.classification`: UNSPSC, NIGP, CPV …).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "solicitation_category")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub solicitation_id: i64,
    pub scheme: String,
    pub code: String,
    pub description: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
