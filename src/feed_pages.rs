//! The feed routes, rendered by [`crate::feeds`]:
//!
//! - iCalendar: `/feeds/bodies/{id}/meetings.ics` (a body's meetings),
//!   `/feeds/deadlines.ics?agency={id}` or `?jurisdiction={id}` (question and bid deadlines of
//!   solicitations under way), and `/feeds/private/{secret}.ics` (the votes and deadlines of
//!   everything one account follows; the secret is made and regenerated from the account page
//!   or the API, and only its hash is kept);
//! - Atom: `/feeds/{solicitations|contracts|agenda-items}/{id}.atom` (an item's timeline),
//!   `/feeds/agencies/{id}.atom`, `/feeds/search.atom?q=…` (a saved search) and
//!   `/feeds/organizations/{id}/positions.atom`.
//!
//! Every event and entry has an id that never changes for the same record (`meeting-42@host`,
//! `tag:host,2026:events/42`), so calendar apps and feed readers update rather than duplicate.
//! Ids are the global ids the API and pages use.

use chrono::{DateTime, TimeDelta, Utc};
use entity::enums::{AlertTarget, SolicitationStatus, SubjectType};
use entity::{
    agency, agenda_item, alert_event, alert_subscription, body, comment, contract, meeting,
    organization, solicitation, user_account,
};
use poem::web::{Data, Path, Query};
use poem::{IntoResponse, Response, handler};
use sea_orm::sea_query::ExprTrait as _;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Deserialize;

use crate::auth::tokens::sha256_hex;
use crate::comment_packet::failure;
use crate::domain::ids::{GlobalId, NodeKind};
use crate::domain::page::PageRequest;
use crate::domain::search_text::SearchQuery;
use crate::error::AppError;
use crate::feeds::{atom, ical, tag_id};
use crate::services::{alert_events, organizations, search};
use crate::state::AppState;

/// The tagging date of every `tag:` id: the year the ids were first minted. Never change it.
const TAG_DATE: &str = "2026";
/// Entries in an Atom feed.
const ENTRIES: u64 = 50;
/// How long a meeting is shown for when nothing says (calendar apps need an end).
const MEETING_HOURS: i64 = 2;
/// Meetings this far back stay in a body's calendar.
const PAST_DAYS: i64 = 90;

struct Site<'a> {
    base: &'a str,
    host: String,
}

fn site(state: &AppState) -> Site<'_> {
    let base = state.settings.application.base_url.trim_end_matches('/');
    let host = url::Url::parse(base)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "localhost".to_owned());
    Site { base, host }
}

impl Site<'_> {
    fn page(&self, kind: NodeKind, id: i64) -> String {
        format!("{}{}", self.base, GlobalId::new(kind, id).page_path())
    }
    fn tag(&self, path: &str) -> String {
        tag_id(&self.host, TAG_DATE, path)
    }
}

fn calendar_response(calendar: &ical::Calendar) -> Response {
    ical::render(calendar)
        .with_content_type("text/calendar; charset=utf-8")
        .with_header("Cache-Control", "private, max-age=300")
        .into_response()
}

fn atom_response(feed: &atom::Feed) -> Response {
    atom::render(feed)
        .with_content_type("application/atom+xml; charset=utf-8")
        .with_header("Cache-Control", "public, max-age=300")
        .into_response()
}

fn id_of(raw: &str, suffix: &str, kind: NodeKind) -> Result<i64, AppError> {
    let raw = raw.strip_suffix(suffix).ok_or(AppError::NotFound("feed"))?;
    GlobalId::parse_as(raw, kind, "id")
}

// ---------------------------------------------------------------- calendars

