//! Meetings and the agenda items they vote on.

use chrono::{DateTime, Duration, Utc};
use entity::enums::MeetingStatus;
use entity::{agenda_item, body, jurisdiction, meeting};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::page::{Page, PageRequest};
use crate::error::AppError;
use crate::services::paginate;

/// Which meetings to list.
#[derive(Debug, Clone, Default)]
pub struct MeetingFilter {
    pub body_id: Option<i64>,
    pub jurisdiction_id: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// A meeting and the body that holds it.
pub async fn with_body(
    db: &impl ConnectionTrait,
    meeting_id: i64,
) -> Result<(meeting::Model, body::Model), AppError> {
    let meeting = meeting::Entity::find_by_id(meeting_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("meeting"))?;
    let body = body_of(db, &meeting).await?;
    Ok((meeting, body))
}

/// The body that holds a meeting.
pub async fn body_of(
    db: &impl ConnectionTrait,
    meeting: &meeting::Model,
) -> Result<body::Model, AppError> {
    body::Entity::find_by_id(meeting.body_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("body"))
}

/// The time zone of the jurisdiction a body belongs to (UTC if it names none that exists).
pub async fn zone(
    db: &impl ConnectionTrait,
    body: &body::Model,
) -> Result<chrono_tz::Tz, AppError> {
    Ok(jurisdiction::Entity::find_by_id(body.jurisdiction_id)
        .one(db)
        .await?
        .and_then(|j| j.time_zone.parse().ok())
        .unwrap_or(chrono_tz::UTC))
}

/// When a meeting starts, in words, in `zone`: "Thursday 16 July 2026 at 18:00 CDT". Alerts and
/// officials' digests both say it this way.
pub fn local_start(meeting: &meeting::Model, zone: chrono_tz::Tz) -> String {
    meeting
        .starts_at
        .with_timezone(&zone)
        .format("%A %-d %B %Y at %H:%M %Z")
        .to_string()
}

/// The longest look-ahead `upcomingVotes` accepts.
pub const MAX_UPCOMING_DAYS: i32 = 366;

/// One page of meetings, earliest first.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: MeetingFilter,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<meeting::Model>, AppError> {
    use meeting::Column as C;

    let mut select = meeting::Entity::find().filter(meeting::Column::ArchivedAt.is_null());
    if let Some(body_id) = filter.body_id {
        select = select.filter(C::BodyId.eq(body_id));
    }
    if let Some(jurisdiction) = filter.jurisdiction_id {
        select = select.filter(
            C::BodyId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(body::Column::Id)
                    .from(body::Entity)
                    .and_where(body::Column::JurisdictionId.eq(jurisdiction))
                    .to_owned(),
            ),
        );
    }
    if let Some(from) = filter.from {
        select = select.filter(C::StartsAt.gte(from));
    }
    if let Some(to) = filter.to {
        select = select.filter(C::StartsAt.lt(to));
    }
    let select = select.order_by_asc(C::StartsAt).order_by_asc(C::Id);
    Ok(paginate(db, select, page, want_total).await?)
}

/// Agenda items of meetings starting within `within_days` of `now` (cancelled meetings excluded)
/// that decide a solicitation or a contract, soonest first.
pub async fn upcoming_votes(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    within_days: i32,
    jurisdiction_id: Option<i64>,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<agenda_item::Model>, AppError> {
    if !(1..=MAX_UPCOMING_DAYS).contains(&within_days) {
        return Err(AppError::invalid(
            "withinDays",
            format!("must be between 1 and {MAX_UPCOMING_DAYS}"),
        ));
    }
    let until = now + Duration::days(within_days.into());
    let select = agenda_item::Entity::find()
        .inner_join(meeting::Entity)
        .filter(meeting::Column::StartsAt.gte(now))
        .filter(meeting::Column::StartsAt.lt(until))
        .filter(meeting::Column::Status.ne(MeetingStatus::Cancelled))
        .filter(meeting::Column::ArchivedAt.is_null())
        .filter(agenda_item::Column::ArchivedAt.is_null())
        .filter(
            Condition::any()
                .add(agenda_item::Column::SolicitationId.is_not_null())
                .add(agenda_item::Column::ContractId.is_not_null()),
        )
        .order_by_asc(meeting::Column::StartsAt)
        .order_by_asc(agenda_item::Column::Id);
    let select = match jurisdiction_id {
        Some(id) => select
            .filter(meeting::Column::BodyId.in_subquery(crate::services::directory::bodies_of(id))),
        None => select,
    };
    Ok(paginate(db, select, page, want_total).await?)
}
