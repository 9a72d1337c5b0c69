use sea_orm_migration::{prelude::*, schema::*};

use crate::labels::add_label_columns;
use crate::m20261125_000001_create_jurisdictions::Agency;
use crate::m20261125_000002_create_vendors::Vendor;
use crate::m20261125_000003_create_solicitations::Solicitation;
use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create()
            .table(Contract::Table)
            .col(big_pk_auto(Contract::Id))
            .col(big_integer(Contract::AgencyId))
            .col(big_integer(Contract::VendorId))
            .col(big_integer_null(Contract::SolicitationId))
            .col(string(Contract::ReferenceNumber))
            .col(string(Contract::Title))
            .col(text_null(Contract::Description))
            .col(big_integer(Contract::ValueMinor))
            .col(string_len(Contract::Currency, 3))
            .col(date(Contract::StartDate))
            .col(date(Contract::EndDate))
            .col(date_null(Contract::MaxExtentDate))
            .col(string(Contract::Status))
            .col(timestamp_with_time_zone(Contract::CreatedAt))
            .col(timestamp_with_time_zone(Contract::UpdatedAt))
            .foreign_key(&mut fk(
                Contract::Table,
                Contract::AgencyId,
                Agency::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut fk(
                Contract::Table,
                Contract::VendorId,
                Vendor::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut fk(
                Contract::Table,
                Contract::SolicitationId,
                Solicitation::Table,
                ForeignKeyAction::SetNull,
            ))
            .to_owned();
        add_label_columns(&mut table);
        manager.create_table(table).await?;
        for column in [
            Contract::AgencyId,
            Contract::VendorId,
            Contract::SolicitationId,
            Contract::EndDate,
        ] {
            manager.create_index(index(Contract::Table, column)).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(RenewalOption::Table)
                    .col(big_pk_auto(RenewalOption::Id))
                    .col(big_integer(RenewalOption::ContractId))
                    .col(integer(RenewalOption::Sequence))
                    .col(date(RenewalOption::PeriodStart))
                    .col(date(RenewalOption::PeriodEnd))
                    .col(big_integer_null(RenewalOption::ValueMinor))
                    .col(date(RenewalOption::DecisionDeadline))
                    .col(boolean(RenewalOption::Exercised).default(false))
                    .col(date_null(RenewalOption::ExercisedOn))
                    .foreign_key(&mut fk(
                        RenewalOption::Table,
                        RenewalOption::ContractId,
                        Contract::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_renewal_option_contract_sequence")
                    .table(RenewalOption::Table)
                    .col(RenewalOption::ContractId)
                    .col(RenewalOption::Sequence)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ContractAmendment::Table)
                    .col(big_pk_auto(ContractAmendment::Id))
                    .col(big_integer(ContractAmendment::ContractId))
                    .col(date(ContractAmendment::AmendedOn))
                    .col(big_integer(ContractAmendment::ValueChangeMinor).default(0))
                    .col(date_null(ContractAmendment::NewEndDate))
                    .col(text(ContractAmendment::Description))
                    .foreign_key(&mut fk(
                        ContractAmendment::Table,
                        ContractAmendment::ContractId,
                        Contract::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                ContractAmendment::Table,
                ContractAmendment::ContractId,
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ContractAmendment::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(RenewalOption::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Contract::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Contract {
    Table,
    Id,
    AgencyId,
    VendorId,
    SolicitationId,
    ReferenceNumber,
    Title,
    Description,
    ValueMinor,
    Currency,
    StartDate,
    EndDate,
    MaxExtentDate,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RenewalOption {
    Table,
    Id,
    ContractId,
    Sequence,
    PeriodStart,
    PeriodEnd,
    ValueMinor,
    DecisionDeadline,
    Exercised,
    ExercisedOn,
}

#[derive(DeriveIden, Clone, Copy)]
enum ContractAmendment {
    Table,
    Id,
    ContractId,
    AmendedOn,
    ValueChangeMinor,
    NewEndDate,
    Description,
}
