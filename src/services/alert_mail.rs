//! Alert mail: turning `alert_match` rows into messages.
//!
//! - **Immediate** subscribers get one message per item as soon as the job runs. Talk on an item
//!   (comments, concerns, official responses) is batched: an item mailed to a subscriber within
//!   `alerts.immediate_batch_minutes` waits until that window has passed, then goes as one
//!   message. Anything else (a vote scheduled, a renewal window) goes at once, and takes any
//!   waiting talk along.
//! - **Daily** and **weekly** subscribers get one digest per period at `alerts.digest_hour` in
//!   their own time zone. The digest for a period holds every event that happened before the
//!   period began (07:00 that day, or 07:00 on the digest weekday), however late it was fanned
//!   out, so a late run sends the same digest an on-time run would have. An `alert_digest` row per (account, cadence, period) means a digest
//!   goes out once; an empty one never goes.
//!
//! Each run claims its rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL, an `IMMEDIATE` transaction
//! on SQLite), renders and enqueues the mail into the outbox, and marks the rows in the same
//! transaction: a crash leaves them pending, and two instances never mail the same row. Rows whose
//! subscription was paused, or whose comment was hidden, since they matched are marked without
//! mail. Every message is list mail on the stream `alerts-immediate`, `alerts-daily` or
//! `alerts-weekly`, with one-click unsubscribe.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Datelike as _, NaiveDate, TimeDelta, TimeZone as _, Utc, Weekday};
use chrono_tz::Tz;
use entity::enums::{AlertDelivery, AlertEventKind, SubjectType, Visibility};
use entity::{
    agenda_item, alert_digest, alert_event, alert_match, alert_subscription, comment, contract,
    jurisdiction, solicitation, user_account,
};
use minijinja::{Value, context};
use sea_orm::sea_query::{Alias, Expr, ExprTrait as _, JoinType, LockBehavior, LockType, Query};
use sea_orm::{
    ActiveEnum as _, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection,
    DatabaseTransaction, EntityTrait, Order, QueryFilter, QuerySelect, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};

use crate::error::AppError;
use crate::outbox::NewEmail;
use crate::services::subjects;
use crate::state::AppState;

use alert_match::Column as M;

/// Rows claimed per transaction.
const CLAIM: u64 = 1000;
/// Accounts per digest transaction.
const DIGEST_ACCOUNTS: usize = 500;

/// The mail stream (outbox topic) of a delivery mode; one-click unsubscribe turns it off.
pub fn topic(delivery: AlertDelivery) -> String {
    format!("alerts-{}", delivery.to_value())
}

/// The delivery mode a stream belongs to, if it is an alert stream.
pub fn delivery_of_topic(topic: &str) -> Option<AlertDelivery> {
    topic
        .strip_prefix("alerts-")
        .and_then(|d| AlertDelivery::try_from_value(&d.to_owned()).ok())
}

/// The time zone an account's mail is written in: its own, else its staff jurisdiction's, else
/// the configured default.
pub fn zone_of(own: Option<&str>, jurisdiction: Option<&str>, default: Tz) -> Tz {
    own.and_then(|z| z.parse().ok())
        .or_else(|| jurisdiction.and_then(|z| z.parse().ok()))
        .unwrap_or(default)
}

/// A pending match: (event, recipient, subscription).
type Row = (i64, i64, i64);

/// What an event is about: a solicitation, contract or agenda item (none for a watchlist event).
type About = Option<(SubjectType, i64)>;

