//! `importOcds`: staff upload an OCDS file (a GraphQL multipart request) and get the import's
//! report, as `contract-watch import ocds` prints it.

use async_graphql::{Context, Enum, ID, Object, SimpleObject, Upload};
use chrono::{DateTime, Utc};
use entity::import_run;

use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::{AppError, GqlResult};
use crate::graphql::context::{by_id, meta, state, viewer};
use crate::services::audit::Actor;
use crate::services::import_runs;
use crate::services::ocds_import::{self, Issue, Options, Report};

/// Something left out or adjusted, and where in the file.
#[derive(SimpleObject, Debug, Clone)]
pub struct ImportIssue {
    /// The JSON path (`releases[3].contracts[0].value`).
    pub path: String,
    pub reason: String,
}

impl From<Issue> for ImportIssue {
    fn from(issue: Issue) -> Self {
        Self {
            path: issue.path,
            reason: issue.reason,
        }
    }
}

/// What an import did (or, on a dry run, would do).
#[derive(SimpleObject, Debug, Clone)]
pub struct ImportReport {
    pub dry_run: bool,
    pub releases_read: u64,
    /// Releases not stored before.
    pub releases_new: u64,
    /// Registry rows made, as `kind reference`: the first 1,000.
    pub created: Vec<String>,
    /// How many rows were made.
    pub created_count: u64,
    /// Registry rows changed: the first 1,000.
    pub updated: Vec<String>,
    /// How many rows were changed.
    pub updated_count: u64,
    pub unchanged: u64,
    /// Every element left out, with its path and why.
    pub skipped: Vec<ImportIssue>,
    pub notes: Vec<ImportIssue>,
}

impl ImportReport {
    fn new(report: Report, dry_run: bool) -> Self {
        Self {
            dry_run,
            releases_read: report.releases_read,
            releases_new: report.releases_new,
            created: report.created,
            created_count: report.created_count,
            updated: report.updated,
            updated_count: report.updated_count,
            unchanged: report.unchanged,
            skipped: report.skipped.into_iter().map(Into::into).collect(),
            notes: report.notes.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Default)]
pub struct ImportMutation;

#[Object]
impl ImportMutation {
    /// Imports an OCDS file (release or record package, releases, JSON Lines; gzip or not)
    /// into the jurisdiction's registry: staff of that jurisdiction and admins. Idempotent;
    /// with `dryRun`, reports and saves nothing. Send it as a GraphQL multipart request.
    async fn import_ocds(
        &self,
        ctx: &Context<'_>,
        jurisdiction_id: ID,
        file: Upload,
        #[graphql(default)] dry_run: bool,
    ) -> GqlResult<ImportReport> {
        let jurisdiction_id =
            GlobalId::parse_as(&jurisdiction_id, NodeKind::Jurisdiction, "jurisdictionId")?;
        viewer(ctx).staff_of(jurisdiction_id)?;
        // A request can name a file part it never sent (`"#__graphql_file__:0"` in JSON);
        // `Upload::value` would index past the end, so look first.
        if ctx.query_env.uploads.get(file.0).is_none() {
            return Err(AppError::invalid("file", "attach the file to import").into());
        }
        let upload = file
            .value(ctx)
            .map_err(|_| AppError::invalid("file", "attach the file to import"))?;
        let actor = Actor::of(viewer(ctx), &meta(ctx));
        let options = Options {
            jurisdiction_id,
            dry_run,
        };
        let report = ocds_import::import_file(state(ctx), &actor, upload.content, &options).await?;
        Ok(ImportReport::new(report, dry_run))
    }
}

/// What kind of file an import reads.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum ImportSource {
    /// OCDS: release or record packages, releases, JSON Lines; gzip or not.
    Ocds,
    /// The City of Chicago's contracts export.
    CsvChicago,
    /// New York City's recent contract awards.
    CsvNyc,
    /// San Francisco's supplier contracts.
    CsvSanFrancisco,
}

