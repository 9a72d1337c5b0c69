//! Solicitation, contract and agenda-item pages, and the forms on them: follow, comment and
//! reply, flag a concern, endorse or withdraw, delete one's comment, report a comment.

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;
use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::web::{Data, Form, Path, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;
use serde_json::{Value as Json, json};

use crate::graphql::AppSchema;
use crate::state::AppState;
use crate::web::pages::desk::or_page;
use crate::web::pages::{FormFields, account, directory, field};
use crate::web::session::WebContext;
use crate::web::{FieldError, data, documents, failed, form_errors, not_found, page, see_other};

/// The three kinds of record people comment on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Solicitation,
    Contract,
    AgendaItem,
}

impl Kind {
    /// The kind whose pages live under `/{section}/`.
    pub fn from_section(section: &str) -> Option<Self> {
        match section {
            "solicitations" => Some(Self::Solicitation),
            "contracts" => Some(Self::Contract),
            "agenda-items" => Some(Self::AgendaItem),
            _ => None,
        }
    }

    pub fn section(self) -> &'static str {
        match self {
            Self::Solicitation => "solicitations",
            Self::Contract => "contracts",
            Self::AgendaItem => "agenda-items",
        }
    }

    /// The page document, and the field of its data holding the record.
    fn document(self) -> (&'static str, &'static str) {
        match self {
            Self::Solicitation => ("solicitation", "solicitation"),
            Self::Contract => ("contract", "contract"),
            Self::AgendaItem => ("agenda_item", "agendaItem"),
        }
    }
}

/// What a re-rendered page shows besides the record: form errors with the input kept, or a
/// notice after a form succeeded.
#[derive(Default)]
pub struct Outcome {
    pub errors: Vec<FieldError>,
    pub form: FormFields,
    pub flash: Option<String>,
    pub status: Option<StatusCode>,
}

impl Outcome {
    pub fn errors(errors: Vec<FieldError>, form: FormFields) -> Self {
        Self {
            errors,
            form,
            status: Some(StatusCode::BAD_REQUEST),
            ..Self::default()
        }
    }

    /// A form whose token was stale: shown again with its input and "please submit again".
    pub fn stale(ctx: &WebContext, form: FormFields) -> Self {
        Self::errors(
            vec![FieldError {
                field: String::new(),
                message: ctx.catalogue.text("error-stale-form", &[]),
            }],
            form,
        )
    }
}

/// The query string of an item page.
#[derive(Debug, Deserialize, Default)]
pub struct PageQuery {
    after: Option<String>,
    done: Option<String>,
}

#[handler]
pub async fn solicitation(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    show_with_query(req, jar, &state, &schema, Kind::Solicitation, &id, query).await
}

#[handler]
pub async fn contract(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    show_with_query(req, jar, &state, &schema, Kind::Contract, &id, query).await
}

#[handler]
pub async fn agenda_item(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    show_with_query(req, jar, &state, &schema, Kind::AgendaItem, &id, query).await
}

async fn show_with_query(
    req: &Request,
    jar: &CookieJar,
    state: &AppState,
    schema: &AppSchema,
    kind: Kind,
    id: &str,
    query: PageQuery,
) -> Response {
    let ctx = WebContext::load(state, req, jar).await;
    let flash = query
        .done
        .as_deref()
        .and_then(|done| done_message(&ctx, done));
    let outcome = Outcome {
        flash,
        ..Outcome::default()
    };
    show(state, schema, &ctx, kind, id, query.after, outcome).await
}

/// The notice after a form on an item page succeeded.
fn done_message(ctx: &WebContext, done: &str) -> Option<String> {
    let id = match done {
        "comment" => "done-comment",
        "follow" => "done-follow",
        "concern" => "done-concern",
        "endorse" => "done-endorse",
        "withdraw" => "done-withdraw",
        "deleted" => "done-deleted",
        "edited" => "done-edited",
        "reported" => "done-reported",
        _ => return None,
    };
    Some(ctx.catalogue.text(id, &[]))
}

