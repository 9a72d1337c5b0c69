//! Importing contracts from the CSV exports US cities publish.
//!
//! [`read_contracts`] is pure (no database): it streams the rows of one export through a
//! [`Mapping`] (a TOML file saying which column is which field, how dates and money are written,
//! how rows group into one contract and the source's own rules) and returns [`ContractPlan`]s in
//! our domain words, plus the [`Skip`]s: what was left out, with the line, the column and why.
//! Bad data never fails the import and never panics: a bad cell leaves out that field (or, for a
//! cell the row cannot stand without, that row) and says so. Only a file that cannot be read at
//! all, or that lacks a column the mapping names, is an error ([`CsvError`]).
//!
//! The plan is faithful to the data: where the export has no value for a column the registry
//! requires (a vendor, a start or end date), the field is `None` and the importer decides (a
//! default, or skipping the contract), as with `crate::ocds::map`.
//!
//! Presets for three exports are in `configuration/csv-presets/` and [`presets`]: the City of
//! Chicago's Contracts, New York City's Recent Contract Awards and San Francisco's Supplier
//! Contracts. Their headers are taken from published copies of the exports; each file says
//! where from, and what was not confirmed.
//!
//! # Decisions
//!
//! - **Reading**: UTF-8 (a byte-order mark is dropped), comma-separated, rows of any length (a
//!   short row's missing cells are blank; a long row's extra cells are ignored). A row that is
//!   not UTF-8 is skipped; a row whose cells are all blank is ignored. Headers match exactly,
//!   after trimming, else without regard to ASCII case; the first of duplicate headers wins.
//! - **Lines** are the file's line numbers, the header being line 1; a row whose quoted cell
//!   spans lines is at the line where it starts.
//! - **Grouping**: rows with the same cells in `group_by` (by default, the same reference number)
//!   are one contract. An exact duplicate of a row already read is skipped. Without a revision
//!   or team-member column, a second, different row for the same contract is skipped (the first
//!   is kept); with a revision column, so is a second, different row for the same revision.
//!   Contracts come out in the order their first row appears.
//! - **Revisions** (Chicago): the earliest revision is the original contract; each later one is
//!   an [`AmendmentPlan`] (`rules.revision_values`: its amount is the change, or the new total
//!   from which the change is worked out). An amendment's date is its award (approval) date;
//!   it has a `new_end_date` when its end date differs from the one in force. The contract's
//!   `end_date` is the one in force after every revision, as in the registry.
//! - **Team members** (San Francisco): one row per contract and team member. The contract's
//!   vendor is the prime contractor (`columns.vendor_name`), its value is that of the prime's
//!   own row (`rules.primary_roles`, or the row where the team member is the prime), never a
//!   sum: team members' amounts are shares of it and are kept in [`TeamMemberPlan`]. With no
//!   prime row the value is left out, and said so.
//! - **Fields**: text of the original row, else of the first later row that has it; a cell that
//!   is blank is `None`. Dates must fit one of `date_formats` exactly. An original value that is
//!   negative is left out; with `rules.zero_value_means_indefinite`, an original value of 0 is
//!   no value but an indefinite-quantity contract. End dates listed in `rules.no_end_date`, or
//!   on or after `rules.no_end_date_on_or_after`, mean no end date. The vendor identifier is
//!   kept only with the vendor's name, in `vendor_scheme`.
//! - **Money** is exact: see [`cells::parse_money`].

pub mod cells;
pub mod mapping;
pub mod presets;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Read;

use chrono::NaiveDate;

pub use mapping::{Mapping, MappingError, RevisionValues};

/// What one export maps to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CsvImport {
    /// One plan per contract, in the order their first row appears.
    pub contracts: Vec<ContractPlan>,
    /// What was left out, and why, by line.
    pub skipped: Vec<Skip>,
}

/// Something left out: a row, or one field of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// The line in the file (the header is line 1).
    pub line: u64,
    /// The header of the column whose cell was at fault, if one was.
    pub column: Option<String>,
    /// What was wrong, and what was done.
    pub reason: String,
}

