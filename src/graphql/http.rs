//! The GraphQL HTTP endpoint, written by hand rather than with `async_graphql_poem::GraphQL`
//! because the stock endpoint accepts batches, any content type (a form post would run a
//! mutation) and unbounded bodies.
//!
//! - `POST /graphql`: `Content-Type: application/json` only (else 415), body at most
//!   `graphql.max_body_bytes` (else 413), one operation (a JSON array is 400).
//! - `GET /graphql?query=…`: queries only (a mutation is 405), unless `graphql.allow_get` is off
//!   (then every GET query is 405); without `query`, GraphiQL where enabled.
//! - Responses are `application/json` unless the client's `Accept` asks for
//!   `application/graphql-response+json` (GraphQL over HTTP), which answers request errors with
//!   400 and no `data`; an `Accept` naming neither is 406.
//! - `GET /graphql/ws`: subscriptions over WebSocket (`graphql-transport-ws`, and the older
//!   `graphql-ws`). The access token travels in the `connection_init` payload as
//!   `{"authorization": "Bearer …"}`; an invalid one refuses the connection.

use std::time::Duration;

use async_graphql::Data as GqlData;
use async_graphql::http::GraphiQLSource;
use async_graphql::parser::types::OperationType;
use async_graphql_poem::{GraphQLProtocol, GraphQLWebSocket};
use poem::http::{StatusCode, header};
use poem::web::websocket::WebSocket;
use poem::web::{Data, Html, Query};
use poem::{Body, IntoResponse, Request, Response, handler};
use serde::Deserialize;
use serde_json::json;

use crate::auth::{RequestMeta, Viewer};
use crate::error::AppError;
use crate::graphql::{AppSchema, limits, loaders};
use crate::services::accounts;
use crate::state::AppState;

/// A transport-level error, in the same shape as GraphQL errors.
fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    Response::builder()
        .status(status)
        .content_type("application/json")
        .body(body.to_string())
}

/// `POST /graphql`.
#[handler]
pub async fn graphql_post(
    req: &Request,
    body: Body,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
) -> Response {
    let essence = req
        .header(header::CONTENT_TYPE)
        .and_then(|value| value.split(';').next())
        .map(|essence| essence.trim().to_ascii_lowercase());
    let Some(format) = Format::negotiate(req) else {
        return not_acceptable();
    };
    if essence.as_deref() == Some("multipart/form-data") {
        return upload(req, body, &state, &schema, format).await;
    }
    if essence.as_deref() != Some("application/json") {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "GraphQL requests must be sent as Content-Type: application/json",
        );
    }
    let limit = state.settings.graphql.max_body_bytes;
    let bytes = match body.into_bytes_limit(limit).await {
        Ok(bytes) => bytes,
        Err(poem::error::ReadBodyError::PayloadTooLarge) => {
            return error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                "PAYLOAD_TOO_LARGE",
                &format!("request body exceeds {limit} bytes"),
            );
        }
        Err(_) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "request body could not be read",
            );
        }
    };
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return error_response(
            StatusCode::BAD_REQUEST,
            "BATCH_NOT_SUPPORTED",
            "send one operation per request; batched arrays are not accepted",
        );
    }
    let request: async_graphql::Request = match serde_json::from_slice(&bytes) {
        Ok(request) => request,
        Err(_) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "request body must be a JSON object with a `query` string and optional `variables` and `operationName`",
            );
        }
    };
    execute(&state, &schema, req, format, request).await
}

/// Marks a request that carries an upload: it runs under `graphql.upload_timeout_seconds`.
struct UploadRequest;