/// Renders an item page: the record, what the viewer follows, and `outcome`.
pub async fn show(
    state: &AppState,
    schema: &AppSchema,
    ctx: &WebContext,
    kind: Kind,
    id: &str,
    after: Option<String>,
    outcome: Outcome,
) -> Response {
    let (document, key) = kind.document();
    let variables = json!({ "id": id, "after": after });
    let page_data = documents::run(state, schema, &ctx.viewer, &ctx.meta, document, variables);
    let follows = crate::web::pages::run_if(
        ctx.session.is_some(),
        state,
        schema,
        ctx,
        "my_follows",
        json!({}),
    );
    let (response, follows) = tokio::join!(page_data, follows);
    if !response.errors.is_empty() {
        return failed(ctx, &response);
    }
    let data = data(&response);
    let mut record = data[key].clone();
    // An agenda item shows, and takes part in, the conversation of what it decides (the one the
    // members' digest counts); other business has its own.
    let (forms_path, conversation_id) = match conversation_of(kind, &record) {
        Some((section, subject_id)) => (format!("/{section}/{subject_id}"), subject_id),
        None => (format!("/{}/{id}", kind.section()), id.to_owned()),
    };
    if kind == Kind::AgendaItem && !record.is_null() {
        let (document, field) = match forms_path.split('/').nth(1) {
            Some("contracts") => ("conversation_contract", "contract"),
            Some("solicitations") => ("conversation_solicitation", "solicitation"),
            _ => ("conversation_agenda_item", "agendaItem"),
        };
        let variables = json!({ "id": conversation_id, "after": after });
        let talk = documents::run(state, schema, &ctx.viewer, &ctx.meta, document, variables).await;
        if !talk.errors.is_empty() {
            return failed(ctx, &talk);
        }
        let mut talk = crate::web::data(&talk);
        for part in ["tally", "timeline", "comments"] {
            record[part] = talk[field][part].take();
        }
    }
    let record = &record;
    let following = follows.map(|r| crate::web::data(&r)).and_then(|f| {
        f["myAlertSubscriptions"].as_array().and_then(|subs| {
            subs.iter()
                .find(|sub| sub["subject"]["id"].as_str() == Some(conversation_id.as_str()))
                .cloned()
        })
    });
    let tz = time_zone(kind, record);
    let now = state.clock.now();
    let next_vote = next_vote(kind, record, now);
    let digest_note = next_vote
        .as_ref()
        .and_then(|item| digest_note(ctx, item, now, tz));
    let path = format!("/{}/{id}", kind.section());
    let kind_name = match kind {
        Kind::Solicitation => "solicitation",
        Kind::Contract => "contract",
        Kind::AgendaItem => "agenda_item",
    };
    let breadcrumbs = breadcrumbs(ctx, kind, record);
    page(
        ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "subject.html",
        tz,
        minijinja::context! {
            s => crate::web::value(record),
            me => crate::web::value(&data["me"]),
            kind => kind_name,
            path => path,
            forms_path => forms_path,
            conversation_id => conversation_id,
            following => following.map(|f| crate::web::value(&f)),
            next_vote => next_vote.map(|v| crate::web::value(&v)),
            digest_note => digest_note,
            errors => crate::web::value(&outcome.errors),
            form => crate::web::value(&outcome.form),
            flash => outcome.flash,
            breadcrumbs => crate::web::value(&breadcrumbs),
        },
    )
}

/// For an agenda item deciding a contract or a solicitation: that record's section and id,
/// where the page's forms post.
fn conversation_of(kind: Kind, record: &Json) -> Option<(&'static str, String)> {
    if kind != Kind::AgendaItem {
        return None;
    }
    let subject = &record["subject"];
    let section = match subject["__typename"].as_str()? {
        "Contract" => "contracts",
        "Solicitation" => "solicitations",
        _ => return None,
    };
    Some((section, subject["id"].as_str()?.to_owned()))
}

fn breadcrumbs(ctx: &WebContext, kind: Kind, record: &Json) -> Vec<Json> {
    match kind {
        Kind::AgendaItem => vec![json!({
            "href": format!("/meetings/{}", record["meeting"]["id"].as_str().unwrap_or_default()),
            "label": record["meeting"]["body"]["name"],
        })],
        Kind::Solicitation => vec![json!({
            "href": "/search?kind=SOLICITATION",
            "label": ctx.catalogue.text("crumb-solicitations", &[]),
        })],
        Kind::Contract => vec![json!({
            "href": "/search?kind=CONTRACT",
            "label": ctx.catalogue.text("crumb-contracts", &[]),
        })],
    }
}

