//! Imports run from the import page: a file is checked first (a dry run whose report says what
//! would be created, updated and skipped, and why), kept with its run, then applied on request,
//! so staff see exactly what a file will do before it does it. Each run is remembered with its
//! report: the jurisdiction's import history.
//!
//! The file is kept in the database (`import_run.upload`), so any instance can apply it; the
//! page accepts files up to `imports.web_max_bytes`; larger ones go through the command line.

use std::io::{Seek as _, SeekFrom, Write as _};

use entity::import_run;
use sea_orm::{
    ActiveModelTrait as _, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel as _,
    QueryFilter, QueryOrder, QuerySelect,
};

use crate::auth::{RequestMeta, Viewer};
use crate::error::AppError;
use crate::services::audit::Actor;
use crate::services::csv_import;
use crate::services::ocds_import::{self, LISTED, Report};
use crate::state::AppState;

/// What a file is: OCDS, or a CSV export read through one of the presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Ocds,
    /// A preset's id (`chicago`, `nyc`, `san-francisco`).
    Csv(&'static str),
}

impl Source {
    fn name(self) -> String {
        match self {
            Self::Ocds => "ocds".to_owned(),
            Self::Csv(preset) => format!("csv:{preset}"),
        }
    }

    fn parse(name: &str) -> Option<Self> {
        if name == "ocds" {
            return Some(Self::Ocds);
        }
        let preset = name.strip_prefix("csv:")?;
        crate::csv_import::presets::ALL
            .iter()
            .find(|(id, _)| *id == preset)
            .map(|(id, _)| Self::Csv(id))
    }
}

/// The state of a run.
pub const CHECKED: &str = "checked";
pub const APPLIED: &str = "applied";

/// Runs `source`'s importer over `file`, for real or as a dry run.
async fn run(
    state: &AppState,
    actor: &Actor,
    jurisdiction_id: i64,
    source: Source,
    file: &tempfile::NamedTempFile,
    dry_run: bool,
) -> Result<Report, AppError> {
    match source {
        Source::Ocds => {
            let options = ocds_import::Options {
                jurisdiction_id,
                dry_run,
            };
            let handle = file
                .reopen()
                .map_err(|e| AppError::invalid("file", format!("cannot read the file: {e}")))?;
            ocds_import::import_file(state, actor, handle, &options).await
        }
        Source::Csv(preset) => {
            let mapping = crate::csv_import::presets::preset(preset)
                .ok_or(AppError::invalid("source", "no such CSV preset"))?
                .map_err(|e| AppError::invalid("source", e.to_string()))?;
            let options = csv_import::Options {
                jurisdiction_id,
                dry_run,
                mapping_name: preset.to_owned(),
            };
            csv_import::import_path(state, actor, file.path(), mapping, &options, |_| {}).await
        }
    }
}

/// A report small enough to keep: the first [`LISTED`] skipped elements and notes.
fn kept(mut report: Report) -> String {
    report.skipped.truncate(LISTED);
    report.notes.truncate(LISTED);
    serde_json::to_string(&report).unwrap_or_default()
}

/// `checkImport`: a dry run of `content` (the uploaded file) into `jurisdiction_id`, kept as a
/// run to apply. Staff of the jurisdiction and admins.
pub async fn check(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    jurisdiction_id: i64,
    source_name: &str,
    file_name: &str,
    mut content: std::fs::File,
) -> Result<import_run::Model, AppError> {
    let user = viewer.staff_of(jurisdiction_id)?;
    let source = Source::parse(source_name)
        .ok_or_else(|| AppError::invalid("source", "choose OCDS or one of the CSV presets"))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut content, &mut bytes)
        .map_err(|e| AppError::invalid("file", format!("cannot read the file: {e}")))?;
    if bytes.is_empty() {
        return Err(AppError::invalid("file", "the file is empty"));
    }
    let limit = state.settings.imports.web_max_bytes;
    if bytes.len() as u64 > limit {
        return Err(AppError::invalid(
            "file",
            format!(
                "files up to {limit} bytes are imported here; use `contract-watch import` for larger ones"
            ),
        ));
    }
    let file_name = file_name.trim();
    let file_name: String = if file_name.is_empty() {
        "upload"
    } else {
        file_name
    }
    .chars()
    .filter(|c| !c.is_control())
    .take(300)
    .collect();
    let file = spooled(&bytes)?;
    let actor = Actor::of(viewer, meta);
    let report = run(state, &actor, jurisdiction_id, source, &file, true).await?;
    let row = import_run::ActiveModel {
        jurisdiction_id: Set(jurisdiction_id),
        actor_id: Set(Some(user.id)),
        source: Set(source.name()),
        file_name: Set(file_name),
        state: Set(CHECKED.to_owned()),
        report: Set(Some(kept(report))),
        upload_bytes: Set(bytes.len() as i64),
        upload: Set(Some(bytes)),
        created_at: Set(state.clock.now()),
        finished_at: Set(Some(state.clock.now())),
        ..Default::default()
    }
    .insert(&state.db.write)
    .await?;
    Ok(row)
}