/// Sends what immediate subscribers are due. Returns the messages enqueued.
pub async fn send_immediate(state: &AppState) -> Result<u64, AppError> {
    let now = state.clock.now();
    let window = TimeDelta::minutes(state.settings.alerts.immediate_batch_minutes);
    let mut after = (0_i64, 0_i64);
    let mut enqueued = 0;
    loop {
        let txn = claiming(&state.db.write).await?;
        let rows = pending(AlertDelivery::Immediate, now)
            .and_where(Expr::col(M::UserId).gte(after.0))
            .cond_where(
                Condition::any().add(Expr::col(M::UserId).gt(after.0)).add(
                    Condition::all()
                        .add(Expr::col(M::UserId).eq(after.0))
                        .add(Expr::col(M::EventId).gt(after.1)),
                ),
            )
            .limit(CLAIM)
            .to_owned();
        let rows: Vec<Row> = txn.query_all(&rows).await.map(rows_of)??;
        let Some(&(event, user, _)) = rows.last() else {
            txn.commit().await?;
            return Ok(enqueued);
        };
        after = (user, event);
        let batch = Batch::load(&txn, state, &rows).await?;
        let recent = recently_mailed(&txn, &rows, now - window).await?;
        // Rows come ordered by recipient, so one recipient's items are adjacent.
        let mut groups: Vec<(i64, About, Vec<Row>)> = Vec::new();
        for row in &rows {
            let subject = batch.events.get(&row.0).and_then(subject_of);
            let same = groups
                .iter_mut()
                .rev()
                .take_while(|(user, _, _)| *user == row.1)
                .find(|(_, s, _)| *s == subject);
            match same {
                Some((_, _, group)) => group.push(*row),
                None => groups.push((row.1, subject, vec![*row])),
            }
        }
        let mut done = Vec::new();
        let mut emails = Vec::new();
        for (user_id, subject, group) in groups {
            let kept: Vec<&alert_event::Model> = group
                .iter()
                .filter_map(|row| batch.deliverable(row))
                .collect();
            let talk_only = kept.iter().all(|e| is_talk(e.kind));
            if !kept.is_empty() && talk_only && recent.contains(&(user_id, subject)) {
                // Wait for the batching window; what cannot be mailed is settled now.
                done.extend(group.iter().filter(|row| batch.deliverable(row).is_none()));
                continue;
            }
            if let Some(email) = batch.immediate_email(user_id, subject, &kept) {
                emails.push(email);
            }
            done.extend(group);
        }
        enqueued += state.mailer.enqueue_many(&txn, now, emails).await?;
        mark_notified(&txn, &done, now).await?;
        txn.commit().await?;
        if (rows.len() as u64) < CLAIM {
            return Ok(enqueued);
        }
    }
}

/// Sends the daily or weekly digests that are due. Returns the digests enqueued.
pub async fn send_digests(state: &AppState, cadence: AlertDelivery) -> Result<u64, AppError> {
    let now = state.clock.now();
    let settings = &state.settings.alerts;
    // Who has something waiting, and in which zone.
    let (u, j) = (Alias::new("u"), Alias::new("j"));
    let waiting = Query::select()
        .distinct()
        .expr(Expr::col((Alias::new("m"), M::UserId)))
        .expr(Expr::col((u.clone(), user_account::Column::TimeZone)))
        .expr(Expr::col((j.clone(), jurisdiction::Column::TimeZone)))
        .from_as(alert_match::Entity, Alias::new("m"))
        .join_as(
            JoinType::InnerJoin,
            user_account::Entity,
            u.clone(),
            Expr::col((u.clone(), user_account::Column::Id)).equals((Alias::new("m"), M::UserId)),
        )
        .join_as(
            JoinType::LeftJoin,
            jurisdiction::Entity,
            j.clone(),
            Expr::col((j, jurisdiction::Column::Id))
                .equals((u, user_account::Column::JurisdictionId)),
        )
        .and_where(Expr::col((Alias::new("m"), M::Delivery)).eq(cadence.to_value()))
        .and_where(Expr::col((Alias::new("m"), M::NotifiedAt)).is_null())
        .to_owned();
    let mut periods: BTreeMap<(String, DateTime<Utc>), Vec<i64>> = BTreeMap::new();
    for row in state.db.write.query_all(&waiting).await? {
        let user_id: i64 = row.try_get_by_index(0)?;
        let own: Option<String> = row.try_get_by_index(1)?;
        let staff: Option<String> = row.try_get_by_index(2)?;
        let zone = zone_of(own.as_deref(), staff.as_deref(), settings.default_time_zone);
        let period = period(
            cadence,
            now,
            zone,
            settings.digest_hour,
            settings.weekly_digest_day,
        );
        periods.entry(period).or_default().push(user_id);
    }
    let mut enqueued = 0;
    for ((period, begins), mut users) in periods {
        users.sort_unstable();
        for chunk in users.chunks(DIGEST_ACCOUNTS) {
            enqueued += digest_chunk(state, cadence, &period, begins, chunk).await?;
        }
    }
    Ok(enqueued)
}

