//! The community's voice: comments (with their edit history), concerns with endorsements,
//! organisation co-signatures and official responses, reports of comments, and the public
//! moderation log.
//!
//! Comments and concerns name their subject by (`subject_type`, `subject_id`): a solicitation, a
//! contract or an agenda item. The service checks the subject exists before writing; registry rows
//! are archived, never deleted, so a subject does not disappear under its comments.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let user = || Alias::new("user_account");
        let organization = || Alias::new("organization");
        manager
            .create_table(
                Table::create()
                    .table(Comment::Table)
                    .col(big_pk_auto(Comment::Id))
                    .col(string(Comment::SubjectType))
                    .col(big_integer(Comment::SubjectId))
                    .col(big_integer(Comment::AuthorId))
                    // Set when a representative posts in the organisation's name.
                    .col(big_integer_null(Comment::OrganizationId))
                    .col(big_integer_null(Comment::ParentId))
                    // 1 for a top-level comment, at most 3.
                    .col(integer(Comment::Depth))
                    // Top-level comments only.
                    .col(string_null(Comment::Position))
                    // Raw Markdown, as written; rendered and sanitised when read.
                    .col(text(Comment::Body))
                    // visible | hidden | removed
                    .col(string(Comment::Visibility))
                    .col(integer(Comment::ReportCount).default(0))
                    .col(timestamp_with_time_zone(Comment::CreatedAt))
                    .col(timestamp_with_time_zone_null(Comment::EditedAt))
                    .col(timestamp_with_time_zone_null(Comment::DeletedAt))
                    .foreign_key(&mut fk(
                        Comment::Table,
                        Comment::AuthorId,
                        user(),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Comment::Table,
                        Comment::OrganizationId,
                        organization(),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Comment::Table,
                        Comment::ParentId,
                        Comment::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_comment_subject")
                    .table(Comment::Table)
                    .col(Comment::SubjectType)
                    .col(Comment::SubjectId)
                    .col(Comment::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_comment_author_created")
                    .table(Comment::Table)
                    .col(Comment::AuthorId)
                    .col(Comment::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(Comment::Table, Comment::ParentId))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CommentRevision::Table)
                    .col(big_pk_auto(CommentRevision::Id))
                    .col(big_integer(CommentRevision::CommentId))
                    // The body as it was before an edit or a deletion.
                    .col(text(CommentRevision::Body))
                    .col(timestamp_with_time_zone(CommentRevision::CreatedAt))
                    .foreign_key(&mut fk(
                        CommentRevision::Table,
                        CommentRevision::CommentId,
                        Comment::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(CommentRevision::Table, CommentRevision::CommentId))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Concern::Table)
                    .col(big_pk_auto(Concern::Id))
                    .col(string(Concern::SubjectType))
                    .col(big_integer(Concern::SubjectId))
                    .col(big_integer(Concern::AuthorId))
                    .col(big_integer_null(Concern::OrganizationId))
                    .col(string(Concern::Category))
                    .col(string(Concern::Severity))
                    .col(string(Concern::Summary))
                    .col(text(Concern::Details))
                    .col(string_null(Concern::EvidenceUrl))
                    .col(string(Concern::Status))
                    .col(big_integer_null(Concern::StatusChangedBy))
                    .col(timestamp_with_time_zone_null(Concern::StatusChangedAt))
                    .col(integer(Concern::EndorsementCount).default(0))
                    .col(timestamp_with_time_zone(Concern::CreatedAt))
                    .foreign_key(&mut fk(
                        Concern::Table,
                        Concern::AuthorId,
                        user(),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Concern::Table,
                        Concern::OrganizationId,
                        organization(),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Concern::Table,
                        Concern::StatusChangedBy,
                        user(),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_concern_subject")
                    .table(Concern::Table)
                    .col(Concern::SubjectType)
                    .col(Concern::SubjectId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ConcernEndorsement::Table)
                    .col(big_integer(ConcernEndorsement::ConcernId))
                    .col(big_integer(ConcernEndorsement::UserId))
                    .col(timestamp_with_time_zone(ConcernEndorsement::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(ConcernEndorsement::ConcernId)
                            .col(ConcernEndorsement::UserId),
                    )
                    .foreign_key(&mut fk(
                        ConcernEndorsement::Table,
                        ConcernEndorsement::ConcernId,
                        Concern::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ConcernEndorsement::Table,
                        ConcernEndorsement::UserId,
                        user(),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ConcernCosignature::Table)
                    .col(big_integer(ConcernCosignature::ConcernId))
                    .col(big_integer(ConcernCosignature::OrganizationId))
                    .col(big_integer(ConcernCosignature::SignedBy))
                    .col(timestamp_with_time_zone(ConcernCosignature::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(ConcernCosignature::ConcernId)
                            .col(ConcernCosignature::OrganizationId),
                    )
                    .foreign_key(&mut fk(
                        ConcernCosignature::Table,
                        ConcernCosignature::ConcernId,
                        Concern::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ConcernCosignature::Table,
                        ConcernCosignature::OrganizationId,
                        organization(),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ConcernCosignature::Table,
                        ConcernCosignature::SignedBy,
                        user(),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ConcernResponse::Table)
                    .col(big_pk_auto(ConcernResponse::Id))
                    .col(big_integer(ConcernResponse::ConcernId))
                    .col(big_integer(ConcernResponse::ResponderId))
                    // Set when the responder answered as a linked official.
                    .col(big_integer_null(ConcernResponse::OfficialId))
                    .col(text(ConcernResponse::Body))
                    .col(string(ConcernResponse::Status))
                    .col(timestamp_with_time_zone(ConcernResponse::CreatedAt))
                    .foreign_key(&mut fk(
                        ConcernResponse::Table,
                        ConcernResponse::ConcernId,
                        Concern::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        ConcernResponse::Table,
                        ConcernResponse::ResponderId,
                        user(),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        ConcernResponse::Table,
                        ConcernResponse::OfficialId,
                        Alias::new("official"),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(ConcernResponse::Table, ConcernResponse::ConcernId))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CommentReport::Table)
                    .col(big_integer(CommentReport::CommentId))
                    .col(big_integer(CommentReport::ReporterId))
                    .col(string(CommentReport::Reason))
                    .col(text(CommentReport::Details))
                    .col(timestamp_with_time_zone(CommentReport::CreatedAt))
                    .col(timestamp_with_time_zone_null(CommentReport::ReviewedAt))
                    // One report per person per comment.
                    .primary_key(
                        Index::create()
                            .col(CommentReport::CommentId)
                            .col(CommentReport::ReporterId),
                    )
                    .foreign_key(&mut fk(
                        CommentReport::Table,
                        CommentReport::CommentId,
                        Comment::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        CommentReport::Table,
                        CommentReport::ReporterId,
                        user(),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ModerationAction::Table)
                    .col(big_pk_auto(ModerationAction::Id))
                    .col(big_integer(ModerationAction::CommentId))
                    // hide | restore | remove; auto_hide when reports hid it.
                    .col(string(ModerationAction::Action))
                    .col(string(ModerationAction::Reason))
                    // NULL for an automatic action. Never published.
                    .col(big_integer_null(ModerationAction::ModeratorId))
                    .col(timestamp_with_time_zone(ModerationAction::CreatedAt))
                    .foreign_key(&mut fk(
                        ModerationAction::Table,
                        ModerationAction::CommentId,
                        Comment::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        ModerationAction::Table,
                        ModerationAction::ModeratorId,
                        user(),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(ModerationAction::Table, ModerationAction::CommentId))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ModerationAction::Table.into_iden(),
            CommentReport::Table.into_iden(),
            ConcernResponse::Table.into_iden(),
            ConcernCosignature::Table.into_iden(),
            ConcernEndorsement::Table.into_iden(),
            Concern::Table.into_iden(),
            CommentRevision::Table.into_iden(),
            Comment::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone)]
enum Comment {
    Table,
    Id,
    SubjectType,
    SubjectId,
    AuthorId,
    OrganizationId,
    ParentId,
    Depth,
    Position,
    Body,
    Visibility,
    ReportCount,
    CreatedAt,
    EditedAt,
    DeletedAt,
}

#[derive(DeriveIden, Clone)]
enum CommentRevision {
    Table,
    Id,
    CommentId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum Concern {
    Table,
    Id,
    SubjectType,
    SubjectId,
    AuthorId,
    OrganizationId,
    Category,
    Severity,
    Summary,
    Details,
    EvidenceUrl,
    Status,
    StatusChangedBy,
    StatusChangedAt,
    EndorsementCount,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum ConcernEndorsement {
    Table,
    ConcernId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum ConcernCosignature {
    Table,
    ConcernId,
    OrganizationId,
    SignedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum ConcernResponse {
    Table,
    Id,
    ConcernId,
    ResponderId,
    OfficialId,
    Body,
    Status,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum CommentReport {
    Table,
    CommentId,
    ReporterId,
    Reason,
    Details,
    CreatedAt,
    ReviewedAt,
}

#[derive(DeriveIden, Clone)]
enum ModerationAction {
    Table,
    Id,
    CommentId,
    Action,
    Reason,
    ModeratorId,
    CreatedAt,
}
