//! Something a person follows, and how often they want to hear about it. `AlertSubscription`
//! because `Subscription` is GraphQL's word.

use sea_orm::entity::prelude::*;

use crate::enums::{AlertDelivery, AlertTarget, SubjectType};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "alert_subscription")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// Which one of the target columns below is set.
    pub target_type: AlertTarget,
    pub subject_type: Option<SubjectType>,
    pub subject_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub body_id: Option<i64>,
    pub vendor_id: Option<i64>,
    pub category_code: Option<String>,
    /// For "all outsourcing in a jurisdiction".
    pub jurisdiction_id: Option<i64>,
    pub watchlist_id: Option<i64>,
    /// A saved search as JSON: `{"keyword": …, "filter": {…}}`.
    #[sea_orm(column_type = "Text", nullable)]
    pub search: Option<String>,
    pub delivery: AlertDelivery,
    pub paused_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
