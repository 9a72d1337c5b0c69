//! CSV import through the shipped presets, on both databases: Chicago's revisions become
//! amendments and its `$0` an indefinite-quantity contract; New York's award notices become
//! contracts once each; San Francisco's team-member rows never add to the prime's value and
//! `2200-12-31` is no end date. A second import changes nothing, a dry run saves nothing, and
//! the pages and the API say "no fixed total" and "no end date" rather than `$0` and 2200.

use std::path::{Path, PathBuf};

use contract_watch::csv_import::presets;
use contract_watch::domain::ids::NodeKind;
use contract_watch::services::audit::Actor;
use contract_watch::services::csv_import::{self, Options};
use contract_watch::services::ocds_import::Report;
use entity::{contract, contract_amendment, vendor};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::json;

use crate::browser::Browser;
use crate::fixtures::registry;
use crate::helpers::{TestApp, gid};
use crate::on_both_databases;

on_both_databases!(
    chicago_revisions_are_amendments_and_zero_is_indefinite_quantity,
    nyc_award_notices_are_contracts_once_each,
    san_francisco_team_members_never_double_count_and_2200_is_no_end_date,
    a_second_import_and_a_dry_run_change_nothing,
);

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv")
        .join(name)
}

async fn import(app: &TestApp, jurisdiction: i64, preset: &str, dry_run: bool) -> Report {
    let mapping = presets::preset(preset).unwrap().unwrap();
    let file = match preset {
        "chicago" => "chicago.csv",
        "nyc" => "nyc.csv",
        _ => "san-francisco.csv",
    };
    let options = Options {
        jurisdiction_id: jurisdiction,
        dry_run,
        mapping_name: preset.to_owned(),
    };
    csv_import::import_path(
        &app.state,
        &Actor::command_line(),
        &fixture(file),
        mapping,
        &options,
        |_| {},
    )
    .await
    .unwrap()
}

async fn by_reference(app: &TestApp, reference: &str) -> Option<contract::Model> {
    contract::Entity::find()
        .filter(contract::Column::ReferenceNumber.eq(reference))
        .one(&app.state.db.read)
        .await
        .unwrap()
}

fn skipped_mentions(report: &Report, needle: &str) -> bool {
    report
        .skipped
        .iter()
        .any(|s| s.path.contains(needle) || s.reason.contains(needle))
}

