//! What shapes officials' digests beyond the defaults: a body's own lead times, each official's
//! choices (pre-vote digests, shown publicly; the weekly summary), a proven contact address for
//! officials without an account, and the agenda items each
//! official has been told about, so an item added after a digest went out produces one short
//! "added to the agenda" update. Archived copies name the items an update added.

use sea_orm_migration::{prelude::*, schema::*};

use crate::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one change per ALTER TABLE.
        // "7,2": days before a meeting; null means the service's `digests.lead_days`.
        manager
            .alter_table(
                Table::alter()
                    .table(Body::Table)
                    .add_column(string_null(Body::DigestLeadDays))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Official::Table)
                    .add_column(boolean(Official::PreVoteDigests).default(true))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Official::Table)
                    .add_column(boolean(Official::WeeklySummary).default(false))
                    .to_owned(),
            )
            .await?;
        // When the official last changed their pre-vote digest choice (shown with it).
        manager
            .alter_table(
                Table::alter()
                    .table(Official::Table)
                    .add_column(timestamp_with_time_zone_null(Official::DigestChoiceAt))
                    .to_owned(),
            )
            .await?;
        // An official's contact address is proven by following a link mailed to it: until then
        // no digest goes there. The token is kept hashed, with its expiry.
        for column in [
            Official::ContactEmailVerifiedAt,
            Official::ContactTokenExpiresAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Official::Table)
                        .add_column(timestamp_with_time_zone_null(column))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Official::Table)
                    .add_column(string_null(Official::ContactTokenHash))
                    .to_owned(),
            )
            .await?;
        // Empty for a pre-vote digest; "12,15" for an update that added those agenda items.
        manager
            .alter_table(
                Table::alter()
                    .table(DigestArchive::Table)
                    .add_column(string(DigestArchive::AddedItems).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("uq_digest_archive_meeting_lead")
                    .table(DigestArchive::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_digest_archive_copy")
                    .table(DigestArchive::Table)
                    .col(DigestArchive::MeetingId)
                    .col(DigestArchive::LeadDays)
                    .col(DigestArchive::AddedItems)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DigestItem::Table)
                    .col(big_pk_auto(DigestItem::Id))
                    .col(big_integer(DigestItem::MeetingId))
                    .col(big_integer(DigestItem::OfficialId))
                    .col(big_integer(DigestItem::AgendaItemId))
                    // The archived copy that told them.
                    .col(big_integer(DigestItem::ArchiveId))
                    .col(timestamp_with_time_zone(DigestItem::CreatedAt))
                    .foreign_key(&mut fk(
                        DigestItem::Table,
                        DigestItem::MeetingId,
                        Alias::new("meeting"),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        DigestItem::Table,
                        DigestItem::OfficialId,
                        Official::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        DigestItem::Table,
                        DigestItem::AgendaItemId,
                        Alias::new("agenda_item"),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        DigestItem::Table,
                        DigestItem::ArchiveId,
                        DigestArchive::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // Told once: racing workers' inserts meet here and only one sends.
        manager
            .create_index(
                Index::create()
                    .name("uq_digest_item_once")
                    .table(DigestItem::Table)
                    .col(DigestItem::OfficialId)
                    .col(DigestItem::AgendaItemId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_digest_item_meeting")
                    .table(DigestItem::Table)
                    .col(DigestItem::MeetingId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DigestItem::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("uq_digest_archive_copy")
                    .table(DigestArchive::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(DigestArchive::Table)
                    .drop_column(DigestArchive::AddedItems)
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
            .await?;
        for column in [
            Official::ContactTokenHash,
            Official::ContactTokenExpiresAt,
            Official::ContactEmailVerifiedAt,
            Official::DigestChoiceAt,
            Official::WeeklySummary,
            Official::PreVoteDigests,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Official::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Body::Table)
                    .drop_column(Body::DigestLeadDays)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum Body {
    Table,
    DigestLeadDays,
}

#[derive(DeriveIden, Clone)]
enum Official {
    Table,
    PreVoteDigests,
    WeeklySummary,
    DigestChoiceAt,
    ContactEmailVerifiedAt,
    ContactTokenHash,
    ContactTokenExpiresAt,
}

#[derive(DeriveIden, Clone)]
enum DigestArchive {
    Table,
    MeetingId,
    LeadDays,
    AddedItems,
}

#[derive(DeriveIden, Clone)]
enum DigestItem {
    Table,
    Id,
    MeetingId,
    OfficialId,
    AgendaItemId,
    ArchiveId,
    CreatedAt,
}
