//! The mapping file: which column is which field, how cells are read, how rows group into one
//! contract, and the per-source rules.
//!
//! A mapping is TOML (see `configuration/csv-presets/*.toml` for complete examples):
//!
//! ```toml
//! name = "City of Chicago contracts"
//! currency = "USD"
//! date_formats = ["%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y"]
//! vendor_scheme = "US-CHICAGO-FMPS"
//! group_by = ["Purchase Order (Contract) Number"]
//!
//! [columns]
//! reference_number = "Purchase Order (Contract) Number"
//! title = "Purchase Order Description"
//! value = "Award Amount"
//! revision = "Revision Number"
//!
//! [rules]
//! zero_value_means_indefinite = true
//! revision_values = "change"
//! ```
//!
//! A column is named by its header, exactly as the export writes it; a list of headers means
//! "the first of these cells that is not blank" (`reference_number = ["PIN", "RequestID"]`).
//! Every key is checked: an unknown key, a missing required key, an unusable date format or a
//! rule without the column it needs is a [`MappingError`] that names the key.

use std::fmt::Write as _;

use chrono::NaiveDate;
use chrono::format::{Item, StrftimeItems};
use serde::Deserialize;

/// Why a mapping file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MappingError {
    /// Not TOML, or a key the mapping format does not know, or a value of the wrong type. The
    /// message is the TOML reader's, with the line, the column and the key.
    #[error("the mapping file is not a valid mapping: {0}")]
    Toml(String),
    /// A key has a value that cannot work.
    #[error("mapping key `{key}`: {message}")]
    Invalid {
        /// The key, as written in the file (`columns.reference_number`, `rules.primary_roles`).
        key: String,
        /// What is wrong with it.
        message: String,
    },
}

impl MappingError {
    fn invalid(key: &str, message: impl Into<String>) -> Self {
        Self::Invalid {
            key: key.to_owned(),
            message: message.into(),
        }
    }
}

/// How the amount on a revision row is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionValues {
    /// Each later revision's amount is the change it makes (Chicago: "Negative Modifications …
    /// are indicated by negative numbers in the Award Amount field").
    #[default]
    Change,
    /// Each revision's amount is the contract's new total; the change is the difference from
    /// the revision before.
    Total,
}

/// One field's column: one header, or several tried in order (first non-blank cell wins).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnRef(Vec<String>);

impl ColumnRef {
    /// The headers, in the order they are tried.
    pub fn headers(&self) -> &[String] {
        &self.0
    }
}

impl<'de> Deserialize<'de> for ColumnRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        match OneOrMany::deserialize(deserializer) {
            Ok(OneOrMany::One(header)) => Ok(Self(vec![header])),
            Ok(OneOrMany::Many(headers)) => Ok(Self(headers)),
            Err(_) => Err(serde::de::Error::custom(
                "expected a column header (a string) or a list of headers",
            )),
        }
    }
}

/// Which column holds which field. Only `reference_number` is required.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// The contract's reference number (purchase order, contract or PIN number).
    pub reference_number: Option<ColumnRef>,
    /// Its title.
    pub title: Option<ColumnRef>,
    /// A longer description or scope of work.
    pub description: Option<ColumnRef>,
    /// The agency (department) that buys.
    pub agency: Option<ColumnRef>,
    /// The vendor's name (for San Francisco, the prime contractor's).
    pub vendor_name: Option<ColumnRef>,
    /// The vendor's identifier in `vendor_scheme`.
    pub vendor_id: Option<ColumnRef>,
    /// The contract's value (or, on a revision row, the revision's amount).
    pub value: Option<ColumnRef>,
    /// When the contract starts.
    pub start_date: Option<ColumnRef>,
    /// When it ends.
    pub end_date: Option<ColumnRef>,
    /// When it was awarded or approved (on a revision row: when the revision was approved).
    pub award_date: Option<ColumnRef>,
    /// The revision number: rows with the same group key and different revisions are one
    /// contract and its amendments.
    pub revision: Option<ColumnRef>,
    /// The procurement method or type, as published.
    pub method: Option<ColumnRef>,
    /// The contract type or category, as published.
    pub contract_type: Option<ColumnRef>,
    /// A team member's name, on exports with one row per contract and team member.
    pub team_member: Option<ColumnRef>,
    /// A team member's role (`Prime Contractor`, `Subcontractor`, …).
    pub team_role: Option<ColumnRef>,
}

