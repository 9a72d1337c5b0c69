//! The pages emailed links open. A `GET` only shows a button or a form (link scanners prefetch
//! GETs); the `POST` it makes consumes the single-use token.

use minijinja::context;
use poem::http::StatusCode;
use poem::web::{Data, Form, Path};
use poem::{Response, handler};
use secrecy::SecretString;
use serde::Deserialize;

use crate::error::AppError;
use crate::services::{accounts, official_contact};
use crate::state::AppState;
use crate::templates::page_response;

fn page(status: StatusCode, state: &str, action: &str, min_chars: usize, error: &str) -> Response {
    page_response(
        "pages/account.html",
        &context! { state => state, action => action, min_chars => min_chars, error => error },
        status,
    )
}

fn outcome(state: &AppState, result: Result<(), AppError>, done: &str, action: &str) -> Response {
    let min = state.settings.auth.password_min_chars;
    match result {
        Ok(()) => page(StatusCode::OK, done, "", min, ""),
        Err(AppError::Validation { field: "token", .. }) | Err(AppError::Conflict(_)) => {
            page(StatusCode::BAD_REQUEST, "invalid", "", min, "")
        }
        Err(AppError::Validation { reason, .. }) => {
            page(StatusCode::BAD_REQUEST, "reset", action, min, &reason)
        }
        Err(error) => {
            tracing::error!(error = ?error, "account page failed");
            page(StatusCode::SERVICE_UNAVAILABLE, "invalid", "", min, "")
        }
    }
}

/// `GET /verify-email/{token}`: a button; changes nothing.
#[handler]
pub fn verify_form(Path(token): Path<String>, state: Data<&AppState>) -> Response {
    let action = format!("/verify-email/{token}");
    page(
        StatusCode::OK,
        "verify",
        &action,
        state.settings.auth.password_min_chars,
        "",
    )
}

/// `GET /officials/confirm-contact/{token}`: a button; changes nothing.
#[handler]
pub fn contact_form(Path(token): Path<String>, state: Data<&AppState>) -> Response {
    let action = format!("/officials/confirm-contact/{token}");
    page(
        StatusCode::OK,
        "contact",
        &action,
        state.settings.auth.password_min_chars,
        "",
    )
}

/// `POST /officials/confirm-contact/{token}`: an official's contact address is proven.
#[handler]
pub async fn contact_submit(Path(token): Path<String>, state: Data<&AppState>) -> Response {
    let result = official_contact::confirm(&state, &token).await.map(|_| ());
    outcome(&state, result, "contact_done", "")
}

/// `POST /verify-email/{token}`: confirms the address.
#[handler]
pub async fn verify_submit(Path(token): Path<String>, state: Data<&AppState>) -> Response {
    let result = accounts::verify_email(&state, &token).await.map(|_| ());
    outcome(&state, result, "verified", "")
}

/// `GET /reset-password/{token}`: the new-password form; changes nothing.
#[handler]
pub fn reset_form(Path(token): Path<String>, state: Data<&AppState>) -> Response {
    let action = format!("/reset-password/{token}");
    page(
        StatusCode::OK,
        "reset",
        &action,
        state.settings.auth.password_min_chars,
        "",
    )
}

#[derive(Deserialize)]
pub struct ResetForm {
    password: String,
}

/// `POST /reset-password/{token}`: sets the new password and ends every session.
#[handler]
pub async fn reset_submit(
    Path(token): Path<String>,
    Form(form): Form<ResetForm>,
    state: Data<&AppState>,
) -> Response {
    let result = accounts::reset_password(&state, &token, SecretString::from(form.password)).await;
    outcome(
        &state,
        result,
        "reset_done",
        &format!("/reset-password/{token}"),
    )
}
