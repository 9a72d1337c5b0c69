//! Accounts: sign-up with double opt-in, log-in, refresh-token rotation, log-out, password reset,
//! email change, export and deletion.
//!
//! Enumeration: sign-up, log-in and reset requests answer the same way, after the same work,
//! whether or not the address has an account (a password is hashed or verified either way and a
//! mail is enqueued either way). Only the mailbox owner learns which it was.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use entity::enums::{TokenPurpose, UserRole};
use entity::{account_token, organization_member, refresh_token, user_account};
use minijinja::context;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveEnum as _, ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, ConnectionTrait,
    EntityTrait, IntoActiveModel as _, QueryFilter, QueryOrder as _, QuerySelect as _,
    TransactionTrait,
};
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::json;

use crate::auth::password::{self, Verdict};
use crate::auth::tokens::{random_token, token_hash};
use crate::auth::{RequestMeta, Viewer};
use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::AppError;
use crate::outbox::NewEmail;
use crate::services::subjects;
use crate::services::throttle;
use crate::state::AppState;

/// The display name deleted accounts leave on their public record.
pub const FORMER_MEMBER: &str = "former member";

/// Public display names by account id. A deleted account's row already says [`FORMER_MEMBER`].
pub async fn display_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<std::collections::HashMap<i64, String>, AppError> {
    let rows: Vec<(i64, String)> = user_account::Entity::find()
        .select_only()
        .column(user_account::Column::Id)
        .column(user_account::Column::DisplayName)
        .filter(user_account::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// A signed-in session: a short-lived access token and the refresh token that renews it.
#[derive(Debug, Clone)]
pub struct Session {
    pub access_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    pub refresh_token: String,
    pub user: user_account::Model,
}

/// Normalises and checks an email address.
pub fn parse_email(field: &'static str, raw: &str) -> Result<String, AppError> {
    let trimmed = raw.trim();
    if trimmed.len() > 254 {
        return Err(AppError::invalid(
            field,
            "an email address has at most 254 characters",
        ));
    }
    trimmed
        .parse::<lettre::Address>()
        .map(|address| address.to_string().to_lowercase())
        .map_err(|_| AppError::invalid(field, "not a valid email address"))
}

/// Checks a new password's length; no composition rules (NIST SP 800-63B).
pub fn check_password(
    state: &AppState,
    field: &'static str,
    password: &str,
) -> Result<(), AppError> {
    let auth = &state.settings.auth;
    let chars = password.chars().count();
    if chars < auth.password_min_chars || chars > auth.password_max_chars {
        return Err(AppError::invalid(
            field,
            format!(
                "a password has {} to {} characters",
                auth.password_min_chars, auth.password_max_chars
            ),
        ));
    }
    Ok(())
}

/// Checks a display name: 1–80 characters, no control characters.
pub fn parse_display_name(raw: &str) -> Result<String, AppError> {
    let name = raw.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > 80 {
        return Err(AppError::invalid(
            "displayName",
            "a display name has 1 to 80 characters",
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "displayName",
            "control characters are not allowed",
        ));
    }
    Ok(name.to_owned())
}

/// `signUp`. Always `Ok(())` for a well-formed request, account or not.
pub async fn sign_up(
    state: &AppState,
    meta: &RequestMeta,
    email: &str,
    password: SecretString,
    display_name: &str,
) -> Result<(), AppError> {
    let email = parse_email("email", email)?;
    check_password(state, "password", password.expose_secret())?;
    let display_name = parse_display_name(display_name)?;
    let now = state.clock.now();
    let limits = &state.settings.limits;
    throttle::hourly(
        &state.db.write,
        &format!("sign-up:{}", meta.ip),
        limits.sign_ups_per_ip_per_hour,
        now,
    )
    .await?;
    // Hash whether or not the account exists: the same work, the same time.
    let hash = password::hash(password).await?;
    let txn = state.db.write.begin().await?;
    let existing = find_by_email(&txn, &email).await?;
    match existing {
        Some(user) => {
            if mail_allowed(state, &txn, user.id, meta, now).await? {
                enqueue_account_exists(state, &txn, &email, now).await?;
            }
        }
        None => {
            let user = user_account::ActiveModel {
                email: Set(Some(email.clone())),
                email_verified_at: Set(None),
                password_hash: Set(Some(hash)),
                display_name: Set(display_name),
                role: Set(UserRole::Resident),
                jurisdiction_id: Set(None),
                official_id: Set(None),
                token_version: Set(0),
                created_at: Set(now),
                updated_at: Set(now),
                deleted_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            if mail_allowed(state, &txn, user.id, meta, now).await? {
                enqueue_verification(state, &txn, &user, &email, false, now).await?;
            }
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Whether another account mail may go out now, counting it. Past the per-account cap the mail
/// is silently skipped (an error would tell who has an account); past the per-IP cap it errors.
async fn mail_allowed(
    state: &AppState,
    db: &impl ConnectionTrait,
    user_id: i64,
    meta: &RequestMeta,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let limits = &state.settings.limits;
    throttle::hourly(
        db,
        &format!("account-mail-ip:{}", meta.ip),
        limits.account_mails_per_ip_per_hour,
        now,
    )
    .await?;
    match throttle::hourly(
        db,
        &format!("account-mail:{user_id}"),
        limits.account_mails_per_account_per_hour,
        now,
    )
    .await
    {
        Ok(()) => Ok(true),
        Err(AppError::RateLimited { .. }) => Ok(false),
        Err(other) => Err(other),
    }
}

async fn enqueue_account_exists(
    state: &AppState,
    db: &impl ConnectionTrait,
    email: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    state
        .mailer
        .enqueue(
            db,
            now,
            NewEmail {
                kind: "account_exists",
                subject_key: random_token(),
                to: email.to_owned(),
                to_name: None,
                template: "account_exists",
                context: context! {},
                topic: None,
            },
        )
        .await?;
    Ok(())
}

/// Tells the old address that the account now uses `new` (shown masked).
async fn enqueue_email_changed(
    state: &AppState,
    db: &impl ConnectionTrait,
    user: &user_account::Model,
    old: &str,
    new: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (local, domain) = new.split_once('@').unwrap_or((new, ""));
    let hint = format!("{}…@{domain}", local.chars().next().unwrap_or('…'));
    state
        .mailer
        .enqueue(
            db,
            now,
            NewEmail {
                kind: "email_changed",
                subject_key: random_token(),
                to: old.to_owned(),
                to_name: Some(user.display_name.clone()),
                template: "email_changed",
                context: context! { name => &user.display_name, new_address_hint => hint },
                topic: None,
            },
        )
        .await?;
    Ok(())
}

/// Creates a verification token for `email` and enqueues the mail carrying it.
async fn enqueue_verification(
    state: &AppState,
    db: &impl ConnectionTrait,
    user: &user_account::Model,
    email: &str,
    change: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let hours = state.settings.auth.verification_hours;
    let token = new_account_token(
        db,
        user.id,
        TokenPurpose::VerifyEmail,
        Some(email.to_owned()),
        now + TimeDelta::hours(hours),
        now,
    )
    .await?;
    let link = format!("{}/verify-email/{token}", base_url(state));
    state
        .mailer
        .enqueue(
            db,
            now,
            NewEmail {
                kind: "verify_email",
                subject_key: token_hash(&token),
                to: email.to_owned(),
                to_name: Some(user.display_name.clone()),
                template: "verify_email",
                context: context! { name => &user.display_name, link => link, hours => hours, change => change },
                topic: None,
            },
        )
        .await?;
    Ok(())
}

fn base_url(state: &AppState) -> &str {
    state.settings.application.base_url.trim_end_matches('/')
}

async fn new_account_token(
    db: &impl ConnectionTrait,
    user_id: i64,
    purpose: TokenPurpose,
    email: Option<String>,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let token = random_token();
    account_token::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose),
        token_hash: Set(token_hash(&token)),
        email: Set(email),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Marks a live token of `purpose` used, exactly once; `None` if it is unknown, used or expired.
async fn consume_token(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<Option<account_token::Model>, AppError> {
    let Some(row) = account_token::Entity::find()
        .filter(account_token::Column::TokenHash.eq(token_hash(token)))
        .filter(account_token::Column::Purpose.eq(purpose))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if row.used_at.is_some() || row.expires_at <= now {
        return Ok(None);
    }
    let marked = account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(now))
        .filter(account_token::Column::Id.eq(row.id))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok((marked.rows_affected == 1).then_some(row))
}

fn invalid_link() -> AppError {
    AppError::invalid("token", "this link is invalid, used or expired")
}

/// `verifyEmail`: confirms the address the token was sent to.
pub async fn verify_email(state: &AppState, token: &str) -> Result<user_account::Model, AppError> {
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let row = consume_token(&txn, token, TokenPurpose::VerifyEmail, now)
        .await?
        .ok_or_else(invalid_link)?;
    let user = live_user(&txn, row.user_id)
        .await?
        .ok_or_else(invalid_link)?;
    let email = row.email.clone().or(user.email.clone());
    if let Some(email) = &email
        && let Some(other) = find_by_email(&txn, email).await?
        && other.id != user.id
    {
        return Err(AppError::Conflict(
            "that address now belongs to another account",
        ));
    }
    // A confirmed change is announced to the old address, so a hijacked session that switches
    // the address does not go unnoticed.
    if let (Some(old), Some(new)) = (&user.email, &email)
        && old != new
    {
        enqueue_email_changed(state, &txn, &user, old, new, now).await?;
    }
    let mut active = user.into_active_model();
    active.email = Set(email);
    active.email_verified_at = Set(Some(now));
    active.updated_at = Set(now);
    let user = active.update(&txn).await?;
    txn.commit().await?;
    Ok(user)
}

/// `logIn`: checks the credentials and issues an access and a refresh token.
pub async fn log_in(
    state: &AppState,
    meta: &RequestMeta,
    email: &str,
    password: SecretString,
) -> Result<Session, AppError> {
    let now = state.clock.now();
    let user = authenticate(state, meta, email, password).await?;
    start_session(state, &state.db.write, user, random_token(), now, now).await
}

/// Checks an email and password under the log-in throttle and returns the account; the caller
/// starts whatever session it gives: tokens for the API, a cookie for the web client.
pub async fn authenticate(
    state: &AppState,
    meta: &RequestMeta,
    email: &str,
    password: SecretString,
) -> Result<user_account::Model, AppError> {
    let now = state.clock.now();
    // A malformed address gets the same answer as a wrong password, after the same work.
    let email = parse_email("email", email).unwrap_or_else(|_| email.trim().to_lowercase());
    let keys = throttle::login_keys(&email, &meta.ip);
    throttle::check_login(&state.db.write, &keys, now).await?;
    let user = find_by_email(&state.db.write, &email).await?;
    let verdict = password::verify(
        password.clone(),
        user.as_ref().and_then(|u| u.password_hash.clone()),
    )
    .await?;
    let (Verdict::Accepted { rehash }, Some(user)) = (verdict, user) else {
        throttle::record_login_failure(&state.db.write, &keys, &state.settings.limits, now).await?;
        return Err(AppError::InvalidCredentials);
    };
    let rehashed = if rehash {
        Some(password::hash(password).await?)
    } else {
        None
    };
    let txn = state.db.write.begin().await?;
    throttle::record_login_success(&txn, &keys).await?;
    let user = if let Some(hash) = rehashed {
        let mut active = user.into_active_model();
        active.password_hash = Set(Some(hash));
        active.updated_at = Set(now);
        active.update(&txn).await?
    } else {
        user
    };
    txn.commit().await?;
    Ok(user)
}

/// Issues an access token and a new refresh token in `family`, which began at `started_at`. The
/// refresh token lapses after `refresh_idle_days` unused, and at the latest `refresh_token_days`
/// after the log-in that began the family.
async fn start_session(
    state: &AppState,
    db: &impl ConnectionTrait,
    user: user_account::Model,
    family: String,
    started_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Session, AppError> {
    let auth = &state.settings.auth;
    let expires_at = std::cmp::min(
        started_at + TimeDelta::days(auth.refresh_token_days),
        now + TimeDelta::days(auth.refresh_idle_days),
    );
    let refresh = random_token();
    refresh_token::ActiveModel {
        user_id: Set(user.id),
        family: Set(family),
        token_hash: Set(token_hash(&refresh)),
        token_version: Set(user.token_version),
        created_at: Set(now),
        expires_at: Set(expires_at),
        rotated_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let access_token = state.jwt.issue(user.id, user.token_version, now)?;
    Ok(Session {
        access_token,
        access_token_expires_at: now + state.jwt.ttl(),
        refresh_token: refresh,
        user,
    })
}

fn session_ended() -> AppError {
    AppError::invalid("refreshToken", "this session has ended; log in again")
}

/// `refreshSession`: rotates the refresh token. A token presented twice revokes its family.
pub async fn refresh(state: &AppState, presented: &str) -> Result<Session, AppError> {
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(token_hash(presented)))
        .one(&txn)
        .await?
    else {
        return Err(session_ended());
    };
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(session_ended());
    }
    // Mark this token rotated, once. If it already was, it is being replayed: end the family.
    let rotated = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RotatedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(row.id))
        .filter(refresh_token::Column::RotatedAt.is_null())
        .exec(&txn)
        .await?;
    if rotated.rows_affected != 1 {
        revoke_family(&txn, &row.family, now).await?;
        txn.commit().await?;
        tracing::warn!(
            user.id = row.user_id,
            "refresh token reused: session family revoked"
        );
        return Err(session_ended());
    }
    let user = live_user(&txn, row.user_id).await?;
    let Some(user) = user.filter(|u| u.token_version == row.token_version) else {
        revoke_family(&txn, &row.family, now).await?;
        txn.commit().await?;
        return Err(session_ended());
    };
    let started_at = refresh_token::Entity::find()
        .filter(refresh_token::Column::Family.eq(&row.family))
        .order_by_asc(refresh_token::Column::CreatedAt)
        .one(&txn)
        .await?
        .map_or(row.created_at, |first| first.created_at);
    let session = start_session(state, &txn, user, row.family, started_at, now).await?;
    txn.commit().await?;
    Ok(session)
}

async fn revoke_family(
    db: &impl ConnectionTrait,
    family: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::Family.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// `logOut`: ends the session the refresh token belongs to. Unknown tokens change nothing.
pub async fn log_out(state: &AppState, presented: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    if let Some(row) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(token_hash(presented)))
        .one(&state.db.write)
        .await?
    {
        revoke_family(&state.db.write, &row.family, now).await?;
    }
    Ok(())
}

/// Ends every session of `user_id`: bumps the token version (access tokens stop at once),
/// revokes every refresh token and deletes every browser session.
async fn end_all_sessions(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    user_account::Entity::update_many()
        .col_expr(
            user_account::Column::TokenVersion,
            Expr::col(user_account::Column::TokenVersion).add(1),
        )
        .col_expr(user_account::Column::UpdatedAt, Expr::value(now))
        .filter(user_account::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    crate::services::web_sessions::end_all(db, user_id).await?;
    Ok(())
}

/// `logOutEverywhere`.
pub async fn log_out_everywhere(state: &AppState, viewer: &Viewer) -> Result<(), AppError> {
    let user = viewer.user()?;
    let txn = state.db.write.begin().await?;
    end_all_sessions(&txn, user.id, state.clock.now()).await?;
    txn.commit().await?;
    Ok(())
}

/// `regenerateCalendarAddress`: a new secret address for the account's private calendar (the
/// votes and deadlines of everything it follows). Only the secret's hash is kept, so the address
/// is shown once; the previous address stops working at once.
pub async fn regenerate_calendar_address(
    state: &AppState,
    viewer: &Viewer,
) -> Result<String, AppError> {
    let user = viewer.user()?;
    let secret = random_token();
    let mut active = user_account::ActiveModel {
        id: sea_orm::ActiveValue::Unchanged(user.id),
        ..Default::default()
    };
    active.calendar_token_hash =
        sea_orm::ActiveValue::Set(Some(crate::auth::tokens::sha256_hex(secret.as_bytes())));
    active.update(&state.db.write).await?;
    let base = state.settings.application.base_url.trim_end_matches('/');
    Ok(format!("{base}/feeds/private/{secret}.ics"))
}

/// `requestPasswordReset`. Always `Ok(())` for a well-formed address.
pub async fn request_password_reset(
    state: &AppState,
    meta: &RequestMeta,
    email: &str,
) -> Result<(), AppError> {
    let email = parse_email("email", email)?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    throttle::hourly(
        &txn,
        &format!("reset-ip:{}", meta.ip),
        state.settings.limits.account_mails_per_ip_per_hour,
        now,
    )
    .await?;
    if let Some(user) = find_by_email(&txn, &email).await?
        && mail_allowed(state, &txn, user.id, meta, now).await?
    {
        let minutes = state.settings.auth.reset_minutes;
        let token = new_account_token(
            &txn,
            user.id,
            TokenPurpose::ResetPassword,
            None,
            now + TimeDelta::minutes(minutes),
            now,
        )
        .await?;
        let link = format!("{}/reset-password/{token}", base_url(state));
        state
            .mailer
            .enqueue(
                &txn,
                now,
                NewEmail {
                    kind: "password_reset",
                    subject_key: token_hash(&token),
                    to: email,
                    to_name: Some(user.display_name.clone()),
                    template: "password_reset",
                    context: context! { name => &user.display_name, link => link, minutes => minutes },
                    topic: None,
                },
            )
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// `resetPassword`: sets a new password with an emailed token and ends every session. Following
/// the emailed link also proves the address, so an unverified account becomes verified.
pub async fn reset_password(
    state: &AppState,
    token: &str,
    new_password: SecretString,
) -> Result<(), AppError> {
    check_password(state, "newPassword", new_password.expose_secret())?;
    let hash = password::hash(new_password).await?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let row = consume_token(&txn, token, TokenPurpose::ResetPassword, now)
        .await?
        .ok_or_else(invalid_link)?;
    let user = live_user(&txn, row.user_id)
        .await?
        .ok_or_else(invalid_link)?;
    let verified = user.email_verified_at.or(Some(now));
    let mut active = user.into_active_model();
    active.password_hash = Set(Some(hash));
    active.email_verified_at = Set(verified);
    active.updated_at = Set(now);
    let user = active.update(&txn).await?;
    end_all_sessions(&txn, user.id, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Re-checks the viewer's password for a sensitive change.
async fn confirm_password(
    user: &user_account::Model,
    password: SecretString,
) -> Result<(), AppError> {
    match password::verify(password, user.password_hash.clone()).await? {
        Verdict::Accepted { .. } => Ok(()),
        Verdict::Rejected => Err(AppError::invalid(
            "currentPassword",
            "the password is incorrect",
        )),
    }
}

/// `changePassword`: ends every other session and returns a new one.
pub async fn change_password(
    state: &AppState,
    viewer: &Viewer,
    current: SecretString,
    new_password: SecretString,
) -> Result<Session, AppError> {
    let user = viewer.user()?;
    check_password(state, "newPassword", new_password.expose_secret())?;
    confirm_password(user, current).await?;
    let hash = password::hash(new_password).await?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    end_all_sessions(&txn, user.id, now).await?;
    let fresh = live_user(&txn, user.id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let mut active = fresh.into_active_model();
    active.password_hash = Set(Some(hash));
    let fresh = active.update(&txn).await?;
    let session = start_session(state, &txn, fresh, random_token(), now, now).await?;
    txn.commit().await?;
    Ok(session)
}

/// `setMyTimeZone`: the IANA zone (e.g. `America/Chicago`) digests go out in and dates are shown
/// in. An empty string goes back to the default.
pub async fn set_time_zone(
    state: &AppState,
    viewer: &Viewer,
    zone: &str,
) -> Result<user_account::Model, AppError> {
    let user = viewer.user()?;
    let zone = zone.trim();
    let zone = if zone.is_empty() {
        None
    } else {
        let parsed: chrono_tz::Tz = zone.parse().map_err(|_| {
            AppError::invalid("timeZone", "not an IANA time zone such as America/Chicago")
        })?;
        Some(parsed.name().to_owned())
    };
    let mut active = live_user(&state.db.write, user.id)
        .await?
        .ok_or(AppError::Unauthenticated)?
        .into_active_model();
    active.time_zone = Set(zone);
    active.updated_at = Set(state.clock.now());
    Ok(active.update(&state.db.write).await?)
}

/// `changeEmail`: the new address must be confirmed before it replaces the old one. Same answer
/// whether or not the new address already has an account.
pub async fn change_email(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    new_email: &str,
    current: SecretString,
) -> Result<(), AppError> {
    let user = viewer.user()?;
    let email = parse_email("newEmail", new_email)?;
    confirm_password(user, current).await?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    if mail_allowed(state, &txn, user.id, meta, now).await? {
        match find_by_email(&txn, &email).await? {
            Some(_) => enqueue_account_exists(state, &txn, &email, now).await?,
            None => enqueue_verification(state, &txn, user, &email, true, now).await?,
        }
    }
    txn.commit().await?;
    Ok(())
}

/// `exportMyData`: everything the service holds about the viewer, as JSON.
pub async fn export(state: &AppState, viewer: &Viewer) -> Result<serde_json::Value, AppError> {
    let user = viewer.user()?;
    let db = &state.db.read;
    let memberships = crate::services::organizations::memberships(db, user.id).await?;
    let sessions = refresh_token::Entity::find()
        .filter(refresh_token::Column::UserId.eq(user.id))
        .all(db)
        .await?;
    // Everything they wrote, hidden or not: it is theirs.
    let comments = entity::comment::Entity::find()
        .filter(entity::comment::Column::AuthorId.eq(user.id))
        .order_by_asc(entity::comment::Column::Id)
        .all(db)
        .await?;
    let concerns = entity::concern::Entity::find()
        .filter(entity::concern::Column::AuthorId.eq(user.id))
        .order_by_asc(entity::concern::Column::Id)
        .all(db)
        .await?;
    Ok(json!({
        "account": {
            "email": user.email,
            "emailVerifiedAt": user.email_verified_at,
            "displayName": user.display_name,
            "role": format!("{:?}", user.role),
            "jurisdictionId": user.jurisdiction_id,
            "officialId": user.official_id,
            "createdAt": user.created_at,
        },
        "organizations": memberships.iter().map(|(m, org)| json!({
            "organization": org.name,
            "role": format!("{:?}", m.role),
            "since": m.created_at,
        })).collect::<Vec<_>>(),
        "sessions": sessions.iter().map(|s| json!({
            "startedAt": s.created_at,
            "expiresAt": s.expires_at,
            "endedAt": s.revoked_at.or(s.rotated_at),
        })).collect::<Vec<_>>(),
        "comments": comments.iter().map(|c| json!({
            "id": GlobalId::new(NodeKind::Comment, c.id).encode(),
            "subject": subjects::global_id_of(c.subject_type, c.subject_id).encode(),
            "position": c.position.map(|p| p.to_value()),
            "body": c.body,
            "visibility": c.visibility.to_value(),
            "createdAt": c.created_at,
            "editedAt": c.edited_at,
            "deletedAt": c.deleted_at,
        })).collect::<Vec<_>>(),
        "concerns": concerns.iter().map(|c| json!({
            "id": GlobalId::new(NodeKind::Concern, c.id).encode(),
            "subject": subjects::global_id_of(c.subject_type, c.subject_id).encode(),
            "category": c.category.to_value(),
            "severity": c.severity.to_value(),
            "summary": c.summary,
            "details": c.details,
            "createdAt": c.created_at,
        })).collect::<Vec<_>>(),
        "exportedAt": state.clock.now(),
    }))
}

/// `deleteMyAccount`: removes the address, password, name and memberships; what the person wrote
/// in public stays, attributed to "former member".
pub async fn delete_account(
    state: &AppState,
    viewer: &Viewer,
    current: SecretString,
) -> Result<(), AppError> {
    let user = viewer.user()?;
    confirm_password(user, current).await?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    end_all_sessions(&txn, user.id, now).await?;
    organization_member::Entity::delete_many()
        .filter(organization_member::Column::UserId.eq(user.id))
        .exec(&txn)
        .await?;
    account_token::Entity::delete_many()
        .filter(account_token::Column::UserId.eq(user.id))
        .exec(&txn)
        .await?;
    user_account::Entity::update_many()
        .col_expr(
            user_account::Column::Email,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            user_account::Column::PasswordHash,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            user_account::Column::DisplayName,
            Expr::value(FORMER_MEMBER),
        )
        .col_expr(
            user_account::Column::OfficialId,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(user_account::Column::DeletedAt, Expr::value(now))
        .filter(user_account::Column::Id.eq(user.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Purges accounts never verified within the retention period (a scheduled job).
pub async fn purge_unverified(state: &AppState) -> Result<u64, AppError> {
    let now = state.clock.now();
    let cutoff = now - TimeDelta::days(state.settings.auth.unverified_retention_days);
    let purged = user_account::Entity::delete_many()
        .filter(user_account::Column::EmailVerifiedAt.is_null())
        .filter(user_account::Column::DeletedAt.is_null())
        .filter(user_account::Column::CreatedAt.lt(cutoff))
        .exec(&state.db.write)
        .await?;
    throttle::prune(&state.db.write, now).await?;
    Ok(purged.rows_affected)
}

/// The live (not deleted) account with this address.
pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<user_account::Model>, AppError> {
    Ok(user_account::Entity::find()
        .filter(user_account::Column::Email.eq(email))
        .filter(user_account::Column::DeletedAt.is_null())
        .one(db)
        .await?)
}

/// The live account with this id.
pub async fn live_user(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<user_account::Model>, AppError> {
    Ok(user_account::Entity::find_by_id(id)
        .filter(user_account::Column::DeletedAt.is_null())
        .one(db)
        .await?)
}

/// Resolves a verified access token to the viewer, as the account is now. A deleted account or
/// a bumped token version ends the token at once.
pub async fn viewer_for_token(state: &AppState, token: &str) -> Result<Viewer, AppError> {
    let claims = state
        .jwt
        .verify(token, state.clock.now())
        .map_err(|_| AppError::Unauthenticated)?;
    let id: i64 = claims.sub.parse().map_err(|_| AppError::Unauthenticated)?;
    let user = live_user(&state.db.read, id)
        .await?
        .filter(|user| user.token_version == claims.ver)
        .ok_or(AppError::Unauthenticated)?;
    Ok(Viewer::User(Arc::new(user)))
}
