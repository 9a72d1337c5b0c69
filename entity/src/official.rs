//! An elected or appointed member of a body.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "official")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub jurisdiction_id: i64,
    pub name: String,
    pub title: String,
    pub district: Option<String>,
    /// The office's address as staff entered it. Private: never exposed through the public API.
    /// Digests go here only once it is proven (`contact_email_verified_at`), and only when no
    /// verified account is linked to the official.
    pub contact_email: Option<String>,
    pub created_at: DateTimeUtc,
    /// Set when staff archive the row; archived rows leave public lists.
    pub archived_at: Option<DateTimeUtc>,
    /// Whether the official receives pre-vote digests: their own choice, shown publicly.
    pub pre_vote_digests: bool,
    /// Whether the official receives the weekly summary (off unless they opt in).
    pub weekly_summary: bool,
    /// When the official last changed their pre-vote digest choice.
    pub digest_choice_at: Option<DateTimeUtc>,
    /// When the link mailed to `contact_email` was followed.
    pub contact_email_verified_at: Option<DateTimeUtc>,
    /// SHA-256 of the pending confirmation token, and its expiry.
    pub contact_token_hash: Option<String>,
    pub contact_token_expires_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
