//! The staff desk, part one: the jurisdiction's page (`/staff`), meetings and their agendas,
//! the roll call, and what members receive before the vote.
//!
//! - `/staff`: the jurisdiction's bodies (with their digest lead times, set on the spot) and its
//!   coming meetings. An admin, who belongs to no jurisdiction, picks one first.
//! - `/staff/meetings/new`, `/staff/meetings/{id}`: create a meeting; a meeting's desk, where it
//!   moves, its agenda grows (an item's contract or solicitation picked by searching, without
//!   JavaScript), an unlinked item's suggestions are confirmed in one click, and every member's
//!   digest is listed per lead time with its state and a preview.
//! - `/staff/agenda-items/{id}/roll-call`: one row per member seated on the meeting's date.
//! - `/staff/meetings/{id}/digests/{official}/{days}`: a member's digest as it will be sent.
//!
//! Forms post to the page's address (or below it), then redirect back with `?done=…`; a refused
//! form shows the page again with the errors beside their fields and the input kept. A save over
//! a meeting changed since the form was opened shows both versions.

use chrono_tz::Tz;
use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::web::{Data, Form, Path, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;
use serde_json::{Value as Json, json};

use crate::domain::ids::{GlobalId, NodeKind};
use crate::graphql::AppSchema;
use crate::state::AppState;
use crate::web::pages::desk::{
    AtDesk, Desk, Refused, forbidden, local_instant, local_value, or_page, zone_of,
};
use crate::web::pages::subjects::Outcome;
use crate::web::pages::{FormFields, field};
use crate::web::{
    FieldError, data, error_code, failed, local_path, not_found, page, see_other, value,
};

/// Opens the staff desk or returns its refusal.
macro_rules! staff_desk {
    ($state:expr, $req:expr, $jar:expr) => {
        or_page!(AtDesk::open(&$state, $req, $jar, Desk::Staff).await)
    };
}

/// The agenda actions the forms offer.
pub const ACTIONS: &[&str] = &["AWARD", "RENEWAL", "EXTENSION", "AMENDMENT", "OTHER"];

/// The outcomes a roll call records.
const OUTCOMES: &[&str] = &["APPROVED", "REJECTED", "DEFERRED", "WITHDRAWN"];

/// The votes of a roll call.
const VOTES: &[&str] = &["YES", "NO", "ABSTAIN", "ABSENT"];

/// A meeting's statuses.
const MEETING_STATUSES: &[&str] = &["SCHEDULED", "HELD", "POSTPONED", "CANCELLED"];

/// The query string of the staff pages: `jurisdiction` (admins choose one), `done`.
#[derive(Debug, Deserialize, Default)]
pub struct DeskQuery {
    pub jurisdiction: Option<String>,
    pub done: Option<String>,
}

/// The notice after a form on a staff page succeeded.
pub fn done_message(desk: &AtDesk, done: Option<&str>) -> Option<String> {
    let id = match done? {
        "lead-times" => "staff-done-lead-times",
        "meeting" => "staff-done-meeting",
        "moved" => "staff-done-moved",
        "item" => "staff-done-item",
        "linked" => "staff-done-linked",
        "votes" => "staff-done-votes",
        "resent" => "staff-done-resent",
        "saved" => "staff-done-saved",
        "archived" => "staff-done-archived",
        "answered" => "staff-done-answered",
        "imported" => "staff-done-imported",
        _ => return None,
    };
    Some(desk.ctx.catalogue.text(id, &[]))
}

/// The jurisdiction a staff page works on: the query's (admins), else the account's own.
/// `Err` is the page to show instead: the refusal, or an admin's choice of jurisdiction.
pub async fn jurisdiction_of(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    asked: Option<&str>,
) -> Result<String, Response> {
    let chosen = asked
        .filter(|j| !j.is_empty())
        .map(str::to_owned)
        .or_else(|| desk.jurisdiction());
    match chosen {
        Some(jurisdiction) if desk.in_jurisdiction(&jurisdiction) => Ok(jurisdiction),
        Some(_) => Err(forbidden(&desk.ctx)),
        None => {
            let response = desk
                .run(state, schema, "staff_jurisdictions", json!({}))
                .await;
            if !response.errors.is_empty() {
                return Err(failed(&desk.ctx, &response));
            }
            Err(page(
                &desk.ctx,
                StatusCode::OK,
                "staff_choose.html",
                desk.ctx.time_zone,
                minijinja::context! {
                    nav => "staff",
                    jurisdictions => value(&data(&response)["jurisdictions"]["nodes"]),
                    return_to => desk.ctx.path.split('?').next().unwrap_or("/staff"),
                },
            ))
        }
    }
}

/// Refuses a staff form on a row of another jurisdiction before anything else is read or
/// checked, so such a post gets the 403 page whatever it holds. A row that does not exist is
/// left to the form's own handling (the API says it is gone).
pub async fn own_row(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    id: &str,
) -> Result<(), Response> {
    let response = desk
        .run(state, schema, "staff_scope", json!({ "id": id }))
        .await;
    let found = data(&response);
    let node = &found["node"];
    let node = if node["__typename"] == "Concern" {
        &node["subject"]
    } else {
        node
    };
    let jurisdiction = [
        "/jurisdiction/id",
        "/agency/jurisdiction/id",
        "/body/jurisdiction/id",
        "/meeting/body/jurisdiction/id",
    ]
    .iter()
    .find_map(|at| node.pointer(at).and_then(Json::as_str));
    match jurisdiction {
        Some(jurisdiction) if !desk.in_jurisdiction(jurisdiction) => Err(forbidden(&desk.ctx)),
        _ => Ok(()),
    }
}

/// The breadcrumbs of pages below `/staff`.
pub fn crumbs(desk: &AtDesk, jurisdiction: &str) -> Json {
    json!([{
        "href": with_jurisdiction(desk, "/staff", jurisdiction),
        "label": desk.ctx.catalogue.text("desk-staff", &[]),
    }])
}

/// `path` carrying `jurisdiction` for an admin (staff have only their own).
pub fn with_jurisdiction(desk: &AtDesk, path: &str, jurisdiction: &str) -> String {
    if desk.jurisdiction().as_deref() == Some(jurisdiction) {
        path.to_owned()
    } else {
        let joiner = if path.contains('?') { '&' } else { '?' };
        format!("{path}{joiner}jurisdiction={jurisdiction}")
    }
}

/// `GET /staff`.
#[handler]
pub async fn home(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<DeskQuery>,
) -> Response {
    let desk = staff_desk!(state, req, jar);
    let jurisdiction =
        or_page!(jurisdiction_of(&state, &schema, &desk, query.jurisdiction.as_deref()).await);
    let flash = done_message(&desk, query.done.as_deref());
    show_home(
        &state,
        &schema,
        &desk,
        &jurisdiction,
        Outcome {
            flash,
            ..Outcome::default()
        },
    )
    .await
}

async fn show_home(
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
            "staff_home",
            json!({ "jurisdictionId": jurisdiction, "from": state.clock.now() - chrono::TimeDelta::days(1) }),
        )
        .await;
    if !response.errors.is_empty() {
        return failed(&desk.ctx, &response);
    }
    let found = data(&response);
    if found["jurisdiction"]["__typename"] != "Jurisdiction" {
        return not_found(&desk.ctx);
    }
    let tz = zone_of(&found["jurisdiction"]);
    page(
        &desk.ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "staff_home.html",
        tz,
        minijinja::context! {
            nav => "staff",
            j => value(&found["jurisdiction"]),
            meetings => value(&found["meetings"]["nodes"]),
            q => with_jurisdiction(desk, "", jurisdiction),
            errors => value(&outcome.errors),
            form => value(&outcome.form),
            flash => outcome.flash,
        },
    )
}

