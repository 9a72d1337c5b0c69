//! Staff editing of the registry: create, update and archive agencies, bodies, officials and
//! their terms, vendors, solicitations, contracts (options, amendments), meetings, agenda items,
//! and the roll call. Staff may edit their own jurisdiction only, admins any. Every change
//! writes one audit row in its own transaction.
//!
//! The inputs are plain data shared with the GraphQL layer (one type per mutation instead of a
//! mirror of each); ids arrive as global ids and are checked here, field by field.

use chrono::{DateTime, NaiveDate, Utc};
use entity::enums::{
    AgendaAction, AgendaOutcome, AlertEventKind, BodyKind, ContractStatus, MeetingStatus,
    OfficeRole, ProcurementMethod, SolicitationStatus, SubjectType, VoteChoice,
};
use entity::{
    agency, agenda_item, body, contract, contract_amendment, jurisdiction, meeting, office_term,
    official, renewal_option, roll_call_vote, solicitation, solicitation_category,
    solicitation_document, user_account, vendor, vendor_identifier,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveEnum as _, ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel as _, QueryFilter, QueryOrder, TransactionTrait,
    TryIntoModel as _,
};
use std::sync::atomic::{AtomicI64, Ordering};

use crate::auth::{RequestMeta, Viewer};
use crate::config::RedFlagSettings;
use crate::domain::ids::{GlobalId, NodeKind};
use crate::domain::labels::Label;
use crate::domain::money::{parse_amount, parse_currency};
use crate::error::AppError;
use crate::services::alert_events::{self, NewEvent};
use crate::services::audit::{self, Actor, Entry, digest};
use crate::services::{meetings, red_flags, search};
use crate::state::AppState;

/// An open edit: the transaction, the acting staff member and the clock reading.
struct Edit<'a> {
    txn: DatabaseTransaction,
    viewer: &'a Viewer,
    meta: &'a RequestMeta,
    now: DateTime<Utc>,
    red_flags: RedFlagSettings,
    /// The jurisdiction the edit was checked against (0 before any), for its audit entry.
    jurisdiction: AtomicI64,
}

impl<'a> Edit<'a> {
    async fn begin(
        state: &'a AppState,
        viewer: &'a Viewer,
        meta: &'a RequestMeta,
    ) -> Result<Self, AppError> {
        // Fail fast, before any lookup, when the viewer is not staff at all.
        viewer.any_staff()?;
        Ok(Self {
            txn: state.db.write.begin().await?,
            viewer,
            meta,
            now: state.clock.now(),
            red_flags: state.settings.red_flags,
            jurisdiction: AtomicI64::new(0),
        })
    }

    /// Staff of `jurisdiction_id`, or an admin.
    fn scope(&self, jurisdiction_id: i64) -> Result<&user_account::Model, AppError> {
        let user = self.viewer.staff_of(jurisdiction_id)?;
        self.jurisdiction.store(jurisdiction_id, Ordering::Relaxed);
        Ok(user)
    }

    /// The jurisdiction a new row goes into: required, existing, and the viewer's to edit.
    async fn new_in_jurisdiction(&self, raw: Option<String>) -> Result<i64, AppError> {
        let jurisdiction = required_id(raw, NodeKind::Jurisdiction, "jurisdictionId")?;
        reference::<jurisdiction::Entity>(&self.txn, jurisdiction, "jurisdictionId").await?;
        self.scope(jurisdiction)?;
        Ok(jurisdiction)
    }

    /// Writes the audit row and commits.
    async fn commit(
        self,
        action: &str,
        target: NodeKind,
        target_id: i64,
        reason: Option<String>,
        before: Option<String>,
        after: &impl std::fmt::Debug,
    ) -> Result<(), AppError> {
        audit::record(
            &self.txn,
            &Actor::of(self.viewer, self.meta),
            Entry {
                action,
                target_type: target.name(),
                target_id: Some(target_id),
                reason,
                before,
                after: Some(digest(after)),
                // Rows of no jurisdiction (vendors) count as the editing staff's.
                jurisdiction_id: Some(self.jurisdiction.load(Ordering::Relaxed))
                    .filter(|id| *id != 0)
                    .or_else(|| self.viewer.user().ok().and_then(|u| u.jurisdiction_id)),
            },
            self.now,
        )
        .await?;
        // Search sees the edit exactly when everyone else does.
        search::reindex(&self.txn, target, target_id, self.now).await?;
        red_flags::refresh_after_edit(
            &self.txn,
            &self.red_flags,
            self.now.date_naive(),
            target,
            target_id,
        )
        .await?;
        self.txn.commit().await?;
        Ok(())
    }
}

fn id_of(raw: &str, kind: NodeKind, field: &'static str) -> Result<i64, AppError> {
    GlobalId::parse_as(raw, kind, field)
}

/// An id that updates leave out but creates need.
fn required_id(raw: Option<String>, kind: NodeKind, field: &'static str) -> Result<i64, AppError> {
    let raw = raw.ok_or_else(|| AppError::invalid(field, "required when creating"))?;
    id_of(&raw, kind, field)
}

