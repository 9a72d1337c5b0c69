//! `cw-bench`: GraphQL throughput, latency and CPU per request beside the database's own ceiling
//! and beside a peer (PostGraphile), measured in one run on the same data.
//!
//! For each scenario (a lookup by id, the first 50-row page, a 50-row page at a random offset)
//! and each concurrency:
//!
//! 1. **Capture**: an in-process server, under the same concurrency, records every SQL statement
//!    (with parameters) its requests make for `--capture-seconds`: the statements per request
//!    under that load, and the corpus the ceiling replays.
//! 2. **Contract Watch**: the release binary (`contract-watch serve`, a child process) answers
//!    `concurrency` clients over HTTP keep-alive for `--seconds`. Its CPU and PostgreSQL's come
//!    from `/proc`.
//! 3. **PostGraphile** (PostgreSQL, with `--postgraphile`): the same query in its schema, the same
//!    clients, against the same database.
//! 4. **Ceiling**: the same number of workers replay the captured statements straight through
//!    sqlx (no HTTP, GraphQL or ORM), request-sized runs of consecutive statements.
//!
//! A floor scenario, `{ __typename }`, loads both servers with no database work at all: what HTTP
//! and GraphQL cost each request on this machine with this client, beside which the lookups'
//! ratio to their ceiling can be read.
//!
//! Then, for lookups, a paced run at half the maximum rate measured in 2 (p99 at a sustainable
//! load), and memory: idle once the start-up jobs have run (`--settle-seconds` after start), and
//! the peak with `--rss-clients` clients on the page.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its figures on stdout"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use bench::measure::Run;
use bench::process::Server;
use clap::Parser;
use contract_watch::clock::Clock;
use contract_watch::config::Settings;
use contract_watch::domain::ids::{GlobalId, NodeKind};
use contract_watch::domain::page::encode_cursor;
use contract_watch::startup::Application;
use contract_watch::state::AppState;
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, PaginatorTrait, QueryOrder,
    QuerySelect, Statement,
};
use sea_query_sqlx::SqlxValues;
use serde_json::{Value, json};

use bench::measure;
use bench::process;

#[derive(Parser)]
#[command(about = "GraphQL vs PostGraphile vs the raw database, on the same data")]
struct Args {
    /// Database to measure; seed it first with `contract-watch seed-scale`.
    #[arg(long, env = "CW__DATABASE__URL")]
    database_url: String,
    /// Concurrent clients (and ceiling workers), one measurement each.
    #[arg(long, value_delimiter = ',', default_values_t = [4, 16])]
    concurrency: Vec<usize>,
    /// Seconds per measurement.
    #[arg(long, default_value_t = 8)]
    seconds: u64,
    /// Seconds of statement capture per scenario and concurrency.
    #[arg(long, default_value_t = 3)]
    capture_seconds: u64,
    /// DataLoader batching window, microseconds.
    #[arg(long, default_value_t = 1000)]
    dataloader_delay_micros: u64,
    /// Database pool connections, for our server and the peer alike.
    #[arg(long, default_value_t = 8)]
    max_connections: u32,
    /// PostGraphile's command (`node_modules/.bin/postgraphile` of an
    /// `npm install postgraphile@4.14.1`); PostgreSQL only.
    #[arg(long)]
    postgraphile: Option<PathBuf>,
    /// Clients for the memory figure under load.
    #[arg(long, default_value_t = 64)]
    rss_clients: usize,
    /// Seconds after start before memory is read idle: the start-up jobs (renewal windows,
    /// maintenance) run first and the allocator returns what they freed.
    #[arg(long, default_value_t = 10)]
    settle_seconds: u64,
    /// Extra environment for our server, `KEY=VALUE` (e.g. `LD_PRELOAD=…` to try an allocator).
    #[arg(long)]
    server_env: Vec<String>,
    /// Only these scenarios (`typename`, `lookup`, `first-page`, `deep-page`).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
}

