//! Moderation, distinct from concerns: people report comments that break the rules; enough
//! distinct reports hide a comment pending review; moderators hide, restore or remove; the
//! author is told by email; every action goes in the public moderation log (never who reported).

use chrono::{DateTime, Utc};
use entity::enums::{ModerationKind, ReportReason, Visibility};
use entity::{comment, comment_report, moderation_action, user_account};
use minijinja::context;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveEnum as _, ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, ConnectionTrait,
    EntityTrait, IntoActiveModel as _, QueryFilter, QueryOrder, TransactionTrait, TryInsertResult,
    sea_query::Condition,
};

use crate::auth::{RequestMeta, Viewer};
use crate::domain::ids::{GlobalId, NodeKind};
use crate::domain::markdown;
use crate::domain::page::{Page, PageRequest};
use crate::domain::text::bounded;
use crate::error::AppError;
use crate::outbox::NewEmail;
use crate::services::audit::{self, Actor, Entry, digest};
use crate::services::{paginate, throttle};
use crate::state::AppState;

/// What a moderator may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Hide,
    Restore,
    Remove,
}

fn reason(raw: &str) -> Result<String, AppError> {
    let text = raw.trim();
    let chars = text.chars().count();
    if !(1..=500).contains(&chars) || text.contains('\0') {
        return Err(AppError::invalid(
            "reason",
            "a reason has 1 to 500 characters; it is published in the moderation log",
        ));
    }
    Ok(text.to_owned())
}

/// `reportComment`: one report per person per comment; the report that brings the count of
/// distinct verified reporters to `reports_to_hide` hides the comment pending review.
pub async fn report(
    state: &AppState,
    viewer: &Viewer,
    comment_id: &str,
    why: ReportReason,
    more: &str,
) -> Result<(), AppError> {
    let me = viewer.verified()?;
    let more = bounded("details", more, 0, 1000)?;
    let id = GlobalId::parse_as(comment_id, NodeKind::Comment, "commentId")?;
    let now = state.clock.now();
    let settings = &state.settings.participation;
    let txn = state.db.write.begin().await?;
    let row = comment::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|c| c.visibility == Visibility::Visible && c.deleted_at.is_none())
        .ok_or(AppError::NotFound("comment"))?;
    if row.author_id == me.id {
        return Err(AppError::invalid(
            "commentId",
            "you cannot report your own comment; edit or delete it instead",
        ));
    }
    throttle::daily(
        &txn,
        &format!("report:{}", me.id),
        settings.reports_per_day,
        now,
    )
    .await?;
    let inserted = comment_report::Entity::insert(comment_report::ActiveModel {
        comment_id: Set(row.id),
        reporter_id: Set(me.id),
        reason: Set(why),
        details: Set(more),
        created_at: Set(now),
        reviewed_at: Set(None),
    })
    .on_conflict_do_nothing()
    .exec_without_returning(&txn)
    .await?;
    if !matches!(inserted, TryInsertResult::Inserted(n) if n > 0) {
        return Err(AppError::Conflict("you already reported this comment"));
    }
    // Count in the database, so concurrent reports cannot both miss the threshold.
    comment::Entity::update_many()
        .col_expr(
            comment::Column::ReportCount,
            Expr::col(comment::Column::ReportCount).add(1),
        )
        .filter(comment::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    let row = comment::Entity::find_by_id(row.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("comment"))?;
    if row.report_count >= settings.reports_to_hide && row.visibility == Visibility::Visible {
        let reason = format!(
            "hidden automatically after {} people reported it, pending review",
            row.report_count
        );
        let row = set_visibility(&txn, row, Visibility::Hidden).await?;
        log(&txn, &row, ModerationKind::AutoHide, &reason, None, now).await?;
        tell_author(state, &txn, &row, ModerationKind::AutoHide, &reason, now).await?;
    }
    txn.commit().await?;
    Ok(())
}

async fn set_visibility(
    db: &impl ConnectionTrait,
    row: comment::Model,
    visibility: Visibility,
) -> Result<comment::Model, AppError> {
    let mut active = row.into_active_model();
    active.visibility = Set(visibility);
    Ok(active.update(db).await?)
}

