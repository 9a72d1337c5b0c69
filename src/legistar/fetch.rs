//! Getting Legistar responses, and walking a client's API into a [`Snapshot`].
//!
//! [`Fetch`] is one GET of an API path relative to the client root (`bodies`,
//! `events/1235/eventitems`). [`Folder`] answers it from recorded responses on disk; an HTTP
//! implementation answers it from `https://webapi.legistar.com/v1/{client}/{path}`, adding any
//! `$filter` or paging itself. [`load`] asks for every path the plan needs, in a fixed order.
//!
//! Reading is forgiving: a list element that does not read as the object it should be is left
//! out and recorded in [`Snapshot::skips`], with its path and why. Only a failed GET, a body
//! that is not JSON, a list endpoint that does not answer with a list, or a missing top-level
//! list is a [`FetchError`].

use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};

use serde::de::DeserializeOwned;

use super::model::{Body, Event, EventItem, Matter, MatterHistory, OfficeRecord, Person, Vote};
use super::plan::Skip;

/// Why a walk of the API stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// The resource could not be got: an I/O or network error, or an HTTP status other than
    /// success and 404.
    #[error("cannot get Legistar path `{path}`: {message}")]
    Unavailable {
        /// The API path.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// The response is not JSON.
    #[error("Legistar path `{path}` did not answer with JSON: {message}")]
    NotJson {
        /// The API path.
        path: String,
        /// The JSON reader's message.
        message: String,
    },
    /// A list endpoint answered with something other than a JSON array, or an object
    /// endpoint with something other than an object.
    #[error("Legistar path `{path}` answered with {found}, not {expected}")]
    WrongShape {
        /// The API path.
        path: String,
        /// What was expected ("a JSON array").
        expected: &'static str,
        /// What came ("a JSON object").
        found: &'static str,
    },
    /// A list every client has (`bodies`, `persons`, `officerecords`, `events`) does not
    /// exist: the client name or root is wrong.
    #[error("Legistar path `{path}` does not exist; is the client name right?")]
    Missing {
        /// The API path.
        path: String,
    },
}

/// One GET of a Legistar API path.
#[async_trait::async_trait]
pub trait Fetch: Send + Sync {
    /// GET one API path relative to the client root, e.g. "bodies", "events/1235/eventitems",
    /// "matters/2379/histories". Ok(None) when the resource does not exist (404 / no file).
    async fn get(&self, path: &str) -> Result<Option<serde_json::Value>, FetchError>;
}

/// Recorded responses in a folder laid out like the API's paths: path `events/1235/eventitems`
/// is the file `{root}/events/1235/eventitems.json`, and path `bodies` is `{root}/bodies.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    /// The folder that stands for the client root.
    pub root: PathBuf,
}

impl Folder {
    /// A folder of recorded responses.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The file that answers `path`, or `None` for a path that would leave the folder
    /// (absolute, `..`, or with a query string).
    fn file_for(&self, path: &str) -> Option<PathBuf> {
        if path.is_empty() || path.contains(['?', '\\']) {
            return None;
        }
        let relative = Path::new(path);
        if !relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            return None;
        }
        let mut file = self.root.join(relative);
        let mut name = file.file_name()?.to_os_string();
        name.push(".json");
        file.set_file_name(name);
        Some(file)
    }
}

#[async_trait::async_trait]
impl Fetch for Folder {
    async fn get(&self, path: &str) -> Result<Option<serde_json::Value>, FetchError> {
        let Some(file) = self.file_for(path) else {
            return Err(FetchError::Unavailable {
                path: path.to_owned(),
                message: "not a relative API path without a query string".to_owned(),
            });
        };
        let bytes = match tokio::fs::read(&file).await {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(FetchError::Unavailable {
                    path: path.to_owned(),
                    message: error.to_string(),
                });
            }
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|error| FetchError::NotJson {
                path: path.to_owned(),
                message: error.to_string(),
            })
    }
}

/// Everything [`load`] read from one client, as the API wrote it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    /// `bodies`, in the order given.
    pub bodies: Vec<Body>,
    /// `persons`.
    pub persons: Vec<Person>,
    /// `officerecords`.
    pub office_records: Vec<OfficeRecord>,
    /// `events`.
    pub events: Vec<Event>,
    /// `events/{EventId}/eventitems`, by event id (an event whose path does not exist has an
    /// empty list).
    pub event_items: BTreeMap<i64, Vec<EventItem>>,
    /// `matters/{id}`, by matter id; a matter whose path does not exist is not here.
    pub matters: BTreeMap<i64, Matter>,
    /// `matters/{id}/histories`, by matter id, as given (duplicates and all).
    pub matter_histories: BTreeMap<i64, Vec<MatterHistory>>,
    /// `eventitems/{EventItemId}/votes`, by event item id (only for items that were asked
    /// about; an item whose path does not exist has an empty list).
    pub votes: BTreeMap<i64, Vec<Vote>>,
    /// List elements left out because they did not read, with their path (`events[3]`).
    pub skips: Vec<Skip>,
}

