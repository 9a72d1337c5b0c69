//! The officials' weekly summary: for an official who opted in (`setMyDigestChoices`), one
//! message a week, at `alerts.digest_hour` on `alerts.weekly_digest_day` in the jurisdiction's
//! time zone, of the procurement items on the agendas of their bodies' meetings in the four
//! weeks ahead: what residents said about each in the week before, and the totals so far.
//!
//! One `alert_digest` row per (account, `official_summary`, ISO week), written in the
//! transaction that enqueues the mail, sends it once however many workers run; a week with
//! nothing ahead is marked without mail. It is list mail on the stream `officials-weekly`, and
//! a one-click unsubscribe turns the official's weekly summary off.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, TimeDelta, Utc};
use entity::enums::{AlertDelivery, MeetingStatus};
use entity::{
    alert_digest, body, comment, concern, jurisdiction, meeting, office_term, official,
    user_account,
};
use minijinja::{Value, context};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveEnum as _, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait, TryInsertResult,
};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::AppError;
use crate::outbox::{self, NewEmail};
use crate::services::alert_mail;
use crate::services::official_digest::{procurement_items, subject_of};
use crate::services::tallies::{self, SubjectKey};
use crate::services::{directory, meetings, subjects};
use crate::state::AppState;

/// The stream one-click unsubscribe turns off.
pub const TOPIC: &str = "officials-weekly";
/// The `alert_digest` cadence that marks a week's summary as done.
const CADENCE: &str = "official_summary";
/// How far ahead a summary looks.
const AHEAD_DAYS: i64 = 28;

