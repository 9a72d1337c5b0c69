//! Contracts with their renewal options and amendments.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use entity::enums::SubjectType;
use entity::{agency, contract, contract_amendment, renewal_option, solicitation, vendor};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::{AppError, GqlResult};
use crate::graphql::agendas::AgendaItem;
use crate::graphql::common::{
    Connection, InHouseBaseline, Money, Period, baseline_of, connection, labels_of,
};
use crate::graphql::context::{
    by_id, by_id_now, children, page, required, state, today, wants_total,
};
use crate::graphql::directory::{Agency, Vendor, global_id, optional_id};
use crate::graphql::enums::{ContractStatus, ProcurementLabel};
use crate::graphql::loaders::{
    AgendaItemsByContract, AmendmentsByContract, RedFlagsByContract, RenewalOptionsByContract,
};
use crate::graphql::loaders::{ById, Children};
use crate::graphql::prefetch::{Items, fetch};
use crate::graphql::red_flags::{RedFlag, RedFlagKind};
use crate::graphql::scalars::Date;
use crate::graphql::solicitations::Solicitation;
use crate::services::contracts::{self, ContractFilter as Filter};

/// An awarded agreement (OCDS `contracts`).
pub struct Contract(pub contract::Model);

/// An option to renew a contract for a further period.
pub struct RenewalOption {
    row: renewal_option::Model,
    currency: String,
}

#[Object]
impl RenewalOption {
    /// For `exerciseRenewalOption`.
    async fn id(&self) -> ID {
        global_id(NodeKind::RenewalOption, self.row.id)
    }
    /// 1 for the first option, 2 for the second …
    async fn sequence(&self) -> i32 {
        self.row.sequence
    }
    /// The period the option would add.
    async fn period(&self) -> Period {
        Period {
            start_date: self.row.period_start.into(),
            end_date: Some(self.row.period_end.into()),
            max_extent_date: None,
        }
    }
    async fn value(&self) -> Option<Money> {
        self.row
            .value_minor
            .map(|minor| Money::new(minor, &self.currency))
    }
    /// The date by which the option must be exercised or let lapse.
    async fn decision_deadline(&self) -> Date {
        self.row.decision_deadline.into()
    }
    async fn exercised(&self) -> bool {
        self.row.exercised
    }
    async fn exercised_on(&self) -> Option<Date> {
        self.row.exercised_on.map(Date)
    }
}

/// An amendment or change order (OCDS `amendments`).
#[derive(SimpleObject)]
pub struct Amendment {
    pub amended_on: Date,
    /// Change in value; negative when the value went down.
    pub value_change: Money,
    /// The end date this amendment set, if it changed the end date.
    pub new_end_date: Option<Date>,
    pub description: String,
}

/// What the next renewal decision is.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenewalDecisionKind {
    /// Exercise (or let lapse) the next renewal option.
    ExerciseOption,
    /// No option is left: renew, extend, re-bid or end when the term ends.
    EndOfTerm,
}

/// The next decision on whether a contract continues.
#[derive(SimpleObject)]
pub struct RenewalDecision {
    pub kind: RenewalDecisionKind,
    /// The option's decision deadline, or the end date.
    pub decide_by: Date,
    pub days_until: i64,
    /// The option at stake, for `EXERCISE_OPTION`.
    pub option: Option<RenewalOption>,
}

impl Contract {
    async fn options(&self, ctx: &Context<'_>) -> GqlResult<Vec<renewal_option::Model>> {
        children::<RenewalOptionsByContract>(ctx, self.0.id).await
    }

    async fn amendment_rows(&self, ctx: &Context<'_>) -> GqlResult<Vec<contract_amendment::Model>> {
        children::<AmendmentsByContract>(ctx, self.0.id).await
    }

    fn option(&self, row: renewal_option::Model) -> RenewalOption {
        RenewalOption {
            row,
            currency: self.0.currency.clone(),
        }
    }
}