/// Keep only rows whose `column` holds one of `values` (compared without case).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncludeOnly {
    /// The header of the column to look at.
    pub column: String,
    /// The values to keep.
    pub values: Vec<String>,
}

/// Per-source rules.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// An original value of exactly 0 means an indefinite-quantity contract ("depends upon
    /// requirements"), not a zero-value one: the plan has no value and `indefinite_quantity`.
    #[serde(default)]
    pub zero_value_means_indefinite: bool,
    /// How revision rows' amounts are read.
    #[serde(default)]
    pub revision_values: RevisionValues,
    /// End dates that mean "no end date" (`YYYY-MM-DD`).
    #[serde(default)]
    pub no_end_date: Vec<String>,
    /// End dates on or after this one (`YYYY-MM-DD`) mean "no end date": placeholders.
    pub no_end_date_on_or_after: Option<String>,
    /// Roles (in `columns.team_role`) that mark the prime contractor's own row.
    #[serde(default)]
    pub primary_roles: Vec<String>,
    /// Keep only some rows (e.g. award notices).
    pub include_only: Option<IncludeOnly>,
    /// Text cells hold HTML: tags are removed and entities decoded.
    #[serde(default)]
    pub strip_html: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    name: String,
    currency: String,
    #[serde(default)]
    date_formats: Vec<String>,
    vendor_scheme: Option<String>,
    group_by: Option<Vec<String>>,
    columns: Columns,
    #[serde(default)]
    rules: Rules,
}

/// A checked mapping. Build one with [`Mapping::from_toml`] (or take a preset from
/// [`super::presets`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub(super) name: String,
    pub(super) currency: String,
    pub(super) exponent: u32,
    pub(super) date_formats: Vec<String>,
    pub(super) vendor_scheme: Option<String>,
    pub(super) group_by: Option<Vec<String>>,
    pub(super) columns: Columns,
    pub(super) rules: Rules,
    pub(super) no_end_date: Vec<NaiveDate>,
    pub(super) no_end_date_on_or_after: Option<NaiveDate>,
}

impl Mapping {
    /// Reads and checks a mapping file.
    pub fn from_toml(text: &str) -> Result<Self, MappingError> {
        let raw: RawMapping =
            toml::from_str(text).map_err(|error| MappingError::Toml(error.to_string()))?;
        validate(raw)
    }

    /// The mapping's `name`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The ISO 4217 code of every amount.
    pub fn currency(&self) -> &str {
        &self.currency
    }

    /// The column of each field.
    pub fn columns(&self) -> &Columns {
        &self.columns
    }

    /// The per-source rules.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The headers whose cells together identify one contract; `None` when rows group by the
    /// reference number.
    pub fn group_by(&self) -> Option<&[String]> {
        self.group_by.as_deref()
    }

    /// The vendor identifier scheme.
    pub fn vendor_scheme(&self) -> Option<&str> {
        self.vendor_scheme.as_deref()
    }

    /// The accepted date formats, tried in order.
    pub fn date_formats(&self) -> &[String] {
        &self.date_formats
    }

