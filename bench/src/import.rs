//! OCDS import throughput and memory, against a bare parse of the same file.
//!
//! ```sh
//! cw-import-bench generate --megabytes 1024 --out releases.jsonl
//! cw-import-bench parse releases.jsonl
//! CW__DATABASE__URL=… cw-import-bench import releases.jsonl --max-seconds 300
//! ```
//!
//! `generate` writes deterministic OCDS 1.1 releases, one per line: a tender, an award and its
//! contract with an amendment, 20 buyers and 5,000 suppliers with identifiers, about 2 KB each.
//! `parse` streams the file through the importer's reader and counts releases: the ceiling for
//! reading. `import` runs the real import (`services::ocds_import::import_path`, one
//! transaction per release, every audit entry, index row, red-flag refresh and alert event), on
//! the database the configuration names, for the whole file or until `--max-seconds`. Both
//! print releases per second and the process's peak resident memory (`VmHWM`), sampled as
//! they go so a growing footprint would show.

use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use contract_watch::clock::Clock;
use contract_watch::config::Settings;
use contract_watch::ocds::read;
use contract_watch::services::audit::Actor;
use contract_watch::services::ocds_import::{self, Options};
use contract_watch::state::AppState;
use sea_orm::{ActiveModelTrait as _, EntityTrait as _, Set};
use serde_json::json;

#[derive(Parser)]
#[command(about = "OCDS import throughput and peak memory")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a JSON Lines file of releases of about this size.
    Generate {
        #[arg(long, default_value_t = 1024)]
        megabytes: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Read the file with the importer's reader, storing nothing.
    Parse { path: PathBuf },
    /// Import the file into the configured database.
    Import {
        path: PathBuf,
        /// Stop after this long (the release in progress is rolled back).
        #[arg(long)]
        max_seconds: Option<u64>,
    },
}

/// Peak and current resident memory of this process, in MiB (`VmHWM`, `VmRSS`).
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn say(line: &str) -> anyhow::Result<()> {
    writeln!(std::io::stdout().lock(), "{line}")?;
    Ok(())
}

fn release(i: u64) -> serde_json::Value {
    let buyer = i % 20;
    let supplier = (i * 7919) % 5000;
    let day = 1 + (i % 28);
    let month = 1 + (i / 28) % 12;
    let value = 10_000 + (i * 104_729) % 5_000_000;
    json!({
        "ocid": format!("ocds-bench0-{i:08}"),
        "id": format!("ocds-bench0-{i:08}-01"),
        "date": format!("2025-{month:02}-{day:02}T10:00:00Z"),
        "tag": ["tender", "award", "contract"],
        "initiationType": "tender",
        "language": "en",
        "buyer": { "id": format!("buyer-{buyer}"), "name": format!("Department {buyer}") },
        "parties": [
            { "id": format!("buyer-{buyer}"), "name": format!("Department {buyer}"),
              "roles": ["buyer", "procuringEntity"] },
            { "id": format!("US-EIN-{supplier:09}"), "name": format!("Supplier {supplier} LLC"),
              "identifier": { "scheme": "US-EIN", "id": format!("{supplier:09}") },
              "roles": ["supplier", "tenderer"] }
        ],
        "tender": {
            "id": format!("RFP-{i:08}"),
            "title": format!("Custodial and maintenance services, lot {i}"),
            "description": "Routine cleaning, grounds keeping and minor repairs of public buildings, \
                            with staffing levels, hours and reporting as in the statement of work.",
            "status": "complete",
            "procurementMethod": "open",
            "procurementMethodDetails": "Request for proposals",
            "value": { "amount": value, "currency": "USD" },
            "tenderPeriod": { "startDate": format!("2025-{month:02}-{day:02}T09:00:00Z"),
                              "endDate": format!("2025-{month:02}-{day:02}T17:00:00Z") },
            "items": [{ "id": "1", "description": "Custodial services",
                        "classification": { "scheme": "UNSPSC", "id": "76111500",
                                            "description": "General building and office cleaning" } }],
            "documents": [{ "id": "1", "documentType": "tenderNotice", "title": "Notice",
                            "url": format!("https://example.org/notices/{i}.pdf") }]
        },
        "awards": [{
            "id": format!("A-{i:08}"), "status": "active",
            "suppliers": [{ "id": format!("US-EIN-{supplier:09}"), "name": format!("Supplier {supplier} LLC") }],
            "value": { "amount": value, "currency": "USD" }
        }],
        "contracts": [{
            "id": format!("C-{i:08}"), "awardID": format!("A-{i:08}"), "status": "active",
            "title": format!("Custodial and maintenance services, lot {i}"),
            "value": { "amount": value, "currency": "USD" },
            "period": { "startDate": "2025-07-01T00:00:00Z", "endDate": "2028-06-30T00:00:00Z",
                        "maxExtentDate": "2030-06-30T00:00:00Z" },
            "amendments": [{ "id": "1", "date": "2026-01-15T00:00:00Z",
                             "rationale": "Added weekend hours" }]
        }]
    })
}