const TYPENAME: &str = "{ __typename }";
const BY_ID: &str = "query($id: ID!) { solicitation(id: $id) { id title status agency { name } } }";
const PAGE: &str = "query($after: String) { solicitations(first: 50, after: $after, orderBy: NEWEST) { edges { node { id title status agency { name } contracts { title currentValue { amount } vendor { name } } } } } }";
/// The same selections in PostGraphile's schema. The current value is the contract's value plus
/// its amendments' changes: the peer returns both, the client would add them.
const PEER_BY_ID: &str = "query($id: BigInt!) { solicitationById(id: $id) { id title status agencyByAgencyId { name } } }";
const PEER_PAGE: &str = "query($offset: Int) { allSolicitationsList(first: 50, offset: $offset, orderBy: ID_DESC) { id title status agencyByAgencyId { name } contractsBySolicitationIdList(orderBy: ID_ASC) { title valueMinor contractAmendmentsByContractIdList { valueChangeMinor } vendorByVendorId { name } } } }";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scenario {
    Typename,
    Lookup,
    FirstPage,
    DeepPage,
}

impl Scenario {
    const ALL: [Self; 4] = [
        Self::Typename,
        Self::Lookup,
        Self::FirstPage,
        Self::DeepPage,
    ];

    fn key(self) -> &'static str {
        match self {
            Self::Typename => "typename",
            Self::Lookup => "lookup",
            Self::FirstPage => "first-page",
            Self::DeepPage => "deep-page",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::Typename => "(0) `{ __typename }`: HTTP and GraphQL, no database",
            Self::Lookup => "(a) one solicitation by id, with its agency",
            Self::FirstPage => {
                "(b′) the first 50-row page, newest first, with agency, contracts, value, vendor"
            }
            Self::DeepPage => "(b) a 50-row page at a random offset, the same selections",
        }
    }
}

/// The request bodies of one scenario: the n-th request, ours and the peer's.
struct Bodies {
    ids: Vec<i64>,
    total: u64,
}

impl Bodies {
    fn pick(&self, n: u64) -> i64 {
        self.ids[(n as usize).wrapping_mul(7919) % self.ids.len()]
    }

    fn offset(&self, n: u64) -> u64 {
        n.wrapping_mul(104_729) % self.total.saturating_sub(50).max(1)
    }

    fn ours(&self, scenario: Scenario, n: u64) -> Value {
        match scenario {
            Scenario::Typename => json!({ "query": TYPENAME }),
            Scenario::Lookup => json!({ "query": BY_ID, "variables": {
                "id": GlobalId::new(NodeKind::Solicitation, self.pick(n)).encode() } }),
            Scenario::FirstPage => json!({ "query": PAGE, "variables": { "after": null } }),
            Scenario::DeepPage => {
                let offset = self.offset(n);
                let after = (offset > 0).then(|| encode_cursor(offset - 1));
                json!({ "query": PAGE, "variables": { "after": after } })
            }
        }
    }

    fn peer(&self, scenario: Scenario, n: u64) -> Value {
        match scenario {
            Scenario::Typename => json!({ "query": TYPENAME }),
            Scenario::Lookup => json!({ "query": PEER_BY_ID, "variables": {
                "id": self.pick(n).to_string() } }),
            Scenario::FirstPage => json!({ "query": PEER_PAGE, "variables": { "offset": 0 } }),
            Scenario::DeepPage => {
                json!({ "query": PEER_PAGE, "variables": { "offset": self.offset(n) } })
            }
        }
    }
}

/// What one target did in one measurement.
struct Measured {
    run: Run,
    /// CPU of the serving process per request, ms (`None`: not a process of its own).
    app_cpu_ms: Option<f64>,
    /// PostgreSQL's CPU per request, ms (`None` on SQLite, which runs inside the server).
    db_cpu_ms: Option<f64>,
    /// This process's CPU per request, ms: the load client's (HTTP, JSON) or the ceiling's
    /// (sqlx, decoding the rows).
    client_cpu_ms: f64,
    rps: f64,
}

