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
                    .table(Jurisdiction::Table)
                    .col(big_pk_auto(Jurisdiction::Id))
                    .col(string(Jurisdiction::Name))
                    .col(string(Jurisdiction::Kind))
                    .col(string(Jurisdiction::TimeZone))
                    .col(timestamp_with_time_zone(Jurisdiction::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Agency::Table)
                    .col(big_pk_auto(Agency::Id))
                    .col(big_integer(Agency::JurisdictionId))
                    .col(string(Agency::Name))
                    .col(string_null(Agency::Acronym))
                    .col(timestamp_with_time_zone(Agency::CreatedAt))
                    .foreign_key(&mut fk(
                        Agency::Table,
                        Agency::JurisdictionId,
                        Jurisdiction::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(Agency::Table, Agency::JurisdictionId))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Body::Table)
                    .col(big_pk_auto(Body::Id))
                    .col(big_integer(Body::JurisdictionId))
                    .col(string(Body::Name))
                    .col(string(Body::Kind))
                    .col(timestamp_with_time_zone(Body::CreatedAt))
                    .foreign_key(&mut fk(
                        Body::Table,
                        Body::JurisdictionId,
                        Jurisdiction::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(Body::Table, Body::JurisdictionId))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Official::Table)
                    .col(big_pk_auto(Official::Id))
                    .col(big_integer(Official::JurisdictionId))
                    .col(string(Official::Name))
                    .col(string(Official::Title))
                    .col(string_null(Official::District))
                    .col(string_null(Official::ContactEmail))
                    .col(timestamp_with_time_zone(Official::CreatedAt))
                    .foreign_key(&mut fk(
                        Official::Table,
                        Official::JurisdictionId,
                        Jurisdiction::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(Official::Table, Official::JurisdictionId))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OfficeTerm::Table)
                    .col(big_pk_auto(OfficeTerm::Id))
                    .col(big_integer(OfficeTerm::OfficialId))
                    .col(big_integer(OfficeTerm::BodyId))
                    .col(string(OfficeTerm::Role))
                    .col(date(OfficeTerm::StartsOn))
                    .col(date_null(OfficeTerm::EndsOn))
                    .foreign_key(&mut fk(
                        OfficeTerm::Table,
                        OfficeTerm::OfficialId,
                        Official::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        OfficeTerm::Table,
                        OfficeTerm::BodyId,
                        Body::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(OfficeTerm::Table, OfficeTerm::OfficialId))
            .await?;
        manager
            .create_index(index(OfficeTerm::Table, OfficeTerm::BodyId))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            OfficeTerm::Table.into_iden(),
            Official::Table.into_iden(),
            Body::Table.into_iden(),
            Agency::Table.into_iden(),
            Jurisdiction::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub(crate) enum Jurisdiction {
    Table,
    Id,
    Name,
    Kind,
    TimeZone,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Agency {
    Table,
    Id,
    JurisdictionId,
    Name,
    Acronym,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Body {
    Table,
    Id,
    JurisdictionId,
    Name,
    Kind,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Official {
    Table,
    Id,
    JurisdictionId,
    Name,
    Title,
    District,
    ContactEmail,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OfficeTerm {
    Table,
    Id,
    OfficialId,
    BodyId,
    Role,
    StartsOn,
    EndsOn,
}