    /// Every field with a column, with the key it has in the file.
    pub(super) fn column_fields(&self) -> Vec<(&'static str, &ColumnRef)> {
        let c = &self.columns;
        [
            ("columns.reference_number", &c.reference_number),
            ("columns.title", &c.title),
            ("columns.description", &c.description),
            ("columns.agency", &c.agency),
            ("columns.vendor_name", &c.vendor_name),
            ("columns.vendor_id", &c.vendor_id),
            ("columns.value", &c.value),
            ("columns.start_date", &c.start_date),
            ("columns.end_date", &c.end_date),
            ("columns.award_date", &c.award_date),
            ("columns.revision", &c.revision),
            ("columns.method", &c.method),
            ("columns.contract_type", &c.contract_type),
            ("columns.team_member", &c.team_member),
            ("columns.team_role", &c.team_role),
        ]
        .into_iter()
        .filter_map(|(key, column)| column.as_ref().map(|column| (key, column)))
        .collect()
    }
}

pub use crate::domain::money::currency_exponent;

fn validate(raw: RawMapping) -> Result<Mapping, MappingError> {
    let name = raw.name.trim().to_owned();
    if name.is_empty() {
        return Err(MappingError::invalid("name", "must not be empty"));
    }
    let currency = raw.currency.trim().to_owned();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(MappingError::invalid(
            "currency",
            format!(
                "expected an ISO 4217 code such as \"USD\", not {:?}",
                raw.currency
            ),
        ));
    }

    let columns = raw.columns;
    if columns.reference_number.is_none() {
        return Err(MappingError::invalid(
            "columns.reference_number",
            "is required: the column that holds the contract's reference number",
        ));
    }
    let probe = Mapping {
        name: String::new(),
        currency: String::new(),
        exponent: 0,
        date_formats: Vec::new(),
        vendor_scheme: None,
        group_by: None,
        columns: columns.clone(),
        rules: Rules::default(),
        no_end_date: Vec::new(),
        no_end_date_on_or_after: None,
    };
    for (key, column) in probe.column_fields() {
        check_headers(key, column.headers())?;
    }

    let has_dates =
        columns.start_date.is_some() || columns.end_date.is_some() || columns.award_date.is_some();
    if has_dates && raw.date_formats.is_empty() {
        return Err(MappingError::invalid(
            "date_formats",
            "is required when a date column is mapped: a list of strftime formats such as \
             [\"%m/%d/%Y\"]",
        ));
    }
    for (i, format) in raw.date_formats.iter().enumerate() {
        check_date_format(&format!("date_formats[{i}]"), format)?;
    }

    let vendor_scheme = match raw.vendor_scheme {
        Some(scheme) if scheme.trim().is_empty() => {
            return Err(MappingError::invalid("vendor_scheme", "must not be empty"));
        }
        Some(scheme) => Some(scheme.trim().to_owned()),
        None => None,
    };
    if columns.vendor_id.is_some() {
        if vendor_scheme.is_none() {
            return Err(MappingError::invalid(
                "vendor_scheme",
                "is required when columns.vendor_id is mapped: a vendor identifier means \
                 nothing without its scheme",
            ));
        }
        if columns.vendor_name.is_none() {
            return Err(MappingError::invalid(
                "columns.vendor_name",
                "is required when columns.vendor_id is mapped",
            ));
        }
    }

    if let Some(group_by) = &raw.group_by {
        if group_by.is_empty() {
            return Err(MappingError::invalid(
                "group_by",
                "must name at least one column (or be left out to group by the reference number)",
            ));
        }
        check_headers("group_by", group_by)?;
    }

    let rules = raw.rules;
    if rules.zero_value_means_indefinite && columns.value.is_none() {
        return Err(MappingError::invalid(
            "rules.zero_value_means_indefinite",
            "needs columns.value",
        ));
    }
    if rules.revision_values != RevisionValues::default() && columns.revision.is_none() {
        return Err(MappingError::invalid(
            "rules.revision_values",
            "needs columns.revision",
        ));
    }
    if columns.revision.is_some() && columns.team_member.is_some() {
        return Err(MappingError::invalid(
            "columns.team_member",
            "cannot be used with columns.revision: a file has either one row per revision or \
             one row per team member",
        ));
    }
    if columns.team_role.is_some() && columns.team_member.is_none() {
        return Err(MappingError::invalid(
            "columns.team_role",
            "needs columns.team_member",
        ));
    }
    if columns.team_member.is_some() && columns.vendor_name.is_none() {
        return Err(MappingError::invalid(
            "columns.team_member",
            "needs columns.vendor_name: the prime contractor, who is the contract's vendor",
        ));
    }
    if !rules.primary_roles.is_empty() && columns.team_role.is_none() {
        return Err(MappingError::invalid(
            "rules.primary_roles",
            "needs columns.team_role",
        ));
    }
    if rules
        .primary_roles
        .iter()
        .any(|role| role.trim().is_empty())
    {
        return Err(MappingError::invalid(
            "rules.primary_roles",
            "must not hold an empty role",
        ));
    }
    let mut no_end_date = Vec::new();
    for (i, text) in rules.no_end_date.iter().enumerate() {
        no_end_date.push(parse_iso_date(&format!("rules.no_end_date[{i}]"), text)?);
    }
    let no_end_date_on_or_after = match &rules.no_end_date_on_or_after {
        Some(text) => Some(parse_iso_date("rules.no_end_date_on_or_after", text)?),
        None => None,
    };
    if (!no_end_date.is_empty() || no_end_date_on_or_after.is_some()) && columns.end_date.is_none()
    {
        return Err(MappingError::invalid(
            "rules.no_end_date",
            "needs columns.end_date",
        ));
    }
    if let Some(include) = &rules.include_only {
        check_headers(
            "rules.include_only.column",
            std::slice::from_ref(&include.column),
        )?;
        if include.values.is_empty() {
            return Err(MappingError::invalid(
                "rules.include_only.values",
                "must list at least one value to keep",
            ));
        }
    }

    Ok(Mapping {
        name,
        exponent: currency_exponent(&currency),
        currency,
        date_formats: raw.date_formats,
        vendor_scheme,
        group_by: raw.group_by,
        columns,
        rules,
        no_end_date,
        no_end_date_on_or_after,
    })
}

