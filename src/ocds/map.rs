//! Mapping one compiled release onto what the registry holds: the agency, the vendors, at most
//! one solicitation and its contracts.
//!
//! [`map_release`] is pure (no database): it reads a compiled release (from [`super::merge`] or a
//! record's `compiledRelease`) and returns a [`ProcessPlan`] in our domain words, plus the
//! [`Skip`]s (what was left out, and why) and notes (what was read but adjusted). Bad data never
//! fails the mapping: an unreadable date, a negative or absurd amount, a reference to a missing
//! award is skipped or noted with the JSON path where it was (`awards[1].suppliers[0]`,
//! `contracts[0].period.endDate`; `$` for the release as a whole).
//!
//! The plan is faithful to the data: where OCDS has no value for a column the registry requires
//! (a contract's vendor or dates, a solicitation's method), the field is `None` or empty and the
//! importer decides (a default, or skipping the row). Enumerations are returned as the string
//! values of the `entity::enums` types (see [`procurement_method`], [`solicitation_status`],
//! [`contract_status`]) for the importer to convert with `ActiveEnum::try_from_value`.
//!
//! # Decisions
//!
//! - **Agency**: `buyer`, else the party with role `buyer`, else the party with role
//!   `procuringEntity`, else `tender.procuringEntity`; the first that has a name. Names use
//!   language variants (`name_en`, `name_fr`, as buyandsell publishes) when the plain field is
//!   empty, preferring the release's `language`.
//! - **Vendors**: parties with role `supplier` or `tenderer`, `awards[].suppliers` and
//!   `tender.tenderers`, de-duplicated by party `id`. Identifiers (`identifier` and
//!   `additionalIdentifiers`) without both a scheme and an id are skipped: a vendor identifier
//!   means nothing without its scheme (Montréal's are name slugs without a scheme).
//! - **Solicitation**: from `tender`, when it describes a call for bids (an `id`, `title`,
//!   `description`, `items`, `lots`, `tenderPeriod`, `enquiryPeriod`, `documents`, `value` or
//!   `procurementMethod`). Montréal's awards come with a stub `tender` (`status`,
//!   `procuringEntity`, `procurementMethodRationale` only), which is skipped, not a solicitation.
//! - **Contracts**: one per `contracts[]` entry, joined to its award by `awardID`; and one per
//!   award that no contract points to, unless the award is `cancelled` or `unsuccessful`. The
//!   product brief defines a contract as "an awarded agreement" and puts awards to a vote, so an
//!   award is already a contract for residents, signed or not; and Montréal publishes awards
//!   only. Such contracts have [`ContractPlan::from_award_only`] set.
//! - **Money**: exact decimal arithmetic, never float rounding: a JSON number is read from its
//!   shortest round-trip text (`8923.94`, not `8923.9400000000005`), then scaled to the
//!   currency's minor units (ISO 4217 exponent, as `crate::domain::money::Money::exponent`),
//!   rounding half away from zero beyond them (noted, unless it is float noise such as
//!   `0.30000000000000004`). Negative amounts and amounts of 10^15 major units or more (the
//!   limit of `crate::domain::money::parse_amount`) are skipped.
//! - **Method**: a method named in `procurementMethodDetails` wins (emergency, sole source / gré
//!   à gré / non-competitive, cooperative / piggyback, RFQ, IFB / invitation to bid, RFI /
//!   expression of interest, RFP); else `procurementMethod`: `open` and `selective` → `rfp`,
//!   `limited` and `direct` → `sole_source`; else `None` (Contracts Finder gives none).
//! - **Solicitation status** from `tender.status`: `planning`, `planned` → `planned`; `active` →
//!   `awarded` if an award is in force or a contract exists, `under_evaluation` if an award is
//!   pending, `closed` if bids were due before the release's `date`, else `open`; `complete` →
//!   `awarded` (award or contract) or `closed`; `cancelled`, `unsuccessful`, `withdrawn` →
//!   `cancelled`; no status → `awarded` if awarded, else `None`.
//! - **Contract status** from `contracts[].status`: `pending`, `active` as they are;
//!   `terminated` → `expired` when its end date had passed by the release's `date` (OCDS uses
//!   `terminated` for running its course too), else `terminated`; `cancelled` (before
//!   signature) → `terminated`, noted. From an award alone: `pending` → `pending`, `active` or
//!   no status → `active` (noted).
//! - **Dates**: RFC 3339; a date-time without offset or a bare date is read as UTC and noted.
//!   [`OcdsDate::date`] keeps the calendar date as published (before conversion to UTC), for
//!   the registry's `Date` columns.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde_json::Value;

/// The string values of `entity::enums::ProcurementMethod` that the mapping returns.
pub mod procurement_method {
    /// `ProcurementMethod::Rfp`.
    pub const RFP: &str = "rfp";
    /// `ProcurementMethod::Rfq`.
    pub const RFQ: &str = "rfq";
    /// `ProcurementMethod::Ifb`.
    pub const IFB: &str = "ifb";
    /// `ProcurementMethod::Rfi`.
    pub const RFI: &str = "rfi";
    /// `ProcurementMethod::SoleSource`.
    pub const SOLE_SOURCE: &str = "sole_source";
    /// `ProcurementMethod::Emergency`.
    pub const EMERGENCY: &str = "emergency";
    /// `ProcurementMethod::Cooperative`.
    pub const COOPERATIVE: &str = "cooperative";
    /// Every value, as in `entity/src/enums.rs`.
    pub const ALL: &[&str] = &[RFP, RFQ, IFB, RFI, SOLE_SOURCE, EMERGENCY, COOPERATIVE];
}

/// The string values of `entity::enums::SolicitationStatus`.
pub mod solicitation_status {
    /// `SolicitationStatus::Planned`.
    pub const PLANNED: &str = "planned";
    /// `SolicitationStatus::Open`.
    pub const OPEN: &str = "open";
    /// `SolicitationStatus::Closed`.
    pub const CLOSED: &str = "closed";
    /// `SolicitationStatus::UnderEvaluation`.
    pub const UNDER_EVALUATION: &str = "under_evaluation";
    /// `SolicitationStatus::Awarded`.
    pub const AWARDED: &str = "awarded";
    /// `SolicitationStatus::Cancelled`.
    pub const CANCELLED: &str = "cancelled";
    /// Every value, as in `entity/src/enums.rs`.
    pub const ALL: &[&str] = &[PLANNED, OPEN, CLOSED, UNDER_EVALUATION, AWARDED, CANCELLED];
}

/// The string values of `entity::enums::ContractStatus`.
pub mod contract_status {
    /// `ContractStatus::Pending`.
    pub const PENDING: &str = "pending";
    /// `ContractStatus::Active`.
    pub const ACTIVE: &str = "active";
    /// `ContractStatus::Expired`.
    pub const EXPIRED: &str = "expired";
    /// `ContractStatus::Terminated`.
    pub const TERMINATED: &str = "terminated";
    /// Every value, as in `entity/src/enums.rs`.
    pub const ALL: &[&str] = &[PENDING, ACTIVE, EXPIRED, TERMINATED];
}

/// Amounts of this many major units or more are refused, as `crate::domain::money::parse_amount`
/// refuses more than 15 whole digits.
const MAX_MAJOR_UNITS: u128 = 1_000_000_000_000_000;

/// A `maximumRenewals` at or above this means "no maximum": the renewal extension writes
/// `1e9999`, which the reader turns into `f64::MAX`.
const NO_MAXIMUM_FROM: f64 = 1e9;

/// Titles taken from an item's description are cut to this many characters.
const MAX_FALLBACK_TITLE: usize = 200;

/// What one compiled release maps to.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapped {
    /// What the registry should hold; `None` when the release has no `ocid`, or holds neither a
    /// solicitation nor a contract (then `skipped` says why).
    pub plan: Option<ProcessPlan>,
    /// What was left out, and why.
    pub skipped: Vec<Skip>,
    /// What was read but is worth knowing: a date read as UTC, an amount rounded, a title taken
    /// from an item, a contract without vendor.
    pub notes: Vec<Note>,
}

/// Something left out (or, in [`Mapped::notes`], adjusted), and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// JSON path in the compiled release: `awards[1].suppliers[0]`, `tender.tenderPeriod`, or
    /// `$` for the release as a whole.
    pub path: String,
    /// What was wrong, and what was done.
    pub reason: String,
}

/// Something read but adjusted, and where: the same shape as a [`Skip`].
pub type Note = Skip;

/// One contracting process in our domain words.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcessPlan {
    /// The OCDS contracting process identifier.
    pub ocid: String,
    /// The compiled release's `date`: the data is as of then.
    pub as_of: Option<OcdsDate>,
    /// The department that buys; `None` when no buyer or procuring entity has a name.
    pub agency: Option<AgencyPlan>,
    /// Suppliers and tenderers, de-duplicated by party id, in first-seen order.
    pub vendors: Vec<VendorPlan>,
    /// The call for bids, if the release has a tender that is one.
    pub solicitation: Option<SolicitationPlan>,
    /// Awarded agreements.
    pub contracts: Vec<ContractPlan>,
}

/// An agency (`agency` table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyPlan {
    /// The OCDS party id (`buyer.id`), if any.
    pub party_id: Option<String>,
    /// `agency.name`.
    pub name: String,
    /// The party's `identifier.scheme`, if any.
    pub scheme: Option<String>,
    /// The party's `identifier.id`, if any.
    pub identifier: Option<String>,
}

/// A vendor (`vendor` and `vendor_identifier` tables).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorPlan {
    /// The key contracts and solicitations use for this vendor: the OCDS party id, else
    /// `scheme-id` of its identifier, else `name:` and its name (noted).
    pub party_id: String,
    /// `vendor.name`.
    pub name: String,
    /// `vendor_identifier` rows: `identifier` then `additionalIdentifiers`, without duplicates.
    pub identifiers: Vec<VendorIdentifier>,
    /// Named as a supplier (party role or `awards[].suppliers`).
    pub is_supplier: bool,
    /// Named as a tenderer (party role or `tender.tenderers`).
    pub is_tenderer: bool,
}

/// A `vendor_identifier` row.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VendorIdentifier {
    /// `vendor_identifier.scheme`, such as `GB-COH`.
    pub scheme: String,
    /// `vendor_identifier.identifier`.
    pub identifier: String,
}

/// An amount of money in minor units of its currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// Minor units (cents for CAD, GBP, USD; yen for JPY; fils for BHD).
    pub minor_units: i64,
    /// ISO 4217 code.
    pub currency: String,
}

/// A date from the data, in UTC, with the calendar date as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OcdsDate {
    /// The instant, in UTC.
    pub at: DateTime<Utc>,
    /// The calendar date as written, in the publisher's own offset: `2017-05-27` for
    /// `2017-05-27T23:00:00-04:00` (which is the 28th in UTC). Use it for `Date` columns.
    pub date: NaiveDate,
    /// How much of the date the data gave.
    pub precision: DatePrecision,
}

/// How complete a published date was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePrecision {
    /// A date and time with an offset, as RFC 3339 asks.
    Exact,
    /// A date and time without an offset, read as UTC.
    NoOffset,
    /// A date without a time, read as midnight UTC.
    DateOnly,
}

/// A period (OCDS `Period`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PeriodPlan {
    /// `startDate`.
    pub start: Option<OcdsDate>,
    /// `endDate`.
    pub end: Option<OcdsDate>,
    /// `maxExtentDate`: the latest the period may run with every extension.
    pub max_extent: Option<OcdsDate>,
    /// `durationInDays`.
    pub duration_in_days: Option<i64>,
}

impl PeriodPlan {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A solicitation (`solicitation`, `solicitation_document` and `solicitation_category` tables).
#[derive(Debug, Clone, PartialEq)]
pub struct SolicitationPlan {
    /// `tender.id`, else the ocid (Montréal and buyandsell publish no `tender.id`).
    pub reference_number: String,
    /// `tender.title`, else the first item's description (noted).
    pub title: Option<String>,
    /// `tender.description`.
    pub description: Option<String>,
    /// A [`procurement_method`] value; `None` when the data gives no method we recognise.
    pub method: Option<&'static str>,
    /// `tender.procurementMethod` as published (`open`, `selective`, `limited`, `direct`).
    pub ocds_method: Option<String>,
    /// `tender.procurementMethodDetails`, kept as published.
    pub method_details: Option<String>,
    /// A [`solicitation_status`] value.
    pub status: Option<&'static str>,
    /// `tender.status` as published.
    pub ocds_status: Option<String>,
    /// `tender.value`: `estimated_value_minor` and `currency`.
    pub estimated_value: Option<Amount>,
    /// When the call was published: `tender.datePublished` (OCDS 1.2), else the earliest
    /// `tenderNotice` document's `datePublished`, else `tenderPeriod.startDate`.
    pub published_at: Option<OcdsDate>,
    /// `tender.enquiryPeriod.endDate`.
    pub questions_due_at: Option<OcdsDate>,
    /// `tender.tenderPeriod.endDate`.
    pub bids_due_at: Option<OcdsDate>,
    /// `tender.documents` with a URL.
    pub documents: Vec<DocumentPlan>,
    /// `tender.items[].classification` and `additionalClassifications`, without duplicates.
    pub categories: Vec<CategoryPlan>,
    /// `tender.amendments` (and the deprecated `tender.amendment`).
    pub amendments: Vec<AmendmentPlan>,
    /// The renewal extension's `tender.hasRenewal` / `tender.renewal`.
    pub renewal: Option<RenewalTerms>,
    /// [`VendorPlan::party_id`] of `tender.tenderers`.
    pub tenderer_ids: Vec<String>,
    /// Contract Watch's extension: `equityLabels` and `inHouseBaseline`, when given.
    pub equity: Option<EquityPlan>,
}

/// Contract Watch's extension fields `equityLabels` and `inHouseBaseline`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EquityPlan {
    /// Label keys (`outsourcing`, `living_wage`, …) this version knows; others are skipped.
    pub labels: Vec<String>,
    /// `inHouseBaseline.positionsFte`.
    pub positions_fte: Option<f64>,
    /// `inHouseBaseline.annualCost`.
    pub annual_cost: Option<Amount>,
    /// `inHouseBaseline.bargainingUnit`.
    pub bargaining_unit: Option<String>,
}

