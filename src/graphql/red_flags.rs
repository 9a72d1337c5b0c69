//! `redFlags` on contracts and solicitations: what the registry's own numbers show, computed by
//! `services::red_flags`, each in plain words with the numbers behind it.

use async_graphql::{Enum, SimpleObject};
use chrono::NaiveDate;
use entity::red_flag;

use crate::graphql::common::Money;
use crate::graphql::scalars::Date;
use crate::services::red_flags::kind;

/// What a red flag says.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedFlagKind {
    /// The contract runs, or may run through its options, past its maximum extent date.
    PastMaxExtent,
    /// Amendments added more than the configured share (25 %) of the original value.
    AmendmentsOverShare,
    /// A sole-source or emergency purchase above the configured value (100,000.00).
    NoncompetitiveAboveThreshold,
    /// The contract ends within 180 days and nothing under way in its agency replaces it.
    EndingWithoutReplacement,
    /// Bids were due fewer than the configured number of days (15) after publication.
    ShortSubmissionPeriod,
}

impl RedFlagKind {
    /// The stored kind.
    pub fn key(self) -> &'static str {
        match self {
            Self::PastMaxExtent => kind::PAST_MAX_EXTENT,
            Self::AmendmentsOverShare => kind::AMENDMENTS_OVER_SHARE,
            Self::NoncompetitiveAboveThreshold => kind::NONCOMPETITIVE,
            Self::EndingWithoutReplacement => kind::ENDING_WITHOUT_REPLACEMENT,
            Self::ShortSubmissionPeriod => kind::SHORT_SUBMISSION_PERIOD,
        }
    }
}

/// A red flag and the numbers behind it.
#[derive(SimpleObject, Debug, Clone)]
pub struct RedFlag {
    pub kind: RedFlagKind,
    /// The flag in plain words, with its numbers.
    pub explanation: String,
    /// The amount at issue: the value, or what amendments added.
    pub amount: Option<Money>,
    /// What it is measured against: the configured limit, or the original value.
    pub limit: Option<Money>,
    /// The date at issue: the latest end, the end date, or the publication date.
    pub on_date: Option<Date>,
    /// The date it is measured against: the maximum extent, the end of the window, or when bids
    /// were due.
    pub limit_date: Option<Date>,
    /// For a short submission period: the configured minimum, in days.
    pub minimum_days: Option<i64>,
}

impl RedFlag {
    /// The API's view of a stored flag; `None` for a kind this version does not know.
    pub fn from_row(row: red_flag::Model, currency: &str) -> Option<Self> {
        let money = |minor: Option<i64>| minor.map(|m| Money::new(m, currency));
        let (amount, limit) = (money(row.amount_minor), money(row.limit_minor));
        let shown = |m: &Option<Money>| m.as_ref().map(|m| m.display.clone()).unwrap_or_default();
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let (kind, explanation, minimum_days) = match row.kind.as_str() {
            kind::PAST_MAX_EXTENT => (
                RedFlagKind::PastMaxExtent,
                format!(
                    "Runs, or may run through its options, to {}: past its maximum extent of {}.",
                    date(row.on_date),
                    date(row.limit_date)
                ),
                None,
            ),
            kind::AMENDMENTS_OVER_SHARE => {
                let share = match (row.amount_minor, row.limit_minor) {
                    (Some(added), Some(original)) if original > 0 => {
                        format!("{:.0} %", added as f64 * 100.0 / original as f64)
                    }
                    _ => "more than the limit".to_owned(),
                };
                (
                    RedFlagKind::AmendmentsOverShare,
                    format!(
                        "Amendments added {} to an original value of {}: {share} of it.",
                        shown(&amount),
                        shown(&limit)
                    ),
                    None,
                )
            }
            kind::NONCOMPETITIVE => (
                RedFlagKind::NoncompetitiveAboveThreshold,
                format!(
                    "Bought without competition (sole source or emergency) for {}, above {}.",
                    shown(&amount),
                    shown(&limit)
                ),
                None,
            ),
            kind::ENDING_WITHOUT_REPLACEMENT => (
                RedFlagKind::EndingWithoutReplacement,
                format!(
                    "Ends on {}, and no solicitation under way in its agency replaces it.",
                    date(row.on_date)
                ),
                None,
            ),
            kind::SHORT_SUBMISSION_PERIOD => {
                let days = match (row.on_date, row.limit_date) {
                    (Some(published), Some(due)) => (due - published).num_days().to_string(),
                    _ => "few".to_owned(),
                };
                (
                    RedFlagKind::ShortSubmissionPeriod,
                    format!(
                        "Bids were due {days} days after publication ({} to {}), fewer than {}.",
                        date(row.on_date),
                        date(row.limit_date),
                        row.limit_minor.unwrap_or_default()
                    ),
                    row.limit_minor,
                )
            }
            _ => return None,
        };
        let limit = if minimum_days.is_some() { None } else { limit };
        Some(Self {
            kind,
            explanation,
            amount,
            limit,
            on_date: row.on_date.map(Date),
            limit_date: row.limit_date.map(Date),
            minimum_days,
        })
    }
}
