//! Reports, the moderators' queue and decisions, and the public moderation log.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::{comment, moderation_action};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::GqlResult;
use crate::graphql::comments::Comment;
use crate::graphql::common::{Connection, connection};
use crate::graphql::context::{meta, page, state, viewer, wants_total};
use crate::graphql::directory::global_id;
use crate::graphql::enums::{ModerationKind, ReportReason};
use crate::services::moderation::{self, Decision};

/// A comment awaiting a moderator: hidden, or reported since its last review.
pub struct ModerationCase(comment::Model);

#[Object]
impl ModerationCase {
    async fn comment(&self) -> Comment {
        Comment(self.0.clone())
    }
    /// Distinct people who reported it since its last review.
    async fn report_count(&self) -> i32 {
        self.0.report_count
    }
    /// The reports since the last review (who reported is never shown).
    async fn reports(&self, ctx: &Context<'_>) -> GqlResult<Vec<Report>> {
        Ok(
            moderation::open_reports(&state(ctx).db.read, viewer(ctx), self.0.id)
                .await?
                .into_iter()
                .map(|r| Report {
                    reason: r.reason.into(),
                    details: r.details,
                    created_at: r.created_at,
                })
                .collect(),
        )
    }
}

/// One report, without its reporter.
#[derive(SimpleObject)]
pub struct Report {
    pub reason: ReportReason,
    pub details: String,
    pub created_at: DateTime<Utc>,
}

/// One entry of the public moderation log: what was done and why, never who reported.
pub struct ModerationLogEntry(moderation_action::Model);

#[Object]
impl ModerationLogEntry {
    /// The comment acted on (`node` shows it only while it is visible).
    async fn comment_id(&self) -> ID {
        global_id(NodeKind::Comment, self.0.comment_id)
    }
    async fn action(&self) -> ModerationKind {
        self.0.action.into()
    }
    async fn reason(&self) -> &str {
        &self.0.reason
    }
    /// Whether reports triggered it rather than a moderator.
    async fn automatic(&self) -> bool {
        self.0.moderator_id.is_none()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// Moderation reads.
#[derive(Default)]
pub struct ModerationQuery;

#[Object]
impl ModerationQuery {
    /// Hidden and reported comments, most reported first; visible to moderators only.
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn moderation_queue(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<ModerationCase>> {
        let request = page(ctx, first, after)?;
        let rows =
            moderation::queue(&state(ctx).db.read, viewer(ctx), request, wants_total(ctx)).await?;
        Ok(connection(rows, ModerationCase))
    }
    /// An author's comments, newest first, hidden and removed ones included: moderators
    /// only, to judge one comment beside the author's others.
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn author_history(
        &self,
        ctx: &Context<'_>,
        user_id: ID,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<Comment>> {
        let author = GlobalId::parse_as(&user_id, NodeKind::User, "userId")?;
        let request = page(ctx, first, after)?;
        let rows = moderation::author_history(
            &state(ctx).db.read,
            viewer(ctx),
            author,
            request,
            wants_total(ctx),
        )
        .await?;
        Ok(connection(rows, Comment))
    }
    /// Every moderation action, newest first: public.
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn moderation_log(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<ModerationLogEntry>> {
        let request = page(ctx, first, after)?;
        let rows = moderation::log_page(&state(ctx).db.read, request, wants_total(ctx)).await?;
        Ok(connection(rows, ModerationLogEntry))
    }
}

/// What a moderator does to a comment.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModerationDecision {
    Hide,
    Restore,
    Remove,
}

#[derive(InputObject)]
pub struct ReportCommentInput {
    pub comment_id: ID,
    pub reason: ReportReason,
    /// Up to 1,000 characters, for moderators only.
    #[graphql(default)]
    pub details: String,
}

#[derive(InputObject)]
pub struct ModerateCommentInput {
    pub comment_id: ID,
    pub action: ModerationDecision,
    /// Published in the moderation log and mailed to the author.
    pub reason: String,
}

/// Reporting and moderating.
#[derive(Default)]
pub struct ModerationMutation;

#[Object]
impl ModerationMutation {
    /// Reports a comment that breaks the rules (once per comment). Enough reports from
    /// different people hide it until a moderator reviews it.
    async fn report_comment(
        &self,
        ctx: &Context<'_>,
        input: ReportCommentInput,
    ) -> GqlResult<bool> {
        moderation::report(
            state(ctx),
            viewer(ctx),
            &input.comment_id,
            input.reason.into(),
            &input.details,
        )
        .await?;
        Ok(true)
    }
    /// Hides, restores or removes a comment: moderators only. Logged publicly with the reason,
    /// and the author is told.
    async fn moderate_comment(
        &self,
        ctx: &Context<'_>,
        input: ModerateCommentInput,
    ) -> GqlResult<Comment> {
        let decision = match input.action {
            ModerationDecision::Hide => Decision::Hide,
            ModerationDecision::Restore => Decision::Restore,
            ModerationDecision::Remove => Decision::Remove,
        };
        Ok(Comment(
            moderation::moderate(
                state(ctx),
                viewer(ctx),
                &meta(ctx),
                &input.comment_id,
                decision,
                &input.reason,
            )
            .await?,
        ))
    }
}
