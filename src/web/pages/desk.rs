//! What the work pages share (the staff desk, the official's desk, moderation and admin): who
//! may open them, the refusal page, and running a form's mutation.
//!
//! A desk page is refused before any of its data is read: a visitor without the role gets the
//! 403 page, which names no record. Which forms a page shows is still only a convenience: every
//! form runs the API's mutation as the session's viewer, so the API's rules decide, and a refused
//! post changes nothing.

use chrono::{DateTime, NaiveDateTime, TimeZone as _, Utc};
use chrono_tz::Tz;
use entity::enums::UserRole;
use entity::user_account;
use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::{Request, Response};
use serde_json::{Value as Json, json};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::graphql::AppSchema;
use crate::state::AppState;
use crate::web::pages::{FormFields, field};
use crate::web::session::WebContext;
use crate::web::{FieldError, data, documents, error_code, form_errors, page};

/// The value of a page's step, or the page the step produced instead (the refusal, the
/// jurisdiction picker, "not found"), returned at once.
macro_rules! or_page {
    ($step:expr) => {
        match $step {
            Ok(value) => value,
            Err(page) => return page,
        }
    };
}
pub(crate) use or_page;

/// The work areas, each with its own door.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Desk {
    /// A jurisdiction's staff (and admins): the registry, meetings, digests, concerns, imports.
    Staff,
    /// An account linked to an official: their meetings, digests and concerns.
    Official,
    /// Moderators and admins: the queue.
    Moderation,
    /// Admins: accounts, roles, organisations, the whole audit log.
    Admin,
}

impl Desk {
    /// Whether `user` may open this desk at all (a staff page may still refuse a record of
    /// another jurisdiction: [`in_jurisdiction`]).
    pub fn admits(self, user: &user_account::Model) -> bool {
        if user.email_verified_at.is_none() || user.deleted_at.is_some() {
            return false;
        }
        match self {
            Self::Staff => {
                user.role == UserRole::Admin
                    || (user.role == UserRole::Staff && user.jurisdiction_id.is_some())
            }
            Self::Official => user.official_id.is_some(),
            Self::Moderation => matches!(user.role, UserRole::Moderator | UserRole::Admin),
            Self::Admin => user.role == UserRole::Admin,
        }
    }

    /// The desk's home page.
    pub fn home(self) -> &'static str {
        match self {
            Self::Staff => "/staff",
            Self::Official => "/my/official",
            Self::Moderation => "/moderation",
            Self::Admin => "/admin",
        }
    }

    /// The catalogue message naming the desk in the header.
    fn label(self) -> &'static str {
        match self {
            Self::Staff => "desk-staff",
            Self::Official => "desk-official",
            Self::Moderation => "desk-moderation",
            Self::Admin => "desk-admin",
        }
    }
}

/// The desks a viewer may open, as header links (`href`, `label`, `nav`).
pub fn links(ctx: &WebContext) -> Vec<Json> {
    let Some(open) = &ctx.session else {
        return Vec::new();
    };
    [Desk::Staff, Desk::Official, Desk::Moderation, Desk::Admin]
        .into_iter()
        .filter(|desk| desk.admits(&open.user))
        .map(|desk| {
            json!({
                "href": desk.home(),
                "label": ctx.catalogue.text(desk.label(), &[]),
                "nav": desk.home().trim_start_matches('/'),
            })
        })
        .collect()
}

/// A desk page's request: the page context and the account at the desk.
pub struct AtDesk {
    pub ctx: WebContext,
    pub user: user_account::Model,
}

impl AtDesk {
    /// Opens `desk` for the request's session, or the refusal page.
    pub async fn open(
        state: &AppState,
        req: &Request,
        jar: &CookieJar,
        desk: Desk,
    ) -> Result<Self, Response> {
        let ctx = WebContext::load(state, req, jar).await;
        let user = ctx
            .session
            .as_ref()
            .map(|open| open.user.clone())
            .filter(|user| desk.admits(user));
        match user {
            Some(user) => Ok(Self { ctx, user }),
            None => Err(forbidden(&ctx)),
        }
    }

    /// Whether the account may work on jurisdiction `jurisdiction` (a global id): its own
    /// staff, or an admin.
    pub fn in_jurisdiction(&self, jurisdiction: &str) -> bool {
        self.user.role == UserRole::Admin || self.jurisdiction().as_deref() == Some(jurisdiction)
    }

    /// The staff account's own jurisdiction (a global id); `None` for admins without one.
    pub fn jurisdiction(&self) -> Option<String> {
        self.user
            .jurisdiction_id
            .map(|id| GlobalId::new(NodeKind::Jurisdiction, id).encode())
    }

    /// Whether the form's token is this page's.
    pub fn token_ok(&self, form: &FormFields) -> bool {
        self.ctx.token_matches(field(form, "csrf_token"))
    }

