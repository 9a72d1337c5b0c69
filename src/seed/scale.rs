//! A large synthetic registry for benchmarks and the statement-count test: `n` solicitations,
//! each with one awarded contract (with a vendor) and one agenda item on a meeting, spread over
//! 50 agencies, 1,000 vendors and a meeting for every 100 items. Rows go in with multi-row
//! inserts, 500 at a time, in one transaction.

use chrono::{DateTime, Duration, SubsecRound, Utc};
use entity::enums::*;
use entity::*;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, TransactionTrait,
};

const AGENCIES: usize = 50;
const VENDORS: usize = 1_000;
const ITEMS_PER_MEETING: usize = 100;
const CHUNK: usize = 500;

/// The words generated titles are made of (benchmarks search for them).
pub const WORDS: [&str; 16] = [
    "Custodial",
    "Parking",
    "Paving",
    "Software",
    "Mowing",
    "Security",
    "Fleet",
    "Water",
    "Library",
    "Transit",
    "Lighting",
    "Recycling",
    "Health",
    "Printing",
    "Bridge",
    "Analytics",
];

/// Generates the registry and returns a summary.
pub async fn seed(db: &DatabaseConnection, n: u32, now: DateTime<Utc>) -> anyhow::Result<String> {
    let n = n as usize;
    let now = now.trunc_subsecs(0);
    let txn = db.begin().await?;
    let jurisdiction = jurisdiction::ActiveModel {
        name: Set(format!("Scale City {}", now.timestamp())),
        kind: Set(JurisdictionKind::City),
        time_zone: Set("America/Chicago".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?
    .id;
    let agencies = insert_chunked(
        &txn,
        (0..AGENCIES).map(|i| agency::ActiveModel {
            jurisdiction_id: Set(jurisdiction),
            name: Set(format!("Agency {i:02}")),
            acronym: Set(None),
            created_at: Set(now),
            ..Default::default()
        }),
    )
    .await?;
    let vendors = insert_chunked(
        &txn,
        (0..VENDORS).map(|i| vendor::ActiveModel {
            name: Set(format!("Vendor {i:04} Inc.")),
            created_at: Set(now),
            ..Default::default()
        }),
    )
    .await?;
    let body = body::ActiveModel {
        jurisdiction_id: Set(jurisdiction),
        name: Set("Scale Council".into()),
        kind: Set(BodyKind::Council),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?
    .id;
    let meetings_needed = n.div_ceil(ITEMS_PER_MEETING);
    let meetings = insert_chunked(
        &txn,
        (0..meetings_needed).map(|i| meeting::ActiveModel {
            body_id: Set(body),
            starts_at: Set(now + Duration::days(i as i64 % 730 - 365)),
            location: Set(None),
            agenda_url: Set(None),
            status: Set(MeetingStatus::Scheduled),
            ..Default::default()
        }),
    )
    .await?;

    let statuses = [
        SolicitationStatus::Open,
        SolicitationStatus::Awarded,
        SolicitationStatus::Planned,
        SolicitationStatus::Closed,
        SolicitationStatus::UnderEvaluation,
        SolicitationStatus::Cancelled,
    ];
    let solicitations = insert_chunked(
        &txn,
        (0..n).map(|i| {
            let word = WORDS[i % WORDS.len()];
            solicitation::ActiveModel {
                agency_id: Set(agencies[i % AGENCIES]),
                reference_number: Set(format!("SCALE-{i:07}")),
                title: Set(format!("{word} services {i}")),
                description: Set(format!(
                    "Synthetic {} solicitation number {i}.",
                    word.to_lowercase()
                )),
                method: Set(if i % 3 == 0 {
                    ProcurementMethod::Ifb
                } else {
                    ProcurementMethod::Rfp
                }),
                status: Set(statuses[i % statuses.len()]),
                estimated_value_minor: Set(Some(((i % 997) as i64 + 1) * 1_000_000)),
                currency: Set("USD".into()),
                published_at: Set(Some(now - Duration::days((i % 400) as i64))),
                questions_due_at: Set(None),
                bids_due_at: Set(Some(now + Duration::days((i % 120) as i64 - 30))),
                pre_bid_meeting_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                is_outsourcing: Set(i % 7 == 0),
                is_technology: Set(i % 5 == 0),
                is_ai: Set(i % 11 == 0),
                requires_prevailing_wage: Set(i % 4 == 0),
                inhouse_fte: Set((i % 7 == 0).then_some(12.5)),
                inhouse_annual_cost_minor: Set((i % 7 == 0).then_some(90_000_000)),
                bargaining_unit: Set((i % 7 == 0).then(|| "Local 17".to_owned())),
                ..Default::default()
            }
        }),
    )
    .await?;
    insert_chunked(
        &txn,
        solicitations
            .iter()
            .enumerate()
            .map(|(i, &solicitation_id)| {
                let end = (now + Duration::days((i % 1_500) as i64 - 100)).date_naive();
                contract::ActiveModel {
                    agency_id: Set(agencies[i % AGENCIES]),
                    vendor_id: Set(vendors[(i * 7) % VENDORS]),
                    solicitation_id: Set(Some(solicitation_id)),
                    reference_number: Set(format!("C-SCALE-{i:07}")),
                    title: Set(format!("{} contract {i}", WORDS[i % WORDS.len()])),
                    description: Set(None),
                    value_minor: Set(((i % 991) as i64 + 1) * 2_500_000),
                    currency: Set("USD".into()),
                    start_date: Set(end - Duration::days(3 * 365)),
                    end_date: Set(end),
                    max_extent_date: Set(None),
                    status: Set(ContractStatus::Active),
                    created_at: Set(now),
                    updated_at: Set(now),
                    is_outsourcing: Set(i % 7 == 0),
                    ..Default::default()
                }
            }),
    )
    .await?;
    insert_chunked(
        &txn,
        solicitations
            .iter()
            .enumerate()
            .map(|(i, &solicitation_id)| agenda_item::ActiveModel {
                meeting_id: Set(meetings[i / ITEMS_PER_MEETING]),
                item_number: Set(format!("{}", i % ITEMS_PER_MEETING + 1)),
                title: Set(format!("Award of SCALE-{i:07}")),
                action: Set(AgendaAction::Award),
                solicitation_id: Set(Some(solicitation_id)),
                contract_id: Set(None),
                outcome: Set(AgendaOutcome::Pending),
                ..Default::default()
            }),
    )
    .await?;
    // Search sees the generated registry too (in batches, in the same transaction).
    crate::services::search::reindex_all(&txn, now)
        .await
        .map_err(|e| anyhow::anyhow!("indexing the generated registry for search: {e}"))?;
    txn.commit().await?;
    // Fresh statistics, as autovacuum would give PostgreSQL later: the planner's choices then
    // match the data from the first query. Only the tables written: a bare `ANALYZE` would
    // visit every table of the database (on a shared test server, other tests' as well).
    for table in [
        "agency",
        "vendor",
        "meeting",
        "solicitation",
        "contract",
        "agenda_item",
        "search_document",
    ] {
        db.execute_unprepared(&format!("ANALYZE {table}")).await?;
    }
    Ok(format!(
        "{n} solicitations, {n} contracts, {n} agenda items, {meetings_needed} meetings, {AGENCIES} agencies, {VENDORS} vendors"
    ))
}

/// Inserts rows `CHUNK` at a time and returns their ids in order.
async fn insert_chunked<A, I>(
    db: &impl ConnectionTrait,
    rows: I,
) -> Result<Vec<i64>, sea_orm::DbErr>
where
    A: ActiveModelTrait + Send,
    A::Entity: EntityTrait,
    <A::Entity as EntityTrait>::Model: sea_orm::IntoActiveModel<A>,
    <<A::Entity as EntityTrait>::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: Into<i64>,
    I: IntoIterator<Item = A>,
{
    let mut ids = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(CHUNK).collect();
        let keys = <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_with_returning_keys(db)
            .await?;
        ids.extend(keys.into_iter().map(Into::into));
    }
    Ok(ids)
}
