//! The OCDS publication routes (see [`services::ocds_export`]):
//!
//! - `GET /ocds/releases/{ocid}.json`: a release package with the process's current release;
//! - `GET /ocds/records/{ocid}.json`: a record package with it and its compiled release;
//! - `GET /ocds/releases.json?page=N`: every process, most recently changed first, 100 a page,
//!   with `Link: <…>; rel="next"` (and `prev`) headers, as OCDS 1.1 packages have no paging
//!   field of their own;
//! - `GET /ocds/extension/…`: Contract Watch's OCDS extension (`extension.json`, its
//!   `release-schema.json`, codelists and README), which every package declares.
//!
//! [`services::ocds_export`]: crate::services::ocds_export

use poem::http::{StatusCode, header};
use poem::web::{Data, Json, Path, Query};
use poem::{IntoResponse, Response, handler};
use rust_embed::RustEmbed;
use serde::Deserialize;

use crate::comment_packet::failure;
use crate::error::AppError;
use crate::services::ocds_export::{self, PAGE_SIZE, Publisher};
use crate::state::AppState;

#[derive(RustEmbed)]
#[folder = "frontend/ocds-extension/"]
struct Extension;

/// The placeholder for the service's own address in the extension's files.
const PLACEHOLDER_HOST: &str = "https://contract-watch.example";
const PLACEHOLDER_EMAIL: &str = "ocds@contract-watch.example";

fn publisher(state: &AppState) -> Publisher<'_> {
    Publisher {
        settings: &state.settings.ocds,
        base_url: state.settings.application.base_url.trim_end_matches('/'),
    }
}

fn ocds_json(body: serde_json::Value) -> Response {
    Json(body)
        .with_header(header::CACHE_CONTROL, "public, max-age=300")
        .into_response()
}

async fn current_release(
    state: &AppState,
    file: &str,
) -> Result<(String, serde_json::Value), AppError> {
    let ocid = file
        .strip_suffix(".json")
        .ok_or(AppError::NotFound("OCDS file"))?;
    let db = &state.db.read;
    let process = ocds_export::process_of(db, &state.settings.ocds, ocid)
        .await?
        .ok_or(AppError::NotFound("contracting process"))?;
    let release = ocds_export::release(
        db,
        &state.settings.ocds,
        process,
        state.clock.now().date_naive(),
    )
    .await?
    .ok_or(AppError::NotFound("contracting process"))?;
    Ok((ocid.to_owned(), release))
}

/// `GET /ocds/releases/{ocid}.json`.
#[handler]
pub async fn release_file(Path(file): Path<String>, state: Data<&AppState>) -> Response {
    match current_release(&state, &file).await {
        Ok((ocid, release)) => {
            let publisher = publisher(&state);
            let uri = format!("{}/ocds/releases/{ocid}.json", publisher.base_url);
            ocds_json(publisher.release_package(&uri, vec![release], state.clock.now()))
        }
        Err(error) => failure(&error),
    }
}

/// `GET /ocds/records/{ocid}.json`.
#[handler]
pub async fn record_file(Path(file): Path<String>, state: Data<&AppState>) -> Response {
    match current_release(&state, &file).await {
        Ok((ocid, release)) => {
            let publisher = publisher(&state);
            let uri = format!("{}/ocds/records/{ocid}.json", publisher.base_url);
            ocds_json(publisher.record_package(&uri, release, state.clock.now()))
        }
        Err(error) => failure(&error),
    }
}

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    page: Option<u64>,
}

/// `GET /ocds/releases.json?page=N` (pages count from 1).
#[handler]
pub async fn release_pages(Query(query): Query<PageQuery>, state: Data<&AppState>) -> Response {
    let page = query.page.unwrap_or(1).max(1);
    match releases_page(&state, page).await {
        Ok((package, more)) => {
            let base = publisher(&state).base_url.to_owned();
            let mut links = Vec::new();
            if more {
                links.push(format!(
                    "<{base}/ocds/releases.json?page={}>; rel=\"next\"",
                    page + 1
                ));
            }
            if page > 1 {
                links.push(format!(
                    "<{base}/ocds/releases.json?page={}>; rel=\"prev\"",
                    page - 1
                ));
            }
            let mut response = ocds_json(package);
            if !links.is_empty()
                && let Ok(value) = links.join(", ").parse()
            {
                response.headers_mut().insert(header::LINK, value);
            }
            response
        }
        Err(error) => failure(&error),
    }
}

async fn releases_page(state: &AppState, page: u64) -> Result<(serde_json::Value, bool), AppError> {
    let db = &state.db.read;
    let all = ocds_export::processes(db).await?;
    let start = usize::try_from((page - 1).saturating_mul(PAGE_SIZE)).unwrap_or(usize::MAX);
    let today = state.clock.now().date_naive();
    let mut releases = Vec::new();
    for (process, _) in all.iter().skip(start).take(PAGE_SIZE as usize) {
        if let Some(release) =
            ocds_export::release(db, &state.settings.ocds, *process, today).await?
        {
            releases.push(release);
        }
    }
    let more = all.len() > start.saturating_add(PAGE_SIZE as usize);
    let publisher = publisher(state);
    let uri = format!("{}/ocds/releases.json?page={page}", publisher.base_url);
    Ok((
        publisher.release_package(&uri, releases, state.clock.now()),
        more,
    ))
}

/// `GET /ocds/extension/{file}` and `/ocds/extension/codelists/{file}`.
#[handler]
pub async fn extension_file(Path(file): Path<String>, state: Data<&AppState>) -> Response {
    let Some(found) = Extension::get(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mime = match file.rsplit_once('.').map(|(_, ext)| ext) {
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        _ => "application/octet-stream",
    };
    let text = String::from_utf8_lossy(&found.data)
        .replace(PLACEHOLDER_HOST, publisher(&state).base_url)
        .replace(PLACEHOLDER_EMAIL, &state.settings.ocds.contact_email);
    text.with_content_type(mime)
        .with_header(header::CACHE_CONTROL, "public, max-age=3600")
        .into_response()
}
