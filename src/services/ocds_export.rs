//! Publishing the registry as OCDS 1.1 releases.
//!
//! Each contracting process is one release describing it as it stands now: a solicitation with
//! the contracts awarded from it, or a contract that had no solicitation here. Its ocid is the
//! one it was imported with, else one minted from the configured prefix (`{prefix}-s{id}`,
//! `{prefix}-c{id}`); its `date` is when its rows last changed, and its `id` is the ocid and
//! that instant, so a release id names one state of the process.
//!
//! Beyond the standard and the renewal extension, the release uses Contract Watch's own
//! extension (`frontend/ocds-extension/`, served at `/ocds/extension/`): equity labels, the
//! in-house baseline, red flags, the finer solicitation status, amendments' value changes and
//! new end dates, renewal options and indefinite quantity. The importer reads all of these, so
//! exporting, importing into an empty registry and exporting again gives the same releases.
//! The lots extension is not declared: nothing here writes lots, and its published schema
//! refers to another extension's definitions.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use entity::enums::{ContractStatus, ProcurementMethod, SolicitationStatus};
use entity::{
    agency, contract, contract_amendment, external_record, red_flag, renewal_option, solicitation,
    solicitation_category, solicitation_document, vendor, vendor_identifier,
};
use sea_orm::{
    ActiveEnum as _, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::{Map, Value, json};

use crate::config::OcdsSettings;
use crate::domain::money::currency_exponent;
use crate::error::AppError;
use crate::graphql::red_flags::RedFlag;
use crate::services::contracts::{self as contract_rules, current_value_minor};
use crate::services::labels::Labelled;

/// The renewal extension, as published for OCDS 1.1.5.
pub const RENEWAL_EXTENSION: &str = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_renewal_extension/v1.1.5/extension.json";

/// Where our own extension is served, under the service's base URL.
pub const OWN_EXTENSION_PATH: &str = "/ocds/extension/extension.json";

/// Releases per page of `/ocds/releases.json`.
pub const PAGE_SIZE: u64 = 100;

/// One process: a solicitation (with its contracts) or a contract alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Process {
    Solicitation(i64),
    Contract(i64),
}

/// What a package says about who publishes it.
pub struct Publisher<'a> {
    pub settings: &'a OcdsSettings,
    pub base_url: &'a str,
}

impl Publisher<'_> {
    fn extensions(&self) -> Value {
        json!([
            RENEWAL_EXTENSION,
            format!("{}{OWN_EXTENSION_PATH}", self.base_url)
        ])
    }

    fn publisher(&self) -> Value {
        json!({ "name": self.settings.publisher_name, "uri": self.base_url })
    }

    /// A release package of `releases`, published now at `uri`.
    pub fn release_package(&self, uri: &str, releases: Vec<Value>, now: DateTime<Utc>) -> Value {
        json!({
            "uri": uri,
            "version": "1.1",
            "extensions": self.extensions(),
            "publishedDate": instant(now),
            "publisher": self.publisher(),
            "license": self.settings.license,
            "releases": releases,
        })
    }

    /// A record package of one process: its release, and that release compiled.
    pub fn record_package(&self, uri: &str, release: Value, now: DateTime<Utc>) -> Value {
        let mut compiled = release.clone();
        compiled["tag"] = json!(["compiled"]);
        json!({
            "uri": uri,
            "version": "1.1",
            "extensions": self.extensions(),
            "publishedDate": instant(now),
            "publisher": self.publisher(),
            "license": self.settings.license,
            "records": [{
                "ocid": release["ocid"],
                "releases": [release],
                "compiledRelease": compiled,
            }],
        })
    }
}