impl Measured {
    fn row(&self, target: &str, statements: &str) -> String {
        let ms = |v: Option<f64>| v.map_or("—".to_owned(), |v| format!("{v:.2}"));
        format!(
            "| {target} | {statements} | {:.0} | {:.2} | {:.2} | {} | {} | {:.2} | {} |",
            self.rps,
            self.run.histogram.value_at_quantile(0.5) as f64 / 1000.0,
            self.run.histogram.value_at_quantile(0.99) as f64 / 1000.0,
            ms(self.app_cpu_ms),
            ms(self.db_cpu_ms),
            self.client_cpu_ms,
            self.run.errors
        )
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let env: Vec<(&str, String)> = vec![
        ("CW__DATABASE__URL", args.database_url.clone()),
        (
            "CW__DATABASE__MAX_CONNECTIONS",
            args.max_connections.to_string(),
        ),
        ("CW__APPLICATION__SEED_DEMO_ON_EMPTY", "false".to_owned()),
        // One client address for every request: the per-IP limit would measure itself.
        ("CW__EDGE__ANONYMOUS_PER_IP_PER_MINUTE", "0".to_owned()),
        (
            "CW__GRAPHQL__DATALOADER_DELAY_MICROS",
            args.dataloader_delay_micros.to_string(),
        ),
    ];
    let mut vars: BTreeMap<String, String> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    vars.insert("CW__APPLICATION__PORT".to_owned(), "0".to_owned());
    let settings = Settings::load_from(Path::new("configuration"), "local", &vars)?;
    let mut state = AppState::build(settings, Clock::System).await?;
    let backend = state.db.backend();
    let postgres = backend == DatabaseBackend::Postgres;

    let recording = Arc::new(AtomicBool::new(false));
    let recorded: Arc<Mutex<Vec<Statement>>> = Arc::default();
    {
        let (recording, recorded) = (recording.clone(), recorded.clone());
        state.db.read.set_metric_callback(move |info| {
            if recording.load(Ordering::Relaxed)
                && let Ok(mut statements) = recorded.lock()
            {
                statements.push(info.statement.clone());
            }
        });
    }
    let total = entity::solicitation::Entity::find()
        .count(&state.db.read)
        .await?;
    anyhow::ensure!(
        total >= 1_000,
        "seed the database first: contract-watch seed-scale --solicitations 100000"
    );
    let ids: Vec<i64> = entity::solicitation::Entity::find()
        .select_only()
        .column(entity::solicitation::Column::Id)
        .order_by_asc(entity::solicitation::Column::Id)
        .into_tuple()
        .all(&state.db.read)
        .await?;
    let bodies = Arc::new(Bodies { ids, total });

    println!(
        "scheduled jobs brought up to date first: {:.1} s",
        bench::jobs::up_to_date(&state).await.as_secs_f64()
    );
    // The capturing server, in-process.
    let app = Application::bind(state.clone()).await?;
    let capture_url = format!("http://127.0.0.1:{}/graphql", app.port());
    tokio::spawn(app.run_until(std::future::pending()));

    // The measured server: the release binary beside this one.
    let binary = std::env::current_exe()?.with_file_name("contract-watch");
    let port = process::free_port()?;
    let mut command = Command::new(&binary);
    command
        .arg("serve")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("CW__APPLICATION__PORT", port.to_string())
        .env("RUST_LOG", "warn");
    for pair in &args.server_env {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| anyhow::anyhow!("--server-env takes KEY=VALUE, not {pair}"))?;
        command.env(key, value);
    }
    let probe = r#"{"query":"{ __typename }"}"#;
    let ours = Server::start(command, format!("http://127.0.0.1:{port}/graphql"), probe).await?;