/// A renewal option (`renewal_option`), from Contract Watch's extension `renewalOptions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenewalOptionPlan {
    /// `sequence`.
    pub sequence: i32,
    /// `period.startDate`.
    pub starts_on: NaiveDate,
    /// `period.endDate`.
    pub ends_on: NaiveDate,
    /// `value`, in the contract's currency.
    pub value_minor: Option<i64>,
    /// `decisionDeadline`.
    pub decision_deadline: NaiveDate,
    /// `exercised`.
    pub exercised: bool,
    /// `exercisedDate`.
    pub exercised_on: Option<NaiveDate>,
}

/// A document (`solicitation_document`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentPlan {
    /// OCDS `documents[].id`.
    pub id: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `url` (documents without one are skipped).
    pub url: String,
    /// `documentType` (`tenderNotice`, `awardNotice`, `x_map`, …).
    pub document_type: Option<String>,
    /// `datePublished`.
    pub published_at: Option<OcdsDate>,
}

/// A classification code (`solicitation_category`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryPlan {
    /// `scheme` (`CPV`, `UNSPSC`, `GSIN`, …).
    pub scheme: String,
    /// `id`, as published (`45233130.0`).
    pub code: String,
    /// `description`.
    pub description: Option<String>,
}

/// A contract (`contract`, `contract_amendment`, `renewal_option` tables).
#[derive(Debug, Clone, PartialEq)]
pub struct ContractPlan {
    /// `contracts[].id`; for a contract made from an award alone, the award's `id`.
    pub reference_number: String,
    /// The award it comes from (`awardID`, or the award's `id`).
    pub award_id: Option<String>,
    /// True when there is no `contracts[]` entry, only the award.
    pub from_award_only: bool,
    /// `title`, else the award's, else the first item's description (noted).
    pub title: Option<String>,
    /// `description`, else the award's.
    pub description: Option<String>,
    /// [`VendorPlan::party_id`] of the award's suppliers (the registry holds one vendor per
    /// contract; a consortium lists several).
    pub vendor_ids: Vec<String>,
    /// `value`, else the award's `value`: `value_minor` and `currency`.
    pub value: Option<Amount>,
    /// `period`, field by field, else the award's `contractPeriod`.
    pub period: PeriodPlan,
    /// A [`contract_status`] value.
    pub status: Option<&'static str>,
    /// `status` as published (the award's, for a contract from an award alone).
    pub ocds_status: Option<String>,
    /// `dateSigned`.
    pub signed_at: Option<OcdsDate>,
    /// `amendments` (and the deprecated `amendment`); the award's for a contract from an award.
    pub amendments: Vec<AmendmentPlan>,
    /// The renewal extension's terms: the contract's, else the award's, else those of the
    /// award's lots, else the tender's.
    pub renewal: Option<RenewalTerms>,
    /// `items[].classification` (the award's items when the contract has none).
    pub categories: Vec<CategoryPlan>,
    /// `documents` of the contract, then of the award, with a URL.
    pub documents: Vec<DocumentPlan>,
    /// The contract sets prices, not a total (`value` is then 0): Contract Watch's extension
    /// `indefiniteQuantity`, or a CSV export's rule (Chicago's `$0`).
    pub indefinite_quantity: bool,
    /// Contract Watch's extension: `equityLabels` and `inHouseBaseline`, when given.
    pub equity: Option<EquityPlan>,
    /// Contract Watch's extension: `renewalOptions`.
    pub renewal_options: Vec<RenewalOptionPlan>,
}

/// An amendment (`contract_amendment`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmendmentPlan {
    /// `id`.
    pub id: Option<String>,
    /// `date` (`contract_amendment.amended_on` is its [`OcdsDate::date`]).
    pub date: Option<OcdsDate>,
    /// `rationale`.
    pub rationale: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `amendsReleaseID`: the release with the values before the amendment.
    pub amends_release_id: Option<String>,
    /// `releaseID`: the release with the values after it.
    pub release_id: Option<String>,
    /// Change in value, in minor units (may be negative): only when the deprecated `changes`
    /// give the former value (`value` or `value.amount`); the value after is the next
    /// amendment's former value, or the current one.
    pub value_change_minor: Option<i64>,
    /// The end date after this amendment, when `changes` give the former end date
    /// (`period.endDate` or `period`), worked out the same way.
    pub new_end_date: Option<OcdsDate>,
}

/// Renewal options (the renewal extension's `hasRenewal` and `renewal`).
///
/// The registry's `renewal_option` rows (each with its period, value and deadline) cannot be
/// derived from these alone unless `period` is given; the importer decides.
#[derive(Debug, Clone, PartialEq)]
pub struct RenewalTerms {
    /// Where the terms were found: `contracts[0]`, `awards[1]`, `tender.lots[2]`, `tender`.
    pub source: String,
    /// `hasRenewal`.
    pub has_renewal: Option<bool>,
    /// `renewal.description`.
    pub description: Option<String>,
    /// `renewal.minimumRenewals`.
    pub minimum_renewals: Option<u32>,
    /// `renewal.maximumRenewals`.
    pub maximum_renewals: Option<RenewalMaximum>,
    /// `renewal.period`: the period over which the contract can be renewed.
    pub period: Option<PeriodPlan>,
}

/// The most renewals allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenewalMaximum {
    /// At most this many.
    Count(u32),
    /// No maximum (`1e9999` in the extension, `f64::MAX` once read).
    NoMaximum,
}

/// Why an amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Not a decimal number.
    #[error("not a decimal number: {0:?}")]
    NotANumber(String),
    /// Below zero.
    #[error("negative amount {0}")]
    Negative(String),
    /// 10^15 major units or more.
    #[error("absurd amount {0}: 10^15 or more")]
    TooLarge(String),
}

/// An amount in minor units, and whether digits beyond them were rounded off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinorUnits {
    /// The amount in minor units.
    pub minor_units: i64,
    /// Digits beyond the currency's minor unit were rounded off (float noise such as
    /// `0.30000000000000004` does not count).
    pub rounded: bool,
}

/// Maps one compiled release onto the registry. Never panics; never fails.
pub fn map_release(compiled: &Value) -> Mapped {
    let mut cx = Cx::default();
    let plan = plan(compiled, &mut cx);
    Mapped {
        plan,
        skipped: cx.skipped,
        notes: cx.notes,
    }
}

pub use crate::domain::money::currency_exponent;

/// Reads a JSON amount (number or string) as minor units of a currency with `exponent` decimals.
pub fn amount_to_minor(amount: &Value, exponent: u32) -> Result<MinorUnits, AmountError> {
    match amount {
        Value::Number(number) => {
            if number.is_u64() || number.is_i64() {
                let (minor_units, rounded) = decimal_to_minor(&number.to_string(), exponent)?;
                return Ok(MinorUnits {
                    minor_units,
                    rounded,
                });
            }
            let float = number.as_f64().unwrap_or(f64::NAN);
            if !float.is_finite() {
                return Err(AmountError::NotANumber(number.to_string()));
            }
            if float.abs() >= 1e18 {
                // Saves writing out hundreds of digits (`f64::MAX` from `1e9999`).
                let shown = number.to_string();
                return Err(if float < 0.0 {
                    AmountError::Negative(shown)
                } else {
                    AmountError::TooLarge(shown)
                });
            }
            // Rust writes the shortest text that reads back as the same `f64`: what the
            // publisher wrote, as long as it wrote no more than 17 significant digits.
            let (minor_units, rounded) = decimal_to_minor(&format!("{float}"), exponent)?;
            // Float noise shows only beyond 15 significant digits.
            let rounded = rounded && decimal_to_minor(&format!("{float:.14e}"), exponent)?.1;
            Ok(MinorUnits {
                minor_units,
                rounded,
            })
        }
        Value::String(text) => {
            let (minor_units, rounded) = decimal_to_minor(text, exponent)?;
            Ok(MinorUnits {
                minor_units,
                rounded,
            })
        }
        other => Err(AmountError::NotANumber(other.to_string())),
    }
}

/// Converts decimal text (`1234.5`, `-0`, `1.5e3`) to minor units of a currency with `exponent`
/// decimals, exactly; digits beyond are rounded half away from zero (`true` when any was not 0).
pub fn decimal_to_minor(text: &str, exponent: u32) -> Result<(i64, bool), AmountError> {
    let shown = || text.trim().chars().take(40).collect::<String>();
    let not_a_number = || AmountError::NotANumber(shown());
    let trimmed = text.trim();
    let (negative, unsigned) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let (mantissa, power) = match unsigned.find(['e', 'E']) {
        Some(at) => (
            &unsigned[..at],
            parse_power(&unsigned[at + 1..]).ok_or_else(not_a_number)?,
        ),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if (whole.is_empty() && fraction.is_empty())
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return Err(not_a_number());
    }
    let digits: Vec<u8> = whole
        .bytes()
        .chain(fraction.bytes())
        .skip_while(|&b| b == b'0')
        .map(|b| b - b'0')
        .collect();
    let leading_zeros = (whole.len() + fraction.len() - digits.len()) as i64;
    if digits.iter().all(|&d| d == 0) {
        return Ok((0, false));
    }
    if negative {
        return Err(AmountError::Negative(shown()));
    }
    // How many of `digits` make up the whole number of minor units.
    let kept = whole.len() as i64 - leading_zeros + power + i64::from(exponent);
    if kept > 19 {
        return Err(AmountError::TooLarge(shown()));
    }
    let mut minor: u128 = 0;
    for i in 0..kept.max(0) {
        let digit = usize::try_from(i)
            .ok()
            .and_then(|i| digits.get(i))
            .copied()
            .unwrap_or(0);
        minor = minor * 10 + u128::from(digit);
    }
    let first_dropped = usize::try_from(kept).map_or(0, |k| digits.get(k).copied().unwrap_or(0));
    let dropped_from = usize::try_from(kept.max(0)).unwrap_or(usize::MAX);
    let rounded = digits.iter().skip(dropped_from).any(|&d| d != 0);
    if first_dropped >= 5 {
        minor += 1;
    }
    if minor >= MAX_MAJOR_UNITS * 10u128.pow(exponent) {
        return Err(AmountError::TooLarge(shown()));
    }
    let minor = i64::try_from(minor).map_err(|_| AmountError::TooLarge(shown()))?;
    Ok((minor, rounded))
}

/// The power of ten after `e`: huge powers are clamped (the amount is then 0 or absurd anyway).
fn parse_power(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits
        .trim_start_matches('0')
        .parse::<i64>()
        .unwrap_or(if digits.bytes().all(|b| b == b'0') {
            0
        } else {
            100_000
        })
        .min(100_000);
    Some(if negative { -magnitude } else { magnitude })
}

/// Parses an OCDS date: RFC 3339, else a date-time without offset or a bare date, read as UTC.
pub fn parse_date(text: &str) -> Option<OcdsDate> {
    let text = text.trim();
    let with_offset = DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M%z"));
    if let Ok(moment) = with_offset {
        return Some(OcdsDate {
            at: moment.with_timezone(&Utc),
            date: moment.date_naive(),
            precision: DatePrecision::Exact,
        });
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Some(OcdsDate {
                at: naive.and_utc(),
                date: naive.date(),
                precision: DatePrecision::NoOffset,
            });
        }
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(OcdsDate {
        at: date.and_time(NaiveTime::MIN).and_utc(),
        date,
        precision: DatePrecision::DateOnly,
    })
}

// ---------------------------------------------------------------------------------------------
// The mapping.

#[derive(Default)]
struct Cx {
    skipped: Vec<Skip>,
    notes: Vec<Note>,
    /// The release's `language`, lower case: `en-gb`.
    language: Option<String>,
    as_of: Option<DateTime<Utc>>,
}

impl Cx {
    fn skip(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.skipped.push(Skip {
            path: path.into(),
            reason: reason.into(),
        });
    }

    fn note(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.notes.push(Skip {
            path: path.into(),
            reason: reason.into(),
        });
    }

    /// A text field, trimmed, else a language variant of it (`title_en`): the release's
    /// language first, then the first variant in key order.
    fn text(&self, value: &Value, key: &str) -> Option<String> {
        let map = value.as_object()?;
        if let Some(text) = map.get(key).and_then(non_empty) {
            return Some(text);
        }
        let prefix = format!("{key}_");
        if let Some(language) = &self.language {
            let primary = language.split('-').next().unwrap_or(language);
            for wanted in [language.as_str(), primary] {
                let found = map.iter().find(|(k, _)| {
                    k.strip_prefix(&prefix)
                        .is_some_and(|tag| tag.eq_ignore_ascii_case(wanted))
                });
                if let Some(text) = found.and_then(|(_, v)| non_empty(v)) {
                    return Some(text);
                }
            }
        }
        map.iter()
            .filter(|(k, _)| k.strip_prefix(&prefix).is_some_and(is_language_tag))
            .find_map(|(_, v)| non_empty(v))
    }

