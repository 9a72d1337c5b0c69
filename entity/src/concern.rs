//! A structured concern about a subject, which officials must see and may answer.

use sea_orm::entity::prelude::*;

use crate::enums::{ConcernCategory, ConcernStatus, Severity, SubjectType};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "concern")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub subject_type: SubjectType,
    pub subject_id: i64,
    pub author_id: i64,
    /// Set when a representative flagged it in the organisation's name.
    pub organization_id: Option<i64>,
    pub category: ConcernCategory,
    pub severity: Severity,
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub details: String,
    pub evidence_url: Option<String>,
    pub status: ConcernStatus,
    pub status_changed_by: Option<i64>,
    pub status_changed_at: Option<DateTimeUtc>,
    /// People who endorsed it (kept in step with `concern_endorsement`).
    pub endorsement_count: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
