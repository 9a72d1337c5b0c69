//! Alert subscriptions: what a person follows (exactly one target), how often they hear about
//! it, pausing, and muting one item inside a broad subscription.

use chrono::{DateTime, Utc};
use entity::enums::{AlertDelivery, AlertTarget, SubjectType};
use entity::{
    agency, alert_mute, alert_subscription, alert_subscription_agency, body, jurisdiction,
    user_account, vendor,
};
use sea_orm::sea_query::{Expr, ExprTrait as _, Query};
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    IntoActiveModel as _, PaginatorTrait as _, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};

use crate::auth::Viewer;
use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::AppError;
use crate::outbox;
use crate::services::{alert_mail, subjects, watchlists};
use crate::state::AppState;

/// At most this many alert subscriptions per account.
pub const MAX_PER_ACCOUNT: u64 = 200;

/// What to follow: exactly one of these, as the API received it.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub subject_id: Option<String>,
    pub agency_id: Option<String>,
    pub body_id: Option<String>,
    pub vendor_id: Option<String>,
    pub category_code: Option<String>,
    /// A saved search as JSON (`{"keyword": …, "filter": {…}}`), already shaped by the API.
    pub search: Option<serde_json::Value>,
    pub outsourcing_in_jurisdiction_id: Option<String>,
    pub renewals_in_agency_ids: Option<Vec<String>>,
    pub watchlist_id: Option<String>,
}

/// A resolved target, ready to store.
struct Resolved {
    kind: AlertTarget,
    subject: Option<(SubjectType, i64)>,
    agency_id: Option<i64>,
    body_id: Option<i64>,
    vendor_id: Option<i64>,
    category_code: Option<String>,
    jurisdiction_id: Option<i64>,
    watchlist_id: Option<i64>,
    search: Option<String>,
    agencies: Vec<i64>,
}

impl Resolved {
    fn new(kind: AlertTarget) -> Self {
        Self {
            kind,
            subject: None,
            agency_id: None,
            body_id: None,
            vendor_id: None,
            category_code: None,
            jurisdiction_id: None,
            watchlist_id: None,
            search: None,
            agencies: Vec::new(),
        }
    }
}

/// Checks that a row of `E` with `id` exists.
async fn exists<E: EntityTrait>(
    db: &impl ConnectionTrait,
    id: i64,
    what: &'static str,
) -> Result<i64, AppError>
where
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i64>,
{
    E::find_by_id(id)
        .one(db)
        .await?
        .map(|_| id)
        .ok_or(AppError::NotFound(what))
}

async fn resolve(db: &impl ConnectionTrait, target: Target) -> Result<Resolved, AppError> {
    let given = [
        target.subject_id.is_some(),
        target.agency_id.is_some(),
        target.body_id.is_some(),
        target.vendor_id.is_some(),
        target.category_code.is_some(),
        target.search.is_some(),
        target.outsourcing_in_jurisdiction_id.is_some(),
        target.renewals_in_agency_ids.is_some(),
        target.watchlist_id.is_some(),
    ]
    .into_iter()
    .filter(|given| *given)
    .count();
    if given != 1 {
        return Err(AppError::invalid(
            "target",
            "give exactly one thing to follow",
        ));
    }
    if let Some(raw) = target.subject_id {
        let subject = subjects::resolve(db, &raw, "target.subjectId").await?;
        let mut r = Resolved::new(AlertTarget::Subject);
        r.subject = Some((subject.kind, subject.id));
        return Ok(r);
    }
    if let Some(raw) = target.agency_id {
        let id = GlobalId::parse_as(&raw, NodeKind::Agency, "target.agencyId")?;
        let mut r = Resolved::new(AlertTarget::Agency);
        r.agency_id = Some(exists::<agency::Entity>(db, id, "agency").await?);
        return Ok(r);
    }
    if let Some(raw) = target.body_id {
        let id = GlobalId::parse_as(&raw, NodeKind::Body, "target.bodyId")?;
        let mut r = Resolved::new(AlertTarget::Body);
        r.body_id = Some(exists::<body::Entity>(db, id, "body").await?);
        return Ok(r);
    }
    if let Some(raw) = target.vendor_id {
        let id = GlobalId::parse_as(&raw, NodeKind::Vendor, "target.vendorId")?;
        let mut r = Resolved::new(AlertTarget::Vendor);
        r.vendor_id = Some(exists::<vendor::Entity>(db, id, "vendor").await?);
        return Ok(r);
    }
    if let Some(code) = target.category_code {
        let code = code.trim();
        if code.is_empty() || code.chars().count() > 40 || code.chars().any(char::is_control) {
            return Err(AppError::invalid(
                "target.categoryCode",
                "a category code has 1 to 40 characters",
            ));
        }
        let mut r = Resolved::new(AlertTarget::Category);
        r.category_code = Some(code.to_owned());
        return Ok(r);
    }
    if let Some(search) = target.search {
        let text = search.to_string();
        if text.len() > 4000 {
            return Err(AppError::invalid("target.search", "the search is too long"));
        }
        let mut r = Resolved::new(AlertTarget::Search);
        r.search = Some(text);
        return Ok(r);
    }
    if let Some(raw) = target.outsourcing_in_jurisdiction_id {
        let id = GlobalId::parse_as(
            &raw,
            NodeKind::Jurisdiction,
            "target.outsourcingInJurisdictionId",
        )?;
        let mut r = Resolved::new(AlertTarget::Outsourcing);
        r.jurisdiction_id = Some(exists::<jurisdiction::Entity>(db, id, "jurisdiction").await?);
        return Ok(r);
    }
    if let Some(raws) = target.renewals_in_agency_ids {
        if raws.is_empty() || raws.len() > 50 {
            return Err(AppError::invalid(
                "target.renewalsInAgencyIds",
                "name 1 to 50 agencies",
            ));
        }
        let mut r = Resolved::new(AlertTarget::Renewals);
        for raw in raws {
            let id = GlobalId::parse_as(&raw, NodeKind::Agency, "target.renewalsInAgencyIds")?;
            let id = exists::<agency::Entity>(db, id, "agency").await?;
            if !r.agencies.contains(&id) {
                r.agencies.push(id);
            }
        }
        return Ok(r);
    }
    if let Some(raw) = target.watchlist_id {
        let id = GlobalId::parse_as(&raw, NodeKind::Watchlist, "target.watchlistId")?;
        watchlists::find(db, id)
            .await?
            .ok_or(AppError::NotFound("watchlist"))?;
        let mut r = Resolved::new(AlertTarget::Watchlist);
        r.watchlist_id = Some(id);
        return Ok(r);
    }
    Err(AppError::invalid(
        "target",
        "give exactly one thing to follow",
    ))
}

