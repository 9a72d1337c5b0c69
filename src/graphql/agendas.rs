//! Agenda items, what they decide, and how each official voted.

use async_graphql::{Context, ID, Object, SimpleObject, Union};
use entity::enums::SubjectType;
use entity::enums::VoteChoice as StoredVote;
use entity::{agenda_item, contract, meeting, official, solicitation};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::{AppError, GqlResult};
use crate::graphql::common::{Connection, connection};
use crate::graphql::context::{by_id, children, page, required, state, viewer, wants_total};
use crate::graphql::contracts::Contract;
use crate::graphql::directory::{Official, global_id, optional_id};
use crate::graphql::enums::{AgendaAction, AgendaOutcome, VoteChoice};
use crate::graphql::loaders::VotesByAgendaItem;
use crate::graphql::meetings::Meeting;
use crate::graphql::solicitations::Solicitation;
use crate::services::{agenda_links, meetings, official_digest};

/// An item on a meeting's agenda.
pub struct AgendaItem(pub agenda_item::Model);

/// What a procurement agenda item decides.
#[derive(Union)]
pub enum AgendaSubject {
    Solicitation(Solicitation),
    Contract(Contract),
}

/// One official's recorded vote.
pub struct RollCallVote(entity::roll_call_vote::Model);

#[Object]
impl RollCallVote {
    async fn official(&self, ctx: &Context<'_>) -> GqlResult<Official> {
        Ok(Official(
            required::<official::Entity>(ctx, self.0.official_id).await?,
        ))
    }
    async fn vote(&self) -> VoteChoice {
        self.0.vote.into()
    }
}

/// Counts of a roll call.
#[derive(SimpleObject, Default)]
pub struct VoteTally {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
    pub absent: u32,
}

#[Object]
impl AgendaItem {
    /// Top-level comments, oldest first (replies hang off each).
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn comments(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<crate::graphql::comments::Comment>> {
        crate::graphql::comments::subject_comments(
            ctx,
            SubjectType::AgendaItem,
            self.0.id,
            first,
            after,
        )
        .await
    }
    /// What the community says, counted.
    async fn tally(&self) -> crate::graphql::comments::Tally {
        crate::graphql::comments::subject_tally(SubjectType::AgendaItem, self.0.id)
    }
    /// What happened to it, newest first (at most 100): changes, renewal windows, votes
    /// scheduled and decided, concerns and answers.
    async fn timeline(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20)] first: i32,
    ) -> GqlResult<Vec<crate::graphql::alerts::TimelineEvent>> {
        crate::graphql::alerts::subject_timeline(ctx, SubjectType::AgendaItem, self.0.id, first)
            .await
    }

    pub async fn id(&self) -> ID {
        global_id(NodeKind::AgendaItem, self.0.id)
    }
    async fn meeting(&self, ctx: &Context<'_>) -> GqlResult<Meeting> {
        Ok(Meeting(
            required::<meeting::Entity>(ctx, self.0.meeting_id).await?,
        ))
    }
    /// The item's number on the agenda, e.g. `7.B`.
    async fn item_number(&self) -> &str {
        &self.0.item_number
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn action(&self) -> AgendaAction {
        self.0.action.into()
    }
    async fn outcome(&self) -> AgendaOutcome {
        self.0.outcome.into()
    }
    /// The solicitation or contract this item decides; empty for other business.
    async fn subject(&self, ctx: &Context<'_>) -> GqlResult<Option<AgendaSubject>> {
        if let Some(id) = self.0.contract_id {
            return Ok(by_id::<contract::Entity>(ctx, id)
                .await?
                .map(|row| AgendaSubject::Contract(Contract(row))));
        }
        if let Some(id) = self.0.solicitation_id {
            return Ok(by_id::<solicitation::Entity>(ctx, id)
                .await?
                .map(|row| AgendaSubject::Solicitation(Solicitation(row))));
        }
        Ok(None)
    }
    /// Each official's recorded vote; empty until the roll call is recorded.
    async fn roll_call(&self, ctx: &Context<'_>) -> GqlResult<Vec<RollCallVote>> {
        Ok(children::<VotesByAgendaItem>(ctx, self.0.id)
            .await?
            .into_iter()
            .map(RollCallVote)
            .collect())
    }
    /// What the community says about what this item decides (its contract or solicitation),
    /// counted: read beside `rollCall` and `voteTally` after the vote. Empty for other business.
    async fn community_tally(&self) -> Option<crate::graphql::comments::Tally> {
        let subject = match (self.0.contract_id, self.0.solicitation_id) {
            (Some(id), _) => (SubjectType::Contract, id),
            (None, Some(id)) => (SubjectType::Solicitation, id),
            (None, None) => return None,
        };
        Some(crate::graphql::comments::subject_tally(
            subject.0, subject.1,
        ))
    }
    /// The roll call counted.
    async fn vote_tally(&self, ctx: &Context<'_>) -> GqlResult<VoteTally> {
        let votes = children::<VotesByAgendaItem>(ctx, self.0.id).await?;
        Ok(votes.iter().fold(VoteTally::default(), |mut tally, row| {
            match row.vote {
                StoredVote::Yes => tally.yes += 1,
                StoredVote::No => tally.no += 1,
                StoredVote::Abstain => tally.abstain += 1,
                StoredVote::Absent => tally.absent += 1,
            }
            tally
        }))
    }
}

