//! Importing OCDS data into one jurisdiction's registry.
//!
//! The file is read as a stream ([`crate::ocds::read`]) on a blocking thread that hands each
//! release or record over a small channel, so memory stays flat however large the file. Each
//! item is one transaction (a dry run is one, rolled back): its releases are stored once each (`ocds_release`, by ocid and
//! release id), the process's compiled release is merged from everything stored for that ocid
//! ([`crate::ocds::merge`]), mapped onto the registry ([`crate::ocds::map`]) and applied.
//! Interrupting an import therefore leaves every process either as it was or fully updated,
//! and running it again carries on where it stopped.
//!
//! Applying is idempotent: each registry row made from a source record is remembered in
//! `external_record` with a digest of what was applied; the same data again changes nothing,
//! and changed data updates the rows, writes an audit entry and the same alert events a staff
//! edit would, in the same transaction.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use entity::enums::{ContractStatus, ProcurementMethod, SolicitationStatus};
use entity::{
    agency, contract, contract_amendment, ocds_release, renewal_option, solicitation,
    solicitation_category, solicitation_document, vendor, vendor_identifier,
};
use sea_orm::{
    ActiveEnum as _, ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel as _, QueryFilter, QueryOrder, TransactionTrait,
    TryIntoModel as _,
};
use serde_json::Value;

use crate::domain::ids::NodeKind;
use crate::error::AppError;
use crate::ocds::map::{self, ProcessPlan};
use crate::ocds::{merge, read};
use crate::services::audit::{Actor, digest};
use crate::services::contracts;
use crate::services::imported::{self, Rows, Source};
use crate::services::registry_edit::announce_solicitation;
use crate::state::AppState;

const OCDS: Source<'static> = Source {
    key: "ocds",
    reason: "OCDS import",
};

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The jurisdiction the data belongs to.
    pub jurisdiction_id: i64,
    /// Do everything, report it, and roll each transaction back.
    pub dry_run: bool,
}

/// Something left out, or adjusted, and why; `path` locates it in the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Issue {
    pub path: String,
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Report {
    /// Releases read from the file (a record's releases count each).
    pub releases_read: u64,
    /// Of those, releases not stored before.
    pub releases_new: u64,
    /// Processes whose registry rows were looked at again.
    pub processes: u64,
    /// Registry rows made: the first [`LISTED`], as `kind reference` (e.g. `contract C-12`).
    pub created: Vec<String>,
    /// How many registry rows were made.
    pub created_count: u64,
    /// Registry rows changed: the first [`LISTED`].
    pub updated: Vec<String>,
    /// How many registry rows were changed.
    pub updated_count: u64,
    /// Registry rows already as the data says.
    pub unchanged: u64,
    /// Elements not imported, with their JSON path and the reason.
    pub skipped: Vec<Issue>,
    /// Things read but adjusted (a date without offset read as UTC, …).
    pub notes: Vec<Issue>,
}

/// How many created and updated rows a report names; the rest are counted. A large file makes
/// millions of rows, and the report must not grow with the file.
pub const LISTED: usize = 1000;

impl Report {
    /// Counts a row made, naming it while fewer than [`LISTED`] are named.
    pub(crate) fn created(&mut self, what: String) {
        self.created_count += 1;
        if self.created.len() < LISTED {
            self.created.push(what);
        }
    }

    /// Counts a row changed, naming it while fewer than [`LISTED`] are named.
    pub(crate) fn updated(&mut self, what: String) {
        self.updated_count += 1;
        if self.updated.len() < LISTED {
            self.updated.push(what);
        }
    }

    /// Whether anything was made or changed.
    pub fn changed_anything(&self) -> bool {
        self.created_count + self.updated_count > 0
    }
}

/// How far an import has got, for a progress display.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub items: u64,
    pub created: u64,
    pub updated: u64,
    pub skipped: usize,
}

/// Imports one file (JSON, JSON Lines, or either gzip-compressed).
pub async fn import_path(
    state: &AppState,
    actor: &Actor,
    path: &Path,
    options: &Options,
    progress: impl FnMut(Progress),
) -> Result<Report, AppError> {
    let file = path.to_owned();
    let open =
        move || read::open(&file).map_err(|e| format!("cannot open {}: {e}", file.display()));
    import_from(state, actor, open, options, progress).await
}

/// Imports an uploaded file, already on disk (the GraphQL upload's temporary file).
pub async fn import_file(
    state: &AppState,
    actor: &Actor,
    file: std::fs::File,
    options: &Options,
) -> Result<Report, AppError> {
    let open =
        move || read::decompress_if_gzip(file).map_err(|e| format!("cannot read the upload: {e}"));
    import_from(state, actor, open, options, |_| {}).await
}

