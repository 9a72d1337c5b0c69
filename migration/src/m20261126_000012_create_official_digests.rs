//! Pre-vote digests to officials: one row per (meeting, official, lead time), written in the
//! transaction that enqueues the mail. Its key makes each digest go out exactly once, however
//! many workers race; it also records an official who could not be reached, so the status view
//! reports them instead of skipping them silently.

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
                    .table(OfficialDigest::Table)
                    .col(big_pk_auto(OfficialDigest::Id))
                    .col(big_integer(OfficialDigest::MeetingId))
                    .col(big_integer(OfficialDigest::OfficialId))
                    .col(integer(OfficialDigest::LeadDays))
                    // `sent` (enqueued; the outbox row tells delivery) or `no_address`.
                    .col(string(OfficialDigest::Status))
                    .col(big_integer_null(OfficialDigest::DeliveryId))
                    .col(timestamp_with_time_zone(OfficialDigest::CreatedAt))
                    .foreign_key(&mut fk(
                        OfficialDigest::Table,
                        OfficialDigest::MeetingId,
                        Alias::new("meeting"),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        OfficialDigest::Table,
                        OfficialDigest::OfficialId,
                        Alias::new("official"),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_official_digest_once")
                    .table(OfficialDigest::Table)
                    .col(OfficialDigest::MeetingId)
                    .col(OfficialDigest::OfficialId)
                    .col(OfficialDigest::LeadDays)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OfficialDigest::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum OfficialDigest {
    Table,
    Id,
    MeetingId,
    OfficialId,
    LeadDays,
    Status,
    DeliveryId,
    CreatedAt,
}