/// `POST /staff/bodies/{id}/lead-times`: the days before a meeting each digest goes out,
/// written "7, 2" in field `lead-{id}`; empty goes back to the service's default.
#[handler]
pub async fn lead_times(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(body): Path<String>,
    Query(query): Query<DeskQuery>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = staff_desk!(state, req, jar);
    if let Err(refused) = own_row(&state, &schema, &desk, &body).await {
        return refused;
    }
    let jurisdiction =
        or_page!(jurisdiction_of(&state, &schema, &desk, query.jurisdiction.as_deref()).await);
    let input = format!("lead-{body}");
    let days: Result<Option<Vec<i64>>, _> = match field(&form, &input) {
        None => Ok(None),
        Some(raw) => raw
            .split([',', ' '])
            .filter(|d| !d.is_empty())
            .map(|d| d.parse::<i64>())
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
    };
    let result = match days {
        Ok(days) => {
            desk.mutate(
                &state,
                &schema,
                &form,
                "staff_lead_times",
                json!({ "body": body, "days": days }),
            )
            .await
        }
        Err(_) => Err(Refused::field(&desk.ctx, &input, "staff-error-lead-days")),
    };
    match result {
        Ok(_) => see_other(&with_jurisdiction(
            &desk,
            "/staff?done=lead-times",
            &jurisdiction,
        )),
        Err(refused) if refused.forbidden() => forbidden(&desk.ctx),
        Err(refused) => {
            let errors = refused
                .errors
                .into_iter()
                .map(|mut e| {
                    e.field = input.clone();
                    e
                })
                .collect();
            let mut kept = FormFields::new();
            kept.insert(input.clone(), form.get(&input).cloned().unwrap_or_default());
            show_home(
                &state,
                &schema,
                &desk,
                &jurisdiction,
                Outcome {
                    errors,
                    form: kept,
                    status: Some(refused.status),
                    flash: None,
                },
            )
            .await
        }
    }
}

