//! The web client: server-rendered pages over the one schema. Each page runs a fixed GraphQL
//! document in-process as the viewer of its browser session; each form's POST runs the matching
//! mutation the same way, then redirects (post/redirect/get). Every journey works without
//! JavaScript; the one small script only enhances.

pub mod assets;
pub mod csrf;
pub mod documents;
pub mod i18n;
pub mod pages;
pub mod render;
pub mod session;

use chrono_tz::Tz;
use minijinja::Value;
use poem::http::{StatusCode, header};
use poem::web::Redirect;
use poem::{IntoResponse as _, Response};
use serde_json::Value as Json;

use crate::state::AppState;
use session::WebContext;

/// The security headers of every page: scripts and styles from files only, no framing, no
/// referrer beyond this site, HSTS once served over https.
pub fn security_headers(state: &AppState) -> poem::middleware::SetHeader {
    let mut headers = poem::middleware::SetHeader::new()
        .overriding(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             connect-src 'self'; form-action 'self'; object-src 'none'; base-uri 'none'; \
             frame-ancestors 'none'",
        )
        .overriding("Referrer-Policy", "same-origin")
        .overriding("X-Frame-Options", "DENY")
        .overriding(
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=()",
        );
    if session::secure_cookies(state) {
        headers = headers.overriding(
            "Strict-Transport-Security",
            "max-age=31536000; includeSubDomains",
        );
    }
    headers
}

/// A field's error on a form, from the API's `extensions.field` and message.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FieldError {
    /// The form field's id (the API's field name, e.g. `body`).
    pub field: String,
    pub message: String,
}

/// The errors of a GraphQL response as form errors, with a general message for errors that name
/// no field. Internal errors keep the API's generic text: nothing internal reaches a page.
pub fn form_errors(response: &async_graphql::Response, ctx: &WebContext) -> Vec<FieldError> {
    response
        .errors
        .iter()
        .map(|error| {
            let extension = |name: &str| {
                error
                    .extensions
                    .as_ref()
                    .and_then(|ext| ext.get(name))
                    .and_then(|value| match value {
                        async_graphql::Value::String(s) => Some(s.clone()),
                        _ => None,
                    })
            };
            let code = extension("code").unwrap_or_default();
            let field = extension("field").unwrap_or_default();
            let field = field.rsplit('.').next().unwrap_or_default().to_owned();
            let message = match code.as_str() {
                "UNAUTHENTICATED" => ctx.catalogue.text("error-sign-in-needed", &[]),
                "EMAIL_NOT_VERIFIED" => ctx.catalogue.text("error-verify-first", &[]),
                "FORBIDDEN" => ctx.catalogue.text("error-forbidden", &[]),
                "NOT_FOUND" => ctx.catalogue.text("error-gone", &[]),
                // Internal failures say nothing of their cause (the API already hides it).
                "" | "INTERNAL_SERVER_ERROR" | "TIMEOUT" | "UNAVAILABLE" => {
                    ctx.catalogue.text("error-try-again", &[])
                }
                // Every other code is a client error whose message is written for people.
                _ => error.message.clone(),
            };
            FieldError { field, message }
        })
        .collect()
}

/// The first error code of a response, if any.
pub fn error_code(response: &async_graphql::Response) -> Option<String> {
    response.errors.first().and_then(|error| {
        error
            .extensions
            .as_ref()
            .and_then(|ext| ext.get("code"))
            .map(|code| code.to_string().trim_matches('"').to_owned())
    })
}

/// The data of a response as JSON.
pub fn data(response: &async_graphql::Response) -> Json {
    // Serialized from the reference: cloning the tree first (`into_json` takes it by value)
    // cost a copy of every string of the page's data.
    serde_json::to_value(&response.data).unwrap_or(Json::Null)
}

/// Renders a page in the layout, with the viewer's header and form token.
pub fn page(
    ctx: &WebContext,
    status: StatusCode,
    template: &str,
    tz: Tz,
    context: Value,
) -> Response {
    let base = minijinja::context! {
        csrf_token => &ctx.csrf_token,
        signed_in => ctx.session.is_some(),
        display_name => ctx.display_name(),
        verified => ctx.session.as_ref().is_some_and(|s| s.user.email_verified_at.is_some()),
        time_zone => tz.name(),
        current_path => &ctx.path,
        languages => value(i18n::offered()),
        desks => value(pages::desk::links(ctx)),
    };
    let context = minijinja::context! { ..base, ..context };
    match render::render(template, &ctx.catalogue, tz, context) {
        Ok(html) => poem::web::Html(html)
            .with_status(status)
            .with_header(header::CACHE_CONTROL, "private, no-cache")
            .with_header(header::VARY, "Cookie, Accept-Language")
            .into_response(),
        Err(error) => {
            tracing::error!(error = %error, template, "page failed to render");
            fallback_error()
        }
    }
}

/// The "not found" page, with navigation.
pub fn not_found(ctx: &WebContext) -> Response {
    page(
        ctx,
        StatusCode::NOT_FOUND,
        "not_found.html",
        ctx.time_zone,
        Value::UNDEFINED,
    )
}

/// The "something went wrong" page, with navigation; the cause is logged, never shown.
pub fn server_error(ctx: &WebContext) -> Response {
    page(
        ctx,
        StatusCode::INTERNAL_SERVER_ERROR,
        "error.html",
        ctx.time_zone,
        Value::UNDEFINED,
    )
}

/// When even the error page cannot render: plain HTML with a way home.
fn fallback_error() -> Response {
    poem::web::Html(
        "<!doctype html><html lang=\"en\"><title>Something went wrong – Contract Watch</title>\
         <h1>Something went wrong</h1><p><a href=\"/\">Go to the home page</a></p></html>",
    )
    .with_status(StatusCode::INTERNAL_SERVER_ERROR)
    .into_response()
}

/// The page for a query that failed: not found, or an error page.
pub fn failed(ctx: &WebContext, response: &async_graphql::Response) -> Response {
    match error_code(response).as_deref() {
        Some("NOT_FOUND") | Some("BAD_USER_INPUT") => not_found(ctx),
        // The database is restarting or out of reach: a retryable 503, logged as a warning.
        Some(crate::error::UNAVAILABLE) => {
            tracing::warn!("page document: database unreachable");
            page(
                ctx,
                StatusCode::SERVICE_UNAVAILABLE,
                "error.html",
                ctx.time_zone,
                Value::UNDEFINED,
            )
            .with_header(header::RETRY_AFTER, "1")
            .into_response()
        }
        _ => {
            tracing::error!(errors = ?response.errors, "page document failed");
            server_error(ctx)
        }
    }
}

/// 303 to `to` after a form post.
pub fn see_other(to: &str) -> Response {
    Redirect::see_other(to).into_response()
}

/// Whether `to` is a path on this site (no scheme, no `//host`), for `return_to` fields.
pub fn local_path(to: &str) -> Option<&str> {
    (to.starts_with('/') && !to.starts_with("//") && !to.contains('\\')).then_some(to)
}

/// Any serialisable data as a template value.
pub fn value<T: serde::Serialize>(data: T) -> Value {
    Value::from(minijinja::value::Serde(data))
}
