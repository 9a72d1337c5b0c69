//! Merging the releases of one contracting process into a compiled release (its current state)
//! and a versioned release (its history).
//!
//! This follows the merging specification of OCDS 1.1 (`docs/schema/merging.md` in
//! open-contracting/standard, tag `1__1__5`), with the reference implementation
//! (open-contracting/ocds-merge) as the tie-breaker where the text is silent:
//!
//! - releases are applied oldest first, ordered by `date` read as a UTC instant;
//! - the latest value of a field wins, and a field set to `null` is removed;
//! - objects merge field by field;
//! - an array of objects that all have an `id` merges by `id` (compared as strings, so `1` and
//!   `"1"` are the same object), keeping first-seen order; any other array — of strings, of
//!   objects without `id`, or a whole-list field of the schema ([`WHOLE_LIST_FIELDS`]) — is
//!   replaced whole;
//! - `id`, `date` and `tag` describe a release, not the process (`omitWhenMerged`): the compiled
//!   release gets `tag: ["compiled"]`, the latest release's `date`, and `id` = `{ocid}-{date}`.
//!
//! Where this deliberately differs from ocds-merge, and why:
//! - ocds-merge sorts dates as strings, so `2020-01-01T10:00:00-05:00` sorts before
//!   `2020-01-01T12:00:00Z` although it is later; this sorts by instant.
//! - ocds-merge appends objects that have no `id` to the array (one copy per release); here the
//!   array is replaced whole and a warning says so, so repeated releases do not pile up copies.
//! - ocds-merge keeps an object's older sub-fields when a later release sets the object to
//!   `null`; here the object is removed, as the specification says.
//!
//! Nothing here panics on bad data: what cannot be merged as the standard says is merged the
//! nearest sensible way and reported as a [`Warning`] naming the JSON path in the input.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::{Map, Value};

/// Top-level release fields that set `"omitWhenMerged": true` in
/// `schema/release-schema.json` of OCDS 1.1.5 (`/properties/id`, `/properties/date`,
/// `/properties/tag`). They describe one release, so they are dropped when merging and the
/// compiled release gets its own.
pub const OMIT_WHEN_MERGED: &[&str] = &["id", "date", "tag"];

/// Arrays of objects that are replaced whole instead of merged by `id`, as JSON paths without
/// array positions (`parties.additionalIdentifiers` is `parties[*].additionalIdentifiers`).
///
/// Taken from the dereferenced `schema/release-schema.json` of OCDS 1.1.5 with the lots and
/// renewal extensions' `release-schema.json` applied (the copies in `tests/fixtures/ocds/schema/`):
/// the arrays that set `"wholeListMerge": true`, and those whose items are objects with no `id`
/// property. Arrays whose items are not objects (`parties[].roles`, `tag`, `relatedLots`,
/// `submissionMethod`, …) are not listed: they are replaced whole by the data rule that any
/// array containing something other than an object with an `id` is replaced whole. The renewal
/// extension adds no array. Hard-coded so that merging needs no schema at run time; revisit when
/// adopting another extension or OCDS version.
pub const WHOLE_LIST_FIELDS: &[&str] = &[
    // "wholeListMerge": true on Organization / OrganizationReference `additionalIdentifiers`.
    "parties.additionalIdentifiers",
    "buyer.additionalIdentifiers",
    "tender.procuringEntity.additionalIdentifiers",
    "tender.tenderers.additionalIdentifiers",
    "awards.suppliers.additionalIdentifiers",
    "contracts.implementation.transactions.payer.additionalIdentifiers",
    "contracts.implementation.transactions.payee.additionalIdentifiers",
    // "wholeListMerge": true on Item `additionalClassifications`.
    "tender.items.additionalClassifications",
    "awards.items.additionalClassifications",
    "contracts.items.additionalClassifications",
    // Items are objects without an `id`: the deprecated Amendment `changes`.
    "tender.amendments.changes",
    "tender.amendment.changes",
    "awards.amendments.changes",
    "awards.amendment.changes",
    "contracts.amendments.changes",
    "contracts.amendment.changes",
    // Lots extension: "wholeListMerge": true on Lot and LotGroup `identifiers`, Lot
    // `additionalClassifications`, and the `additionalIdentifiers` of Lot `buyer`.
    "tender.lots.identifiers",
    "tender.lots.additionalClassifications",
    "tender.lots.buyer.additionalIdentifiers",
    "tender.lotGroups.identifiers",
    // Contract Watch's own extension (`frontend/ocds-extension/`): recomputed lists.
    "tender.redFlags",
    "contracts.redFlags",
    "contracts.renewalOptions",
];

