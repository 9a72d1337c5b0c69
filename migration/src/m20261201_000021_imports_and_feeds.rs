//! Two columns for data in and out.
//!
//! - `contract.indefinite_quantity`: the contract sets prices, not a total (a blanket or
//!   "depends upon requirements" contract; Chicago's export writes its value as `$0`). Its
//!   `value_minor` is then 0 and means "no fixed total", never "free".
//! - `user_account.calendar_token_hash`: the SHA-256 of the secret in the account's private
//!   calendar address, if one was made. Regenerating it replaces the hash, so the old address
//!   stops working at once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Contract::Table)
                    .add_column(boolean(Contract::IndefiniteQuantity).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(UserAccount::Table)
                    .add_column(string_null(UserAccount::CalendarTokenHash))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_user_account_calendar_token_hash")
                    .table(UserAccount::Table)
                    .col(UserAccount::CalendarTokenHash)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_user_account_calendar_token_hash")
                    .table(UserAccount::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(UserAccount::Table)
                    .drop_column(UserAccount::CalendarTokenHash)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Contract::Table)
                    .drop_column(Contract::IndefiniteQuantity)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Contract {
    Table,
    IndefiniteQuantity,
}

#[derive(DeriveIden)]
enum UserAccount {
    Table,
    CalendarTokenHash,
}
