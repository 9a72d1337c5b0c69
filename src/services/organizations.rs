//! Organisations (union locals, community and advocacy groups), their members and
//! representatives, and admin verification.

use entity::enums::{MemberRole, OrganizationKind, UserRole};
use entity::{comment, organization, organization_member, user_account};
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait,
    IntoActiveModel as _, QueryFilter, QueryOrder, QuerySelect as _, TransactionTrait,
};

use crate::auth::{RequestMeta, Viewer};
use crate::domain::ids::{GlobalId, NodeKind};
use crate::domain::page::{Page, PageRequest};
use crate::error::AppError;
use crate::services::accounts::{find_by_email, live_user, parse_email};
use crate::services::audit::{self, Actor, Entry, digest};
use crate::services::{paginate, tallies};
use crate::state::AppState;

/// Checks an organisation's name: 2–120 characters, no control characters.
fn parse_name(raw: &str) -> Result<String, AppError> {
    let name = raw.trim();
    let chars = name.chars().count();
    if !(2..=120).contains(&chars) || name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "name",
            "a name has 2 to 120 characters and no control characters",
        ));
    }
    Ok(name.to_owned())
}

/// Checks a public description: at most 2,000 characters.
fn parse_description(raw: &str) -> Result<String, AppError> {
    let text = raw.trim();
    if text.chars().count() > 2000 {
        return Err(AppError::invalid(
            "description",
            "a description has at most 2,000 characters",
        ));
    }
    Ok(text.to_owned())
}

/// Organisation names by id.
pub async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<std::collections::HashMap<i64, String>, AppError> {
    let rows: Vec<(i64, String)> = organization::Entity::find()
        .select_only()
        .column(organization::Column::Id)
        .column(organization::Column::Name)
        .filter(organization::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The members of an organisation (of one role, if given) with their accounts, oldest first.
pub async fn members(
    db: &impl ConnectionTrait,
    organization_id: i64,
    role: Option<MemberRole>,
) -> Result<Vec<(organization_member::Model, user_account::Model)>, AppError> {
    let mut select = organization_member::Entity::find()
        .filter(organization_member::Column::OrganizationId.eq(organization_id))
        .order_by_asc(organization_member::Column::CreatedAt);
    if let Some(role) = role {
        select = select.filter(organization_member::Column::Role.eq(role));
    }
    let rows = select.all(db).await?;
    let users = user_account::Entity::find()
        .filter(user_account::Column::Id.is_in(rows.iter().map(|r| r.user_id)))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let user = users.iter().find(|u| u.id == row.user_id)?.clone();
            Some((row, user))
        })
        .collect())
}

/// The organisations `user_id` belongs to, with the membership rows.
pub async fn memberships(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Vec<(organization_member::Model, organization::Model)>, AppError> {
    let rows = organization_member::Entity::find()
        .filter(organization_member::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    let orgs = organization::Entity::find()
        .filter(organization::Column::Id.is_in(rows.iter().map(|r| r.organization_id)))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let org = orgs.iter().find(|o| o.id == row.organization_id)?.clone();
            Some((row, org))
        })
        .collect())
}

/// Organisations by name; `verified_only` leaves out those not yet verified.
pub async fn list(
    db: &impl ConnectionTrait,
    verified_only: bool,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<organization::Model>, AppError> {
    let mut select = organization::Entity::find()
        .order_by_asc(organization::Column::Name)
        .order_by_asc(organization::Column::Id);
    if verified_only {
        select = select.filter(organization::Column::VerifiedAt.is_not_null());
    }
    Ok(paginate(db, select, page, want_total).await?)
}

/// The viewer's standing in an organisation, if any.
pub async fn standing(
    db: &impl ConnectionTrait,
    organization_id: i64,
    user_id: i64,
) -> Result<Option<MemberRole>, AppError> {
    Ok(
        organization_member::Entity::find_by_id((organization_id, user_id))
            .one(db)
            .await?
            .map(|m| m.role),
    )
}

/// Whether the viewer may manage the organisation: a representative, or an admin (whose
/// changes are audited).
async fn manager(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    organization_id: i64,
) -> Result<bool, AppError> {
    let user = viewer.verified()?;
    if standing(db, organization_id, user.id).await? == Some(MemberRole::Representative) {
        return Ok(false);
    }
    if user.role == UserRole::Admin {
        return Ok(true);
    }
    Err(AppError::Forbidden)
}

async fn find(db: &impl ConnectionTrait, id: i64) -> Result<organization::Model, AppError> {
    organization::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("organization"))
}