/// Imports what `open` reads, streamed on a blocking thread.
async fn import_from(
    state: &AppState,
    actor: &Actor,
    open: impl FnOnce() -> Result<Box<dyn std::io::Read>, String> + Send + 'static,
    options: &Options,
    mut progress: impl FnMut(Progress),
) -> Result<Report, AppError> {
    jurisdiction_exists(state, options.jurisdiction_id).await?;
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<read::Item>(16);
    // If the import stops early, the receiver is dropped, the next send fails and the read ends.
    let reading = tokio::task::spawn_blocking(move || -> Result<read::Summary, String> {
        let reader = open()?;
        // The send error carries the item back; only that the import stopped matters.
        read::for_each_item(reader, |item| {
            sender.blocking_send(item).map_err(|_| "stopped")
        })
        .map_err(|e| e.to_string())
    });
    let mut report = Report::default();
    // A dry run is one transaction, rolled back at the end, so what it reports is what the
    // import would do (rows shared by several releases counted once).
    let dry_run = if options.dry_run {
        Some(state.db.write.begin().await?)
    } else {
        None
    };
    let mut items = 0;
    while let Some(item) = receiver.recv().await {
        match &dry_run {
            Some(txn) => import_item(state, txn, actor, options, item, &mut report).await?,
            None => {
                let txn = state.db.write.begin().await?;
                import_item(state, &txn, actor, options, item, &mut report).await?;
                txn.commit().await?;
            }
        }
        items += 1;
        progress(Progress {
            items,
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
    let summary = reading
        .await
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("the reader stopped: {e}")))?
        .map_err(|reason| AppError::invalid("path", reason))?;
    report
        .skipped
        .extend(summary.skipped.into_iter().map(issue));
    report.notes.extend(summary.notes.into_iter().map(issue));
    Ok(report)
}

fn issue(found: read::Issue) -> Issue {
    Issue {
        path: found.path,
        reason: found.reason,
    }
}

pub(crate) async fn jurisdiction_exists(state: &AppState, id: i64) -> Result<(), AppError> {
    entity::jurisdiction::Entity::find_by_id(id)
        .one(&state.db.read)
        .await?
        .map(|_| ())
        .ok_or_else(|| AppError::invalid("jurisdiction", "no jurisdiction has this id"))
}

/// One release or record, in `txn` (its own, or a dry run's).
async fn import_item(
    state: &AppState,
    txn: &DatabaseTransaction,
    actor: &Actor,
    options: &Options,
    item: read::Item,
    report: &mut Report,
) -> Result<(), AppError> {
    let (path, ocid, releases) = match item {
        read::Item::Release { path, value } => {
            let ocid = value.get("ocid").and_then(Value::as_str).map(str::to_owned);
            (path, ocid, vec![value])
        }
        read::Item::Record {
            path,
            ocid,
            releases,
            compiled,
            ..
        } => {
            // Linked releases carry only a `url`; without full releases, the record's compiled
            // release stands in for them.
            let mut full: Vec<Value> = releases.into_iter().filter(is_full_release).collect();
            if full.is_empty()
                && let Some(compiled) = compiled
            {
                full.push(compiled);
            }
            (path, ocid, full)
        }
    };
    let Some(ocid) = ocid.filter(|o| !o.trim().is_empty()) else {
        report.skipped.push(Issue {
            path,
            reason: "no ocid: it cannot be told apart from other processes".into(),
        });
        return Ok(());
    };
    let now = state.clock.now();
    let mut stored_new = false;
    for (index, release) in releases.iter().enumerate() {
        report.releases_read += 1;
        let at = if releases.len() > 1 {
            format!("{path}.releases[{index}]")
        } else {
            path.clone()
        };
        match store_release(txn, options.jurisdiction_id, &ocid, release, now).await? {
            Stored::New => {
                report.releases_new += 1;
                stored_new = true;
            }
            Stored::Known => {}
            Stored::Unusable(reason) => report.skipped.push(Issue { path: at, reason }),
        }
    }
    if stored_new {
        report.processes += 1;
        apply_process(
            txn,
            actor,
            options.jurisdiction_id,
            &ocid,
            &path,
            now,
            report,
        )
        .await?;
    }
    Ok(())
}

fn is_full_release(release: &Value) -> bool {
    release.get("ocid").is_some() && release.get("id").is_some()
}

enum Stored {
    New,
    Known,
    Unusable(String),
}

async fn store_release(
    txn: &DatabaseTransaction,
    jurisdiction_id: i64,
    ocid: &str,
    release: &Value,
    now: DateTime<Utc>,
) -> Result<Stored, AppError> {
    let release_id = match release.get("id") {
        Some(Value::String(id)) if !id.trim().is_empty() => id.clone(),
        Some(Value::Number(id)) => id.to_string(),
        _ => return Ok(Stored::Unusable("no release id".into())),
    };
    if release.get("ocid").and_then(Value::as_str) != Some(ocid) {
        return Ok(Stored::Unusable(format!(
            "its ocid is not the record's ({ocid})"
        )));
    }
    let known = ocds_release::Entity::find()
        .filter(ocds_release::Column::JurisdictionId.eq(jurisdiction_id))
        .filter(ocds_release::Column::Ocid.eq(ocid))
        .filter(ocds_release::Column::ReleaseId.eq(&release_id))
        .one(txn)
        .await?;
    if known.is_some() {
        return Ok(Stored::Known);
    }
    let released_at = release
        .get("date")
        .and_then(Value::as_str)
        .and_then(map::parse_date)
        .map(|d| d.at);
    ocds_release::ActiveModel {
        jurisdiction_id: Set(jurisdiction_id),
        ocid: Set(ocid.to_owned()),
        release_id: Set(release_id),
        released_at: Set(released_at),
        data: Set(release.to_string()),
        imported_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(Stored::New)
}

/// Compiles everything stored for `ocid` and brings the registry in line with it.
#[allow(clippy::too_many_arguments)]
async fn apply_process(
    txn: &DatabaseTransaction,
    actor: &Actor,
    jurisdiction_id: i64,
    ocid: &str,
    path: &str,
    now: DateTime<Utc>,
    report: &mut Report,
) -> Result<(), AppError> {
    let stored = ocds_release::Entity::find()
        .filter(ocds_release::Column::JurisdictionId.eq(jurisdiction_id))
        .filter(ocds_release::Column::Ocid.eq(ocid))
        .order_by_asc(ocds_release::Column::Id)
        .all(txn)
        .await?;
    let mut releases = Vec::with_capacity(stored.len());
    for row in stored {
        // Stored by this module from parsed JSON, so it parses.
        releases.push(
            read::parse_json(row.data.as_bytes())
                .map_err(|e| AppError::Unexpected(anyhow::anyhow!("a stored release: {e}")))?,
        );
    }
    let compiled = match merge::compile(&releases) {
        Ok(compiled) => compiled,
        Err(e) => {
            report.skipped.push(Issue {
                path: path.to_owned(),
                reason: format!("cannot compile {ocid}: {e}"),
            });
            return Ok(());
        }
    };
    let at = |inner: String| format!("{path} ({ocid}): {inner}");
    report
        .notes
        .extend(compiled.warnings.into_iter().map(|w| Issue {
            path: at(w.path),
            reason: w.reason,
        }));
    let mapped = map::map_release(&compiled.release);
    report
        .skipped
        .extend(mapped.skipped.into_iter().map(|s| Issue {
            path: at(s.path),
            reason: s.reason,
        }));
    report.notes.extend(mapped.notes.into_iter().map(|n| Issue {
        path: at(n.path),
        reason: n.reason,
    }));
    let Some(plan) = mapped.plan else {
        return Ok(());
    };
    apply_plan(
        txn,
        actor,
        OCDS,
        jurisdiction_id,
        &plan,
        at(String::new()),
        now,
        report,
    )
    .await
}

/// Brings the registry in line with one process's plan, from any source: each row is
/// remembered under `source`, so the same plan again changes nothing. `path` prefixes the
/// report's skip messages.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn apply_plan(
    txn: &DatabaseTransaction,
    actor: &Actor,
    source: Source<'_>,
    jurisdiction_id: i64,
    plan: &ProcessPlan,
    path: String,
    now: DateTime<Utc>,
    report: &mut Report,
) -> Result<(), AppError> {
    let changed_at = plan.as_of.map_or(now, |d| d.at.min(now));
    let mut apply = Apply {
        changed_at,
        rows: Rows {
            txn,
            actor,
            source,
            jurisdiction_id,
            now,
        },
        report,
        path,
    };
    apply.process(plan).await
}

/// Writes one process's plan; every row goes through [`Rows::remember`].
struct Apply<'a> {
    rows: Rows<'a>,
    /// When the data says the process last changed (the compiled release's `date`, never
    /// later than now): the `updated_at` of the rows it changes.
    changed_at: DateTime<Utc>,
    report: &'a mut Report,
    /// `file path (ocid): ` for skip messages.
    path: String,
}

