//! `import_run`: the imports staff run from the import page, newest first on it: who ran which
//! file, whether it was a check (dry run) or applied, and its report. A checked file is kept
//! (`upload`) so applying it needs no second upload; applying it clears it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ImportRun::Table)
                    .col(big_pk_auto(ImportRun::Id))
                    .col(big_integer(ImportRun::JurisdictionId))
                    .col(big_integer_null(ImportRun::ActorId))
                    .col(string_len(ImportRun::Source, 40))
                    .col(string_len(ImportRun::FileName, 300))
                    .col(string_len(ImportRun::State, 20))
                    .col(text_null(ImportRun::Report))
                    .col(blob_null(ImportRun::Upload))
                    .col(big_integer(ImportRun::UploadBytes))
                    .col(timestamp_with_time_zone(ImportRun::CreatedAt))
                    .col(timestamp_with_time_zone_null(ImportRun::FinishedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_import_run_jurisdiction_created")
                    .table(ImportRun::Table)
                    .col(ImportRun::JurisdictionId)
                    .col(ImportRun::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImportRun::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ImportRun {
    Table,
    Id,
    JurisdictionId,
    ActorId,
    Source,
    FileName,
    State,
    Report,
    Upload,
    UploadBytes,
    CreatedAt,
    FinishedAt,
}