/// The process an ocid names, if this registry has it.
pub async fn process_of(
    db: &impl ConnectionTrait,
    settings: &OcdsSettings,
    ocid: &str,
) -> Result<Option<Process>, AppError> {
    if let Some(rest) = ocid
        .strip_prefix(&settings.ocid_prefix)
        .and_then(|r| r.strip_prefix('-'))
    {
        let parsed = |digits: &str| digits.parse::<i64>().ok();
        let minted = match rest.split_at_checked(1) {
            Some(("s", id)) => parsed(id).map(Process::Solicitation),
            Some(("c", id)) => parsed(id).map(Process::Contract),
            _ => None,
        };
        if let Some(process) = minted {
            return Ok(exists(db, process).await?.then_some(process));
        }
    }
    let imported = external_record::Entity::find()
        .filter(external_record::Column::Source.eq("ocds"))
        .filter(external_record::Column::Kind.eq("solicitation"))
        .filter(external_record::Column::Key.eq(ocid))
        .one(db)
        .await?;
    if let Some(row) = imported {
        let process = Process::Solicitation(row.target_id);
        return Ok(exists(db, process).await?.then_some(process));
    }
    let contracts = external_record::Entity::find()
        .filter(external_record::Column::Source.eq("ocds"))
        .filter(external_record::Column::Kind.eq("contract"))
        .filter(external_record::Column::Key.starts_with(format!("{ocid}/")))
        .all(db)
        .await?;
    for row in contracts {
        let Some(found) = contract::Entity::find_by_id(row.target_id).one(db).await? else {
            continue;
        };
        if found.archived_at.is_some() {
            continue;
        }
        return Ok(Some(match found.solicitation_id {
            Some(id) => Process::Solicitation(id),
            None => Process::Contract(found.id),
        }));
    }
    Ok(None)
}

async fn exists(db: &impl ConnectionTrait, process: Process) -> Result<bool, AppError> {
    Ok(match process {
        Process::Solicitation(id) => {
            solicitation::Entity::find_by_id(id)
                .filter(solicitation::Column::ArchivedAt.is_null())
                .count(db)
                .await?
                > 0
        }
        Process::Contract(id) => {
            contract::Entity::find_by_id(id)
                .filter(contract::Column::ArchivedAt.is_null())
                .filter(contract::Column::SolicitationId.is_null())
                .count(db)
                .await?
                > 0
        }
    })
}

/// Every process, most recently changed first: `(process, changed at)`.
pub async fn processes(
    db: &impl ConnectionTrait,
) -> Result<Vec<(Process, DateTime<Utc>)>, AppError> {
    let solicitations: Vec<(i64, DateTime<Utc>)> = solicitation::Entity::find()
        .select_only()
        .column(solicitation::Column::Id)
        .column(solicitation::Column::UpdatedAt)
        .filter(solicitation::Column::ArchivedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    let contracts: Vec<(i64, Option<i64>, DateTime<Utc>)> = contract::Entity::find()
        .select_only()
        .column(contract::Column::Id)
        .column(contract::Column::SolicitationId)
        .column(contract::Column::UpdatedAt)
        .filter(contract::Column::ArchivedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    let mut changed: HashMap<i64, DateTime<Utc>> = solicitations.into_iter().collect();
    let mut all = Vec::new();
    for (id, solicitation, at) in contracts {
        match solicitation.and_then(|s| changed.get_mut(&s)) {
            Some(latest) => *latest = (*latest).max(at),
            None => all.push((Process::Contract(id), at)),
        }
    }
    all.extend(
        changed
            .into_iter()
            .map(|(id, at)| (Process::Solicitation(id), at)),
    );
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| order(a.0).cmp(&order(b.0))));
    Ok(all)
}

fn order(process: Process) -> (u8, i64) {
    match process {
        Process::Solicitation(id) => (0, id),
        Process::Contract(id) => (1, id),
    }
}

