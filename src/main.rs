//! The `contract-watch` command.

use std::io::Write;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use contract_watch::auth::tokens::random_token;
use contract_watch::clock::Clock;
use contract_watch::config::Settings;
use contract_watch::db::Database;
use contract_watch::legistar;
use contract_watch::outbox::worker::Worker;
use contract_watch::outbox::{self, NewEmail};
use contract_watch::services::audit::Actor;
use contract_watch::services::{
    accounts, admin, csv_import, legistar_import, ocds_export, ocds_import,
};
use contract_watch::startup::Application;
use contract_watch::state::AppState;
use contract_watch::{graphql, jobs, seed, telemetry};
use entity::enums::UserRole;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ActiveEnum as _, EntityTrait as _, PaginatorTrait as _};
use secrecy::SecretString;
use tokio_util::sync::CancellationToken;

/// mimalloc instead of the system allocator: a GraphQL response is thousands of small, short-lived
/// allocations, and with glibc's malloc a quarter of the server's CPU went to malloc and free
/// (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `arena_eager_commit` (its number in mimalloc's `mi_option_e`). Left at its default
/// on Linux, mimalloc commits each arena up front, and the server held 48–59 MiB once idle
/// instead of 37–40 (see docs/performance.md).
#[cfg(target_os = "linux")]
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// Arena memory is committed on demand. The option must be set before the first allocation
/// reserves the first arena, and the top of `main` was measured to be too late (54–59
/// MiB), so this runs from `.init_array`, as the loader starts the process.
/// `MIMALLOC_ARENA_EAGER_COMMIT` in the environment is read later and wins.
#[cfg(target_os = "linux")]
#[expect(
    unsafe_code,
    reason = "mimalloc's options are a C API; this is the one call"
)]
extern "C" fn configure_allocator() {
    // SAFETY: sets a default in mimalloc's option table; runs once, before any thread starts.
    unsafe { libmimalloc_sys::mi_option_set_default(MI_OPTION_ARENA_EAGER_COMMIT, 0) };
}

#[cfg(target_os = "linux")]
#[expect(
    unsafe_code,
    reason = "a constructor, so the option is set before any allocation"
)]
#[used]
#[unsafe(link_section = ".init_array")]
static CONFIGURE_ALLOCATOR: extern "C" fn() = configure_allocator;

/// Contract Watch: public procurement, watched by the people it affects.
///
/// Settings come from `configuration/` (profile in `CW_ENV`, default `local`) and `CW__…`
/// environment variables; see the README.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and web client (the default).
    Serve,
    /// Apply, roll back or list migrations.
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Load the demo city into an empty database.
    SeedDemo,
    /// Generate a large synthetic registry for benchmarks.
    SeedScale {
        /// How many solicitations to create (contracts and agenda items follow from it).
        #[arg(long, default_value_t = 100_000)]
        solicitations: u32,
    },
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Deliver the email outbox (runs until SIGTERM or Ctrl-C).
    Worker {
        /// Send what is due now, then exit.
        #[arg(long)]
        once: bool,
    },
    /// Inspect the email outbox or enqueue a test message.
    Outbox {
        #[command(subcommand)]
        action: OutboxAction,
    },
    /// Accounts administration.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
    /// Rebuild the full-text search index from the registry (after a bulk load or restore).
    ReindexSearch,
    /// Recompute every computed red flag now, and say how long it took (`serve`, `worker` and
    /// `maintenance` also do it with their periodic jobs).
    RedFlags,
    /// Import procurement data into a jurisdiction's registry.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Publish the registry as open data.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Purge unverified accounts past their retention and stale abuse counters, once. `serve` and
    /// `worker` also do this every ten minutes.
    Maintenance,
}

