//! "My alerts" (`/my/alerts`): everything the signed-in person follows, said in plain words
//! with a link to what it names, how often it mails, whether it is paused, the items muted in
//! it; a form on each to change how often, pause or resume, stop following, or hear about a
//! muted item again; and "follow something new" forms for the targets that have no page of
//! their own to follow from: a category code, a saved search, all outsourcing in a
//! jurisdiction, renewals in chosen departments.
//!
//! Every form posts to `/my/alerts/…`, runs the API's mutation as the session's viewer and
//! redirects back with `?done=…`; a failure shows the page again with the errors and the input.

use chrono::{DateTime, Utc};
use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::web::{Data, Form, Path, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;
use serde_json::{Value as Json, json};

use crate::graphql::AppSchema;
use crate::state::AppState;
use crate::web::pages::desk::or_page;
use crate::web::pages::subjects::Outcome;
use crate::web::pages::{FormFields, account, field};
use crate::web::session::WebContext;
use crate::web::{
    FieldError, data, documents, error_code, failed, form_errors, page, see_other, value,
};

/// The page's address; every form returns here.
const PATH: &str = "/my/alerts";

/// How often a subscription mails, as the forms offer it.
const DELIVERIES: &[&str] = &["IMMEDIATE", "DAILY", "WEEKLY"];

/// The kinds of "follow something new" form (the hidden `target` field of each).
const TARGETS: &[&str] = &["category", "search", "outsourcing", "renewals"];

/// The solicitation statuses a saved search can keep to.
const STATUSES: &[&str] = &[
    "PLANNED",
    "OPEN",
    "CLOSED",
    "UNDER_EVALUATION",
    "AWARDED",
    "CANCELLED",
];

/// Prefix of the department checkboxes (`agency_0`, `agency_1`, …, each an agency's id):
/// [`FormFields`] keeps one value per name, so each checkbox has its own.
const AGENCY_FIELD: &str = "agency_";

/// The query string of the page.
#[derive(Debug, Deserialize, Default)]
pub struct PageQuery {
    done: Option<String>,
}

/// `GET /my/alerts`.
#[handler]
pub async fn my_alerts(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<PageQuery>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    if ctx.session.is_none() {
        return account::sign_in_page(&ctx, PATH, &FormFields::new(), Vec::new(), StatusCode::OK);
    }
    let flash = query
        .done
        .as_deref()
        .and_then(|done| done_message(&ctx, done));
    let outcome = Outcome {
        flash,
        ..Outcome::default()
    };
    show(&state, &schema, &ctx, outcome).await
}

/// The notice after a form on the page succeeded.
fn done_message(ctx: &WebContext, done: &str) -> Option<String> {
    let id = match done {
        "created" => "alerts-done-created",
        "delivery" => "alerts-done-delivery",
        "paused" => "alerts-done-paused",
        "resumed" => "alerts-done-resumed",
        "deleted" => "alerts-done-deleted",
        "unmuted" => "alerts-done-unmuted",
        _ => return None,
    };
    Some(ctx.catalogue.text(id, &[]))
}

/// A form's errors, shown again with its input; `status` is 400 unless said otherwise.
fn with_errors(errors: Vec<FieldError>, form: FormFields, status: StatusCode) -> Outcome {
    Outcome {
        errors,
        form,
        status: Some(status),
        ..Outcome::default()
    }
}

/// Renders the page: the viewer's subscriptions, the "follow something new" forms, and
/// `outcome`.
async fn show(
    state: &AppState,
    schema: &AppSchema,
    ctx: &WebContext,
    outcome: Outcome,
) -> Response {
    let response = documents::run(
        state,
        schema,
        &ctx.viewer,
        &ctx.meta,
        "alerts_page",
        json!({}),
    )
    .await;
    let found = data(&response);
    if !found["myAlertSubscriptions"].is_array() {
        return failed(ctx, &response);
    }
    if !response.errors.is_empty() {
        // One record a subscription names failed to load (its field is null): the rest of
        // the page still lets the person manage what they follow.
        tracing::warn!(errors = ?response.errors, "my alerts page read with errors");
    }
    let agencies: Vec<Json> = found["agencies"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let subscriptions: Vec<Json> = found["myAlertSubscriptions"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|sub| described(ctx, sub, &agencies))
        .collect();
    let chosen = chosen_agencies(&outcome.form);
    page(
        ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "alerts.html",
        ctx.time_zone,
        minijinja::context! {
            nav => "alerts",
            me => value(&found["me"]),
            subscriptions => value(&subscriptions),
            jurisdictions => value(&found["jurisdictions"]["nodes"]),
            agencies => value(&agencies),
            chosen_agencies => value(&chosen),
            deliveries => value(DELIVERIES),
            statuses => value(STATUSES),
            errors => value(&outcome.errors),
            form => value(&outcome.form),
            flash => outcome.flash,
        },
    )
}

/// The page of a subject (`/contracts/{id}`, …) by its `__typename`.
fn subject_href(subject: &Json) -> Option<String> {
    let section = match subject["__typename"].as_str()? {
        "Solicitation" => "solicitations",
        "Contract" => "contracts",
        "AgendaItem" => "agenda-items",
        _ => return None,
    };
    Some(format!("/{section}/{}", subject["id"].as_str()?))
}

/// A subscription as the template shows it: the API's fields plus `href` (the page of what it
/// follows, where there is one), `kind` (a subject's kind, for its label), `search_words` (a
/// saved search's filter in words) and each muted item's `href`.
fn described(ctx: &WebContext, sub: &Json, agencies: &[Json]) -> Json {
    let mut shown = sub.clone();
    let id_of = |key: &str| sub[key]["id"].as_str().map(str::to_owned);
    let href = match sub["target"].as_str().unwrap_or_default() {
        "SUBJECT" => subject_href(&sub["subject"]),
        "AGENCY" => id_of("agency").map(|id| format!("/agencies/{id}")),
        "BODY" => id_of("body").map(|id| format!("/bodies/{id}")),
        "VENDOR" => id_of("vendor").map(|id| format!("/vendors/{id}")),
        "CATEGORY" => sub["categoryCode"].as_str().map(search_href),
        "SEARCH" => saved_search_href(&sub["search"]),
        _ => None,
    };
    let kind = match sub["subject"]["__typename"].as_str() {
        Some("Solicitation") => Some("solicitation"),
        Some("Contract") => Some("contract"),
        Some("AgendaItem") => Some("agenda_item"),
        _ => None,
    };
    let keyword = sub["search"]["keyword"]
        .as_str()
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned);
    let words = filter_words(ctx, &sub["search"]["filter"], agencies);
    let muted: Vec<Json> = sub["muted"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|item| {
            let mut item = item.clone();
            let href = subject_href(&item);
            if let Some(obj) = item.as_object_mut() {
                obj.insert("href".to_owned(), json!(href));
            }
            item
        })
        .collect();
    if let Some(obj) = shown.as_object_mut() {
        obj.insert("href".to_owned(), json!(href));
        obj.insert("kind".to_owned(), json!(kind));
        obj.insert("keyword".to_owned(), json!(keyword));
        obj.insert("search_words".to_owned(), json!(words));
        obj.insert("muted".to_owned(), json!(muted));
    }
    shown
}

/// `/search?q=…` for `words`.
fn search_href(words: &str) -> String {
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("q", words)
        .finish();
    format!("/search?{query}")
}

/// Where a saved search is run on the site: its words (`/search?q=`), or, with none, the
/// search page's filters for a single status.
fn saved_search_href(search: &Json) -> Option<String> {
    if let Some(keyword) = search["keyword"]
        .as_str()
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        return Some(search_href(keyword));
    }
    let statuses = search["filter"]["status"].as_array()?;
    match statuses.as_slice() {
        [only] => only
            .as_str()
            .map(|status| format!("/search?status={status}")),
        _ => Some("/search".to_owned()),
    }
}

