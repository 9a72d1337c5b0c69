//! Accounts and what hangs off them: single-use email tokens, rotating refresh tokens, login
//! throttles and rate counters, organisations and their members, the append-only audit log, and
//! `archived_at` on every registry table staff can archive.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Registry tables staff may archive.
const ARCHIVABLE: [&str; 9] = [
    "agency",
    "body",
    "official",
    "office_term",
    "vendor",
    "solicitation",
    "contract",
    "meeting",
    "agenda_item",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UserAccount::Table)
                    .col(big_pk_auto(UserAccount::Id))
                    // Lower-case; NULL once the account is deleted.
                    .col(string_null(UserAccount::Email).unique_key())
                    .col(timestamp_with_time_zone_null(UserAccount::EmailVerifiedAt))
                    .col(string_null(UserAccount::PasswordHash))
                    .col(string(UserAccount::DisplayName))
                    .col(string(UserAccount::Role))
                    .col(big_integer_null(UserAccount::JurisdictionId))
                    .col(big_integer_null(UserAccount::OfficialId).unique_key())
                    .col(integer(UserAccount::TokenVersion).default(0))
                    .col(timestamp_with_time_zone(UserAccount::CreatedAt))
                    .col(timestamp_with_time_zone(UserAccount::UpdatedAt))
                    .col(timestamp_with_time_zone_null(UserAccount::DeletedAt))
                    .foreign_key(&mut fk(
                        UserAccount::Table,
                        UserAccount::JurisdictionId,
                        Alias::new("jurisdiction"),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        UserAccount::Table,
                        UserAccount::OfficialId,
                        Alias::new("official"),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AccountToken::Table)
                    .col(big_pk_auto(AccountToken::Id))
                    .col(big_integer(AccountToken::UserId))
                    .col(string(AccountToken::Purpose))
                    .col(string_uniq(AccountToken::TokenHash))
                    // The address a verification token confirms (a changed email waits here).
                    .col(string_null(AccountToken::Email))
                    .col(timestamp_with_time_zone(AccountToken::ExpiresAt))
                    .col(timestamp_with_time_zone_null(AccountToken::UsedAt))
                    .col(timestamp_with_time_zone(AccountToken::CreatedAt))
                    .foreign_key(&mut fk(
                        AccountToken::Table,
                        AccountToken::UserId,
                        UserAccount::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(AccountToken::Table, AccountToken::UserId))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshToken::Table)
                    .col(big_pk_auto(RefreshToken::Id))
                    .col(big_integer(RefreshToken::UserId))
                    .col(string(RefreshToken::Family))
                    .col(string_uniq(RefreshToken::TokenHash))
                    .col(integer(RefreshToken::TokenVersion))
                    .col(timestamp_with_time_zone(RefreshToken::CreatedAt))
                    .col(timestamp_with_time_zone(RefreshToken::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshToken::RotatedAt))
                    .col(timestamp_with_time_zone_null(RefreshToken::RevokedAt))
                    .foreign_key(&mut fk(
                        RefreshToken::Table,
                        RefreshToken::UserId,
                        UserAccount::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(RefreshToken::Table, RefreshToken::Family))
            .await?;
        manager
            .create_index(index(RefreshToken::Table, RefreshToken::UserId))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginThrottle::Table)
                    .col(string(LoginThrottle::Key).primary_key())
                    .col(integer(LoginThrottle::Failures))
                    .col(timestamp_with_time_zone(LoginThrottle::LastFailureAt))
                    .col(timestamp_with_time_zone_null(LoginThrottle::BlockedUntil))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RateCounter::Table)
                    .col(string(RateCounter::Key))
                    .col(timestamp_with_time_zone(RateCounter::WindowStart))
                    .col(integer(RateCounter::Count))
                    .primary_key(
                        Index::create()
                            .col(RateCounter::Key)
                            .col(RateCounter::WindowStart),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Organization::Table)
                    .col(big_pk_auto(Organization::Id))
                    .col(string(Organization::Name))
                    .col(string(Organization::Kind))
                    .col(text(Organization::Description))
                    .col(big_integer_null(Organization::CreatedBy))
                    .col(timestamp_with_time_zone_null(Organization::VerifiedAt))
                    .col(big_integer_null(Organization::VerifiedBy))
                    .col(timestamp_with_time_zone(Organization::CreatedAt))
                    .col(timestamp_with_time_zone(Organization::UpdatedAt))
                    .foreign_key(&mut fk(
                        Organization::Table,
                        Organization::CreatedBy,
                        UserAccount::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        Organization::Table,
                        Organization::VerifiedBy,
                        UserAccount::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrganizationMember::Table)
                    .col(big_integer(OrganizationMember::OrganizationId))
                    .col(big_integer(OrganizationMember::UserId))
                    .col(string(OrganizationMember::Role))
                    .col(timestamp_with_time_zone(OrganizationMember::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(OrganizationMember::OrganizationId)
                            .col(OrganizationMember::UserId),
                    )
                    .foreign_key(&mut fk(
                        OrganizationMember::Table,
                        OrganizationMember::OrganizationId,
                        Organization::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        OrganizationMember::Table,
                        OrganizationMember::UserId,
                        UserAccount::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(OrganizationMember::Table, OrganizationMember::UserId))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_pk_auto(AuditLog::Id))
                    // No foreign key: the log outlives the accounts it names.
                    .col(big_integer_null(AuditLog::ActorId))
                    .col(string(AuditLog::ActorRole))
                    .col(string(AuditLog::Action))
                    .col(string(AuditLog::TargetType))
                    .col(big_integer_null(AuditLog::TargetId))
                    .col(text_null(AuditLog::Reason))
                    .col(string(AuditLog::RequestId))
                    .col(string_null(AuditLog::BeforeDigest))
                    .col(string_null(AuditLog::AfterDigest))
                    .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(AuditLog::Table, AuditLog::CreatedAt))
            .await?;
        append_only(manager).await?;

        for table in ARCHIVABLE {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(timestamp_with_time_zone_null(Alias::new("archived_at")))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ARCHIVABLE {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .drop_column(Alias::new("archived_at"))
                        .to_owned(),
                )
                .await?;
        }
        if manager.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_log_append_only() CASCADE")
                .await?;
        }
        for table in [
            AuditLog::Table.into_iden(),
            OrganizationMember::Table.into_iden(),
            Organization::Table.into_iden(),
            RateCounter::Table.into_iden(),
            LoginThrottle::Table.into_iden(),
            RefreshToken::Table.into_iden(),
            AccountToken::Table.into_iden(),
            UserAccount::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

/// Makes `audit_log` append-only in the database itself: `UPDATE` and `DELETE` raise on both
/// backends (and `TRUNCATE` on PostgreSQL), whoever connects.
async fn append_only(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            db.execute_unprepared(
                "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
            )
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log \
                 FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
            )
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log \
                 FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
            )
            .await?;
        }
        _ => {
            for event in ["UPDATE", "DELETE"] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER audit_log_no_{} BEFORE {event} ON audit_log \
                     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
                    event.to_lowercase()
                ))
                .await?;
            }
        }
    }
    Ok(())
}

