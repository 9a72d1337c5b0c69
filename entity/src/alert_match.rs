//! One recipient of one event: the fan-out's output, the mail and digest jobs' input.

use sea_orm::entity::prelude::*;

use crate::enums::AlertDelivery;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "alert_match")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub event_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub subscription_id: i64,
    pub delivery: AlertDelivery,
    pub created_at: DateTimeUtc,
    pub notified_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
