//! `cw-soak`: many clients mixing what residents do — pages, item pages, searches, comments and
//! follows — against one or more running instances, for a fixed time; then the latency
//! quantiles, the status counts (every 5xx, every request that hung), and the memory (RSS) of
//! the server processes sampled through the run. `bench/soak.sh` starts two instances and a
//! worker on PostgreSQL and runs it; with `--restart-every` the script also restarts PostgreSQL
//! and kills its backends while this runs (the restart drill).
//!
//! Prepare the database with `contract-watch seed-demo` (item pages and searches use its rows);
//! the clients sign up and confirm residents through the database, then log in over the API.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its figures on stdout"
)]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use hdrhistogram::Histogram;
use serde_json::{Value, json};
use tokio::sync::Mutex;

use bench::process;

#[derive(Parser)]
#[command(about = "A mixed resident workload for a fixed time: latency, 5xx, hung requests, RSS")]
struct Args {
    /// Base URLs of the instances, e.g. http://127.0.0.1:8081 (clients take them in turn).
    #[arg(long, required = true, num_args = 1..)]
    base: Vec<String>,
    /// Concurrent clients.
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// How long to run.
    #[arg(long, default_value_t = 600)]
    seconds: u64,
    /// Access tokens of residents, one per line (`bench/soak.sh` makes them); comments and
    /// follows are posted as them.
    #[arg(long)]
    tokens: std::path::PathBuf,
    /// Processes whose RSS to sample every `--sample-seconds` (the instances and the worker).
    #[arg(long, num_args = 0..)]
    pid: Vec<u32>,
    #[arg(long, default_value_t = 10)]
    sample_seconds: u64,
    /// A request still unanswered after this long counts as hung.
    #[arg(long, default_value_t = 10)]
    hung_seconds: u64,
}

/// One kind of request of the mix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Home,
    Item,
    Search,
    GraphqlRead,
    Comment,
    Follow,
}

/// Out of 100: mostly reads, some writes.
const MIX: &[(Kind, u32)] = &[
    (Kind::Home, 20),
    (Kind::Item, 30),
    (Kind::Search, 20),
    (Kind::GraphqlRead, 20),
    (Kind::Comment, 5),
    (Kind::Follow, 5),
];

#[derive(Default)]
struct Tally {
    latency: BTreeMap<Kind, Histogram<u64>>,
    statuses: BTreeMap<(Kind, u16), u64>,
    hung: u64,
    transport_errors: u64,
    unavailable: u64,
}

fn pick(n: u32) -> Kind {
    let mut left = n % 100;
    for (kind, weight) in MIX {
        if left < *weight {
            return *kind;
        }
        left -= weight;
    }
    Kind::Home
}

