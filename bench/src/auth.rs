//! `cw-auth-bench`: log-in throughput against the password hash's own ceiling, and whether the
//! answers to sign-up and log-in take the same time whether or not an address has an account.
//!
//! 1. Ceiling: `--concurrency` workers verify the account's real Argon2id hash with the argon2
//!    crate on the blocking pool, nothing else, for `--seconds`.
//! 2. `logIn` over HTTP through the real server with the right password, same workers, same time.
//! 3. Enumeration: `--samples` interleaved pairs, one request at a time, each from its own client
//!    address: `logIn` with a wrong password for a known and for an unknown address, and `signUp`
//!    for a taken and for a new address. Prints mean and p50/p90 of each and checks that the
//!    bodies are identical.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its figures on stdout"
)]

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordVerifier as _};
use clap::Parser;
use contract_watch::clock::Clock;
use contract_watch::config::Settings;
use contract_watch::services::{accounts, admin};
use contract_watch::startup::Application;
use contract_watch::state::AppState;
use entity::enums::UserRole;
use hdrhistogram::Histogram;
use secrecy::SecretString;
use serde_json::{Value, json};

use bench::measure;

#[derive(Parser)]
#[command(about = "Log-in throughput vs Argon2's ceiling, and enumeration timing")]
struct Args {
    /// Database to measure (it is migrated; an account `bench-auth@example.org` is created).
    #[arg(long, env = "CW__DATABASE__URL")]
    database_url: String,
    /// Concurrent clients (log-in) and workers (ceiling).
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
    /// Seconds per throughput measurement.
    #[arg(long, default_value_t = 8)]
    seconds: u64,
    /// Pairs of requests per enumeration comparison.
    #[arg(long, default_value_t = 100)]
    samples: u32,
}