/// A compiled release and what was odd about the releases it was made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    /// The compiled release: a JSON object with `tag: ["compiled"]`, `id`, `date` and `ocid`.
    pub release: Value,
    /// Problems met while merging; the release is still usable.
    pub warnings: Vec<Warning>,
}

/// A versioned release (every field's values over time) and what was odd about its releases.
#[derive(Debug, Clone, PartialEq)]
pub struct Versioned {
    /// The versioned release: `ocid` plus, for each field, a list of versioned values
    /// (`releaseID`, `releaseDate`, `releaseTag`, `value`), oldest first.
    pub release: Value,
    /// Problems met while merging; the release is still usable.
    pub warnings: Vec<Warning>,
}

/// Something in the input that could not be merged exactly as the standard says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// JSON path in the input slice, starting with the release's position: `[2].awards[0].id`.
    pub path: String,
    /// What was wrong and what was done about it.
    pub reason: String,
}

/// Why releases could not be merged at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// Nothing to merge: the slice was empty or held no JSON objects.
    #[error("no releases to merge")]
    NoReleases,
    /// Releases of different contracting processes were given together.
    #[error("releases of different contracting processes: `{first}`, then `{other}` at [{index}]")]
    MixedOcids {
        /// The first `ocid` seen.
        first: String,
        /// A different `ocid`.
        other: String,
        /// Position in the input of the release with the different `ocid`.
        index: usize,
    },
    /// No release says which contracting process it belongs to.
    #[error("no release has an `ocid`")]
    MissingOcid,
}

/// Merges the releases of one contracting process into a compiled release.
///
/// The input may be in any order. Releases that are not JSON objects are skipped with a
/// warning; releases without a readable `date` are applied first, in input order, with a
/// warning.
pub fn compile(releases: &[Value]) -> Result<Compiled, MergeError> {
    let mut cx = Context::default();
    let (ordered, ocid) = order(releases, &mut cx.warnings)?;

    let mut merged = Map::new();
    for release in &ordered {
        cx.path = vec![Seg::Index(release.index)];
        merge_object(&mut merged, release.fields, OMIT_WHEN_MERGED, &mut cx);
    }

    // The compiled release's own metadata, as the standard's note on `omitWhenMerged` and the
    // reference implementation set it; inserted first so that it leads when keys keep order.
    let mut release = Map::new();
    release.insert(
        "tag".to_owned(),
        Value::Array(vec![Value::from("compiled")]),
    );
    match ordered
        .last()
        .and_then(|r| r.fields.get("date"))
        .and_then(Value::as_str)
    {
        Some(date) => {
            release.insert("id".to_owned(), Value::from(format!("{ocid}-{date}")));
            release.insert("date".to_owned(), Value::from(date));
        }
        None => {
            cx.warnings.push(Warning {
                path: String::new(),
                reason: "no release has a `date`: the compiled release has none, and `id` is \
                         the `ocid` alone"
                    .to_owned(),
            });
            release.insert("id".to_owned(), Value::from(ocid.clone()));
        }
    }
    release.insert("ocid".to_owned(), Value::from(ocid));
    for (key, value) in merged {
        if !release.contains_key(&key) {
            release.insert(key, value);
        }
    }

    Ok(Compiled {
        release: Value::Object(release),
        warnings: cx.warnings,
    })
}

/// Merges the releases of one contracting process into a versioned release.
///
/// Same ordering and rules as [`compile`]; each field holds the list of its values over time,
/// a new entry only when the value changed. `ocid` and the `id` of objects in arrays merged by
/// `id` are kept as they are, not versioned; every other `id` (such as `tender.id`) is
/// versioned, as the standard says.
pub fn versioned(releases: &[Value]) -> Result<Versioned, MergeError> {
    let mut cx = Context::default();
    let (ordered, ocid) = order(releases, &mut cx.warnings)?;

    let mut fields = BTreeMap::new();
    for release in &ordered {
        cx.path = vec![Seg::Index(release.index)];
        let meta = Meta {
            id: release.fields.get("id").unwrap_or(&Value::Null),
            date: release.fields.get("date").unwrap_or(&Value::Null),
            tag: release.fields.get("tag").unwrap_or(&Value::Null),
        };
        version_object(
            &mut fields,
            release.fields,
            &["id", "date", "tag", "ocid"],
            &meta,
            &mut cx,
        );
    }

    let mut release = Map::new();
    release.insert("ocid".to_owned(), Value::from(ocid));
    if let Some(Value::Object(rest)) = Node::Object(fields).into_json() {
        release.extend(rest);
    }
    Ok(Versioned {
        release: Value::Object(release),
        warnings: cx.warnings,
    })
}

/// A release with its position in the input, so that warnings can name it.
struct Ordered<'a> {
    index: usize,
    instant: Option<DateTime<Utc>>,
    fields: &'a Map<String, Value>,
}

