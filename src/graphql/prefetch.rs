//! Look-ahead prefetching: a resolver that returns rows reads what the client selected under them
//! (`ctx.look_ahead()`) and fetches those relations for all its rows at once, before the fields
//! resolve. The fields then find their rows here instead of queueing on a DataLoader.
//!
//! DataLoaders alone batch by time: a batch fires when its window closes, and under load the 50
//! rows of a page take longer than the window to resolve, so one relation split into several
//! statements (41 for a page that needs 5, at 16 clients). A prefetch does not depend on timing:
//! one statement per relation and level, always, and no window to wait for.
//!
//! Entries stay for the request (a relation selected twice, under two aliases, finds them both
//! times). They are fetched as the parent resolves, at the same moment the fields would have
//! loaded them, so they are no staler than a DataLoader's answer.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Mutex;

use async_graphql::dataloader::Loader;
use async_graphql::{Context, Lookahead};

use crate::error::{AppError, GqlResult};
use crate::graphql::context::loaders;
use crate::graphql::loaders::PerRequest;

/// The per-request store: for each loader type, the answers fetched ahead by key (`None`: fetched,
/// and there is no such row).
#[derive(Default)]
pub struct Prefetched(Mutex<HashMap<TypeId, Box<dyn Any + Send>>>);

type Answers<L> = HashMap<i64, Option<<L as Loader<i64>>::Value>>;

impl Prefetched {
    fn put<L: Loader<i64>>(&self, keys: &[i64], mut found: HashMap<i64, L::Value>) {
        let Ok(mut store) = self.0.lock() else {
            return;
        };
        let entry = store
            .entry(TypeId::of::<L>())
            .or_insert_with(|| Box::new(Answers::<L>::new()));
        if let Some(answers) = entry.downcast_mut::<Answers<L>>() {
            for key in keys {
                answers.insert(*key, found.remove(key));
            }
        }
    }

    /// The keys of `keys` nothing was fetched ahead for, sorted and without duplicates.
    fn missing<L: Loader<i64>>(&self, keys: impl IntoIterator<Item = i64>) -> Vec<i64> {
        let store = self.0.lock().ok();
        let answers = store
            .as_ref()
            .and_then(|store| store.get(&TypeId::of::<L>()))
            .and_then(|entry| entry.downcast_ref::<Answers<L>>());
        let mut keys: Vec<i64> = keys
            .into_iter()
            .filter(|key| answers.is_none_or(|answers| !answers.contains_key(key)))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    fn get<L: Loader<i64>>(&self, key: i64) -> Option<Option<L::Value>> {
        let store = self.0.lock().ok()?;
        store
            .get(&TypeId::of::<L>())?
            .downcast_ref::<Answers<L>>()?
            .get(&key)
            .cloned()
    }
}

/// What `L` fetched ahead for `key` in this request: `Some(None)` when it found no row, `None`
/// when nothing was fetched ahead for the key.
pub fn fetched<L: Loader<i64>>(ctx: &Context<'_>, key: i64) -> Option<Option<L::Value>> {
    ctx.data_opt::<Prefetched>()?.get::<L>(key)
}

/// Runs `L` now, without its batching window, for `keys` (duplicates and keys already fetched
/// are skipped), and keeps the answers for the fields. One statement.
pub async fn fetch<L>(ctx: &Context<'_>, keys: impl IntoIterator<Item = i64>) -> GqlResult<()>
where
    L: Loader<i64> + PerRequest,
    AppError: From<L::Error>,
{
    let Some(store) = ctx.data_opt::<Prefetched>() else {
        return Ok(());
    };
    let keys = store.missing::<L>(keys);
    if keys.is_empty() {
        return Ok(());
    }
    let found = loaders(ctx)?
        .bare::<L>()
        .load(&keys)
        .await
        .map_err(AppError::from)?;
    store.put::<L>(&keys, found);
    Ok(())
}

/// Keeps `value` as what `L` answers for `key` in this request: a row the parent fetched in its own
/// statement (a join).
pub fn keep<L: Loader<i64>>(ctx: &Context<'_>, key: i64, value: Option<L::Value>) {
    if let Some(store) = ctx.data_opt::<Prefetched>() {
        let found = value.into_iter().map(|value| (key, value)).collect();
        store.put::<L>(&[key], found);
    }
}

/// The selection of each item of a list: under a connection both `edges { node }` and `nodes`;
/// under a plain list or an object, the field's own selection.
pub struct Items<'a>(Vec<Lookahead<'a>>);

impl<'a> Items<'a> {
    /// The items of the connection the current field returns.
    pub fn of_connection(ctx: &'a Context<'a>) -> Self {
        let look = ctx.look_ahead();
        Self(vec![look.field("edges").field("node"), look.field("nodes")])
    }

    /// The object (or list of objects) the current field returns.
    pub fn of_field(ctx: &'a Context<'a>) -> Self {
        Self(vec![ctx.look_ahead()])
    }

    /// Whether any item selects `field`.
    pub fn selects(&self, field: &str) -> bool {
        self.0.iter().any(|look| look.field(field).exists())
    }

    /// What the items select under `field` (a list or an object under each item).
    pub fn under(&self, field: &str) -> Items<'a> {
        Items(self.0.iter().map(|look| look.field(field)).collect())
    }
}
