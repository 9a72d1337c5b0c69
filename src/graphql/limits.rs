//! Limits async-graphql 7 lacks, and the error policy.
//!
//! - An alias cap (8.x has `limit_aliases`; 7.2 does not), counted through fragment spreads,
//!   checked by [`admit`] before a request runs, with the document parsed once per distinct text.
//! - Every error carries `extensions.code`: parse and validation errors get
//!   `GRAPHQL_PARSE_FAILED` / `GRAPHQL_VALIDATION_FAILED`; argument coercion errors
//!   `BAD_USER_INPUT`; anything else without a code is an internal error whose message is replaced
//!   and logged, so no driver or panic text reaches a client.

use std::num::NonZeroUsize;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned, Request, Response, ServerError};
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use lru::LruCache;

use crate::error::INTERNAL_MESSAGE;

/// Code of a document that does not parse.
pub const PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
/// Code of a document that fails validation, including depth, complexity and alias limits.
pub const VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";

/// A parsed document and how many aliases it has.
type Parsed = (ExecutableDocument, usize);

/// Parsed documents by their text, with their alias counts: clients send the same few documents
/// over and over (the web pages send theirs on every view), and parsing is pure.
static DOCUMENTS: LazyLock<Mutex<LruCache<String, Arc<Parsed>>>> =
    LazyLock::new(|| Mutex::new(LruCache::new(DOCUMENT_CACHE_SIZE)));

/// Distinct documents kept parsed.
const DOCUMENT_CACHE_SIZE: NonZeroUsize = NonZeroUsize::new(256).unwrap();

/// Only documents up to this size are kept (the web client's largest, with its fragments, is
/// about 3 KiB), so a stream of large unique documents cannot fill memory with syntax trees.
const CACHED_DOCUMENT_BYTES: usize = 8 * 1024;

/// Checks a request before async-graphql runs it: parses its document (once per distinct text),
/// applies the alias cap, and, over the WebSocket, refuses anything but subscriptions. On success
/// the request carries the parsed document, and the name of the operation it will run is
/// returned (`""` for an unnamed one).
///
/// This is not an async-graphql extension on purpose: with any extension registered, async-graphql
/// wraps the resolution of every field in the extension chain, a cost paid per field of every
/// response, for checks that only need the document.
pub fn admit(
    request: &mut Request,
    max_aliases: usize,
    over_websocket: bool,
) -> Result<String, ServerError> {
    let cached = DOCUMENTS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(request.query.as_str())
        .cloned();
    let parsed = match cached {
        Some(parsed) => parsed,
        None => {
            let document = async_graphql::parser::parse_query(&request.query).map_err(|e| {
                let mut error = ServerError::from(e);
                set_code(&mut error, PARSE_FAILED);
                error
            })?;
            let aliases = count_aliases(&document, ALIAS_COUNT_CAP);
            let parsed = Arc::new((document, aliases));
            if request.query.len() <= CACHED_DOCUMENT_BYTES {
                DOCUMENTS
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .put(request.query.clone(), parsed.clone());
            }
            parsed
        }
    };
    let (document, aliases) = &*parsed;
    // The socket serves subscriptions only: queries and mutations go through `POST /graphql`,
    // with its limits and one request id each.
    if over_websocket
        && document
            .operations
            .iter()
            .any(|(_, operation)| operation.node.ty != OperationType::Subscription)
    {
        let mut error = ServerError::new(
            "only subscriptions are served over WebSocket; send queries and mutations to POST /graphql",
            None,
        );
        set_code(&mut error, "BAD_REQUEST");
        return Err(error);
    }
    if *aliases > max_aliases {
        let message = format!("Query has too many aliases; the limit is {max_aliases}.");
        let mut error = ServerError::new(message, None);
        set_code(&mut error, VALIDATION_FAILED);
        return Err(error);
    }
    let operation = match (&request.operation_name, &document.operations) {
        (Some(name), _) => name.clone(),
        (None, DocumentOperations::Multiple(operations)) if operations.len() == 1 => operations
            .keys()
            .next()
            .map(ToString::to_string)
            .unwrap_or_default(),
        (None, _) => String::new(),
    };
    request.set_parsed_query(document.clone());
    Ok(operation)
}

