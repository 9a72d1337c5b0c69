use sea_orm_migration::{prelude::*, schema::*};

use crate::labels::add_label_columns;
use crate::m20261125_000001_create_jurisdictions::Agency;
use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create()
            .table(Solicitation::Table)
            .col(big_pk_auto(Solicitation::Id))
            .col(big_integer(Solicitation::AgencyId))
            .col(string(Solicitation::ReferenceNumber))
            .col(string(Solicitation::Title))
            .col(text(Solicitation::Description))
            .col(string(Solicitation::Method))
            .col(string(Solicitation::Status))
            .col(big_integer_null(Solicitation::EstimatedValueMinor))
            .col(string_len(Solicitation::Currency, 3))
            .col(timestamp_with_time_zone_null(Solicitation::PublishedAt))
            .col(timestamp_with_time_zone_null(Solicitation::QuestionsDueAt))
            .col(timestamp_with_time_zone_null(Solicitation::BidsDueAt))
            .col(timestamp_with_time_zone_null(Solicitation::PreBidMeetingAt))
            .col(timestamp_with_time_zone(Solicitation::CreatedAt))
            .col(timestamp_with_time_zone(Solicitation::UpdatedAt))
            .foreign_key(&mut fk(
                Solicitation::Table,
                Solicitation::AgencyId,
                Agency::Table,
                ForeignKeyAction::Restrict,
            ))
            .to_owned();
        add_label_columns(&mut table);
        manager.create_table(table).await?;
        for column in [
            Solicitation::AgencyId,
            Solicitation::Status,
            Solicitation::BidsDueAt,
            Solicitation::PublishedAt,
        ] {
            manager
                .create_index(index(Solicitation::Table, column))
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("uq_solicitation_agency_reference")
                    .table(Solicitation::Table)
                    .col(Solicitation::AgencyId)
                    .col(Solicitation::ReferenceNumber)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SolicitationCategory::Table)
                    .col(big_pk_auto(SolicitationCategory::Id))
                    .col(big_integer(SolicitationCategory::SolicitationId))
                    .col(string(SolicitationCategory::Scheme))
                    .col(string(SolicitationCategory::Code))
                    .col(string_null(SolicitationCategory::Description))
                    .foreign_key(&mut fk(
                        SolicitationCategory::Table,
                        SolicitationCategory::SolicitationId,
                        Solicitation::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                SolicitationCategory::Table,
                SolicitationCategory::SolicitationId,
            ))
            .await?;
        manager
            .create_index(index(
                SolicitationCategory::Table,
                SolicitationCategory::Code,
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SolicitationDocument::Table)
                    .col(big_pk_auto(SolicitationDocument::Id))
                    .col(big_integer(SolicitationDocument::SolicitationId))
                    .col(string(SolicitationDocument::Title))
                    .col(string(SolicitationDocument::Url))
                    .col(timestamp_with_time_zone_null(
                        SolicitationDocument::PublishedAt,
                    ))
                    .foreign_key(&mut fk(
                        SolicitationDocument::Table,
                        SolicitationDocument::SolicitationId,
                        Solicitation::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                SolicitationDocument::Table,
                SolicitationDocument::SolicitationId,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SolicitationDocument::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SolicitationCategory::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Solicitation::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Solicitation {
    Table,
    Id,
    AgencyId,
    ReferenceNumber,
    Title,
    Description,
    Method,
    Status,
    EstimatedValueMinor,
    Currency,
    PublishedAt,
    QuestionsDueAt,
    BidsDueAt,
    PreBidMeetingAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SolicitationCategory {
    Table,
    Id,
    SolicitationId,
    Scheme,
    Code,
    Description,
}

#[derive(DeriveIden, Clone, Copy)]
enum SolicitationDocument {
    Table,
    Id,
    SolicitationId,
    Title,
    Url,
    PublishedAt,
}
