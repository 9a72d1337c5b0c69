//! Solicitations: public calls for bids or proposals.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::enums::SubjectType;
use entity::{agency, solicitation};

use crate::domain::ids::NodeKind;
use crate::error::GqlResult;
use crate::graphql::agendas::AgendaItem;
use crate::graphql::common::{
    Connection, InHouseBaseline, Money, baseline_of, connection, labels_of,
};
use crate::graphql::context::{by_id_now, children, page, required, state, wants_total};
use crate::graphql::contracts::Contract;
use crate::graphql::directory::{Agency, global_id, optional_id};
use crate::graphql::enums::{ProcurementLabel, ProcurementMethod, SolicitationStatus};
use crate::graphql::loaders::{
    AgendaItemsBySolicitation, ById, CategoriesBySolicitation, Children, ContractsBySolicitation,
    DocumentsBySolicitation, RedFlagsBySolicitation,
};
use crate::graphql::prefetch::{self, Items, fetch, fetched};
use crate::graphql::red_flags::RedFlag;
use crate::services::solicitations::{self, SolicitationFilter as Filter};

/// A public call for bids or proposals (OCDS `tender`).
pub struct Solicitation(pub solicitation::Model);

/// A classification code (OCDS `classification`).
#[derive(SimpleObject)]
pub struct CategoryCode {
    /// E.g. `UNSPSC`, `NIGP`, `CPV`.
    pub scheme: String,
    pub code: String,
    pub description: Option<String>,
}

/// A document published with a solicitation: the RFP itself, addenda, Q&A.
#[derive(SimpleObject)]
pub struct SolicitationDocument {
    pub title: String,
    pub url: String,
    pub published_at: Option<DateTime<Utc>>,
}

