//! A red flag computed on a contract or a solicitation (`services::red_flags`), with the
//! numbers behind it. Which numbers a kind uses is documented there.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "red_flag")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Set for a contract's flag.
    pub contract_id: Option<i64>,
    /// Set for a solicitation's flag.
    pub solicitation_id: Option<i64>,
    pub kind: String,
    pub amount_minor: Option<i64>,
    pub limit_minor: Option<i64>,
    pub on_date: Option<Date>,
    pub limit_date: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
