//! Alert events and their fan-out.
//!
//! A change writes an [`alert_event`] row in its own transaction ([`emit`]), so an event exists
//! exactly when its change committed. The fan-out job ([`fan_out`]) then finds every matching
//! subscriber of each new event with **one** `INSERT … SELECT` (however many subscribers match)
//! into `alert_match`, whose primary key (event, recipient) makes a repeated run harmless. Paused
//! subscriptions, muted items, unverified or deleted accounts and suppressed addresses never
//! match, and nor do subscriptions made after the event.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::enums::{AlertEventKind, AlertTarget, SubjectType};
use entity::{
    agency, agenda_item, alert_event, alert_match, alert_mute, alert_subscription,
    alert_subscription_agency, body, contract, email_suppression, meeting, renewal_option,
    solicitation, solicitation_category, user_account, watchlist_item,
};
use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait as _, InsertStatement, JoinType, OnConflict, Query,
    SelectStatement,
};
use sea_orm::{
    ActiveEnum as _, ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, ConnectionTrait,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};

use crate::error::AppError;
use crate::services::solicitations;
use crate::state::AppState;

/// An event about to be written.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub kind: AlertEventKind,
    pub subject: Option<(SubjectType, i64)>,
    pub agency_id: Option<i64>,
    pub body_id: Option<i64>,
    pub vendor_id: Option<i64>,
    pub jurisdiction_id: Option<i64>,
    pub outsourcing: bool,
    pub watchlist_id: Option<i64>,
    /// The comment announced, so mail can leave it out if it is hidden before it goes.
    pub comment_id: Option<i64>,
    pub headline: String,
    /// Set for events that may happen only once; a second emit with the same key is ignored.
    pub dedupe_key: Option<String>,
}

impl NewEvent {
    /// An event of `kind` with nothing filled in but the headline.
    pub fn new(kind: AlertEventKind, headline: impl Into<String>) -> Self {
        Self {
            kind,
            subject: None,
            agency_id: None,
            body_id: None,
            vendor_id: None,
            jurisdiction_id: None,
            outsourcing: false,
            watchlist_id: None,
            comment_id: None,
            headline: headline.into(),
            dedupe_key: None,
        }
    }
}

/// Writes an event in the caller's transaction; `false` when its dedupe key was already used.
pub async fn emit(
    db: &impl ConnectionTrait,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    Ok(emit_all(db, vec![event], now).await? > 0)
}

