//! The public archive of pre-vote digests: one copy of what a body's members were sent before a
//! meeting, per lead time ("what your council was told"). The content is the same for every
//! member apart from the greeting, so one copy is kept, addressed to the body.

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
                    .table(DigestArchive::Table)
                    .col(big_pk_auto(DigestArchive::Id))
                    .col(big_integer(DigestArchive::MeetingId))
                    .col(integer(DigestArchive::LeadDays))
                    .col(string(DigestArchive::Subject))
                    .col(text(DigestArchive::TextBody))
                    .col(text(DigestArchive::HtmlBody))
                    .col(timestamp_with_time_zone(DigestArchive::CreatedAt))
                    .foreign_key(&mut fk(
                        DigestArchive::Table,
                        DigestArchive::MeetingId,
                        Alias::new("meeting"),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_digest_archive_meeting_lead")
                    .table(DigestArchive::Table)
                    .col(DigestArchive::MeetingId)
                    .col(DigestArchive::LeadDays)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DigestArchive::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum DigestArchive {
    Table,
    Id,
    MeetingId,
    LeadDays,
    Subject,
    TextBody,
    HtmlBody,
    CreatedAt,
}