    /// A date field: `None` when absent; a skip when unreadable; a note when read as UTC.
    fn date(&mut self, parent: &Value, key: &str, parent_path: &str) -> Option<OcdsDate> {
        let value = field(parent, key)?;
        let path = child(parent_path, key);
        let Some(text) = value.as_str() else {
            self.skip(path, format!("not a date: {}", short(value)));
            return None;
        };
        if text.trim().is_empty() {
            return None;
        }
        let Some(date) = parse_date(text) else {
            self.skip(path, format!("unreadable date {text:?}"));
            return None;
        };
        match date.precision {
            DatePrecision::Exact => {}
            DatePrecision::NoOffset => {
                self.note(
                    path,
                    format!("date-time {text:?} has no offset: read as UTC"),
                );
            }
            DatePrecision::DateOnly => {
                self.note(
                    path,
                    format!("date {text:?} has no time: read as midnight UTC"),
                );
            }
        }
        Some(date)
    }

    fn period(&mut self, parent: &Value, key: &str, parent_path: &str) -> PeriodPlan {
        let Some(period) = field(parent, key) else {
            return PeriodPlan::default();
        };
        let path = child(parent_path, key);
        if !period.is_object() {
            self.skip(path, format!("not a period: {}", short(period)));
            return PeriodPlan::default();
        }
        PeriodPlan {
            start: self.date(period, "startDate", &path),
            end: self.date(period, "endDate", &path),
            max_extent: self.date(period, "maxExtentDate", &path),
            duration_in_days: self.count(period, "durationInDays", &path),
        }
    }

    /// A non-negative whole number field.
    fn count(&mut self, parent: &Value, key: &str, parent_path: &str) -> Option<i64> {
        let value = field(parent, key)?;
        match whole_number(value) {
            Some(n) if (0.0..1e15).contains(&n) => Some(n as i64),
            _ => {
                self.skip(
                    child(parent_path, key),
                    format!("not a non-negative whole number: {}", short(value)),
                );
                None
            }
        }
    }

    /// A `Value` object (`amount`, `currency`) as minor units.
    fn amount(&mut self, parent: &Value, key: &str, parent_path: &str) -> Option<Amount> {
        let value = field(parent, key)?;
        let path = child(parent_path, key);
        if !value.is_object() {
            self.skip(path, format!("not a value object: {}", short(value)));
            return None;
        }
        let amount = field(value, "amount")?;
        let Some(currency) = self.currency(value, &path) else {
            self.skip(
                child(&path, "amount"),
                "no valid currency: an amount without its currency is meaningless",
            );
            return None;
        };
        let exponent = currency_exponent(&currency);
        match amount_to_minor(amount, exponent) {
            Ok(minor) => {
                if minor.rounded {
                    self.note(
                        child(&path, "amount"),
                        format!(
                            "{} has more decimals than {currency} has minor units: rounded",
                            short(amount)
                        ),
                    );
                }
                Some(Amount {
                    minor_units: minor.minor_units,
                    currency,
                })
            }
            Err(error) => {
                self.skip(child(&path, "amount"), error.to_string());
                None
            }
        }
    }

    /// Like [`Cx::amount`], but a change in value may be negative.
    fn signed_amount(&mut self, parent: &Value, key: &str, parent_path: &str) -> Option<Amount> {
        let value = field(parent, key)?;
        let text = field(value, "amount").map(Value::to_string);
        let Some(positive) = text.as_deref().and_then(|t| t.strip_prefix('-')) else {
            return self.amount(parent, key, parent_path);
        };
        let mut flipped = value.clone();
        flipped["amount"] = serde_json::from_str(positive).ok()?;
        let wrapper = serde_json::json!({ key: flipped });
        self.amount(&wrapper, key, parent_path).map(|a| Amount {
            minor_units: -a.minor_units,
            ..a
        })
    }

    fn currency(&mut self, value: &Value, path: &str) -> Option<String> {
        let currency = field(value, "currency")?;
        match currency.as_str().map(str::trim) {
            Some(code) if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) => {
                Some(code.to_ascii_uppercase())
            }
            _ => {
                self.skip(
                    child(path, "currency"),
                    format!("not an ISO 4217 code: {}", short(currency)),
                );
                None
            }
        }
    }
}

fn plan(release: &Value, cx: &mut Cx) -> Option<ProcessPlan> {
    if !release.is_object() {
        cx.skip("$", format!("not a JSON object: {}", short(release)));
        return None;
    }
    let Some(ocid) = field(release, "ocid").and_then(id_string) else {
        cx.skip("ocid", "no ocid: the process cannot be identified");
        return None;
    };
    cx.language = field(release, "language")
        .and_then(Value::as_str)
        .map(|l| l.trim().to_ascii_lowercase())
        .filter(|l| !l.is_empty());
    let as_of = cx.date(release, "date", "");
    cx.as_of = as_of.map(|d| d.at);

    let parties = Parties::new(release, cx);
    let agency = agency(release, &parties, cx);
    let mut vendors = Vendors::default();
    vendors.collect(release, &parties, cx);

    let tender = field(release, "tender").filter(|t| {
        if t.is_object() {
            true
        } else {
            cx.skip("tender", format!("not an object: {}", short(t)));
            false
        }
    });
    let awards = awards(release, cx);
    let has_contracts = field(release, "contracts")
        .and_then(Value::as_array)
        .is_some_and(|c| c.iter().any(Value::is_object));
    let solicitation =
        tender.and_then(|t| solicitation(t, &ocid, &awards, has_contracts, &vendors, cx));
    let contracts = contracts(release, tender, &awards, &vendors, cx);

    if solicitation.is_none() && contracts.is_empty() {
        cx.skip(
            "$",
            "neither a solicitation nor a contract: nothing to hold",
        );
        return None;
    }
    if agency.is_none() {
        cx.skip(
            "buyer",
            "no buyer or procuring entity with a name: the process has no agency",
        );
    }
    Some(ProcessPlan {
        ocid,
        as_of,
        agency,
        vendors: vendors.list,
        solicitation,
        contracts,
    })
}

/// The parties, with their paths, and their positions by id.
struct Parties<'a> {
    list: Vec<(String, &'a Value)>,
    by_id: HashMap<String, usize>,
}

impl<'a> Parties<'a> {
    fn new(release: &'a Value, cx: &mut Cx) -> Self {
        let mut list = Vec::new();
        let mut by_id = HashMap::new();
        for (i, party) in array(release, "parties", "parties", cx) {
            let path = format!("parties[{i}]");
            if !party.is_object() {
                cx.skip(path, format!("not an object: {}", short(party)));
                continue;
            }
            if let Some(id) = field(party, "id").and_then(id_string) {
                by_id.entry(id).or_insert(list.len());
            }
            list.push((path, party));
        }
        Self { list, by_id }
    }

    fn with_role(&self, role: &str) -> impl Iterator<Item = &(String, &'a Value)> {
        self.list.iter().filter(move |(_, p)| has_role(p, role))
    }

    /// The party a reference (`buyer`, `awards[].suppliers[]`) points to, with its path.
    fn resolve(&self, reference: &Value) -> Option<(&str, &'a Value)> {
        let id = field(reference, "id").and_then(id_string)?;
        let at = *self.by_id.get(&id)?;
        self.list
            .get(at)
            .map(|(path, party)| (path.as_str(), *party))
    }
}

fn has_role(party: &Value, role: &str) -> bool {
    match field(party, "roles") {
        Some(Value::Array(roles)) => roles
            .iter()
            .any(|r| r.as_str().is_some_and(|r| r.trim() == role)),
        // Messy data: one role as a string.
        Some(Value::String(r)) => r.trim() == role,
        _ => false,
    }
}

/// An organisation's name: the reference's, else its party's, else the legal name.
fn organisation_name(reference: &Value, party: Option<&Value>, cx: &Cx) -> Option<String> {
    cx.text(reference, "name")
        .or_else(|| party.and_then(|p| cx.text(p, "name")))
        .or_else(|| field(reference, "identifier").and_then(|i| cx.text(i, "legalName")))
        .or_else(|| {
            party
                .and_then(|p| field(p, "identifier"))
                .and_then(|i| cx.text(i, "legalName"))
        })
}

fn agency(release: &Value, parties: &Parties<'_>, cx: &mut Cx) -> Option<AgencyPlan> {
    let mut candidates: Vec<(String, &Value)> = Vec::new();
    if let Some(buyer) = field(release, "buyer") {
        candidates.push(("buyer".to_owned(), buyer));
    }
    for role in ["buyer", "procuringEntity"] {
        for (path, party) in parties.with_role(role) {
            candidates.push((path.clone(), *party));
        }
    }
    if let Some(entity) = field(release, "tender").and_then(|t| field(t, "procuringEntity")) {
        candidates.push(("tender.procuringEntity".to_owned(), entity));
    }
    for (path, reference) in candidates {
        if !reference.is_object() {
            cx.skip(path, format!("not an object: {}", short(reference)));
            continue;
        }
        let party = parties.resolve(reference).map(|(_, p)| p);
        let Some(name) = organisation_name(reference, party, cx) else {
            cx.note(
                path,
                "an organisation without a name: not taken as the agency",
            );
            continue;
        };
        let identifier = party
            .and_then(|p| field(p, "identifier"))
            .or_else(|| field(reference, "identifier"));
        let (scheme, id) = identifier.map_or((None, None), |i| {
            (
                field(i, "scheme").and_then(id_string),
                field(i, "id").and_then(id_string),
            )
        });
        return Some(AgencyPlan {
            party_id: field(reference, "id").and_then(id_string),
            name,
            scheme,
            identifier: id,
        });
    }
    None
}

#[derive(Default)]
struct Vendors {
    list: Vec<VendorPlan>,
    /// Position in `list` by key.
    index: HashMap<String, usize>,
    /// Keys by the reference's path, for contracts and tenderers to find.
    by_path: HashMap<String, String>,
    /// Organisations whose identifiers were read, by path: each is read (and reported) once.
    read: HashSet<String>,
}

impl Vendors {
    fn collect(&mut self, release: &Value, parties: &Parties<'_>, cx: &mut Cx) {
        for (path, party) in &parties.list {
            let supplier = has_role(party, "supplier");
            let tenderer = has_role(party, "tenderer");
            if supplier || tenderer {
                self.add(party, path, Some((path, party)), supplier, tenderer, cx);
            }
        }
        // `contracts[].suppliers` is not OCDS 1.1, but some publishers write it.
        for list in ["awards", "contracts"] {
            for (i, entry) in array(release, list, list, cx) {
                let base = format!("{list}[{i}]");
                for (j, supplier) in array(entry, "suppliers", &child(&base, "suppliers"), cx) {
                    let path = format!("{base}.suppliers[{j}]");
                    self.add(supplier, &path, parties.resolve(supplier), true, false, cx);
                }
            }
        }
        if let Some(tender) = field(release, "tender") {
            for (i, tenderer) in array(tender, "tenderers", "tender.tenderers", cx) {
                let path = format!("tender.tenderers[{i}]");
                self.add(tenderer, &path, parties.resolve(tenderer), false, true, cx);
            }
        }
    }

    fn add(
        &mut self,
        reference: &Value,
        path: &str,
        party: Option<(&str, &Value)>,
        supplier: bool,
        tenderer: bool,
        cx: &mut Cx,
    ) {
        if !reference.is_object() {
            cx.skip(path, format!("not an organisation: {}", short(reference)));
            return;
        }
        let mut identifiers = Vec::new();
        let mut seen = HashSet::new();
        // The party's identifiers, then those written on the reference (OCDS 1.0 style).
        let mut sources = Vec::new();
        if let Some((party_path, party)) = party {
            sources.push((party_path, party));
        }
        sources.push((path, reference));
        for (source_path, source) in sources {
            if self.read.insert(source_path.to_owned()) {
                read_identifiers(source, source_path, &mut identifiers, &mut seen, cx);
            }
        }
        let party = party.map(|(_, p)| p);
        let name = organisation_name(reference, party, cx);
        let key = field(reference, "id").and_then(id_string).or_else(|| {
            let key = identifiers
                .first()
                .map(|i: &VendorIdentifier| format!("{}-{}", i.scheme, i.identifier))
                .or_else(|| name.as_ref().map(|n| format!("name:{n}")))?;
            cx.note(
                path,
                format!("an organisation without id: keyed as {key:?}"),
            );
            Some(key)
        });
        let Some(key) = key else {
            cx.skip(path, "an organisation without id, identifier or name");
            return;
        };
        self.by_path.insert(path.to_owned(), key.clone());
        if let Some(&at) = self.index.get(&key) {
            if let Some(vendor) = self.list.get_mut(at) {
                vendor.is_supplier |= supplier;
                vendor.is_tenderer |= tenderer;
                for identifier in identifiers {
                    if !vendor.identifiers.contains(&identifier) {
                        vendor.identifiers.push(identifier);
                    }
                }
            }
            return;
        }
        let Some(name) = name else {
            cx.skip(path, format!("vendor {key:?} has no name"));
            return;
        };
        self.index.insert(key.clone(), self.list.len());
        self.list.push(VendorPlan {
            party_id: key,
            name,
            identifiers,
            is_supplier: supplier,
            is_tenderer: tenderer,
        });
    }

    /// The vendor key of the organisation reference at `path`, if it became a vendor.
    fn key_at(&self, path: &str) -> Option<&String> {
        self.by_path
            .get(path)
            .filter(|k| self.index.contains_key(*k))
    }
}

