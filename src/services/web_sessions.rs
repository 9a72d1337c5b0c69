//! Browser sessions of the web client. The cookie holds a random 256-bit id; the table holds
//! only its hash, so a copy of the database opens no session. A session lapses after the idle
//! limit unused and at the latest at its absolute end (the refresh-token limits), and ends at
//! once when the account's token version moves (log out everywhere, a new password, deletion).

use chrono::{DateTime, TimeDelta, Utc};
use entity::{user_account, web_session};
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    QueryFilter, QueryOrder,
};

use crate::auth::tokens::{random_token, token_hash};
use crate::error::AppError;
use crate::services::accounts;
use crate::state::AppState;

/// How stale `last_seen_at` may get before a request writes it again: one write per session
/// every few minutes, not one per page.
const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(5);

/// A session as its cookie opened it, with the account as it is now.
#[derive(Debug, Clone)]
pub struct OpenSession {
    pub session: web_session::Model,
    pub user: user_account::Model,
}

/// Starts a session for `user` and returns the cookie's value, shown once.
pub async fn start(
    state: &AppState,
    db: &impl ConnectionTrait,
    user: &user_account::Model,
    label: &str,
) -> Result<String, AppError> {
    let now = state.clock.now();
    let token = random_token();
    web_session::ActiveModel {
        user_id: Set(user.id),
        token_hash: Set(token_hash(&token)),
        csrf_secret: Set(random_token()),
        label: Set(label.chars().take(80).collect()),
        token_version: Set(user.token_version),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + TimeDelta::days(state.settings.auth.refresh_token_days)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The live session a cookie names, if any; refreshes its last-seen time now and then.
pub async fn open(state: &AppState, token: &str) -> Result<Option<OpenSession>, AppError> {
    let now = state.clock.now();
    let Some(session) = web_session::Entity::find()
        .filter(web_session::Column::TokenHash.eq(token_hash(token)))
        .one(&state.db.read)
        .await?
    else {
        return Ok(None);
    };
    let idle = TimeDelta::days(state.settings.auth.refresh_idle_days);
    if now >= session.expires_at || now >= session.last_seen_at + idle {
        return Ok(None);
    }
    let Some(user) = accounts::live_user(&state.db.read, session.user_id)
        .await?
        .filter(|user| user.token_version == session.token_version)
    else {
        return Ok(None);
    };
    if now - session.last_seen_at >= TOUCH_EVERY {
        web_session::Entity::update_many()
            .col_expr(
                web_session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(web_session::Column::Id.eq(session.id))
            .exec(&state.db.write)
            .await?;
    }
    Ok(Some(OpenSession { session, user }))
}

/// Ends the session a cookie names (logging out in this browser).
pub async fn end(state: &AppState, token: &str) -> Result<(), AppError> {
    web_session::Entity::delete_many()
        .filter(web_session::Column::TokenHash.eq(token_hash(token)))
        .exec(&state.db.write)
        .await?;
    Ok(())
}

/// Ends every browser session of an account.
pub async fn end_all(db: &impl ConnectionTrait, user_id: i64) -> Result<(), AppError> {
    web_session::Entity::delete_many()
        .filter(web_session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// An account's live sessions, most recently used first.
pub async fn list(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<web_session::Model>, AppError> {
    Ok(web_session::Entity::find()
        .filter(web_session::Column::UserId.eq(user_id))
        .filter(web_session::Column::ExpiresAt.gt(now))
        .order_by_desc(web_session::Column::LastSeenAt)
        .all(db)
        .await?)
}
