//! Comments with a stance: posting (as oneself or in a verified organisation's name), threaded
//! replies, edits with history, soft deletion, and what each viewer may see.

use chrono::{DateTime, TimeDelta, Utc};
use entity::enums::{AlertEventKind, Position, SubjectType, Visibility};
use entity::{comment, comment_revision};
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    IntoActiveModel as _, QueryFilter, QueryOrder, TransactionTrait, sea_query::Condition,
};

use crate::auth::Viewer;
use crate::domain::ids::{GlobalId, NodeKind};
use crate::domain::page::{Page, PageRequest};
use crate::error::AppError;
use crate::events::{Event, EventKind};
use crate::services::{alert_events, organizations, paginate, subjects, throttle};
use crate::state::AppState;

/// Replies nest at most this deep (a top-level comment is depth 1).
pub const MAX_DEPTH: i32 = 3;
/// A body's length limit, in characters.
pub const MAX_BODY_CHARS: usize = 5000;

/// A new comment, as the API received it.
#[derive(Debug, Clone)]
pub struct NewComment {
    pub subject_id: String,
    pub body: String,
    pub position: Option<Position>,
    pub parent_id: Option<String>,
    pub on_behalf_of_organization_id: Option<String>,
}

/// Checks a body: 1–5,000 characters after trimming, no NUL.
fn parse_body(raw: &str) -> Result<String, AppError> {
    let body = raw.trim();
    let chars = body.chars().count();
    if chars == 0 || chars > MAX_BODY_CHARS || body.contains('\0') {
        return Err(AppError::invalid(
            "body",
            format!("a comment has 1 to {MAX_BODY_CHARS} characters"),
        ));
    }
    Ok(body.to_owned())
}

