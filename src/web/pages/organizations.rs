//! Organisation pages: the list of organisations (`/organizations`), starting one
//! (`/organizations/new`), and an organisation's page (`/organizations/{id}`): whether an admin
//! has verified it, its representatives, the positions it took (each with a link to the item),
//! and its public watchlists with their notes, each with a follow form.
//!
//! Representatives (and admins) see more on the same page: the members with their roles, forms
//! to add a member by email address and to remove one, to edit the organisation's name and
//! description, to start a watchlist, and on each watchlist to add an item (its page address or
//! id, with a note), change a note or take an item off. Which forms a page shows is only a
//! convenience: every form runs the API's mutation as the session's viewer, so the API's rules
//! decide, and a refused post changes nothing.
//!
//! Every form posts to `/organizations/{id}/…`, then redirects back with `?done=…`; a failure
//! shows the page again with the errors beside their fields and the input kept.

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
    FieldError, data, documents, error_code, failed, form_errors, not_found, page, see_other, value,
};

/// The list of organisations.
const LIST_PATH: &str = "/organizations";

/// The page that starts an organisation.
const NEW_PATH: &str = "/organizations/new";

/// How often a follow's alerts are mailed, as the follow forms offer it.
const DELIVERIES: &[&str] = &["IMMEDIATE", "DAILY", "WEEKLY"];

/// The kinds of organisation the "start an organisation" form offers.
const KINDS: &[&str] = &["UNION_LOCAL", "COMMUNITY_GROUP", "ADVOCACY_GROUP"];

/// The roles the "add a member" form offers.
const ROLES: &[&str] = &["MEMBER", "REPRESENTATIVE"];

/// The sections of item pages whose address names a watchlist item.
const ITEM_SECTIONS: &[&str] = &["solicitations", "contracts", "agenda-items"];

/// The query string of the list of organisations.
#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    /// `only` lists verified organisations only.
    verified: Option<String>,
    after: Option<String>,
}

/// The query string of an organisation's page.
#[derive(Debug, Deserialize, Default)]
pub struct PageQuery {
    done: Option<String>,
}

/// The address of organisation `id`'s page.
fn path_of(id: &str) -> String {
    format!("{LIST_PATH}/{id}")
}

/// A form's errors, shown again with its input.
fn with_errors(errors: Vec<FieldError>, form: FormFields, status: StatusCode) -> Outcome {
    Outcome {
        errors,
        form,
        status: Some(status),
        ..Outcome::default()
    }
}

/// The status of a page showing a failed mutation: 404 when something is gone, 403 when the
/// viewer may not do it, else 400.
fn status_of(response: &async_graphql::Response) -> StatusCode {
    match error_code(response).as_deref() {
        Some("NOT_FOUND") => StatusCode::NOT_FOUND,
        Some("FORBIDDEN") => StatusCode::FORBIDDEN,
        _ => StatusCode::BAD_REQUEST,
    }
}

/// The breadcrumbs of the pages below the list.
fn breadcrumbs(ctx: &WebContext) -> Vec<Json> {
    vec![json!({
        "href": LIST_PATH,
        "label": ctx.catalogue.text("organization-crumb", &[]),
    })]
}

/// Field `name` must be one of `allowed`; `Ok(None)` when left empty. Anything else is an error
/// of `error_field` (the id of the input on the page), never a crash.
fn choice(
    ctx: &WebContext,
    form: &FormFields,
    name: &str,
    allowed: &[&'static str],
    error_field: &str,
) -> Result<Option<&'static str>, FieldError> {
    match field(form, name) {
        None => Ok(None),
        Some(chosen) => allowed
            .iter()
            .copied()
            .find(|option| *option == chosen)
            .map(Some)
            .ok_or_else(|| FieldError {
                field: error_field.to_owned(),
                message: ctx.catalogue.text("error-choose-one", &[]),
            }),
    }
}

/// `GET /organizations`: every organisation by name with its badge, or only the verified ones
/// (`?verified=only`), 50 a page.
#[handler]
pub async fn organizations_page(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<ListQuery>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    let verified_only = query.verified.as_deref() == Some("only");
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "organizations",
        json!({ "verifiedOnly": verified_only, "after": query.after }),
    )
    .await;
    if !response.errors.is_empty() {
        return failed(&ctx, &response);
    }
    let found = data(&response);
    let pager_base = if verified_only {
        format!("{LIST_PATH}?verified=only&")
    } else {
        format!("{LIST_PATH}?")
    };
    page(
        &ctx,
        StatusCode::OK,
        "organizations.html",
        ctx.time_zone,
        minijinja::context! {
            nav => "organizations",
            organizations => value(&found["organizations"]),
            verified_only => verified_only,
            pager_base => pager_base,
        },
    )
}