async fn meeting_events(
    db: &impl ConnectionTrait,
    site: &Site<'_>,
    meetings: Vec<meeting::Model>,
    now: DateTime<Utc>,
) -> Result<Vec<ical::Event>, AppError> {
    let body_ids: Vec<i64> = meetings.iter().map(|m| m.body_id).collect();
    let bodies: std::collections::HashMap<i64, String> = body::Entity::find()
        .filter(body::Column::Id.is_in(body_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    Ok(meetings
        .into_iter()
        .map(|m| {
            let name = bodies.get(&m.body_id).map_or("Meeting", String::as_str);
            ical::Event {
                uid: ical::uid("meeting", m.id, &site.host),
                summary: format!("{name} meeting"),
                description: m.agenda_url.as_ref().map(|u| format!("Agenda: {u}")),
                location: m.location.clone(),
                url: Some(site.page(NodeKind::Meeting, m.id)),
                starts_at: m.starts_at,
                ends_at: Some(m.starts_at + TimeDelta::hours(MEETING_HOURS)),
                stamp: now,
                last_modified: None,
                cancelled: m.status == entity::enums::MeetingStatus::Cancelled,
            }
        })
        .collect())
}

/// `GET /feeds/bodies/{id}/meetings.ics`.
#[handler]
pub async fn body_meetings(Path(raw): Path<String>, state: Data<&AppState>) -> Response {
    let result = async {
        let id = GlobalId::parse_as(&raw, NodeKind::Body, "id")?;
        let db = &state.db.read;
        let found = body::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound("body"))?;
        let now = state.clock.now();
        let meetings = meeting::Entity::find()
            .filter(meeting::Column::BodyId.eq(id))
            .filter(meeting::Column::ArchivedAt.is_null())
            .filter(meeting::Column::StartsAt.gte(now - TimeDelta::days(PAST_DAYS)))
            .order_by_asc(meeting::Column::StartsAt)
            .limit(500)
            .all(db)
            .await?;
        let site = site(&state);
        Ok::<_, AppError>(ical::Calendar {
            name: format!("{} meetings", found.name),
            product: "-//Contract Watch//Meetings//EN".to_owned(),
            events: meeting_events(db, &site, meetings, now).await?,
        })
    }
    .await;
    match result {
        Ok(calendar) => calendar_response(&calendar),
        Err(error) => failure(&error),
    }
}

/// The question and bid deadlines of `solicitations`.
fn deadline_events(
    site: &Site<'_>,
    solicitations: &[solicitation::Model],
    now: DateTime<Utc>,
) -> Vec<ical::Event> {
    let mut events = Vec::new();
    for s in solicitations {
        let url = site.page(NodeKind::Solicitation, s.id);
        for (kind, label, at) in [
            ("questions-due", "Questions due", s.questions_due_at),
            ("bids-due", "Bids due", s.bids_due_at),
        ] {
            if let Some(at) = at {
                events.push(ical::Event {
                    uid: ical::uid(kind, s.id, &site.host),
                    summary: format!("{label}: {} ({})", s.title, s.reference_number),
                    description: Some(format!("{label} for {}. {url}", s.title)),
                    location: None,
                    url: Some(url.clone()),
                    starts_at: at,
                    ends_at: None,
                    stamp: now,
                    last_modified: Some(s.updated_at),
                    cancelled: s.status == SolicitationStatus::Cancelled,
                });
            }
        }
    }
    events
}

#[derive(Debug, Deserialize)]
pub struct DeadlineQuery {
    agency: Option<String>,
    jurisdiction: Option<String>,
}

/// `GET /feeds/deadlines.ics?agency={id}` or `?jurisdiction={id}`.
#[handler]
pub async fn deadlines(Query(query): Query<DeadlineQuery>, state: Data<&AppState>) -> Response {
    let result = async {
        let db = &state.db.read;
        let (name, agencies) = match (&query.agency, &query.jurisdiction) {
            (Some(raw), _) => {
                let id = GlobalId::parse_as(raw, NodeKind::Agency, "agency")?;
                let row = agency::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .ok_or(AppError::NotFound("agency"))?;
                (row.name, vec![id])
            }
            (None, Some(raw)) => {
                let id = GlobalId::parse_as(raw, NodeKind::Jurisdiction, "jurisdiction")?;
                let row = entity::jurisdiction::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .ok_or(AppError::NotFound("jurisdiction"))?;
                let ids = agency::Entity::find()
                    .filter(agency::Column::JurisdictionId.eq(id))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|a| a.id)
                    .collect();
                (row.name, ids)
            }
            (None, None) => {
                return Err(AppError::invalid(
                    "agency",
                    "give an agency or a jurisdiction",
                ));
            }
        };
        let now = state.clock.now();
        let solicitations = solicitation::Entity::find()
            .filter(solicitation::Column::AgencyId.is_in(agencies))
            .filter(solicitation::Column::ArchivedAt.is_null())
            .filter(
                solicitation::Column::Status
                    .is_in([SolicitationStatus::Planned, SolicitationStatus::Open]),
            )
            .order_by_asc(solicitation::Column::Id)
            .limit(1000)
            .all(db)
            .await?;
        let site = site(&state);
        Ok(ical::Calendar {
            name: format!("{name}: bid and question deadlines"),
            product: "-//Contract Watch//Deadlines//EN".to_owned(),
            events: deadline_events(&site, &solicitations, now),
        })
    }
    .await;
    match result {
        Ok(calendar) => calendar_response(&calendar),
        Err(error) => failure(&error),
    }
}