/// The text duplicates are compared on: case and spacing do not make a comment new.
fn normalized(body: &str) -> String {
    body.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether `viewer` may see `row` at all. Deleted comments stay (as placeholders) so threads hold.
pub fn visible_to(viewer: &Viewer, row: &comment::Model) -> bool {
    row.visibility == Visibility::Visible || viewer.sees_hidden()
}

/// The filter every comment query applies for `viewer`.
pub fn visibility_filter(viewer: &Viewer) -> Condition {
    if viewer.sees_hidden() {
        Condition::all()
    } else {
        Condition::all().add(comment::Column::Visibility.eq(Visibility::Visible))
    }
}

/// `postComment`.
pub async fn post(
    state: &AppState,
    viewer: &Viewer,
    input: NewComment,
) -> Result<comment::Model, AppError> {
    let author = viewer.verified()?;
    let body = parse_body(&input.body)?;
    let now = state.clock.now();
    let settings = &state.settings.participation;
    let txn = state.db.write.begin().await?;
    let subject = subjects::resolve(&txn, &input.subject_id, "subjectId").await?;
    subject.check_open(now, settings.close_comments_minutes_before_meeting)?;

    let (parent_id, depth, position) = match &input.parent_id {
        Some(raw) => {
            let parent_id = GlobalId::parse_as(raw, NodeKind::Comment, "parentId")?;
            let parent = comment::Entity::find_by_id(parent_id)
                .one(&txn)
                .await?
                .filter(|p| visible_to(viewer, p))
                .ok_or(AppError::NotFound("comment"))?;
            if (parent.subject_type, parent.subject_id) != (subject.kind, subject.id) {
                return Err(AppError::invalid(
                    "parentId",
                    "the comment replied to is about another subject",
                ));
            }
            if parent.depth >= MAX_DEPTH {
                return Err(AppError::invalid(
                    "parentId",
                    format!("replies nest at most {MAX_DEPTH} deep; reply higher up the thread"),
                ));
            }
            if input.position.is_some() {
                return Err(AppError::invalid(
                    "position",
                    "only top-level comments take a position",
                ));
            }
            (Some(parent_id), parent.depth + 1, None)
        }
        None => {
            let position = input.position.ok_or_else(|| {
                AppError::invalid("position", "a top-level comment takes a position")
            })?;
            (None, 1, Some(position))
        }
    };
    let organization = match &input.on_behalf_of_organization_id {
        Some(raw) => Some(
            organizations::speaking_for(&txn, author.id, raw, "onBehalfOfOrganizationId").await?,
        ),
        None => None,
    };

    throttle::hourly(
        &txn,
        &format!("comment:{}", author.id),
        settings.comments_per_hour,
        now,
    )
    .await?;
    reject_duplicate(&txn, author.id, &body, now, settings.duplicate_window_hours).await?;

    let row = comment::ActiveModel {
        subject_type: Set(subject.kind),
        subject_id: Set(subject.id),
        author_id: Set(author.id),
        organization_id: Set(organization.map(|o| o.id)),
        parent_id: Set(parent_id),
        depth: Set(depth),
        position: Set(position),
        body: Set(body),
        visibility: Set(Visibility::Visible),
        report_count: Set(0),
        created_at: Set(now),
        edited_at: Set(None),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut event = alert_events::about_subject(
        AlertEventKind::CommentAdded,
        (row.subject_type, row.subject_id),
        format!(
            "New comment: {}",
            crate::domain::markdown::excerpt(&row.body, 120)
        ),
    );
    event.comment_id = Some(row.id);
    alert_events::emit(&txn, event, now).await?;
    txn.commit().await?;
    state
        .events
        .publish(Event::new(
            EventKind::CommentAdded,
            (row.subject_type, row.subject_id),
            row.id,
        ))
        .await;
    Ok(row)
}

/// Refuses a body the author already posted within the window.
async fn reject_duplicate(
    db: &impl ConnectionTrait,
    author_id: i64,
    body: &str,
    now: DateTime<Utc>,
    window_hours: i64,
) -> Result<(), AppError> {
    let recent = comment::Entity::find()
        .filter(comment::Column::AuthorId.eq(author_id))
        .filter(comment::Column::CreatedAt.gte(now - TimeDelta::hours(window_hours)))
        .filter(comment::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let text = normalized(body);
    if recent.iter().any(|c| normalized(&c.body) == text) {
        return Err(AppError::invalid(
            "body",
            "you posted this same text recently; edit that comment instead",
        ));
    }
    Ok(())
}

/// The viewer's own live comment, for editing or deleting. Hidden and removed comments are
/// under review: their authors cannot change them (they may ask a moderator by replying to the
/// notice).
async fn own(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    raw: &str,
) -> Result<comment::Model, AppError> {
    let me = viewer.verified()?;
    let id = GlobalId::parse_as(raw, NodeKind::Comment, "commentId")?;
    let row = comment::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|c| visible_to(viewer, c))
        .ok_or(AppError::NotFound("comment"))?;
    if row.author_id != me.id {
        return Err(AppError::Forbidden);
    }
    if row.deleted_at.is_some() {
        return Err(AppError::invalid("commentId", "this comment was deleted"));
    }
    Ok(row)
}

/// `editComment`: keeps the previous body as a revision and marks the comment edited.
pub async fn edit(
    state: &AppState,
    viewer: &Viewer,
    comment_id: &str,
    body: &str,
) -> Result<comment::Model, AppError> {
    let body = parse_body(body)?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let row = own(&txn, viewer, comment_id).await?;
    let subject = subjects::load(&txn, row.subject_type, row.subject_id).await?;
    subject.check_open(
        now,
        state
            .settings
            .participation
            .close_comments_minutes_before_meeting,
    )?;
    if row.body == body {
        return Ok(row);
    }
    keep_revision(&txn, &row, now).await?;
    let mut active = row.into_active_model();
    active.body = Set(body);
    active.edited_at = Set(Some(now));
    let row = active.update(&txn).await?;
    txn.commit().await?;
    Ok(row)
}

/// `deleteComment`: the body goes (kept as a revision for the record), the thread stays.
pub async fn delete(
    state: &AppState,
    viewer: &Viewer,
    comment_id: &str,
) -> Result<comment::Model, AppError> {
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let row = own(&txn, viewer, comment_id).await?;
    keep_revision(&txn, &row, now).await?;
    let mut active = row.into_active_model();
    active.body = Set(String::new());
    active.deleted_at = Set(Some(now));
    let row = active.update(&txn).await?;
    txn.commit().await?;
    Ok(row)
}

async fn keep_revision(
    db: &impl ConnectionTrait,
    row: &comment::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    comment_revision::ActiveModel {
        comment_id: Set(row.id),
        body: Set(row.body.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Earlier bodies of a comment, oldest first: for its author and moderators.
pub async fn revisions(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    row: &comment::Model,
) -> Result<Vec<comment_revision::Model>, AppError> {
    let me = viewer.verified()?;
    if me.id != row.author_id && !viewer.sees_hidden() {
        return Err(AppError::Forbidden);
    }
    Ok(comment_revision::Entity::find()
        .filter(comment_revision::Column::CommentId.eq(row.id))
        .order_by_asc(comment_revision::Column::Id)
        .all(db)
        .await?)
}

/// Top-level comments on a subject, oldest first, as `viewer` may see them.
pub async fn top_level(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    kind: SubjectType,
    subject_id: i64,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<comment::Model>, AppError> {
    let select = comment::Entity::find()
        .filter(comment::Column::SubjectType.eq(kind))
        .filter(comment::Column::SubjectId.eq(subject_id))
        .filter(comment::Column::ParentId.is_null())
        .filter(visibility_filter(viewer))
        .order_by_asc(comment::Column::Id);
    Ok(paginate(db, select, page, want_total).await?)
}

/// One comment by id, if `viewer` may see it.
pub async fn find(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i64,
) -> Result<Option<comment::Model>, AppError> {
    Ok(comment::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|row| visible_to(viewer, row)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_checked_and_compared_loosely() {
        assert!(parse_body("   ").is_err());
        assert!(parse_body(&"x".repeat(MAX_BODY_CHARS + 1)).is_err());
        assert_eq!(
            parse_body(&"é".repeat(MAX_BODY_CHARS))
                .map(|b| b.chars().count())
                .ok(),
            Some(MAX_BODY_CHARS)
        );
        assert_eq!(
            normalized("Vote  NO\non this"),
            normalized("vote no on this")
        );
    }
}
