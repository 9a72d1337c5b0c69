//! Computed red flags: facts residents and unions most need that nobody labels.
//!
//! - **Past the maximum extent**: a contract's end date, or one of its options' period ends, is
//!   later than its maximum extent date.
//! - **Amendments over a share**: amendments add more than a share of the original value
//!   (default 25 %).
//! - **Non-competitive above a value**: a sole-source or emergency purchase above a value
//!   (default 100,000.00 in the record's currency).
//! - **Ending without a replacement**: an active contract ends within the window (default 180
//!   days) and no solicitation under way in its agency (planned, open or under evaluation)
//!   replaces it: one sharing a category code with the contract's own solicitation, or any, when
//!   the contract has no categories. (The contract's own solicitation is not told apart: it is
//!   normally awarded by then.)
//! - **Short submission period**: bids are due less than a number of days (default 15) after
//!   publication, the OCDS red-flag indicator our data supports. (A single bidder would need bid
//!   counts, which the registry does not hold.)
//!
//! Each flag is a `red_flag` row holding the numbers behind it. One `INSERT … SELECT` per kind
//! computes a whole scope (the registry, a contract, a solicitation, an agency's contracts) in
//! the database. Staff edits refresh what they touch in their own transaction; an import
//! refreshes the whole registry once, when it ends (per release, an agency's flags would be
//! recomputed for every release of that agency); [`refresh`] with [`Scope::All`] also runs with
//! the daily jobs, because "ends within 180 days" moves with the calendar.
//!
//! The statements are built from numbers only (ids, dates, configured thresholds), never from
//! text, so they carry their values as literals.

use chrono::{Duration, NaiveDate};
use entity::{contract, contract_amendment, red_flag, renewal_option, solicitation};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect, Statement,
};

use crate::config::RedFlagSettings;
use crate::domain::ids::NodeKind;
use crate::error::AppError;

/// The kinds, as stored.
pub mod kind {
    pub const PAST_MAX_EXTENT: &str = "past_max_extent";
    pub const AMENDMENTS_OVER_SHARE: &str = "amendments_over_share";
    pub const NONCOMPETITIVE: &str = "noncompetitive_above_threshold";
    pub const ENDING_WITHOUT_REPLACEMENT: &str = "ending_without_replacement";
    pub const SHORT_SUBMISSION_PERIOD: &str = "short_submission_period";
}

/// Which records to recompute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Contract(i64),
    /// A solicitation, and the contracts awarded from it (their method is its method).
    Solicitation(i64),
    /// Every contract of an agency: a solicitation there may replace one of them.
    AgencyContracts(i64),
}

/// Recomputes the flags of `scope`: deletes its rows and inserts what holds on `today`.
pub async fn refresh(
    db: &impl ConnectionTrait,
    rules: &RedFlagSettings,
    today: NaiveDate,
    scope: Scope,
) -> Result<(), AppError> {
    let backend = db.get_database_backend();
    let (contracts, solicitations) = match scope {
        Scope::All => {
            red_flag::Entity::delete_many().exec(db).await?;
            (Some(String::new()), Some(String::new()))
        }
        Scope::Contract(id) => {
            red_flag::Entity::delete_many()
                .filter(red_flag::Column::ContractId.eq(id))
                .exec(db)
                .await?;
            (Some(format!(" AND c.id = {id}")), None)
        }
        Scope::Solicitation(id) => {
            let awarded: Vec<i64> = contract::Entity::find()
                .select_only()
                .column(contract::Column::Id)
                .filter(contract::Column::SolicitationId.eq(id))
                .into_tuple()
                .all(db)
                .await?;
            red_flag::Entity::delete_many()
                .filter(
                    sea_orm::Condition::any()
                        .add(red_flag::Column::SolicitationId.eq(id))
                        .add(red_flag::Column::ContractId.is_in(awarded)),
                )
                .exec(db)
                .await?;
            (
                Some(format!(" AND c.solicitation_id = {id}")),
                Some(format!(" AND s.id = {id}")),
            )
        }
        Scope::AgencyContracts(agency_id) => {
            let ids: Vec<i64> = contract::Entity::find()
                .select_only()
                .column(contract::Column::Id)
                .filter(contract::Column::AgencyId.eq(agency_id))
                .into_tuple()
                .all(db)
                .await?;
            red_flag::Entity::delete_many()
                .filter(red_flag::Column::ContractId.is_in(ids))
                .exec(db)
                .await?;
            (Some(format!(" AND c.agency_id = {agency_id}")), None)
        }
    };
    let mut statements = Vec::new();
    if let Some(only) = contracts {
        statements.extend(contract_statements(rules, today, &only));
    }
    if let Some(only) = solicitations {
        statements.extend(solicitation_statements(backend, rules, &only));
    }
    for sql in statements {
        db.execute_raw(Statement::from_string(backend, sql)).await?;
    }
    Ok(())
}

