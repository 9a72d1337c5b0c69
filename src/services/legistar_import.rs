//! Importing a Legistar client's bodies, officials, meetings, agendas and roll calls into one
//! jurisdiction.
//!
//! [`crate::legistar`] loads the client's responses (from a folder of recorded responses or
//! over HTTP) and plans them in our words; this module applies the plan. Every row is
//! remembered under the source `legistar:{client}` (`external_record`, keyed by the Legistar
//! id), so running the import again changes only what changed in Legistar, and each change
//! writes what a staff edit would: an audit entry, the search index, and the alert events —
//! "Scheduled for a vote" when an item deciding a contract appears, "Vote moved" when its
//! meeting moves, the decision and roll call when it is recorded.
//!
//! Agenda items are linked to contracts through the staff suggestions
//! ([`agenda_links::confident`]) only when one suggestion clearly leads; the rest are left for
//! staff to link. Bodies, officials and terms are one transaction, then each meeting with its
//! agenda and votes is one; a dry run is a single transaction, rolled back.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::enums::{AgendaAction, AgendaOutcome, BodyKind, MeetingStatus, OfficeRole, VoteChoice};
use entity::{agenda_item, body, meeting, office_term, official, roll_call_vote};
use sea_orm::{
    ActiveEnum as _, ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, DatabaseTransaction,
    EntityTrait, IntoActiveModel as _, QueryFilter, TransactionTrait,
};

use crate::domain::ids::NodeKind;
use crate::error::AppError;
use crate::legistar::{self, ClientMapping, Fetch, Plan};
use crate::services::agenda_links;
use crate::services::alert_events;
use crate::services::audit::{Actor, digest};
use crate::services::imported::{Rows, Source};
use crate::services::ocds_import::{self, Issue, Report};
use crate::services::registry_edit::{announce_meeting_move, announce_outcome, vote_announcement};
use crate::state::AppState;
use entity::enums::AlertEventKind;

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The jurisdiction the data belongs to.
    pub jurisdiction_id: i64,
    /// The Legistar client name (`mesa`, `metro`, `chicago`): rows are remembered under it.
    pub client: String,
    /// Do everything, report it, and roll it back.
    pub dry_run: bool,
}

/// What kind of row a remembered Legistar id is.
mod kind {
    pub const BODY: &str = "body";
    pub const OFFICIAL: &str = "official";
    pub const TERM: &str = "office_term";
    pub const MEETING: &str = "meeting";
    pub const ITEM: &str = "agenda_item";
    pub const ROLL_CALL: &str = "roll_call";
}

/// Loads everything `fetch` serves for the client, plans it with `mapping` and applies it.
pub async fn import(
    state: &AppState,
    actor: &Actor,
    fetch: &dyn Fetch,
    mapping: &ClientMapping,
    options: &Options,
) -> Result<Report, AppError> {
    ocds_import::jurisdiction_exists(state, options.jurisdiction_id).await?;
    let snapshot = legistar::load(fetch)
        .await
        .map_err(|e| AppError::invalid("from", e.to_string()))?;
    let plan = legistar::plan(&snapshot, mapping);
    let mut report = Report::default();
    report
        .skipped
        .extend(snapshot.skips.iter().chain(&plan.skips).map(|s| Issue {
            path: s.path.clone(),
            reason: s.reason.clone(),
        }));
    report.notes.extend(plan.warnings.iter().map(|w| Issue {
        path: w.path.clone(),
        reason: w.message.clone(),
    }));
    let source_key = format!("legistar:{}", options.client);
    let source = Source {
        key: &source_key,
        reason: "Legistar import",
    };
    let dry_run = if options.dry_run {
        Some(state.db.write.begin().await?)
    } else {
        None
    };
    let mut ids = Ids::default();

    let people = async |txn: &DatabaseTransaction, report: &mut Report, ids: &mut Ids| {
        let mut apply = Apply {
            rows: rows(state, actor, source, options, txn),
            report,
            ids,
        };
        apply.people(&plan).await
    };
    match &dry_run {
        Some(txn) => people(txn, &mut report, &mut ids).await?,
        None => {
            let txn = state.db.write.begin().await?;
            people(&txn, &mut report, &mut ids).await?;
            txn.commit().await?;
        }
    }
    for planned in &plan.meetings {
        let one = async |txn: &DatabaseTransaction, report: &mut Report, ids: &mut Ids| {
            let mut apply = Apply {
                rows: rows(state, actor, source, options, txn),
                report,
                ids,
            };
            apply.meeting(&plan, planned).await
        };
        match &dry_run {
            Some(txn) => one(txn, &mut report, &mut ids).await?,
            None => {
                let txn = state.db.write.begin().await?;
                one(&txn, &mut report, &mut ids).await?;
                txn.commit().await?;
            }
        }
    }
    report.processes = plan.meetings.len() as u64;
    if let Some(txn) = dry_run {
        txn.rollback().await?;
    }
    Ok(report)
}

