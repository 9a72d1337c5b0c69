//! What alert mail needs: each account's own time zone (digests go out at a local morning hour),
//! the comment an event is about (mail leaves out a comment hidden after it was posted), and one
//! row per digest sent, so a period's digest goes out once.

use sea_orm_migration::{prelude::*, schema::*};

use crate::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one change per ALTER TABLE.
        manager
            .alter_table(
                Table::alter()
                    .table(UserAccount::Table)
                    .add_column(string_null(UserAccount::TimeZone))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AlertEvent::Table)
                    .add_column(big_integer_null(AlertEvent::CommentId))
                    .to_owned(),
            )
            .await?;
        // The mail jobs read what is waiting for one delivery mode, a chunk of accounts at a time.
        manager
            .create_index(
                Index::create()
                    .name("idx_alert_match_due")
                    .table(AlertMatch::Table)
                    .col(AlertMatch::Delivery)
                    .col(AlertMatch::NotifiedAt)
                    .col(AlertMatch::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AlertDigest::Table)
                    .col(big_integer(AlertDigest::UserId))
                    // `daily` or `weekly`.
                    .col(string(AlertDigest::Cadence))
                    // The subscriber's local date ("2026-11-26") or ISO week ("2026-W48").
                    .col(string(AlertDigest::Period))
                    .col(integer(AlertDigest::Events))
                    .col(timestamp_with_time_zone(AlertDigest::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(AlertDigest::UserId)
                            .col(AlertDigest::Cadence)
                            .col(AlertDigest::Period),
                    )
                    .foreign_key(&mut fk(
                        AlertDigest::Table,
                        AlertDigest::UserId,
                        UserAccount::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AlertDigest::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_alert_match_due")
                    .table(AlertMatch::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AlertEvent::Table)
                    .drop_column(AlertEvent::CommentId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(UserAccount::Table)
                    .drop_column(UserAccount::TimeZone)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum UserAccount {
    Table,
    TimeZone,
}

#[derive(DeriveIden, Clone)]
enum AlertEvent {
    Table,
    CommentId,
}

#[derive(DeriveIden, Clone)]
enum AlertMatch {
    Table,
    Delivery,
    NotifiedAt,
    UserId,
}

#[derive(DeriveIden, Clone)]
enum AlertDigest {
    Table,
    UserId,
    Cadence,
    Period,
    Events,
    CreatedAt,
}