const EMAIL: &str = "bench-auth@example.org";
const PASSWORD: &str = "a long and memorable bench passphrase";
const LOG_IN: &str = "mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) { accessToken } }";
const SIGN_UP: &str = "mutation($e: String!, $p: String!) { signUp(input: {email: $e, password: $p, displayName: \"Bench\"}) { ok message } }";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let vars: BTreeMap<String, String> = [
        ("CW__DATABASE__URL", args.database_url.clone()),
        ("CW__APPLICATION__PORT", "0".to_owned()),
        ("CW__APPLICATION__SEED_DEMO_ON_EMPTY", "false".to_owned()),
        ("CW__WORKER__RUN_IN_SERVE", "false".to_owned()),
        // Each request plays its own client, so the per-IP limits do not shape the figures.
        ("CW__AUTH__TRUST_FORWARDED_FOR", "true".to_owned()),
        ("RUST_LOG", "warn".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let settings = Settings::load_from(Path::new("configuration"), "local", &vars)?;
    let state = AppState::build(settings, Clock::System).await?;
    let user = match accounts::find_by_email(&state.db.write, EMAIL).await? {
        Some(user) => user,
        None => admin::create_user(
            &state,
            EMAIL,
            "Bench",
            SecretString::from(PASSWORD.to_owned()),
            UserRole::Resident,
            None,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?,
    };
    let phc = user
        .password_hash
        .ok_or_else(|| anyhow::anyhow!("the bench account has no password"))?;

    let app = Application::bind(state.clone()).await?;
    let url = format!("http://127.0.0.1:{}/graphql", app.port());
    tokio::spawn(app.run_until(std::future::pending()));
    let client = reqwest::Client::new();
    // A run-unique prefix keeps addresses and client addresses fresh across runs on one database.
    let run = state.clock.now().timestamp();
    println!(
        "backend {:?}, {} workers, {} s per run, {} samples per comparison",
        state.db.backend(),
        args.concurrency,
        args.seconds,
        args.samples
    );

    let ceiling = {
        let phc = Arc::new(phc);
        measure::load(args.concurrency, args.seconds, move |_| {
            let phc = phc.clone();
            async move {
                tokio::task::spawn_blocking(move || {
                    let parsed = PasswordHash::new(&phc)?;
                    Ok(Argon2::default()
                        .verify_password(PASSWORD.as_bytes(), &parsed)
                        .is_ok())
                })
                .await?
            }
        })
        .await?
    };
    let log_in = {
        let (client, url) = (client.clone(), url.clone());
        measure::load(args.concurrency, args.seconds, move |n| {
            let request = post(
                &client,
                &url,
                &client_ip(run, 1, n),
                LOG_IN,
                json!({ "e": EMAIL, "p": PASSWORD }),
            );
            async move { Ok(request.await?.get("errors").is_none()) }
        })
        .await?
    };
    println!("\nlogIn with the right password (Argon2id m=19456 t=2 p=1):");
    println!(
        "  argon2 verify only : {}",
        ceiling.line().replace("req/s", "verify/s")
    );
    println!("  logIn over HTTP    : {}", log_in.line());
    println!(
        "  ratio              : {:.2} of the ceiling",
        log_in.rps() / ceiling.rps()
    );

    let mut pairs = [
        (
            "logIn, wrong password, known address  ",
            Histogram::<u64>::new(3)?,
        ),
        (
            "logIn, wrong password, unknown address",
            Histogram::<u64>::new(3)?,
        ),
        (
            "signUp, address already has an account",
            Histogram::<u64>::new(3)?,
        ),
        (
            "signUp, new address                   ",
            Histogram::<u64>::new(3)?,
        ),
    ];
    let mut differing_bodies = 0;
    for n in 0..u64::from(args.samples) {
        let requests = [
            (
                LOG_IN,
                json!({ "e": EMAIL, "p": "not the password at all" }),
            ),
            (
                LOG_IN,
                json!({ "e": format!("nobody-{run}-{n}@example.org"), "p": "not the password at all" }),
            ),
            (SIGN_UP, json!({ "e": EMAIL, "p": PASSWORD })),
            (
                SIGN_UP,
                json!({ "e": format!("new-{run}-{n}@example.org"), "p": PASSWORD }),
            ),
        ];
        let mut bodies = Vec::new();
        for (i, (query, variables)) in requests.into_iter().enumerate() {
            let ip = client_ip(run, 2 + i as u64, n);
            let sent = Instant::now();
            let body = post(&client, &url, &ip, query, variables).await?;
            pairs[i].1.record(sent.elapsed().as_micros() as u64)?;
            bodies.push(body);
        }
        if bodies[0] != bodies[1] || bodies[2] != bodies[3] {
            differing_bodies += 1;
        }
    }
    println!(
        "\nEnumeration: {} interleaved samples each, one request at a time",
        args.samples
    );
    for (name, histogram) in &pairs {
        println!(
            "  {name} : mean {:>6.2} ms   p50 {:>6.2} ms   p90 {:>6.2} ms",
            histogram.mean() / 1000.0,
            histogram.value_at_quantile(0.5) as f64 / 1000.0,
            histogram.value_at_quantile(0.9) as f64 / 1000.0,
        );
    }
    let gap = |a: &Histogram<u64>, b: &Histogram<u64>| (a.mean() - b.mean()) / b.mean() * 100.0;
    println!(
        "  mean gap: logIn {:+.1} %, signUp {:+.1} % (known minus unknown, of unknown)",
        gap(&pairs[0].1, &pairs[1].1),
        gap(&pairs[2].1, &pairs[3].1)
    );
    println!("  pairs whose bodies differed: {differing_bodies}");
    Ok(())
}

/// A distinct client address per (run, scenario, request), so no per-IP limit is reached, even
/// on a database that earlier runs used.
fn client_ip(run: i64, scenario: u64, n: u64) -> String {
    let run = run as u64;
    format!(
        "2001:db8:{:x}:{:x}:{scenario:x}::{n:x}",
        (run >> 16) & 0xffff,
        run & 0xffff
    )
}

fn post(
    client: &reqwest::Client,
    url: &str,
    ip: &str,
    query: &str,
    variables: Value,
) -> impl std::future::Future<Output = anyhow::Result<Value>> + use<> {
    let request = client
        .post(url)
        .header("x-forwarded-for", ip)
        .json(&json!({ "query": query, "variables": variables }));
    async move { Ok(request.send().await?.json::<Value>().await?) }
}
