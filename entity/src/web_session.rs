//! A browser session of the web client; the cookie's id is stored only as its hash.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "web_session")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    #[sea_orm(unique)]
    pub token_hash: String,
    /// Form tokens of this session are derived from it.
    pub csrf_secret: String,
    /// "Firefox on Android", for the list of one's sessions.
    pub label: String,
    /// The account's token version when the session began; a bump ends it.
    pub token_version: i32,
    pub created_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    /// The absolute end; the idle end is `last_seen_at` plus the idle limit.
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
