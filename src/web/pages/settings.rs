//! The account pages of a signed-in person (their details, time zone, browser sessions, a new
//! password or email address, signing out everywhere, a copy of their data, deleting the
//! account), "forgot your password", and the pages the emailed links open: confirming an address
//! (which signs the person in) and choosing a new password.
//!
//! An emailed link's `GET` only shows a button or a form (link scanners prefetch GETs); its
//! `POST` consumes the single-use token. Passwords are never written back into a page.

use chrono::TimeDelta;
use poem::http::{StatusCode, header};
use poem::web::cookie::CookieJar;
use poem::web::{Data, Form, Path, Query};
use poem::{Request, Response, handler};
use secrecy::SecretString;
use serde::Deserialize;
use serde_json::{Value as Json, json};

use crate::error::AppError;
use crate::graphql::AppSchema;
use crate::services::{accounts, web_sessions};
use crate::state::AppState;
use crate::web::pages::desk::or_page;
use crate::web::pages::subjects::Outcome;
use crate::web::pages::{FormFields, account, field};
use crate::web::session::{CookieName, WebContext, cookie, start_session};
use crate::web::{
    FieldError, data, documents, failed, form_errors, page, see_other, server_error, value,
};

/// The password fields of these forms: taken out of the form before anything else, so no page
/// ever shows them again.
const CURRENT_PASSWORD: &str = "currentPassword";
const NEW_PASSWORD: &str = "newPassword";

/// The time zones the account page offers (the person's own is added when it is not here).
const TIME_ZONES: &[&str] = &[
    "America/St_Johns",
    "America/Halifax",
    "America/Puerto_Rico",
    "America/New_York",
    "America/Detroit",
    "America/Toronto",
    "America/Chicago",
    "America/Winnipeg",
    "America/Mexico_City",
    "America/Regina",
    "America/Denver",
    "America/Edmonton",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Vancouver",
    "America/Anchorage",
    "Pacific/Honolulu",
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Brussels",
    "Europe/Amsterdam",
    "Europe/Berlin",
    "Europe/Rome",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Helsinki",
];

/// The query string of the account page.
#[derive(Debug, Deserialize, Default)]
pub struct AccountQuery {
    done: Option<String>,
}

/// The form's errors, shown again with its input.
fn with_errors(errors: Vec<FieldError>, form: FormFields) -> Outcome {
    Outcome {
        errors,
        form,
        status: Some(StatusCode::BAD_REQUEST),
        ..Outcome::default()
    }
}

/// The breadcrumbs of the pages under `/account/`.
fn to_account(ctx: &WebContext) -> Json {
    json!([{ "href": "/account", "label": ctx.catalogue.text("account-title", &[]) }])
}

/// The viewer of a page that needs a signed-in person; `Err` is the sign-in page, which brings
/// them back to `return_to`. It carries no fields: these forms hold passwords.
async fn signed_in(
    req: &Request,
    jar: &CookieJar,
    state: &AppState,
    return_to: &str,
) -> Result<WebContext, Response> {
    let ctx = WebContext::load(state, req, jar).await;
    if ctx.session.is_none() {
        return Err(account::sign_in_page(
            &ctx,
            return_to,
            &FormFields::new(),
            Vec::new(),
            StatusCode::OK,
        ));
    }
    Ok(ctx)
}

/// Makes the browser forget its session cookie. An expired cookie with the same path (`/`) as
/// the one set, so it is removed from pages under `/account/` too.
fn forget_session(state: &AppState, jar: &CookieJar) {
    jar.add(cookie(state, CookieName::Session, "", Some(0)));
}

/// The signed-in person's account (`me`), or the response for a failed query.
async fn load_me(state: &AppState, schema: &AppSchema, ctx: &WebContext) -> Result<Json, Response> {
    let response = documents::run(
        state,
        schema,
        &ctx.viewer,
        &ctx.meta,
        "account_me",
        json!({}),
    )
    .await;
    if !response.errors.is_empty() {
        return Err(failed(ctx, &response));
    }
    let found = data(&response);
    Ok(found["me"].clone())
}

/// Renders the account page with `outcome` (a time-zone or sign-out-everywhere form's errors,
/// or the notice after a form on a page of the account succeeded).
async fn show(
    state: &AppState,
    schema: &AppSchema,
    ctx: &WebContext,
    outcome: Outcome,
) -> Response {
    show_with(state, schema, ctx, outcome, None).await
}

