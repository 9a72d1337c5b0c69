//! Full-text search over solicitations, contracts, vendors, agencies and agenda items.
//!
//! Each record has one `search_document` row holding its text folded and tokenised by
//! [`crate::domain::search_text`], written in the same transaction as the edit it reflects
//! ([`reindex`] runs inside every registry edit). The engines only index that text: a generated
//! `tsvector` with GIN on PostgreSQL, an FTS5 table on SQLite. Queries are built from parsed
//! terms, never from raw input, so no input can make the engine fail. An exact reference number
//! comes first; the rest is ranked by relevance, title words weighing more.

use chrono::{DateTime, Utc};
use entity::{
    agency, agenda_item, body, contract, meeting, search_document, solicitation,
    solicitation_category, vendor, vendor_identifier,
};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult,
    QueryFilter, Statement, Value,
};

use crate::domain::ids::NodeKind;
use crate::domain::page::{Page, PageRequest};
use crate::domain::search_text::{SearchQuery, index_text, normalize_reference};
use crate::error::AppError;

/// The kinds of record search finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SearchKind {
    Solicitation,
    Contract,
    Vendor,
    Agency,
    AgendaItem,
}

impl SearchKind {
    pub const ALL: [SearchKind; 5] = [
        Self::Solicitation,
        Self::Contract,
        Self::Vendor,
        Self::Agency,
        Self::AgendaItem,
    ];

    /// The stored `kind` value.
    pub fn key(self) -> &'static str {
        match self {
            Self::Solicitation => "solicitation",
            Self::Contract => "contract",
            Self::Vendor => "vendor",
            Self::Agency => "agency",
            Self::AgendaItem => "agenda_item",
        }
    }

    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.key() == key)
    }
}

/// One result: which record, and whether its reference number is exactly what was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub kind: SearchKind,
    pub subject_id: i64,
    pub exact_reference: bool,
}

/// Where to look: empty `kinds` means every kind.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub kinds: Vec<SearchKind>,
    pub jurisdiction_id: Option<i64>,
}

/// PostgreSQL's `to_tsvector` refuses documents over 1 MB; no record needs that much text.
const MAX_INDEXED_CHARS: usize = 200_000;

struct Document {
    kind: SearchKind,
    subject_id: i64,
    jurisdiction_id: Option<i64>,
    reference: String,
    title: String,
    body: Vec<String>,
    archived: bool,
}