/// The "start an organisation" page with `outcome`.
fn new_page(ctx: &WebContext, outcome: Outcome) -> Response {
    page(
        ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "organization_new.html",
        ctx.time_zone,
        minijinja::context! {
            nav => "organizations",
            kinds => value(KINDS),
            errors => value(&outcome.errors),
            form => value(&outcome.form),
            breadcrumbs => value(breadcrumbs(ctx)),
        },
    )
}

/// `GET /organizations/new`: signed-in people only; anyone else signs in first.
#[handler]
pub async fn new_organization_form(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    if ctx.session.is_none() {
        return account::sign_in_page(
            &ctx,
            NEW_PATH,
            &FormFields::new(),
            Vec::new(),
            StatusCode::OK,
        );
    }
    new_page(&ctx, Outcome::default())
}

/// `POST /organizations/new`: runs `createOrganization`; the creator becomes its
/// representative, and the new page says that an admin checks it next.
#[handler]
pub async fn create_organization(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Form(form): Form<FormFields>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    if ctx.session.is_none() {
        return account::sign_in_page(&ctx, NEW_PATH, &form, Vec::new(), StatusCode::OK);
    }
    if !ctx.token_matches(field(&form, "csrf_token")) {
        let outcome = Outcome::stale(&ctx, form);
        return new_page(&ctx, outcome);
    }
    let kind = match choice(&ctx, &form, "kind", KINDS, "kind") {
        Ok(Some(kind)) => kind,
        Ok(None) => {
            let error = FieldError {
                field: "kind".to_owned(),
                message: ctx.catalogue.text("error-choose-one", &[]),
            };
            return new_page(
                &ctx,
                with_errors(vec![error], form, StatusCode::BAD_REQUEST),
            );
        }
        Err(error) => {
            return new_page(
                &ctx,
                with_errors(vec![error], form, StatusCode::BAD_REQUEST),
            );
        }
    };
    let variables = json!({ "input": {
        "name": form.get("name").cloned().unwrap_or_default(),
        "kind": kind,
        "description": form.get("description").cloned().unwrap_or_default(),
    }});
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "organization_create",
        variables,
    )
    .await;
    if response.errors.is_empty() {
        let created = data(&response);
        return match created["createOrganization"]["id"].as_str() {
            Some(id) => see_other(&format!("{}?done=created", path_of(id))),
            None => see_other(LIST_PATH),
        };
    }
    let status = status_of(&response);
    let errors = form_errors(&response, &ctx)
        .into_iter()
        .map(|mut error| {
            if !matches!(error.field.as_str(), "name" | "kind" | "description") {
                error.field = String::new();
            }
            error
        })
        .collect();
    new_page(&ctx, with_errors(errors, form, status))
}

/// `GET /organizations/{id}`.
#[handler]
pub async fn organization_page(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    let flash = query
        .done
        .as_deref()
        .and_then(|done| done_message(&ctx, done));
    let outcome = Outcome {
        flash,
        ..Outcome::default()
    };
    show(&state, &schema, &ctx, &id, outcome).await
}

/// The notice after a form on an organisation's page succeeded.
fn done_message(ctx: &WebContext, done: &str) -> Option<String> {
    let id = match done {
        "created" => "organization-done-created",
        "updated" => "organization-done-updated",
        "member-added" => "organization-done-member-added",
        "member-removed" => "organization-done-member-removed",
        "watchlist" => "organization-done-watchlist",
        "item-added" => "organization-done-item-added",
        "item-removed" => "organization-done-item-removed",
        "note" => "organization-done-note",
        "follow" => "organization-done-follow",
        _ => return None,
    };
    Some(ctx.catalogue.text(id, &[]))
}

/// The viewer's role in organisation `organization_id`, from `me.organizations`.
fn standing<'a>(me: &'a Json, organization_id: &str) -> Option<&'a str> {
    me["organizations"]
        .as_array()?
        .iter()
        .find(|m| m["organization"]["id"].as_str() == Some(organization_id))
        .and_then(|m| m["role"].as_str())
}

