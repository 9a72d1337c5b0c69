//! Comments with a stance, their threads, and the tallies every subject shows.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject, Union};
use chrono::{DateTime, Utc};
use entity::enums::SubjectType;
use entity::{agenda_item, comment, concern, contract, organization, solicitation, user_account};

use crate::domain::ids::NodeKind;
use crate::domain::markdown;
use crate::error::GqlResult;
use crate::graphql::agendas::AgendaItem;
use crate::graphql::common::{Connection, connection};
use crate::graphql::context::{
    by_id, children, loader, page, required, state, viewer, wants_total,
};
use crate::graphql::contracts::Contract;
use crate::graphql::directory::Body;
use crate::graphql::directory::global_id;
use crate::graphql::enums::{Position, Visibility};
use crate::graphql::loaders::{
    ConcernsBySubject, OrganizationComments, PositionTallies, ReachOfComment, Replies, SubjectKey,
};
use crate::graphql::meetings::Meeting;
use crate::graphql::organizations::{Organization, User};
use crate::graphql::solicitations::Solicitation;
use crate::services::comments::{self, NewComment};

/// A comment on a solicitation, contract or agenda item.
pub struct Comment(pub comment::Model);

/// What a comment or concern is about.
#[derive(Union)]
pub enum Subject {
    Solicitation(Solicitation),
    Contract(Contract),
    AgendaItem(AgendaItem),
}

/// Loads a subject for display (archived ones included: the comment was made while it was live).
pub async fn subject(ctx: &Context<'_>, kind: SubjectType, id: i64) -> GqlResult<Subject> {
    Ok(match kind {
        SubjectType::Solicitation => Subject::Solicitation(Solicitation(
            required::<solicitation::Entity>(ctx, id).await?,
        )),
        SubjectType::Contract => {
            Subject::Contract(Contract(required::<contract::Entity>(ctx, id).await?))
        }
        SubjectType::AgendaItem => {
            Subject::AgendaItem(AgendaItem(required::<agenda_item::Entity>(ctx, id).await?))
        }
    })
}

#[Object]
impl Comment {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Comment, self.0.id)
    }
    async fn subject(&self, ctx: &Context<'_>) -> GqlResult<Subject> {
        subject(ctx, self.0.subject_type, self.0.subject_id).await
    }
    /// Who wrote it; null once the author deleted it.
    async fn author(&self, ctx: &Context<'_>) -> GqlResult<Option<User>> {
        if self.0.deleted_at.is_some() {
            return Ok(None);
        }
        Ok(Some(User(
            required::<user_account::Entity>(ctx, self.0.author_id).await?,
        )))
    }
    /// The verified organisation whose position this is, when a representative posted it in the
    /// organisation's name.
    async fn organization(&self, ctx: &Context<'_>) -> GqlResult<Option<Organization>> {
        match self.0.organization_id {
            Some(id) => Ok(by_id::<organization::Entity>(ctx, id)
                .await?
                .map(Organization)),
            None => Ok(None),
        }
    }
    /// Where a top-level comment stands; null on replies.
    async fn position(&self) -> Option<Position> {
        self.0.position.map(Into::into)
    }
    /// The Markdown as written, to show as plain text (never insert it as HTML). Empty once
    /// deleted.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// The body rendered from Markdown and sanitised: safe to insert as HTML.
    async fn body_html(&self) -> String {
        markdown::render(&self.0.body)
    }
    /// 1 for a top-level comment; replies nest to depth 3.
    async fn depth(&self) -> i32 {
        self.0.depth
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn edited(&self) -> bool {
        self.0.edited_at.is_some()
    }
    async fn edited_at(&self) -> Option<DateTime<Utc>> {
        self.0.edited_at
    }
    /// Deleted by its author: the thread stays, the text and author go.
    async fn deleted(&self) -> bool {
        self.0.deleted_at.is_some()
    }
    /// The comment replied to, if the viewer may see it.
    async fn parent(&self, ctx: &Context<'_>) -> GqlResult<Option<Comment>> {
        let Some(id) = self.0.parent_id else {
            return Ok(None);
        };
        Ok(comments::find(&state(ctx).db.read, viewer(ctx), id)
            .await?
            .map(Comment))
    }
    /// Replies, oldest first.
    async fn replies(&self, ctx: &Context<'_>) -> GqlResult<Vec<Comment>> {
        Ok(loader::<Replies>(ctx)?
            .load_one(self.0.id)
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(Comment)
            .collect())
    }
    /// Earlier versions of the body, oldest first; visible to the author and moderators only.
    async fn revisions(&self, ctx: &Context<'_>) -> GqlResult<Vec<CommentRevision>> {
        Ok(
            comments::revisions(&state(ctx).db.read, viewer(ctx), &self.0)
                .await?
                .into_iter()
                .map(|r| CommentRevision {
                    body: r.body,
                    replaced_at: r.created_at,
                })
                .collect(),
        )
    }
    /// The digest that first carried this comment to the members of the deciding body, once
    /// one has gone: the proof that it reached the people who vote.
    async fn reached(&self, ctx: &Context<'_>) -> GqlResult<Option<CommentReach>> {
        if self.0.deleted_at.is_some() {
            return Ok(None);
        }
        let Some(row) = children::<ReachOfComment>(ctx, self.0.id).await?.pop() else {
            return Ok(None);
        };
        let meeting = required::<entity::meeting::Entity>(ctx, row.meeting_id).await?;
        let body = required::<entity::body::Entity>(ctx, meeting.body_id).await?;
        Ok(Some(CommentReach {
            archive_id: row.archive_id,
            recipients: row.recipients,
            quoted: row.quoted,
            sent_at: row.created_at,
            meeting: Meeting(meeting),
            body: Body(body),
        }))
    }
    /// Moderation state; visible to moderators only (everyone else only ever sees `VISIBLE`
    /// comments).
    async fn visibility(&self, ctx: &Context<'_>) -> GqlResult<Visibility> {
        viewer(ctx).moderator()?;
        Ok(self.0.visibility.into())
    }
}

