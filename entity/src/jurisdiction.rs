//! A government: city, county, state, school, transit or special district.

use sea_orm::entity::prelude::*;

use crate::enums::JurisdictionKind;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "jurisdiction")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub kind: JurisdictionKind,
    /// IANA time zone name, e.g. `America/Chicago`.
    pub time_zone: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