/// Puts the releases in the order they are applied and finds their common `ocid`.
fn order<'a>(
    releases: &'a [Value],
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<Ordered<'a>>, String), MergeError> {
    let mut ordered = Vec::with_capacity(releases.len());
    let mut ocid: Option<&str> = None;
    for (index, release) in releases.iter().enumerate() {
        let Value::Object(fields) = release else {
            warnings.push(Warning {
                path: format!("[{index}]"),
                reason: format!("the release is {}, not an object: skipped", kind(release)),
            });
            continue;
        };
        match fields.get("ocid").and_then(Value::as_str) {
            None => warnings.push(Warning {
                path: format!("[{index}].ocid"),
                reason: "the release has no `ocid` string: merged as if it had the others'"
                    .to_owned(),
            }),
            Some(this) => match ocid {
                None => ocid = Some(this),
                Some(first) if first != this => {
                    return Err(MergeError::MixedOcids {
                        first: first.to_owned(),
                        other: this.to_owned(),
                        index,
                    });
                }
                Some(_) => {}
            },
        }
        let instant = release_instant(fields, index, warnings);
        ordered.push(Ordered {
            index,
            instant,
            fields,
        });
    }
    if ordered.is_empty() {
        return Err(MergeError::NoReleases);
    }
    let ocid = ocid.ok_or(MergeError::MissingOcid)?.to_owned();
    // Stable, and `None` sorts before `Some`: undated releases first, in input order.
    ordered.sort_by_key(|r| r.instant);
    Ok((ordered, ocid))
}

/// Reads a release's `date` as a UTC instant, warning when it cannot.
fn release_instant(
    fields: &Map<String, Value>,
    index: usize,
    warnings: &mut Vec<Warning>,
) -> Option<DateTime<Utc>> {
    let path = format!("[{index}].date");
    let text = match fields.get("date") {
        Some(Value::String(text)) => text,
        None | Some(Value::Null) => {
            warnings.push(Warning {
                path,
                reason: "the release has no `date`: applied before the dated releases".to_owned(),
            });
            return None;
        }
        Some(other) => {
            warnings.push(Warning {
                path,
                reason: format!(
                    "`date` is {}, not a string: applied before the dated releases",
                    kind(other)
                ),
            });
            return None;
        }
    };
    match parse_instant(text) {
        Some((instant, Exactness::Exact)) => Some(instant),
        Some((instant, Exactness::AssumedUtc)) => {
            warnings.push(Warning {
                path,
                reason: format!("`date` {text:?} has no UTC offset: read as UTC"),
            });
            Some(instant)
        }
        None => {
            warnings.push(Warning {
                path,
                reason: format!(
                    "`date` {text:?} is not an RFC 3339 date-time: applied before the dated \
                     releases"
                ),
            });
            None
        }
    }
}

/// Whether a date was read as written or had to be completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exactness {
    Exact,
    /// Written without a UTC offset (or without a time), which OCDS does not allow but
    /// publishers do; read as UTC (midnight for a bare date).
    AssumedUtc,
}

/// Parses an OCDS date-time (RFC 3339) to a UTC instant; accepts a date-time without offset,
/// or a bare date, as UTC.
fn parse_instant(text: &str) -> Option<(DateTime<Utc>, Exactness)> {
    let text = text.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Some((instant.with_timezone(&Utc), Exactness::Exact));
    }
    if let Ok(naive) = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some((naive.and_utc(), Exactness::AssumedUtc));
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some((date.and_hms_opt(0, 0, 0)?.and_utc(), Exactness::AssumedUtc))
}

/// One step of a JSON path in the input.
#[derive(Debug, Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where the merge is in the input, and the warnings so far.
#[derive(Default)]
struct Context<'a> {
    path: Vec<Seg<'a>>,
    warnings: Vec<Warning>,
}

