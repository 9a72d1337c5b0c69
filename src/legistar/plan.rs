//! The plan: what one [`Snapshot`] says, in our words, keyed by Legistar ids.
//!
//! [`plan`] is pure. It reads the snapshot through a [`ClientMapping`] and returns a [`Plan`]:
//! bodies, officials, office terms, meetings, agenda items and votes, plus the [`Skip`]s (what
//! was left out, with its API path and why) and [`PlanWarning`]s (what was kept, but with a
//! doubt). Bad data never panics and never fails the plan.
//!
//! Ids are Legistar's own (`BodyId`, `PersonId`, `OfficeRecordId`, `EventId`, `EventItemId`,
//! `MatterId`); the importer keys its external records by `legistar:{client}:{kind}:{id}`.
//! Every reference in the plan points at something in the same plan: a term's person and body,
//! a meeting's body, an agenda item's meeting, a vote's agenda item and person.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use super::fetch::Snapshot;
use super::mapping::{ClientMapping, normalize};
use super::model::{EventItem, Matter, MatterHistory, OfficeRecord};
use super::time::{meeting_start, parse_date};

macro_rules! vocabulary_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$vmeta:meta])* $variant:ident = $key:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $key)] $variant,)+
        }

        impl $name {
            /// Every value, in the stored vocabulary's order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The lower-case key the database stores (`entity::enums`).
            pub fn key(self) -> &'static str {
                match self {
                    $(Self::$variant => $key,)+
                }
            }
        }
    };
}

vocabulary_enum!(
    /// What kind of deciding body.
    BodyKind {
        /// The governing body: a city council, a board of directors.
        Council = "council",
        /// A committee (the default when no word matches).
        Committee = "committee",
        /// A board.
        Board = "board",
        /// A commission.
        Commission = "commission",
    }
);

vocabulary_enum!(
    /// An official's seat on a body.
    OfficeRole {
        /// A member.
        Member = "member",
        /// The chair (a mayor, a president).
        Chair = "chair",
        /// The vice chair (a vice mayor, a president pro tem).
        ViceChair = "vice_chair",
    }
);

vocabulary_enum!(
    /// Whether a meeting happens as planned.
    MeetingStatus {
        /// Planned, and not known to be held yet.
        Scheduled = "scheduled",
        /// Held: its minutes are final.
        Held = "held",
        /// Postponed or rescheduled.
        Postponed = "postponed",
        /// Cancelled.
        Cancelled = "cancelled",
    }
);

vocabulary_enum!(
    /// What an agenda item puts to a vote.
    AgendaAction {
        /// Awarding a contract, an agreement or a purchase.
        Award = "award",
        /// Renewing a contract.
        Renewal = "renewal",
        /// Extending a contract.
        Extension = "extension",
        /// Amending a contract (a change order).
        Amendment = "amendment",
        /// Anything else.
        Other = "other",
    }
);

vocabulary_enum!(
    /// The decision on an agenda item.
    AgendaOutcome {
        /// Not decided, or not recorded.
        Pending = "pending",
        /// Passed, adopted or approved.
        Approved = "approved",
        /// Failed.
        Rejected = "rejected",
        /// Deferred, held, continued, tabled or referred.
        Deferred = "deferred",
        /// Withdrawn.
        Withdrawn = "withdrawn",
    }
);

vocabulary_enum!(
    /// One official's recorded vote.
    VoteChoice {
        /// Aye.
        Yes = "yes",
        /// Nay.
        No = "no",
        /// Abstained, recused or present without voting.
        Abstain = "abstain",
        /// Absent or excused.
        Absent = "absent",
    }
);

/// Something left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// Where: the API path, with the element's index in a list (`events/1235/eventitems[3]`,
    /// `eventitems/21301/votes[5]`, `bodies[0]`).
    pub path: String,
    /// What was wrong, and what was done.
    pub reason: String,
}

/// Something kept, with a doubt a reader should know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanWarning {
    /// Where, as in [`Skip::path`].
    pub path: String,
    /// What is doubtful, and what was done.
    pub message: String,
}

