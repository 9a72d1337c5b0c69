//! One email to one recipient, in the outbox until a relay accepts it.

use sea_orm::entity::prelude::*;

use crate::enums::DeliveryStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "email_delivery")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What kind of mail (`test`, `verify_email`, `alert`, `digest`, …).
    pub kind: String,
    /// What the mail is about, e.g. `meeting:42:7d`; with kind and recipient, unique.
    pub subject_key: String,
    /// The normalised (lower-case) address.
    pub recipient: String,
    pub recipient_name: Option<String>,
    /// Kept across retries, so a resent message is recognisably the same one.
    pub message_id: String,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub text_body: String,
    #[sea_orm(column_type = "Text")]
    pub html_body: String,
    /// The preference that one-click unsubscribe turns off; none for transactional mail.
    pub mail_preference_id: Option<i64>,
    /// SHA-256 of the unsubscribe token, base64url.
    pub unsubscribe_token_hash: Option<String>,
    /// The `List-Unsubscribe` header value.
    pub list_unsubscribe: Option<String>,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub leased_until: Option<DateTimeUtc>,
    pub last_error_class: Option<String>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::mail_preference::Entity",
        from = "Column::MailPreferenceId",
        to = "super::mail_preference::Column::Id"
    )]
    MailPreference,
}

impl Related<super::mail_preference::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::MailPreference.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
