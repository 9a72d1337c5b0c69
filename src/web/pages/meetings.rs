//! A meeting's page: the procurement items on its agenda (after the vote, each outcome), and
//! "what the members were told": every pre-vote digest as sent, with who received it.

use chrono_tz::Tz;
use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::web::{Data, Path};
use poem::{Request, Response, handler};
use serde_json::json;

use crate::graphql::AppSchema;
use crate::state::AppState;
use crate::web::session::WebContext;
use crate::web::{data, documents, failed, page, value};

/// `GET /meetings/{id}`.
#[handler]
pub async fn meeting(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "meeting",
        json!({ "id": id }),
    )
    .await;
    if !response.errors.is_empty() {
        return failed(&ctx, &response);
    }
    let data = data(&response);
    let meeting = &data["meeting"];
    let tz: Tz = meeting["body"]["jurisdiction"]["timeZone"]
        .as_str()
        .and_then(|zone| zone.parse().ok())
        .unwrap_or(Tz::UTC);
    page(
        &ctx,
        StatusCode::OK,
        "meeting.html",
        tz,
        minijinja::context! {
            m => value(meeting),
        },
    )
}
