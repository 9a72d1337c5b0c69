//! Signing up, in and out of the web client. Signing in starts a browser session (a cookie,
//! never the API's refresh token); a form that needed a signed-in person carries its input
//! through the sign-in page, so a draft written while the session lapsed is not lost.

use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::web::{Data, Form, Query};
use poem::{Request, Response, handler};
use secrecy::SecretString;
use serde::Deserialize;
use serde_json::json;

use crate::error::AppError;
use crate::graphql::AppSchema;
use crate::services::{accounts, web_sessions};
use crate::state::AppState;
use crate::web::pages::subjects::{self, Kind, Outcome};
use crate::web::pages::{FormFields, field};
use crate::web::session::{CookieName, WebContext, secure_cookies, start_session};
use crate::web::{FieldError, documents, form_errors, local_path, page, see_other};

/// Prefix of the fields a sign-in form carries for the form that sent the person here.
const DRAFT: &str = "draft_";

/// The query string of the sign-in page.
#[derive(Debug, Deserialize)]
pub struct ReturnTo {
    return_to: Option<String>,
}

/// The sign-in page, carrying `draft` (another form's input) to bring back afterwards.
pub fn sign_in_page(
    ctx: &WebContext,
    return_to: &str,
    draft: &FormFields,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Response {
    let carried: Vec<(String, String)> = draft
        .iter()
        .filter(|(name, _)| name.as_str() != "csrf_token" && !name.starts_with(DRAFT))
        .map(|(name, value)| (format!("{DRAFT}{name}"), value.clone()))
        .chain(
            draft
                .iter()
                .filter(|(name, _)| name.starts_with(DRAFT))
                .map(|(name, value)| (name.clone(), value.clone())),
        )
        .collect();
    let has_draft = carried.iter().any(|(name, value)| {
        !value.trim().is_empty() && matches!(name.as_str(), "draft_body" | "draft_summary")
    });
    page(
        ctx,
        status,
        "sign_in.html",
        ctx.time_zone,
        minijinja::context! {
            nav => "sign-in",
            return_to => local_path(return_to).unwrap_or("/"),
            carried => carried,
            has_draft => has_draft,
            email => draft.get("email"),
            errors => crate::web::value(&errors),
        },
    )
}

/// `GET /sign-in`.
#[handler]
pub async fn sign_in_form(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    Query(query): Query<ReturnTo>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    let return_to = query.return_to.unwrap_or_else(|| "/".to_owned());
    if ctx.session.is_some() {
        return see_other(local_path(&return_to).unwrap_or("/"));
    }
    sign_in_page(
        &ctx,
        &return_to,
        &FormFields::new(),
        Vec::new(),
        StatusCode::OK,
    )
}

/// `POST /sign-in`.
#[handler]
pub async fn sign_in(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Form(form): Form<FormFields>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    let return_to = field(&form, "return_to")
        .and_then(local_path)
        .unwrap_or("/")
        .to_owned();
    if !ctx.token_matches(field(&form, "csrf_token")) {
        let errors = vec![FieldError {
            field: String::new(),
            message: ctx.catalogue.text("error-stale-form", &[]),
        }];
        return sign_in_page(&ctx, &return_to, &form, errors, StatusCode::BAD_REQUEST);
    }
    let email = field(&form, "email").unwrap_or_default();
    let password = SecretString::from(form.get("password").cloned().unwrap_or_default());
    let user = match accounts::authenticate(&state, &ctx.meta, email, password).await {
        Ok(user) => user,
        Err(error) => {
            let message = match &error {
                AppError::InvalidCredentials => ctx.catalogue.text("error-sign-in-failed", &[]),
                AppError::RateLimited { .. } => error.to_string(),
                _ => {
                    tracing::error!(error = ?error, "sign-in failed");
                    ctx.catalogue.text("error-try-again", &[])
                }
            };
            let errors = vec![FieldError {
                field: "email".to_owned(),
                message,
            }];
            return sign_in_page(&ctx, &return_to, &form, errors, StatusCode::BAD_REQUEST);
        }
    };
    if let Err(error) = start_session(&state, req, jar, &user).await {
        tracing::error!(error = ?error, "could not start a web session");
        return crate::web::server_error(&ctx);
    }
    let draft: FormFields = form
        .iter()
        .filter_map(|(name, value)| {
            name.strip_prefix(DRAFT)
                .map(|name| (name.to_owned(), value.clone()))
        })
        .collect();
    let item = return_to
        .trim_start_matches('/')
        .split_once('/')
        .and_then(|(section, id)| Kind::from_section(section).map(|kind| (kind, id.to_owned())));
    match item {
        Some((kind, id)) if !draft.is_empty() => {
            // Back to the form that sent the person here, with what they wrote, not yet sent:
            // they check it and post it with the new session's token.
            let ctx = WebContext::load(&state, req, jar).await;
            let outcome = Outcome {
                form: draft,
                flash: Some(ctx.catalogue.text("done-signed-in-draft", &[])),
                ..Outcome::default()
            };
            subjects::show(&state, &schema, &ctx, kind, &id, None, outcome).await
        }
        _ => see_other(&return_to),
    }
}

/// `POST /sign-out`: ends this browser's session.
#[handler]
pub async fn sign_out(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    Form(form): Form<FormFields>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    if !ctx.token_matches(field(&form, "csrf_token")) {
        return see_other("/");
    }
    if let Some(token) = &ctx.session_token
        && let Err(error) = web_sessions::end(&state, token).await
    {
        tracing::error!(error = ?error, "could not end a web session");
        return crate::web::server_error(&ctx);
    }
    jar.remove(CookieName::Session.name(secure_cookies(&state)));
    see_other("/?done=signed-out")
}

fn sign_up_page(
    ctx: &WebContext,
    form: &FormFields,
    errors: Vec<FieldError>,
    status: StatusCode,
    min_chars: usize,
) -> Response {
    page(
        ctx,
        status,
        "sign_up.html",
        ctx.time_zone,
        minijinja::context! {
            nav => "sign-up",
            form => crate::web::value(form),
            errors => crate::web::value(&errors),
            min_chars => min_chars,
        },
    )
}

/// `GET /sign-up`.
#[handler]
pub async fn sign_up_form(req: &Request, jar: &CookieJar, state: Data<&AppState>) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    sign_up_page(
        &ctx,
        &FormFields::new(),
        Vec::new(),
        StatusCode::OK,
        state.settings.auth.password_min_chars,
    )
}

/// `POST /sign-up`: runs `signUp`; the verification link in the mail finishes it.
#[handler]
pub async fn sign_up(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Form(mut form): Form<FormFields>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    let min_chars = state.settings.auth.password_min_chars;
    // A password is never echoed back into a page.
    let password = form.remove("password").unwrap_or_default();
    if !ctx.token_matches(field(&form, "csrf_token")) {
        let errors = vec![FieldError {
            field: String::new(),
            message: ctx.catalogue.text("error-stale-form", &[]),
        }];
        return sign_up_page(&ctx, &form, errors, StatusCode::BAD_REQUEST, min_chars);
    }
    let variables = json!({ "input": {
        "email": field(&form, "email").unwrap_or_default(),
        "password": password,
        "displayName": field(&form, "displayName").unwrap_or_default(),
    }});
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "sign_up",
        variables,
    )
    .await;
    if !response.errors.is_empty() {
        let errors = form_errors(&response, &ctx);
        return sign_up_page(&ctx, &form, errors, StatusCode::BAD_REQUEST, min_chars);
    }
    page(
        &ctx,
        StatusCode::OK,
        "sign_up_done.html",
        ctx.time_zone,
        minijinja::context! { email => field(&form, "email") },
    )
}