/// [`show`], with the private calendar address just made (shown this once).
async fn show_with(
    state: &AppState,
    schema: &AppSchema,
    ctx: &WebContext,
    outcome: Outcome,
    calendar_url: Option<String>,
) -> Response {
    let Some(open) = &ctx.session else {
        return server_error(ctx);
    };
    let me = or_page!(load_me(state, schema, ctx).await);
    let now = state.clock.now();
    let rows = match web_sessions::list(&state.db.read, open.user.id, now).await {
        Ok(rows) => rows,
        Err(error) => {
            tracing::error!(error = ?error, "could not list web sessions");
            return server_error(ctx);
        }
    };
    // Sessions idle past the limit are over, though their rows wait for the absolute end.
    let idle = TimeDelta::days(state.settings.auth.refresh_idle_days);
    let sessions: Vec<Json> = rows
        .iter()
        .filter(|row| row.last_seen_at + idle > now)
        .map(|row| {
            json!({
                "label": row.label,
                "started": row.created_at.to_rfc3339(),
                "last_used": row.last_seen_at.to_rfc3339(),
                "current": row.id == open.session.id,
            })
        })
        .collect();
    let own_zone = open.user.time_zone.clone().unwrap_or_default();
    let chosen_zone = outcome
        .form
        .get("timeZone")
        .cloned()
        .unwrap_or_else(|| own_zone.clone());
    let mut zones: Vec<String> = TIME_ZONES.iter().map(|zone| (*zone).to_owned()).collect();
    if !own_zone.is_empty() && !zones.contains(&own_zone) {
        zones.insert(0, own_zone.clone());
    }
    page(
        ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "account_settings.html",
        ctx.time_zone,
        minijinja::context! {
            nav => "account",
            me => value(&me),
            sessions => value(&sessions),
            zones => value(&zones),
            chosen_zone => chosen_zone,
            errors => value(&outcome.errors),
            form => value(&outcome.form),
            flash => outcome.flash,
            calendar_url => calendar_url,
            has_calendar => open.user.calendar_token_hash.is_some(),
        },
    )
}

/// `GET /account`.
#[handler]
pub async fn account_page(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<AccountQuery>,
) -> Response {
    let ctx = or_page!(signed_in(req, jar, &state, "/account").await);
    let id = match query.done.as_deref() {
        Some("password") => Some("done-account-password"),
        Some("email") => Some("done-account-email"),
        Some("time-zone") => Some("done-account-time-zone"),
        _ => None,
    };
    let outcome = Outcome {
        flash: id.map(|id| ctx.catalogue.text(id, &[])),
        ..Outcome::default()
    };
    show(&state, &schema, &ctx, outcome).await
}

/// `POST /account/time-zone`: runs `setMyTimeZone`.
#[handler]
pub async fn set_time_zone(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Form(form): Form<FormFields>,
) -> Response {
    let ctx = or_page!(signed_in(req, jar, &state, "/account").await);
    if !ctx.token_matches(field(&form, "csrf_token")) {
        return show(&state, &schema, &ctx, Outcome::stale(&ctx, form)).await;
    }
    let variables = json!({ "timeZone": field(&form, "timeZone").unwrap_or_default() });
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "account_time_zone",
        variables,
    )
    .await;
    if !response.errors.is_empty() {
        let errors = form_errors(&response, &ctx);
        return show(&state, &schema, &ctx, with_errors(errors, form)).await;
    }
    see_other("/account?done=time-zone")
}

/// `POST /account/sign-out-everywhere`: runs `logOutEverywhere`, which ends every session of the
/// account (this browser's, other browsers', the apps'), then forgets this browser's cookie.
#[handler]
pub async fn sign_out_everywhere(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Form(form): Form<FormFields>,
) -> Response {
    let ctx = or_page!(signed_in(req, jar, &state, "/account").await);
    if !ctx.token_matches(field(&form, "csrf_token")) {
        return show(&state, &schema, &ctx, Outcome::stale(&ctx, form)).await;
    }
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "account_log_out_everywhere",
        json!({}),
    )
    .await;
    if !response.errors.is_empty() {
        let errors = form_errors(&response, &ctx);
        return show(&state, &schema, &ctx, with_errors(errors, form)).await;
    }
    forget_session(&state, jar);
    see_other("/?done=signed-out")
}

