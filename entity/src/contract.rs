//! An awarded agreement (OCDS `contracts`).

use sea_orm::entity::prelude::*;

use crate::enums::ContractStatus;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "contract")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub agency_id: i64,
    pub vendor_id: i64,
    pub solicitation_id: Option<i64>,
    pub reference_number: String,
    pub title: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    /// Original value in minor units of `currency`; amendments add to it.
    pub value_minor: i64,
    pub currency: String,
    pub start_date: Date,
    /// The current end date (OCDS `period.endDate`), after any amendment.
    pub end_date: Date,
    /// The latest the contract may run with every option exercised (OCDS `period.maxExtentDate`).
    pub max_extent_date: Option<Date>,
    pub status: ContractStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub is_outsourcing: bool,
    pub is_technology: bool,
    pub is_ai: bool,
    pub is_automated_decisions: bool,
    pub is_surveillance: bool,
    pub requires_prevailing_wage: bool,
    pub requires_living_wage: bool,
    pub has_project_labor_agreement: bool,
    pub requires_labor_peace: bool,
    pub has_environmental_criteria: bool,
    pub has_local_business_goal: bool,
    pub has_mwbe_goal: bool,
    #[sea_orm(column_type = "Double")]
    pub inhouse_fte: Option<f64>,
    pub inhouse_annual_cost_minor: Option<i64>,
    pub bargaining_unit: Option<String>,
    /// Set when staff archive the row; archived rows leave public lists.
    pub archived_at: Option<DateTimeUtc>,
    /// The contract sets prices, not a total: `value_minor` is 0 and means "no fixed total".
    pub indefinite_quantity: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
