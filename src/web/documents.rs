//! The GraphQL documents pages run (`frontend/documents/*.graphql`), parsed once and executed
//! in-process through the same schema as `/graphql`, with the viewer of the web session. A page
//! can therefore do nothing the public API cannot, and every rule applies once.

use std::collections::HashMap;
use std::sync::LazyLock;

use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Request, Response, Variables};
use rust_embed::RustEmbed;

use crate::auth::{RequestMeta, Viewer};
use crate::graphql::{AppSchema, http};
use crate::state::AppState;

#[derive(RustEmbed)]
#[folder = "frontend/documents/"]
#[include = "*.graphql"]
struct Documents;

/// The file of shared fragments; every other file is one page's document.
const FRAGMENTS: &str = "_fragments.graphql";

fn source_of(name: &str) -> String {
    Documents::get(name)
        .map(|file| String::from_utf8_lossy(&file.data).into_owned())
        .unwrap_or_default()
}

/// The shared fragments by name, each with its source.
fn fragments() -> HashMap<String, String> {
    let source = source_of(FRAGMENTS);
    let mut fragments = HashMap::new();
    for chunk in source.split("\nfragment ").skip(1) {
        let name: String = chunk
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        fragments.insert(name, format!("fragment {}", chunk.trim_end()));
    }
    fragments
}

/// `source` followed by every shared fragment it spreads, directly or through another.
fn with_fragments(source: &str, fragments: &HashMap<String, String>) -> String {
    let mut used: Vec<&str> = Vec::new();
    let mut pending = vec![source];
    while let Some(text) = pending.pop() {
        for (name, fragment) in fragments {
            let spread = format!("...{name}");
            let spreads = text.match_indices(&spread).any(|(at, _)| {
                !text[at + spread.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            });
            if spreads && !used.contains(&name.as_str()) {
                used.push(name);
                pending.push(fragment);
            }
        }
    }
    used.sort_unstable();
    let mut full = source.trim_end().to_owned();
    for name in used {
        full.push_str("\n\n");
        full.push_str(&fragments[name]);
    }
    full.push('\n');
    full
}

/// Each document's full source and, when it parses, the parsed form.
static PARSED: LazyLock<HashMap<String, (String, Option<ExecutableDocument>)>> =
    LazyLock::new(|| {
        let fragments = fragments();
        Documents::iter()
            .filter(|name| name != FRAGMENTS)
            .map(|name| {
                let source = with_fragments(&source_of(&name), &fragments);
                let parsed = async_graphql::parser::parse_query(&source).ok();
                let key = name.strip_suffix(".graphql").unwrap_or(&name).to_owned();
                (key, (source, parsed))
            })
            .collect()
    });

/// Every document as (name, source), for the test that validates them against the schema.
pub fn all() -> Vec<(String, String)> {
    let mut all: Vec<_> = PARSED
        .iter()
        .map(|(name, (source, _))| (name.clone(), source.clone()))
        .collect();
    all.sort();
    all
}

/// Runs document `name` as `viewer`. A missing document is a bug, reported as an error
/// response like any other.
pub async fn run(
    state: &AppState,
    schema: &AppSchema,
    viewer: &Viewer,
    meta: &RequestMeta,
    name: &str,
    variables: serde_json::Value,
) -> Response {
    let Some((source, parsed)) = PARSED.get(name) else {
        tracing::error!(document = name, "no such page document");
        return Response::from_errors(vec![async_graphql::ServerError::new(
            "no such document",
            None,
        )]);
    };
    run_request(
        state,
        schema,
        viewer,
        meta,
        source,
        parsed.as_ref(),
        variables,
        None,
    )
    .await
}

/// Runs document `name` with a file for its `$file` variable (an upload form).
pub async fn run_with_upload(
    state: &AppState,
    schema: &AppSchema,
    viewer: &Viewer,
    meta: &RequestMeta,
    name: &str,
    variables: serde_json::Value,
    file: async_graphql::UploadValue,
) -> Response {
    let Some((source, parsed)) = PARSED.get(name) else {
        tracing::error!(document = name, "no such page document");
        return Response::from_errors(vec![async_graphql::ServerError::new(
            "no such document",
            None,
        )]);
    };
    run_request(
        state,
        schema,
        viewer,
        meta,
        source,
        parsed.as_ref(),
        variables,
        Some(file),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn run_request(
    state: &AppState,
    schema: &AppSchema,
    viewer: &Viewer,
    meta: &RequestMeta,
    source: &str,
    parsed: Option<&ExecutableDocument>,
    variables: serde_json::Value,
    file: Option<async_graphql::UploadValue>,
) -> Response {
    let mut request = Request::new(source.to_owned()).variables(Variables::from_json(variables));
    if let Some(parsed) = parsed {
        request.set_parsed_query(parsed.clone());
    }
    if let Some(file) = file {
        request.set_upload("variables.file", file);
    }
    http::run(state, schema, viewer.clone(), meta.clone(), request).await
}
