//! The pre-vote digest an official receives before a meeting: for each procurement item on the
//! agenda, what is being decided and what the community says about it, in plain language.
//!
//! [`build`] gathers one meeting's content, the same for every member of the body apart from the
//! greeting. [`email`] turns it into the outbox's message for one official. Counts come from
//! [`tallies`], the same queries the public tallies use, so the digest never disagrees with the
//! site. Hidden, removed and deleted comments are neither counted nor quoted.
//!
//! [`send_due`] is the worker's step: the lead time due for each upcoming meeting (the body's own
//! lead times, else the service's) goes to every seated member who has not opted out, exactly
//! once (a unique `official_digest` row per meeting, official and lead time), with one public
//! copy in `digest_archive` ([`archive`]). Each agenda item a member has been told about gets a
//! unique `digest_item` row; an item added after their digest went out reaches them once, in a
//! short "added to the agenda" update. [`preview`] and [`status`] are for staff.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, TimeDelta, Utc};
use entity::enums::{AgendaOutcome, DeliveryStatus, MeetingStatus, Position, SubjectType};
use entity::{
    agenda_item, body, concern_response, contract, contract_amendment, digest_archive, digest_item,
    email_delivery, meeting, office_term, official, official_digest, red_flag, renewal_option,
    solicitation, user_account,
};
use minijinja::{Value, context};
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveEnum as _, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    PaginatorTrait as _, QueryFilter, QueryOrder, TransactionTrait, TryInsertResult,
};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::domain::markdown::excerpt;
use crate::domain::money::Money;
use crate::error::AppError;
use crate::outbox::{Enqueued, NewEmail};
use crate::services::contracts::{self, current_value_minor, open_options};
use crate::services::digest_choices::{MAX_LEAD_DAYS, lead_times};
use crate::services::labels::Labelled as _;
use crate::services::tallies::{self, SubjectKey};
use crate::services::{accounts, comment_reach, directory, meetings, organizations, subjects};
use crate::state::AppState;

/// How many concerns and quoted comments an item shows.
const TOP_CONCERNS: usize = 3;
const QUOTES: usize = 3;

/// One meeting's digest content.
#[derive(Debug, Clone)]
pub struct MeetingDigest {
    pub meeting: meeting::Model,
    pub body: body::Model,
    /// "Thursday 16 July 2026 at 18:00 CDT", in the jurisdiction's zone.
    pub when: String,
    /// "3 items, USD 2,450,000.00 in all; 1 outsources public work; 2 renewals".
    pub summary: String,
    /// One entry per procurement item, in agenda order, as template values.
    pub items: Vec<Value>,
    /// The agenda item of each entry of `items`.
    pub item_ids: Vec<i64>,
    /// What each entry of `items` decides, for telling comment authors their words went out.
    pub entries: Vec<Entry>,
    /// The comments quoted, by id.
    pub quoted: HashSet<i64>,
}

/// One procurement item of a digest: the agenda item, the subject people comment on, its title
/// and its page.
#[derive(Debug, Clone)]
pub struct Entry {
    pub item_id: i64,
    pub subject: SubjectKey,
    pub title: String,
    pub link: String,
}

impl MeetingDigest {
    /// The same digest cut down to the agenda items `ids`, for an "added to the agenda" update.
    fn only(&self, ids: &[i64]) -> Self {
        let (items, item_ids): (Vec<Value>, Vec<i64>) = self
            .items
            .iter()
            .zip(&self.item_ids)
            .filter(|(_, id)| ids.contains(id))
            .map(|(value, id)| (value.clone(), *id))
            .unzip();
        let count = items.len();
        let entries = self
            .entries
            .iter()
            .filter(|e| ids.contains(&e.item_id))
            .cloned()
            .collect();
        Self {
            summary: format!(
                "{count} procurement item{} added to the agenda since your last digest",
                if count == 1 { "" } else { "s" }
            ),
            items,
            item_ids,
            entries,
            ..self.clone()
        }
    }
}

/// The agenda items of a meeting a digest covers: undecided, not archived, deciding a
/// solicitation or a contract; in agenda order ("2" before "10").
pub(crate) async fn procurement_items(
    db: &impl ConnectionTrait,
    meeting_id: i64,
) -> Result<Vec<agenda_item::Model>, AppError> {
    let mut items = agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(meeting_id))
        .filter(agenda_item::Column::ArchivedAt.is_null())
        .filter(agenda_item::Column::Outcome.eq(AgendaOutcome::Pending))
        .filter(
            Condition::any()
                .add(agenda_item::Column::ContractId.is_not_null())
                .add(agenda_item::Column::SolicitationId.is_not_null()),
        )
        .all(db)
        .await?;
    items.sort_by_cached_key(|item| natural(&item.item_number));
    Ok(items)
}