/// `POST /account/calendar`: runs `regenerateCalendarAddress` and shows the new private
/// calendar address, once.
#[handler]
pub async fn calendar_address(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Form(form): Form<FormFields>,
) -> Response {
    let ctx = or_page!(signed_in(req, jar, &state, "/account").await);
    if !ctx.token_matches(field(&form, "csrf_token")) {
        return show(&state, &schema, &ctx, Outcome::stale(&ctx, form)).await;
    }
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "account_calendar",
        json!({}),
    )
    .await;
    if !response.errors.is_empty() {
        let errors = form_errors(&response, &ctx);
        return show(&state, &schema, &ctx, with_errors(errors, form)).await;
    }
    let url = data(&response)["regenerateCalendarAddress"]
        .as_str()
        .map(str::to_owned);
    let outcome = Outcome {
        flash: Some(ctx.catalogue.text("done-account-calendar", &[])),
        ..Outcome::default()
    };
    show_with(&state, &schema, &ctx, outcome, url).await
}

/// `GET /account/data.json`: `myDataExport` as a file to keep.
#[handler]
pub async fn data_export(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
) -> Response {
    let ctx = or_page!(signed_in(req, jar, &state, "/account").await);
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "account_data",
        json!({}),
    )
    .await;
    if !response.errors.is_empty() {
        return failed(&ctx, &response);
    }
    let found = data(&response);
    let body = match serde_json::to_string_pretty(&found["myDataExport"]) {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(error = %error, "could not write a data export");
            return server_error(&ctx);
        }
    };
    Response::builder()
        .content_type("application/json")
        .header(
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"contract-watch-data.json\"",
        )
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::VARY, "Cookie")
        .body(body)
}

fn password_page(state: &AppState, ctx: &WebContext, outcome: Outcome) -> Response {
    page(
        ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "account_password.html",
        ctx.time_zone,
        minijinja::context! {
            nav => "account",
            breadcrumbs => value(to_account(ctx)),
            min_chars => state.settings.auth.password_min_chars,
            errors => value(&outcome.errors),
            form => value(&outcome.form),
        },
    )
}

/// `GET /account/password`.
#[handler]
pub async fn password_form(req: &Request, jar: &CookieJar, state: Data<&AppState>) -> Response {
    match signed_in(req, jar, &state, "/account/password").await {
        Ok(ctx) => password_page(&state, &ctx, Outcome::default()),
        Err(response) => response,
    }
}

/// `POST /account/password`: runs `changePassword`. That ends every session of the account, this
/// browser's too, so this browser gets a new one, as signing in would give it.
#[handler]
pub async fn change_password(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Form(mut form): Form<FormFields>,
) -> Response {
    let current = form.remove(CURRENT_PASSWORD).unwrap_or_default();
    let new_password = form.remove(NEW_PASSWORD).unwrap_or_default();
    let ctx = or_page!(signed_in(req, jar, &state, "/account/password").await);
    if !ctx.token_matches(field(&form, "csrf_token")) {
        return password_page(&state, &ctx, Outcome::stale(&ctx, form));
    }
    let Some(user_id) = ctx.session.as_ref().map(|open| open.user.id) else {
        return server_error(&ctx);
    };
    let variables = json!({ "input": {
        "currentPassword": current,
        "newPassword": new_password,
    }});
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "account_change_password",
        variables,
    )
    .await;
    if !response.errors.is_empty() {
        let errors = form_errors(&response, &ctx);
        return password_page(&state, &ctx, with_errors(errors, form));
    }
    // The account as it is now: its token version moved, and a session must carry the new one.
    let user = match accounts::live_user(&state.db.read, user_id).await {
        Ok(Some(user)) => user,
        Ok(None) => {
            forget_session(&state, jar);
            return see_other("/sign-in");
        }
        Err(error) => {
            tracing::error!(error = ?error, "could not read the account after a new password");
            return server_error(&ctx);
        }
    };
    if let Err(error) = start_session(&state, req, jar, &user).await {
        // The password is changed; only this browser's new session is missing.
        tracing::error!(error = ?error, "could not start a web session");
        forget_session(&state, jar);
        return see_other("/sign-in?return_to=/account");
    }
    see_other("/account?done=password")
}

fn email_page(ctx: &WebContext, outcome: Outcome) -> Response {
    let email = ctx
        .session
        .as_ref()
        .and_then(|open| open.user.email.clone());
    page(
        ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "account_email.html",
        ctx.time_zone,
        minijinja::context! {
            nav => "account",
            breadcrumbs => value(to_account(ctx)),
            email => email,
            errors => value(&outcome.errors),
            form => value(&outcome.form),
        },
    )
}

/// `GET /account/email`.
#[handler]
pub async fn email_form(req: &Request, jar: &CookieJar, state: Data<&AppState>) -> Response {
    match signed_in(req, jar, &state, "/account/email").await {
        Ok(ctx) => email_page(&ctx, Outcome::default()),
        Err(response) => response,
    }
}

