//! The directory pages: a deciding body (its members now and its coming meetings), an official
//! (their seats, their choice about the pre-vote digests, and each of their votes on a
//! procurement item beside the community's tally), an agency (its solicitations and contracts),
//! a vendor (its identifiers and contracts), and the public moderation log. Bodies, agencies and
//! vendors can be followed; their follow form posts to `/{section}/{id}/follow`, the route
//! `subjects::follow` owns, which hands these sections to [`follow`].

use chrono::{DateTime, FixedOffset, TimeDelta};
use chrono_tz::Tz;
use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::web::{Data, Path, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;
use serde_json::{Map, Value as Json, json};

use crate::graphql::AppSchema;
use crate::state::AppState;
use crate::web::pages::subjects::Outcome;
use crate::web::pages::{FormFields, account, field};
use crate::web::session::WebContext;
use crate::web::{
    FieldError, data, documents, failed, form_errors, not_found, page, see_other, value,
};

/// How often a follow's alerts are mailed, as the form offers them.
const DELIVERIES: &[&str] = &["IMMEDIATE", "DAILY", "WEEKLY"];

/// How many of an official's bodies the vote record reads, most recent seat first.
const MAX_BODIES: usize = 5;

/// How many pages of meetings (20 each) the vote record reads per body.
const MAX_MEETING_PAGES: usize = 5;

/// How far back an official's vote record reaches.
const VOTE_RECORD_DAYS: i64 = 365;

/// The records with a page here that people can follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Body,
    Agency,
    Vendor,
}

impl Section {
    /// The kind whose pages live under `/{section}/`.
    fn from_section(section: &str) -> Option<Self> {
        match section {
            "bodies" => Some(Self::Body),
            "agencies" => Some(Self::Agency),
            "vendors" => Some(Self::Vendor),
            _ => None,
        }
    }

    fn section(self) -> &'static str {
        match self {
            Self::Body => "bodies",
            Self::Agency => "agencies",
            Self::Vendor => "vendors",
        }
    }

    /// The page document (its record is `node`).
    fn document(self) -> &'static str {
        match self {
            Self::Body => "body",
            Self::Agency => "agency",
            Self::Vendor => "vendor",
        }
    }

    fn template(self) -> &'static str {
        match self {
            Self::Body => "body.html",
            Self::Agency => "agency.html",
            Self::Vendor => "vendor.html",
        }
    }

    /// The GraphQL type `node` must have: any other kind of id is not this page's.
    fn type_name(self) -> &'static str {
        match self {
            Self::Body => "Body",
            Self::Agency => "Agency",
            Self::Vendor => "Vendor",
        }
    }

    /// The field of `AlertTargetInput` that follows this kind.
    fn target(self) -> &'static str {
        match self {
            Self::Body => "bodyId",
            Self::Agency => "agencyId",
            Self::Vendor => "vendorId",
        }
    }

    /// The field of `AlertSubscription` that names what is followed.
    fn followed(self) -> &'static str {
        match self {
            Self::Body => "body",
            Self::Agency => "agency",
            Self::Vendor => "vendor",
        }
    }
}

/// The query string of a directory page.
#[derive(Debug, Deserialize, Default)]
pub struct PageQuery {
    after: Option<String>,
    done: Option<String>,
}

/// `GET /bodies/{id}`.
#[handler]
pub async fn body_page(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    show_with_query(req, jar, &state, &schema, Section::Body, &id, query).await
}

/// `GET /agencies/{id}`.
#[handler]
pub async fn agency_page(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    show_with_query(req, jar, &state, &schema, Section::Agency, &id, query).await
}

/// `GET /vendors/{id}`.
#[handler]
pub async fn vendor_page(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    show_with_query(req, jar, &state, &schema, Section::Vendor, &id, query).await
}

async fn show_with_query(
    req: &Request,
    jar: &CookieJar,
    state: &AppState,
    schema: &AppSchema,
    section: Section,
    id: &str,
    query: PageQuery,
) -> Response {
    let ctx = WebContext::load(state, req, jar).await;
    let flash =
        (query.done.as_deref() == Some("follow")).then(|| ctx.catalogue.text("done-follow", &[]));
    let outcome = Outcome {
        flash,
        ..Outcome::default()
    };
    show(state, schema, &ctx, section, id, query.after, outcome).await
}

/// A form's errors, shown again with its input.
fn with_errors(errors: Vec<FieldError>, form: FormFields) -> Outcome {
    Outcome {
        errors,
        form,
        status: Some(StatusCode::BAD_REQUEST),
        ..Outcome::default()
    }
}

/// The time zone named by a jurisdiction's `timeZone`, else `fallback`.
fn zone_of(zone: &Json, fallback: Tz) -> Tz {
    zone.as_str()
        .and_then(|name| name.parse().ok())
        .unwrap_or(fallback)
}

