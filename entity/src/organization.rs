//! A union local, community group or advocacy group. Its positions count as an organisation's
//! only once an admin has verified it.

use sea_orm::entity::prelude::*;

use crate::enums::OrganizationKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "organization")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub kind: OrganizationKind,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub created_by: Option<i64>,
    pub verified_at: Option<DateTimeUtc>,
    pub verified_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
