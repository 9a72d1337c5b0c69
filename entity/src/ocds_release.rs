//! One OCDS release as read by an import, kept so a process's compiled release can be merged
//! from all of its releases whichever file and order they came in.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ocds_release")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub jurisdiction_id: i64,
    pub ocid: String,
    /// The release's `id`; unique within its process.
    pub release_id: String,
    /// The release's `date`, in UTC (releases merge in this order).
    pub released_at: Option<DateTimeUtc>,
    /// The release as JSON.
    #[sea_orm(column_type = "Text")]
    pub data: String,
    pub imported_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