/// A digest that carried a comment to the members of a body.
pub struct CommentReach {
    archive_id: i64,
    recipients: i32,
    quoted: bool,
    sent_at: DateTime<Utc>,
    meeting: Meeting,
    body: Body,
}

#[Object]
impl CommentReach {
    /// How many members it was sent to.
    async fn recipients(&self) -> i32 {
        self.recipients
    }
    /// Quoted in the digest, not only counted in an item's tally.
    async fn quoted(&self) -> bool {
        self.quoted
    }
    async fn sent_at(&self) -> DateTime<Utc> {
        self.sent_at
    }
    /// The meeting the digest was for; its `sentDigests` hold the copy.
    async fn meeting(&self) -> &Meeting {
        &self.meeting
    }
    /// The body whose members received it.
    async fn body(&self) -> &Body {
        &self.body
    }
    /// The archived copy's number among the meeting's `sentDigests` (`SentDigest.copyId`).
    async fn copy_id(&self) -> ID {
        ID(self.archive_id.to_string())
    }
}

/// A comment's body before an edit or deletion.
#[derive(SimpleObject)]
pub struct CommentRevision {
    pub body: String,
    pub replaced_at: DateTime<Utc>,
}

/// Counts of top-level comments taking one position.
#[derive(SimpleObject)]
pub struct PositionCount {
    pub position: Position,
    /// Comments by people speaking for themselves.
    pub people: i64,
    /// Comments posted in verified organisations' names.
    pub organizations: i64,
}

/// A verified organisation's position on a subject: its latest top-level comment in its own
/// name or, if it only flagged a concern, `CONCERN` with that concern.
pub enum OrganizationPosition {
    Comment(comment::Model),
    Concern(concern::Model),
}

#[Object]
impl OrganizationPosition {
    async fn organization(&self, ctx: &Context<'_>) -> GqlResult<Option<Organization>> {
        let id = match self {
            Self::Comment(row) => row.organization_id,
            Self::Concern(row) => row.organization_id,
        };
        match id {
            Some(id) => Ok(by_id::<organization::Entity>(ctx, id)
                .await?
                .map(Organization)),
            None => Ok(None),
        }
    }
    async fn position(&self) -> Option<Position> {
        match self {
            Self::Comment(row) => row.position.map(Into::into),
            Self::Concern(_) => Some(Position::Concern),
        }
    }
    /// The comment that states it, if any.
    async fn comment(&self) -> Option<Comment> {
        match self {
            Self::Comment(row) => Some(Comment(row.clone())),
            Self::Concern(_) => None,
        }
    }
    /// The concern the organisation flagged, when that is its only word on the subject.
    async fn concern(&self) -> Option<crate::graphql::concerns::Concern> {
        match self {
            Self::Comment(_) => None,
            Self::Concern(row) => Some(crate::graphql::concerns::Concern(row.clone())),
        }
    }
}

/// What the community says about a subject, counted in the database.
pub struct Tally(SubjectKey);