/// A saved search's `SolicitationFilter` in words, one phrase per field that is set.
fn filter_words(ctx: &WebContext, filter: &Json, agencies: &[Json]) -> Vec<String> {
    let text =
        |id: &str, name: &str, value: String| ctx.catalogue.text(id, &[(name, value.into())]);
    // An enum list as its catalogue words (`status-open`, …), joined.
    let list = |key: &str, prefix: &str| -> Option<String> {
        let words: Vec<String> = filter[key]
            .as_array()?
            .iter()
            .filter_map(Json::as_str)
            .map(|v| {
                ctx.catalogue
                    .text(&format!("{prefix}-{}", v.to_lowercase()), &[])
            })
            .collect();
        (!words.is_empty()).then(|| words.join(", "))
    };
    let day = |key: &str| -> Option<String> {
        let at = DateTime::parse_from_rfc3339(filter[key].as_str()?).ok()?;
        Some(ctx.catalogue.date(at.with_timezone(&Utc), ctx.time_zone))
    };
    let mut words = Vec::new();
    if let Some(statuses) = list("status", "status") {
        words.push(text("alerts-filter-status", "statuses", statuses));
    }
    if let Some(id) = filter["agencyId"].as_str() {
        let name = agencies
            .iter()
            .find(|a| a["id"].as_str() == Some(id))
            .and_then(|a| a["name"].as_str())
            .map_or_else(
                || ctx.catalogue.text("alerts-filter-one-agency", &[]),
                str::to_owned,
            );
        words.push(text("alerts-filter-agency", "agency", name));
    }
    if let Some(methods) = list("method", "method") {
        words.push(text("alerts-filter-method", "methods", methods));
    }
    if let Some(labels) = list("label", "label") {
        words.push(text("alerts-filter-label", "labels", labels));
    }
    if let Some(code) = filter["categoryCode"].as_str() {
        words.push(text("alerts-filter-category", "code", code.to_owned()));
    }
    if let Some(date) = day("bidsDueAfter") {
        words.push(text("alerts-filter-due-after", "date", date));
    }
    if let Some(date) = day("bidsDueBefore") {
        words.push(text("alerts-filter-due-before", "date", date));
    }
    match filter["outsourcing"].as_bool() {
        Some(true) => words.push(ctx.catalogue.text("alerts-filter-outsourcing-yes", &[])),
        Some(false) => words.push(ctx.catalogue.text("alerts-filter-outsourcing-no", &[])),
        None => {}
    }
    words
}

