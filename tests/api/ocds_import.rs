//! OCDS import, on both databases: the standard's fictional process lands as an agency, its
//! vendors, a solicitation and a contract; a second import changes nothing; a newer release
//! updates the rows and writes the alert event a staff edit would; the real samples import with
//! a report and no error; a dry run saves nothing.

use std::path::{Path, PathBuf};

use contract_watch::services::audit::Actor;
use contract_watch::services::ocds_import::{self, Options, Report};
use entity::enums::{AlertEventKind, SubjectType};
use entity::{agency, alert_event, audit_log, contract, solicitation, vendor, vendor_identifier};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::fixtures::registry;
use crate::helpers::TestApp;
use crate::on_both_databases;

on_both_databases!(
    the_fictional_process_imports_once_and_a_newer_release_updates_it,
    the_real_samples_import_with_a_report,
    a_dry_run_saves_nothing,
    staff_upload_a_file_through_graphql_and_others_cannot,
);

fn fixtures(folder: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ocds")
        .join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// The six fictional releases, one package each, in their order.
fn fictional_releases() -> Vec<PathBuf> {
    fixtures("fictional")
        .into_iter()
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains("-0"))
        .collect()
}

async fn import(app: &TestApp, jurisdiction: i64, paths: &[PathBuf], dry_run: bool) -> Report {
    let options = Options {
        jurisdiction_id: jurisdiction,
        dry_run,
    };
    let mut total = Report::default();
    for path in paths {
        let report =
            ocds_import::import_path(&app.state, &Actor::command_line(), path, &options, |_| {})
                .await
                .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        total.releases_read += report.releases_read;
        total.releases_new += report.releases_new;
        total.created.extend(report.created);
        total.updated.extend(report.updated);
        total.unchanged += report.unchanged;
        total.skipped.extend(report.skipped);
    }
    total
}

/// Rows in the tables an import writes.
async fn counts(app: &TestApp) -> [u64; 6] {
    let db = &app.state.db.read;
    [
        agency::Entity::find().count(db).await.unwrap(),
        vendor::Entity::find().count(db).await.unwrap(),
        solicitation::Entity::find().count(db).await.unwrap(),
        contract::Entity::find().count(db).await.unwrap(),
        alert_event::Entity::find().count(db).await.unwrap(),
        audit_log::Entity::find().count(db).await.unwrap(),
    ]
}

