//! An import run from the import page: a check (dry run) or an applied file, with its report.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "import_run")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub jurisdiction_id: i64,
    /// The staff account that ran it.
    pub actor_id: Option<i64>,
    /// `ocds`, or `csv:` and the preset (`csv:chicago`).
    pub source: String,
    pub file_name: String,
    /// `checked` (a dry run, the file kept to apply; it stays so when applying fails, to be
    /// applied again) or `applied`.
    pub state: String,
    /// The report as JSON.
    #[sea_orm(column_type = "Text", nullable)]
    pub report: Option<String>,
    /// The checked file, until it is applied.
    #[sea_orm(column_type = "Blob", nullable)]
    pub upload: Option<Vec<u8>>,
    pub upload_bytes: i64,
    pub created_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
