//! The viewer: who sent this request, loaded once per request from a verified access token.
//! Resolvers ask it for the standing they need; services scope rows by it.

use std::sync::Arc;

use entity::enums::UserRole;
use entity::user_account;

use crate::error::AppError;

/// Who is asking.
#[derive(Debug, Clone, Default)]
pub enum Viewer {
    /// No `Authorization` header.
    #[default]
    Anonymous,
    /// A valid access token of a live account, as the account is now.
    User(Arc<user_account::Model>),
}

/// Facts about the request every mutation may need: the client's address and an id for logs.
#[derive(Debug, Clone)]
pub struct RequestMeta {
    pub ip: String,
    pub request_id: String,
}

impl Viewer {
    /// Any signed-in account.
    pub fn user(&self) -> Result<&user_account::Model, AppError> {
        match self {
            Self::User(user) => Ok(user),
            Self::Anonymous => Err(AppError::Unauthenticated),
        }
    }

    /// A signed-in account whose email is verified: only these may take part.
    pub fn verified(&self) -> Result<&user_account::Model, AppError> {
        let user = self.user()?;
        if user.email_verified_at.is_none() {
            return Err(AppError::EmailNotVerified);
        }
        Ok(user)
    }

    /// An admin.
    pub fn admin(&self) -> Result<&user_account::Model, AppError> {
        let user = self.verified()?;
        if user.role != UserRole::Admin {
            return Err(AppError::Forbidden);
        }
        Ok(user)
    }

    /// A moderator or an admin.
    pub fn moderator(&self) -> Result<&user_account::Model, AppError> {
        let user = self.verified()?;
        if !matches!(user.role, UserRole::Moderator | UserRole::Admin) {
            return Err(AppError::Forbidden);
        }
        Ok(user)
    }

    /// Staff of any jurisdiction, or an admin.
    pub fn any_staff(&self) -> Result<&user_account::Model, AppError> {
        let user = self.verified()?;
        if !matches!(user.role, UserRole::Staff | UserRole::Admin) {
            return Err(AppError::Forbidden);
        }
        Ok(user)
    }

    /// Staff of `jurisdiction_id`, or an admin.
    pub fn staff_of(&self, jurisdiction_id: i64) -> Result<&user_account::Model, AppError> {
        let user = self.any_staff()?;
        if user.role == UserRole::Admin || user.jurisdiction_id == Some(jurisdiction_id) {
            Ok(user)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The account id, if signed in.
    /// Whether hidden and removed comments are shown: verified moderators and admins.
    pub fn sees_hidden(&self) -> bool {
        self.moderator().is_ok()
    }

    pub fn id(&self) -> Option<i64> {
        match self {
            Self::User(user) => Some(user.id),
            Self::Anonymous => None,
        }
    }
}