/// The scheduled step: each opted-in official whose week's summary has not gone gets it, if
/// their bodies have procurement items ahead. Returns the summaries enqueued.
pub async fn send_weekly(state: &AppState) -> Result<u64, AppError> {
    let db = &state.db.write;
    let now = state.clock.now();
    let officials: HashMap<i64, official::Model> = official::Entity::find()
        .filter(official::Column::WeeklySummary.eq(true))
        .filter(official::Column::ArchivedAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    if officials.is_empty() {
        return Ok(0);
    }
    let accounts = user_account::Entity::find()
        .filter(user_account::Column::OfficialId.is_in(officials.keys().copied()))
        .filter(user_account::Column::EmailVerifiedAt.is_not_null())
        .filter(user_account::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let zones: HashMap<i64, chrono_tz::Tz> = jurisdiction::Entity::find()
        .filter(jurisdiction::Column::Id.is_in(officials.values().map(|o| o.jurisdiction_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|j| (j.id, j.time_zone.parse().unwrap_or(chrono_tz::UTC)))
        .collect();
    let alerts = &state.settings.alerts;
    let mut seen = HashMap::new();
    let mut sent = 0;
    for account in accounts {
        let (Some(official), Some(email)) = (
            account.official_id.and_then(|id| officials.get(&id)),
            account.email.as_deref(),
        ) else {
            continue;
        };
        let zone = zones
            .get(&official.jurisdiction_id)
            .copied()
            .unwrap_or(chrono_tz::UTC);
        let (week, begins) = alert_mail::period(
            AlertDelivery::Weekly,
            now,
            zone,
            alerts.digest_hour,
            alerts.weekly_digest_day,
        );
        let done = alert_digest::Entity::find_by_id((account.id, CADENCE.to_owned(), week.clone()))
            .one(db)
            .await?
            .is_some();
        if done {
            continue;
        }
        let bodies = summary(
            db,
            state.mailer.app_url(),
            official,
            (begins, now),
            zone,
            &mut seen,
        )
        .await?;
        let items: usize = bodies.iter().map(|(_, _, items)| items.len()).sum();
        let txn = db.begin().await?;
        let claimed = alert_digest::Entity::insert(alert_digest::ActiveModel {
            user_id: Set(account.id),
            cadence: Set(CADENCE.to_owned()),
            period: Set(week.clone()),
            events: Set(i32::try_from(items).unwrap_or(i32::MAX)),
            created_at: Set(now),
        })
        .on_conflict_do_nothing_on([
            alert_digest::Column::UserId,
            alert_digest::Column::Cadence,
            alert_digest::Column::Period,
        ])
        .exec(&txn)
        .await?;
        if !matches!(claimed, TryInsertResult::Inserted(_)) {
            txn.rollback().await?;
            continue;
        }
        if items > 0 {
            let message = message(official, email, &week, begins, zone, items, bodies);
            state.mailer.enqueue(&txn, now, message).await?;
            sent += 1;
        }
        txn.commit().await?;
    }
    Ok(sent)
}

/// One body's meetings ahead: (body name, meeting "when", items as template values).
type BodyWeek = (String, String, Vec<Value>);

/// What `official`'s bodies have ahead, meeting by meeting: meetings from `now` to four weeks
/// after the week `begins`, with what residents said in the week before `begins` and the
/// totals so far.
async fn summary(
    db: &impl ConnectionTrait,
    app_url: &str,
    official: &official::Model,
    (begins, now): (DateTime<Utc>, DateTime<Utc>),
    zone: chrono_tz::Tz,
    seen: &mut HashMap<(i64, DateTime<Utc>), Vec<Value>>,
) -> Result<Vec<BodyWeek>, AppError> {
    let day = begins.with_timezone(&zone).date_naive();
    let seats: Vec<i64> = office_term::Entity::find()
        .filter(office_term::Column::OfficialId.eq(official.id))
        .filter(directory::seated_on(day))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.body_id)
        .collect();
    let bodies: HashMap<i64, body::Model> = body::Entity::find()
        .filter(body::Column::Id.is_in(seats))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let ahead = meeting::Entity::find()
        .filter(meeting::Column::BodyId.is_in(bodies.keys().copied()))
        .filter(meeting::Column::Status.eq(MeetingStatus::Scheduled))
        .filter(meeting::Column::ArchivedAt.is_null())
        .filter(meeting::Column::StartsAt.gt(now))
        .filter(meeting::Column::StartsAt.lt(begins + TimeDelta::days(AHEAD_DAYS)))
        .order_by_asc(meeting::Column::StartsAt)
        .all(db)
        .await?;
    let week = (begins - TimeDelta::days(7), begins);
    let mut out = Vec::new();
    for meeting in ahead {
        let Some(body) = bodies.get(&meeting.body_id) else {
            continue;
        };
        // Members of one body share a meeting's items: gathered once per run.
        let values = match seen.get(&(meeting.id, begins)) {
            Some(values) => values.clone(),
            None => {
                let values = meeting_items(db, app_url, meeting.id, week).await?;
                seen.insert((meeting.id, begins), values.clone());
                values
            }
        };
        if !values.is_empty() {
            out.push((
                body.name.clone(),
                meetings::local_start(&meeting, zone),
                values,
            ));
        }
    }
    Ok(out)
}

/// A meeting's procurement items as template values: what residents said in `week` and the
/// totals by position so far.
async fn meeting_items(
    db: &impl ConnectionTrait,
    app_url: &str,
    meeting_id: i64,
    week: (DateTime<Utc>, DateTime<Utc>),
) -> Result<Vec<Value>, AppError> {
    let items = procurement_items(db, meeting_id).await?;
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let keys: Vec<SubjectKey> = items.iter().map(subject_of).collect();
    let positions = tallies::position_counts(db, &keys).await?;
    let new_comments = created_in(db, &keys, week, true).await?;
    let new_concerns = created_in(db, &keys, week, false).await?;
    Ok(items
        .iter()
        .zip(&keys)
        .map(|(item, key)| {
            // People and organisations together, by position name.
            let mut totals: BTreeMap<String, i64> = BTreeMap::new();
            for (position, _, n) in positions.get(key).into_iter().flatten() {
                if let Some(p) = position {
                    *totals.entry(p.to_value()).or_default() += n;
                }
            }
            context! {
                number => item.item_number.clone(),
                decision => format!("{}: {}", item.action.to_value(), item.title),
                new_comments => new_comments.get(key).copied().unwrap_or(0),
                new_concerns => new_concerns.get(key).copied().unwrap_or(0),
                totals => totals
                    .into_iter()
                    .map(|(p, n)| format!("{p} {n}"))
                    .collect::<Vec<_>>(),
                link => subjects::link(app_url, GlobalId::new(NodeKind::AgendaItem, item.id)),
            }
        })
        .collect())
}

/// How many counted comments (`comments`) or concerns were created on each subject in `window`.
async fn created_in(
    db: &impl ConnectionTrait,
    keys: &[SubjectKey],
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    comments: bool,
) -> Result<HashMap<SubjectKey, i64>, AppError> {
    let rows: Vec<(entity::enums::SubjectType, i64, i64)> = if comments {
        comment::Entity::find()
            .select_only()
            .column(comment::Column::SubjectType)
            .column(comment::Column::SubjectId)
            .column_as(comment::Column::Id.count(), "n")
            .filter(tallies::subjects_in(
                keys,
                comment::Column::SubjectType,
                comment::Column::SubjectId,
            ))
            .filter(tallies::counted_comments())
            .filter(comment::Column::CreatedAt.gte(from))
            .filter(comment::Column::CreatedAt.lt(to))
            .group_by(comment::Column::SubjectType)
            .group_by(comment::Column::SubjectId)
            .into_tuple()
            .all(db)
            .await?
    } else {
        concern::Entity::find()
            .select_only()
            .column(concern::Column::SubjectType)
            .column(concern::Column::SubjectId)
            .column_as(concern::Column::Id.count(), "n")
            .filter(tallies::subjects_in(
                keys,
                concern::Column::SubjectType,
                concern::Column::SubjectId,
            ))
            .filter(concern::Column::CreatedAt.gte(from))
            .filter(concern::Column::CreatedAt.lt(to))
            .group_by(concern::Column::SubjectType)
            .group_by(concern::Column::SubjectId)
            .into_tuple()
            .all(db)
            .await?
    };
    Ok(rows.into_iter().map(|(t, id, n)| ((t, id), n)).collect())
}

fn message(
    official: &official::Model,
    to: &str,
    week: &str,
    begins: DateTime<Utc>,
    zone: chrono_tz::Tz,
    items: usize,
    bodies: Vec<BodyWeek>,
) -> NewEmail {
    NewEmail {
        kind: "official_summary",
        subject_key: format!("{CADENCE}:{week}"),
        to: to.to_owned(),
        to_name: Some(official.name.clone()),
        template: "official_summary",
        context: context! {
            name => official.name.clone(),
            week => week,
            since => (begins - TimeDelta::days(7)).with_timezone(&zone).format("%A %-d %B").to_string(),
            items => items,
            meetings => bodies
                .into_iter()
                .map(|(body, when, items)| context! { body => body, when => when, items => items })
                .collect::<Vec<_>>(),
        },
        topic: Some(TOPIC.to_owned()),
    }
}

/// After a one-click unsubscribe from [`TOPIC`]: the weekly summary of the officials linked to
/// that address is turned off, so their choice shows it. Other topics are left alone.
pub async fn stream_unsubscribed(
    db: &impl ConnectionTrait,
    preference_id: i64,
) -> Result<u64, AppError> {
    let Some(preference) = outbox::preference_by_id(db, preference_id).await? else {
        return Ok(0);
    };
    if preference.topic != TOPIC {
        return Ok(0);
    }
    let linked: Vec<i64> = user_account::Entity::find()
        .filter(user_account::Column::Email.eq(preference.recipient))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|u| u.official_id)
        .collect();
    Ok(official::Entity::update_many()
        .col_expr(official::Column::WeeklySummary, Expr::value(false))
        .filter(official::Column::Id.is_in(linked))
        .exec(db)
        .await?
        .rows_affected)
}