fn read_identifiers(
    organisation: &Value,
    path: &str,
    out: &mut Vec<VendorIdentifier>,
    seen: &mut HashSet<VendorIdentifier>,
    cx: &mut Cx,
) {
    let mut candidates: Vec<(String, &Value)> = Vec::new();
    if let Some(identifier) = field(organisation, "identifier") {
        candidates.push((child(path, "identifier"), identifier));
    }
    let additional_path = child(path, "additionalIdentifiers");
    for (i, identifier) in array(organisation, "additionalIdentifiers", &additional_path, cx) {
        candidates.push((format!("{additional_path}[{i}]"), identifier));
    }
    for (path, identifier) in candidates {
        let scheme = field(identifier, "scheme").and_then(id_string);
        let id = field(identifier, "id").and_then(id_string);
        match (scheme, id) {
            (Some(scheme), Some(identifier)) => {
                let identifier = VendorIdentifier { scheme, identifier };
                if seen.insert(identifier.clone()) {
                    out.push(identifier);
                }
            }
            (None, None) => {}
            (None, Some(id)) => cx.skip(path, format!("identifier {id:?} has no scheme")),
            (Some(scheme), None) => {
                cx.skip(path, format!("identifier of scheme {scheme:?} has no id"))
            }
        }
    }
}

struct Award<'a> {
    path: String,
    value: &'a Value,
    id: Option<String>,
}

fn awards<'a>(release: &'a Value, cx: &mut Cx) -> Vec<Award<'a>> {
    let mut list = Vec::new();
    for (i, award) in array(release, "awards", "awards", cx) {
        let path = format!("awards[{i}]");
        if !award.is_object() {
            cx.skip(path, format!("not an object: {}", short(award)));
            continue;
        }
        list.push(Award {
            id: field(award, "id").and_then(id_string),
            path,
            value: award,
        });
    }
    list
}

/// Tender fields that make it a call for bids, not a stub.
const SOLICITATION_FIELDS: &[&str] = &[
    "id",
    "title",
    "description",
    "items",
    "lots",
    "tenderPeriod",
    "enquiryPeriod",
    "documents",
    "value",
    "procurementMethod",
    "procurementMethodDetails",
];

fn solicitation(
    tender: &Value,
    ocid: &str,
    awards: &[Award<'_>],
    has_contracts: bool,
    vendors: &Vendors,
    cx: &mut Cx,
) -> Option<SolicitationPlan> {
    let path = "tender";
    let is_call = SOLICITATION_FIELDS.iter().any(|key| {
        field(tender, key).is_some_and(|v| match v {
            Value::String(s) => !s.trim().is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Object(o) => !o.is_empty(),
            _ => true,
        })
    }) || cx.text(tender, "title").is_some();
    if !is_call {
        cx.skip(
            path,
            "the tender has no id, title, description, items, lots, tender period, value, \
             documents or method: not a solicitation",
        );
        return None;
    }
    let reference_number = field(tender, "id").and_then(id_string).unwrap_or_else(|| {
        cx.note(
            child(path, "id"),
            "no tender id: the ocid is the reference number",
        );
        ocid.to_owned()
    });
    let mut title = cx.text(tender, "title");
    if title.is_none() {
        title = item_title(tender, path, cx);
    }
    let description = cx.text(tender, "description");

    let ocds_method = field(tender, "procurementMethod").and_then(id_string);
    let method_details = cx.text(tender, "procurementMethodDetails");
    let method = method_details
        .as_deref()
        .and_then(method_from_details)
        .or_else(|| {
            let method = ocds_method.as_deref()?;
            let mapped = method_from_ocds(method);
            if mapped.is_none() {
                cx.skip(
                    child(path, "procurementMethod"),
                    format!("unknown procurement method {method:?}"),
                );
            }
            mapped
        });
    if method.is_none() {
        cx.note(path, "no procurement method recognised");
    }

    let ocds_status = field(tender, "status").and_then(id_string);
    let tender_period = cx.period(tender, "tenderPeriod", path);
    let enquiry_period = cx.period(tender, "enquiryPeriod", path);
    // Contract Watch's own, finer status, when the data carries it.
    let finer = field(tender, "solicitationStatus")
        .and_then(Value::as_str)
        .and_then(|s| {
            use solicitation_status::*;
            [PLANNED, OPEN, CLOSED, UNDER_EVALUATION, AWARDED, CANCELLED]
                .into_iter()
                .find(|known| *known == s)
        });
    let status = match finer {
        Some(status) => Some(status),
        None => solicitation_status(
            ocds_status.as_deref(),
            tender_period.end,
            awards,
            has_contracts,
            cx,
        ),
    };

    let documents = documents(tender, path, cx);
    let published_at = cx.date(tender, "datePublished", path).or_else(|| {
        documents
            .iter()
            .filter(|d| d.document_type.as_deref() == Some("tenderNotice"))
            .filter_map(|d| d.published_at)
            .min_by_key(|d| d.at)
            .or(tender_period.start)
    });
    let estimated_value = cx.amount(tender, "value", path);
    let amendments = amendments(
        tender,
        path,
        estimated_value.as_ref(),
        tender_period.end,
        "tenderPeriod",
        cx,
    );
    let categories = categories(tender, path, cx);
    let renewal = renewal_terms(tender, path, cx);
    let tenderer_ids = (0..field(tender, "tenderers")
        .and_then(Value::as_array)
        .map_or(0, Vec::len))
        .filter_map(|i| vendors.key_at(&format!("tender.tenderers[{i}]")).cloned())
        .collect();

    Some(SolicitationPlan {
        reference_number,
        title,
        description,
        method,
        ocds_method,
        method_details,
        status,
        ocds_status,
        estimated_value,
        published_at,
        questions_due_at: enquiry_period.end,
        bids_due_at: tender_period.end,
        documents,
        categories,
        amendments,
        renewal,
        tenderer_ids,
        equity: equity(tender, path, cx),
    })
}

/// The method named in `procurementMethodDetails`, which is more specific than
/// `procurementMethod` when it names one.
fn method_from_details(details: &str) -> Option<&'static str> {
    use procurement_method::*;
    let text = details.to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has_word = |w: &str| words.contains(&w);
    let has = |phrases: &[&str]| phrases.iter().any(|p| text.contains(p));
    if has(&["emergency", "urgence", "urgency", "urgent"]) {
        Some(EMERGENCY)
    } else if has(&[
        "sole source",
        "sole-source",
        "single source",
        "single-source",
        "non-competitive",
        "noncompetitive",
        "non competitive",
        "direct award",
        "gré à gré",
        "without prior publication",
    ]) {
        Some(SOLE_SOURCE)
    } else if has(&["cooperative", "co-operative", "piggyback", "piggy-back"]) {
        Some(COOPERATIVE)
    } else if has(&["request for quot", "demande de prix"]) || has_word("rfq") {
        Some(RFQ)
    } else if has(&["invitation for bid", "invitation to bid", "sealed bid"])
        || has_word("ifb")
        || has_word("itb")
    {
        Some(IFB)
    } else if has(&[
        "request for information",
        "expression of interest",
        "expressions of interest",
    ]) || has_word("rfi")
    {
        Some(RFI)
    } else if has(&["request for proposal", "demande de proposition"]) || has_word("rfp") {
        Some(RFP)
    } else {
        None
    }
}

/// OCDS `procurementMethod` (the `method` codelist).
fn method_from_ocds(method: &str) -> Option<&'static str> {
    use procurement_method::*;
    match method {
        // Any interested supplier may submit: a public request for proposals.
        "open" => Some(RFP),
        // Only qualified suppliers are invited, but they compete on proposals.
        "selective" => Some(RFP),
        // The buyer picks the suppliers it contacts, or awards without competition.
        "limited" | "direct" => Some(SOLE_SOURCE),
        _ => None,
    }
}

fn solicitation_status(
    status: Option<&str>,
    bids_due: Option<OcdsDate>,
    awards: &[Award<'_>],
    has_contracts: bool,
    cx: &mut Cx,
) -> Option<&'static str> {
    use solicitation_status::*;
    let award_status = |wanted: &str| {
        awards.iter().any(|a| {
            field(a.value, "status")
                .and_then(Value::as_str)
                .is_some_and(|s| s == wanted)
        })
    };
    // An award in force (or without status, as Montréal's), or a contract.
    let awarded = has_contracts
        || award_status("active")
        || awards.iter().any(|a| field(a.value, "status").is_none());
    match status {
        Some("planning" | "planned") => Some(PLANNED),
        Some("active") => {
            if awarded {
                Some(AWARDED)
            } else if award_status("pending") {
                Some(UNDER_EVALUATION)
            } else if matches!((bids_due, cx.as_of), (Some(due), Some(now)) if due.at <= now) {
                cx.note(
                    "tender.status",
                    "active, but bids were due before the release's date: closed",
                );
                Some(CLOSED)
            } else {
                Some(OPEN)
            }
        }
        Some("complete") => Some(if awarded { AWARDED } else { CLOSED }),
        Some("cancelled" | "withdrawn" | "unsuccessful") => Some(CANCELLED),
        Some(other) => {
            cx.skip("tender.status", format!("unknown tender status {other:?}"));
            None
        }
        None if awarded => Some(AWARDED),
        None => None,
    }
}

