//! The HTTP edge, around every route: a request id (on the response and on every log line the
//! request writes), the HTTP metrics, and the per-IP limit that keeps one scraper from starving
//! residents.
//!
//! The limit counts requests per client address: anonymous requests (neither an `Authorization`
//! header nor a session cookie) at `edge.anonymous_per_ip_per_minute`, others at ten times that,
//! so a forged cookie buys a scraper little. Health checks and `/metrics` are never limited. A
//! refused request gets `429` with `Retry-After` and, on `/graphql`, a coded error body.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use poem::http::{HeaderValue, StatusCode, header};
use poem::{Endpoint, IntoResponse as _, Middleware, PathPattern, Request, Response};
use tracing::Instrument as _;

use crate::auth::tokens::random_base64url;
use crate::config::Settings;

/// The id of one request, as set by the edge (also the `X-Request-Id` response header).
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// The client's address: the first `X-Forwarded-For` entry behind a trusted proxy, else the
/// peer's.
pub fn client_ip(settings: &Settings, req: &Request) -> String {
    let forwarded = settings
        .auth
        .trust_forwarded_for
        .then(|| req.header("x-forwarded-for"))
        .flatten()
        .and_then(|value| value.split(',').next())
        .map(|ip| ip.trim().to_owned())
        .filter(|ip| !ip.is_empty());
    forwarded.unwrap_or_else(|| {
        req.remote_addr()
            .as_socket_addr()
            .map_or_else(|| "unknown".to_owned(), |addr| addr.ip().to_string())
    })
}

/// The request id of `req`, set by the edge; a fresh one where no edge ran (in-process calls).
pub fn request_id(req: &Request) -> String {
    req.extensions()
        .get::<RequestId>()
        .map_or_else(|| random_base64url(12), |id| id.0.clone())
}

/// The middleware.
pub struct Edge {
    settings: Arc<Settings>,
    limits: Option<Arc<Limits>>,
}

struct Limits {
    anonymous: DefaultKeyedRateLimiter<IpAddr>,
    signed_in: DefaultKeyedRateLimiter<IpAddr>,
    checks: AtomicU64,
}

impl Edge {
    pub fn new(settings: Arc<Settings>) -> Self {
        let edge = &settings.edge;
        let limits = NonZeroU32::new(edge.anonymous_per_ip_per_minute).map(|rate| {
            let burst = NonZeroU32::new(edge.anonymous_burst).unwrap_or(rate);
            let scale = |n: NonZeroU32| n.saturating_mul(NonZeroU32::new(10).unwrap_or(n));
            Arc::new(Limits {
                anonymous: DefaultKeyedRateLimiter::keyed(
                    Quota::per_minute(rate).allow_burst(burst),
                ),
                signed_in: DefaultKeyedRateLimiter::keyed(
                    Quota::per_minute(scale(rate)).allow_burst(scale(burst)),
                ),
                checks: AtomicU64::new(0),
            })
        });
        Self { settings, limits }
    }
}

impl<E: Endpoint> Middleware<E> for Edge {
    type Output = EdgeEndpoint<E>;

    fn transform(&self, inner: E) -> Self::Output {
        EdgeEndpoint {
            inner,
            settings: self.settings.clone(),
            limits: self.limits.clone(),
        }
    }
}

pub struct EdgeEndpoint<E> {
    inner: E,
    settings: Arc<Settings>,
    limits: Option<Arc<Limits>>,
}

impl<E: Endpoint> Endpoint for EdgeEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        let started = Instant::now();
        let id = incoming_id(&self.settings, &req).unwrap_or_else(|| random_base64url(12));
        req.extensions_mut().insert(RequestId(id.clone()));
        // Clients may send any method name; only the standard ones get their own label.
        let method: &'static str = match req.method().as_str() {
            "GET" => "GET",
            "HEAD" => "HEAD",
            "POST" => "POST",
            "PUT" => "PUT",
            "DELETE" => "DELETE",
            "OPTIONS" => "OPTIONS",
            "PATCH" => "PATCH",
            _ => "OTHER",
        };
        let span = tracing::info_span!("request", request_id = %id);
        let mut response = match self.refuse(&req) {
            Some(refused) => refused,
            None => match self.inner.call(req).instrument(span).await {
                Ok(output) => output.into_response(),
                Err(error) => error.into_response(),
            },
        };
        let route = response
            .data::<PathPattern>()
            .map_or_else(|| "unmatched".to_owned(), |pattern| pattern.0.to_string());
        let elapsed = started.elapsed();
        crate::metrics::http_request(&route, method, response.status(), elapsed);
        // The route's pattern, never the path: paths carry tokens (`/unsubscribe/…`).
        tracing::debug!(
            request_id = %id,
            method,
            route,
            status = response.status().as_u16(),
            micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
            "request finished"
        );
        if let Ok(value) = HeaderValue::from_str(&id) {
            response.headers_mut().insert("x-request-id", value);
        }
        Ok(response)
    }
}

impl<E> EdgeEndpoint<E> {
    /// The refusal for a client over its limit, if it is.
    fn refuse(&self, req: &Request) -> Option<Response> {
        let limits = self.limits.as_ref()?;
        let path = req.uri().path();
        if matches!(path, "/healthz" | "/readyz" | "/metrics") || path.starts_with("/static/") {
            return None;
        }
        // An address that does not parse (no peer address) shares one bucket.
        let ip: IpAddr = client_ip(&self.settings, req)
            .parse()
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let credentialed = req.headers().contains_key(header::AUTHORIZATION)
            || req
                .header(header::COOKIE)
                .is_some_and(|c| c.contains("cw_session="));
        let limiter = if credentialed {
            &limits.signed_in
        } else {
            &limits.anonymous
        };
        // Forget addresses that have been quiet long enough to be back at a full burst.
        if limits.checks.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            limits.anonymous.retain_recent();
            limits.signed_in.retain_recent();
        }
        let not_until = limiter.check_key(&ip).err()?;
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        let retry_after = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        crate::metrics::edge_limited();
        tracing::info!(client.ip = %ip, retry_after, "edge: over the per-IP limit");
        let message = "too many requests from this address; please wait and try again";
        let builder = Response::builder()
            .status(StatusCode::TOO_MANY_REQUESTS)
            .header(header::RETRY_AFTER, retry_after.max(1));
        Some(if path == "/graphql" {
            let body = serde_json::json!({
                "errors": [{ "message": message, "extensions": { "code": "RATE_LIMITED" } }]
            });
            builder
                .content_type("application/json")
                .body(body.to_string())
        } else {
            builder
                .content_type("text/plain; charset=utf-8")
                .body(message)
        })
    }
}

/// A proxy's request id, kept when the proxy is trusted and the id is plain.
fn incoming_id(settings: &Settings, req: &Request) -> Option<String> {
    if !settings.auth.trust_forwarded_for {
        return None;
    }
    let id = req.header("x-request-id")?.trim();
    let plain = (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    plain.then(|| id.to_owned())
}
