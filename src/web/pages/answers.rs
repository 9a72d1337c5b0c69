//! Answering concerns, and the official's desk.
//!
//! - `/staff/concerns`: the jurisdiction's open and acknowledged concerns, the longest waiting
//!   (or the most endorsed) first, each with an answer form that sets its status.
//! - `/my/official`: for an account linked to an official: their bodies' coming meetings with a
//!   preview of the digest they will receive, their digest choices (pre-vote digests, the weekly
//!   summary), and the concerns they may answer as the official.
//!
//! An answer is published on the item's page at once, with who gave it.

use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::web::{Data, Form, Path, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;
use serde_json::{Value as Json, json};

use crate::graphql::AppSchema;
use crate::state::AppState;
use crate::web::pages::desk::{AtDesk, Desk, Refused, forbidden, or_page, zone_of};
use crate::web::pages::staff::{crumbs, jurisdiction_of, with_jurisdiction};
use crate::web::pages::subjects::Outcome;
use crate::web::pages::{FormFields, field};
use crate::web::{FieldError, data, failed, page, see_other, value};

/// The statuses an answer sets.
const STATUSES: &[&str] = &["ACKNOWLEDGED", "ADDRESSED", "DISMISSED"];

/// The query string of the concerns pages.
#[derive(Debug, Deserialize, Default)]
pub struct ConcernsQuery {
    jurisdiction: Option<String>,
    /// `endorsed`: most endorsed first; otherwise the longest waiting first.
    order: Option<String>,
    after: Option<String>,
    done: Option<String>,
}

/// The API's order for the query string's.
fn order_of(query: &ConcernsQuery) -> &'static str {
    if query.order.as_deref() == Some("endorsed") {
        "MOST_ENDORSED"
    } else {
        "OLDEST"
    }
}

/// The concerns to answer in `jurisdiction`, or the page to show instead.
async fn concerns(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    jurisdiction: &str,
    order: &str,
    after: Option<&str>,
) -> Result<Json, Response> {
    let response = desk
        .run(
            state,
            schema,
            "concerns_to_answer",
            json!({ "jurisdiction": jurisdiction, "order": order, "after": after }),
        )
        .await;
    if !response.errors.is_empty() {
        return Err(match crate::web::error_code(&response).as_deref() {
            Some("FORBIDDEN") => forbidden(&desk.ctx),
            _ => failed(&desk.ctx, &response),
        });
    }
    Ok(data(&response)["concernsToAnswer"].clone())
}

/// `GET /staff/concerns`.
#[handler]
pub async fn staff_concerns(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<ConcernsQuery>,
) -> Response {
    let desk = or_page!(AtDesk::open(&state, req, jar, Desk::Staff).await);
    let flash = (query.done.as_deref() == Some("answered"))
        .then(|| desk.ctx.catalogue.text("staff-done-answered", &[]));
    show_staff(
        &state,
        &schema,
        &desk,
        &query,
        Outcome {
            flash,
            ..Outcome::default()
        },
        None,
    )
    .await
}

async fn show_staff(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    query: &ConcernsQuery,
    outcome: Outcome,
    failed_concern: Option<&str>,
) -> Response {
    let jurisdiction =
        or_page!(jurisdiction_of(state, schema, desk, query.jurisdiction.as_deref()).await);
    let order = order_of(query);
    let list = or_page!(
        concerns(
            state,
            schema,
            desk,
            &jurisdiction,
            order,
            query.after.as_deref(),
        )
        .await
    );
    let path = with_jurisdiction(desk, "/staff/concerns", &jurisdiction);
    page(
        &desk.ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "concerns_to_answer.html",
        desk.ctx.time_zone,
        minijinja::context! {
            nav => "staff",
            concerns => value(&list),
            statuses => value(STATUSES),
            order => order,
            path => &path,
            answer_base => "/staff/concerns",
            jurisdiction => &jurisdiction,
            failed_concern => failed_concern,
            breadcrumbs => value(crumbs(desk, &jurisdiction)),
            errors => value(&outcome.errors),
            form => value(&outcome.form),
            flash => outcome.flash,
        },
    )
}

