//! Which digest first carried each comment to the people who vote: one row per comment, written
//! in the transaction that enqueues the author's "your comment reached them" mail, so the author
//! is told once however many workers race.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CommentReach::Table)
                    .col(big_pk_auto(CommentReach::Id))
                    .col(big_integer_uniq(CommentReach::CommentId))
                    .col(big_integer(CommentReach::ArchiveId))
                    .col(big_integer(CommentReach::MeetingId))
                    .col(integer(CommentReach::Recipients))
                    .col(boolean(CommentReach::Quoted))
                    .col(timestamp_with_time_zone(CommentReach::CreatedAt))
                    .foreign_key(&mut fk(
                        CommentReach::Table,
                        CommentReach::CommentId,
                        Alias::new("comment"),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        CommentReach::Table,
                        CommentReach::ArchiveId,
                        Alias::new("digest_archive"),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(CommentReach::Table, CommentReach::ArchiveId))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CommentReach::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum CommentReach {
    Table,
    Id,
    CommentId,
    ArchiveId,
    MeetingId,
    Recipients,
    Quoted,
    CreatedAt,
}
