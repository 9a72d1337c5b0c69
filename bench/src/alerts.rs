//! `cw-alert-bench`: one event fanned out to N alert subscriptions, against the database's own
//! ceiling for writing the same rows.
//!
//! 1. Seeds N verified accounts, each following the same agency (once per database; reused; an
//!    empty database gets one city with one agency).
//! 2. Fan-out: one event for that agency, then `alert_events::fan_out`, the real job step (one
//!    `INSERT … SELECT` with every exclusion: paused, muted, unverified, suppressed).
//! 3. Ceiling: a second event, and the bare `INSERT INTO alert_match SELECT … FROM
//!    alert_subscription` of the same rows through sqlx, with no conditions at all.
//!
//! 4. Daily digest: a day later, `alert_mail::send_digests` (the real job step) renders and
//!    enqueues one digest per follower (each holding both events) and marks their matches.
//! 5. Its ceiling: the same number of outbox rows of the same size, plus one `alert_digest` row
//!    each, written by bare multi-row inserts of 500 rows per transaction, and the matches marked
//!    by one bare `UPDATE`, with nothing rendered and nothing looked up.
//!
//! Prints the times and their ratios. The clock is fixed at start, so digests fall due by
//! moving it a day; earlier runs' digests are cleared first so each run sends them again.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its figures on stdout"
)]

mod state;

use std::time::{Duration, Instant};

use chrono::TimeDelta;
use clap::Parser;
use contract_watch::services::alert_events::{self, NewEvent};
use contract_watch::services::alert_mail;
use contract_watch::state::AppState;
use entity::enums::{AlertDelivery, AlertEventKind, AlertTarget, UserRole};
use entity::{alert_event, alert_subscription, email_delivery, user_account};
use sea_orm::{
    ActiveValue::NotSet, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    IntoActiveModel as _, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
    TransactionTrait,
};

#[derive(Parser)]
#[command(about = "Alert fan-out vs the database's own insert ceiling")]
struct Args {
    /// Database to measure (migrated by the harness).
    #[arg(long, env = "CW__DATABASE__URL")]
    database_url: String,
    /// Subscriptions to fan out to.
    #[arg(long, default_value_t = 100_000)]
    subscribers: u64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let state = state::fixed_clock(&args.database_url).await?;
    let db = &state.db.write;
    let now = state.clock.now();