/// `createAlertSubscription`. Unverified accounts may set alerts up; mail waits for
/// verification.
pub async fn create(
    state: &AppState,
    viewer: &Viewer,
    target: Target,
    delivery: AlertDelivery,
) -> Result<alert_subscription::Model, AppError> {
    let me = viewer.user()?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let count = alert_subscription::Entity::find()
        .filter(alert_subscription::Column::UserId.eq(me.id))
        .count(&txn)
        .await?;
    if count >= MAX_PER_ACCOUNT {
        return Err(AppError::invalid(
            "target",
            format!("an account follows at most {MAX_PER_ACCOUNT} things; remove some first"),
        ));
    }
    let resolved = resolve(&txn, target).await?;
    let row = alert_subscription::ActiveModel {
        user_id: Set(me.id),
        target_type: Set(resolved.kind),
        subject_type: Set(resolved.subject.map(|s| s.0)),
        subject_id: Set(resolved.subject.map(|s| s.1)),
        agency_id: Set(resolved.agency_id),
        body_id: Set(resolved.body_id),
        vendor_id: Set(resolved.vendor_id),
        category_code: Set(resolved.category_code),
        jurisdiction_id: Set(resolved.jurisdiction_id),
        watchlist_id: Set(resolved.watchlist_id),
        search: Set(resolved.search),
        delivery: Set(delivery),
        paused_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    wants_mail(&txn, me.id, delivery, now).await?;
    for agency_id in resolved.agencies {
        alert_subscription_agency::ActiveModel {
            subscription_id: Set(row.id),
            agency_id: Set(agency_id),
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(row)
}

/// The viewer's own alert subscription named by `raw`; another person's is `NOT_FOUND`, so ids
/// cannot be probed.
async fn own(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    raw: &str,
) -> Result<alert_subscription::Model, AppError> {
    let me = viewer.user()?;
    let id = GlobalId::parse_as(raw, NodeKind::AlertSubscription, "alertSubscriptionId")?;
    alert_subscription::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|row| row.user_id == me.id)
        .ok_or(AppError::NotFound("alert subscription"))
}

/// `updateAlertSubscription`: delivery and pause.
pub async fn update(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    delivery: Option<AlertDelivery>,
    paused: Option<bool>,
) -> Result<alert_subscription::Model, AppError> {
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let row = own(&txn, viewer, id).await?;
    let mut active = row.clone().into_active_model();
    if let Some(delivery) = delivery {
        active.delivery = Set(delivery);
    }
    match paused {
        Some(true) if row.paused_at.is_none() => active.paused_at = Set(Some(now)),
        Some(false) => active.paused_at = Set(None),
        _ => {}
    }
    active.updated_at = Set(now);
    let row = active.update(&txn).await?;
    if row.paused_at.is_none() {
        wants_mail(&txn, row.user_id, row.delivery, now).await?;
    }
    txn.commit().await?;
    Ok(row)
}

/// `deleteAlertSubscription`.
pub async fn delete(state: &AppState, viewer: &Viewer, id: &str) -> Result<(), AppError> {
    let txn = state.db.write.begin().await?;
    let row = own(&txn, viewer, id).await?;
    alert_subscription::Entity::delete_by_id(row.id)
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// `muteAlertItem` / `unmuteAlertItem`: silences one item inside a broad subscription.
pub async fn set_muted(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    subject_id: &str,
    muted: bool,
) -> Result<alert_subscription::Model, AppError> {
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let row = own(&txn, viewer, id).await?;
    if row.target_type == AlertTarget::Subject {
        return Err(AppError::invalid(
            "alertSubscriptionId",
            "this follows one item; pause or delete it instead",
        ));
    }
    let (kind, subject) = subjects::parse(subject_id, "subjectId")?;
    if muted {
        // Muting twice is harmless.
        alert_mute::Entity::insert(alert_mute::ActiveModel {
            subscription_id: Set(row.id),
            subject_type: Set(kind),
            subject_id: Set(subject),
            created_at: Set(now),
        })
        .on_conflict_do_nothing()
        .exec_without_returning(&txn)
        .await?;
    } else {
        alert_mute::Entity::delete_by_id((row.id, kind, subject))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(row)
}

/// The viewer's alert subscriptions, newest first.
pub async fn mine(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
) -> Result<Vec<alert_subscription::Model>, AppError> {
    let me = viewer.user()?;
    Ok(alert_subscription::Entity::find()
        .filter(alert_subscription::Column::UserId.eq(me.id))
        .order_by_desc(alert_subscription::Column::Id)
        .all(db)
        .await?)
}

/// One alert subscription, if it is the viewer's (anyone else gets nothing).
pub async fn find_own(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: i64,
) -> Result<Option<alert_subscription::Model>, AppError> {
    let Some(me) = viewer.id() else {
        return Ok(None);
    };
    Ok(alert_subscription::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|row| row.user_id == me))
}

/// Items muted in a subscription.
pub async fn mutes(
    db: &impl ConnectionTrait,
    subscription_id: i64,
) -> Result<Vec<alert_mute::Model>, AppError> {
    Ok(alert_mute::Entity::find()
        .filter(alert_mute::Column::SubscriptionId.eq(subscription_id))
        .order_by_asc(alert_mute::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Agencies of a "renewals in these agencies" subscription.
pub async fn agencies(
    db: &impl ConnectionTrait,
    subscription_id: i64,
) -> Result<Vec<i64>, AppError> {
    Ok(alert_subscription_agency::Entity::find()
        .filter(alert_subscription_agency::Column::SubscriptionId.eq(subscription_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.agency_id)
        .collect())
}

/// An account that sets up or resumes an alert asks for its mail: the stream is turned back on
/// if a one-click unsubscribe had turned it off.
async fn wants_mail(
    db: &impl ConnectionTrait,
    user_id: i64,
    delivery: AlertDelivery,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let email: Option<Option<String>> = user_account::Entity::find_by_id(user_id)
        .select_only()
        .column(user_account::Column::Email)
        .into_tuple()
        .one(db)
        .await?;
    if let Some(email) = email.flatten() {
        outbox::resubscribe(db, &email, &alert_mail::topic(delivery), now).await?;
    }
    Ok(())
}

/// After a one-click unsubscribe from an alert stream (`alerts-daily`, …): the account's
/// subscriptions with that delivery are paused, so what it follows shows why mail stopped, and
/// resuming one turns the stream back on. Other topics are left alone.
pub async fn stream_unsubscribed(
    db: &impl ConnectionTrait,
    preference_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let Some(preference) = outbox::preference_by_id(db, preference_id).await? else {
        return Ok(0);
    };
    let Some(delivery) = alert_mail::delivery_of_topic(&preference.topic) else {
        return Ok(0);
    };
    let accounts = Query::select()
        .column(user_account::Column::Id)
        .from(user_account::Entity)
        .and_where(Expr::col(user_account::Column::Email).eq(preference.recipient))
        .to_owned();
    Ok(alert_subscription::Entity::update_many()
        .col_expr(alert_subscription::Column::PausedAt, Expr::value(now))
        .col_expr(alert_subscription::Column::UpdatedAt, Expr::value(now))
        .filter(alert_subscription::Column::UserId.in_subquery(accounts))
        .filter(alert_subscription::Column::Delivery.eq(delivery))
        .filter(alert_subscription::Column::PausedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}
