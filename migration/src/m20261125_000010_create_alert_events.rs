//! What changes announce to followers: one `alert_event` per change (written in the change's
//! transaction), and one `alert_match` per (event, recipient), inserted set-based by the fan-out
//! job and later turned into immediate mail or digests.

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
                    .table(AlertEvent::Table)
                    .col(big_pk_auto(AlertEvent::Id))
                    .col(string(AlertEvent::Kind))
                    .col(string_null(AlertEvent::SubjectType))
                    .col(big_integer_null(AlertEvent::SubjectId))
                    .col(big_integer_null(AlertEvent::AgencyId))
                    .col(big_integer_null(AlertEvent::BodyId))
                    .col(big_integer_null(AlertEvent::VendorId))
                    .col(big_integer_null(AlertEvent::JurisdictionId))
                    .col(boolean(AlertEvent::Outsourcing).default(false))
                    .col(big_integer_null(AlertEvent::WatchlistId))
                    // One line for mail: "RFP-7 Custodial services: bids due 2026-06-01".
                    .col(text(AlertEvent::Headline))
                    // Set when an event may happen only once (e.g. a renewal threshold).
                    .col(string_null(AlertEvent::DedupeKey).unique_key())
                    .col(timestamp_with_time_zone(AlertEvent::OccurredAt))
                    .col(timestamp_with_time_zone_null(AlertEvent::FannedOutAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(AlertEvent::Table, AlertEvent::FannedOutAt))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AlertMatch::Table)
                    .col(big_integer(AlertMatch::EventId))
                    .col(big_integer(AlertMatch::UserId))
                    .col(big_integer(AlertMatch::SubscriptionId))
                    .col(string(AlertMatch::Delivery))
                    .col(timestamp_with_time_zone(AlertMatch::CreatedAt))
                    .col(timestamp_with_time_zone_null(AlertMatch::NotifiedAt))
                    // One per (event, recipient), however many subscriptions matched.
                    .primary_key(
                        Index::create()
                            .col(AlertMatch::EventId)
                            .col(AlertMatch::UserId),
                    )
                    .foreign_key(&mut fk(
                        AlertMatch::Table,
                        AlertMatch::EventId,
                        AlertEvent::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        AlertMatch::Table,
                        AlertMatch::UserId,
                        Alias::new("user_account"),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_alert_match_pending")
                    .table(AlertMatch::Table)
                    .col(AlertMatch::UserId)
                    .col(AlertMatch::NotifiedAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [AlertMatch::Table.into_iden(), AlertEvent::Table.into_iden()] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone)]
enum AlertEvent {
    Table,
    Id,
    Kind,
    SubjectType,
    SubjectId,
    AgencyId,
    BodyId,
    VendorId,
    JurisdictionId,
    Outsourcing,
    WatchlistId,
    Headline,
    DedupeKey,
    OccurredAt,
    FannedOutAt,
}

#[derive(DeriveIden, Clone)]
enum AlertMatch {
    Table,
    EventId,
    UserId,
    SubscriptionId,
    Delivery,
    CreatedAt,
    NotifiedAt,
}
