//! Value types shared by several objects: money, periods, labels and connections.

use async_graphql::connection::{self, EmptyFields};
use async_graphql::{OutputType, SimpleObject};

use crate::domain::labels::InHouseBaseline as BaselineFacts;
use crate::domain::money::Money as MoneyValue;
use crate::domain::page::{Page, encode_cursor};
use crate::graphql::enums::ProcurementLabel;
use crate::graphql::scalars::Date;
use crate::services::labels::Labelled;

/// An amount of money. Stored as integer minor units; never a float.
#[derive(SimpleObject, Debug, Clone)]
pub struct Money {
    /// Exact decimal string in major units, e.g. `"1250000.00"`.
    pub amount: String,
    /// ISO 4217 currency code.
    pub currency: String,
    /// Human-readable, e.g. `"USD 1,250,000.00"`.
    pub display: String,
}

impl Money {
    pub fn new(minor_units: i64, currency: &str) -> Self {
        let value = MoneyValue::new(minor_units, currency);
        Self {
            amount: value.decimal(),
            currency: value.currency.clone(),
            display: value.display(),
        }
    }
}

/// A span of dates (OCDS `period`).
#[derive(SimpleObject, Debug, Clone)]
pub struct Period {
    pub start_date: Date,
    /// Empty for a contract with no end date (open-ended).
    pub end_date: Option<Date>,
    /// The latest the period may extend to with every option exercised (OCDS `maxExtentDate`).
    pub max_extent_date: Option<Date>,
}

/// What outsourced work costs in house today.
#[derive(SimpleObject, Debug, Clone)]
pub struct InHouseBaseline {
    /// Public positions doing the work now, in full-time equivalents.
    pub positions_fte: Option<f64>,
    /// Annual in-house cost.
    pub annual_cost: Option<Money>,
    /// The bargaining unit that does the work now.
    pub bargaining_unit: Option<String>,
}

impl InHouseBaseline {
    fn new(facts: BaselineFacts, currency: &str) -> Self {
        Self {
            positions_fte: facts.positions_fte,
            annual_cost: facts
                .annual_cost_minor
                .map(|minor| Money::new(minor, currency)),
            bargaining_unit: facts.bargaining_unit,
        }
    }
}

/// Labels of a model as GraphQL values.
pub fn labels_of(model: &impl Labelled) -> Vec<ProcurementLabel> {
    model.labels().into_iter().map(Into::into).collect()
}

/// The in-house baseline of a model that outsources, in its currency.
pub fn baseline_of(model: &impl Labelled, currency: &str) -> Option<InHouseBaseline> {
    model
        .in_house_baseline()
        .map(|facts| InHouseBaseline::new(facts, currency))
}

/// Fields every connection carries beside `edges`, `nodes` and `pageInfo`.
#[derive(SimpleObject, Debug, Clone, Copy)]
pub struct ConnectionFields {
    /// How many items match, across all pages. Counted only when selected.
    pub total_count: u64,
}

/// A Relay connection: one page of a list. Named `<Node>Connection` in the schema.
pub type Connection<T> = connection::Connection<String, T, ConnectionFields, EmptyFields>;

/// Builds a connection from a page of models.
pub fn connection<M, T: OutputType>(page: Page<M>, node: impl FnMut(M) -> T) -> Connection<T> {
    let page = page.map(node);
    let mut connection = Connection::with_additional_fields(
        page.offset > 0,
        page.has_next_page,
        ConnectionFields {
            total_count: page.total_count.unwrap_or_default(),
        },
    );
    connection.edges.extend(
        page.items
            .into_iter()
            .zip(page.offset..)
            .map(|(node, offset)| connection::Edge::new(encode_cursor(offset), node)),
    );
    connection
}
