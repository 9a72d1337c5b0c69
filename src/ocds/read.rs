//! Reading OCDS data one release or record at a time, whatever shape the file has.
//!
//! Publishers send release packages (`{"releases": [...]}`), record packages
//! (`{"records": [...]}`), a bare release, a bare record (often without its `ocid`), JSON Lines of
//! any of these, or an array of releases. [`for_each_item`] tells them apart by the first
//! non-blank byte and the top-level keys, and hands each release or record to a callback as soon
//! as it is parsed: a package's `releases` and `records` arrays are streamed element by element
//! through a serde visitor, so a 1 GB package needs memory for one element, not for the file.
//!
//! Real data is messy, so a bad element never fails the file: a release that is not an object, a
//! JSON Lines line that does not parse, a `releases` that is not an array, are skipped and listed
//! in the [`Summary`] with the path where they were (`releases[3]`, `line 17`,
//! `line 2: records[0]`). The reader does not judge content (a `tag` that is a string, an empty
//! `id`): the importer and [`super::merge`] report those. Only what makes the rest of the input
//! unreadable fails the whole read: an I/O error, or broken JSON in a document, after which a
//! streaming parser cannot find its place again ([`ReadError::Syntax`] carries what was read).
//!
//! How the shape is told: a first line that is a whole JSON value with more lines after it (within
//! the first MiB) means JSON Lines, read line by line so that a broken line is skipped. Anything
//! else starting with `{` or `[` is read as one streamed document, followed by any further
//! documents (paths `value 2: …`). A top-level object with `releases` is a record if it also has
//! `compiledRelease`, `versionedRelease` or `ocid`, else a release package; as those keys may come
//! after `releases` (the bare records of Contracts Finder, buyandsell and Montréal do), the first
//! 256 releases are held back until the object ends, and only a longer array is streamed.
//!
//! Numbers too large for an `f64`: the renewal extension writes `1e9999` for "no maximum", which
//! serde_json (without its `arbitrary_precision` feature, which this crate does not enable)
//! rejects as "number out of range", failing the whole file. The error comes from serde_json's own
//! number parser, before any visitor or custom deserializer sees a value, so it cannot be caught
//! there; `arbitrary_precision` would change every number in the crate. So input passes through
//! [`FiniteNumbers`] first, which rewrites each number *outside strings* whose value overflows
//! an `f64` to the largest finite `f64` ([`LARGEST_FINITE`], negative for `-1e9999`): the value
//! survives as "larger than anything real" (not `null`, which would mean "unknown"), and importers
//! treat `f64::MAX` as unbounded. serde_json writes it back as `1.7976931348623157e+308`, which
//! reads back the same. Everything else, digits inside strings included, passes byte for byte.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// What a number that overflows an `f64` is rewritten to: `f64::MAX`, which serde_json reads
/// back exactly.
pub const LARGEST_FINITE: &str = "1.7976931348623157e308";

/// How much of the input is read ahead to tell JSON Lines from one document.
const HEAD_LEN: u64 = 1 << 20;

/// How many releases of a top-level object are held back before streaming them, in case a later
/// key (`compiledRelease`, `versionedRelease`, `ocid`) shows the object is a record, not a package.
const PENDING_LIMIT: usize = 256;

/// The longest number checked for overflow; longer runs of digits are passed on unchanged (and
/// rejected by the parser), so a hostile file cannot make the checker buffer without end.
const MAX_NUMBER_LEN: usize = 1024;

/// At most this many skipped elements and this many notes are listed; the rest are counted.
const MAX_ISSUES: usize = 1000;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A release or a record, with where it was in the input.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A release (a JSON object), from a release package, an array, a line or the whole file.
    Release {
        /// Where it was: `releases[3]`, `[4]`, `line 17`, `line 2: releases[0]`, or `$` for the
        /// whole document.
        path: String,
        /// The release, as published (always a JSON object).
        value: Value,
    },
    /// A record: one contracting process with its releases.
    Record {
        /// Where it was: `records[0]`, `line 5: records[2]`, or `$` for the whole document.
        path: String,
        /// The record's `ocid`; when it has none, its compiled release's or its releases' (a
        /// note in the summary says so); `None` if none of them has one.
        ocid: Option<String>,
        /// Its releases: full releases, or linked releases (`url`, `date`, `tag`) as published.
        releases: Vec<Value>,
        /// Its `compiledRelease`, if present.
        compiled: Option<Value>,
        /// Its `versionedRelease`, if present.
        versioned: Option<Value>,
    },
}

impl Item {
    /// Where the item was in the input.
    pub fn path(&self) -> &str {
        match self {
            Item::Release { path, .. } | Item::Record { path, .. } => path,
        }
    }
}

/// The shape of the input, as detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    /// Nothing but whitespace.
    #[default]
    Empty,
    /// `{"releases": [...], ...}`.
    ReleasePackage,
    /// `{"records": [...], ...}`.
    RecordPackage,
    /// One release object.
    Release,
    /// One record object (`releases` with `compiledRelease`, `versionedRelease` or `ocid`).
    Record,
    /// `[...]` of releases, records or packages.
    Array,
    /// JSON Lines, or several JSON documents one after another.
    JsonLines,
    /// One object that is none of the above.
    Unrecognised,
}

/// Something skipped or worth knowing, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Where in the input, in the same form as [`Item::path`].
    pub path: String,
    /// What was wrong.
    pub reason: String,
}

/// What a read found, besides the items themselves.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    /// The detected shape.
    pub shape: Shape,
    /// How many [`Item::Release`] were handed to the callback.
    pub releases: usize,
    /// How many [`Item::Record`] were handed to the callback.
    pub records: usize,
    /// Elements not handed to the callback, and why.
    pub skipped: Vec<Issue>,
    /// Items handed over but odd, such as a record whose `ocid` was taken from its compiled
    /// release.
    pub notes: Vec<Issue>,
    /// Skipped elements and notes beyond the first 1000 of each: counted, not listed.
    pub issues_omitted: usize,
    /// A package's own fields (`uri`, `publisher`, `publishedDate`, `version`, `extensions`, …)
    /// when the input is one package; empty otherwise.
    pub package: Map<String, Value>,
}