/// The agency ids of the department checkboxes, in the order of the form, once each.
fn chosen_agencies(form: &FormFields) -> Vec<String> {
    let mut boxes: Vec<(u32, &str)> = form
        .iter()
        .filter_map(|(name, id)| {
            let index = name.strip_prefix(AGENCY_FIELD)?;
            let id = id.trim();
            (!id.is_empty()).then(|| (index.parse().unwrap_or(u32::MAX), id))
        })
        .collect();
    boxes.sort_unstable();
    let mut ids: Vec<String> = Vec::new();
    for (_, id) in boxes {
        if !ids.iter().any(|seen| seen == id) {
            ids.push(id.to_owned());
        }
    }
    ids
}

/// The steps every form on the page shares: a signed-in viewer and a fresh token. `Err` is the
/// response to send instead: the sign-in page carrying the form, or the page again with the
/// input and "please submit it again". Nothing changes either way.
async fn begin(
    req: &Request,
    jar: &CookieJar,
    state: &AppState,
    schema: &AppSchema,
    form: &FormFields,
) -> Result<WebContext, Response> {
    let ctx = WebContext::load(state, req, jar).await;
    if ctx.session.is_none() {
        return Err(account::sign_in_page(
            &ctx,
            PATH,
            form,
            Vec::new(),
            StatusCode::OK,
        ));
    }
    if !ctx.token_matches(field(form, "csrf_token")) {
        return Err(show(state, schema, &ctx, Outcome::stale(&ctx, form.clone())).await);
    }
    Ok(ctx)
}

/// Field `name` must be one of `allowed`; left empty it is `default`. Anything else is an
/// error of `error_field` (the id of the input on the page), never a crash.
fn choice(
    ctx: &WebContext,
    form: &FormFields,
    name: &str,
    allowed: &[&'static str],
    default: Option<&'static str>,
    error_field: &str,
) -> Result<Option<&'static str>, FieldError> {
    match field(form, name) {
        None => Ok(default),
        Some(value) => allowed
            .iter()
            .copied()
            .find(|option| *option == value)
            .map(Some)
            .ok_or_else(|| FieldError {
                field: error_field.to_owned(),
                message: ctx.catalogue.text("error-choose-one", &[]),
            }),
    }
}

