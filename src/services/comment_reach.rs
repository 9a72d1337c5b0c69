//! "Your comment reached them": once the members of a deciding body have received a digest,
//! each person whose comment it carried — counted in an item's tally, and perhaps quoted — is
//! told so, once per comment, in one short message per digest with a link to the public copy of
//! what the members received; and the comment says so on its page (`Comment.reached`).
//!
//! A unique `comment_reach` row per comment, written in the transaction that enqueues the
//! author's message, means racing workers tell each author once; a comment that first reached
//! the members in a later digest (posted after the first one went) is told about that one.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use entity::{comment, comment_reach, user_account};
use minijinja::context;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait, TryInsertResult,
};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::AppError;
use crate::outbox::NewEmail;
use crate::services::official_digest::MeetingDigest;
use crate::services::{meetings, subjects, tallies};
use crate::state::AppState;

/// Records which comments the digest archived as `archive_id`, sent to `recipients` members,
/// carried, and tells their authors. Returns the messages enqueued.
pub async fn record(
    state: &AppState,
    digest: &MeetingDigest,
    archive_id: i64,
    recipients: u64,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let db = &state.db.write;
    let keys: Vec<_> = digest.entries.iter().map(|e| e.subject).collect();
    if keys.is_empty() || recipients == 0 {
        return Ok(0);
    }
    let carried = comment::Entity::find()
        .filter(tallies::subjects_in(
            &keys,
            comment::Column::SubjectType,
            comment::Column::SubjectId,
        ))
        .filter(tallies::counted_comments())
        .filter(comment::Column::CreatedAt.lte(now))
        .all(db)
        .await?;
    let known: HashSet<i64> = comment_reach::Entity::find()
        .filter(comment_reach::Column::CommentId.is_in(carried.iter().map(|c| c.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.comment_id)
        .collect();
    let mut by_author: BTreeMap<i64, Vec<&comment::Model>> = BTreeMap::new();
    for c in carried.iter().filter(|c| !known.contains(&c.id)) {
        by_author.entry(c.author_id).or_default().push(c);
    }
    if by_author.is_empty() {
        return Ok(0);
    }
    let authors: BTreeMap<i64, user_account::Model> = user_account::Entity::find()
        .filter(user_account::Column::Id.is_in(by_author.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let zone = meetings::zone(db, &digest.body).await?;
    let sent_on = now.with_timezone(&zone).format("%-d %B %Y").to_string();
    let days_before = (digest.meeting.starts_at - now).num_days();
    let copy_link = format!(
        "{}#digest-{archive_id}",
        subjects::link(
            state.mailer.app_url(),
            GlobalId::new(NodeKind::Meeting, digest.meeting.id)
        )
    );
    let recipients_i32 = i32::try_from(recipients).unwrap_or(i32::MAX);
    let mut enqueued = 0;
    for (author_id, comments) in by_author {
        let txn = db.begin().await?;
        let mut fresh = Vec::new();
        for c in comments {
            let quoted = digest.quoted.contains(&c.id);
            let inserted = comment_reach::Entity::insert(comment_reach::ActiveModel {
                comment_id: Set(c.id),
                archive_id: Set(archive_id),
                meeting_id: Set(digest.meeting.id),
                recipients: Set(recipients_i32),
                quoted: Set(quoted),
                created_at: Set(now),
                ..Default::default()
            })
            .on_conflict_do_nothing_on([comment_reach::Column::CommentId])
            .exec(&txn)
            .await?;
            if matches!(inserted, TryInsertResult::Inserted(_)) {
                fresh.push((c, quoted));
            }
        }
        let author = authors
            .get(&author_id)
            .filter(|a| a.deleted_at.is_none() && a.email_verified_at.is_some());
        let (Some(author), false) = (author, fresh.is_empty()) else {
            // Nothing new (another worker told them), or nobody to tell: keep the record.
            txn.commit().await?;
            continue;
        };
        let Some(to) = author.email.clone() else {
            txn.commit().await?;
            continue;
        };
        let lines: Vec<_> = fresh
            .iter()
            .filter_map(|(c, quoted)| {
                let entry = digest
                    .entries
                    .iter()
                    .find(|e| e.subject == (c.subject_type, c.subject_id))?;
                Some(context! {
                    title => entry.title.clone(),
                    link => entry.link.clone(),
                    quoted => *quoted,
                })
            })
            .collect();
        state
            .mailer
            .enqueue(
                &txn,
                now,
                NewEmail {
                    kind: "comment_reach",
                    subject_key: archive_id.to_string(),
                    to,
                    to_name: Some(author.display_name.clone()),
                    template: "comment_reach",
                    context: context! {
                        name => author.display_name.clone(),
                        recipients => recipients,
                        body => digest.body.name.clone(),
                        sent_on => sent_on.clone(),
                        days_before => days_before,
                        lines => lines,
                        copy_link => copy_link.clone(),
                    },
                    topic: Some(topic(author.id)),
                },
            )
            .await?;
        txn.commit().await?;
        enqueued += 1;
    }
    Ok(enqueued)
}

/// The stream one-click unsubscribe turns off for one person's "your comment reached them" mail.
pub fn topic(user_id: i64) -> String {
    format!("reach:user:{user_id}")
}