/// A GraphQL multipart request (an upload, `importOcds`): staff and admins only, checked before
/// the body is read; one file of at most `graphql.max_upload_bytes`, spooled to a temporary
/// file by async-graphql.
async fn upload(
    req: &Request,
    body: Body,
    state: &AppState,
    schema: &AppSchema,
    format: Format,
) -> Response {
    let staff = match viewer(state, req).await {
        Ok(viewer) => viewer.any_staff().is_ok(),
        Err(response) => return response,
    };
    if !staff {
        return error_response(
            StatusCode::FORBIDDEN,
            "FORBIDDEN",
            "uploads are for staff: sign in with a staff account's token",
        );
    }
    let content_type = req.header(header::CONTENT_TYPE).map(str::to_owned);
    let options = async_graphql::http::MultipartOptions::default()
        .max_num_files(1)
        .max_file_size(state.settings.graphql.max_upload_bytes);
    use tokio_util::compat::TokioAsyncReadCompatExt as _;
    let request = match async_graphql::http::receive_body(
        content_type,
        body.into_async_read().compat(),
        options,
    )
    .await
    {
        Ok(request) => request,
        Err(async_graphql::ParseRequestError::PayloadTooLarge) => {
            return error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                "PAYLOAD_TOO_LARGE",
                &format!(
                    "the file exceeds {} bytes",
                    state.settings.graphql.max_upload_bytes
                ),
            );
        }
        Err(_) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "a multipart request needs `operations`, `map` and one file, as the GraphQL multipart request spec says",
            );
        }
    };
    execute(state, schema, req, format, request.data(UploadRequest)).await
}

/// Query-string form of a GraphQL request.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetParams {
    query: Option<String>,
    variables: Option<String>,
    operation_name: Option<String>,
}

/// `GET /graphql`.
#[handler]
pub async fn graphql_get(
    req: &Request,
    params: Query<GetParams>,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
) -> Response {
    let Query(params) = params;
    if params.query.is_some() && !state.settings.graphql.allow_get {
        return error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
            "this server takes GraphQL requests by POST only",
        )
        .with_header(header::ALLOW, "POST")
        .into_response();
    }
    let Some(query) = params.query else {
        if state.settings.application.graphiql {
            return Html(GraphiQLSource::build().endpoint("/graphql").finish()).into_response();
        }
        return error_response(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            "missing `query` parameter",
        );
    };
    let Some(format) = Format::negotiate(req) else {
        return not_acceptable();
    };
    if is_mutation(&query, params.operation_name.as_deref()) {
        return error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
            "mutations must be sent with POST",
        )
        .with_header(header::ALLOW, "POST")
        .into_response();
    }
    let mut request = async_graphql::Request::new(query);
    if let Some(name) = params.operation_name {
        request = request.operation_name(name);
    }
    if let Some(variables) = params.variables {
        match serde_json::from_str(&variables) {
            Ok(variables) => {
                request = request.variables(async_graphql::Variables::from_json(variables))
            }
            Err(_) => {
                return error_response(
                    StatusCode::BAD_REQUEST,
                    "BAD_REQUEST",
                    "`variables` must be a JSON object",
                );
            }
        }
    }
    execute(&state, &schema, req, format, request).await
}

/// Whether the operation a GET would run is a mutation. A document that does not parse is left
/// to the executor, which reports the parse error.
fn is_mutation(query: &str, operation_name: Option<&str>) -> bool {
    let Ok(document) = async_graphql::parser::parse_query(query) else {
        return false;
    };
    document
        .operations
        .iter()
        .filter(|(name, _)| operation_name.is_none() || name.map(|n| n.as_str()) == operation_name)
        .any(|(_, operation)| operation.node.ty == OperationType::Mutation)
}

