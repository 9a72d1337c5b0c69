//! Full-text search over solicitations, contracts, vendors, agencies and agenda items.
//!
//! Each record has one `search_document` row holding its text folded and tokenised by
//! [`crate::domain::search_text`], written in the same transaction as the edit it reflects
//! ([`reindex`] runs inside every registry edit). The engines only index that text: a generated
//! `tsvector` with GIN on PostgreSQL, an FTS5 table on SQLite. Queries are built from parsed
//! terms, never from raw input, so no input can make the engine fail. An exact reference number
//! comes first; the rest is ranked by relevance, title words weighing more.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{
    agency, agenda_item, body, contract, meeting, search_document, solicitation,
    solicitation_category, vendor, vendor_identifier,
};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Statement, Value,
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

impl Document {
    fn into_row(self, now: DateTime<Utc>) -> search_document::ActiveModel {
        let body: String = index_text(&self.body.join(" "))
            .chars()
            .take(MAX_INDEXED_CHARS)
            .collect();
        search_document::ActiveModel {
            kind: Set(self.kind.key().to_owned()),
            subject_id: Set(self.subject_id),
            jurisdiction_id: Set(self.jurisdiction_id),
            reference: Set(normalize_reference(&self.reference)),
            title_index: Set(index_text(&self.title)),
            body_index: Set(body),
            archived: Set(self.archived),
            updated_at: Set(now),
            ..Default::default()
        }
    }
}

