//! `cw-bench`: GraphQL throughput and latency against the database's own ceiling, measured in the
//! same run on the same data.
//!
//! 1. Starts the real server in-process on a loopback port, over the database given (seed it
//!    first with `contract-watch seed-scale`).
//! 2. Warm-up: sends a few hundred requests of each scenario one at a time while recording every
//!    SQL statement they make, with its parameters.
//! 3. GraphQL: `--concurrency` clients post the scenario over HTTP for `--seconds`.
//! 4. Ceiling: the same number of workers replay the recorded statement sequences straight
//!    through sqlx (no GraphQL, no HTTP, no ORM) for the same time.
//!
//! Prints requests/s, p50 and p99 for both and their ratio.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its figures on stdout"
)]

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use clap::Parser;
use contract_watch::clock::Clock;
use contract_watch::config::Settings;
use contract_watch::domain::ids::{GlobalId, NodeKind};
use contract_watch::domain::page::encode_cursor;
use contract_watch::startup::Application;
use contract_watch::state::AppState;
use measure::Run;
use sea_orm::{
    DatabaseBackend, DatabaseConnection, EntityTrait, PaginatorTrait, QuerySelect, Statement,
};
use sea_query_sqlx::SqlxValues;
use serde_json::{Value, json};

mod measure;

#[derive(Parser)]
#[command(about = "GraphQL vs raw-database throughput on the same data")]
struct Args {
    /// Database to measure; seed it first with `contract-watch seed-scale`.
    #[arg(long, env = "CW__DATABASE__URL")]
    database_url: String,
    /// Concurrent clients (GraphQL) and workers (ceiling).
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Seconds per measurement.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// DataLoader batching window, microseconds.
    #[arg(long, default_value_t = 1000)]
    dataloader_delay_micros: u64,
    /// Read-pool connections.
    #[arg(long, default_value_t = 8)]
    max_connections: u32,
}

const BY_ID: &str = "query($id: ID!) { solicitation(id: $id) { id title status agency { name } } }";
const PAGE: &str = "query($after: String) { solicitations(first: 50, after: $after, orderBy: NEWEST) { edges { node { id title status agency { name } contracts { title currentValue { amount } vendor { name } } } } } }";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let vars: BTreeMap<String, String> = [
        ("CW__DATABASE__URL", args.database_url.clone()),
        (
            "CW__DATABASE__MAX_CONNECTIONS",
            args.max_connections.to_string(),
        ),
        ("CW__APPLICATION__PORT", "0".to_owned()),
        ("CW__APPLICATION__SEED_DEMO_ON_EMPTY", "false".to_owned()),
        (
            "CW__GRAPHQL__DATALOADER_DELAY_MICROS",
            args.dataloader_delay_micros.to_string(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let settings = Settings::load_from(Path::new("configuration"), "local", &vars)?;
    let mut state = AppState::build(settings, Clock::System).await?;

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
        .into_tuple()
        .all(&state.db.read)
        .await?;

    let app = Application::bind(state.clone()).await?;
    let url = format!("http://127.0.0.1:{}/graphql", app.port());
    tokio::spawn(app.run_until(std::future::pending()));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency * 2)
        .build()?;

    println!(
        "backend {:?}, {total} solicitations, {} clients, {} s per run, DataLoader window {} µs, pool {}",
        state.db.backend(),
        args.concurrency,
        args.seconds,
        args.dataloader_delay_micros,
        args.max_connections
    );
    let by_id = |n: u64| json!({ "query": BY_ID, "variables": { "id": GlobalId::new(NodeKind::Solicitation, ids[(n as usize * 7919) % ids.len()]).encode() } });
    let page = |n: u64| {
        let offset = (n * 104_729) % (total.saturating_sub(50).max(1));
        let after = if offset == 0 {
            Value::Null
        } else {
            Value::String(encode_cursor(offset - 1))
        };
        json!({ "query": PAGE, "variables": { "after": after } })
    };
    let scenarios: [(&str, &(dyn Fn(u64) -> Value + Sync)); 2] = [
        ("(a) solicitation by id + agency", &by_id),
        ("(b) 50-row page + agency, contracts, vendor", &page),
    ];
    for (name, body) in scenarios {
        // Warm-up, recording each request's statements.
        let mut sequences = Vec::new();
        for n in 0..300 {
            recorded
                .lock()
                .map_err(|_| anyhow::anyhow!("poisoned"))?
                .clear();
            recording.store(true, Ordering::Relaxed);
            let response: Value = client
                .post(&url)
                .json(&body(n))
                .send()
                .await?
                .json()
                .await?;
            recording.store(false, Ordering::Relaxed);
            anyhow::ensure!(
                response.get("errors").is_none(),
                "warm-up request failed: {response}"
            );
            sequences.push(std::mem::take(
                &mut *recorded.lock().map_err(|_| anyhow::anyhow!("poisoned"))?,
            ));
        }
        let statements_per_request = sequences[0].len();
        let graphql = run_graphql(&client, &url, body, args.concurrency, args.seconds).await?;
        let ceiling = run_raw(
            &state.db.read,
            Arc::new(sequences),
            args.concurrency,
            args.seconds,
        )
        .await?;
        println!("\n{name}: {statements_per_request} SQL statements per request");
        println!("  graphql over HTTP : {}", graphql.line());
        println!("  raw SQL via sqlx  : {}", ceiling.line());
        println!(
            "  ratio             : {:.2} of the ceiling",
            graphql.rps() / ceiling.rps()
        );
    }
    Ok(())
}

async fn run_graphql(
    client: &reqwest::Client,
    url: &str,
    body: &(dyn Fn(u64) -> Value + Sync),
    concurrency: usize,
    seconds: u64,
) -> anyhow::Result<Run> {
    let bodies: Arc<Vec<String>> = Arc::new((0..4096).map(|n| body(n).to_string()).collect());
    let (client, url) = (client.clone(), url.to_owned());
    measure::load(concurrency, seconds, move |n| {
        let request = client
            .post(&url)
            .header("content-type", "application/json")
            .body(bodies[n as usize % bodies.len()].clone());
        async move {
            let response = request.send().await?;
            let ok = response.status().is_success();
            // A GraphQL error still answers 200: count error bodies too.
            Ok(ok && !response.text().await?.contains("\"errors\""))
        }
    })
    .await
}

async fn run_raw(
    db: &DatabaseConnection,
    sequences: Arc<Vec<Vec<Statement>>>,
    concurrency: usize,
    seconds: u64,
) -> anyhow::Result<Run> {
    let db = db.clone();
    measure::load(concurrency, seconds, move |n| {
        let (db, sequences) = (db.clone(), sequences.clone());
        async move {
            for statement in &sequences[n as usize % sequences.len()] {
                replay(&db, statement).await?;
            }
            Ok(true)
        }
    })
    .await
}

/// Runs one recorded statement through the sqlx pool under sea-orm, reading every row.
async fn replay(db: &DatabaseConnection, statement: &Statement) -> anyhow::Result<()> {
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