const INSERT: &str = "INSERT INTO red_flag (contract_id, solicitation_id, kind, amount_minor, \
                      limit_minor, on_date, limit_date)";

fn date_literal(date: NaiveDate) -> String {
    format!("'{}'", date.format("%Y-%m-%d"))
}

/// The contract flags, each limited by `only` (` AND c.… = …`, or nothing).
fn contract_statements(rules: &RedFlagSettings, today: NaiveDate, only: &str) -> Vec<String> {
    let window_end = today + Duration::days(i64::from(rules.ending_window_days));
    vec![
        // The latest end it has or may reach (on_date) against the maximum extent (limit_date).
        format!(
            "{INSERT} SELECT c.id, NULL, '{kind}', NULL, NULL, \
             CASE WHEN o.latest IS NOT NULL AND o.latest > c.end_date THEN o.latest ELSE c.end_date END, \
             c.max_extent_date \
             FROM contract c LEFT JOIN (SELECT contract_id, MAX(period_end) AS latest \
             FROM renewal_option GROUP BY contract_id) o ON o.contract_id = c.id \
             WHERE c.archived_at IS NULL AND c.max_extent_date IS NOT NULL \
             AND (c.end_date > c.max_extent_date OR o.latest > c.max_extent_date){only}",
            kind = kind::PAST_MAX_EXTENT
        ),
        // What amendments added (amount) against the original value (limit).
        format!(
            "{INSERT} SELECT c.id, NULL, '{kind}', a.added, c.value_minor, NULL, NULL \
             FROM contract c JOIN (SELECT contract_id, SUM(value_change_minor) AS added \
             FROM contract_amendment GROUP BY contract_id) a ON a.contract_id = c.id \
             WHERE c.archived_at IS NULL AND c.value_minor > 0 \
             AND a.added * 100 > c.value_minor * {share}{only}",
            kind = kind::AMENDMENTS_OVER_SHARE,
            share = rules.amendment_share_percent
        ),
        // The value (amount) against the configured limit.
        format!(
            "{INSERT} SELECT c.id, NULL, '{kind}', c.value_minor, {limit}, NULL, NULL \
             FROM contract c JOIN solicitation s ON s.id = c.solicitation_id \
             WHERE c.archived_at IS NULL AND s.method IN ('sole_source', 'emergency') \
             AND c.value_minor > {limit}{only}",
            kind = kind::NONCOMPETITIVE,
            limit = rules.noncompetitive_threshold_minor
        ),
        // The end date (on_date), within the window ending on limit_date. Both subqueries
        // stand alone and are DISTINCT, so the database works each out once, as a small hash
        // (PostgreSQL) or index (SQLite), not once per contract.
        format!(
            "{INSERT} SELECT c.id, NULL, '{kind}', NULL, NULL, c.end_date, {end} \
             FROM contract c \
             WHERE c.archived_at IS NULL AND c.status = 'active' \
             AND c.end_date >= {today} AND c.end_date <= {end} \
             AND CASE WHEN EXISTS (SELECT 1 FROM solicitation_category own \
                     WHERE own.solicitation_id = c.solicitation_id) \
                 THEN NOT EXISTS (SELECT 1 FROM solicitation_category own \
                     WHERE own.solicitation_id = c.solicitation_id \
                     AND (c.agency_id, own.scheme, own.code) IN (SELECT DISTINCT s.agency_id, k.scheme, k.code \
                         FROM solicitation s JOIN solicitation_category k ON k.solicitation_id = s.id \
                         WHERE {under_way})) \
                 ELSE c.agency_id NOT IN (SELECT DISTINCT s.agency_id FROM solicitation s WHERE {under_way}) \
                 END{only}",
            kind = kind::ENDING_WITHOUT_REPLACEMENT,
            today = date_literal(today),
            end = date_literal(window_end),
            under_way =
                "s.archived_at IS NULL AND s.status IN ('planned', 'open', 'under_evaluation')",
        ),
    ]
}