/// A position or watchlist item as the template shows it: the API's fields plus `href` (the
/// page of its subject) and `kind` (the subject's kind, for its label).
fn with_link(entry: &Json) -> Json {
    let mut shown = entry.clone();
    let subject = &entry["subject"];
    let (section, kind) = match subject["__typename"].as_str() {
        Some("Solicitation") => (Some("solicitations"), Some("solicitation")),
        Some("Contract") => (Some("contracts"), Some("contract")),
        Some("AgendaItem") => (Some("agenda-items"), Some("agenda_item")),
        _ => (None, None),
    };
    let href = section
        .zip(subject["id"].as_str())
        .map(|(section, id)| format!("/{section}/{id}"));
    if let Some(obj) = shown.as_object_mut() {
        obj.insert("href".to_owned(), json!(href));
        obj.insert("kind".to_owned(), json!(kind));
    }
    shown
}

/// Renders an organisation's page: the public part, the viewer's follows of its watchlists,
/// the members and the managing forms for its representatives and admins, and `outcome`. An id
/// of another kind, or of nothing, is the "not found" page.
async fn show(
    state: &AppState,
    schema: &AppSchema,
    ctx: &WebContext,
    id: &str,
    outcome: Outcome,
) -> Response {
    let response = documents::run(
        state,
        schema,
        &ctx.viewer,
        &ctx.meta,
        "organization",
        json!({ "id": id }),
    )
    .await;
    if !response.errors.is_empty() {
        return failed(ctx, &response);
    }
    let found = data(&response);
    let record = &found["node"];
    if record["__typename"].as_str() != Some("Organization") {
        return not_found(ctx);
    }
    let record_id = record["id"].as_str().unwrap_or(id);
    let me = &found["me"];
    let representative = standing(me, record_id) == Some("REPRESENTATIVE");
    let admin = me["role"].as_str() == Some("ADMIN");
    // What the page offers; the API decides what each form may do.
    let manages = representative || admin;
    let curates = representative && record["verified"].as_bool() == Some(true);
    let members = crate::web::pages::run_if(
        manages,
        state,
        schema,
        ctx,
        "organization_members",
        json!({ "id": record_id }),
    );
    let follows = crate::web::pages::run_if(
        ctx.session.is_some(),
        state,
        schema,
        ctx,
        "organization_follows",
        json!({}),
    );
    let (members, follows) = tokio::join!(members, follows);
    let members: Vec<Json> = match members {
        Some(listed) if listed.errors.is_empty() => data(&listed)["node"]["members"]
            .as_array()
            .cloned()
            .unwrap_or_default(),
        Some(listed) => {
            // The rest of the page still works; the members list is left out.
            tracing::warn!(errors = ?listed.errors, "organisation members could not be read");
            Vec::new()
        }
        None => Vec::new(),
    };
    let subscriptions: Vec<Json> = follows
        .map(|listed| data(&listed))
        .and_then(|mine| mine["myAlertSubscriptions"].as_array().cloned())
        .unwrap_or_default();
    let positions: Vec<Json> = record["positions"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(with_link)
        .collect();
    let watchlists: Vec<Json> = record["watchlists"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|list| {
            let mut shown = list.clone();
            let list_id = list["id"].as_str();
            let following = subscriptions
                .iter()
                .find(|sub| list_id.is_some() && sub["watchlist"]["id"].as_str() == list_id)
                .cloned()
                .unwrap_or(Json::Null);
            let items: Vec<Json> = list["items"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .map(with_link)
                .collect();
            if let Some(obj) = shown.as_object_mut() {
                obj.insert("following".to_owned(), following);
                obj.insert("items".to_owned(), Json::Array(items));
            }
            shown
        })
        .collect();
    page(
        ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "organization.html",
        ctx.time_zone,
        minijinja::context! {
            nav => "organizations",
            record => value(record),
            positions => value(&positions),
            watchlists => value(&watchlists),
            members => value(&members),
            manages => manages,
            curates => curates,
            representative => representative,
            path => path_of(record_id),
            deliveries => value(DELIVERIES),
            roles => value(ROLES),
            errors => value(&outcome.errors),
            form => value(&outcome.form),
            flash => outcome.flash,
            breadcrumbs => value(breadcrumbs(ctx)),
        },
    )
}

/// The steps every form on an organisation's page shares: a signed-in viewer and a fresh token.
/// `Err` is the response to send instead: the sign-in page (which brings the person back to the
/// page), or the page again with the input and "please submit it again". Nothing changes
/// either way.
async fn begin(
    req: &Request,
    jar: &CookieJar,
    state: &AppState,
    schema: &AppSchema,
    id: &str,
    form: &FormFields,
) -> Result<WebContext, Response> {
    let ctx = WebContext::load(state, req, jar).await;
    if ctx.session.is_none() {
        return Err(account::sign_in_page(
            &ctx,
            &path_of(id),
            form,
            Vec::new(),
            StatusCode::OK,
        ));
    }
    if !ctx.token_matches(field(form, "csrf_token")) {
        return Err(show(state, schema, &ctx, id, Outcome::stale(&ctx, form.clone())).await);
    }
    Ok(ctx)
}

/// Runs the mutation of a form on organisation `id`'s page. On success: back to the page with
/// `?done={done}` and `anchor`. On failure: the page again with the errors, each API field
/// renamed by `rename` to the id of its input on the page (an empty name puts the error in the
/// summary only), and the input kept.
#[allow(clippy::too_many_arguments)]
async fn finish(
    state: &AppState,
    schema: &AppSchema,
    ctx: &WebContext,
    id: &str,
    form: FormFields,
    document: &str,
    variables: Json,
    done: &str,
    anchor: &str,
    rename: &(dyn Fn(&str) -> String + Sync),
) -> Response {
    let response = documents::run(state, schema, &ctx.viewer, &ctx.meta, document, variables).await;
    if response.errors.is_empty() {
        return see_other(&format!("{}?done={done}{anchor}", path_of(id)));
    }
    let status = status_of(&response);
    let errors = form_errors(&response, ctx)
        .into_iter()
        .map(|mut error| {
            error.field = rename(&error.field);
            error
        })
        .collect();
    show(state, schema, ctx, id, with_errors(errors, form, status)).await
}

/// `POST /organizations/{id}/edit`: the name and description (`updateOrganization`).
#[handler]
pub async fn update_organization(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
    Form(mut form): Form<FormFields>,
) -> Response {
    form.insert("form".to_owned(), "edit".to_owned());
    let ctx = or_page!(begin(req, jar, &state, &schema, &id, &form).await);
    let variables = json!({ "input": {
        "organizationId": id,
        "name": form.get("name").cloned().unwrap_or_default(),
        "description": form.get("description").cloned().unwrap_or_default(),
    }});
    finish(
        &state,
        &schema,
        &ctx,
        &id,
        form,
        "organization_update",
        variables,
        "updated",
        "#edit-heading",
        &|api_field: &str| match api_field {
            "name" | "description" => api_field.to_owned(),
            _ => String::new(),
        },
    )
    .await
}

/// `POST /organizations/{id}/members`: adds a member by the email address of their account, as
/// a member or a representative (`addOrganizationMember`).
#[handler]
pub async fn add_member(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
    Form(mut form): Form<FormFields>,
) -> Response {
    form.insert("form".to_owned(), "member".to_owned());
    let ctx = or_page!(begin(req, jar, &state, &schema, &id, &form).await);
    let role = match choice(&ctx, &form, "memberRole", ROLES, "memberRole") {
        Ok(role) => role.unwrap_or("MEMBER"),
        Err(error) => {
            let outcome = with_errors(vec![error], form, StatusCode::BAD_REQUEST);
            return show(&state, &schema, &ctx, &id, outcome).await;
        }
    };
    let variables = json!({ "input": {
        "organizationId": id,
        "email": form.get("memberEmail").cloned().unwrap_or_default(),
        "role": role,
    }});
    finish(
        &state,
        &schema,
        &ctx,
        &id,
        form,
        "organization_add_member",
        variables,
        "member-added",
        "#members-heading",
        &|api_field: &str| match api_field {
            "email" | "userId" => "memberEmail".to_owned(),
            "role" => "memberRole".to_owned(),
            _ => String::new(),
        },
    )
    .await
}

/// `POST /organizations/{id}/members/remove`: removes the member named by the hidden `userId`
/// (`removeOrganizationMember`).
#[handler]
pub async fn remove_member(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
    Form(mut form): Form<FormFields>,
) -> Response {
    form.insert("form".to_owned(), "remove-member".to_owned());
    let ctx = or_page!(begin(req, jar, &state, &schema, &id, &form).await);
    let variables = json!({ "input": {
        "organizationId": id,
        "userId": field(&form, "userId").unwrap_or_default(),
    }});
    finish(
        &state,
        &schema,
        &ctx,
        &id,
        form,
        "organization_remove_member",
        variables,
        "member-removed",
        "#members-heading",
        // A remove button has no field: its errors (the last representative, a member who has
        // already gone) are said in the summary.
        &|_: &str| String::new(),
    )
    .await
}

/// `POST /organizations/{id}/watchlists`: starts a watchlist in the organisation's name
/// (`createWatchlist`).
#[handler]
pub async fn start_watchlist(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
    Form(mut form): Form<FormFields>,
) -> Response {
    form.insert("form".to_owned(), "watchlist".to_owned());
    let ctx = or_page!(begin(req, jar, &state, &schema, &id, &form).await);
    let variables = json!({ "input": {
        "organizationId": id,
        "name": form.get("watchlistName").cloned().unwrap_or_default(),
        "description": form.get("watchlistDescription").cloned().unwrap_or_default(),
    }});
    finish(
        &state,
        &schema,
        &ctx,
        &id,
        form,
        "organization_watchlist_create",
        variables,
        "watchlist",
        "#watchlists-heading",
        &|api_field: &str| match api_field {
            "name" => "watchlistName".to_owned(),
            "description" => "watchlistDescription".to_owned(),
            _ => String::new(),
        },
    )
    .await
}

/// The global id a typed item reference names: the address of a solicitation, contract or
/// agenda item page (`/contracts/{id}`, with or without the site's scheme and host, a query or
/// a fragment), or the id itself. `None` when it names no item page.
fn item_reference(typed: &str) -> Option<String> {
    let typed = typed.trim();
    let path = match typed.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |at| &rest[at..]),
        None => typed,
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let parts: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
    let id = match parts.iter().position(|part| ITEM_SECTIONS.contains(part)) {
        Some(at) => *parts.get(at + 1)?,
        None if parts.len() == 1 => *parts.first()?,
        None => return None,
    };
    let plausible = id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '='));
    plausible.then(|| id.to_owned())
}