#[Object]
impl Solicitation {
    /// The row's current state as an opaque token: an edit form sends it back as
    /// `expectedVersion`, so a save over someone else's change is refused.
    async fn version(&self) -> String {
        crate::services::audit::digest(&self.0)
    }
    /// Top-level comments, oldest first (replies hang off each).
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn comments(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<crate::graphql::comments::Comment>> {
        crate::graphql::comments::subject_comments(
            ctx,
            SubjectType::Solicitation,
            self.0.id,
            first,
            after,
        )
        .await
    }
    /// What the community says, counted.
    async fn tally(&self) -> crate::graphql::comments::Tally {
        crate::graphql::comments::subject_tally(SubjectType::Solicitation, self.0.id)
    }
    /// What happened to it, newest first (at most 100): changes, renewal windows, votes
    /// scheduled and decided, concerns and answers.
    async fn timeline(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20)] first: i32,
    ) -> GqlResult<Vec<crate::graphql::alerts::TimelineEvent>> {
        crate::graphql::alerts::subject_timeline(ctx, SubjectType::Solicitation, self.0.id, first)
            .await
    }

    pub async fn id(&self) -> ID {
        global_id(NodeKind::Solicitation, self.0.id)
    }
    /// The buyer's own reference, e.g. `RFP-2026-014`.
    async fn reference_number(&self) -> &str {
        &self.0.reference_number
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    async fn method(&self) -> ProcurementMethod {
        self.0.method.into()
    }
    async fn status(&self) -> SolicitationStatus {
        self.0.status.into()
    }
    async fn estimated_value(&self) -> Option<Money> {
        self.0
            .estimated_value_minor
            .map(|minor| Money::new(minor, &self.0.currency))
    }
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }
    async fn questions_due_at(&self) -> Option<DateTime<Utc>> {
        self.0.questions_due_at
    }
    async fn bids_due_at(&self) -> Option<DateTime<Utc>> {
        self.0.bids_due_at
    }
    async fn pre_bid_meeting_at(&self) -> Option<DateTime<Utc>> {
        self.0.pre_bid_meeting_at
    }
    /// Equity labels that apply.
    async fn labels(&self) -> Vec<ProcurementLabel> {
        labels_of(&self.0)
    }
    /// The in-house baseline when this solicitation outsources public work.
    async fn outsourcing(&self) -> Option<InHouseBaseline> {
        baseline_of(&self.0, &self.0.currency)
    }
    /// The buying agency.
    async fn agency(&self, ctx: &Context<'_>) -> GqlResult<Agency> {
        Ok(Agency(
            required::<agency::Entity>(ctx, self.0.agency_id).await?,
        ))
    }
    async fn categories(&self, ctx: &Context<'_>) -> GqlResult<Vec<CategoryCode>> {
        Ok(children::<CategoriesBySolicitation>(ctx, self.0.id)
            .await?
            .into_iter()
            .map(|row| CategoryCode {
                scheme: row.scheme,
                code: row.code,
                description: row.description,
            })
            .collect())
    }
    /// Red flags computed from the solicitation's own numbers, each with its explanation.
    async fn red_flags(&self, ctx: &Context<'_>) -> GqlResult<Vec<RedFlag>> {
        Ok(children::<RedFlagsBySolicitation>(ctx, self.0.id)
            .await?
            .into_iter()
            .filter_map(|row| RedFlag::from_row(row, &self.0.currency))
            .collect())
    }
    async fn documents(&self, ctx: &Context<'_>) -> GqlResult<Vec<SolicitationDocument>> {
        Ok(children::<DocumentsBySolicitation>(ctx, self.0.id)
            .await?
            .into_iter()
            .map(|row| SolicitationDocument {
                title: row.title,
                url: row.url,
                published_at: row.published_at,
            })
            .collect())
    }
    /// Contracts awarded from this solicitation.
    async fn contracts(&self, ctx: &Context<'_>) -> GqlResult<Vec<Contract>> {
        Ok(children::<ContractsBySolicitation>(ctx, self.0.id)
            .await?
            .into_iter()
            .map(Contract)
            .collect())
    }
    /// Agenda items that decide this solicitation.
    async fn agenda_items(&self, ctx: &Context<'_>) -> GqlResult<Vec<AgendaItem>> {
        Ok(children::<AgendaItemsBySolicitation>(ctx, self.0.id)
            .await?
            .into_iter()
            .map(AgendaItem)
            .collect())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// Which solicitations to list. Every condition given must hold.
#[derive(InputObject, Default)]
pub struct SolicitationFilter {
    /// Any of these statuses.
    pub status: Option<Vec<SolicitationStatus>>,
    pub agency_id: Option<ID>,
    /// Bought by an agency of this jurisdiction.
    pub jurisdiction_id: Option<ID>,
    /// Any of these methods.
    pub method: Option<Vec<ProcurementMethod>>,
    /// Every one of these labels.
    pub label: Option<Vec<ProcurementLabel>>,
    /// Has this category code (any scheme).
    pub category_code: Option<String>,
    /// Bids due at or after this instant.
    pub bids_due_after: Option<DateTime<Utc>>,
    /// Bids due before this instant.
    pub bids_due_before: Option<DateTime<Utc>>,
    /// Outsources public work (true) or does not (false).
    pub outsourcing: Option<bool>,
}

/// Orderings of solicitations.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[graphql(remote = "crate::services::solicitations::SolicitationOrder")]
pub enum SolicitationOrder {
    /// Most recently published first.
    #[default]
    RecentlyPublished,
    /// Earliest bid deadline first; none last.
    BidsDueSoonest,
    /// Highest estimated value first; unknown last.
    EstimatedValueHighest,
    /// Most recently entered first.
    Newest,
}

impl SolicitationFilter {
    fn parse(self) -> GqlResult<Filter> {
        Ok(Filter {
            statuses: self
                .status
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            agency_id: optional_id(self.agency_id, NodeKind::Agency, "agencyId")?,
            jurisdiction_id: optional_id(
                self.jurisdiction_id,
                NodeKind::Jurisdiction,
                "jurisdictionId",
            )?,
            methods: self
                .method
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            labels: self
                .label
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            category_code: self.category_code,
            bids_due_after: self.bids_due_after,
            bids_due_before: self.bids_due_before,
            outsourcing: self.outsourcing,
        })
    }
}

/// Fetches what `items` select of `rows` ahead, one statement per relation and level, so a page
/// of solicitations never waits on a batching window (see [`prefetch`](crate::graphql::prefetch)).
pub async fn prefetch(
    ctx: &Context<'_>,
    items: &Items<'_>,
    rows: &[solicitation::Model],
) -> GqlResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let ids = || rows.iter().map(|row| row.id);
    if items.selects("agency") {
        fetch::<ById<agency::Entity>>(ctx, rows.iter().map(|row| row.agency_id)).await?;
    }
    if items.selects("categories") {
        fetch::<Children<CategoriesBySolicitation>>(ctx, ids()).await?;
    }
    if items.selects("redFlags") {
        fetch::<Children<RedFlagsBySolicitation>>(ctx, ids()).await?;
    }
    if items.selects("documents") {
        fetch::<Children<DocumentsBySolicitation>>(ctx, ids()).await?;
    }
    if items.selects("agendaItems") {
        fetch::<Children<AgendaItemsBySolicitation>>(ctx, ids()).await?;
    }
    if items.selects("contracts") {
        fetch::<Children<ContractsBySolicitation>>(ctx, ids()).await?;
        let contracts: Vec<_> = ids()
            .filter_map(|id| fetched::<Children<ContractsBySolicitation>>(ctx, id).flatten())
            .flatten()
            .collect();
        crate::graphql::contracts::prefetch(ctx, &items.under("contracts"), &contracts).await?;
    }
    Ok(())
}

