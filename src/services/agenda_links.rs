//! Suggested links from agenda items to the contracts they decide, so a renewal cannot reach a
//! vote unnoticed because a clerk typed the agenda without linking it. Staff confirm a
//! suggestion with `linkAgendaItem`.
//!
//! A contract is suggested when the item's title names its contract number, its vendor, or
//! shares distinctive words with its title. The reasons are shown with each suggestion so staff
//! can judge it; nothing is linked without them.

use std::collections::HashSet;

use entity::{agency, agenda_item, contract};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::auth::Viewer;
use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::AppError;
use crate::services::{directory, meetings};

/// At most this many suggestions.
const LIMIT: usize = 5;

/// Words too common in agenda and contract titles to say anything.
const COMMON: &[&str] = &[
    "about",
    "agreement",
    "amendment",
    "approve",
    "approval",
    "authorize",
    "award",
    "city",
    "contract",
    "county",
    "department",
    "extension",
    "from",
    "into",
    "option",
    "renewal",
    "resolution",
    "services",
    "service",
    "that",
    "this",
    "with",
    "year",
    "years",
];

/// One suggested contract, with why.
#[derive(Debug, Clone)]
pub struct Suggestion {
    pub contract: contract::Model,
    pub score: i32,
    pub reasons: Vec<String>,
}

/// `agendaItemLinkSuggestions`: for staff of the item's jurisdiction, the contracts its title
/// points to, best first. A linked item gets none.
pub async fn suggestions(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    raw_id: &str,
) -> Result<Vec<Suggestion>, AppError> {
    let id = GlobalId::parse_as(raw_id, NodeKind::AgendaItem, "agendaItemId")?;
    let item = agenda_item::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("agenda item"))?;
    let (_, body) = meetings::with_body(db, item.meeting_id).await?;
    viewer.staff_of(body.jurisdiction_id)?;
    suggestions_for(db, &item, body.jurisdiction_id).await
}

/// The contracts of `jurisdiction_id` that `item`'s title points to, best first; none for an
/// item already linked.
pub(crate) async fn suggestions_for(
    db: &impl ConnectionTrait,
    item: &agenda_item::Model,
    jurisdiction_id: i64,
) -> Result<Vec<Suggestion>, AppError> {
    if item.contract_id.is_some() || item.solicitation_id.is_some() {
        return Ok(Vec::new());
    }
    let agencies: Vec<i64> = agency::Entity::find()
        .filter(agency::Column::JurisdictionId.eq(jurisdiction_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let contracts = contract::Entity::find()
        .filter(contract::Column::AgencyId.is_in(agencies))
        .filter(contract::Column::ArchivedAt.is_null())
        .all(db)
        .await?;
    let vendors = directory::vendor_names(db, contracts.iter().map(|c| c.vendor_id)).await?;
    let title = item.title.to_lowercase();
    let item_words = words(&title);
    let mut found: Vec<Suggestion> = contracts
        .into_iter()
        .filter_map(|contract| {
            let vendor = vendors.get(&contract.vendor_id).map(String::as_str);
            let named = (contract.reference_number.as_str(), contract.title.as_str());
            score(&title, &item_words, named, vendor).map(|(score, reasons)| Suggestion {
                contract,
                score,
                reasons,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.contract.id.cmp(&b.contract.id))
    });
    found.truncate(LIMIT);
    Ok(found)
}

/// The suggestion an importer may link without asking staff: one that names the contract's
/// number or its vendor with shared title words (a score of 7 or more) and leads the next by 5
/// or more. Anything less is left for staff to confirm.
pub(crate) fn confident(found: &[Suggestion]) -> Option<&Suggestion> {
    let best = found.first()?;
    let runner_up = found.get(1).map_or(0, |s| s.score);
    (best.score >= 7 && best.score - runner_up >= 5).then_some(best)
}

/// How strongly an agenda title (lower-cased) points at a contract, and why; `None` if it does
/// not. A contract number counts most, then the vendor's name, then each shared title word.
fn score(
    title: &str,
    item_words: &HashSet<String>,
    (number, contract_title): (&str, &str),
    vendor: Option<&str>,
) -> Option<(i32, Vec<String>)> {
    let mut score = 0;
    let mut reasons = Vec::new();
    let lowered = number.trim().to_lowercase();
    if !lowered.is_empty() && title.contains(&lowered) {
        score += 10;
        reasons.push(format!("names contract number {number}"));
    }
    if let Some(vendor) = vendor {
        let name = vendor.trim().to_lowercase();
        let core = words(&name);
        let named = !name.is_empty() && title.contains(&name);
        let by_words = !core.is_empty() && core.iter().all(|w| item_words.contains(w));
        if named || by_words {
            score += 5;
            reasons.push(format!("names vendor {vendor}"));
        }
    }
    let mut shared: Vec<String> = words(&contract_title.to_lowercase())
        .intersection(item_words)
        .cloned()
        .collect();
    shared.sort();
    if shared.len() >= 2 {
        score += i32::try_from(shared.len()).unwrap_or(i32::MAX);
        reasons.push(format!("shares title words: {}", shared.join(", ")));
    }
    (score > 0).then_some((score, reasons))
}

/// The distinctive words of a lower-cased title: four letters or more, not common.
fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4 && !COMMON.contains(w))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contract_number_outweighs_a_vendor_and_shared_words() {
        let title = "approve renewal of c-2024-117 with metro parking systems".to_owned();
        let item_words = words(&title);
        let by_number = score(&title, &item_words, ("C-2024-117", "Towing"), None);
        let by_vendor = score(
            &title,
            &item_words,
            ("C-9", "Towing"),
            Some("Metro Parking Systems"),
        );
        assert_eq!(by_number.map(|s| s.0), Some(10));
        assert_eq!(by_vendor.map(|s| s.0), Some(5));
    }

    #[test]
    fn common_words_alone_suggest_nothing() {
        let title = "approve contract renewal services agreement".to_owned();
        let item_words = words(&title);
        let found = score(
            &title,
            &item_words,
            ("X-1", "Services agreement renewal"),
            None,
        );
        assert!(found.is_none());
    }

    #[test]
    fn two_distinctive_shared_words_suggest_a_contract() {
        let title = "extend parking enforcement operations".to_owned();
        let item_words = words(&title);
        let found = score(
            &title,
            &item_words,
            ("X-2", "Parking enforcement and citation processing"),
            None,
        );
        assert_eq!(found.map(|s| s.0), Some(2));
    }
}