/// Writes events, [`EMIT_BATCH`] to a statement; those whose dedupe key was already used are
/// skipped. Returns how many were written.
async fn emit_all(
    db: &impl ConnectionTrait,
    events: Vec<NewEvent>,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let mut written = 0;
    let mut events = events.into_iter().peekable();
    while events.peek().is_some() {
        let rows = events
            .by_ref()
            .take(EMIT_BATCH)
            .map(|event| alert_event::ActiveModel {
                kind: Set(event.kind),
                subject_type: Set(event.subject.map(|s| s.0)),
                subject_id: Set(event.subject.map(|s| s.1)),
                agency_id: Set(event.agency_id),
                body_id: Set(event.body_id),
                vendor_id: Set(event.vendor_id),
                jurisdiction_id: Set(event.jurisdiction_id),
                outsourcing: Set(event.outsourcing),
                watchlist_id: Set(event.watchlist_id),
                comment_id: Set(event.comment_id),
                headline: Set(event.headline),
                dedupe_key: Set(event.dedupe_key),
                occurred_at: Set(now),
                fanned_out_at: Set(None),
                ..Default::default()
            });
        written += alert_event::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(alert_event::Column::DedupeKey)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(written)
}

/// Events [`emit_all`] writes in one statement (14 values each). A hundred already make a run
/// over a million contracts cheap; a thousand made a statement of 200 KB and 14,000 parameters
/// that every pooled connection kept prepared: the server idled at 48–54 MiB, 41–44 with a hundred.
const EMIT_BATCH: usize = 100;

/// The subscriptions `event` reaches, as a condition on `alert_subscription AS s`; `searches` are
/// the saved-search subscriptions found to match it.
fn targets(event: &alert_event::Model, searches: &[i64]) -> Cond {
    let s = Alias::new("s");
    let col = |c: alert_subscription::Column| Expr::col((s.clone(), c));
    let of =
        |target: AlertTarget| col(alert_subscription::Column::TargetType).eq(target.to_value());
    let mut any = Cond::any();
    if let (Some(kind), Some(id)) = (event.subject_type, event.subject_id) {
        any = any.add(
            Cond::all()
                .add(of(AlertTarget::Subject))
                .add(col(alert_subscription::Column::SubjectType).eq(kind.to_value()))
                .add(col(alert_subscription::Column::SubjectId).eq(id)),
        );
        // Watchlists holding the subject.
        let mut lists = Query::select();
        lists
            .column(watchlist_item::Column::WatchlistId)
            .from(watchlist_item::Entity)
            .and_where(Expr::col(watchlist_item::Column::SubjectType).eq(kind.to_value()))
            .and_where(Expr::col(watchlist_item::Column::SubjectId).eq(id));
        any = any.add(
            Cond::all()
                .add(of(AlertTarget::Watchlist))
                .add(col(alert_subscription::Column::WatchlistId).in_subquery(lists)),
        );
        if kind == SubjectType::Solicitation {
            let mut codes = Query::select();
            codes
                .column(solicitation_category::Column::Code)
                .from(solicitation_category::Entity)
                .and_where(Expr::col(solicitation_category::Column::SolicitationId).eq(id));
            any = any.add(
                Cond::all()
                    .add(of(AlertTarget::Category))
                    .add(col(alert_subscription::Column::CategoryCode).in_subquery(codes)),
            );
        }
    }
    if let Some(id) = event.watchlist_id {
        any = any.add(
            Cond::all()
                .add(of(AlertTarget::Watchlist))
                .add(col(alert_subscription::Column::WatchlistId).eq(id)),
        );
    }
    if let Some(id) = event.agency_id {
        any = any.add(
            Cond::all()
                .add(of(AlertTarget::Agency))
                .add(col(alert_subscription::Column::AgencyId).eq(id)),
        );
        if event.kind == AlertEventKind::RenewalWindow {
            let mut agencies = Query::select();
            agencies
                .expr(Expr::val(1))
                .from_as(alert_subscription_agency::Entity, Alias::new("a"))
                .and_where(
                    Expr::col((
                        Alias::new("a"),
                        alert_subscription_agency::Column::SubscriptionId,
                    ))
                    .equals((s.clone(), alert_subscription::Column::Id)),
                )
                .and_where(
                    Expr::col((Alias::new("a"), alert_subscription_agency::Column::AgencyId))
                        .eq(id),
                );
            any = any.add(
                Cond::all()
                    .add(of(AlertTarget::Renewals))
                    .add(Expr::exists(agencies)),
            );
        }
    }
    if let Some(id) = event.body_id {
        any = any.add(
            Cond::all()
                .add(of(AlertTarget::Body))
                .add(col(alert_subscription::Column::BodyId).eq(id)),
        );
    }
    if let Some(id) = event.vendor_id {
        any = any.add(
            Cond::all()
                .add(of(AlertTarget::Vendor))
                .add(col(alert_subscription::Column::VendorId).eq(id)),
        );
    }
    if !searches.is_empty() {
        any = any.add(
            Cond::all()
                .add(of(AlertTarget::Search))
                .add(col(alert_subscription::Column::Id).is_in(searches.iter().copied())),
        );
    }
    if let (true, Some(id)) = (event.outsourcing, event.jurisdiction_id) {
        any = any.add(
            Cond::all()
                .add(of(AlertTarget::Outsourcing))
                .add(col(alert_subscription::Column::JurisdictionId).eq(id)),
        );
    }
    any
}

/// `SELECT event, user, subscription, delivery, now FROM alert_subscription s JOIN user_account u
/// WHERE <reachable> AND <targets>`.
fn recipients(event: &alert_event::Model, searches: &[i64], now: DateTime<Utc>) -> SelectStatement {
    let (s, u, m, x) = (
        Alias::new("s"),
        Alias::new("u"),
        Alias::new("m"),
        Alias::new("x"),
    );
    let mut select = Query::select();
    select
        .expr(Expr::val(event.id))
        .expr(Expr::col((s.clone(), alert_subscription::Column::UserId)))
        .expr(Expr::col((s.clone(), alert_subscription::Column::Id)))
        .expr(Expr::col((s.clone(), alert_subscription::Column::Delivery)))
        .expr(Expr::val(now))
        .from_as(alert_subscription::Entity, s.clone())
        .join_as(
            JoinType::InnerJoin,
            user_account::Entity,
            u.clone(),
            Expr::col((u.clone(), user_account::Column::Id))
                .equals((s.clone(), alert_subscription::Column::UserId)),
        )
        .and_where(Expr::col((s.clone(), alert_subscription::Column::PausedAt)).is_null())
        // You hear of what happens after you follow, not of what was waiting to be fanned out.
        .and_where(
            Expr::col((s.clone(), alert_subscription::Column::CreatedAt)).lte(event.occurred_at),
        )
        .and_where(Expr::col((u.clone(), user_account::Column::EmailVerifiedAt)).is_not_null())
        .and_where(Expr::col((u.clone(), user_account::Column::DeletedAt)).is_null())
        .and_where(Expr::col((u.clone(), user_account::Column::Email)).is_not_null());
    let mut suppressed = Query::select();
    suppressed
        .expr(Expr::val(1))
        .from_as(email_suppression::Entity, x.clone())
        .and_where(
            Expr::col((x, email_suppression::Column::Recipient))
                .equals((u, user_account::Column::Email)),
        );
    select.and_where(Expr::exists(suppressed).not());
    if let (Some(kind), Some(id)) = (event.subject_type, event.subject_id) {
        let mut muted = Query::select();
        muted
            .expr(Expr::val(1))
            .from_as(alert_mute::Entity, m.clone())
            .and_where(
                Expr::col((m.clone(), alert_mute::Column::SubscriptionId))
                    .equals((s.clone(), alert_subscription::Column::Id)),
            )
            .and_where(Expr::col((m.clone(), alert_mute::Column::SubjectType)).eq(kind.to_value()))
            .and_where(Expr::col((m, alert_mute::Column::SubjectId)).eq(id));
        select.and_where(Expr::exists(muted).not());
    }
    select.cond_where(targets(event, searches));
    select
}

/// Fans out every event not yet fanned out, oldest first: `INSERT … SELECT` of its recipients,
/// then the event is marked. Returns how many recipient rows were inserted.
///
/// On PostgreSQL the recipients are split by account into [`POSTGRES_PARTS`] statements that run
/// at once on their own connections, so writing 100,000 rows with their indexes uses every core
/// (on SQLite one writer at a time would gain nothing). A part touches only its own accounts, so
/// parts never wait on each other's rows. Each part commits on its own; if the process dies before
/// the event is marked, the next run inserts again and `ON CONFLICT DO NOTHING` keeps what is
/// already there: nobody is matched twice, nobody is skipped.
pub async fn fan_out(state: &AppState) -> Result<u64, AppError> {
    let parts = match state.db.backend() {
        sea_orm::DbBackend::Postgres => POSTGRES_PARTS,
        _ => 1,
    };
    let mut inserted = 0;
    loop {
        let events = waiting(100).all(&state.db.write).await?;
        if events.is_empty() {
            return Ok(inserted);
        }
        for event in events {
            let now = state.clock.now();
            let searches = saved_searches(&state.db.write, &event).await?;
            let statements = (0..parts).map(|part| {
                let mut recipients = recipients(&event, &searches, now);
                if parts > 1 {
                    recipients.and_where(
                        Expr::col((Alias::new("s"), alert_subscription::Column::UserId))
                            .modulo(parts)
                            .eq(part),
                    );
                }
                insert_matches(recipients)
            });
            let statements = statements.collect::<Result<Vec<_>, _>>()?;
            let results = futures_util::future::try_join_all(
                statements
                    .iter()
                    .map(|statement| state.db.write.execute(statement)),
            )
            .await?;
            inserted += results.iter().map(|r| r.rows_affected()).sum::<u64>();
            let mut active: alert_event::ActiveModel = event.into();
            active.fanned_out_at = Set(Some(now));
            active.update(&state.db.write).await?;
        }
    }
}

/// The oldest `limit` events not yet fanned out (read through a partial index of the waiting
/// ones, so a backlog is not sorted on every poll).
pub fn waiting(limit: u64) -> Select<alert_event::Entity> {
    alert_event::Entity::find()
        .filter(alert_event::Column::FannedOutAt.is_null())
        .order_by_asc(alert_event::Column::Id)
        .limit(limit)
}

/// Concurrent statements of one PostgreSQL fan-out: one per core of the machines we run on.
const POSTGRES_PARTS: i64 = 2;

/// `INSERT INTO alert_match … <recipients> ON CONFLICT DO NOTHING`.
fn insert_matches(recipients: SelectStatement) -> Result<InsertStatement, AppError> {
    Ok(Query::insert()
        .into_table(alert_match::Entity)
        .columns([
            alert_match::Column::EventId,
            alert_match::Column::UserId,
            alert_match::Column::SubscriptionId,
            alert_match::Column::Delivery,
            alert_match::Column::CreatedAt,
        ])
        .select_from(recipients)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("fan-out query: {e}")))?
        .on_conflict(
            OnConflict::columns([alert_match::Column::EventId, alert_match::Column::UserId])
                .do_nothing()
                .to_owned(),
        )
        .to_owned())
}