/// Everything one snapshot maps to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// Bodies, in `bodies` order.
    pub bodies: Vec<PlannedBody>,
    /// Officials (every person), in `persons` order.
    pub officials: Vec<PlannedOfficial>,
    /// Office terms, in `officerecords` order.
    pub terms: Vec<PlannedTerm>,
    /// Meetings, in `events` order.
    pub meetings: Vec<PlannedMeeting>,
    /// Agenda items, by meeting, in each meeting's `eventitems` order.
    pub agenda_items: Vec<PlannedAgendaItem>,
    /// Votes, by agenda item, in each item's `votes` order.
    pub votes: Vec<PlannedVote>,
    /// What was left out (including what the snapshot could not read).
    pub skips: Vec<Skip>,
    /// What was kept with a doubt.
    pub warnings: Vec<PlanWarning>,
}

/// A body (`BodyId`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedBody {
    /// `BodyId`.
    pub legistar_id: i64,
    /// `BodyName`, whitespace collapsed.
    pub name: String,
    /// From `BodyTypeName`, else `BodyName` ([`ClientMapping::body_kind`]).
    pub kind: BodyKind,
    /// `BodyActiveFlag` (null: active).
    pub active: bool,
}

/// An official (`PersonId`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedOfficial {
    /// `PersonId`.
    pub legistar_id: i64,
    /// `PersonFullName`, else first and last name; whitespace collapsed.
    pub name: String,
    /// `PersonEmail`, blank as `None`: a work address, public record; keep it out of logs.
    pub email: Option<String>,
    /// `PersonActiveFlag` (null: active).
    pub active: bool,
}

/// An office term: a person's seat on a body for a period (`OfficeRecordId`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedTerm {
    /// `OfficeRecordId`.
    pub legistar_id: i64,
    /// `OfficeRecordPersonId`: an official in the plan.
    pub person_id: i64,
    /// `OfficeRecordBodyId`: a body in the plan.
    pub body_id: i64,
    /// From `OfficeRecordTitle`, else `OfficeRecordMemberType` ([`ClientMapping::office_role`]).
    pub role: OfficeRole,
    /// `OfficeRecordTitle` as written ("Vice Mayor"), blank as `None`.
    pub title: Option<String>,
    /// `OfficeRecordStartDate`.
    pub starts_on: NaiveDate,
    /// `OfficeRecordEndDate`; `None` while the term runs.
    pub ends_on: Option<NaiveDate>,
}

/// A meeting (`EventId`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedMeeting {
    /// `EventId`.
    pub legistar_id: i64,
    /// `EventBodyId`: a body in the plan.
    pub body_id: i64,
    /// `EventDate` at `EventTime`, local in the mapping's zone, as UTC
    /// ([`meeting_start`]).
    pub starts_at: DateTime<Utc>,
    /// `EventLocation`: line breaks as `\n`, each line's trailing spaces and the whole
    /// trimmed; blank as `None`.
    pub location: Option<String>,
    /// `EventAgendaFile`.
    pub agenda_url: Option<String>,
    /// `EventInSiteURL`: the meeting's page on the client's Legistar site.
    pub page_url: Option<String>,
    /// From the agenda and minutes statuses and the comment
    /// ([`ClientMapping::meeting_status`]).
    pub status: MeetingStatus,
}

/// An agenda item (`EventItemId`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedAgendaItem {
    /// `EventItemId`.
    pub legistar_id: i64,
    /// The meeting's `EventId`: a meeting in the plan.
    pub meeting_id: i64,
    /// `EventItemAgendaNumber` ("5-a"), else the sequence.
    pub item_number: String,
    /// `EventItemAgendaSequence`: the item's place on the agenda.
    pub sequence: i64,
    /// `EventItemTitle`, else the matter's name, else its title; whitespace collapsed.
    pub title: String,
    /// From the item's and matter's titles and type ([`ClientMapping::agenda_action`]).
    pub action: AgendaAction,
    /// From the item's passed flag, else the matter's history at this meeting, else the item's
    /// action name; pending when none says.
    pub outcome: AgendaOutcome,
    /// The matter the item acts on.
    pub matter: Option<PlannedMatter>,
    /// `EventItemRollCallFlag`: a roll call was taken.
    pub roll_call: bool,
}