async fn the_fictional_process_imports_once_and_a_newer_release_updates_it(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let before = counts(&app).await;
    let report = import(&app, r.jurisdiction, &fictional_releases(), false).await;
    assert_eq!(report.releases_new, 6);
    let after = counts(&app).await;
    // One agency, two vendors (the winner and the other tenderer), one solicitation, one
    // contract (the award's row became the contract's when the contract release came).
    assert_eq!(after[0] - before[0], 1);
    assert_eq!(after[1] - before[1], 2);
    assert_eq!(after[2] - before[2], 1);
    assert_eq!(after[3] - before[3], 1);

    let db = &app.state.db.read;
    let buyer = agency::Entity::find()
        .filter(agency::Column::Name.eq("London Borough of Barnet"))
        .one(db)
        .await
        .unwrap()
        .expect("the buyer is an agency");
    assert_eq!(buyer.jurisdiction_id, r.jurisdiction);
    let tender = solicitation::Entity::find()
        .filter(solicitation::Column::AgencyId.eq(buyer.id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(tender.title, "Planned cycle lane improvements");
    assert_eq!(tender.estimated_value_minor, Some(110_000_000));
    assert_eq!(tender.currency, "GBP");
    let signed = contract::Entity::find()
        .filter(contract::Column::SolicitationId.eq(tender.id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(signed.value_minor, 1_100_000_000);
    let winner = vendor::Entity::find_by_id(signed.vendor_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(winner.name, "AnyCorp Cycle Provision");
    let identifiers = vendor_identifier::Entity::find()
        .filter(vendor_identifier::Column::VendorId.eq(winner.id))
        .count(db)
        .await
        .unwrap();
    assert!(identifiers >= 1, "the supplier's identifier is kept");
    // Followers heard of the new solicitation, as they would of a staff edit.
    let announced = alert_event::Entity::find()
        .filter(alert_event::Column::Kind.eq(AlertEventKind::NewSolicitation))
        .filter(alert_event::Column::SubjectType.eq(SubjectType::Solicitation))
        .filter(alert_event::Column::SubjectId.eq(tender.id))
        .count(db)
        .await
        .unwrap();
    assert_eq!(announced, 1);
    // Each later release of the process that moved its status or dates was an addendum.
    let changes_before = alert_event::Entity::find()
        .filter(alert_event::Column::Kind.eq(AlertEventKind::SolicitationChanged))
        .filter(alert_event::Column::SubjectId.eq(tender.id))
        .count(db)
        .await
        .unwrap();

    // And search finds it at once.
    let data = app
        .data(
            "query { search(query: \"cycle lane\", first: 5) { edges { node { title } } } }",
            json!({}),
        )
        .await;
    assert!(
        data["search"]["edges"]
            .to_string()
            .contains("Planned cycle lane improvements")
    );

    // The same files again, and the whole-process package and records: nothing changes.
    let mut again = fictional_releases();
    again.extend(fixtures("fictional/record"));
    let report = import(&app, r.jurisdiction, &again, false).await;
    assert!(report.created.is_empty(), "{:?}", report.created);
    assert!(report.updated.is_empty(), "{:?}", report.updated);
    assert_eq!(counts(&app).await, after);

    // A newer release moves the deadline for bids: the row follows, and followers are told.
    let package: Value =
        serde_json::from_str(&std::fs::read_to_string(&fictional_releases()[5]).unwrap()).unwrap();
    let mut release = package["releases"][0].clone();
    release["id"] = json!("ocds-213czf-000-00001-07-deadline");
    release["date"] = json!("2011-03-01T09:00:00-05:00");
    release["tender"]["tenderPeriod"]["endDate"] = json!("2011-03-15T16:00:00Z");
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.json");
    std::fs::write(&newer, json!({ "releases": [release] }).to_string()).unwrap();
    let report = import(&app, r.jurisdiction, &[newer], false).await;
    assert_eq!(report.releases_new, 1);
    assert!(
        report.updated.iter().any(|u| u.starts_with("solicitation")),
        "{:?}",
        report.updated
    );
    let moved = solicitation::Entity::find_by_id(tender.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        moved.bids_due_at.map(|d| d.to_rfc3339()),
        Some("2011-03-15T16:00:00+00:00".to_owned())
    );
    let changed = alert_event::Entity::find()
        .filter(alert_event::Column::Kind.eq(AlertEventKind::SolicitationChanged))
        .filter(alert_event::Column::SubjectId.eq(tender.id))
        .count(db)
        .await
        .unwrap();
    assert_eq!(changed, changes_before + 1);
}

async fn the_real_samples_import_with_a_report(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    for folder in [
        "real/uk-contracts-finder/sample",
        "real/canada/buyandsell/sample",
        "real/canada/montreal/sample",
    ] {
        let mut files = fixtures(&format!("{folder}/releases"));
        files.extend(fixtures(&format!("{folder}/records")));
        let report = import(&app, r.jurisdiction, &files, false).await;
        assert!(report.releases_read > 0, "{folder}");
        assert!(
            !report.created.is_empty(),
            "{folder}: something is imported"
        );
        // Everything left out says where and why.
        for skip in &report.skipped {
            assert!(!skip.path.is_empty() && !skip.reason.is_empty(), "{skip:?}");
        }
        if folder.contains("montreal") {
            // Awards without a contract period cannot be contracts here; the report says so.
            assert!(
                report
                    .skipped
                    .iter()
                    .any(|s| s.reason.contains("no contract period")),
                "{:?}",
                report.skipped
            );
        }
        let second = import(&app, r.jurisdiction, &files, false).await;
        assert_eq!(second.releases_new, 0, "{folder}");
        assert!(
            second.created.is_empty() && second.updated.is_empty(),
            "{folder}"
        );
    }
}

async fn a_dry_run_saves_nothing(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let before = counts(&app).await;
    let report = import(&app, r.jurisdiction, &fictional_releases(), true).await;
    assert!(!report.created.is_empty());
    assert_eq!(counts(&app).await, before);
    // Nothing was remembered either: the real import still creates everything.
    let report = import(&app, r.jurisdiction, &fictional_releases(), false).await;
    assert_eq!(report.releases_new, 6);
}

const UPLOAD: &str = "mutation($j: ID!, $f: Upload!, $d: Boolean!) { importOcds(jurisdictionId: $j, file: $f, dryRun: $d) { dryRun releasesRead releasesNew created skipped { path reason } } }";

/// A GraphQL multipart request (the upload spec) with `file` as the one file.
async fn upload(
    app: &TestApp,
    token: Option<&str>,
    jurisdiction: i64,
    file: Vec<u8>,
    dry_run: bool,
) -> (u16, Value) {
    use poem::test::{TestForm, TestFormField};
    let operations = json!({
        "query": UPLOAD,
        "variables": { "j": crate::helpers::gid(contract_watch::domain::ids::NodeKind::Jurisdiction, jurisdiction), "f": null, "d": dry_run },
    });
    let form = TestForm::new()
        .text("operations", operations.to_string())
        .text("map", json!({ "0": ["variables.f"] }).to_string())
        .field(
            TestFormField::bytes(file)
                .name("0")
                .filename("releases.json")
                .content_type("application/json"),
        );
    let mut request = app.client.post("/graphql").multipart(form);
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let response = request.send().await;
    let status = response.0.status().as_u16();
    let body = response.0.into_body().into_string().await.unwrap();
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

async fn staff_upload_a_file_through_graphql_and_others_cannot(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    let file = std::fs::read(
        fixtures("fictional")
            .into_iter()
            .find(|p| p.ends_with("ocds-213czf-000-00001.json"))
            .unwrap(),
    )
    .unwrap();
    let (_, staff) = app
        .account(
            "clerk@example.org",
            entity::enums::UserRole::Staff,
            Some(r.jurisdiction),
        )
        .await;
    let (_, resident) = app
        .account("ana@example.org", entity::enums::UserRole::Resident, None)
        .await;
    let other = crate::helpers::second_jurisdiction(&app).await;
    let (_, outsider) = app
        .account(
            "outsider@example.org",
            entity::enums::UserRole::Staff,
            Some(other),
        )
        .await;
    let before = counts(&app).await;
    // Not staff: refused before the file is read, and nothing changes.
    let (status, body) = upload(&app, Some(&resident), r.jurisdiction, file.clone(), false).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN");
    let (status, _) = upload(&app, None, r.jurisdiction, file.clone(), false).await;
    assert_eq!(status, 403);
    // Staff of another jurisdiction cannot import into this one.
    let (_, body) = upload(&app, Some(&outsider), r.jurisdiction, file.clone(), false).await;
    assert_eq!(crate::helpers::error_code(&body), "FORBIDDEN", "{body}");
    assert_eq!(counts(&app).await, before);

    // A dry run reports and saves nothing; the real one saves what it reported.
    let (status, body) = upload(&app, Some(&staff), r.jurisdiction, file.clone(), true).await;
    assert_eq!(status, 200, "{body}");
    let dry = body["data"]["importOcds"].clone();
    assert_eq!(dry["dryRun"], true);
    assert_eq!(dry["releasesRead"], 6);
    assert_eq!(counts(&app).await, before);
    let (_, body) = upload(&app, Some(&staff), r.jurisdiction, file.clone(), false).await;
    let report = body["data"]["importOcds"].clone();
    assert_eq!(report["releasesNew"], 6, "{body}");
    assert_eq!(report["created"], dry["created"]);
    assert!(counts(&app).await != before);

    // Not OCDS: a clear error naming the file, and nothing changes.
    let after = counts(&app).await;
    let (_, body) = upload(
        &app,
        Some(&staff),
        r.jurisdiction,
        b"not json at all".to_vec(),
        false,
    )
    .await;
    assert!(
        body["errors"][0]["extensions"]["code"].is_string(),
        "{body}"
    );
    assert_eq!(counts(&app).await, after);
}