/// A contract (`contract`, `contract_amendment`, `vendor`, `vendor_identifier` tables).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractPlan {
    /// The line of the contract's original row.
    pub line: u64,
    /// `contract.reference_number`.
    pub reference_number: String,
    /// `contract.title`.
    pub title: Option<String>,
    /// `contract.description`.
    pub description: Option<String>,
    /// `agency.name`.
    pub agency: Option<String>,
    /// The vendor: the prime contractor on exports with team members.
    pub vendor: Option<VendorPlan>,
    /// The original value in minor units of `currency`; amendments add to it. `None` when
    /// unknown, or for an indefinite-quantity contract.
    pub value_minor: Option<i64>,
    /// An indefinite-quantity contract (IDIQ; Chicago's "depends upon requirements"): orders
    /// are placed as needed and no total is promised.
    pub indefinite_quantity: bool,
    /// ISO 4217 code (the mapping's).
    pub currency: String,
    /// `contract.start_date`.
    pub start_date: Option<NaiveDate>,
    /// `contract.end_date`: the end date in force after every amendment.
    pub end_date: Option<NaiveDate>,
    /// When the contract was awarded or approved.
    pub award_date: Option<NaiveDate>,
    /// The procurement method or type, as published (to be read into `ProcurementMethod`).
    pub method_text: Option<String>,
    /// The contract type or category, as published.
    pub contract_type_text: Option<String>,
    /// Later revisions, by revision number.
    pub amendments: Vec<AmendmentPlan>,
    /// Team members other than the prime contractor, in file order.
    pub team_members: Vec<TeamMemberPlan>,
}

/// A vendor (`vendor`, `vendor_identifier`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorPlan {
    /// `vendor.name`.
    pub name: String,
    /// `vendor_identifier.scheme`: the mapping's `vendor_scheme`, with an identifier only.
    pub scheme: Option<String>,
    /// `vendor_identifier.identifier`.
    pub identifier: Option<String>,
}

/// An amendment (`contract_amendment`) from a later revision row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmendmentPlan {
    /// The revision's line.
    pub line: u64,
    /// The revision number.
    pub revision: u32,
    /// `contract_amendment.amended_on`: the revision's award (approval) date.
    pub date: Option<NaiveDate>,
    /// `contract_amendment.value_change_minor` (may be negative); `None` when unknown.
    pub value_change_minor: Option<i64>,
    /// `contract_amendment.new_end_date`: set when the revision changes the end date.
    pub new_end_date: Option<NaiveDate>,
    /// `contract_amendment.description`: `Revision N`, with the revision's title when it differs
    /// from the contract's.
    pub description: String,
}

/// A team member named on a contract (not the prime contractor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMemberPlan {
    /// The member's first line.
    pub line: u64,
    /// Its name.
    pub name: String,
    /// Its role, as published (`Subcontractor`, `Joint Venture Constituent`, …).
    pub role: Option<String>,
    /// The amount published on its row: a share of the contract's value, never to be added
    /// to it.
    pub value_minor: Option<i64>,
}

/// Why an export could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// Reading failed (an I/O error).
    #[error("cannot read the CSV file: {0}")]
    Read(String),
    /// The file is empty.
    #[error("the CSV file is empty: it needs a header row")]
    NoHeader,
    /// The header row is not UTF-8.
    #[error("the CSV file's header row is not UTF-8 text; save the file as UTF-8")]
    HeaderNotUtf8,
    /// Columns the mapping names are not in the file.
    #[error("{}", missing_message(.missing, .found))]
    MissingColumns {
        /// What is missing.
        missing: Vec<MissingColumn>,
        /// The file's headers.
        found: Vec<String>,
    },
}

/// A column the mapping names that the file does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingColumn {
    /// The mapping key that names it (`columns.value`, `group_by`).
    pub key: String,
    /// The header it names.
    pub header: String,
}

fn missing_message(missing: &[MissingColumn], found: &[String]) -> String {
    let missing = missing
        .iter()
        .map(|m| format!("{:?} ({})", m.header, m.key))
        .collect::<Vec<_>>()
        .join(", ");
    let mut shown: Vec<String> = found.iter().take(40).map(|h| format!("{h:?}")).collect();
    if found.len() > 40 {
        shown.push(format!("and {} more", found.len() - 40));
    }
    format!(
        "the CSV file lacks the column(s) {missing} that the mapping names; its columns are {}",
        shown.join(", ")
    )
}

