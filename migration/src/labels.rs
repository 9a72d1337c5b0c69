//! Equity labels and the outsourcing baseline, shared by solicitations and contracts.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveIden, Clone, Copy)]
pub(crate) enum Label {
    IsOutsourcing,
    IsTechnology,
    IsAi,
    IsAutomatedDecisions,
    IsSurveillance,
    RequiresPrevailingWage,
    RequiresLivingWage,
    HasProjectLaborAgreement,
    RequiresLaborPeace,
    HasEnvironmentalCriteria,
    HasLocalBusinessGoal,
    HasMwbeGoal,
    InhouseFte,
    InhouseAnnualCostMinor,
    BargainingUnit,
}

/// Adds the label flags (all `false` by default) and the in-house baseline (all nullable).
pub(crate) fn add_label_columns(table: &mut TableCreateStatement) {
    for flag in [
        Label::IsOutsourcing,
        Label::IsTechnology,
        Label::IsAi,
        Label::IsAutomatedDecisions,
        Label::IsSurveillance,
        Label::RequiresPrevailingWage,
        Label::RequiresLivingWage,
        Label::HasProjectLaborAgreement,
        Label::RequiresLaborPeace,
        Label::HasEnvironmentalCriteria,
        Label::HasLocalBusinessGoal,
        Label::HasMwbeGoal,
    ] {
        table.col(boolean(flag).default(false));
    }
    table
        .col(double_null(Label::InhouseFte))
        .col(big_integer_null(Label::InhouseAnnualCostMinor))
        .col(string_null(Label::BargainingUnit));
}