/// One transaction of digests: the accounts in `users` whose `period` digest has not gone.
async fn digest_chunk(
    state: &AppState,
    cadence: AlertDelivery,
    period: &str,
    begins: DateTime<Utc>,
    users: &[i64],
) -> Result<u64, AppError> {
    let now = state.clock.now();
    let txn = claiming(&state.db.write).await?;
    let sent: HashSet<i64> = alert_digest::Entity::find()
        .select_only()
        .column(alert_digest::Column::UserId)
        .filter(alert_digest::Column::Cadence.eq(cadence.to_value()))
        .filter(alert_digest::Column::Period.eq(period))
        .filter(alert_digest::Column::UserId.is_in(users.iter().copied()))
        .into_tuple()
        .all(&txn)
        .await?
        .into_iter()
        .collect();
    let due: Vec<i64> = users
        .iter()
        .copied()
        .filter(|u| !sent.contains(u))
        .collect();
    // What happened before the period began, however late it was fanned out.
    let e = Alias::new("e");
    let before = Query::select()
        .expr(Expr::val(1))
        .from_as(alert_event::Entity, e.clone())
        .and_where(
            Expr::col((e.clone(), alert_event::Column::Id))
                .equals((alert_match::Entity, M::EventId)),
        )
        .and_where(Expr::col((e, alert_event::Column::OccurredAt)).lt(begins))
        .to_owned();
    // The range lets PostgreSQL read just this chunk from the index even when its statistics
    // still think nothing is waiting (as after a large fan-out).
    let (Some(&first), Some(&last)) = (due.first(), due.last()) else {
        txn.commit().await?;
        return Ok(0);
    };
    let rows = pending(cadence, now)
        .and_where(Expr::exists(before))
        .and_where(Expr::col(M::UserId).between(first, last))
        .and_where(Expr::col(M::UserId).is_in(due))
        .to_owned();
    let rows: Vec<Row> = txn.query_all(&rows).await.map(rows_of)??;
    let batch = Batch::load(&txn, state, &rows).await?;
    let mut by_user: BTreeMap<i64, Vec<&alert_event::Model>> = BTreeMap::new();
    for row in &rows {
        if let Some(event) = batch.deliverable(row) {
            by_user.entry(row.1).or_default().push(event);
        }
    }
    let mut emails = Vec::new();
    let mut digests = Vec::new();
    for (user_id, events) in by_user {
        if let Some(email) = batch.digest_email(user_id, cadence, period, &events) {
            emails.push(email);
            digests.push(alert_digest::ActiveModel {
                user_id: Set(user_id),
                cadence: Set(cadence.to_value()),
                period: Set(period.to_owned()),
                events: Set(i32::try_from(events.len()).unwrap_or(i32::MAX)),
                created_at: Set(now),
            });
        }
    }
    if !digests.is_empty() {
        alert_digest::Entity::insert_many(digests)
            .on_conflict_do_nothing()
            .exec(&txn)
            .await?;
    }
    let enqueued = state.mailer.enqueue_many(&txn, now, emails).await?;
    mark_notified(&txn, &rows, now).await?;
    txn.commit().await?;
    Ok(enqueued)
}