/// Renders a body, agency or vendor page: the record, whether the viewer follows it, and
/// `outcome`. An id of another kind, or of nothing, is the "not found" page.
async fn show(
    state: &AppState,
    schema: &AppSchema,
    ctx: &WebContext,
    section: Section,
    id: &str,
    after: Option<String>,
    outcome: Outcome,
) -> Response {
    let now = state.clock.now().to_rfc3339();
    let variables = match section {
        Section::Body => json!({ "id": id, "now": now }),
        Section::Agency => json!({ "id": id }),
        Section::Vendor => json!({ "id": id, "after": after }),
    };
    let page_data = documents::run(
        state,
        schema,
        &ctx.viewer,
        &ctx.meta,
        section.document(),
        variables,
    );
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
    let found = data(&response);
    let record = &found["node"];
    if record["__typename"].as_str() != Some(section.type_name()) {
        return not_found(ctx);
    }
    let record_id = record["id"].as_str().unwrap_or(id);
    let followed = section.followed();
    let following = follows.map(|r| data(&r)).and_then(|mine| {
        mine["myAlertSubscriptions"].as_array().and_then(|subs| {
            subs.iter()
                .find(|sub| sub[followed]["id"].as_str() == Some(record_id))
                .cloned()
        })
    });
    let tz = match section {
        Section::Body | Section::Agency => {
            zone_of(&record["jurisdiction"]["timeZone"], ctx.time_zone)
        }
        Section::Vendor => ctx.time_zone,
    };
    let breadcrumbs: Vec<Json> = match section {
        Section::Vendor => vec![json!({
            "href": "/search?kind=CONTRACT",
            "label": ctx.catalogue.text("crumb-contracts", &[]),
        })],
        Section::Body | Section::Agency => Vec::new(),
    };
    let path = format!("/{}/{id}", section.section());
    page(
        ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        section.template(),
        tz,
        minijinja::context! {
            record => value(record),
            meetings => value(&found["meetings"]),
            solicitations => value(&found["solicitations"]),
            contracts => value(&found["contracts"]),
            path => path,
            following => following.map(|f| value(&f)),
            errors => value(&outcome.errors),
            form => value(&outcome.form),
            flash => outcome.flash,
            breadcrumbs => value(&breadcrumbs),
        },
    )
}

/// `POST /{bodies|agencies|vendors}/{id}/follow`, handed over by `subjects::follow` (which owns
/// the `/{section}/{id}/follow` route) for every section that is not an item page's.
pub async fn follow(
    req: &Request,
    jar: &CookieJar,
    state: &AppState,
    schema: &AppSchema,
    section: &str,
    id: &str,
    form: FormFields,
) -> Response {
    let ctx = WebContext::load(state, req, jar).await;
    let Some(section) = Section::from_section(section) else {
        return not_found(&ctx);
    };
    if ctx.session.is_none() {
        // Signing in brings the person back to the page, to follow it from there.
        let return_to = format!("/{}/{id}", section.section());
        return account::sign_in_page(&ctx, &return_to, &form, Vec::new(), StatusCode::OK);
    }
    if !ctx.token_matches(field(&form, "csrf_token")) {
        let outcome = Outcome::stale(&ctx, form);
        return show(state, schema, &ctx, section, id, None, outcome).await;
    }
    let delivery: Option<&'static str> = match field(&form, "delivery") {
        None => Some("IMMEDIATE"),
        Some(chosen) => DELIVERIES.iter().copied().find(|d| *d == chosen),
    };
    let Some(delivery) = delivery else {
        let error = FieldError {
            field: "delivery".to_owned(),
            message: ctx.catalogue.text("error-choose-one", &[]),
        };
        let outcome = with_errors(vec![error], form);
        return show(state, schema, &ctx, section, id, None, outcome).await;
    };
    let mut target = Map::new();
    target.insert(section.target().to_owned(), json!(id));
    let variables = json!({ "input": { "target": target, "delivery": delivery } });
    let response = documents::run(state, schema, &ctx.viewer, &ctx.meta, "follow", variables).await;
    if response.errors.is_empty() {
        return see_other(&format!("/{}/{id}?done=follow", section.section()));
    }
    let errors = form_errors(&response, &ctx);
    show(
        state,
        schema,
        &ctx,
        section,
        id,
        None,
        with_errors(errors, form),
    )
    .await
}