#[derive(Subcommand)]
enum ExportWhat {
    /// Every contracting process's current OCDS 1.1 release, most recently changed first.
    Ocds {
        /// `package` (one release package) or `jsonl` (one release per line).
        #[arg(long, default_value = "package")]
        format: OcdsFormat,
        /// Write here instead of standard output.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum OcdsFormat {
    Package,
    Jsonl,
}

#[derive(Subcommand)]
enum ImportSource {
    /// OCDS release or record packages, bare releases or records, JSON Lines; gzip or not.
    /// Idempotent: importing the same data again changes nothing.
    Ocds {
        /// The files to import, in order.
        #[arg(required = true)]
        paths: Vec<std::path::PathBuf>,
        /// The jurisdiction's numeric id; may be left out when there is only one.
        #[arg(long)]
        jurisdiction: Option<i64>,
        /// Report what would change, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// A Legistar client's bodies, officials and terms, meetings, agendas and roll calls, from
    /// its Web API or a folder of recorded responses. Re-running picks up changes.
    Legistar {
        /// The Legistar client name, as in `https://webapi.legistar.com/v1/{client}`.
        #[arg(long)]
        client: String,
        /// The client's API root, e.g. `https://webapi.legistar.com/v1/mesa`.
        #[arg(long, conflicts_with = "folder", required_unless_present = "folder")]
        from: Option<String>,
        /// A folder of recorded responses laid out like the API's paths (`bodies.json`,
        /// `events/1235/eventitems.json`, …).
        #[arg(long)]
        folder: Option<std::path::PathBuf>,
        /// Only events on or after this date (YYYY-MM-DD), when reading the API.
        #[arg(long)]
        since: Option<chrono::NaiveDate>,
        /// The client's vocabulary (TOML: `time_zone`, vote and status names); by default the
        /// jurisdiction's time zone and the usual US names.
        #[arg(long)]
        mapping: Option<std::path::PathBuf>,
        /// The jurisdiction's numeric id; may be left out when there is only one.
        #[arg(long)]
        jurisdiction: Option<i64>,
        /// Report what would change, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// A city's CSV contract export, read through a preset or a mapping file (TOML).
    /// Idempotent, like OCDS.
    Csv {
        /// The files to import, in order.
        #[arg(required = true)]
        paths: Vec<std::path::PathBuf>,
        /// A shipped mapping: `chicago`, `nyc` or `san-francisco`.
        #[arg(long, conflicts_with = "mapping", required_unless_present = "mapping")]
        preset: Option<String>,
        /// A mapping file of your own (see `configuration/csv-presets/` for examples).
        #[arg(long)]
        mapping: Option<std::path::PathBuf>,
        /// The jurisdiction's numeric id; may be left out when there is only one.
        #[arg(long)]
        jurisdiction: Option<i64>,
        /// Report what would change, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum AdminAction {
    /// Create a verified account with a role; how the first admin is made.
    CreateUser {
        #[arg(long)]
        email: String,
        /// `resident`, `staff`, `moderator` or `admin`.
        #[arg(long, default_value = "admin")]
        role: String,
        #[arg(long, default_value = "Administrator")]
        display_name: String,
        /// For staff: the jurisdiction's numeric id.
        #[arg(long)]
        jurisdiction_id: Option<i64>,
        /// Read the password from the first line of standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Subcommand)]
enum OutboxAction {
    /// Counts by status and the age of the oldest waiting delivery.
    Status,
    /// Enqueue a test message (delivered by the worker).
    SendTest {
        /// The recipient's address.
        #[arg(long)]
        to: String,
        /// The name to greet.
        #[arg(long, default_value = "there")]
        name: String,
        /// Send it as list mail of this topic, with one-click unsubscribe.
        #[arg(long)]
        topic: Option<String>,
    },
}

#[derive(Subcommand)]
enum MigrateAction {
    /// Apply pending migrations.
    Up,
    /// Roll back migrations.
    Down {
        /// How many to roll back.
        #[arg(long, default_value_t = 1)]
        steps: u32,
    },
    /// List migrations and whether each is applied.
    Status,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        // Needs no configuration or database.
        Command::Schema => {
            std::io::stdout()
                .lock()
                .write_all(graphql::sdl().as_bytes())?;
            Ok(())
        }
        Command::Serve => serve(configure()?).await,
        Command::Migrate { action } => {
            let db = Database::connect(&configure()?.database).await?;
            match action {
                MigrateAction::Up => Migrator::up(&db.write, None).await?,
                MigrateAction::Down { steps } => Migrator::down(&db.write, Some(steps)).await?,
                MigrateAction::Status => Migrator::status(&db.write).await?,
            }
            Ok(())
        }
        Command::SeedDemo => {
            let state = AppState::build(configure()?, Clock::System).await?;
            let summary = seed::demo::seed_if_empty(&state.db.write, state.clock.now()).await?;
            tracing::info!(%summary, "seed-demo finished");
            Ok(())
        }
        Command::Worker { once } => {
            let state = AppState::build(configure()?, Clock::System).await?;
            let worker = Worker::new(&state);
            if once {
                let report = worker.drain().await?;
                tracing::info!(%report, "outbox drained");
            } else {
                let stop = CancellationToken::new();
                let worker_stop = stop.clone();
                let running =
                    tokio::spawn(async move { worker.run_until_stopped(worker_stop).await });
                let maintenance = tokio::spawn(maintenance_loop(state.clone(), stop.clone()));
                let alerts = tokio::spawn(alert_loop(state.clone(), stop.clone()));
                shutdown_signal().await;
                stop.cancel();
                running.await?;
                maintenance.await?;
                alerts.await?;
            }
            Ok(())
        }
        Command::Outbox { action } => {
            let state = AppState::build(configure()?, Clock::System).await?;
            match action {
                OutboxAction::Status => print_status(&state).await,
                OutboxAction::SendTest { to, name, topic } => {
                    let subject_key = format!("test:{}", state.clock.now().timestamp_micros());
                    let email = NewEmail::test_message(&to, &name, subject_key, topic);
                    let enqueued = state
                        .mailer
                        .enqueue(&state.db.write, state.clock.now(), email)
                        .await?;
                    writeln!(std::io::stdout().lock(), "{enqueued:?}")?;
                    Ok(())
                }
            }
        }
        Command::Admin {
            action:
                AdminAction::CreateUser {
                    email,
                    role,
                    display_name,
                    jurisdiction_id,
                    password_stdin,
                },
        } => {
            let state = AppState::build(configure()?, Clock::System).await?;
            let role = UserRole::try_from_value(&role.to_lowercase()).map_err(|_| {
                anyhow::anyhow!("--role must be resident, staff, moderator or admin")
            })?;
            let (password, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                (line.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (random_token(), true)
            };
            let user = admin::create_user(
                &state,
                &email,
                &display_name,
                SecretString::from(password.clone()),
                role,
                jurisdiction_id,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "created user {} ({email}) as {role:?}", user.id)?;
            if generated {
                writeln!(out, "password (shown once): {password}")?;
            }
            Ok(())
        }
        Command::ReindexSearch => {
            let state = AppState::build(configure()?, Clock::System).await?;
            let txn = sea_orm::TransactionTrait::begin(&state.db.write).await?;
            let count = contract_watch::services::search::reindex_all(&txn, state.clock.now())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            txn.commit().await?;
            tracing::info!(count, "search index rebuilt");
            Ok(())
        }
        Command::Import {
            source:
                ImportSource::Ocds {
                    paths,
                    jurisdiction,
                    dry_run,
                },
        } => {
            let state = AppState::build(configure()?, Clock::System).await?;
            let jurisdiction_id = match jurisdiction {
                Some(id) => id,
                None => only_jurisdiction(&state).await?,
            };
            let options = ocds_import::Options {
                jurisdiction_id,
                dry_run,
            };
            for path in paths {
                let report = ocds_import::import_path(
                    &state,
                    &Actor::command_line(),
                    &path,
                    &options,
                    progress_line(&path),
                )
                .await
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                let read = format!(
                    "{} releases read ({} new), {} processes applied",
                    report.releases_read, report.releases_new, report.processes
                );
                print_import_report(&path, &read, &report, dry_run)?;
            }
            Ok(())
        }
        Command::Import {
            source:
                ImportSource::Legistar {
                    client,
                    from,
                    folder,
                    since,
                    mapping,
                    jurisdiction,
                    dry_run,
                },
        } => {
            let state = AppState::build(configure()?, Clock::System).await?;
            let jurisdiction_id = match jurisdiction {
                Some(id) => id,
                None => only_jurisdiction(&state).await?,
            };
            let mapping = match mapping {
                Some(path) => {
                    let text = std::fs::read_to_string(&path)
                        .with_context(|| format!("reading {}", path.display()))?;
                    legistar::ClientMapping::from_toml(&text)
                        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
                }
                None => {
                    let zone = entity::jurisdiction::Entity::find_by_id(jurisdiction_id)
                        .one(&state.db.read)
                        .await?
                        .and_then(|j| j.time_zone.parse().ok())
                        .context("the jurisdiction's time zone")?;
                    legistar::ClientMapping::new(zone)
                }
            };
            let fetch: Box<dyn legistar::Fetch> = match (from, folder) {
                (Some(url), _) => {
                    Box::new(legistar::Http::new(&url, since).map_err(|e| anyhow::anyhow!("{e}"))?)
                }
                (None, Some(root)) => Box::new(legistar::Folder::new(root)),
                (None, None) => anyhow::bail!("say where from with --from or --folder"),
            };
            let options = legistar_import::Options {
                jurisdiction_id,
                client: client.clone(),
                dry_run,
            };
            let report = legistar_import::import(
                &state,
                &Actor::command_line(),
                fetch.as_ref(),
                &mapping,
                &options,
            )
            .await
            .map_err(|e| anyhow::anyhow!("{client}: {e}"))?;
            let read = format!("{} meetings read", report.processes);
            print_import_report(std::path::Path::new(&client), &read, &report, dry_run)?;
            Ok(())
        }
        Command::Import {
            source:
                ImportSource::Csv {
                    paths,
                    preset,
                    mapping,
                    jurisdiction,
                    dry_run,
                },
        } => {
            let (mapping, mapping_name) = load_mapping(preset, mapping)?;
            let state = AppState::build(configure()?, Clock::System).await?;
            let jurisdiction_id = match jurisdiction {
                Some(id) => id,
                None => only_jurisdiction(&state).await?,
            };
            let options = csv_import::Options {
                jurisdiction_id,
                dry_run,
                mapping_name,
            };
            for path in paths {
                let report = csv_import::import_path(
                    &state,
                    &Actor::command_line(),
                    &path,
                    mapping.clone(),
                    &options,
                    progress_line(&path),
                )
                .await
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                let read = format!("{} contracts read", report.processes);
                print_import_report(&path, &read, &report, dry_run)?;
            }
            Ok(())
        }
        Command::Export {
            what: ExportWhat::Ocds { format, output },
        } => {
            let state = AppState::build(configure()?, Clock::System).await?;
            let publisher = ocds_export::Publisher {
                settings: &state.settings.ocds,
                base_url: state.settings.application.base_url.trim_end_matches('/'),
            };
            let format = match format {
                OcdsFormat::Package => ocds_export::Format::Package,
                OcdsFormat::Jsonl => ocds_export::Format::JsonLines,
            };
            let mut out: Box<dyn Write> = match &output {
                Some(path) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(path)
                        .with_context(|| format!("creating {}", path.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            let written = ocds_export::write_all(
                &state.db.read,
                &publisher,
                format,
                &mut out,
                state.clock.now(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            out.flush()?;
            tracing::info!(written, "OCDS releases exported");
            Ok(())
        }
        Command::RedFlags => {
            let state = AppState::build(configure()?, Clock::System).await?;
            let started = std::time::Instant::now();
            jobs::refresh_red_flags(&state).await?;
            let raised = entity::red_flag::Entity::find()
                .count(&state.db.read)
                .await?;
            writeln!(
                std::io::stdout().lock(),
                "{raised} red flags in {:.2} s",
                started.elapsed().as_secs_f64()
            )?;
            Ok(())
        }
        Command::Maintenance => {
            let state = AppState::build(configure()?, Clock::System).await?;
            let purged = accounts::purge_unverified(&state)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            jobs::scheduled(&state).await;
            tracing::info!(purged, "maintenance finished");
            Ok(())
        }
        Command::SeedScale { solicitations } => {
            let state = AppState::build(configure()?, Clock::System).await?;
            let summary =
                seed::scale::seed(&state.db.write, solicitations, state.clock.now()).await?;
            tracing::info!(%summary, "seed-scale finished");
            Ok(())
        }
    }
}

/// The one jurisdiction, when `--jurisdiction` is left out.
async fn only_jurisdiction(state: &AppState) -> anyhow::Result<i64> {
    let all = entity::jurisdiction::Entity::find()
        .all(&state.db.read)
        .await?;
    match all.as_slice() {
        [one] => Ok(one.id),
        [] => anyhow::bail!("there is no jurisdiction yet: create one first"),
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|j| format!("{} ({})", j.id, j.name))
                .collect();
            anyhow::bail!(
                "say which jurisdiction with --jurisdiction: {}",
                names.join(", ")
            )
        }
    }
}

/// Progress on standard error: one line rewritten in place on a terminal, else a line every
/// 1,000 items.
fn progress_line(path: &std::path::Path) -> impl FnMut(ocds_import::Progress) {
    use std::io::IsTerminal as _;
    let terminal = std::io::stderr().is_terminal();
    let name = path.display().to_string();
    move |p: ocds_import::Progress| {
        let line = format!(
            "{name}: {} items, {} created, {} updated, {} skipped",
            p.items, p.created, p.updated, p.skipped
        );
        let mut err = std::io::stderr().lock();
        // Progress is a courtesy: a closed standard error must not stop the import.
        let _ = if terminal {
            write!(err, "\r{line}")
        } else if p.items.is_multiple_of(1_000) {
            writeln!(err, "{line}")
        } else {
            Ok(())
        };
    }
}

/// The mapping named by `--preset` or `--mapping`, and the name rows are remembered under.
fn load_mapping(
    preset: Option<String>,
    file: Option<std::path::PathBuf>,
) -> anyhow::Result<(contract_watch::csv_import::Mapping, String)> {
    use contract_watch::csv_import::{Mapping, presets};
    match (preset, file) {
        (Some(id), _) => {
            let Some(mapping) = presets::preset(&id) else {
                let known: Vec<&str> = presets::ALL.iter().map(|(name, _)| *name).collect();
                anyhow::bail!("no preset {id:?}; the presets are {}", known.join(", "));
            };
            Ok((
                mapping.map_err(|e| anyhow::anyhow!("preset {id}: {e}"))?,
                id,
            ))
        }
        (None, Some(path)) => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let mapping = Mapping::from_toml(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            let name = path.file_stem().map_or_else(
                || "mapping".to_owned(),
                |s| s.to_string_lossy().into_owned(),
            );
            Ok((mapping, name))
        }
        (None, None) => anyhow::bail!("say which mapping with --preset or --mapping"),
    }
}

fn print_import_report(
    path: &std::path::Path,
    read: &str,
    report: &ocds_import::Report,
    dry_run: bool,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out)?;
    writeln!(
        out,
        "{}{}: {read}: {} created, {} updated, {} unchanged, {} skipped",
        if dry_run {
            "dry run, nothing saved: "
        } else {
            ""
        },
        path.display(),
        report.created_count,
        report.updated_count,
        report.unchanged,
        report.skipped.len()
    )?;
    for line in &report.created {
        writeln!(out, "  created {line}")?;
    }
    if report.created_count > report.created.len() as u64 {
        writeln!(
            out,
            "  … and {} more created",
            report.created_count - report.created.len() as u64
        )?;
    }
    for line in &report.updated {
        writeln!(out, "  updated {line}")?;
    }
    if report.updated_count > report.updated.len() as u64 {
        writeln!(
            out,
            "  … and {} more updated",
            report.updated_count - report.updated.len() as u64
        )?;
    }
    for skip in &report.skipped {
        writeln!(out, "  skipped {}: {}", skip.path, skip.reason)?;
    }
    for note in &report.notes {
        writeln!(out, "  note {}: {}", note.path, note.reason)?;
    }
    Ok(())
}

/// Loads the settings and starts logging.
fn configure() -> anyhow::Result<Settings> {
    let settings = Settings::load().context("loading configuration")?;
    telemetry::init(&settings.telemetry);
    Ok(settings)
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let seed_demo = settings.application.seed_demo_on_empty;
    let state = AppState::build(settings, Clock::System).await?;
    if seed_demo {
        let summary = seed::demo::seed_if_empty(&state.db.write, state.clock.now()).await?;
        tracing::info!(%summary, "demo data");
    }
    let app = Application::bind(state.clone()).await?;
    tracing::info!(
        port = app.port(),
        "Contract Watch is listening: web client at /, GraphQL at /graphql"
    );
    let stop = CancellationToken::new();
    let worker = state.settings.worker.run_in_serve.then(|| {
        let worker = Worker::new(&state);
        let stop = stop.clone();
        let maintenance = tokio::spawn(maintenance_loop(state.clone(), stop.clone()));
        let alerts = tokio::spawn(alert_loop(state.clone(), stop.clone()));
        tokio::spawn(async move {
            worker.run_until_stopped(stop).await;
            let _ = maintenance.await;
            let _ = alerts.await;
        })
    });
    let served = app.run_until(shutdown_signal()).await;
    stop.cancel();
    if let Some(worker) = worker {
        worker.await?;
    }
    served
}

async fn print_status(state: &AppState) -> anyhow::Result<()> {
    let status = outbox::status(&state.db.read).await?;
    let mut out = std::io::stdout().lock();
    for (status, count) in &status.counts {
        writeln!(out, "{:<12} {count}", format!("{status:?}").to_lowercase())?;
    }
    match status.oldest_waiting_since {
        Some(since) => {
            let age = state.clock.now() - since;
            writeln!(
                out,
                "oldest waiting: {}s (since {since})",
                age.num_seconds()
            )?;
        }
        None => writeln!(out, "oldest waiting: none")?,
    }
    Ok(())
}

/// Runs account maintenance every ten minutes until stopped.
async fn maintenance_loop(state: AppState, stop: CancellationToken) {
    loop {
        match accounts::purge_unverified(&state).await {
            Ok(purged) if purged > 0 => tracing::info!(purged, "unverified accounts purged"),
            Ok(_) => {}
            Err(error) => tracing::error!(error = ?error, "maintenance failed"),
        }
        jobs::scheduled(&state).await;
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(std::time::Duration::from_secs(600)) => {},
        }
    }
}

/// Runs [`jobs::alert_steps`] every `alerts.poll_seconds` until stopped, so immediate alerts are
/// immediate; the ten-minute maintenance loop adds the renewal-window job.
async fn alert_loop(state: AppState, stop: CancellationToken) {
    let every = std::time::Duration::from_secs(state.settings.alerts.poll_seconds);
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(every) => {},
        }
        jobs::alert_steps(&state).await;
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