fn rows<'a>(
    state: &'a AppState,
    actor: &'a Actor,
    source: Source<'a>,
    options: &Options,
    txn: &'a DatabaseTransaction,
) -> Rows<'a> {
    Rows {
        txn,
        actor,
        source,
        jurisdiction_id: options.jurisdiction_id,
        now: state.clock.now(),
    }
}

/// Our row ids by Legistar id, filled as rows are applied.
#[derive(Default)]
struct Ids {
    bodies: HashMap<i64, i64>,
    officials: HashMap<i64, i64>,
}

struct Apply<'a> {
    rows: Rows<'a>,
    report: &'a mut Report,
    ids: &'a mut Ids,
}

/// What happened to one row.
enum Outcome {
    Created,
    Updated,
    Unchanged,
}

impl Apply<'_> {
    fn count(&mut self, outcome: &Outcome, what: String) {
        match outcome {
            Outcome::Created => self.report.created(what),
            Outcome::Updated => self.report.updated(what),
            Outcome::Unchanged => self.report.unchanged += 1,
        }
    }

    fn skip(&mut self, path: String, reason: &str) {
        self.report.skipped.push(Issue {
            path,
            reason: reason.to_owned(),
        });
    }

    /// Bodies, officials and their terms.
    async fn people(&mut self, plan: &Plan) -> Result<(), AppError> {
        for planned in &plan.bodies {
            let id = self.body(planned).await?;
            self.ids.bodies.insert(planned.legistar_id, id);
        }
        // An official's title is that of their latest term.
        let mut titles: HashMap<i64, (chrono::NaiveDate, String)> = HashMap::new();
        for term in &plan.terms {
            if let Some(title) = &term.title {
                let entry = titles
                    .entry(term.person_id)
                    .or_insert((term.starts_on, title.clone()));
                if term.starts_on >= entry.0 {
                    *entry = (term.starts_on, title.clone());
                }
            }
        }
        for planned in &plan.officials {
            let title = titles
                .get(&planned.legistar_id)
                .map_or("Member", |(_, t)| t.as_str());
            let id = self.official(planned, title).await?;
            self.ids.officials.insert(planned.legistar_id, id);
        }
        for term in &plan.terms {
            self.term(term).await?;
        }
        Ok(())
    }

    async fn body(&mut self, planned: &legistar::PlannedBody) -> Result<i64, AppError> {
        let key = planned.legistar_id.to_string();
        let kind =
            BodyKind::try_from_value(&planned.kind.key().to_owned()).unwrap_or(BodyKind::Committee);
        let name = clip(&planned.name, 200);
        let state = digest(&(&name, kind, planned.active));
        let existing = self.rows.remembered(kind::BODY, &key).await?;
        let archived = archived_at(None, planned.active, self.rows.now);
        let known = match &existing {
            Some(known) => {
                body::Entity::find_by_id(known.target_id)
                    .one(self.rows.txn)
                    .await?
            }
            // A body staff already made under the same name is the same body.
            None => {
                body::Entity::find()
                    .filter(body::Column::JurisdictionId.eq(self.rows.jurisdiction_id))
                    .filter(body::Column::Name.eq(&name))
                    .one(self.rows.txn)
                    .await?
            }
        };
        let (id, outcome) = match (&existing, known) {
            (Some(memo), Some(row)) if memo.digest == state => (row.id, Outcome::Unchanged),
            (None, Some(row)) => (row.id, Outcome::Unchanged),
            (_, Some(before)) => {
                let mut active = before.clone().into_active_model();
                active.name = Set(name.clone());
                active.kind = Set(kind);
                active.archived_at = Set(archived_at(
                    before.archived_at,
                    planned.active,
                    self.rows.now,
                ));
                let after = active.update(self.rows.txn).await?;
                self.rows
                    .audit(
                        "updateBody",
                        NodeKind::Body,
                        after.id,
                        Some(digest(&before)),
                        &after,
                    )
                    .await?;
                (after.id, Outcome::Updated)
            }
            (_, None) => {
                let row = body::ActiveModel {
                    jurisdiction_id: Set(self.rows.jurisdiction_id),
                    name: Set(name.clone()),
                    kind: Set(kind),
                    created_at: Set(self.rows.now),
                    archived_at: Set(archived),
                    ..Default::default()
                }
                .insert(self.rows.txn)
                .await?;
                self.rows
                    .audit("createBody", NodeKind::Body, row.id, None, &row)
                    .await?;
                (row.id, Outcome::Created)
            }
        };
        self.rows
            .remember(existing, kind::BODY, &key, id, &state)
            .await?;
        self.count(&outcome, format!("body {name}"));
        Ok(id)
    }

    async fn official(
        &mut self,
        planned: &legistar::PlannedOfficial,
        title: &str,
    ) -> Result<i64, AppError> {
        let key = planned.legistar_id.to_string();
        let name = clip(&planned.name, 200);
        let title = clip(title, 200);
        let email = planned.email.as_deref().map(|e| clip(e, 320));
        let state = digest(&(&name, &title, &email, planned.active));
        let existing = self.rows.remembered(kind::OFFICIAL, &key).await?;
        let known = match &existing {
            Some(memo) => {
                official::Entity::find_by_id(memo.target_id)
                    .one(self.rows.txn)
                    .await?
            }
            None => None,
        };
        let archived = archived_at(None, planned.active, self.rows.now);
        let (id, outcome) = match (&existing, known) {
            (Some(memo), Some(row)) if memo.digest == state => (row.id, Outcome::Unchanged),
            (_, Some(before)) => {
                let mut active = before.clone().into_active_model();
                active.name = Set(name.clone());
                active.title = Set(title);
                // A changed address must be proven again before digests go to it.
                if before.contact_email != email {
                    active.contact_email = Set(email);
                    active.contact_email_verified_at = Set(None);
                }
                active.archived_at = Set(archived_at(
                    before.archived_at,
                    planned.active,
                    self.rows.now,
                ));
                let after = active.update(self.rows.txn).await?;
                self.rows
                    .audit(
                        "updateOfficial",
                        NodeKind::Official,
                        after.id,
                        Some(digest(&before)),
                        &after,
                    )
                    .await?;
                (after.id, Outcome::Updated)
            }
            (_, None) => {
                let row = official::ActiveModel {
                    jurisdiction_id: Set(self.rows.jurisdiction_id),
                    name: Set(name.clone()),
                    title: Set(title),
                    district: Set(None),
                    contact_email: Set(email),
                    created_at: Set(self.rows.now),
                    archived_at: Set(archived),
                    ..Default::default()
                }
                .insert(self.rows.txn)
                .await?;
                self.rows
                    .audit("createOfficial", NodeKind::Official, row.id, None, &row)
                    .await?;
                (row.id, Outcome::Created)
            }
        };
        self.rows
            .remember(existing, kind::OFFICIAL, &key, id, &state)
            .await?;
        self.count(&outcome, format!("official {name}"));
        Ok(id)
    }

    async fn term(&mut self, planned: &legistar::PlannedTerm) -> Result<(), AppError> {
        let path = format!("officerecords {}", planned.legistar_id);
        let (Some(&official_id), Some(&body_id)) = (
            self.ids.officials.get(&planned.person_id),
            self.ids.bodies.get(&planned.body_id),
        ) else {
            self.skip(path, "its person or body was not imported");
            return Ok(());
        };
        let key = planned.legistar_id.to_string();
        let role = OfficeRole::try_from_value(&planned.role.key().to_owned())
            .unwrap_or(OfficeRole::Member);
        let state = digest(&(
            official_id,
            body_id,
            role,
            planned.starts_on,
            planned.ends_on,
        ));
        let existing = self.rows.remembered(kind::TERM, &key).await?;
        let known = match &existing {
            Some(memo) => {
                office_term::Entity::find_by_id(memo.target_id)
                    .one(self.rows.txn)
                    .await?
            }
            None => None,
        };
        let (id, outcome) = match (&existing, known) {
            (Some(memo), Some(row)) if memo.digest == state => (row.id, Outcome::Unchanged),
            (_, Some(before)) => {
                let mut active = before.clone().into_active_model();
                active.official_id = Set(official_id);
                active.body_id = Set(body_id);
                active.role = Set(role);
                active.starts_on = Set(planned.starts_on);
                active.ends_on = Set(planned.ends_on);
                let after = active.update(self.rows.txn).await?;
                self.rows
                    .audit(
                        "updateOfficeTerm",
                        NodeKind::OfficeTerm,
                        after.id,
                        Some(digest(&before)),
                        &after,
                    )
                    .await?;
                (after.id, Outcome::Updated)
            }
            (_, None) => {
                let row = office_term::ActiveModel {
                    official_id: Set(official_id),
                    body_id: Set(body_id),
                    role: Set(role),
                    starts_on: Set(planned.starts_on),
                    ends_on: Set(planned.ends_on),
                    archived_at: Set(None),
                    ..Default::default()
                }
                .insert(self.rows.txn)
                .await?;
                self.rows
                    .audit("createOfficeTerm", NodeKind::OfficeTerm, row.id, None, &row)
                    .await?;
                (row.id, Outcome::Created)
            }
        };
        self.rows
            .remember(existing, kind::TERM, &key, id, &state)
            .await?;
        self.count(&outcome, format!("office term {}", planned.legistar_id));
        Ok(())
    }

    /// One meeting with its agenda items and roll calls.
    async fn meeting(
        &mut self,
        plan: &Plan,
        planned: &legistar::PlannedMeeting,
    ) -> Result<(), AppError> {
        let path = format!("events {}", planned.legistar_id);
        let Some(&body_id) = self.ids.bodies.get(&planned.body_id) else {
            self.skip(path, "its body was not imported");
            return Ok(());
        };
        let key = planned.legistar_id.to_string();
        let status = MeetingStatus::try_from_value(&planned.status.key().to_owned())
            .unwrap_or(MeetingStatus::Scheduled);
        let location = planned.location.as_deref().map(|l| clip(l, 300));
        let agenda_url = planned
            .agenda_url
            .clone()
            .or_else(|| planned.page_url.clone())
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
        let state = digest(&(body_id, planned.starts_at, &location, &agenda_url, status));
        let existing = self.rows.remembered(kind::MEETING, &key).await?;
        let known = match &existing {
            Some(memo) => {
                meeting::Entity::find_by_id(memo.target_id)
                    .one(self.rows.txn)
                    .await?
            }
            None => None,
        };
        let (row, outcome) = match (&existing, known) {
            (Some(memo), Some(row)) if memo.digest == state => (row, Outcome::Unchanged),
            (_, Some(before)) => {
                let mut active = before.clone().into_active_model();
                active.body_id = Set(body_id);
                active.starts_at = Set(planned.starts_at);
                active.location = Set(location);
                active.agenda_url = Set(agenda_url);
                active.status = Set(status);
                let after = active.update(self.rows.txn).await?;
                announce_meeting_move(self.rows.txn, &before, &after, self.rows.now).await?;
                self.rows
                    .audit(
                        "updateMeeting",
                        NodeKind::Meeting,
                        after.id,
                        Some(digest(&before)),
                        &after,
                    )
                    .await?;
                (after, Outcome::Updated)
            }
            (_, None) => {
                let row = meeting::ActiveModel {
                    body_id: Set(body_id),
                    starts_at: Set(planned.starts_at),
                    location: Set(location),
                    agenda_url: Set(agenda_url),
                    status: Set(status),
                    archived_at: Set(None),
                    ..Default::default()
                }
                .insert(self.rows.txn)
                .await?;
                self.rows
                    .audit("createMeeting", NodeKind::Meeting, row.id, None, &row)
                    .await?;
                (row, Outcome::Created)
            }
        };
        self.rows
            .remember(existing, kind::MEETING, &key, row.id, &state)
            .await?;
        self.count(
            &outcome,
            format!("meeting {} on {}", planned.legistar_id, planned.starts_at),
        );
        for item in plan
            .agenda_items
            .iter()
            .filter(|i| i.meeting_id == planned.legistar_id)
        {
            self.agenda_item(plan, &row, item).await?;
        }
        Ok(())
    }

    async fn agenda_item(
        &mut self,
        plan: &Plan,
        meeting: &meeting::Model,
        planned: &legistar::PlannedAgendaItem,
    ) -> Result<(), AppError> {
        let key = planned.legistar_id.to_string();
        let action = AgendaAction::try_from_value(&planned.action.key().to_owned())
            .unwrap_or(AgendaAction::Other);
        let outcome = AgendaOutcome::try_from_value(&planned.outcome.key().to_owned())
            .unwrap_or(AgendaOutcome::Pending);
        let item_number = clip(&planned.item_number, 40);
        let title = clip(&planned.title, 500);
        let state = digest(&(meeting.id, &item_number, &title, action, outcome));
        let existing = self.rows.remembered(kind::ITEM, &key).await?;
        let known = match &existing {
            Some(memo) => {
                agenda_item::Entity::find_by_id(memo.target_id)
                    .one(self.rows.txn)
                    .await?
            }
            None => None,
        };
        // Whether the decision is new: on a new item, or changed on a known one.
        let (row, decided_now) = match (&existing, known) {
            (Some(memo), Some(row)) if memo.digest == state => {
                self.count(&Outcome::Unchanged, String::new());
                (row, false)
            }
            (_, Some(before)) => {
                let mut active = before.clone().into_active_model();
                active.meeting_id = Set(meeting.id);
                active.item_number = Set(item_number.clone());
                active.title = Set(title.clone());
                active.action = Set(action);
                active.outcome = Set(outcome);
                let after = active.update(self.rows.txn).await?;
                self.rows
                    .audit(
                        "updateAgendaItem",
                        NodeKind::AgendaItem,
                        after.id,
                        Some(digest(&before)),
                        &after,
                    )
                    .await?;
                self.count(&Outcome::Updated, format!("agenda item {item_number}"));
                let decided_now = before.outcome != after.outcome;
                (after, decided_now)
            }
            (_, None) => {
                let mut row = agenda_item::ActiveModel {
                    meeting_id: Set(meeting.id),
                    item_number: Set(item_number.clone()),
                    title: Set(title.clone()),
                    action: Set(action),
                    solicitation_id: Set(None),
                    contract_id: Set(None),
                    outcome: Set(outcome),
                    archived_at: Set(None),
                    ..Default::default()
                }
                .insert(self.rows.txn)
                .await?;
                // Linked when one contract clearly matches; staff confirm the rest.
                let found =
                    agenda_links::suggestions_for(self.rows.txn, &row, self.rows.jurisdiction_id)
                        .await?;
                if let Some(best) = agenda_links::confident(&found) {
                    let announce = meeting.starts_at > self.rows.now;
                    let mut active = row.into_active_model();
                    active.contract_id = Set(Some(best.contract.id));
                    row = active.update(self.rows.txn).await?;
                    if announce {
                        let event = vote_announcement(
                            self.rows.txn,
                            AlertEventKind::VoteScheduled,
                            &row,
                            meeting,
                        )
                        .await?;
                        alert_events::emit(self.rows.txn, event, self.rows.now).await?;
                    }
                } else if !found.is_empty() {
                    self.report.notes.push(Issue {
                        path: format!("eventitems {}", planned.legistar_id),
                        reason: format!(
                            "{} possible contract(s) for staff to confirm; none clearly matches",
                            found.len()
                        ),
                    });
                }
                self.rows
                    .audit("createAgendaItem", NodeKind::AgendaItem, row.id, None, &row)
                    .await?;
                self.count(&Outcome::Created, format!("agenda item {item_number}"));
                let decided_now = row.outcome != AgendaOutcome::Pending;
                (row, decided_now)
            }
        };
        self.rows
            .remember(existing, kind::ITEM, &key, row.id, &state)
            .await?;
        self.roll_call(plan, meeting, &row, planned, decided_now)
            .await
    }

    /// The item's votes, replaced when Legistar's differ; the decision is announced when it
    /// is new or the roll call changed.
    async fn roll_call(
        &mut self,
        plan: &Plan,
        meeting: &meeting::Model,
        row: &agenda_item::Model,
        planned: &legistar::PlannedAgendaItem,
        decided_now: bool,
    ) -> Result<(), AppError> {
        let mut votes: Vec<(i64, VoteChoice)> = Vec::new();
        for vote in plan
            .votes
            .iter()
            .filter(|v| v.agenda_item_id == planned.legistar_id)
        {
            let Some(&official_id) = self.ids.officials.get(&vote.person_id) else {
                self.skip(
                    format!("eventitems/{}/votes", planned.legistar_id),
                    "a vote by a person who was not imported",
                );
                continue;
            };
            if let Ok(choice) = VoteChoice::try_from_value(&vote.choice.key().to_owned()) {
                votes.push((official_id, choice));
            }
        }
        votes.sort_unstable_by_key(|(official, _)| *official);
        let key = planned.legistar_id.to_string();
        let state = digest(&votes);
        let existing = self.rows.remembered(kind::ROLL_CALL, &key).await?;
        let changed = existing.as_ref().is_none_or(|memo| memo.digest != state);
        if changed && !(existing.is_none() && votes.is_empty()) {
            roll_call_vote::Entity::delete_many()
                .filter(roll_call_vote::Column::AgendaItemId.eq(row.id))
                .exec(self.rows.txn)
                .await?;
            if !votes.is_empty() {
                roll_call_vote::Entity::insert_many(votes.iter().map(|(official, vote)| {
                    roll_call_vote::ActiveModel {
                        agenda_item_id: Set(row.id),
                        official_id: Set(*official),
                        vote: Set(*vote),
                        ..Default::default()
                    }
                }))
                .exec(self.rows.txn)
                .await?;
            }
            self.rows
                .audit(
                    "recordVotes",
                    NodeKind::AgendaItem,
                    row.id,
                    None,
                    &(row, &votes),
                )
                .await?;
            self.count(
                &if existing.is_some() {
                    Outcome::Updated
                } else {
                    Outcome::Created
                },
                format!("roll call on agenda item {}", row.item_number),
            );
        }
        let linked = row.contract_id.is_some() || row.solicitation_id.is_some();
        if (decided_now || changed) && linked && is_recent(meeting, self.rows.now) {
            announce_outcome(self.rows.txn, row, meeting, &votes, self.rows.now).await?;
        }
        self.rows
            .remember(existing, kind::ROLL_CALL, &key, row.id, &state)
            .await
    }
}

/// `text` trimmed and cut to `max` characters (the column's limit).
fn clip(text: &str, max: usize) -> String {
    text.trim().chars().take(max).collect()
}

/// An imported row's `archived_at`: none while Legistar says it is active, else when it was
/// first seen inactive.
fn archived_at(
    before: Option<DateTime<Utc>>,
    active: bool,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if active { None } else { before.or(Some(now)) }
}

/// Followers hear of imported votes as they would of a staff edit, but not of history: a
/// decision is announced only for meetings of the last 30 days, a scheduled vote only for
/// meetings to come.
fn is_recent(meeting: &meeting::Model, now: DateTime<Utc>) -> bool {
    meeting.starts_at >= now - chrono::TimeDelta::days(30)
}