/// Reads an export through a mapping. Never panics; fails only when the file cannot be read
/// or lacks a column the mapping names.
pub fn read_contracts(mapping: &Mapping, input: impl Read) -> Result<CsvImport, CsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(LineCounter::new(input));
    let mut record = csv::ByteRecord::new();
    let headers = match reader.read_byte_record(&mut record) {
        Ok(true) => header_strings(&record)?,
        Ok(false) => return Err(CsvError::NoHeader),
        Err(error) => return Err(read_error(error)),
    };
    let columns = Resolved::new(mapping, &headers)?;

    let mut cx = Cx {
        mapping,
        columns: &columns,
        skipped: Vec::new(),
        groups: Vec::new(),
        by_key: HashMap::new(),
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => match error.kind() {
                csv::ErrorKind::Io(_) => return Err(read_error(error)),
                _ => {
                    let start = error.position().map_or(0, csv::Position::byte);
                    let line = reader.get_mut().line_at(start);
                    cx.skip_row(
                        line,
                        None,
                        format!("unreadable row ({error}); row left out"),
                    );
                    continue;
                }
            },
        }
        let start = record.position().map_or(0, csv::Position::byte);
        let line = reader.get_mut().line_at(start);
        let cells: Vec<&str> = match record.iter().map(std::str::from_utf8).collect() {
            Ok(cells) => cells,
            Err(_) => {
                cx.skip_row(
                    line,
                    None,
                    "row is not UTF-8 text (save the file as UTF-8); row left out".to_owned(),
                );
                continue;
            }
        };
        cx.add_row(line, &cells);
    }

    let Cx {
        groups,
        mut skipped,
        ..
    } = cx;
    let mut contracts = Vec::with_capacity(groups.len());
    for group in groups {
        if let Some(plan) = build(mapping, group, &mut skipped) {
            contracts.push(plan);
        }
    }
    skipped.sort_by(|a, b| a.line.cmp(&b.line).then_with(|| a.column.cmp(&b.column)));
    Ok(CsvImport { contracts, skipped })
}

/// Counts lines under the CSV reader: the csv crate's own line numbers skip blank lines and
/// count a CRLF file's lines from the wrong end, and its record positions point at the line
/// break before a record; this finds the line where the record's first cell is.
struct LineCounter<R> {
    inner: R,
    /// Bytes read so far.
    offset: u64,
    /// Offsets of the `\r` and `\n` bytes not yet passed, with `true` for `\n`.
    breaks: VecDeque<(u64, bool)>,
    /// Lines ended before the first of `breaks`.
    lines_before: u64,
}

impl<R: Read> LineCounter<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            offset: 0,
            breaks: VecDeque::new(),
            lines_before: 0,
        }
    }

    /// The line of the record whose position is `start` (1 for the first line).
    fn line_at(&mut self, start: u64) -> u64 {
        while let Some(&(at, is_lf)) = self.breaks.front() {
            if at >= start {
                break;
            }
            self.breaks.pop_front();
            if self.ends_line(at, is_lf) {
                self.lines_before += 1;
            }
        }
        // Line breaks right at `start` come before the record.
        let mut more = 0;
        for (i, (expected, &(at, is_lf))) in (start..).zip(self.breaks.iter()).enumerate() {
            if at != expected {
                break;
            }
            let crlf = !is_lf && self.breaks.get(i + 1) == Some(&(at + 1, true));
            if !crlf {
                more += 1;
            }
        }
        1 + self.lines_before + more
    }

    /// A `\n` ends a line; so does a `\r` not followed by `\n`. (`at` was just popped.)
    fn ends_line(&self, at: u64, is_lf: bool) -> bool {
        is_lf || self.breaks.front() != Some(&(at + 1, true))
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        for (i, byte) in buf.iter().take(read).enumerate() {
            if *byte == b'\n' || *byte == b'\r' {
                self.breaks
                    .push_back((self.offset + i as u64, *byte == b'\n'));
            }
        }
        self.offset += read as u64;
        Ok(read)
    }
}

fn read_error(error: csv::Error) -> CsvError {
    CsvError::Read(error.to_string())
}

