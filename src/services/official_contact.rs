//! An official's contact address, proven. Staff enter the office's address; a new or changed one
//! is mailed a confirmation link, and only once it is followed do pre-vote digests go there. An
//! account linked to the official, with its own verified address, comes first.
//!
//! The token is random, kept only as a hash on the official's row with its expiry, and used
//! once. The `GET` page shows a button (link scanners prefetch); its `POST` confirms.

use chrono::{DateTime, TimeDelta, Utc};
use entity::official;
use minijinja::context;
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    IntoActiveModel as _, QueryFilter, TransactionTrait as _,
};

use crate::auth::tokens::{random_token, token_hash};
use crate::auth::{RequestMeta, Viewer};
use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::AppError;
use crate::outbox::NewEmail;
use crate::services::audit::{self, Actor, Entry};
use crate::services::throttle;
use crate::state::AppState;

/// How long a confirmation link works.
const TOKEN_DAYS: i64 = 14;

/// After staff save `row`: a new or changed contact address is unproven until the link mailed
/// to it (in the same transaction) is followed; a removed one leaves nothing proven.
pub async fn after_save(
    txn: &impl ConnectionTrait,
    state: &AppState,
    before: Option<&str>,
    row: official::Model,
    now: DateTime<Utc>,
) -> Result<official::Model, AppError> {
    if row.contact_email.as_deref() == before {
        return Ok(row);
    }
    let mut active = row.clone().into_active_model();
    active.contact_email_verified_at = Set(None);
    active.contact_token_hash = Set(None);
    active.contact_token_expires_at = Set(None);
    if row.contact_email.is_none() {
        return Ok(active.update(txn).await?);
    }
    ask(txn, state, active, now).await
}

/// `resendContactConfirmation`: for staff of the official's jurisdiction, a fresh link to an
/// unconfirmed contact address (the old one stops working). Three a day per official.
pub async fn resend(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    official_raw: &str,
) -> Result<official::Model, AppError> {
    viewer.any_staff()?;
    let id = GlobalId::parse_as(official_raw, NodeKind::Official, "officialId")?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let row = official::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound("official"))?;
    viewer.staff_of(row.jurisdiction_id)?;
    if row.contact_email.is_none() {
        return Err(AppError::invalid(
            "officialId",
            "this official has no contact address; enter one with saveOfficial",
        ));
    }
    if row.contact_email_verified_at.is_some() {
        return Err(AppError::Conflict(
            "the contact address is already confirmed",
        ));
    }
    throttle::daily(&txn, &format!("official-contact:{}", row.id), 3, now).await?;
    let before = audit::digest(&row);
    let row = ask(&txn, state, row.into_active_model(), now).await?;
    let entry = Entry {
        action: "official.contact_confirmation_resent",
        target_type: "official",
        target_id: Some(row.id),
        reason: None,
        before: Some(before),
        after: Some(audit::digest(&row)),
        jurisdiction_id: Some(row.jurisdiction_id),
    };
    audit::record(&txn, &Actor::of(viewer, meta), entry, now).await?;
    txn.commit().await?;
    Ok(row)
}

/// Stores a fresh token for the official's contact address and mails its link there.
async fn ask(
    txn: &impl ConnectionTrait,
    state: &AppState,
    mut active: official::ActiveModel,
    now: DateTime<Utc>,
) -> Result<official::Model, AppError> {
    let token = random_token();
    active.contact_token_hash = Set(Some(token_hash(&token)));
    active.contact_token_expires_at = Set(Some(now + TimeDelta::days(TOKEN_DAYS)));
    let row = active.update(txn).await?;
    let Some(email) = row.contact_email.clone() else {
        return Ok(row);
    };
    let link = format!(
        "{}/officials/confirm-contact/{token}",
        state.settings.application.base_url.trim_end_matches('/')
    );
    let message = NewEmail {
        kind: "official_contact",
        subject_key: format!("official:{}:contact:{}", row.id, &token_hash(&token)[..16]),
        to: email,
        to_name: Some(row.name.clone()),
        template: "official_contact",
        context: context! { name => row.name.clone(), link => link, days => TOKEN_DAYS },
        topic: None,
    };
    state.mailer.enqueue(txn, now, message).await?;
    Ok(row)
}

/// `POST /officials/confirm-contact/{token}`: the address the link was mailed to is proven.
pub async fn confirm(state: &AppState, token: &str) -> Result<official::Model, AppError> {
    let db = &state.db.write;
    let now = state.clock.now();
    let invalid = || AppError::invalid("token", "this link is not valid");
    let row = official::Entity::find()
        .filter(official::Column::ContactTokenHash.eq(token_hash(token)))
        .one(db)
        .await?
        .ok_or_else(invalid)?;
    if row.contact_token_expires_at.is_none_or(|at| at <= now) {
        return Err(invalid());
    }
    let mut active = row.into_active_model();
    active.contact_email_verified_at = Set(Some(now));
    active.contact_token_hash = Set(None);
    active.contact_token_expires_at = Set(None);
    Ok(active.update(db).await?)
}