    let peer = match (&args.postgraphile, postgres) {
        (Some(cli), true) => {
            let port = process::free_port()?;
            let mut command = Command::new(cli);
            command.args([
                "--connection",
                &args.database_url,
                "--schema",
                "public",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--simple-collections",
                "both",
                "--max-pool-size",
                &args.max_connections.to_string(),
                "--disable-query-log",
                "--disable-graphiql",
            ]);
            command.env("NODE_ENV", "production");
            Some(Server::start(command, format!("http://127.0.0.1:{port}/graphql"), probe).await?)
        }
        (Some(_), false) => {
            println!("PostGraphile serves PostgreSQL only: no peer on {backend:?}.");
            None
        }
        (None, _) => None,
    };
    // Both servers started just now: one wait settles both before either is loaded.
    tokio::time::sleep(std::time::Duration::from_secs(args.settle_seconds)).await;
    let idle_kib = process::rss_kib(ours.pid()).unwrap_or(0);
    let peer_idle_kib = peer.as_ref().and_then(|p| process::rss_kib(p.pid()));

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.rss_clients.max(64) * 2)
        .build()?;
    println!(
        "backend {backend:?}, {total} solicitations, {} s per run, {} s capture, DataLoader window {} µs, pool {}",
        args.seconds, args.capture_seconds, args.dataloader_delay_micros, args.max_connections
    );
    if postgres {
        // sqlx prefers TLS when the URL names no `sslmode`; PostGraphile's client does not.
        let tls = state
            .db
            .read
            .query_one_raw(Statement::from_string(
                DatabaseBackend::Postgres,
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            ))
            .await?
            .map(|row| row.try_get::<bool>("", "ssl"))
            .transpose()?
            .unwrap_or(false);
        println!(
            "our server and the ceiling reach PostgreSQL over {}",
            if tls {
                "TLS (append ?sslmode=disable to compare with PostGraphile on loopback)"
            } else {
                "plain TCP"
            }
        );
    }

    let mut lookup_max = None;
    for scenario in Scenario::ALL {
        if !args.only.is_empty() && !args.only.iter().any(|key| key == scenario.key()) {
            continue;
        }
        println!("\n### {}\n", scenario.title());
        println!(
            "| clients · target | statements/request | req/s | p50 ms | p99 ms | server CPU ms/req | PostgreSQL CPU ms/req | client CPU ms/req | errors |"
        );
        println!("|---|---|---|---|---|---|---|---|---|");
        for &concurrency in &args.concurrency {
            // 1. Capture under the same load (`{ __typename }` runs no SQL: nothing to replay).
            let captured = if scenario == Scenario::Typename {
                None
            } else {
                recorded
                    .lock()
                    .map_err(|_| anyhow::anyhow!("poisoned"))?
                    .clear();
                recording.store(true, Ordering::Relaxed);
                let b = bodies.clone();
                let captured_run = post_load(
                    &client,
                    &capture_url,
                    move |n| b.ours(scenario, n),
                    concurrency,
                    args.capture_seconds,
                )
                .await?;
                recording.store(false, Ordering::Relaxed);
                let statements =
                    std::mem::take(&mut *recorded.lock().map_err(|_| anyhow::anyhow!("poisoned"))?);
                anyhow::ensure!(captured_run.errors == 0, "capture requests failed");
                let per_request = statements.len() as f64 / captured_run.histogram.len() as f64;
                Some((statements, per_request))
            };
            let per_request = captured.as_ref().map_or(0.0, |(_, n)| *n);

            // 2. Ours.
            let b = bodies.clone();
            let measured = measure_server(
                &client,
                &ours,
                postgres,
                concurrency,
                args.seconds,
                move |n| b.ours(scenario, n),
            )
            .await?;
            println!(
                "{}",
                measured.row(
                    &format!("{concurrency} · Contract Watch"),
                    &format!("{per_request:.2}")
                )
            );
            if scenario == Scenario::Lookup
                && concurrency == *args.concurrency.iter().max().unwrap_or(&16)
            {
                lookup_max = Some(measured.rps);
            }

            // 3. The peer.
            let peer_rps = match &peer {
                Some(peer) => {
                    let b = bodies.clone();
                    let measured = measure_server(
                        &client,
                        peer,
                        postgres,
                        concurrency,
                        args.seconds,
                        move |n| b.peer(scenario, n),
                    )
                    .await?;
                    println!(
                        "{}",
                        measured.row(&format!("{concurrency} · PostGraphile 4.14.1"), "—")
                    );
                    Some(measured.rps)
                }
                None => None,
            };

            // 4. The ceiling: our captured statements, replayed.
            let vs_peer = peer_rps.map_or(String::new(), |p| {
                format!("{:.2}× PostGraphile", measured.rps / p)
            });
            let Some((statements, per_request)) = captured else {
                println!("| {concurrency} · **ratio** | | **{vs_peer}** | | | | | | |");
                continue;
            };
            let ceiling = replay(
                &state.db.read,
                statements,
                per_request,
                postgres,
                concurrency,
                args.seconds,
            )
            .await?;
            println!(
                "{}",
                ceiling.row(
                    &format!("{concurrency} · our SQL, replayed"),
                    &format!("{per_request:.2}")
                )
            );
            let of_ceiling = format!("{:.2} of the ceiling", measured.rps / ceiling.rps);
            let ratios = [of_ceiling, vs_peer]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            println!("| {concurrency} · **ratio** | | **{ratios}** | | | | | | |");
        }
    }

    if let Some(max) = lookup_max {
        let rate = max / 2.0;
        let b = bodies.clone();
        let run = paced(
            &client,
            &ours.url,
            move |n| b.ours(Scenario::Lookup, n),
            16,
            args.seconds,
            rate,
        )
        .await?;
        println!(
            "\nLookups paced at half the maximum ({rate:.0} req/s, 16 clients): {}",
            run.line()
        );
    }

    // Memory under load: many clients on the first page.
    memory(
        &client,
        "Contract Watch",
        &ours,
        idle_kib,
        args.rss_clients,
        args.seconds,
        |n| bodies.ours(Scenario::FirstPage, n),
    )
    .await?;
    if let (Some(peer), Some(idle)) = (&peer, peer_idle_kib) {
        memory(
            &client,
            "PostGraphile",
            peer,
            idle,
            args.rss_clients,
            args.seconds,
            |n| bodies.peer(Scenario::FirstPage, n),
        )
        .await?;
    }
    Ok(())
}

