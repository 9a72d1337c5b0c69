//! The public GraphQL API: schema construction, the HTTP endpoint and its limits.
//!
//! Request flow: `http::graphql_post` (content type, body size, single operation) → per-request
//! DataLoaders, each made on first use (`loaders::Loaders`) → async-graphql (depth, complexity,
//! alias and directive limits in `limits`) → resolvers, which parse arguments into domain types
//! and call one service each → error codes assigned and internal messages masked
//! (`limits::finish`).

pub mod accounts;
pub mod admin;
pub mod agendas;
pub mod alerts;
pub mod comments;
pub mod common;
pub mod concerns;
pub mod context;
pub mod contracts;
pub mod digests;
pub mod directory;
pub mod enums;
pub mod http;
pub mod imports;
pub mod limits;
pub mod live;
pub mod loaders;
pub mod meetings;
pub mod moderation;
pub mod node;
pub mod organizations;
pub mod prefetch;
pub mod red_flags;
pub mod registry_edit;
pub mod scalars;
pub mod search;
pub mod solicitations;

use async_graphql::{MergedObject, Schema};

use crate::state::AppState;

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
    accounts::AccountQuery,
    organizations::OrganizationQuery,
    admin::AdminQuery,
    moderation::ModerationQuery,
    concerns::ConcernQuery,
    imports::ImportQuery,
    alerts::AlertQuery,
    search::SearchQueryRoot,
);

/// The root mutation: every change.
#[derive(MergedObject, Default)]
#[graphql(name = "Mutation")]
pub struct MutationRoot(
    accounts::AccountMutation,
    organizations::OrganizationMutation,
    admin::AdminMutation,
    registry_edit::RegistryMutation,
    comments::CommentMutation,
    concerns::ConcernMutation,
    moderation::ModerationMutation,
    alerts::AlertMutation,
    digests::DigestMutation,
    imports::ImportMutation,
    imports::ImportRunMutation,
);

/// The schema type.
pub type AppSchema = Schema<QueryRoot, MutationRoot, live::SubscriptionRoot>;

/// Builds the schema with the configured limits; `state` becomes schema data.
pub fn build_schema(state: AppState) -> AppSchema {
    let limits = &state.settings.graphql;
    let builder = Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        live::SubscriptionRoot,
    )
    .limit_depth(limits.max_depth)
    .limit_complexity(limits.max_complexity)
    .limit_recursive_depth(32)
    .limit_directives(limits.max_directives)
    .disable_suggestions();
    // The SDL stays public at `/schema.graphql` either way: switching introspection off only
    // spares the server answering it over `/graphql`.
    let builder = if limits.introspection {
        builder
    } else {
        builder.disable_introspection()
    };
    builder.data(state).finish()
}

/// The schema in SDL, as committed in `schema.graphql`. Limits and data do not change it.
pub fn sdl() -> String {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        live::SubscriptionRoot,
    )
    .finish()
    .sdl()
}

/// Complexity of a connection field: its page size (default 20, at most 100) times the cost of
/// what each item selects.
pub fn page_cost(first: Option<i32>, child_complexity: usize) -> usize {
    let items = first.map_or(20, |n| n.clamp(1, 100) as usize);
    1 + items * child_complexity
}