/// `POST /account/email`: runs `changeEmail`; the address changes once the link mailed to the
/// new one is followed.
#[handler]
pub async fn change_email(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Form(mut form): Form<FormFields>,
) -> Response {
    let current = form.remove(CURRENT_PASSWORD).unwrap_or_default();
    let ctx = or_page!(signed_in(req, jar, &state, "/account/email").await);
    if !ctx.token_matches(field(&form, "csrf_token")) {
        return email_page(&ctx, Outcome::stale(&ctx, form));
    }
    let variables = json!({ "input": {
        "newEmail": field(&form, "newEmail").unwrap_or_default(),
        "currentPassword": current,
    }});
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "account_change_email",
        variables,
    )
    .await;
    if !response.errors.is_empty() {
        let errors = form_errors(&response, &ctx);
        return email_page(&ctx, with_errors(errors, form));
    }
    see_other("/account?done=email")
}

async fn delete_page(
    state: &AppState,
    schema: &AppSchema,
    ctx: &WebContext,
    outcome: Outcome,
) -> Response {
    let me = or_page!(load_me(state, schema, ctx).await);
    page(
        ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "account_delete.html",
        ctx.time_zone,
        minijinja::context! {
            nav => "account",
            breadcrumbs => value(to_account(ctx)),
            me => value(&me),
            errors => value(&outcome.errors),
            form => value(&outcome.form),
        },
    )
}

/// `GET /account/delete`: what deleting the account does, then the form that does it.
#[handler]
pub async fn delete_form(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
) -> Response {
    match signed_in(req, jar, &state, "/account/delete").await {
        Ok(ctx) => delete_page(&state, &schema, &ctx, Outcome::default()).await,
        Err(response) => response,
    }
}

/// `POST /account/delete`: runs `deleteMyAccount`, then forgets this browser's session (the
/// deletion ended every one).
#[handler]
pub async fn delete_account(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Form(mut form): Form<FormFields>,
) -> Response {
    let current = form.remove(CURRENT_PASSWORD).unwrap_or_default();
    let ctx = or_page!(signed_in(req, jar, &state, "/account/delete").await);
    if !ctx.token_matches(field(&form, "csrf_token")) {
        return delete_page(&state, &schema, &ctx, Outcome::stale(&ctx, form)).await;
    }
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "account_delete",
        json!({ "currentPassword": current }),
    )
    .await;
    if !response.errors.is_empty() {
        let errors = form_errors(&response, &ctx);
        return delete_page(&state, &schema, &ctx, with_errors(errors, form)).await;
    }
    forget_session(&state, jar);
    see_other("/?done=deleted")
}

fn forgot_page(state: &AppState, ctx: &WebContext, sent: bool, outcome: Outcome) -> Response {
    page(
        ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "account_forgot.html",
        ctx.time_zone,
        minijinja::context! {
            nav => "sign-in",
            sent => sent,
            email => outcome.form.get("email").map(|email| email.trim().to_owned()),
            minutes => state.settings.auth.reset_minutes,
            errors => value(&outcome.errors),
            form => value(&outcome.form),
        },
    )
}

/// `GET /forgot-password`.
#[handler]
pub async fn forgot_form(req: &Request, jar: &CookieJar, state: Data<&AppState>) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    forgot_page(&state, &ctx, false, Outcome::default())
}

/// `POST /forgot-password`: runs `requestPasswordReset`; the page says the same whether or not
/// the address has an account.
#[handler]
pub async fn forgot(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Form(form): Form<FormFields>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    if !ctx.token_matches(field(&form, "csrf_token")) {
        return forgot_page(&state, &ctx, false, Outcome::stale(&ctx, form));
    }
    let variables = json!({ "email": field(&form, "email").unwrap_or_default() });
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "account_forgot",
        variables,
    )
    .await;
    if !response.errors.is_empty() {
        let errors = form_errors(&response, &ctx);
        return forgot_page(&state, &ctx, false, with_errors(errors, form));
    }
    let outcome = Outcome {
        form,
        ..Outcome::default()
    };
    forgot_page(&state, &ctx, true, outcome)
}

/// A page of an emailed link in `state`: `confirm` or `form` (the GET), a result, or `invalid`.
fn link_page(
    app: &AppState,
    ctx: &WebContext,
    status: StatusCode,
    template: &str,
    state: &str,
    action: &str,
    outcome: Outcome,
) -> Response {
    page(
        ctx,
        status,
        template,
        ctx.time_zone,
        minijinja::context! {
            state => state,
            action => action,
            min_chars => app.settings.auth.password_min_chars,
            minutes => app.settings.auth.reset_minutes,
            errors => value(&outcome.errors),
            form => value(&outcome.form),
        },
    )
}