/// The jurisdiction's time zone of a record.
fn time_zone(kind: Kind, record: &Json) -> Tz {
    let zone = match kind {
        Kind::AgendaItem => &record["meeting"]["body"]["jurisdiction"]["timeZone"],
        Kind::Solicitation | Kind::Contract => &record["agency"]["jurisdiction"]["timeZone"],
    };
    zone.as_str()
        .and_then(|zone| zone.parse().ok())
        .unwrap_or(Tz::UTC)
}

fn starts_at(item: &Json) -> Option<DateTime<Utc>> {
    item["meeting"]["startsAt"]
        .as_str()
        .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
        .map(|at| at.with_timezone(&Utc))
}

/// The next undecided agenda item deciding this record, at a meeting not yet begun.
fn next_vote(kind: Kind, record: &Json, now: DateTime<Utc>) -> Option<Json> {
    let candidates: Vec<&Json> = match kind {
        Kind::AgendaItem => vec![record],
        Kind::Solicitation | Kind::Contract => record["agendaItems"]
            .as_array()
            .map(|items| items.iter().collect())
            .unwrap_or_default(),
    };
    candidates
        .into_iter()
        .filter(|item| item["outcome"].as_str() == Some("PENDING"))
        .filter_map(|item| starts_at(item).filter(|at| *at > now).map(|at| (at, item)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, item)| item.clone())
}

/// Where a comment goes: "This will be in the digest the 9 members of City Council receive on
/// …, 7 days before the vote."
fn digest_note(ctx: &WebContext, item: &Json, now: DateTime<Utc>, tz: Tz) -> Option<String> {
    let starts = starts_at(item)?;
    let body = &item["meeting"]["body"];
    let members = body["members"].as_array().map_or(0, Vec::len);
    let name = body["name"].as_str().unwrap_or_default().to_owned();
    let mut leads: Vec<i64> = body["digestLeadDays"]
        .as_array()
        .map(|leads| leads.iter().filter_map(Json::as_i64).collect())
        .unwrap_or_default();
    leads.sort_unstable_by(|a, b| b.cmp(a));
    let next = leads
        .into_iter()
        .map(|lead| (lead, starts - TimeDelta::days(lead)))
        .find(|(_, send_at)| *send_at > now);
    Some(match next {
        Some((lead, send_at)) => ctx.catalogue.text(
            "digest-note",
            &[
                ("members", (members as i64).into()),
                ("body", name.into()),
                ("date", ctx.catalogue.date(send_at, tz).into()),
                ("days", lead.into()),
            ],
        ),
        None => ctx
            .catalogue
            .text("digest-note-sent", &[("body", name.into())]),
    })
}

/// A choice field that must be one of `allowed`; `Ok(None)` when left empty.
fn choice<'a>(
    ctx: &WebContext,
    form: &'a FormFields,
    name: &str,
    allowed: &[&str],
) -> Result<Option<&'a str>, FieldError> {
    match field(form, name) {
        None => Ok(None),
        Some(value) if allowed.contains(&value) => Ok(Some(value)),
        Some(_) => Err(FieldError {
            field: name.to_owned(),
            message: ctx.catalogue.text("error-choose-one", &[]),
        }),
    }
}

/// The steps every form on an item page shares: the kind, a fresh token, a signed-in viewer.
/// `Err` is the response to send instead (a 404, the form again, or the sign-in page).
async fn begin(
    req: &Request,
    jar: &CookieJar,
    state: &AppState,
    schema: &AppSchema,
    section: &str,
    id: &str,
    form: &FormFields,
) -> Result<(Kind, WebContext), Response> {
    let ctx = WebContext::load(state, req, jar).await;
    let Some(kind) = Kind::from_section(section) else {
        return Err(not_found(&ctx));
    };
    if ctx.session.is_none() {
        // Not signed in, or the session ended while the person wrote: the sign-in page carries
        // what they wrote (it changes nothing), and signing in brings it back.
        let return_to = format!("/{section}/{id}");
        return Err(account::sign_in_page(
            &ctx,
            &return_to,
            form,
            Vec::new(),
            StatusCode::OK,
        ));
    }
    if !ctx.token_matches(field(form, "csrf_token")) {
        return Err(show(
            state,
            schema,
            &ctx,
            kind,
            id,
            None,
            Outcome::stale(&ctx, form.clone()),
        )
        .await);
    }
    Ok((kind, ctx))
}