/// Who sent the request. No `Authorization` header is anonymous; a header that is not a valid,
/// current bearer token is refused with 401, never downgraded to anonymous.
async fn viewer(state: &AppState, req: &Request) -> Result<Viewer, Response> {
    let Some(value) = req.header(header::AUTHORIZATION) else {
        return Ok(Viewer::Anonymous);
    };
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .unwrap_or_default();
    match accounts::viewer_for_token(state, token).await {
        Ok(viewer) => Ok(viewer),
        Err(AppError::Unauthenticated) => Err(error_response(
            StatusCode::UNAUTHORIZED,
            "UNAUTHENTICATED",
            "the access token is invalid or expired; refresh the session or log in again",
        )
        .with_header(header::WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
        .into_response()),
        Err(error) => {
            tracing::error!(error = ?error, "could not check an access token");
            Err(error_response(
                StatusCode::SERVICE_UNAVAILABLE,
                "UNAVAILABLE",
                "the service is unavailable; please try again shortly",
            ))
        }
    }
}

/// The client's address (the first `X-Forwarded-For` entry behind a trusted proxy) and the
/// request's id from the edge.
pub fn request_meta(state: &AppState, req: &Request) -> RequestMeta {
    RequestMeta {
        ip: crate::edge::client_ip(&state.settings, req),
        request_id: crate::edge::request_id(req),
    }
}

const TIMEOUT_CODE: &str = "TIMEOUT";

/// Runs one request in-process as `viewer`, with fresh loaders, the execution timeout and the
/// response limits: the one path of `/graphql` and of the web pages.
pub async fn run(
    state: &AppState,
    schema: &AppSchema,
    viewer: Viewer,
    meta: RequestMeta,
    mut request: async_graphql::Request,
) -> async_graphql::Response {
    let settings = &state.settings.graphql;
    let started = std::time::Instant::now();
    let operation = match limits::admit(&mut request, settings.max_aliases, false) {
        Ok(operation) => operation,
        Err(error) => {
            let response = limits::finish(async_graphql::Response::from_errors(vec![error]));
            crate::metrics::graphql_request(None, started.elapsed(), &response);
            return response;
        }
    };
    request.data.insert(loaders::Loaders::new(
        &state.db.read,
        Duration::from_micros(settings.dataloader_delay_micros),
        &viewer,
    ));
    // Rows fetched ahead live for this one request: a subscription's connection, which lives for
    // hours, gets none (see `connection_data`).
    let request = request
        .data(viewer)
        .data(meta)
        .data(crate::graphql::prefetch::Prefetched::default());
    let timeout = Duration::from_secs(
        match request.data.get(&std::any::TypeId::of::<UploadRequest>()) {
            Some(_) => settings.upload_timeout_seconds,
            None => settings.execution_timeout_seconds,
        },
    );
    let execution = async {
        // Closed only if the state is dropped, which nothing serving does; run unbounded then.
        let _permit = state.executions.acquire().await.ok();
        schema.execute(request).await
    };
    let response = match tokio::time::timeout(timeout, execution).await {
        Ok(response) => limits::finish(response),
        Err(_) => {
            tracing::warn!("GraphQL execution timed out");
            let mut error =
                async_graphql::ServerError::new("the request took too long and was stopped", None);
            let mut extensions = async_graphql::ErrorExtensionValues::default();
            extensions.set("code", TIMEOUT_CODE);
            error.extensions = Some(extensions);
            async_graphql::Response::from_errors(vec![error])
        }
    };
    // A document refused by validation never ran: it has no operation to count under.
    let ran = (!is_request_error(&response)).then_some(operation.as_str());
    crate::metrics::graphql_request(ran, started.elapsed(), &response);
    response
}

/// The response media type a client asked for (GraphQL over HTTP, section 6.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `application/json`: errors of any kind answer 200 with `data: null`, as clients written
    /// before the specification's own type expect.
    Json,
    /// `application/graphql-response+json`: a request error (the document does not parse or
    /// validate, or the variables do not coerce) answers 400 with no `data` entry.
    GraphqlResponse,
}

impl Format {
    const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

    /// From the `Accept` header: the specification's type when listed, `application/json` when
    /// listed, implied (`*/*`, `application/*`) or no header is sent; `None` when the client
    /// accepts neither.
    pub fn negotiate(req: &Request) -> Option<Self> {
        let Some(accept) = req.header(header::ACCEPT) else {
            return Some(Self::Json);
        };
        let mut json = false;
        for range in accept.split(',') {
            let mut parts = range.split(';');
            let essence = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let refused = parts.any(|p| {
                let p = p.replace(' ', "");
                p == "q=0" || p == "q=0.0" || p == "q=0.00" || p == "q=0.000"
            });
            if refused {
                continue;
            }
            match essence.as_str() {
                Self::GRAPHQL_RESPONSE => return Some(Self::GraphqlResponse),
                "application/json" | "application/*" | "*/*" => json = true,
                _ => {}
            }
        }
        json.then_some(Self::Json)
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
        }
    }
}

/// `406` for an `Accept` header that names neither JSON type.
fn not_acceptable() -> Response {
    error_response(
        StatusCode::NOT_ACCEPTABLE,
        "NOT_ACCEPTABLE",
        "GraphQL responses are application/graphql-response+json or application/json; accept one",
    )
}