    /// Runs mutation document `name` with `variables` after checking the form's token; the
    /// data, or the errors to show beside the form's fields.
    pub async fn mutate(
        &self,
        state: &AppState,
        schema: &AppSchema,
        form: &FormFields,
        name: &str,
        variables: Json,
    ) -> Result<Json, Refused> {
        if !self.token_ok(form) {
            return Err(Refused {
                errors: vec![FieldError {
                    field: String::new(),
                    message: self.ctx.catalogue.text("error-stale-form", &[]),
                }],
                status: StatusCode::BAD_REQUEST,
                code: None,
            });
        }
        let response = self.run(state, schema, name, variables).await;
        if response.errors.is_empty() {
            return Ok(data(&response));
        }
        let code = error_code(&response);
        let status = match code.as_deref() {
            Some("NOT_FOUND") => StatusCode::NOT_FOUND,
            Some("FORBIDDEN") | Some("UNAUTHENTICATED") | Some("EMAIL_NOT_VERIFIED") => {
                StatusCode::FORBIDDEN
            }
            Some("CONFLICT") => StatusCode::CONFLICT,
            Some("BAD_USER_INPUT") | Some("VALIDATION") | None => StatusCode::BAD_REQUEST,
            Some(_) => StatusCode::BAD_REQUEST,
        };
        Err(Refused {
            errors: form_errors(&response, &self.ctx),
            status,
            code,
        })
    }

    /// Runs page document `name` as the desk's viewer.
    pub async fn run(
        &self,
        state: &AppState,
        schema: &AppSchema,
        name: &str,
        variables: Json,
    ) -> async_graphql::Response {
        documents::run(
            state,
            schema,
            &self.ctx.viewer,
            &self.ctx.meta,
            name,
            variables,
        )
        .await
    }
}

/// A refused form: its errors, the page's status, and the API's code.
#[derive(Debug, Clone)]
pub struct Refused {
    pub errors: Vec<FieldError>,
    pub status: StatusCode,
    pub code: Option<String>,
}

impl Refused {
    /// A refusal of this page's own making (a field the API never sees), as a 400.
    pub fn field(ctx: &WebContext, field: &str, message_id: &str) -> Self {
        Self {
            errors: vec![FieldError {
                field: field.to_owned(),
                message: ctx.catalogue.text(message_id, &[]),
            }],
            status: StatusCode::BAD_REQUEST,
            code: None,
        }
    }

    /// Whether the API refused the viewer (the page then shows the 403 page, not the form).
    pub fn forbidden(&self) -> bool {
        self.status == StatusCode::FORBIDDEN
    }
}

impl crate::web::pages::subjects::Outcome {
    /// A refused form shown again: its errors, its status, and what was typed.
    pub fn refused(refused: Refused, form: FormFields) -> Self {
        Self {
            errors: refused.errors,
            form,
            status: Some(refused.status),
            flash: None,
        }
    }
}

/// The 403 page: says what is refused and how to get in, and names no record.
pub fn forbidden(ctx: &WebContext) -> Response {
    page(
        ctx,
        StatusCode::FORBIDDEN,
        "forbidden.html",
        ctx.time_zone,
        minijinja::context! {
            return_to => &ctx.path,
        },
    )
}

/// A `datetime-local` field (`2026-12-15T18:30`) read in `zone`, as an instant. An hour that
/// does not exist in the zone (the spring change) or exists twice (autumn) is refused rather
/// than guessed.
pub fn local_instant(raw: &str, zone: Tz) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    zone.from_local_datetime(&naive)
        .single()
        .map(|at| at.with_timezone(&Utc))
}

/// An instant as a `datetime-local` value in `zone`, to prefill a form.
pub fn local_value(at: Option<&str>, zone: Tz) -> String {
    at.and_then(|raw| DateTime::parse_from_rfc3339(raw).ok())
        .map(|at| at.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

/// The time zone named by a jurisdiction's `timeZone`, UTC when unreadable.
pub fn zone_of(jurisdiction: &Json) -> Tz {
    jurisdiction["timeZone"]
        .as_str()
        .and_then(|zone| zone.parse().ok())
        .unwrap_or(Tz::UTC)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail loudly")]
mod tests {
    use super::*;

    #[test]
    fn local_times_read_in_the_zone_and_refuse_the_missing_hour() {
        let chicago: Tz = "America/Chicago".parse().unwrap();
        assert_eq!(
            local_instant("2026-12-15T18:30", chicago)
                .unwrap()
                .to_rfc3339(),
            "2026-12-16T00:30:00+00:00"
        );
        assert!(local_instant("2027-03-14T02:30", chicago).is_none());
        assert!(local_instant("2026-11-01T01:30", chicago).is_none());
        assert!(local_instant("tomorrow", chicago).is_none());
        assert_eq!(
            local_value(Some("2026-12-16T00:30:00Z"), chicago),
            "2026-12-15T18:30"
        );
    }
}