/// The field of a "follow something new" form that an error naming no field of the form
/// (`target`, a record that is gone) belongs to.
fn main_field(target: &str) -> &'static str {
    match target {
        "category" => "categoryCode",
        "search" => "search",
        "outsourcing" => "outsourcingInJurisdictionId",
        _ => "renewalsInAgencyIds",
    }
}

/// `POST /my/alerts/new`: follow a category code, a saved search, all outsourcing in a
/// jurisdiction, or renewals in chosen departments (the hidden `target` field says which).
#[handler]
pub async fn create(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Form(form): Form<FormFields>,
) -> Response {
    let ctx = or_page!(begin(req, jar, &state, &schema, &form).await);
    let bad_request = |errors: Vec<FieldError>, form: FormFields| {
        with_errors(errors, form, StatusCode::BAD_REQUEST)
    };
    let target = match choice(&ctx, &form, "target", TARGETS, None, "target") {
        Ok(Some(target)) => target.to_owned(),
        Ok(None) => {
            let error = FieldError {
                field: "target".to_owned(),
                message: ctx.catalogue.text("error-choose-one", &[]),
            };
            return show(&state, &schema, &ctx, bad_request(vec![error], form)).await;
        }
        Err(error) => return show(&state, &schema, &ctx, bad_request(vec![error], form)).await,
    };
    let delivery_field = format!("{target}-delivery");
    let mut errors = Vec::new();
    let delivery = match choice(
        &ctx,
        &form,
        "delivery",
        DELIVERIES,
        Some("IMMEDIATE"),
        &delivery_field,
    ) {
        Ok(delivery) => delivery.unwrap_or("IMMEDIATE").to_owned(),
        Err(error) => {
            errors.push(error);
            String::new()
        }
    };
    let target_input = match target.as_str() {
        // The API checks the code (1 to 40 characters): sent as typed.
        "category" => {
            json!({ "categoryCode": form.get("categoryCode").cloned().unwrap_or_default() })
        }
        "search" => {
            let status = match choice(&ctx, &form, "status", STATUSES, None, "status") {
                Ok(status) => status,
                Err(error) => {
                    errors.push(error);
                    None
                }
            };
            // With neither words nor a status the API says a saved search needs one.
            json!({ "search": {
                "keyword": field(&form, "keyword"),
                "filter": status.map(|status| json!({ "status": [status] })),
            }})
        }
        "outsourcing" => match field(&form, "outsourcingInJurisdictionId") {
            Some(id) => json!({ "outsourcingInJurisdictionId": id }),
            None => {
                errors.push(FieldError {
                    field: "outsourcingInJurisdictionId".to_owned(),
                    message: ctx.catalogue.text("error-choose-one", &[]),
                });
                Json::Null
            }
        },
        _ => {
            let ids = chosen_agencies(&form);
            if ids.is_empty() {
                errors.push(FieldError {
                    field: "renewalsInAgencyIds".to_owned(),
                    message: ctx.catalogue.text("alerts-error-choose-agencies", &[]),
                });
            }
            json!({ "renewalsInAgencyIds": ids })
        }
    };
    if !errors.is_empty() {
        return show(&state, &schema, &ctx, bad_request(errors, form)).await;
    }
    let variables = json!({ "input": { "target": target_input, "delivery": delivery } });
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "alerts_create",
        variables,
    )
    .await;
    if response.errors.is_empty() {
        return see_other(&format!("{PATH}?done=created"));
    }
    // The API names its fields (`categoryCode`, `keyword`, `search`, …) as the form does; an
    // error of the whole target, or of a record that is gone, goes to the form's main field.
    let errors = form_errors(&response, &ctx)
        .into_iter()
        .map(|mut error| {
            error.field = match error.field.as_str() {
                "" | "target" => main_field(&target).to_owned(),
                "delivery" => delivery_field.clone(),
                _ => error.field,
            };
            error
        })
        .collect();
    show(&state, &schema, &ctx, bad_request(errors, form)).await
}