/// `applyImport`: imports a checked run's file for real; the run then holds the import's report
/// and no longer keeps the file.
pub async fn apply(
    state: &AppState,
    viewer: &Viewer,
    meta: &RequestMeta,
    run_id: i64,
) -> Result<import_run::Model, AppError> {
    viewer.any_staff()?;
    let row = import_run::Entity::find_by_id(run_id)
        .one(&state.db.write)
        .await?
        .ok_or(AppError::NotFound("import run"))?;
    viewer.staff_of(row.jurisdiction_id)?;
    let (Some(bytes), true) = (row.upload.clone(), row.state == CHECKED) else {
        return Err(AppError::Conflict("this file was already imported"));
    };
    let source = Source::parse(&row.source).ok_or(AppError::NotFound("import run"))?;
    let file = spooled(&bytes)?;
    let actor = Actor::of(viewer, meta);
    let jurisdiction_id = row.jurisdiction_id;
    let outcome = run(state, &actor, jurisdiction_id, source, &file, false).await;
    let mut active = row.into_active_model();
    active.finished_at = Set(Some(state.clock.now()));
    match outcome {
        Ok(report) => {
            active.state = Set(APPLIED.to_owned());
            active.report = Set(Some(kept(report)));
            active.upload = Set(None);
            Ok(active.update(&state.db.write).await?)
        }
        Err(error) => {
            // What was imported before the failure stays (one transaction per record); the
            // file is kept so the run can be applied again, which resumes.
            tracing::warn!(run = run_id, error = ?error, "an import from the page failed");
            Err(error)
        }
    }
}

/// `importRuns`: the jurisdiction's latest runs, newest first.
pub async fn recent(
    state: &AppState,
    viewer: &Viewer,
    jurisdiction_id: i64,
    limit: u64,
) -> Result<Vec<import_run::Model>, AppError> {
    viewer.staff_of(jurisdiction_id)?;
    Ok(import_run::Entity::find()
        .filter(import_run::Column::JurisdictionId.eq(jurisdiction_id))
        .order_by_desc(import_run::Column::CreatedAt)
        .order_by_desc(import_run::Column::Id)
        .limit(limit)
        .all(&state.db.read)
        .await?)
}

/// One run, for staff of its jurisdiction.
pub async fn find(
    state: &AppState,
    viewer: &Viewer,
    run_id: i64,
) -> Result<import_run::Model, AppError> {
    viewer.any_staff()?;
    let row = import_run::Entity::find_by_id(run_id)
        .one(&state.db.read)
        .await?
        .ok_or(AppError::NotFound("import run"))?;
    viewer.staff_of(row.jurisdiction_id)?;
    Ok(row)
}

/// A run's report, as it was kept.
pub fn report_of(row: &import_run::Model) -> Report {
    row.report
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

/// `bytes` in a temporary file the importers read.
fn spooled(bytes: &[u8]) -> Result<tempfile::NamedTempFile, AppError> {
    let spool = || -> std::io::Result<tempfile::NamedTempFile> {
        let mut file = tempfile::NamedTempFile::new()?;
        file.write_all(bytes)?;
        file.flush()?;
        file.as_file_mut().seek(SeekFrom::Start(0))?;
        Ok(file)
    };
    spool().map_err(|e| AppError::Unexpected(anyhow::anyhow!("cannot spool an upload: {e}")))
}