impl Context<'_> {
    fn warn(&mut self, reason: String) {
        let mut path = String::new();
        for seg in &self.path {
            // Writing to a String cannot fail.
            let _ = match seg {
                Seg::Key(key) if path.is_empty() => write!(path, "{key}"),
                Seg::Key(key) => write!(path, ".{key}"),
                Seg::Index(index) => write!(path, "[{index}]"),
            };
        }
        self.warnings.push(Warning { path, reason });
    }

    /// Whether the current field is one of [`WHOLE_LIST_FIELDS`]; only object keys count, so
    /// the release's position and array positions are ignored.
    fn is_whole_list_field(&self) -> bool {
        let keys = || {
            self.path.iter().filter_map(|seg| match seg {
                Seg::Key(key) => Some(*key),
                Seg::Index(_) => None,
            })
        };
        WHOLE_LIST_FIELDS
            .iter()
            .any(|field| field.split('.').eq(keys()))
    }

    /// Whether an input array merges by `id` (see the module docs). Warns when an array of
    /// objects must be replaced whole only because some objects lack an `id`.
    fn merges_by_id(&mut self, items: &[Value]) -> bool {
        if self.is_whole_list_field() {
            return false;
        }
        if items.iter().all(has_id) {
            return true;
        }
        if items.iter().all(Value::is_object) {
            self.warn(
                "some objects in this array have no `id` (a string or integer), so the array \
                 replaces the earlier one whole instead of merging by `id`"
                    .to_owned(),
            );
        }
        false
    }

    /// Warns when an `id` repeats within one input array; such objects merge into one.
    fn check_duplicate(&mut self, seen: &mut HashSet<String>, key: &str) {
        if !seen.insert(key.to_owned()) {
            self.warn(format!(
                "an earlier object in this array has the same `id` ({key:?}): they are merged \
                 into one"
            ));
        }
    }
}

/// The identity of an object in an array: its `id`, as a string.
fn id_key(id: &Value) -> Option<String> {
    match id {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// An object in an array, with the string form of its `id`.
fn identified(item: &Value) -> Option<(&Map<String, Value>, String)> {
    let fields = item.as_object()?;
    let key = id_key(fields.get("id")?)?;
    Some((fields, key))
}

fn has_id(item: &Value) -> bool {
    identified(item).is_some()
}

/// Merges `input` into `out` field by field, skipping the `skip` keys.
fn merge_object<'a>(
    out: &mut Map<String, Value>,
    input: &'a Map<String, Value>,
    skip: &[&str],
    cx: &mut Context<'a>,
) {
    for (key, value) in input {
        if skip.contains(&key.as_str()) {
            continue;
        }
        if value.is_null() {
            out.remove(key);
            continue;
        }
        cx.path.push(Seg::Key(key));
        let slot = out.entry(key.clone()).or_insert(Value::Null);
        merge_value(slot, value, cx);
        cx.path.pop();
    }
}

/// Merges one field's value; `out` is `Null` when the field was absent.
fn merge_value<'a>(out: &mut Value, input: &'a Value, cx: &mut Context<'a>) {
    match input {
        Value::Object(fields) => {
            if !out.is_object() {
                *out = Value::Object(Map::new());
            }
            if let Value::Object(out_fields) = out {
                merge_object(out_fields, fields, &[], cx);
            }
        }
        Value::Array(items) => merge_array(out, items, cx),
        literal => *out = literal.clone(),
    }
}

/// Merges an array: by `id` when it is an array of identified objects, else replaced whole.
fn merge_array<'a>(out: &mut Value, items: &'a [Value], cx: &mut Context<'a>) {
    if !cx.merges_by_id(items) {
        *out = Value::Array(items.to_vec());
        return;
    }
    // An earlier value that is not a list of identified objects is replaced, not merged into.
    if !matches!(out, Value::Array(existing) if existing.iter().all(has_id)) {
        *out = Value::Array(Vec::new());
    }
    let Value::Array(out_items) = out else {
        return;
    };

    let mut positions: HashMap<String, usize> = out_items
        .iter()
        .enumerate()
        .filter_map(|(position, item)| identified(item).map(|(_, key)| (key, position)))
        .collect();
    let mut seen = HashSet::new();
    for (index, item) in items.iter().enumerate() {
        let Some((fields, key)) = identified(item) else {
            continue;
        };
        cx.path.push(Seg::Index(index));
        cx.check_duplicate(&mut seen, &key);
        match positions.get(&key).and_then(|&p| out_items.get_mut(p)) {
            // The first-seen `id` value is kept (it may be `1` where a later release says "1").
            Some(Value::Object(existing)) => merge_object(existing, fields, &["id"], cx),
            _ => {
                let mut fresh = Map::new();
                merge_object(&mut fresh, fields, &[], cx);
                positions.insert(key, out_items.len());
                out_items.push(Value::Object(fresh));
            }
        }
        cx.path.pop();
    }
}

/// The release that a versioned value comes from.
struct Meta<'a> {
    id: &'a Value,
    date: &'a Value,
    tag: &'a Value,
}

impl Meta<'_> {
    fn version(&self, value: &Value) -> Value {
        let mut version = Map::new();
        version.insert("releaseID".to_owned(), self.id.clone());
        version.insert("releaseDate".to_owned(), self.date.clone());
        version.insert("releaseTag".to_owned(), self.tag.clone());
        version.insert("value".to_owned(), value.clone());
        Value::Object(version)
    }
}

