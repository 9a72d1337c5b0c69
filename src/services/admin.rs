//! What only admins do: roles, linking accounts to officials, reading the audit log, and the
//! command-line bootstrap of the first admin.

use entity::enums::UserRole;
use entity::{audit_log, jurisdiction, official, user_account};
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel as _,
    QueryFilter, QueryOrder, TransactionTrait,
};
use secrecy::SecretString;

use crate::auth::password;
use crate::auth::{RequestMeta, Viewer};
use crate::domain::page::{Page, PageRequest};
use crate::error::AppError;
use crate::services::accounts::{find_by_email, live_user, parse_display_name, parse_email};
use crate::services::audit::{self, Actor, Entry, digest};
use crate::services::paginate;
use crate::state::AppState;

/// `setUserRole`: staff need a jurisdiction, other roles have none. Admins cannot change their
/// own role, so the last admin cannot demote themselves by accident.
pub async fn set_role(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    user_id: i64,
    role: UserRole,
    jurisdiction_id: Option<i64>,
    reason: Option<String>,
) -> Result<user_account::Model, AppError> {
    let admin = viewer.admin()?;
    if admin.id == user_id {
        return Err(AppError::invalid(
            "userId",
            "admins cannot change their own role",
        ));
    }
    match (role, jurisdiction_id) {
        (UserRole::Staff, None) => {
            return Err(AppError::invalid(
                "jurisdictionId",
                "staff need a jurisdiction",
            ));
        }
        (UserRole::Staff, Some(_)) | (_, None) => {}
        (_, Some(_)) => {
            return Err(AppError::invalid(
                "jurisdictionId",
                "only staff have a jurisdiction",
            ));
        }
    }
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    if let Some(id) = jurisdiction_id
        && jurisdiction::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .is_none()
    {
        return Err(AppError::invalid(
            "jurisdictionId",
            "no jurisdiction has this id",
        ));
    }
    let before = live_user(&txn, user_id)
        .await?
        .ok_or(AppError::NotFound("user"))?;
    if before.email_verified_at.is_none() && role != UserRole::Resident {
        return Err(AppError::invalid(
            "userId",
            "the account's email is not verified yet",
        ));
    }
    let mut active = before.clone().into_active_model();
    active.role = Set(role);
    active.jurisdiction_id = Set(jurisdiction_id);
    active.updated_at = Set(now);
    let after = active.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(viewer, meta),
        Entry {
            action: "setUserRole",
            target_type: "User",
            target_id: Some(user_id),
            reason,
            before: Some(digest(&before)),
            after: Some(digest(&after)),
            jurisdiction_id: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// `linkOfficial` (or unlink, with `official_id = None`): the account then answers as that
/// official. The account must be verified; an official has at most one account.
pub async fn link_official(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    user_id: i64,
    official_id: Option<i64>,
    reason: Option<String>,
) -> Result<user_account::Model, AppError> {
    viewer.admin()?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    let before = live_user(&txn, user_id)
        .await?
        .ok_or(AppError::NotFound("user"))?;
    if before.email_verified_at.is_none() {
        return Err(AppError::invalid(
            "userId",
            "the account's email is not verified yet",
        ));
    }
    if let Some(official_id) = official_id {
        if official::Entity::find_by_id(official_id)
            .one(&txn)
            .await?
            .is_none()
        {
            return Err(AppError::invalid("officialId", "no official has this id"));
        }
        let taken = user_account::Entity::find()
            .filter(user_account::Column::OfficialId.eq(official_id))
            .filter(user_account::Column::Id.ne(user_id))
            .one(&txn)
            .await?;
        if taken.is_some() {
            return Err(AppError::Conflict(
                "another account already answers for this official",
            ));
        }
    }
    let mut active = before.clone().into_active_model();
    active.official_id = Set(official_id);
    active.updated_at = Set(now);
    let after = active.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(viewer, meta),
        Entry {
            action: if official_id.is_some() {
                "linkOfficial"
            } else {
                "unlinkOfficial"
            },
            target_type: "User",
            target_id: Some(user_id),
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

/// `userByEmail`: lets an admin find the account to promote or link. Never returns the address.
pub async fn user_by_email(
    state: &AppState,
    viewer: &Viewer,
    email: &str,
) -> Result<Option<user_account::Model>, AppError> {
    viewer.admin()?;
    let email = parse_email("email", email)?;
    find_by_email(&state.db.read, &email).await
}

/// What `auditLog` lists: every filter is optional, and they combine.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    /// One jurisdiction's changes only. Staff must name their own.
    pub jurisdiction_id: Option<i64>,
    /// One mutation, e.g. `updateContract`.
    pub action: Option<String>,
    /// One kind of row, e.g. `Contract`.
    pub target_type: Option<String>,
    /// One row (with `target_type`).
    pub target_id: Option<i64>,
    /// One person's changes.
    pub actor_id: Option<i64>,
}

/// `auditLog`: newest first. Admins read all of it; staff read their jurisdiction's.
pub async fn audit_log(
    state: &AppState,
    viewer: &Viewer,
    filter: AuditFilter,
    page: PageRequest,
    want_total: bool,
) -> Result<Page<audit_log::Model>, AppError> {
    let mut filter = filter;
    if viewer.admin().is_err() {
        // Staff read their own jurisdiction's log, named or not.
        let staff = viewer.any_staff()?;
        let jurisdiction = filter
            .jurisdiction_id
            .or(staff.jurisdiction_id)
            .ok_or(AppError::Forbidden)?;
        viewer.staff_of(jurisdiction)?;
        filter.jurisdiction_id = Some(jurisdiction);
    }
    let mut select = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::CreatedAt)
        .order_by_desc(audit_log::Column::Id);
    if let Some(jurisdiction) = filter.jurisdiction_id {
        select = select.filter(audit_log::Column::JurisdictionId.eq(jurisdiction));
    }
    if let Some(action) = filter.action {
        select = select.filter(audit_log::Column::Action.eq(action));
    }
    if let Some(target_type) = filter.target_type {
        select = select.filter(audit_log::Column::TargetType.eq(target_type));
    }
    if let Some(target_id) = filter.target_id {
        select = select.filter(audit_log::Column::TargetId.eq(target_id));
    }
    if let Some(actor) = filter.actor_id {
        select = select.filter(audit_log::Column::ActorId.eq(actor));
    }
    Ok(paginate(&state.db.read, select, page, want_total).await?)
}

/// `contract-watch admin create-user`: creates a verified account with a role (the first admin
/// cannot be made any other way). Audited as the command line.
pub async fn create_user(
    state: &AppState,
    email: &str,
    display_name: &str,
    password_text: SecretString,
    role: UserRole,
    jurisdiction_id: Option<i64>,
) -> Result<user_account::Model, AppError> {
    let email = parse_email("email", email)?;
    let display_name = parse_display_name(display_name)?;
    crate::services::accounts::check_password(
        state,
        "password",
        secrecy::ExposeSecret::expose_secret(&password_text),
    )?;
    if (role == UserRole::Staff) != jurisdiction_id.is_some() {
        return Err(AppError::invalid(
            "jurisdictionId",
            "staff need a jurisdiction, and only staff have one",
        ));
    }
    let hash = password::hash(password_text).await?;
    let now = state.clock.now();
    let txn = state.db.write.begin().await?;
    if find_by_email(&txn, &email).await?.is_some() {
        return Err(AppError::Conflict("an account with this address exists"));
    }
    let user = user_account::ActiveModel {
        email: Set(Some(email)),
        email_verified_at: Set(Some(now)),
        password_hash: Set(Some(hash)),
        display_name: Set(display_name),
        role: Set(role),
        jurisdiction_id: Set(jurisdiction_id),
        official_id: Set(None),
        token_version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::command_line(),
        Entry {
            action: "createUser",
            target_type: "User",
            target_id: Some(user.id),
            reason: Some("command line bootstrap".to_owned()),
            jurisdiction_id: None,
            before: None,
            after: Some(digest(&user)),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(user)
}
