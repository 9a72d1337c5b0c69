//! Solicitations: public calls for bids or proposals.

use chrono::{DateTime, Utc};
use entity::enums::{ProcurementMethod, SolicitationStatus};
use entity::{agency, solicitation, solicitation_category};
use sea_orm::sea_query::{NullOrdering, Query};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, Iterable, JoinType, Order,
    QueryFilter, QueryOrder, QuerySelect, RelationDef,
};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::domain::labels::Label;
use crate::domain::page::{Page, PageRequest};
use crate::domain::search_text::SearchQuery;
use crate::error::AppError;
use crate::services::{directory, paginate};

/// Which solicitations to list. Empty lists and `None` mean "any".
#[derive(Debug, Clone, Default)]
pub struct SolicitationFilter {
    pub statuses: Vec<SolicitationStatus>,
    pub agency_id: Option<i64>,
    /// Bought by an agency of this jurisdiction.
    pub jurisdiction_id: Option<i64>,
    pub methods: Vec<ProcurementMethod>,
    /// Every one of these labels must apply.
    pub labels: Vec<Label>,
    pub category_code: Option<String>,
    pub bids_due_after: Option<DateTime<Utc>>,
    pub bids_due_before: Option<DateTime<Utc>>,
    pub outsourcing: Option<bool>,
}

impl SolicitationFilter {
    /// Whether `row` (with its category codes) is one [`list`] would return for this filter;
    /// saved-search alerts use it to test one changed solicitation without a query per search.
    /// `jurisdiction_id` is that of the row's agency.
    pub fn matches(
        &self,
        row: &solicitation::Model,
        codes: &[String],
        jurisdiction_id: i64,
    ) -> bool {
        row.archived_at.is_none()
            && (self.statuses.is_empty() || self.statuses.contains(&row.status))
            && self.agency_id.is_none_or(|id| id == row.agency_id)
            && self.jurisdiction_id.is_none_or(|id| id == jurisdiction_id)
            && (self.methods.is_empty() || self.methods.contains(&row.method))
            && self.labels.iter().all(|label| label_flag(row, *label))
            && self
                .category_code
                .as_ref()
                .is_none_or(|code| codes.contains(code))
            && self
                .bids_due_after
                .is_none_or(|after| row.bids_due_at.is_some_and(|due| due >= after))
            && self
                .bids_due_before
                .is_none_or(|before| row.bids_due_at.is_some_and(|due| due < before))
            && self.outsourcing.is_none_or(|o| o == row.is_outsourcing)
    }
}

/// A saved search's filter as `createAlertSubscription` stores it: the API's `SolicitationFilter`
/// shape (camelCase keys, enum values upper-cased, the agency as a global id), read here without
/// the API's types so that jobs need no transport.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct StoredFilter {
    status: Option<Vec<String>>,
    agency_id: Option<String>,
    jurisdiction_id: Option<String>,
    method: Option<Vec<String>>,
    label: Option<Vec<String>>,
    category_code: Option<String>,
    bids_due_after: Option<DateTime<Utc>>,
    bids_due_before: Option<DateTime<Utc>>,
    outsourcing: Option<bool>,
}

/// The stored vocabulary value whose upper-cased form is `name` (the API's enum value).
fn stored_enum<E>(name: &str) -> Option<E>
where
    E: ActiveEnum<Value = String> + Iterable,
{
    E::iter().find(|value| value.to_value().eq_ignore_ascii_case(name))
}

fn stored_enums<E>(names: Option<Vec<String>>) -> Option<Vec<E>>
where
    E: ActiveEnum<Value = String> + Iterable,
{
    names
        .unwrap_or_default()
        .iter()
        .map(|name| stored_enum(name))
        .collect()
}

/// A saved search's stored filter back as a [`SolicitationFilter`]; `None` if it no longer reads
/// (an unknown value, or an id of another kind).
pub fn stored_filter(json: &serde_json::Value) -> Option<SolicitationFilter> {
    let stored: StoredFilter = serde_json::from_value(json.clone()).ok()?;
    let agency_id = match stored.agency_id {
        Some(raw) => Some(GlobalId::parse_as(&raw, NodeKind::Agency, "agencyId").ok()?),
        None => None,
    };
    let jurisdiction_id = match stored.jurisdiction_id {
        Some(raw) => Some(GlobalId::parse_as(&raw, NodeKind::Jurisdiction, "jurisdictionId").ok()?),
        None => None,
    };
    Some(SolicitationFilter {
        statuses: stored_enums(stored.status)?,
        agency_id,
        jurisdiction_id,
        methods: stored_enums(stored.method)?,
        labels: stored
            .label
            .unwrap_or_default()
            .iter()
            .map(|key| Label::from_key(key))
            .collect::<Option<_>>()?,
        category_code: stored.category_code,
        bids_due_after: stored.bids_due_after,
        bids_due_before: stored.bids_due_before,
        outsourcing: stored.outsourcing,
    })
}

/// Whether a saved search's keyword matches, by the same rules as `search` (accents folded,
/// each word a prefix, quoted phrases in order) over the reference number, title and
/// description. A saved search without a keyword matches on its filter alone.
pub fn keyword_matches(keyword: &str, row: &solicitation::Model) -> bool {
    keyword.trim().is_empty()
        || SearchQuery::parse(keyword).matches(&format!(
            "{} {} {}",
            row.reference_number, row.title, row.description
        ))
}

