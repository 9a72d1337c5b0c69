//! The email outbox: one delivery row per recipient, the suppression list, and the mail
//! preferences that one-click unsubscribe turns off.

use sea_orm_migration::{prelude::*, schema::*};

use crate::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MailPreference::Table)
                    .col(big_pk_auto(MailPreference::Id))
                    .col(string(MailPreference::Recipient))
                    .col(string(MailPreference::Topic))
                    .col(boolean(MailPreference::Enabled))
                    .col(timestamp_with_time_zone(MailPreference::CreatedAt))
                    .col(timestamp_with_time_zone_null(
                        MailPreference::UnsubscribedAt,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_mail_preference_recipient_topic")
                    .table(MailPreference::Table)
                    .col(MailPreference::Recipient)
                    .col(MailPreference::Topic)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EmailSuppression::Table)
                    .col(big_pk_auto(EmailSuppression::Id))
                    .col(string_uniq(EmailSuppression::Recipient))
                    .col(string(EmailSuppression::Reason))
                    .col(big_integer_null(EmailSuppression::DeliveryId))
                    .col(timestamp_with_time_zone(EmailSuppression::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EmailDelivery::Table)
                    .col(big_pk_auto(EmailDelivery::Id))
                    .col(string(EmailDelivery::Kind))
                    .col(string(EmailDelivery::SubjectKey))
                    .col(string(EmailDelivery::Recipient))
                    .col(string_null(EmailDelivery::RecipientName))
                    .col(string_uniq(EmailDelivery::MessageId))
                    .col(string(EmailDelivery::Subject))
                    .col(text(EmailDelivery::TextBody))
                    .col(text(EmailDelivery::HtmlBody))
                    .col(big_integer_null(EmailDelivery::MailPreferenceId))
                    .col(string_null(EmailDelivery::UnsubscribeTokenHash).unique_key())
                    .col(string_null(EmailDelivery::ListUnsubscribe))
                    .col(string(EmailDelivery::Status))
                    .col(integer(EmailDelivery::Attempts).default(0))
                    .col(timestamp_with_time_zone(EmailDelivery::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(EmailDelivery::LeasedUntil))
                    .col(string_null(EmailDelivery::LastErrorClass))
                    .col(string_null(EmailDelivery::LastError))
                    .col(timestamp_with_time_zone(EmailDelivery::CreatedAt))
                    .col(timestamp_with_time_zone(EmailDelivery::UpdatedAt))
                    .col(timestamp_with_time_zone_null(EmailDelivery::SentAt))
                    .foreign_key(&mut fk(
                        EmailDelivery::Table,
                        EmailDelivery::MailPreferenceId,
                        MailPreference::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // The same mail can never be enqueued twice.
        manager
            .create_index(
                Index::create()
                    .name("uq_email_delivery_kind_subject_recipient")
                    .table(EmailDelivery::Table)
                    .col(EmailDelivery::Kind)
                    .col(EmailDelivery::SubjectKey)
                    .col(EmailDelivery::Recipient)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The worker's claim: due rows by status and time.
        manager
            .create_index(
                Index::create()
                    .name("idx_email_delivery_due")
                    .table(EmailDelivery::Table)
                    .col(EmailDelivery::Status)
                    .col(EmailDelivery::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_email_delivery_mail_preference_id")
                    .table(EmailDelivery::Table)
                    .col(EmailDelivery::MailPreferenceId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            EmailDelivery::Table.into_iden(),
            EmailSuppression::Table.into_iden(),
            MailPreference::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum MailPreference {
    Table,
    Id,
    Recipient,
    Topic,
    Enabled,
    CreatedAt,
    UnsubscribedAt,
}

#[derive(DeriveIden)]
pub enum EmailSuppression {
    Table,
    Id,
    Recipient,
    Reason,
    DeliveryId,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum EmailDelivery {
    Table,
    Id,
    Kind,
    SubjectKey,
    Recipient,
    RecipientName,
    MessageId,
    Subject,
    TextBody,
    HtmlBody,
    MailPreferenceId,
    UnsubscribeTokenHash,
    ListUnsubscribe,
    Status,
    Attempts,
    NextAttemptAt,
    LeasedUntil,
    LastErrorClass,
    LastError,
    CreatedAt,
    UpdatedAt,
    SentAt,
}
