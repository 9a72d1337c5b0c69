//! What shapes officials' digests beyond the service's defaults: a body's own lead times (set by
//! staff of its jurisdiction), and each official's own choices: whether to receive pre-vote
//! digests (public, because residents should know whether their representative is being told)
//! and whether to receive the weekly summary (off unless they opt in).

use entity::{body, official};
use sea_orm::{ActiveModelTrait as _, ActiveValue::Set, EntityTrait, TransactionTrait as _};

use crate::auth::{RequestMeta, Viewer};
use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::AppError;
use crate::services::audit::{self, Actor, Entry};
use crate::services::official_summary;
use crate::state::AppState;

/// The widest lead time, in days.
pub const MAX_LEAD_DAYS: i64 = 60;
/// How many lead times a body may have.
const MAX_LEAD_TIMES: usize = 4;

/// A body's lead times in days, longest first: its own, else the service's `default`.
pub fn lead_times(body: &body::Model, default: &[i64]) -> Vec<i64> {
    let mut leads: Vec<i64> = match body.digest_lead_days.as_deref() {
        Some(own) => own
            .split(',')
            .filter_map(|part| part.trim().parse().ok())
            .collect(),
        None => default.to_vec(),
    };
    leads.sort_unstable_by(|a, b| b.cmp(a));
    leads.dedup();
    leads
}

/// `setBodyDigestLeadTimes`: staff of the body's jurisdiction set its own lead times (one to
/// four, each 0–60 days, each once), or go back to the service's with `None`.
pub async fn set_lead_times(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    body_raw: &str,
    lead_days: Option<Vec<i32>>,
) -> Result<body::Model, AppError> {
    viewer.any_staff()?;
    let body_id = GlobalId::parse_as(body_raw, NodeKind::Body, "bodyId")?;
    let stored = match lead_days {
        None => None,
        Some(list) => Some(stored_leads(&list)?),
    };
    let db = &state.db.write;
    let row = body::Entity::find_by_id(body_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("body"))?;
    viewer.staff_of(row.jurisdiction_id)?;
    let now = state.clock.now();
    let txn = db.begin().await?;
    let before = audit::digest(&row);
    let mut active: body::ActiveModel = row.into();
    active.digest_lead_days = Set(stored);
    let row = active.update(&txn).await?;
    let change = (before, audit::digest(&row));
    logged(
        &txn,
        viewer,
        meta,
        "body.digest_lead_times",
        ("body", row.id),
        change,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// Lead times as stored ("7,2"), or the error naming `leadDays`.
fn stored_leads(list: &[i32]) -> Result<String, AppError> {
    if list.is_empty() || list.len() > MAX_LEAD_TIMES {
        return Err(AppError::invalid(
            "leadDays",
            "give one to four lead times, in days",
        ));
    }
    if list
        .iter()
        .any(|d| !(0..=MAX_LEAD_DAYS).contains(&i64::from(*d)))
    {
        return Err(AppError::invalid(
            "leadDays",
            "each lead time is between 0 and 60 days",
        ));
    }
    let mut sorted = list.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    if sorted.len() != list.len() {
        return Err(AppError::invalid("leadDays", "give each lead time once"));
    }
    Ok(sorted
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(","))
}

/// `setMyDigestChoices`: an official's own account (linked by an admin) chooses whether they
/// receive pre-vote digests and the weekly summary; `None` leaves a choice as it is. Nobody else
/// can choose for them.
pub async fn set_choices(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    pre_vote_digests: Option<bool>,
    weekly_summary: Option<bool>,
) -> Result<official::Model, AppError> {
    let me = viewer.verified()?;
    let Some(official_id) = me.official_id else {
        return Err(AppError::Forbidden);
    };
    let db = &state.db.write;
    let now = state.clock.now();
    let txn = db.begin().await?;
    let row = official::Entity::find_by_id(official_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("official"))?;
    let before = audit::digest(&row);
    let mut active: official::ActiveModel = row.clone().into();
    if let Some(choice) = pre_vote_digests.filter(|c| *c != row.pre_vote_digests) {
        active.pre_vote_digests = Set(choice);
        active.digest_choice_at = Set(Some(now));
    }
    if let Some(choice) = weekly_summary {
        active.weekly_summary = Set(choice);
        // Opting in asks for the mail: a one-click unsubscribe from an earlier summary is undone.
        if let (true, Some(email)) = (choice, me.email.as_deref()) {
            crate::outbox::resubscribe(&txn, email, official_summary::TOPIC, now).await?;
        }
    }
    if !active.is_changed() {
        txn.rollback().await?;
        return Ok(row);
    }
    let row = active.update(&txn).await?;
    let change = (before, audit::digest(&row));
    logged(
        &txn,
        viewer,
        meta,
        "official.digest_choices",
        ("official", row.id),
        change,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// The audit entry of a choice: who, what, and the row's state before and after.
async fn logged(
    txn: &impl sea_orm::ConnectionTrait,
    viewer: &Viewer,
    meta: &RequestMeta,
    action: &str,
    (target_type, target_id): (&str, i64),
    (before, after): (String, String),
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let entry = Entry {
        action,
        target_type,
        target_id: Some(target_id),
        reason: None,
        before: Some(before),
        after: Some(after),
        jurisdiction_id: None,
    };
    Ok(audit::record(txn, &Actor::of(viewer, meta), entry, now).await?)
}

#[cfg(test)]
mod tests {
    use super::stored_leads;

    #[test]
    fn lead_times_are_stored_longest_first_and_checked() {
        assert_eq!(stored_leads(&[2, 14, 7]).ok().as_deref(), Some("14,7,2"));
        assert!(stored_leads(&[]).is_err());
        assert!(stored_leads(&[7, 7]).is_err());
        assert!(stored_leads(&[61]).is_err());
        assert!(stored_leads(&[-1]).is_err());
        assert!(stored_leads(&[1, 2, 3, 4, 5]).is_err());
    }
}
