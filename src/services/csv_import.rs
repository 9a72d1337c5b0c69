//! Importing a city's CSV contract export into one jurisdiction's registry.
//!
//! [`crate::csv_import`] reads the file through a mapping into contract plans; this module turns
//! each into the same process plan an OCDS release gives and applies it through
//! [`ocds_import::apply_plan`], so CSV rows are remembered, compared by digest, audited,
//! reindexed and flagged exactly like OCDS ones, under the source `csv:{mapping}`. Each contract
//! is one transaction; a dry run is one, rolled back.
//!
//! A contract with no end date (San Francisco's `2200-12-31`, Chicago's blank end dates on
//! standard contracts) is kept as open-ended ([`contracts::OPEN_ENDED`]); one with no start
//! date starts on its award date (New York's award notices give no term), and one with
//! neither is skipped, with its line and that reason. An indefinite-quantity contract (Chicago's
//! `$0`) is kept with no fixed total.

use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use sea_orm::{DatabaseTransaction, TransactionTrait};

use crate::csv_import::{self, Mapping};
use crate::error::AppError;
use crate::ocds::map::{self, DatePrecision, OcdsDate, PeriodPlan, ProcessPlan};
use crate::services::audit::Actor;
use crate::services::contracts;
use crate::services::imported::{self, Source};
use crate::services::ocds_import::{self, Issue, Progress, Report};
use crate::state::AppState;

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The jurisdiction the data belongs to.
    pub jurisdiction_id: i64,
    /// Do everything, report it, and roll it back.
    pub dry_run: bool,
    /// The mapping's name (a preset id, or the mapping file's stem): rows are remembered under
    /// it, so the same contract number from two exports stays two contracts.
    pub mapping_name: String,
}

