//! `cw-digest-bench`: building every pre-vote digest for one meeting of 40 procurement items and
//! a body of 15, with 200,000 comments and 20,000 concerns on those items, against the
//! database's own time for the aggregations the digest cannot avoid.
//!
//! 1. Seeds (once per database; reused) the demo city, tops its next council meeting up to 40
//!    procurement items and the council up to 15 seated members with linked accounts, and writes
//!    5,000 comments and 500 concerns on each item's contract or solicitation.
//! 2. Digest: `official_digest::build` (the real step: every query, the tallies included) and one
//!    rendered message per member, as the job renders them. Five runs.
//! 3. Ceiling: the bare `GROUP BY` of the same comments by subject and position, and the bare
//!    read of the same concerns by endorsements, through the same connection. Five runs.
//!
//! Prints the best and median of each and their ratio.

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its figures on stdout"
)]

mod state;

use std::time::{Duration, Instant};

use chrono::TimeDelta;
use clap::Parser;
use contract_watch::services::{meetings, official_digest};
use contract_watch::state::AppState;
use entity::enums::{
    AgendaAction, AgendaOutcome, ConcernCategory, ConcernStatus, OfficeRole, Position, Severity,
    SubjectType, UserRole, Visibility,
};
use entity::{agenda_item, body, comment, concern, contract, meeting, office_term, official};
use entity::{solicitation, user_account};
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Statement,
};

#[derive(Parser)]
#[command(about = "Pre-vote digest build vs the database's own aggregation ceiling")]
struct Args {
    /// Database to measure (migrated by the harness).
    #[arg(long, env = "CW__DATABASE__URL")]
    database_url: String,
}

const ITEMS: usize = 40;
const MEMBERS: usize = 15;
const COMMENTS_PER_ITEM: usize = 5_000;
const CONCERNS_PER_ITEM: usize = 500;
const RUNS: usize = 5;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let state = state::fixed_clock(&args.database_url).await?;
    let db = &state.db.write;
    let meeting = prepare(&state).await?;

    let mut digest_times = Vec::new();
    let mut rendered = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let body = meetings::body_of(db, &meeting).await?;
        let digest = official_digest::build(db, state.mailer.app_url(), &meeting, &body).await?;
        for n in 0..MEMBERS {
            let message =
                official_digest::email(&digest, &format!("Member {n}"), "m@bench.example", 2);
            state
                .mailer
                .render(message.template, &message.context, None)?;
            rendered += 1;
        }
        digest_times.push(start.elapsed());
        anyhow::ensure!(digest.items.len() == ITEMS, "expected {ITEMS} items");
    }

    let backend = db.get_database_backend();
    let subjects = subjects_of(db, meeting.id).await?;
    let list = subjects
        .iter()
        .map(|(kind, id)| format!("('{kind}', {id})"))
        .collect::<Vec<_>>()
        .join(", ");
    let counts = format!(
        "SELECT subject_type, subject_id, position, organization_id IS NOT NULL, COUNT(id) \
         FROM comment WHERE (subject_type, subject_id) IN ({list}) AND visibility = 'visible' \
         AND deleted_at IS NULL AND parent_id IS NULL \
         GROUP BY subject_type, subject_id, position, organization_id IS NOT NULL"
    );
    let concerns = format!(
        "SELECT * FROM concern WHERE (subject_type, subject_id) IN ({list}) \
         ORDER BY endorsement_count DESC, id"
    );
    let mut ceiling_times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        db.query_all_raw(Statement::from_string(backend, counts.clone()))
            .await?;
        db.query_all_raw(Statement::from_string(backend, concerns.clone()))
            .await?;
        ceiling_times.push(start.elapsed());
    }

    let (best, median) = summary(&mut digest_times);
    let (ceiling_best, ceiling_median) = summary(&mut ceiling_times);
    println!(
        "backend {backend:?}: one meeting, {ITEMS} items, {MEMBERS} members, {} comments, {} concerns",
        ITEMS * COMMENTS_PER_ITEM,
        ITEMS * CONCERNS_PER_ITEM
    );
    println!(
        "  all digests (build + {MEMBERS} renders) : best {:>7.3} s, median {:>7.3} s ({rendered} rendered)",
        best.as_secs_f64(),
        median.as_secs_f64()
    );
    println!(
        "  bare GROUP BY + concerns (ceiling)  : best {:>7.3} s, median {:>7.3} s",
        ceiling_best.as_secs_f64(),
        ceiling_median.as_secs_f64()
    );
    println!(
        "  ratio (medians)                     : {:.2} of the ceiling",
        ceiling_median.as_secs_f64() / median.as_secs_f64()
    );
    Ok(())
}

fn summary(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    (times[0], times[times.len() / 2])
}

