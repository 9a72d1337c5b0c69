//! The page an official's contact-confirmation link opens (the web client has its own pages for
//! account links). The `GET` only shows a button (link scanners prefetch GETs); the `POST` it
//! makes consumes the single-use token.

use minijinja::context;
use poem::http::StatusCode;
use poem::web::{Data, Path};
use poem::{Response, handler};

use crate::error::AppError;
use crate::services::official_contact;
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