/// The saved-search subscriptions a new or changed solicitation matches. Each search is tested
/// against the one solicitation in memory ([`SolicitationFilter::matches`]), so this is at most
/// four queries however many searches there are, not one per search.
///
/// [`SolicitationFilter::matches`]: crate::services::solicitations::SolicitationFilter::matches
async fn saved_searches(
    db: &impl ConnectionTrait,
    event: &alert_event::Model,
) -> Result<Vec<i64>, AppError> {
    let solicitation_event = matches!(
        event.kind,
        AlertEventKind::NewSolicitation | AlertEventKind::SolicitationChanged
    );
    let (Some(SubjectType::Solicitation), Some(id), true) =
        (event.subject_type, event.subject_id, solicitation_event)
    else {
        return Ok(Vec::new());
    };
    let Some(row) = solicitation::Entity::find_by_id(id).one(db).await? else {
        return Ok(Vec::new());
    };
    let jurisdiction_id = match event.jurisdiction_id {
        Some(id) => id,
        None => agency::Entity::find_by_id(row.agency_id)
            .one(db)
            .await?
            .map_or(0, |a| a.jurisdiction_id),
    };
    let codes: Vec<String> = solicitation_category::Entity::find()
        .select_only()
        .column(solicitation_category::Column::Code)
        .filter(solicitation_category::Column::SolicitationId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    let searches: Vec<(i64, Option<String>)> = alert_subscription::Entity::find()
        .select_only()
        .column(alert_subscription::Column::Id)
        .column(alert_subscription::Column::Search)
        .filter(alert_subscription::Column::TargetType.eq(AlertTarget::Search))
        .filter(alert_subscription::Column::PausedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(searches
        .into_iter()
        .filter(|(_, search)| {
            let Some(search) = search
                .as_deref()
                .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            else {
                return false;
            };
            let keyword = search["keyword"].as_str().unwrap_or_default();
            let filter_ok = match &search["filter"] {
                serde_json::Value::Null => true,
                filter => solicitations::stored_filter(filter)
                    .is_some_and(|f| f.matches(&row, &codes, jurisdiction_id)),
            };
            filter_ok && solicitations::keyword_matches(keyword, &row)
        })
        .map(|(id, _)| id)
        .collect())
}

/// An event about something said on a subject (a comment, a concern, an official response): only
/// the subject's followers (directly or through a watchlist) hear of it, not everyone following
/// its agency.
pub fn about_subject(
    kind: AlertEventKind,
    subject: (SubjectType, i64),
    headline: impl Into<String>,
) -> NewEvent {
    let mut event = NewEvent::new(kind, headline);
    event.subject = Some(subject);
    event
}

/// An event about a vote on `item` at `meeting`: its subject is the contract or solicitation the
/// item decides (else the item itself), so followers of the contract hear that it is scheduled;
/// followers of the deciding body, the agency and the vendor hear too. `describe` gets the
/// subject's title and the body's name and returns the headline.
pub async fn vote_event(
    db: &impl ConnectionTrait,
    kind: AlertEventKind,
    item: &agenda_item::Model,
    meeting: &meeting::Model,
    describe: impl FnOnce(&str, &str) -> String,
) -> Result<NewEvent, AppError> {
    let body = body::Entity::find_by_id(meeting.body_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("body"))?;
    let mut event = NewEvent::new(kind, String::new());
    event.body_id = Some(body.id);
    event.jurisdiction_id = Some(body.jurisdiction_id);
    let title = if let Some(id) = item.contract_id {
        let row = contract::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound("contract"))?;
        event.subject = Some((SubjectType::Contract, id));
        event.agency_id = Some(row.agency_id);
        event.vendor_id = Some(row.vendor_id);
        event.outsourcing = row.is_outsourcing;
        format!("{} {}", row.reference_number, row.title)
    } else if let Some(id) = item.solicitation_id {
        let row = solicitation::Entity::find_by_id(id)
            .one(db)
            .await?
            .ok_or(AppError::NotFound("solicitation"))?;
        event.subject = Some((SubjectType::Solicitation, id));
        event.agency_id = Some(row.agency_id);
        event.outsourcing = row.is_outsourcing;
        format!("{} {}", row.reference_number, row.title)
    } else {
        event.subject = Some((SubjectType::AgendaItem, item.id));
        item.title.clone()
    };
    event.headline = describe(&title, &body.name);
    Ok(event)
}

/// The scheduled renewal-window job: for each live contract, the next decision date is the
/// earliest open option's deadline, else the end date. When today is within a configured
/// threshold of it (180, 90, 30 days), one `RenewalWindow` event is written for the nearest
/// threshold crossed, keyed so it is written once per contract, decision date and threshold —
/// across repeated runs, restarts and instances. A job that was down past a threshold sends only
/// the nearest one, not a burst. Returns the events written.
pub async fn renewal_windows(state: &AppState) -> Result<u64, AppError> {
    let now = state.clock.now();
    let today = now.date_naive();
    let mut thresholds = state.settings.alerts.renewal_thresholds_days.clone();
    thresholds.sort_unstable();
    let Some(&widest) = thresholds.last() else {
        return Ok(0);
    };
    let db = &state.db.write;
    // A contract's decision falls on its end date or on an open option's deadline, so only
    // contracts with one of those inside the widest window can be due: the registry may hold a
    // million contracts, and this runs every ten minutes.
    let horizon = today + chrono::Duration::days(widest);
    let candidates = || {
        let option_due = Query::select()
            .column(renewal_option::Column::ContractId)
            .from(renewal_option::Entity)
            .and_where(Expr::col(renewal_option::Column::DecisionDeadline).between(today, horizon))
            .to_owned();
        Query::select()
            .column(contract::Column::Id)
            .from(contract::Entity)
            .and_where(Expr::col(contract::Column::ArchivedAt).is_null())
            .cond_where(
                Cond::any()
                    .add(Expr::col(contract::Column::EndDate).between(today, horizon))
                    .add(Expr::col(contract::Column::Id).in_subquery(option_due)),
            )
            .to_owned()
    };
    let jurisdictions: HashMap<i64, i64> = agency::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.jurisdiction_id))
        .collect();
    // A thousand contracts at a time, in id order, so memory stays flat however many are due.
    let mut after = 0;
    let mut written = 0;
    loop {
        let contracts = contract::Entity::find()
            .filter(contract::Column::Id.in_subquery(candidates()))
            .filter(contract::Column::Id.gt(after))
            .order_by_asc(contract::Column::Id)
            .limit(RENEWAL_CHUNK)
            .all(db)
            .await?;
        let Some(last) = contracts.last() else {
            return Ok(written);
        };
        after = last.id;
        let window = Window {
            today,
            thresholds: &thresholds,
            widest,
            jurisdictions: &jurisdictions,
        };
        written += renewal_events(state, &window, &contracts).await?;
    }
}

