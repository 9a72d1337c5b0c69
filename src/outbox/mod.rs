//! The durable outbox. A change that should cause mail inserts one delivery row per recipient in
//! its own transaction ([`Mailer::enqueue`]); a worker ([`worker::Worker`]) later claims due rows
//! with a short lease, sends outside any transaction and records the outcome. Nothing is deleted:
//! a row ends `sent`, `dead` (with the reason) or `suppressed`.
//!
//! Logs carry delivery ids, never addresses or bodies.

pub mod worker;

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, TimeDelta, Utc};
use entity::enums::DeliveryStatus;
use entity::{email_delivery, email_suppression, mail_preference};
use minijinja::{Value, context};
use rand::Rng as _;
use sea_orm::sea_query::{Expr, ExprTrait as _, LockBehavior, LockType, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, FromQueryResult, Order, QueryFilter, QuerySelect, SqliteTransactionMode,
    TransactionOptions, TransactionTrait, TryInsertResult,
};

pub use crate::auth::tokens::token_hash;
use crate::auth::tokens::{random_base64url, random_token};
use crate::config::{Settings, WorkerSettings};
use crate::email::SendError;
use crate::error::AppError;
use crate::templates;

use email_delivery::Column as D;

/// One message to enqueue.
#[derive(Debug, Clone)]
pub struct NewEmail {
    /// What kind of mail: `test`, later `verify_email`, `alert`, `digest`, …
    pub kind: &'static str,
    /// What it is about; with kind and recipient it may be enqueued only once.
    pub subject_key: String,
    pub to: String,
    pub to_name: Option<String>,
    /// The template folder under `templates/mail/`.
    pub template: &'static str,
    pub context: Value,
    /// For list mail (alerts, digests), the stream one-click unsubscribe turns off. `None` for
    /// transactional mail, which carries no unsubscribe.
    pub topic: Option<String>,
}

impl NewEmail {
    /// The operator's test message (`contract-watch outbox send-test`), also used by the
    /// benchmarks and drills. With a topic it is list mail and carries one-click unsubscribe.
    pub fn test_message(to: &str, name: &str, subject_key: String, topic: Option<String>) -> Self {
        Self {
            kind: "test",
            subject_key,
            to: to.to_owned(),
            to_name: Some(name.to_owned()),
            template: "test",
            context: context! { name => name },
            topic,
        }
    }
}

/// What [`Mailer::enqueue`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    /// A new delivery, due now.
    Queued(i64),
    /// A new delivery that will not be sent: the address bounced or the topic is unsubscribed.
    Suppressed(i64),
    /// The same (kind, subject, recipient) was enqueued before; nothing changed.
    Duplicate,
}

/// Renders and enqueues mail.
#[derive(Debug, Clone)]
pub struct Mailer {
    app_url: String,
    message_id_domain: String,
}

impl Mailer {
    pub fn new(settings: &Settings) -> anyhow::Result<Self> {
        let from = crate::email::from_mailbox(&settings.email)?;
        Ok(Self {
            app_url: settings
                .application
                .base_url
                .trim_end_matches('/')
                .to_owned(),
            message_id_domain: from.email.domain().to_owned(),
        })
    }

    /// Inserts the delivery row on `db`, which should be the transaction of the change that
    /// causes the mail: if it rolls back, no mail goes out.
    #[tracing::instrument(skip_all, fields(email.kind = email.kind))]
    pub async fn enqueue(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
        email: NewEmail,
    ) -> Result<Enqueued, AppError> {
        let recipient = normalise_address(&email.to)?;
        let bounced = email_suppression::Entity::find()
            .filter(email_suppression::Column::Recipient.eq(&recipient))
            .one(db)
            .await?
            .is_some();
        let preference = match &email.topic {
            Some(topic) => Some(preference(db, &recipient, topic, now).await?),
            None => None,
        };
        let row = self.delivery_row(email, recipient, now, bounced, preference.as_ref())?;
        let pending = row.status.as_ref() == &DeliveryStatus::Pending;
        let inserted = email_delivery::Entity::insert(row)
            .on_conflict_do_nothing_on([D::Kind, D::SubjectKey, D::Recipient])
            .exec(db)
            .await?;
        Ok(match inserted {
            TryInsertResult::Inserted(result) if pending => {
                tracing::info!(delivery.id = result.last_insert_id, "delivery enqueued");
                Enqueued::Queued(result.last_insert_id)
            }
            TryInsertResult::Inserted(result) => Enqueued::Suppressed(result.last_insert_id),
            TryInsertResult::Conflicted | TryInsertResult::Empty => Enqueued::Duplicate,
        })
    }