/// `GET /feeds/private/{secret}.ics`: what the account with this calendar secret follows.
#[handler]
pub async fn private_calendar(Path(raw): Path<String>, state: Data<&AppState>) -> Response {
    let result = async {
        let secret = raw
            .strip_suffix(".ics")
            .ok_or(AppError::NotFound("calendar"))?;
        let db = &state.db.read;
        let account = user_account::Entity::find()
            .filter(user_account::Column::CalendarTokenHash.eq(sha256_hex(secret.as_bytes())))
            .filter(user_account::Column::DeletedAt.is_null())
            .one(db)
            .await?
            .ok_or(AppError::NotFound("calendar"))?;
        let follows = alert_subscription::Entity::find()
            .filter(alert_subscription::Column::UserId.eq(account.id))
            .all(db)
            .await?;
        let subjects = |wanted: SubjectType| -> Vec<i64> {
            follows
                .iter()
                .filter(|f| f.target_type == AlertTarget::Subject && f.subject_type == Some(wanted))
                .filter_map(|f| f.subject_id)
                .collect()
        };
        let (solicitations, contracts) = (
            subjects(SubjectType::Solicitation),
            subjects(SubjectType::Contract),
        );
        let bodies: Vec<i64> = follows.iter().filter_map(|f| f.body_id).collect();
        let now = state.clock.now();
        let site = site(&state);
        let followed = solicitation::Entity::find()
            .filter(solicitation::Column::Id.is_in(solicitations.clone()))
            .filter(solicitation::Column::ArchivedAt.is_null())
            .all(db)
            .await?;
        let mut events = deadline_events(&site, &followed, now);
        // Votes on what they follow, at meetings to come and of the last month.
        let items = agenda_item::Entity::find()
            .filter(agenda_item::Column::ArchivedAt.is_null())
            .filter(
                agenda_item::Column::SolicitationId
                    .is_in(solicitations)
                    .or(agenda_item::Column::ContractId.is_in(contracts)),
            )
            .all(db)
            .await?;
        let meetings: std::collections::HashMap<i64, meeting::Model> = meeting::Entity::find()
            .filter(meeting::Column::Id.is_in(items.iter().map(|i| i.meeting_id)))
            .filter(meeting::Column::StartsAt.gte(now - TimeDelta::days(30)))
            .all(db)
            .await?
            .into_iter()
            .map(|m| (m.id, m))
            .collect();
        for item in &items {
            let Some(m) = meetings.get(&item.meeting_id) else {
                continue;
            };
            events.push(ical::Event {
                uid: ical::uid("vote", item.id, &site.host),
                summary: format!("Vote: {} (item {})", item.title, item.item_number),
                description: None,
                location: m.location.clone(),
                url: Some(site.page(NodeKind::AgendaItem, item.id)),
                starts_at: m.starts_at,
                ends_at: Some(m.starts_at + TimeDelta::hours(MEETING_HOURS)),
                stamp: now,
                last_modified: None,
                cancelled: m.status == entity::enums::MeetingStatus::Cancelled,
            });
        }
        // Meetings of the bodies they follow.
        let followed_meetings = meeting::Entity::find()
            .filter(meeting::Column::BodyId.is_in(bodies))
            .filter(meeting::Column::ArchivedAt.is_null())
            .filter(meeting::Column::StartsAt.gte(now - TimeDelta::days(30)))
            .all(db)
            .await?;
        events.extend(meeting_events(db, &site, followed_meetings, now).await?);
        events.sort_by_key(|e| e.starts_at);
        Ok::<_, AppError>(ical::Calendar {
            name: "What I follow on Contract Watch".to_owned(),
            product: "-//Contract Watch//Following//EN".to_owned(),
            events,
        })
    }
    .await;
    match result {
        Ok(calendar) => calendar_response(&calendar),
        Err(error) => failure(&error),
    }
}

