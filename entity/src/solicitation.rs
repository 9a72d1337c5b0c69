//! A public call for bids or proposals (OCDS `tender`).

use sea_orm::entity::prelude::*;

use crate::enums::{ProcurementMethod, SolicitationStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "solicitation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub agency_id: i64,
    pub reference_number: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub method: ProcurementMethod,
    pub status: SolicitationStatus,
    /// In minor units of `currency`.
    pub estimated_value_minor: Option<i64>,
    pub currency: String,
    pub published_at: Option<DateTimeUtc>,
    pub questions_due_at: Option<DateTimeUtc>,
    pub bids_due_at: Option<DateTimeUtc>,
    pub pre_bid_meeting_at: Option<DateTimeUtc>,
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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