/// What a form on one subscription does.
#[derive(Debug, Clone, Copy)]
enum Action {
    Delivery,
    Pause,
    Resume,
    Delete,
    Unmute,
}

impl Action {
    /// The action a form's address names: `/my/alerts/{id}/{action}`.
    fn from_path(action: &str) -> Option<Self> {
        match action {
            "delivery" => Some(Self::Delivery),
            "pause" => Some(Self::Pause),
            "resume" => Some(Self::Resume),
            "delete" => Some(Self::Delete),
            "unmute" => Some(Self::Unmute),
            _ => None,
        }
    }
}

/// `POST /my/alerts/{id}/{action}`: change how often it mails (`delivery`), `pause`, `resume`,
/// stop following (`delete`), or hear about a muted item again (`unmute`, the hidden
/// `subjectId`).
#[handler]
pub async fn change(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path((id, action)): Path<(String, String)>,
    Form(form): Form<FormFields>,
) -> Response {
    let Some(action) = Action::from_path(&action) else {
        let ctx = WebContext::load(&state, req, jar).await;
        return crate::web::not_found(&ctx);
    };
    manage(req, jar, &state, &schema, &id, form, action).await
}

/// Runs the mutation of a form on subscription `id`. Someone else's subscription is the API's
/// `NOT_FOUND`: the page again with "This is no longer here", as 404, nothing changed.
async fn manage(
    req: &Request,
    jar: &CookieJar,
    state: &AppState,
    schema: &AppSchema,
    id: &str,
    mut form: FormFields,
    action: Action,
) -> Response {
    // Which subscription's form this was, to show its errors and input beside it.
    form.insert("subscription".to_owned(), id.to_owned());
    let ctx = or_page!(begin(req, jar, state, schema, &form).await);
    let delivery_field = format!("delivery-{id}");
    let (document, variables, done) = match action {
        Action::Delivery => {
            match choice(&ctx, &form, "delivery", DELIVERIES, None, &delivery_field) {
                Ok(Some(delivery)) => (
                    "alerts_update",
                    json!({ "input": { "alertSubscriptionId": id, "delivery": delivery } }),
                    "delivery",
                ),
                Ok(None) => {
                    let error = FieldError {
                        field: delivery_field,
                        message: ctx.catalogue.text("error-choose-one", &[]),
                    };
                    let outcome = with_errors(vec![error], form, StatusCode::BAD_REQUEST);
                    return show(state, schema, &ctx, outcome).await;
                }
                Err(error) => {
                    let outcome = with_errors(vec![error], form, StatusCode::BAD_REQUEST);
                    return show(state, schema, &ctx, outcome).await;
                }
            }
        }
        Action::Pause => (
            "alerts_update",
            json!({ "input": { "alertSubscriptionId": id, "paused": true } }),
            "paused",
        ),
        Action::Resume => (
            "alerts_update",
            json!({ "input": { "alertSubscriptionId": id, "paused": false } }),
            "resumed",
        ),
        Action::Delete => ("alerts_delete", json!({ "id": id }), "deleted"),
        Action::Unmute => {
            let subject = field(&form, "subjectId").unwrap_or_default().to_owned();
            (
                "alerts_unmute",
                json!({ "input": { "alertSubscriptionId": id, "subjectId": subject } }),
                "unmuted",
            )
        }
    };
    let response = documents::run(state, schema, &ctx.viewer, &ctx.meta, document, variables).await;
    if response.errors.is_empty() {
        return see_other(&format!("{PATH}?done={done}"));
    }
    let status = match error_code(&response).as_deref() {
        Some("NOT_FOUND") => StatusCode::NOT_FOUND,
        _ => StatusCode::BAD_REQUEST,
    };
    // Only the delivery has a field of its own; every other error (an id that is not one of
    // the viewer's subscriptions, a subject that is not muted) is said in the summary.
    let errors = form_errors(&response, &ctx)
        .into_iter()
        .map(|mut error| {
            error.field = if error.field == "delivery" {
                delivery_field.clone()
            } else {
                String::new()
            };
            error
        })
        .collect();
    show(state, schema, &ctx, with_errors(errors, form, status)).await
}