fn header_strings(record: &csv::ByteRecord) -> Result<Vec<String>, CsvError> {
    let mut headers = Vec::with_capacity(record.len());
    for (i, cell) in record.iter().enumerate() {
        let cell = if i == 0 {
            cell.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(cell)
        } else {
            cell
        };
        let text = std::str::from_utf8(cell).map_err(|_| CsvError::HeaderNotUtf8)?;
        headers.push(text.trim().to_owned());
    }
    if headers.iter().all(String::is_empty) {
        return Err(CsvError::NoHeader);
    }
    Ok(headers)
}

/// A field's columns, found in the header row.
#[derive(Debug, Clone, Default)]
struct Field(Vec<(usize, String)>);

impl Field {
    /// The first non-blank cell of the field, with its header.
    fn get<'a>(&'a self, cells: &[&'a str]) -> Option<(&'a str, &'a str)> {
        self.0.iter().find_map(|(index, header)| {
            let cell = cells.get(*index).map_or("", |cell| cell.trim());
            (!cell.is_empty()).then_some((cell, header.as_str()))
        })
    }

    fn header(&self) -> Option<&str> {
        self.0.first().map(|(_, header)| header.as_str())
    }
}

#[derive(Debug, Default)]
struct Resolved {
    reference_number: Field,
    title: Field,
    description: Field,
    agency: Field,
    vendor_name: Field,
    vendor_id: Field,
    value: Field,
    start_date: Field,
    end_date: Field,
    award_date: Field,
    revision: Field,
    method: Field,
    contract_type: Field,
    team_member: Field,
    team_role: Field,
    group_by: Vec<usize>,
    include_only: Option<(usize, String)>,
}

impl Resolved {
    fn new(mapping: &Mapping, headers: &[String]) -> Result<Self, CsvError> {
        let mut missing = Vec::new();
        let mut find = |key: &str, header: &str| -> Option<usize> {
            let wanted = header.trim();
            let found = headers
                .iter()
                .position(|h| h == wanted)
                .or_else(|| headers.iter().position(|h| h.eq_ignore_ascii_case(wanted)));
            if found.is_none() {
                missing.push(MissingColumn {
                    key: key.to_owned(),
                    header: wanted.to_owned(),
                });
            }
            found
        };
        let mut resolved = Resolved::default();
        for (key, column) in mapping.column_fields() {
            let field = Field(
                column
                    .headers()
                    .iter()
                    .filter_map(|header| find(key, header).map(|i| (i, header.trim().to_owned())))
                    .collect(),
            );
            let slot = match key {
                "columns.reference_number" => &mut resolved.reference_number,
                "columns.title" => &mut resolved.title,
                "columns.description" => &mut resolved.description,
                "columns.agency" => &mut resolved.agency,
                "columns.vendor_name" => &mut resolved.vendor_name,
                "columns.vendor_id" => &mut resolved.vendor_id,
                "columns.value" => &mut resolved.value,
                "columns.start_date" => &mut resolved.start_date,
                "columns.end_date" => &mut resolved.end_date,
                "columns.award_date" => &mut resolved.award_date,
                "columns.revision" => &mut resolved.revision,
                "columns.method" => &mut resolved.method,
                "columns.contract_type" => &mut resolved.contract_type,
                "columns.team_member" => &mut resolved.team_member,
                _ => &mut resolved.team_role,
            };
            *slot = field;
        }
        if let Some(group_by) = mapping.group_by() {
            resolved.group_by = group_by
                .iter()
                .filter_map(|header| find("group_by", header))
                .collect();
        }
        if let Some(include) = &mapping.rules().include_only {
            resolved.include_only = find("rules.include_only.column", &include.column)
                .map(|i| (i, include.column.trim().to_owned()));
        }
        if missing.is_empty() {
            Ok(resolved)
        } else {
            Err(CsvError::MissingColumns {
                missing,
                found: headers.to_vec(),
            })
        }
    }
}

/// One row, read.
#[derive(Debug)]
struct Row {
    line: u64,
    hash: u64,
    reference_number: String,
    title: Option<String>,
    description: Option<String>,
    agency: Option<String>,
    vendor_name: Option<String>,
    vendor_id: Option<String>,
    value: Option<i64>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    award_date: Option<NaiveDate>,
    revision: Option<u32>,
    method: Option<String>,
    contract_type: Option<String>,
    team_member: Option<String>,
    team_role: Option<String>,
    /// Field-level skips, reported only if the row is used.
    skips: Vec<Skip>,
}

