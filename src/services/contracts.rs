//! Contracts, their renewal options and amendments.

use chrono::{Days, NaiveDate};
use entity::{contract, contract_amendment, red_flag, renewal_option};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder};

use crate::domain::page::{Page, PageRequest};
use crate::error::AppError;
use crate::services::paginate;

/// Which contracts to list. `None` means "any".
#[derive(Debug, Clone, Default)]
pub struct ContractFilter {
    pub agency_id: Option<i64>,
    /// Bought by an agency of this jurisdiction.
    pub jurisdiction_id: Option<i64>,
    pub vendor_id: Option<i64>,
    /// Current end date between today and today + this many days.
    pub expiring_within_days: Option<u32>,
    /// Has (or lacks) a renewal option that is neither exercised nor past its decision deadline.
    pub has_renewal_options: Option<bool>,
    pub outsourcing: Option<bool>,
    /// Carries this computed red flag (a [`crate::services::red_flags::kind`] key).
    pub red_flag: Option<&'static str>,
}

impl ContractFilter {
    /// The longest look-ahead `expiring_within_days` accepts (ten years).
    pub const MAX_EXPIRY_WINDOW_DAYS: u32 = 3_660;
}

/// Orderings offered to clients; each ends with the id so pages are stable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ContractOrder {
    /// Earliest current end date first.
    #[default]
    EndingSoonest,
    /// Highest original value first.
    ValueHighest,
    /// Most recently entered first.
    Newest,
}

/// One page of contracts; `today` anchors the date filters.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: ContractFilter,
    order: ContractOrder,
    today: NaiveDate,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<contract::Model>, AppError> {
    use contract::Column as C;

    let mut select = contract::Entity::find().filter(contract::Column::ArchivedAt.is_null());
    if let Some(agency_id) = filter.agency_id {
        select = select.filter(C::AgencyId.eq(agency_id));
    }
    if let Some(jurisdiction_id) = filter.jurisdiction_id {
        select = select.filter(
            C::AgencyId.in_subquery(crate::services::directory::agencies_of(jurisdiction_id)),
        );
    }
    if let Some(vendor_id) = filter.vendor_id {
        select = select.filter(C::VendorId.eq(vendor_id));
    }
    if let Some(days) = filter.expiring_within_days {
        if days > ContractFilter::MAX_EXPIRY_WINDOW_DAYS {
            return Err(AppError::invalid(
                "expiringWithinDays",
                format!(
                    "must be between 0 and {}",
                    ContractFilter::MAX_EXPIRY_WINDOW_DAYS
                ),
            ));
        }
        let until = today
            .checked_add_days(Days::new(days.into()))
            .unwrap_or(NaiveDate::MAX);
        select = select.filter(C::EndDate.between(today, until));
    }
    if let Some(wanted) = filter.has_renewal_options {
        let open_options = Query::select()
            .column(renewal_option::Column::ContractId)
            .from(renewal_option::Entity)
            .and_where(renewal_option::Column::Exercised.eq(false))
            .and_where(renewal_option::Column::DecisionDeadline.gte(today))
            .to_owned();
        select = select.filter(if wanted {
            C::Id.in_subquery(open_options)
        } else {
            C::Id.not_in_subquery(open_options)
        });
    }
    if let Some(outsourcing) = filter.outsourcing {
        select = select.filter(C::IsOutsourcing.eq(outsourcing));
    }
    if let Some(kind) = filter.red_flag {
        let flagged = Query::select()
            .column(red_flag::Column::ContractId)
            .from(red_flag::Entity)
            .and_where(red_flag::Column::Kind.eq(kind))
            .to_owned();
        select = select.filter(C::Id.in_subquery(flagged));
    }
    let select = match order {
        ContractOrder::EndingSoonest => select.order_by_asc(C::EndDate).order_by_asc(C::Id),
        ContractOrder::ValueHighest => select.order_by_desc(C::ValueMinor).order_by_asc(C::Id),
        ContractOrder::Newest => select.order_by(C::Id, Order::Desc),
    };
    Ok(paginate(db, select, page, want_total).await?)
}

/// Original value plus every amendment's change, in minor units.
pub fn current_value_minor(
    contract: &contract::Model,
    amendments: &[contract_amendment::Model],
) -> i64 {
    amendments
        .iter()
        .fold(contract.value_minor, |total, amendment| {
            total.saturating_add(amendment.value_change_minor)
        })
}

/// Options still open on `today`: not exercised and not past their decision deadline, earliest first.
pub fn open_options(
    options: &[renewal_option::Model],
    today: NaiveDate,
) -> Vec<&renewal_option::Model> {
    let mut open: Vec<_> = options
        .iter()
        .filter(|o| !o.exercised && o.decision_deadline >= today)
        .collect();
    open.sort_by_key(|o| (o.decision_deadline, o.sequence));
    open
}

/// The end date stored for a contract that has none (San Francisco's exports write
/// `2200-12-31`; Chicago's leave standard contracts blank): 9999-12-31, the last date both
/// databases store alike. It sorts after every real date, so an open-ended contract is never
/// "ending soon"; the API and pages show it as no end date.
pub const OPEN_ENDED: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(date) => date,
    None => NaiveDate::MAX,
};

/// The current end date, `None` for an open-ended contract.
pub fn end_date(contract: &contract::Model) -> Option<NaiveDate> {
    (contract.end_date != OPEN_ENDED).then_some(contract.end_date)
}

/// Days from `today` to the current end date; negative once it has passed; `None` when the
/// contract has no end date.
pub fn days_until_expiry(contract: &contract::Model, today: NaiveDate) -> Option<i64> {
    end_date(contract).map(|end| (end - today).num_days())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn option(sequence: i32, deadline: NaiveDate, exercised: bool) -> renewal_option::Model {
        renewal_option::Model {
            id: sequence.into(),
            contract_id: 1,
            sequence,
            period_start: deadline,
            period_end: deadline,
            value_minor: None,
            decision_deadline: deadline,
            exercised,
            exercised_on: None,
        }
    }

    #[test]
    fn open_options_skip_exercised_and_lapsed_ones() {
        let today = date(2026, 11, 25);
        let options = [
            option(3, date(2028, 1, 1), false),
            option(1, date(2026, 1, 1), true),
            option(2, date(2026, 11, 24), false),
            option(4, date(2026, 11, 25), false),
        ];
        let open: Vec<i32> = open_options(&options, today)
            .iter()
            .map(|o| o.sequence)
            .collect();
        assert_eq!(open, [4, 3]);
    }
}