/// A matter: the legislative file an agenda item acts on (`MatterId`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedMatter {
    /// `MatterId`.
    pub legistar_id: i64,
    /// `MatterFile`: the file number ("10-0003").
    pub file: Option<String>,
    /// `MatterName`.
    pub name: Option<String>,
    /// `MatterTypeName` ("Contract").
    pub type_name: Option<String>,
    /// `MatterStatusName` ("Passed").
    pub status_name: Option<String>,
    /// `MatterTitle`: line breaks as `\n`, trimmed.
    pub title: Option<String>,
}

/// One official's vote on an agenda item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedVote {
    /// The item's `EventItemId`: an agenda item in the plan.
    pub agenda_item_id: i64,
    /// `VotePersonId`: an official in the plan.
    pub person_id: i64,
    /// From `VoteValueName` ([`ClientMapping::vote_choice`]).
    pub choice: VoteChoice,
}

/// Maps a snapshot to a plan. Never panics and never fails: what cannot be mapped is a
/// [`Skip`].
///
/// Rules, beyond each field's own (see the `Planned…` types):
/// - A record without its id, or whose id was already seen, is skipped (the first is kept).
/// - A body or official needs a name; a term needs a known official and body and a start date
///   (and, if it has one, an end date on or after it); a meeting needs a known body and an
///   `EventDate`. What depends on a skipped record is skipped with it.
/// - An event item without `EventItemAgendaSequence` is not on the agenda (a heading or a
///   minutes-only row) and is skipped; so is one with no title and no matter name or title
///   (an empty heading or roll call line).
/// - A vote needs a known official, a name in the vocabulary (unknown names are skipped, never
///   guessed), and one vote per official and item (the first is kept). Votes on an item that
///   is not a roll call are kept.
pub fn plan(snapshot: &Snapshot, mapping: &ClientMapping) -> Plan {
    let mut cx = Planner {
        mapping,
        plan: Plan {
            skips: snapshot.skips.clone(),
            ..Plan::default()
        },
    };
    let bodies = cx.bodies(snapshot);
    let officials = cx.officials(snapshot);
    cx.terms(snapshot, &officials, &bodies);
    let meetings = cx.meetings(snapshot, &bodies);
    let items = cx.agenda_items(snapshot, &meetings);
    cx.votes(snapshot, &items, &officials);
    cx.plan
}

/// Removes duplicate history rows: a row is a duplicate of an earlier one when both were taken
/// at the same meeting (`MatterHistoryEventId`, not null) with the same action name (after
/// [`normalize`]) and the same passed flag, and their action texts are the same or one of them
/// is blank. Legistar repeats an action this way when it is on both the agenda and the minutes
/// (Chicago). The earlier row is kept; rows outside a meeting are all kept. Order is kept.
pub fn dedupe_histories(rows: &[MatterHistory]) -> Vec<&MatterHistory> {
    let mut kept: Vec<&MatterHistory> = Vec::with_capacity(rows.len());
    for row in rows {
        let duplicate = row.matter_history_event_id.is_some()
            && kept.iter().any(|earlier| same_action(earlier, row));
        if !duplicate {
            kept.push(row);
        }
    }
    kept
}

fn same_action(a: &MatterHistory, b: &MatterHistory) -> bool {
    let name = |row: &MatterHistory| row.matter_history_action_name.as_deref().map(normalize);
    let text = |row: &MatterHistory| {
        row.matter_history_action_text
            .as_deref()
            .map(normalize)
            .filter(|text| !text.is_empty())
    };
    a.matter_history_event_id == b.matter_history_event_id
        && name(a) == name(b)
        && a.matter_history_passed_flag == b.matter_history_passed_flag
        && match (text(a), text(b)) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        }
}

struct Planner<'a> {
    mapping: &'a ClientMapping,
    plan: Plan,
}