/// Contracts [`renewal_windows`] reads at a time.
const RENEWAL_CHUNK: u64 = 1_000;

/// What one run of [`renewal_windows`] measures each contract against.
struct Window<'a> {
    today: chrono::NaiveDate,
    /// Ascending; `widest` is the last.
    thresholds: &'a [i64],
    widest: i64,
    /// Agency → jurisdiction.
    jurisdictions: &'a HashMap<i64, i64>,
}

/// Emits the renewal-window events `contracts` are due (see [`renewal_windows`]).
async fn renewal_events(
    state: &AppState,
    window: &Window<'_>,
    contracts: &[contract::Model],
) -> Result<u64, AppError> {
    let Window {
        today,
        thresholds,
        widest,
        jurisdictions,
    } = *window;
    let db = &state.db.write;
    let now = state.clock.now();
    let mut options: HashMap<i64, Vec<renewal_option::Model>> = HashMap::new();
    for option in renewal_option::Entity::find()
        .filter(renewal_option::Column::ContractId.is_in(contracts.iter().map(|c| c.id)))
        .order_by_asc(renewal_option::Column::Id)
        .all(db)
        .await?
    {
        options.entry(option.contract_id).or_default().push(option);
    }
    let mut due = Vec::new();
    for contract in contracts {
        let mine = options.get(&contract.id).map_or(&[][..], Vec::as_slice);
        let decision = crate::services::contracts::open_options(mine, today)
            .first()
            .map_or(contract.end_date, |option| option.decision_deadline);
        let days = (decision - today).num_days();
        if days < 0 || days > widest {
            continue;
        }
        let Some(&threshold) = thresholds.iter().find(|t| days <= **t) else {
            continue;
        };
        let key = format!("renewal:{}:{decision}:{threshold}", contract.id);
        let jurisdiction_id = jurisdictions.get(&contract.agency_id).copied();
        let mut event = NewEvent::new(
            AlertEventKind::RenewalWindow,
            format!(
                "{} {}: renewal decision due {decision} ({days} days)",
                contract.reference_number, contract.title
            ),
        );
        event.subject = Some((SubjectType::Contract, contract.id));
        event.agency_id = Some(contract.agency_id);
        event.vendor_id = Some(contract.vendor_id);
        event.jurisdiction_id = jurisdiction_id;
        event.outsourcing = contract.is_outsourcing;
        event.dedupe_key = Some(key);
        due.push(event);
    }
    // The dedupe key makes a threshold fire once, across runs, restarts and instances: a run
    // every ten minutes rewrites nothing, in one statement per hundred due contracts.
    emit_all(db, due, now).await
}