async fn log(
    db: &impl ConnectionTrait,
    row: &comment::Model,
    action: ModerationKind,
    reason: &str,
    moderator_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    moderation_action::ActiveModel {
        comment_id: Set(row.id),
        action: Set(action),
        reason: Set(reason.to_owned()),
        moderator_id: Set(moderator_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Mails the author what happened to their comment (in the same transaction: no action without
/// its notice, no notice without its action).
async fn tell_author(
    state: &AppState,
    db: &impl ConnectionTrait,
    row: &comment::Model,
    action: ModerationKind,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(author) = user_account::Entity::find_by_id(row.author_id)
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let Some(to) = author.email.clone() else {
        return Ok(());
    };
    state
        .mailer
        .enqueue(
            db,
            now,
            NewEmail {
                kind: "comment_moderated",
                subject_key: format!("{}:{}:{}", row.id, action.to_value(), now.timestamp()),
                to,
                to_name: Some(author.display_name.clone()),
                template: "comment_moderated",
                context: context! {
                    name => &author.display_name,
                    action => action.to_value(),
                    reason => reason,
                    excerpt => markdown::excerpt(&row.body, 200),
                },
                topic: None,
            },
        )
        .await?;
    Ok(())
}

/// `moderateComment`.
pub async fn moderate(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    comment_id: &str,
    decision: Decision,
    why: &str,
) -> Result<comment::Model, AppError> {
    let me = viewer.moderator()?;
    let why = reason(why)?;
    let id = GlobalId::parse_as(comment_id, NodeKind::Comment, "commentId")?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let row = comment::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("comment"))?;
    let (visibility, action) = match decision {
        Decision::Hide => (Visibility::Hidden, ModerationKind::Hide),
        Decision::Restore => (Visibility::Visible, ModerationKind::Restore),
        Decision::Remove => (Visibility::Removed, ModerationKind::Remove),
    };
    if row.visibility == visibility {
        return Err(AppError::invalid(
            "action",
            format!("the comment is already {}", visibility.to_value()),
        ));
    }
    let before = digest(&row);
    // A review settles the reports so far: a restored comment needs fresh reports to hide again.
    comment_report::Entity::update_many()
        .col_expr(comment_report::Column::ReviewedAt, Expr::value(now))
        .filter(comment_report::Column::CommentId.eq(row.id))
        .filter(comment_report::Column::ReviewedAt.is_null())
        .exec(&txn)
        .await?;
    let mut active = row.into_active_model();
    active.visibility = Set(visibility);
    active.report_count = Set(0);
    let row = active.update(&txn).await?;
    log(&txn, &row, action, &why, Some(me.id), now).await?;
    tell_author(state, &txn, &row, action, &why, now).await?;
    audit::record(
        &txn,
        &Actor::of(viewer, meta),
        Entry {
            action: "moderateComment",
            target_type: NodeKind::Comment.name(),
            target_id: Some(row.id),
            reason: Some(why),
            before: Some(before),
            after: Some(digest(&row)),
            jurisdiction_id: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// The moderators' queue: hidden comments and comments with reports not yet reviewed, most
/// reported first.
pub async fn queue(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<comment::Model>, AppError> {
    viewer.moderator()?;
    let select = comment::Entity::find()
        .filter(
            Condition::any()
                .add(comment::Column::Visibility.eq(Visibility::Hidden))
                .add(comment::Column::ReportCount.gt(0)),
        )
        .order_by_desc(comment::Column::ReportCount)
        .order_by_asc(comment::Column::Id);
    Ok(paginate(db, select, page, want_total).await?)
}

/// An author's comments, newest first, hidden and removed ones included: for moderators
/// deciding on one of them.
pub async fn author_history(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    author_id: i64,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<comment::Model>, AppError> {
    viewer.moderator()?;
    let select = comment::Entity::find()
        .filter(comment::Column::AuthorId.eq(author_id))
        .order_by_desc(comment::Column::CreatedAt)
        .order_by_desc(comment::Column::Id);
    Ok(paginate(db, select, page, want_total).await?)
}

/// Reports on a comment not yet reviewed, oldest first (for moderators; never published).
pub async fn open_reports(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    comment_id: i64,
) -> Result<Vec<comment_report::Model>, AppError> {
    viewer.moderator()?;
    Ok(comment_report::Entity::find()
        .filter(comment_report::Column::CommentId.eq(comment_id))
        .filter(comment_report::Column::ReviewedAt.is_null())
        .order_by_asc(comment_report::Column::CreatedAt)
        .all(db)
        .await?)
}

/// The public moderation log, newest first.
pub async fn log_page(
    db: &impl ConnectionTrait,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<moderation_action::Model>, AppError> {
    let select = moderation_action::Entity::find().order_by_desc(moderation_action::Column::Id);
    Ok(paginate(db, select, page, want_total).await?)
}