#[derive(Debug)]
struct Group {
    rows: Vec<Row>,
}

struct Cx<'a> {
    mapping: &'a Mapping,
    columns: &'a Resolved,
    skipped: Vec<Skip>,
    groups: Vec<Group>,
    by_key: HashMap<Vec<String>, usize>,
}

impl Cx<'_> {
    fn skip_row(&mut self, line: u64, column: Option<&str>, reason: String) {
        self.skipped.push(Skip {
            line,
            column: column.map(str::to_owned),
            reason,
        });
    }

    fn add_row(&mut self, line: u64, cells: &[&str]) {
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            return;
        }
        let columns = self.columns;
        let rules = self.mapping.rules();
        if let (Some((index, header)), Some(include)) = (&columns.include_only, &rules.include_only)
        {
            let cell = cells.get(*index).map_or("", |cell| cell.trim());
            if !include
                .values
                .iter()
                .any(|value| value.trim().eq_ignore_ascii_case(cell))
            {
                let reason = format!(
                    "{} is {:?}, not one of {:?}; row left out",
                    header,
                    cells::shown(cell),
                    include.values
                );
                self.skip_row(line, Some(header), reason);
                return;
            }
        }

        let Some((reference_number, _)) = columns.reference_number.get(cells) else {
            let header = columns.reference_number.header().map(str::to_owned);
            self.skip_row(
                line,
                header.as_deref(),
                "no reference number; row left out".to_owned(),
            );
            return;
        };
        let reference_number = reference_number.to_owned();

        let key: Vec<String> = if columns.group_by.is_empty() {
            vec![reference_number.clone()]
        } else {
            columns
                .group_by
                .iter()
                .map(|&i| cells.get(i).map_or("", |cell| cell.trim()).to_owned())
                .collect()
        };
        if key.iter().all(String::is_empty) {
            let header = self.mapping.group_by().and_then(|g| g.first()).cloned();
            self.skip_row(
                line,
                header.as_deref(),
                "the columns that identify the contract (group_by) are blank; row left out"
                    .to_owned(),
            );
            return;
        }

        let revision = match columns.revision.get(cells) {
            Some((cell, header)) => match cell.parse::<u32>() {
                Ok(revision) => Some(revision),
                Err(_) => {
                    let reason = format!(
                        "revision number {:?} is not a whole number; row left out",
                        cells::shown(cell)
                    );
                    self.skip_row(line, Some(header), reason);
                    return;
                }
            },
            None if columns.revision.header().is_some() => {
                let header = columns.revision.header().map(str::to_owned);
                self.skip_row(
                    line,
                    header.as_deref(),
                    "no revision number; row left out".to_owned(),
                );
                return;
            }
            None => None,
        };

        let mut hasher = DefaultHasher::new();
        for cell in cells {
            cell.trim().hash(&mut hasher);
        }
        let hash = hasher.finish();

        let row = self.read_fields(line, hash, reference_number, revision, cells);

        let group_index = match self.by_key.get(&key) {
            Some(&index) => index,
            None => {
                self.groups.push(Group { rows: Vec::new() });
                let index = self.groups.len() - 1;
                self.by_key.insert(key, index);
                index
            }
        };
        let has_team = columns.team_member.header().is_some();
        let Some(group) = self.groups.get_mut(group_index) else {
            return;
        };
        let conflict = if let Some(same) = group.rows.iter().find(|r| r.hash == hash) {
            Some((
                None,
                format!("duplicate of line {}; row left out", same.line),
            ))
        } else if let Some(revision) = revision {
            group
                .rows
                .iter()
                .find(|r| r.revision == Some(revision))
                .map(|same| {
                    (
                        columns.revision.header(),
                        format!(
                            "revision {revision} of this contract was already read at line {} \
                             and this row differs; the first is kept, this row left out",
                            same.line
                        ),
                    )
                })
        } else if !has_team {
            group.rows.first().map(|first| {
                (
                    None,
                    format!(
                        "another row for the same contract was read at line {} and this one \
                         differs; the first is kept, this row left out",
                        first.line
                    ),
                )
            })
        } else {
            None
        };
        match conflict {
            Some((column, reason)) => {
                let column = column.map(str::to_owned);
                self.skip_row(line, column.as_deref(), reason);
            }
            None => group.rows.push(row),
        }
    }

    fn read_fields(
        &self,
        line: u64,
        hash: u64,
        reference_number: String,
        revision: Option<u32>,
        cells: &[&str],
    ) -> Row {
        let mapping = self.mapping;
        let columns = self.columns;
        let strip = mapping.rules().strip_html;
        let mut skips = Vec::new();
        let text = |field: &Field| {
            field.get(cells).and_then(|(cell, _)| {
                if strip {
                    cells::text(&cells::strip_html(cell))
                } else {
                    cells::text(cell)
                }
            })
        };
        let date = |field: &Field, what: &str, skips: &mut Vec<Skip>| {
            let (cell, header) = field.get(cells)?;
            let parsed = cells::parse_date(cell, &mapping.date_formats);
            if parsed.is_none() {
                skips.push(Skip {
                    line,
                    column: Some(header.to_owned()),
                    reason: format!(
                        "{:?} is not a date in the format(s) {}; {what} left out",
                        cells::shown(cell),
                        mapping.date_formats.join(", ")
                    ),
                });
            }
            parsed
        };
        let start_date = date(&columns.start_date, "start date", &mut skips);
        let award_date = date(&columns.award_date, "award date", &mut skips);
        let end_date = date(&columns.end_date, "end date", &mut skips).filter(|end| {
            !mapping.no_end_date.contains(end)
                && mapping.no_end_date_on_or_after.is_none_or(|cap| *end < cap)
        });
        let value = columns.value.get(cells).and_then(|(cell, header)| {
            match cells::parse_money(cell, mapping.exponent) {
                Ok(minor) => Some(minor),
                Err(error) => {
                    skips.push(Skip {
                        line,
                        column: Some(header.to_owned()),
                        reason: format!(
                            "{:?} {error} ({}); value left out",
                            cells::shown(cell),
                            mapping.currency
                        ),
                    });
                    None
                }
            }
        });
        Row {
            line,
            hash,
            reference_number,
            title: text(&columns.title),
            description: text(&columns.description),
            agency: text(&columns.agency),
            vendor_name: text(&columns.vendor_name),
            vendor_id: text(&columns.vendor_id),
            value,
            start_date,
            end_date,
            award_date,
            revision,
            method: text(&columns.method),
            contract_type: text(&columns.contract_type),
            team_member: text(&columns.team_member),
            team_role: text(&columns.team_role),
            skips,
        }
    }
}

