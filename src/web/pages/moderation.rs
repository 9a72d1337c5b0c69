//! The moderators' desk: the queue (`/moderation`) of hidden and reported comments with the
//! reports' reasons (never who reported), a decision on each (hide, restore or remove, with the
//! reason the public moderation log shows), and an author's history
//! (`/moderation/authors/{id}`) to judge one comment beside the author's others.

use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::web::{Data, Form, Path, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;
use serde_json::json;

use crate::graphql::AppSchema;
use crate::state::AppState;
use crate::web::pages::desk::{AtDesk, Desk, Refused, forbidden, or_page};
use crate::web::pages::subjects::Outcome;
use crate::web::pages::{FormFields, field};
use crate::web::{data, failed, page, see_other, value};

/// The decisions a moderator makes.
const DECISIONS: &[&str] = &["HIDE", "RESTORE", "REMOVE"];

macro_rules! moderation_desk {
    ($state:expr, $req:expr, $jar:expr) => {
        or_page!(AtDesk::open(&$state, $req, $jar, Desk::Moderation).await)
    };
}

/// The query string of the queue.
#[derive(Debug, Deserialize, Default)]
pub struct QueueQuery {
    after: Option<String>,
    done: Option<String>,
}

/// `GET /moderation`.
#[handler]
pub async fn queue(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<QueueQuery>,
) -> Response {
    let desk = moderation_desk!(state, req, jar);
    let flash = query
        .done
        .as_deref()
        .filter(|done| DECISIONS.iter().any(|d| d.eq_ignore_ascii_case(done)))
        .map(|done| {
            desk.ctx
                .catalogue
                .text(&format!("moderation-done-{}", done.to_lowercase()), &[])
        });
    show_queue(
        &state,
        &schema,
        &desk,
        query.after,
        Outcome {
            flash,
            ..Outcome::default()
        },
        None,
    )
    .await
}

async fn show_queue(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    after: Option<String>,
    outcome: Outcome,
    failed_comment: Option<&str>,
) -> Response {
    let response = desk
        .run(state, schema, "moderation_queue", json!({ "after": after }))
        .await;
    if !response.errors.is_empty() {
        return failed(&desk.ctx, &response);
    }
    let found = data(&response);
    page(
        &desk.ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "moderation_queue.html",
        desk.ctx.time_zone,
        minijinja::context! {
            nav => "moderation",
            queue => value(&found["moderationQueue"]),
            decisions => value(DECISIONS),
            failed_comment => failed_comment,
            errors => value(&outcome.errors),
            form => value(&outcome.form),
            flash => outcome.flash,
        },
    )
}

/// `POST /moderation/comments/{id}`: a decision with its reason; back to the queue, or to the
/// author's history it was made from.
#[handler]
pub async fn decide(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(comment): Path<String>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = moderation_desk!(state, req, jar);
    let reason_id = format!("reason-{comment}");
    let decision = field(&form, "decision").unwrap_or_default();
    let result = if !DECISIONS.contains(&decision) {
        Err(Refused::field(
            &desk.ctx,
            &format!("decision-{comment}"),
            "error-choose-one",
        ))
    } else if field(&form, &reason_id).is_none() {
        Err(Refused::field(
            &desk.ctx,
            &reason_id,
            "moderation-error-reason",
        ))
    } else {
        desk.mutate(
            &state,
            &schema,
            &form,
            "moderation_decide",
            json!({ "input": {
                "commentId": comment,
                "action": decision,
                "reason": form.get(&reason_id).cloned().unwrap_or_default(),
            }}),
        )
        .await
    };
    let back = match field(&form, "author") {
        Some(author) => format!("/moderation/authors/{author}"),
        None => "/moderation".to_owned(),
    };
    match result {
        Ok(_) => see_other(&format!("{back}?done={}", decision.to_lowercase())),
        Err(refused) if refused.forbidden() => forbidden(&desk.ctx),
        Err(refused) => {
            let errors = refused
                .errors
                .into_iter()
                .map(|mut e| {
                    if e.field == "reason" {
                        e.field = reason_id.clone();
                    } else if e.field.is_empty() || e.field == "commentId" || e.field == "action" {
                        e.field = format!("decision-{comment}");
                    }
                    e
                })
                .collect();
            let outcome = Outcome {
                errors,
                form,
                status: Some(refused.status),
                flash: None,
            };
            show_queue(&state, &schema, &desk, None, outcome, Some(&comment)).await
        }
    }
}

/// `GET /moderation/authors/{id}`.
#[handler]
pub async fn author_history(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(user): Path<String>,
    Query(query): Query<QueueQuery>,
) -> Response {
    let desk = moderation_desk!(state, req, jar);
    let response = desk
        .run(
            &state,
            &schema,
            "moderation_author",
            json!({ "user": user, "after": query.after }),
        )
        .await;
    if !response.errors.is_empty() {
        return failed(&desk.ctx, &response);
    }
    let found = data(&response);
    if found["author"]["__typename"] != "User" {
        return crate::web::not_found(&desk.ctx);
    }
    let flash = query
        .done
        .as_deref()
        .filter(|done| DECISIONS.iter().any(|d| d.eq_ignore_ascii_case(done)))
        .map(|done| {
            desk.ctx
                .catalogue
                .text(&format!("moderation-done-{}", done.to_lowercase()), &[])
        });
    page(
        &desk.ctx,
        StatusCode::OK,
        "moderation_author.html",
        desk.ctx.time_zone,
        minijinja::context! {
            nav => "moderation",
            author => value(&found["author"]),
            history => value(&found["authorHistory"]),
            decisions => value(DECISIONS),
            breadcrumbs => value(json!([{ "href": "/moderation", "label": desk.ctx.catalogue.text("desk-moderation", &[]) }])),
            errors => value(Vec::<crate::web::FieldError>::new()),
            form => value(FormFields::new()),
            flash => flash,
        },
    )
}
