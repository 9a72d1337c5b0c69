//! The public GraphQL API: schema construction, the HTTP endpoint and its limits.
//!
//! Request flow: `http::graphql_post` (content type, body size, single operation) → per-request
//! DataLoaders (`loaders::attach`) → async-graphql (depth, complexity, alias and directive limits
//! in `limits`) → resolvers, which parse arguments into domain types and call one service each →
//! error codes assigned and internal messages masked (`limits::finish`).

pub mod agendas;
pub mod common;
pub mod context;
pub mod contracts;
pub mod directory;
pub mod enums;
pub mod http;
pub mod limits;
pub mod loaders;
pub mod meetings;
pub mod node;
pub mod scalars;
pub mod solicitations;

use async_graphql::{EmptyMutation, EmptySubscription, MergedObject, Schema};

use crate::config::GraphqlSettings;
use crate::startup::AppState;

/// The root query: every public read.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct QueryRoot(
    node::NodeQuery,
    directory::DirectoryQuery,
    solicitations::SolicitationQuery,
    contracts::ContractQuery,
    meetings::MeetingQuery,
    agendas::AgendaQuery,
);

/// The schema type.
pub type AppSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

/// Builds the schema with the configured limits; `state` becomes schema data.
pub fn build_schema(state: Option<AppState>, limits: &GraphqlSettings) -> AppSchema {
    let builder = Schema::build(QueryRoot::default(), EmptyMutation, EmptySubscription)
        .limit_depth(limits.max_depth)
        .limit_complexity(limits.max_complexity)
        .limit_recursive_depth(32)
        .limit_directives(limits.max_directives)
        .disable_suggestions()
        .extension(limits::Hardening {
            max_aliases: limits.max_aliases,
        });
    match state {
        Some(state) => builder.data(state).finish(),
        None => builder.finish(),
    }
}

/// The schema in SDL, as committed in `schema.graphql`.
pub fn sdl() -> String {
    let limits = GraphqlSettings {
        max_depth: 10,
        max_complexity: 1,
        max_aliases: 1,
        max_directives: 1,
        max_body_bytes: 1,
        default_page_size: 1,
        max_page_size: 1,
        dataloader_delay_micros: 0,
        execution_timeout_seconds: 1,
    };
    build_schema(None, &limits).sdl()
}

/// Complexity of a connection field: its page size (default 20, at most 100) times the cost of
/// what each item selects.
pub fn page_cost(first: Option<i32>, child_complexity: usize) -> usize {
    let items = first.map_or(20, |n| n.clamp(1, 100) as usize);
    1 + items * child_complexity
}