#[derive(DeriveIden, Clone)]
enum UserAccount {
    Table,
    Id,
    Email,
    EmailVerifiedAt,
    PasswordHash,
    DisplayName,
    Role,
    JurisdictionId,
    OfficialId,
    TokenVersion,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden, Clone)]
enum AccountToken {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    Email,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum RefreshToken {
    Table,
    Id,
    UserId,
    Family,
    TokenHash,
    TokenVersion,
    CreatedAt,
    ExpiresAt,
    RotatedAt,
    RevokedAt,
}

#[derive(DeriveIden, Clone)]
enum LoginThrottle {
    Table,
    Key,
    Failures,
    LastFailureAt,
    BlockedUntil,
}

#[derive(DeriveIden, Clone)]
enum RateCounter {
    Table,
    Key,
    WindowStart,
    Count,
}

#[derive(DeriveIden, Clone)]
enum Organization {
    Table,
    Id,
    Name,
    Kind,
    Description,
    CreatedBy,
    VerifiedAt,
    VerifiedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum OrganizationMember {
    Table,
    OrganizationId,
    UserId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden, Clone)]
enum AuditLog {
    Table,
    Id,
    ActorId,
    ActorRole,
    Action,
    TargetType,
    TargetId,
    Reason,
    RequestId,
    BeforeDigest,
    AfterDigest,
    CreatedAt,
}