/// `GET /staff/meetings/new`.
#[handler]
pub async fn new_meeting_form(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<DeskQuery>,
) -> Response {
    let desk = staff_desk!(state, req, jar);
    let jurisdiction =
        or_page!(jurisdiction_of(&state, &schema, &desk, query.jurisdiction.as_deref()).await);
    let mut form = FormFields::new();
    form.insert("status".to_owned(), "SCHEDULED".to_owned());
    show_new_meeting(
        &state,
        &schema,
        &desk,
        &jurisdiction,
        Outcome {
            form,
            ..Outcome::default()
        },
    )
    .await
}

async fn show_new_meeting(
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
            "staff_jurisdiction",
            json!({ "jurisdiction": jurisdiction }),
        )
        .await;
    if !response.errors.is_empty() {
        return failed(&desk.ctx, &response);
    }
    let found = data(&response);
    let tz = zone_of(&found["jurisdiction"]);
    page(
        &desk.ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "staff_meeting_new.html",
        tz,
        minijinja::context! {
            nav => "staff",
            j => value(&found["jurisdiction"]),
            statuses => value(MEETING_STATUSES),
            q => with_jurisdiction(desk, "", jurisdiction),
            breadcrumbs => value(crumbs(desk, jurisdiction)),
            errors => value(&outcome.errors),
            form => value(&outcome.form),
        },
    )
}

/// The `MeetingInput` of a meeting form, its start read in `tz`.
fn meeting_input(desk: &AtDesk, form: &FormFields, tz: Tz) -> Result<Json, Refused> {
    let Some(starts) = field(form, "startsAt").and_then(|raw| local_instant(raw, tz)) else {
        return Err(Refused::field(&desk.ctx, "startsAt", "staff-error-starts"));
    };
    let status = field(form, "status").unwrap_or("SCHEDULED");
    if !MEETING_STATUSES.contains(&status) {
        return Err(Refused::field(&desk.ctx, "status", "error-choose-one"));
    }
    Ok(json!({
        "startsAt": starts,
        "location": field(form, "location"),
        "agendaUrl": field(form, "agendaUrl"),
        "status": status,
    }))
}

