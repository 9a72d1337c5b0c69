//! Browser sessions of the web client: an opaque random id in a cookie, stored here only as its
//! hash, so sessions work across instances and `logOutEverywhere` can end them. Each carries its
//! own CSRF secret and a label for "your sessions".

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
                    .table(WebSession::Table)
                    .col(big_pk_auto(WebSession::Id))
                    .col(big_integer(WebSession::UserId))
                    .col(string_uniq(WebSession::TokenHash))
                    .col(string(WebSession::CsrfSecret))
                    .col(string(WebSession::Label))
                    .col(integer(WebSession::TokenVersion))
                    .col(timestamp_with_time_zone(WebSession::CreatedAt))
                    .col(timestamp_with_time_zone(WebSession::LastSeenAt))
                    .col(timestamp_with_time_zone(WebSession::ExpiresAt))
                    .foreign_key(&mut fk(
                        WebSession::Table,
                        WebSession::UserId,
                        Alias::new("user_account"),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(WebSession::Table, WebSession::UserId))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WebSession::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone)]
enum WebSession {
    Table,
    Id,
    UserId,
    TokenHash,
    CsrfSecret,
    Label,
    TokenVersion,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}
