//! Concerns, their endorsements and co-signatures, and official responses.

use async_graphql::{Context, Enum, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::{concern, concern_response, official, organization, user_account};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::domain::markdown;
use crate::error::GqlResult;
use crate::graphql::comments::{Subject, subject};
use crate::graphql::common::{Connection, connection};
use crate::graphql::context::{by_id, loader, meta, page, required, state, viewer, wants_total};
use crate::graphql::directory::{Official, global_id};
use crate::graphql::enums::{ConcernCategory, ConcernStatus, Severity};
use crate::graphql::loaders::{ById, ConcernsBySubject, Cosigners, ViewerEndorsements};
use crate::graphql::organizations::{Organization, User};
use crate::services::concerns::{self, NewConcern};

/// A structured concern about a solicitation, contract or agenda item.
pub struct Concern(pub concern::Model);

#[Object]
impl Concern {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Concern, self.0.id)
    }
    async fn subject(&self, ctx: &Context<'_>) -> GqlResult<Subject> {
        subject(ctx, self.0.subject_type, self.0.subject_id).await
    }
    async fn author(&self, ctx: &Context<'_>) -> GqlResult<User> {
        Ok(User(
            required::<user_account::Entity>(ctx, self.0.author_id).await?,
        ))
    }
    /// The verified organisation that flagged it, when a representative did so in its name.
    async fn organization(&self, ctx: &Context<'_>) -> GqlResult<Option<Organization>> {
        match self.0.organization_id {
            Some(id) => Ok(by_id::<organization::Entity>(ctx, id)
                .await?
                .map(Organization)),
            None => Ok(None),
        }
    }
    async fn category(&self) -> ConcernCategory {
        self.0.category.into()
    }
    async fn severity(&self) -> Severity {
        self.0.severity.into()
    }
    async fn summary(&self) -> &str {
        &self.0.summary
    }
    /// The details as written (plain text).
    async fn details(&self) -> &str {
        &self.0.details
    }
    /// The details rendered from Markdown and sanitised.
    async fn details_html(&self) -> String {
        markdown::render(&self.0.details)
    }
    async fn evidence_url(&self) -> Option<&str> {
        self.0.evidence_url.as_deref()
    }
    async fn status(&self) -> ConcernStatus {
        self.0.status.into()
    }
    /// Who last changed the status, and when.
    async fn status_changed_by(&self, ctx: &Context<'_>) -> GqlResult<Option<User>> {
        match self.0.status_changed_by {
            Some(id) => Ok(by_id::<user_account::Entity>(ctx, id).await?.map(User)),
            None => Ok(None),
        }
    }
    async fn status_changed_at(&self) -> Option<DateTime<Utc>> {
        self.0.status_changed_at
    }
    /// People who endorsed it.
    async fn endorsements(&self) -> i32 {
        self.0.endorsement_count
    }
    /// Whether the viewer endorsed it.
    async fn viewer_has_endorsed(&self, ctx: &Context<'_>) -> GqlResult<bool> {
        Ok(loader::<ViewerEndorsements>(ctx)?
            .load_one(self.0.id)
            .await?
            .is_some())
    }
    /// Verified organisations that co-signed it.
    async fn cosigners(&self, ctx: &Context<'_>) -> GqlResult<Vec<Organization>> {
        let ids = loader::<Cosigners>(ctx)?
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        let orgs = loader::<ById<organization::Entity>>(ctx)?
            .load_many(ids.iter().copied())
            .await?;
        Ok(ids
            .iter()
            .filter_map(|id| orgs.get(id).cloned().map(Organization))
            .collect())
    }
    /// Official responses, oldest first.
    async fn responses(&self, ctx: &Context<'_>) -> GqlResult<Vec<ConcernResponse>> {
        Ok(concerns::responses(&state(ctx).db.read, self.0.id)
            .await?
            .into_iter()
            .map(ConcernResponse)
            .collect())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// An official answer to a concern.
pub struct ConcernResponse(concern_response::Model);

#[Object]
impl ConcernResponse {
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn body_html(&self) -> String {
        markdown::render(&self.0.body)
    }
    /// The status the response set.
    async fn status(&self) -> ConcernStatus {
        self.0.status.into()
    }
    /// Who answered.
    async fn responder(&self, ctx: &Context<'_>) -> GqlResult<User> {
        Ok(User(
            required::<user_account::Entity>(ctx, self.0.responder_id).await?,
        ))
    }
    /// The official who answered, when an official did; otherwise procurement staff answered for
    /// the government.
    async fn official(&self, ctx: &Context<'_>) -> GqlResult<Option<Official>> {
        match self.0.official_id {
            Some(id) => Ok(by_id::<official::Entity>(ctx, id).await?.map(Official)),
            None => Ok(None),
        }
    }
    /// Always true: only staff and deciding officials can respond.
    async fn official_response(&self) -> bool {
        true
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// Concerns about a subject, most endorsed first.
pub async fn ranked(
    ctx: &Context<'_>,
    key: crate::graphql::loaders::SubjectKey,
) -> GqlResult<Vec<Concern>> {
    Ok(loader::<ConcernsBySubject>(ctx)?
        .load_one(key)
        .await?
        .unwrap_or_default()
        .into_iter()
        .map(Concern)
        .collect())
}

#[derive(InputObject)]
pub struct FlagConcernInput {
    /// A solicitation, contract or agenda item.
    pub subject_id: ID,
    pub category: ConcernCategory,
    pub severity: Severity,
    /// One line, 1–200 characters.
    pub summary: String,
    /// Markdown, up to 5,000 characters.
    #[graphql(default)]
    pub details: String,
    /// An http(s) link to evidence (minutes, a news report, a filing).
    pub evidence_url: Option<String>,
    /// Flag as this verified organisation (you must be its representative).
    pub on_behalf_of_organization_id: Option<ID>,
}

#[derive(InputObject)]
pub struct RespondToConcernInput {
    pub concern_id: ID,
    /// Markdown, 1–5,000 characters.
    pub body: String,
    pub status: ConcernStatus,
}

/// Which concerns to answer come first.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum ConcernOrder {
    /// The longest waiting first.
    Oldest,
    /// The most endorsed first, then the longest waiting.
    MostEndorsed,
}

/// Reading concerns to answer.
#[derive(Default)]
pub struct ConcernQuery;

#[Object]
impl ConcernQuery {
    /// Concerns still open or only acknowledged on a jurisdiction's solicitations, contracts
    /// and agenda items: for its staff, admins and its officials.
    #[graphql(complexity = "crate::graphql::page_cost(first, child_complexity)")]
    async fn concerns_to_answer(
        &self,
        ctx: &Context<'_>,
        jurisdiction_id: ID,
        #[graphql(default_with = "ConcernOrder::Oldest")] order: ConcernOrder,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<Concern>> {
        let jurisdiction =
            GlobalId::parse_as(&jurisdiction_id, NodeKind::Jurisdiction, "jurisdictionId")?;
        let order = match order {
            ConcernOrder::Oldest => concerns::AnswerOrder::Oldest,
            ConcernOrder::MostEndorsed => concerns::AnswerOrder::MostEndorsed,
        };
        let request = page(ctx, first, after)?;
        let rows = concerns::to_answer(
            state(ctx),
            viewer(ctx),
            jurisdiction,
            order,
            request,
            wants_total(ctx),
        )
        .await?;
        Ok(connection(rows, Concern))
    }
}

/// Flagging, endorsing and answering concerns.
#[derive(Default)]
pub struct ConcernMutation;

#[Object]
impl ConcernMutation {
    /// Flags a concern about a subject. Verified accounts only.
    async fn flag_concern(&self, ctx: &Context<'_>, input: FlagConcernInput) -> GqlResult<Concern> {
        let row = concerns::flag(
            state(ctx),
            viewer(ctx),
            NewConcern {
                subject_id: input.subject_id.to_string(),
                category: input.category.into(),
                severity: input.severity.into(),
                summary: input.summary,
                details: input.details,
                evidence_url: input.evidence_url,
                on_behalf_of_organization_id: input
                    .on_behalf_of_organization_id
                    .map(|id| id.to_string()),
            },
        )
        .await?;
        Ok(Concern(row))
    }
    /// Endorses a concern (once per person), or co-signs it for a verified organisation you
    /// represent.
    async fn endorse_concern(
        &self,
        ctx: &Context<'_>,
        concern_id: ID,
        on_behalf_of_organization_id: Option<ID>,
    ) -> GqlResult<Concern> {
        Ok(Concern(
            concerns::endorse(
                state(ctx),
                viewer(ctx),
                &concern_id,
                on_behalf_of_organization_id.as_ref().map(|id| id.as_str()),
            )
            .await?,
        ))
    }
    /// Takes back an endorsement or an organisation's co-signature.
    async fn withdraw_endorsement(
        &self,
        ctx: &Context<'_>,
        concern_id: ID,
        on_behalf_of_organization_id: Option<ID>,
    ) -> GqlResult<Concern> {
        Ok(Concern(
            concerns::withdraw(
                state(ctx),
                viewer(ctx),
                &concern_id,
                on_behalf_of_organization_id.as_ref().map(|id| id.as_str()),
            )
            .await?,
        ))
    }
    /// Answers a concern officially and sets its status: staff of the subject's jurisdiction, or
    /// an official seated on a body that decides the subject.
    async fn respond_to_concern(
        &self,
        ctx: &Context<'_>,
        input: RespondToConcernInput,
    ) -> GqlResult<Concern> {
        let (row, _) = concerns::respond(
            state(ctx),
            viewer(ctx),
            &meta(ctx),
            &input.concern_id,
            &input.body,
            input.status.into(),
        )
        .await?;
        Ok(Concern(row))
    }
}