impl ImportSource {
    fn name(self) -> &'static str {
        match self {
            Self::Ocds => "ocds",
            Self::CsvChicago => "csv:chicago",
            Self::CsvNyc => "csv:nyc",
            Self::CsvSanFrancisco => "csv:san-francisco",
        }
    }
}

/// An import run from the import page: a checked file waiting to be applied, or an applied
/// one, with its report.
pub struct ImportRun(import_run::Model);

#[Object]
impl ImportRun {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// `ocds`, or `csv:` and the preset.
    async fn source(&self) -> &str {
        &self.0.source
    }
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    async fn bytes(&self) -> i64 {
        self.0.upload_bytes
    }
    /// `checked` (a dry run; apply it to import) or `applied`.
    async fn state(&self) -> &str {
        &self.0.state
    }
    /// Who ran it.
    async fn actor_name(&self, ctx: &Context<'_>) -> GqlResult<Option<String>> {
        let Some(id) = self.0.actor_id else {
            return Ok(None);
        };
        Ok(by_id::<entity::user_account::Entity>(ctx, id)
            .await?
            .map(|user| user.display_name))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }
    /// What the check found, or what applying it did.
    async fn report(&self) -> ImportReport {
        ImportReport::new(
            import_runs::report_of(&self.0),
            self.0.state == import_runs::CHECKED,
        )
    }
}

/// Parses an import run's id.
fn parse_run_id(raw: &ID) -> Result<i64, AppError> {
    raw.parse::<i64>()
        .map_err(|_| AppError::invalid("runId", "not an import run's id"))
}

#[derive(Default)]
pub struct ImportQuery;

#[Object]
impl ImportQuery {
    /// The jurisdiction's latest import runs from the import page, newest first: staff of the
    /// jurisdiction and admins.
    async fn import_runs(
        &self,
        ctx: &Context<'_>,
        jurisdiction_id: ID,
    ) -> GqlResult<Vec<ImportRun>> {
        let jurisdiction =
            GlobalId::parse_as(&jurisdiction_id, NodeKind::Jurisdiction, "jurisdictionId")?;
        Ok(
            import_runs::recent(state(ctx), viewer(ctx), jurisdiction, 20)
                .await?
                .into_iter()
                .map(ImportRun)
                .collect(),
        )
    }
    /// One import run: staff of its jurisdiction and admins.
    async fn import_run(&self, ctx: &Context<'_>, run_id: ID) -> GqlResult<ImportRun> {
        let id = parse_run_id(&run_id)?;
        Ok(ImportRun(
            import_runs::find(state(ctx), viewer(ctx), id).await?,
        ))
    }
}

#[derive(Default)]
pub struct ImportRunMutation;

#[Object]
impl ImportRunMutation {
    /// Checks a file (a dry run: nothing is saved but the run) and keeps it to apply: staff of
    /// the jurisdiction and admins. Send it as a GraphQL multipart request.
    async fn check_import(
        &self,
        ctx: &Context<'_>,
        jurisdiction_id: ID,
        source: ImportSource,
        file: Upload,
    ) -> GqlResult<ImportRun> {
        let jurisdiction =
            GlobalId::parse_as(&jurisdiction_id, NodeKind::Jurisdiction, "jurisdictionId")?;
        viewer(ctx).staff_of(jurisdiction)?;
        if ctx.query_env.uploads.get(file.0).is_none() {
            return Err(AppError::invalid("file", "attach the file to import").into());
        }
        let upload = file
            .value(ctx)
            .map_err(|_| AppError::invalid("file", "attach the file to import"))?;
        Ok(ImportRun(
            import_runs::check(
                state(ctx),
                viewer(ctx),
                &meta(ctx),
                jurisdiction,
                source.name(),
                &upload.filename,
                upload.content,
            )
            .await?,
        ))
    }
    /// Imports a checked file for real; the run then holds the import's report.
    async fn apply_import(&self, ctx: &Context<'_>, run_id: ID) -> GqlResult<ImportRun> {
        let id = parse_run_id(&run_id)?;
        Ok(ImportRun(
            import_runs::apply(state(ctx), viewer(ctx), &meta(ctx), id).await?,
        ))
    }
}
