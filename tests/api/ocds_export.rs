//! OCDS export, on both databases: the packages the app serves pass the official validator
//! (`libcoveocds`, offline, with the standard and the renewal extension from the fixtures and
//! our own extension fetched from the running app), and exporting, importing into an empty
//! registry and exporting again gives the same releases.

use std::path::Path;
use std::sync::Arc;

use contract_watch::services::audit::Actor;
use contract_watch::services::ocds_export::{self, Format, Publisher};
use contract_watch::services::ocds_import::{self, Options};
use contract_watch::services::red_flags::{self, Scope};
use contract_watch::startup::Application;
use contract_watch::state::AppState;
use entity::enums::JurisdictionKind;
use entity::jurisdiction;
use sea_orm::{ActiveModelTrait as _, Set};
use serde_json::Value;

use crate::fixtures::registry;
use crate::helpers::{Backend, TestApp, test_now};
use crate::on_both_databases;

/// Any amendment that adds value raises a flag, so the export carries some.
const SETTINGS: [(&str, &str); 1] = [("CW__RED_FLAGS__AMENDMENT_SHARE_PERCENT", "0")];

on_both_databases!(
    with super::SETTINGS;
    served_packages_pass_the_official_validator,
    export_import_export_gives_the_same_releases,
);

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ocds"))
}

async fn flags(app: &TestApp) {
    red_flags::refresh(
        &app.state.db.write,
        &app.state.settings.red_flags,
        test_now().date_naive(),
        Scope::All,
    )
    .await
    .unwrap();
}

/// Serves `state` on a free loopback port whose address is also its `base_url`, so the
/// extension URL in its packages points at itself.
async fn serve_as_itself(state: &AppState) -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut settings = (*state.settings).clone();
    settings.application.port = port;
    settings.application.base_url = format!("http://127.0.0.1:{port}");
    let state = AppState {
        settings: Arc::new(settings),
        ..state.clone()
    };
    let app = Application::bind(state).await.unwrap();
    tokio::spawn(app.run_until(std::future::pending()));
    format!("http://127.0.0.1:{port}")
}

/// The validator's Python, or `None` (with a note) when it is not installed and not required.
fn validator() -> Option<String> {
    match std::env::var("CW_LIBCOVEOCDS_PYTHON") {
        Ok(python) => Some(python),
        Err(_) if std::env::var("CW_OCDS_VALIDATOR").as_deref() == Ok("required") => {
            panic!("CW_OCDS_VALIDATOR=required but CW_LIBCOVEOCDS_PYTHON is not set")
        }
        Err(_) => {
            eprintln!("CW_LIBCOVEOCDS_PYTHON not set: libcoveocds validation skipped (CI runs it)");
            None
        }
    }
}

async fn served_packages_pass_the_official_validator(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    // Imported processes keep their ocid and the fields the standard's example has.
    for name in ["fictional/ocds-213czf-000-00001.json"] {
        ocds_import::import_path(
            &app.state,
            &Actor::command_line(),
            &fixtures().join(name),
            &Options {
                jurisdiction_id: r.jurisdiction,
                dry_run: false,
            },
            |_| {},
        )
        .await
        .unwrap();
    }
    flags(&app).await;
    let base = serve_as_itself(&app.state).await;
    let client = reqwest::Client::new();
    let get = async |path: &str| -> Value {
        let response = client.get(format!("{base}{path}")).send().await.unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
    };
    let page = get("/ocds/releases.json").await;
    let releases = page["releases"].as_array().unwrap();
    assert!(releases.len() >= 3, "{page}");
    let kinds: String = releases.iter().map(|r| r.to_string()).collect();
    for field in [
        "redFlags",
        "renewalOptions",
        "valueChange",
        "equityLabels",
        "hasRenewal",
    ] {
        assert!(kinds.contains(field), "no {field} in the export");
    }
    let ocid = releases[0]["ocid"].as_str().unwrap().to_owned();
    let one = get(&format!("/ocds/releases/{ocid}.json")).await;
    assert_eq!(one["releases"][0]["ocid"], ocid);
    let record = get(&format!("/ocds/records/{ocid}.json")).await;
    assert_eq!(
        record["records"][0]["compiledRelease"]["tag"][0],
        "compiled"
    );
    assert!(
        releases
            .iter()
            .any(|r| r["ocid"] == "ocds-213czf-000-00001"),
        "the imported process keeps its ocid"
    );
    let missing = client
        .get(format!("{base}/ocds/releases/ocds-cwdemo-s999999.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), reqwest::StatusCode::NOT_FOUND);

    let Some(python) = validator() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, body) in [
        ("page.json", &page),
        ("one.json", &one),
        ("record.json", &record),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, body.to_string()).unwrap();
        files.push(path);
    }
    // On a blocking thread: the validator fetches our extension from the app this runtime serves.
    let standard = fixtures().join("schema/standard-1__1__5");
    let extensions = fixtures().join("schema/extensions");
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(python)
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/ocds/validate_ocds.py"
            ))
            .arg("--standard")
            .arg(standard)
            .arg("--extensions-dir")
            .arg(extensions)
            .args(&files)
            .output()
    })
    .await
    .unwrap()
    .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "libcoveocds: {report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Every package was checked, with both extensions fetched and applied.
    let results: Vec<Value> = report
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), 3);
    for result in &results {
        assert_eq!(result["ok"], true, "{result}");
        assert_eq!(result["validation_errors"], serde_json::json!([]));
        let applied: Vec<&Value> = result["extensions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["applied"] == true)
            .collect();
        assert_eq!(applied.len(), 2, "{result}");
    }
}

async fn export(app: &TestApp) -> Vec<Value> {
    let publisher = Publisher {
        settings: &app.state.settings.ocds,
        base_url: &app.state.settings.application.base_url,
    };
    let mut out = Vec::new();
    ocds_export::write_all(
        &app.state.db.read,
        &publisher,
        Format::JsonLines,
        &mut out,
        test_now(),
    )
    .await
    .unwrap();
    let mut releases: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    releases.sort_by(|a, b| a["ocid"].as_str().cmp(&b["ocid"].as_str()));
    releases
}

async fn export_import_export_gives_the_same_releases(app: TestApp) {
    registry(&app.state.db.write).await;
    flags(&app).await;
    let first = export(&app).await;
    assert!(first.len() >= 3);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("releases.jsonl");
    std::fs::write(
        &file,
        first.iter().map(|r| format!("{r}\n")).collect::<String>(),
    )
    .unwrap();

    let backend = if app.state.settings.database.is_sqlite() {
        Backend::Sqlite
    } else {
        Backend::Postgres
    };
    let empty = TestApp::spawn_with(backend, &SETTINGS).await;
    let place = jurisdiction::ActiveModel {
        name: Set("Riverton".to_owned()),
        kind: Set(JurisdictionKind::City),
        time_zone: Set("America/New_York".to_owned()),
        created_at: Set(test_now()),
        ..Default::default()
    }
    .insert(&empty.state.db.write)
    .await
    .unwrap();
    let report = ocds_import::import_path(
        &empty.state,
        &Actor::command_line(),
        &file,
        &Options {
            jurisdiction_id: place.id,
            dry_run: false,
        },
        |_| {},
    )
    .await
    .unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    flags(&empty).await;
    let second = export(&empty).await;
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a, b, "\nfirst:  {a}\nsecond: {b}");
    }
}