/// Turns one contract's rows into its plan.
fn build(mapping: &Mapping, group: Group, skipped: &mut Vec<Skip>) -> Option<ContractPlan> {
    let mut rows = group.rows;
    let value_header = || {
        mapping
            .columns()
            .value
            .as_ref()
            .and_then(|c| c.headers().first().cloned())
    };
    let is_revisions = mapping.columns().revision.is_some();
    let is_team = mapping.columns().team_member.is_some();
    if is_revisions {
        rows.sort_by_key(|row| row.revision);
    }
    for row in &mut rows {
        skipped.append(&mut row.skips);
    }

    // The row the contract's own facts come from.
    let base_index = if is_team {
        rows.iter()
            .position(|row| is_primary(mapping, row))
            .unwrap_or(0)
    } else {
        0
    };
    let base = rows.get(base_index)?;
    let first_text = |pick: fn(&Row) -> &Option<String>| {
        pick(base)
            .clone()
            .or_else(|| rows.iter().find_map(|row| pick(row).clone()))
    };
    let title = first_text(|row| &row.title);
    let vendor_row = if base.vendor_name.is_some() {
        Some(base)
    } else {
        rows.iter().find(|row| row.vendor_name.is_some())
    };
    let vendor = vendor_row.and_then(|row| {
        let name = row.vendor_name.clone()?;
        let identifier = row.vendor_id.clone();
        Some(VendorPlan {
            name,
            scheme: identifier.as_ref().and(mapping.vendor_scheme.clone()),
            identifier,
        })
    });

    // The value: the original's, or the prime's, never a sum.
    let has_primary = !is_team || rows.iter().any(|row| is_primary(mapping, row));
    let mut value_minor = if has_primary { base.value } else { None };
    if is_team && !has_primary && rows.iter().any(|row| row.value.is_some()) {
        skipped.push(Skip {
            line: base.line,
            column: value_header(),
            reason: format!(
                "contract {} has no row for its prime contractor; its value is left out (the \
                 amounts on team members' rows are their shares of it)",
                base.reference_number
            ),
        });
    }
    let mut indefinite_quantity = false;
    if let Some(value) = value_minor {
        if value < 0 {
            skipped.push(Skip {
                line: base.line,
                column: value_header(),
                reason: format!(
                    "contract {} has a negative original value; value left out",
                    base.reference_number
                ),
            });
            value_minor = None;
        } else if value == 0 && mapping.rules().zero_value_means_indefinite {
            value_minor = None;
            indefinite_quantity = true;
        }
    }

    // Revisions become amendments.
    let mut amendments = Vec::new();
    let mut end_date = base.end_date;
    if is_revisions {
        let mut last_total = base.value;
        for row in rows.iter().skip(1) {
            let value_change_minor = match mapping.rules().revision_values {
                RevisionValues::Change => row.value,
                RevisionValues::Total => {
                    let change = match (row.value, last_total) {
                        (Some(now), Some(before)) => now.checked_sub(before),
                        _ => None,
                    };
                    if row.value.is_some() {
                        last_total = row.value;
                    }
                    change
                }
            };
            let new_end_date = row.end_date.filter(|end| Some(*end) != end_date);
            if new_end_date.is_some() {
                end_date = new_end_date;
            }
            let revision = row.revision.unwrap_or_default();
            let description = match &row.title {
                Some(text) if Some(text) != title.as_ref() => {
                    format!("Revision {revision}: {text}")
                }
                _ => format!("Revision {revision}"),
            };
            amendments.push(AmendmentPlan {
                line: row.line,
                revision,
                date: row.award_date,
                value_change_minor,
                new_end_date,
                description,
            });
        }
    }

    // Team members other than the prime.
    let mut team_members: Vec<TeamMemberPlan> = Vec::new();
    if is_team {
        for (i, row) in rows.iter().enumerate() {
            if has_primary && i == base_index {
                continue;
            }
            if is_primary(mapping, row) {
                skipped.push(Skip {
                    line: row.line,
                    column: None,
                    reason: format!(
                        "another row for the prime contractor of contract {} was read at line \
                         {} and this one differs; the first is kept, this row left out",
                        base.reference_number, base.line
                    ),
                });
                continue;
            }
            let Some(name) = row.team_member.clone() else {
                continue;
            };
            if let Some(listed) = team_members
                .iter()
                .find(|m| m.name == name && m.role == row.team_role)
            {
                skipped.push(Skip {
                    line: row.line,
                    column: mapping
                        .columns()
                        .team_member
                        .as_ref()
                        .and_then(|c| c.headers().first().cloned()),
                    reason: format!(
                        "team member {:?} is already listed at line {} with the same role; \
                         row left out",
                        cells::shown(&name),
                        listed.line
                    ),
                });
                continue;
            }
            team_members.push(TeamMemberPlan {
                line: row.line,
                name,
                role: row.team_role.clone(),
                value_minor: row.value,
            });
        }
    }

    Some(ContractPlan {
        line: base.line,
        reference_number: base.reference_number.clone(),
        description: first_text(|row| &row.description),
        agency: first_text(|row| &row.agency),
        vendor,
        value_minor,
        indefinite_quantity,
        currency: mapping.currency.clone(),
        start_date: base
            .start_date
            .or_else(|| rows.iter().find_map(|row| row.start_date)),
        end_date,
        award_date: base.award_date,
        method_text: first_text(|row| &row.method),
        contract_type_text: first_text(|row| &row.contract_type),
        title,
        amendments,
        team_members,
    })
}

/// The prime contractor's own row: its role is a primary role, or (without roles) the team
/// member named is the vendor.
fn is_primary(mapping: &Mapping, row: &Row) -> bool {
    let roles = &mapping.rules().primary_roles;
    if let Some(role) = &row.team_role
        && !roles.is_empty()
    {
        return roles.iter().any(|r| r.trim().eq_ignore_ascii_case(role));
    }
    match (&row.team_member, &row.vendor_name) {
        (Some(member), Some(vendor)) => member.eq_ignore_ascii_case(vendor),
        _ => false,
    }
}