/// Why a read stopped before the end of the input.
#[derive(Debug, thiserror::Error)]
pub enum ReadError<E> {
    /// Reading (or decompressing) failed.
    #[error("could not read the input: {0}")]
    Io(#[from] io::Error),
    /// The input does not start like JSON.
    #[error("the input is not JSON: it starts with byte 0x{byte:02x}{}", gzip_hint(.byte))]
    NotJson {
        /// The first byte that is not whitespace.
        byte: u8,
    },
    /// Broken JSON in a document; what came before it was read and handed over.
    #[error("invalid JSON after {} releases and {} records: {source}", .partial.releases, .partial.records)]
    Syntax {
        /// The parser's error, with line and column.
        source: serde_json::Error,
        /// What was read before it.
        partial: Box<Summary>,
    },
    /// The callback returned an error, which stopped the read.
    #[error("stopped by the callback: {0}")]
    Callback(E),
}

fn gzip_hint(byte: &u8) -> &'static str {
    if *byte == GZIP_MAGIC[0] {
        " (gzip: open the file with `open`)"
    } else {
        ""
    }
}

/// Opens a file for [`for_each_item`], decompressing it if it is gzip (by its magic bytes, not
/// its name).
pub fn open(path: impl AsRef<Path>) -> io::Result<Box<dyn Read>> {
    decompress_if_gzip(File::open(path)?)
}

/// Wraps `reader` in a gzip decoder if its first bytes are the gzip magic. Multi-member gzip
/// (concatenated `.gz` files, as `cat a.gz b.gz` makes) is read to the end.
pub fn decompress_if_gzip<R: Read + 'static>(mut reader: R) -> io::Result<Box<dyn Read>> {
    let mut magic = [0u8; 2];
    let mut filled = 0;
    while filled < magic.len() {
        match reader.read(&mut magic[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    let whole = Cursor::new(magic[..filled].to_vec()).chain(reader);
    if magic[..filled] == GZIP_MAGIC {
        Ok(Box::new(MultiGzDecoder::new(whole)))
    } else {
        Ok(Box::new(whole))
    }
}

/// Reads OCDS data from `reader` and calls `f` with each release or record, in input order.
///
/// Returns what was found besides the items. An error from `f` stops the read and is returned
/// as [`ReadError::Callback`].
pub fn for_each_item<R: Read, E>(
    reader: R,
    mut f: impl FnMut(Item) -> Result<(), E>,
) -> Result<Summary, ReadError<E>> {
    let mut sink = Sink {
        callback: &mut f,
        summary: Summary::default(),
        stop: None,
    };
    let mut input = FiniteNumbers::new(reader);

    let mut head = Vec::new();
    (&mut input).take(HEAD_LEN).read_to_end(&mut head)?;
    if head.starts_with(BOM) {
        head.drain(..BOM.len());
    }
    let first = head.iter().copied().find(|b| !b.is_ascii_whitespace());
    let json_lines = first == Some(b'{') && is_json_lines(&head);
    let head_is_full = head.len() as u64 >= HEAD_LEN;
    let body = BufReader::new(Cursor::new(head).chain(input));

    match first {
        None if !head_is_full => {}
        Some(b'{') if json_lines => read_lines(body, &mut sink)?,
        None | Some(b'{' | b'[') => read_document(body, &mut sink)?,
        Some(byte) => return Err(ReadError::NotJson { byte }),
    }
    Ok(sink.summary)
}

/// Parses bytes to JSON as [`for_each_item`] does, numbers too large for `f64` included.
pub fn parse_json(bytes: &[u8]) -> serde_json::Result<Value> {
    let mut scanner = Scanner::default();
    for &byte in bytes {
        scanner.push(byte);
    }
    scanner.end_number();
    serde_json::from_slice(&scanner.out)
}

/// JSON Lines if the first line is a whole JSON value and something follows it.
fn is_json_lines(head: &[u8]) -> bool {
    let Some(newline) = head.iter().position(|&b| b == b'\n') else {
        return false;
    };
    let (first_line, rest) = head.split_at(newline);
    serde_json::from_slice::<IgnoredAny>(first_line).is_ok()
        && rest.iter().any(|b| !b.is_ascii_whitespace())
}

/// Reads JSON Lines: each line is parsed on its own, so a bad line is skipped, not fatal.
fn read_lines<E>(mut reader: impl BufRead, sink: &mut Sink<'_, E>) -> Result<(), ReadError<E>> {
    sink.summary.shape = Shape::JsonLines;
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        number += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let prefix = format!("line {number}");
        match serde_json::from_slice::<Value>(&line) {
            Ok(value) => {
                if classify_value(sink, value, &prefix, "").is_err() {
                    return Err(sink.stopped());
                }
            }
            Err(error) => sink.skip(prefix, format!("not valid JSON: {error}")),
        }
    }
}

/// Reads one JSON document, streaming its arrays; then any documents that follow it.
fn read_document<E>(reader: impl Read, sink: &mut Sink<'_, E>) -> Result<(), ReadError<E>> {
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let mut count = 1usize;
    loop {
        let prefix = if count == 1 {
            String::new()
        } else {
            format!("value {count}")
        };
        let seed = TopLevel {
            sink: &mut *sink,
            prefix: &prefix,
        };
        if let Err(error) = seed.deserialize(&mut deserializer) {
            return Err(sink.failure(error));
        }
        match deserializer.end() {
            Ok(()) => return Ok(()),
            Err(error) if error.is_io() => return Err(ReadError::Io(error.into())),
            // More follows: documents one after another, pretty-printed JSON Lines.
            Err(_) => {
                count += 1;
                sink.summary.shape = Shape::JsonLines;
                sink.summary.package.clear();
            }
        }
    }
}

/// Marks that the callback returned an error, now kept in [`Sink::stop`].
struct Stopped;

/// Hands items to the callback and keeps the summary.
struct Sink<'f, E> {
    callback: &'f mut dyn FnMut(Item) -> Result<(), E>,
    summary: Summary,
    /// The callback's error, once it returned one.
    stop: Option<E>,
}