fn generate(megabytes: u64, out: &Path) -> anyhow::Result<()> {
    let target = megabytes * 1024 * 1024;
    let file = std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?;
    let mut writer = BufWriter::new(file);
    let (mut written, mut count) = (0_u64, 0_u64);
    while written < target {
        let mut line = serde_json::to_vec(&release(count))?;
        line.push(b'\n');
        writer.write_all(&line)?;
        written += line.len() as u64;
        count += 1;
    }
    writer.flush()?;
    say(&format!(
        "wrote {count} releases, {:.1} MiB, to {}",
        written as f64 / 1048576.0,
        out.display()
    ))
}

fn parse(path: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut releases = 0_u64;
    let mut peak = 0.0_f64;
    let reader = read::open(path)?;
    read::for_each_item(reader, |item| {
        if let read::Item::Release { .. } = item {
            releases += 1;
        }
        if releases.is_multiple_of(50_000) {
            peak = peak.max(memory().1);
        }
        Ok::<(), std::convert::Infallible>(())
    })
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let (hwm, rss) = memory();
    say(&format!(
        "bare parse: {releases} releases in {seconds:.1} s = {:.0} releases/s; peak RSS {hwm:.1} MiB (sampled max {peak:.1}, now {rss:.1})",
        releases as f64 / seconds
    ))
}

async fn import(path: &Path, max_seconds: Option<u64>) -> anyhow::Result<()> {
    let settings = Settings::load()?;
    let state = AppState::build(settings, Clock::System).await?;
    let jurisdiction = match entity::jurisdiction::Entity::find()
        .one(&state.db.read)
        .await?
    {
        Some(j) => j.id,
        None => {
            entity::jurisdiction::ActiveModel {
                name: Set("Bench City".to_owned()),
                kind: Set(entity::enums::JurisdictionKind::City),
                time_zone: Set("America/New_York".to_owned()),
                created_at: Set(chrono::Utc::now()),
                ..Default::default()
            }
            .insert(&state.db.write)
            .await?
            .id
        }
    };
    let options = Options {
        jurisdiction_id: jurisdiction,
        dry_run: false,
    };
    let started = Instant::now();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let seen = done.clone();
    let actor = Actor::command_line();
    let run = ocds_import::import_path(&state, &actor, path, &options, move |p| {
        seen.store(p.items, std::sync::atomic::Ordering::Relaxed);
        if p.items.is_multiple_of(20_000) {
            let (hwm, rss) = memory();
            let _ = say(&format!(
                "  {} releases after {:.0} s: RSS {rss:.1} MiB, peak {hwm:.1} MiB",
                p.items,
                started.elapsed().as_secs_f64()
            ));
        }
    });
    let finished = match max_seconds {
        Some(limit) => tokio::time::timeout(std::time::Duration::from_secs(limit), run)
            .await
            .ok(),
        None => Some(run.await),
    };
    let seconds = started.elapsed().as_secs_f64();
    let imported = done.load(std::sync::atomic::Ordering::Relaxed);
    let (hwm, rss) = memory();
    let how = match finished {
        Some(Ok(report)) => format!(
            "whole file: {} created, {} updated, {} skipped, {} notes",
            report.created_count,
            report.updated_count,
            report.skipped.len(),
            report.notes.len()
        ),
        Some(Err(e)) => format!("stopped by an error: {e}"),
        None => format!("stopped after {seconds:.0} s (the limit)"),
    };
    say(&format!(
        "import ({}): {imported} releases in {seconds:.1} s = {:.0} releases/s; peak RSS {hwm:.1} MiB (now {rss:.1}); {how}",
        if state.settings.database.is_sqlite() {
            "SQLite"
        } else {
            "PostgreSQL"
        },
        imported as f64 / seconds
    ))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Generate { megabytes, out } => generate(megabytes, &out),
        Command::Parse { path } => parse(&path),
        Command::Import { path, max_seconds } => import(&path, max_seconds).await,
    }
}