// ---------------------------------------------------------------- Atom

fn event_entries(site: &Site<'_>, events: &[alert_event::Model]) -> Vec<atom::Entry> {
    events
        .iter()
        .map(|e| {
            let url = match (e.subject_type, e.subject_id) {
                (Some(SubjectType::Solicitation), Some(id)) => {
                    site.page(NodeKind::Solicitation, id)
                }
                (Some(SubjectType::Contract), Some(id)) => site.page(NodeKind::Contract, id),
                (Some(SubjectType::AgendaItem), Some(id)) => site.page(NodeKind::AgendaItem, id),
                _ => site.base.to_owned(),
            };
            atom::Entry {
                id: site.tag(&format!("events/{}", e.id)),
                title: e.headline.clone(),
                url,
                updated: e.occurred_at,
                published: Some(e.occurred_at),
                summary: None,
                author: None,
            }
        })
        .collect()
}

fn feed(
    site: &Site<'_>,
    path: &str,
    title: String,
    page: String,
    entries: Vec<atom::Entry>,
    now: DateTime<Utc>,
) -> atom::Feed {
    atom::Feed {
        id: site.tag(path),
        title,
        self_url: format!("{}{path}", site.base),
        alternate_url: page,
        // The latest entry, else now: an empty feed has changed as of now.
        updated: entries.iter().map(|e| e.updated).max().unwrap_or(now),
        entries,
    }
}

/// `GET /feeds/{solicitations|contracts|agenda-items}/{id}.atom`: the item's timeline.
#[handler]
pub async fn item_timeline(
    Path((section, raw)): Path<(String, String)>,
    state: Data<&AppState>,
) -> Response {
    let result = async {
        let (kind, subject) = match section.as_str() {
            "solicitations" => (NodeKind::Solicitation, SubjectType::Solicitation),
            "contracts" => (NodeKind::Contract, SubjectType::Contract),
            "agenda-items" => (NodeKind::AgendaItem, SubjectType::AgendaItem),
            _ => return Err(AppError::NotFound("feed")),
        };
        let id = id_of(&raw, ".atom", kind)?;
        let db = &state.db.read;
        let title = match kind {
            NodeKind::Solicitation => solicitation::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(|s| s.title),
            NodeKind::Contract => contract::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(|c| c.title),
            _ => agenda_item::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(|i| i.title),
        }
        .ok_or(AppError::NotFound("item"))?;
        let events = alert_events::timeline(db, (subject, id), ENTRIES).await?;
        let site = site(&state);
        let path = format!("/feeds/{section}/{raw}");
        Ok(feed(
            &site,
            &path,
            format!("{title}: what happened"),
            site.page(kind, id),
            event_entries(&site, &events),
            state.clock.now(),
        ))
    }
    .await;
    match result {
        Ok(feed) => atom_response(&feed),
        Err(error) => failure(&error),
    }
}

/// `GET /feeds/agencies/{id}.atom`: what happened in an agency's procurement.
#[handler]
pub async fn agency_feed(Path(raw): Path<String>, state: Data<&AppState>) -> Response {
    let result = async {
        let id = id_of(&raw, ".atom", NodeKind::Agency)?;
        let db = &state.db.read;
        let row = agency::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound("agency"))?;
        let events = alert_event::Entity::find()
            .filter(alert_event::Column::AgencyId.eq(id))
            .filter(alert_event::Column::Kind.ne(entity::enums::AlertEventKind::CommentAdded))
            .order_by_desc(alert_event::Column::OccurredAt)
            .order_by_desc(alert_event::Column::Id)
            .limit(ENTRIES)
            .all(db)
            .await?;
        let site = site(&state);
        Ok::<_, AppError>(feed(
            &site,
            &format!("/feeds/agencies/{raw}"),
            format!("{}: procurement news", row.name),
            site.page(NodeKind::Agency, id),
            event_entries(&site, &events),
            state.clock.now(),
        ))
    }
    .await;
    match result {
        Ok(feed) => atom_response(&feed),
        Err(error) => failure(&error),
    }
}

#[derive(Debug, Deserialize)]
pub struct SearchFeedQuery {
    q: Option<String>,
}