/// `GET /officials/{id}`.
#[handler]
pub async fn official_page(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "official",
        json!({ "id": id }),
    )
    .await;
    if !response.errors.is_empty() {
        return failed(&ctx, &response);
    }
    let found = data(&response);
    let record = &found["node"];
    if record["__typename"].as_str() != Some("Official") {
        return not_found(&ctx);
    }
    let votes = match vote_record(&state, &schema, &ctx, record).await {
        Ok(votes) => votes,
        Err(failure) => return failed(&ctx, &failure),
    };
    let tz = zone_of(&record["jurisdiction"]["timeZone"], ctx.time_zone);
    // Up to the body of the official's latest seat (terms are oldest first).
    let breadcrumbs: Vec<Json> = record["terms"]
        .as_array()
        .and_then(|terms| terms.last())
        .map(|term| {
            json!({
                "href": format!("/bodies/{}", term["body"]["id"].as_str().unwrap_or_default()),
                "label": term["body"]["name"],
            })
        })
        .into_iter()
        .collect();
    page(
        &ctx,
        StatusCode::OK,
        "official.html",
        tz,
        minijinja::context! {
            o => value(record),
            votes => value(&votes),
            breadcrumbs => value(&breadcrumbs),
        },
    )
}

/// The official's votes on procurement items at meetings of their bodies in the last
/// [`VOTE_RECORD_DAYS`] days, newest first, each with the community's tally on what the item
/// decided. The API lists no votes by official, so this reads each body's meetings (earliest
/// first, a page at a time) and keeps the items whose roll call names the official.
async fn vote_record(
    state: &AppState,
    schema: &AppSchema,
    ctx: &WebContext,
    person: &Json,
) -> Result<Vec<Json>, Box<async_graphql::Response>> {
    let Some(person_id) = person["id"].as_str() else {
        return Ok(Vec::new());
    };
    let terms: &[Json] = person["terms"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut body_ids: Vec<&str> = Vec::new();
    for term in terms.iter().rev() {
        if let Some(seat) = term["body"]["id"].as_str()
            && !body_ids.contains(&seat)
        {
            body_ids.push(seat);
        }
    }
    let now = state.clock.now();
    let since = (now - TimeDelta::days(VOTE_RECORD_DAYS)).to_rfc3339();
    let now = now.to_rfc3339();
    let mut rows: Vec<Json> = Vec::new();
    for body_id in body_ids.into_iter().take(MAX_BODIES) {
        let mut after: Option<String> = None;
        for _ in 0..MAX_MEETING_PAGES {
            let variables = json!({
                "bodyId": body_id,
                "since": since,
                "now": now,
                "after": after,
            });
            let response = documents::run(
                state,
                schema,
                &ctx.viewer,
                &ctx.meta,
                "official_votes",
                variables,
            )
            .await;
            if !response.errors.is_empty() {
                return Err(Box::new(response));
            }
            let found = data(&response);
            let listed = &found["meetings"];
            for held in listed["nodes"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                rows.extend(votes_at(held, person_id));
            }
            after = listed["pageInfo"]["endCursor"].as_str().map(str::to_owned);
            if listed["pageInfo"]["hasNextPage"].as_bool() != Some(true) || after.is_none() {
                break;
            }
        }
    }
    rows.sort_by_key(|row| std::cmp::Reverse(starts_at(row)));
    Ok(rows)
}

/// The rows of one meeting: each procurement item (one with a community tally) whose roll call
/// names `person_id`, with that vote.
fn votes_at(held: &Json, person_id: &str) -> Vec<Json> {
    let items: &[Json] = held["agendaItems"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    items
        .iter()
        .filter(|item| !item["communityTally"].is_null())
        .filter_map(|item| {
            let cast = item["rollCall"]
                .as_array()?
                .iter()
                .find(|line| line["official"]["id"].as_str() == Some(person_id))?;
            Some(json!({
                "item": {
                    "id": item["id"],
                    "itemNumber": item["itemNumber"],
                    "title": item["title"],
                    "outcome": item["outcome"],
                    "subject": item["subject"],
                },
                "meeting": {
                    "id": held["id"],
                    "startsAt": held["startsAt"],
                    "body": held["body"]["name"],
                },
                "vote": cast["vote"],
                "positions": item["communityTally"]["positions"],
            }))
        })
        .collect()
}

fn starts_at(row: &Json) -> Option<DateTime<FixedOffset>> {
    row["meeting"]["startsAt"]
        .as_str()
        .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
}

/// `GET /moderation-log`: every moderation action, newest first, 50 a page.
#[handler]
pub async fn moderation_log(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<PageQuery>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "moderation_log",
        json!({ "after": query.after }),
    )
    .await;
    if !response.errors.is_empty() {
        return failed(&ctx, &response);
    }
    let found = data(&response);
    page(
        &ctx,
        StatusCode::OK,
        "moderation_log.html",
        ctx.time_zone,
        minijinja::context! {
            log => value(&found["moderationLog"]),
        },
    )
}