#[Object]
impl Contract {
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
            SubjectType::Contract,
            self.0.id,
            first,
            after,
        )
        .await
    }
    /// What the community says, counted.
    async fn tally(&self) -> crate::graphql::comments::Tally {
        crate::graphql::comments::subject_tally(SubjectType::Contract, self.0.id)
    }
    /// What happened to it, newest first (at most 100): changes, renewal windows, votes
    /// scheduled and decided, concerns and answers.
    async fn timeline(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20)] first: i32,
    ) -> GqlResult<Vec<crate::graphql::alerts::TimelineEvent>> {
        crate::graphql::alerts::subject_timeline(ctx, SubjectType::Contract, self.0.id, first).await
    }

    pub async fn id(&self) -> ID {
        global_id(NodeKind::Contract, self.0.id)
    }
    /// The buyer's contract number.
    async fn reference_number(&self) -> &str {
        &self.0.reference_number
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn status(&self) -> ContractStatus {
        self.0.status.into()
    }
    /// True when the contract sets prices but promises no total (an indefinite-quantity or
    /// blanket contract): its `value` is then 0, meaning "no fixed total".
    async fn indefinite_quantity(&self) -> bool {
        self.0.indefinite_quantity
    }
    /// The value when awarded.
    async fn value(&self) -> Money {
        Money::new(self.0.value_minor, &self.0.currency)
    }
    /// The value now: original plus every amendment.
    async fn current_value(&self, ctx: &Context<'_>) -> GqlResult<Money> {
        let amendments = self.amendment_rows(ctx).await?;
        Ok(Money::new(
            contracts::current_value_minor(&self.0, &amendments),
            &self.0.currency,
        ))
    }
    /// Start, current end (after amendments) and maximum extent.
    async fn period(&self) -> Period {
        Period {
            start_date: self.0.start_date.into(),
            end_date: contracts::end_date(&self.0).map(Date),
            max_extent_date: self.0.max_extent_date.map(Date),
        }
    }
    /// Days until the current end date; negative once it has passed; empty when the contract
    /// has no end date.
    async fn days_until_expiry(&self, ctx: &Context<'_>) -> Option<i64> {
        contracts::days_until_expiry(&self.0, today(ctx))
    }
    async fn labels(&self) -> Vec<ProcurementLabel> {
        labels_of(&self.0)
    }
    /// The in-house baseline when this contract outsources public work.
    async fn outsourcing(&self) -> Option<InHouseBaseline> {
        baseline_of(&self.0, &self.0.currency)
    }
    async fn vendor(&self, ctx: &Context<'_>) -> GqlResult<Vendor> {
        Ok(Vendor(
            required::<vendor::Entity>(ctx, self.0.vendor_id).await?,
        ))
    }
    async fn agency(&self, ctx: &Context<'_>) -> GqlResult<Agency> {
        Ok(Agency(
            required::<agency::Entity>(ctx, self.0.agency_id).await?,
        ))
    }
    /// The solicitation this contract was awarded from, if any.
    async fn solicitation(&self, ctx: &Context<'_>) -> GqlResult<Option<Solicitation>> {
        let Some(id) = self.0.solicitation_id else {
            return Ok(None);
        };
        Ok(by_id::<solicitation::Entity>(ctx, id)
            .await?
            .map(Solicitation))
    }
    /// Every renewal option, in order.
    async fn renewal_options(&self, ctx: &Context<'_>) -> GqlResult<Vec<RenewalOption>> {
        let mut rows = self.options(ctx).await?;
        rows.sort_by_key(|row| row.sequence);
        Ok(rows.into_iter().map(|row| self.option(row)).collect())
    }
    /// Options neither exercised nor past their decision deadline.
    async fn renewal_options_remaining(&self, ctx: &Context<'_>) -> GqlResult<usize> {
        Ok(contracts::open_options(&self.options(ctx).await?, today(ctx)).len())
    }
    /// The next decision on whether this contract continues: the next open option's deadline,
    /// else the end of the term. Empty once the term has ended.
    async fn next_renewal_decision(&self, ctx: &Context<'_>) -> GqlResult<Option<RenewalDecision>> {
        let today = today(ctx);
        let options = self.options(ctx).await?;
        let decision = match contracts::open_options(&options, today).first() {
            Some(option) => RenewalDecision {
                kind: RenewalDecisionKind::ExerciseOption,
                decide_by: option.decision_deadline.into(),
                days_until: days_between(today, option.decision_deadline),
                option: Some(self.option((*option).clone())),
            },
            None if self.0.end_date >= today && contracts::end_date(&self.0).is_some() => {
                RenewalDecision {
                    kind: RenewalDecisionKind::EndOfTerm,
                    decide_by: self.0.end_date.into(),
                    days_until: days_between(today, self.0.end_date),
                    option: None,
                }
            }
            None => return Ok(None),
        };
        Ok(Some(decision))
    }
    /// Red flags computed from the contract's own numbers, each with its explanation.
    async fn red_flags(&self, ctx: &Context<'_>) -> GqlResult<Vec<RedFlag>> {
        Ok(children::<RedFlagsByContract>(ctx, self.0.id)
            .await?
            .into_iter()
            .filter_map(|row| RedFlag::from_row(row, &self.0.currency))
            .collect())
    }
    /// Amendments and change orders, oldest first.
    async fn amendments(&self, ctx: &Context<'_>) -> GqlResult<Vec<Amendment>> {
        let mut rows = self.amendment_rows(ctx).await?;
        rows.sort_by_key(|row| (row.amended_on, row.id));
        Ok(rows
            .into_iter()
            .map(|row| Amendment {
                amended_on: row.amended_on.into(),
                value_change: Money::new(row.value_change_minor, &self.0.currency),
                new_end_date: row.new_end_date.map(Date),
                description: row.description,
            })
            .collect())
    }
    /// Agenda items that decide this contract.
    async fn agenda_items(&self, ctx: &Context<'_>) -> GqlResult<Vec<AgendaItem>> {
        Ok(children::<AgendaItemsByContract>(ctx, self.0.id)
            .await?
            .into_iter()
            .map(AgendaItem)
            .collect())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// Which contracts to list. Every condition given must hold.
#[derive(InputObject, Default)]
pub struct ContractFilter {
    pub agency_id: Option<ID>,
    /// Bought by an agency of this jurisdiction.
    pub jurisdiction_id: Option<ID>,
    pub vendor_id: Option<ID>,
    /// Current end date between today and today plus this many days (0–3660).
    pub expiring_within_days: Option<i32>,
    /// Has (true) or lacks (false) a renewal option neither exercised nor past its deadline.
    pub has_renewal_options: Option<bool>,
    /// Outsources public work (true) or does not (false).
    pub outsourcing: Option<bool>,
    /// Carries this computed red flag.
    pub red_flag: Option<RedFlagKind>,
}

impl ContractFilter {
    fn parse(self) -> GqlResult<Filter> {
        let expiring_within_days = self
            .expiring_within_days
            .map(|days| {
                u32::try_from(days).map_err(|_| {
                    AppError::invalid(
                        "expiringWithinDays",
                        format!("must be between 0 and {}", Filter::MAX_EXPIRY_WINDOW_DAYS),
                    )
                })
            })
            .transpose()?;
        Ok(Filter {
            agency_id: optional_id(self.agency_id, NodeKind::Agency, "agencyId")?,
            jurisdiction_id: optional_id(
                self.jurisdiction_id,
                NodeKind::Jurisdiction,
                "jurisdictionId",
            )?,
            vendor_id: optional_id(self.vendor_id, NodeKind::Vendor, "vendorId")?,
            expiring_within_days,
            has_renewal_options: self.has_renewal_options,
            outsourcing: self.outsourcing,
            red_flag: self.red_flag.map(RedFlagKind::key),
        })
    }
}

/// Fetches what `items` select of `rows` ahead, one statement per relation, so the fields of a
/// page of contracts never wait on a batching window (see [`prefetch`](crate::graphql::prefetch)).
pub async fn prefetch(
    ctx: &Context<'_>,
    items: &Items<'_>,
    rows: &[contract::Model],
) -> GqlResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let ids = || rows.iter().map(|row| row.id);
    if items.selects("vendor") {
        fetch::<ById<vendor::Entity>>(ctx, rows.iter().map(|row| row.vendor_id)).await?;
    }
    if items.selects("agency") {
        fetch::<ById<agency::Entity>>(ctx, rows.iter().map(|row| row.agency_id)).await?;
    }
    if items.selects("currentValue") || items.selects("amendments") {
        fetch::<Children<AmendmentsByContract>>(ctx, ids()).await?;
    }
    if [
        "renewalOptions",
        "renewalOptionsRemaining",
        "nextRenewalDecision",
    ]
    .iter()
    .any(|field| items.selects(field))
    {
        fetch::<Children<RenewalOptionsByContract>>(ctx, ids()).await?;
    }
    if items.selects("redFlags") {
        fetch::<Children<RedFlagsByContract>>(ctx, ids()).await?;
    }
    if items.selects("agendaItems") {
        fetch::<Children<AgendaItemsByContract>>(ctx, ids()).await?;
    }
    Ok(())
}

/// Orderings of contracts.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[graphql(remote = "crate::services::contracts::ContractOrder")]
pub enum ContractOrder {
    /// Earliest current end date first.
    #[default]
    EndingSoonest,
    /// Highest original value first.
    ValueHighest,
    /// Most recently entered first.
    Newest,
}

/// Contract queries.
#[derive(Default)]
pub struct ContractQuery;

#[Object]
impl ContractQuery {
    /// Contracts matching a filter.
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn contracts(
        &self,
        ctx: &Context<'_>,
        filter: Option<ContractFilter>,
        #[graphql(default)] order_by: ContractOrder,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<Contract>> {
        let filter = filter.unwrap_or_default().parse()?;
        let page = page(ctx, first, after)?;
        let rows = contracts::list(
            &state(ctx).db.read,
            filter,
            order_by.into(),
            today(ctx),
            page,
            wants_total(ctx),
        )
        .await?;
        prefetch(ctx, &Items::of_connection(ctx), &rows.items).await?;
        Ok(connection(rows, Contract))
    }

    /// One contract.
    async fn contract(&self, ctx: &Context<'_>, id: ID) -> GqlResult<Contract> {
        let id = GlobalId::parse_as(&id, NodeKind::Contract, "id")?;
        let row = by_id_now::<contract::Entity>(ctx, id)
            .await?
            .ok_or(AppError::NotFound("contract"))?;
        prefetch(ctx, &Items::of_field(ctx), std::slice::from_ref(&row)).await?;
        Ok(Contract(row))
    }
}