/// What happened to one row.
enum Outcome {
    Created,
    Updated,
    Unchanged,
}

impl Apply<'_> {
    fn skip(&mut self, at: &str, reason: impl Into<String>) {
        self.report.skipped.push(Issue {
            path: format!("{}{at}", self.path),
            reason: reason.into(),
        });
    }

    fn count(&mut self, outcome: &Outcome, what: String) {
        match outcome {
            Outcome::Created => self.report.created(what),
            Outcome::Updated => self.report.updated(what),
            Outcome::Unchanged => self.report.unchanged += 1,
        }
    }

    async fn process(&mut self, plan: &ProcessPlan) -> Result<(), AppError> {
        let Some(agency_plan) = &plan.agency else {
            self.skip(
                "buyer",
                "no buyer or procuring entity: nothing to file it under",
            );
            return Ok(());
        };
        let agency_id = self.agency(&plan.ocid, agency_plan).await?;
        let mut vendors = HashMap::new();
        for vendor_plan in &plan.vendors {
            let id = self.vendor(vendor_plan).await?;
            vendors.insert(vendor_plan.party_id.clone(), id);
        }
        let solicitation_id = match &plan.solicitation {
            Some(tender) => self.solicitation(&plan.ocid, agency_id, tender).await?,
            None => None,
        };
        for (index, contract_plan) in plan.contracts.iter().enumerate() {
            self.contract(
                &plan.ocid,
                index,
                agency_id,
                solicitation_id,
                &vendors,
                contract_plan,
            )
            .await?;
        }
        Ok(())
    }

    async fn agency(&mut self, ocid: &str, plan: &map::AgencyPlan) -> Result<i64, AppError> {
        let key = match (&plan.scheme, &plan.identifier) {
            (Some(scheme), Some(id)) => format!("{scheme}:{id}"),
            (None, Some(id)) => id.clone(),
            _ => format!("name:{}", plan.name),
        };
        let name = clip(&plan.name, 200);
        let state = digest(&name);
        let existing = self.rows.remembered("agency", &key).await?;
        let (id, outcome) = match &existing {
            Some(known) if known.digest == state => (known.target_id, Outcome::Unchanged),
            Some(known) => {
                let before = agency::Entity::find_by_id(known.target_id)
                    .one(self.rows.txn)
                    .await?
                    .ok_or(AppError::NotFound("agency"))?;
                let mut active = before.clone().into_active_model();
                active.name = Set(name.clone());
                let after = active.update(self.rows.txn).await?;
                self.rows
                    .audit(
                        "updateAgency",
                        NodeKind::Agency,
                        after.id,
                        Some(digest(&before)),
                        &after,
                    )
                    .await?;
                (after.id, Outcome::Updated)
            }
            None => {
                // An agency staff already made under the same name is the same agency.
                let same_name = agency::Entity::find()
                    .filter(agency::Column::JurisdictionId.eq(self.rows.jurisdiction_id))
                    .filter(agency::Column::Name.eq(&name))
                    .one(self.rows.txn)
                    .await?;
                match same_name {
                    Some(row) => (row.id, Outcome::Unchanged),
                    None => {
                        let row = agency::ActiveModel {
                            jurisdiction_id: Set(self.rows.jurisdiction_id),
                            name: Set(name.clone()),
                            acronym: Set(None),
                            created_at: Set(self.rows.now),
                            ..Default::default()
                        }
                        .insert(self.rows.txn)
                        .await?;
                        self.rows
                            .audit("createAgency", NodeKind::Agency, row.id, None, &row)
                            .await?;
                        (row.id, Outcome::Created)
                    }
                }
            }
        };
        self.rows
            .remember(existing, "agency", &key, id, &state)
            .await?;
        self.count(&outcome, format!("agency {name} ({ocid})"));
        Ok(id)
    }

    async fn vendor(&mut self, plan: &map::VendorPlan) -> Result<i64, AppError> {
        // Party ids are only unique within a release: without an identifier, the name is
        // the vendor.
        let key = plan.identifiers.first().map_or_else(
            || format!("name:{}", plan.name.trim()),
            |i| format!("{}:{}", i.scheme, i.identifier),
        );
        let name = clip(&plan.name, 200);
        let state = digest(&(&name, &plan.identifiers));
        let existing = self.rows.remembered("vendor", &key).await?;
        let (id, outcome) = match &existing {
            Some(known) if known.digest == state => (known.target_id, Outcome::Unchanged),
            Some(known) => {
                let before = vendor::Entity::find_by_id(known.target_id)
                    .one(self.rows.txn)
                    .await?
                    .ok_or(AppError::NotFound("vendor"))?;
                let mut active = before.clone().into_active_model();
                active.name = Set(name.clone());
                let after = active.update(self.rows.txn).await?;
                self.rows
                    .audit(
                        "updateVendor",
                        NodeKind::Vendor,
                        after.id,
                        Some(digest(&before)),
                        &after,
                    )
                    .await?;
                (after.id, Outcome::Updated)
            }
            None => match self.vendor_by_identifier(plan).await? {
                Some(id) => (id, Outcome::Unchanged),
                None => {
                    let row = vendor::ActiveModel {
                        name: Set(name.clone()),
                        created_at: Set(self.rows.now),
                        archived_at: Set(None),
                        ..Default::default()
                    }
                    .insert(self.rows.txn)
                    .await?;
                    self.rows
                        .audit("createVendor", NodeKind::Vendor, row.id, None, &row)
                        .await?;
                    (row.id, Outcome::Created)
                }
            },
        };
        for found in &plan.identifiers {
            let known = vendor_identifier::Entity::find()
                .filter(vendor_identifier::Column::VendorId.eq(id))
                .filter(vendor_identifier::Column::Scheme.eq(&found.scheme))
                .filter(vendor_identifier::Column::Identifier.eq(&found.identifier))
                .one(self.rows.txn)
                .await?;
            if known.is_none() {
                vendor_identifier::ActiveModel {
                    vendor_id: Set(id),
                    scheme: Set(clip(&found.scheme, 100)),
                    identifier: Set(clip(&found.identifier, 200)),
                    ..Default::default()
                }
                .insert(self.rows.txn)
                .await?;
            }
        }
        self.rows
            .remember(existing, "vendor", &key, id, &state)
            .await?;
        self.count(&outcome, format!("vendor {name}"));
        Ok(id)
    }

    /// A vendor another process or a staff member already recorded with one of these
    /// identifiers.
    async fn vendor_by_identifier(&self, plan: &map::VendorPlan) -> Result<Option<i64>, AppError> {
        for found in &plan.identifiers {
            if let Some(row) = vendor_identifier::Entity::find()
                .filter(vendor_identifier::Column::Scheme.eq(&found.scheme))
                .filter(vendor_identifier::Column::Identifier.eq(&found.identifier))
                .one(self.rows.txn)
                .await?
            {
                return Ok(Some(row.vendor_id));
            }
        }
        Ok(None)
    }

    async fn solicitation(
        &mut self,
        ocid: &str,
        agency_id: i64,
        plan: &map::SolicitationPlan,
    ) -> Result<Option<i64>, AppError> {
        let Some(title) = plan.title.as_deref().map(|t| clip(t, 300)) else {
            self.skip("tender", "no title");
            return Ok(None);
        };
        let Some(status) = plan
            .status
            .and_then(|s| SolicitationStatus::try_from_value(&s.to_owned()).ok())
        else {
            self.skip("tender.status", "no status the registry knows");
            return Ok(None);
        };
        let method = plan
            .method
            .and_then(|m| ProcurementMethod::try_from_value(&m.to_owned()).ok())
            .unwrap_or(ProcurementMethod::Other);
        let value = plan.estimated_value.as_ref();
        let fields = SolicitationFields {
            agency_id,
            reference_number: clip(&plan.reference_number, 100),
            title,
            description: clip(plan.description.as_deref().unwrap_or_default(), 20_000),
            method,
            status,
            estimated_value_minor: value.map(|v| v.minor_units),
            currency: value.map_or_else(|| "USD".to_owned(), |v| v.currency.clone()),
            published_at: plan.published_at.as_ref().map(|d| d.at),
            questions_due_at: plan.questions_due_at.as_ref().map(|d| d.at),
            bids_due_at: plan.bids_due_at.as_ref().map(|d| d.at),
            equity: plan.equity.clone(),
        };
        let state = digest(&(&fields, &plan.documents, &plan.categories));
        let existing = self.rows.remembered("solicitation", ocid).await?;
        let known_row = match &existing {
            Some(known) => {
                solicitation::Entity::find_by_id(known.target_id)
                    .one(self.rows.txn)
                    .await?
            }
            None => None,
        };
        let outcome = match (&existing, known_row) {
            (Some(known), Some(row)) if known.digest == state => {
                self.count(&Outcome::Unchanged, String::new());
                return Ok(Some(row.id));
            }
            (_, Some(before)) => {
                let mut active = before.clone().into_active_model();
                fields.set(&mut active, self.changed_at);
                let after = active.update(self.rows.txn).await?;
                announce_solicitation(self.rows.txn, Some(&before), &after, self.rows.now).await?;
                (after, Some(before), Outcome::Updated)
            }
            (_, None) => {
                let mut active = solicitation::ActiveModel {
                    created_at: Set(self.rows.now),
                    archived_at: Set(None),
                    ..Default::default()
                };
                fields.set(&mut active, self.changed_at);
                let row = active.insert(self.rows.txn).await?;
                announce_solicitation(self.rows.txn, None, &row, self.rows.now).await?;
                (row, None, Outcome::Created)
            }
        };
        let (row, before, outcome) = outcome;
        self.documents_and_categories(row.id, plan).await?;
        let action = if before.is_some() {
            "updateSolicitation"
        } else {
            "createSolicitation"
        };
        self.rows
            .audit(
                action,
                NodeKind::Solicitation,
                row.id,
                before.as_ref().map(digest),
                &row,
            )
            .await?;
        self.rows
            .remember(existing, "solicitation", ocid, row.id, &state)
            .await?;
        self.count(&outcome, format!("solicitation {}", row.reference_number));
        Ok(Some(row.id))
    }

    /// Adds the documents and categories not yet on the solicitation (by URL, by scheme and code).
    async fn documents_and_categories(
        &self,
        solicitation_id: i64,
        plan: &map::SolicitationPlan,
    ) -> Result<(), AppError> {
        let documents = solicitation_document::Entity::find()
            .filter(solicitation_document::Column::SolicitationId.eq(solicitation_id))
            .all(self.rows.txn)
            .await?;
        for document in &plan.documents {
            if documents.iter().any(|d| d.url == document.url) {
                continue;
            }
            solicitation_document::ActiveModel {
                solicitation_id: Set(solicitation_id),
                title: Set(clip(document.title.as_deref().unwrap_or("Document"), 300)),
                url: Set(clip(&document.url, 2000)),
                published_at: Set(document.published_at.as_ref().map(|d| d.at)),
                ..Default::default()
            }
            .insert(self.rows.txn)
            .await?;
        }
        let categories = solicitation_category::Entity::find()
            .filter(solicitation_category::Column::SolicitationId.eq(solicitation_id))
            .all(self.rows.txn)
            .await?;
        for category in &plan.categories {
            if categories
                .iter()
                .any(|c| c.scheme == category.scheme && c.code == category.code)
            {
                continue;
            }
            solicitation_category::ActiveModel {
                solicitation_id: Set(solicitation_id),
                scheme: Set(clip(&category.scheme, 50)),
                code: Set(clip(&category.code, 50)),
                description: Set(category.description.as_deref().map(|d| clip(d, 500))),
                ..Default::default()
            }
            .insert(self.rows.txn)
            .await?;
        }
        Ok(())
    }

    async fn contract(
        &mut self,
        ocid: &str,
        index: usize,
        agency_id: i64,
        solicitation_id: Option<i64>,
        vendors: &HashMap<String, i64>,
        plan: &map::ContractPlan,
    ) -> Result<(), AppError> {
        let at = format!("contracts[{index}]");
        let vendor_id = plan.vendor_ids.iter().find_map(|party| vendors.get(party));
        let Some(&vendor_id) = vendor_id else {
            self.skip(&at, "no supplier named: the registry needs the vendor");
            return Ok(());
        };
        let Some(start) = &plan.period.start else {
            self.skip(&at, "no contract period start date");
            return Ok(());
        };
        // A period with a start and no end is open-ended.
        let end_date = plan
            .period
            .end
            .as_ref()
            .map_or(contracts::OPEN_ENDED, |e| e.date);
        if end_date < start.date {
            self.skip(&at, "the period ends before it starts");
            return Ok(());
        }
        let Some(value) = &plan.value else {
            self.skip(&at, "no value");
            return Ok(());
        };
        let status = plan
            .status
            .and_then(|s| ContractStatus::try_from_value(&s.to_owned()).ok())
            .unwrap_or(ContractStatus::Active);
        let title = plan
            .title
            .clone()
            .unwrap_or_else(|| format!("Contract {}", plan.reference_number));
        let fields = ContractFields {
            agency_id,
            vendor_id,
            solicitation_id,
            reference_number: clip(&plan.reference_number, 100),
            title: clip(&title, 300),
            description: plan.description.as_deref().map(|d| clip(d, 20_000)),
            // OCDS gives the value now; the registry keeps the original, amendments adding to it.
            value_minor: value.minor_units
                - plan
                    .amendments
                    .iter()
                    .filter_map(|a| a.value_change_minor)
                    .sum::<i64>(),
            currency: value.currency.clone(),
            start_date: start.date,
            end_date,
            max_extent_date: plan
                .period
                .max_extent
                .as_ref()
                .map(|d| d.date)
                .filter(|m| *m >= end_date),
            status,
            indefinite_quantity: plan.indefinite_quantity,
            equity: plan.equity.clone(),
        };
        // By award when there is one: an award published before its contract becomes that
        // contract's row when the contract follows.
        let key = match &plan.award_id {
            Some(award) => format!("{ocid}/award:{award}"),
            None => format!("{ocid}/{}", plan.reference_number),
        };
        let state = digest(&(&fields, &plan.amendments, &plan.renewal_options));
        let existing = self.rows.remembered("contract", &key).await?;
        let known_row = match &existing {
            Some(known) => {
                contract::Entity::find_by_id(known.target_id)
                    .one(self.rows.txn)
                    .await?
            }
            None => None,
        };
        let (row, before, outcome) = match (&existing, known_row) {
            (Some(known), Some(_)) if known.digest == state => {
                self.count(&Outcome::Unchanged, String::new());
                return Ok(());
            }
            (_, Some(before)) => {
                let mut active = before.clone().into_active_model();
                fields.set(&mut active, self.changed_at);
                (
                    active.update(self.rows.txn).await?,
                    Some(before),
                    Outcome::Updated,
                )
            }
            (_, None) => {
                let mut active = contract::ActiveModel {
                    created_at: Set(self.rows.now),
                    archived_at: Set(None),
                    ..Default::default()
                };
                fields.set(&mut active, self.changed_at);
                (active.insert(self.rows.txn).await?, None, Outcome::Created)
            }
        };
        self.amendments(&key, &at, &row, &plan.amendments).await?;
        self.renewal_options(&key, &row, &plan.renewal_options)
            .await?;
        let action = if before.is_some() {
            "updateContract"
        } else {
            "createContract"
        };
        self.rows
            .audit(
                action,
                NodeKind::Contract,
                row.id,
                before.as_ref().map(digest),
                &row,
            )
            .await?;
        self.rows
            .remember(existing, "contract", &key, row.id, &state)
            .await?;
        self.count(&outcome, format!("contract {}", row.reference_number));
        Ok(())
    }

    /// Brings the contract's renewal options in line with Contract Watch's `renewalOptions`,
    /// by sequence.
    async fn renewal_options(
        &mut self,
        contract_key: &str,
        row: &contract::Model,
        plans: &[map::RenewalOptionPlan],
    ) -> Result<(), AppError> {
        for plan in plans {
            let key = format!("{contract_key}/option:{}", plan.sequence);
            let state = digest(plan);
            let existing = self.rows.remembered("renewal_option", &key).await?;
            if existing.as_ref().is_some_and(|e| e.digest == state) {
                continue;
            }
            let known = match &existing {
                Some(memo) => {
                    renewal_option::Entity::find_by_id(memo.target_id)
                        .one(self.rows.txn)
                        .await?
                }
                None => None,
            };
            let mut active = match known {
                Some(before) => before.into_active_model(),
                None => renewal_option::ActiveModel {
                    contract_id: Set(row.id),
                    ..Default::default()
                },
            };
            active.sequence = Set(plan.sequence);
            active.period_start = Set(plan.starts_on);
            active.period_end = Set(plan.ends_on);
            active.value_minor = Set(plan.value_minor);
            active.decision_deadline = Set(plan.decision_deadline);
            active.exercised = Set(plan.exercised);
            active.exercised_on = Set(plan.exercised_on);
            let option = active.save(self.rows.txn).await?.try_into_model()?;
            self.rows
                .remember(existing, "renewal_option", &key, option.id, &state)
                .await?;
            self.count(
                &Outcome::Created,
                format!(
                    "renewal option {} of contract {}",
                    plan.sequence, row.reference_number
                ),
            );
        }
        Ok(())
    }

    /// Adds the amendments not yet recorded (by the amendment's id, else its position).
    async fn amendments(
        &mut self,
        contract_key: &str,
        at: &str,
        row: &contract::Model,
        plans: &[map::AmendmentPlan],
    ) -> Result<(), AppError> {
        for (index, plan) in plans.iter().enumerate() {
            let key = format!(
                "{contract_key}/{}",
                plan.id.clone().unwrap_or_else(|| index.to_string())
            );
            if self.rows.remembered("amendment", &key).await?.is_some() {
                continue;
            }
            let Some(date) = &plan.date else {
                self.skip(&format!("{at}.amendments[{index}]"), "no date");
                continue;
            };
            let description = plan
                .rationale
                .as_deref()
                .or(plan.description.as_deref())
                .unwrap_or("Amendment");
            let amendment = contract_amendment::ActiveModel {
                contract_id: Set(row.id),
                amended_on: Set(date.date),
                value_change_minor: Set(plan.value_change_minor.unwrap_or(0)),
                new_end_date: Set(plan.new_end_date.as_ref().map(|d| d.date)),
                description: Set(clip(description, 5000)),
                ..Default::default()
            }
            .insert(self.rows.txn)
            .await?;
            self.rows
                .remember(None, "amendment", &key, amendment.id, &digest(plan))
                .await?;
            self.count(
                &Outcome::Created,
                format!("amendment of contract {}", row.reference_number),
            );
        }
        Ok(())
    }
}