/// `POST /staff/meetings/new`.
#[handler]
pub async fn create_meeting(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<DeskQuery>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = staff_desk!(state, req, jar);
    let jurisdiction =
        or_page!(jurisdiction_of(&state, &schema, &desk, query.jurisdiction.as_deref()).await);
    let tz = zone_of(&jurisdiction_facts(&state, &schema, &desk, &jurisdiction).await);
    let result = match meeting_input(&desk, &form, tz) {
        Ok(mut input) => {
            input["bodyId"] = json!(field(&form, "bodyId"));
            desk.mutate(
                &state,
                &schema,
                &form,
                "staff_meeting_save",
                json!({ "input": input }),
            )
            .await
        }
        Err(refused) => Err(refused),
    };
    match result {
        Ok(saved) => match saved["saveMeeting"]["id"].as_str() {
            Some(id) => see_other(&format!("/staff/meetings/{id}?done=meeting")),
            None => see_other("/staff"),
        },
        Err(refused) if refused.forbidden() => forbidden(&desk.ctx),
        Err(refused) => {
            show_new_meeting(
                &state,
                &schema,
                &desk,
                &jurisdiction,
                Outcome::refused(refused, form),
            )
            .await
        }
    }
}

/// A jurisdiction (a global id) as staff forms need it: time zone, agencies and bodies.
pub async fn jurisdiction_facts(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    jurisdiction: &str,
) -> Json {
    let response = desk
        .run(
            state,
            schema,
            "staff_jurisdiction",
            json!({ "jurisdiction": jurisdiction }),
        )
        .await;
    data(&response)["jurisdiction"].clone()
}

/// What a meeting's desk shows besides the meeting.
#[derive(Default)]
struct MeetingExtras {
    outcome: Outcome,
    /// Which form the errors belong to: `move` or `item`.
    failed_form: Option<&'static str>,
    /// The meeting as saved by someone else, when a move was refused as a conflict.
    conflict: bool,
    /// The picker's results for the new item's contract or solicitation.
    picks: Option<Json>,
}

/// `GET /staff/meetings/{id}`.
#[handler]
pub async fn meeting_desk(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
    Query(query): Query<DeskQuery>,
) -> Response {
    let desk = staff_desk!(state, req, jar);
    let flash = done_message(&desk, query.done.as_deref());
    show_meeting(
        &state,
        &schema,
        &desk,
        &id,
        MeetingExtras {
            outcome: Outcome {
                flash,
                ..Outcome::default()
            },
            ..MeetingExtras::default()
        },
    )
    .await
}

/// The meeting's data, or the page to show instead (not found, refused).
async fn load_meeting(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    id: &str,
) -> Result<Json, Response> {
    let response = desk
        .run(state, schema, "staff_meeting", json!({ "id": id }))
        .await;
    if !response.errors.is_empty() {
        return Err(match error_code(&response).as_deref() {
            Some("FORBIDDEN") => forbidden(&desk.ctx),
            _ => failed(&desk.ctx, &response),
        });
    }
    let found = data(&response);
    let jurisdiction = found["meeting"]["body"]["jurisdiction"]["id"]
        .as_str()
        .unwrap_or_default();
    if !desk.in_jurisdiction(jurisdiction) {
        return Err(forbidden(&desk.ctx));
    }
    Ok(found)
}

