//! One searchable record's folded text (see the search service); the engines' indexes hang off
//! it (a generated `tsvector` on PostgreSQL, an FTS5 table on SQLite).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "search_document")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `solicitation`, `contract`, `vendor`, `agency` or `agenda_item`.
    pub kind: String,
    pub subject_id: i64,
    pub jurisdiction_id: Option<i64>,
    /// The reference number, normalised (upper case, no spaces); empty when there is none.
    pub reference: String,
    #[sea_orm(column_type = "Text")]
    pub title_index: String,
    #[sea_orm(column_type = "Text")]
    pub body_index: String,
    pub archived: bool,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