    /// Enqueues many messages (alert mail, digests) on `db` with a bounded number of statements:
    /// one suppression lookup, one preference upsert and lookup, and multi-row inserts, per
    /// chunk of 500. Each message gets what [`Mailer::enqueue`] would give it; duplicates of
    /// earlier (kind, subject, recipient) are skipped. Returns how many rows were inserted.
    #[tracing::instrument(skip_all, fields(emails = emails.len()))]
    pub async fn enqueue_many(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
        emails: Vec<NewEmail>,
    ) -> Result<u64, AppError> {
        let mut inserted = 0;
        let mut emails = emails.into_iter().peekable();
        while emails.peek().is_some() {
            let chunk: Vec<(String, NewEmail)> = emails
                .by_ref()
                .take(500)
                .map(|email| Ok((normalise_address(&email.to)?, email)))
                .collect::<Result<_, AppError>>()?;
            let recipients: BTreeSet<&str> = chunk.iter().map(|(to, _)| to.as_str()).collect();
            let bounced: HashSet<String> = email_suppression::Entity::find()
                .select_only()
                .column(email_suppression::Column::Recipient)
                .filter(email_suppression::Column::Recipient.is_in(recipients.iter().copied()))
                .into_tuple()
                .all(db)
                .await?
                .into_iter()
                .collect();
            let wanted: BTreeSet<(&str, &str)> = chunk
                .iter()
                .filter_map(|(to, email)| Some((to.as_str(), email.topic.as_deref()?)))
                .collect();
            let preferences = preferences(db, &wanted, now).await?;
            let mut rows = Vec::with_capacity(chunk.len());
            for (recipient, email) in chunk {
                let preference = email
                    .topic
                    .as_deref()
                    .and_then(|topic| preferences.get(&(recipient.clone(), topic.to_owned())));
                let bounced = bounced.contains(&recipient);
                rows.push(self.delivery_row(email, recipient, now, bounced, preference)?);
            }
            inserted += email_delivery::Entity::insert_many(rows)
                .on_conflict(
                    OnConflict::columns([D::Kind, D::SubjectKey, D::Recipient])
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(db)
                .await?;
        }
        Ok(inserted)
    }

    /// Renders a message exactly as it is enqueued (staff previews use this): the template with
    /// the service's address and, for list mail, the unsubscribe link.
    pub fn render(
        &self,
        template: &str,
        context: &Value,
        unsubscribe_url: Option<String>,
    ) -> Result<templates::RenderedMail, AppError> {
        let context = context! {
            app_url => self.app_url.clone(),
            unsubscribe_url => unsubscribe_url,
            ..context.clone()
        };
        templates::render_mail(template, &context).map_err(|err| AppError::Unexpected(err.into()))
    }

    /// The service's address, for links in mail.
    pub fn app_url(&self) -> &str {
        &self.app_url
    }

    /// Renders one message into its delivery row: pending, or suppressed when the address
    /// bounced or the topic is turned off. List mail gets a fresh one-click unsubscribe token.
    fn delivery_row(
        &self,
        email: NewEmail,
        recipient: String,
        now: DateTime<Utc>,
        bounced: bool,
        preference: Option<&mail_preference::Model>,
    ) -> Result<email_delivery::ActiveModel, AppError> {
        let token = preference.map(|_| random_token());
        let unsubscribe_url = token
            .as_ref()
            .map(|token| format!("{}/unsubscribe/{token}", self.app_url));
        // Only the one-click URL (RFC 8058): nothing reads mail sent to an unsubscribe mailbox,
        // so the header does not offer one.
        let list_unsubscribe = unsubscribe_url.as_ref().map(|url| format!("<{url}>"));
        let rendered = self.render(email.template, &email.context, unsubscribe_url)?;
        let status = if bounced || preference.is_some_and(|p| !p.enabled) {
            DeliveryStatus::Suppressed
        } else {
            DeliveryStatus::Pending
        };
        Ok(email_delivery::ActiveModel {
            kind: Set(email.kind.to_owned()),
            subject_key: Set(email.subject_key),
            recipient: Set(recipient),
            recipient_name: Set(email.to_name),
            message_id: Set(format!(
                "<{}@{}>",
                random_base64url(18),
                self.message_id_domain
            )),
            subject: Set(rendered.subject),
            text_body: Set(rendered.text),
            html_body: Set(rendered.html),
            mail_preference_id: Set(preference.map(|p| p.id)),
            unsubscribe_token_hash: Set(token.as_deref().map(token_hash)),
            list_unsubscribe: Set(list_unsubscribe),
            status: Set(status),
            attempts: Set(0),
            next_attempt_at: Set(now),
            leased_until: Set(None),
            last_error_class: Set((status == DeliveryStatus::Suppressed).then(|| {
                if bounced {
                    "suppressed"
                } else {
                    "unsubscribed"
                }
                .to_owned()
            })),
            last_error: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            sent_at: Set(None),
            ..Default::default()
        })
    }
}

/// Lower-cases a valid address; anything else is a validation error on `to`.
fn normalise_address(address: &str) -> Result<String, AppError> {
    let address = address.trim();
    address
        .parse::<lettre::Address>()
        .map(|parsed| parsed.to_string().to_lowercase())
        .map_err(|_| AppError::invalid("to", "not a valid email address"))
}

/// The recipient's preference for `topic`, created enabled on first use.
async fn preference(
    db: &impl ConnectionTrait,
    recipient: &str,
    topic: &str,
    now: DateTime<Utc>,
) -> Result<mail_preference::Model, DbErr> {
    let find = || {
        mail_preference::Entity::find()
            .filter(mail_preference::Column::Recipient.eq(recipient))
            .filter(mail_preference::Column::Topic.eq(topic))
    };
    if let Some(found) = find().one(db).await? {
        return Ok(found);
    }
    mail_preference::Entity::insert(mail_preference::ActiveModel {
        recipient: Set(recipient.to_owned()),
        topic: Set(topic.to_owned()),
        enabled: Set(true),
        created_at: Set(now),
        unsubscribed_at: Set(None),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([
        mail_preference::Column::Recipient,
        mail_preference::Column::Topic,
    ])
    .exec(db)
    .await?;
    find()
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("mail preference".to_owned()))
}

/// The preferences for many (recipient, topic) pairs, created enabled where missing: one
/// multi-row insert and one lookup.
async fn preferences(
    db: &impl ConnectionTrait,
    wanted: &BTreeSet<(&str, &str)>,
    now: DateTime<Utc>,
) -> Result<HashMap<(String, String), mail_preference::Model>, DbErr> {
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    mail_preference::Entity::insert_many(wanted.iter().map(|(recipient, topic)| {
        mail_preference::ActiveModel {
            recipient: Set((*recipient).to_owned()),
            topic: Set((*topic).to_owned()),
            enabled: Set(true),
            created_at: Set(now),
            unsubscribed_at: Set(None),
            ..Default::default()
        }
    }))
    .on_conflict(
        OnConflict::columns([
            mail_preference::Column::Recipient,
            mail_preference::Column::Topic,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let recipients: BTreeSet<&str> = wanted.iter().map(|(r, _)| *r).collect();
    let topics: BTreeSet<&str> = wanted.iter().map(|(_, t)| *t).collect();
    Ok(mail_preference::Entity::find()
        .filter(mail_preference::Column::Recipient.is_in(recipients))
        .filter(mail_preference::Column::Topic.is_in(topics))
        .all(db)
        .await?
        .into_iter()
        .map(|p| ((p.recipient.clone(), p.topic.clone()), p))
        .collect())
}

/// Turns a topic back on for a recipient (a resumed alert subscription), creating it if needed.
pub async fn resubscribe(
    db: &impl ConnectionTrait,
    recipient: &str,
    topic: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    preference(db, recipient, topic, now).await?;
    mail_preference::Entity::update_many()
        .col_expr(mail_preference::Column::Enabled, Expr::value(true))
        .col_expr(
            mail_preference::Column::UnsubscribedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(mail_preference::Column::Recipient.eq(recipient))
        .filter(mail_preference::Column::Topic.eq(topic))
        .filter(mail_preference::Column::Enabled.eq(false))
        .exec(db)
        .await?;
    Ok(())
}

/// The recipient and topic of a preference.
pub async fn preference_by_id(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<mail_preference::Model>, DbErr> {
    mail_preference::Entity::find_by_id(id).one(db).await
}

/// Claimable: waiting, due, and not leased (or the lease ran out: that worker died).
fn claimable(now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(D::Status.is_in([DeliveryStatus::Pending, DeliveryStatus::Retrying]))
        .add(D::NextAttemptAt.lte(now))
        .add(
            Condition::any()
                .add(D::LeasedUntil.is_null())
                .add(D::LeasedUntil.lt(now)),
        )
}

/// Leases up to `limit` due deliveries until `now + lease` and counts the attempt.
///
/// PostgreSQL: the candidate subquery takes `FOR UPDATE SKIP LOCKED`, so concurrent workers never
/// claim the same row and never wait on each other. SQLite has no row locks: the `IMMEDIATE`
/// transaction takes the write lock before reading, so claims are serialised.
pub async fn claim(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease: TimeDelta,
    limit: u64,
) -> Result<Vec<email_delivery::Model>, DbErr> {
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    let candidates = Query::select()
        .column(D::Id)
        .from(email_delivery::Entity)
        .cond_where(claimable(now))
        .order_by(D::NextAttemptAt, Order::Asc)
        .order_by(D::Id, Order::Asc)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned();
    let claimed = email_delivery::Entity::update_many()
        .col_expr(D::LeasedUntil, Expr::value(now + lease))
        .col_expr(D::Attempts, Expr::col(D::Attempts).add(1))
        .col_expr(D::UpdatedAt, Expr::value(now))
        .filter(D::Id.in_subquery(candidates))
        .filter(claimable(now))
        .exec_with_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(claimed)
}

/// Gives back claimed rows that were never attempted (a worker stopping): their lease ends and
/// the attempt is uncounted, so another worker takes them at once. A row whose lease already
/// ran out and was claimed again is left to its new holder.
pub async fn release(
    db: &DatabaseConnection,
    rows: &[email_delivery::Model],
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let mut released = 0;
    for row in rows {
        released += email_delivery::Entity::update_many()
            .col_expr(D::LeasedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(D::Attempts, Expr::col(D::Attempts).sub(1))
            .col_expr(D::UpdatedAt, Expr::value(now))
            .filter(D::Id.eq(row.id))
            .filter(D::LeasedUntil.eq(row.leased_until))
            .filter(D::Status.eq(row.status))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(released)
}

/// How long to wait before the next attempt.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub base: TimeDelta,
    pub cap: TimeDelta,
    pub max_attempts: i32,
}

impl RetryPolicy {
    pub fn from_settings(settings: &WorkerSettings) -> Self {
        Self {
            base: TimeDelta::seconds(settings.retry_base_seconds),
            cap: TimeDelta::seconds(std::cmp::max(
                settings.retry_max_delay_seconds,
                settings.retry_base_seconds,
            )),
            max_attempts: settings.max_attempts,
        }
    }

    /// Exponential backoff with "equal jitter": the n-th retry waits between half and all of
    /// `min(cap, base × 2^(n-1))`, so a relay's outage does not bring every retry back at once.
    pub fn delay(&self, attempts: i32) -> TimeDelta {
        let doublings = std::cmp::min(u32::try_from(attempts.saturating_sub(1)).unwrap_or(0), 30);
        let full = self
            .base
            .checked_mul(1 << doublings)
            .map_or(self.cap, |delay| delay.min(self.cap));
        let half_ms = full.num_milliseconds() / 2;
        TimeDelta::milliseconds(half_ms + rand::rng().random_range(0..=half_ms))
    }
}

/// Records a send's outcome on a claimed row and returns the row's new status.
#[tracing::instrument(skip_all, fields(delivery.id = row.id))]
pub async fn record(
    db: &DatabaseConnection,
    row: &email_delivery::Model,
    outcome: &Result<(), SendError>,
    now: DateTime<Utc>,
    policy: &RetryPolicy,
) -> Result<DeliveryStatus, DbErr> {
    let update = email_delivery::Entity::update_many()
        .filter(D::Id.eq(row.id))
        .col_expr(D::LeasedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(D::UpdatedAt, Expr::value(now));
    let status = match outcome {
        Ok(()) => {
            update
                .col_expr(D::Status, Expr::value(DeliveryStatus::Sent))
                .col_expr(D::SentAt, Expr::value(now))
                .col_expr(D::LastErrorClass, Expr::value(Option::<String>::None))
                .exec(db)
                .await?;
            tracing::info!(attempts = row.attempts, "delivery sent");
            DeliveryStatus::Sent
        }
        Err(error @ SendError::Transient { .. }) if row.attempts < policy.max_attempts => {
            let next = now + policy.delay(row.attempts);
            update
                .col_expr(D::Status, Expr::value(DeliveryStatus::Retrying))
                .col_expr(D::NextAttemptAt, Expr::value(next))
                .col_expr(D::LastErrorClass, Expr::value(error.class()))
                .col_expr(D::LastError, Expr::value(error.detail()))
                .exec(db)
                .await?;
            tracing::warn!(error.class = error.class(), attempts = row.attempts, next_attempt_at = %next, "delivery will be retried");
            DeliveryStatus::Retrying
        }
        Err(error) => {
            let hard_bounce = error.is_hard_bounce();
            let txn = db.begin().await?;
            update
                .col_expr(D::Status, Expr::value(DeliveryStatus::Dead))
                .col_expr(D::LastErrorClass, Expr::value(error.class()))
                .col_expr(D::LastError, Expr::value(error.detail()))
                .exec(&txn)
                .await?;
            if hard_bounce {
                suppress(&txn, &row.recipient, row.id, now).await?;
            }
            txn.commit().await?;
            tracing::warn!(
                error.class = error.class(),
                attempts = row.attempts,
                hard_bounce,
                "delivery is dead"
            );
            DeliveryStatus::Dead
        }
    };
    Ok(status)
}

/// Stops all mail to an address that hard-bounced, including what is already waiting.
async fn suppress(
    db: &impl ConnectionTrait,
    recipient: &str,
    delivery_id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    email_suppression::Entity::insert(email_suppression::ActiveModel {
        recipient: Set(recipient.to_owned()),
        reason: Set("hard_bounce".to_owned()),
        delivery_id: Set(Some(delivery_id)),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(email_suppression::Column::Recipient)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    email_delivery::Entity::update_many()
        .col_expr(D::Status, Expr::value(DeliveryStatus::Suppressed))
        .col_expr(D::LastErrorClass, Expr::value("suppressed"))
        .col_expr(D::UpdatedAt, Expr::value(now))
        .filter(D::Recipient.eq(recipient))
        .filter(D::Status.is_in([DeliveryStatus::Pending, DeliveryStatus::Retrying]))
        .exec(db)
        .await?;
    Ok(())
}

/// Turns off the preference an unsubscribe token belongs to, and suppresses what is still
/// waiting for it. Returns `false` (and changes nothing) for an unknown or malformed token.
#[tracing::instrument(skip_all)]
pub async fn unsubscribe(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some(preference_id) = preference_for_token(db, token).await? else {
        return Ok(false);
    };
    let txn = db.begin().await?;
    mail_preference::Entity::update_many()
        .col_expr(mail_preference::Column::Enabled, Expr::value(false))
        .col_expr(mail_preference::Column::UnsubscribedAt, Expr::value(now))
        .filter(mail_preference::Column::Id.eq(preference_id))
        .filter(mail_preference::Column::Enabled.eq(true))
        .exec(&txn)
        .await?;
    email_delivery::Entity::update_many()
        .col_expr(D::Status, Expr::value(DeliveryStatus::Suppressed))
        .col_expr(D::LastErrorClass, Expr::value("unsubscribed"))
        .col_expr(D::UpdatedAt, Expr::value(now))
        .filter(D::MailPreferenceId.eq(preference_id))
        .filter(D::Status.is_in([DeliveryStatus::Pending, DeliveryStatus::Retrying]))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    tracing::info!(mail_preference.id = preference_id, "unsubscribed");
    Ok(true)
}

/// The preference a well-formed, known unsubscribe token names.
pub async fn preference_for_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<i64>, DbErr> {
    let well_formed = token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !well_formed {
        return Ok(None);
    }
    let preference: Option<Option<i64>> = email_delivery::Entity::find()
        .select_only()
        .column(D::MailPreferenceId)
        .filter(D::UnsubscribeTokenHash.eq(token_hash(token)))
        .into_tuple()
        .one(db)
        .await?;
    Ok(preference.flatten())
}

/// Counts by status and the age of the oldest delivery still waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxStatus {
    pub counts: Vec<(DeliveryStatus, i64)>,
    pub oldest_waiting_since: Option<DateTime<Utc>>,
}

#[derive(FromQueryResult)]
struct StatusCount {
    status: DeliveryStatus,
    count: i64,
}

pub async fn status(db: &impl ConnectionTrait) -> Result<OutboxStatus, DbErr> {
    let counts = email_delivery::Entity::find()
        .select_only()
        .column(D::Status)
        .column_as(D::Id.count(), "count")
        .group_by(D::Status)
        .into_model::<StatusCount>()
        .all(db)
        .await?;
    let oldest: Option<Option<DateTime<Utc>>> = email_delivery::Entity::find()
        .select_only()
        .column_as(D::CreatedAt.min(), "oldest")
        .filter(D::Status.is_in([DeliveryStatus::Pending, DeliveryStatus::Retrying]))
        .into_tuple()
        .one(db)
        .await?;
    Ok(OutboxStatus {
        counts: counts.into_iter().map(|c| (c.status, c.count)).collect(),
        oldest_waiting_since: oldest.flatten(),
    })
}
