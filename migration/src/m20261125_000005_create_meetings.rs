use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261125_000001_create_jurisdictions::{Body, Official};
use crate::m20261125_000003_create_solicitations::Solicitation;
use crate::m20261125_000004_create_contracts::Contract;
use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Meeting::Table)
                    .col(big_pk_auto(Meeting::Id))
                    .col(big_integer(Meeting::BodyId))
                    .col(timestamp_with_time_zone(Meeting::StartsAt))
                    .col(string_null(Meeting::Location))
                    .col(string_null(Meeting::AgendaUrl))
                    .col(string(Meeting::Status))
                    .foreign_key(&mut fk(
                        Meeting::Table,
                        Meeting::BodyId,
                        Body::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(Meeting::Table, Meeting::BodyId))
            .await?;
        manager
            .create_index(index(Meeting::Table, Meeting::StartsAt))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AgendaItem::Table)
                    .col(big_pk_auto(AgendaItem::Id))
                    .col(big_integer(AgendaItem::MeetingId))
                    .col(string(AgendaItem::ItemNumber))
                    .col(string(AgendaItem::Title))
                    .col(string(AgendaItem::Action))
                    .col(big_integer_null(AgendaItem::SolicitationId))
                    .col(big_integer_null(AgendaItem::ContractId))
                    .col(string(AgendaItem::Outcome))
                    .foreign_key(&mut fk(
                        AgendaItem::Table,
                        AgendaItem::MeetingId,
                        Meeting::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        AgendaItem::Table,
                        AgendaItem::SolicitationId,
                        Solicitation::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        AgendaItem::Table,
                        AgendaItem::ContractId,
                        Contract::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        for column in [
            AgendaItem::MeetingId,
            AgendaItem::SolicitationId,
            AgendaItem::ContractId,
        ] {
            manager
                .create_index(index(AgendaItem::Table, column))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(RollCallVote::Table)
                    .col(big_pk_auto(RollCallVote::Id))
                    .col(big_integer(RollCallVote::AgendaItemId))
                    .col(big_integer(RollCallVote::OfficialId))
                    .col(string(RollCallVote::Vote))
                    .foreign_key(&mut fk(
                        RollCallVote::Table,
                        RollCallVote::AgendaItemId,
                        AgendaItem::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        RollCallVote::Table,
                        RollCallVote::OfficialId,
                        Official::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_roll_call_vote_item_official")
                    .table(RollCallVote::Table)
                    .col(RollCallVote::AgendaItemId)
                    .col(RollCallVote::OfficialId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RollCallVote::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AgendaItem::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Meeting::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Meeting {
    Table,
    Id,
    BodyId,
    StartsAt,
    Location,
    AgendaUrl,
    Status,
}

#[derive(DeriveIden, Clone, Copy)]
enum AgendaItem {
    Table,
    Id,
    MeetingId,
    ItemNumber,
    Title,
    Action,
    SolicitationId,
    ContractId,
    Outcome,
}

#[derive(DeriveIden, Clone, Copy)]
enum RollCallVote {
    Table,
    Id,
    AgendaItemId,
    OfficialId,
    Vote,
}