/// The release describing `process` now.
pub async fn release(
    db: &impl ConnectionTrait,
    settings: &OcdsSettings,
    process: Process,
    today: NaiveDate,
) -> Result<Option<Value>, AppError> {
    let (tender, contracts) = match process {
        Process::Solicitation(id) => {
            let Some(row) = solicitation::Entity::find_by_id(id).one(db).await? else {
                return Ok(None);
            };
            let contracts = contract::Entity::find()
                .filter(contract::Column::SolicitationId.eq(id))
                .filter(contract::Column::ArchivedAt.is_null())
                .order_by_asc(contract::Column::Id)
                .all(db)
                .await?;
            (Some(row), contracts)
        }
        Process::Contract(id) => {
            let Some(row) = contract::Entity::find_by_id(id).one(db).await? else {
                return Ok(None);
            };
            (None, vec![row])
        }
    };
    let agency_id = match (&tender, contracts.first()) {
        (Some(t), _) => t.agency_id,
        (None, Some(c)) => c.agency_id,
        (None, None) => return Ok(None),
    };
    let Some(agency) = agency::Entity::find_by_id(agency_id).one(db).await? else {
        return Ok(None);
    };
    let ocid = ocid_of(db, settings, process, &tender, &contracts).await?;
    let changed = tender
        .iter()
        .map(|t| t.updated_at)
        .chain(contracts.iter().map(|c| c.updated_at))
        .max()
        .unwrap_or_default();
    let date = instant(changed);

    let mut parties = vec![json!({
        "id": "buyer",
        "name": agency.name,
        "roles": ["buyer", "procuringEntity"],
    })];
    let mut tags: Vec<&str> = Vec::new();
    let mut release = Map::new();
    release.insert("ocid".into(), json!(ocid));
    release.insert("id".into(), json!(format!("{ocid}-{}", compact(changed))));
    release.insert("date".into(), json!(date));
    release.insert("initiationType".into(), json!("tender"));
    release.insert("language".into(), json!("en"));
    release.insert(
        "buyer".into(),
        json!({ "id": "buyer", "name": agency.name }),
    );
    if let Some(tender) = &tender {
        tags.push(match tender.status {
            SolicitationStatus::Planned => "planning",
            _ => "tender",
        });
        release.insert("tender".into(), tender_json(db, tender, &agency).await?);
    }

    // Suppliers, one party each, named by identifier when they have one.
    let vendor_ids: Vec<i64> = contracts.iter().map(|c| c.vendor_id).collect();
    let vendors: HashMap<i64, vendor::Model> = vendor::Entity::find()
        .filter(vendor::Column::Id.is_in(vendor_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let mut identifiers: HashMap<i64, Vec<vendor_identifier::Model>> = HashMap::new();
    for row in vendor_identifier::Entity::find()
        .filter(vendor_identifier::Column::VendorId.is_in(vendor_ids))
        .order_by_asc(vendor_identifier::Column::Id)
        .all(db)
        .await?
    {
        identifiers.entry(row.vendor_id).or_default().push(row);
    }
    let mut named: Vec<&vendor::Model> = vendors.values().collect();
    named.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    let mut party_of: HashMap<i64, String> = HashMap::new();
    for (index, vendor) in named.into_iter().enumerate() {
        let ids = identifiers
            .get(&vendor.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let party_id = match ids.first() {
            Some(first) => format!("{}-{}", first.scheme, first.identifier),
            None => format!("supplier-{}", index + 1),
        };
        let mut party = json!({ "id": party_id, "name": vendor.name, "roles": ["supplier"] });
        if let Some((first, rest)) = ids.split_first() {
            party["identifier"] = json!({ "scheme": first.scheme, "id": first.identifier });
            if !rest.is_empty() {
                party["additionalIdentifiers"] = rest
                    .iter()
                    .map(|i| json!({ "scheme": i.scheme, "id": i.identifier }))
                    .collect();
            }
        }
        parties.push(party);
        party_of.insert(vendor.id, party_id);
    }

    let mut awards = Vec::new();
    let mut contract_list = Vec::new();
    for row in &contracts {
        let vendor = vendors.get(&row.vendor_id);
        let award_id = format!("award-{}", row.reference_number);
        let (award, contract) = contract_json(
            db,
            row,
            &award_id,
            vendor,
            party_of.get(&row.vendor_id),
            today,
        )
        .await?;
        awards.push(award);
        contract_list.push(contract);
    }
    if !contracts.is_empty() {
        tags.push("award");
        tags.push("contract");
        release.insert("awards".into(), Value::Array(awards));
        release.insert("contracts".into(), Value::Array(contract_list));
    }
    release.insert("parties".into(), Value::Array(parties));
    release.insert("tag".into(), json!(tags));
    Ok(Some(Value::Object(release)))
}

/// The process's ocid: the one it was imported under, else one minted here.
async fn ocid_of(
    db: &impl ConnectionTrait,
    settings: &OcdsSettings,
    process: Process,
    tender: &Option<solicitation::Model>,
    contracts: &[contract::Model],
) -> Result<String, AppError> {
    let remembered = |kind: &'static str, id: i64| {
        external_record::Entity::find()
            .filter(external_record::Column::Source.eq("ocds"))
            .filter(external_record::Column::Kind.eq(kind))
            .filter(external_record::Column::TargetId.eq(id))
            .one(db)
    };
    if let Some(t) = tender
        && let Some(row) = remembered("solicitation", t.id).await?
    {
        return Ok(row.key);
    }
    for c in contracts {
        if let Some(row) = remembered("contract", c.id).await? {
            let key = row.key;
            let ocid = match key.find("/award:") {
                Some(at) => key[..at].to_owned(),
                None => key
                    .rsplit_once('/')
                    .map_or(key.clone(), |(o, _)| o.to_owned()),
            };
            return Ok(ocid);
        }
    }
    Ok(match process {
        Process::Solicitation(id) => format!("{}-s{id}", settings.ocid_prefix),
        Process::Contract(id) => format!("{}-c{id}", settings.ocid_prefix),
    })
}

async fn tender_json(
    db: &impl ConnectionTrait,
    row: &solicitation::Model,
    agency: &agency::Model,
) -> Result<Value, AppError> {
    let (status, method, details) = (
        tender_status(row.status),
        ocds_method(row.method),
        method_details(row.method),
    );
    let mut tender = json!({
        "id": row.reference_number,
        "title": row.title,
        "status": status,
        "solicitationStatus": row.status.to_value(),
        "procuringEntity": { "id": "buyer", "name": agency.name },
        "procurementMethodDetails": details,
    });
    if !row.description.is_empty() {
        tender["description"] = json!(row.description);
    }
    if let Some(method) = method {
        tender["procurementMethod"] = json!(method);
    }
    if let Some(value) = row.estimated_value_minor {
        tender["value"] = money(value, &row.currency);
    }
    let mut period = Map::new();
    if let Some(at) = row.published_at {
        period.insert("startDate".into(), json!(instant(at)));
    }
    if let Some(at) = row.bids_due_at {
        period.insert("endDate".into(), json!(instant(at)));
    }
    if !period.is_empty() {
        tender["tenderPeriod"] = Value::Object(period);
    }
    if let Some(at) = row.questions_due_at {
        tender["enquiryPeriod"] = json!({ "endDate": instant(at) });
    }
    let documents = solicitation_document::Entity::find()
        .filter(solicitation_document::Column::SolicitationId.eq(row.id))
        .order_by_asc(solicitation_document::Column::Id)
        .all(db)
        .await?;
    if !documents.is_empty() {
        tender["documents"] = documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let mut doc = json!({ "id": (i + 1).to_string(), "title": d.title, "url": d.url });
                if let Some(at) = d.published_at {
                    doc["datePublished"] = json!(instant(at));
                }
                doc
            })
            .collect();
    }
    let categories = solicitation_category::Entity::find()
        .filter(solicitation_category::Column::SolicitationId.eq(row.id))
        .order_by_asc(solicitation_category::Column::Id)
        .all(db)
        .await?;
    if !categories.is_empty() {
        tender["items"] = categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut classification = json!({ "scheme": c.scheme, "id": c.code });
                if let Some(description) = &c.description {
                    classification["description"] = json!(description);
                }
                json!({ "id": (i + 1).to_string(), "classification": classification })
            })
            .collect();
    }
    equity(&mut tender, row, &row.currency);
    let flags = red_flag::Entity::find()
        .filter(red_flag::Column::SolicitationId.eq(row.id))
        .order_by_asc(red_flag::Column::Kind)
        .all(db)
        .await?;
    flags_json(&mut tender, flags, &row.currency);
    Ok(tender)
}