/// The recipients of an event, by user id (for tests and the mail jobs).
pub async fn recipients_of(db: &impl ConnectionTrait, event_id: i64) -> Result<Vec<i64>, AppError> {
    Ok(alert_match::Entity::find()
        .select_only()
        .column(alert_match::Column::UserId)
        .filter(alert_match::Column::EventId.eq(event_id))
        .order_by_asc(alert_match::Column::UserId)
        .into_tuple()
        .all(db)
        .await?)
}

/// What happened to a subject, newest first: its alert events but the per-comment ones (the
/// thread shows comments, and hides what moderators hid).
pub async fn timeline(
    db: &impl ConnectionTrait,
    subject: (SubjectType, i64),
    limit: u64,
) -> Result<Vec<alert_event::Model>, AppError> {
    Ok(timeline_query(subject, limit).all(db).await?)
}

/// The statement [`timeline`] runs (an index of subject and time serves it).
pub fn timeline_query(subject: (SubjectType, i64), limit: u64) -> Select<alert_event::Entity> {
    alert_event::Entity::find()
        .filter(alert_event::Column::SubjectType.eq(subject.0))
        .filter(alert_event::Column::SubjectId.eq(subject.1))
        .filter(alert_event::Column::Kind.ne(AlertEventKind::CommentAdded))
        .order_by_desc(alert_event::Column::OccurredAt)
        .order_by_desc(alert_event::Column::Id)
        .limit(limit)
}
