//! Admin-only reads and changes: roles, officials' accounts, the audit log.

use async_graphql::{ComplexObject, Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::audit_log;

use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::GqlResult;
use crate::graphql::common::{Connection, connection};
use crate::graphql::context::{by_id, meta, page, state, viewer, wants_total};
use crate::graphql::directory::{global_id, optional_id};
use crate::graphql::enums::UserRole;
use crate::services::admin;

/// One audit log entry.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct AuditEntry {
    #[graphql(skip)]
    pub actor: Option<i64>,
    pub id: ID,
    /// The acting account; empty for the command line.
    pub actor_id: Option<ID>,
    pub actor_role: String,
    /// The mutation, e.g. `createContract`.
    pub action: String,
    pub target_type: String,
    pub target_id: Option<ID>,
    pub reason: Option<String>,
    pub request_id: String,
    /// SHA-256 of the target's state before and after.
    pub before_digest: Option<String>,
    pub after_digest: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<audit_log::Model> for AuditEntry {
    fn from(row: audit_log::Model) -> Self {
        let target_kind = row.target_type.parse::<NodeKind>().ok();
        Self {
            id: ID(row.id.to_string()),
            actor: row.actor_id,
            actor_id: row.actor_id.map(|id| global_id(NodeKind::User, id)),
            actor_role: row.actor_role,
            action: row.action,
            target_id: row.target_id.map(|id| {
                target_kind.map_or_else(|| ID(id.to_string()), |kind| global_id(kind, id))
            }),
            target_type: row.target_type,
            reason: row.reason,
            request_id: row.request_id,
            before_digest: row.before_digest,
            after_digest: row.after_digest,
            created_at: row.created_at,
        }
    }
}

#[ComplexObject]
impl AuditEntry {
    /// The acting person's display name; empty for the command line.
    async fn actor_name(&self, ctx: &Context<'_>) -> GqlResult<Option<String>> {
        let Some(id) = self.actor else {
            return Ok(None);
        };
        Ok(by_id::<entity::user_account::Entity>(ctx, id)
            .await?
            .map(|user| user.display_name))
    }
}

/// An account as an admin sees it (still without its address).
pub struct AdminUserView(pub entity::user_account::Model);

#[Object]
impl AdminUserView {
    async fn id(&self) -> ID {
        global_id(NodeKind::User, self.0.id)
    }
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    async fn email_verified(&self) -> bool {
        self.0.email_verified_at.is_some()
    }
    async fn role(&self) -> UserRole {
        self.0.role.into()
    }
    async fn staff_jurisdiction_id(&self) -> Option<ID> {
        self.0
            .jurisdiction_id
            .map(|id| global_id(NodeKind::Jurisdiction, id))
    }
    async fn official_id(&self) -> Option<ID> {
        self.0
            .official_id
            .map(|id| global_id(NodeKind::Official, id))
    }
}

/// Admin reads.
#[derive(Default)]
pub struct AdminQuery;

#[Object]
impl AdminQuery {
    /// The audit log, newest first: admins read all of it, staff their own jurisdiction's
    /// (with or without `jurisdictionId`). The filters combine.
    #[allow(clippy::too_many_arguments)]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        jurisdiction_id: Option<ID>,
        action: Option<String>,
        #[graphql(desc = "A kind of row, e.g. `Contract`.")] target_type: Option<String>,
        #[graphql(desc = "One row, by its global id.")] target_id: Option<ID>,
        #[graphql(desc = "One person's changes.")] actor_id: Option<ID>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<AuditEntry>> {
        let request = page(ctx, first, after)?;
        let target = match target_id {
            Some(raw) => Some(GlobalId::parse(&raw, "targetId")?),
            None => None,
        };
        let filter = admin::AuditFilter {
            jurisdiction_id: optional_id(
                jurisdiction_id,
                NodeKind::Jurisdiction,
                "jurisdictionId",
            )?,
            action: action.filter(|a| !a.is_empty()),
            target_type: target
                .map(|t| t.kind.name().to_owned())
                .or(target_type.filter(|t| !t.is_empty())),
            target_id: target.map(|t| t.id),
            actor_id: optional_id(actor_id, NodeKind::User, "actorId")?,
        };
        let rows =
            admin::audit_log(state(ctx), viewer(ctx), filter, request, wants_total(ctx)).await?;
        Ok(connection(rows, AuditEntry::from))
    }

    /// Finds an account by address, to promote or link it: admins only. The address is not
    /// returned.
    async fn user_by_email(
        &self,
        ctx: &Context<'_>,
        email: String,
    ) -> GqlResult<Option<AdminUserView>> {
        Ok(admin::user_by_email(state(ctx), viewer(ctx), &email)
            .await?
            .map(AdminUserView))
    }
}

#[derive(InputObject)]
pub struct SetUserRoleInput {
    pub user_id: ID,
    pub role: UserRole,
    /// Required for `STAFF`, refused for other roles.
    pub jurisdiction_id: Option<ID>,
    pub reason: Option<String>,
}

#[derive(InputObject)]
pub struct LinkOfficialInput {
    pub user_id: ID,
    /// Empty to unlink.
    pub official_id: Option<ID>,
    pub reason: Option<String>,
}

/// Admin changes.
#[derive(Default)]
pub struct AdminMutation;

#[Object]
impl AdminMutation {
    /// Gives an account a role: admins only.
    async fn set_user_role(
        &self,
        ctx: &Context<'_>,
        input: SetUserRoleInput,
    ) -> GqlResult<AdminUserView> {
        let user = GlobalId::parse_as(&input.user_id, NodeKind::User, "userId")?;
        let jurisdiction = optional_id(
            input.jurisdiction_id,
            NodeKind::Jurisdiction,
            "jurisdictionId",
        )?;
        let row = admin::set_role(
            state(ctx),
            viewer(ctx),
            &meta(ctx),
            user,
            input.role.into(),
            jurisdiction,
            input.reason,
        )
        .await?;
        Ok(AdminUserView(row))
    }

    /// Links a verified account to an official record, so it can answer concerns as that
    /// official: admins only.
    async fn link_official(
        &self,
        ctx: &Context<'_>,
        input: LinkOfficialInput,
    ) -> GqlResult<AdminUserView> {
        let user = GlobalId::parse_as(&input.user_id, NodeKind::User, "userId")?;
        let official = optional_id(input.official_id, NodeKind::Official, "officialId")?;
        let row = admin::link_official(
            state(ctx),
            viewer(ctx),
            &meta(ctx),
            user,
            official,
            input.reason,
        )
        .await?;
        Ok(AdminUserView(row))
    }
}