/// Agenda queries.
#[derive(Default)]
pub struct AgendaQuery;

/// Where one member's pre-vote digest for one lead time stands.
#[derive(SimpleObject)]
pub struct MeetingDigestLine {
    pub official: Official,
    pub lead_days: i32,
    pub state: DigestState,
    /// When it is planned, was queued, or was sent.
    pub at: Option<chrono::DateTime<chrono::Utc>>,
    pub reason: Option<String>,
}

/// The states of a pre-vote digest.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "crate::services::official_digest::DigestState")]
pub enum DigestState {
    Scheduled,
    Queued,
    Sent,
    Failed,
    NoAddress,
    Skipped,
    OptedOut,
}

/// A rendered message: subject, plain text and HTML.
#[derive(SimpleObject)]
pub struct DigestPreview {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A contract an agenda item probably decides.
#[derive(SimpleObject)]
pub struct AgendaLinkSuggestion {
    pub contract: Contract,
    /// Higher is stronger: a contract number counts 10, the vendor 5, each shared word 1.
    pub score: i32,
    pub reasons: Vec<String>,
}

#[Object]
impl AgendaQuery {
    /// Procurement items (deciding a solicitation or contract) on agendas of meetings that start
    /// within the next `withinDays` days (1–366), soonest first. Cancelled meetings are left out.
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn upcoming_votes(
        &self,
        ctx: &Context<'_>,
        within_days: i32,
        #[graphql(desc = "Only meetings of this jurisdiction's bodies.")] jurisdiction_id: Option<
            ID,
        >,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<AgendaItem>> {
        let page = page(ctx, first, after)?;
        let state = state(ctx);
        let jurisdiction_id =
            optional_id(jurisdiction_id, NodeKind::Jurisdiction, "jurisdictionId")?;
        let rows = meetings::upcoming_votes(
            &state.db.read,
            state.clock.now(),
            within_days,
            jurisdiction_id,
            page,
            wants_total(ctx),
        )
        .await?;
        Ok(connection(rows, AgendaItem))
    }

    /// For staff of its jurisdiction: contracts an unlinked agenda item probably decides, best
    /// first, each with the reasons (its number, its vendor, shared title words). Confirm one
    /// with `linkAgendaItem`. A linked item has none.
    async fn agenda_item_link_suggestions(
        &self,
        ctx: &Context<'_>,
        agenda_item_id: ID,
    ) -> GqlResult<Vec<AgendaLinkSuggestion>> {
        let found =
            agenda_links::suggestions(&state(ctx).db.read, viewer(ctx), &agenda_item_id).await?;
        Ok(found
            .into_iter()
            .map(|s| AgendaLinkSuggestion {
                contract: Contract(s.contract),
                score: s.score,
                reasons: s.reasons,
            })
            .collect())
    }

    /// For staff of the meeting's jurisdiction and the official's own account: the pre-vote
    /// digest an official of the body would receive `leadTime` days before the meeting,
    /// rendered now as it would be sent.
    async fn official_digest_preview(
        &self,
        ctx: &Context<'_>,
        official_id: ID,
        meeting_id: ID,
        lead_time: i32,
    ) -> GqlResult<DigestPreview> {
        let rendered = official_digest::preview(
            state(ctx),
            viewer(ctx),
            &official_id,
            &meeting_id,
            i64::from(lead_time),
        )
        .await?;
        Ok(DigestPreview {
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
        })
    }

    /// For staff of the meeting's jurisdiction: for each member of the body and each lead time,
    /// whether the pre-vote digest is scheduled (when), queued, sent (when), failed (why),
    /// impossible (no verified address), skipped, or declined (the member opted out).
    async fn meeting_digest_status(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
    ) -> GqlResult<Vec<MeetingDigestLine>> {
        let lines = official_digest::status(state(ctx), viewer(ctx), &meeting_id).await?;
        Ok(lines
            .into_iter()
            .map(|line| MeetingDigestLine {
                official: Official(line.official),
                lead_days: i32::try_from(line.lead_days).unwrap_or(i32::MAX),
                state: line.state.into(),
                at: line.at,
                reason: line.reason,
            })
            .collect())
    }

    /// One agenda item.
    async fn agenda_item(&self, ctx: &Context<'_>, id: ID) -> GqlResult<AgendaItem> {
        let id = GlobalId::parse_as(&id, NodeKind::AgendaItem, "id")?;
        let row = by_id::<agenda_item::Entity>(ctx, id).await?;
        Ok(AgendaItem(row.ok_or(AppError::NotFound("agenda item"))?))
    }
}
