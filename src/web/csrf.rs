//! The first half of the CSRF defence, on every state-changing web route: a request another
//! site made (`Sec-Fetch-Site: cross-site`/`same-site`, or an `Origin` that is not this site) is
//! refused before anything runs. The second half, the synchronizer token in every form, is
//! checked by each handler, which re-renders the form with its input when the token is stale.

use poem::http::{Method, StatusCode, header};
use poem::{Endpoint, IntoResponse, Middleware, Request, Response, Result};

/// Refuses cross-site state-changing requests.
pub struct SameOrigin {
    /// `scheme://host[:port]` of the configured base URL.
    pub origin: String,
}

impl SameOrigin {
    /// The guard for a site served at `base_url`.
    pub fn new(base_url: &str) -> Self {
        let origin = url::Url::parse(base_url)
            .map(|url| url.origin().ascii_serialization())
            .unwrap_or_default();
        Self { origin }
    }
}

impl<E: Endpoint> Middleware<E> for SameOrigin {
    type Output = SameOriginEndpoint<E>;

    fn transform(&self, inner: E) -> Self::Output {
        SameOriginEndpoint {
            inner,
            origin: self.origin.clone(),
        }
    }
}

/// [`SameOrigin`] around an endpoint.
pub struct SameOriginEndpoint<E> {
    inner: E,
    origin: String,
}

/// Whether `req` may change state: safe methods always; others only from this site.
pub fn allowed(req: &Request, configured_origin: &str) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    if let Some(site) = req.header("sec-fetch-site")
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    match req.header(header::ORIGIN) {
        None => true,
        Some(origin) => {
            let own = req.header(header::HOST).map(|host| {
                let scheme = if configured_origin.starts_with("https://") {
                    "https"
                } else {
                    "http"
                };
                format!("{scheme}://{host}")
            });
            origin == configured_origin || own.as_deref() == Some(origin)
        }
    }
}

impl<E: Endpoint> Endpoint for SameOriginEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> Result<Self::Output> {
        if !allowed(&req, &self.origin) {
            tracing::info!(path = %req.uri().path(), "refused a cross-site form post");
            return Ok((
                StatusCode::FORBIDDEN,
                "This form was sent from another site, so it was not accepted. Nothing changed.",
            )
                .into_response());
        }
        self.inner.call(req).await.map(IntoResponse::into_response)
    }
}
