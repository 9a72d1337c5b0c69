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
    /// Every label, in glossary order.
    pub const ALL: [Label; 12] = [
        Self::Outsourcing,
        Self::Technology,
        Self::ArtificialIntelligence,
        Self::AutomatedDecisions,
        Self::Surveillance,
        Self::PrevailingWage,
        Self::LivingWage,
        Self::ProjectLaborAgreement,
        Self::LaborPeace,
        Self::EnvironmentalCriteria,
        Self::LocalBusinessGoal,
        Self::MinorityWomenOwnedBusinessGoal,
    ];

    /// A stable key (`artificial_intelligence`): in links, stored searches and, upper-cased, the
    /// API's enum value.
    pub fn key(self) -> &'static str {
        match self {
            Self::Outsourcing => "outsourcing",
            Self::Technology => "technology",
            Self::ArtificialIntelligence => "artificial_intelligence",
            Self::AutomatedDecisions => "automated_decisions",
            Self::Surveillance => "surveillance",
            Self::PrevailingWage => "prevailing_wage",
            Self::LivingWage => "living_wage",
            Self::ProjectLaborAgreement => "project_labor_agreement",
            Self::LaborPeace => "labor_peace",
            Self::EnvironmentalCriteria => "environmental_criteria",
            Self::LocalBusinessGoal => "local_business_goal",
            Self::MinorityWomenOwnedBusinessGoal => "minority_women_owned_business_goal",
        }
    }

    /// The label with this key, ignoring case.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|label| label.key().eq_ignore_ascii_case(key))
    }

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
