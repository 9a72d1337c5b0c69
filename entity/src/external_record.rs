//! Which registry row stands for a record of an outside source (an OCDS process's tender or
//! contract, a party), and a digest of what the import last applied to it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "external_record")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `ocds`, …
    pub source: String,
    pub jurisdiction_id: i64,
    /// `agency`, `vendor`, `solicitation`, `contract`, `amendment`.
    pub kind: String,
    /// The source's identity for the record, e.g. `{ocid}` or `{ocid}/{contract id}`.
    pub key: String,
    /// The registry row's id (in the table `kind` names).
    pub target_id: i64,
    /// SHA-256 (hex) of what was last applied: the same digest means nothing changed.
    pub digest: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
