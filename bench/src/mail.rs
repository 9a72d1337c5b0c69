//! `cw-mail-bench`: email throughput against the SMTP sink's own ceiling, and the tools of the
//! crash drill (`docs/operations.md`).
//!
//! * `throughput`: starts a loopback SMTP sink, then for 1, 2 and 4 pooled connections measures
//!   (a) the ceiling — the same messages sent straight to the sink through the same SMTP client,
//!   no database — and (b) the outbox — the rows enqueued in the database, drained by the real
//!   worker. Prints messages/s and the ratio.
//! * `sink`: runs a sink that appends every accepted `Message-ID` to a ledger file.
//! * `enqueue`: empties the outbox and enqueues N messages.
//! * `reconcile`: compares the ledger with the outbox: lost and duplicated messages.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its figures on stdout"
)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use clap::{Parser, Subcommand};
use contract_watch::clock::Clock;
use contract_watch::config::{Settings, SmtpSettings, SmtpTls};
use contract_watch::email::{self, EmailSender, OutgoingEmail, SmtpSender};
use contract_watch::outbox::worker::Worker;
use contract_watch::outbox::{NewEmail, status};
use contract_watch::state::AppState;
use futures_util::{StreamExt as _, stream};
use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect, TransactionTrait};
use smtp_sink::{Keep, SmtpSink};

#[derive(Parser)]
#[command(about = "Email outbox throughput and crash-drill tools")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Outbox throughput vs the sink's ceiling for 1, 2 and 4 pooled connections.
    Throughput {
        #[arg(long, env = "CW__DATABASE__URL")]
        database_url: String,
        /// Messages per run.
        #[arg(long, default_value_t = 10_000)]
        messages: usize,
    },
    /// A sink that records each accepted Message-ID in a ledger file.
    Sink {
        #[arg(long, default_value = "127.0.0.1:2525")]
        listen: String,
        #[arg(long)]
        ledger: PathBuf,
    },
    /// Empty the outbox, then enqueue this many messages.
    Enqueue {
        #[arg(long, env = "CW__DATABASE__URL")]
        database_url: String,
        #[arg(long, default_value_t = 10_000)]
        count: usize,
    },
    /// Lost and duplicated messages: the ledger against the outbox.
    Reconcile {
        #[arg(long, env = "CW__DATABASE__URL")]
        database_url: String,
        #[arg(long)]
        ledger: PathBuf,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Throughput {
            database_url,
            messages,
        } => throughput(&database_url, messages).await,
        Command::Sink { listen, ledger } => {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(ledger)?;
            let sink = SmtpSink::start_on(&listen, Keep::Count, Some(file)).await?;
            println!("sink listening on {}", sink.addr());
            std::future::pending::<()>().await;
            Ok(())
        }
        Command::Enqueue {
            database_url,
            count,
        } => {
            let state = state(&database_url, &[]).await?;
            let started = Instant::now();
            enqueue(&state, count).await?;
            println!(
                "enqueued {count} in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Reconcile {
            database_url,
            ledger,
        } => reconcile(&database_url, &ledger).await,
    }
}

