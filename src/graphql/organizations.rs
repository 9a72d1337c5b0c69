//! Organisations, their members and representatives, and the public face of an account.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};
use entity::enums::{MemberRole as MemberRoleRow, UserRole};
use entity::{comment, organization, organization_member, user_account};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::{AppError, GqlResult};
use crate::graphql::comments::{Comment, Subject, subject};
use crate::graphql::common::{Connection, connection};
use crate::graphql::context::{meta, page, state, viewer, wants_total};
use crate::graphql::directory::global_id;
use crate::graphql::enums::{MemberRole, OrganizationKind, Position};
use crate::services::organizations::{self, NewMember};

/// How many positions `Organization.positions` lists when `first` is not given.
const DEFAULT_POSITIONS: i32 = 20;

/// The most positions one `Organization.positions` lists.
const MAX_POSITIONS: i32 = 100;

/// How long a position's `excerpt` is at most, in characters.
const EXCERPT_CHARS: usize = 200;

/// A person as the public sees them: a display name ("former member" once deleted).
pub struct User(pub user_account::Model);

#[Object]
impl User {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::User, self.0.id)
    }
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
}

/// A union local, community group or advocacy group.
pub struct Organization(pub organization::Model);

#[Object]
impl Organization {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Organization, self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn kind(&self) -> OrganizationKind {
        self.0.kind.into()
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    /// Only verified organisations' positions count as organisation positions.
    async fn verified(&self) -> bool {
        self.0.verified_at.is_some()
    }
    async fn verified_at(&self) -> Option<DateTime<Utc>> {
        self.0.verified_at
    }
    /// Who speaks in the organisation's name. Public.
    async fn representatives(&self, ctx: &Context<'_>) -> GqlResult<Vec<User>> {
        Ok(organizations::members(
            &state(ctx).db.read,
            self.0.id,
            Some(MemberRoleRow::Representative),
        )
        .await?
        .into_iter()
        .map(|(_, user)| User(user))
        .collect())
    }
    /// Every member; visible to the organisation's representatives and to admins only, since
    /// membership of a union is nobody else's business.
    async fn members(&self, ctx: &Context<'_>) -> GqlResult<Vec<Member>> {
        let me = viewer(ctx).verified()?;
        let standing = organizations::standing(&state(ctx).db.read, self.0.id, me.id).await?;
        if standing != Some(MemberRoleRow::Representative) && me.role != UserRole::Admin {
            return Err(AppError::Forbidden.into());
        }
        Ok(organizations::members(&state(ctx).db.read, self.0.id, None)
            .await?
            .into_iter()
            .map(|(row, user)| Member { row, user })
            .collect())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// The positions the organisation has taken, newest first: on each solicitation, contract
    /// or agenda item its representatives commented on in its name, the latest such comment.
    /// Hidden, removed and deleted comments never count. `first` is 1 to 100.
    async fn positions(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20)] first: Option<i32>,
    ) -> GqlResult<Vec<OrganizationStance>> {
        let first = first.unwrap_or(DEFAULT_POSITIONS);
        let limit = u64::try_from(first)
            .ok()
            .filter(|n| (1..=MAX_POSITIONS as u64).contains(n))
            .ok_or_else(|| {
                AppError::invalid("first", format!("must be between 1 and {MAX_POSITIONS}"))
            })?;
        Ok(
            organizations::positions(&state(ctx).db.read, self.0.id, limit)
                .await?
                .into_iter()
                .map(OrganizationStance)
                .collect(),
        )
    }
    /// The organisation's public watchlists.
    async fn watchlists(
        &self,
        ctx: &Context<'_>,
    ) -> GqlResult<Vec<crate::graphql::alerts::Watchlist>> {
        Ok(
            crate::services::watchlists::of_organization(&state(ctx).db.read, self.0.id)
                .await?
                .into_iter()
                .map(crate::graphql::alerts::Watchlist)
                .collect(),
        )
    }
}

/// A position an organisation took on a solicitation, contract or agenda item: the latest
/// comment its representatives posted there in its name.
pub struct OrganizationStance(comment::Model);

#[Object]
impl OrganizationStance {
    /// What the position is about.
    async fn subject(&self, ctx: &Context<'_>) -> GqlResult<Subject> {
        subject(ctx, self.0.subject_type, self.0.subject_id).await
    }
    /// Where the organisation stands.
    async fn position(&self) -> Option<Position> {
        self.0.position.map(Into::into)
    }
    /// The start of what it said, as one line of plain text (at most 200 characters).
    async fn excerpt(&self) -> String {
        crate::domain::markdown::excerpt(&self.0.body, EXCERPT_CHARS)
    }
    /// The comment that states the position.
    async fn comment(&self) -> Comment {
        Comment(self.0.clone())
    }
    /// When the position was stated.
    async fn at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A member of an organisation.
pub struct Member {
    row: organization_member::Model,
    user: user_account::Model,
}

#[Object]
impl Member {
    async fn user(&self) -> User {
        User(self.user.clone())
    }
    async fn role(&self) -> MemberRole {
        self.row.role.into()
    }
    async fn since(&self) -> DateTime<Utc> {
        self.row.created_at
    }
}

/// The signed-in account's standing in one organisation.
pub struct Membership {
    row: organization_member::Model,
    organization: organization::Model,
}

#[Object]
impl Membership {
    async fn organization(&self) -> Organization {
        Organization(self.organization.clone())
    }
    async fn role(&self) -> MemberRole {
        self.row.role.into()
    }
    async fn since(&self) -> DateTime<Utc> {
        self.row.created_at
    }
}

/// The organisations `user_id` belongs to.
pub async fn memberships_of(ctx: &Context<'_>, user_id: i64) -> GqlResult<Vec<Membership>> {
    Ok(organizations::memberships(&state(ctx).db.read, user_id)
        .await?
        .into_iter()
        .map(|(row, organization)| Membership { row, organization })
        .collect())
}

/// Organisation reads.
#[derive(Default)]
pub struct OrganizationQuery;

#[Object]
impl OrganizationQuery {
    /// Organisations by name; `verifiedOnly` leaves out those not yet verified.
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        verified_only: Option<bool>,
        first: Option<i32>,
        after: Option<String>,
    ) -> GqlResult<Connection<Organization>> {
        let request = page(ctx, first, after)?;
        let rows = organizations::list(
            &state(ctx).db.read,
            verified_only.unwrap_or(false),
            request,
            wants_total(ctx),
        )
        .await?;
        Ok(connection(rows, Organization))
    }
}