/// Writes documents, replacing each record's earlier one.
async fn upsert(
    db: &impl ConnectionTrait,
    docs: Vec<Document>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if docs.is_empty() {
        return Ok(());
    }
    search_document::Entity::insert_many(docs.into_iter().map(|doc| doc.into_row(now)))
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

/// The names a record's text borrows from others: agencies, vendors, bodies and meetings,
/// category codes and vendor identifiers. Loaded for one record, or for all at once.
#[derive(Default)]
struct Lookups {
    agencies: HashMap<i64, agency::Model>,
    vendors: HashMap<i64, vendor::Model>,
    meetings: HashMap<i64, meeting::Model>,
    bodies: HashMap<i64, body::Model>,
    categories: HashMap<i64, Vec<solicitation_category::Model>>,
    identifiers: HashMap<i64, Vec<vendor_identifier::Model>>,
}

impl Lookups {
    async fn all(db: &impl ConnectionTrait) -> Result<Self, AppError> {
        let mut lookups = Self {
            agencies: by_id(agency::Entity::find().all(db).await?, |a| a.id),
            vendors: by_id(vendor::Entity::find().all(db).await?, |v| v.id),
            meetings: by_id(meeting::Entity::find().all(db).await?, |m| m.id),
            bodies: by_id(body::Entity::find().all(db).await?, |b| b.id),
            ..Self::default()
        };
        for category in solicitation_category::Entity::find().all(db).await? {
            lookups
                .categories
                .entry(category.solicitation_id)
                .or_default()
                .push(category);
        }
        for identifier in vendor_identifier::Entity::find().all(db).await? {
            lookups
                .identifiers
                .entry(identifier.vendor_id)
                .or_default()
                .push(identifier);
        }
        Ok(lookups)
    }

    fn agency(&self, id: i64) -> (Option<i64>, Vec<String>) {
        self.agencies.get(&id).map_or((None, Vec::new()), |a| {
            (
                Some(a.jurisdiction_id),
                [Some(a.name.clone()), a.acronym.clone()]
                    .into_iter()
                    .flatten()
                    .collect(),
            )
        })
    }

    fn solicitation(&self, row: solicitation::Model) -> Document {
        let (jurisdiction_id, mut body) = self.agency(row.agency_id);
        body.push(row.description);
        body.push(row.reference_number.clone());
        for category in self.categories.get(&row.id).into_iter().flatten() {
            body.push(category.code.clone());
            body.extend(category.description.clone());
        }
        Document {
            kind: SearchKind::Solicitation,
            subject_id: row.id,
            jurisdiction_id,
            reference: row.reference_number,
            title: row.title,
            body,
            archived: row.archived_at.is_some(),
        }
    }

    fn contract(&self, row: contract::Model) -> Document {
        let (jurisdiction_id, mut body) = self.agency(row.agency_id);
        body.extend(row.description);
        body.push(row.reference_number.clone());
        body.extend(self.vendors.get(&row.vendor_id).map(|v| v.name.clone()));
        Document {
            kind: SearchKind::Contract,
            subject_id: row.id,
            jurisdiction_id,
            reference: row.reference_number,
            title: row.title,
            body,
            archived: row.archived_at.is_some(),
        }
    }

    fn vendor(&self, row: vendor::Model) -> Document {
        let body = self
            .identifiers
            .get(&row.id)
            .into_iter()
            .flatten()
            .map(|identifier| identifier.identifier.clone())
            .collect();
        Document {
            kind: SearchKind::Vendor,
            subject_id: row.id,
            jurisdiction_id: None,
            reference: String::new(),
            title: row.name,
            body,
            archived: row.archived_at.is_some(),
        }
    }

    fn agency_doc(row: agency::Model) -> Document {
        Document {
            kind: SearchKind::Agency,
            subject_id: row.id,
            jurisdiction_id: Some(row.jurisdiction_id),
            reference: String::new(),
            title: row.name,
            body: row.acronym.into_iter().collect(),
            archived: row.archived_at.is_some(),
        }
    }

    fn agenda_item(&self, row: agenda_item::Model) -> Document {
        let mut body = vec![row.item_number.clone()];
        let meeting = self.meetings.get(&row.meeting_id);
        let deciding = meeting.and_then(|m| self.bodies.get(&m.body_id));
        body.extend(deciding.map(|b| b.name.clone()));
        Document {
            kind: SearchKind::AgendaItem,
            subject_id: row.id,
            jurisdiction_id: deciding.map(|b| b.jurisdiction_id),
            reference: String::new(),
            title: row.title,
            body,
            archived: row.archived_at.is_some() || meeting.is_some_and(|m| m.archived_at.is_some()),
        }
    }
}

fn by_id<M>(rows: Vec<M>, id: impl Fn(&M) -> i64) -> HashMap<i64, M> {
    rows.into_iter().map(|row| (id(&row), row)).collect()
}

/// The lookups one record needs.
async fn lookups_for(
    db: &impl ConnectionTrait,
    agency_id: Option<i64>,
    vendor_id: Option<i64>,
    solicitation_id: Option<i64>,
    meeting_id: Option<i64>,
) -> Result<Lookups, AppError> {
    let mut lookups = Lookups::default();
    if let Some(id) = agency_id {
        lookups.agencies.extend(
            agency::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(|a| (a.id, a)),
        );
    }
    if let Some(id) = vendor_id {
        lookups.vendors.extend(
            vendor::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(|v| (v.id, v)),
        );
        let identifiers = vendor_identifier::Entity::find()
            .filter(vendor_identifier::Column::VendorId.eq(id))
            .all(db)
            .await?;
        lookups.identifiers.insert(id, identifiers);
    }
    if let Some(id) = solicitation_id {
        let categories = solicitation_category::Entity::find()
            .filter(solicitation_category::Column::SolicitationId.eq(id))
            .all(db)
            .await?;
        lookups.categories.insert(id, categories);
    }
    if let Some(id) = meeting_id
        && let Some(meeting) = meeting::Entity::find_by_id(id).one(db).await?
    {
        lookups.bodies.extend(
            body::Entity::find_by_id(meeting.body_id)
                .one(db)
                .await?
                .map(|b| (b.id, b)),
        );
        lookups.meetings.insert(id, meeting);
    }
    Ok(lookups)
}

async fn solicitation_docs(
    db: &impl ConnectionTrait,
    rows: Vec<solicitation::Model>,
) -> Result<Vec<Document>, AppError> {
    let mut docs = Vec::with_capacity(rows.len());
    for row in rows {
        let lookups = lookups_for(db, Some(row.agency_id), None, Some(row.id), None).await?;
        docs.push(lookups.solicitation(row));
    }
    Ok(docs)
}

async fn contract_docs(
    db: &impl ConnectionTrait,
    rows: Vec<contract::Model>,
) -> Result<Vec<Document>, AppError> {
    let mut docs = Vec::with_capacity(rows.len());
    for row in rows {
        let lookups = lookups_for(db, Some(row.agency_id), Some(row.vendor_id), None, None).await?;
        docs.push(lookups.contract(row));
    }
    Ok(docs)
}

async fn agenda_item_docs(
    db: &impl ConnectionTrait,
    rows: Vec<agenda_item::Model>,
) -> Result<Vec<Document>, AppError> {
    let mut docs = Vec::with_capacity(rows.len());
    for row in rows {
        let lookups = lookups_for(db, None, None, None, Some(row.meeting_id)).await?;
        docs.push(lookups.agenda_item(row));
    }
    Ok(docs)
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
    let docs = match kind {
        NodeKind::Solicitation => {
            let rows = solicitation::Entity::find_by_id(id).all(db).await?;
            solicitation_docs(db, rows).await?
        }
        NodeKind::Contract => {
            let rows = contract::Entity::find_by_id(id).all(db).await?;
            contract_docs(db, rows).await?
        }
        NodeKind::Vendor => {
            let mut docs = Vec::new();
            if let Some(row) = vendor::Entity::find_by_id(id).one(db).await? {
                docs.push(
                    lookups_for(db, None, Some(id), None, None)
                        .await?
                        .vendor(row),
                );
            }
            let contracts = contract::Entity::find()
                .filter(contract::Column::VendorId.eq(id))
                .all(db)
                .await?;
            docs.extend(contract_docs(db, contracts).await?);
            docs
        }
        NodeKind::Agency => {
            let mut docs: Vec<Document> = agency::Entity::find_by_id(id)
                .all(db)
                .await?
                .into_iter()
                .map(Lookups::agency_doc)
                .collect();
            let solicitations = solicitation::Entity::find()
                .filter(solicitation::Column::AgencyId.eq(id))
                .all(db)
                .await?;
            docs.extend(solicitation_docs(db, solicitations).await?);
            let contracts = contract::Entity::find()
                .filter(contract::Column::AgencyId.eq(id))
                .all(db)
                .await?;
            docs.extend(contract_docs(db, contracts).await?);
            docs
        }
        NodeKind::AgendaItem => {
            let rows = agenda_item::Entity::find_by_id(id).all(db).await?;
            agenda_item_docs(db, rows).await?
        }
        NodeKind::Meeting => {
            let rows = agenda_item::Entity::find()
                .filter(agenda_item::Column::MeetingId.eq(id))
                .all(db)
                .await?;
            agenda_item_docs(db, rows).await?
        }
        _ => Vec::new(),
    };
    for chunk in chunks(docs) {
        upsert(db, chunk, now).await?;
    }
    Ok(())
}

/// Rows per multi-row upsert: 8 values each stays far below SQLite's limit of 32,766.
const CHUNK: usize = 500;

fn chunks(docs: Vec<Document>) -> Vec<Vec<Document>> {
    let mut chunks = Vec::new();
    let mut docs = docs.into_iter().peekable();
    while docs.peek().is_some() {
        chunks.push(docs.by_ref().take(CHUNK).collect());
    }
    chunks
}

/// Indexes every row of `E`, `CHUNK` rows at a time in key order; returns how many.
async fn reindex_table<E, F>(
    db: &impl ConnectionTrait,
    id: E::Column,
    id_of: fn(&E::Model) -> i64,
    document: F,
    now: DateTime<Utc>,
) -> Result<u64, AppError>
where
    E: EntityTrait,
    F: Fn(E::Model) -> Document,
{
    let (mut count, mut after) = (0, 0);
    loop {
        let rows = E::find()
            .filter(id.gt(after))
            .order_by_asc(id)
            .limit(CHUNK as u64)
            .all(db)
            .await?;
        let Some(last) = rows.last().map(id_of) else {
            return Ok(count);
        };
        after = last;
        count += rows.len() as u64;
        upsert(db, rows.into_iter().map(&document).collect(), now).await?;
    }
}

/// Indexes every record, in batches: after a bulk load (the demo city, an import) or to
/// rebuild. Returns how many records it indexed.
pub async fn reindex_all(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, AppError> {
    let lookups = Lookups::all(db).await?;
    let mut count = 0;
    count += reindex_table::<solicitation::Entity, _>(
        db,
        solicitation::Column::Id,
        |r| r.id,
        |r| lookups.solicitation(r),
        now,
    )
    .await?;
    count += reindex_table::<contract::Entity, _>(
        db,
        contract::Column::Id,
        |r| r.id,
        |r| lookups.contract(r),
        now,
    )
    .await?;
    count += reindex_table::<agenda_item::Entity, _>(
        db,
        agenda_item::Column::Id,
        |r| r.id,
        |r| lookups.agenda_item(r),
        now,
    )
    .await?;
    let vendors: Vec<Document> = lookups
        .vendors
        .values()
        .cloned()
        .map(|v| lookups.vendor(v))
        .collect();
    let agencies: Vec<Document> = lookups
        .agencies
        .values()
        .cloned()
        .map(Lookups::agency_doc)
        .collect();
    count += (vendors.len() + agencies.len()) as u64;
    for chunk in chunks(vendors).into_iter().chain(chunks(agencies)) {
        upsert(db, chunk, now).await?;
    }
    Ok(count)
}

#[derive(Debug, FromQueryResult)]
struct Row {
    kind: String,
    subject_id: i64,
}

#[derive(Debug, FromQueryResult)]
struct RankedRow {
    kind: String,
    subject_id: i64,
    /// How many matches the window held (the same on every row).
    found: i64,
}

/// The `n`th bound value's placeholder.
fn placeholder(backend: DbBackend, n: usize) -> String {
    match backend {
        DbBackend::Postgres => format!("${n}"),
        _ => "?".to_owned(),
    }
}

/// `text` as a SQL string literal. The texts given here are built by
/// [`SearchQuery::to_tsquery`] from alphanumeric tokens, so the only quotes are its own.
fn sql_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// The `kind IN (…)` and jurisdiction conditions, with their values, numbered from `first`.
fn conditions(backend: DbBackend, scope: &Scope, first: usize, values: &mut Vec<Value>) -> String {
    let placeholder = |n: usize| placeholder(backend, n);
    let mut sql = format!(" AND d.archived = {}", false_literal(backend));
    let mut next = first;
    // Every kind is no condition at all (one the planner might use to scan every row).
    let every_kind = SearchKind::ALL.iter().all(|k| scope.kinds.contains(k));
    if !scope.kinds.is_empty() && !every_kind {
        let mut marks = Vec::new();
        for kind in &scope.kinds {
            marks.push(placeholder(next));
            values.push(kind.key().into());
            next += 1;
        }
        sql.push_str(&format!(" AND d.kind IN ({})", marks.join(", ")));
    }
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

/// At most this many matches are ranked and paged. One common word can match an eighth of a
/// large registry (125,000 records at 1,000,000 solicitations); ranking every match would make
/// such a search cost as much as reading them all. Past this many, [`Found::truncated`] says so,
/// and the search page asks for more words or a filter.
pub const RANKED_MATCHES: u64 = 1_000;

/// A page of hits, and whether more records matched than search ranks.
#[derive(Debug, Clone)]
pub struct Found {
    /// `total_count` is exact when the matches were not truncated.
    pub page: Page<Hit>,
    /// More than [`RANKED_MATCHES`] records matched: the page is drawn from that many of them.
    pub truncated: bool,
}

/// One page of hits for `query` within `scope`: exact reference numbers first (on the first
/// page), then by relevance within the first [`RANKED_MATCHES`] matches. An empty query finds
/// nothing.
pub async fn search(
    db: &impl ConnectionTrait,
    query: &SearchQuery,
    scope: &Scope,
    page: PageRequest,
) -> Result<Found, AppError> {
    let backend = db.get_database_backend();
    let mut hits: Vec<Hit> = Vec::new();
    if page.offset == 0
        && let Some(reference) = query.reference()
    {
        let mut values: Vec<Value> = vec![reference.into()];
        let sql = format!(
            "SELECT d.kind, d.subject_id FROM search_document d WHERE d.reference = {}{} \
             ORDER BY d.id LIMIT 20",
            placeholder(backend, 1),
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
        return Ok(Found {
            page: Page {
                has_next_page: false,
                total_count: Some(hits.len() as u64),
                offset: page.offset,
                items: hits,
            },
            truncated: false,
        });
    };
    if page.offset >= RANKED_MATCHES {
        return Ok(Found {
            page: Page {
                items: hits,
                offset: page.offset,
                has_next_page: false,
                total_count: None,
            },
            truncated: true,
        });
    }
    // The window: at most one more than `RANKED_MATCHES` matches, so that a full window shows
    // that more exist. SQLite's index yields them newest first; PostgreSQL's plan decides
    // (a sequential scan that stops early when matches are common, the GIN index when rare).
    let mut values: Vec<Value> = Vec::new();
    let window_size = RANKED_MATCHES + 1;
    let window = match backend {
        DbBackend::Postgres => format!(
            // The query text is a literal so that the planner sees it on every call: a cached
            // generic plan would not know a rare word from a common one, and would scan.
            "SELECT d.id, d.kind, d.subject_id, d.title_index FROM search_document d \
             WHERE d.tsv @@ to_tsquery('simple', {}){} LIMIT {window_size}",
            sql_literal(&matched),
            conditions(backend, scope, 1, &mut values),
        ),
        _ => {
            values.push(matched.into());
            format!(
                // CROSS JOIN fixes SQLite's join order: the full-text index first, then each
                // match's row by key. Left to itself, the planner may walk `search_document` by
                // kind and run the MATCH once per row, which takes seconds on 100,000 rows.
                "SELECT d.id, d.kind, d.subject_id, d.title_index FROM search_fts f \
                 CROSS JOIN search_document d ON d.id = f.rowid WHERE search_fts MATCH ?{} \
                 ORDER BY f.rowid DESC LIMIT {window_size}",
                conditions(backend, scope, 2, &mut values),
            )
        }
    };
    // Relevance within the window: how many of the terms the title holds, matched as the
    // engines match them (whole tokens; the prefix term's last word as a prefix), then the
    // newest first. Tokens are letters and digits, so no `%` or `_` reaches a pattern.
    let mut score = Vec::new();
    for (index, term) in query.terms().iter().enumerate() {
        score.push(format!(
            "CASE WHEN ' ' || c.title_index || ' ' LIKE {} THEN 1 ELSE 0 END",
            placeholder(backend, values.len() + 1)
        ));
        let end = if query.is_prefix(index) { "" } else { " " };
        values.push(format!("% {}{end}%", term.words().join(" ")).into());
    }
    let limit = (page.limit + 1).min(RANKED_MATCHES - page.offset);
    let sql = format!(
        "SELECT c.kind, c.subject_id, COUNT(*) OVER () AS found FROM ({window}) c \
         ORDER BY {} DESC, c.id DESC LIMIT {limit} OFFSET {}",
        score.join(" + "),
        page.offset
    );
    let rows = RankedRow::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
        .all(db)
        .await?;
    let found = rows.first().map_or(0, |row| row.found as u64);
    let truncated = found > RANKED_MATCHES;
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
    Ok(Found {
        page: Page {
            items: hits,
            offset: page.offset,
            has_next_page,
            total_count: (!truncated && found > 0).then_some(found),
        },
        truncated,
    })
}