/// Orderings offered to clients; each ends with the id so pages are stable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SolicitationOrder {
    /// Most recently published first; unpublished last.
    #[default]
    RecentlyPublished,
    /// Earliest bid deadline first; no deadline last.
    BidsDueSoonest,
    /// Highest estimated value first; unknown value last.
    EstimatedValueHighest,
    /// Most recently entered first.
    Newest,
}

/// One page of solicitations.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: SolicitationFilter,
    order: SolicitationOrder,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<solicitation::Model>, AppError> {
    use solicitation::Column as C;

    let mut select =
        solicitation::Entity::find().filter(solicitation::Column::ArchivedAt.is_null());
    if !filter.statuses.is_empty() {
        select = select.filter(C::Status.is_in(filter.statuses));
    }
    if let Some(agency_id) = filter.agency_id {
        select = select.filter(C::AgencyId.eq(agency_id));
    }
    if let Some(jurisdiction_id) = filter.jurisdiction_id {
        select = select.filter(C::AgencyId.in_subquery(directory::agencies_of(jurisdiction_id)));
    }
    if !filter.methods.is_empty() {
        select = select.filter(C::Method.is_in(filter.methods));
    }
    for label in filter.labels {
        select = select.filter(label_column(label).eq(true));
    }
    if let Some(code) = filter.category_code {
        let with_code = Query::select()
            .column(solicitation_category::Column::SolicitationId)
            .from(solicitation_category::Entity)
            .and_where(solicitation_category::Column::Code.eq(code))
            .to_owned();
        select = select.filter(C::Id.in_subquery(with_code));
    }
    if let Some(after) = filter.bids_due_after {
        select = select.filter(C::BidsDueAt.gte(after));
    }
    if let Some(before) = filter.bids_due_before {
        select = select.filter(C::BidsDueAt.lt(before));
    }
    if let Some(outsourcing) = filter.outsourcing {
        select = select.filter(C::IsOutsourcing.eq(outsourcing));
    }
    // Explicit NULLS LAST: PostgreSQL and SQLite disagree on the default.
    select = match order {
        SolicitationOrder::RecentlyPublished => {
            select.order_by_with_nulls(C::PublishedAt, Order::Desc, NullOrdering::Last)
        }
        SolicitationOrder::BidsDueSoonest => {
            select.order_by_with_nulls(C::BidsDueAt, Order::Asc, NullOrdering::Last)
        }
        SolicitationOrder::EstimatedValueHighest => {
            select.order_by_with_nulls(C::EstimatedValueMinor, Order::Desc, NullOrdering::Last)
        }
        SolicitationOrder::Newest => select,
    };
    let select = select.order_by(
        C::Id,
        if order == SolicitationOrder::Newest {
            Order::Desc
        } else {
            Order::Asc
        },
    );
    Ok(paginate(db, select, page, want_total).await?)
}

/// One solicitation and its agency in one statement (a join), for a lookup that selects both.
pub async fn with_agency(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<(solicitation::Model, Option<agency::Model>)>, DbErr> {
    let to_agency: RelationDef = solicitation::Entity::belongs_to(agency::Entity)
        .from(solicitation::Column::AgencyId)
        .to(agency::Column::Id)
        .into();
    solicitation::Entity::find_by_id(id)
        .select_also(agency::Entity)
        .join(JoinType::InnerJoin, to_agency)
        .one(db)
        .await
}

/// A label's flag on a row.
fn label_flag(row: &solicitation::Model, label: Label) -> bool {
    match label {
        Label::Outsourcing => row.is_outsourcing,
        Label::Technology => row.is_technology,
        Label::ArtificialIntelligence => row.is_ai,
        Label::AutomatedDecisions => row.is_automated_decisions,
        Label::Surveillance => row.is_surveillance,
        Label::PrevailingWage => row.requires_prevailing_wage,
        Label::LivingWage => row.requires_living_wage,
        Label::ProjectLaborAgreement => row.has_project_labor_agreement,
        Label::LaborPeace => row.requires_labor_peace,
        Label::EnvironmentalCriteria => row.has_environmental_criteria,
        Label::LocalBusinessGoal => row.has_local_business_goal,
        Label::MinorityWomenOwnedBusinessGoal => row.has_mwbe_goal,
    }
}

/// The flag column of a label.
fn label_column(label: Label) -> solicitation::Column {
    use solicitation::Column as C;
    match label {
        Label::Outsourcing => C::IsOutsourcing,
        Label::Technology => C::IsTechnology,
        Label::ArtificialIntelligence => C::IsAi,
        Label::AutomatedDecisions => C::IsAutomatedDecisions,
        Label::Surveillance => C::IsSurveillance,
        Label::PrevailingWage => C::RequiresPrevailingWage,
        Label::LivingWage => C::RequiresLivingWage,
        Label::ProjectLaborAgreement => C::HasProjectLaborAgreement,
        Label::LaborPeace => C::RequiresLaborPeace,
        Label::EnvironmentalCriteria => C::HasEnvironmentalCriteria,
        Label::LocalBusinessGoal => C::HasLocalBusinessGoal,
        Label::MinorityWomenOwnedBusinessGoal => C::HasMwbeGoal,
    }
}
