//! A person's account. Email and password hash are private; deleted accounts keep their row
//! (without email, password or name) so public comments remain as "former member".

use sea_orm::entity::prelude::*;

use crate::enums::UserRole;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "user_account")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Lower-case; `None` once deleted.
    pub email: Option<String>,
    pub email_verified_at: Option<DateTimeUtc>,
    /// An Argon2id PHC string; `None` once deleted.
    pub password_hash: Option<String>,
    pub display_name: String,
    pub role: UserRole,
    /// For staff: the jurisdiction they may edit.
    pub jurisdiction_id: Option<i64>,
    /// The official this account speaks for, once an admin links it.
    pub official_id: Option<i64>,
    /// IANA zone for digests and dates; `None`: the staff jurisdiction's, else the default.
    pub time_zone: Option<String>,
    /// Bumped by "log out everywhere" and password changes; sessions of older versions end.
    pub token_version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
    /// SHA-256 (hex) of the secret in the private calendar address, once one was made.
    pub calendar_token_hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
