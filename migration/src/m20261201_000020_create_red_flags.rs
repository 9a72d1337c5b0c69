//! Computed red flags: one row per flag raised on a contract or a solicitation, with the numbers
//! behind it. Recomputed in bulk by `services::red_flags`; nothing here is typed by a person.

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
                    .table(RedFlag::Table)
                    .col(big_pk_auto(RedFlag::Id))
                    .col(big_integer_null(RedFlag::ContractId))
                    .col(big_integer_null(RedFlag::SolicitationId))
                    .col(string_len(RedFlag::Kind, 50))
                    .col(big_integer_null(RedFlag::AmountMinor))
                    .col(big_integer_null(RedFlag::LimitMinor))
                    .col(date_null(RedFlag::OnDate))
                    .col(date_null(RedFlag::LimitDate))
                    .foreign_key(&mut fk(
                        RedFlag::Table,
                        RedFlag::ContractId,
                        Alias::new("contract"),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        RedFlag::Table,
                        RedFlag::SolicitationId,
                        Alias::new("solicitation"),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(RedFlag::Table, RedFlag::ContractId))
            .await?;
        manager
            .create_index(index(RedFlag::Table, RedFlag::SolicitationId))
            .await?;
        manager
            .create_index(index(RedFlag::Table, RedFlag::Kind))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RedFlag::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum RedFlag {
    Table,
    Id,
    ContractId,
    SolicitationId,
    Kind,
    AmountMinor,
    LimitMinor,
    OnDate,
    LimitDate,
}
