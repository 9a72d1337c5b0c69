//! Schema migrations. They are the source of truth for the database; `entity/` mirrors them.
//!
//! Every migration runs on SQLite and PostgreSQL and has a working `down`; the test suite runs
//! up → down → up on both backends.

pub use sea_orm_migration::prelude::*;

mod labels;
mod m20261125_000001_create_jurisdictions;
mod m20261125_000002_create_vendors;
mod m20261125_000003_create_solicitations;
mod m20261125_000004_create_contracts;
mod m20261125_000005_create_meetings;
mod m20261125_000006_create_email_outbox;
mod m20261125_000007_create_accounts;
mod m20261125_000008_create_participation;
mod m20261125_000009_create_alerts;
mod m20261125_000010_create_alert_events;
mod m20261126_000011_create_alert_mail;
mod m20261126_000012_create_official_digests;
mod m20261126_000013_create_digest_archive;
mod m20261126_000014_create_digest_choices;
mod m20261201_000015_create_web_sessions;
mod m20261201_000016_create_search_documents;
mod m20261201_000017_create_comment_reach;
mod m20261201_000018_search_prefix_index;
mod m20261201_000019_create_import_records;
mod m20261201_000020_create_red_flags;
mod m20261201_000021_imports_and_feeds;
mod m20261201_000022_audit_jurisdiction;
mod m20261201_000023_create_import_runs;
mod m20261204_000024_indexes_at_scale;

/// All migrations, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_jurisdictions::Migration),
            Box::new(m20261125_000002_create_vendors::Migration),
            Box::new(m20261125_000003_create_solicitations::Migration),
            Box::new(m20261125_000004_create_contracts::Migration),
            Box::new(m20261125_000005_create_meetings::Migration),
            Box::new(m20261125_000006_create_email_outbox::Migration),
            Box::new(m20261125_000007_create_accounts::Migration),
            Box::new(m20261125_000008_create_participation::Migration),
            Box::new(m20261125_000009_create_alerts::Migration),
            Box::new(m20261125_000010_create_alert_events::Migration),
            Box::new(m20261126_000011_create_alert_mail::Migration),
            Box::new(m20261126_000012_create_official_digests::Migration),
            Box::new(m20261126_000013_create_digest_archive::Migration),
            Box::new(m20261126_000014_create_digest_choices::Migration),
            Box::new(m20261201_000015_create_web_sessions::Migration),
            Box::new(m20261201_000016_create_search_documents::Migration),
            Box::new(m20261201_000017_create_comment_reach::Migration),
            Box::new(m20261201_000018_search_prefix_index::Migration),
            Box::new(m20261201_000019_create_import_records::Migration),
            Box::new(m20261201_000020_create_red_flags::Migration),
            Box::new(m20261201_000021_imports_and_feeds::Migration),
            Box::new(m20261201_000022_audit_jurisdiction::Migration),
            Box::new(m20261201_000023_create_import_runs::Migration),
            Box::new(m20261204_000024_indexes_at_scale::Migration),
        ]
    }
}

/// A foreign key from `table.column` to `target.id`.
pub(crate) fn fk(
    table: impl IntoIden,
    column: impl IntoIden,
    target: impl IntoIden,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from_tbl(table)
        .from_col(column)
        .to_tbl(target)
        .to_col(Alias::new("id"))
        .on_delete(on_delete)
        .to_owned()
}

/// A plain index named `idx_<table>_<column>`.
pub(crate) fn index(
    table: impl IntoIden + Clone,
    column: impl IntoIden + Clone,
) -> IndexCreateStatement {
    let name = format!(
        "idx_{}_{}",
        table.clone().into_iden(),
        column.clone().into_iden()
    );
    Index::create()
        .name(name)
        .table(table)
        .col(column)
        .to_owned()
}