/// Gathers the digest of `meeting` (held by `body`): the undecided agenda items that decide a
/// solicitation or a contract. A bounded number of queries, however many items and comments
/// there are.
pub async fn build(
    db: &impl ConnectionTrait,
    app_url: &str,
    meeting: &meeting::Model,
    body: &body::Model,
) -> Result<MeetingDigest, AppError> {
    let zone = meetings::zone(db, body).await?;
    let today = meeting.starts_at.with_timezone(&zone).date_naive();
    let items = procurement_items(db, meeting.id).await?;

    let contract_ids: Vec<i64> = items.iter().filter_map(|i| i.contract_id).collect();
    let solicitation_ids: Vec<i64> = items.iter().filter_map(|i| i.solicitation_id).collect();
    let contracts: HashMap<i64, contract::Model> = contract::Entity::find()
        .filter(contract::Column::Id.is_in(contract_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    // Computed red flags, by subject, to put before the officials with the numbers behind them.
    let mut flags: HashMap<SubjectKey, Vec<red_flag::Model>> = HashMap::new();
    for row in red_flag::Entity::find()
        .filter(
            red_flag::Column::ContractId
                .is_in(contract_ids.clone())
                .or(red_flag::Column::SolicitationId.is_in(solicitation_ids.clone())),
        )
        .order_by_asc(red_flag::Column::Kind)
        .all(db)
        .await?
    {
        let key = match (row.contract_id, row.solicitation_id) {
            (Some(id), _) => (SubjectType::Contract, id),
            (None, Some(id)) => (SubjectType::Solicitation, id),
            (None, None) => continue,
        };
        flags.entry(key).or_default().push(row);
    }
    let solicitations: HashMap<i64, solicitation::Model> = solicitation::Entity::find()
        .filter(solicitation::Column::Id.is_in(solicitation_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let amendments = contract_amendment::Entity::find()
        .filter(contract_amendment::Column::ContractId.is_in(contract_ids.clone()))
        .all(db)
        .await?;
    let options = renewal_option::Entity::find()
        .filter(renewal_option::Column::ContractId.is_in(contract_ids))
        .order_by_asc(renewal_option::Column::Sequence)
        .all(db)
        .await?;
    let vendors = directory::vendor_names(db, contracts.values().map(|c| c.vendor_id)).await?;

    // What the community says, for every item's subject at once.
    let keys: Vec<SubjectKey> = items.iter().map(subject_of).collect();
    let positions = tallies::position_counts(db, &keys).await?;
    let organization_comments = tallies::organization_comments(db, &keys).await?;
    let concerns = tallies::concerns_by_subject(db, &keys).await?;
    let top: Vec<i64> = concerns
        .values()
        .flat_map(|list| list.iter().take(TOP_CONCERNS).map(|c| c.id))
        .collect();
    let mut responses: HashMap<i64, String> = HashMap::new();
    for response in concern_response::Entity::find()
        .filter(concern_response::Column::ConcernId.is_in(top))
        .order_by_asc(concern_response::Column::Id)
        .all(db)
        .await?
    {
        responses.insert(response.concern_id, response.body);
    }
    // Quotes: comments by the authors of the most-endorsed concerns first, then the earliest.
    let concern_authors: HashSet<i64> = concerns
        .values()
        .flat_map(|list| list.iter().take(TOP_CONCERNS).map(|c| c.author_id))
        .collect();
    let quoted = quotable(db, &keys, &concern_authors).await?;
    let organizations = organizations::names(
        db,
        organization_comments
            .values()
            .flatten()
            .chain(quoted.values().flatten())
            .filter_map(|c| c.organization_id),
    )
    .await?;
    let authors =
        accounts::display_names(db, quoted.values().flatten().map(|c| c.author_id)).await?;

    let mut total_minor: HashMap<String, i64> = HashMap::new();
    let (mut outsourcing, mut renewals) = (0, 0);
    let mut values = Vec::with_capacity(items.len());
    let mut item_ids = Vec::with_capacity(items.len());
    let mut entries = Vec::with_capacity(items.len());
    for item in &items {
        let key = subject_of(item);
        let mut facts = Vec::new();
        let (title, vendor, value, labels, baseline) = match key {
            (SubjectType::Contract, id) => {
                let Some(c) = contracts.get(&id) else {
                    continue;
                };
                let mine: Vec<_> = amendments
                    .iter()
                    .filter(|a| a.contract_id == id)
                    .cloned()
                    .collect();
                let current = current_value_minor(c, &mine);
                if current != c.value_minor {
                    let change = current - c.value_minor;
                    facts.push(format!(
                        "Value {} by {} since award (originally {}).",
                        if change > 0 { "up" } else { "down" },
                        Money::new(change.saturating_abs(), c.currency.clone()).display(),
                        Money::new(c.value_minor, c.currency.clone()).display()
                    ));
                }
                let theirs: Vec<_> = options
                    .iter()
                    .filter(|o| o.contract_id == id)
                    .cloned()
                    .collect();
                for option in theirs.iter().filter(|o| o.exercised) {
                    facts.push(format!(
                        "Renewal option {} was exercised{}.",
                        option.sequence,
                        option
                            .exercised_on
                            .map(|d| format!(" on {d}"))
                            .unwrap_or_default()
                    ));
                }
                let left = open_options(&theirs, today).len();
                let runs = match contracts::end_date(c) {
                    Some(end) => format!("Runs to {end}"),
                    None => "Has no end date".to_owned(),
                };
                facts.push(format!(
                    "{runs}; {left} renewal option{} left.",
                    if left == 1 { "" } else { "s" }
                ));
                *total_minor.entry(c.currency.clone()).or_default() += current;
                (
                    format!("{} {}", c.reference_number, c.title),
                    vendors.get(&c.vendor_id).cloned(),
                    Some(Money::new(current, c.currency.clone()).display()),
                    c.labels(),
                    c.in_house_baseline(),
                )
            }
            (_, id) => {
                let Some(s) = solicitations.get(&id) else {
                    continue;
                };
                if let Some(estimate) = s.estimated_value_minor {
                    *total_minor.entry(s.currency.clone()).or_default() += estimate;
                }
                (
                    format!("{} {}", s.reference_number, s.title),
                    None,
                    s.estimated_value_minor.map(|v| {
                        format!("{} (estimate)", Money::new(v, s.currency.clone()).display())
                    }),
                    s.labels(),
                    s.in_house_baseline(),
                )
            }
        };
        if labels.contains(&crate::domain::labels::Label::Outsourcing) {
            outsourcing += 1;
        }
        if item.action == entity::enums::AgendaAction::Renewal {
            renewals += 1;
        }
        if let Some(b) = baseline {
            let mut parts = Vec::new();
            if let Some(fte) = b.positions_fte {
                parts.push(format!("{fte} in-house positions"));
            }
            if let Some(cost) = b.annual_cost_minor {
                parts.push(format!(
                    "in-house cost {} a year",
                    Money::new(cost, "USD").display()
                ));
            }
            if let Some(unit) = b.bargaining_unit {
                parts.push(format!("bargaining unit {unit}"));
            }
            if !parts.is_empty() {
                facts.push(format!("In-house today: {}.", parts.join(", ")));
            }
        }
        let currency = match key {
            (SubjectType::Contract, id) => contracts.get(&id).map(|c| c.currency.as_str()),
            (_, id) => solicitations.get(&id).map(|s| s.currency.as_str()),
        }
        .unwrap_or("USD");
        for row in flags.get(&key).into_iter().flatten() {
            if let Some(flag) = crate::graphql::red_flags::RedFlag::from_row(row.clone(), currency)
            {
                facts.push(format!("Red flag: {}", flag.explanation));
            }
        }
        let counts = positions.get(&key).cloned().unwrap_or_default();
        let count = |position: Position, by_org: bool| {
            counts
                .iter()
                .filter(|(p, o, _)| *p == Some(position) && *o == by_org)
                .map(|(_, _, n)| n)
                .sum::<i64>()
        };
        let tally: Vec<Value> = [
            (Position::Support, "support"),
            (Position::Oppose, "oppose"),
            (Position::Concern, "concern"),
            (Position::Question, "question"),
            (Position::Neutral, "neutral"),
        ]
        .into_iter()
        .filter_map(|(p, word)| {
            let (people, orgs) = (count(p, false), count(p, true));
            (people + orgs > 0)
                .then(|| context! { position => word, people => people, organizations => orgs })
        })
        .collect();
        let mut org_positions: Vec<(String, String)> = Vec::new();
        for c in organization_comments.get(&key).into_iter().flatten() {
            let Some(name) = c.organization_id.and_then(|o| organizations.get(&o)) else {
                continue;
            };
            let position = c.position.map(|p| p.to_value()).unwrap_or_default();
            // The latest comment in an organisation's name is its position.
            org_positions.retain(|(n, _)| n != name);
            org_positions.push((name.clone(), position));
        }
        let top_concerns: Vec<Value> = concerns
            .get(&key)
            .into_iter()
            .flatten()
            .take(TOP_CONCERNS)
            .map(|c| {
                context! {
                    summary => c.summary.clone(),
                    endorsements => c.endorsement_count,
                    response => responses.get(&c.id).cloned(),
                }
            })
            .collect();
        let quotes: Vec<Value> = quoted
            .get(&key)
            .into_iter()
            .flatten()
            .map(|c| {
                context! {
                    author => authors.get(&c.author_id).cloned().unwrap_or_default(),
                    organization => c.organization_id.and_then(|o| organizations.get(&o).cloned()),
                    text => excerpt(&c.body, 280),
                }
            })
            .collect();
        let link = subjects::link(app_url, GlobalId::new(NodeKind::AgendaItem, item.id));
        values.push(context! {
            number => item.item_number.clone(),
            decision => format!("{}: {}", item.action.to_value(), item.title),
            title => title,
            vendor => vendor,
            value => value,
            facts => facts,
            labels => labels.iter().map(|l| l.plain()).collect::<Vec<_>>(),
            tally => tally,
            organization_positions => org_positions
                .into_iter()
                .map(|(name, position)| context! { name => name, position => position })
                .collect::<Vec<_>>(),
            concerns => top_concerns,
            quotes => quotes,
            link => link.clone(),
        });
        item_ids.push(item.id);
        entries.push(Entry {
            item_id: item.id,
            subject: key,
            title: item.title.clone(),
            link,
        });
    }
    let mut totals: Vec<String> = total_minor
        .into_iter()
        .map(|(currency, minor)| Money::new(minor, currency).display())
        .collect();
    totals.sort();
    let count = values.len();
    let summary = format!(
        "{count} procurement item{}{}; {outsourcing} outsource{} public work; {renewals} renewal{}",
        if count == 1 { "" } else { "s" },
        if totals.is_empty() {
            String::new()
        } else {
            format!(", {} in all", totals.join(" + "))
        },
        if outsourcing == 1 { "s" } else { "" },
        if renewals == 1 { "" } else { "s" },
    );
    Ok(MeetingDigest {
        when: meetings::local_start(meeting, zone),
        meeting: meeting.clone(),
        body: body.clone(),
        summary,
        items: values,
        item_ids,
        entries,
        quoted: quoted.values().flatten().map(|c| c.id).collect(),
    })
}

/// The message for one official, `lead_days` before the meeting.
pub fn email(digest: &MeetingDigest, official: &str, to: &str, lead_days: i64) -> NewEmail {
    message(
        digest,
        official,
        to,
        "official_digest",
        format!("meeting:{}:lead:{lead_days}", digest.meeting.id),
        false,
    )
}

/// The "added to the agenda" update for one official: `digest` cut down to the added items.
fn update_email(digest: &MeetingDigest, official: &str, to: &str) -> NewEmail {
    message(
        digest,
        official,
        to,
        "official_digest_update",
        format!(
            "meeting:{}:added:{}",
            digest.meeting.id,
            id_list(&digest.item_ids)
        ),
        true,
    )
}

fn message(
    digest: &MeetingDigest,
    official: &str,
    to: &str,
    kind: &'static str,
    subject_key: String,
    added: bool,
) -> NewEmail {
    NewEmail {
        kind,
        subject_key,
        to: to.to_owned(),
        to_name: Some(official.to_owned()),
        template: "official_digest",
        context: context! {
            name => official,
            body => digest.body.name.clone(),
            when => digest.when.clone(),
            summary => digest.summary.clone(),
            items => digest.items.clone(),
            added => added,
        },
        topic: None,
    }
}

/// "12,15": agenda item ids as an update's key.
fn id_list(ids: &[i64]) -> String {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// `officialDigestPreview`: for staff of the meeting's jurisdiction, the digest `official` would
/// receive `lead_days` before the meeting, rendered now exactly as it would be sent.
pub async fn preview(
    state: &AppState,
    viewer: &crate::auth::Viewer,
    official_raw: &str,
    meeting_raw: &str,
    lead_days: i64,
) -> Result<crate::templates::RenderedMail, AppError> {
    let official_id = GlobalId::parse_as(official_raw, NodeKind::Official, "officialId")?;
    let meeting_id = GlobalId::parse_as(meeting_raw, NodeKind::Meeting, "meetingId")?;
    if !(0..=MAX_LEAD_DAYS).contains(&lead_days) {
        return Err(AppError::invalid("leadTime", "between 0 and 60 days"));
    }
    let db = &state.db.read;
    let (meeting, body) = meetings::with_body(db, meeting_id).await?;
    // Staff of the jurisdiction, admins, and the official's own linked account.
    let own = viewer
        .verified()
        .is_ok_and(|user| user.official_id == Some(official_id));
    if !own {
        viewer.staff_of(body.jurisdiction_id)?;
    }
    let official = entity::official::Entity::find_by_id(official_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("official"))?;
    let seated = entity::office_term::Entity::find()
        .filter(entity::office_term::Column::OfficialId.eq(official_id))
        .filter(entity::office_term::Column::BodyId.eq(body.id))
        .one(db)
        .await?
        .is_some();
    if !seated {
        return Err(AppError::invalid(
            "officialId",
            "this official holds no seat on the meeting's body",
        ));
    }
    let digest = build(db, state.mailer.app_url(), &meeting, &body).await?;
    let message = email(&digest, &official.name, "", lead_days);
    state
        .mailer
        .render(message.template, &message.context, None)
}

/// The lead time due for a meeting starting at `starts_at`: the smallest lead whose moment has
/// passed, while the meeting has not started. A lead that passed before its digest could go (the
/// item was scheduled late, or no worker ran) is never sent afterwards; the latest passed one is.
pub fn due_lead(leads: &[i64], starts_at: DateTime<Utc>, now: DateTime<Utc>) -> Option<i64> {
    if now >= starts_at {
        return None;
    }
    leads
        .iter()
        .copied()
        .filter(|lead| starts_at - TimeDelta::days(*lead) <= now)
        .min()
}

/// The scheduled step: for every scheduled meeting inside its body's widest lead time, the
/// digest of the lead time now due goes to each member seated on the meeting's date who has not
/// opted out; then members already told about a meeting hear of items added since. Returns the
/// messages enqueued.
pub async fn send_due(state: &AppState) -> Result<u64, AppError> {
    let now = state.clock.now();
    let db = &state.db.write;
    let defaults = &state.settings.digests.lead_days;
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::Status.eq(MeetingStatus::Scheduled))
        .filter(meeting::Column::ArchivedAt.is_null())
        .filter(meeting::Column::StartsAt.gt(now))
        .filter(meeting::Column::StartsAt.lte(now + TimeDelta::days(MAX_LEAD_DAYS)))
        .all(db)
        .await?;
    let bodies: HashMap<i64, body::Model> = body::Entity::find()
        .filter(body::Column::Id.is_in(meetings.iter().map(|m| m.body_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let mut sent = 0;
    for meeting in &meetings {
        let Some(body) = bodies.get(&meeting.body_id) else {
            continue;
        };
        if let Some(lead) = due_lead(&lead_times(body, defaults), meeting.starts_at, now) {
            sent += send_meeting(state, meeting, body, lead, now).await?;
        }
    }
    // Members who have had a digest for a meeting: anything added since?
    let mut recipients: HashMap<i64, HashSet<i64>> = HashMap::new();
    for row in official_digest::Entity::find()
        .filter(official_digest::Column::MeetingId.is_in(meetings.iter().map(|m| m.id)))
        .filter(official_digest::Column::Status.eq("sent"))
        .all(db)
        .await?
    {
        recipients
            .entry(row.meeting_id)
            .or_default()
            .insert(row.official_id);
    }
    for meeting in &meetings {
        if let (Some(body), Some(recipients)) =
            (bodies.get(&meeting.body_id), recipients.get(&meeting.id))
        {
            sent += send_updates(state, meeting, body, recipients, now).await?;
        }
    }
    Ok(sent)
}

/// The members of a meeting's body seated on its date.
async fn members(
    db: &impl ConnectionTrait,
    meeting: &meeting::Model,
) -> Result<Vec<official::Model>, AppError> {
    let day = meeting.starts_at.date_naive();
    let seated: Vec<i64> = office_term::Entity::find()
        .filter(office_term::Column::BodyId.eq(meeting.body_id))
        .filter(directory::seated_on(day))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.official_id)
        .collect();
    Ok(official::Entity::find()
        .filter(official::Column::Id.is_in(seated))
        .filter(official::Column::ArchivedAt.is_null())
        .order_by_asc(official::Column::Name)
        .all(db)
        .await?)
}

/// The addresses members are reached at, by official id: the verified address of the account
/// an admin linked to them, else their contact address once confirmed.
async fn addresses<'a>(
    db: &impl ConnectionTrait,
    officials: impl IntoIterator<Item = &'a official::Model>,
) -> Result<HashMap<i64, String>, AppError> {
    let officials: Vec<&official::Model> = officials.into_iter().collect();
    let mut found: HashMap<i64, String> = officials
        .iter()
        .filter(|o| o.contact_email_verified_at.is_some())
        .filter_map(|o| Some((o.id, o.contact_email.clone()?)))
        .collect();
    found.extend(
        user_account::Entity::find()
            .filter(user_account::Column::OfficialId.is_in(officials.iter().map(|o| o.id)))
            .filter(user_account::Column::EmailVerifiedAt.is_not_null())
            .filter(user_account::Column::DeletedAt.is_null())
            .all(db)
            .await?
            .into_iter()
            .filter_map(|u| Some((u.official_id?, u.email?))),
    );
    Ok(found)
}

/// One meeting's digests for `lead` days: one row per member, each in the transaction that
/// enqueues its mail. The unique (meeting, official, lead) key decides who sends when workers
/// race: the loser's insert finds the winner's row and sends nothing.
async fn send_meeting(
    state: &AppState,
    meeting: &meeting::Model,
    body: &body::Model,
    lead: i64,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let db = &state.db.write;
    let lead_days = i32::try_from(lead).unwrap_or(i32::MAX);
    let members = members(db, meeting).await?;
    let done: HashSet<i64> = official_digest::Entity::find()
        .filter(official_digest::Column::MeetingId.eq(meeting.id))
        .filter(official_digest::Column::LeadDays.eq(lead_days))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.official_id)
        .collect();
    let todo: Vec<&official::Model> = members
        .iter()
        .filter(|m| m.pre_vote_digests && !done.contains(&m.id))
        .collect();
    if todo.is_empty() {
        return Ok(0);
    }
    let digest = build(db, state.mailer.app_url(), meeting, body).await?;
    if digest.items.is_empty() {
        return Ok(0);
    }
    let addresses = addresses(db, todo.iter().copied()).await?;
    // The public copy, before any transaction holds the connection; none if nobody is reached.
    let archived = if addresses.is_empty() {
        None
    } else {
        Some(archive_copy(state, &digest, lead_days, "", now).await?)
    };
    let mut sent = 0;
    for member in todo {
        let txn = db.begin().await?;
        let address = addresses.get(&member.id);
        let claimed = official_digest::Entity::insert(official_digest::ActiveModel {
            meeting_id: Set(meeting.id),
            official_id: Set(member.id),
            lead_days: Set(lead_days),
            status: Set(if address.is_some() {
                "sent"
            } else {
                "no_address"
            }
            .to_owned()),
            delivery_id: Set(None),
            created_at: Set(now),
            ..Default::default()
        })
        .on_conflict_do_nothing_on([
            official_digest::Column::MeetingId,
            official_digest::Column::OfficialId,
            official_digest::Column::LeadDays,
        ])
        .exec(&txn)
        .await?;
        let TryInsertResult::Inserted(row) = claimed else {
            // Another worker has it.
            txn.rollback().await?;
            continue;
        };
        if let (Some(address), Some(archived)) = (address, archived) {
            let message = email(&digest, &member.name, address, lead);
            if let Enqueued::Queued(id) | Enqueued::Suppressed(id) =
                state.mailer.enqueue(&txn, now, message).await?
            {
                official_digest::Entity::update_many()
                    .col_expr(official_digest::Column::DeliveryId, Expr::value(id))
                    .filter(official_digest::Column::Id.eq(row.last_insert_id))
                    .exec(&txn)
                    .await?;
                tell(&txn, meeting.id, member.id, &digest.item_ids, archived, now).await?;
                sent += 1;
            }
        } else {
            tracing::warn!(
                official.id = member.id,
                meeting.id = meeting.id,
                "official has no verified address; reported in the digest status"
            );
        }
        txn.commit().await?;
    }
    if sent > 0
        && let Some(archived) = archived
    {
        let recipients = official_digest::Entity::find()
            .filter(official_digest::Column::MeetingId.eq(meeting.id))
            .filter(official_digest::Column::LeadDays.eq(lead_days))
            .filter(official_digest::Column::DeliveryId.is_not_null())
            .count(db)
            .await?;
        comment_reach::record(state, &digest, archived, recipients, now).await?;
    }
    Ok(sent)
}

/// "Added to the agenda": each member who has received a digest for `meeting` (`recipients`,
/// if they still take them) hears once of the procurement items added since, in one short
/// message. A unique
/// `digest_item` row per (member, item), written in the transaction that enqueues the update,
/// means racing workers tell each item once.
async fn send_updates(
    state: &AppState,
    meeting: &meeting::Model,
    body: &body::Model,
    recipients: &HashSet<i64>,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let db = &state.db.write;
    let current: Vec<i64> = procurement_items(db, meeting.id)
        .await?
        .iter()
        .map(|item| item.id)
        .collect();
    let mut told: HashMap<i64, HashSet<i64>> = HashMap::new();
    for row in digest_item::Entity::find()
        .filter(digest_item::Column::MeetingId.eq(meeting.id))
        .all(db)
        .await?
    {
        told.entry(row.official_id)
            .or_default()
            .insert(row.agenda_item_id);
    }
    let mut owed: Vec<(official::Model, Vec<i64>)> = members(db, meeting)
        .await?
        .into_iter()
        .filter(|m| m.pre_vote_digests && recipients.contains(&m.id))
        .filter_map(|m| {
            let known = told.get(&m.id);
            let new: Vec<i64> = current
                .iter()
                .copied()
                .filter(|id| known.is_none_or(|k| !k.contains(id)))
                .collect();
            (!new.is_empty()).then_some((m, new))
        })
        .collect();
    if owed.is_empty() {
        return Ok(0);
    }
    owed.sort_by_key(|(m, _)| m.id);
    let digest = build(db, state.mailer.app_url(), meeting, body).await?;
    let addresses = addresses(db, owed.iter().map(|(m, _)| m)).await?;
    let days_before = i32::try_from((meeting.starts_at - now).num_days()).unwrap_or(0);
    let mut copies: HashMap<String, i64> = HashMap::new();
    // The copies this step sent, whose comment authors are told once the members have them.
    let mut sent_copies: Vec<(i64, MeetingDigest)> = Vec::new();
    let mut sent = 0;
    for (member, new) in owed {
        let Some(address) = addresses.get(&member.id) else {
            continue;
        };
        let update = digest.only(&new);
        if update.items.is_empty() {
            continue;
        }
        let key = id_list(&update.item_ids);
        let archived = match copies.get(&key) {
            Some(id) => *id,
            None => {
                let id = archive_copy(state, &update, days_before, &key, now).await?;
                copies.insert(key, id);
                id
            }
        };
        let txn = db.begin().await?;
        let fresh = tell(&txn, meeting.id, member.id, &update.item_ids, archived, now).await?;
        if fresh.len() != update.item_ids.len() {
            // Another worker told them some or all of these first.
            txn.rollback().await?;
            continue;
        }
        state
            .mailer
            .enqueue(&txn, now, update_email(&update, &member.name, address))
            .await?;
        txn.commit().await?;
        sent += 1;
        if sent_copies.iter().all(|(id, _)| *id != archived) {
            sent_copies.push((archived, update));
        }
    }
    for (archived, update) in sent_copies {
        let recipients = digest_item::Entity::find()
            .filter(digest_item::Column::ArchiveId.eq(archived))
            .all(db)
            .await?
            .into_iter()
            .map(|row| row.official_id)
            .collect::<HashSet<i64>>()
            .len();
        comment_reach::record(state, &update, archived, recipients as u64, now).await?;
    }
    Ok(sent)
}

/// Records that `official` has been told about `items` by the archived copy `archive_id`;
/// returns the items not already recorded (by this or a racing worker).
async fn tell(
    txn: &impl ConnectionTrait,
    meeting_id: i64,
    official_id: i64,
    items: &[i64],
    archive_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, AppError> {
    let mut fresh = Vec::new();
    for &item in items {
        let inserted = digest_item::Entity::insert(digest_item::ActiveModel {
            meeting_id: Set(meeting_id),
            official_id: Set(official_id),
            agenda_item_id: Set(item),
            archive_id: Set(archive_id),
            created_at: Set(now),
            ..Default::default()
        })
        .on_conflict_do_nothing_on([
            digest_item::Column::OfficialId,
            digest_item::Column::AgendaItemId,
        ])
        .exec(txn)
        .await?;
        if matches!(inserted, TryInsertResult::Inserted(_)) {
            fresh.push(item);
        }
    }
    Ok(fresh)
}

/// The public copy of a message, addressed to the body: once per meeting, lead time and set of
/// added items (empty for a pre-vote digest). Returns its id.
async fn archive_copy(
    state: &AppState,
    digest: &MeetingDigest,
    lead_days: i32,
    added: &str,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let db = &state.db.write;
    let to_body = format!("members of the {}", digest.body.name);
    let message = if added.is_empty() {
        email(digest, &to_body, "", i64::from(lead_days))
    } else {
        update_email(digest, &to_body, "")
    };
    let copy = state
        .mailer
        .render(message.template, &message.context, None)?;
    digest_archive::Entity::insert(digest_archive::ActiveModel {
        meeting_id: Set(digest.meeting.id),
        lead_days: Set(lead_days),
        added_items: Set(added.to_owned()),
        subject: Set(copy.subject),
        text_body: Set(copy.text),
        html_body: Set(copy.html),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        digest_archive::Column::MeetingId,
        digest_archive::Column::LeadDays,
        digest_archive::Column::AddedItems,
    ])
    .exec(db)
    .await?;
    digest_archive::Entity::find()
        .filter(digest_archive::Column::MeetingId.eq(digest.meeting.id))
        .filter(digest_archive::Column::LeadDays.eq(lead_days))
        .filter(digest_archive::Column::AddedItems.eq(added))
        .one(db)
        .await?
        .map(|copy| copy.id)
        .ok_or(AppError::NotFound("digest copy"))
}

/// Where one member's digest for one lead time stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestState {
    /// Its moment has not come (or has just come and the worker has not run yet).
    Scheduled,
    /// In the outbox, not yet accepted by the mail relay.
    Queued,
    Sent,
    /// The outbox gave up, or the address is suppressed.
    Failed,
    /// The member has no verified address: no linked account, no confirmed contact address.
    NoAddress,
    /// The lead time passed before its digest could go; a later one went instead.
    Skipped,
    /// The member chose not to receive pre-vote digests.
    OptedOut,
}

/// One line of `meetingDigestStatus`.
#[derive(Debug, Clone)]
pub struct StatusLine {
    pub official: official::Model,
    pub lead_days: i64,
    pub state: DigestState,
    /// When it is planned, was enqueued, or was sent.
    pub at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
}

/// `meetingDigestStatus`: for staff of the meeting's jurisdiction, each member and lead time.
pub async fn status(
    state: &AppState,
    viewer: &crate::auth::Viewer,
    meeting_raw: &str,
) -> Result<Vec<StatusLine>, AppError> {
    let meeting_id = GlobalId::parse_as(meeting_raw, NodeKind::Meeting, "meetingId")?;
    let db = &state.db.read;
    let now = state.clock.now();
    let (meeting, body) = meetings::with_body(db, meeting_id).await?;
    viewer.staff_of(body.jurisdiction_id)?;
    let members = members(db, &meeting).await?;
    let rows = official_digest::Entity::find()
        .filter(official_digest::Column::MeetingId.eq(meeting.id))
        .all(db)
        .await?;
    let deliveries: HashMap<i64, email_delivery::Model> = email_delivery::Entity::find()
        .filter(email_delivery::Column::Id.is_in(rows.iter().filter_map(|r| r.delivery_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let reachable = addresses(db, &members).await?;
    let leads = lead_times(&body, &state.settings.digests.lead_days);
    let due = due_lead(&leads, meeting.starts_at, now);
    let mut lines = Vec::new();
    for member in &members {
        for &lead in &leads {
            let row = rows
                .iter()
                .find(|r| r.official_id == member.id && i64::from(r.lead_days) == lead);
            let moment = meeting.starts_at - TimeDelta::days(lead);
            let (state, at, reason) = match row {
                Some(r) if r.status == "no_address" => (
                    DigestState::NoAddress,
                    Some(r.created_at),
                    Some("no linked account and no confirmed contact address".to_owned()),
                ),
                Some(r) => match r.delivery_id.and_then(|id| deliveries.get(&id)) {
                    Some(d) if d.status == DeliveryStatus::Sent => {
                        (DigestState::Sent, d.sent_at, None)
                    }
                    Some(d)
                        if matches!(
                            d.status,
                            DeliveryStatus::Dead | DeliveryStatus::Suppressed
                        ) =>
                    {
                        (
                            DigestState::Failed,
                            Some(d.updated_at),
                            Some(
                                d.last_error
                                    .clone()
                                    .or_else(|| d.last_error_class.clone())
                                    .unwrap_or_else(|| "not delivered".to_owned()),
                            ),
                        )
                    }
                    _ => (DigestState::Queued, Some(r.created_at), None),
                },
                None if !member.pre_vote_digests => (
                    DigestState::OptedOut,
                    member.digest_choice_at,
                    Some("chose not to receive pre-vote digests".to_owned()),
                ),
                None if moment > now || due == Some(lead) => (
                    DigestState::Scheduled,
                    Some(std::cmp::max(moment, now)),
                    (!reachable.contains_key(&member.id)).then(|| {
                        "not reachable yet: link an account or confirm the contact address"
                            .to_owned()
                    }),
                ),
                None => (
                    DigestState::Skipped,
                    Some(moment),
                    Some("this lead time passed before its digest could go".to_owned()),
                ),
            };
            lines.push(StatusLine {
                official: member.clone(),
                lead_days: lead,
                state,
                at,
                reason,
            });
        }
    }
    Ok(lines)
}

/// One archived digest with the members it was sent to, for the public archive.
#[derive(Debug, Clone)]
pub struct Archived {
    pub copy: digest_archive::Model,
    /// The agenda items an "added to the agenda" update added; empty for a pre-vote digest.
    pub added_items: Vec<i64>,
    /// Members it was enqueued for, by name.
    pub recipients: Vec<official::Model>,
}

/// What a meeting's members were told, oldest first: public. A copy nobody received (a racing
/// worker's) is left out.
pub async fn archive(
    db: &impl ConnectionTrait,
    meeting_id: i64,
) -> Result<Vec<Archived>, AppError> {
    let copies = digest_archive::Entity::find()
        .filter(digest_archive::Column::MeetingId.eq(meeting_id))
        .order_by_asc(digest_archive::Column::CreatedAt)
        .order_by_asc(digest_archive::Column::Id)
        .all(db)
        .await?;
    let sent = official_digest::Entity::find()
        .filter(official_digest::Column::MeetingId.eq(meeting_id))
        .filter(official_digest::Column::Status.eq("sent"))
        .all(db)
        .await?;
    let told = digest_item::Entity::find()
        .filter(digest_item::Column::MeetingId.eq(meeting_id))
        .all(db)
        .await?;
    let officials: HashMap<i64, official::Model> = official::Entity::find()
        .filter(official::Column::Id.is_in(sent.iter().map(|s| s.official_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    Ok(copies
        .into_iter()
        .filter_map(|copy| {
            let added_items: Vec<i64> = copy
                .added_items
                .split(',')
                .filter_map(|id| id.parse().ok())
                .collect();
            let ids: HashSet<i64> = if added_items.is_empty() {
                sent.iter()
                    .filter(|s| s.lead_days == copy.lead_days)
                    .map(|s| s.official_id)
                    .collect()
            } else {
                told.iter()
                    .filter(|t| t.archive_id == copy.id)
                    .map(|t| t.official_id)
                    .collect()
            };
            if ids.is_empty() {
                return None;
            }
            let mut recipients: Vec<official::Model> = ids
                .iter()
                .filter_map(|id| officials.get(id).cloned())
                .collect();
            recipients.sort_by(|a, b| a.name.cmp(&b.name));
            Some(Archived {
                copy,
                added_items,
                recipients,
            })
        })
        .collect())
}

/// The subject an agenda item decides: its contract, else its solicitation.
pub(crate) fn subject_of(item: &agenda_item::Model) -> SubjectKey {
    match (item.contract_id, item.solicitation_id) {
        (Some(id), _) => (SubjectType::Contract, id),
        (None, Some(id)) => (SubjectType::Solicitation, id),
        (None, None) => (SubjectType::AgendaItem, item.id),
    }
}

/// Agenda numbers in reading order: "2" before "10", "7.A" before "7.B".
fn natural(number: &str) -> Vec<(u64, String)> {
    number
        .split(['.', '-', ' '])
        .map(|part| {
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            (digits.parse().unwrap_or(u64::MAX), part.to_owned())
        })
        .collect()
}

/// Up to [`QUOTES`] counted comments per subject: by the authors of the most-endorsed concerns
/// first, then the earliest: one query, and one more per item still short of quotes.
async fn quotable(
    db: &impl ConnectionTrait,
    keys: &[SubjectKey],
    concern_authors: &HashSet<i64>,
) -> Result<HashMap<SubjectKey, Vec<entity::comment::Model>>, AppError> {
    use entity::comment;
    let by_authors = comment::Entity::find()
        .filter(tallies::subjects_in(
            keys,
            comment::Column::SubjectType,
            comment::Column::SubjectId,
        ))
        .filter(tallies::counted_comments())
        .filter(comment::Column::AuthorId.is_in(concern_authors.iter().copied()))
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await?;
    let mut quotes: HashMap<SubjectKey, Vec<comment::Model>> = HashMap::new();
    for c in by_authors {
        let list = quotes.entry((c.subject_type, c.subject_id)).or_default();
        if list.len() < QUOTES {
            list.push(c);
        }
    }
    for key in keys {
        let have = quotes.get(key).map_or(0, Vec::len);
        if have >= QUOTES {
            continue;
        }
        let earliest = comment::Entity::find()
            .filter(tallies::subjects_in(
                std::slice::from_ref(key),
                comment::Column::SubjectType,
                comment::Column::SubjectId,
            ))
            .filter(tallies::counted_comments())
            .order_by_asc(comment::Column::Id)
            .paginate(db, QUOTES as u64)
            .fetch_page(0)
            .await?;
        let list = quotes.entry(*key).or_default();
        for c in earliest {
            if list.len() < QUOTES && !list.iter().any(|q| q.id == c.id) {
                list.push(c);
            }
        }
    }
    Ok(quotes)
}

#[cfg(test)]
mod tests {
    use super::natural;

    #[test]
    fn agenda_numbers_sort_in_reading_order() {
        let mut numbers = vec!["10", "7.B", "2", "7.A", "7"];
        numbers.sort_by_cached_key(|n| natural(n));
        assert_eq!(numbers, ["2", "7", "7.A", "7.B", "10"]);
    }
}
