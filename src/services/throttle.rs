//! Abuse limits kept in the database, so they survive restarts and every instance shares them.
//!
//! - Log-in: failures per (address, IP) and per IP. Past a free allowance each failure doubles a
//!   delay (capped), during which attempts are refused without checking the password. A delay,
//!   never a lockout: an attacker elsewhere cannot lock an official out, and the owner's own IP
//!   is unaffected by failures from other IPs.
//! - Hourly caps (sign-ups per IP, account mails per account and per IP): a counter per key per
//!   clock hour.
//!
//! Each check is one atomic upsert, so concurrent requests on several instances count exactly.

use chrono::{DateTime, DurationRound as _, TimeDelta, Utc};
use entity::{login_throttle, rate_counter};
use sea_orm::sea_query::{Expr, ExprTrait as _, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::auth::tokens::sha256_hex;
use crate::config::AbuseLimits;
use crate::error::AppError;

/// The throttle keys of one log-in attempt. The address is hashed: the table holds no emails.
pub fn login_keys(email: &str, ip: &str) -> [String; 2] {
    [
        format!("login:{}:{ip}", sha256_hex(email.as_bytes())),
        format!("login-ip:{ip}"),
    ]
}

/// Refuses the attempt if any key is in a delay.
pub async fn check_login(
    db: &impl ConnectionTrait,
    keys: &[String; 2],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let blocked = login_throttle::Entity::find()
        .filter(login_throttle::Column::Key.is_in(keys.iter().cloned()))
        .filter(login_throttle::Column::BlockedUntil.gt(now))
        .all(db)
        .await?;
    match blocked.iter().filter_map(|row| row.blocked_until).max() {
        Some(until) => Err(AppError::RateLimited {
            retry_after_seconds: std::cmp::max((until - now).num_seconds(), 1),
        }),
        None => Ok(()),
    }
}

/// Counts a failed log-in on both keys and starts or lengthens their delays.
pub async fn record_login_failure(
    db: &impl ConnectionTrait,
    keys: &[String; 2],
    limits: &AbuseLimits,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let allowances = [
        limits.login_free_failures_per_account_ip,
        limits.login_free_failures_per_ip,
    ];
    for (key, free) in keys.iter().zip(allowances) {
        let row = login_throttle::Entity::insert(login_throttle::ActiveModel {
            key: Set(key.clone()),
            failures: Set(1),
            last_failure_at: Set(now),
            blocked_until: Set(None),
        })
        .on_conflict(
            OnConflict::column(login_throttle::Column::Key)
                .value(
                    login_throttle::Column::Failures,
                    Expr::col((login_throttle::Entity, login_throttle::Column::Failures)).add(1),
                )
                .update_column(login_throttle::Column::LastFailureAt)
                .to_owned(),
        )
        .exec_with_returning(db)
        .await?;
        if row.failures > free {
            let doublings = std::cmp::min(
                u32::try_from(row.failures - free - 1).unwrap_or(u32::MAX),
                20,
            );
            let delay = std::cmp::min(
                limits
                    .login_delay_base_seconds
                    .saturating_mul(1 << doublings),
                limits.login_delay_max_seconds,
            );
            login_throttle::Entity::update_many()
                .col_expr(
                    login_throttle::Column::BlockedUntil,
                    Expr::value(now + TimeDelta::seconds(delay)),
                )
                .filter(login_throttle::Column::Key.eq(key))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// A successful log-in clears its (address, IP) failures; the IP's count stays.
pub async fn record_login_success(
    db: &impl ConnectionTrait,
    keys: &[String; 2],
) -> Result<(), DbErr> {
    login_throttle::Entity::delete_by_id(keys[0].clone())
        .exec(db)
        .await?;
    Ok(())
}

/// Counts one event for `key` in the current hour; `Err(RateLimited)` once past `limit`.
pub async fn hourly(
    db: &impl ConnectionTrait,
    key: &str,
    limit: i32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    per_window(db, key, limit, TimeDelta::hours(1), now).await
}

/// Counts one event for `key` in the current UTC day; `Err(RateLimited)` once past `limit`.
pub async fn daily(
    db: &impl ConnectionTrait,
    key: &str,
    limit: i32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    per_window(db, key, limit, TimeDelta::days(1), now).await
}

async fn per_window(
    db: &impl ConnectionTrait,
    key: &str,
    limit: i32,
    length: TimeDelta,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let window = now
        .duration_trunc(length)
        .map_err(|e| anyhow::anyhow!("truncating {now}: {e}"))?;
    let row = rate_counter::Entity::insert(rate_counter::ActiveModel {
        key: Set(key.to_owned()),
        window_start: Set(window),
        count: Set(1),
    })
    .on_conflict(
        OnConflict::columns([rate_counter::Column::Key, rate_counter::Column::WindowStart])
            .value(
                rate_counter::Column::Count,
                Expr::col((rate_counter::Entity, rate_counter::Column::Count)).add(1),
            )
            .to_owned(),
    )
    .exec_with_returning(db)
    .await?;
    if row.count > limit {
        let retry = window + length - now;
        return Err(AppError::RateLimited {
            retry_after_seconds: std::cmp::max(retry.num_seconds(), 1),
        });
    }
    Ok(())
}

/// Forgets counters nobody needs any more: windows over a day old, log-in failures a day quiet.
pub async fn prune(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let day_ago = now - TimeDelta::days(1);
    let windows = rate_counter::Entity::delete_many()
        .filter(rate_counter::Column::WindowStart.lt(day_ago))
        .exec(db)
        .await?;
    let logins = login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::LastFailureAt.lt(day_ago))
        .exec(db)
        .await?;
    Ok(windows.rows_affected + logins.rows_affected)
}