async fn chicago_revisions_are_amendments_and_zero_is_indefinite_quantity(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let report = import(&app, r.jurisdiction, "chicago", false).await;

    // Revision 0 is the contract; 1 and 2 (the duplicate row of 1 is skipped) are amendments,
    // each amount being the change it made.
    let custodial = by_reference(&app, "CW100001").await.expect("CW100001");
    assert_eq!(custodial.value_minor, 123_456_750);
    assert!(!custodial.indefinite_quantity);
    assert_eq!(custodial.end_date.to_string(), "2027-12-31");
    let amendments = contract_amendment::Entity::find()
        .filter(contract_amendment::Column::ContractId.eq(custodial.id))
        .order_by_asc(contract_amendment::Column::AmendedOn)
        .all(&app.state.db.read)
        .await
        .unwrap();
    let changes: Vec<(String, i64, Option<String>)> = amendments
        .iter()
        .map(|a| {
            (
                a.amended_on.to_string(),
                a.value_change_minor,
                a.new_end_date.map(|d| d.to_string()),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("2025-03-01".to_owned(), 10_000_000, None),
            (
                "2025-06-01".to_owned(),
                -5_000_000,
                Some("2027-12-31".to_owned())
            ),
        ]
    );
    let vendor = vendor::Entity::find_by_id(custodial.vendor_id)
        .one(&app.state.db.read)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(vendor.name, "ACME JANITORIAL, INC.");

    // `$0` is a blanket contract: no fixed total, and the API and page say so.
    let salt = by_reference(&app, "CW200002").await.expect("CW200002");
    assert!(salt.indefinite_quantity);
    assert_eq!(salt.value_minor, 0);
    let data = app
        .data(
            "query($id: ID!) { contract(id: $id) { indefiniteQuantity value { amount } currentValue { amount } period { endDate } } }",
            json!({ "id": gid(NodeKind::Contract, salt.id) }),
        )
        .await;
    assert_eq!(data["contract"]["indefiniteQuantity"], true);
    assert_eq!(data["contract"]["period"]["endDate"], "2026-10-31");
    let page = Browser::new(&app)
        .get(&format!("/contracts/{}", gid(NodeKind::Contract, salt.id)))
        .await;
    assert!(page.text().contains("No fixed total"), "{}", page.text());

    // The tree-trimming rows have no usable start date, and the row without a contract number
    // cannot be told apart: both are reported with their lines, and nothing else is made.
    assert!(by_reference(&app, "CW300003").await.is_none());
    assert!(
        skipped_mentions(&report, "CW300003"),
        "{:?}",
        report.skipped
    );
    assert!(
        report.skipped.iter().all(|s| s.path.contains("line ")),
        "{:?}",
        report.skipped
    );
}

async fn nyc_award_notices_are_contracts_once_each(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let report = import(&app, r.jurisdiction, "nyc", false).await;
    let landscape = by_reference(&app, "84625B0001001")
        .await
        .expect("the award notice is a contract");
    assert_eq!(landscape.value_minor, 123_456_789);
    assert_eq!(landscape.title, "LANDSCAPE MAINTENANCE, BRONX");
    // The duplicated notice is one contract.
    let same = contract::Entity::find()
        .filter(contract::Column::ReferenceNumber.eq("84625B0001001"))
        .count(&app.state.db.read)
        .await
        .unwrap();
    assert_eq!(same, 1);
    assert!(!report.skipped.is_empty(), "the bad rows are reported");
}

async fn san_francisco_team_members_never_double_count_and_2200_is_no_end_date(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let report = import(&app, r.jurisdiction, "san-francisco", false).await;
    let terminal = by_reference(&app, "1000012345").await.expect("1000012345");
    // The prime's own row: team members' $400,000 and ($1,000) are shares, not additions.
    assert_eq!(terminal.value_minor, 250_000_000);
    let prime = vendor::Entity::find_by_id(terminal.vendor_id)
        .one(&app.state.db.read)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(prime.name, "Golden Gate Facility Services Inc");
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.path.contains("1000012345") && n.reason.contains("team member")),
        "{:?}",
        report.notes
    );

    // `12/31/2200` is no end date: not "ending soon", not 2200 in the API or on the page.
    let data = app
        .data(
            "query($id: ID!) { contract(id: $id) { period { startDate endDate } daysUntilExpiry nextRenewalDecision { kind } } }",
            json!({ "id": gid(NodeKind::Contract, terminal.id) }),
        )
        .await;
    assert_eq!(data["contract"]["period"]["startDate"], "2023-07-01");
    assert!(data["contract"]["period"]["endDate"].is_null());
    assert!(data["contract"]["daysUntilExpiry"].is_null());
    assert!(data["contract"]["nextRenewalDecision"].is_null());
    let page = Browser::new(&app)
        .get(&format!(
            "/contracts/{}",
            gid(NodeKind::Contract, terminal.id)
        ))
        .await;
    let text = page.text();
    assert!(text.contains("no end date"), "{text}");
    assert!(!text.contains("2200") && !text.contains("9999"), "{text}");

    // A joint venture with no prime row has no value to import; a negative award is refused.
    assert!(by_reference(&app, "1000067890").await.is_none());
    assert!(by_reference(&app, "1000099999").await.is_none());
    assert!(
        skipped_mentions(&report, "1000067890"),
        "{:?}",
        report.skipped
    );
}

async fn a_second_import_and_a_dry_run_change_nothing(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let count = |app: &TestApp| {
        let db = app.state.db.read.clone();
        async move {
            (
                contract::Entity::find().count(&db).await.unwrap(),
                contract_amendment::Entity::find().count(&db).await.unwrap(),
                vendor::Entity::find().count(&db).await.unwrap(),
            )
        }
    };
    let before = count(&app).await;
    let dry = import(&app, r.jurisdiction, "chicago", true).await;
    assert!(!dry.created.is_empty());
    assert_eq!(count(&app).await, before, "a dry run saves nothing");

    let first = import(&app, r.jurisdiction, "chicago", false).await;
    assert_eq!(
        first.created, dry.created,
        "the dry run reported what importing does"
    );
    let after = count(&app).await;
    assert!(after.0 > before.0);
    let again = import(&app, r.jurisdiction, "chicago", false).await;
    assert!(again.created.is_empty(), "{:?}", again.created);
    assert!(again.updated.is_empty(), "{:?}", again.updated);
    assert_eq!(count(&app).await, after);
}
