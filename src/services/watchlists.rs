//! Organisations' watchlists: named, public lists of items a verified organisation's
//! representatives curate, each with a note, that anyone can follow.

use entity::enums::AlertEventKind;
use entity::{organization, watchlist, watchlist_item};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    QueryFilter, QueryOrder, TransactionTrait,
};

use crate::auth::Viewer;
use crate::domain::ids::{GlobalId, NodeKind};
use crate::domain::text::bounded;
use crate::error::AppError;
use crate::services::alert_events::{self, NewEvent};
use crate::services::{organizations, subjects};
use crate::state::AppState;

/// `createWatchlist`: a representative of a verified organisation starts a list in its name.
pub async fn create(
    state: &AppState,
    viewer: &Viewer,
    organization_id: &str,
    name: &str,
    description: &str,
) -> Result<watchlist::Model, AppError> {
    let me = viewer.verified()?;
    let name = bounded("name", name, 2, 120)?;
    let description = bounded("description", description, 0, 2000)?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let org: organization::Model =
        organizations::speaking_for(&txn, me.id, organization_id, "organizationId").await?;
    let row = watchlist::ActiveModel {
        organization_id: Set(org.id),
        name: Set(name),
        description: Set(description),
        created_by: Set(me.id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// The watchlist named by `raw`, checked to be the viewer's to curate.
async fn curated_by(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    raw: &str,
) -> Result<watchlist::Model, AppError> {
    let me = viewer.verified()?;
    let id = GlobalId::parse_as(raw, NodeKind::Watchlist, "watchlistId")?;
    let list = watchlist::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("watchlist"))?;
    let organization = GlobalId::new(NodeKind::Organization, list.organization_id).encode();
    organizations::speaking_for(db, me.id, &organization, "watchlistId").await?;
    Ok(list)
}

/// `addWatchlistItem`: adds an item (or changes its note).
pub async fn add_item(
    state: &AppState,
    viewer: &Viewer,
    watchlist_id: &str,
    subject_id: &str,
    note: &str,
) -> Result<watchlist::Model, AppError> {
    let note = bounded("note", note, 0, 500)?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let list = curated_by(&txn, viewer, watchlist_id).await?;
    let subject = subjects::resolve(&txn, subject_id, "subjectId").await?;
    let new = watchlist_item::Entity::find_by_id((list.id, subject.kind, subject.id))
        .one(&txn)
        .await?
        .is_none();
    if new {
        // The list's followers hear of a new item; a changed note is not news.
        let headline = if note.is_empty() {
            format!("Added to \"{}\"", list.name)
        } else {
            format!("Added to \"{}\": {note}", list.name)
        };
        let mut event = NewEvent::new(AlertEventKind::WatchlistItemAdded, headline);
        event.watchlist_id = Some(list.id);
        alert_events::emit(&txn, event, now).await?;
    }
    watchlist_item::Entity::insert(watchlist_item::ActiveModel {
        watchlist_id: Set(list.id),
        subject_type: Set(subject.kind),
        subject_id: Set(subject.id),
        note: Set(note),
        added_by: Set(viewer.verified()?.id),
        added_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            watchlist_item::Column::WatchlistId,
            watchlist_item::Column::SubjectType,
            watchlist_item::Column::SubjectId,
        ])
        .update_column(watchlist_item::Column::Note)
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    txn.commit().await?;
    Ok(list)
}

/// `removeWatchlistItem`.
pub async fn remove_item(
    state: &AppState,
    viewer: &Viewer,
    watchlist_id: &str,
    subject_id: &str,
) -> Result<watchlist::Model, AppError> {
    let txn = state.db.write.begin().await?;
    let list = curated_by(&txn, viewer, watchlist_id).await?;
    let (kind, id) = subjects::parse(subject_id, "subjectId")?;
    let removed = watchlist_item::Entity::delete_by_id((list.id, kind, id))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(AppError::NotFound("watchlist item"));
    }
    txn.commit().await?;
    Ok(list)
}

/// A watchlist by id.
pub async fn find(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<watchlist::Model>, AppError> {
    Ok(watchlist::Entity::find_by_id(id).one(db).await?)
}

/// An organisation's watchlists, oldest first.
pub async fn of_organization(
    db: &impl ConnectionTrait,
    organization_id: i64,
) -> Result<Vec<watchlist::Model>, AppError> {
    Ok(watchlist::Entity::find()
        .filter(watchlist::Column::OrganizationId.eq(organization_id))
        .order_by_asc(watchlist::Column::Id)
        .all(db)
        .await?)
}

/// A watchlist's items, in the order they were added.
pub async fn items(
    db: &impl ConnectionTrait,
    watchlist_id: i64,
) -> Result<Vec<watchlist_item::Model>, AppError> {
    Ok(watchlist_item::Entity::find()
        .filter(watchlist_item::Column::WatchlistId.eq(watchlist_id))
        .order_by_asc(watchlist_item::Column::AddedAt)
        .all(db)
        .await?)
}