async fn show_meeting(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    id: &str,
    extras: MeetingExtras,
) -> Response {
    let found = or_page!(load_meeting(state, schema, desk, id).await);
    let meeting = &found["meeting"];
    let tz = zone_of(&meeting["body"]["jurisdiction"]);
    let jurisdiction = meeting["body"]["jurisdiction"]["id"]
        .as_str()
        .unwrap_or_default();
    // Suggestions for the items that decide something but are not linked yet.
    let mut items = Vec::new();
    for item in meeting["agendaItems"].as_array().into_iter().flatten() {
        let mut shown = item.clone();
        if item["subject"].is_null() && item["action"] != "OTHER" {
            let response = desk
                .run(
                    state,
                    schema,
                    "staff_link_suggestions",
                    json!({ "id": item["id"] }),
                )
                .await;
            shown["suggestions"] = data(&response)["agendaItemLinkSuggestions"].clone();
        }
        items.push(shown);
    }
    let mut form = extras.outcome.form.clone();
    // A refused move keeps what was typed; after a conflict the form then carries the new
    // version, so saving again is a choice made with both versions in view.
    let move_form = if extras.failed_form == Some("move") {
        form.clone()
    } else {
        let mut current = FormFields::new();
        current.insert(
            "startsAt".to_owned(),
            local_value(meeting["startsAt"].as_str(), tz),
        );
        for (key, name) in [("location", "location"), ("agendaUrl", "agendaUrl")] {
            current.insert(
                key.to_owned(),
                meeting[name].as_str().unwrap_or_default().to_owned(),
            );
        }
        current.insert(
            "status".to_owned(),
            meeting["status"].as_str().unwrap_or_default().to_owned(),
        );
        current
    };
    if extras.failed_form != Some("item") {
        form = FormFields::new();
    }
    page(
        &desk.ctx,
        extras.outcome.status.unwrap_or(StatusCode::OK),
        "staff_meeting.html",
        tz,
        minijinja::context! {
            nav => "staff",
            m => value(meeting),
            items => value(items),
            digests => value(&found["meetingDigestStatus"]),
            actions => value(ACTIONS),
            statuses => value(MEETING_STATUSES),
            move_form => value(move_form),
            yours => value(if extras.conflict { Some(&extras.outcome.form) } else { None }),
            conflict => extras.conflict,
            item_form => value(form),
            picks => value(extras.picks),
            failed_form => extras.failed_form,
            breadcrumbs => value(crumbs(desk, jurisdiction)),
            errors => value(&extras.outcome.errors),
            flash => extras.outcome.flash,
        },
    )
}

/// `POST /staff/meetings/{id}`: moves the meeting, or changes its place, agenda address or
/// status. Refused as a conflict when someone saved it since the form was opened.
#[handler]
pub async fn save_meeting(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = staff_desk!(state, req, jar);
    let found = or_page!(load_meeting(&state, &schema, &desk, &id).await);
    let tz = zone_of(&found["meeting"]["body"]["jurisdiction"]);
    let result = match meeting_input(&desk, &form, tz) {
        Ok(mut input) => {
            input["meetingId"] = json!(id);
            input["expectedVersion"] = json!(field(&form, "version"));
            desk.mutate(
                &state,
                &schema,
                &form,
                "staff_meeting_save",
                json!({ "input": input }),
            )
            .await
        }
        Err(refused) => Err(refused),
    };
    match result {
        Ok(_) => see_other(&format!("/staff/meetings/{id}?done=moved")),
        Err(refused) if refused.forbidden() => forbidden(&desk.ctx),
        Err(refused) => {
            let conflict = refused.code.as_deref() == Some("CONFLICT");
            show_meeting(
                &state,
                &schema,
                &desk,
                &id,
                MeetingExtras {
                    outcome: Outcome::refused(refused, form),
                    failed_form: Some("move"),
                    conflict,
                    picks: None,
                },
            )
            .await
        }
    }
}

/// The kind of a picked row from its global id: `contractId` or `solicitationId`.
fn subject_field(picked: &str) -> Option<&'static str> {
    match GlobalId::parse(picked, "subject").ok()?.kind {
        NodeKind::Contract => Some("contractId"),
        NodeKind::Solicitation => Some("solicitationId"),
        _ => None,
    }
}

