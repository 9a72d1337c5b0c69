//! An option to renew a contract for a further period (OCDS renewal extension).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "renewal_option")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub contract_id: i64,
    /// 1 for the first option, 2 for the second …
    pub sequence: i32,
    pub period_start: Date,
    pub period_end: Date,
    pub value_minor: Option<i64>,
    /// The date by which the option must be exercised or let lapse.
    pub decision_deadline: Date,
    pub exercised: bool,
    pub exercised_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