/// Counting stops past this many aliases; any configured cap is far below it.
const ALIAS_COUNT_CAP: usize = 10_000;

/// The schema behind the WebSocket: every subscription is admitted first, like `POST /graphql`.
#[derive(Clone)]
pub struct OverWebSocket {
    pub schema: crate::graphql::AppSchema,
    pub max_aliases: usize,
}

impl async_graphql::Executor for OverWebSocket {
    async fn execute(&self, mut request: Request) -> Response {
        match admit(&mut request, self.max_aliases, true) {
            Ok(_) => finish(self.schema.execute(request).await),
            Err(error) => Response::from_errors(vec![error]),
        }
    }

    fn execute_stream(
        &self,
        mut request: Request,
        session_data: Option<Arc<async_graphql::Data>>,
    ) -> BoxStream<'static, Response> {
        match admit(&mut request, self.max_aliases, true) {
            Ok(_) => self
                .schema
                .execute_stream_with_session_data(request, session_data.unwrap_or_default())
                .map(finish)
                .boxed(),
            Err(error) => {
                futures_util::stream::once(async move { Response::from_errors(vec![error]) })
                    .boxed()
            }
        }
    }
}

fn set_code(error: &mut ServerError, code: &'static str) {
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", code);
}

fn has_code(error: &ServerError) -> bool {
    error
        .extensions
        .as_ref()
        .is_some_and(|ext| ext.get("code").is_some())
}

/// Gives every error of a finished response a code, masking what could be internal.
pub fn finish(mut response: Response) -> Response {
    for error in response.errors.iter_mut().filter(|e| !has_code(e)) {
        let code = if error.path.is_empty() {
            // Request-level errors (unknown operation name and the like) come from async-graphql
            // itself, before any resolver ran, and describe the document.
            VALIDATION_FAILED
        } else if error.message.starts_with("Invalid value for argument")
            || error.message.starts_with("Failed to parse")
        {
            "BAD_USER_INPUT"
        } else {
            tracing::error!(error.message = %error.message, "unclassified resolver error masked");
            error.message = INTERNAL_MESSAGE.to_owned();
            "INTERNAL_SERVER_ERROR"
        };
        set_code(error, code);
    }
    response
}

/// Counts aliases in every operation and fragment, following spreads; stops counting past `cap`.
fn count_aliases(document: &ExecutableDocument, cap: usize) -> usize {
    let mut total = 0;
    let mut visiting = Vec::new();
    for (_, operation) in document.operations.iter() {
        total += count_in(&operation.node.selection_set, document, cap, &mut visiting);
        if total > cap {
            break;
        }
    }
    total
}

fn count_in(
    set: &Positioned<SelectionSet>,
    document: &ExecutableDocument,
    cap: usize,
    visiting: &mut Vec<Name>,
) -> usize {
    let mut total = 0;
    for selection in &set.node.items {
        if total > cap {
            break;
        }
        total += match &selection.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some())
                    + count_in(&field.node.selection_set, document, cap, visiting)
            }
            Selection::InlineFragment(fragment) => {
                count_in(&fragment.node.selection_set, document, cap, visiting)
            }
            Selection::FragmentSpread(spread) => {
                let name = &spread.node.fragment_name.node;
                // A cycle is reported by validation; here it just stops the walk.
                match document.fragments.get(name) {
                    Some(fragment) if !visiting.contains(name) => {
                        visiting.push(name.clone());
                        let n = count_in(&fragment.node.selection_set, document, cap, visiting);
                        visiting.pop();
                        n
                    }
                    _ => 0,
                }
            }
        };
    }
    total
}