/// `GET /feeds/search.atom?q=…`: solicitations and contracts matching a saved search, newest
/// change first.
#[handler]
pub async fn search_feed(Query(query): Query<SearchFeedQuery>, state: Data<&AppState>) -> Response {
    let result = async {
        let text = query.q.unwrap_or_default();
        let text = text.trim();
        if text.is_empty() || text.chars().count() > 200 {
            return Err(AppError::invalid(
                "q",
                "give search words (200 characters at most)",
            ));
        }
        let db = &state.db.read;
        let scope = search::Scope {
            kinds: vec![
                search::SearchKind::Solicitation,
                search::SearchKind::Contract,
            ],
            jurisdiction_id: None,
        };
        let found = search::search(
            db,
            &SearchQuery::parse(text),
            &scope,
            PageRequest {
                offset: 0,
                limit: ENTRIES,
            },
        )
        .await?;
        let site = site(&state);
        let mut entries = Vec::new();
        for hit in &found.page.items {
            let (kind, title, reference, updated) = match hit.kind {
                search::SearchKind::Solicitation => {
                    let Some(row) = solicitation::Entity::find_by_id(hit.subject_id)
                        .one(db)
                        .await?
                    else {
                        continue;
                    };
                    (
                        NodeKind::Solicitation,
                        row.title,
                        row.reference_number,
                        row.updated_at,
                    )
                }
                search::SearchKind::Contract => {
                    let Some(row) = contract::Entity::find_by_id(hit.subject_id).one(db).await?
                    else {
                        continue;
                    };
                    (
                        NodeKind::Contract,
                        row.title,
                        row.reference_number,
                        row.updated_at,
                    )
                }
                _ => continue,
            };
            let gid = GlobalId::new(kind, hit.subject_id).encode();
            entries.push(atom::Entry {
                id: site.tag(&format!("items/{gid}")),
                title: format!("{title} ({reference})"),
                url: site.page(kind, hit.subject_id),
                updated,
                published: None,
                summary: None,
                author: None,
            });
        }
        entries.sort_by_key(|e| std::cmp::Reverse(e.updated));
        let encoded: String = url::form_urlencoded::byte_serialize(text.as_bytes()).collect();
        Ok(feed(
            &site,
            &format!("/feeds/search.atom?q={encoded}"),
            format!("Contract Watch search: {text}"),
            format!("{}/search?q={encoded}", site.base),
            entries,
            state.clock.now(),
        ))
    }
    .await;
    match result {
        Ok(feed) => atom_response(&feed),
        Err(error) => failure(&error),
    }
}

/// `GET /feeds/organizations/{id}/positions.atom`: the positions an organisation took.
#[handler]
pub async fn organization_positions(Path(raw): Path<String>, state: Data<&AppState>) -> Response {
    let result = async {
        let id = GlobalId::parse_as(&raw, NodeKind::Organization, "id")?;
        let db = &state.db.read;
        let org = organization::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound("organization"))?;
        let positions: Vec<comment::Model> = organizations::positions(db, id, ENTRIES).await?;
        let site = site(&state);
        let entries = positions
            .iter()
            .map(|c| {
                let (kind, what) = match c.subject_type {
                    SubjectType::Solicitation => (NodeKind::Solicitation, "a solicitation"),
                    SubjectType::Contract => (NodeKind::Contract, "a contract"),
                    _ => (NodeKind::AgendaItem, "an agenda item"),
                };
                let position = c.position.map_or("comment", |p| {
                    use sea_orm::ActiveEnum as _;
                    match p.to_value().as_str() {
                        "support" => "supports",
                        "oppose" => "opposes",
                        "concern" => "raises a concern about",
                        "question" => "asks about",
                        _ => "comments on",
                    }
                });
                atom::Entry {
                    id: site.tag(&format!("comments/{}", c.id)),
                    title: format!("{} {position} {what}", org.name),
                    url: site.page(kind, c.subject_id),
                    updated: c.edited_at.unwrap_or(c.created_at),
                    published: Some(c.created_at),
                    summary: Some(crate::domain::markdown::excerpt(&c.body, 300)),
                    author: Some(org.name.clone()),
                }
            })
            .collect();
        Ok::<_, AppError>(feed(
            &site,
            &format!("/feeds/organizations/{raw}/positions.atom"),
            format!("{}: positions", org.name),
            site.page(NodeKind::Organization, id),
            entries,
            state.clock.now(),
        ))
    }
    .await;
    match result {
        Ok(feed) => atom_response(&feed),
        Err(error) => failure(&error),
    }
}