impl<E> Sink<'_, E> {
    fn emit(&mut self, item: Item) -> Result<(), Stopped> {
        match item {
            Item::Release { .. } => self.summary.releases += 1,
            Item::Record { .. } => self.summary.records += 1,
        }
        (self.callback)(item).map_err(|error| {
            self.stop = Some(error);
            Stopped
        })
    }

    fn skip(&mut self, path: String, reason: String) {
        if self.summary.skipped.len() < MAX_ISSUES {
            self.summary.skipped.push(Issue { path, reason });
        } else {
            self.summary.issues_omitted += 1;
        }
    }

    fn note(&mut self, path: String, reason: String) {
        if self.summary.notes.len() < MAX_ISSUES {
            self.summary.notes.push(Issue { path, reason });
        } else {
            self.summary.issues_omitted += 1;
        }
    }

    /// Sets the shape unless an enclosing reader already did.
    fn shape(&mut self, shape: Shape) {
        if self.summary.shape == Shape::Empty {
            self.summary.shape = shape;
        }
    }

    /// The error for a read stopped by the callback.
    fn stopped(&mut self) -> ReadError<E> {
        match self.stop.take() {
            Some(error) => ReadError::Callback(error),
            None => ReadError::Io(io::Error::other("the read was stopped")),
        }
    }

    /// The error for a failed parse: the callback's, an I/O error, or broken JSON.
    fn failure(&mut self, error: serde_json::Error) -> ReadError<E> {
        if self.stop.is_some() {
            self.stopped()
        } else if error.is_io() {
            ReadError::Io(error.into())
        } else {
            ReadError::Syntax {
                source: error,
                partial: Box::new(std::mem::take(&mut self.summary)),
            }
        }
    }
}

/// The serde error that unwinds a parse when the callback stopped it.
fn stopped<Error: de::Error>(_: Stopped) -> Error {
    Error::custom("stopped by the callback")
}

/// `prefix` (`line 3`) and JSON path (`releases[2]`) as one location; `$` for the whole input.
fn render(prefix: &str, json: &str) -> String {
    match (prefix.is_empty(), json.is_empty()) {
        (true, true) => "$".to_owned(),
        (true, false) => json.to_owned(),
        (false, true) => prefix.to_owned(),
        (false, false) => format!("{prefix}: {json}"),
    }
}

fn key_path(json: &str, key: &str) -> String {
    if json.is_empty() {
        key.to_owned()
    } else {
        format!("{json}.{key}")
    }
}

fn index_path(json: &str, index: usize) -> String {
    format!("{json}[{index}]")
}

/// Whether a top-level object is a record rather than a package or a release.
fn is_record_like(fields: &Map<String, Value>, has_releases: bool) -> bool {
    fields.contains_key("compiledRelease")
        || fields.contains_key("versionedRelease")
        || (has_releases && fields.contains_key("ocid"))
}

/// Classifies a parsed value (a JSON Lines line, an array element) and hands over its items.
fn classify_value<E>(
    sink: &mut Sink<'_, E>,
    value: Value,
    prefix: &str,
    json: &str,
) -> Result<(), Stopped> {
    let Value::Object(mut fields) = value else {
        sink.skip(
            render(prefix, json),
            format!(
                "expected a release, record or package (an object), found {}",
                kind(&value)
            ),
        );
        return Ok(());
    };
    if let Some(records) = fields.remove("records") {
        let records_path = key_path(json, "records");
        match records {
            Value::Array(items) => {
                for (index, record) in items.into_iter().enumerate() {
                    record_value(sink, record, prefix, &index_path(&records_path, index))?;
                }
            }
            other => sink.skip(
                render(prefix, &records_path),
                not_an_array("records", &other),
            ),
        }
        return Ok(());
    }
    let releases = fields.remove("releases");
    if is_record_like(&fields, releases.is_some()) {
        let releases = releases_of_record(sink, releases, prefix, json);
        return emit_record(sink, fields, releases, prefix, json);
    }
    if let Some(releases) = releases {
        let releases_path = key_path(json, "releases");
        match releases {
            Value::Array(items) => {
                for (index, release) in items.into_iter().enumerate() {
                    emit_release(sink, release, prefix, &index_path(&releases_path, index))?;
                }
            }
            other => sink.skip(
                render(prefix, &releases_path),
                not_an_array("releases", &other),
            ),
        }
        return Ok(());
    }
    if fields.contains_key("ocid") {
        return sink.emit(Item::Release {
            path: render(prefix, json),
            value: Value::Object(fields),
        });
    }
    sink.skip(render(prefix, json), NOT_OCDS.to_owned());
    Ok(())
}

const NOT_OCDS: &str = "an object with none of `releases`, `records` or `ocid`: not OCDS data";

fn not_an_array(key: &str, value: &Value) -> String {
    format!("`{key}` is {}, not an array: skipped", kind(value))
}

/// Hands over a release, or skips it if it is not an object.
fn emit_release<E>(
    sink: &mut Sink<'_, E>,
    value: Value,
    prefix: &str,
    json: &str,
) -> Result<(), Stopped> {
    if value.is_object() {
        sink.emit(Item::Release {
            path: render(prefix, json),
            value,
        })
    } else {
        sink.skip(
            render(prefix, json),
            format!("a release must be an object, found {}", kind(&value)),
        );
        Ok(())
    }
}

/// Hands over an element of a `records` array, or skips it if it is not an object.
fn record_value<E>(
    sink: &mut Sink<'_, E>,
    value: Value,
    prefix: &str,
    json: &str,
) -> Result<(), Stopped> {
    let Value::Object(mut fields) = value else {
        sink.skip(
            render(prefix, json),
            format!("a record must be an object, found {}", kind(&value)),
        );
        return Ok(());
    };
    let releases = fields.remove("releases");
    let releases = releases_of_record(sink, releases, prefix, json);
    emit_record(sink, fields, releases, prefix, json)
}

/// A record's `releases` as a list, reporting a `releases` that is not an array.
fn releases_of_record<E>(
    sink: &mut Sink<'_, E>,
    releases: Option<Value>,
    prefix: &str,
    json: &str,
) -> Vec<Value> {
    match releases {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            sink.skip(
                render(prefix, &key_path(json, "releases")),
                not_an_array("releases", &other),
            );
            Vec::new()
        }
    }
}

