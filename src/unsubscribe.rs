//! One-click unsubscribe (RFC 8058). Mail clients `POST /unsubscribe/{token}` with the body
//! `List-Unsubscribe=One-Click`, without cookies or a login; that turns the stream off and answers
//! 200. `GET` only shows a page with a button: link scanners prefetch GETs, so a GET changes
//! nothing. An unknown or altered token changes nothing either.

use minijinja::context;
use poem::http::StatusCode;
use poem::web::{Data, Path};
use poem::{Body, IntoResponse, Response, handler};

use crate::outbox;
use crate::services::{alerts, official_summary};
use crate::state::AppState;
use crate::templates;

/// The largest body a one-click POST may carry.
const MAX_BODY_BYTES: usize = 4096;

/// `GET /unsubscribe/{token}`: a confirmation page; changes nothing.
#[handler]
pub async fn confirm(Path(token): Path<String>, state: Data<&AppState>) -> Response {
    match outbox::preference_for_token(&state.db.read, &token).await {
        Ok(Some(_)) => page(StatusCode::OK, "confirm", &format!("/unsubscribe/{token}")),
        Ok(None) => page(StatusCode::NOT_FOUND, "invalid", ""),
        Err(error) => unavailable(&error),
    }
}

/// `POST /unsubscribe/{token}` with `List-Unsubscribe=One-Click`: unsubscribes.
#[handler]
pub async fn one_click(Path(token): Path<String>, body: Body, state: Data<&AppState>) -> Response {
    let is_one_click = body
        .into_bytes_limit(MAX_BODY_BYTES)
        .await
        .is_ok_and(|bytes| is_one_click(&bytes));
    if !is_one_click {
        return page(StatusCode::BAD_REQUEST, "invalid", "");
    }
    let preference = match outbox::preference_for_token(&state.db.read, &token).await {
        Ok(preference) => preference,
        Err(error) => return unavailable(&error),
    };
    match outbox::unsubscribe(&state.db.write, &token, state.clock.now()).await {
        Ok(true) => {
            // The mail is off either way; pausing the alerts, or turning off an official's
            // weekly summary, only shows it in the app.
            if let Some(id) = preference {
                if let Err(error) =
                    alerts::stream_unsubscribed(&state.db.write, id, state.clock.now()).await
                {
                    tracing::error!(error = ?error, "pausing alerts after unsubscribe failed");
                }
                if let Err(error) = official_summary::stream_unsubscribed(&state.db.write, id).await
                {
                    tracing::error!(error = ?error, "turning off a weekly summary failed");
                }
            }
            page(StatusCode::OK, "done", "")
        }
        Ok(false) => page(StatusCode::NOT_FOUND, "invalid", ""),
        Err(error) => unavailable(&error),
    }
}

/// RFC 8058's body, sent as `application/x-www-form-urlencoded` or `multipart/form-data`.
fn is_one_click(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    let urlencoded = text
        .split('&')
        .any(|pair| pair.trim() == "List-Unsubscribe=One-Click");
    let multipart = text.contains("name=\"List-Unsubscribe\"") && text.contains("One-Click");
    urlencoded || multipart
}

fn page(status: StatusCode, state: &str, action: &str) -> Response {
    templates::page_response(
        "pages/unsubscribe.html",
        &context! { state => state, action => action },
        status,
    )
}

fn unavailable(error: &sea_orm::DbErr) -> Response {
    tracing::error!(error = ?error, "unsubscribe failed");
    "The service is unavailable; please try again shortly."
        .with_status(StatusCode::SERVICE_UNAVAILABLE)
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::is_one_click;

    #[test]
    fn recognises_both_encodings_of_the_one_click_body() {
        assert!(is_one_click(b"List-Unsubscribe=One-Click"));
        assert!(is_one_click(
            b"--x\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--x--\r\n"
        ));
        assert!(!is_one_click(b""));
        assert!(!is_one_click(b"List-Unsubscribe=No"));
    }
}