async fn contract_json(
    db: &impl ConnectionTrait,
    row: &contract::Model,
    award_id: &str,
    vendor: Option<&vendor::Model>,
    party: Option<&String>,
    today: NaiveDate,
) -> Result<(Value, Value), AppError> {
    let amendments = contract_amendment::Entity::find()
        .filter(contract_amendment::Column::ContractId.eq(row.id))
        .order_by_asc(contract_amendment::Column::AmendedOn)
        .order_by_asc(contract_amendment::Column::Id)
        .all(db)
        .await?;
    let current = current_value_minor(row, &amendments);
    let mut period = json!({ "startDate": day(row.start_date) });
    if let Some(end) = contract_rules::end_date(row) {
        period["endDate"] = json!(day(end));
    }
    if let Some(max) = row.max_extent_date {
        period["maxExtentDate"] = json!(day(max));
    }
    let supplier = match (vendor, party) {
        (Some(v), Some(p)) => vec![json!({ "id": p, "name": v.name })],
        _ => Vec::new(),
    };
    let award = json!({
        "id": award_id,
        "title": row.title,
        "status": if row.status == ContractStatus::Pending { "pending" } else { "active" },
        "suppliers": supplier,
    });
    let mut contract = json!({
        "id": row.reference_number,
        "awardID": award_id,
        "title": row.title,
        "status": contract_status(row.status),
        "value": money(current, &row.currency),
        "period": period,
    });
    if let Some(description) = &row.description {
        contract["description"] = json!(description);
    }
    if row.indefinite_quantity {
        contract["indefiniteQuantity"] = json!(true);
    }
    if !amendments.is_empty() {
        contract["amendments"] = amendments
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut amendment = json!({
                    "id": (i + 1).to_string(),
                    "date": day(a.amended_on),
                    "description": a.description,
                    "valueChange": money(a.value_change_minor, &row.currency),
                });
                if let Some(end) = a.new_end_date {
                    amendment["newEndDate"] = json!(day(end));
                }
                amendment
            })
            .collect();
    }
    let options = renewal_option::Entity::find()
        .filter(renewal_option::Column::ContractId.eq(row.id))
        .order_by_asc(renewal_option::Column::Sequence)
        .all(db)
        .await?;
    if let (Some(first), Some(last)) = (options.first(), options.last()) {
        let open = contract_rules::open_options(&options, today).len();
        contract["hasRenewal"] = json!(true);
        contract["renewal"] = json!({
            "description": format!(
                "{} renewal option(s), {open} still open.",
                options.len()
            ),
            "maximumRenewals": options.len(),
            "period": { "startDate": day(first.period_start), "endDate": day(last.period_end) },
        });
        contract["renewalOptions"] = options
            .iter()
            .map(|o| {
                let mut option = json!({
                    "sequence": o.sequence,
                    "period": { "startDate": day(o.period_start), "endDate": day(o.period_end) },
                    "decisionDeadline": day(o.decision_deadline),
                    "exercised": o.exercised,
                });
                if let Some(value) = o.value_minor {
                    option["value"] = money(value, &row.currency);
                }
                if let Some(on) = o.exercised_on {
                    option["exercisedDate"] = json!(day(on));
                }
                option
            })
            .collect();
    }
    equity(&mut contract, row, &row.currency);
    let flags = red_flag::Entity::find()
        .filter(red_flag::Column::ContractId.eq(row.id))
        .order_by_asc(red_flag::Column::Kind)
        .all(db)
        .await?;
    flags_json(&mut contract, flags, &row.currency);
    Ok((award, contract))
}

