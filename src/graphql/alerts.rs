//! Alert subscriptions and organisations' watchlists.

use async_graphql::{Context, ID, InputObject, InputType as _, Json, Object};
use chrono::{DateTime, Utc};
use entity::enums::SubjectType;
use entity::{
    agency, alert_event, alert_subscription, body, jurisdiction, organization, vendor, watchlist,
    watchlist_item,
};

use crate::domain::ids::NodeKind;
use crate::error::{AppError, GqlResult};
use crate::graphql::comments::{Subject, subject};
use crate::graphql::context::{by_id, required, state, viewer};
use crate::graphql::directory::{Agency, Body, Jurisdiction, Vendor, global_id};
use crate::graphql::enums::{AlertDelivery, AlertTargetKind, TimelineEventKind};
use crate::graphql::organizations::Organization;
use crate::graphql::solicitations::SolicitationFilter;
use crate::services::{alerts, watchlists};

/// Something the viewer follows.
pub struct AlertSubscription(pub alert_subscription::Model);

#[Object]
impl AlertSubscription {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::AlertSubscription, self.0.id)
    }
    /// Which kind of target this follows; the matching field below is set.
    async fn target(&self) -> AlertTargetKind {
        self.0.target_type.into()
    }
    async fn subject(&self, ctx: &Context<'_>) -> GqlResult<Option<Subject>> {
        match (self.0.subject_type, self.0.subject_id) {
            (Some(kind), Some(id)) => Ok(Some(subject(ctx, kind, id).await?)),
            _ => Ok(None),
        }
    }
    async fn agency(&self, ctx: &Context<'_>) -> GqlResult<Option<Agency>> {
        match self.0.agency_id {
            Some(id) => Ok(by_id::<agency::Entity>(ctx, id).await?.map(Agency)),
            None => Ok(None),
        }
    }
    async fn body(&self, ctx: &Context<'_>) -> GqlResult<Option<Body>> {
        match self.0.body_id {
            Some(id) => Ok(by_id::<body::Entity>(ctx, id).await?.map(Body)),
            None => Ok(None),
        }
    }
    async fn vendor(&self, ctx: &Context<'_>) -> GqlResult<Option<Vendor>> {
        match self.0.vendor_id {
            Some(id) => Ok(by_id::<vendor::Entity>(ctx, id).await?.map(Vendor)),
            None => Ok(None),
        }
    }
    async fn category_code(&self) -> Option<&str> {
        self.0.category_code.as_deref()
    }
    /// A saved search: `{"keyword": …, "filter": {…}}`.
    async fn search(&self) -> Option<Json<serde_json::Value>> {
        self.0
            .search
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok())
            .map(Json)
    }
    /// For "all outsourcing in a jurisdiction".
    async fn outsourcing_in(&self, ctx: &Context<'_>) -> GqlResult<Option<Jurisdiction>> {
        match self.0.jurisdiction_id {
            Some(id) => Ok(by_id::<jurisdiction::Entity>(ctx, id)
                .await?
                .map(Jurisdiction)),
            None => Ok(None),
        }
    }
    /// For "renewals in these agencies".
    async fn renewals_in(&self, ctx: &Context<'_>) -> GqlResult<Vec<Agency>> {
        let mut out = Vec::new();
        for id in alerts::agencies(&state(ctx).db.read, self.0.id).await? {
            out.push(Agency(required::<agency::Entity>(ctx, id).await?));
        }
        Ok(out)
    }
    async fn watchlist(&self, ctx: &Context<'_>) -> GqlResult<Option<Watchlist>> {
        match self.0.watchlist_id {
            Some(id) => Ok(watchlists::find(&state(ctx).db.read, id)
                .await?
                .map(Watchlist)),
            None => Ok(None),
        }
    }
    async fn delivery(&self) -> AlertDelivery {
        self.0.delivery.into()
    }
    async fn paused(&self) -> bool {
        self.0.paused_at.is_some()
    }
    /// Items silenced inside this subscription.
    async fn muted(&self, ctx: &Context<'_>) -> GqlResult<Vec<Subject>> {
        let mut out = Vec::new();
        for row in alerts::mutes(&state(ctx).db.read, self.0.id).await? {
            out.push(subject(ctx, row.subject_type, row.subject_id).await?);
        }
        Ok(out)
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// An organisation's public list of items it watches.
pub struct Watchlist(pub watchlist::Model);

#[Object]
impl Watchlist {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Watchlist, self.0.id)
    }
    async fn organization(&self, ctx: &Context<'_>) -> GqlResult<Organization> {
        Ok(Organization(
            required::<organization::Entity>(ctx, self.0.organization_id).await?,
        ))
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// The items, in the order they were added.
    async fn items(&self, ctx: &Context<'_>) -> GqlResult<Vec<WatchlistItem>> {
        Ok(watchlists::items(&state(ctx).db.read, self.0.id)
            .await?
            .into_iter()
            .map(WatchlistItem)
            .collect())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// One item on a watchlist.
pub struct WatchlistItem(watchlist_item::Model);

#[Object]
impl WatchlistItem {
    async fn subject(&self, ctx: &Context<'_>) -> GqlResult<Subject> {
        subject(ctx, self.0.subject_type, self.0.subject_id).await
    }
    /// The organisation's note, e.g. "we oppose: this outsources 42 custodial jobs".
    async fn note(&self) -> &str {
        &self.0.note
    }
    async fn added_at(&self) -> DateTime<Utc> {
        self.0.added_at
    }
}

/// A saved search: a keyword and `solicitations` filter fields.
#[derive(InputObject)]
pub struct SavedSearchInput {
    pub keyword: Option<String>,
    pub filter: Option<SolicitationFilter>,
}

/// What to follow: give exactly one.
#[derive(InputObject)]
pub struct AlertTargetInput {
    /// A solicitation, contract or agenda item.
    pub subject_id: Option<ID>,
    pub agency_id: Option<ID>,
    pub body_id: Option<ID>,
    pub vendor_id: Option<ID>,
    pub category_code: Option<String>,
    pub search: Option<SavedSearchInput>,
    /// All outsourcing in this jurisdiction.
    pub outsourcing_in_jurisdiction_id: Option<ID>,
    /// Renewals in these agencies.
    pub renewals_in_agency_ids: Option<Vec<ID>>,
    pub watchlist_id: Option<ID>,
}

#[derive(InputObject)]
pub struct CreateAlertSubscriptionInput {
    pub target: AlertTargetInput,
    pub delivery: AlertDelivery,
}

#[derive(InputObject)]
pub struct UpdateAlertSubscriptionInput {
    pub alert_subscription_id: ID,
    pub delivery: Option<AlertDelivery>,
    pub paused: Option<bool>,
}

#[derive(InputObject)]
pub struct AlertItemInput {
    pub alert_subscription_id: ID,
    /// The solicitation, contract or agenda item to silence.
    pub subject_id: ID,
}

#[derive(InputObject)]
pub struct CreateWatchlistInput {
    pub organization_id: ID,
    pub name: String,
    #[graphql(default)]
    pub description: String,
}

#[derive(InputObject)]
pub struct WatchlistItemInput {
    pub watchlist_id: ID,
    pub subject_id: ID,
    /// Up to 500 characters; ignored when removing.
    #[graphql(default)]
    pub note: String,
}

/// Alert reads.
#[derive(Default)]
pub struct AlertQuery;

#[Object]
impl AlertQuery {
    /// What you follow, newest first.
    async fn my_alert_subscriptions(&self, ctx: &Context<'_>) -> GqlResult<Vec<AlertSubscription>> {
        Ok(alerts::mine(&state(ctx).db.read, viewer(ctx))
            .await?
            .into_iter()
            .map(AlertSubscription)
            .collect())
    }
}

fn to_target(input: AlertTargetInput) -> Result<alerts::Target, AppError> {
    let search = match input.search {
        Some(search) => {
            let keyword = search.keyword.map(|k| k.trim().to_owned());
            if keyword.as_deref().is_some_and(|k| k.chars().count() > 200) {
                return Err(AppError::invalid(
                    "target.search.keyword",
                    "a keyword has at most 200 characters",
                ));
            }
            let filter = search
                .filter
                .map(|f| f.to_value().into_json())
                .transpose()
                .map_err(|e| AppError::Unexpected(anyhow::anyhow!("filter to JSON: {e}")))?;
            if keyword.as_deref().is_none_or(str::is_empty) && filter.is_none() {
                return Err(AppError::invalid(
                    "target.search",
                    "a saved search needs a keyword or a filter",
                ));
            }
            Some(serde_json::json!({ "keyword": keyword, "filter": filter }))
        }
        None => None,
    };
    Ok(alerts::Target {
        subject_id: input.subject_id.map(|id| id.to_string()),
        agency_id: input.agency_id.map(|id| id.to_string()),
        body_id: input.body_id.map(|id| id.to_string()),
        vendor_id: input.vendor_id.map(|id| id.to_string()),
        category_code: input.category_code,
        search,
        outsourcing_in_jurisdiction_id: input
            .outsourcing_in_jurisdiction_id
            .map(|id| id.to_string()),
        renewals_in_agency_ids: input
            .renewals_in_agency_ids
            .map(|ids| ids.into_iter().map(|id| id.to_string()).collect()),
        watchlist_id: input.watchlist_id.map(|id| id.to_string()),
    })
}

/// Following, and curating watchlists.
#[derive(Default)]
pub struct AlertMutation;

#[Object]
impl AlertMutation {
    /// Follows one thing. Mail goes only to verified addresses, and every message unsubscribes
    /// in one click.
    async fn create_alert_subscription(
        &self,
        ctx: &Context<'_>,
        input: CreateAlertSubscriptionInput,
    ) -> GqlResult<AlertSubscription> {
        let target = to_target(input.target)?;
        Ok(AlertSubscription(
            alerts::create(state(ctx), viewer(ctx), target, input.delivery.into()).await?,
        ))
    }
    /// Changes how often, or pauses and resumes.
    async fn update_alert_subscription(
        &self,
        ctx: &Context<'_>,
        input: UpdateAlertSubscriptionInput,
    ) -> GqlResult<AlertSubscription> {
        Ok(AlertSubscription(
            alerts::update(
                state(ctx),
                viewer(ctx),
                &input.alert_subscription_id,
                input.delivery.map(Into::into),
                input.paused,
            )
            .await?,
        ))
    }
    /// Stops following.
    async fn delete_alert_subscription(
        &self,
        ctx: &Context<'_>,
        alert_subscription_id: ID,
    ) -> GqlResult<bool> {
        alerts::delete(state(ctx), viewer(ctx), &alert_subscription_id).await?;
        Ok(true)
    }
    /// Silences one item inside a broad subscription.
    async fn mute_alert_item(
        &self,
        ctx: &Context<'_>,
        input: AlertItemInput,
    ) -> GqlResult<AlertSubscription> {
        Ok(AlertSubscription(
            alerts::set_muted(
                state(ctx),
                viewer(ctx),
                &input.alert_subscription_id,
                &input.subject_id,
                true,
            )
            .await?,
        ))
    }
    /// Hears about a muted item again.
    async fn unmute_alert_item(
        &self,
        ctx: &Context<'_>,
        input: AlertItemInput,
    ) -> GqlResult<AlertSubscription> {
        Ok(AlertSubscription(
            alerts::set_muted(
                state(ctx),
                viewer(ctx),
                &input.alert_subscription_id,
                &input.subject_id,
                false,
            )
            .await?,
        ))
    }
    /// Starts a public watchlist in a verified organisation's name (its representatives).
    async fn create_watchlist(
        &self,
        ctx: &Context<'_>,
        input: CreateWatchlistInput,
    ) -> GqlResult<Watchlist> {
        Ok(Watchlist(
            watchlists::create(
                state(ctx),
                viewer(ctx),
                &input.organization_id,
                &input.name,
                &input.description,
            )
            .await?,
        ))
    }
    /// Adds an item to a watchlist, or changes its note.
    async fn add_watchlist_item(
        &self,
        ctx: &Context<'_>,
        input: WatchlistItemInput,
    ) -> GqlResult<Watchlist> {
        Ok(Watchlist(
            watchlists::add_item(
                state(ctx),
                viewer(ctx),
                &input.watchlist_id,
                &input.subject_id,
                &input.note,
            )
            .await?,
        ))
    }
    /// Takes an item off a watchlist.
    async fn remove_watchlist_item(
        &self,
        ctx: &Context<'_>,
        input: WatchlistItemInput,
    ) -> GqlResult<Watchlist> {
        Ok(Watchlist(
            watchlists::remove_item(
                state(ctx),
                viewer(ctx),
                &input.watchlist_id,
                &input.subject_id,
            )
            .await?,
        ))
    }
}

/// One thing that happened to an item: its alert events, as followers were told.
pub struct TimelineEvent(alert_event::Model);

#[Object]
impl TimelineEvent {
    async fn kind(&self) -> TimelineEventKind {
        self.0.kind.into()
    }
    /// In words, as the alert mail said it.
    async fn headline(&self) -> &str {
        &self.0.headline
    }
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.0.occurred_at
    }
}

/// The most a timeline lists.
const MAX_TIMELINE: i32 = 100;

/// `timeline` of a solicitation, contract or agenda item: newest first.
pub async fn subject_timeline(
    ctx: &Context<'_>,
    kind: SubjectType,
    id: i64,
    first: i32,
) -> GqlResult<Vec<TimelineEvent>> {
    if !(1..=MAX_TIMELINE).contains(&first) {
        return Err(
            AppError::invalid("first", format!("must be between 1 and {MAX_TIMELINE}")).into(),
        );
    }
    let limit = u64::try_from(first).unwrap_or(1);
    Ok(
        crate::services::alert_events::timeline(&state(ctx).db.read, (kind, id), limit)
            .await?
            .into_iter()
            .map(TimelineEvent)
            .collect(),
    )
}