/// The solicitation flags, each limited by `only` (` AND s.id = …`, or nothing).
fn solicitation_statements(backend: DbBackend, rules: &RedFlagSettings, only: &str) -> Vec<String> {
    let days = rules.short_submission_days;
    // Publication and due dates (on_date, limit_date) in UTC; the test on the instants.
    let (published, due, short) = match backend {
        DbBackend::Postgres => (
            "CAST(s.published_at AT TIME ZONE 'UTC' AS DATE)",
            "CAST(s.bids_due_at AT TIME ZONE 'UTC' AS DATE)",
            format!("s.bids_due_at < s.published_at + INTERVAL '{days} days'"),
        ),
        _ => (
            "date(s.published_at)",
            "date(s.bids_due_at)",
            format!("julianday(s.bids_due_at) - julianday(s.published_at) < {days}"),
        ),
    };
    vec![
        format!(
            "{INSERT} SELECT NULL, s.id, '{kind}', s.estimated_value_minor, {limit}, NULL, NULL \
             FROM solicitation s WHERE s.archived_at IS NULL \
             AND s.method IN ('sole_source', 'emergency') \
             AND s.estimated_value_minor > {limit}{only}",
            kind = kind::NONCOMPETITIVE,
            limit = rules.noncompetitive_threshold_minor
        ),
        format!(
            "{INSERT} SELECT NULL, s.id, '{kind}', NULL, {days}, {published}, {due} \
             FROM solicitation s WHERE s.archived_at IS NULL \
             AND s.published_at IS NOT NULL AND s.bids_due_at IS NOT NULL \
             AND s.bids_due_at >= s.published_at AND {short}{only}",
            kind = kind::SHORT_SUBMISSION_PERIOD,
        ),
    ]
}

/// Refreshes what an edit of `target` row `id` can change, in the edit's transaction.
pub async fn refresh_after_edit(
    db: &impl ConnectionTrait,
    rules: &RedFlagSettings,
    today: NaiveDate,
    target: NodeKind,
    id: i64,
) -> Result<(), AppError> {
    match target {
        NodeKind::Contract => refresh(db, rules, today, Scope::Contract(id)).await,
        NodeKind::Solicitation => {
            refresh(db, rules, today, Scope::Solicitation(id)).await?;
            // It may be the replacement another contract of its agency was waiting for.
            if let Some(row) = solicitation::Entity::find_by_id(id).one(db).await? {
                refresh(db, rules, today, Scope::AgencyContracts(row.agency_id)).await?;
            }
            Ok(())
        }
        NodeKind::ContractAmendment => {
            match contract_amendment::Entity::find_by_id(id).one(db).await? {
                Some(row) => refresh(db, rules, today, Scope::Contract(row.contract_id)).await,
                None => Ok(()),
            }
        }
        NodeKind::RenewalOption => match renewal_option::Entity::find_by_id(id).one(db).await? {
            Some(row) => refresh(db, rules, today, Scope::Contract(row.contract_id)).await,
            None => Ok(()),
        },
        _ => Ok(()),
    }
}
