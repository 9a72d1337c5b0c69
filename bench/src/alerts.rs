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
//! Prints both times and their ratio.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its figures on stdout"
)]

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use clap::Parser;
use contract_watch::clock::Clock;
use contract_watch::config::Settings;
use contract_watch::services::alert_events::{self, NewEvent};
use contract_watch::startup::AppState;
use entity::enums::{AlertDelivery, AlertEventKind, AlertTarget, UserRole};
use entity::{alert_event, alert_subscription, user_account};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Statement,
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
    let vars: BTreeMap<String, String> = [
        ("CW__DATABASE__URL", args.database_url.clone()),
        ("CW__APPLICATION__SEED_DEMO_ON_EMPTY", "false".to_owned()),
        ("RUST_LOG", "warn".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let settings = Settings::load_from(Path::new("configuration"), "local", &vars)?;
    let state = AppState::build(settings, Clock::System).await?;
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
    Ok(())
}