fn contracts(
    release: &Value,
    tender: Option<&Value>,
    awards: &[Award<'_>],
    vendors: &Vendors,
    cx: &mut Cx,
) -> Vec<ContractPlan> {
    let mut plans = Vec::new();
    let mut used = HashSet::new();
    for (i, contract) in array(release, "contracts", "contracts", cx) {
        let path = format!("contracts[{i}]");
        if !contract.is_object() {
            cx.skip(path, format!("not an object: {}", short(contract)));
            continue;
        }
        let award_id = field(contract, "awardID").and_then(id_string);
        let award = award_id.as_ref().and_then(|id| {
            let found = awards.iter().position(|a| a.id.as_ref() == Some(id));
            if found.is_none() {
                cx.note(
                    child(&path, "awardID"),
                    format!("no award with id {id:?} in this release"),
                );
            }
            found
        });
        if let Some(at) = award {
            used.insert(at);
        }
        let award = award.and_then(|at| awards.get(at));
        let Some(reference_number) = field(contract, "id").and_then(id_string).or_else(|| {
            let id = award_id.clone()?;
            cx.note(
                &path,
                "no contract id: the award id is the reference number",
            );
            Some(id)
        }) else {
            cx.skip(path, "a contract without id or awardID");
            continue;
        };
        if let Some(plan) = contract_plan(
            Some((contract, path.as_str())),
            award,
            reference_number,
            award_id,
            tender,
            vendors,
            cx,
        ) {
            plans.push(plan);
        }
    }
    for (at, award) in awards.iter().enumerate() {
        if used.contains(&at) {
            continue;
        }
        let status = field(award.value, "status").and_then(id_string);
        if let Some(status @ ("cancelled" | "unsuccessful")) = status.as_deref() {
            cx.skip(
                &award.path,
                format!("award {status} and no contract: not a contract"),
            );
            continue;
        }
        let Some(id) = award.id.clone() else {
            cx.skip(&award.path, "an award without id and without contract");
            continue;
        };
        if let Some(plan) =
            contract_plan(None, Some(award), id.clone(), Some(id), tender, vendors, cx)
        {
            plans.push(plan);
        }
    }
    plans
}

fn contract_plan(
    contract: Option<(&Value, &str)>,
    award: Option<&Award<'_>>,
    reference_number: String,
    award_id: Option<String>,
    tender: Option<&Value>,
    vendors: &Vendors,
    cx: &mut Cx,
) -> Option<ContractPlan> {
    // The contract's fields first, the award's as fallback.
    let primary: Option<(&Value, &str)> = contract.or(award.map(|a| (a.value, a.path.as_str())));
    let (main, main_path) = primary?;
    let award_part = award.map(|a| (a.value, a.path.as_str()));
    let from_award_only = contract.is_none();

    let mut title = cx.text(main, "title");
    if title.is_none() {
        title = award_part.and_then(|(a, _)| cx.text(a, "title"));
    }
    if title.is_none() {
        title = item_title(main, main_path, cx)
            .or_else(|| award_part.and_then(|(a, p)| item_title(a, p, cx)));
    }
    let description = cx
        .text(main, "description")
        .or_else(|| award_part.and_then(|(a, _)| cx.text(a, "description")));

    let mut vendor_ids: Vec<String> = Vec::new();
    for (source, source_path) in award_part.into_iter().chain(contract) {
        let count = field(source, "suppliers")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        for j in 0..count {
            if let Some(key) = vendors.key_at(&format!("{source_path}.suppliers[{j}]"))
                && !vendor_ids.contains(key)
            {
                vendor_ids.push(key.clone());
            }
        }
    }
    if vendor_ids.is_empty() {
        cx.note(main_path, "no supplier named: the contract has no vendor");
    }

    let mut value = cx.amount(main, "value", main_path);
    if value.is_none() && !from_award_only {
        value = award_part.and_then(|(a, p)| cx.amount(a, "value", p));
    }

    let own = if from_award_only {
        PeriodPlan::default()
    } else {
        cx.period(main, "period", main_path)
    };
    let from_award = award_part.map_or_else(PeriodPlan::default, |(a, p)| {
        cx.period(a, "contractPeriod", p)
    });
    let period = PeriodPlan {
        start: own.start.or(from_award.start),
        end: own.end.or(from_award.end),
        max_extent: own.max_extent.or(from_award.max_extent),
        duration_in_days: own.duration_in_days.or(from_award.duration_in_days),
    };

    let ocds_status = field(main, "status").and_then(id_string);
    let status = if from_award_only {
        award_contract_status(ocds_status.as_deref(), main_path, cx)
    } else {
        contract_status(ocds_status.as_deref(), period.end, main_path, cx)
    };
    let signed_at = if from_award_only {
        None
    } else {
        cx.date(main, "dateSigned", main_path)
    };

    let end_key = if from_award_only {
        "contractPeriod"
    } else {
        "period"
    };
    let amendments = amendments(main, main_path, value.as_ref(), period.end, end_key, cx);

    let renewal = renewal_for(contract, award, tender, cx);

    let mut categories = categories(main, main_path, cx);
    if categories.is_empty()
        && !from_award_only
        && let Some((a, p)) = award_part
    {
        categories = self::categories(a, p, cx);
    }
    let mut documents = documents(main, main_path, cx);
    if !from_award_only && let Some((a, p)) = award_part {
        documents.extend(self::documents(a, p, cx));
    }

    Some(ContractPlan {
        reference_number,
        award_id,
        from_award_only,
        title,
        description,
        vendor_ids,
        value,
        period,
        status,
        ocds_status,
        signed_at,
        amendments,
        renewal,
        categories,
        documents,
        indefinite_quantity: field(main, "indefiniteQuantity").and_then(Value::as_bool)
            == Some(true),
        equity: equity(main, main_path, cx),
        renewal_options: renewal_options(main, main_path, cx),
    })
}

/// Contract Watch's `equityLabels` and `inHouseBaseline` on a tender or contract.
fn equity(parent: &Value, path: &str, cx: &mut Cx) -> Option<EquityPlan> {
    let labels = field(parent, "equityLabels");
    let baseline = field(parent, "inHouseBaseline").filter(|b| b.is_object());
    if labels.is_none() && baseline.is_none() {
        return None;
    }
    let mut plan = EquityPlan::default();
    let list_path = child(path, "equityLabels");
    for (i, label) in array(parent, "equityLabels", &list_path, cx) {
        match label.as_str() {
            Some(key) if crate::domain::labels::Label::from_key(key).is_some() => {
                plan.labels.push(key.to_owned());
            }
            _ => cx.skip(
                format!("{list_path}[{i}]"),
                format!("unknown equity label {}", short(label)),
            ),
        }
    }
    if let Some(baseline) = baseline {
        let at = child(path, "inHouseBaseline");
        plan.positions_fte = field(baseline, "positionsFte")
            .and_then(Value::as_f64)
            .filter(|f| *f >= 0.0);
        plan.annual_cost = cx.amount(baseline, "annualCost", &at);
        plan.bargaining_unit = cx.text(baseline, "bargainingUnit");
    }
    Some(plan)
}

/// Contract Watch's `renewalOptions` on a contract.
fn renewal_options(parent: &Value, path: &str, cx: &mut Cx) -> Vec<RenewalOptionPlan> {
    let mut plans = Vec::new();
    let list_path = child(path, "renewalOptions");
    for (i, option) in array(parent, "renewalOptions", &list_path, cx) {
        let at = format!("{list_path}[{i}]");
        let period = cx.period(option, "period", &at);
        let sequence = field(option, "sequence")
            .and_then(Value::as_i64)
            .and_then(|n| i32::try_from(n).ok())
            .filter(|n| *n >= 1);
        let deadline = cx.date(option, "decisionDeadline", &at);
        let (Some(sequence), Some(start), Some(end), Some(deadline)) =
            (sequence, period.start, period.end, deadline)
        else {
            cx.skip(
                at,
                "a renewal option needs its sequence, period and decision deadline",
            );
            continue;
        };
        plans.push(RenewalOptionPlan {
            sequence,
            starts_on: start.date,
            ends_on: end.date,
            value_minor: cx.amount(option, "value", &at).map(|a| a.minor_units),
            decision_deadline: deadline.date,
            exercised: field(option, "exercised").and_then(Value::as_bool) == Some(true),
            exercised_on: cx.date(option, "exercisedDate", &at).map(|d| d.date),
        });
    }
    plans
}

/// OCDS `contracts[].status` (the `contractStatus` codelist).
fn contract_status(
    status: Option<&str>,
    end: Option<OcdsDate>,
    path: &str,
    cx: &mut Cx,
) -> Option<&'static str> {
    use contract_status::*;
    match status {
        Some("pending") => Some(PENDING),
        Some("active") => Some(ACTIVE),
        // OCDS `terminated` covers both running its course and early termination: a contract
        // whose end date had passed when the data was published ran its course.
        Some("terminated") => match (end, cx.as_of) {
            (Some(end), Some(now)) if end.at <= now => Some(EXPIRED),
            _ => Some(TERMINATED),
        },
        Some("cancelled") => {
            cx.note(
                child(path, "status"),
                "cancelled before it was signed: terminated",
            );
            Some(TERMINATED)
        }
        Some(other) => {
            cx.skip(
                child(path, "status"),
                format!("unknown contract status {other:?}"),
            );
            None
        }
        None => None,
    }
}

/// The status of a contract known only from its award (`awardStatus` codelist).
fn award_contract_status(status: Option<&str>, path: &str, cx: &mut Cx) -> Option<&'static str> {
    use contract_status::*;
    match status {
        Some("pending") => Some(PENDING),
        Some("active") => Some(ACTIVE),
        None => {
            cx.note(
                path,
                "an award without status and without contract: taken as an active contract",
            );
            Some(ACTIVE)
        }
        Some(other) => {
            cx.skip(
                child(path, "status"),
                format!("unknown award status {other:?}"),
            );
            None
        }
    }
}

/// The renewal terms of a contract: its own, else its award's, else its award's lots', else
/// the tender's.
fn renewal_for(
    contract: Option<(&Value, &str)>,
    award: Option<&Award<'_>>,
    tender: Option<&Value>,
    cx: &mut Cx,
) -> Option<RenewalTerms> {
    if let Some(terms) = contract.and_then(|(c, p)| renewal_terms(c, p, cx)) {
        return Some(terms);
    }
    if let Some(award) = award {
        if let Some(terms) = renewal_terms(award.value, &award.path, cx) {
            return Some(terms);
        }
        let related: Vec<String> = field(award.value, "relatedLots")
            .and_then(Value::as_array)
            .map(|ids| ids.iter().filter_map(id_string).collect())
            .unwrap_or_default();
        if let Some(tender) = tender {
            let lots = field(tender, "lots").and_then(Value::as_array);
            for (i, lot) in lots.into_iter().flatten().enumerate() {
                let matches = field(lot, "id")
                    .and_then(id_string)
                    .is_some_and(|id| related.contains(&id));
                if matches && let Some(terms) = renewal_terms(lot, &format!("tender.lots[{i}]"), cx)
                {
                    return Some(terms);
                }
            }
        }
    }
    tender.and_then(|t| renewal_terms(t, "tender", cx))
}

/// The renewal extension's `hasRenewal` and `renewal` on a tender, lot, award or contract.
fn renewal_terms(parent: &Value, path: &str, cx: &mut Cx) -> Option<RenewalTerms> {
    let has_renewal = match field(parent, "hasRenewal") {
        None => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(other) => {
            cx.skip(
                child(path, "hasRenewal"),
                format!("not a boolean: {}", short(other)),
            );
            None
        }
    };
    let renewal = field(parent, "renewal").filter(|r| {
        if r.is_object() {
            true
        } else {
            cx.skip(
                child(path, "renewal"),
                format!("not an object: {}", short(r)),
            );
            false
        }
    });
    if has_renewal.is_none() && renewal.is_none() {
        return None;
    }
    let mut terms = RenewalTerms {
        source: if path.is_empty() {
            "$".to_owned()
        } else {
            path.to_owned()
        },
        has_renewal,
        description: None,
        minimum_renewals: None,
        maximum_renewals: None,
        period: None,
    };
    if let Some(renewal) = renewal {
        let renewal_path = child(path, "renewal");
        terms.description = cx.text(renewal, "description");
        terms.minimum_renewals =
            field(renewal, "minimumRenewals").and_then(|v| match whole_number(v) {
                Some(n) if (0.0..=f64::from(u32::MAX)).contains(&n) => Some(n as u32),
                _ => {
                    cx.skip(
                        child(&renewal_path, "minimumRenewals"),
                        format!("not a usable number of renewals: {}", short(v)),
                    );
                    None
                }
            });
        terms.maximum_renewals = field(renewal, "maximumRenewals").and_then(|v| {
            let number = v
                .as_f64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse::<f64>().ok()));
            match number {
                // `1e9999` ("no maximum"), read as `f64::MAX`, or any count no contract reaches.
                Some(n) if n >= NO_MAXIMUM_FROM => Some(RenewalMaximum::NoMaximum),
                Some(n) if n >= 0.0 && n.fract() == 0.0 => Some(RenewalMaximum::Count(n as u32)),
                _ => {
                    cx.skip(
                        child(&renewal_path, "maximumRenewals"),
                        format!("not a usable number of renewals: {}", short(v)),
                    );
                    None
                }
            }
        });
        let period = cx.period(renewal, "period", &renewal_path);
        terms.period = (!period.is_empty()).then_some(period);
    }
    Some(terms)
}

/// `amendments` and the deprecated `amendment` of a tender, award or contract.
///
/// `current_value` and `current_end` are the values after every amendment; with the
/// deprecated `changes` (former values), they give each amendment's value change and new end.
fn amendments(
    parent: &Value,
    path: &str,
    current_value: Option<&Amount>,
    current_end: Option<OcdsDate>,
    period_key: &str,
    cx: &mut Cx,
) -> Vec<AmendmentPlan> {
    let mut found: Vec<(String, &Value)> = Vec::new();
    let list_path = child(path, "amendments");
    for (i, amendment) in array(parent, "amendments", &list_path, cx) {
        found.push((format!("{list_path}[{i}]"), amendment));
    }
    if let Some(amendment) = field(parent, "amendment") {
        found.push((child(path, "amendment"), amendment));
    }
    let mut plans = Vec::new();
    // Former values from `changes`, per amendment.
    let mut former_values: Vec<Option<Amount>> = Vec::new();
    let mut former_ends: Vec<Option<OcdsDate>> = Vec::new();
    // Contract Watch's extension says what each amendment changed outright.
    let mut stated: Vec<(Option<i64>, Option<OcdsDate>)> = Vec::new();
    for (path, amendment) in found {
        if !amendment.is_object() {
            cx.skip(path, format!("not an object: {}", short(amendment)));
            continue;
        }
        let (former_value, former_end) = former(amendment, &path, current_value, period_key, cx);
        former_values.push(former_value);
        former_ends.push(former_end);
        stated.push((
            cx.signed_amount(amendment, "valueChange", &path)
                .map(|a| a.minor_units),
            cx.date(amendment, "newEndDate", &path),
        ));
        plans.push(AmendmentPlan {
            id: field(amendment, "id").and_then(id_string),
            date: cx.date(amendment, "date", &path),
            rationale: cx.text(amendment, "rationale"),
            description: cx.text(amendment, "description"),
            amends_release_id: field(amendment, "amendsReleaseID").and_then(id_string),
            release_id: field(amendment, "releaseID").and_then(id_string),
            value_change_minor: None,
            new_end_date: None,
        });
    }
    for (i, plan) in plans.iter_mut().enumerate() {
        if let Some(Some(before)) = former_values.get(i) {
            let after = former_values
                .iter()
                .skip(i + 1)
                .find_map(Option::as_ref)
                .or(current_value);
            if let Some(after) = after.filter(|a| a.currency == before.currency) {
                plan.value_change_minor = Some(after.minor_units - before.minor_units);
            }
        }
        if let Some(Some(_)) = former_ends.get(i) {
            plan.new_end_date = former_ends
                .iter()
                .skip(i + 1)
                .find_map(|e| *e)
                .or(current_end);
        }
        if let Some((change, end)) = stated.get(i) {
            if change.is_some() {
                plan.value_change_minor = *change;
            }
            if end.is_some() {
                plan.new_end_date = *end;
            }
        }
    }
    plans
}

/// The former value and end date an amendment's deprecated `changes` give.
fn former(
    amendment: &Value,
    path: &str,
    current_value: Option<&Amount>,
    period_key: &str,
    cx: &mut Cx,
) -> (Option<Amount>, Option<OcdsDate>) {
    let mut value = None;
    let mut end = None;
    let changes_path = child(path, "changes");
    for (i, change) in array(amendment, "changes", &changes_path, cx) {
        let change_path = format!("{changes_path}[{i}]");
        let Some(property) = field(change, "property").and_then(Value::as_str) else {
            continue;
        };
        let Some(former_value) = field(change, "former_value") else {
            continue;
        };
        let wrapper = serde_json::json!({ "former_value": former_value });
        match property.trim() {
            "value" => value = cx.amount(&wrapper, "former_value", &change_path),
            "value.amount" => {
                // The currency is the current value's.
                if let Some(currency) = current_value.map(|v| v.currency.clone()) {
                    let object = serde_json::json!({
                        "former_value": { "amount": former_value, "currency": currency }
                    });
                    value = cx.amount(&object, "former_value", &change_path);
                }
            }
            p if p == format!("{period_key}.endDate") => {
                end = cx.date(&wrapper, "former_value", &change_path);
            }
            p if p == period_key => {
                end = field(former_value, "endDate").and_then(|_| {
                    cx.date(
                        former_value,
                        "endDate",
                        &child(&change_path, "former_value"),
                    )
                });
            }
            _ => {}
        }
    }
    (value, end)
}

