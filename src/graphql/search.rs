//! `search`: full-text search over solicitations, contracts, vendors, agencies and agenda items,
//! ranked, with the matched words marked in a snippet. Any input is accepted: the words are
//! parsed by the service, never handed to the database engine as syntax.

use async_graphql::{Context, Enum, ID, Object, SimpleObject, Union, connection};
use entity::{agency, agenda_item, contract, solicitation, vendor};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::domain::page::encode_cursor;
use crate::domain::search_text::{Fragment, SearchQuery};
use crate::error::{AppError, GqlResult};
use crate::graphql::agendas::AgendaItem;
use crate::graphql::context::{by_id, page, state};
use crate::graphql::contracts::Contract;
use crate::graphql::directory::{Agency, Vendor};
use crate::graphql::solicitations::Solicitation;
use crate::services::search::{self, Hit, Scope};

/// What kind of record a search result is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::services::search::SearchKind")]
pub enum SearchKind {
    Solicitation,
    Contract,
    Vendor,
    Agency,
    AgendaItem,
}

/// The record a search result points at.
#[derive(Union)]
pub enum SearchNode {
    Solicitation(Solicitation),
    Contract(Contract),
    Vendor(Vendor),
    Agency(Agency),
    AgendaItem(AgendaItem),
}

/// A piece of a snippet, as written; `highlighted` where it matched the search.
#[derive(SimpleObject)]
pub struct SnippetPart {
    pub text: String,
    pub highlighted: bool,
}

/// One search result.
pub struct SearchResult {
    kind: SearchKind,
    exact_reference: bool,
    title: String,
    text: String,
    query: SearchQuery,
    node: SearchNode,
}

#[Object]
impl SearchResult {
    /// What kind of record this is.
    async fn kind(&self) -> SearchKind {
        self.kind
    }

    /// The record's reference number is exactly what was searched for.
    async fn exact_reference(&self) -> bool {
        self.exact_reference
    }

    /// The record's title or name.
    async fn title(&self) -> &str {
        &self.title
    }

    /// Up to about 200 characters of the record's text around the first match, with the matched
    /// words marked.
    async fn snippet(&self) -> Vec<SnippetPart> {
        self.query
            .highlight(&self.text, 200)
            .into_iter()
            .map(|Fragment { text, matched }| SnippetPart {
                text,
                highlighted: matched,
            })
            .collect()
    }

    /// The record.
    async fn node(&self) -> &SearchNode {
        &self.node
    }
}

/// What a search carries beside its results.
#[derive(SimpleObject, Debug, Clone, Copy)]
pub struct SearchFields {
    /// How many records match, across all pages; exact unless `truncated`, when it is 0.
    pub total_count: u64,
    /// More records match than search ranks (1,000): the pages are drawn from the first 1,000
    /// matches. Add words or a filter to narrow the search.
    pub truncated: bool,
}

/// One page of search results.
pub type SearchConnection =
    connection::Connection<String, SearchResult, SearchFields, connection::EmptyFields>;

/// Search queries.
#[derive(Default)]
pub struct SearchQueryRoot;

#[Object]
impl SearchQueryRoot {
    /// Full-text search over titles, descriptions, reference numbers, vendor and agency names
    /// and category descriptions. Accents are ignored (`montreal` finds "Montréal"), words
    /// match whole words except the last, which also matches as a prefix (`custod` finds
    /// "custodial"), words in double quotes must appear together, and a reference number typed
    /// exactly comes first. Results are ranked by how many of the words the title holds, then
    /// newest first, within the first 1,000 matches (`truncated` says when more matched).
    /// Archived records are left out. Never fails on what was typed: an empty or
    /// punctuation-only query finds nothing.
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        query: String,
        kinds: Option<Vec<SearchKind>>,
        jurisdiction_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<SearchConnection> {
        if query.chars().count() > 1_000 {
            return Err(AppError::invalid("query", "must have at most 1000 characters").into());
        }
        let jurisdiction_id = jurisdiction_id
            .map(|id| GlobalId::parse_as(&id, NodeKind::Jurisdiction, "jurisdictionId"))
            .transpose()?;
        let parsed = SearchQuery::parse(&query);
        let scope = Scope {
            kinds: kinds
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            jurisdiction_id,
        };
        let found = search::search(
            &state(ctx).db.read,
            &parsed,
            &scope,
            page(ctx, first, after)?,
        )
        .await?;
        let hits = found.page;
        // All at once, so the loaders fetch each kind's rows in one batch.
        let results: Vec<SearchResult> = futures_util::future::try_join_all(
            hits.items.iter().map(|hit| load(ctx, hit, &parsed)),
        )
        .await?
        .into_iter()
        .flatten()
        .collect();
        let mut connection = SearchConnection::with_additional_fields(
            hits.offset > 0,
            hits.has_next_page,
            SearchFields {
                total_count: hits.total_count.unwrap_or_default(),
                truncated: found.truncated,
            },
        );
        connection.edges.extend(
            results
                .into_iter()
                .zip(hits.offset..)
                .map(|(node, offset)| connection::Edge::new(encode_cursor(offset), node)),
        );
        Ok(connection)
    }
}

/// The record behind a hit, through the request's loaders; `None` if it vanished meanwhile.
async fn load(
    ctx: &Context<'_>,
    hit: &Hit,
    query: &SearchQuery,
) -> GqlResult<Option<SearchResult>> {
    use crate::services::search::SearchKind as Kind;
    let id = hit.subject_id;
    let found = match hit.kind {
        Kind::Solicitation => by_id::<solicitation::Entity>(ctx, id).await?.map(|row| {
            let text = format!("{} {}", row.reference_number, row.description);
            (
                row.title.clone(),
                text,
                SearchNode::Solicitation(Solicitation(row)),
            )
        }),
        Kind::Contract => by_id::<contract::Entity>(ctx, id).await?.map(|row| {
            let text = format!(
                "{} {}",
                row.reference_number,
                row.description.clone().unwrap_or_default()
            );
            (row.title.clone(), text, SearchNode::Contract(Contract(row)))
        }),
        Kind::Vendor => by_id::<vendor::Entity>(ctx, id).await?.map(|row| {
            (
                row.name.clone(),
                row.name.clone(),
                SearchNode::Vendor(Vendor(row)),
            )
        }),
        Kind::Agency => by_id::<agency::Entity>(ctx, id).await?.map(|row| {
            let text = format!("{} {}", row.name, row.acronym.clone().unwrap_or_default());
            (row.name.clone(), text, SearchNode::Agency(Agency(row)))
        }),
        Kind::AgendaItem => by_id::<agenda_item::Entity>(ctx, id).await?.map(|row| {
            let text = format!("{} {}", row.item_number, row.title);
            (
                row.title.clone(),
                text,
                SearchNode::AgendaItem(AgendaItem(row)),
            )
        }),
    };
    Ok(found.map(|(title, text, node)| SearchResult {
        kind: hit.kind.into(),
        exact_reference: hit.exact_reference,
        title,
        text,
        query: query.clone(),
        node,
    }))
}
