//! `POST /language`: the language form in every page's footer. The choice is kept in a cookie
//! for a year and wins over the browser's `Accept-Language`; the person returns to the page
//! they were on, now in that language.

use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::web::{Data, Form};
use poem::{Request, Response, handler};

use crate::state::AppState;
use crate::web::i18n;
use crate::web::pages::{FormFields, field};
use crate::web::session::{CookieName, WebContext, cookie};
use crate::web::{local_path, page, see_other};

/// How long the choice is kept.
const KEEP_DAYS: i64 = 365;

#[handler]
pub async fn choose(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    Form(form): Form<FormFields>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    let back = field(&form, "return_to")
        .and_then(local_path)
        .unwrap_or("/")
        .to_owned();
    let offered = i18n::languages();
    let chosen = field(&form, "lang").and_then(|lang| offered.iter().find(|l| **l == lang));
    let (Some(lang), true) = (chosen, ctx.token_matches(field(&form, "csrf_token"))) else {
        // A language not offered, or a stale form: nothing changes, and the page says why.
        return page(
            &ctx,
            StatusCode::BAD_REQUEST,
            "error.html",
            ctx.time_zone,
            minijinja::context! {
                heading => ctx.catalogue.text("language-refused", &[]),
                message => ctx.catalogue.text("language-refused-body", &[]),
                back => back,
            },
        );
    };
    jar.add(cookie(&state, CookieName::Lang, lang, Some(KEEP_DAYS)));
    see_other(&back)
}