/// Loads `server` from `clients` clients, then prints its memory: idle, now and at its peak.
async fn memory(
    client: &reqwest::Client,
    name: &str,
    server: &Server,
    idle_kib: u64,
    clients: usize,
    seconds: u64,
    body: impl Fn(u64) -> Value,
) -> anyhow::Result<()> {
    post_load(client, &server.url, body, clients, seconds).await?;
    let mib = |kib: Option<u64>| kib.unwrap_or(0) as f64 / 1024.0;
    println!(
        "Memory (RSS) of {name}: {:.1} MiB idle, {:.1} MiB now and {:.1} MiB peak after {clients} clients",
        mib(Some(idle_kib)),
        mib(process::rss_kib(server.pid())),
        mib(process::peak_rss_kib(server.pid())),
    );
    Ok(())
}

/// Posts `body(n)` from `concurrency` clients for `seconds`; a response that is not 200 or whose
/// body carries `errors` counts as an error.
async fn post_load(
    client: &reqwest::Client,
    url: &str,
    body: impl Fn(u64) -> Value,
    concurrency: usize,
    seconds: u64,
) -> anyhow::Result<Run> {
    let bodies: Arc<Vec<String>> = Arc::new((0..4096).map(|n| body(n).to_string()).collect());
    let (client, url) = (client.clone(), url.to_owned());
    measure::load(concurrency, seconds, move |n| {
        let request = post(&client, &url, &bodies[n as usize % bodies.len()]);
        async move { answered(request).await }
    })
    .await
}

fn post(client: &reqwest::Client, url: &str, body: &str) -> reqwest::RequestBuilder {
    client
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_owned())
}

async fn answered(request: reqwest::RequestBuilder) -> anyhow::Result<bool> {
    let response = request.send().await?;
    let ok = response.status().is_success();
    // A GraphQL error still answers 200: count error bodies too.
    Ok(ok && !response.text().await?.contains("\"errors\""))
}