/// Runs the answer form of concern `concern`; the errors name the concern's own fields.
async fn answer(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    concern: &str,
    form: &FormFields,
) -> Result<Json, Refused> {
    let body_id = format!("answer-{concern}");
    let status_id = format!("status-{concern}");
    let status = field(form, &status_id).unwrap_or_default();
    if !STATUSES.contains(&status) {
        return Err(Refused::field(&desk.ctx, &status_id, "error-choose-one"));
    }
    desk.mutate(
        state,
        schema,
        form,
        "concern_answer",
        json!({ "input": {
            "concernId": concern,
            "body": form.get(&body_id).cloned().unwrap_or_default(),
            "status": status,
        }}),
    )
    .await
    .map_err(|mut refused| {
        for error in &mut refused.errors {
            error.field = match error.field.as_str() {
                "status" => status_id.clone(),
                _ => body_id.clone(),
            };
        }
        refused
    })
}

/// `POST /staff/concerns/{id}/answer`.
#[handler]
pub async fn staff_answer(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(concern): Path<String>,
    Query(query): Query<ConcernsQuery>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = or_page!(AtDesk::open(&state, req, jar, Desk::Staff).await);
    if let Err(refused) = crate::web::pages::staff::own_row(&state, &schema, &desk, &concern).await
    {
        return refused;
    }
    match answer(&state, &schema, &desk, &concern, &form).await {
        Ok(_) => {
            let jurisdiction = query.jurisdiction.clone().unwrap_or_default();
            let back = if jurisdiction.is_empty() {
                "/staff/concerns?done=answered".to_owned()
            } else {
                with_jurisdiction(&desk, "/staff/concerns?done=answered", &jurisdiction)
            };
            see_other(&back)
        }
        Err(refused) if refused.forbidden() => forbidden(&desk.ctx),
        Err(refused) => {
            let outcome = Outcome::refused(refused, form);
            show_staff(&state, &schema, &desk, &query, outcome, Some(&concern)).await
        }
    }
}

/// `GET /my/official`.
#[handler]
pub async fn official_desk(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<ConcernsQuery>,
) -> Response {
    let desk = or_page!(AtDesk::open(&state, req, jar, Desk::Official).await);
    let flash = match query.done.as_deref() {
        Some("answered") => Some(desk.ctx.catalogue.text("staff-done-answered", &[])),
        Some("choices") => Some(desk.ctx.catalogue.text("official-done-choices", &[])),
        _ => None,
    };
    show_official(
        &state,
        &schema,
        &desk,
        &query,
        Outcome {
            flash,
            ..Outcome::default()
        },
        None,
    )
    .await
}