/// A solicitation's imported fields, compared by digest and set on the row together.
#[derive(Debug)]
struct SolicitationFields {
    agency_id: i64,
    reference_number: String,
    title: String,
    description: String,
    method: ProcurementMethod,
    status: SolicitationStatus,
    estimated_value_minor: Option<i64>,
    currency: String,
    published_at: Option<DateTime<Utc>>,
    questions_due_at: Option<DateTime<Utc>>,
    bids_due_at: Option<DateTime<Utc>>,
    equity: Option<map::EquityPlan>,
}

/// Sets the label flags and the in-house baseline from Contract Watch's extension, when the
/// data carries them; leaves them as they are otherwise.
macro_rules! set_equity {
    ($active:expr, $equity:expr) => {
        if let Some(equity) = $equity {
            let has = |key: &str| equity.labels.iter().any(|l| l == key);
            $active.is_outsourcing = Set(has("outsourcing"));
            $active.is_technology = Set(has("technology"));
            $active.is_ai = Set(has("artificial_intelligence"));
            $active.is_automated_decisions = Set(has("automated_decisions"));
            $active.is_surveillance = Set(has("surveillance"));
            $active.requires_prevailing_wage = Set(has("prevailing_wage"));
            $active.requires_living_wage = Set(has("living_wage"));
            $active.has_project_labor_agreement = Set(has("project_labor_agreement"));
            $active.requires_labor_peace = Set(has("labor_peace"));
            $active.has_environmental_criteria = Set(has("environmental_criteria"));
            $active.has_local_business_goal = Set(has("local_business_goal"));
            $active.has_mwbe_goal = Set(has("minority_women_owned_business_goal"));
            $active.inhouse_fte = Set(equity.positions_fte);
            $active.inhouse_annual_cost_minor =
                Set(equity.annual_cost.as_ref().map(|a| a.minor_units));
            $active.bargaining_unit = Set(equity.bargaining_unit.clone());
        }
    };
}