/// The period a digest run at `now` belongs to, and when it began: the latest `hour` o'clock
/// (daily) or `weekday` at `hour` (weekly) in `zone` at or before `now`. Daily periods are named
/// by the local date, weekly ones by the ISO week.
pub fn period(
    cadence: AlertDelivery,
    now: DateTime<Utc>,
    zone: Tz,
    hour: u32,
    weekday: Weekday,
) -> (String, DateTime<Utc>) {
    let today = now.with_timezone(&zone).date_naive();
    let weekly = cadence == AlertDelivery::Weekly;
    let (mut day, step) = if weekly {
        let since =
            (7 + today.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
        (today - TimeDelta::days(i64::from(since)), 7)
    } else {
        (today, 1)
    };
    let mut begins = local_hour(zone, day, hour);
    if begins > now {
        day -= TimeDelta::days(step);
        begins = local_hour(zone, day, hour);
    }
    let name = if weekly {
        let week = day.iso_week();
        format!("{}-W{:02}", week.year(), week.week())
    } else {
        day.to_string()
    };
    (name, begins)
}

/// `hour` o'clock on `day` in `zone`; in a daylight-saving gap, the first instant after it.
fn local_hour(zone: Tz, day: NaiveDate, hour: u32) -> DateTime<Utc> {
    let naive = day.and_hms_opt(hour, 0, 0).unwrap_or_default();
    (0..3)
        .find_map(|shift| {
            zone.from_local_datetime(&(naive + TimeDelta::hours(shift)))
                .earliest()
        })
        .map_or_else(|| naive.and_utc(), |t| t.with_timezone(&Utc))
}

/// Comments, concerns and official responses: talk on an item, batched for immediate mail.
fn is_talk(kind: AlertEventKind) -> bool {
    matches!(
        kind,
        AlertEventKind::CommentAdded
            | AlertEventKind::ConcernAdded
            | AlertEventKind::OfficialResponse
    )
}

fn subject_of(event: &alert_event::Model) -> About {
    event.subject_type.zip(event.subject_id)
}

/// Begins a transaction that may claim rows: `IMMEDIATE` on SQLite, so claims are serialised.
async fn claiming(db: &DatabaseConnection) -> Result<DatabaseTransaction, AppError> {
    Ok(db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?)
}

/// Pending matches of `cadence` made by `until`, oldest first per recipient, claimed with
/// `FOR UPDATE SKIP LOCKED` (dropped on SQLite, where the transaction is serialised).
fn pending(cadence: AlertDelivery, until: DateTime<Utc>) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .columns([M::EventId, M::UserId, M::SubscriptionId])
        .from(alert_match::Entity)
        .and_where(Expr::col(M::Delivery).eq(cadence.to_value()))
        .and_where(Expr::col(M::NotifiedAt).is_null())
        .and_where(Expr::col(M::CreatedAt).lte(until))
        .order_by(M::UserId, Order::Asc)
        .order_by(M::EventId, Order::Asc)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned()
}

fn rows_of(rows: Vec<sea_orm::QueryResult>) -> Result<Vec<Row>, AppError> {
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get_by_index(0)?,
                r.try_get_by_index(1)?,
                r.try_get_by_index(2)?,
            ))
        })
        .collect()
}

/// (recipient, item) pairs mailed immediately since `since`.
async fn recently_mailed(
    db: &impl ConnectionTrait,
    rows: &[Row],
    since: DateTime<Utc>,
) -> Result<HashSet<(i64, About)>, AppError> {
    let users: HashSet<i64> = rows.iter().map(|r| r.1).collect();
    let (m, e) = (Alias::new("m"), Alias::new("e"));
    let query = Query::select()
        .distinct()
        .expr(Expr::col((m.clone(), M::UserId)))
        .expr(Expr::col((e.clone(), alert_event::Column::SubjectType)))
        .expr(Expr::col((e.clone(), alert_event::Column::SubjectId)))
        .from_as(alert_match::Entity, m.clone())
        .join_as(
            JoinType::InnerJoin,
            alert_event::Entity,
            e.clone(),
            Expr::col((e, alert_event::Column::Id)).equals((m.clone(), M::EventId)),
        )
        .and_where(Expr::col((m.clone(), M::Delivery)).eq(AlertDelivery::Immediate.to_value()))
        .and_where(Expr::col((m.clone(), M::NotifiedAt)).gte(since))
        .and_where(Expr::col((m, M::UserId)).is_in(users))
        .to_owned();
    db.query_all(&query)
        .await?
        .iter()
        .map(|r| {
            let kind: Option<String> = r.try_get_by_index(1)?;
            let id: Option<i64> = r.try_get_by_index(2)?;
            let subject = kind
                .and_then(|k| SubjectType::try_from_value(&k).ok())
                .zip(id);
            Ok((r.try_get_by_index(0)?, subject))
        })
        .collect()
}

