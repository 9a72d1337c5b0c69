//! `cw-web-bench`: what the web client costs beside the API, and how fast search is.
//!
//! 1. Pages against their own GraphQL documents: for the home page, a solicitation page and a
//!    search page, `--concurrency` clients fetch the page for `--seconds`, then post the same
//!    document (the page's own, from `frontend/documents/`) to `/graphql` for as long. The ratio
//!    is what rendering, the session and the template add. `--rounds` rounds alternate which of
//!    the two goes first (a run right after another of a different kind starts on colder
//!    caches), after `--settle-seconds` for the start-up jobs; the ratio pools the rounds.
//! 2. Search latency: `--searches` sequential `search` queries over `/graphql` (words, prefixes,
//!    a phrase, reference numbers from the generated registry), p50/p95/p99; beside them the
//!    same queries straight through the search service (the statements the server runs, without
//!    HTTP or GraphQL), as the ceiling.
//!
//! Seed first: `contract-watch seed-scale --solicitations 100000` (it also builds the index).

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its figures on stdout"
)]

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use clap::Parser;
use contract_watch::clock::Clock;
use contract_watch::config::Settings;
use contract_watch::domain::ids::{GlobalId, NodeKind};
use contract_watch::domain::page::PageRequest;
use contract_watch::domain::search_text::SearchQuery;
use contract_watch::services::search::{self, Scope};
use contract_watch::startup::Application;
use contract_watch::state::AppState;
use hdrhistogram::Histogram;
use sea_orm::{EntityTrait, PaginatorTrait, QuerySelect};
use serde_json::{Value, json};

use bench::measure;

#[derive(Parser)]
#[command(about = "Web pages against their GraphQL documents, and search latency")]
struct Args {
    /// Database to measure; seed it first with `contract-watch seed-scale`.
    #[arg(long, env = "CW__DATABASE__URL")]
    database_url: String,
    /// Concurrent clients.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Seconds per measurement.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Sequential search queries for the latency figures.
    #[arg(long, default_value_t = 2000)]
    searches: usize,
    /// Read-pool connections.
    #[arg(long, default_value_t = 8)]
    max_connections: u32,
    /// Rounds of page and document per scenario, alternating which goes first.
    #[arg(long, default_value_t = 2)]
    rounds: usize,
    /// Seconds after start before the first measurement: the start-up jobs run first.
    #[arg(long, default_value_t = 10)]
    settle_seconds: u64,
}

fn quantiles(h: &Histogram<u64>) -> String {
    format!(
        "p50 {:.2} ms   p95 {:.2} ms   p99 {:.2} ms   ({} queries)",
        h.value_at_quantile(0.5) as f64 / 1000.0,
        h.value_at_quantile(0.95) as f64 / 1000.0,
        h.value_at_quantile(0.99) as f64 / 1000.0,
        h.len()
    )
}