/// Hands over a record made of `fields` (without `releases`) and its `releases`.
fn emit_record<E>(
    sink: &mut Sink<'_, E>,
    mut fields: Map<String, Value>,
    releases: Vec<Value>,
    prefix: &str,
    json: &str,
) -> Result<(), Stopped> {
    let releases_path = key_path(json, "releases");
    let mut kept = Vec::with_capacity(releases.len());
    for (index, release) in releases.into_iter().enumerate() {
        if release.is_object() {
            kept.push(release);
        } else {
            sink.skip(
                render(prefix, &index_path(&releases_path, index)),
                format!("a release must be an object, found {}", kind(&release)),
            );
        }
    }
    let compiled = fields.remove("compiledRelease").filter(|v| !v.is_null());
    let versioned = fields.remove("versionedRelease").filter(|v| !v.is_null());
    let ocid = record_ocid(
        sink,
        &fields,
        compiled.as_ref(),
        &kept,
        &render(prefix, json),
    );
    sink.emit(Item::Record {
        path: render(prefix, json),
        ocid,
        releases: kept,
        compiled,
        versioned,
    })
}

/// A record's `ocid`, or failing that its compiled release's or its releases' (with a note).
fn record_ocid<E>(
    sink: &mut Sink<'_, E>,
    fields: &Map<String, Value>,
    compiled: Option<&Value>,
    releases: &[Value],
    path: &str,
) -> Option<String> {
    let ocid_of = |value: &Value| value.get("ocid").and_then(Value::as_str).map(str::to_owned);
    if let Some(ocid) = fields.get("ocid").and_then(Value::as_str) {
        return Some(ocid.to_owned());
    }
    if let Some(ocid) = compiled.and_then(ocid_of) {
        sink.note(
            path.to_owned(),
            "the record has no `ocid`: taken from its compiledRelease".to_owned(),
        );
        return Some(ocid);
    }
    if let Some(ocid) = releases.iter().find_map(ocid_of) {
        sink.note(
            path.to_owned(),
            "the record has no `ocid`: taken from its releases".to_owned(),
        );
        return Some(ocid);
    }
    sink.note(
        path.to_owned(),
        "the record has no `ocid`, nor have its compiled release and releases".to_owned(),
    );
    None
}

/// The top-level value of a JSON document, read as a stream.
struct TopLevel<'s, 'f, E> {
    sink: &'s mut Sink<'f, E>,
    prefix: &'s str,
}

impl<'de, E> DeserializeSeed<'de> for TopLevel<'_, '_, E> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, E> Visitor<'de> for TopLevel<'_, '_, E> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an OCDS package, release or record, or an array of them")
    }

    /// An array of releases (or records, or packages): classified one element at a time.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.sink.shape(Shape::Array);
        let mut index = 0;
        while let Some(value) = seq.next_element::<Value>()? {
            classify_value(self.sink, value, self.prefix, &index_path("", index))
                .map_err(stopped)?;
            index += 1;
        }
        Ok(())
    }

    /// A package, release or record: `releases` and `records` are streamed, other fields kept.
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let mut fields = Map::new();
        let mut releases = None;
        let mut has_records = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "releases" && releases.is_none() {
                let kind = ArrayKind::Releases {
                    buffer_all: is_record_like(&fields, true),
                };
                releases = Some(map.next_value_seed(self.array(kind))?);
            } else if key == "records" && !has_records {
                has_records = true;
                if let ArrayField::NotArray(found) =
                    map.next_value_seed(self.array(ArrayKind::Records))?
                {
                    let path = render(self.prefix, "records");
                    self.sink
                        .skip(path, format!("`records` is {found}, not an array: skipped"));
                }
            } else {
                fields.insert(key, map.next_value()?);
            }
        }
        finish_object(self.sink, fields, releases, has_records, self.prefix).map_err(stopped)
    }
}

impl<'f, E> TopLevel<'_, 'f, E> {
    fn array(&mut self, kind: ArrayKind) -> ArraySeed<'_, 'f, E> {
        ArraySeed {
            sink: &mut *self.sink,
            prefix: self.prefix,
            kind,
        }
    }
}

/// Decides what a top-level object was, once all its keys are read, and hands over what is left.
fn finish_object<E>(
    sink: &mut Sink<'_, E>,
    fields: Map<String, Value>,
    releases: Option<ArrayField>,
    has_records: bool,
    prefix: &str,
) -> Result<(), Stopped> {
    let root = render(prefix, "");
    if has_records {
        sink.shape(Shape::RecordPackage);
        if releases.is_some() {
            sink.note(
                root,
                "a record package with `releases` too: read as releases".to_owned(),
            );
        }
        if let Some(field) = releases {
            flush_releases(sink, field, prefix)?;
        }
        keep_package(sink, fields, prefix);
        return Ok(());
    }
    match releases {
        Some(field) if is_record_like(&fields, true) => {
            sink.shape(Shape::Record);
            let releases = match field {
                ArrayField::Releases {
                    pending,
                    streamed: false,
                } => pending,
                ArrayField::Releases { streamed: true, .. } => {
                    sink.note(
                        root,
                        format!(
                            "a record whose `compiledRelease`, `versionedRelease` or `ocid` comes \
                             after more than {PENDING_LIMIT} releases: they were handed over as \
                             releases, and the record lists none"
                        ),
                    );
                    Vec::new()
                }
                ArrayField::NotArray(found) => {
                    sink.skip(
                        render(prefix, "releases"),
                        format!("`releases` is {found}, not an array: skipped"),
                    );
                    Vec::new()
                }
                ArrayField::Records => Vec::new(),
            };
            emit_record(sink, fields, releases, prefix, "")
        }
        Some(field) => {
            sink.shape(Shape::ReleasePackage);
            flush_releases(sink, field, prefix)?;
            keep_package(sink, fields, prefix);
            Ok(())
        }
        None if is_record_like(&fields, false) => {
            sink.shape(Shape::Record);
            emit_record(sink, fields, Vec::new(), prefix, "")
        }
        None if fields.contains_key("ocid") => {
            sink.shape(Shape::Release);
            sink.emit(Item::Release {
                path: root,
                value: Value::Object(fields),
            })
        }
        None => {
            sink.shape(Shape::Unrecognised);
            sink.skip(root, NOT_OCDS.to_owned());
            Ok(())
        }
    }
}

/// Hands over the releases still held back, or reports a `releases` that was not an array.
fn flush_releases<E>(
    sink: &mut Sink<'_, E>,
    field: ArrayField,
    prefix: &str,
) -> Result<(), Stopped> {
    match field {
        ArrayField::Releases { mut pending, .. } => emit_held(sink, &mut pending, prefix)?,
        ArrayField::NotArray(found) => sink.skip(
            render(prefix, "releases"),
            format!("`releases` is {found}, not an array: skipped"),
        ),
        ArrayField::Records => {}
    }
    Ok(())
}