/// A field of a versioned release while it is being built.
enum Node {
    /// Nothing recorded yet.
    Empty,
    /// Versioned values, oldest first.
    History(Vec<Value>),
    /// An object's fields.
    Object(BTreeMap<String, Node>),
    /// An array merged by `id`.
    List(Vec<Entry>),
}

/// An object in an array merged by `id`.
struct Entry {
    key: String,
    /// The first-seen `id` value, kept as it is.
    id: Value,
    fields: BTreeMap<String, Node>,
}

impl Node {
    /// Records that the fields under this node were removed (set to `null`).
    fn close(&mut self, meta: &Meta<'_>) {
        match self {
            Node::Empty => {}
            Node::History(history) => {
                if history.last().and_then(|v| v.get("value")) != Some(&Value::Null) {
                    history.push(meta.version(&Value::Null));
                }
            }
            Node::Object(fields) => fields.values_mut().for_each(|node| node.close(meta)),
            Node::List(entries) => {
                for entry in entries {
                    entry.fields.values_mut().for_each(|node| node.close(meta));
                }
            }
        }
    }

    /// The JSON of the versioned release; `None` for a field with nothing recorded.
    fn into_json(self) -> Option<Value> {
        match self {
            Node::Empty => None,
            Node::History(history) => Some(Value::Array(history)),
            Node::Object(fields) => {
                let map = fields_into_json(fields);
                (!map.is_empty()).then_some(Value::Object(map))
            }
            Node::List(entries) => {
                let items: Vec<Value> = entries
                    .into_iter()
                    .map(|entry| {
                        let mut map = Map::new();
                        map.insert("id".to_owned(), entry.id);
                        map.extend(fields_into_json(entry.fields));
                        Value::Object(map)
                    })
                    .collect();
                (!items.is_empty()).then_some(Value::Array(items))
            }
        }
    }
}

fn fields_into_json(fields: BTreeMap<String, Node>) -> Map<String, Value> {
    fields
        .into_iter()
        .filter_map(|(key, node)| node.into_json().map(|v| (key, v)))
        .collect()
}

/// Adds one release's object to the versioned fields, skipping the `skip` keys.
fn version_object<'a>(
    fields: &mut BTreeMap<String, Node>,
    input: &'a Map<String, Value>,
    skip: &[&str],
    meta: &Meta<'_>,
    cx: &mut Context<'a>,
) {
    for (key, value) in input {
        if skip.contains(&key.as_str()) {
            continue;
        }
        cx.path.push(Seg::Key(key));
        let node = fields.entry(key.clone()).or_insert(Node::Empty);
        version_value(node, value, meta, cx);
        cx.path.pop();
    }
}

/// Adds one release's value of a field to its versioned node.
fn version_value<'a>(node: &mut Node, input: &'a Value, meta: &Meta<'_>, cx: &mut Context<'a>) {
    match (input, &mut *node) {
        (Value::Object(object), Node::Empty | Node::Object(_)) => {
            if matches!(node, Node::Empty) {
                *node = Node::Object(BTreeMap::new());
            }
            if let Node::Object(fields) = node {
                version_object(fields, object, &[], meta, cx);
            }
        }
        // An empty array adds nothing to a list merged by `id` (or to nothing yet).
        (Value::Array(items), Node::Empty | Node::List(_)) if items.is_empty() => {}
        (Value::Array(items), Node::Empty | Node::List(_)) if cx.merges_by_id(items) => {
            if matches!(node, Node::Empty) {
                *node = Node::List(Vec::new());
            }
            if let Node::List(entries) = node {
                version_list(entries, items, meta, cx);
            }
        }
        (Value::Null, Node::Object(_) | Node::List(_)) => node.close(meta),
        (_, Node::Object(_) | Node::List(_)) => {
            cx.warn(format!(
                "was an object or a list of objects, now {}: its history restarts here",
                kind(input)
            ));
            *node = Node::History(vec![meta.version(input)]);
        }
        (_, Node::Empty) => *node = Node::History(vec![meta.version(input)]),
        (_, Node::History(history)) => {
            if history.last().and_then(|v| v.get("value")) != Some(input) {
                history.push(meta.version(input));
            }
        }
    }
}

/// Adds one release's array of identified objects to a list merged by `id`.
fn version_list<'a>(
    entries: &mut Vec<Entry>,
    items: &'a [Value],
    meta: &Meta<'_>,
    cx: &mut Context<'a>,
) {
    let mut positions: HashMap<String, usize> = entries
        .iter()
        .enumerate()
        .map(|(position, e)| (e.key.clone(), position))
        .collect();
    let mut seen = HashSet::new();
    for (index, item) in items.iter().enumerate() {
        let Some((fields, key)) = identified(item) else {
            continue;
        };
        cx.path.push(Seg::Index(index));
        cx.check_duplicate(&mut seen, &key);
        let position = match positions.get(&key) {
            Some(&position) => position,
            None => {
                let id = fields.get("id").cloned().unwrap_or(Value::Null);
                positions.insert(key.clone(), entries.len());
                entries.push(Entry {
                    key,
                    id,
                    fields: BTreeMap::new(),
                });
                entries.len() - 1
            }
        };
        if let Some(entry) = entries.get_mut(position) {
            version_object(&mut entry.fields, fields, &["id"], meta, cx);
        }
        cx.path.pop();
    }
}