/// Runs a mutation document for a form on an item page; on success redirects back with
/// `done`, on failure shows the page again with the errors and the input.
#[allow(clippy::too_many_arguments)]
async fn finish(
    state: &AppState,
    schema: &AppSchema,
    ctx: &WebContext,
    kind: Kind,
    id: &str,
    form: FormFields,
    document: &str,
    variables: Json,
    done: &str,
    anchor: &str,
) -> Response {
    let response = documents::run(state, schema, &ctx.viewer, &ctx.meta, document, variables).await;
    if response.errors.is_empty() {
        return see_other(&format!("/{}/{id}?done={done}{anchor}", kind.section()));
    }
    let errors = form_errors(&response, ctx);
    show(
        state,
        schema,
        ctx,
        kind,
        id,
        None,
        Outcome::errors(errors, form),
    )
    .await
}

/// `POST /{section}/{id}/comments`: a comment or a reply.
#[handler]
pub async fn post_comment(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path((section, id)): Path<(String, String)>,
    Form(form): Form<FormFields>,
) -> Response {
    let (kind, ctx) = or_page!(begin(req, jar, &state, &schema, &section, &id, &form).await);
    let position = match choice(&ctx, &form, "position", POSITIONS) {
        Ok(position) => position,
        Err(error) => {
            return show(
                &state,
                &schema,
                &ctx,
                kind,
                &id,
                None,
                Outcome::errors(vec![error], form),
            )
            .await;
        }
    };
    let variables = json!({ "input": {
        "subjectId": id,
        "body": form.get("body").cloned().unwrap_or_default(),
        "position": position,
        "parentId": field(&form, "parentId"),
        "onBehalfOfOrganizationId": field(&form, "onBehalfOf"),
    }});
    finish(
        &state,
        &schema,
        &ctx,
        kind,
        &id,
        form.clone(),
        "post_comment",
        variables,
        "comment",
        "#comments-heading",
    )
    .await
}

const POSITIONS: &[&str] = &["SUPPORT", "OPPOSE", "CONCERN", "QUESTION", "NEUTRAL"];

/// `POST /{section}/{id}/follow`: an item page's follow form here; a body's, an agency's or a
/// vendor's in `directory::follow` (one route serves both, as `/:section/:id/follow`).
#[handler]
pub async fn follow(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path((section, id)): Path<(String, String)>,
    Form(form): Form<FormFields>,
) -> Response {
    if Kind::from_section(&section).is_none() {
        return directory::follow(req, jar, &state, &schema, &section, &id, form).await;
    }
    let (kind, ctx) = or_page!(begin(req, jar, &state, &schema, &section, &id, &form).await);
    let delivery = match choice(&ctx, &form, "delivery", &["IMMEDIATE", "DAILY", "WEEKLY"]) {
        Ok(delivery) => delivery.unwrap_or("IMMEDIATE"),
        Err(error) => {
            return show(
                &state,
                &schema,
                &ctx,
                kind,
                &id,
                None,
                Outcome::errors(vec![error], form),
            )
            .await;
        }
    };
    let variables = json!({ "input": { "target": { "subjectId": id }, "delivery": delivery } });
    finish(
        &state,
        &schema,
        &ctx,
        kind,
        &id,
        form.clone(),
        "follow",
        variables,
        "follow",
        "#follow-heading",
    )
    .await
}