/// `equityLabels` and `inHouseBaseline`, when there are any.
fn equity(target: &mut Value, row: &impl Labelled, currency: &str) {
    let labels: Vec<&str> = row.labels().into_iter().map(|l| l.key()).collect();
    if !labels.is_empty() {
        target["equityLabels"] = json!(labels);
    }
    if let Some(baseline) = row.in_house_baseline() {
        let mut value = Map::new();
        if let Some(fte) = baseline.positions_fte {
            value.insert("positionsFte".into(), json!(fte));
        }
        if let Some(cost) = baseline.annual_cost_minor {
            value.insert("annualCost".into(), money(cost, currency));
        }
        if let Some(unit) = baseline.bargaining_unit {
            value.insert("bargainingUnit".into(), json!(unit));
        }
        if !value.is_empty() {
            target["inHouseBaseline"] = Value::Object(value);
        }
    }
}

fn flags_json(target: &mut Value, rows: Vec<red_flag::Model>, currency: &str) {
    let flags: Vec<Value> = rows
        .into_iter()
        .filter_map(|row| {
            let (amount, limit) = (row.amount_minor, row.limit_minor);
            let short = row.kind == crate::services::red_flags::kind::SHORT_SUBMISSION_PERIOD;
            let flag = RedFlag::from_row(row, currency)?;
            let mut value = json!({ "kind": flag.kind.key(), "explanation": flag.explanation });
            if let Some(amount) = amount {
                value["amount"] = money(amount, currency);
            }
            // For a short submission period the limit is a number of days, said in the text.
            if let Some(limit) = limit.filter(|_| !short) {
                value["limit"] = money(limit, currency);
            }
            if let Some(on) = flag.on_date {
                value["date"] = json!(day(on.0));
            }
            if let Some(on) = flag.limit_date {
                value["limitDate"] = json!(day(on.0));
            }
            Some(value)
        })
        .collect();
    if !flags.is_empty() {
        target["redFlags"] = Value::Array(flags);
    }
}