/// "a string", "an object", … for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A release of process `ocds-x` dated `date`, with `fields` added.
    fn release(id: &str, date: &str, fields: Value) -> Value {
        let mut release = json!({"ocid": "ocds-x", "id": id, "date": date, "tag": ["update"]});
        let (Value::Object(map), Value::Object(extra)) = (&mut release, fields) else {
            panic!("objects expected");
        };
        map.extend(extra);
        release
    }

    fn compiled(releases: &[Value]) -> Value {
        compile(releases).unwrap().release
    }

    fn fixture(path: &str) -> Value {
        let full = format!("{}/tests/fixtures/ocds/{path}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn latest_release_wins_per_field() {
        let out = compiled(&[
            release(
                "1",
                "2020-01-01T00:00:00Z",
                json!({"tender": {"title": "Old", "status": "planned"}}),
            ),
            release(
                "2",
                "2020-02-01T00:00:00Z",
                json!({"tender": {"title": "New"}}),
            ),
        ]);
        assert_eq!(out["tender"], json!({"title": "New", "status": "planned"}));
    }

    #[test]
    fn null_removes_a_field_and_a_later_value_restores_it() {
        let releases = [
            release(
                "1",
                "2020-01-01T00:00:00Z",
                json!({"tender": {"title": "T", "description": "D"}, "planning": {"rationale": "R"}}),
            ),
            release(
                "2",
                "2020-02-01T00:00:00Z",
                json!({"tender": {"description": null}, "planning": null}),
            ),
        ];
        let out = compiled(&releases);
        assert_eq!(out["tender"], json!({"title": "T"}));
        assert!(
            out.get("planning").is_none(),
            "an object set to null is removed"
        );

        let mut more = releases.to_vec();
        more.push(release(
            "3",
            "2020-03-01T00:00:00Z",
            json!({"tender": {"description": "D2"}}),
        ));
        assert_eq!(
            compiled(&more)["tender"],
            json!({"title": "T", "description": "D2"})
        );
    }

    #[test]
    fn objects_merge_field_by_field_recursively() {
        let out = compiled(&[
            release(
                "1",
                "2020-01-01T00:00:00Z",
                json!({"tender": {"value": {"amount": 1, "currency": "CAD"}, "title": "T"}}),
            ),
            release(
                "2",
                "2020-02-01T00:00:00Z",
                json!({"tender": {"value": {"amount": 2}}, "buyer": {"name": "B"}}),
            ),
        ]);
        assert_eq!(
            out["tender"],
            json!({"value": {"amount": 2, "currency": "CAD"}, "title": "T"})
        );
        assert_eq!(out["buyer"], json!({"name": "B"}));
    }

    #[test]
    fn arrays_of_objects_with_ids_merge_by_id_in_first_seen_order() {
        let out = compiled(&[
            release(
                "1",
                "2020-01-01T00:00:00Z",
                json!({"awards": [
                    {"id": 1, "title": "A1", "status": "pending"},
                    {"id": "b", "title": "B"},
                ]}),
            ),
            release(
                "2",
                "2020-02-01T00:00:00Z",
                json!({"awards": [
                    {"id": "c", "title": "C"},
                    {"id": "1", "status": "active"},
                ]}),
            ),
        ]);
        // Integer 1 and string "1" are the same award; its first-seen `id` is kept.
        assert_eq!(
            out["awards"],
            json!([
                {"id": 1, "title": "A1", "status": "active"},
                {"id": "b", "title": "B"},
                {"id": "c", "title": "C"},
            ])
        );
    }

    #[test]
    fn duplicate_ids_in_one_release_merge_into_one_object_with_a_warning() {
        let result = compile(&[release(
            "1",
            "2020-01-01T00:00:00Z",
            json!({"tender": {"items": [{"id": "", "description": "a"}, {"id": "", "quantity": 2}]}}),
        )])
        .unwrap();
        assert_eq!(
            result.release["tender"]["items"],
            json!([{"id": "", "description": "a", "quantity": 2}])
        );
        assert_eq!(result.warnings.len(), 1);
        assert_eq!(result.warnings[0].path, "[0].tender.items[1]");
    }

    #[test]
    fn arrays_of_objects_without_ids_are_replaced_whole_with_a_warning() {
        let result = compile(&[
            release(
                "1",
                "2020-01-01T00:00:00Z",
                json!({"tender": {"notes": [{"text": "a"}, {"text": "b"}]}}),
            ),
            release(
                "2",
                "2020-02-01T00:00:00Z",
                json!({"tender": {"notes": [{"text": "c"}]}}),
            ),
        ])
        .unwrap();
        assert_eq!(result.release["tender"]["notes"], json!([{"text": "c"}]));
        assert_eq!(result.warnings.len(), 2);
        assert_eq!(result.warnings[1].path, "[1].tender.notes");
    }

    #[test]
    fn arrays_of_non_objects_are_replaced_whole() {
        let out = compiled(&[
            release(
                "1",
                "2020-01-01T00:00:00Z",
                json!({"tender": {"submissionMethod": ["electronicSubmission", "inPerson"]}}),
            ),
            release(
                "2",
                "2020-02-01T00:00:00Z",
                json!({"tender": {"submissionMethod": ["written"]}}),
            ),
        ]);
        assert_eq!(out["tender"]["submissionMethod"], json!(["written"]));
    }

    #[test]
    fn party_roles_are_replaced_whole_not_merged() {
        let out = compiled(&[
            release(
                "1",
                "2020-01-01T00:00:00Z",
                json!({"parties": [{"id": "p", "roles": ["buyer", "procuringEntity"]}]}),
            ),
            release(
                "2",
                "2020-02-01T00:00:00Z",
                json!({"parties": [{"id": "p", "roles": ["payer"]}]}),
            ),
            release(
                "3",
                "2020-03-01T00:00:00Z",
                json!({"parties": [{"id": "q", "roles": []}]}),
            ),
        ]);
        assert_eq!(
            out["parties"],
            json!([{"id": "p", "roles": ["payer"]}, {"id": "q", "roles": []}])
        );

        let emptied = compiled(&[
            release(
                "1",
                "2020-01-01T00:00:00Z",
                json!({"parties": [{"id": "p", "roles": ["buyer"]}]}),
            ),
            release(
                "2",
                "2020-02-01T00:00:00Z",
                json!({"parties": [{"id": "p", "roles": []}]}),
            ),
        ]);
        assert_eq!(emptied["parties"][0]["roles"], json!([]));
    }

    #[test]
    fn whole_list_merge_fields_of_the_schema_are_replaced_even_with_ids() {
        let result = compile(&[
            release("1", "2020-01-01T00:00:00Z", json!({"parties": [{"id": "p", "additionalIdentifiers": [{"scheme": "A", "id": "1"}, {"scheme": "B", "id": "2"}]}]})),
            release("2", "2020-02-01T00:00:00Z", json!({"parties": [{"id": "p", "additionalIdentifiers": [{"scheme": "C", "id": "3"}]}]})),
        ])
        .unwrap();
        assert_eq!(
            result.release["parties"][0]["additionalIdentifiers"],
            json!([{"scheme": "C", "id": "3"}])
        );
        assert!(result.warnings.is_empty(), "{:?}", result.warnings);
    }

    #[test]
    fn dates_are_ordered_by_instant_not_by_text() {
        // 10:00 at -05:00 is 15:00 UTC: later than 12:00 UTC, though it sorts first as text.
        let out = compiled(&[
            release(
                "late",
                "2020-01-01T10:00:00-05:00",
                json!({"tender": {"title": "Late"}}),
            ),
            release(
                "early",
                "2020-01-01T12:00:00Z",
                json!({"tender": {"title": "Early"}}),
            ),
        ]);
        assert_eq!(out["tender"]["title"], "Late");
        assert_eq!(out["date"], "2020-01-01T10:00:00-05:00");
        assert_eq!(out["id"], "ocds-x-2020-01-01T10:00:00-05:00");
    }

    #[test]
    fn a_release_without_a_readable_date_is_applied_first_and_reported() {
        let mut undated = release("u", "", json!({"tender": {"title": "Undated"}}));
        undated.as_object_mut().unwrap().remove("date");
        let result = compile(&[
            release(
                "d",
                "2020-01-01T00:00:00Z",
                json!({"tender": {"title": "Dated"}}),
            ),
            undated,
            release(
                "bad",
                "last Tuesday",
                json!({"tender": {"status": "active"}}),
            ),
        ])
        .unwrap();
        assert_eq!(
            result.release["tender"],
            json!({"title": "Dated", "status": "active"})
        );
        let paths: Vec<&str> = result.warnings.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(paths, ["[1].date", "[2].date"]);
    }

    #[test]
    fn a_date_without_offset_is_read_as_utc_and_reported() {
        let result = compile(&[
            release(
                "a",
                "2020-01-01T12:00:00",
                json!({"tender": {"title": "A"}}),
            ),
            release(
                "b",
                "2020-01-01T11:00:00Z",
                json!({"tender": {"title": "B"}}),
            ),
        ])
        .unwrap();
        assert_eq!(result.release["tender"]["title"], "A");
        assert_eq!(result.warnings.len(), 1);
        assert!(result.warnings[0].reason.contains("no UTC offset"));
    }

    #[test]
    fn release_metadata_is_replaced_by_the_compiled_release_own() {
        let out = compiled(&[
            release("r1", "2020-01-01T00:00:00Z", json!({"language": "en"})),
            release("r2", "2020-02-01T00:00:00Z", json!({})),
        ]);
        assert_eq!(
            out,
            json!({
                "tag": ["compiled"],
                "id": "ocds-x-2020-02-01T00:00:00Z",
                "date": "2020-02-01T00:00:00Z",
                "ocid": "ocds-x",
                "language": "en",
            })
        );
    }

    #[test]
    fn unmergeable_inputs_are_errors() {
        assert_eq!(compile(&[]), Err(MergeError::NoReleases));
        assert_eq!(
            compile(&[json!("not a release")]),
            Err(MergeError::NoReleases)
        );
        assert_eq!(
            compile(&[json!({"date": "2020-01-01T00:00:00Z"})]),
            Err(MergeError::MissingOcid)
        );
        let mut other = release("2", "2020-01-01T00:00:00Z", json!({}));
        other["ocid"] = json!("ocds-y");
        assert!(matches!(
            compile(&[release("1", "2020-01-01T00:00:00Z", json!({})), other]),
            Err(MergeError::MixedOcids { index: 1, .. })
        ));
    }

    /// The six releases of the standard's fictional example, each from its own package.
    fn fictional_releases() -> Vec<Value> {
        [
            "01-planning",
            "02-tender",
            "03-tenderAmendment",
            "04-award",
            "05-contract",
            "06-implementation",
        ]
        .iter()
        .map(|stage| {
            fixture(&format!("fictional/ocds-213czf-000-00001-{stage}.json"))["releases"][0].clone()
        })
        .collect()
    }

    #[test]
    fn the_fictional_example_compiles_to_its_published_compiled_release() {
        let mut releases = fictional_releases();
        releases.reverse(); // the order given must not matter
        let result = compile(&releases).unwrap();
        assert!(result.warnings.is_empty(), "{:?}", result.warnings);
        let record = fixture("fictional/record/ocds-213czf-000-00001.json");
        assert_eq!(result.release, record["records"][0]["compiledRelease"]);

        // The same six releases in one package give the same.
        let package = fixture("fictional/ocds-213czf-000-00001.json");
        let together = package["releases"].as_array().unwrap();
        assert_eq!(compile(together).unwrap().release, result.release);
    }

    #[test]
    fn the_fictional_example_versions_to_its_published_versioned_release() {
        let result = versioned(&fictional_releases()).unwrap();
        assert!(result.warnings.is_empty(), "{:?}", result.warnings);
        let record = fixture("fictional/record/ocds-213czf-000-00001-withversions.json");
        assert_eq!(result.release, record["records"][0]["versionedRelease"]);
    }

    #[test]
    fn versioned_values_record_changes_only_and_removals() {
        let out = versioned(&[
            release(
                "1",
                "2020-01-01T00:00:00Z",
                json!({"tender": {"id": "t", "title": "A", "items": [{"id": "i", "quantity": 1}]}}),
            ),
            release(
                "2",
                "2020-02-01T00:00:00Z",
                json!({"tender": {"id": "t", "title": "A", "items": [{"id": "i", "quantity": 2}]}}),
            ),
            release(
                "3",
                "2020-03-01T00:00:00Z",
                json!({"tender": {"title": null}}),
            ),
        ])
        .unwrap()
        .release;
        let dates = |v: &Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x["releaseDate"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(out["ocid"], "ocds-x");
        assert_eq!(dates(&out["tender"]["id"]), ["2020-01-01T00:00:00Z"]);
        assert_eq!(
            dates(&out["tender"]["title"]),
            ["2020-01-01T00:00:00Z", "2020-03-01T00:00:00Z"]
        );
        assert_eq!(out["tender"]["title"][1]["value"], Value::Null);
        assert_eq!(
            out["tender"]["items"][0]["id"], "i",
            "ids of objects in lists are not versioned"
        );
        assert_eq!(out["tender"]["items"][0]["quantity"][1]["value"], 2);
        assert_eq!(
            out["tender"]["items"][0]["quantity"][1]["releaseTag"],
            json!(["update"])
        );
    }
}
