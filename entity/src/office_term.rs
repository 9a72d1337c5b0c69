//! An official's seat on a body for a period.

use sea_orm::entity::prelude::*;

use crate::enums::OfficeRole;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "office_term")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub official_id: i64,
    pub body_id: i64,
    pub role: OfficeRole,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    /// Set when staff archive the row; archived rows leave public lists.
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
