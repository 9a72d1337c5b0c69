//! `importOcds`: staff upload an OCDS file (a GraphQL multipart request) and get the import's
//! report, as `contract-watch import ocds` prints it.

use async_graphql::{Context, ID, Object, SimpleObject, Upload};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::error::{AppError, GqlResult};
use crate::graphql::context::{meta, state, viewer};
use crate::services::audit::Actor;
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