/// `createOrganization`: any verified account; the creator becomes its representative.
pub async fn create(
    state: &AppState,
    viewer: &Viewer,
    name: &str,
    kind: OrganizationKind,
    description: &str,
) -> Result<organization::Model, AppError> {
    let user = viewer.verified()?;
    let name = parse_name(name)?;
    let description = parse_description(description)?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let org = organization::ActiveModel {
        name: Set(name),
        kind: Set(kind),
        description: Set(description),
        created_by: Set(Some(user.id)),
        verified_at: Set(None),
        verified_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    organization_member::ActiveModel {
        organization_id: Set(org.id),
        user_id: Set(user.id),
        role: Set(MemberRole::Representative),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(org)
}

/// `updateOrganization`: a representative or an admin.
pub async fn update(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    id: i64,
    name: Option<&str>,
    description: Option<&str>,
) -> Result<organization::Model, AppError> {
    let name = name.map(parse_name).transpose()?;
    let description = description.map(parse_description).transpose()?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let before = find(&txn, id).await?;
    let as_admin = manager(&txn, viewer, id).await?;
    let mut active = before.clone().into_active_model();
    if let Some(name) = name {
        active.name = Set(name);
    }
    if let Some(description) = description {
        active.description = Set(description);
    }
    active.updated_at = Set(now);
    let after = active.update(&txn).await?;
    if as_admin {
        audit::record(
            &txn,
            &Actor::of(viewer, meta),
            Entry {
                action: "updateOrganization",
                target_type: "Organization",
                target_id: Some(id),
                reason: None,
                before: Some(digest(&before)),
                after: Some(digest(&after)),
                jurisdiction_id: None,
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(after)
}

/// `verifyOrganization`: admins only; from then on its positions count as an organisation's.
/// With `verified` false the badge is withdrawn, with a reason.
pub async fn verify(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    id: i64,
    verified: bool,
    reason: Option<String>,
) -> Result<organization::Model, AppError> {
    let admin = viewer.admin()?;
    let reason = reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if !verified && reason.is_none() {
        return Err(AppError::invalid(
            "reason",
            "say why the badge is withdrawn (it is kept in the audit log)",
        ));
    }
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let before = find(&txn, id).await?;
    if before.verified_at.is_some() == verified {
        return Err(AppError::Conflict(if verified {
            "the organization is already verified"
        } else {
            "the organization is not verified"
        }));
    }
    let mut active = before.clone().into_active_model();
    active.verified_at = Set(verified.then_some(now));
    active.verified_by = Set(verified.then_some(admin.id));
    active.updated_at = Set(now);
    let after = active.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(viewer, meta),
        Entry {
            action: if verified {
                "verifyOrganization"
            } else {
                "unverifyOrganization"
            },
            target_type: "Organization",
            target_id: Some(id),
            reason,
            before: Some(digest(&before)),
            jurisdiction_id: None,
            after: Some(digest(&after)),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Who a representative adds to an organisation.
#[derive(Debug, Clone)]
pub enum NewMember {
    /// An account, by its row id (decoded from its global id).
    Id(i64),
    /// An account, by its email address as typed.
    Email(String),
}

/// `addOrganizationMember` (or change a member's role): a representative or an admin. The new
/// member must have a verified account, named by its id or by its email address. Returns the
/// organisation.
pub async fn add_member(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    organization_id: i64,
    who: NewMember,
    role: MemberRole,
) -> Result<organization::Model, AppError> {
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let org = find(&txn, organization_id).await?;
    let as_admin = manager(&txn, viewer, organization_id).await?;
    // Accounts are looked up only once the viewer may manage the organisation, so whether an
    // address has an account is told to its representatives and admins only.
    let member = match who {
        NewMember::Id(user_id) => live_user(&txn, user_id)
            .await?
            .filter(|u| u.email_verified_at.is_some())
            .ok_or_else(|| AppError::invalid("userId", "no verified account has this id"))?,
        NewMember::Email(raw) => {
            let email = parse_email("email", &raw)?;
            let account = find_by_email(&txn, &email).await?.ok_or_else(|| {
                AppError::invalid(
                    "email",
                    "no account uses that address; ask them to sign up first",
                )
            })?;
            if account.email_verified_at.is_none() {
                return Err(AppError::invalid(
                    "email",
                    "that account has not confirmed its address yet; ask them to follow the link we emailed them",
                ));
            }
            account
        }
    };
    let before = organization_member::Entity::find_by_id((organization_id, member.id))
        .one(&txn)
        .await?;
    let row = match before.clone() {
        Some(existing) => {
            let mut active = existing.into_active_model();
            active.role = Set(role);
            active.update(&txn).await?
        }
        None => {
            organization_member::ActiveModel {
                organization_id: Set(organization_id),
                user_id: Set(member.id),
                role: Set(role),
                created_at: Set(now),
            }
            .insert(&txn)
            .await?
        }
    };
    if as_admin {
        audit::record(
            &txn,
            &Actor::of(viewer, meta),
            Entry {
                action: "addOrganizationMember",
                target_type: "Organization",
                target_id: Some(organization_id),
                reason: None,
                jurisdiction_id: None,
                before: before.as_ref().map(digest),
                after: Some(digest(&row)),
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(org)
}

/// `removeOrganizationMember`: a representative, an admin, or the member leaving. The last
/// representative cannot leave an organisation without one.
pub async fn remove_member(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    organization_id: i64,
    user_id: i64,
) -> Result<(), AppError> {
    let me = viewer.verified()?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    find(&txn, organization_id).await?;
    let as_admin = if me.id == user_id {
        false
    } else {
        manager(&txn, viewer, organization_id).await?
    };
    let Some(row) = organization_member::Entity::find_by_id((organization_id, user_id))
        .one(&txn)
        .await?
    else {
        return Err(AppError::NotFound("membership"));
    };
    if row.role == MemberRole::Representative {
        let representatives = organization_member::Entity::find()
            .filter(organization_member::Column::OrganizationId.eq(organization_id))
            .filter(organization_member::Column::Role.eq(MemberRole::Representative))
            .all(&txn)
            .await?;
        if representatives.len() == 1 {
            return Err(AppError::Conflict(
                "an organization needs a representative: name another first",
            ));
        }
    }
    organization_member::Entity::delete_by_id((organization_id, user_id))
        .exec(&txn)
        .await?;
    if as_admin {
        audit::record(
            &txn,
            &Actor::of(viewer, meta),
            Entry {
                action: "removeOrganizationMember",
                target_type: "Organization",
                target_id: Some(organization_id),
                jurisdiction_id: None,
                reason: None,
                before: Some(digest(&row)),
                after: None,
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The organisation a representative speaks for: it must be verified and they its representative.
pub async fn speaking_for(
    db: &impl ConnectionTrait,
    user_id: i64,
    raw: &str,
    field: &'static str,
) -> Result<organization::Model, AppError> {
    let id = GlobalId::parse_as(raw, NodeKind::Organization, field)?;
    let org = organization::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound("organization"))?;
    if standing(db, id, user_id).await? != Some(MemberRole::Representative) {
        return Err(AppError::Forbidden);
    }
    if org.verified_at.is_none() {
        return Err(AppError::invalid(
            field,
            "only a verified organisation can take a position; ask an admin to verify it",
        ));
    }
    Ok(org)
}

/// The positions an organisation has taken, newest first, at most `limit`: on each subject its
/// representatives commented on in its name, the latest top-level comment there. Only comments
/// every tally counts are read ([`tallies::counted_comments`]), so a hidden, removed or deleted
/// comment never states a position; the one before it does, if any.
pub async fn positions(
    db: &impl ConnectionTrait,
    organization_id: i64,
    limit: u64,
) -> Result<Vec<comment::Model>, AppError> {
    // One row per subject: the id of its latest counted comment in the organisation's name.
    let latest = comment::Column::Id.max();
    let ids: Vec<i64> = comment::Entity::find()
        .select_only()
        .column_as(latest.clone(), "latest")
        .filter(comment::Column::OrganizationId.eq(organization_id))
        .filter(comment::Column::Position.is_not_null())
        .filter(tallies::counted_comments())
        .group_by(comment::Column::SubjectType)
        .group_by(comment::Column::SubjectId)
        .order_by_desc(latest)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(comment::Entity::find()
        .filter(comment::Column::Id.is_in(ids))
        .order_by_desc(comment::Column::Id)
        .all(db)
        .await?)
}