impl SolicitationFields {
    fn set(&self, active: &mut solicitation::ActiveModel, now: DateTime<Utc>) {
        active.agency_id = Set(self.agency_id);
        active.reference_number = Set(self.reference_number.clone());
        active.title = Set(self.title.clone());
        active.description = Set(self.description.clone());
        active.method = Set(self.method);
        active.status = Set(self.status);
        active.estimated_value_minor = Set(self.estimated_value_minor);
        active.currency = Set(self.currency.clone());
        active.published_at = Set(self.published_at);
        active.questions_due_at = Set(self.questions_due_at);
        active.bids_due_at = Set(self.bids_due_at);
        set_equity!(active, &self.equity);
        active.updated_at = Set(now);
    }
}

/// A contract's imported fields.
#[derive(Debug)]
struct ContractFields {
    agency_id: i64,
    vendor_id: i64,
    solicitation_id: Option<i64>,
    reference_number: String,
    title: String,
    description: Option<String>,
    value_minor: i64,
    currency: String,
    start_date: chrono::NaiveDate,
    end_date: chrono::NaiveDate,
    max_extent_date: Option<chrono::NaiveDate>,
    status: ContractStatus,
    indefinite_quantity: bool,
    equity: Option<map::EquityPlan>,
}

impl ContractFields {
    fn set(&self, active: &mut contract::ActiveModel, now: DateTime<Utc>) {
        active.agency_id = Set(self.agency_id);
        active.vendor_id = Set(self.vendor_id);
        active.solicitation_id = Set(self.solicitation_id);
        active.reference_number = Set(self.reference_number.clone());
        active.title = Set(self.title.clone());
        active.description = Set(self.description.clone());
        active.value_minor = Set(self.value_minor);
        active.currency = Set(self.currency.clone());
        active.start_date = Set(self.start_date);
        active.end_date = Set(self.end_date);
        active.max_extent_date = Set(self.max_extent_date);
        active.status = Set(self.status);
        active.indefinite_quantity = Set(self.indefinite_quantity);
        set_equity!(active, &self.equity);
        active.updated_at = Set(now);
    }
}

/// `text` trimmed and cut to `max` characters (the column's limit).
fn clip(text: &str, max: usize) -> String {
    text.trim().chars().take(max).collect()
}
