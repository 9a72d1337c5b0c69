//! The equity labels and in-house baseline of stored solicitations and contracts, read from their
//! flag columns into the domain's [`Label`] and [`InHouseBaseline`].

use crate::domain::labels::{InHouseBaseline, Label};

/// Label flags and the in-house baseline, as stored on solicitations and contracts.
pub trait Labelled {
    /// The labels that apply, in glossary order.
    fn labels(&self) -> Vec<Label>;
    /// The baseline, when the item outsources public work.
    fn in_house_baseline(&self) -> Option<InHouseBaseline>;
}

macro_rules! impl_labelled {
    ($($model:ty),+) => {$(
        impl Labelled for $model {
            fn labels(&self) -> Vec<Label> {
                [
                    (self.is_outsourcing, Label::Outsourcing),
                    (self.is_technology, Label::Technology),
                    (self.is_ai, Label::ArtificialIntelligence),
                    (self.is_automated_decisions, Label::AutomatedDecisions),
                    (self.is_surveillance, Label::Surveillance),
                    (self.requires_prevailing_wage, Label::PrevailingWage),
                    (self.requires_living_wage, Label::LivingWage),
                    (self.has_project_labor_agreement, Label::ProjectLaborAgreement),
                    (self.requires_labor_peace, Label::LaborPeace),
                    (self.has_environmental_criteria, Label::EnvironmentalCriteria),
                    (self.has_local_business_goal, Label::LocalBusinessGoal),
                    (self.has_mwbe_goal, Label::MinorityWomenOwnedBusinessGoal),
                ]
                .into_iter()
                .filter_map(|(set, label)| set.then_some(label))
                .collect()
            }

            fn in_house_baseline(&self) -> Option<InHouseBaseline> {
                self.is_outsourcing.then(|| InHouseBaseline {
                    positions_fte: self.inhouse_fte,
                    annual_cost_minor: self.inhouse_annual_cost_minor,
                    bargaining_unit: self.bargaining_unit.clone(),
                })
            }
        }
    )+};
}

impl_labelled!(entity::solicitation::Model, entity::contract::Model);