fn text(field: &'static str, raw: &str, max: usize) -> Result<String, AppError> {
    let value = raw.trim();
    let chars = value.chars().count();
    if chars == 0 || chars > max {
        return Err(AppError::invalid(
            field,
            format!("must have 1 to {max} characters"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(AppError::invalid(
            field,
            "control characters are not allowed",
        ));
    }
    Ok(value.to_owned())
}

fn optional_text(
    field: &'static str,
    raw: Option<String>,
    max: usize,
) -> Result<Option<String>, AppError> {
    raw.filter(|s| !s.trim().is_empty())
        .map(|s| text(field, &s, max))
        .transpose()
}

fn url(field: &'static str, raw: Option<String>) -> Result<Option<String>, AppError> {
    let Some(raw) = raw.filter(|s| !s.trim().is_empty()) else {
        return Ok(None);
    };
    let value = raw.trim();
    if value.len() > 2000 || !(value.starts_with("https://") || value.starts_with("http://")) {
        return Err(AppError::invalid(field, "expected an http(s) URL"));
    }
    Ok(Some(value.to_owned()))
}

async fn load<E>(
    txn: &DatabaseTransaction,
    id: i64,
    what: &'static str,
) -> Result<E::Model, AppError>
where
    E: EntityTrait,
    E::PrimaryKey: sea_orm::PrimaryKeyTrait<ValueType = i64>,
{
    E::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound(what))
}

/// A referenced row that must exist: an unknown id is the client's error on that field.
async fn reference<E>(
    txn: &DatabaseTransaction,
    id: i64,
    field: &'static str,
) -> Result<E::Model, AppError>
where
    E: EntityTrait,
    E::PrimaryKey: sea_orm::PrimaryKeyTrait<ValueType = i64>,
{
    E::find_by_id(id)
        .one(txn)
        .await?
        .ok_or_else(|| AppError::invalid(field, "nothing has this id"))
}

async fn jurisdiction_of_agency(
    txn: &DatabaseTransaction,
    agency_id: i64,
) -> Result<i64, AppError> {
    Ok(load::<agency::Entity>(txn, agency_id, "agency")
        .await?
        .jurisdiction_id)
}

async fn jurisdiction_of_body(txn: &DatabaseTransaction, body_id: i64) -> Result<i64, AppError> {
    Ok(load::<body::Entity>(txn, body_id, "body")
        .await?
        .jurisdiction_id)
}

async fn jurisdiction_of_meeting(
    txn: &DatabaseTransaction,
    meeting_id: i64,
) -> Result<i64, AppError> {
    let meeting = load::<meeting::Entity>(txn, meeting_id, "meeting").await?;
    jurisdiction_of_body(txn, meeting.body_id).await
}

async fn jurisdiction_of_contract(
    txn: &DatabaseTransaction,
    contract_id: i64,
) -> Result<i64, AppError> {
    let contract = load::<contract::Entity>(txn, contract_id, "contract").await?;
    jurisdiction_of_agency(txn, contract.agency_id).await
}

/// Archiving: any registry row, with a reason.
/// Refuses an edit made on a form that showed an older state of the row: someone else saved it
/// since (or an import changed it). The version is the digest of the whole row, so every change
/// counts, whoever or whatever made it.
fn unchanged(expected: Option<&str>, current: &impl std::fmt::Debug) -> Result<(), AppError> {
    match expected {
        Some(shown) if shown != digest(current) => Err(AppError::Conflict(
            "someone changed this since you opened it; compare their version with yours",
        )),
        _ => Ok(()),
    }
}

#[derive(Debug, Clone)]
pub struct ArchiveInput {
    pub id: String,
    pub reason: Option<String>,
}

// ---------------------------------------------------------------- agencies, bodies, officials

#[derive(Debug, Clone)]
pub struct AgencyInput {
    /// Required when creating; ignored when updating.
    pub jurisdiction_id: Option<String>,
    /// Set when updating.
    pub agency_id: Option<String>,
    pub name: String,
    pub acronym: Option<String>,
    /// The `version` the edit form showed; a save over a row changed since is refused.
    pub expected_version: Option<String>,
}

pub async fn save_agency(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: AgencyInput,
) -> Result<agency::Model, AppError> {
    let name = text("name", &input.name, 200)?;
    let acronym = optional_text("acronym", input.acronym, 20)?;
    let edit = Edit::begin(state, viewer, meta).await?;
    let (action, before, row) = match input.agency_id {
        Some(raw) => {
            let id = id_of(&raw, NodeKind::Agency, "agencyId")?;
            let before = load::<agency::Entity>(&edit.txn, id, "agency").await?;
            unchanged(input.expected_version.as_deref(), &before)?;
            edit.scope(before.jurisdiction_id)?;
            let mut active = before.clone().into_active_model();
            active.name = Set(name);
            active.acronym = Set(acronym);
            (
                "updateAgency",
                Some(digest(&before)),
                active.update(&edit.txn).await?,
            )
        }
        None => {
            let jurisdiction = edit.new_in_jurisdiction(input.jurisdiction_id).await?;
            let row = agency::ActiveModel {
                jurisdiction_id: Set(jurisdiction),
                name: Set(name),
                acronym: Set(acronym),
                created_at: Set(edit.now),
                archived_at: Set(None),
                ..Default::default()
            }
            .insert(&edit.txn)
            .await?;
            ("createAgency", None, row)
        }
    };
    let id = row.id;
    edit.commit(action, NodeKind::Agency, id, None, before, &row)
        .await?;
    Ok(row)
}

#[derive(Debug, Clone)]
pub struct BodyInput {
    pub jurisdiction_id: Option<String>,
    pub body_id: Option<String>,
    pub name: String,
    pub kind: BodyKind,
    /// The `version` the edit form showed; a save over a row changed since is refused.
    pub expected_version: Option<String>,
}

pub async fn save_body(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: BodyInput,
) -> Result<body::Model, AppError> {
    let name = text("name", &input.name, 200)?;
    let kind: BodyKind = input.kind;
    let edit = Edit::begin(state, viewer, meta).await?;
    let (action, before, row) = match input.body_id {
        Some(raw) => {
            let id = id_of(&raw, NodeKind::Body, "bodyId")?;
            let before = load::<body::Entity>(&edit.txn, id, "body").await?;
            unchanged(input.expected_version.as_deref(), &before)?;
            edit.scope(before.jurisdiction_id)?;
            let mut active = before.clone().into_active_model();
            active.name = Set(name);
            active.kind = Set(kind);
            (
                "updateBody",
                Some(digest(&before)),
                active.update(&edit.txn).await?,
            )
        }
        None => {
            let jurisdiction = edit.new_in_jurisdiction(input.jurisdiction_id).await?;
            let row = body::ActiveModel {
                jurisdiction_id: Set(jurisdiction),
                name: Set(name),
                kind: Set(kind),
                created_at: Set(edit.now),
                archived_at: Set(None),
                ..Default::default()
            }
            .insert(&edit.txn)
            .await?;
            ("createBody", None, row)
        }
    };
    let id = row.id;
    edit.commit(action, NodeKind::Body, id, None, before, &row)
        .await?;
    Ok(row)
}

#[derive(Debug, Clone)]
pub struct OfficialInput {
    pub jurisdiction_id: Option<String>,
    pub official_id: Option<String>,
    pub name: String,
    pub title: String,
    pub district: Option<String>,
    /// The office's address; never shown publicly. A new or changed one is sent a confirmation
    /// link, and pre-vote digests go to it once confirmed (unless an account is linked).
    pub contact_email: Option<String>,
    /// The `version` the edit form showed; a save over a row changed since is refused.
    pub expected_version: Option<String>,
}

pub async fn save_official(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: OfficialInput,
) -> Result<official::Model, AppError> {
    let name = text("name", &input.name, 200)?;
    let title = text("title", &input.title, 200)?;
    let district = optional_text("district", input.district, 200)?;
    let contact_email = input
        .contact_email
        .filter(|s| !s.trim().is_empty())
        .map(|e| crate::services::accounts::parse_email("contactEmail", &e))
        .transpose()?;
    let edit = Edit::begin(state, viewer, meta).await?;
    let mut before_email = None;
    let (action, before, row) = match input.official_id {
        Some(raw) => {
            let id = id_of(&raw, NodeKind::Official, "officialId")?;
            let before = load::<official::Entity>(&edit.txn, id, "official").await?;
            unchanged(input.expected_version.as_deref(), &before)?;
            edit.scope(before.jurisdiction_id)?;
            before_email.clone_from(&before.contact_email);
            let mut active = before.clone().into_active_model();
            active.name = Set(name);
            active.title = Set(title);
            active.district = Set(district);
            active.contact_email = Set(contact_email);
            (
                "updateOfficial",
                Some(digest(&before)),
                active.update(&edit.txn).await?,
            )
        }
        None => {
            let jurisdiction = edit.new_in_jurisdiction(input.jurisdiction_id).await?;
            let row = official::ActiveModel {
                jurisdiction_id: Set(jurisdiction),
                name: Set(name),
                title: Set(title),
                district: Set(district),
                contact_email: Set(contact_email),
                created_at: Set(edit.now),
                archived_at: Set(None),
                ..Default::default()
            }
            .insert(&edit.txn)
            .await?;
            ("createOfficial", None, row)
        }
    };
    let row = crate::services::official_contact::after_save(
        &edit.txn,
        state,
        before_email.as_deref(),
        row,
        edit.now,
    )
    .await?;
    let id = row.id;
    edit.commit(action, NodeKind::Official, id, None, before, &row)
        .await?;
    Ok(row)
}

#[derive(Debug, Clone)]
pub struct OfficeTermInput {
    /// Set when updating; the official and body are fixed once created.
    pub office_term_id: Option<String>,
    pub official_id: Option<String>,
    pub body_id: Option<String>,
    pub role: OfficeRole,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

pub async fn save_office_term(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: OfficeTermInput,
) -> Result<office_term::Model, AppError> {
    let starts_on = input.starts_on;
    let ends_on = input.ends_on;
    if ends_on.is_some_and(|end| end < starts_on) {
        return Err(AppError::invalid("endsOn", "must not be before startsOn"));
    }
    let role: OfficeRole = input.role;
    let edit = Edit::begin(state, viewer, meta).await?;
    let (action, before, row) = match input.office_term_id {
        Some(raw) => {
            let id = id_of(&raw, NodeKind::OfficeTerm, "officeTermId")?;
            let before = load::<office_term::Entity>(&edit.txn, id, "office term").await?;
            edit.scope(jurisdiction_of_body(&edit.txn, before.body_id).await?)?;
            let mut active = before.clone().into_active_model();
            active.role = Set(role);
            active.starts_on = Set(starts_on);
            active.ends_on = Set(ends_on);
            (
                "updateOfficeTerm",
                Some(digest(&before)),
                active.update(&edit.txn).await?,
            )
        }
        None => {
            let official_id = required_id(input.official_id, NodeKind::Official, "officialId")?;
            let body_id = required_id(input.body_id, NodeKind::Body, "bodyId")?;
            let official =
                reference::<official::Entity>(&edit.txn, official_id, "officialId").await?;
            let body = reference::<body::Entity>(&edit.txn, body_id, "bodyId").await?;
            if official.jurisdiction_id != body.jurisdiction_id {
                return Err(AppError::invalid(
                    "bodyId",
                    "the body is in another jurisdiction than the official",
                ));
            }
            edit.scope(body.jurisdiction_id)?;
            let row = office_term::ActiveModel {
                official_id: Set(official_id),
                body_id: Set(body_id),
                role: Set(role),
                starts_on: Set(starts_on),
                ends_on: Set(ends_on),
                archived_at: Set(None),
                ..Default::default()
            }
            .insert(&edit.txn)
            .await?;
            ("createOfficeTerm", None, row)
        }
    };
    let id = row.id;
    edit.commit(action, NodeKind::OfficeTerm, id, None, before, &row)
        .await?;
    Ok(row)
}

/// One category code of a solicitation.
#[derive(Debug, Clone)]
pub struct CategoryCodeInput {
    pub scheme: String,
    pub code: String,
    pub description: Option<String>,
}

/// One external identifier of a vendor.
#[derive(Debug, Clone)]
pub struct VendorIdentifierInput {
    pub scheme: String,
    pub identifier: String,
}

#[derive(Debug, Clone)]
pub struct VendorInput {
    pub vendor_id: Option<String>,
    pub name: String,
    /// When given, replaces the vendor's external identifiers.
    pub identifiers: Option<Vec<VendorIdentifierInput>>,
    /// The `version` the edit form showed; a save over a row changed since is refused.
    pub expected_version: Option<String>,
}

/// Vendors belong to no jurisdiction: any staff member may add or correct one.
pub async fn save_vendor(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: VendorInput,
) -> Result<vendor::Model, AppError> {
    let name = text("name", &input.name, 200)?;
    let identifiers = match &input.identifiers {
        Some(list) => Some(vendor_identifiers(list)?),
        None => None,
    };
    let edit = Edit::begin(state, viewer, meta).await?;
    let (action, before, row) = match input.vendor_id {
        Some(raw) => {
            let id = id_of(&raw, NodeKind::Vendor, "vendorId")?;
            let before = load::<vendor::Entity>(&edit.txn, id, "vendor").await?;
            unchanged(input.expected_version.as_deref(), &before)?;
            let mut active = before.clone().into_active_model();
            active.name = Set(name);
            (
                "updateVendor",
                Some(digest(&before)),
                active.update(&edit.txn).await?,
            )
        }
        None => {
            let row = vendor::ActiveModel {
                name: Set(name),
                created_at: Set(edit.now),
                archived_at: Set(None),
                ..Default::default()
            }
            .insert(&edit.txn)
            .await?;
            ("createVendor", None, row)
        }
    };
    let id = row.id;
    if let Some(identifiers) = identifiers {
        vendor_identifier::Entity::delete_many()
            .filter(vendor_identifier::Column::VendorId.eq(id))
            .exec(&edit.txn)
            .await?;
        if !identifiers.is_empty() {
            vendor_identifier::Entity::insert_many(identifiers.into_iter().map(
                |(scheme, identifier)| vendor_identifier::ActiveModel {
                    vendor_id: Set(id),
                    scheme: Set(scheme),
                    identifier: Set(identifier),
                    ..Default::default()
                },
            ))
            .exec(&edit.txn)
            .await?;
        }
    }
    edit.commit(action, NodeKind::Vendor, id, None, before, &row)
        .await?;
    Ok(row)
}

/// A solicitation's category codes, checked: a scheme (`UNSPSC`, `NIGP`, `CPV`), a code of
/// letters, digits, dots and dashes, and an optional description, each code once.
fn category_codes(
    list: &[CategoryCodeInput],
) -> Result<Vec<(String, String, Option<String>)>, AppError> {
    if list.len() > 50 {
        return Err(AppError::invalid("categories", "at most 50 category codes"));
    }
    let mut checked: Vec<(String, String, Option<String>)> = Vec::with_capacity(list.len());
    for entry in list {
        let scheme = entry.scheme.trim().to_uppercase();
        let code = entry.code.trim().to_owned();
        let plain = |s: &str, max: usize| {
            (1..=max).contains(&s.len())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        };
        if !plain(&scheme, 20) || !plain(&code, 40) {
            return Err(AppError::invalid(
                "categories",
                format!("\"{scheme} {code}\" is not a scheme and code such as UNSPSC 76111500"),
            ));
        }
        let description = optional_text("categories", entry.description.clone(), 300)?;
        if checked.iter().any(|(s, c, _)| *s == scheme && *c == code) {
            return Err(AppError::invalid(
                "categories",
                format!("{scheme} {code} appears twice"),
            ));
        }
        checked.push((scheme, code, description));
    }
    Ok(checked)
}

/// A vendor's external identifiers, checked: a register (`US-UEI`, `GB-COH`: letters, digits
/// and dashes) and the vendor's number in it, each once.
fn vendor_identifiers(list: &[VendorIdentifierInput]) -> Result<Vec<(String, String)>, AppError> {
    let mut checked: Vec<(String, String)> = Vec::with_capacity(list.len());
    if list.len() > 20 {
        return Err(AppError::invalid("identifiers", "at most 20 identifiers"));
    }
    for entry in list {
        let scheme = entry.scheme.trim().to_uppercase();
        let identifier = entry.identifier.trim().to_owned();
        let scheme_ok = (2..=20).contains(&scheme.len())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !scheme_ok {
            return Err(AppError::invalid(
                "identifiers",
                format!("\"{scheme}\" is not a register code such as US-UEI or GB-COH"),
            ));
        }
        if identifier.is_empty() || identifier.chars().count() > 100 || identifier.contains('\0') {
            return Err(AppError::invalid(
                "identifiers",
                format!("give the vendor's number in {scheme} (1 to 100 characters)"),
            ));
        }
        if checked
            .iter()
            .any(|(s, i)| *s == scheme && *i == identifier)
        {
            return Err(AppError::invalid(
                "identifiers",
                format!("{scheme} {identifier} appears twice"),
            ));
        }
        checked.push((scheme, identifier));
    }
    Ok(checked)
}

// ---------------------------------------------------------------- solicitations and contracts

/// Labels and the in-house baseline, shared by solicitations and contracts.
#[derive(Debug, Clone, Default)]
pub struct LabelsInput {
    pub labels: Vec<Label>,
    /// Public positions doing the work in house today (outsourcing only).
    pub inhouse_fte: Option<f64>,
    pub inhouse_annual_cost: Option<String>,
    pub bargaining_unit: Option<String>,
}

struct LabelFlags {
    flags: [bool; 12],
    inhouse_fte: Option<f64>,
    inhouse_annual_cost_minor: Option<i64>,
    bargaining_unit: Option<String>,
}

fn label_flags(input: LabelsInput, currency: &str) -> Result<LabelFlags, AppError> {
    let labels: Vec<Label> = input.labels;
    let has = |label: Label| labels.contains(&label);
    if input
        .inhouse_fte
        .is_some_and(|fte| !(0.0..=1_000_000.0).contains(&fte))
    {
        return Err(AppError::invalid(
            "inhouseFte",
            "must be between 0 and 1,000,000",
        ));
    }
    Ok(LabelFlags {
        flags: [
            has(Label::Outsourcing),
            has(Label::Technology),
            has(Label::ArtificialIntelligence),
            has(Label::AutomatedDecisions),
            has(Label::Surveillance),
            has(Label::PrevailingWage),
            has(Label::LivingWage),
            has(Label::ProjectLaborAgreement),
            has(Label::LaborPeace),
            has(Label::EnvironmentalCriteria),
            has(Label::LocalBusinessGoal),
            has(Label::MinorityWomenOwnedBusinessGoal),
        ],
        inhouse_fte: input.inhouse_fte,
        inhouse_annual_cost_minor: input
            .inhouse_annual_cost
            .map(|a| parse_amount("inhouseAnnualCost", &a, currency))
            .transpose()?,
        bargaining_unit: optional_text("bargainingUnit", input.bargaining_unit, 200)?,
    })
}

macro_rules! set_labels {
    ($active:ident, $f:expr) => {{
        let f = $f;
        let [a, b, c, d, e, g, h, i, j, k, l, m] = f.flags;
        $active.is_outsourcing = Set(a);
        $active.is_technology = Set(b);
        $active.is_ai = Set(c);
        $active.is_automated_decisions = Set(d);
        $active.is_surveillance = Set(e);
        $active.requires_prevailing_wage = Set(g);
        $active.requires_living_wage = Set(h);
        $active.has_project_labor_agreement = Set(i);
        $active.requires_labor_peace = Set(j);
        $active.has_environmental_criteria = Set(k);
        $active.has_local_business_goal = Set(l);
        $active.has_mwbe_goal = Set(m);
        $active.inhouse_fte = Set(f.inhouse_fte);
        $active.inhouse_annual_cost_minor = Set(f.inhouse_annual_cost_minor);
        $active.bargaining_unit = Set(f.bargaining_unit);
    }};
}

#[derive(Debug, Clone)]
pub struct SolicitationInput {
    pub solicitation_id: Option<String>,
    /// Required when creating; fixed afterwards.
    pub agency_id: Option<String>,
    pub reference_number: String,
    pub title: String,
    pub description: String,
    pub method: ProcurementMethod,
    pub status: SolicitationStatus,
    pub estimated_value: Option<String>,
    pub currency: String,
    pub published_at: Option<DateTime<Utc>>,
    pub questions_due_at: Option<DateTime<Utc>>,
    pub bids_due_at: Option<DateTime<Utc>>,
    pub pre_bid_meeting_at: Option<DateTime<Utc>>,
    pub labels: LabelsInput,
    /// The `version` the edit form showed; a save over a row changed since is refused.
    pub expected_version: Option<String>,
    /// When given, replaces the solicitation's category codes.
    pub categories: Option<Vec<CategoryCodeInput>>,
}

pub async fn save_solicitation(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: SolicitationInput,
) -> Result<solicitation::Model, AppError> {
    let currency = parse_currency("currency", &input.currency)?;
    let reference_number = text("referenceNumber", &input.reference_number, 100)?;
    let title = text("title", &input.title, 300)?;
    let description = input.description.trim().to_owned();
    if description.chars().count() > 20_000 {
        return Err(AppError::invalid(
            "description",
            "at most 20,000 characters",
        ));
    }
    let estimated = input
        .estimated_value
        .map(|a| parse_amount("estimatedValue", &a, &currency))
        .transpose()?;
    if estimated.is_some_and(|v| v < 0) {
        return Err(AppError::invalid("estimatedValue", "must not be negative"));
    }
    if let (Some(published), Some(due)) = (input.published_at, input.bids_due_at)
        && due < published
    {
        return Err(AppError::invalid(
            "bidsDueAt",
            "must not be before publishedAt",
        ));
    }
    let flags = label_flags(input.labels, &currency)?;
    let categories = match &input.categories {
        Some(list) => Some(category_codes(list)?),
        None => None,
    };
    let edit = Edit::begin(state, viewer, meta).await?;
    let (action, before, mut active) = match input.solicitation_id {
        Some(raw) => {
            let id = id_of(&raw, NodeKind::Solicitation, "solicitationId")?;
            let before = load::<solicitation::Entity>(&edit.txn, id, "solicitation").await?;
            unchanged(input.expected_version.as_deref(), &before)?;
            edit.scope(jurisdiction_of_agency(&edit.txn, before.agency_id).await?)?;
            (
                "updateSolicitation",
                Some(before.clone()),
                before.into_active_model(),
            )
        }
        None => {
            let agency_id = required_id(input.agency_id, NodeKind::Agency, "agencyId")?;
            let agency = reference::<agency::Entity>(&edit.txn, agency_id, "agencyId").await?;
            edit.scope(agency.jurisdiction_id)?;
            let active = solicitation::ActiveModel {
                agency_id: Set(agency_id),
                created_at: Set(edit.now),
                archived_at: Set(None),
                ..Default::default()
            };
            ("createSolicitation", None, active)
        }
    };
    active.reference_number = Set(reference_number);
    active.title = Set(title);
    active.description = Set(description);
    active.method = Set(input.method);
    active.status = Set(input.status);
    active.estimated_value_minor = Set(estimated);
    active.currency = Set(currency);
    active.published_at = Set(input.published_at);
    active.questions_due_at = Set(input.questions_due_at);
    active.bids_due_at = Set(input.bids_due_at);
    active.pre_bid_meeting_at = Set(input.pre_bid_meeting_at);
    active.updated_at = Set(edit.now);
    set_labels!(active, flags);
    let row = active.save(&edit.txn).await?.try_into_model()?;
    let id = row.id;
    if let Some(categories) = categories {
        solicitation_category::Entity::delete_many()
            .filter(solicitation_category::Column::SolicitationId.eq(id))
            .exec(&edit.txn)
            .await?;
        if !categories.is_empty() {
            solicitation_category::Entity::insert_many(categories.into_iter().map(
                |(scheme, code, description)| solicitation_category::ActiveModel {
                    solicitation_id: Set(id),
                    scheme: Set(scheme),
                    code: Set(code),
                    description: Set(description),
                    ..Default::default()
                },
            ))
            .exec(&edit.txn)
            .await?;
        }
    }
    announce_solicitation(&edit.txn, before.as_ref(), &row, edit.now).await?;
    edit.commit(
        action,
        NodeKind::Solicitation,
        id,
        None,
        before.as_ref().map(digest),
        &row,
    )
    .await?;
    Ok(row)
}

/// Followers hear of a new solicitation, and of a change to its status or dates (an addendum):
/// the event a staff edit writes, and an import writes the same.
pub(crate) async fn announce_solicitation(
    txn: &DatabaseTransaction,
    before: Option<&solicitation::Model>,
    row: &solicitation::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let kind = match before {
        None => AlertEventKind::NewSolicitation,
        Some(old)
            if old.status != row.status
                || old.published_at != row.published_at
                || old.questions_due_at != row.questions_due_at
                || old.bids_due_at != row.bids_due_at
                || old.pre_bid_meeting_at != row.pre_bid_meeting_at =>
        {
            AlertEventKind::SolicitationChanged
        }
        Some(_) => return Ok(()),
    };
    let mut event = NewEvent::new(kind, format!("{} {}", row.reference_number, row.title));
    event.subject = Some((SubjectType::Solicitation, row.id));
    event.agency_id = Some(row.agency_id);
    event.jurisdiction_id = Some(jurisdiction_of_agency(txn, row.agency_id).await?);
    event.outsourcing = row.is_outsourcing;
    alert_events::emit(txn, event, now).await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct RenewalOptionInput {
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub value: Option<String>,
    pub decision_deadline: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct ContractInput {
    pub contract_id: Option<String>,
    /// Required when creating; fixed afterwards.
    pub agency_id: Option<String>,
    pub vendor_id: String,
    pub solicitation_id: Option<String>,
    pub reference_number: String,
    pub title: String,
    pub description: Option<String>,
    /// The original value; amendments add to it.
    pub value: String,
    pub currency: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub max_extent_date: Option<NaiveDate>,
    pub status: ContractStatus,
    pub labels: LabelsInput,
    /// Options to add when creating (ignored when updating; use `addRenewalOption`).
    pub renewal_options: Vec<RenewalOptionInput>,
    /// The `version` the edit form showed; a save over a row changed since is refused.
    pub expected_version: Option<String>,
}

struct OptionRow {
    period_start: NaiveDate,
    period_end: NaiveDate,
    value_minor: Option<i64>,
    decision_deadline: NaiveDate,
}

fn option_row(
    input: RenewalOptionInput,
    currency: &str,
    field: &'static str,
) -> Result<OptionRow, AppError> {
    let (start, end, deadline) = (
        input.period_start,
        input.period_end,
        input.decision_deadline,
    );
    if end < start {
        return Err(AppError::invalid(
            field,
            "an option's periodEnd must not be before its periodStart",
        ));
    }
    if deadline > start {
        return Err(AppError::invalid(
            field,
            "an option's decisionDeadline must not be after its periodStart",
        ));
    }
    Ok(OptionRow {
        period_start: start,
        period_end: end,
        value_minor: input
            .value
            .map(|v| parse_amount(field, &v, currency))
            .transpose()?,
        decision_deadline: deadline,
    })
}

async fn insert_option(
    txn: &DatabaseTransaction,
    contract_id: i64,
    option: OptionRow,
) -> Result<renewal_option::Model, AppError> {
    let sequence = renewal_option::Entity::find()
        .filter(renewal_option::Column::ContractId.eq(contract_id))
        .order_by_desc(renewal_option::Column::Sequence)
        .one(txn)
        .await?
        .map_or(1, |last| last.sequence + 1);
    Ok(renewal_option::ActiveModel {
        contract_id: Set(contract_id),
        sequence: Set(sequence),
        period_start: Set(option.period_start),
        period_end: Set(option.period_end),
        value_minor: Set(option.value_minor),
        decision_deadline: Set(option.decision_deadline),
        exercised: Set(false),
        exercised_on: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?)
}

pub async fn save_contract(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: ContractInput,
) -> Result<contract::Model, AppError> {
    let currency = parse_currency("currency", &input.currency)?;
    let reference_number = text("referenceNumber", &input.reference_number, 100)?;
    let title = text("title", &input.title, 300)?;
    let description = optional_text("description", input.description, 20_000)?;
    let value = parse_amount("value", &input.value, &currency)?;
    if value < 0 {
        return Err(AppError::invalid("value", "must not be negative"));
    }
    let (start, end) = (input.start_date, input.end_date);
    if end < start {
        return Err(AppError::invalid("endDate", "must not be before startDate"));
    }
    let max_extent = input.max_extent_date;
    if max_extent.is_some_and(|m| m < end) {
        return Err(AppError::invalid(
            "maxExtentDate",
            "must not be before endDate",
        ));
    }
    let vendor_id = id_of(&input.vendor_id, NodeKind::Vendor, "vendorId")?;
    let solicitation_id = input
        .solicitation_id
        .map(|raw| id_of(&raw, NodeKind::Solicitation, "solicitationId"))
        .transpose()?;
    let options = input
        .renewal_options
        .into_iter()
        .map(|o| option_row(o, &currency, "renewalOptions"))
        .collect::<Result<Vec<_>, _>>()?;
    let flags = label_flags(input.labels, &currency)?;
    let edit = Edit::begin(state, viewer, meta).await?;
    reference::<vendor::Entity>(&edit.txn, vendor_id, "vendorId").await?;
    let (action, before, mut active, jurisdiction) = match input.contract_id {
        Some(raw) => {
            let id = id_of(&raw, NodeKind::Contract, "contractId")?;
            let before = load::<contract::Entity>(&edit.txn, id, "contract").await?;
            unchanged(input.expected_version.as_deref(), &before)?;
            let jurisdiction = jurisdiction_of_agency(&edit.txn, before.agency_id).await?;
            edit.scope(jurisdiction)?;
            (
                "updateContract",
                Some(before.clone()),
                before.into_active_model(),
                jurisdiction,
            )
        }
        None => {
            let agency_id = required_id(input.agency_id, NodeKind::Agency, "agencyId")?;
            let agency = reference::<agency::Entity>(&edit.txn, agency_id, "agencyId").await?;
            edit.scope(agency.jurisdiction_id)?;
            let active = contract::ActiveModel {
                agency_id: Set(agency_id),
                created_at: Set(edit.now),
                archived_at: Set(None),
                ..Default::default()
            };
            ("createContract", None, active, agency.jurisdiction_id)
        }
    };
    if let Some(solicitation_id) = solicitation_id {
        let solicitation =
            reference::<solicitation::Entity>(&edit.txn, solicitation_id, "solicitationId").await?;
        if jurisdiction_of_agency(&edit.txn, solicitation.agency_id).await? != jurisdiction {
            return Err(AppError::invalid(
                "solicitationId",
                "the solicitation is in another jurisdiction",
            ));
        }
    }
    active.vendor_id = Set(vendor_id);
    active.solicitation_id = Set(solicitation_id);
    active.reference_number = Set(reference_number);
    active.title = Set(title);
    active.description = Set(description);
    active.value_minor = Set(value);
    active.currency = Set(currency);
    active.start_date = Set(start);
    active.end_date = Set(end);
    active.max_extent_date = Set(max_extent);
    active.status = Set(input.status);
    active.updated_at = Set(edit.now);
    set_labels!(active, flags);
    let row = active.save(&edit.txn).await?.try_into_model()?;
    if before.is_none() {
        for option in options {
            insert_option(&edit.txn, row.id, option).await?;
        }
    }
    let id = row.id;
    edit.commit(
        action,
        NodeKind::Contract,
        id,
        None,
        before.as_ref().map(digest),
        &row,
    )
    .await?;
    Ok(row)
}

#[derive(Debug, Clone)]
pub struct AddSolicitationDocumentInput {
    pub solicitation_id: String,
    /// "Addendum 2: revised scope of work".
    pub title: String,
    /// Where the document is published (http or https).
    pub url: String,
    /// When it was published; now if not given.
    pub published_at: Option<DateTime<Utc>>,
}

/// Publishes a document (an addendum) with a solicitation; its followers hear of it.
pub async fn add_solicitation_document(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: AddSolicitationDocumentInput,
) -> Result<solicitation::Model, AppError> {
    let solicitation_id = id_of(
        &input.solicitation_id,
        NodeKind::Solicitation,
        "solicitationId",
    )?;
    let title = text("title", &input.title, 300)?;
    let url = url("url", Some(input.url))?.ok_or(AppError::invalid("url", "required"))?;
    let edit = Edit::begin(state, viewer, meta).await?;
    let row = load::<solicitation::Entity>(&edit.txn, solicitation_id, "solicitation").await?;
    let jurisdiction_id = jurisdiction_of_agency(&edit.txn, row.agency_id).await?;
    edit.scope(jurisdiction_id)?;
    let document = solicitation_document::ActiveModel {
        solicitation_id: Set(solicitation_id),
        title: Set(title),
        url: Set(url),
        published_at: Set(Some(input.published_at.unwrap_or(edit.now))),
        ..Default::default()
    }
    .insert(&edit.txn)
    .await?;
    let mut event = NewEvent::new(
        AlertEventKind::SolicitationChanged,
        format!(
            "{} {}: document published: {}",
            row.reference_number, row.title, document.title
        ),
    );
    event.subject = Some((SubjectType::Solicitation, row.id));
    event.agency_id = Some(row.agency_id);
    event.jurisdiction_id = Some(jurisdiction_id);
    event.outsourcing = row.is_outsourcing;
    alert_events::emit(&edit.txn, event, edit.now).await?;
    edit.commit(
        "addSolicitationDocument",
        NodeKind::Solicitation,
        solicitation_id,
        None,
        None,
        &document,
    )
    .await?;
    Ok(row)
}

#[derive(Debug, Clone)]
pub struct AddRenewalOptionInput {
    pub contract_id: String,
    pub option: RenewalOptionInput,
}

pub async fn add_renewal_option(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: AddRenewalOptionInput,
) -> Result<contract::Model, AppError> {
    let contract_id = id_of(&input.contract_id, NodeKind::Contract, "contractId")?;
    let edit = Edit::begin(state, viewer, meta).await?;
    let contract = load::<contract::Entity>(&edit.txn, contract_id, "contract").await?;
    edit.scope(jurisdiction_of_agency(&edit.txn, contract.agency_id).await?)?;
    let option = option_row(input.option, &contract.currency, "option")?;
    let row = insert_option(&edit.txn, contract_id, option).await?;
    edit.commit(
        "addRenewalOption",
        NodeKind::RenewalOption,
        row.id,
        None,
        None,
        &row,
    )
    .await?;
    Ok(contract)
}

#[derive(Debug, Clone)]
pub struct ExerciseRenewalOptionInput {
    pub renewal_option_id: String,
    pub exercised_on: NaiveDate,
    pub reason: Option<String>,
}

/// Exercises an option: the contract's end date moves to the option's period end.
pub async fn exercise_renewal_option(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: ExerciseRenewalOptionInput,
) -> Result<contract::Model, AppError> {
    let option_id = id_of(
        &input.renewal_option_id,
        NodeKind::RenewalOption,
        "renewalOptionId",
    )?;
    let edit = Edit::begin(state, viewer, meta).await?;
    let before = load::<renewal_option::Entity>(&edit.txn, option_id, "renewal option").await?;
    let contract = load::<contract::Entity>(&edit.txn, before.contract_id, "contract").await?;
    edit.scope(jurisdiction_of_agency(&edit.txn, contract.agency_id).await?)?;
    if before.exercised {
        return Err(AppError::Conflict("this option is already exercised"));
    }
    let mut active = before.clone().into_active_model();
    active.exercised = Set(true);
    active.exercised_on = Set(Some(input.exercised_on));
    let after = active.update(&edit.txn).await?;
    let new_end = std::cmp::max(contract.end_date, after.period_end);
    let mut contract_active = contract.into_active_model();
    contract_active.end_date = Set(new_end);
    contract_active.updated_at = Set(edit.now);
    let contract = contract_active.update(&edit.txn).await?;
    edit.commit(
        "exerciseRenewalOption",
        NodeKind::RenewalOption,
        option_id,
        input.reason,
        Some(digest(&before)),
        &after,
    )
    .await?;
    Ok(contract)
}

#[derive(Debug, Clone)]
pub struct AddContractAmendmentInput {
    pub contract_id: String,
    pub amended_on: NaiveDate,
    /// Change in value, negative when it goes down.
    pub value_change: String,
    pub new_end_date: Option<NaiveDate>,
    pub description: String,
}

/// Records an amendment; a new end date becomes the contract's end date.
pub async fn add_contract_amendment(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: AddContractAmendmentInput,
) -> Result<contract::Model, AppError> {
    let contract_id = id_of(&input.contract_id, NodeKind::Contract, "contractId")?;
    let description = text("description", &input.description, 5000)?;
    let edit = Edit::begin(state, viewer, meta).await?;
    let contract = load::<contract::Entity>(&edit.txn, contract_id, "contract").await?;
    edit.scope(jurisdiction_of_agency(&edit.txn, contract.agency_id).await?)?;
    let change = parse_amount("valueChange", &input.value_change, &contract.currency)?;
    let new_end = input.new_end_date;
    if new_end.is_some_and(|end| end < contract.start_date) {
        return Err(AppError::invalid(
            "newEndDate",
            "must not be before the contract's start date",
        ));
    }
    let row = contract_amendment::ActiveModel {
        contract_id: Set(contract_id),
        amended_on: Set(input.amended_on),
        value_change_minor: Set(change),
        new_end_date: Set(new_end),
        description: Set(description),
        ..Default::default()
    }
    .insert(&edit.txn)
    .await?;
    let contract = match new_end {
        Some(end) => {
            let mut active = contract.into_active_model();
            active.end_date = Set(end);
            active.updated_at = Set(edit.now);
            active.update(&edit.txn).await?
        }
        None => contract,
    };
    edit.commit(
        "addContractAmendment",
        NodeKind::ContractAmendment,
        row.id,
        None,
        None,
        &row,
    )
    .await?;
    Ok(contract)
}

// ---------------------------------------------------------------- meetings, agenda, roll call

#[derive(Debug, Clone)]
pub struct MeetingInput {
    pub meeting_id: Option<String>,
    /// Required when creating; fixed afterwards.
    pub body_id: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub location: Option<String>,
    pub agenda_url: Option<String>,
    pub status: MeetingStatus,
    /// The `version` the edit form showed; a save over a row changed since is refused.
    pub expected_version: Option<String>,
}

pub async fn save_meeting(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: MeetingInput,
) -> Result<meeting::Model, AppError> {
    let location = optional_text("location", input.location, 300)?;
    let agenda_url = url("agendaUrl", input.agenda_url)?;
    let edit = Edit::begin(state, viewer, meta).await?;
    let (action, before, mut active) = match input.meeting_id {
        Some(raw) => {
            let id = id_of(&raw, NodeKind::Meeting, "meetingId")?;
            let before = load::<meeting::Entity>(&edit.txn, id, "meeting").await?;
            unchanged(input.expected_version.as_deref(), &before)?;
            edit.scope(jurisdiction_of_body(&edit.txn, before.body_id).await?)?;
            (
                "updateMeeting",
                Some(before.clone()),
                before.into_active_model(),
            )
        }
        None => {
            let body_id = required_id(input.body_id, NodeKind::Body, "bodyId")?;
            let body = reference::<body::Entity>(&edit.txn, body_id, "bodyId").await?;
            edit.scope(body.jurisdiction_id)?;
            let active = meeting::ActiveModel {
                body_id: Set(body_id),
                archived_at: Set(None),
                ..Default::default()
            };
            ("createMeeting", None, active)
        }
    };
    active.starts_at = Set(input.starts_at);
    active.location = Set(location);
    active.agenda_url = Set(agenda_url);
    active.status = Set(input.status);
    let row = active.save(&edit.txn).await?.try_into_model()?;
    if let Some(old) = &before {
        announce_meeting_move(&edit.txn, old, &row, edit.now).await?;
    }
    let id = row.id;
    edit.commit(
        action,
        NodeKind::Meeting,
        id,
        None,
        before.as_ref().map(digest),
        &row,
    )
    .await?;
    Ok(row)
}

/// A meeting that moves moves every vote on it: "Vote moved to DATE" for each item that
/// decides a contract or solicitation.
pub(crate) async fn announce_meeting_move(
    db: &DatabaseTransaction,
    before: &meeting::Model,
    after: &meeting::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if before.starts_at == after.starts_at {
        return Ok(());
    }
    let items = agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(after.id))
        .filter(agenda_item::Column::ArchivedAt.is_null())
        .all(db)
        .await?;
    for item in items
        .iter()
        .filter(|i| i.contract_id.is_some() || i.solicitation_id.is_some())
    {
        let event = vote_announcement(db, AlertEventKind::VoteRescheduled, item, after).await?;
        alert_events::emit(db, event, now).await?;
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub struct AgendaItemInput {
    pub agenda_item_id: Option<String>,
    /// Required when creating; fixed afterwards.
    pub meeting_id: Option<String>,
    pub item_number: String,
    pub title: String,
    pub action: AgendaAction,
    /// The solicitation this item decides, if any.
    pub solicitation_id: Option<String>,
    /// The contract this item decides, if any (a renewal, extension or amendment).
    pub contract_id: Option<String>,
}

pub async fn save_agenda_item(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: AgendaItemInput,
) -> Result<agenda_item::Model, AppError> {
    let item_number = text("itemNumber", &input.item_number, 40)?;
    let title = text("title", &input.title, 500)?;
    let solicitation_id = input
        .solicitation_id
        .map(|raw| id_of(&raw, NodeKind::Solicitation, "solicitationId"))
        .transpose()?;
    let contract_id = input
        .contract_id
        .map(|raw| id_of(&raw, NodeKind::Contract, "contractId"))
        .transpose()?;
    let edit = Edit::begin(state, viewer, meta).await?;
    let (action, before, mut active, jurisdiction) = match input.agenda_item_id {
        Some(raw) => {
            let id = id_of(&raw, NodeKind::AgendaItem, "agendaItemId")?;
            let before = load::<agenda_item::Entity>(&edit.txn, id, "agenda item").await?;
            let jurisdiction = jurisdiction_of_meeting(&edit.txn, before.meeting_id).await?;
            edit.scope(jurisdiction)?;
            (
                "updateAgendaItem",
                Some(before.clone()),
                before.into_active_model(),
                jurisdiction,
            )
        }
        None => {
            let meeting_id = required_id(input.meeting_id, NodeKind::Meeting, "meetingId")?;
            reference::<meeting::Entity>(&edit.txn, meeting_id, "meetingId").await?;
            let jurisdiction = jurisdiction_of_meeting(&edit.txn, meeting_id).await?;
            edit.scope(jurisdiction)?;
            let active = agenda_item::ActiveModel {
                meeting_id: Set(meeting_id),
                outcome: Set(AgendaOutcome::Pending),
                archived_at: Set(None),
                ..Default::default()
            };
            ("createAgendaItem", None, active, jurisdiction)
        }
    };
    if let Some(id) = solicitation_id {
        let row = reference::<solicitation::Entity>(&edit.txn, id, "solicitationId").await?;
        if jurisdiction_of_agency(&edit.txn, row.agency_id).await? != jurisdiction {
            return Err(AppError::invalid(
                "solicitationId",
                "the solicitation is in another jurisdiction",
            ));
        }
    }
    if let Some(id) = contract_id {
        reference::<contract::Entity>(&edit.txn, id, "contractId").await?;
        if jurisdiction_of_contract(&edit.txn, id).await? != jurisdiction {
            return Err(AppError::invalid(
                "contractId",
                "the contract is in another jurisdiction",
            ));
        }
    }
    active.item_number = Set(item_number);
    active.title = Set(title);
    active.action = Set(input.action);
    active.solicitation_id = Set(solicitation_id);
    active.contract_id = Set(contract_id);
    let row = active.save(&edit.txn).await?.try_into_model()?;
    let id = row.id;
    // Followers hear when an item is put on an agenda to decide what they follow, and when it
    // moves to another meeting.
    let linked = row.contract_id.is_some() || row.solicitation_id.is_some();
    let kind = match &before {
        _ if !linked => None,
        None => Some(AlertEventKind::VoteScheduled),
        Some(old)
            if (old.contract_id, old.solicitation_id) != (row.contract_id, row.solicitation_id) =>
        {
            Some(AlertEventKind::VoteScheduled)
        }
        Some(old) if old.meeting_id != row.meeting_id => Some(AlertEventKind::VoteRescheduled),
        Some(_) => None,
    };
    if let Some(kind) = kind {
        let meeting = load::<meeting::Entity>(&edit.txn, row.meeting_id, "meeting").await?;
        let event = vote_announcement(&edit.txn, kind, &row, &meeting).await?;
        alert_events::emit(&edit.txn, event, edit.now).await?;
    }
    edit.commit(
        action,
        NodeKind::AgendaItem,
        id,
        None,
        before.as_ref().map(digest),
        &row,
    )
    .await?;
    Ok(row)
}

#[derive(Debug, Clone)]
pub struct LinkAgendaItemInput {
    pub agenda_item_id: String,
    /// The contract the item decides (usually from `agendaItemLinkSuggestions`).
    pub contract_id: String,
}

/// Links an agenda item to the contract it decides; the contract's followers hear it is
/// scheduled for a vote.
pub async fn link_agenda_item(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: LinkAgendaItemInput,
) -> Result<agenda_item::Model, AppError> {
    let item_id = id_of(&input.agenda_item_id, NodeKind::AgendaItem, "agendaItemId")?;
    let contract_id = id_of(&input.contract_id, NodeKind::Contract, "contractId")?;
    let edit = Edit::begin(state, viewer, meta).await?;
    let before = load::<agenda_item::Entity>(&edit.txn, item_id, "agenda item").await?;
    let jurisdiction = jurisdiction_of_meeting(&edit.txn, before.meeting_id).await?;
    edit.scope(jurisdiction)?;
    reference::<contract::Entity>(&edit.txn, contract_id, "contractId").await?;
    if jurisdiction_of_contract(&edit.txn, contract_id).await? != jurisdiction {
        return Err(AppError::invalid(
            "contractId",
            "the contract is in another jurisdiction",
        ));
    }
    if before.contract_id == Some(contract_id) {
        return Err(AppError::Conflict(
            "the item is already linked to this contract",
        ));
    }
    let mut active = before.clone().into_active_model();
    active.contract_id = Set(Some(contract_id));
    let row = active.update(&edit.txn).await?;
    let meeting = load::<meeting::Entity>(&edit.txn, row.meeting_id, "meeting").await?;
    let event = vote_announcement(&edit.txn, AlertEventKind::VoteScheduled, &row, &meeting).await?;
    alert_events::emit(&edit.txn, event, edit.now).await?;
    edit.commit(
        "linkAgendaItem",
        NodeKind::AgendaItem,
        item_id,
        None,
        Some(digest(&before)),
        &row,
    )
    .await?;
    Ok(row)
}

/// "Scheduled for a vote on DATE" or "Vote moved to DATE", as an alert event.
pub(crate) async fn vote_announcement(
    db: &DatabaseTransaction,
    kind: AlertEventKind,
    item: &agenda_item::Model,
    meeting: &meeting::Model,
) -> Result<NewEvent, AppError> {
    // Dates are shown in the jurisdiction's time zone.
    let body = meetings::body_of(db, meeting).await?;
    let date = meetings::local_start(meeting, meetings::zone(db, &body).await?);
    let verb = if kind == AlertEventKind::VoteRescheduled {
        "Vote moved to"
    } else {
        "Scheduled for a vote on"
    };
    alert_events::vote_event(db, kind, item, meeting, |title, body| {
        format!("{verb} {date}: {title} ({body}, item {})", item.item_number)
    })
    .await
}

#[derive(Debug, Clone)]
pub struct VoteInput {
    pub official_id: String,
    pub vote: VoteChoice,
}

#[derive(Debug, Clone)]
pub struct RecordVotesInput {
    pub agenda_item_id: String,
    pub outcome: AgendaOutcome,
    /// One entry per official; replaces any roll call recorded before.
    pub votes: Vec<VoteInput>,
    pub reason: Option<String>,
}

/// Records an item's outcome and roll call. Each voter must hold a seat on the meeting's body on
/// the meeting's date and may vote once, and a roll call names every member seated that day
/// (absent is a vote); a refusal names the members concerned.
pub async fn record_votes(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: RecordVotesInput,
) -> Result<agenda_item::Model, AppError> {
    let item_id = id_of(&input.agenda_item_id, NodeKind::AgendaItem, "agendaItemId")?;
    let mut votes = Vec::with_capacity(input.votes.len());
    for vote in &input.votes {
        let official = id_of(&vote.official_id, NodeKind::Official, "votes")?;
        if votes.iter().any(|(o, _)| *o == official) {
            return Err(AppError::invalid("votes", "an official appears twice"));
        }
        votes.push((official, vote.vote));
    }
    let outcome = input.outcome;
    if outcome == AgendaOutcome::Pending && !votes.is_empty() {
        return Err(AppError::invalid(
            "outcome",
            "a roll call needs an outcome other than PENDING",
        ));
    }
    let edit = Edit::begin(state, viewer, meta).await?;
    let before = load::<agenda_item::Entity>(&edit.txn, item_id, "agenda item").await?;
    let meeting = load::<meeting::Entity>(&edit.txn, before.meeting_id, "meeting").await?;
    edit.scope(jurisdiction_of_body(&edit.txn, meeting.body_id).await?)?;
    let day = meeting.starts_at.date_naive();
    let seats = office_term::Entity::find()
        .filter(office_term::Column::BodyId.eq(meeting.body_id))
        .filter(office_term::Column::StartsOn.lte(day))
        .all(&edit.txn)
        .await?;
    let seated: Vec<i64> = seats
        .iter()
        .filter(|t| t.ends_on.is_none_or(|end| end >= day) && t.archived_at.is_none())
        .map(|t| t.official_id)
        .collect();
    // A roll call names every member, so a vote nobody recorded is never read as absent.
    let txn = &edit.txn;
    let named = |ids: Vec<i64>| async move {
        let names: Vec<String> = official::Entity::find()
            .filter(official::Column::Id.is_in(ids))
            .order_by_asc(official::Column::Name)
            .all(txn)
            .await?
            .into_iter()
            .map(|o| o.name)
            .collect();
        Ok::<_, AppError>(names.join(", "))
    };
    let unseated: Vec<i64> = votes
        .iter()
        .map(|(official, _)| *official)
        .filter(|official| !seated.contains(official))
        .collect();
    if !unseated.is_empty() {
        return Err(AppError::invalid(
            "votes",
            format!(
                "not seated on the body on the meeting's date: {}",
                named(unseated).await?
            ),
        ));
    }
    if !votes.is_empty() {
        let mut missing: Vec<i64> = seated
            .iter()
            .copied()
            .filter(|member| !votes.iter().any(|(o, _)| o == member))
            .collect();
        missing.dedup();
        if !missing.is_empty() {
            return Err(AppError::invalid(
                "votes",
                format!(
                    "no vote recorded for {} (record yes, no, abstain or absent for every member)",
                    named(missing).await?
                ),
            ));
        }
    }
    let previous = roll_call_vote::Entity::find()
        .filter(roll_call_vote::Column::AgendaItemId.eq(item_id))
        .order_by_asc(roll_call_vote::Column::OfficialId)
        .all(&edit.txn)
        .await?;
    roll_call_vote::Entity::delete_many()
        .filter(roll_call_vote::Column::AgendaItemId.eq(item_id))
        .exec(&edit.txn)
        .await?;
    if !votes.is_empty() {
        roll_call_vote::Entity::insert_many(votes.iter().map(|(official, vote)| {
            roll_call_vote::ActiveModel {
                agenda_item_id: Set(item_id),
                official_id: Set(*official),
                vote: Set(*vote),
                ..Default::default()
            }
        }))
        .exec(&edit.txn)
        .await?;
    }
    let mut active = before.clone().into_active_model();
    active.outcome = Set(outcome);
    let after = active.update(&edit.txn).await?;
    announce_outcome(&edit.txn, &after, &meeting, &votes, edit.now).await?;
    let before_digest = digest(&(&before, &previous));
    edit.commit(
        "recordVotes",
        NodeKind::AgendaItem,
        item_id,
        input.reason,
        Some(before_digest),
        &(&after, &votes),
    )
    .await?;
    Ok(after)
}

/// The decision on an item, with its roll call, as an alert event to its followers; nothing
/// while the item is pending.
pub(crate) async fn announce_outcome(
    db: &DatabaseTransaction,
    after: &agenda_item::Model,
    meeting: &meeting::Model,
    votes: &[(i64, VoteChoice)],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let outcome = after.outcome;
    if outcome != AgendaOutcome::Pending {
        let names = official::Entity::find()
            .filter(official::Column::Id.is_in(votes.iter().map(|(o, _)| *o)))
            .all(db)
            .await?;
        let roll_call: Vec<String> = votes
            .iter()
            .filter_map(|(id, vote)| {
                let name = &names.iter().find(|o| o.id == *id)?.name;
                Some(format!("{name}: {}", vote.to_value()))
            })
            .collect();
        let kind = if outcome == AgendaOutcome::Withdrawn {
            AlertEventKind::VoteWithdrawn
        } else {
            AlertEventKind::VoteOutcome
        };
        let event = alert_events::vote_event(db, kind, after, meeting, |title, body| {
            if outcome == AgendaOutcome::Withdrawn {
                format!("Withdrawn from the {body} agenda: {title}")
            } else {
                format!(
                    "{body} decided {title}: {} ({})",
                    outcome.to_value(),
                    roll_call.join(", ")
                )
            }
        })
        .await?;
        alert_events::emit(db, event, now).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------- archiving

/// Archives any registry row by its global id. Archived rows leave public lists but stay
/// reachable by id, so links and the record keep working.
pub async fn archive(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    input: ArchiveInput,
) -> Result<NodeKind, AppError> {
    let GlobalId { kind, id } = GlobalId::parse(&input.id, "id")?;
    let edit = Edit::begin(state, viewer, meta).await?;
    macro_rules! archive_row {
        ($module:ident, $what:literal, $jurisdiction:expr) => {{
            let before = load::<$module::Entity>(&edit.txn, id, $what).await?;
            let jurisdiction: Option<i64> = $jurisdiction(&before, &edit.txn).await?;
            match jurisdiction {
                Some(j) => edit.scope(j)?,
                None => edit.viewer.any_staff()?,
            };
            if before.archived_at.is_some() {
                return Err(AppError::Conflict("already archived"));
            }
            $module::Entity::update_many()
                .col_expr($module::Column::ArchivedAt, Expr::value(edit.now))
                .filter($module::Column::Id.eq(id))
                .exec(&edit.txn)
                .await?;
            digest(&before)
        }};
    }
    let before = match kind {
        NodeKind::Agency => archive_row!(agency, "agency", |r: &agency::Model, _t| {
            let j = r.jurisdiction_id;
            async move { Ok::<_, AppError>(Some(j)) }
        }),
        NodeKind::Body => archive_row!(body, "body", |r: &body::Model, _t| {
            let j = r.jurisdiction_id;
            async move { Ok::<_, AppError>(Some(j)) }
        }),
        NodeKind::Official => archive_row!(official, "official", |r: &official::Model, _t| {
            let j = r.jurisdiction_id;
            async move { Ok::<_, AppError>(Some(j)) }
        }),
        NodeKind::Vendor => archive_row!(vendor, "vendor", |_r: &vendor::Model, _t| async move {
            Ok::<_, AppError>(None)
        }),
        NodeKind::OfficeTerm => {
            archive_row!(office_term, "office term", |r: &office_term::Model, t| {
                let body = r.body_id;
                async move { jurisdiction_of_body(t, body).await.map(Some) }
            })
        }
        NodeKind::Solicitation => {
            archive_row!(
                solicitation,
                "solicitation",
                |r: &solicitation::Model, t| {
                    let agency = r.agency_id;
                    async move { jurisdiction_of_agency(t, agency).await.map(Some) }
                }
            )
        }
        NodeKind::Contract => archive_row!(contract, "contract", |r: &contract::Model, t| {
            let agency = r.agency_id;
            async move { jurisdiction_of_agency(t, agency).await.map(Some) }
        }),
        NodeKind::Meeting => archive_row!(meeting, "meeting", |r: &meeting::Model, t| {
            let body = r.body_id;
            async move { jurisdiction_of_body(t, body).await.map(Some) }
        }),
        NodeKind::AgendaItem => {
            let before = archive_row!(agenda_item, "agenda item", |r: &agenda_item::Model, t| {
                let meeting = r.meeting_id;
                async move { jurisdiction_of_meeting(t, meeting).await.map(Some) }
            });
            // An undecided item taken off the agenda: its followers hear the vote is withdrawn.
            let item = load::<agenda_item::Entity>(&edit.txn, id, "agenda item").await?;
            let linked = item.contract_id.is_some() || item.solicitation_id.is_some();
            if linked && item.outcome == AgendaOutcome::Pending {
                let meeting =
                    load::<meeting::Entity>(&edit.txn, item.meeting_id, "meeting").await?;
                let event = alert_events::vote_event(
                    &edit.txn,
                    AlertEventKind::VoteWithdrawn,
                    &item,
                    &meeting,
                    |title, body| format!("Withdrawn from the {body} agenda: {title}"),
                )
                .await?;
                alert_events::emit(&edit.txn, event, edit.now).await?;
            }
            before
        }
        _ => {
            return Err(AppError::invalid(
                "id",
                "this kind of record cannot be archived",
            ));
        }
    };
    let name = format!("archive{}", kind.name());
    let now = edit.now;
    edit.commit(&name, kind, id, input.reason, Some(before), &now)
        .await?;
    Ok(kind)
}
