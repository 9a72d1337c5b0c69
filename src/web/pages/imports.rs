//! The staff desk's import page: upload an OCDS file or a city's CSV export (`/staff/import`),
//! read the check's report (what would be created, updated and skipped, and why) on the run's
//! page (`/staff/import/{run}`), then apply it; the jurisdiction's import history is listed on
//! the first page. Uploads are read only after the desk admitted the viewer, and only up to
//! `imports.web_max_bytes`.

use std::io::Write as _;

use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::web::{Data, Multipart, Path, Query};
use poem::{Request, Response, handler};
use serde_json::json;

use crate::graphql::AppSchema;
use crate::state::AppState;
use crate::web::pages::FormFields;
use crate::web::pages::desk::{AtDesk, Desk, Refused, forbidden, or_page};
use crate::web::pages::staff::{
    DeskQuery, crumbs, done_message, jurisdiction_of, with_jurisdiction,
};
use crate::web::pages::subjects::Outcome;
use crate::web::{data, documents, error_code, failed, form_errors, page, see_other, value};

/// The kinds of file the form offers, as the API names them.
const SOURCES: &[&str] = &["OCDS", "CSV_CHICAGO", "CSV_NYC", "CSV_SAN_FRANCISCO"];

async fn open(state: &AppState, req: &Request, jar: &CookieJar) -> Result<AtDesk, Response> {
    AtDesk::open(state, req, jar, Desk::Staff).await
}

/// `GET /staff/import`.
#[handler]
pub async fn import_page(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<DeskQuery>,
) -> Response {
    let desk = or_page!(open(&state, req, jar).await);
    let jurisdiction =
        or_page!(jurisdiction_of(&state, &schema, &desk, query.jurisdiction.as_deref()).await);
    show(&state, &schema, &desk, &jurisdiction, Outcome::default()).await
}

async fn show(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    jurisdiction: &str,
    outcome: Outcome,
) -> Response {
    let response = desk
        .run(
            state,
            schema,
            "import_page",
            json!({ "jurisdiction": jurisdiction }),
        )
        .await;
    if !response.errors.is_empty() {
        return failed(&desk.ctx, &response);
    }
    page(
        &desk.ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "import.html",
        desk.ctx.time_zone,
        minijinja::context! {
            nav => "staff",
            runs => value(&data(&response)["importRuns"]),
            sources => value(SOURCES),
            action => with_jurisdiction(desk, "/staff/import", jurisdiction),
            max_mib => state.settings.imports.web_max_bytes / (1024 * 1024),
            breadcrumbs => value(crumbs(desk, jurisdiction)),
            errors => value(&outcome.errors),
            form => value(&outcome.form),
        },
    )
}

/// The upload form's fields: its token, the kind of file, and the file spooled to disk.
struct Upload {
    fields: FormFields,
    file: Option<(String, tempfile::NamedTempFile)>,
    too_large: bool,
}

/// Reads the multipart form, stopping at `limit` bytes of file.
async fn read_form(mut multipart: Multipart, limit: u64) -> Result<Upload, Refused> {
    let mut upload = Upload {
        fields: FormFields::new(),
        file: None,
        too_large: false,
    };
    let unreadable = || Refused {
        errors: vec![],
        status: StatusCode::BAD_REQUEST,
        code: None,
    };
    while let Ok(Some(part)) = multipart.next_field().await {
        let name = part.name().unwrap_or_default().to_owned();
        if name == "file" {
            let file_name = part.file_name().unwrap_or("upload").to_owned();
            let mut spool = tempfile::NamedTempFile::new().map_err(|_| unreadable())?;
            let mut written: u64 = 0;
            let mut reader = std::pin::pin!(part.into_async_read());
            let mut chunk = vec![0u8; 64 * 1024];
            loop {
                use tokio::io::AsyncReadExt as _;
                let read = reader.read(&mut chunk).await.map_err(|_| unreadable())?;
                if read == 0 {
                    break;
                }
                written += read as u64;
                if written > limit {
                    upload.too_large = true;
                    break;
                }
                spool.write_all(&chunk[..read]).map_err(|_| unreadable())?;
            }
            if written > 0 && !upload.too_large {
                upload.file = Some((file_name, spool));
            }
        } else {
            let text = part.text().await.map_err(|_| unreadable())?;
            upload.fields.insert(name, text);
        }
    }
    Ok(upload)
}