/// Whether a response is a request error: nothing executed because the document or the
/// variables were refused.
fn is_request_error(response: &async_graphql::Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| {
            e.path.is_empty()
                && e.extensions
                    .as_ref()
                    .and_then(|x| x.get("code"))
                    .is_some_and(|code| {
                        [
                            limits::PARSE_FAILED.into(),
                            limits::VALIDATION_FAILED.into(),
                            async_graphql::Value::from("BAD_USER_INPUT"),
                        ]
                        .contains(code)
                    })
        })
}

/// Runs one HTTP request with its viewer.
pub async fn execute(
    state: &AppState,
    schema: &AppSchema,
    req: &Request,
    format: Format,
    request: async_graphql::Request,
) -> Response {
    let viewer = match viewer(state, req).await {
        Ok(viewer) => viewer,
        Err(response) => return response,
    };
    let meta = request_meta(state, req);
    let response = run(state, schema, viewer, meta, request).await;
    let has_code = |code: &str| {
        response
            .errors
            .iter()
            .any(|e| e.extensions.as_ref().and_then(|x| x.get("code")) == Some(&code.into()))
    };
    let nothing = match &response.data {
        async_graphql::Value::Null => true,
        async_graphql::Value::Object(fields) => {
            fields.values().all(|v| *v == async_graphql::Value::Null)
        }
        _ => false,
    };
    if nothing && has_code(crate::error::UNAVAILABLE) {
        return error_response(
            StatusCode::SERVICE_UNAVAILABLE,
            crate::error::UNAVAILABLE,
            crate::error::UNAVAILABLE_MESSAGE,
        )
        .with_header(header::RETRY_AFTER, "1")
        .into_response();
    }
    if has_code(TIMEOUT_CODE) && response.data == async_graphql::Value::Null {
        return error_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "TIMEOUT",
            "the request took too long and was stopped",
        );
    }
    let (status, body) = if format == Format::GraphqlResponse && is_request_error(&response) {
        let body = json!({ "errors": response.errors });
        (StatusCode::BAD_REQUEST, serde_json::to_vec(&body))
    } else {
        (StatusCode::OK, serde_json::to_vec(&response))
    };
    match body {
        Ok(body) => Response::builder()
            .status(status)
            .content_type(format.content_type())
            .header(header::CACHE_CONTROL, "no-store")
            .body(body),
        Err(error) => {
            tracing::error!(%error, "could not serialize a GraphQL response");
            error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL_SERVER_ERROR",
                crate::error::INTERNAL_MESSAGE,
            )
        }
    }
}

/// `GET /graphql/ws`: GraphQL subscriptions over WebSocket.
#[handler]
pub async fn graphql_ws(
    req: &Request,
    websocket: WebSocket,
    protocol: GraphQLProtocol,
    Data(schema): Data<&AppSchema>,
    Data(state): Data<&AppState>,
) -> impl IntoResponse {
    let (schema, state) = (schema.clone(), state.clone());
    let meta = request_meta(&state, req);
    websocket
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| {
            let max_aliases = state.settings.graphql.max_aliases;
            let executor = limits::OverWebSocket {
                schema,
                max_aliases,
            };
            GraphQLWebSocket::new(stream, executor, protocol)
                .on_connection_init(move |payload| connection_data(state, meta, payload))
                .serve()
        })
}

/// The per-connection data of a subscription: the viewer from `connection_init`, and loaders.
async fn connection_data(
    state: AppState,
    meta: RequestMeta,
    payload: serde_json::Value,
) -> async_graphql::Result<GqlData> {
    let header = payload
        .get("authorization")
        .or_else(|| payload.get("Authorization"))
        .and_then(|value| value.as_str());
    let viewer = match header {
        None => Viewer::Anonymous,
        Some(value) => {
            let token = value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
                .map(str::trim)
                .unwrap_or_default();
            accounts::viewer_for_token(&state, token)
                .await
                .map_err(|_| async_graphql::Error::new("the access token is invalid or expired"))?
        }
    };
    let mut data = GqlData::default();
    data.insert(loaders::Loaders::new(
        &state.db.read,
        Duration::from_micros(state.settings.graphql.dataloader_delay_micros),
        &viewer,
    ));
    data.insert(viewer);
    data.insert(meta);
    Ok(data)
}
