//! Alerts: what people follow (alert subscriptions, with mutes), organisations' public
//! watchlists, the events that changes emit, and one match row per (event, recipient) that the
//! job runner turns into immediate mail or digests.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let user = || Alias::new("user_account");
        manager
            .create_table(
                Table::create()
                    .table(Watchlist::Table)
                    .col(big_pk_auto(Watchlist::Id))
                    .col(big_integer(Watchlist::OrganizationId))
                    .col(string(Watchlist::Name))
                    .col(text(Watchlist::Description))
                    .col(big_integer(Watchlist::CreatedBy))
                    .col(timestamp_with_time_zone(Watchlist::CreatedAt))
                    .foreign_key(&mut fk(
                        Watchlist::Table,
                        Watchlist::OrganizationId,
                        Alias::new("organization"),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Watchlist::Table,
                        Watchlist::CreatedBy,
                        user(),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(Watchlist::Table, Watchlist::OrganizationId))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WatchlistItem::Table)
                    .col(big_integer(WatchlistItem::WatchlistId))
                    .col(string(WatchlistItem::SubjectType))
                    .col(big_integer(WatchlistItem::SubjectId))
                    // "We oppose: this outsources 42 custodial jobs."
                    .col(text(WatchlistItem::Note))
                    .col(big_integer(WatchlistItem::AddedBy))
                    .col(timestamp_with_time_zone(WatchlistItem::AddedAt))
                    .primary_key(
                        Index::create()
                            .col(WatchlistItem::WatchlistId)
                            .col(WatchlistItem::SubjectType)
                            .col(WatchlistItem::SubjectId),
                    )
                    .foreign_key(&mut fk(
                        WatchlistItem::Table,
                        WatchlistItem::WatchlistId,
                        Watchlist::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        WatchlistItem::Table,
                        WatchlistItem::AddedBy,
                        user(),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_watchlist_item_subject")
                    .table(WatchlistItem::Table)
                    .col(WatchlistItem::SubjectType)
                    .col(WatchlistItem::SubjectId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AlertSubscription::Table)
                    .col(big_pk_auto(AlertSubscription::Id))
                    .col(big_integer(AlertSubscription::UserId))
                    // subject | agency | body | vendor | category | search | outsourcing |
                    // renewals | watchlist: exactly one target, in the columns below.
                    .col(string(AlertSubscription::TargetType))
                    .col(string_null(AlertSubscription::SubjectType))
                    .col(big_integer_null(AlertSubscription::SubjectId))
                    .col(big_integer_null(AlertSubscription::AgencyId))
                    .col(big_integer_null(AlertSubscription::BodyId))
                    .col(big_integer_null(AlertSubscription::VendorId))
                    .col(string_null(AlertSubscription::CategoryCode))
                    .col(big_integer_null(AlertSubscription::JurisdictionId))
                    .col(big_integer_null(AlertSubscription::WatchlistId))
                    // A saved search: keyword and the `solicitations` filter, as JSON.
                    .col(text_null(AlertSubscription::Search))
                    // immediate | daily | weekly
                    .col(string(AlertSubscription::Delivery))
                    .col(timestamp_with_time_zone_null(AlertSubscription::PausedAt))
                    .col(timestamp_with_time_zone(AlertSubscription::CreatedAt))
                    .col(timestamp_with_time_zone(AlertSubscription::UpdatedAt))
                    .foreign_key(&mut fk(
                        AlertSubscription::Table,
                        AlertSubscription::UserId,
                        user(),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        AlertSubscription::Table,
                        AlertSubscription::WatchlistId,
                        Watchlist::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        for column in [
            AlertSubscription::UserId,
            AlertSubscription::AgencyId,
            AlertSubscription::BodyId,
            AlertSubscription::VendorId,
            AlertSubscription::JurisdictionId,
            AlertSubscription::WatchlistId,
        ] {
            manager
                .create_index(index(AlertSubscription::Table, column))
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_alert_subscription_subject")
                    .table(AlertSubscription::Table)
                    .col(AlertSubscription::SubjectType)
                    .col(AlertSubscription::SubjectId)
                    .to_owned(),
            )
            .await?;

        // Agencies of a "renewals in these agencies" subscription.
        manager
            .create_table(
                Table::create()
                    .table(AlertSubscriptionAgency::Table)
                    .col(big_integer(AlertSubscriptionAgency::SubscriptionId))
                    .col(big_integer(AlertSubscriptionAgency::AgencyId))
                    .primary_key(
                        Index::create()
                            .col(AlertSubscriptionAgency::SubscriptionId)
                            .col(AlertSubscriptionAgency::AgencyId),
                    )
                    .foreign_key(&mut fk(
                        AlertSubscriptionAgency::Table,
                        AlertSubscriptionAgency::SubscriptionId,
                        AlertSubscription::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                AlertSubscriptionAgency::Table,
                AlertSubscriptionAgency::AgencyId,
            ))
            .await?;

        // One item muted inside a broad subscription.
        manager
            .create_table(
                Table::create()
                    .table(AlertMute::Table)
                    .col(big_integer(AlertMute::SubscriptionId))
                    .col(string(AlertMute::SubjectType))
                    .col(big_integer(AlertMute::SubjectId))
                    .col(timestamp_with_time_zone(AlertMute::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(AlertMute::SubscriptionId)
                            .col(AlertMute::SubjectType)
                            .col(AlertMute::SubjectId),
                    )
                    .foreign_key(&mut fk(
                        AlertMute::Table,
                        AlertMute::SubscriptionId,
                        AlertSubscription::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AlertMute::Table.into_iden(),
            AlertSubscriptionAgency::Table.into_iden(),
            AlertSubscription::Table.into_iden(),
            WatchlistItem::Table.into_iden(),
            Watchlist::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone)]
enum Watchlist {
    Table,
    Id,
    OrganizationId,
    Name,
    Description,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum WatchlistItem {
    Table,
    WatchlistId,
    SubjectType,
    SubjectId,
    Note,
    AddedBy,
    AddedAt,
}

#[derive(DeriveIden, Clone)]
enum AlertSubscription {
    Table,
    Id,
    UserId,
    TargetType,
    SubjectType,
    SubjectId,
    AgencyId,
    BodyId,
    VendorId,
    CategoryCode,
    JurisdictionId,
    WatchlistId,
    Search,
    Delivery,
    PausedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum AlertSubscriptionAgency {
    Table,
    SubscriptionId,
    AgencyId,
}

#[derive(DeriveIden, Clone)]
enum AlertMute {
    Table,
    SubscriptionId,
    SubjectType,
    SubjectId,
    CreatedAt,
}