    let agency_id = match entity::agency::Entity::find().one(db).await? {
        Some(agency) => agency.id,
        None => {
            // An empty database: one city with one agency is all the fan-out needs.
            use sea_orm::ActiveModelTrait as _;
            let jurisdiction = entity::jurisdiction::ActiveModel {
                name: Set("Bench City".into()),
                kind: Set(entity::enums::JurisdictionKind::City),
                time_zone: Set("America/Chicago".into()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
            entity::agency::ActiveModel {
                jurisdiction_id: Set(jurisdiction.id),
                name: Set("Parks".into()),
                acronym: Set(None),
                created_at: Set(now),
                archived_at: Set(None),
                ..Default::default()
            }
            .insert(db)
            .await?
            .id
        }
    };
    let have = alert_subscription::Entity::find()
        .filter(alert_subscription::Column::AgencyId.eq(agency_id))
        .count(db)
        .await?;
    if have < args.subscribers {
        let start = Instant::now();
        let first = have;
        for chunk_start in (first..args.subscribers).step_by(1000) {
            let end = std::cmp::min(chunk_start + 1000, args.subscribers);
            let users = (chunk_start..end).map(|n| user_account::ActiveModel {
                email: Set(Some(format!("follower{n}@bench.example"))),
                email_verified_at: Set(Some(now)),
                password_hash: Set(None),
                display_name: Set(format!("Follower {n}")),
                role: Set(UserRole::Resident),
                jurisdiction_id: Set(None),
                official_id: Set(None),
                token_version: Set(0),
                created_at: Set(now),
                updated_at: Set(now),
                deleted_at: Set(None),
                ..Default::default()
            });
            user_account::Entity::insert_many(users)
                .exec_without_returning(db)
                .await?;
            let ids: Vec<user_account::Model> = user_account::Entity::find()
                .filter(user_account::Column::Email.like("follower%@bench.example"))
                .order_by_desc(user_account::Column::Id)
                .paginate(db, end - chunk_start)
                .fetch_page(0)
                .await?;
            let subscriptions = ids.into_iter().map(|user| alert_subscription::ActiveModel {
                user_id: Set(user.id),
                target_type: Set(AlertTarget::Agency),
                agency_id: Set(Some(agency_id)),
                delivery: Set(AlertDelivery::Daily),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
            alert_subscription::Entity::insert_many(subscriptions)
                .exec_without_returning(db)
                .await?;
        }
        println!(
            "seeded {} followers in {:.1} s",
            args.subscribers - first,
            start.elapsed().as_secs_f64()
        );
    }

    // Nothing else may be waiting, or the measurement would include it.
    alert_events::fan_out(&state).await?;
    let mut event = NewEvent::new(AlertEventKind::NewSolicitation, "bench");
    event.agency_id = Some(agency_id);
    alert_events::emit(db, event, state.clock.now()).await?;
    let start = Instant::now();
    let matched = alert_events::fan_out(&state).await?;
    let fan_out = start.elapsed();

    // The ceiling: the same rows, written by the bare statement.
    let mut event = NewEvent::new(AlertEventKind::NewSolicitation, "ceiling");
    event.agency_id = Some(agency_id);
    alert_events::emit(db, event, state.clock.now()).await?;
    let ceiling_event = alert_event::Entity::find()
        .order_by_desc(alert_event::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the ceiling event is missing"))?;
    let backend = db.get_database_backend();
    let sql = "INSERT INTO alert_match (event_id, user_id, subscription_id, delivery, created_at) \
               SELECT $1, user_id, id, delivery, $2 FROM alert_subscription WHERE agency_id = $3";
    // SQLite numbers its parameters `?1`, PostgreSQL `$1`.
    let sql = match backend {
        sea_orm::DatabaseBackend::Sqlite => sql.replace('$', "?"),
        _ => sql.to_owned(),
    };
    let start = Instant::now();
    let raw = db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [
                ceiling_event.id.into(),
                state.clock.now().into(),
                agency_id.into(),
            ],
        ))
        .await?
        .rows_affected();
    let ceiling = start.elapsed();
    // Leave the ceiling event as handled so the next run starts clean.
    alert_events::fan_out(&state).await?;

    let (digests, digest_time, ceiling_rows, digest_ceiling) = digest_run(&state).await?;

    println!(
        "backend {backend:?}, {} subscriptions to one agency",
        args.subscribers
    );
    println!(
        "  fan-out (job step, all exclusions) : {matched:>7} rows in {:>7.3} s",
        fan_out.as_secs_f64()
    );
    println!(
        "  bare INSERT … SELECT (ceiling)     : {raw:>7} rows in {:>7.3} s",
        ceiling.as_secs_f64()
    );
    println!(
        "  ratio                              : {:.2} of the ceiling",
        ceiling.as_secs_f64() / fan_out.as_secs_f64()
    );
    println!(
        "  daily digests (job step)           : {digests:>7} mails in {:>7.3} s ({:.0} mails/s)",
        digest_time.as_secs_f64(),
        digests as f64 / digest_time.as_secs_f64()
    );
    println!(
        "  bare inserts of the same rows      : {ceiling_rows:>7} mails in {:>7.3} s",
        digest_ceiling.as_secs_f64()
    );
    println!(
        "  ratio                              : {:.2} of the ceiling",
        digest_ceiling.as_secs_f64() / digest_time.as_secs_f64()
    );
    Ok(())
}

/// Steps 4 and 5: the daily digests a day later, and the bare writes of the same rows.
async fn digest_run(state: &AppState) -> anyhow::Result<(u64, Duration, u64, Duration)> {
    let db = &state.db.write;
    // Earlier runs' digests would make this one a repeat, which is (rightly) never sent.
    entity::alert_digest::Entity::delete_many().exec(db).await?;
    email_delivery::Entity::delete_many()
        .filter(email_delivery::Column::Kind.is_in(["alert_digest", "bench_ceiling"]))
        .exec(db)
        .await?;
    state.clock.advance(TimeDelta::days(1));
    let start = Instant::now();
    let digests = alert_mail::send_digests(state, AlertDelivery::Daily).await?;
    let digest_time = start.elapsed();

    // The ceiling: rows the size of a real digest, written bare.
    let sample = email_delivery::Entity::find()
        .filter(email_delivery::Column::Kind.eq("alert_digest"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no digest was sent"))?;
    let users: Vec<i64> = entity::alert_digest::Entity::find()
        .select_only()
        .column(entity::alert_digest::Column::UserId)
        .into_tuple()
        .all(db)
        .await?;
    let now = state.clock.now();
    let start = Instant::now();
    let mut written = 0;
    for chunk in users.chunks(500) {
        let txn = db.begin().await?;
        let rows = chunk.iter().map(|n| {
            let mut row = sample.clone().into_active_model();
            row.id = NotSet;
            row.kind = Set("bench_ceiling".to_owned());
            row.subject_key = Set(format!("ceiling:{n}"));
            row.message_id = Set(format!("<ceiling-{n}@bench.example>"));
            row.unsubscribe_token_hash = Set(Some(format!("ceiling-{n}")));
            row
        });
        email_delivery::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
        let marks = chunk.iter().map(|user| entity::alert_digest::ActiveModel {
            user_id: Set(*user),
            cadence: Set("ceiling".to_owned()),
            period: Set(now.date_naive().to_string()),
            events: Set(2),
            created_at: Set(now),
        });
        entity::alert_digest::Entity::insert_many(marks)
            .exec_without_returning(&txn)
            .await?;
        txn.commit().await?;
        written += chunk.len() as u64;
    }
    entity::alert_match::Entity::update_many()
        .col_expr(
            entity::alert_match::Column::NotifiedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(entity::alert_match::Column::Delivery.eq(AlertDelivery::Daily))
        .exec(db)
        .await?;
    let digest_ceiling = start.elapsed();
    entity::alert_digest::Entity::delete_many()
        .filter(entity::alert_digest::Column::Cadence.eq("ceiling"))
        .exec(db)
        .await?;
    Ok((digests, digest_time, written, digest_ceiling))
}