/// The id of the solicitation, contract or agenda item that `typed` names, checked through the
/// API as the viewer. `Err` is the catalogue message saying what is wrong with it.
async fn resolve_item(
    state: &AppState,
    schema: &AppSchema,
    ctx: &WebContext,
    typed: Option<&str>,
) -> Result<String, &'static str> {
    let Some(typed) = typed else {
        return Err("organization-item-required");
    };
    let Some(id) = item_reference(typed) else {
        return Err("organization-item-unknown");
    };
    let response = documents::run(
        state,
        schema,
        &ctx.viewer,
        &ctx.meta,
        "organization_item",
        json!({ "id": id }),
    )
    .await;
    if !matches!(
        error_code(&response).as_deref(),
        None | Some("BAD_USER_INPUT") | Some("NOT_FOUND")
    ) {
        tracing::warn!(errors = ?response.errors, "a watchlist item could not be looked up");
    }
    let found = data(&response);
    let node = &found["node"];
    match node["__typename"].as_str() {
        Some("Solicitation" | "Contract" | "AgendaItem") => {
            Ok(node["id"].as_str().unwrap_or(&id).to_owned())
        }
        _ => Err("organization-item-unknown"),
    }
}

/// `POST /organizations/{id}/watchlists/{list}/items`: adds the item typed into `item-{list}`
/// (its page address or id) with the note of `note-{list}`; or, with a hidden `subjectId`,
/// changes that item's note (`note-{list}-{subjectId}`). Both run `addWatchlistItem`.
#[handler]
pub async fn add_watchlist_item(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path((id, list)): Path<(String, String)>,
    Form(mut form): Form<FormFields>,
) -> Response {
    let editing = field(&form, "subjectId").map(str::to_owned);
    let is_edit = editing.is_some();
    form.insert("watchlist".to_owned(), list.clone());
    form.insert(
        "form".to_owned(),
        if is_edit { "note" } else { "item" }.to_owned(),
    );
    let ctx = or_page!(begin(req, jar, &state, &schema, &id, &form).await);
    let item_field = format!("item-{list}");
    let note_field = match &editing {
        Some(subject) => format!("note-{list}-{subject}"),
        None => format!("note-{list}"),
    };
    let typed = field(&form, &item_field).map(str::to_owned);
    let subject = match editing {
        Some(subject) => subject,
        None => match resolve_item(&state, &schema, &ctx, typed.as_deref()).await {
            Ok(subject) => subject,
            Err(message) => {
                let error = FieldError {
                    field: item_field,
                    message: ctx.catalogue.text(message, &[]),
                };
                let outcome = with_errors(vec![error], form, StatusCode::BAD_REQUEST);
                return show(&state, &schema, &ctx, &id, outcome).await;
            }
        },
    };
    let variables = json!({ "input": {
        "watchlistId": list,
        "subjectId": subject,
        "note": form.get(&note_field).cloned().unwrap_or_default(),
    }});
    let anchor = format!("#watchlist-{list}");
    finish(
        &state,
        &schema,
        &ctx,
        &id,
        form,
        "organization_watchlist_add",
        variables,
        if is_edit { "note" } else { "item-added" },
        &anchor,
        &|api_field: &str| match api_field {
            "note" => note_field.clone(),
            "subjectId" if !is_edit => item_field.clone(),
            _ => String::new(),
        },
    )
    .await
}

