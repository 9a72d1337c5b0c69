//! A comment on a solicitation, contract or agenda item; replies thread to depth 3.

use sea_orm::entity::prelude::*;

use crate::enums::{Position, SubjectType, Visibility};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "comment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub subject_type: SubjectType,
    pub subject_id: i64,
    pub author_id: i64,
    /// Set when a representative posted in the organisation's name.
    pub organization_id: Option<i64>,
    pub parent_id: Option<i64>,
    /// 1 for a top-level comment.
    pub depth: i32,
    /// Top-level comments only.
    pub position: Option<Position>,
    /// Raw Markdown as written; empty once the author deleted it.
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub visibility: Visibility,
    /// Distinct verified accounts that reported it since it was last reviewed.
    pub report_count: i32,
    pub created_at: DateTimeUtc,
    pub edited_at: Option<DateTimeUtc>,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
