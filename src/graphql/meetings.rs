//! Meetings of deciding bodies.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::{body, jurisdiction, meeting};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::{AppError, GqlResult};
use crate::graphql::agendas::AgendaItem;
use crate::graphql::common::{Connection, connection};
use crate::graphql::context::{by_id, children, page, required, state, wants_total};
use crate::graphql::directory::{Body, OfficeTerm, Official, global_id, optional_id};
use crate::graphql::enums::MeetingStatus;
use crate::graphql::loaders::{AgendaItemsByMeeting, TermsByBody};
use crate::services::meetings::{self, MeetingFilter as Filter};
use crate::services::official_digest;

/// A scheduled session of a body.
pub struct Meeting(pub meeting::Model);

#[Object]
impl Meeting {
    /// The row's current state as an opaque token: an edit form sends it back as
    /// `expectedVersion`, so a save over someone else's change is refused.
    async fn version(&self) -> String {
        crate::services::audit::digest(&self.0)
    }
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Meeting, self.0.id)
    }
    async fn body(&self, ctx: &Context<'_>) -> GqlResult<Body> {
        Ok(Body(required::<body::Entity>(ctx, self.0.body_id).await?))
    }
    /// The body's seats on the meeting's date: who answers its roll calls.
    async fn seated_members(&self, ctx: &Context<'_>) -> GqlResult<Vec<OfficeTerm>> {
        let day = self.0.starts_at.date_naive();
        let terms = children::<TermsByBody>(ctx, self.0.body_id).await?;
        Ok(terms
            .into_iter()
            .filter(|term| {
                term.archived_at.is_none()
                    && term.starts_on <= day
                    && term.ends_on.is_none_or(|end| end >= day)
            })
            .map(OfficeTerm)
            .collect())
    }
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at
    }
    /// The start in the jurisdiction's time zone, ISO 8601 with offset, e.g.
    /// `2026-12-01T18:30:00-06:00`.
    async fn local_starts_at(&self, ctx: &Context<'_>) -> GqlResult<String> {
        let body = required::<body::Entity>(ctx, self.0.body_id).await?;
        let jurisdiction = required::<jurisdiction::Entity>(ctx, body.jurisdiction_id).await?;
        let zone: chrono_tz::Tz = jurisdiction.time_zone.parse().map_err(|_| {
            AppError::Unexpected(anyhow::anyhow!(
                "jurisdiction {} has an unknown time zone",
                jurisdiction.id
            ))
        })?;
        Ok(self.0.starts_at.with_timezone(&zone).to_rfc3339())
    }
    async fn location(&self) -> Option<&str> {
        self.0.location.as_deref()
    }
    /// The published agenda.
    async fn agenda_url(&self) -> Option<&str> {
        self.0.agenda_url.as_deref()
    }
    async fn status(&self) -> MeetingStatus {
        self.0.status.into()
    }
    /// What the body's members were told before this meeting: each pre-vote digest and each
    /// "added to the agenda" update as sent (one copy, addressed to the body), when, and which
    /// members received it.
    async fn sent_digests(&self, ctx: &Context<'_>) -> GqlResult<Vec<SentDigest>> {
        let mut sent = Vec::new();
        for a in official_digest::archive(&state(ctx).db.read, self.0.id).await? {
            let mut added_items = Vec::with_capacity(a.added_items.len());
            for id in a.added_items {
                if let Some(item) = by_id::<entity::agenda_item::Entity>(ctx, id).await? {
                    added_items.push(AgendaItem(item));
                }
            }
            sent.push(SentDigest {
                copy_id: ID(a.copy.id.to_string()),
                lead_days: a.copy.lead_days,
                sent_at: a.copy.created_at,
                subject: a.copy.subject,
                text: a.copy.text_body,
                html: a.copy.html_body,
                added_items,
                recipients: a.recipients.into_iter().map(Official).collect(),
            });
        }
        Ok(sent)
    }
    /// Every item on the agenda, in agenda order.
    async fn agenda_items(&self, ctx: &Context<'_>) -> GqlResult<Vec<AgendaItem>> {
        Ok(children::<AgendaItemsByMeeting>(ctx, self.0.id)
            .await?
            .into_iter()
            .map(AgendaItem)
            .collect())
    }
}

/// A pre-vote digest, or an "added to the agenda" update, as the body's members received it.
#[derive(async_graphql::SimpleObject)]
pub struct SentDigest {
    /// This copy's number, which `CommentReach.copyId` names.
    pub copy_id: ID,
    /// Days before the meeting it went (whole days, for an update).
    pub lead_days: i32,
    pub sent_at: DateTime<Utc>,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// For an "added to the agenda" update, the items it added; empty for a pre-vote digest.
    pub added_items: Vec<AgendaItem>,
    /// The members it was sent to.
    pub recipients: Vec<Official>,
}

/// Which meetings to list.
#[derive(InputObject, Default)]
pub struct MeetingFilter {
    pub body_id: Option<ID>,
    /// Only meetings of this jurisdiction's bodies.
    pub jurisdiction_id: Option<ID>,
    /// Starting at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Starting before this instant.
    pub to: Option<DateTime<Utc>>,
}

/// Meeting queries.
#[derive(Default)]
pub struct MeetingQuery;

#[Object]
impl MeetingQuery {
    /// Meetings, earliest first.
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn meetings(
        &self,
        ctx: &Context<'_>,
        filter: Option<MeetingFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<Meeting>> {
        let filter = filter.unwrap_or_default();
        let filter = Filter {
            body_id: optional_id(filter.body_id, NodeKind::Body, "bodyId")?,
            jurisdiction_id: optional_id(
                filter.jurisdiction_id,
                NodeKind::Jurisdiction,
                "jurisdictionId",
            )?,
            from: filter.from,
            to: filter.to,
        };
        let page = page(ctx, first, after)?;
        let rows = meetings::list(&state(ctx).db.read, filter, page, wants_total(ctx)).await?;
        Ok(connection(rows, Meeting))
    }

    /// One meeting.
    async fn meeting(&self, ctx: &Context<'_>, id: ID) -> GqlResult<Meeting> {
        let id = GlobalId::parse_as(&id, NodeKind::Meeting, "id")?;
        let row = by_id::<meeting::Entity>(ctx, id).await?;
        Ok(Meeting(row.ok_or(AppError::NotFound("meeting"))?))
    }
}