/// `POST /{section}/{id}/concerns`: flag a concern.
#[handler]
pub async fn flag_concern(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path((section, id)): Path<(String, String)>,
    Form(mut form): Form<FormFields>,
) -> Response {
    form.insert("action".to_owned(), "flag".to_owned());
    let (kind, ctx) = or_page!(begin(req, jar, &state, &schema, &section, &id, &form).await);
    let choices = (
        choice(&ctx, &form, "category", CATEGORIES),
        choice(&ctx, &form, "severity", &["LOW", "MEDIUM", "HIGH"]),
    );
    let (category, severity) = match choices {
        (Ok(category), Ok(severity)) => (category, severity),
        (category, severity) => {
            let errors = [category.err(), severity.err()]
                .into_iter()
                .flatten()
                .collect();
            return show(
                &state,
                &schema,
                &ctx,
                kind,
                &id,
                None,
                Outcome::errors(errors, form),
            )
            .await;
        }
    };
    let variables = json!({ "input": {
        "subjectId": id,
        "category": category.unwrap_or("OTHER"),
        "severity": severity.unwrap_or("MEDIUM"),
        "summary": form.get("summary").cloned().unwrap_or_default(),
        "details": form.get("details").cloned().unwrap_or_default(),
        "evidenceUrl": field(&form, "evidenceUrl"),
        "onBehalfOfOrganizationId": field(&form, "onBehalfOf"),
    }});
    finish(
        &state,
        &schema,
        &ctx,
        kind,
        &id,
        form.clone(),
        "flag_concern",
        variables,
        "concern",
        "#concerns-heading",
    )
    .await
}

const CATEGORIES: &[&str] = &[
    "WORKER_RIGHTS",
    "OUTSOURCING",
    "EQUITY",
    "ENVIRONMENT",
    "TRANSPARENCY",
    "COST",
    "VENDOR_RECORD",
    "TECHNOLOGY_PRIVACY",
    "OTHER",
];

/// `POST /{section}/{id}/concerns/{concern}/endorse|withdraw`.
#[handler]
pub async fn endorsement(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path((section, id, concern, verb)): Path<(String, String, String, String)>,
    Form(form): Form<FormFields>,
) -> Response {
    let (kind, ctx) = or_page!(begin(req, jar, &state, &schema, &section, &id, &form).await);
    let (document, done) = match verb.as_str() {
        "endorse" => ("endorse", "endorse"),
        "withdraw" => ("withdraw", "withdraw"),
        _ => return not_found(&ctx),
    };
    let variables = json!({ "concernId": concern, "org": field(&form, "onBehalfOf") });
    let anchor = format!("#concern-{concern}");
    finish(
        &state,
        &schema,
        &ctx,
        kind,
        &id,
        form.clone(),
        document,
        variables,
        done,
        &anchor,
    )
    .await
}

/// Where a comment form on `/comments/{id}/…` returns to: an item page's path.
pub fn item_of(form: &FormFields) -> Option<(Kind, String)> {
    let path = field(form, "return_to").and_then(crate::web::local_path)?;
    let mut parts = path.trim_start_matches('/').splitn(2, '/');
    let kind = Kind::from_section(parts.next()?)?;
    let id = parts.next()?.split(['?', '#', '/']).next()?.to_owned();
    Some((kind, id))
}

/// `POST /comments/{id}/delete`: one's own comment; a placeholder stays in the thread.
#[handler]
pub async fn delete_comment(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(comment): Path<String>,
    Form(form): Form<FormFields>,
) -> Response {
    comment_action(
        req,
        jar,
        &state,
        &schema,
        form,
        "delete_comment",
        json!({ "id": comment }),
        "deleted",
    )
    .await
}

/// `POST /comments/{id}/report`: a moderation report.
#[handler]
pub async fn report_comment(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(comment): Path<String>,
    Form(form): Form<FormFields>,
) -> Response {
    let reason = field(&form, "reason")
        .filter(|r| {
            [
                "ABUSE",
                "SPAM",
                "PERSONAL_INFORMATION",
                "OFF_TOPIC",
                "OTHER",
            ]
            .contains(r)
        })
        .unwrap_or("OTHER")
        .to_owned();
    let variables = json!({ "input": { "commentId": comment, "reason": reason, "details": form.get("details").cloned().unwrap_or_default() } });
    comment_action(
        req,
        jar,
        &state,
        &schema,
        form,
        "report_comment",
        variables,
        "reported",
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn comment_action(
    req: &Request,
    jar: &CookieJar,
    state: &AppState,
    schema: &AppSchema,
    form: FormFields,
    document: &str,
    variables: Json,
    done: &str,
) -> Response {
    let Some((kind, id)) = item_of(&form) else {
        let ctx = WebContext::load(state, req, jar).await;
        return not_found(&ctx);
    };
    let (kind, ctx) = or_page!(begin(req, jar, state, schema, kind.section(), &id, &form).await);
    finish(
        state,
        schema,
        &ctx,
        kind,
        &id,
        form,
        document,
        variables,
        done,
        "#comments-heading",
    )
    .await
}
