//! Who is looking at a page, from cookies only: the browser session (if any), the anonymous
//! visitor id that anonymous forms' tokens are bound to, and the chosen language.
//!
//! Cookies are `HttpOnly` and `SameSite=Lax`; with an https base URL they are also `Secure` and
//! carry the `__Host-` prefix. `/graphql` never reads them.

use std::sync::Arc;

use chrono_tz::Tz;
use hmac::{Hmac, Mac as _};
use poem::Request;
use poem::web::cookie::{Cookie, CookieJar, SameSite};
use secrecy::ExposeSecret as _;
use sha2::Sha256;

use crate::auth::tokens::random_token;
use crate::auth::{RequestMeta, Viewer};
use crate::graphql::http::request_meta;
use crate::services::web_sessions::{self, OpenSession};
use crate::state::AppState;
use crate::web::i18n::{self, Catalogue};

/// The cookies this client sets.
#[derive(Debug, Clone, Copy)]
pub enum CookieName {
    Session,
    Visitor,
    Lang,
}

impl CookieName {
    /// The name, with `__Host-` where the site is served over https.
    pub fn name(self, secure: bool) -> &'static str {
        match (self, secure) {
            (Self::Session, true) => "__Host-cw_session",
            (Self::Session, false) => "cw_session",
            (Self::Visitor, true) => "__Host-cw_visitor",
            (Self::Visitor, false) => "cw_visitor",
            (Self::Lang, true) => "__Host-cw_lang",
            (Self::Lang, false) => "cw_lang",
        }
    }
}

/// Whether cookies must be `Secure` (the site is served over https).
pub fn secure_cookies(state: &AppState) -> bool {
    state.settings.application.base_url.starts_with("https://")
}

/// A cookie with this client's flags; `max_age_days` of `None` is a cookie the browser forgets
/// when it closes.
pub fn cookie(
    state: &AppState,
    name: CookieName,
    value: &str,
    max_age_days: Option<i64>,
) -> Cookie {
    let secure = secure_cookies(state);
    let mut cookie = Cookie::new_with_str(name.name(secure), value);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_secure(secure);
    cookie.set_path("/");
    if let Some(days) = max_age_days {
        cookie.set_max_age(std::time::Duration::from_secs(
            u64::try_from(days.max(0)).unwrap_or_default() * 86_400,
        ));
    }
    cookie
}

/// Everything a page needs to know about who asks.
pub struct WebContext {
    pub viewer: Viewer,
    pub session: Option<OpenSession>,
    pub meta: RequestMeta,
    pub catalogue: Arc<Catalogue>,
    /// The token every form of this page carries.
    pub csrf_token: String,
    /// The viewer's chosen time zone, for pages without a jurisdiction of their own.
    pub time_zone: Tz,
    /// The raw session cookie, to end it on log-out.
    pub session_token: Option<String>,
    /// The page's path and query, where the language form returns to.
    pub path: String,
}

impl WebContext {
    /// Reads the cookies of `req` (setting a visitor id where there is none yet).
    pub async fn load(state: &AppState, req: &Request, jar: &CookieJar) -> Self {
        let secure = secure_cookies(state);
        let session_token = jar
            .get(CookieName::Session.name(secure))
            .map(|c| c.value_str().to_owned());
        let session = match &session_token {
            Some(token) => match web_sessions::open(state, token).await {
                Ok(session) => session,
                Err(error) => {
                    tracing::error!(error = ?error, "could not open a web session");
                    None
                }
            },
            None => None,
        };
        if session.is_none() && session_token.is_some() {
            jar.remove(CookieName::Session.name(secure));
        }
        let visitor = match jar.get(CookieName::Visitor.name(secure)) {
            Some(cookie) => cookie.value_str().to_owned(),
            None => {
                let visitor = random_token();
                jar.add(cookie(state, CookieName::Visitor, &visitor, None));
                visitor
            }
        };
        let csrf_token = match &session {
            Some(open) => form_token(state, "session", &open.session.csrf_secret),
            None => form_token(state, "visitor", &visitor),
        };
        let choice = jar
            .get(CookieName::Lang.name(secure))
            .map(|c| c.value_str().to_owned());
        let lang = i18n::negotiate(
            choice.as_deref(),
            req.header(poem::http::header::ACCEPT_LANGUAGE),
        );
        let time_zone = session
            .as_ref()
            .and_then(|open| open.user.time_zone.as_deref())
            .and_then(|zone| zone.parse().ok())
            .unwrap_or(Tz::UTC);
        Self {
            viewer: session.as_ref().map_or(Viewer::Anonymous, |open| {
                Viewer::User(Arc::new(open.user.clone()))
            }),
            session,
            meta: request_meta(state, req),
            catalogue: Arc::new(Catalogue::new(lang)),
            csrf_token,
            time_zone,
            session_token: session_token.filter(|_| true),
            path: req
                .uri()
                .path_and_query()
                .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned()),
        }
    }

    /// Whether a submitted form token is this page's.
    pub fn token_matches(&self, submitted: Option<&str>) -> bool {
        submitted.is_some_and(|token| {
            crate::auth::tokens::constant_time_eq(token.as_bytes(), self.csrf_token.as_bytes())
        })
    }

    /// The signed-in account's display name, for the header.
    pub fn display_name(&self) -> Option<&str> {
        self.session
            .as_ref()
            .map(|open| open.user.display_name.as_str())
    }
}

/// A form token: an HMAC of the session's secret (or the visitor id) under the service key,
/// so a token from one browser is worthless in another.
fn form_token(state: &AppState, scope: &str, secret: &str) -> String {
    let auth = &state.settings.auth;
    let key = auth
        .keys
        .get(&auth.current_key_id)
        .map(|key| key.expose_secret().as_bytes().to_vec())
        .unwrap_or_default();
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&key) else {
        return String::new();
    };
    mac.update(b"contract-watch form token\0");
    mac.update(scope.as_bytes());
    mac.update(b"\0");
    mac.update(secret.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Starts a browser session for `user` (signing in, or a password change that ended the old
/// one) and sets its cookie.
pub async fn start_session(
    state: &AppState,
    req: &Request,
    jar: &CookieJar,
    user: &entity::user_account::Model,
) -> Result<(), crate::error::AppError> {
    let token = web_sessions::start(state, &state.db.write, user, &session_label(req)).await?;
    let days = state.settings.auth.refresh_token_days;
    jar.add(cookie(state, CookieName::Session, &token, Some(days)));
    Ok(())
}

/// "Firefox on Android", from the User-Agent, for the list of one's sessions.
fn session_label(req: &Request) -> String {
    let agent = req.header("user-agent").unwrap_or_default();
    let browser = ["Firefox", "Edg", "Chrome", "Safari"]
        .into_iter()
        .find(|name| agent.contains(name))
        .map(|name| if name == "Edg" { "Edge" } else { name });
    let system = ["Android", "iPhone", "iPad", "Windows", "Mac OS", "Linux"]
        .into_iter()
        .find(|name| agent.contains(name));
    match (browser, system) {
        (Some(browser), Some(system)) => format!("{browser} on {system}"),
        (Some(browser), None) => browser.to_owned(),
        (None, Some(system)) => system.to_owned(),
        (None, None) => "Web browser".to_owned(),
    }
}