async fn show_official(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    query: &ConcernsQuery,
    outcome: Outcome,
    failed_concern: Option<&str>,
) -> Response {
    let response = desk.run(state, schema, "official_desk", json!({})).await;
    if !response.errors.is_empty() {
        return failed(&desk.ctx, &response);
    }
    let found = data(&response);
    let official = &found["me"]["official"];
    let Some(jurisdiction) = official["jurisdiction"]["id"].as_str() else {
        return forbidden(&desk.ctx);
    };
    let tz = zone_of(&official["jurisdiction"]);
    let coming = desk
        .run(
            state,
            schema,
            "official_meetings",
            json!({ "jurisdiction": jurisdiction, "from": state.clock.now() }),
        )
        .await;
    if !coming.errors.is_empty() {
        return failed(&desk.ctx, &coming);
    }
    let coming = data(&coming);
    // The meetings of the bodies the official sits on, each with its digest previews.
    let today = state.clock.now().date_naive().to_string();
    let bodies: Vec<&Json> = official["terms"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["endsOn"].as_str().is_none_or(|end| end >= today.as_str()))
        .map(|t| &t["body"]["id"])
        .collect();
    let meetings: Vec<&Json> = coming["meetings"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| bodies.contains(&&m["body"]["id"]))
        .collect();
    let order = order_of(query);
    let list = or_page!(
        concerns(
            state,
            schema,
            desk,
            jurisdiction,
            order,
            query.after.as_deref(),
        )
        .await
    );
    let mut form = outcome.form.clone();
    if !form.contains_key("preVote") {
        let yes_no = |v: &Json| {
            if v.as_bool() == Some(false) {
                "no"
            } else {
                "yes"
            }
        };
        form.insert(
            "preVote".to_owned(),
            yes_no(&official["receivesPreVoteDigests"]).to_owned(),
        );
        form.insert(
            "weekly".to_owned(),
            yes_no(&official["receivesWeeklySummary"]).to_owned(),
        );
    }
    page(
        &desk.ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "official_desk.html",
        tz,
        minijinja::context! {
            nav => "my/official",
            official => value(official),
            meetings => value(meetings),
            concerns => value(&list),
            statuses => value(STATUSES),
            order => order,
            path => "/my/official",
            answer_base => "/my/official/concerns",
            failed_concern => failed_concern,
            errors => value(&outcome.errors),
            form => value(form),
            flash => outcome.flash,
        },
    )
}

/// `POST /my/official/concerns/{id}/answer`: answers as the official (the API checks that
/// one of their bodies decides the item).
#[handler]
pub async fn official_answer(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(concern): Path<String>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = or_page!(AtDesk::open(&state, req, jar, Desk::Official).await);
    match answer(&state, &schema, &desk, &concern, &form).await {
        Ok(_) => see_other("/my/official?done=answered"),
        Err(refused) => {
            // Refused here means "not an item your bodies decide": said beside the form.
            let outcome = Outcome::refused(refused, form);
            show_official(
                &state,
                &schema,
                &desk,
                &ConcernsQuery::default(),
                outcome,
                Some(&concern),
            )
            .await
        }
    }
}

/// `POST /my/official/choices`: pre-vote digests and the weekly summary, each yes or no.
#[handler]
pub async fn official_choices(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = or_page!(AtDesk::open(&state, req, jar, Desk::Official).await);
    let choice = |name: &str| match field(&form, name) {
        Some("yes") => Ok(true),
        Some("no") => Ok(false),
        _ => Err(FieldError {
            field: name.to_owned(),
            message: desk.ctx.catalogue.text("error-choose-one", &[]),
        }),
    };
    let result = match (choice("preVote"), choice("weekly")) {
        (Ok(pre_vote), Ok(weekly)) => {
            desk.mutate(
                &state,
                &schema,
                &form,
                "official_choices",
                json!({ "preVote": pre_vote, "weekly": weekly }),
            )
            .await
        }
        (a, b) => Err(Refused {
            errors: [a.err(), b.err()].into_iter().flatten().collect(),
            status: StatusCode::BAD_REQUEST,
            code: None,
        }),
    };
    match result {
        Ok(_) => see_other("/my/official?done=choices"),
        Err(refused) if refused.forbidden() => forbidden(&desk.ctx),
        Err(refused) => {
            let outcome = Outcome::refused(refused, form);
            show_official(
                &state,
                &schema,
                &desk,
                &ConcernsQuery::default(),
                outcome,
                None,
            )
            .await
        }
    }
}

/// `GET /my/official/meetings/{id}/digests/{days}`: the official's own digest for a meeting.
#[handler]
pub async fn official_preview(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path((meeting, days)): Path<(String, i32)>,
) -> Response {
    let desk = or_page!(AtDesk::open(&state, req, jar, Desk::Official).await);
    let Some(official) = desk.user.official_id else {
        return forbidden(&desk.ctx);
    };
    let official =
        crate::domain::ids::GlobalId::new(crate::domain::ids::NodeKind::Official, official)
            .encode();
    crate::web::pages::staff::preview_page(&state, &schema, &desk, &meeting, &official, days).await
}
