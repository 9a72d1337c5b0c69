//! The audit log: one append-only row per staff, moderator or admin change, written in the same
//! transaction as the change it records.

use chrono::{DateTime, Utc};
use entity::audit_log;
use sea_orm::{ActiveEnum as _, ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

use crate::auth::tokens::sha256_hex;
use crate::auth::{RequestMeta, Viewer};

/// Who acted, for the log: an account, or the command line.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Option<i64>,
    pub role: String,
    pub request_id: String,
}

impl Actor {
    /// The signed-in account of a request.
    pub fn of(viewer: &Viewer, meta: &RequestMeta) -> Self {
        match viewer {
            Viewer::User(user) => Self {
                id: Some(user.id),
                role: user.role.to_value(),
                request_id: meta.request_id.clone(),
            },
            Viewer::Anonymous => Self {
                id: None,
                role: "anonymous".to_owned(),
                request_id: meta.request_id.clone(),
            },
        }
    }

    /// The operator at the command line.
    pub fn command_line() -> Self {
        Self {
            id: None,
            role: "command_line".to_owned(),
            request_id: format!("cli-{}", std::process::id()),
        }
    }
}

/// A digest of a row's state: SHA-256 of its field listing. Equal states give equal digests, so
/// a reader can tell which changes touched a row without the log holding its content.
pub fn digest(state: &impl std::fmt::Debug) -> String {
    sha256_hex(format!("{state:?}").as_bytes())
}

/// One entry.
pub struct Entry<'a> {
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: Option<i64>,
    pub reason: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    /// The jurisdiction the change belongs to, for its staff's view of the log.
    pub jurisdiction_id: Option<i64>,
}

/// Appends `entry` on `db` (the change's transaction).
pub async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    entry: Entry<'_>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    audit_log::Entity::insert(audit_log::ActiveModel {
        actor_id: Set(actor.id),
        actor_role: Set(actor.role.clone()),
        action: Set(entry.action.to_owned()),
        target_type: Set(entry.target_type.to_owned()),
        target_id: Set(entry.target_id),
        reason: Set(entry.reason),
        request_id: Set(actor.request_id.clone()),
        before_digest: Set(entry.before),
        after_digest: Set(entry.after),
        jurisdiction_id: Set(entry.jurisdiction_id),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}
