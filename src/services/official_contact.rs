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
    IntoActiveModel as _, QueryFilter,
};

use crate::auth::tokens::{random_token, token_hash};
use crate::error::AppError;
use crate::outbox::NewEmail;
use crate::startup::AppState;

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
    let Some(email) = row.contact_email.clone() else {
        return Ok(active.update(txn).await?);
    };
    let token = random_token();
    active.contact_token_hash = Set(Some(token_hash(&token)));
    active.contact_token_expires_at = Set(Some(now + TimeDelta::days(TOKEN_DAYS)));
    let row = active.update(txn).await?;
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