#[Object]
impl Tally {
    /// Top-level comments by position; positions nobody took are left out.
    async fn positions(&self, ctx: &Context<'_>) -> GqlResult<Vec<PositionCount>> {
        let rows = loader::<PositionTallies>(ctx)?
            .load_one(self.0)
            .await?
            .unwrap_or_default();
        let mut counts: Vec<PositionCount> = Vec::new();
        for (position, by_organization, n) in rows {
            let Some(position) = position.map(Position::from) else {
                continue;
            };
            let index = match counts.iter().position(|c| c.position == position) {
                Some(index) => index,
                None => {
                    counts.push(PositionCount {
                        position,
                        people: 0,
                        organizations: 0,
                    });
                    counts.len() - 1
                }
            };
            let entry = &mut counts[index];
            if by_organization {
                entry.organizations += n;
            } else {
                entry.people += n;
            }
        }
        counts.sort_by_key(|c| c.position as u8);
        Ok(counts)
    }
    /// Concerns, most endorsed first.
    async fn concerns(
        &self,
        ctx: &Context<'_>,
    ) -> GqlResult<Vec<crate::graphql::concerns::Concern>> {
        crate::graphql::concerns::ranked(ctx, self.0).await
    }
    /// Each verified organisation's current position: its latest top-level comment here, or
    /// `CONCERN` if it has only flagged a concern.
    async fn organization_positions(
        &self,
        ctx: &Context<'_>,
    ) -> GqlResult<Vec<OrganizationPosition>> {
        let rows = loader::<OrganizationComments>(ctx)?
            .load_one(self.0)
            .await?
            .unwrap_or_default();
        let mut latest: Vec<comment::Model> = Vec::new();
        for row in rows {
            match latest
                .iter_mut()
                .find(|c| c.organization_id == row.organization_id)
            {
                Some(slot) => *slot = row,
                None => latest.push(row),
            }
        }
        let concerns = loader::<ConcernsBySubject>(ctx)?
            .load_one(self.0)
            .await?
            .unwrap_or_default();
        let mut positions: Vec<OrganizationPosition> = latest
            .into_iter()
            .map(OrganizationPosition::Comment)
            .collect();
        for row in concerns {
            let Some(org) = row.organization_id else {
                continue;
            };
            let taken = positions.iter().any(|p| match p {
                OrganizationPosition::Comment(c) => c.organization_id == Some(org),
                OrganizationPosition::Concern(c) => c.organization_id == Some(org),
            });
            if !taken {
                positions.push(OrganizationPosition::Concern(row));
            }
        }
        Ok(positions)
    }
}

/// The `comments` field of a subject.
pub async fn subject_comments(
    ctx: &Context<'_>,
    kind: SubjectType,
    id: i64,
    first: Option<i32>,
    after: Option<String>,
) -> GqlResult<Connection<Comment>> {
    let request = page(ctx, first, after)?;
    let rows = comments::top_level(
        &state(ctx).db.read,
        viewer(ctx),
        kind,
        id,
        request,
        wants_total(ctx),
    )
    .await?;
    Ok(connection(rows, Comment))
}

/// The `tally` field of a subject.
pub fn subject_tally(kind: SubjectType, id: i64) -> Tally {
    Tally((kind, id))
}

#[derive(InputObject)]
pub struct PostCommentInput {
    /// A solicitation, contract or agenda item.
    pub subject_id: ID,
    /// Markdown, 1–5,000 characters.
    pub body: String,
    /// Required on a top-level comment; not allowed on a reply.
    pub position: Option<Position>,
    /// The comment this replies to.
    pub parent_id: Option<ID>,
    /// Post as this verified organisation (you must be its representative).
    pub on_behalf_of_organization_id: Option<ID>,
}

#[derive(InputObject)]
pub struct EditCommentInput {
    pub comment_id: ID,
    pub body: String,
}

/// Posting, editing and deleting comments.
#[derive(Default)]
pub struct CommentMutation;

#[Object]
impl CommentMutation {
    /// Comments on a subject, or replies to a comment. Verified accounts only.
    async fn post_comment(&self, ctx: &Context<'_>, input: PostCommentInput) -> GqlResult<Comment> {
        let row = comments::post(
            state(ctx),
            viewer(ctx),
            NewComment {
                subject_id: input.subject_id.to_string(),
                body: input.body,
                position: input.position.map(Into::into),
                parent_id: input.parent_id.map(|id| id.to_string()),
                on_behalf_of_organization_id: input
                    .on_behalf_of_organization_id
                    .map(|id| id.to_string()),
            },
        )
        .await?;
        Ok(Comment(row))
    }
    /// Changes your comment's text; the earlier text is kept and the comment shows as edited.
    async fn edit_comment(&self, ctx: &Context<'_>, input: EditCommentInput) -> GqlResult<Comment> {
        Ok(Comment(
            comments::edit(state(ctx), viewer(ctx), &input.comment_id, &input.body).await?,
        ))
    }
    /// Deletes your comment: its text and your name go, replies stay.
    async fn delete_comment(&self, ctx: &Context<'_>, comment_id: ID) -> GqlResult<Comment> {
        Ok(Comment(
            comments::delete(state(ctx), viewer(ctx), &comment_id).await?,
        ))
    }
}
