//! What the community can speak about: a solicitation, a contract or an agenda item, named by its
//! global ID, with the facts participation rules need (its jurisdiction, the bodies that decide
//! it, when its comments close).

use chrono::{DateTime, TimeDelta, Utc};
use entity::enums::SubjectType;
use entity::{agency, agenda_item, body, contract, meeting, solicitation};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::AppError;

/// A subject that exists and is not archived.
#[derive(Debug, Clone)]
pub struct Subject {
    pub kind: SubjectType,
    pub id: i64,
    pub jurisdiction_id: i64,
    /// For an agenda item: when its meeting starts.
    pub meeting_starts_at: Option<DateTime<Utc>>,
}

impl Subject {
    /// Refuses comments once the agenda item's meeting is `close_minutes_before` minutes away.
    pub fn check_open(
        &self,
        now: DateTime<Utc>,
        close_minutes_before: i64,
    ) -> Result<(), AppError> {
        if let Some(starts_at) = self.meeting_starts_at {
            let closes_at = starts_at - TimeDelta::minutes(close_minutes_before);
            if now >= closes_at {
                return Err(AppError::Closed(format!(
                    "comments on this agenda item closed at {}, when its meeting began",
                    closes_at.format("%Y-%m-%d %H:%M UTC")
                )));
            }
        }
        Ok(())
    }
}

/// The global ID of a subject.
pub fn global_id_of(kind: SubjectType, id: i64) -> GlobalId {
    GlobalId::new(node_kind(kind), id)
}

/// The web client's address of a record, for links in mail.
pub fn link(app_url: &str, id: GlobalId) -> String {
    format!("{app_url}{}", id.page_path())
}

/// The global ID kind of a subject type.
pub fn node_kind(kind: SubjectType) -> NodeKind {
    match kind {
        SubjectType::Solicitation => NodeKind::Solicitation,
        SubjectType::Contract => NodeKind::Contract,
        SubjectType::AgendaItem => NodeKind::AgendaItem,
    }
}

/// Decodes `raw` as a subject's global ID without loading it.
pub fn parse(raw: &str, field: &'static str) -> Result<(SubjectType, i64), AppError> {
    let id = GlobalId::parse(raw, field)?;
    let kind = match id.kind {
        NodeKind::Solicitation => SubjectType::Solicitation,
        NodeKind::Contract => SubjectType::Contract,
        NodeKind::AgendaItem => SubjectType::AgendaItem,
        other => {
            return Err(AppError::invalid(
                field,
                format!(
                    "is the ID of a {other}; comments and concerns are about a solicitation, a contract or an agenda item"
                ),
            ));
        }
    };
    Ok((kind, id.id))
}

/// Loads a subject; archived or missing subjects are `NOT_FOUND`.
pub async fn load(
    db: &impl ConnectionTrait,
    kind: SubjectType,
    id: i64,
) -> Result<Subject, AppError> {
    let missing = || AppError::NotFound("subject");
    let agency_jurisdiction = |agency_id: i64| async move {
        agency::Entity::find_by_id(agency_id)
            .one(db)
            .await?
            .map(|a| a.jurisdiction_id)
            .ok_or(AppError::NotFound("subject"))
    };
    let (jurisdiction_id, meeting_starts_at) = match kind {
        SubjectType::Solicitation => {
            let row = solicitation::Entity::find_by_id(id)
                .filter(solicitation::Column::ArchivedAt.is_null())
                .one(db)
                .await?
                .ok_or_else(missing)?;
            (agency_jurisdiction(row.agency_id).await?, None)
        }
        SubjectType::Contract => {
            let row = contract::Entity::find_by_id(id)
                .filter(contract::Column::ArchivedAt.is_null())
                .one(db)
                .await?
                .ok_or_else(missing)?;
            (agency_jurisdiction(row.agency_id).await?, None)
        }
        SubjectType::AgendaItem => {
            let item = agenda_item::Entity::find_by_id(id)
                .filter(agenda_item::Column::ArchivedAt.is_null())
                .one(db)
                .await?
                .ok_or_else(missing)?;
            let meeting = meeting::Entity::find_by_id(item.meeting_id)
                .one(db)
                .await?
                .ok_or_else(missing)?;
            let body = body::Entity::find_by_id(meeting.body_id)
                .one(db)
                .await?
                .ok_or_else(missing)?;
            (body.jurisdiction_id, Some(meeting.starts_at))
        }
    };
    Ok(Subject {
        kind,
        id,
        jurisdiction_id,
        meeting_starts_at,
    })
}

/// Decodes and loads the subject named by `raw`.
pub async fn resolve(
    db: &impl ConnectionTrait,
    raw: &str,
    field: &'static str,
) -> Result<Subject, AppError> {
    let (kind, id) = parse(raw, field)?;
    load(db, kind, id).await
}
