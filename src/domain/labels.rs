//! Equity labels: structured facts about a solicitation or contract.

/// One label. The variants follow the product glossary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    Outsourcing,
    Technology,
    ArtificialIntelligence,
    AutomatedDecisions,
    Surveillance,
    PrevailingWage,
    LivingWage,
    ProjectLaborAgreement,
    LaborPeace,
    EnvironmentalCriteria,
    LocalBusinessGoal,
    MinorityWomenOwnedBusinessGoal,
}

impl Label {
    /// The label in plain words, for mail.
    pub fn plain(self) -> &'static str {
        match self {
            Self::Outsourcing => "outsources public work",
            Self::Technology => "technology",
            Self::ArtificialIntelligence => "artificial intelligence",
            Self::AutomatedDecisions => "automated decisions",
            Self::Surveillance => "surveillance",
            Self::PrevailingWage => "prevailing wage",
            Self::LivingWage => "living wage",
            Self::ProjectLaborAgreement => "project labor agreement",
            Self::LaborPeace => "labor peace",
            Self::EnvironmentalCriteria => "environmental criteria",
            Self::LocalBusinessGoal => "local business goal",
            Self::MinorityWomenOwnedBusinessGoal => "minority- and women-owned business goal",
        }
    }
}

/// The outsourcing baseline: what the work costs in house today.
#[derive(Debug, Clone, PartialEq)]
pub struct InHouseBaseline {
    pub positions_fte: Option<f64>,
    pub annual_cost_minor: Option<i64>,
    pub bargaining_unit: Option<String>,
}

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
