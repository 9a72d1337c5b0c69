//! What imports remember, so a second import of the same data changes nothing and a newer one
//! updates the rows it made:
//!
//! - `ocds_release`: every OCDS release read, once per (jurisdiction, ocid, release id). A
//!   process's compiled release is merged from these, so releases of one process may arrive in
//!   any file and any order.
//! - `external_record`: which registry row stands for which record of a source (an OCDS
//!   process's tender or contract, a party), with a digest of what was last applied.

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
                    .table(OcdsRelease::Table)
                    .col(big_pk_auto(OcdsRelease::Id))
                    .col(big_integer(OcdsRelease::JurisdictionId))
                    .col(string_len(OcdsRelease::Ocid, 200))
                    .col(string_len(OcdsRelease::ReleaseId, 300))
                    .col(timestamp_with_time_zone_null(OcdsRelease::ReleasedAt))
                    .col(text(OcdsRelease::Data))
                    .col(timestamp_with_time_zone(OcdsRelease::ImportedAt))
                    .foreign_key(&mut fk(
                        OcdsRelease::Table,
                        OcdsRelease::JurisdictionId,
                        Alias::new("jurisdiction"),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_ocds_release_identity")
                    .table(OcdsRelease::Table)
                    .col(OcdsRelease::JurisdictionId)
                    .col(OcdsRelease::Ocid)
                    .col(OcdsRelease::ReleaseId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ExternalRecord::Table)
                    .col(big_pk_auto(ExternalRecord::Id))
                    .col(string_len(ExternalRecord::Source, 50))
                    .col(big_integer(ExternalRecord::JurisdictionId))
                    .col(string_len(ExternalRecord::Kind, 50))
                    .col(string_len(ExternalRecord::Key, 500))
                    .col(big_integer(ExternalRecord::TargetId))
                    .col(string_len(ExternalRecord::Digest, 64))
                    .col(timestamp_with_time_zone(ExternalRecord::UpdatedAt))
                    .foreign_key(&mut fk(
                        ExternalRecord::Table,
                        ExternalRecord::JurisdictionId,
                        Alias::new("jurisdiction"),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_external_record_identity")
                    .table(ExternalRecord::Table)
                    .col(ExternalRecord::Source)
                    .col(ExternalRecord::JurisdictionId)
                    .col(ExternalRecord::Kind)
                    .col(ExternalRecord::Key)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(ExternalRecord::Table, ExternalRecord::TargetId))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ExternalRecord::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(OcdsRelease::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum OcdsRelease {
    Table,
    Id,
    JurisdictionId,
    Ocid,
    ReleaseId,
    ReleasedAt,
    Data,
    ImportedAt,
}

#[derive(DeriveIden, Clone)]
enum ExternalRecord {
    Table,
    Id,
    Source,
    JurisdictionId,
    Kind,
    Key,
    TargetId,
    Digest,
    UpdatedAt,
}
