//! The public comment packet of an agenda item: every visible comment and every concern on the
//! item and on what it decides (its contract or solicitation), for the clerk to enter into the
//! official record. Served as CSV and JSON at stable URLs (`/agenda-items/{id}/comments.csv`).
//!
//! Only public facts: display names ("former member" for deleted accounts), organisation names,
//! times, positions, text and endorsement counts. Hidden, removed and deleted comments are left
//! out.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::enums::{SubjectType, Visibility};
use entity::{agenda_item, comment, concern, concern_cosignature, concern_response};
use sea_orm::{
    ActiveEnum as _, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;

use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::AppError;
use crate::services::tallies::subjects_in;
use crate::services::{accounts, organizations};

/// One comment or concern, as a row of the packet.
#[derive(Debug, Clone, Serialize)]
pub struct PacketRow {
    /// `comment` or `concern`.
    pub kind: &'static str,
    pub id: String,
    /// What it was said on: `agenda_item`, `contract` or `solicitation`.
    pub on: String,
    pub posted_at: DateTime<Utc>,
    pub author: String,
    pub organization: Option<String>,
    /// A comment's position, or a concern's category.
    pub position: Option<String>,
    pub severity: Option<String>,
    /// The comment this one replies to.
    pub reply_to: Option<String>,
    /// A comment's text (Markdown), or a concern's summary and details.
    pub text: String,
    pub endorsements: Option<i32>,
    /// Organisations that co-signed a concern, separated by "; ".
    pub co_signed_by: Option<String>,
    pub status: Option<String>,
    /// The latest official response to a concern.
    pub official_response: Option<String>,
}

/// An agenda item's packet.
#[derive(Debug, Clone)]
pub struct Packet {
    pub item: agenda_item::Model,
    pub rows: Vec<PacketRow>,
}

/// The packet of the agenda item named by `raw_id` (a global ID), oldest first.
pub async fn packet(db: &impl ConnectionTrait, raw_id: &str) -> Result<Packet, AppError> {
    let id = GlobalId::parse_as(raw_id, NodeKind::AgendaItem, "id")?;
    let item = agenda_item::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("agenda item"))?;
    let mut on = vec![(SubjectType::AgendaItem, item.id)];
    on.extend(item.contract_id.map(|c| (SubjectType::Contract, c)));
    on.extend(item.solicitation_id.map(|s| (SubjectType::Solicitation, s)));
    let comments = comment::Entity::find()
        .filter(subjects_in(
            &on,
            comment::Column::SubjectType,
            comment::Column::SubjectId,
        ))
        .filter(comment::Column::Visibility.eq(Visibility::Visible))
        .filter(comment::Column::DeletedAt.is_null())
        .order_by_asc(comment::Column::CreatedAt)
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await?;
    let concerns = concern::Entity::find()
        .filter(subjects_in(
            &on,
            concern::Column::SubjectType,
            concern::Column::SubjectId,
        ))
        .order_by_asc(concern::Column::CreatedAt)
        .order_by_asc(concern::Column::Id)
        .all(db)
        .await?;
    let concern_ids: Vec<i64> = concerns.iter().map(|c| c.id).collect();
    let mut responses: HashMap<i64, String> = HashMap::new();
    for response in concern_response::Entity::find()
        .filter(concern_response::Column::ConcernId.is_in(concern_ids.clone()))
        .order_by_asc(concern_response::Column::CreatedAt)
        .order_by_asc(concern_response::Column::Id)
        .all(db)
        .await?
    {
        responses.insert(response.concern_id, response.body);
    }
    let cosignatures = concern_cosignature::Entity::find()
        .filter(concern_cosignature::Column::ConcernId.is_in(concern_ids))
        .all(db)
        .await?;
    let authors = accounts::display_names(
        db,
        comments
            .iter()
            .map(|c| c.author_id)
            .chain(concerns.iter().map(|c| c.author_id)),
    )
    .await?;
    let organizations = organizations::names(
        db,
        comments
            .iter()
            .filter_map(|c| c.organization_id)
            .chain(concerns.iter().filter_map(|c| c.organization_id))
            .chain(cosignatures.iter().map(|c| c.organization_id)),
    )
    .await?;
    let author = |id: i64| {
        authors
            .get(&id)
            .cloned()
            .unwrap_or_else(|| accounts::FORMER_MEMBER.to_owned())
    };
    let mut rows: Vec<PacketRow> = comments
        .into_iter()
        .map(|c| PacketRow {
            kind: "comment",
            id: GlobalId::new(NodeKind::Comment, c.id).encode(),
            on: c.subject_type.to_value(),
            posted_at: c.created_at,
            author: author(c.author_id),
            organization: c
                .organization_id
                .and_then(|o| organizations.get(&o).cloned()),
            position: c.position.map(|p| p.to_value()),
            severity: None,
            reply_to: c
                .parent_id
                .map(|p| GlobalId::new(NodeKind::Comment, p).encode()),
            text: c.body,
            endorsements: None,
            co_signed_by: None,
            status: None,
            official_response: None,
        })
        .collect();
    rows.extend(concerns.into_iter().map(|c| {
        let signed: Vec<&str> = cosignatures
            .iter()
            .filter(|s| s.concern_id == c.id)
            .filter_map(|s| organizations.get(&s.organization_id).map(String::as_str))
            .collect();
        PacketRow {
            kind: "concern",
            id: GlobalId::new(NodeKind::Concern, c.id).encode(),
            on: c.subject_type.to_value(),
            posted_at: c.created_at,
            author: author(c.author_id),
            organization: c
                .organization_id
                .and_then(|o| organizations.get(&o).cloned()),
            position: Some(c.category.to_value()),
            severity: Some(c.severity.to_value()),
            reply_to: None,
            text: format!("{}\n\n{}", c.summary, c.details).trim().to_owned(),
            endorsements: Some(c.endorsement_count),
            co_signed_by: (!signed.is_empty()).then(|| signed.join("; ")),
            status: Some(c.status.to_value()),
            official_response: responses.get(&c.id).cloned(),
        }
    }));
    rows.sort_by_key(|row| row.posted_at);
    Ok(Packet { item, rows })
}
