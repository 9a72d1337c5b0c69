//! Indexes a registry of a million solicitations and contracts showed missing:
//! - a record's timeline (its alert events, newest first) read every `alert_event` row on every
//!   item page: `(subject_type, subject_id, occurred_at, id)`;
//! - the fan-out job's queue (`fanned_out_at IS NULL`, oldest first) sorted the whole backlog on
//!   each poll: a partial index of the waiting events' ids;
//! - the renewal-window job looks for options whose decision deadline falls in the next months:
//!   `renewal_option (decision_deadline)`;
//! - the home page's renewals (ending soonest, then by id) sorted every contract ending in the
//!   next 180 days: `contract (end_date, id)` replaces `contract (end_date)`;
//! - its newly open solicitations (a status, `RECENTLY_PUBLISHED`: `published_at DESC NULLS
//!   LAST, id`) sorted every open one, as no index had that order:
//!   `solicitation (status, published_at DESC NULLS LAST, id)`, which replaces
//!   `solicitation (status)`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TIMELINE: &str = "idx_alert_event_subject_occurred";
const QUEUE: &str = "idx_alert_event_waiting";
const DEADLINE: &str = "idx_renewal_option_decision_deadline";
const ENDING: &str = "idx_contract_end_date_id";
const ENDING_BEFORE: &str = "idx_contract_end_date";
const STATUS_BEFORE: &str = "idx_solicitation_status";
const PUBLISHED: &str = "idx_solicitation_status_recently_published";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let creates = [
            Index::create()
                .name(TIMELINE)
                .table(AlertEvent::Table)
                .col(AlertEvent::SubjectType)
                .col(AlertEvent::SubjectId)
                .col(AlertEvent::OccurredAt)
                .col(AlertEvent::Id)
                .to_owned(),
            Index::create()
                .name(QUEUE)
                .table(AlertEvent::Table)
                .col(AlertEvent::Id)
                .and_where(Expr::col(AlertEvent::FannedOutAt).is_null())
                .to_owned(),
            Index::create()
                .name(DEADLINE)
                .table(RenewalOption::Table)
                .col(RenewalOption::DecisionDeadline)
                .to_owned(),
            Index::create()
                .name(ENDING)
                .table(Contract::Table)
                .col(Contract::EndDate)
                .col(Contract::Id)
                .to_owned(),
        ];
        for index in creates {
            manager.create_index(index).await?;
        }
        for (name, table) in [
            (ENDING_BEFORE, Contract::Table.into_iden()),
            (STATUS_BEFORE, Solicitation::Table.into_iden()),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        // sea-query has no NULLS LAST for index columns. SQLite sorts NULL first, so its
        // descending order already puts them last.
        let published = match manager.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => "status, published_at DESC NULLS LAST, id",
            _ => "status, published_at DESC, id",
        };
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX {PUBLISHED} ON solicitation ({published})"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(ENDING_BEFORE)
                    .table(Contract::Table)
                    .col(Contract::EndDate)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(STATUS_BEFORE)
                    .table(Solicitation::Table)
                    .col(Solicitation::Status)
                    .to_owned(),
            )
            .await?;
        for (name, table) in [
            (PUBLISHED, Solicitation::Table.into_iden()),
            (ENDING, Contract::Table.into_iden()),
            (DEADLINE, RenewalOption::Table.into_iden()),
            (QUEUE, AlertEvent::Table.into_iden()),
            (TIMELINE, AlertEvent::Table.into_iden()),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum AlertEvent {
    Table,
    Id,
    SubjectType,
    SubjectId,
    OccurredAt,
    FannedOutAt,
}

#[derive(DeriveIden)]
enum RenewalOption {
    Table,
    DecisionDeadline,
}

#[derive(DeriveIden)]
enum Contract {
    Table,
    Id,
    EndDate,
}

#[derive(DeriveIden)]
enum Solicitation {
    Table,
    Status,
}