fn documents(parent: &Value, path: &str, cx: &mut Cx) -> Vec<DocumentPlan> {
    let mut plans = Vec::new();
    let list_path = child(path, "documents");
    for (i, document) in array(parent, "documents", &list_path, cx) {
        let path = format!("{list_path}[{i}]");
        if !document.is_object() {
            cx.skip(path, format!("not an object: {}", short(document)));
            continue;
        }
        let Some(url) = field(document, "url").and_then(non_empty) else {
            cx.skip(path, "a document without url: nothing to link to");
            continue;
        };
        plans.push(DocumentPlan {
            id: field(document, "id").and_then(id_string),
            title: cx.text(document, "title"),
            url,
            document_type: field(document, "documentType").and_then(id_string),
            published_at: cx.date(document, "datePublished", &path),
        });
    }
    plans
}

fn categories(parent: &Value, path: &str, cx: &mut Cx) -> Vec<CategoryPlan> {
    let mut plans: Vec<CategoryPlan> = Vec::new();
    let items_path = child(path, "items");
    for (i, item) in array(parent, "items", &items_path, cx) {
        let item_path = format!("{items_path}[{i}]");
        let mut found: Vec<(String, &Value)> = Vec::new();
        if let Some(classification) = field(item, "classification") {
            found.push((child(&item_path, "classification"), classification));
        }
        let more_path = child(&item_path, "additionalClassifications");
        for (j, classification) in array(item, "additionalClassifications", &more_path, cx) {
            found.push((format!("{more_path}[{j}]"), classification));
        }
        for (path, classification) in found {
            let scheme = field(classification, "scheme").and_then(id_string);
            let code = field(classification, "id").and_then(id_string);
            let (Some(scheme), Some(code)) = (scheme, code) else {
                cx.skip(path, "a classification without scheme or id");
                continue;
            };
            if plans.iter().any(|p| p.scheme == scheme && p.code == code) {
                continue;
            }
            plans.push(CategoryPlan {
                scheme,
                code,
                description: cx.text(classification, "description"),
            });
        }
    }
    plans
}

/// A title from the first item's description, when the object has no title (Montréal).
fn item_title(parent: &Value, path: &str, cx: &mut Cx) -> Option<String> {
    let items = field(parent, "items")?.as_array()?;
    let (i, description) = items
        .iter()
        .enumerate()
        .find_map(|(i, item)| cx.text(item, "description").map(|d| (i, d)))?;
    cx.note(
        format!("{path}.items[{i}].description"),
        "no title: the item's description is the title",
    );
    Some(cut(&description, MAX_FALLBACK_TITLE))
}

// ---------------------------------------------------------------------------------------------
// JSON helpers.

/// A field that is present and not `null`.
fn field<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    value.get(key).filter(|v| !v.is_null())
}

/// The elements of an array field; a field that is not an array is skipped.
fn array<'a>(parent: &'a Value, key: &str, path: &str, cx: &mut Cx) -> Vec<(usize, &'a Value)> {
    match field(parent, key) {
        None => Vec::new(),
        Some(Value::Array(items)) => items.iter().enumerate().collect(),
        Some(other) => {
            cx.skip(path, format!("not an array: {}", short(other)));
            Vec::new()
        }
    }
}