async fn upsert(
    db: &impl ConnectionTrait,
    doc: Document,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let body: String = index_text(&doc.body.join(" "))
        .chars()
        .take(MAX_INDEXED_CHARS)
        .collect();
    let row = search_document::ActiveModel {
        kind: Set(doc.kind.key().to_owned()),
        subject_id: Set(doc.subject_id),
        jurisdiction_id: Set(doc.jurisdiction_id),
        reference: Set(normalize_reference(&doc.reference)),
        title_index: Set(index_text(&doc.title)),
        body_index: Set(body),
        archived: Set(doc.archived),
        updated_at: Set(now),
        ..Default::default()
    };
    search_document::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                search_document::Column::Kind,
                search_document::Column::SubjectId,
            ])
            .update_columns([
                search_document::Column::JurisdictionId,
                search_document::Column::Reference,
                search_document::Column::TitleIndex,
                search_document::Column::BodyIndex,
                search_document::Column::Archived,
                search_document::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

async fn agency_names(
    db: &impl ConnectionTrait,
    agency_id: i64,
) -> Result<(Option<i64>, Vec<String>), AppError> {
    Ok(match agency::Entity::find_by_id(agency_id).one(db).await? {
        Some(a) => (
            Some(a.jurisdiction_id),
            [Some(a.name), a.acronym].into_iter().flatten().collect(),
        ),
        None => (None, Vec::new()),
    })
}

async fn index_solicitation(
    db: &impl ConnectionTrait,
    row: solicitation::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (jurisdiction_id, mut body) = agency_names(db, row.agency_id).await?;
    body.push(row.description);
    body.push(row.reference_number.clone());
    for category in solicitation_category::Entity::find()
        .filter(solicitation_category::Column::SolicitationId.eq(row.id))
        .all(db)
        .await?
    {
        body.push(category.code);
        body.extend(category.description);
    }
    upsert(
        db,
        Document {
            kind: SearchKind::Solicitation,
            subject_id: row.id,
            jurisdiction_id,
            reference: row.reference_number,
            title: row.title,
            body,
            archived: row.archived_at.is_some(),
        },
        now,
    )
    .await
}

async fn index_contract(
    db: &impl ConnectionTrait,
    row: contract::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (jurisdiction_id, mut body) = agency_names(db, row.agency_id).await?;
    body.extend(row.description);
    body.push(row.reference_number.clone());
    if let Some(vendor) = vendor::Entity::find_by_id(row.vendor_id).one(db).await? {
        body.push(vendor.name);
    }
    upsert(
        db,
        Document {
            kind: SearchKind::Contract,
            subject_id: row.id,
            jurisdiction_id,
            reference: row.reference_number,
            title: row.title,
            body,
            archived: row.archived_at.is_some(),
        },
        now,
    )
    .await
}

async fn index_vendor(
    db: &impl ConnectionTrait,
    row: vendor::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let body = vendor_identifier::Entity::find()
        .filter(vendor_identifier::Column::VendorId.eq(row.id))
        .all(db)
        .await?
        .into_iter()
        .map(|identifier| identifier.identifier)
        .collect();
    upsert(
        db,
        Document {
            kind: SearchKind::Vendor,
            subject_id: row.id,
            jurisdiction_id: None,
            reference: String::new(),
            title: row.name,
            body,
            archived: row.archived_at.is_some(),
        },
        now,
    )
    .await
}

async fn index_agency(
    db: &impl ConnectionTrait,
    row: agency::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    upsert(
        db,
        Document {
            kind: SearchKind::Agency,
            subject_id: row.id,
            jurisdiction_id: Some(row.jurisdiction_id),
            reference: String::new(),
            title: row.name,
            body: row.acronym.into_iter().collect(),
            archived: row.archived_at.is_some(),
        },
        now,
    )
    .await
}

async fn index_agenda_item(
    db: &impl ConnectionTrait,
    row: agenda_item::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut body = vec![row.item_number.clone()];
    let mut jurisdiction_id = None;
    let mut archived = row.archived_at.is_some();
    if let Some(meeting) = meeting::Entity::find_by_id(row.meeting_id).one(db).await? {
        archived |= meeting.archived_at.is_some();
        if let Some(body_row) = body::Entity::find_by_id(meeting.body_id).one(db).await? {
            jurisdiction_id = Some(body_row.jurisdiction_id);
            body.push(body_row.name);
        }
    }
    upsert(
        db,
        Document {
            kind: SearchKind::AgendaItem,
            subject_id: row.id,
            jurisdiction_id,
            reference: String::new(),
            title: row.title,
            body,
            archived,
        },
        now,
    )
    .await
}

/// Brings the search rows of a record (and of records whose text includes it: a vendor's
/// contracts, an agency's solicitations and contracts, a meeting's items) up to date. Call it
/// in the transaction of the edit.
pub async fn reindex(
    db: &impl ConnectionTrait,
    kind: NodeKind,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    match kind {
        NodeKind::Solicitation => {
            if let Some(row) = solicitation::Entity::find_by_id(id).one(db).await? {
                index_solicitation(db, row, now).await?;
            }
        }
        NodeKind::Contract => {
            if let Some(row) = contract::Entity::find_by_id(id).one(db).await? {
                index_contract(db, row, now).await?;
            }
        }
        NodeKind::Vendor => {
            if let Some(row) = vendor::Entity::find_by_id(id).one(db).await? {
                index_vendor(db, row, now).await?;
            }
            for row in contract::Entity::find()
                .filter(contract::Column::VendorId.eq(id))
                .all(db)
                .await?
            {
                index_contract(db, row, now).await?;
            }
        }
        NodeKind::Agency => {
            if let Some(row) = agency::Entity::find_by_id(id).one(db).await? {
                index_agency(db, row, now).await?;
            }
            for row in solicitation::Entity::find()
                .filter(solicitation::Column::AgencyId.eq(id))
                .all(db)
                .await?
            {
                index_solicitation(db, row, now).await?;
            }
            for row in contract::Entity::find()
                .filter(contract::Column::AgencyId.eq(id))
                .all(db)
                .await?
            {
                index_contract(db, row, now).await?;
            }
        }
        NodeKind::AgendaItem => {
            if let Some(row) = agenda_item::Entity::find_by_id(id).one(db).await? {
                index_agenda_item(db, row, now).await?;
            }
        }
        NodeKind::Meeting => {
            for row in agenda_item::Entity::find()
                .filter(agenda_item::Column::MeetingId.eq(id))
                .all(db)
                .await?
            {
                index_agenda_item(db, row, now).await?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Indexes every record: after a bulk load (the demo city, an import) or to rebuild.
pub async fn reindex_all(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, AppError> {
    let mut count = 0;
    for row in solicitation::Entity::find().all(db).await? {
        index_solicitation(db, row, now).await?;
        count += 1;
    }
    for row in contract::Entity::find().all(db).await? {
        index_contract(db, row, now).await?;
        count += 1;
    }
    for row in vendor::Entity::find().all(db).await? {
        index_vendor(db, row, now).await?;
        count += 1;
    }
    for row in agency::Entity::find().all(db).await? {
        index_agency(db, row, now).await?;
        count += 1;
    }
    for row in agenda_item::Entity::find().all(db).await? {
        index_agenda_item(db, row, now).await?;
        count += 1;
    }
    Ok(count)
}

#[derive(Debug, FromQueryResult)]
struct Row {
    kind: String,
    subject_id: i64,
}

/// The `kind IN (…)` and jurisdiction conditions, with their values, numbered from `first`.
fn conditions(backend: DbBackend, scope: &Scope, first: usize, values: &mut Vec<Value>) -> String {
    let placeholder = |n: usize| match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    };
    let kinds = if scope.kinds.is_empty() {
        SearchKind::ALL.to_vec()
    } else {
        scope.kinds.clone()
    };
    let mut next = first;
    let mut marks = Vec::new();
    for kind in kinds {
        marks.push(placeholder(next));
        values.push(kind.key().into());
        next += 1;
    }
    let mut sql = format!(
        " AND d.archived = {} AND d.kind IN ({})",
        false_literal(backend),
        marks.join(", ")
    );
    if let Some(jurisdiction) = scope.jurisdiction_id {
        sql.push_str(&format!(" AND d.jurisdiction_id = {}", placeholder(next)));
        values.push(jurisdiction.into());
    }
    sql
}

fn false_literal(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "false",
        _ => "0",
    }
}

/// One page of hits for `query` within `scope`: exact reference numbers first (on the first
/// page), then by relevance. An empty query finds nothing.
pub async fn search(
    db: &impl ConnectionTrait,
    query: &SearchQuery,
    scope: &Scope,
    page: PageRequest,
) -> Result<Page<Hit>, AppError> {
    let backend = db.get_database_backend();
    let mut hits: Vec<Hit> = Vec::new();
    if page.offset == 0
        && let Some(reference) = query.reference()
    {
        let mut values: Vec<Value> = vec![reference.into()];
        let first = match backend {
            DbBackend::Postgres => "$1",
            _ => "?",
        };
        let sql = format!(
            "SELECT d.kind, d.subject_id FROM search_document d WHERE d.reference = {first}{} \
             ORDER BY d.id LIMIT 20",
            conditions(backend, scope, 2, &mut values)
        );
        for row in Row::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
            .all(db)
            .await?
        {
            if let Some(kind) = SearchKind::from_key(&row.kind) {
                hits.push(Hit {
                    kind,
                    subject_id: row.subject_id,
                    exact_reference: true,
                });
            }
        }
    }
    let matched = match backend {
        DbBackend::Postgres => query.to_tsquery(),
        _ => query.to_fts5(),
    };
    let Some(matched) = matched else {
        return Ok(Page {
            has_next_page: false,
            total_count: Some(hits.len() as u64),
            offset: page.offset,
            items: hits,
        });
    };
    let mut values: Vec<Value> = vec![matched.into()];
    let limit = page.limit + 1;
    let sql = match backend {
        DbBackend::Postgres => format!(
            "SELECT d.kind, d.subject_id FROM search_document d, to_tsquery('simple', $1) q \
             WHERE d.tsv @@ q{} ORDER BY ts_rank(d.tsv, q) DESC, d.id LIMIT {limit} OFFSET {}",
            conditions(backend, scope, 2, &mut values),
            page.offset
        ),
        _ => format!(
            "SELECT d.kind, d.subject_id FROM search_fts f JOIN search_document d ON d.id = f.rowid \
             WHERE search_fts MATCH ?{} ORDER BY bm25(search_fts, 10.0, 1.0), d.id \
             LIMIT {limit} OFFSET {}",
            conditions(backend, scope, 2, &mut values),
            page.offset
        ),
    };
    let rows = Row::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
        .all(db)
        .await?;
    let has_next_page = rows.len() as u64 > page.limit;
    for row in rows.into_iter().take(page.limit as usize) {
        let Some(kind) = SearchKind::from_key(&row.kind) else {
            continue;
        };
        if !hits
            .iter()
            .any(|hit| hit.kind == kind && hit.subject_id == row.subject_id)
        {
            hits.push(Hit {
                kind,
                subject_id: row.subject_id,
                exact_reference: false,
            });
        }
    }
    Ok(Page {
        items: hits,
        offset: page.offset,
        has_next_page,
        total_count: None,
    })
}