/// One load run against a server process, with its CPU and PostgreSQL's per request.
async fn measure_server(
    client: &reqwest::Client,
    server: &Server,
    postgres: bool,
    concurrency: usize,
    seconds: u64,
    body: impl Fn(u64) -> Value,
) -> anyhow::Result<Measured> {
    let (app_before, db_before, client_before) = (
        process::cpu_seconds(server.pid()),
        process::cpu_by_process("postgres"),
        process::cpu_seconds(std::process::id()),
    );
    let run = post_load(client, &server.url, body, concurrency, seconds).await?;
    let requests = run.histogram.len().max(1) as f64;
    let app_cpu_ms = Some((process::cpu_seconds(server.pid()) - app_before) * 1000.0 / requests);
    let client_cpu_ms =
        (process::cpu_seconds(std::process::id()) - client_before) * 1000.0 / requests;
    let db_cpu_ms =
        postgres.then(|| process::cpu_since("postgres", &db_before) * 1000.0 / requests);
    Ok(Measured {
        rps: run.rps(),
        run,
        app_cpu_ms,
        db_cpu_ms,
        client_cpu_ms,
    })
}

/// Replays captured statements from `concurrency` workers, each iteration a request's worth of
/// consecutive statements; requests/s is statements/s over statements per request.
async fn replay(
    db: &DatabaseConnection,
    statements: Vec<Statement>,
    per_request: f64,
    postgres: bool,
    concurrency: usize,
    seconds: u64,
) -> anyhow::Result<Measured> {
    let chunk = (per_request.round() as usize).max(1);
    let chunks: Arc<Vec<Vec<Statement>>> = Arc::new(
        statements
            .chunks(chunk)
            .map(<[Statement]>::to_vec)
            .collect(),
    );
    anyhow::ensure!(!chunks.is_empty(), "no statements captured");
    let (db_before, client_before) = (
        process::cpu_by_process("postgres"),
        process::cpu_seconds(std::process::id()),
    );
    let db = db.clone();
    let run = measure::load(concurrency, seconds, move |n| {
        let (db, chunks) = (db.clone(), chunks.clone());
        async move {
            for statement in &chunks[n as usize % chunks.len()] {
                run_statement(&db, statement).await?;
            }
            Ok(true)
        }
    })
    .await?;
    let statements_per_second = run.rps() * chunk as f64;
    let rps = statements_per_second / per_request;
    let requests = (rps * run.elapsed.as_secs_f64()).max(1.0);
    let db_cpu_ms =
        postgres.then(|| process::cpu_since("postgres", &db_before) * 1000.0 / requests);
    let client_cpu_ms =
        (process::cpu_seconds(std::process::id()) - client_before) * 1000.0 / requests;
    Ok(Measured {
        run,
        app_cpu_ms: None,
        db_cpu_ms,
        client_cpu_ms,
        rps,
    })
}

/// Runs one recorded statement through the sqlx pool under sea-orm, reading every row.
async fn run_statement(db: &DatabaseConnection, statement: &Statement) -> anyhow::Result<()> {
    use sea_orm::sqlx;
    let values = SqlxValues(
        statement
            .values
            .clone()
            .unwrap_or(sea_orm::Values(Vec::new())),
    );
    // The SQL was generated by sea-query from our own code, recorded a moment ago.
    let sql = sqlx::AssertSqlSafe(statement.sql.clone());
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let rows = sqlx::query_with(sql, values)
                .fetch_all(db.get_postgres_connection_pool())
                .await?;
            std::hint::black_box(rows);
        }
        DatabaseBackend::Sqlite => {
            let rows = sqlx::query_with(sql, values)
                .fetch_all(db.get_sqlite_connection_pool())
                .await?;
            std::hint::black_box(rows);
        }
        other => anyhow::bail!("unsupported backend {other:?}"),
    }
    Ok(())
}

/// Posts at a fixed total `rate` from `concurrency` clients; each latency counts from when the
/// request was due, so a stall is not hidden by the requests it delayed.
async fn paced(
    client: &reqwest::Client,
    url: &str,
    body: impl Fn(u64) -> Value,
    concurrency: usize,
    seconds: u64,
    rate: f64,
) -> anyhow::Result<Run> {
    let bodies: Arc<Vec<String>> = Arc::new((0..4096).map(|n| body(n).to_string()).collect());
    let (client, url) = (client.clone(), url.to_owned());
    measure::paced(concurrency, seconds, rate, move |n| {
        let request = post(&client, &url, &bodies[n as usize % bodies.len()]);
        async move { answered(request).await }
    })
    .await
}