/// `POST /organizations/{id}/watchlists/{list}/remove`: takes the item named by the hidden
/// `subjectId` off the watchlist (`removeWatchlistItem`).
#[handler]
pub async fn remove_watchlist_item(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path((id, list)): Path<(String, String)>,
    Form(mut form): Form<FormFields>,
) -> Response {
    form.insert("watchlist".to_owned(), list.clone());
    form.insert("form".to_owned(), "remove-item".to_owned());
    let ctx = or_page!(begin(req, jar, &state, &schema, &id, &form).await);
    let variables = json!({ "input": {
        "watchlistId": list,
        "subjectId": field(&form, "subjectId").unwrap_or_default(),
    }});
    let anchor = format!("#watchlist-{list}");
    finish(
        &state,
        &schema,
        &ctx,
        &id,
        form,
        "organization_watchlist_remove",
        variables,
        "item-removed",
        &anchor,
        &|_: &str| String::new(),
    )
    .await
}

/// `POST /organizations/{id}/watchlists/{list}/follow`: follows the watchlist, immediately or
/// in a daily or weekly digest (`createAlertSubscription` with target `watchlistId`).
#[handler]
pub async fn follow_watchlist(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path((id, list)): Path<(String, String)>,
    Form(mut form): Form<FormFields>,
) -> Response {
    form.insert("watchlist".to_owned(), list.clone());
    form.insert("form".to_owned(), "follow".to_owned());
    let ctx = or_page!(begin(req, jar, &state, &schema, &id, &form).await);
    let delivery_field = format!("delivery-{list}");
    let delivery = match choice(&ctx, &form, "delivery", DELIVERIES, &delivery_field) {
        Ok(delivery) => delivery.unwrap_or("IMMEDIATE"),
        Err(error) => {
            let outcome = with_errors(vec![error], form, StatusCode::BAD_REQUEST);
            return show(&state, &schema, &ctx, &id, outcome).await;
        }
    };
    let variables = json!({ "input": {
        "target": { "watchlistId": list },
        "delivery": delivery,
    }});
    let anchor = format!("#watchlist-{list}");
    finish(
        &state,
        &schema,
        &ctx,
        &id,
        form,
        "follow",
        variables,
        "follow",
        &anchor,
        &|api_field: &str| match api_field {
            "delivery" => delivery_field.clone(),
            _ => String::new(),
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::item_reference;

    #[test]
    fn an_item_is_named_by_its_page_address_or_its_id() {
        let id = "Q29udHJhY3Q6NDI";
        for typed in [
            "/contracts/Q29udHJhY3Q6NDI",
            "  contracts/Q29udHJhY3Q6NDI  ",
            "https://contract-watch.example/contracts/Q29udHJhY3Q6NDI?done=follow#follow",
            "contract-watch.example/contracts/Q29udHJhY3Q6NDI/",
            "Q29udHJhY3Q6NDI",
        ] {
            assert_eq!(item_reference(typed).as_deref(), Some(id), "{typed}");
        }
        assert_eq!(
            item_reference("/agenda-items/QWdlbmRhSXRlbTo3").as_deref(),
            Some("QWdlbmRhSXRlbTo3")
        );
        for typed in ["", "/bodies/Qm9keTox/x", "/contracts/", "not an id", "a/b"] {
            assert_eq!(item_reference(typed), None, "{typed}");
        }
    }
}