/// Microseconds from 1 µs to 10 minutes, three significant figures (a histogram of fixed range:
/// `saturating_record` would clamp an auto-sized one at its starting range).
fn new_histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 600_000_000, 3).unwrap_or_else(|_| unreachable!())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let tokens: Vec<String> = std::fs::read_to_string(&args.tokens)?
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    anyhow::ensure!(!tokens.is_empty(), "no tokens in {}", args.tokens.display());
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(args.hung_seconds))
        .pool_max_idle_per_host(args.clients)
        .build()?;
    // Real rows to visit and comment on.
    let first = client
        .post(format!("{}/graphql", args.base[0]))
        .json(&json!({ "query": "{ solicitations(first: 50) { edges { node { id } } } }" }))
        .send()
        .await?
        .json::<Value>()
        .await?;
    let items: Vec<String> = first["data"]["solicitations"]["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .filter_map(|e| e["node"]["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    anyhow::ensure!(
        !items.is_empty(),
        "no solicitations: seed the database first ({first})"
    );

    let tally = Arc::new(Mutex::new(Tally::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.seconds);
    let mut tasks = Vec::new();
    for c in 0..args.clients {
        let (client, tally, stop) = (client.clone(), tally.clone(), stop.clone());
        let base = args.base[c % args.base.len()].clone();
        let token = tokens[c % tokens.len()].clone();
        let items = items.clone();
        let ip = format!("10.{}.{}.{}", c / 65_536 % 256, c / 256 % 256, c % 256);
        tasks.push(tokio::spawn(async move {
            let mut n: u32 = u32::try_from(c).unwrap_or(0).wrapping_mul(7919);
            let mut local = Tally::default();
            while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
                n = n.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let kind = pick(n >> 8);
                let gid = &items[(n as usize >> 4) % items.len()];
                let request = match kind {
                    Kind::Home => client.get(format!("{base}/")),
                    Kind::Item => client.get(format!("{base}/solicitations/{}", gid.trim_end_matches('='))),
                    Kind::Search => client.get(format!("{base}/search?q=services")),
                    Kind::GraphqlRead => client.post(format!("{base}/graphql")).json(&json!({
                        "query": "query Item($id: ID!) { node(id: $id) { id ... on Solicitation { title agency { name } comments(first: 5) { totalCount } } } }",
                        "variables": { "id": gid },
                    })),
                    Kind::Comment => client
                        .post(format!("{base}/graphql"))
                        .bearer_auth(&token)
                        .json(&json!({
                            "query": "mutation($s: ID!, $b: String!) { postComment(input: {subjectId: $s, body: $b, position: CONCERN}) { id } }",
                            "variables": { "s": gid, "b": format!("Soak comment {c}-{n} on the renewal terms") },
                        })),
                    Kind::Follow => client
                        .post(format!("{base}/graphql"))
                        .bearer_auth(&token)
                        .json(&json!({
                            "query": "mutation($s: ID!) { createAlertSubscription(input: {target: {subjectId: $s}, delivery: IMMEDIATE}) { id } }",
                            "variables": { "s": gid },
                        })),
                };
                let sent = Instant::now();
                match request.header("x-forwarded-for", &ip).send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let body = response.bytes().await.unwrap_or_default();
                        if status == 503 || body.windows(11).any(|w| w == b"UNAVAILABLE") {
                            local.unavailable += 1;
                        }
                        let micros = u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX);
                        local
                            .latency
                            .entry(kind)
                            .or_insert_with(new_histogram)
                            .saturating_record(micros);
                        *local.statuses.entry((kind, status)).or_default() += 1;
                    }
                    Err(error) if error.is_timeout() => local.hung += 1,
                    Err(_) => local.transport_errors += 1,
                }
            }
            let mut total = tally.lock().await;
            for (kind, histogram) in local.latency {
                let into = total
                    .latency
                    .entry(kind)
                    .or_insert_with(new_histogram);
                let _ = into.add(histogram);
            }
            for (key, count) in local.statuses {
                *total.statuses.entry(key).or_default() += count;
            }
            total.hung += local.hung;
            total.transport_errors += local.transport_errors;
            total.unavailable += local.unavailable;
        }));
    }
    // RSS samples while it runs.
    let mut samples: BTreeMap<u32, Vec<u64>> = BTreeMap::new();
    while Instant::now() < deadline {
        for pid in &args.pid {
            if let Some(kib) = process::rss_kib(*pid) {
                samples.entry(*pid).or_default().push(kib);
            }
        }
        println!(
            "t={:>4}s rss(MiB)={}",
            started.elapsed().as_secs(),
            args.pid
                .iter()
                .map(|p| format!("{:.1}", process::rss_kib(*p).unwrap_or(0) as f64 / 1024.0))
                .collect::<Vec<_>>()
                .join(" ")
        );
        tokio::time::sleep(Duration::from_secs(args.sample_seconds)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        task.await?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let tally = tally.lock().await;
    let total: u64 = tally.statuses.values().sum();
    let server_errors: u64 = tally
        .statuses
        .iter()
        .filter(|((_, s), _)| *s >= 500)
        .map(|(_, n)| n)
        .sum();
    let mut all = new_histogram();
    for histogram in tally.latency.values() {
        all.add(histogram)?;
    }
    println!(
        "\n{total} requests in {elapsed:.0} s ({:.0} req/s), {} clients over {} instance(s)",
        total as f64 / elapsed,
        args.clients,
        args.base.len()
    );
    println!(
        "all: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        all.value_at_quantile(0.5) as f64 / 1000.0,
        all.value_at_quantile(0.99) as f64 / 1000.0,
        all.max() as f64 / 1000.0
    );
    for (kind, histogram) in &tally.latency {
        println!(
            "{kind:?}: {} requests, p50 {:.1} ms, p99 {:.1} ms",
            histogram.len(),
            histogram.value_at_quantile(0.5) as f64 / 1000.0,
            histogram.value_at_quantile(0.99) as f64 / 1000.0
        );
    }
    println!("statuses: {:?}", tally.statuses);
    println!(
        "5xx: {server_errors} (of which coded UNAVAILABLE answers: {}), hung (> {} s): {}, transport errors: {}",
        tally.unavailable, args.hung_seconds, tally.hung, tally.transport_errors
    );
    for (pid, kib) in &samples {
        let warm: Vec<u64> = kib.iter().skip(kib.len() / 5).copied().collect();
        let (low, high) = (
            warm.iter().min().copied().unwrap_or(0),
            warm.iter().max().copied().unwrap_or(0),
        );
        println!(
            "pid {pid}: RSS after warm-up {:.1}–{:.1} MiB, first {:.1}, last {:.1}",
            low as f64 / 1024.0,
            high as f64 / 1024.0,
            kib.first().copied().unwrap_or(0) as f64 / 1024.0,
            kib.last().copied().unwrap_or(0) as f64 / 1024.0
        );
    }
    Ok(())
}