/// Runs a picker: rows of `kinds` matching `typed` (of `jurisdiction`, when given).
pub async fn pick(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    typed: &str,
    kinds: &[&str],
    jurisdiction: Option<&str>,
) -> Json {
    let response = desk
        .run(
            state,
            schema,
            "staff_pick",
            json!({ "q": typed, "kinds": kinds, "jurisdiction": jurisdiction }),
        )
        .await;
    let picks: Vec<Json> = data(&response)["search"]["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|edge| edge["node"].clone())
        .filter(|node| node["node"]["id"].is_string())
        .collect();
    json!(picks)
}

/// `POST /staff/meetings/{id}/items`: adds an agenda item. With `find`, runs the picker for
/// its contract or solicitation instead and shows the form again with the results.
#[handler]
pub async fn add_item(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(id): Path<String>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = staff_desk!(state, req, jar);
    let found = or_page!(load_meeting(&state, &schema, &desk, &id).await);
    let jurisdiction = found["meeting"]["body"]["jurisdiction"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let item_failed = |refused: Refused, picks: Option<Json>| MeetingExtras {
        outcome: Outcome::refused(refused, form.clone()),
        failed_form: Some("item"),
        conflict: false,
        picks,
    };
    if form.contains_key("find") {
        let typed = field(&form, "find_text").unwrap_or_default();
        if typed.is_empty() {
            let refused = Refused::field(&desk.ctx, "find_text", "staff-error-find-empty");
            return show_meeting(&state, &schema, &desk, &id, item_failed(refused, None)).await;
        }
        let picks = pick(
            &state,
            &schema,
            &desk,
            typed,
            &["CONTRACT", "SOLICITATION"],
            Some(&jurisdiction),
        )
        .await;
        let extras = MeetingExtras {
            outcome: Outcome {
                form: form.clone(),
                ..Outcome::default()
            },
            failed_form: Some("item"),
            conflict: false,
            picks: Some(picks),
        };
        return show_meeting(&state, &schema, &desk, &id, extras).await;
    }
    let action = field(&form, "action").unwrap_or_default();
    if !ACTIONS.contains(&action) {
        let refused = Refused::field(&desk.ctx, "action", "error-choose-one");
        return show_meeting(&state, &schema, &desk, &id, item_failed(refused, None)).await;
    }
    let mut input = json!({
        "meetingId": id,
        "itemNumber": form.get("itemNumber").cloned().unwrap_or_default(),
        "title": form.get("title").cloned().unwrap_or_default(),
        "action": action,
    });
    if let Some(picked) = field(&form, "subject").filter(|p| *p != "none") {
        match subject_field(picked) {
            Some(name) => input[name] = json!(picked),
            None => {
                let refused = Refused::field(&desk.ctx, "find_text", "error-choose-one");
                return show_meeting(&state, &schema, &desk, &id, item_failed(refused, None)).await;
            }
        }
    }
    match desk
        .mutate(
            &state,
            &schema,
            &form,
            "staff_agenda_item_save",
            json!({ "input": input }),
        )
        .await
    {
        Ok(_) => see_other(&format!("/staff/meetings/{id}?done=item#add-item")),
        Err(refused) if refused.forbidden() => forbidden(&desk.ctx),
        Err(refused) => show_meeting(&state, &schema, &desk, &id, item_failed(refused, None)).await,
    }
}

/// `POST /staff/agenda-items/{id}/link`: confirms a suggested contract; back to the meeting.
#[handler]
pub async fn link_item(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(item): Path<String>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = staff_desk!(state, req, jar);
    if let Err(refused) = own_row(&state, &schema, &desk, &item).await {
        return refused;
    }
    let back = field(&form, "return_to")
        .and_then(local_path)
        .unwrap_or("/staff")
        .to_owned();
    let result = desk
        .mutate(
            &state,
            &schema,
            &form,
            "staff_agenda_item_link",
            json!({ "input": { "agendaItemId": item, "contractId": field(&form, "contractId") } }),
        )
        .await;
    match result {
        Ok(_) => see_other(&format!("{back}?done=linked")),
        Err(refused) if refused.forbidden() => forbidden(&desk.ctx),
        Err(refused) => error_page(&desk, refused, &back),
    }
}

/// A refused one-button form (nothing typed to keep): the error page with a way back.
pub fn error_page(desk: &AtDesk, refused: Refused, back: &str) -> Response {
    let message = refused
        .errors
        .first()
        .map(|e| e.message.clone())
        .unwrap_or_default();
    page(
        &desk.ctx,
        refused.status,
        "error.html",
        desk.ctx.time_zone,
        minijinja::context! {
            heading => desk.ctx.catalogue.text("staff-refused-title", &[]),
            message => message,
            back => back,
        },
    )
}

/// `POST /staff/officials/{id}/resend-confirmation`: a fresh link to the official's contact
/// address; back to the page the button was on.
#[handler]
pub async fn resend_confirmation(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(official): Path<String>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = staff_desk!(state, req, jar);
    if let Err(refused) = own_row(&state, &schema, &desk, &official).await {
        return refused;
    }
    let back = field(&form, "return_to")
        .and_then(local_path)
        .unwrap_or("/staff")
        .to_owned();
    match desk
        .mutate(
            &state,
            &schema,
            &form,
            "staff_resend_confirmation",
            json!({ "official": official }),
        )
        .await
    {
        Ok(_) => see_other(&format!("{back}?done=resent")),
        Err(refused) if refused.forbidden() => forbidden(&desk.ctx),
        Err(refused) => error_page(&desk, refused, &back),
    }
}

/// The roll call's item, or the page to show instead.
async fn load_roll_call(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    item: &str,
) -> Result<Json, Response> {
    let response = desk
        .run(state, schema, "staff_roll_call", json!({ "id": item }))
        .await;
    if !response.errors.is_empty() {
        return Err(failed(&desk.ctx, &response));
    }
    let found = data(&response)["agendaItem"].clone();
    let jurisdiction = found["meeting"]["body"]["jurisdiction"]["id"]
        .as_str()
        .unwrap_or_default();
    if !desk.in_jurisdiction(jurisdiction) {
        return Err(forbidden(&desk.ctx));
    }
    Ok(found)
}

/// `GET /staff/agenda-items/{id}/roll-call`.
#[handler]
pub async fn roll_call_form(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(item): Path<String>,
) -> Response {
    let desk = staff_desk!(state, req, jar);
    let found = or_page!(load_roll_call(&state, &schema, &desk, &item).await);
    // Prefilled from the roll call recorded before, if any.
    let mut form = FormFields::new();
    for vote in found["rollCall"].as_array().into_iter().flatten() {
        if let (Some(official), Some(choice)) =
            (vote["official"]["id"].as_str(), vote["vote"].as_str())
        {
            form.insert(format!("vote-{official}"), choice.to_owned());
        }
    }
    if let Some(outcome) = found["outcome"].as_str().filter(|o| *o != "PENDING") {
        form.insert("outcome".to_owned(), outcome.to_owned());
    }
    show_roll_call(
        &desk,
        &found,
        Outcome {
            form,
            ..Outcome::default()
        },
    )
}

fn show_roll_call(desk: &AtDesk, item: &Json, outcome: Outcome) -> Response {
    let meeting = &item["meeting"];
    let tz = zone_of(&meeting["body"]["jurisdiction"]);
    let jurisdiction = meeting["body"]["jurisdiction"]["id"]
        .as_str()
        .unwrap_or_default();
    let mut crumbs = crumbs(desk, jurisdiction);
    if let Some(list) = crumbs.as_array_mut() {
        list.push(json!({
            "href": format!("/staff/meetings/{}", meeting["id"].as_str().unwrap_or_default()),
            "label": desk.ctx.catalogue.text("staff-meeting-crumb", &[]),
        }));
    }
    page(
        &desk.ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "staff_roll_call.html",
        tz,
        minijinja::context! {
            nav => "staff",
            item => value(item),
            members => value(seated(item)),
            outcomes => value(OUTCOMES),
            votes => value(VOTES),
            breadcrumbs => value(crumbs),
            errors => value(&outcome.errors),
            form => value(&outcome.form),
        },
    )
}

/// The members seated on the meeting's date, one row per official.
fn seated(item: &Json) -> Vec<Json> {
    let mut members: Vec<Json> = Vec::new();
    for seat in item["meeting"]["seatedMembers"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let official = &seat["official"];
        if !members.iter().any(|m| m["id"] == official["id"]) {
            members.push(official.clone());
        }
    }
    members
}

/// `POST /staff/agenda-items/{id}/roll-call`: the outcome and a vote for every seated member.
#[handler]
pub async fn record_roll_call(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(item): Path<String>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = staff_desk!(state, req, jar);
    let found = or_page!(load_roll_call(&state, &schema, &desk, &item).await);
    let outcome = field(&form, "outcome").unwrap_or_default();
    let refused = if OUTCOMES.contains(&outcome) {
        None
    } else {
        Some(Refused::field(&desk.ctx, "outcome", "staff-error-outcome"))
    };
    // Every `vote-{official}` field; the API names a member who has none, or is not seated.
    let mut votes = Vec::new();
    let mut bad_vote = None;
    for (name, choice) in &form {
        if let Some(official) = name.strip_prefix("vote-") {
            if VOTES.contains(&choice.as_str()) {
                votes.push(json!({ "officialId": official, "vote": choice }));
            } else if !choice.is_empty() {
                bad_vote = Some(name.clone());
            }
        }
    }
    let refused = refused
        .or_else(|| bad_vote.map(|name| Refused::field(&desk.ctx, &name, "error-choose-one")));
    let result = match refused {
        Some(refused) => Err(refused),
        None => {
            desk.mutate(
                &state,
                &schema,
                &form,
                "staff_record_votes",
                json!({ "input": {
                    "agendaItemId": item,
                    "outcome": outcome,
                    "votes": votes,
                    "reason": field(&form, "reason"),
                }}),
            )
            .await
        }
    };
    match result {
        Ok(_) => see_other(&format!(
            "/staff/meetings/{}?done=votes",
            found["meeting"]["id"].as_str().unwrap_or_default()
        )),
        Err(refused) if refused.forbidden() => forbidden(&desk.ctx),
        Err(refused) => {
            let errors = refused
                .errors
                .into_iter()
                .map(|mut e| {
                    if e.field == "votes" {
                        e.field = "roll-call".to_owned();
                    }
                    e
                })
                .collect::<Vec<FieldError>>();
            show_roll_call(
                &desk,
                &found,
                Outcome {
                    errors,
                    form,
                    status: Some(refused.status),
                    flash: None,
                },
            )
        }
    }
}

/// `GET /staff/meetings/{id}/digests/{official}/{days}`: the digest as it will be sent.
#[handler]
pub async fn digest_preview(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path((meeting, official, days)): Path<(String, String, i32)>,
) -> Response {
    let desk = staff_desk!(state, req, jar);
    preview_page(&state, &schema, &desk, &meeting, &official, days).await
}

/// A member's digest for `meeting`, `days` before it, as the page shows it: for staff (with the
/// way back to the meeting's desk) and for the official themself.
pub async fn preview_page(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    meeting: &str,
    official: &str,
    days: i32,
) -> Response {
    let staff = desk
        .user
        .official_id
        .map(|id| GlobalId::new(NodeKind::Official, id).encode())
        != Some(official.to_owned());
    let response = desk
        .run(
            state,
            schema,
            "staff_digest_preview",
            json!({ "official": official, "meeting": meeting, "lead": days }),
        )
        .await;
    if !response.errors.is_empty() {
        return match error_code(&response).as_deref() {
            Some("FORBIDDEN") => forbidden(&desk.ctx),
            _ => failed(&desk.ctx, &response),
        };
    }
    let found = data(&response);
    let jurisdiction = found["meeting"]["body"]["jurisdiction"]["id"]
        .as_str()
        .unwrap_or_default();
    if staff && !desk.in_jurisdiction(jurisdiction) {
        return forbidden(&desk.ctx);
    }
    let tz = zone_of(&found["meeting"]["body"]["jurisdiction"]);
    let (crumbs, back) = if staff {
        let mut crumbs = crumbs(desk, jurisdiction);
        if let Some(list) = crumbs.as_array_mut() {
            list.push(json!({
                "href": format!("/staff/meetings/{meeting}"),
                "label": desk.ctx.catalogue.text("staff-meeting-crumb", &[]),
            }));
        }
        (crumbs, format!("/staff/meetings/{meeting}"))
    } else {
        let crumbs = json!([{
            "href": "/my/official",
            "label": desk.ctx.catalogue.text("desk-official", &[]),
        }]);
        (crumbs, "/my/official".to_owned())
    };
    // The mail's HTML part, cleaned of anything a page must not run; what it says is unchanged.
    let html = ammonia::clean(
        found["officialDigestPreview"]["html"]
            .as_str()
            .unwrap_or_default(),
    );
    page(
        &desk.ctx,
        StatusCode::OK,
        "staff_digest_preview.html",
        tz,
        minijinja::context! {
            nav => "staff",
            preview => value(&found["officialDigestPreview"]),
            html => html,
            official => value(&found["official"]),
            m => value(&found["meeting"]),
            days => days,
            back => back,
            breadcrumbs => value(crumbs),
        },
    )
}
