//! Small helpers every resolver uses: the app state, paging arguments and loader access.

use async_graphql::Context;
use async_graphql::dataloader::DataLoader;
use chrono::NaiveDate;
use sea_orm::EntityTrait;

use crate::auth::{RequestMeta, Viewer};
use crate::domain::page::{PageLimits, PageRequest};
use crate::error::{AppError, GqlResult};
use crate::graphql::loaders::{ById, ChildRelation, Children, Keyed, Loaders, PerRequest};
use crate::graphql::prefetch;
use crate::state::AppState;

/// The application state; always present in the schema's data.
pub fn state<'a>(ctx: &Context<'a>) -> &'a AppState {
    ctx.data_unchecked::<AppState>()
}

/// Who is asking; anonymous when the request carries no viewer (schema-only callers).
pub fn viewer<'a>(ctx: &Context<'a>) -> &'a Viewer {
    static ANONYMOUS: Viewer = Viewer::Anonymous;
    ctx.data_opt::<Viewer>().unwrap_or(&ANONYMOUS)
}

/// The client's address and the request id.
pub fn meta<'a>(ctx: &Context<'a>) -> RequestMeta {
    ctx.data_opt::<RequestMeta>()
        .cloned()
        .unwrap_or_else(|| RequestMeta {
            ip: "unknown".to_owned(),
            request_id: "internal".to_owned(),
        })
}

/// Today's date (UTC) by the app's clock.
pub fn today(ctx: &Context<'_>) -> NaiveDate {
    state(ctx).clock.now().date_naive()
}

/// Parses `first`/`after` against the configured limits.
pub fn page(
    ctx: &Context<'_>,
    first: Option<i32>,
    after: Option<String>,
) -> GqlResult<PageRequest> {
    let graphql = &state(ctx).settings.graphql;
    let limits = PageLimits {
        default_size: graphql.default_page_size,
        max_size: graphql.max_page_size,
    };
    Ok(PageRequest::parse(first, after.as_deref(), limits)?)
}

/// Whether the client selected `totalCount` on the connection this field returns.
pub fn wants_total(ctx: &Context<'_>) -> bool {
    ctx.look_ahead().field("totalCount").exists()
}

/// A row by primary key, batched with every other lookup of the same entity in this request.
pub async fn by_id<E>(ctx: &Context<'_>, id: i64) -> GqlResult<Option<E::Model>>
where
    E: Keyed,
    E::Model: Clone + Send + Sync,
    ById<E>: PerRequest,
{
    if let Some(row) = prefetch::fetched::<ById<E>>(ctx, id) {
        return Ok(row);
    }
    Ok(loader::<ById<E>>(ctx)?.load_one(id).await?)
}

/// A row by primary key fetched at once, without a batching window: for a root field, whose
/// single key has no other lookups to wait for. The answer is kept for the row's own fields.
pub async fn by_id_now<E>(ctx: &Context<'_>, id: i64) -> GqlResult<Option<E::Model>>
where
    E: Keyed,
    E::Model: Clone + Send + Sync,
    ById<E>: PerRequest,
{
    prefetch::fetch::<ById<E>>(ctx, [id]).await?;
    match prefetch::fetched::<ById<E>>(ctx, id) {
        Some(row) => Ok(row),
        // Only a request built without the store gets here.
        None => by_id::<E>(ctx, id).await,
    }
}

/// A row a foreign key guarantees; its absence is an internal error, not the client's.
pub async fn required<E>(ctx: &Context<'_>, id: i64) -> GqlResult<E::Model>
where
    E: Keyed,
    E::Model: Clone + Send + Sync,
    ById<E>: PerRequest,
{
    by_id::<E>(ctx, id).await?.ok_or_else(|| {
        AppError::Unexpected(anyhow::anyhow!(
            "dangling reference to {} {id}",
            E::default().table_name()
        ))
        .into()
    })
}

/// The children of one parent, batched with the same relation's other parents in this request.
pub async fn children<R>(
    ctx: &Context<'_>,
    parent: i64,
) -> GqlResult<Vec<<R::Entity as EntityTrait>::Model>>
where
    R: ChildRelation,
    <R::Entity as EntityTrait>::Model: Clone + Send + Sync,
    Children<R>: PerRequest,
{
    if let Some(rows) = prefetch::fetched::<Children<R>>(ctx, parent) {
        return Ok(rows.unwrap_or_default());
    }
    Ok(loader::<Children<R>>(ctx)?
        .load_one(parent)
        .await?
        .unwrap_or_default())
}

/// This request's DataLoader for `L`, made on first use; an internal error (not a panic) if the
/// request was built without loaders.
pub fn loader<'a, L: PerRequest>(ctx: &Context<'a>) -> GqlResult<&'a DataLoader<L>> {
    Ok(loaders(ctx)?.get::<L>())
}

/// This request's loaders; an internal error (not a panic) if the request was built without them.
pub fn loaders<'a>(ctx: &Context<'a>) -> GqlResult<&'a Loaders> {
    ctx.data_opt::<Loaders>().ok_or_else(|| {
        AppError::Unexpected(anyhow::anyhow!("no loaders are attached to this request")).into()
    })
}