impl Planner<'_> {
    fn skip(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.plan.skips.push(Skip {
            path: path.into(),
            reason: reason.into(),
        });
    }

    fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.plan.warnings.push(PlanWarning {
            path: path.into(),
            message: message.into(),
        });
    }

    /// Checks an id: present and not seen before.
    fn id(
        &mut self,
        path: &str,
        field: &str,
        id: Option<i64>,
        seen: &mut HashSet<i64>,
    ) -> Option<i64> {
        let Some(id) = id else {
            self.skip(path, format!("no {field}; left out"));
            return None;
        };
        if !seen.insert(id) {
            self.skip(
                path,
                format!("a second record with {field} {id}; the first is kept"),
            );
            return None;
        }
        Some(id)
    }

    fn bodies(&mut self, snapshot: &Snapshot) -> HashSet<i64> {
        let mut seen = HashSet::new();
        let mut planned = HashSet::new();
        for (index, body) in snapshot.bodies.iter().enumerate() {
            let path = format!("bodies[{index}]");
            let Some(id) = self.id(&path, "BodyId", body.body_id, &mut seen) else {
                continue;
            };
            let Some(name) = one_line(body.body_name.as_deref()) else {
                self.skip(path, format!("body {id} has no BodyName; left out"));
                continue;
            };
            let kind = self
                .mapping
                .body_kind(body.body_type_name.as_deref(), Some(&name));
            self.plan.bodies.push(PlannedBody {
                legistar_id: id,
                name,
                kind,
                active: body.is_active(),
            });
            planned.insert(id);
        }
        planned
    }

    fn officials(&mut self, snapshot: &Snapshot) -> HashSet<i64> {
        let mut seen = HashSet::new();
        let mut planned = HashSet::new();
        for (index, person) in snapshot.persons.iter().enumerate() {
            let path = format!("persons[{index}]");
            let Some(id) = self.id(&path, "PersonId", person.person_id, &mut seen) else {
                continue;
            };
            let name = one_line(person.person_full_name.as_deref()).or_else(|| {
                let first = person.person_first_name.as_deref().unwrap_or("");
                let last = person.person_last_name.as_deref().unwrap_or("");
                one_line(Some(&format!("{first} {last}")))
            });
            let Some(name) = name else {
                self.skip(path, format!("person {id} has no name; left out"));
                continue;
            };
            self.plan.officials.push(PlannedOfficial {
                legistar_id: id,
                name,
                email: one_line(person.person_email.as_deref()),
                active: person.is_active(),
            });
            planned.insert(id);
        }
        planned
    }

    fn terms(&mut self, snapshot: &Snapshot, officials: &HashSet<i64>, bodies: &HashSet<i64>) {
        let mut seen = HashSet::new();
        for (index, record) in snapshot.office_records.iter().enumerate() {
            let path = format!("officerecords[{index}]");
            let Some(id) = self.id(&path, "OfficeRecordId", record.office_record_id, &mut seen)
            else {
                continue;
            };
            match self.term(id, record, officials, bodies) {
                Ok(term) => self.plan.terms.push(term),
                Err(reason) => self.skip(path, format!("office record {id}: {reason}; left out")),
            }
        }
    }

    fn term(
        &self,
        id: i64,
        record: &OfficeRecord,
        officials: &HashSet<i64>,
        bodies: &HashSet<i64>,
    ) -> Result<PlannedTerm, String> {
        let person_id = record
            .office_record_person_id
            .ok_or("no OfficeRecordPersonId")?;
        if !officials.contains(&person_id) {
            return Err(format!("person {person_id} is not among the officials"));
        }
        let body_id = record
            .office_record_body_id
            .ok_or("no OfficeRecordBodyId")?;
        if !bodies.contains(&body_id) {
            return Err(format!("body {body_id} is not among the bodies"));
        }
        let start = record
            .office_record_start_date
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .ok_or("no OfficeRecordStartDate")?;
        let starts_on = parse_date(start).map_err(|e| format!("OfficeRecordStartDate: {e}"))?;
        let ends_on = match record
            .office_record_end_date
            .as_deref()
            .filter(|s| !s.trim().is_empty())
        {
            None => None,
            Some(end) => Some(parse_date(end).map_err(|e| format!("OfficeRecordEndDate: {e}"))?),
        };
        if let Some(ends_on) = ends_on
            && ends_on < starts_on
        {
            return Err(format!(
                "it ends ({ends_on}) before it starts ({starts_on})"
            ));
        }
        let title = one_line(record.office_record_title.as_deref());
        let role = self.mapping.office_role(
            title.as_deref(),
            record.office_record_member_type.as_deref(),
        );
        Ok(PlannedTerm {
            legistar_id: id,
            person_id,
            body_id,
            role,
            title,
            starts_on,
            ends_on,
        })
    }

    /// Plans the meetings; returns the planned ones' ids.
    fn meetings(&mut self, snapshot: &Snapshot, bodies: &HashSet<i64>) -> HashSet<i64> {
        let mut seen = HashSet::new();
        let mut planned = HashSet::new();
        for (index, event) in snapshot.events.iter().enumerate() {
            let path = format!("events[{index}]");
            let Some(id) = self.id(&path, "EventId", event.event_id, &mut seen) else {
                continue;
            };
            let Some(body_id) = event.event_body_id else {
                self.skip(path, format!("meeting {id} has no EventBodyId; left out"));
                continue;
            };
            if !bodies.contains(&body_id) {
                self.skip(
                    path,
                    format!("meeting {id}: body {body_id} is not among the bodies; left out"),
                );
                continue;
            }
            let Some(date) = event.event_date.as_deref().filter(|d| !d.trim().is_empty()) else {
                self.skip(path, format!("meeting {id} has no EventDate; left out"));
                continue;
            };
            let starts_at =
                match meeting_start(date, event.event_time.as_deref(), self.mapping.time_zone) {
                    Ok((starts_at, warning)) => {
                        if let Some(warning) = warning {
                            self.warn(&path, format!("meeting {id}: {warning}"));
                        }
                        starts_at
                    }
                    Err(error) => {
                        self.skip(path, format!("meeting {id}: EventDate: {error}; left out"));
                        continue;
                    }
                };
            self.plan.meetings.push(PlannedMeeting {
                legistar_id: id,
                body_id,
                starts_at,
                location: multi_line(event.event_location.as_deref()),
                agenda_url: one_line(event.event_agenda_file.as_deref()),
                page_url: one_line(event.event_in_site_url.as_deref()),
                status: self.mapping.meeting_status(
                    event.event_agenda_status_name.as_deref(),
                    event.event_minutes_status_name.as_deref(),
                    event.event_comment.as_deref(),
                ),
            });
            planned.insert(id);
        }
        planned
    }

    /// Plans the agenda items of the planned meetings; returns the planned items' ids.
    fn agenda_items(&mut self, snapshot: &Snapshot, meetings: &HashSet<i64>) -> HashSet<i64> {
        let mut seen = HashSet::new();
        let mut planned = HashSet::new();
        let mut events_done = HashSet::new();
        // Histories are deduplicated once per matter, and grouped by meeting.
        let mut histories: HashMap<i64, BTreeMap<i64, Vec<&MatterHistory>>> = HashMap::new();
        for (matter_id, rows) in &snapshot.matter_histories {
            let by_event = histories.entry(*matter_id).or_default();
            for row in dedupe_histories(rows) {
                if let Some(event_id) = row.matter_history_event_id {
                    by_event.entry(event_id).or_default().push(row);
                }
            }
        }

        let event_ids = snapshot.events.iter().filter_map(|e| e.event_id);
        for event_id in event_ids {
            if !events_done.insert(event_id) {
                continue;
            }
            let Some(items) = snapshot.event_items.get(&event_id) else {
                continue;
            };
            let list = format!("events/{event_id}/eventitems");
            if !meetings.contains(&event_id) {
                if !items.is_empty() {
                    self.skip(
                        list,
                        format!(
                            "meeting {event_id} was left out, and so are its {} agenda items",
                            items.len()
                        ),
                    );
                }
                continue;
            }
            for (index, item) in items.iter().enumerate() {
                let path = format!("{list}[{index}]");
                let Some(id) = self.id(&path, "EventItemId", item.event_item_id, &mut seen) else {
                    continue;
                };
                let for_event = item
                    .event_item_matter_id
                    .and_then(|matter_id| histories.get(&matter_id))
                    .and_then(|by_event| by_event.get(&event_id))
                    .map_or(&[][..], Vec::as_slice);
                if let Some(planned_item) =
                    self.agenda_item(snapshot, &path, id, event_id, item, for_event)
                {
                    self.plan.agenda_items.push(planned_item);
                    planned.insert(id);
                }
            }
        }
        planned
    }

    fn agenda_item(
        &mut self,
        snapshot: &Snapshot,
        path: &str,
        id: i64,
        meeting_id: i64,
        item: &EventItem,
        histories: &[&MatterHistory],
    ) -> Option<PlannedAgendaItem> {
        let Some(sequence) = item.event_item_agenda_sequence else {
            self.skip(
                path,
                format!(
                    "event item {id} has no EventItemAgendaSequence: it is not on the agenda \
                     (a heading or a minutes-only line); left out"
                ),
            );
            return None;
        };
        let matter =
            item.event_item_matter_id
                .map(|matter_id| match snapshot.matters.get(&matter_id) {
                    Some(matter) => planned_matter(matter_id, matter),
                    None => {
                        self.warn(
                            path,
                            format!(
                                "matters/{matter_id} was not found: the matter is taken from the \
                             agenda item's EventItemMatter fields"
                            ),
                        );
                        PlannedMatter {
                            legistar_id: matter_id,
                            file: one_line(item.event_item_matter_file.as_deref()),
                            name: one_line(item.event_item_matter_name.as_deref()),
                            type_name: one_line(item.event_item_matter_type.as_deref()),
                            status_name: one_line(item.event_item_matter_status.as_deref()),
                            title: None,
                        }
                    }
                });
        let title = one_line(item.event_item_title.as_deref())
            .or_else(|| matter.as_ref().and_then(|m| m.name.clone()))
            .or_else(|| matter.as_ref().and_then(|m| one_line(m.title.as_deref())));
        let Some(title) = title else {
            self.skip(
                path,
                format!(
                    "event item {id} has no title and no matter name or title (an empty heading \
                     or roll call line); left out"
                ),
            );
            return None;
        };
        let item_number = one_line(item.event_item_agenda_number.as_deref())
            .unwrap_or_else(|| sequence.to_string());

        let mut texts: Vec<&str> = vec![&title];
        if let Some(matter) = &matter {
            texts.extend(
                [&matter.title, &matter.name, &matter.type_name]
                    .into_iter()
                    .filter_map(|text| text.as_deref()),
            );
        }
        let action = self.mapping.agenda_action(&texts);
        let outcome = self.outcome(path, id, item, histories);
        Some(PlannedAgendaItem {
            legistar_id: id,
            meeting_id,
            item_number,
            sequence,
            title,
            action,
            outcome,
            matter,
            roll_call: item.is_roll_call(),
        })
    }

    /// The item's passed flag (its name, else 0/1); else the matter's history at this meeting
    /// (the last deduplicated row that says: passed-flag name, flag or action name); else the
    /// item's action name; else pending.
    fn outcome(
        &mut self,
        path: &str,
        id: i64,
        item: &EventItem,
        histories: &[&MatterHistory],
    ) -> AgendaOutcome {
        let mapping = self.mapping;
        let mut unknown: Vec<String> = Vec::new();
        let mut by_name = |name: Option<&str>| -> Option<AgendaOutcome> {
            let name = name.map(str::trim).filter(|n| !n.is_empty())?;
            let outcome = mapping.outcome(name);
            if outcome.is_none() {
                unknown.push(name.to_owned());
            }
            outcome
        };
        let by_flag = |flag: Option<bool>| {
            flag.map(|passed| {
                if passed {
                    AgendaOutcome::Approved
                } else {
                    AgendaOutcome::Rejected
                }
            })
        };
        let from_item = by_name(item.event_item_passed_flag_name.as_deref())
            .or_else(|| by_flag(item.event_item_passed_flag));
        let found = from_item
            .or_else(|| {
                histories.iter().rev().find_map(|row| {
                    by_name(row.matter_history_passed_flag_name.as_deref())
                        .or_else(|| by_flag(row.matter_history_passed_flag))
                        .or_else(|| by_name(row.matter_history_action_name.as_deref()))
                })
            })
            .or_else(|| by_name(item.event_item_action_name.as_deref()));
        match found {
            Some(outcome) => outcome,
            None => {
                if !unknown.is_empty() {
                    let names = unknown
                        .iter()
                        .map(|n| format!("{n:?}"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.warn(
                        path,
                        format!(
                            "agenda item {id}: no outcome name matches {names}; the outcome is \
                             left pending"
                        ),
                    );
                }
                AgendaOutcome::Pending
            }
        }
    }

    fn votes(&mut self, snapshot: &Snapshot, items: &HashSet<i64>, officials: &HashSet<i64>) {
        let item_ids: Vec<i64> = self
            .plan
            .agenda_items
            .iter()
            .map(|item| item.legistar_id)
            .collect();
        for item_id in item_ids {
            let Some(votes) = snapshot.votes.get(&item_id) else {
                continue;
            };
            let mut voted = HashSet::new();
            for (index, vote) in votes.iter().enumerate() {
                let path = format!("eventitems/{item_id}/votes[{index}]");
                let who = vote
                    .vote_person_name
                    .as_deref()
                    .and_then(|n| one_line(Some(n)))
                    .map_or_else(String::new, |name| format!(" ({name})"));
                let Some(person_id) = vote.vote_person_id else {
                    self.skip(path, format!("vote{who} has no VotePersonId; left out"));
                    continue;
                };
                if !officials.contains(&person_id) {
                    self.skip(
                        path,
                        format!(
                            "vote by person {person_id}{who}, who is not among the officials; \
                             left out"
                        ),
                    );
                    continue;
                }
                let name = vote.vote_value_name.as_deref().unwrap_or("").trim();
                let Some(choice) = self.mapping.vote_choice(name) else {
                    self.skip(
                        path,
                        format!(
                            "vote by person {person_id}{who}: the vote name {name:?} is not in \
                             the client's vote names (not guessed); left out"
                        ),
                    );
                    continue;
                };
                if !voted.insert(person_id) {
                    self.skip(
                        path,
                        format!(
                            "a second vote by person {person_id}{who} on agenda item {item_id}; \
                             the first is kept"
                        ),
                    );
                    continue;
                }
                self.plan.votes.push(PlannedVote {
                    agenda_item_id: item_id,
                    person_id,
                    choice,
                });
            }
        }
        for (item_id, votes) in &snapshot.votes {
            if !items.contains(item_id) && !votes.is_empty() {
                self.skip(
                    format!("eventitems/{item_id}/votes"),
                    format!(
                        "agenda item {item_id} was left out, and so are its {} votes",
                        votes.len()
                    ),
                );
            }
        }
    }
}

fn planned_matter(id: i64, matter: &Matter) -> PlannedMatter {
    PlannedMatter {
        legistar_id: id,
        file: one_line(matter.matter_file.as_deref()),
        name: one_line(matter.matter_name.as_deref()),
        type_name: one_line(matter.matter_type_name.as_deref()),
        status_name: one_line(matter.matter_status_name.as_deref()),
        title: multi_line(matter.matter_title.as_deref()),
    }
}

/// Text on one line: every run of whitespace (line breaks too) made one space, trimmed; blank
/// as `None`.
pub fn one_line(text: Option<&str>) -> Option<String> {
    let text = text?.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// Free text that may span lines: CRLF and CR made `\n`, each line's trailing whitespace
/// removed, the whole trimmed; blank as `None`.
pub fn multi_line(text: Option<&str>) -> Option<String> {
    let text = text?.replace("\r\n", "\n").replace('\r', "\n");
    let text = text
        .split('\n')
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}
