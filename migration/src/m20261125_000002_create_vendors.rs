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
                    .table(Vendor::Table)
                    .col(big_pk_auto(Vendor::Id))
                    .col(string(Vendor::Name))
                    .col(timestamp_with_time_zone(Vendor::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VendorIdentifier::Table)
                    .col(big_pk_auto(VendorIdentifier::Id))
                    .col(big_integer(VendorIdentifier::VendorId))
                    .col(string(VendorIdentifier::Scheme))
                    .col(string(VendorIdentifier::Identifier))
                    .foreign_key(&mut fk(
                        VendorIdentifier::Table,
                        VendorIdentifier::VendorId,
                        Vendor::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(VendorIdentifier::Table, VendorIdentifier::VendorId))
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_vendor_identifier_scheme_identifier")
                    .table(VendorIdentifier::Table)
                    .col(VendorIdentifier::Scheme)
                    .col(VendorIdentifier::Identifier)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(VendorIdentifier::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Vendor::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub(crate) enum Vendor {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum VendorIdentifier {
    Table,
    Id,
    VendorId,
    Scheme,
    Identifier,
}
