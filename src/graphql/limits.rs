//! Limits async-graphql 7 lacks, and the error policy.
//!
//! - An alias cap (8.x has `limit_aliases`; 7.2 does not), counted through fragment spreads.
//! - Every error carries `extensions.code`: parse and validation errors get
//!   `GRAPHQL_PARSE_FAILED` / `GRAPHQL_VALIDATION_FAILED`; argument coercion errors
//!   `BAD_USER_INPUT`; anything else without a code is an internal error whose message is replaced
//!   and logged, so no driver or panic text reaches a client.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::OperationType;
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{
    Name, Positioned, Response, ServerError, ServerResult, ValidationResult, Variables,
};

use crate::error::INTERNAL_MESSAGE;

/// Code of a document that does not parse.
pub const PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
/// Code of a document that fails validation, including depth, complexity and alias limits.
pub const VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";

/// The extension factory.
pub struct Hardening {
    pub max_aliases: usize,
}

impl ExtensionFactory for Hardening {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(HardeningExtension {
            max_aliases: self.max_aliases,
        })
    }
}

struct HardeningExtension {
    max_aliases: usize,
}

/// Marks a request that arrived over `/graphql/ws`.
pub struct OverWebSocket;

#[async_graphql::async_trait::async_trait]
impl Extension for HardeningExtension {
    /// Tells the metrics which operation ran (after the document parsed and validated).
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        if let Some(slot) = ctx.data_opt::<Arc<crate::metrics::OperationSlot>>() {
            slot.set(operation_name.unwrap_or_default());
        }
        next.run(ctx, operation_name).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await.map_err(|mut e| {
            // async-graphql checks two structural limits while parsing; report them as the
            // limit violations they are, like the depth and complexity limits.
            let is_limit = e.message.starts_with("The recursion depth of the query")
                || e.message
                    .starts_with("The number of directives on the field");
            set_code(
                &mut e,
                if is_limit {
                    VALIDATION_FAILED
                } else {
                    PARSE_FAILED
                },
            );
            e
        })?;
        // The socket serves subscriptions only: queries and mutations go through `POST /graphql`,
        // with its limits and one request id each.
        if ctx.data_opt::<OverWebSocket>().is_some()
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
        let aliases = count_aliases(&document, self.max_aliases);
        if aliases > self.max_aliases {
            let message = format!(
                "Query has too many aliases; the limit is {}.",
                self.max_aliases
            );
            let mut error = ServerError::new(message, None);
            set_code(&mut error, VALIDATION_FAILED);
            return Err(error);
        }
        Ok(document)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|mut errors| {
            for error in &mut errors {
                set_code(error, VALIDATION_FAILED);
            }
            errors
        })
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