/// `GET /verify-email/{token}`: a button; changes nothing.
#[handler]
pub async fn verify_form(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    Path(token): Path<String>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    let action = format!("/verify-email/{token}");
    link_page(
        &state,
        &ctx,
        StatusCode::OK,
        "account_verify.html",
        "confirm",
        &action,
        Outcome::default(),
    )
}

/// `POST /verify-email/{token}`: confirms the address and signs the person in.
///
/// The link's token alone confirms the address (a client without the page's form, or with a
/// stale one, still confirms it). A session starts only when the post carries this page's form
/// token, so another site cannot sign a browser in to an account of its choosing, and never
/// over another account's session in this browser.
#[handler]
pub async fn verify(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    Path(token): Path<String>,
    form: Option<Form<FormFields>>,
) -> Response {
    let form = form.map(|Form(form)| form).unwrap_or_default();
    let ctx = WebContext::load(&state, req, jar).await;
    let user = match accounts::verify_email(&state, &token).await {
        Ok(user) => user,
        Err(AppError::Validation { .. } | AppError::Conflict(_)) => {
            return link_page(
                &state,
                &ctx,
                StatusCode::BAD_REQUEST,
                "account_verify.html",
                "invalid",
                "",
                Outcome::default(),
            );
        }
        Err(error) => {
            tracing::error!(error = ?error, "could not confirm an address");
            return server_error(&ctx);
        }
    };
    let signed_in_as = ctx.session.as_ref().map(|open| open.user.id);
    let (ctx, outcome) = match signed_in_as {
        // Already signed in as this account: the header shows it confirmed now.
        Some(id) if id == user.id => (WebContext::load(&state, req, jar).await, "signed_in"),
        Some(_) => (ctx, "other"),
        None if ctx.token_matches(field(&form, "csrf_token")) => {
            match start_session(&state, req, jar, &user).await {
                // The page shows the new session's header.
                Ok(()) => (WebContext::load(&state, req, jar).await, "signed_in"),
                Err(error) => {
                    // The address is confirmed either way; signing in still works.
                    tracing::error!(error = ?error, "could not start a web session");
                    (ctx, "verified")
                }
            }
        }
        None => (ctx, "verified"),
    };
    link_page(
        &state,
        &ctx,
        StatusCode::OK,
        "account_verify.html",
        outcome,
        "",
        Outcome::default(),
    )
}

/// `GET /reset-password/{token}`: the new-password form; changes nothing.
#[handler]
pub async fn reset_form(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    Path(token): Path<String>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    let action = format!("/reset-password/{token}");
    link_page(
        &state,
        &ctx,
        StatusCode::OK,
        "account_reset.html",
        "form",
        &action,
        Outcome::default(),
    )
}

/// `POST /reset-password/{token}`: sets the new password and ends every session.
#[handler]
pub async fn reset(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    Path(token): Path<String>,
    form: Option<Form<FormFields>>,
) -> Response {
    let mut form = form.map(|Form(form)| form).unwrap_or_default();
    let password = form.remove(NEW_PASSWORD).unwrap_or_default();
    let ctx = WebContext::load(&state, req, jar).await;
    let action = format!("/reset-password/{token}");
    let again = |ctx: &WebContext, outcome: Outcome| {
        link_page(
            &state,
            ctx,
            StatusCode::BAD_REQUEST,
            "account_reset.html",
            "form",
            &action,
            outcome,
        )
    };
    if !ctx.token_matches(field(&form, "csrf_token")) {
        return again(&ctx, Outcome::stale(&ctx, form));
    }
    match accounts::reset_password(&state, &token, SecretString::from(password)).await {
        Ok(()) => {
            // Every session ended, this browser's too: the page shows it signed out.
            let had_session = ctx.session_token.is_some();
            let ctx = WebContext::load(&state, req, jar).await;
            if had_session {
                forget_session(&state, jar);
            }
            link_page(
                &state,
                &ctx,
                StatusCode::OK,
                "account_reset.html",
                "done",
                "",
                Outcome::default(),
            )
        }
        Err(AppError::Validation { field: "token", .. } | AppError::Conflict(_)) => link_page(
            &state,
            &ctx,
            StatusCode::BAD_REQUEST,
            "account_reset.html",
            "invalid",
            "",
            Outcome::default(),
        ),
        Err(AppError::Validation {
            field: name,
            reason,
        }) => {
            let errors = vec![FieldError {
                field: name.to_owned(),
                message: reason,
            }];
            again(&ctx, with_errors(errors, form))
        }
        Err(error) => {
            tracing::error!(error = ?error, "could not reset a password");
            server_error(&ctx)
        }
    }
}
