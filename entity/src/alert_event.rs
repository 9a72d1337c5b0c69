//! A change followers may hear about, written in the change's own transaction.

use sea_orm::entity::prelude::*;

use crate::enums::{AlertEventKind, SubjectType};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "alert_event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: AlertEventKind,
    pub subject_type: Option<SubjectType>,
    pub subject_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub body_id: Option<i64>,
    pub vendor_id: Option<i64>,
    pub jurisdiction_id: Option<i64>,
    pub outsourcing: bool,
    pub watchlist_id: Option<i64>,
    /// The comment an event announces; mail leaves it out if it was hidden since.
    pub comment_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub headline: String,
    pub dedupe_key: Option<String>,
    pub occurred_at: DateTimeUtc,
    pub fanned_out_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