/// An identifier: a non-empty string (trimmed), or a number's text.
fn id_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn non_empty(value: &Value) -> Option<String> {
    value
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A number (or numeric string) with no fractional part.
fn whole_number(value: &Value) -> Option<f64> {
    let number = value
        .as_f64()
        .or_else(|| value.as_str().and_then(|s| s.trim().parse::<f64>().ok()))?;
    (number.is_finite() && number.fract() == 0.0).then_some(number)
}

/// A BCP 47-like language tag: `en`, `fr`, `en-GB`, `zh-Hans`.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() || path == "$" {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A value for a message: at most 60 characters.
fn short(value: &Value) -> String {
    cut(&value.to_string(), 60)
}

fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
        None => text.to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::convert::Infallible;
    use std::path::{Path, PathBuf};

    use serde_json::json;

    use super::*;
    use crate::ocds::{merge, read};

    fn fixture_root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ocds")
    }

    fn read_items(path: &Path) -> Vec<read::Item> {
        let mut items = Vec::new();
        read::for_each_item(read::open(path).unwrap(), |item| {
            items.push(item);
            Ok::<(), Infallible>(())
        })
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        items
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn fictional_compiled() -> Value {
        let items = read_items(&fixture_root().join("fictional/ocds-213czf-000-00001.json"));
        let releases: Vec<Value> = items
            .into_iter()
            .map(|item| match item {
                read::Item::Release { value, .. } => value,
                read::Item::Record { .. } => panic!("a release package"),
            })
            .collect();
        assert_eq!(releases.len(), 6);
        merge::compile(&releases).unwrap().release
    }

    fn paths(issues: &[Skip]) -> Vec<&str> {
        issues.iter().map(|s| s.path.as_str()).collect()
    }

    #[test]
    fn the_fictional_example_maps_to_what_it_holds() {
        let mapped = map_release(&fictional_compiled());
        let plan = mapped.plan.expect("a plan");
        assert_eq!(plan.ocid, "ocds-213czf-000-00001");
        assert_eq!(plan.as_of.unwrap().at, utc("2011-01-10T09:30:00Z"));

        assert_eq!(
            plan.agency,
            Some(AgencyPlan {
                party_id: Some("GB-LAC-E09000003".into()),
                name: "London Borough of Barnet".into(),
                scheme: Some("GB-LAC".into()),
                identifier: Some("E09000003".into()),
            })
        );

        assert_eq!(
            plan.vendors,
            [
                VendorPlan {
                    party_id: "GB-COH-11111111".into(),
                    name: "AnyCorp Cycle Provision".into(),
                    identifiers: vec![VendorIdentifier {
                        scheme: "GB-COH".into(),
                        identifier: "11111111.0".into(),
                    }],
                    is_supplier: true,
                    is_tenderer: true,
                },
                VendorPlan {
                    party_id: "GB-COH-22222222".into(),
                    name: "Beta Corp Construction".into(),
                    identifiers: vec![VendorIdentifier {
                        scheme: "GB-COH".into(),
                        identifier: "22222222.0".into(),
                    }],
                    is_supplier: false,
                    is_tenderer: true,
                },
            ]
        );

        let s = plan.solicitation.expect("a solicitation");
        assert_eq!(s.reference_number, "ocds-213czf-000-00001-01-tender");
        assert_eq!(s.title.as_deref(), Some("Planned cycle lane improvements"));
        assert_eq!(
            s.description.as_deref(),
            Some("Tenders solicited for work to build new cycle lanes in the centre of town.")
        );
        assert_eq!(s.method, Some(procurement_method::RFP));
        assert_eq!(s.ocds_method.as_deref(), Some("open"));
        assert!(
            s.method_details
                .as_deref()
                .unwrap()
                .starts_with("In open procedures, any interested economic operator")
        );
        // `complete`, with an active award.
        assert_eq!(s.status, Some(solicitation_status::AWARDED));
        assert_eq!(s.ocds_status.as_deref(), Some("complete"));
        assert_eq!(
            s.estimated_value,
            Some(Amount {
                minor_units: 110_000_000,
                currency: "GBP".into()
            })
        );
        assert_eq!(s.bids_due_at.unwrap().at, utc("2010-04-08T18:00:00Z"));
        assert_eq!(s.questions_due_at.unwrap().at, utc("2010-03-14T17:30:00Z"));
        assert_eq!(s.published_at.unwrap().at, utc("2010-03-01T09:00:00Z"));
        let documents: Vec<(&str, &str, Option<&str>)> = s
            .documents
            .iter()
            .map(|d| {
                (
                    d.title.as_deref().unwrap(),
                    d.url.as_str(),
                    d.document_type.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            documents,
            [
                (
                    "Consultation on cycle provision",
                    "http://example.com/consultations/cycle-provision/",
                    Some("x_consultationDocument")
                ),
                (
                    "Tender Notice",
                    "http://example.com/tender-notices/ocds-213czf-000-00001-01.html",
                    Some("tenderNotice")
                ),
                (
                    "Enquiry Responses",
                    "http://example.com/enquiry-response/ocds-213czf-000-00001-01.html",
                    Some("clarifications")
                ),
            ]
        );
        // "Map of affected areas" is offline only.
        assert!(
            mapped
                .skipped
                .iter()
                .any(|s| s.path == "tender.documents[1]" && s.reason.contains("without url"))
        );
        assert_eq!(
            s.categories,
            [
                CategoryPlan {
                    scheme: "CPV".into(),
                    code: "45233130.0".into(),
                    description: Some("Construction work for highways".into()),
                },
                CategoryPlan {
                    scheme: "CPV".into(),
                    code: "45233162-2".into(),
                    description: Some("Cycle path construction work".into()),
                },
            ]
        );
        assert_eq!(
            s.amendments,
            [AmendmentPlan {
                id: Some("1.0".into()),
                date: parse_date("2010-03-20T09:45:00Z"),
                rationale: Some(
                    "The tender period has been extended in accordance with council guidelines"
                        .into()
                ),
                description: Some(
                    "The closing date for tender submissions has been extended to 2017-04-08"
                        .into()
                ),
                amends_release_id: Some("ocds-213czf-000-00001-02-tender".into()),
                release_id: Some("ocds-213czf-000-00001-03-tenderAmendment".into()),
                value_change_minor: None,
                new_end_date: None,
            }]
        );
        assert_eq!(s.tenderer_ids, ["GB-COH-11111111", "GB-COH-22222222"]);
        assert_eq!(s.renewal, None);

        let [c] = plan.contracts.as_slice() else {
            panic!("one contract: {:?}", plan.contracts)
        };
        assert_eq!(c.reference_number, "ocds-213czf-000-00001-contract-01");
        assert_eq!(
            c.award_id.as_deref(),
            Some("ocds-213czf-000-00001-award-01")
        );
        assert!(!c.from_award_only);
        assert_eq!(
            c.title.as_deref(),
            Some("Contract to build new cycle lanes in the centre of town.")
        );
        assert!(
            c.description
                .as_deref()
                .unwrap()
                .starts_with("A contract has been signed")
        );
        assert_eq!(c.vendor_ids, ["GB-COH-11111111"]);
        assert_eq!(
            c.value,
            Some(Amount {
                minor_units: 1_100_000_000,
                currency: "GBP".into()
            })
        );
        assert_eq!(c.period.start.unwrap().at, utc("2010-07-01T00:00:00Z"));
        assert_eq!(c.period.end.unwrap().at, utc("2011-06-30T23:59:00Z"));
        assert_eq!(c.period.max_extent.unwrap().at, utc("2011-12-31T23:59:00Z"));
        assert_eq!(
            c.period.end.unwrap().date,
            NaiveDate::from_ymd_opt(2011, 6, 30).unwrap()
        );
        assert_eq!(c.status, Some(contract_status::ACTIVE));
        assert_eq!(c.signed_at.unwrap().at, utc("2010-06-10T14:23:12Z"));
        assert!(c.amendments.is_empty());
        assert_eq!(c.renewal, None);
        assert_eq!(
            c.documents
                .iter()
                .map(|d| d.url.as_str())
                .collect::<Vec<_>>(),
            [
                "http://example.com/contracts/ocds-213czf-000-00001",
                "http://example.com/tender-notices/ocds-213czf-000-00001-04.html",
            ]
        );
        assert_eq!(c.categories.len(), 2);

        // Nothing else was left out, and every date had its offset.
        assert_eq!(paths(&mapped.skipped), ["tender.documents[1]"]);
        assert!(mapped.notes.is_empty(), "{:?}", mapped.notes);
    }

    #[test]
    fn the_published_compiled_release_maps_like_the_merged_one() {
        let items = read_items(&fixture_root().join("fictional/record/ocds-213czf-000-00001.json"));
        let [
            read::Item::Record {
                compiled: Some(published),
                ..
            },
        ] = items.as_slice()
        else {
            panic!("one record with its compiled release")
        };
        assert_eq!(map_release(published), map_release(&fictional_compiled()));
    }

    /// Every release and record of a publisher's sample, compiled, with where it came from.
    fn sample(publisher: &str) -> Vec<(String, Value)> {
        let mut compiled = Vec::new();
        for folder in ["records", "releases"] {
            let dir = fixture_root().join(publisher).join("sample").join(folder);
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            for file in files {
                let name = file.file_name().unwrap().to_string_lossy().into_owned();
                for item in read_items(&file) {
                    match item {
                        read::Item::Release { value, .. } => {
                            let release = merge::compile(&[value]).unwrap().release;
                            compiled.push((format!("{name} (release)"), release));
                        }
                        read::Item::Record {
                            releases,
                            compiled: published,
                            ..
                        } => {
                            if let Some(published) = published {
                                compiled.push((format!("{name} (published)"), published));
                            }
                            let merged = merge::compile(&releases).unwrap().release;
                            compiled.push((format!("{name} (merged)"), merged));
                        }
                    }
                }
            }
        }
        compiled
    }

    fn check_keys(plan: &ProcessPlan) {
        if let Some(s) = &plan.solicitation {
            assert!(
                s.method
                    .is_none_or(|m| procurement_method::ALL.contains(&m))
            );
            assert!(
                s.status
                    .is_none_or(|m| solicitation_status::ALL.contains(&m))
            );
        }
        for c in &plan.contracts {
            assert!(c.status.is_none_or(|m| contract_status::ALL.contains(&m)));
            for id in &c.vendor_ids {
                assert!(plan.vendors.iter().any(|v| &v.party_id == id), "{id}");
            }
        }
    }

    #[test]
    fn every_real_sample_maps_to_a_plan_or_named_skips() {
        for publisher in [
            "real/uk-contracts-finder",
            "real/canada/buyandsell",
            "real/canada/montreal",
        ] {
            let releases = sample(publisher);
            assert!(releases.len() >= 20, "{publisher}: {}", releases.len());
            for (name, release) in releases {
                let mapped = map_release(&release);
                match &mapped.plan {
                    Some(plan) => {
                        assert!(!plan.ocid.is_empty());
                        assert!(plan.agency.is_some(), "{name}: {:?}", mapped.skipped);
                        check_keys(plan);
                    }
                    None => assert!(!mapped.skipped.is_empty(), "{name}: no plan, no skip"),
                }
                for issue in mapped.skipped.iter().chain(&mapped.notes) {
                    assert!(!issue.path.is_empty() && !issue.reason.is_empty(), "{name}");
                }
            }
        }
    }

    #[test]
    fn uk_contracts_finder_tenders_are_solicitations_without_contracts() {
        for (name, release) in sample("real/uk-contracts-finder") {
            let plan = map_release(&release)
                .plan
                .unwrap_or_else(|| panic!("{name}"));
            let s = plan.solicitation.unwrap_or_else(|| panic!("{name}"));
            assert!(plan.contracts.is_empty(), "{name}");
            assert_eq!(s.estimated_value.as_ref().unwrap().currency, "GBP");
            assert!(s.title.is_some() && s.bids_due_at.is_some(), "{name}");
            // `unsuccessful` or `active`, before bids were due.
            assert!(
                [solicitation_status::CANCELLED, solicitation_status::OPEN]
                    .contains(&s.status.unwrap()),
                "{name}: {:?}",
                s.status
            );
            assert!(s.method.is_none(), "Contracts Finder gives no method");
            assert!(!s.categories.is_empty());
        }
        let met_office = sample("real/uk-contracts-finder")
            .into_iter()
            .find(|(name, _)| {
                name.starts_with("ocds-b5fd17-2c330cf9") && name.ends_with("(merged)")
            })
            .unwrap()
            .1;
        let plan = map_release(&met_office).plan.unwrap();
        assert_eq!(plan.agency.unwrap().name, "Met Office");
        let s = plan.solicitation.unwrap();
        // Titles are trimmed.
        assert_eq!(
            s.title.as_deref(),
            Some(
                "Climate Science for Service Partnership (CSSP): Calls for Expressions of Interest"
            )
        );
        assert_eq!(s.estimated_value.unwrap().minor_units, 46_450_000);
        assert_eq!(s.status, Some(solicitation_status::CANCELLED));
    }

    #[test]
    fn buyandsell_contracts_have_english_titles_dates_as_utc_and_their_amendment() {
        let releases = sample("real/canada/buyandsell");
        let (_, release) = releases
            .iter()
            .find(|(_, r)| r["ocid"] == "ocds-34a6hz-01044-060931/001/USW")
            .unwrap();
        let mapped = map_release(release);
        let plan = mapped.plan.unwrap();
        // `buyer.name` is empty; the party has `name_en` and `name_fr`.
        assert_eq!(
            plan.agency.unwrap().name,
            "Agriculture and Agri-Food Canada"
        );
        assert!(plan.solicitation.is_none());
        let [c] = plan.contracts.as_slice() else {
            panic!("one contract")
        };
        assert_eq!(c.reference_number, "01044-060931/001/USW");
        assert_eq!(
            c.title.as_deref(),
            Some("Other Cryptologic Equipment and Components")
        );
        assert_eq!(
            c.value,
            Some(Amount {
                minor_units: 14_959_700,
                currency: "CAD".into()
            })
        );
        assert_eq!(c.period.start.unwrap().precision, DatePrecision::DateOnly);
        assert_eq!(
            c.period.end.unwrap().date,
            NaiveDate::from_ymd_opt(2015, 6, 4).unwrap()
        );
        assert_eq!(c.status, Some(contract_status::ACTIVE));
        assert!(c.vendor_ids.is_empty(), "buyandsell names no supplier");
        let [amendment] = c.amendments.as_slice() else {
            panic!("the deprecated `amendment`")
        };
        assert_eq!(
            amendment.date.unwrap().date,
            NaiveDate::from_ymd_opt(2015, 6, 3).unwrap()
        );
        assert!(
            amendment
                .rationale
                .as_deref()
                .unwrap()
                .starts_with("amendmentNumber: 001")
        );
        assert_eq!(amendment.value_change_minor, None);
        assert_eq!(
            c.categories,
            [CategoryPlan {
                scheme: "GSIN".into(),
                code: "N5811".into(),
                description: None
            }]
        );
        let notes = paths(&mapped.notes);
        assert!(
            notes.contains(&"contracts[0].period.startDate"),
            "{notes:?}"
        );
        assert!(notes.contains(&"contracts[0].amendment.date"), "{notes:?}");
        assert!(notes.contains(&"contracts[0].awardID"), "{notes:?}");
    }

    #[test]
    fn a_montreal_award_without_tender_is_a_contract_and_no_solicitation() {
        let releases = sample("real/canada/montreal");
        let mut awards = 0;
        for (name, release) in &releases {
            let mapped = map_release(release);
            let plan = mapped
                .plan
                .unwrap_or_else(|| panic!("{name}: {:?}", mapped.skipped));
            assert!(plan.solicitation.is_none(), "{name}");
            assert!(mapped.skipped.iter().any(|s| s.path == "tender"), "{name}");
            assert!(!plan.contracts.is_empty(), "{name}");
            for c in &plan.contracts {
                assert!(c.from_award_only);
                assert_eq!(c.value.as_ref().unwrap().currency, "CAD");
                assert_eq!(c.vendor_ids.len(), 1, "{name}");
                assert!(c.title.is_some(), "{name}: a title from the item");
                awards += 1;
            }
        }
        assert!(awards >= 20);

        let (_, release) = releases
            .iter()
            .find(|(name, _)| {
                name.starts_with("ocds-a1234567-mt-063635891f001755a1637786dd047485f3dcfaf6")
                    && name.ends_with("(merged)")
            })
            .unwrap();
        let mapped = map_release(release);
        let plan = mapped.plan.unwrap();
        let agency = plan.agency.unwrap();
        assert_eq!(agency.name, "Infrastructures, voirie et transports");
        assert_eq!(
            agency.identifier.as_deref(),
            Some("infrastructures-voirie-et-transports")
        );
        assert_eq!(agency.scheme, None);
        let [vendor] = plan.vendors.as_slice() else {
            panic!("one vendor")
        };
        assert_eq!(
            vendor.name,
            "CENTRE DE TECHNOLOGIE PHYSIQUE ET PHOTONIQUE DE MONTREAL"
        );
        assert!(
            vendor.identifiers.is_empty(),
            "a slug without scheme is no identifier"
        );
        assert!(vendor.is_supplier);
        let [c] = plan.contracts.as_slice() else {
            panic!("one contract")
        };
        assert_eq!(c.reference_number, "1108514");
        assert_eq!(c.award_id.as_deref(), Some("1108514"));
        assert_eq!(c.vendor_ids, ["8ac86939e82643f7105d0f94c1dab4c0"]);
        assert_eq!(
            c.value,
            Some(Amount {
                minor_units: 892_394,
                currency: "CAD".into()
            })
        );
        assert!(
            c.title
                .as_deref()
                .unwrap()
                .starts_with("Évaluation d'un panneau lumineux")
        );
        assert!(c.title.as_deref().unwrap().chars().count() <= MAX_FALLBACK_TITLE + 1);
        assert_eq!(c.status, Some(contract_status::ACTIVE));
        assert_eq!(c.period, PeriodPlan::default());
        // The release date keeps its -04:00 offset.
        let as_of = plan.as_of.unwrap();
        assert_eq!(as_of.at, utc("2017-05-27T04:00:00Z"));
        assert_eq!(as_of.date, NaiveDate::from_ymd_opt(2017, 5, 27).unwrap());
    }

    #[test]
    fn amounts_are_exact_decimals() {
        let cents = |v: Value| amount_to_minor(&v, 2);
        assert_eq!(cents(json!("1234.5")).unwrap().minor_units, 123_450);
        assert_eq!(cents(json!(1234.56)).unwrap().minor_units, 123_456);
        assert_eq!(cents(json!(8923.94)).unwrap().minor_units, 892_394);
        assert_eq!(cents(json!(11000000)).unwrap().minor_units, 1_100_000_000);
        assert_eq!(cents(json!(" 12 ")).unwrap().minor_units, 1200);
        assert_eq!(cents(json!("1.5e3")).unwrap().minor_units, 150_000);
        assert_eq!(cents(json!("-0")).unwrap().minor_units, 0);
        assert_eq!(cents(json!(0.0)).unwrap().minor_units, 0);
        // Float noise is not a rounding worth noting; real extra decimals are.
        let noise = cents(json!(0.1 + 0.2)).unwrap();
        assert_eq!((noise.minor_units, noise.rounded), (30, false));
        let sum = cents(json!(1234.56 + 0.01)).unwrap();
        assert_eq!((sum.minor_units, sum.rounded), (123_457, false));
        let extra = cents(json!("10.005")).unwrap();
        assert_eq!((extra.minor_units, extra.rounded), (1001, true));
        assert_eq!(cents(json!(1.005)).unwrap().minor_units, 101);
        assert_eq!(cents(json!("0.004")).unwrap().minor_units, 0);
        // Other exponents.
        assert_eq!(
            amount_to_minor(&json!(1000), currency_exponent("JPY"))
                .unwrap()
                .minor_units,
            1000
        );
        assert_eq!(
            amount_to_minor(&json!("1.2345"), currency_exponent("KWD"))
                .unwrap()
                .minor_units,
            1235
        );
        // Huge, negative, not numbers.
        assert_eq!(
            cents(json!(12_345_678_901_234.5)).unwrap().minor_units,
            1_234_567_890_123_450
        );
        assert_eq!(
            cents(json!("999999999999999.99")).unwrap().minor_units,
            99_999_999_999_999_999
        );
        assert!(matches!(cents(json!(1e15)), Err(AmountError::TooLarge(_))));
        assert!(matches!(
            cents(json!("1000000000000000")),
            Err(AmountError::TooLarge(_))
        ));
        assert!(matches!(cents(json!(1e300)), Err(AmountError::TooLarge(_))));
        assert!(matches!(
            cents(json!(f64::MAX)),
            Err(AmountError::TooLarge(_))
        ));
        assert!(matches!(
            cents(json!(u64::MAX)),
            Err(AmountError::TooLarge(_))
        ));
        assert!(matches!(
            cents(json!("1e9999")),
            Err(AmountError::TooLarge(_))
        ));
        assert!(matches!(
            cents(json!("123456789012345678901234567890")),
            Err(AmountError::TooLarge(_))
        ));
        assert_eq!(cents(json!("1e-9999")).unwrap().minor_units, 0);
        assert!(matches!(cents(json!(-5)), Err(AmountError::Negative(_))));
        assert!(matches!(
            cents(json!("-0.01")),
            Err(AmountError::Negative(_))
        ));
        for bad in [
            json!("1,234.50"),
            json!(""),
            json!("abc"),
            json!("NaN"),
            json!("."),
            json!(true),
        ] {
            assert!(
                matches!(cents(bad.clone()), Err(AmountError::NotANumber(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn bad_amounts_are_skipped_with_their_path() {
        let mapped = map_release(&json!({
            "ocid": "ocds-x-1",
            "buyer": {"name": "Parks"},
            "tender": {"id": "T1", "value": {"amount": -100, "currency": "USD"}},
            "awards": [
                {"id": "A1", "status": "active", "value": {"amount": "12.345", "currency": "usd"}},
                {"id": "A2", "status": "active", "value": {"amount": 1e300, "currency": "USD"}},
                {"id": "A3", "status": "active", "value": {"amount": 5}},
                {"id": "A4", "status": "unsuccessful"},
            ]
        }));
        let plan = mapped.plan.unwrap();
        assert_eq!(plan.solicitation.unwrap().estimated_value, None);
        let values: Vec<Option<i64>> = plan
            .contracts
            .iter()
            .map(|c| c.value.as_ref().map(|v| v.minor_units))
            .collect();
        assert_eq!(values, [Some(1235), None, None]);
        assert_eq!(plan.contracts[0].value.as_ref().unwrap().currency, "USD");
        assert_eq!(
            paths(&mapped.skipped),
            [
                "tender.value.amount",
                "awards[1].value.amount",
                "awards[2].value.amount",
                "awards[3]"
            ]
        );
        assert!(mapped.skipped[0].reason.contains("negative"));
        assert!(mapped.skipped[1].reason.contains("absurd"));
        assert!(
            mapped
                .notes
                .iter()
                .any(|n| n.path == "awards[0].value.amount")
        );
    }

    #[test]
    fn dates_with_and_without_offsets() {
        let exact = parse_date("2017-05-27T23:30:00-04:00").unwrap();
        assert_eq!(exact.at, utc("2017-05-28T03:30:00Z"));
        assert_eq!(exact.date, NaiveDate::from_ymd_opt(2017, 5, 27).unwrap());
        assert_eq!(exact.precision, DatePrecision::Exact);
        assert_eq!(
            parse_date("2010-03-01T09:00:00Z").unwrap().at,
            utc("2010-03-01T09:00:00Z")
        );
        assert_eq!(
            parse_date("2010-03-01T09:00:00.250+0100").unwrap().at,
            utc("2010-03-01T08:00:00.250Z")
        );
        let naive = parse_date("2017-06-30T06:32:13.512560").unwrap();
        assert_eq!(naive.at, utc("2017-06-30T06:32:13.512560Z"));
        assert_eq!(naive.precision, DatePrecision::NoOffset);
        assert_eq!(
            parse_date("2017-06-30T06:32:13").unwrap().precision,
            DatePrecision::NoOffset
        );
        assert_eq!(
            parse_date("2017-06-30 06:32").unwrap().at,
            utc("2017-06-30T06:32:00Z")
        );
        let bare = parse_date(" 2015-06-03 ").unwrap();
        assert_eq!(bare.at, utc("2015-06-03T00:00:00Z"));
        assert_eq!(bare.precision, DatePrecision::DateOnly);
        for bad in [
            "",
            "soon",
            "2015-13-01",
            "03/06/2015",
            "2015-06-03T25:00:00Z",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }

        let mapped = map_release(&json!({
            "ocid": "ocds-x-2",
            "date": "2020-01-01T00:00:00Z",
            "buyer": {"name": "Parks"},
            "tender": {
                "id": "T",
                "tenderPeriod": {"endDate": "next Tuesday"},
                "enquiryPeriod": {"endDate": "2019-12-01"},
                "status": "active"
            }
        }));
        let s = mapped.plan.unwrap().solicitation.unwrap();
        assert_eq!(s.bids_due_at, None);
        assert_eq!(s.questions_due_at.unwrap().at, utc("2019-12-01T00:00:00Z"));
        assert_eq!(paths(&mapped.skipped), ["tender.tenderPeriod.endDate"]);
        assert!(paths(&mapped.notes).contains(&"tender.enquiryPeriod.endDate"));
        assert_eq!(s.status, Some(solicitation_status::OPEN));
    }

    #[test]
    fn renewal_terms_with_no_maximum() {
        // As published: `1e9999`, which the reader turns into `f64::MAX`.
        let release = read::parse_json(
            br#"{
            "ocid": "ocds-x-3",
            "buyer": {"name": "Transit"},
            "tender": {
                "id": "T",
                "hasRenewal": true,
                "renewal": {"description": "Yearly", "maximumRenewals": 2},
                "lots": [
                    {"id": "lot-1", "hasRenewal": true,
                     "renewal": {"minimumRenewals": 1, "maximumRenewals": 1e9999,
                                 "period": {"durationInDays": 365}}}
                ]
            },
            "awards": [
                {"id": "A1", "status": "active", "relatedLots": ["lot-1"]},
                {"id": "A2", "status": "active"},
                {"id": "A3", "status": "active", "hasRenewal": false}
            ],
            "contracts": [
                {"id": "C1", "awardID": "A1", "status": "active"},
                {"id": "C2", "awardID": "A2", "status": "active",
                 "renewal": {"maximumRenewals": 3, "period": {"startDate": "2021-01-01T00:00:00Z",
                                                             "endDate": "2024-01-01T00:00:00Z"}}},
                {"id": "C3", "awardID": "A3", "status": "active"},
                {"id": "C4", "status": "active", "renewal": {"maximumRenewals": -1}}
            ]
        }"#,
        )
        .unwrap();
        let mapped = map_release(&release);
        let plan = mapped.plan.unwrap();
        let renewal = |i: usize| plan.contracts[i].renewal.clone().unwrap();

        let from_lot = renewal(0);
        assert_eq!(from_lot.source, "tender.lots[0]");
        assert_eq!(from_lot.maximum_renewals, Some(RenewalMaximum::NoMaximum));
        assert_eq!(from_lot.minimum_renewals, Some(1));
        assert_eq!(from_lot.period.unwrap().duration_in_days, Some(365));

        let own = renewal(1);
        assert_eq!(own.source, "contracts[1]");
        assert_eq!(own.has_renewal, None);
        assert_eq!(own.maximum_renewals, Some(RenewalMaximum::Count(3)));
        assert_eq!(
            own.period.unwrap().end.unwrap().at,
            utc("2024-01-01T00:00:00Z")
        );

        let none = renewal(2);
        assert_eq!(
            (none.source.as_str(), none.has_renewal),
            ("awards[2]", Some(false))
        );

        let bad = renewal(3);
        assert_eq!(bad.maximum_renewals, None);
        assert_eq!(
            paths(&mapped.skipped),
            ["contracts[3].renewal.maximumRenewals"]
        );

        let tender = plan.solicitation.unwrap().renewal.unwrap();
        assert_eq!(tender.source, "tender");
        assert_eq!(tender.maximum_renewals, Some(RenewalMaximum::Count(2)));
        assert_eq!(tender.description.as_deref(), Some("Yearly"));
    }

    #[test]
    fn methods_and_statuses_map_to_our_vocabulary() {
        let solicitation = |tender: Value, awards: Value| {
            let mapped = map_release(&json!({
                "ocid": "o", "date": "2020-06-01T00:00:00Z", "buyer": {"name": "B"},
                "tender": tender, "awards": awards
            }));
            mapped.plan.unwrap().solicitation.unwrap()
        };
        let method = |m: Value, details: Value| {
            solicitation(
                json!({"id": "T", "procurementMethod": m, "procurementMethodDetails": details}),
                json!([]),
            )
            .method
        };
        use procurement_method::*;
        assert_eq!(method(json!("open"), Value::Null), Some(RFP));
        assert_eq!(method(json!("selective"), Value::Null), Some(RFP));
        assert_eq!(method(json!("limited"), Value::Null), Some(SOLE_SOURCE));
        assert_eq!(method(json!("direct"), Value::Null), Some(SOLE_SOURCE));
        assert_eq!(
            method(json!("open"), json!("Request for Quotations (RFQ)")),
            Some(RFQ)
        );
        assert_eq!(
            method(json!("direct"), json!("Emergency purchase")),
            Some(EMERGENCY)
        );
        assert_eq!(
            method(json!("limited"), json!("Sole source")),
            Some(SOLE_SOURCE)
        );
        assert_eq!(
            method(json!("open"), json!("Invitation for Bids")),
            Some(IFB)
        );
        assert_eq!(
            method(Value::Null, json!("Piggyback on a state contract")),
            Some(COOPERATIVE)
        );
        assert_eq!(method(Value::Null, json!("RFI")), Some(RFI));
        assert_eq!(
            method(Value::Null, json!("Contrat de gré à gré")),
            Some(SOLE_SOURCE)
        );
        // "rfp" inside a word is not RFP.
        assert_eq!(method(Value::Null, json!("xrfpx")), None);
        assert_eq!(method(json!("auction"), Value::Null), None);

        let status = |status: &str, tender_end: &str, award_status: Value| {
            let award = if award_status.is_null() {
                json!([])
            } else {
                json!([{"id": "A", "status": award_status}])
            };
            solicitation(
                json!({"id": "T", "status": status, "tenderPeriod": {"endDate": tender_end}}),
                award,
            )
            .status
        };
        use solicitation_status::*;
        let later = "2020-07-01T00:00:00Z";
        let earlier = "2020-05-01T00:00:00Z";
        assert_eq!(status("planning", later, Value::Null), Some(PLANNED));
        assert_eq!(status("planned", later, Value::Null), Some(PLANNED));
        assert_eq!(status("active", later, Value::Null), Some(OPEN));
        assert_eq!(status("active", earlier, Value::Null), Some(CLOSED));
        assert_eq!(
            status("active", earlier, json!("pending")),
            Some(UNDER_EVALUATION)
        );
        assert_eq!(status("active", later, json!("active")), Some(AWARDED));
        assert_eq!(status("complete", earlier, json!("active")), Some(AWARDED));
        assert_eq!(status("complete", earlier, Value::Null), Some(CLOSED));
        assert_eq!(status("cancelled", later, Value::Null), Some(CANCELLED));
        assert_eq!(status("unsuccessful", later, Value::Null), Some(CANCELLED));
        assert_eq!(status("withdrawn", later, Value::Null), Some(CANCELLED));
        assert_eq!(status("paused", later, Value::Null), None);

        let contract = |status: &str, end: &str| {
            let mapped = map_release(&json!({
                "ocid": "o", "date": "2020-06-01T00:00:00Z", "buyer": {"name": "B"},
                "contracts": [{"id": "C", "status": status, "period": {"endDate": end}}]
            }));
            mapped.plan.unwrap().contracts[0].status
        };
        use contract_status::*;
        assert_eq!(contract("pending", later), Some(PENDING));
        assert_eq!(contract("active", earlier), Some(ACTIVE));
        assert_eq!(contract("terminated", earlier), Some(EXPIRED));
        assert_eq!(contract("terminated", later), Some(TERMINATED));
        assert_eq!(contract("cancelled", later), Some(TERMINATED));
        assert_eq!(contract("signed", later), None);
    }

    #[test]
    fn amendment_changes_give_value_changes_and_new_end_dates() {
        let mapped = map_release(&json!({
            "ocid": "o", "buyer": {"name": "B"},
            "parties": [{"id": "V", "name": "Vendor", "roles": ["supplier"],
                         "identifier": {"scheme": "US-UEI", "id": "ABC"},
                         "additionalIdentifiers": [{"scheme": "US-EIN", "id": "12-3"}, {"id": "nope"}]}],
            "awards": [{"id": "A", "status": "active", "suppliers": [{"id": "V", "name": "Vendor"}]}],
            "contracts": [{
                "id": "C", "awardID": "A", "status": "active",
                "value": {"amount": 1500.25, "currency": "USD"},
                "period": {"startDate": "2020-01-01T00:00:00Z", "endDate": "2023-12-31T00:00:00Z"},
                "amendments": [
                    {"id": "1", "date": "2021-01-01T00:00:00Z", "rationale": "More work",
                     "changes": [{"property": "value", "former_value": {"amount": 1000, "currency": "USD"}},
                                 {"property": "period.endDate", "former_value": "2021-12-31T00:00:00Z"}]},
                    {"id": "2", "date": "2022-01-01T00:00:00Z", "description": "Less work",
                     "amendsReleaseID": "r1", "releaseID": "r2",
                     "changes": [{"property": "value.amount", "former_value": "1600"}]},
                    {"id": "3", "date": "2022-06-01T00:00:00Z", "description": "Name change"}
                ]
            }]
        }));
        let plan = mapped.plan.unwrap();
        let c = &plan.contracts[0];
        let changes: Vec<(Option<i64>, Option<DateTime<Utc>>)> = c
            .amendments
            .iter()
            .map(|a| (a.value_change_minor, a.new_end_date.map(|d| d.at)))
            .collect();
        assert_eq!(
            changes,
            [
                (Some(60_000), Some(utc("2023-12-31T00:00:00Z"))),
                (Some(-9_975), None),
                (None, None)
            ]
        );
        assert_eq!(c.amendments[1].amends_release_id.as_deref(), Some("r1"));
        assert_eq!(c.amendments[1].release_id.as_deref(), Some("r2"));
        assert_eq!(c.vendor_ids, ["V"]);
        assert_eq!(
            plan.vendors[0].identifiers,
            [
                VendorIdentifier {
                    scheme: "US-UEI".into(),
                    identifier: "ABC".into()
                },
                VendorIdentifier {
                    scheme: "US-EIN".into(),
                    identifier: "12-3".into()
                },
            ]
        );
        assert_eq!(
            paths(&mapped.skipped),
            ["parties[0].additionalIdentifiers[1]"]
        );
    }

    #[test]
    fn messy_releases_never_panic() {
        for release in [
            json!(null),
            json!([1, 2]),
            json!("release"),
            json!({}),
            json!({"ocid": 7}),
            json!({"ocid": "o", "tag": "award", "parties": "x", "awards": {"id": 1},
                   "contracts": [null, 3, {"awardID": 9}], "tender": []}),
            json!({"ocid": "o", "tender": {"title": "T", "items": [{"id": "", "classification": {"id": 5}}],
                   "documents": [{"url": 5}, "doc"], "tenderers": [{}, {"name": "N"}],
                   "value": {"amount": [], "currency": "EURO"}, "procuringEntity": "PE",
                   "renewal": 4, "hasRenewal": "yes", "amendments": [{"changes": "x"}, 2]}}),
            json!({"ocid": "o", "buyer": {"id": "B"}, "parties": [{"id": "B", "roles": "buyer", "name_fr": "Ville"}],
                   "awards": [{"id": "A", "suppliers": [{"id": "S"}], "contractPeriod": "soon",
                               "items": [{"description": "ééééé"}]}]}),
        ] {
            let mapped = map_release(&release);
            assert!(
                mapped.plan.is_some() || !mapped.skipped.is_empty(),
                "{release}"
            );
        }
        let mapped = map_release(&json!({"ocid": "o", "buyer": {"id": "B"},
            "parties": [{"id": "B", "roles": "buyer", "name_fr": "Ville"}],
            "awards": [{"id": "A", "suppliers": [{"id": "S"}]}]}));
        let plan = mapped.plan.unwrap();
        assert_eq!(plan.agency.unwrap().name, "Ville");
        // A supplier with neither party nor name is no vendor.
        assert!(plan.vendors.is_empty());
        assert!(plan.contracts[0].vendor_ids.is_empty());
        assert!(paths(&mapped.skipped).contains(&"awards[0].suppliers[0]"));
    }
}
