//! Full-text search: one row per searchable record (solicitation, contract, vendor, agency,
//! agenda item) with its text already folded and tokenised by the service, so both databases
//! match the same way. PostgreSQL indexes it with a generated `tsvector` and GIN; SQLite with
//! an external-content FTS5 table kept in step by triggers. Rows are written in the same
//! transaction as the edit they reflect.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchDocument::Table)
                    .col(big_pk_auto(SearchDocument::Id))
                    .col(string(SearchDocument::Kind))
                    .col(big_integer(SearchDocument::SubjectId))
                    .col(big_integer_null(SearchDocument::JurisdictionId))
                    .col(string(SearchDocument::Reference))
                    .col(text(SearchDocument::TitleIndex))
                    .col(text(SearchDocument::BodyIndex))
                    .col(boolean(SearchDocument::Archived))
                    .col(timestamp_with_time_zone(SearchDocument::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_search_document_subject")
                    .table(SearchDocument::Table)
                    .col(SearchDocument::Kind)
                    .col(SearchDocument::SubjectId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_search_document_reference")
                    .table(SearchDocument::Table)
                    .col(SearchDocument::Reference)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE search_document ADD COLUMN tsv tsvector GENERATED ALWAYS AS \
                     (setweight(to_tsvector('simple', title_index), 'A') || \
                      setweight(to_tsvector('simple', body_index), 'B')) STORED",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX idx_search_document_tsv ON search_document USING GIN (tsv)",
                )
                .await?;
            }
            _ => {
                // The service folds accents itself, so the tokenizer must not fold again.
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE search_fts USING fts5(title_index, body_index, \
                     content='search_document', content_rowid='id', \
                     tokenize='unicode61 remove_diacritics 0')",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN \
                     INSERT INTO search_fts(rowid, title_index, body_index) \
                     VALUES (new.id, new.title_index, new.body_index); END",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN \
                     INSERT INTO search_fts(search_fts, rowid, title_index, body_index) \
                     VALUES ('delete', old.id, old.title_index, old.body_index); END",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN \
                     INSERT INTO search_fts(search_fts, rowid, title_index, body_index) \
                     VALUES ('delete', old.id, old.title_index, old.body_index); \
                     INSERT INTO search_fts(rowid, title_index, body_index) \
                     VALUES (new.id, new.title_index, new.body_index); END",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Sqlite {
            manager
                .get_connection()
                .execute_unprepared("DROP TABLE IF EXISTS search_fts")
                .await?;
        }
        manager
            .drop_table(Table::drop().table(SearchDocument::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SearchDocument {
    Table,
    Id,
    Kind,
    SubjectId,
    JurisdictionId,
    Reference,
    TitleIndex,
    BodyIndex,
    Archived,
    UpdatedAt,
}