/// Hands over the releases held back, which are always the first ones of the array.
fn emit_held<E>(
    sink: &mut Sink<'_, E>,
    pending: &mut Vec<Value>,
    prefix: &str,
) -> Result<(), Stopped> {
    for (index, release) in pending.drain(..).enumerate() {
        emit_release(sink, release, prefix, &index_path("releases", index))?;
    }
    Ok(())
}

/// Keeps a package's own fields for the summary (of the first document only).
fn keep_package<E>(sink: &mut Sink<'_, E>, fields: Map<String, Value>, prefix: &str) {
    if prefix.is_empty() {
        sink.summary.package = fields;
    }
}

/// Which top-level array is being streamed.
enum ArrayKind {
    /// `releases`; `buffer_all` when the object is already known to be a record.
    Releases {
        buffer_all: bool,
    },
    Records,
}

/// What streaming a top-level array left.
enum ArrayField {
    /// The value was not an array: what it was instead.
    NotArray(&'static str),
    /// Releases not yet handed over (held back, or all of a record's), and whether streaming
    /// began.
    Releases { pending: Vec<Value>, streamed: bool },
    /// The records were all handed over.
    Records,
}

/// Streams a top-level `releases` or `records` array.
struct ArraySeed<'s, 'f, E> {
    sink: &'s mut Sink<'f, E>,
    prefix: &'s str,
    kind: ArrayKind,
}

impl<'de, E> DeserializeSeed<'de> for ArraySeed<'_, '_, E> {
    type Value = ArrayField;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<ArrayField, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, E> Visitor<'de> for ArraySeed<'_, '_, E> {
    type Value = ArrayField;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ArrayField, A::Error> {
        let ArraySeed { sink, prefix, kind } = self;
        let mut index = 0;
        match kind {
            ArrayKind::Records => {
                while let Some(value) = seq.next_element::<Value>()? {
                    record_value(sink, value, prefix, &index_path("records", index))
                        .map_err(stopped)?;
                    index += 1;
                }
                Ok(ArrayField::Records)
            }
            ArrayKind::Releases { buffer_all } => {
                let mut pending = Vec::new();
                let mut streamed = false;
                loop {
                    let value = match seq.next_element::<Value>() {
                        Ok(Some(value)) => value,
                        Ok(None) => break,
                        // Broken JSON ends the read: hand over what was held back first, as
                        // releases (unless the object is known to be a record).
                        Err(error) => {
                            if !buffer_all {
                                emit_held(sink, &mut pending, prefix).map_err(stopped)?;
                            }
                            return Err(error);
                        }
                    };
                    if streamed {
                        emit_release(sink, value, prefix, &index_path("releases", index))
                            .map_err(stopped)?;
                    } else {
                        pending.push(value);
                        if !buffer_all && pending.len() > PENDING_LIMIT {
                            emit_held(sink, &mut pending, prefix).map_err(stopped)?;
                            streamed = true;
                        }
                    }
                    index += 1;
                }
                Ok(ArrayField::Releases { pending, streamed })
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ArrayField, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(ArrayField::NotArray("an object"))
    }

    fn visit_unit<Error: de::Error>(self) -> Result<ArrayField, Error> {
        Ok(ArrayField::NotArray("null"))
    }

    fn visit_bool<Error: de::Error>(self, _: bool) -> Result<ArrayField, Error> {
        Ok(ArrayField::NotArray("a boolean"))
    }

    fn visit_i64<Error: de::Error>(self, _: i64) -> Result<ArrayField, Error> {
        Ok(ArrayField::NotArray("a number"))
    }

    fn visit_u64<Error: de::Error>(self, _: u64) -> Result<ArrayField, Error> {
        Ok(ArrayField::NotArray("a number"))
    }

    fn visit_f64<Error: de::Error>(self, _: f64) -> Result<ArrayField, Error> {
        Ok(ArrayField::NotArray("a number"))
    }

    fn visit_str<Error: de::Error>(self, _: &str) -> Result<ArrayField, Error> {
        Ok(ArrayField::NotArray("a string"))
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

/// A reader that rewrites JSON numbers too large for an `f64` (such as the renewal extension's
/// `1e9999`) to [`LARGEST_FINITE`], so that serde_json does not reject the whole input. Bytes
/// inside strings, and all other numbers, pass unchanged, as do newlines (line numbers hold).
pub struct FiniteNumbers<R> {
    inner: R,
    chunk: Vec<u8>,
    scanner: Scanner,
    /// How much of `scanner.out` was already read.
    taken: usize,
    done: bool,
}

impl<R: Read> FiniteNumbers<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Self {
        FiniteNumbers {
            inner,
            chunk: vec![0; 64 * 1024],
            scanner: Scanner::default(),
            taken: 0,
            done: false,
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        self.scanner.out.clear();
        self.taken = 0;
        let read = loop {
            match self.inner.read(&mut self.chunk) {
                Ok(read) => break read.min(self.chunk.len()),
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        };
        if read == 0 {
            self.scanner.end_number();
            self.done = true;
        }
        for &byte in &self.chunk[..read] {
            self.scanner.push(byte);
        }
        Ok(())
    }
}

impl<R: Read> Read for FiniteNumbers<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        while self.taken >= self.scanner.out.len() {
            if self.done {
                return Ok(0);
            }
            self.refill()?;
        }
        let available = &self.scanner.out[self.taken..];
        let count = available.len().min(buf.len());
        buf[..count].copy_from_slice(&available[..count]);
        self.taken += count;
        Ok(count)
    }
}

/// The byte-level state of [`FiniteNumbers`]: inside a string or not, and the number being read.
#[derive(Default)]
struct Scanner {
    out: Vec<u8>,
    number: Vec<u8>,
    in_string: bool,
    escaped: bool,
    /// In a number longer than [`MAX_NUMBER_LEN`], passed on unchecked.
    long_number: bool,
}

impl Scanner {
    fn push(&mut self, byte: u8) {
        if self.in_string {
            self.out.push(byte);
            if self.escaped {
                self.escaped = false;
            } else if byte == b'\\' {
                self.escaped = true;
            } else if byte == b'"' {
                self.in_string = false;
            }
            return;
        }
        if is_number_byte(byte) && (self.long_number || !self.number.is_empty()) {
            if self.long_number {
                self.out.push(byte);
            } else {
                self.number.push(byte);
                if self.number.len() > MAX_NUMBER_LEN {
                    self.out.append(&mut self.number);
                    self.long_number = true;
                }
            }
            return;
        }
        self.end_number();
        match byte {
            b'"' => {
                self.in_string = true;
                self.out.push(byte);
            }
            // Outside strings, valid JSON has `-` and digits only at the start of a number.
            b'-' | b'0'..=b'9' => self.number.push(byte),
            _ => self.out.push(byte),
        }
    }

    /// Writes out the number being read, rewritten if it overflows an `f64`.
    fn end_number(&mut self) {
        self.long_number = false;
        if self.number.is_empty() {
            return;
        }
        if overflows_f64(&self.number) {
            if self.number.first() == Some(&b'-') {
                self.out.push(b'-');
            }
            self.out.extend_from_slice(LARGEST_FINITE.as_bytes());
        } else {
            self.out.extend_from_slice(&self.number);
        }
        self.number.clear();
    }
}

fn is_number_byte(byte: u8) -> bool {
    matches!(byte, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
}

/// Whether a number token's value is beyond the range of an `f64`. Only tokens with an exponent
/// or more than 308 digits can be, so others are not parsed.
fn overflows_f64(number: &[u8]) -> bool {
    let may_overflow = number.len() > 308 || number.iter().any(|b| matches!(b, b'e' | b'E'));
    may_overflow
        && std::str::from_utf8(number)
            .ok()
            .and_then(|text| text.parse::<f64>().ok())
            .is_some_and(f64::is_infinite)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::cell::Cell;
    use std::convert::Infallible;
    use std::io::Write;
    use std::path::PathBuf;
    use std::rc::Rc;

    /// Reads `input`, returning the items and the summary.
    fn read(input: &str) -> (Vec<Item>, Summary) {
        let mut items = Vec::new();
        let summary = for_each_item(input.as_bytes(), |item| {
            items.push(item);
            Ok::<(), Infallible>(())
        })
        .unwrap();
        (items, summary)
    }

    fn paths(items: &[Item]) -> Vec<&str> {
        items.iter().map(Item::path).collect()
    }

    fn issue_paths(issues: &[Issue]) -> Vec<&str> {
        issues.iter().map(|i| i.path.as_str()).collect()
    }

    #[test]
    fn a_release_package_yields_its_releases_and_keeps_its_metadata() {
        let (items, summary) = read(
            r#"{"uri": "u", "version": "1.1",
                "releases": [{"ocid": "a", "id": "1"}, {"ocid": "a", "id": "2"}],
                "publisher": {"name": "P"}}"#,
        );
        assert_eq!(summary.shape, Shape::ReleasePackage);
        assert_eq!(paths(&items), ["releases[0]", "releases[1]"]);
        assert_eq!(
            items[1],
            Item::Release {
                path: "releases[1]".into(),
                value: json!({"ocid": "a", "id": "2"})
            }
        );
        assert_eq!(summary.releases, 2);
        assert_eq!(
            summary.package,
            json!({"uri": "u", "version": "1.1", "publisher": {"name": "P"}})
                .as_object()
                .unwrap()
                .clone()
        );
    }

    #[test]
    fn a_record_package_yields_one_item_per_record() {
        let (items, summary) = read(
            r#"{"records": [
                {"ocid": "a", "releases": [{"url": "x#1", "date": "2020-01-01T00:00:00Z", "tag": ["tender"]}],
                 "compiledRelease": {"ocid": "a", "tag": ["compiled"]}},
                {"releases": [{"ocid": "b", "id": "1"}]}
            ], "version": "1.1"}"#,
        );
        assert_eq!(summary.shape, Shape::RecordPackage);
        assert_eq!(summary.records, 2);
        let Item::Record {
            path,
            ocid,
            releases,
            compiled,
            versioned,
        } = &items[0]
        else {
            panic!("a record")
        };
        assert_eq!((path.as_str(), ocid.as_deref()), ("records[0]", Some("a")));
        assert_eq!(releases.len(), 1);
        assert_eq!(compiled.as_ref().unwrap()["tag"], json!(["compiled"]));
        assert!(versioned.is_none());
        let Item::Record { ocid, .. } = &items[1] else {
            panic!("a record")
        };
        assert_eq!(ocid.as_deref(), Some("b"), "taken from its releases");
        assert_eq!(issue_paths(&summary.notes), ["records[1]"]);
    }

    #[test]
    fn a_bare_release_is_one_item() {
        let (items, summary) = read(r#"  {"ocid": "a", "id": "1", "tag": "award"}  "#);
        assert_eq!(summary.shape, Shape::Release);
        assert_eq!(
            items,
            [Item::Release {
                path: "$".into(),
                value: json!({"ocid": "a", "id": "1", "tag": "award"})
            }]
        );
    }

    #[test]
    fn a_bare_record_without_ocid_takes_it_from_its_compiled_release() {
        // As buyandsell, Montréal and Contracts Finder publish them: `releases` before the key
        // that shows it is a record.
        let (items, summary) = read(
            r#"{"publisher": {"name": "P"}, "releases": [{"ocid": "a", "id": "1"}, {"ocid": "a", "id": "2"}],
                "compiledRelease": {"ocid": "a", "id": "c"}}"#,
        );
        assert_eq!(summary.shape, Shape::Record);
        let [
            Item::Record {
                path,
                ocid,
                releases,
                ..
            },
        ] = items.as_slice()
        else {
            panic!("one record")
        };
        assert_eq!(
            (path.as_str(), ocid.as_deref(), releases.len()),
            ("$", Some("a"), 2)
        );
        assert_eq!(summary.notes.len(), 1);
    }

    #[test]
    fn a_bare_record_with_many_releases_is_a_record_when_its_kind_shows_in_time() {
        let release_list = |n: usize| {
            let list: Vec<String> = (0..n)
                .map(|i| format!(r#"{{"ocid": "a", "id": "{i}"}}"#))
                .collect();
            list.join(",")
        };
        let many = PENDING_LIMIT + 10;

        // `ocid` before `releases`: a record, however many releases it has.
        let (items, summary) = read(&format!(
            r#"{{"ocid": "a", "releases": [{}]}}"#,
            release_list(many)
        ));
        assert_eq!(
            (summary.shape, summary.records, summary.releases),
            (Shape::Record, 1, 0)
        );
        let [Item::Record { releases, .. }] = items.as_slice() else {
            panic!("one record")
        };
        assert_eq!(releases.len(), many);

        // `compiledRelease` after more releases than are held back: they were already streamed.
        let (items, summary) = read(&format!(
            r#"{{"releases": [{}], "compiledRelease": {{"ocid": "a"}}}}"#,
            release_list(many)
        ));
        assert_eq!(
            (summary.shape, summary.records, summary.releases),
            (Shape::Record, 1, many)
        );
        assert_eq!(items[many - 1].path(), format!("releases[{}]", many - 1));
        // One note for the releases handed over alone, one for the `ocid` taken from the
        // compiled release.
        assert_eq!(issue_paths(&summary.notes), ["$", "$"]);
        assert!(summary.notes[0].reason.contains("handed over as releases"));
    }

    #[test]
    fn json_lines_are_read_line_by_line_and_a_bad_line_is_skipped() {
        let input = concat!(
            r#"{"ocid": "a", "id": "1"}"#,
            "\n",
            r#"{"releases": [{"ocid": "b", "id": "1"}, 7]}"#,
            "\r\n",
            "{not json\n",
            "\n",
            r#"{"records": [{"ocid": "c", "releases": []}]}"#,
            "\n",
            r#"["not", "an object"]"#,
            "\n",
        );
        let (items, summary) = read(input);
        assert_eq!(summary.shape, Shape::JsonLines);
        assert_eq!(
            paths(&items),
            ["line 1", "line 2: releases[0]", "line 5: records[0]"]
        );
        assert_eq!(
            issue_paths(&summary.skipped),
            ["line 2: releases[1]", "line 3", "line 6"]
        );
    }

    #[test]
    fn an_array_of_releases_is_streamed_and_bad_elements_skipped() {
        let (items, summary) =
            read(r#"[{"ocid": "a"}, "oops", {"releases": [{"ocid": "b"}]}, {"x": 1}]"#);
        assert_eq!(summary.shape, Shape::Array);
        assert_eq!(paths(&items), ["[0]", "[2].releases[0]"]);
        assert_eq!(issue_paths(&summary.skipped), ["[1]", "[3]"]);
    }

    #[test]
    fn bad_elements_of_a_package_are_skipped_not_fatal() {
        let (items, summary) = read(r#"{"releases": [{"ocid": "a"}, null, "x", {"ocid": "b"}]}"#);
        assert_eq!(paths(&items), ["releases[0]", "releases[3]"]);
        assert_eq!(
            issue_paths(&summary.skipped),
            ["releases[1]", "releases[2]"]
        );

        let (items, summary) = read(r#"{"uri": "u", "releases": {"ocid": "a"}}"#);
        assert!(items.is_empty());
        assert_eq!(issue_paths(&summary.skipped), ["releases"]);

        let (items, summary) = read(r#"{"uri": "u"}"#);
        assert!(items.is_empty());
        assert_eq!(summary.shape, Shape::Unrecognised);
        assert_eq!(issue_paths(&summary.skipped), ["$"]);
    }

    #[test]
    fn documents_one_after_another_are_all_read() {
        let (items, summary) =
            read("{\n \"releases\": [{\"ocid\": \"a\"}]\n}\n{\n \"ocid\": \"b\"\n}\n");
        assert_eq!(summary.shape, Shape::JsonLines);
        assert_eq!(paths(&items), ["releases[0]", "value 2"]);
    }

    #[test]
    fn numbers_too_large_for_f64_are_read_as_the_largest_finite() {
        let input = r#"{"releases": [{"ocid": "a", "id": "1e9999",
            "contracts": [{"id": "c", "renewal": {"maximumRenewals": 1e9999, "minimumRenewals": -1E+9999, "tiny": 1e-9999, "n": 12.5e3}}]}]}"#;
        assert!(
            serde_json::from_str::<Value>(input).is_err(),
            "serde_json alone rejects 1e9999"
        );
        let (items, _) = read(input);
        let Item::Release { value, .. } = &items[0] else {
            panic!("a release")
        };
        let renewal = &value["contracts"][0]["renewal"];
        assert_eq!(renewal["maximumRenewals"].as_f64(), Some(f64::MAX));
        assert_eq!(renewal["minimumRenewals"].as_f64(), Some(-f64::MAX));
        assert_eq!(renewal["tiny"].as_f64(), Some(0.0));
        assert_eq!(renewal["n"].as_f64(), Some(12500.0));
        assert_eq!(value["id"], "1e9999", "strings are untouched");

        let escaped = parse_json(br#"{"s": "say \"1e9999\" \\", "n": [1e400,2]}"#).unwrap();
        assert_eq!(
            escaped,
            json!({"s": "say \"1e9999\" \\", "n": [f64::MAX, 2]})
        );
        // serde_json writes it back as `1.7976931348623157e+308`, which reads back the same.
        let written = serde_json::to_string(&escaped).unwrap();
        assert_eq!(parse_json(written.as_bytes()).unwrap(), escaped);
    }

    #[test]
    fn a_number_split_across_reads_is_still_rewritten() {
        /// Hands out one byte per read, the worst case for the scanner.
        struct OneByte<'a>(&'a [u8]);
        impl Read for OneByte<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let Some((&first, rest)) = self.0.split_first() else {
                    return Ok(0);
                };
                buf[0] = first;
                self.0 = rest;
                Ok(1)
            }
        }
        let mut text = String::new();
        FiniteNumbers::new(OneByte(br#"[1e9999, "2e9999", -3e999]"#))
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(
            text,
            format!(r#"[{LARGEST_FINITE}, "2e9999", -{LARGEST_FINITE}]"#)
        );
    }

    #[test]
    fn gzip_round_trip_including_multi_member_files() {
        let gzip = |text: &str| {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(text.as_bytes()).unwrap();
            encoder.finish().unwrap()
        };
        let mut bytes = gzip("{\"ocid\": \"a\"}\n");
        bytes.extend(gzip("{\"ocid\": \"b\", \"n\": 1e9999}\n"));
        let reader = decompress_if_gzip(Cursor::new(bytes)).unwrap();
        let mut items = Vec::new();
        let summary = for_each_item(reader, |item| {
            items.push(item);
            Ok::<(), Infallible>(())
        })
        .unwrap();
        assert_eq!(summary.shape, Shape::JsonLines);
        assert_eq!(paths(&items), ["line 1", "line 2"]);

        // Not gzip: passed through as it is, short inputs included.
        let mut plain = String::new();
        decompress_if_gzip(Cursor::new(b"{".to_vec()))
            .unwrap()
            .read_to_string(&mut plain)
            .unwrap();
        assert_eq!(plain, "{");

        let error =
            for_each_item(Cursor::new(gzip("{}")), |_| Ok::<(), Infallible>(())).unwrap_err();
        assert!(
            matches!(error, ReadError::NotJson { byte: 0x1f }),
            "{error}"
        );
    }

    #[test]
    fn empty_input_blank_input_and_a_byte_order_mark() {
        assert_eq!(read("").1.shape, Shape::Empty);
        assert_eq!(read(" \n\t ").1.shape, Shape::Empty);
        let (items, _) = read("\u{feff}{\"ocid\": \"a\"}");
        assert_eq!(paths(&items), ["$"]);
    }

    #[test]
    fn broken_json_in_a_document_stops_with_what_was_read() {
        let error = for_each_item(
            r#"{"releases": [{"ocid": "a"}, {"ocid": }]}"#.as_bytes(),
            |_| Ok::<(), Infallible>(()),
        )
        .unwrap_err();
        let ReadError::Syntax { partial, .. } = &error else {
            panic!("a syntax error: {error}")
        };
        assert_eq!(partial.releases, 1);
        assert!(error.to_string().contains("after 1 releases"), "{error}");
    }

    #[test]
    fn an_error_from_the_callback_stops_the_read() {
        let mut seen = 0;
        let result = for_each_item(
            r#"{"releases": [{"ocid": "a"}, {"ocid": "b"}, {"ocid": "c"}]}"#.as_bytes(),
            |_| {
                seen += 1;
                if seen == 2 { Err("enough") } else { Ok(()) }
            },
        );
        assert!(matches!(result, Err(ReadError::Callback("enough"))));
        assert_eq!(seen, 2);
    }

    #[test]
    fn a_large_package_is_handed_over_while_it_is_still_being_read() {
        /// Writes a release package of `count` releases on demand, counting what it produced.
        struct Package {
            produced: Rc<Cell<usize>>,
            next: usize,
            count: usize,
            pending: Vec<u8>,
        }
        impl Read for Package {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.pending.is_empty() {
                    self.pending = match self.next {
                        0 => br#"{"uri": "u", "releases": ["#.to_vec(),
                        n if n <= self.count => {
                            let comma = if n > 1 { "," } else { "" };
                            format!(r#"{comma}{{"ocid": "ocds-{n}", "id": "{n}", "tender": {{"title": "Tender number {n}"}}}}"#).into_bytes()
                        }
                        n if n == self.count + 1 => b"]}".to_vec(),
                        _ => return Ok(0),
                    };
                    self.next += 1;
                }
                let count = self.pending.len().min(buf.len());
                buf[..count].copy_from_slice(&self.pending[..count]);
                self.pending.drain(..count);
                self.produced.set(self.produced.get() + count);
                Ok(count)
            }
        }
        let produced = Rc::new(Cell::new(0));
        let package = Package {
            produced: Rc::clone(&produced),
            next: 0,
            count: 100_000,
            pending: Vec::new(),
        };
        let mut produced_at_first = None;
        let summary = for_each_item(package, |_| {
            produced_at_first.get_or_insert(produced.get());
            Ok::<(), Infallible>(())
        })
        .unwrap();
        assert_eq!(summary.releases, 100_000);
        let total = produced.get();
        let first = produced_at_first.unwrap();
        assert!(
            first < total / 2,
            "first release after {first} of {total} bytes"
        );
    }

    fn fixture_root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ocds")
    }

    fn json_files(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                json_files(&path, found);
            } else if path.extension().is_some_and(|e| e == "json") {
                found.push(path);
            }
        }
    }

    #[test]
    fn every_fixture_file_reads_without_error() {
        let root = fixture_root();
        let mut files = Vec::new();
        json_files(&root, &mut files);
        assert!(
            files.len() > 100,
            "fixtures missing under {}",
            root.display()
        );
        for file in files {
            let mut items = Vec::new();
            let summary = for_each_item(open(&file).unwrap(), |item| {
                items.push(item);
                Ok::<(), Infallible>(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let relative = file.strip_prefix(&root).unwrap();
            if !relative.starts_with("schema") {
                // OCDS data: something read, nothing skipped.
                assert!(!items.is_empty(), "{}: no items", relative.display());
                assert!(
                    summary.skipped.is_empty(),
                    "{}: {:?}",
                    relative.display(),
                    summary.skipped
                );
                for item in &items {
                    if let Item::Record { ocid, .. } = item {
                        assert!(
                            ocid.is_some(),
                            "{}: a record without ocid",
                            relative.display()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_real_samples_have_the_shapes_they_are_known_for() {
        let shape = |path: &str| {
            for_each_item(open(fixture_root().join(path)).unwrap(), |_| {
                Ok::<(), Infallible>(())
            })
            .unwrap()
        };
        let record = shape(
            "real/canada/montreal/sample/records/ocds-a1234567-mt-063635891f001755a1637786dd047485f3dcfaf6.json",
        );
        assert_eq!((record.shape, record.records), (Shape::Record, 1));
        assert_eq!(
            record.notes.len(),
            1,
            "Montréal records have no ocid: {:?}",
            record.notes
        );
        let release = shape(
            "real/uk-contracts-finder/sample/releases/ocds-b5fd17-2c330cf9-adc8-11e6-9901-0019b9f3037b-59429-metofc-9mgh-ghl8ty.json",
        );
        assert_eq!((release.shape, release.releases), (Shape::Release, 1));
        let package = shape("fictional/ocds-213czf-000-00001.json");
        assert_eq!(
            (package.shape, package.releases),
            (Shape::ReleasePackage, 6)
        );
        assert_eq!(package.package["version"], "1.1");
        let records = shape("fictional/record/ocds-213czf-000-00001-withversions.json");
        assert_eq!((records.shape, records.records), (Shape::RecordPackage, 1));
    }
}