/// Marks rows as dealt with, 300 (event, recipient) pairs per statement.
async fn mark_notified(
    db: &impl ConnectionTrait,
    rows: &[Row],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for chunk in rows.chunks(300) {
        alert_match::Entity::update_many()
            .col_expr(M::NotifiedAt, Expr::value(now))
            .filter(
                Expr::tuple([Expr::col(M::EventId), Expr::col(M::UserId)])
                    .in_tuples(chunk.iter().map(|r| (r.0, r.1))),
            )
            .filter(M::NotifiedAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(())
}

/// What rendering a claim needs, loaded with one query per table.
struct Batch {
    events: HashMap<i64, alert_event::Model>,
    users: HashMap<i64, (user_account::Model, Tz)>,
    live_subscriptions: HashSet<i64>,
    hidden_comments: HashSet<i64>,
    titles: HashMap<(SubjectType, i64), String>,
    app_url: String,
}

impl Batch {
    async fn load(
        db: &impl ConnectionTrait,
        state: &AppState,
        rows: &[Row],
    ) -> Result<Self, AppError> {
        let event_ids: HashSet<i64> = rows.iter().map(|r| r.0).collect();
        let user_ids: HashSet<i64> = rows.iter().map(|r| r.1).collect();
        let subscription_ids: HashSet<i64> = rows.iter().map(|r| r.2).collect();
        let events: HashMap<i64, alert_event::Model> = alert_event::Entity::find()
            .filter(alert_event::Column::Id.is_in(event_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let accounts = user_account::Entity::find()
            .filter(user_account::Column::Id.is_in(user_ids))
            .all(db)
            .await?;
        let zones: HashMap<i64, String> = jurisdiction::Entity::find()
            .filter(
                jurisdiction::Column::Id.is_in(accounts.iter().filter_map(|u| u.jurisdiction_id)),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|j| (j.id, j.time_zone))
            .collect();
        let default = state.settings.alerts.default_time_zone;
        let users = accounts
            .into_iter()
            .map(|u| {
                let staff = u.jurisdiction_id.and_then(|j| zones.get(&j));
                let zone = zone_of(u.time_zone.as_deref(), staff.map(String::as_str), default);
                (u.id, (u, zone))
            })
            .collect();
        let live_subscriptions = alert_subscription::Entity::find()
            .select_only()
            .column(alert_subscription::Column::Id)
            .filter(alert_subscription::Column::Id.is_in(subscription_ids))
            .filter(alert_subscription::Column::PausedAt.is_null())
            .into_tuple()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let hidden_comments = comment::Entity::find()
            .select_only()
            .column(comment::Column::Id)
            .filter(comment::Column::Id.is_in(events.values().filter_map(|e| e.comment_id)))
            .filter(
                Condition::any()
                    .add(comment::Column::Visibility.ne(Visibility::Visible))
                    .add(comment::Column::DeletedAt.is_not_null()),
            )
            .into_tuple()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let titles = titles(db, events.values()).await?;
        Ok(Self {
            events,
            users,
            live_subscriptions,
            hidden_comments,
            titles,
            app_url: state.mailer.app_url().to_owned(),
        })
    }

    /// The event of `row`, if it may still be mailed: the subscription is not paused or gone,
    /// the comment it announces is still visible, and the account can receive mail.
    fn deliverable(&self, row: &Row) -> Option<&alert_event::Model> {
        let event = self.events.get(&row.0)?;
        let (user, _) = self.users.get(&row.1)?;
        let can_receive =
            user.email.is_some() && user.email_verified_at.is_some() && user.deleted_at.is_none();
        let comment_visible = event
            .comment_id
            .is_none_or(|id| !self.hidden_comments.contains(&id));
        (can_receive && comment_visible && self.live_subscriptions.contains(&row.2))
            .then_some(event)
    }

    fn title(&self, subject: About) -> String {
        subject
            .and_then(|s| self.titles.get(&s).cloned())
            .unwrap_or_else(|| "Watchlists you follow".to_owned())
    }

    fn link(&self, subject: About) -> String {
        match subject {
            Some((kind, id)) => subjects::link(&self.app_url, subjects::global_id_of(kind, id)),
            None => self.app_url.clone(),
        }
    }

    /// One line per event: its headline and when it happened, in the reader's zone.
    fn lines(&self, events: &[&alert_event::Model], zone: Tz) -> Value {
        events
            .iter()
            .map(|e| {
                let when = e.occurred_at.with_timezone(&zone);
                context! {
                    headline => e.headline.clone(),
                    when => when.format("%a %-d %b %Y, %H:%M %Z").to_string(),
                }
            })
            .collect::<Vec<_>>()
            .into()
    }

    fn immediate_email(
        &self,
        user_id: i64,
        subject: About,
        events: &[&alert_event::Model],
    ) -> Option<NewEmail> {
        let (user, zone) = self.users.get(&user_id)?;
        let (first, last) = (events.first()?, events.last()?);
        let title = self.title(subject);
        let summary = if events.len() == 1 {
            crate::domain::markdown::excerpt(&first.headline, 150)
        } else {
            format!("{title}: {} updates", events.len())
        };
        Some(NewEmail {
            kind: "alert",
            subject_key: format!(
                "{}:{}-{}",
                subject.map_or_else(
                    || "watchlists".to_owned(),
                    |(k, id)| format!("{}-{id}", k.to_value())
                ),
                first.id,
                last.id
            ),
            to: user.email.clone()?,
            to_name: Some(user.display_name.clone()),
            template: "alert",
            context: context! {
                name => user.display_name.clone(),
                summary => summary,
                title => title,
                link => self.link(subject),
                lines => self.lines(events, *zone),
            },
            topic: Some(topic(AlertDelivery::Immediate)),
        })
    }

    fn digest_email(
        &self,
        user_id: i64,
        cadence: AlertDelivery,
        period: &str,
        events: &[&alert_event::Model],
    ) -> Option<NewEmail> {
        let (user, zone) = self.users.get(&user_id)?;
        let mut sections: Vec<(About, Vec<&alert_event::Model>)> = Vec::new();
        for event in events {
            let subject = subject_of(event);
            match sections.iter_mut().find(|(s, _)| *s == subject) {
                Some((_, list)) => list.push(event),
                None => sections.push((subject, vec![event])),
            }
        }
        let sections: Vec<Value> = sections
            .into_iter()
            .map(|(subject, list)| {
                context! {
                    title => self.title(subject),
                    link => self.link(subject),
                    lines => self.lines(&list, *zone),
                }
            })
            .collect();
        Some(NewEmail {
            kind: "alert_digest",
            subject_key: format!("{}:{period}", cadence.to_value()),
            to: user.email.clone()?,
            to_name: Some(user.display_name.clone()),
            template: "alert_digest",
            context: context! {
                name => user.display_name.clone(),
                cadence => cadence.to_value(),
                period => period,
                count => events.len(),
                sections => Value::from(sections),
            },
            topic: Some(topic(cadence)),
        })
    }
}

/// "RFP-7 Custodial services" for each subject the events are about: one query per kind.
async fn titles<'a>(
    db: &impl ConnectionTrait,
    events: impl Iterator<Item = &'a alert_event::Model>,
) -> Result<HashMap<(SubjectType, i64), String>, AppError> {
    let mut ids: HashMap<SubjectType, Vec<i64>> = HashMap::new();
    for (kind, id) in events.filter_map(subject_of) {
        ids.entry(kind).or_default().push(id);
    }
    let mut titles = HashMap::new();
    if let Some(ids) = ids.remove(&SubjectType::Solicitation) {
        for row in solicitation::Entity::find()
            .filter(solicitation::Column::Id.is_in(ids))
            .all(db)
            .await?
        {
            titles.insert(
                (SubjectType::Solicitation, row.id),
                format!("{} {}", row.reference_number, row.title),
            );
        }
    }
    if let Some(ids) = ids.remove(&SubjectType::Contract) {
        for row in contract::Entity::find()
            .filter(contract::Column::Id.is_in(ids))
            .all(db)
            .await?
        {
            titles.insert(
                (SubjectType::Contract, row.id),
                format!("{} {}", row.reference_number, row.title),
            );
        }
    }
    if let Some(ids) = ids.remove(&SubjectType::AgendaItem) {
        for row in agenda_item::Entity::find()
            .filter(agenda_item::Column::Id.is_in(ids))
            .all(db)
            .await?
        {
            titles.insert(
                (SubjectType::AgendaItem, row.id),
                format!("Item {}: {}", row.item_number, row.title),
            );
        }
    }
    Ok(titles)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn a_daily_period_begins_at_the_local_morning_hour() {
        let chicago = chrono_tz::America::Chicago;
        // 12:30 UTC is 06:30 in Chicago: still the previous day's period.
        let (name, begins) = period(
            AlertDelivery::Daily,
            at("2026-11-26T12:30:00Z"),
            chicago,
            7,
            Weekday::Mon,
        );
        assert_eq!(name, "2026-11-25");
        assert_eq!(begins, at("2026-11-25T13:00:00Z"));
        let (name, begins) = period(
            AlertDelivery::Daily,
            at("2026-11-26T13:00:00Z"),
            chicago,
            7,
            Weekday::Mon,
        );
        assert_eq!(name, "2026-11-26");
        assert_eq!(begins, at("2026-11-26T13:00:00Z"));
    }

    #[test]
    fn a_weekly_period_begins_on_the_digest_weekday_and_is_named_by_iso_week() {
        let berlin = chrono_tz::Europe::Berlin;
        // Thursday 26 November 2026; the Monday before is the 23rd (ISO week 48).
        let (name, begins) = period(
            AlertDelivery::Weekly,
            at("2026-11-26T10:00:00Z"),
            berlin,
            7,
            Weekday::Mon,
        );
        assert_eq!(name, "2026-W48");
        assert_eq!(begins, at("2026-11-23T06:00:00Z"));
        // Monday 30 November at 05:00 UTC is 06:00 in Berlin: still week 48.
        let (name, _) = period(
            AlertDelivery::Weekly,
            at("2026-11-30T05:00:00Z"),
            berlin,
            7,
            Weekday::Mon,
        );
        assert_eq!(name, "2026-W48");
        let (name, _) = period(
            AlertDelivery::Weekly,
            at("2026-11-30T06:00:00Z"),
            berlin,
            7,
            Weekday::Mon,
        );
        assert_eq!(name, "2026-W49");
    }

    #[test]
    fn a_morning_hour_lost_to_daylight_saving_moves_to_the_next_instant() {
        // Clocks in Chicago jump from 02:00 to 03:00 on 8 March 2026.
        let chicago = chrono_tz::America::Chicago;
        let begins = local_hour(
            chicago,
            NaiveDate::from_ymd_opt(2026, 3, 8).unwrap_or_default(),
            2,
        );
        assert_eq!(begins, at("2026-03-08T08:00:00Z"));
    }

    #[test]
    fn streams_name_their_delivery() {
        assert_eq!(topic(AlertDelivery::Daily), "alerts-daily");
        assert_eq!(
            delivery_of_topic("alerts-weekly"),
            Some(AlertDelivery::Weekly)
        );
        assert_eq!(delivery_of_topic("news"), None);
    }
}
