//! Whether an address wants one stream of mail (a topic). One-click unsubscribe turns it off;
//! alert subscriptions and officials' digest choices build on it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_preference")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The normalised (lower-case) address.
    pub recipient: String,
    /// Which stream, e.g. `alerts:subscription:12` or `digest:official:3`.
    pub topic: String,
    pub enabled: bool,
    pub created_at: DateTimeUtc,
    pub unsubscribed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::email_delivery::Entity")]
    EmailDelivery,
}

impl Related<super::email_delivery::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::EmailDelivery.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
