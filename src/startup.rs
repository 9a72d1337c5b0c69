//! The one place the application is wired: state, routes, server. Tests and benches call the same
//! functions.

use poem::http::StatusCode;
use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};
use poem::middleware::{CatchPanic, Cors, SetHeader};
use poem::web::Data;
use poem::{Endpoint, EndpointExt, Route, Server, get, handler};
use std::sync::Arc;

use crate::edge::Edge;

use crate::account_pages;
use crate::comment_packet;
use crate::feed_pages;
use crate::graphql::{self, AppSchema};
use crate::open_data;
use crate::state::AppState;
use crate::unsubscribe;
use crate::web;

/// All routes with their middleware.
pub fn routes(state: AppState) -> impl Endpoint + 'static {
    let schema: AppSchema = graphql::build_schema(state.clone());
    let metrics = Arc::new(crate::metrics::install());
    let edge = Edge::new(state.settings.clone());
    Route::new()
        .at("/metrics", get(crate::metrics::guarded))
        .at(
            "/graphql",
            get(graphql::http::graphql_get).post(graphql::http::graphql_post),
        )
        .at("/graphql/ws", get(graphql::http::graphql_ws))
        .at("/schema.graphql", get(schema_sdl))
        .at("/healthz", get(healthz))
        .at("/readyz", get(readyz))
        .at(
            "/officials/confirm-contact/:token",
            get(account_pages::contact_form).post(account_pages::contact_submit),
        )
        .at("/agenda-items/:id/comments.csv", get(comment_packet::csv))
        .at("/agenda-items/:id/comments.json", get(comment_packet::json))
        .at(
            "/feeds/bodies/:id/meetings.ics",
            get(feed_pages::body_meetings),
        )
        .at("/feeds/deadlines.ics", get(feed_pages::deadlines))
        .at("/feeds/private/:file", get(feed_pages::private_calendar))
        .at("/feeds/agencies/:file", get(feed_pages::agency_feed))
        .at("/feeds/search.atom", get(feed_pages::search_feed))
        .at(
            "/feeds/organizations/:id/positions.atom",
            get(feed_pages::organization_positions),
        )
        .at("/feeds/:section/:file", get(feed_pages::item_timeline))
        .at("/ocds/releases.json", get(open_data::release_pages))
        .at("/ocds/releases/:file", get(open_data::release_file))
        .at("/ocds/records/:file", get(open_data::record_file))
        .at("/ocds/extension/*file", get(open_data::extension_file))
        .at(
            "/unsubscribe/:token",
            get(unsubscribe::confirm).post(unsubscribe::one_click),
        )
        .nest("/", web::pages::routes(&state))
        .data(schema)
        .data(state)
        .data(metrics)
        // A public, cookie-less API: any origin may read it.
        .with(Cors::new())
        .with(SetHeader::new().overriding("X-Content-Type-Options", "nosniff"))
        .with(CatchPanic::new())
        .with(edge)
}

/// The separate metrics listener's routes (`metrics.listen`).
pub fn metrics_routes(state: AppState) -> impl Endpoint + 'static {
    Route::new()
        .at("/metrics", get(crate::metrics::open))
        .data(state)
        .data(Arc::new(crate::metrics::install()))
}

/// `GET /healthz`: the process is up.
#[handler]
fn healthz() -> &'static str {
    "ok"
}

/// `GET /readyz`: the database answers.
#[handler]
async fn readyz(state: Data<&AppState>) -> (StatusCode, &'static str) {
    if state.db.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
    }
}

/// `GET /schema.graphql`: the SDL, for client generators.
#[handler]
fn schema_sdl(schema: Data<&AppSchema>) -> String {
    schema.sdl()
}

/// A bound server, ready to run.
pub struct Application {
    acceptor: TcpAcceptor,
    state: AppState,
}

impl Application {
    /// Binds the configured address (port 0 picks a free one).
    pub async fn bind(state: AppState) -> anyhow::Result<Self> {
        let app = &state.settings.application;
        let acceptor = TcpListener::bind(format!("{}:{}", app.host, app.port))
            .into_acceptor()
            .await?;
        Ok(Self { acceptor, state })
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.acceptor
            .local_addr()
            .first()
            .and_then(|addr| addr.as_socket_addr().map(|a| a.port()))
            .unwrap_or_default()
    }

    /// Serves until `shutdown` resolves, then lets in-flight requests finish for up to
    /// `application.shutdown_grace_seconds`. With `metrics.listen`, `/metrics` is served there
    /// too, until the same moment.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let grace =
            std::time::Duration::from_secs(self.state.settings.application.shutdown_grace_seconds);
        let stopped = tokio_util::sync::CancellationToken::new();
        let metrics = match self.state.settings.metrics.listen.trim() {
            "" => None,
            address => {
                let acceptor = TcpListener::bind(address.to_owned())
                    .into_acceptor()
                    .await?;
                tracing::info!(address, "metrics at /metrics");
                let stop = stopped.clone();
                let routes = metrics_routes(self.state.clone());
                Some(tokio::spawn(async move {
                    Server::new_with_acceptor(acceptor)
                        .run_with_graceful_shutdown(
                            routes,
                            async move { stop.cancelled().await },
                            Some(std::time::Duration::from_secs(1)),
                        )
                        .await
                }))
            }
        };
        let stop = stopped.clone();
        let served = Server::new_with_acceptor(self.acceptor)
            .run_with_graceful_shutdown(
                routes(self.state),
                async move {
                    shutdown.await;
                    stop.cancel();
                },
                Some(grace),
            )
            .await;
        stopped.cancel();
        if let Some(metrics) = metrics {
            let _ = metrics.await;
        }
        served?;
        Ok(())
    }
}