async fn state(database_url: &str, extra: &[(&str, String)]) -> anyhow::Result<AppState> {
    let mut vars: BTreeMap<String, String> = BTreeMap::from([
        ("CW__DATABASE__URL".to_owned(), database_url.to_owned()),
        (
            "CW__APPLICATION__SEED_DEMO_ON_EMPTY".to_owned(),
            "false".to_owned(),
        ),
    ]);
    vars.extend(extra.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    let settings = Settings::load_from(Path::new("configuration"), "local", &vars)?;
    AppState::build(settings, Clock::System).await
}

/// Empties the outbox and enqueues `count` list messages (with unsubscribe headers), one
/// transaction per thousand.
async fn enqueue(state: &AppState, count: usize) -> anyhow::Result<()> {
    for table in ["email_delivery", "email_suppression", "mail_preference"] {
        state
            .db
            .write
            .execute_unprepared(&format!("DELETE FROM {table}"))
            .await?;
    }
    let now = state.clock.now();
    for start in (0..count).step_by(1000) {
        let txn = state.db.write.begin().await?;
        for i in start..count.min(start + 1000) {
            let email = NewEmail::test_message(
                &format!("member{i}@example.org"),
                "Member",
                "bench".to_owned(),
                Some("alerts:bench".to_owned()),
            );
            state.mailer.enqueue(&txn, now, email).await?;
        }
        txn.commit().await?;
    }
    Ok(())
}

fn smtp(state: &AppState, port: u16, connections: u32) -> anyhow::Result<Arc<dyn EmailSender>> {
    let settings = SmtpSettings {
        host: "127.0.0.1".to_owned(),
        port,
        tls: SmtpTls::None,
        username: None,
        password: None,
        pool_size: connections,
        timeout_seconds: 30,
    };
    let from = email::Composer::from_settings(&state.settings.email)?;
    Ok(Arc::new(SmtpSender::new(&settings, from)?))
}

async fn throughput(database_url: &str, messages: usize) -> anyhow::Result<()> {
    let sink = SmtpSink::start_on("127.0.0.1:0", Keep::Count, None).await?;
    println!("messages per run: {messages}");
    println!("| pooled connections | sink ceiling (msg/s) | outbox worker (msg/s) | ratio |");
    println!("|---|---|---|---|");
    for connections in [1_u32, 2, 4] {
        let extra = [
            ("CW__WORKER__CONCURRENCY", connections.to_string()),
            ("CW__WORKER__BATCH_SIZE", "64".to_owned()),
        ];
        let state = state(database_url, &extra).await?;
        enqueue(&state, messages).await?;
        let rows = entity::email_delivery::Entity::find()
            .limit(u64::try_from(messages)?)
            .all(&state.db.read)
            .await?;
        let emails: Vec<OutgoingEmail> = rows.iter().map(OutgoingEmail::from).collect();

        // Ceiling: the same messages, straight to the sink, same client and pool size.
        let sender = smtp(&state, sink.port(), connections)?;
        let before = sink.accepted();
        let started = Instant::now();
        let failures = stream::iter(&emails)
            .map(|email| sender.send(email))
            .buffer_unordered(usize::try_from(connections)?)
            .filter(|result| std::future::ready(result.is_err()))
            .count()
            .await;
        let ceiling = rate(messages, started);
        anyhow::ensure!(failures == 0 && sink.accepted() - before == u64::try_from(messages)?);

        // The outbox: claim, send, record, through the real worker.
        let worker = Worker::with_sender(&state, smtp(&state, sink.port(), connections)?);
        let before = sink.accepted();
        let started = Instant::now();
        let report = worker.drain().await?;
        let outbox = rate(messages, started);
        anyhow::ensure!(
            report.sent == messages && sink.accepted() - before == u64::try_from(messages)?,
            "drain incomplete: {report}"
        );
        println!(
            "| {connections} | {ceiling:.0} | {outbox:.0} | {:.2} |",
            outbox / ceiling
        );
    }
    Ok(())
}

fn rate(messages: usize, started: Instant) -> f64 {
    f64::from(u32::try_from(messages).unwrap_or(u32::MAX)) / started.elapsed().as_secs_f64()
}

async fn reconcile(database_url: &str, ledger: &Path) -> anyhow::Result<()> {
    let state = state(database_url, &[]).await?;
    let ids: Vec<String> = entity::email_delivery::Entity::find()
        .select_only()
        .column(entity::email_delivery::Column::MessageId)
        .into_tuple()
        .all(&state.db.read)
        .await?;
    let enqueued: HashSet<String> = ids.into_iter().collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for line in std::fs::read_to_string(ledger)?.lines() {
        *seen.entry(line.trim().to_owned()).or_default() += 1;
    }
    let lost = enqueued.iter().filter(|id| !seen.contains_key(*id)).count();
    let duplicated: usize = seen.values().map(|n| n - 1).sum();
    let strangers = seen.keys().filter(|id| !enqueued.contains(*id)).count();
    let outbox = status(&state.db.read).await?;
    println!(
        "enqueued {}, received {} ({} distinct), lost {lost}, duplicated {duplicated}, unknown {strangers}",
        enqueued.len(),
        seen.values().sum::<usize>(),
        seen.len()
    );
    println!("outbox: {:?}", outbox.counts);
    Ok(())
}