#[derive(InputObject)]
pub struct CreateOrganizationInput {
    pub name: String,
    pub kind: OrganizationKind,
    /// Public; at most 2,000 characters.
    pub description: String,
}

#[derive(InputObject)]
pub struct UpdateOrganizationInput {
    pub organization_id: ID,
    pub name: Option<String>,
    pub description: Option<String>,
}

#[derive(InputObject)]
pub struct VerifyOrganizationInput {
    pub organization_id: ID,
    /// `false` withdraws the badge (a reason is then required).
    #[graphql(default = true)]
    pub verified: bool,
    pub reason: Option<String>,
}

/// Give exactly one of `userId` and `email`.
#[derive(InputObject)]
pub struct OrganizationMemberInput {
    pub organization_id: ID,
    /// The member's account id (shown to them as `me.id`).
    pub user_id: Option<ID>,
    /// The email address of the member's account, instead of `userId`. Only the
    /// organisation's representatives and admins learn whether an address has an account.
    pub email: Option<String>,
    pub role: MemberRole,
}

#[derive(InputObject)]
pub struct RemoveOrganizationMemberInput {
    pub organization_id: ID,
    pub user_id: ID,
}

/// Organisation changes.
#[derive(Default)]
pub struct OrganizationMutation;

#[Object]
impl OrganizationMutation {
    /// Creates an organisation; you become its representative. It counts once an admin verifies it.
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganizationInput,
    ) -> GqlResult<Organization> {
        Ok(Organization(
            organizations::create(
                state(ctx),
                viewer(ctx),
                &input.name,
                input.kind.into(),
                &input.description,
            )
            .await?,
        ))
    }

    /// Changes name or description: representatives and admins.
    async fn update_organization(
        &self,
        ctx: &Context<'_>,
        input: UpdateOrganizationInput,
    ) -> GqlResult<Organization> {
        let id = GlobalId::parse_as(
            &input.organization_id,
            NodeKind::Organization,
            "organizationId",
        )?;
        Ok(Organization(
            organizations::update(
                state(ctx),
                viewer(ctx),
                &meta(ctx),
                id,
                input.name.as_deref(),
                input.description.as_deref(),
            )
            .await?,
        ))
    }

    /// Verifies an organisation: admins only.
    async fn verify_organization(
        &self,
        ctx: &Context<'_>,
        input: VerifyOrganizationInput,
    ) -> GqlResult<Organization> {
        let id = GlobalId::parse_as(
            &input.organization_id,
            NodeKind::Organization,
            "organizationId",
        )?;
        Ok(Organization(
            organizations::verify(
                state(ctx),
                viewer(ctx),
                &meta(ctx),
                id,
                input.verified,
                input.reason,
            )
            .await?,
        ))
    }

    /// Adds a member or changes a member's role: representatives and admins. The member is
    /// named by `userId` or by `email`; an address without a confirmed account is refused with
    /// a `BAD_USER_INPUT` error naming `email`.
    async fn add_organization_member(
        &self,
        ctx: &Context<'_>,
        input: OrganizationMemberInput,
    ) -> GqlResult<Organization> {
        let org = GlobalId::parse_as(
            &input.organization_id,
            NodeKind::Organization,
            "organizationId",
        )?;
        let who = match (input.user_id, input.email) {
            (Some(user), None) => {
                NewMember::Id(GlobalId::parse_as(&user, NodeKind::User, "userId")?)
            }
            (None, Some(email)) => NewMember::Email(email),
            (Some(_), Some(_)) => {
                return Err(AppError::invalid("userId", "give userId or email, not both").into());
            }
            (None, None) => {
                return Err(AppError::invalid(
                    "email",
                    "give the member's email address (or their account id as userId)",
                )
                .into());
            }
        };
        let row = organizations::add_member(
            state(ctx),
            viewer(ctx),
            &meta(ctx),
            org,
            who,
            input.role.into(),
        )
        .await?;
        Ok(Organization(row))
    }

    /// Removes a member: representatives, admins, or members leaving.
    async fn remove_organization_member(
        &self,
        ctx: &Context<'_>,
        input: RemoveOrganizationMemberInput,
    ) -> GqlResult<bool> {
        let org = GlobalId::parse_as(
            &input.organization_id,
            NodeKind::Organization,
            "organizationId",
        )?;
        let user = GlobalId::parse_as(&input.user_id, NodeKind::User, "userId")?;
        organizations::remove_member(state(ctx), viewer(ctx), &meta(ctx), org, user).await?;
        Ok(true)
    }
}