/// Solicitation queries.
#[derive(Default)]
pub struct SolicitationQuery;

#[Object]
impl SolicitationQuery {
    /// Solicitations matching a filter.
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn solicitations(
        &self,
        ctx: &Context<'_>,
        filter: Option<SolicitationFilter>,
        #[graphql(default)] order_by: SolicitationOrder,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<Solicitation>> {
        let filter = filter.unwrap_or_default().parse()?;
        let page = page(ctx, first, after)?;
        let rows = solicitations::list(
            &state(ctx).db.read,
            filter,
            order_by.into(),
            page,
            wants_total(ctx),
        )
        .await?;
        prefetch(ctx, &Items::of_connection(ctx), &rows.items).await?;
        Ok(connection(rows, Solicitation))
    }

    /// One solicitation.
    async fn solicitation(&self, ctx: &Context<'_>, id: ID) -> GqlResult<Solicitation> {
        let id = crate::domain::ids::GlobalId::parse_as(&id, NodeKind::Solicitation, "id")?;
        let items = Items::of_field(ctx);
        let row = if items.selects("agency") {
            // The agency in the row's own statement: a lookup is one round trip.
            let found = solicitations::with_agency(&state(ctx).db.read, id).await?;
            found.map(|(row, agency)| {
                prefetch::keep::<ById<agency::Entity>>(ctx, row.agency_id, agency);
                row
            })
        } else {
            by_id_now::<solicitation::Entity>(ctx, id).await?
        };
        let row = row.ok_or(crate::error::AppError::NotFound("solicitation"))?;
        prefetch(ctx, &items, std::slice::from_ref(&row)).await?;
        Ok(Solicitation(row))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use async_graphql::{InputType, Value};

    /// The service reads stored saved searches without the API's types; they must agree on
    /// every enum value and field name.
    #[test]
    fn a_stored_filter_reads_back_as_the_api_parsed_it() {
        let json = serde_json::json!({
            "status": ["OPEN", "UNDER_EVALUATION"],
            "agencyId": crate::domain::ids::GlobalId::new(crate::domain::ids::NodeKind::Agency, 7).encode(),
            "method": ["SOLE_SOURCE", "RFP"],
            "label": ["ARTIFICIAL_INTELLIGENCE", "MINORITY_WOMEN_OWNED_BUSINESS_GOAL", "OUTSOURCING"],
            "categoryCode": "72000000",
            "bidsDueAfter": "2026-01-02T03:04:05Z",
            "bidsDueBefore": null,
            "outsourcing": true,
        });
        let Ok(input) = <super::SolicitationFilter as InputType>::parse(Some(
            Value::from_json(json.clone()).unwrap(),
        )) else {
            panic!("the API does not read the filter");
        };
        let Ok(api) = input.parse() else {
            panic!("the API rejects the filter");
        };
        let stored = crate::services::solicitations::stored_filter(&json).unwrap();
        assert_eq!(format!("{api:?}"), format!("{stored:?}"));
        assert!(
            crate::services::solicitations::stored_filter(&serde_json::json!({"status": ["NOPE"]}))
                .is_none()
        );
    }

    /// Every label's key, upper-cased, is its API name.
    #[test]
    fn label_keys_are_the_api_names() {
        for label in crate::domain::labels::Label::ALL {
            let api = super::super::enums::ProcurementLabel::from(label);
            assert_eq!(
                api.to_value(),
                Value::Enum(async_graphql::Name::new(label.key().to_uppercase()))
            );
        }
    }

    // The remote enum above must name the service's default.
    #[test]
    fn default_order_matches_the_service() {
        use crate::services::solicitations::SolicitationOrder as Order;
        assert_eq!(
            Order::from(super::SolicitationOrder::default()),
            Order::default()
        );
    }
}