/// The (subject type, id) each procurement item of the meeting decides.
async fn subjects_of(
    db: &impl ConnectionTrait,
    meeting_id: i64,
) -> anyhow::Result<Vec<(String, i64)>> {
    Ok(agenda_item::Entity::find()
        .filter(agenda_item::Column::MeetingId.eq(meeting_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|i| match (i.contract_id, i.solicitation_id) {
            (Some(c), _) => Some(("contract".to_owned(), c)),
            (None, Some(s)) => Some(("solicitation".to_owned(), s)),
            _ => None,
        })
        .collect())
}

/// The measured meeting, seeded on first use.
async fn prepare(state: &AppState) -> anyhow::Result<meeting::Model> {
    let db = &state.db.write;
    let now = state.clock.now();
    if let Some(existing) = meeting::Entity::find()
        .filter(meeting::Column::Location.eq("Digest bench"))
        .one(db)
        .await?
    {
        return Ok(existing);
    }
    let start = Instant::now();
    contract_watch::seed::demo::seed_if_empty(db, now).await?;
    let council = body::Entity::find()
        .filter(body::Column::Name.eq("City Council"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo council is missing"))?;
    let meeting = meeting::ActiveModel {
        body_id: Set(council.id),
        starts_at: Set(now + TimeDelta::days(1)),
        location: Set(Some("Digest bench".to_owned())),
        agenda_url: Set(None),
        status: Set(entity::enums::MeetingStatus::Scheduled),
        archived_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // Members: top the council up to 15, each with a linked, verified account.
    let seated = office_term::Entity::find()
        .filter(office_term::Column::BodyId.eq(council.id))
        .count(db)
        .await? as usize;
    for n in seated..MEMBERS {
        let member = official::ActiveModel {
            jurisdiction_id: Set(council.jurisdiction_id),
            name: Set(format!("Bench Member {n}")),
            title: Set("Council Member".to_owned()),
            district: Set(None),
            contact_email: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        office_term::ActiveModel {
            official_id: Set(member.id),
            body_id: Set(council.id),
            role: Set(OfficeRole::Member),
            starts_on: Set(now.date_naive() - TimeDelta::days(30)),
            ends_on: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        user_account::ActiveModel {
            email: Set(Some(format!("member{n}@bench.example"))),
            email_verified_at: Set(Some(now)),
            password_hash: Set(None),
            display_name: Set(format!("Bench Member {n}")),
            role: Set(UserRole::Resident),
            official_id: Set(Some(member.id)),
            token_version: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    // Items: every demo contract, then solicitations, up to 40.
    let mut subjects: Vec<(SubjectType, i64)> = contract::Entity::find()
        .order_by_asc(contract::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| (SubjectType::Contract, c.id))
        .collect();
    subjects.extend(
        solicitation::Entity::find()
            .order_by_asc(solicitation::Column::Id)
            .all(db)
            .await?
            .into_iter()
            .map(|s| (SubjectType::Solicitation, s.id)),
    );
    subjects.truncate(ITEMS);
    anyhow::ensure!(subjects.len() == ITEMS, "the demo city has too few records");
    for (n, (kind, id)) in subjects.iter().enumerate() {
        agenda_item::ActiveModel {
            meeting_id: Set(meeting.id),
            item_number: Set(format!("{}", n + 1)),
            title: Set(format!("Bench item {}", n + 1)),
            action: Set(AgendaAction::Renewal),
            solicitation_id: Set((*kind == SubjectType::Solicitation).then_some(*id)),
            contract_id: Set((*kind == SubjectType::Contract).then_some(*id)),
            outcome: Set(AgendaOutcome::Pending),
            archived_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    // 2,000 residents write the comments and concerns.
    let residents =
        user_account::Entity::insert_many((0..2_000).map(|n| user_account::ActiveModel {
            email: Set(Some(format!("resident{n}@bench.example"))),
            email_verified_at: Set(Some(now)),
            password_hash: Set(None),
            display_name: Set(format!("Resident {n}")),
            role: Set(UserRole::Resident),
            token_version: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }));
    residents.exec_without_returning(db).await?;
    let authors: Vec<i64> = user_account::Entity::find()
        .filter(user_account::Column::Email.like("resident%@bench.example"))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    let positions = [
        Position::Support,
        Position::Oppose,
        Position::Concern,
        Position::Question,
        Position::Neutral,
    ];
    for (kind, id) in &subjects {
        for chunk in (0..COMMENTS_PER_ITEM).collect::<Vec<_>>().chunks(1_000) {
            comment::Entity::insert_many(chunk.iter().map(|n| comment::ActiveModel {
                subject_type: Set(*kind),
                subject_id: Set(*id),
                author_id: Set(authors[n % authors.len()]),
                organization_id: Set(None),
                parent_id: Set(None),
                depth: Set(0),
                position: Set(Some(positions[n % positions.len()])),
                body: Set(format!(
                    "Comment {n}: what this contract means for our block."
                )),
                visibility: Set(Visibility::Visible),
                report_count: Set(0),
                created_at: Set(now),
                edited_at: Set(None),
                deleted_at: Set(None),
                ..Default::default()
            }))
            .exec_without_returning(db)
            .await?;
        }
        concern::Entity::insert_many((0..CONCERNS_PER_ITEM).map(|n| concern::ActiveModel {
            subject_type: Set(*kind),
            subject_id: Set(*id),
            author_id: Set(authors[(n * 7) % authors.len()]),
            organization_id: Set(None),
            category: Set(ConcernCategory::Outsourcing),
            severity: Set(Severity::Medium),
            summary: Set(format!("Concern {n}")),
            details: Set("Details.".to_owned()),
            evidence_url: Set(None),
            status: Set(ConcernStatus::Open),
            status_changed_by: Set(None),
            status_changed_at: Set(None),
            endorsement_count: Set(i32::try_from((n * 37) % 211).unwrap_or(0)),
            created_at: Set(now),
            ..Default::default()
        }))
        .exec_without_returning(db)
        .await?;
    }
    println!(
        "seeded the bench meeting in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Ok(meeting)
}