/// A `Value`: the amount as a decimal number in the currency's major unit.
pub fn money(minor: i64, currency: &str) -> Value {
    let exponent = currency_exponent(currency);
    let scale = 10_i64.pow(exponent);
    let sign = if minor < 0 { "-" } else { "" };
    let (whole, fraction) = (
        minor.unsigned_abs() / scale as u64,
        minor.unsigned_abs() % scale as u64,
    );
    let text = if exponent == 0 {
        format!("{sign}{whole}")
    } else {
        format!(
            "{sign}{whole}.{fraction:0width$}",
            width = exponent as usize
        )
    };
    let amount = text
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number);
    json!({ "amount": amount, "currency": currency })
}

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A calendar date as OCDS wants it: midnight UTC.
fn day(date: NaiveDate) -> String {
    format!("{date}T00:00:00Z")
}

/// `20261201T101500Z`, for release ids.
fn compact(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

fn tender_status(status: SolicitationStatus) -> &'static str {
    match status {
        SolicitationStatus::Planned => "planned",
        SolicitationStatus::Open
        | SolicitationStatus::Closed
        | SolicitationStatus::UnderEvaluation => "active",
        SolicitationStatus::Awarded => "complete",
        SolicitationStatus::Cancelled => "cancelled",
    }
}

fn ocds_method(method: ProcurementMethod) -> Option<&'static str> {
    match method {
        ProcurementMethod::Rfp | ProcurementMethod::Rfq | ProcurementMethod::Ifb => Some("open"),
        ProcurementMethod::Rfi => None,
        ProcurementMethod::SoleSource => Some("direct"),
        ProcurementMethod::Emergency => Some("limited"),
        ProcurementMethod::Cooperative => Some("selective"),
        ProcurementMethod::Other => None,
    }
}

/// Words the importer reads back as the same method.
fn method_details(method: ProcurementMethod) -> &'static str {
    match method {
        ProcurementMethod::Rfp => "Request for proposals (RFP)",
        ProcurementMethod::Rfq => "Request for quotations (RFQ)",
        ProcurementMethod::Ifb => "Invitation for bids (IFB)",
        ProcurementMethod::Rfi => "Request for information (RFI)",
        ProcurementMethod::SoleSource => "Sole source",
        ProcurementMethod::Emergency => "Emergency purchase",
        ProcurementMethod::Cooperative => "Cooperative purchase",
        ProcurementMethod::Other => "Other",
    }
}

fn contract_status(status: ContractStatus) -> &'static str {
    match status {
        ContractStatus::Pending => "pending",
        ContractStatus::Active => "active",
        ContractStatus::Expired | ContractStatus::Terminated => "terminated",
    }
}

/// How `contract-watch export ocds` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One release package holding every release.
    Package,
    /// One release per line (JSON Lines).
    JsonLines,
}

/// Writes every process's current release to `out`, one at a time, most recently changed
/// first; returns how many.
pub async fn write_all(
    db: &impl ConnectionTrait,
    publisher: &Publisher<'_>,
    format: Format,
    out: &mut impl std::io::Write,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let unexpected = |e: std::io::Error| AppError::Unexpected(anyhow::anyhow!("writing: {e}"));
    let json = |e: serde_json::Error| AppError::Unexpected(anyhow::anyhow!("{e}"));
    // A package: its fields, then its releases streamed into the array, then the rest.
    let (head, tail, separator): (String, String, &[u8]) = match format {
        Format::Package => {
            let uri = format!("{}/ocds/releases.json", publisher.base_url);
            let mut head = serde_json::to_string(&publisher.release_package(&uri, Vec::new(), now))
                .map_err(json)?;
            let marker = "\"releases\":[]";
            let at = head
                .find(marker)
                .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("no releases field")))?
                + marker.len()
                - 1;
            let tail = head.split_off(at);
            (head, format!("{tail}\n"), b",")
        }
        Format::JsonLines => (String::new(), String::new(), b""),
    };
    out.write_all(head.as_bytes()).map_err(unexpected)?;
    let mut written = 0_u64;
    for (process, _) in processes(db).await? {
        let Some(release) = release(db, publisher.settings, process, now.date_naive()).await?
        else {
            continue;
        };
        if written > 0 {
            out.write_all(separator).map_err(unexpected)?;
        }
        serde_json::to_writer(&mut *out, &release).map_err(json)?;
        if format == Format::JsonLines {
            out.write_all(b"\n").map_err(unexpected)?;
        }
        written += 1;
    }
    out.write_all(tail.as_bytes()).map_err(unexpected)?;
    Ok(written)
}
