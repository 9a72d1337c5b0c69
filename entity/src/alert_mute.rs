//! One item muted inside a broad alert subscription.

use sea_orm::entity::prelude::*;

use crate::enums::SubjectType;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "alert_mute")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub subscription_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject_type: SubjectType,
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject_id: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