/// Walks a client's API: `bodies`, `persons`, `officerecords`, `events`; then for each event
/// `events/{EventId}/eventitems`; for each item with a matter, `matters/{id}` and
/// `matters/{id}/histories` (each matter once); and for each item that is a roll call or has a
/// matter, `eventitems/{EventItemId}/votes`. Paths are asked one at a time, in that order.
pub async fn load(fetch: &dyn Fetch) -> Result<Snapshot, FetchError> {
    let mut snapshot = Snapshot::default();
    let skips = &mut snapshot.skips;

    snapshot.bodies = required_list(fetch, "bodies", skips).await?;
    snapshot.persons = required_list(fetch, "persons", skips).await?;
    snapshot.office_records = required_list(fetch, "officerecords", skips).await?;
    snapshot.events = required_list(fetch, "events", skips).await?;

    let mut matters_seen = HashSet::new();
    let mut votes_seen = HashSet::new();
    for event_id in snapshot.events.iter().filter_map(|e| e.event_id) {
        if snapshot.event_items.contains_key(&event_id) {
            continue;
        }
        let path = format!("events/{event_id}/eventitems");
        let items: Vec<EventItem> = optional_list(fetch, &path, skips).await?;
        for item in &items {
            if let Some(matter_id) = item.event_item_matter_id
                && matters_seen.insert(matter_id)
            {
                let path = format!("matters/{matter_id}");
                if let Some(matter) = object::<Matter>(fetch, &path, skips).await? {
                    snapshot.matters.insert(matter_id, matter);
                }
                let path = format!("matters/{matter_id}/histories");
                let histories = optional_list(fetch, &path, skips).await?;
                snapshot.matter_histories.insert(matter_id, histories);
            }
            let wants_votes = item.is_roll_call() || item.event_item_matter_id.is_some();
            if let Some(item_id) = item.event_item_id
                && wants_votes
                && votes_seen.insert(item_id)
            {
                let path = format!("eventitems/{item_id}/votes");
                let votes = optional_list(fetch, &path, skips).await?;
                snapshot.votes.insert(item_id, votes);
            }
        }
        snapshot.event_items.insert(event_id, items);
    }
    Ok(snapshot)
}

async fn required_list<T: DeserializeOwned>(
    fetch: &dyn Fetch,
    path: &str,
    skips: &mut Vec<Skip>,
) -> Result<Vec<T>, FetchError> {
    match fetch.get(path).await? {
        Some(value) => read_list(path, value, skips),
        None => Err(FetchError::Missing {
            path: path.to_owned(),
        }),
    }
}

async fn optional_list<T: DeserializeOwned>(
    fetch: &dyn Fetch,
    path: &str,
    skips: &mut Vec<Skip>,
) -> Result<Vec<T>, FetchError> {
    match fetch.get(path).await? {
        Some(value) => read_list(path, value, skips),
        None => Ok(Vec::new()),
    }
}

/// Reads an object response; one that does not read as `T` is skipped (as if absent).
async fn object<T: DeserializeOwned>(
    fetch: &dyn Fetch,
    path: &str,
    skips: &mut Vec<Skip>,
) -> Result<Option<T>, FetchError> {
    match fetch.get(path).await? {
        None => Ok(None),
        Some(value @ serde_json::Value::Object(_)) => match serde_json::from_value(value) {
            Ok(item) => Ok(Some(item)),
            Err(error) => {
                skips.push(Skip {
                    path: path.to_owned(),
                    reason: format!("does not read as a Legistar record ({error}); left out"),
                });
                Ok(None)
            }
        },
        Some(other) => Err(FetchError::WrongShape {
            path: path.to_owned(),
            expected: "a JSON object",
            found: shape(&other),
        }),
    }
}

/// Reads a list response element by element; an element that does not read is skipped.
fn read_list<T: DeserializeOwned>(
    path: &str,
    value: serde_json::Value,
    skips: &mut Vec<Skip>,
) -> Result<Vec<T>, FetchError> {
    let serde_json::Value::Array(elements) = value else {
        return Err(FetchError::WrongShape {
            path: path.to_owned(),
            expected: "a JSON array",
            found: shape(&value),
        });
    };
    let mut out = Vec::with_capacity(elements.len());
    for (index, element) in elements.into_iter().enumerate() {
        match serde_json::from_value(element) {
            Ok(item) => out.push(item),
            Err(error) => skips.push(Skip {
                path: format!("{path}[{index}]"),
                reason: format!("does not read as a Legistar record ({error}); left out"),
            }),
        }
    }
    Ok(out)
}

fn shape(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a JSON array",
        serde_json::Value::Object(_) => "a JSON object",
    }
}