/// `POST /staff/import`: checks the uploaded file and shows the run's report.
#[handler]
pub async fn check(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<DeskQuery>,
    multipart: poem::Result<Multipart>,
) -> Response {
    let desk = or_page!(open(&state, req, jar).await);
    let jurisdiction =
        or_page!(jurisdiction_of(&state, &schema, &desk, query.jurisdiction.as_deref()).await);
    let limit = state.settings.imports.web_max_bytes;
    let refused = |field: &str, message: &str| Outcome {
        errors: Refused::field(&desk.ctx, field, message).errors,
        status: Some(StatusCode::BAD_REQUEST),
        ..Outcome::default()
    };
    // The body is read only now, after the desk admitted the viewer.
    let upload = match multipart {
        Ok(multipart) => read_form(multipart, limit).await,
        Err(_) => Err(Refused::field(&desk.ctx, "file", "import-error-unreadable")),
    };
    let upload = match upload {
        Ok(upload) => upload,
        Err(_) => {
            return show(
                &state,
                &schema,
                &desk,
                &jurisdiction,
                refused("file", "import-error-unreadable"),
            )
            .await;
        }
    };
    if !desk.token_ok(&upload.fields) {
        return show(
            &state,
            &schema,
            &desk,
            &jurisdiction,
            refused("", "error-stale-form"),
        )
        .await;
    }
    let source = upload
        .fields
        .get("source")
        .map(String::as_str)
        .unwrap_or_default();
    if !SOURCES.contains(&source) {
        return show(
            &state,
            &schema,
            &desk,
            &jurisdiction,
            refused("source", "error-choose-one"),
        )
        .await;
    }
    if upload.too_large {
        return show(
            &state,
            &schema,
            &desk,
            &jurisdiction,
            refused("file", "import-error-too-large"),
        )
        .await;
    }
    let Some((file_name, spool)) = upload.file else {
        return show(
            &state,
            &schema,
            &desk,
            &jurisdiction,
            refused("file", "import-error-no-file"),
        )
        .await;
    };
    let content = match spool.reopen() {
        Ok(content) => content,
        Err(_) => {
            return show(
                &state,
                &schema,
                &desk,
                &jurisdiction,
                refused("file", "import-error-unreadable"),
            )
            .await;
        }
    };
    let response = documents::run_with_upload(
        &state,
        &schema,
        &desk.ctx.viewer,
        &desk.ctx.meta,
        "import_check",
        json!({ "jurisdiction": jurisdiction, "source": source, "file": null }),
        async_graphql::UploadValue {
            filename: file_name,
            content_type: None,
            content,
        },
    )
    .await;
    if response.errors.is_empty() {
        let run = data(&response)["checkImport"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        return see_other(&format!("/staff/import/{run}"));
    }
    if error_code(&response).as_deref() == Some("FORBIDDEN") {
        return forbidden(&desk.ctx);
    }
    let errors = form_errors(&response, &desk.ctx)
        .into_iter()
        .map(|mut e| {
            if e.field != "source" {
                e.field = "file".to_owned();
            }
            e
        })
        .collect();
    let mut form = FormFields::new();
    form.insert("source".to_owned(), source.to_owned());
    show(
        &state,
        &schema,
        &desk,
        &jurisdiction,
        Outcome {
            errors,
            form,
            status: Some(StatusCode::BAD_REQUEST),
            flash: None,
        },
    )
    .await
}

/// `GET /staff/import/{run}`.
#[handler]
pub async fn run_page(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(run): Path<String>,
    Query(query): Query<DeskQuery>,
) -> Response {
    let desk = or_page!(open(&state, req, jar).await);
    let flash = done_message(&desk, query.done.as_deref());
    show_run(
        &state,
        &schema,
        &desk,
        &run,
        Outcome {
            flash,
            ..Outcome::default()
        },
    )
    .await
}

async fn show_run(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    run: &str,
    outcome: Outcome,
) -> Response {
    let response = desk
        .run(state, schema, "import_run", json!({ "run": run }))
        .await;
    if !response.errors.is_empty() {
        return match error_code(&response).as_deref() {
            Some("FORBIDDEN") => forbidden(&desk.ctx),
            _ => failed(&desk.ctx, &response),
        };
    }
    let crumbs = json!([
        { "href": "/staff", "label": desk.ctx.catalogue.text("desk-staff", &[]) },
        { "href": "/staff/import", "label": desk.ctx.catalogue.text("import-crumb", &[]) },
    ]);
    page(
        &desk.ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "import_run.html",
        desk.ctx.time_zone,
        minijinja::context! {
            nav => "staff",
            run => value(&data(&response)["importRun"]),
            breadcrumbs => value(crumbs),
            errors => value(&outcome.errors),
            flash => outcome.flash,
        },
    )
}

/// `POST /staff/import/{run}/apply`.
#[handler]
pub async fn apply(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(run): Path<String>,
    poem::web::Form(form): poem::web::Form<FormFields>,
) -> Response {
    let desk = or_page!(open(&state, req, jar).await);
    match desk
        .mutate(
            &state,
            &schema,
            &form,
            "import_apply",
            json!({ "run": run }),
        )
        .await
    {
        Ok(_) => see_other(&format!("/staff/import/{run}?done=imported")),
        Err(refused) if refused.forbidden() => forbidden(&desk.ctx),
        Err(refused) => {
            let status = refused.status;
            show_run(
                &state,
                &schema,
                &desk,
                &run,
                Outcome {
                    errors: refused.errors,
                    status: Some(status),
                    ..Outcome::default()
                },
            )
            .await
        }
    }
}