fn check_headers(key: &str, headers: &[String]) -> Result<(), MappingError> {
    if headers.is_empty() {
        return Err(MappingError::invalid(key, "must name at least one column"));
    }
    if headers.iter().any(|header| header.trim().is_empty()) {
        return Err(MappingError::invalid(
            key,
            "a column header must not be empty",
        ));
    }
    Ok(())
}

fn parse_iso_date(key: &str, text: &str) -> Result<NaiveDate, MappingError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        MappingError::invalid(key, format!("expected a date as YYYY-MM-DD, not {text:?}"))
    })
}

/// A format must be valid strftime and give back a whole date: one that formats 2001-02-03 into
/// text from which the same date is read again.
fn check_date_format(key: &str, format: &str) -> Result<(), MappingError> {
    let bad = |why: &str| {
        MappingError::invalid(
            key,
            format!("{format:?} is not a usable date format: {why} (strftime, e.g. \"%m/%d/%Y\")"),
        )
    };
    if format.trim().is_empty() {
        return Err(bad("it is empty"));
    }
    if StrftimeItems::new(format).any(|item| matches!(item, Item::Error)) {
        return Err(bad("it has an unknown % specifier"));
    }
    let sample = NaiveDate::from_ymd_opt(2001, 2, 3).and_then(|d| d.and_hms_opt(0, 0, 0));
    let mut text = String::new();
    let formatted = sample.is_some_and(|sample| write!(text, "{}", sample.format(format)).is_ok());
    if !formatted {
        return Err(bad("it cannot be written for a date without a time zone"));
    }
    let formats = [format.to_owned()];
    if super::cells::parse_date(&text, &formats) != sample.map(|s| s.date()) {
        return Err(bad("it does not give a whole date (year, month and day)"));
    }
    Ok(())
}