/// Imports one CSV export read through `mapping`.
pub async fn import_path(
    state: &AppState,
    actor: &Actor,
    path: &Path,
    mapping: Mapping,
    options: &Options,
    mut progress: impl FnMut(Progress),
) -> Result<Report, AppError> {
    ocds_import::jurisdiction_exists(state, options.jurisdiction_id).await?;
    // Award notices (New York's) give no term: such contracts start on their award date.
    let term_given = mapping.columns().start_date.is_some();
    let file = path.to_owned();
    let read = tokio::task::spawn_blocking(move || {
        let input = std::fs::File::open(&file)
            .map_err(|e| format!("cannot open {}: {e}", file.display()))?;
        csv_import::read_contracts(&mapping, std::io::BufReader::new(input))
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| AppError::Unexpected(anyhow::anyhow!("the CSV reader stopped: {e}")))?
    .map_err(|reason| AppError::invalid("path", reason))?;

    let name = path.display().to_string();
    let mut report = Report::default();
    report.skipped.extend(read.skipped.iter().map(|s| Issue {
        path: match &s.column {
            Some(column) => format!("{name} line {} column {column:?}", s.line),
            None => format!("{name} line {}", s.line),
        },
        reason: s.reason.clone(),
    }));
    let source_key = format!("csv:{}", options.mapping_name);
    let source = Source {
        key: &source_key,
        reason: "CSV import",
    };
    let today = state.clock.now().date_naive();
    // A dry run is one transaction, rolled back at the end, so what it reports is what the
    // import would do (rows shared by several contracts counted once).
    let dry_run = if options.dry_run {
        Some(state.db.write.begin().await?)
    } else {
        None
    };
    for (done, contract) in read.contracts.iter().enumerate() {
        let at = format!(
            "{name} line {} ({}): ",
            contract.line, contract.reference_number
        );
        report.processes += 1;
        match process_plan(&options.mapping_name, contract, term_given, today) {
            Ok(plan) => {
                if !term_given {
                    report.notes.push(Issue {
                        path: at.trim_end_matches(": ").to_owned(),
                        reason: "no term given: it starts on its award date and has no end date"
                            .to_owned(),
                    });
                }
                if !contract.team_members.is_empty() {
                    report.notes.push(Issue {
                        path: at.trim_end_matches(": ").to_owned(),
                        reason: format!(
                            "{} team member row(s) kept out of the value: their amounts are \
                             shares of the prime contractor's",
                            contract.team_members.len()
                        ),
                    });
                }
                let apply = async |txn: &DatabaseTransaction, report: &mut Report| {
                    ocds_import::apply_plan(
                        txn,
                        actor,
                        source,
                        options.jurisdiction_id,
                        &plan,
                        at,
                        state.clock.now(),
                        report,
                    )
                    .await
                };
                match &dry_run {
                    Some(txn) => apply(txn, &mut report).await?,
                    None => {
                        let txn = state.db.write.begin().await?;
                        apply(&txn, &mut report).await?;
                        txn.commit().await?;
                    }
                }
            }
            Err(reason) => report.skipped.push(Issue {
                path: at.trim_end_matches(": ").to_owned(),
                reason: reason.to_owned(),
            }),
        }
        progress(Progress {
            items: done as u64 + 1,
            created: report.created_count,
            updated: report.updated_count,
            skipped: report.skipped.len(),
        });
    }
    match dry_run {
        Some(txn) => txn.rollback().await?,
        None if report.changed_anything() => {
            imported::refresh_flags(state).await?;
        }
        None => {}
    }
    Ok(report)
}

/// The process plan for one CSV contract, or why it cannot be one.
fn process_plan(
    mapping_name: &str,
    contract: &csv_import::ContractPlan,
    term_given: bool,
    today: NaiveDate,
) -> Result<ProcessPlan, &'static str> {
    let agency = contract
        .agency
        .clone()
        .ok_or("no department: nothing to file the contract under")?;
    let vendor = contract
        .vendor
        .as_ref()
        .ok_or("no vendor: the registry needs who the contract is with")?;
    let start = if term_given {
        contract.start_date
    } else {
        contract.award_date
    }
    .ok_or("no start date: the registry needs when the contract starts")?;
    // No end date, or one the mapping says means none (`2200-12-31`): open-ended.
    let end = contract.end_date.unwrap_or(contracts::OPEN_ENDED);
    let value_minor = match (contract.value_minor, contract.indefinite_quantity) {
        (_, true) => 0,
        (Some(value), false) => value,
        (None, false) => return Err("no value: the registry needs the contract's value"),
    };
    let vendor_key = format!("name:{}", vendor.name);
    let identifiers = match (&vendor.scheme, &vendor.identifier) {
        (Some(scheme), Some(identifier)) => vec![map::VendorIdentifier {
            scheme: scheme.clone(),
            identifier: identifier.clone(),
        }],
        _ => Vec::new(),
    };
    let status = if start > today {
        "pending"
    } else if end < today {
        "expired"
    } else {
        "active"
    };
    Ok(ProcessPlan {
        ocid: mapping_name.to_owned(),
        as_of: None,
        agency: Some(map::AgencyPlan {
            party_id: None,
            name: agency,
            scheme: None,
            identifier: None,
        }),
        vendors: vec![map::VendorPlan {
            party_id: vendor_key.clone(),
            name: vendor.name.clone(),
            identifiers,
            is_supplier: true,
            is_tenderer: false,
        }],
        solicitation: None,
        contracts: vec![map::ContractPlan {
            reference_number: contract.reference_number.clone(),
            award_id: None,
            from_award_only: false,
            title: contract.title.clone(),
            description: contract.description.clone(),
            vendor_ids: vec![vendor_key],
            // As in OCDS, the value now: the original plus every revision's change.
            value: Some(map::Amount {
                minor_units: value_minor
                    + contract
                        .amendments
                        .iter()
                        .filter_map(|a| a.value_change_minor)
                        .sum::<i64>(),
                currency: contract.currency.clone(),
            }),
            period: PeriodPlan {
                start: Some(day(start)),
                end: Some(day(end)),
                max_extent: None,
                duration_in_days: None,
            },
            status: Some(status),
            ocds_status: None,
            signed_at: contract.award_date.map(day),
            amendments: contract
                .amendments
                .iter()
                .map(|a| map::AmendmentPlan {
                    id: Some(format!("revision-{}", a.revision)),
                    date: a.date.map(day),
                    rationale: None,
                    description: Some(a.description.clone()),
                    amends_release_id: None,
                    release_id: None,
                    value_change_minor: a.value_change_minor,
                    new_end_date: a.new_end_date.map(day),
                })
                .collect(),
            renewal: None,
            categories: Vec::new(),
            documents: Vec::new(),
            indefinite_quantity: contract.indefinite_quantity,
            equity: None,
            renewal_options: Vec::new(),
        }],
    })
}

/// A calendar date from an export, as the OCDS plan's date type.
fn day(date: NaiveDate) -> OcdsDate {
    OcdsDate {
        at: DateTime::<Utc>::from_naive_utc_and_offset(date.and_time(NaiveTime::MIN), Utc),
        date,
        precision: DatePrecision::DateOnly,
    }
}