/// The search strings: single words, prefixes, two words, a phrase, and reference numbers.
fn search_strings(total: u64, n: usize) -> Vec<String> {
    let words = contract_watch::seed::scale::WORDS;
    (0..n)
        .map(|i| {
            let word = words[i % words.len()].to_lowercase();
            match i % 5 {
                0 => word,
                1 => word[..4.min(word.len())].to_owned(),
                2 => format!("{word} services {}", (i * 7919) as u64 % total.max(1)),
                3 => format!("\"{word} services\""),
                _ => format!("SCALE-{:07}", (i * 104_729) as u64 % total.max(1)),
            }
        })
        .collect()
}

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
        // One client address for every request: the per-IP limit would measure itself.
        ("CW__EDGE__ANONYMOUS_PER_IP_PER_MINUTE", "0".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let settings = Settings::load_from(Path::new("configuration"), "local", &vars)?;
    let state = AppState::build(settings, Clock::System).await?;
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
    println!(
        "scheduled jobs brought up to date first: {:.1} s",
        bench::jobs::up_to_date(&state).await.as_secs_f64()
    );
    let app = Application::bind(state.clone()).await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until(std::future::pending()));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency * 2)
        .build()?;
    tokio::time::sleep(std::time::Duration::from_secs(args.settle_seconds)).await;
    let documents: BTreeMap<String, String> =
        contract_watch::web::documents::all().into_iter().collect();
    println!(
        "backend {:?}, {total} solicitations, {} clients, {} s per run, pool {}",
        state.db.backend(),
        args.concurrency,
        args.seconds,
        args.max_connections
    );

    let queries = Arc::new(search_strings(total, 4096));
    let id_of = |n: u64| {
        GlobalId::new(NodeKind::Solicitation, ids[(n as usize * 7919) % ids.len()]).encode()
    };
    let ids = Arc::new((0..4096).map(id_of).collect::<Vec<_>>());
    type Scenario = (
        &'static str,
        &'static str,
        Box<dyn Fn(u64) -> (String, Value) + Send + Sync>,
    );
    let scenarios: Vec<Scenario> = vec![
        (
            "home page",
            "home",
            Box::new(|_| ("/".to_owned(), json!({}))),
        ),
        ("solicitation page", "solicitation", {
            let ids = ids.clone();
            Box::new(move |n| {
                let id = ids[n as usize % ids.len()].clone();
                (format!("/solicitations/{id}"), json!({ "id": id }))
            })
        }),
        ("search page", "search", {
            let queries = queries.clone();
            Box::new(move |n| {
                let q = queries[n as usize % queries.len()].clone();
                let path = format!("/search?q={}", url_encode(&q));
                (path, json!({ "q": q }))
            })
        }),
    ];
    for (name, document, request) in scenarios {
        let source = documents
            .get(document)
            .ok_or_else(|| anyhow::anyhow!("no document {document}"))?
            .clone();
        let request = Arc::new(request);
        let page_run = || {
            let (client, base, request) = (client.clone(), base.clone(), request.clone());
            measure::load(args.concurrency, args.seconds, move |n| {
                let (path, _) = request(n);
                let call = client
                    .get(format!("{base}{path}"))
                    .header("accept-encoding", "identity");
                async move {
                    let response = call.send().await?;
                    let ok = response.status().is_success();
                    let body = response.text().await?;
                    Ok(ok && body.contains("</html>"))
                }
            })
        };
        let document_run = || {
            let (client, base, request, source) = (
                client.clone(),
                base.clone(),
                request.clone(),
                source.clone(),
            );
            measure::load(args.concurrency, args.seconds, move |n| {
                let (_, variables) = request(n);
                let body = json!({ "query": source, "variables": variables }).to_string();
                let call = client
                    .post(format!("{base}/graphql"))
                    .header("content-type", "application/json")
                    .body(body);
                async move {
                    let response = call.send().await?;
                    let ok = response.status().is_success();
                    Ok(ok && !response.text().await?.contains("\"errors\""))
                }
            })
        };
        println!("\n{name}:");
        let (mut pages, mut graphql) = (Vec::new(), Vec::new());
        for round in 0..args.rounds.max(1) {
            let (page, document) = if round % 2 == 0 {
                let page = page_run().await?;
                (page, document_run().await?)
            } else {
                let document = document_run().await?;
                (page_run().await?, document)
            };
            println!("  round {}, page (HTML)   : {}", round + 1, page.line());
            println!("  round {}, its document  : {}", round + 1, document.line());
            pages.push(page);
            graphql.push(document);
        }
        let pooled = |runs: &[measure::Run]| {
            let requests: u64 = runs.iter().map(|r| r.histogram.len()).sum();
            let seconds: f64 = runs.iter().map(|r| r.elapsed.as_secs_f64()).sum();
            requests as f64 / seconds.max(f64::EPSILON)
        };
        let (page_rps, document_rps) = (pooled(&pages), pooled(&graphql));
        println!(
            "  ratio                  : {:.2} of the API's rate ({page_rps:.0} against {document_rps:.0} req/s over the rounds)",
            page_rps / document_rps
        );
    }

    let search_doc = "query($q: String!) { search(query: $q, first: 20) { edges { node { kind title snippet { text highlighted } } } } }";
    let mut over_graphql = Histogram::<u64>::new(3)?;
    let mut service = Histogram::<u64>::new(3)?;
    let page = PageRequest {
        offset: 0,
        limit: 20,
    };
    // The shapes `search_strings` makes, in its order.
    const SHAPES: [&str; 5] = [
        "one word",
        "a 4-letter prefix",
        "three words",
        "a phrase",
        "a reference number",
    ];
    let mut by_shape: Vec<Histogram<u64>> = (0..SHAPES.len())
        .map(|_| Histogram::<u64>::new(3))
        .collect::<Result<_, _>>()?;
    for (n, q) in queries.iter().enumerate().cycle().take(args.searches) {
        let sent = Instant::now();
        let response: Value = client
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": search_doc, "variables": { "q": q } }))
            .send()
            .await?
            .json()
            .await?;
        over_graphql.record(sent.elapsed().as_micros() as u64)?;
        anyhow::ensure!(
            response.get("errors").is_none(),
            "search failed: {response}"
        );
        let parsed = SearchQuery::parse(q);
        let sent = Instant::now();
        search::search(&state.db.read, &parsed, &Scope::default(), page)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let took = sent.elapsed().as_micros() as u64;
        service.record(took)?;
        by_shape[n % SHAPES.len()].record(took)?;
    }
    println!("\nsearch, one query at a time (words, prefixes, phrases, reference numbers):");
    println!("  search over /graphql   : {}", quantiles(&over_graphql));
    println!("  search service (SQL)   : {}", quantiles(&service));
    for (shape, h) in SHAPES.iter().zip(&by_shape) {
        println!("    {shape:<20} : {}", quantiles(h));
    }
    Ok(())
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
