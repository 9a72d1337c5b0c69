//! Accounts and sessions: sign-up, verification, log-in, refresh, log-out, password and email
//! changes, `me`, data export and deletion.

use async_graphql::{Context, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::user_account;
use secrecy::SecretString;

use crate::domain::ids::NodeKind;
use crate::error::GqlResult;
use crate::graphql::context::{by_id, meta, state, viewer};
use crate::graphql::directory::{Jurisdiction, Official, global_id};
use crate::graphql::enums::UserRole;
use crate::graphql::organizations::{Membership, memberships_of};
use crate::services::accounts::{self, Session as SessionRow};
use crate::services::alert_mail;

/// The same answer whatever the address: check your inbox.
#[derive(SimpleObject)]
pub struct Accepted {
    pub ok: bool,
    pub message: String,
}

impl Accepted {
    fn new(message: &str) -> Self {
        Self {
            ok: true,
            message: message.to_owned(),
        }
    }
}

/// A signed-in session.
#[derive(SimpleObject)]
pub struct Session {
    /// Send as `Authorization: Bearer …`; lives at most 15 minutes.
    pub access_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    /// Opaque; exchange it with `refreshSession` for a new session. Each works once.
    pub refresh_token: String,
    pub me: Me,
}

impl From<SessionRow> for Session {
    fn from(session: SessionRow) -> Self {
        Self {
            access_token: session.access_token,
            access_token_expires_at: session.access_token_expires_at,
            refresh_token: session.refresh_token,
            me: Me(session.user),
        }
    }
}

/// The signed-in account, as its owner sees it.
pub struct Me(pub user_account::Model);

#[Object]
impl Me {
    async fn id(&self) -> ID {
        global_id(NodeKind::User, self.0.id)
    }
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    /// Your own address; nobody else can read it.
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// Only verified accounts may comment, flag, endorse and receive alerts.
    async fn email_verified(&self) -> bool {
        self.0.email_verified_at.is_some()
    }
    async fn role(&self) -> UserRole {
        self.0.role.into()
    }
    /// The jurisdiction whose registry you edit, for staff.
    async fn staff_jurisdiction(&self, ctx: &Context<'_>) -> GqlResult<Option<Jurisdiction>> {
        let Some(id) = self.0.jurisdiction_id else {
            return Ok(None);
        };
        Ok(by_id::<entity::jurisdiction::Entity>(ctx, id)
            .await?
            .map(Jurisdiction))
    }
    /// The official you answer for, once an admin has linked you.
    async fn official(&self, ctx: &Context<'_>) -> GqlResult<Option<Official>> {
        let Some(id) = self.0.official_id else {
            return Ok(None);
        };
        Ok(by_id::<entity::official::Entity>(ctx, id)
            .await?
            .map(Official))
    }
    /// Your organisations and your standing in each.
    async fn organizations(&self, ctx: &Context<'_>) -> GqlResult<Vec<Membership>> {
        memberships_of(ctx, self.0.id).await
    }
    /// The IANA time zone your digests go out in: your own (`setMyTimeZone`), else your staff
    /// jurisdiction's, else the service's.
    async fn time_zone(&self, ctx: &Context<'_>) -> GqlResult<String> {
        let staff = match self.0.jurisdiction_id {
            Some(id) => by_id::<entity::jurisdiction::Entity>(ctx, id)
                .await?
                .map(|j| j.time_zone),
            None => None,
        };
        let default = state(ctx).settings.alerts.default_time_zone;
        Ok(
            alert_mail::zone_of(self.0.time_zone.as_deref(), staff.as_deref(), default)
                .name()
                .to_owned(),
        )
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(InputObject)]
pub struct SignUpInput {
    pub email: String,
    /// 15 to 256 characters; any characters.
    pub password: String,
    /// Shown beside what you write; 1 to 80 characters.
    pub display_name: String,
}

#[derive(InputObject)]
pub struct LogInInput {
    pub email: String,
    pub password: String,
}

#[derive(InputObject)]
pub struct ResetPasswordInput {
    /// The token from the emailed link.
    pub token: String,
    pub new_password: String,
}

#[derive(InputObject)]
pub struct ChangePasswordInput {
    pub current_password: String,
    pub new_password: String,
}

#[derive(InputObject)]
pub struct ChangeEmailInput {
    pub new_email: String,
    pub current_password: String,
}

/// Account reads.
#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The signed-in account; empty when anonymous.
    async fn me(&self, ctx: &Context<'_>) -> Option<Me> {
        match viewer(ctx) {
            crate::auth::Viewer::User(user) => Some(Me(user.as_ref().clone())),
            crate::auth::Viewer::Anonymous => None,
        }
    }

    /// Everything the service holds about you, as JSON (your right of access).
    async fn my_data_export(&self, ctx: &Context<'_>) -> GqlResult<Json<serde_json::Value>> {
        Ok(Json(accounts::export(state(ctx), viewer(ctx)).await?))
    }
}

/// Account changes.
#[derive(Default)]
pub struct AccountMutation;

const CHECK_INBOX: &str =
    "Check your inbox: if the address can be used, a message with a link is on its way.";

#[Object]
impl AccountMutation {
    /// Creates an account and mails a verification link. The answer is the same whether or not
    /// the address already has an account (that address is told so by mail instead).
    async fn sign_up(&self, ctx: &Context<'_>, input: SignUpInput) -> GqlResult<Accepted> {
        accounts::sign_up(
            state(ctx),
            &meta(ctx),
            &input.email,
            SecretString::from(input.password),
            &input.display_name,
        )
        .await?;
        Ok(Accepted::new(CHECK_INBOX))
    }

    /// Confirms an address with the token from the emailed link. Each token works once.
    async fn verify_email(&self, ctx: &Context<'_>, token: String) -> GqlResult<Me> {
        Ok(Me(accounts::verify_email(state(ctx), &token).await?))
    }

    /// Starts a session. Repeated failures slow further attempts down.
    async fn log_in(&self, ctx: &Context<'_>, input: LogInInput) -> GqlResult<Session> {
        Ok(accounts::log_in(
            state(ctx),
            &meta(ctx),
            &input.email,
            SecretString::from(input.password),
        )
        .await?
        .into())
    }

    /// Exchanges a refresh token for a new session. A refresh token used twice ends the session.
    async fn refresh_session(
        &self,
        ctx: &Context<'_>,
        refresh_token: String,
    ) -> GqlResult<Session> {
        Ok(accounts::refresh(state(ctx), &refresh_token).await?.into())
    }

    /// Ends the session this refresh token belongs to.
    async fn log_out(&self, ctx: &Context<'_>, refresh_token: String) -> GqlResult<bool> {
        accounts::log_out(state(ctx), &refresh_token).await?;
        Ok(true)
    }

    /// Ends every session of the signed-in account, on every device, at once.
    async fn log_out_everywhere(&self, ctx: &Context<'_>) -> GqlResult<bool> {
        accounts::log_out_everywhere(state(ctx), viewer(ctx)).await?;
        Ok(true)
    }

    /// A new secret address for the account's private calendar: the votes and deadlines of
    /// everything it follows, for any calendar app. Shown once (only its hash is kept);
    /// regenerating it ends the previous address.
    async fn regenerate_calendar_address(&self, ctx: &Context<'_>) -> GqlResult<String> {
        Ok(accounts::regenerate_calendar_address(state(ctx), viewer(ctx)).await?)
    }

    /// Mails a single-use reset link (valid 30 minutes) if the address has an account; the
    /// answer is the same either way.
    async fn request_password_reset(
        &self,
        ctx: &Context<'_>,
        email: String,
    ) -> GqlResult<Accepted> {
        accounts::request_password_reset(state(ctx), &meta(ctx), &email).await?;
        Ok(Accepted::new(CHECK_INBOX))
    }

    /// Sets a new password with the emailed token and ends every session.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        input: ResetPasswordInput,
    ) -> GqlResult<bool> {
        accounts::reset_password(
            state(ctx),
            &input.token,
            SecretString::from(input.new_password),
        )
        .await?;
        Ok(true)
    }

    /// Changes the password, ends every other session and returns a new one.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        input: ChangePasswordInput,
    ) -> GqlResult<Session> {
        Ok(accounts::change_password(
            state(ctx),
            viewer(ctx),
            SecretString::from(input.current_password),
            SecretString::from(input.new_password),
        )
        .await?
        .into())
    }

    /// Mails a confirmation link to a new address; the address changes when it is confirmed.
    async fn change_email(
        &self,
        ctx: &Context<'_>,
        input: ChangeEmailInput,
    ) -> GqlResult<Accepted> {
        accounts::change_email(
            state(ctx),
            viewer(ctx),
            &meta(ctx),
            &input.new_email,
            SecretString::from(input.current_password),
        )
        .await?;
        Ok(Accepted::new(CHECK_INBOX))
    }

    /// Sets the IANA time zone (e.g. `America/Chicago`) your digests go out in; an empty string
    /// goes back to the default.
    async fn set_my_time_zone(&self, ctx: &Context<'_>, time_zone: String) -> GqlResult<Me> {
        Ok(Me(accounts::set_time_zone(
            state(ctx),
            viewer(ctx),
            &time_zone,
        )
        .await?))
    }

    /// Deletes the account: address, password, name and memberships go; public comments stay,
    /// attributed to "former member".
    async fn delete_my_account(
        &self,
        ctx: &Context<'_>,
        current_password: String,
    ) -> GqlResult<bool> {
        accounts::delete_account(
            state(ctx),
            viewer(ctx),
            SecretString::from(current_password),
        )
        .await?;
        Ok(true)
    }
}
