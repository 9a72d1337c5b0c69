//! The admin desk (`/admin`): find an account by its email address, give it a role (staff with
//! their jurisdiction), link it to the official it speaks for, and verify organisations or
//! withdraw their badge, each with a reason the audit log keeps. The whole audit log is at
//! `/admin/audit` ([`super::audit`]).

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

/// The roles an admin gives.
const ROLES: &[&str] = &["RESIDENT", "STAFF", "MODERATOR", "ADMIN"];

macro_rules! admin_desk {
    ($state:expr, $req:expr, $jar:expr) => {
        or_page!(AtDesk::open(&$state, $req, $jar, Desk::Admin).await)
    };
}

/// The query string of the admin desk.
#[derive(Debug, Deserialize, Default)]
pub struct AdminQuery {
    /// The address to look up.
    email: Option<String>,
    done: Option<String>,
}

/// `GET /admin`.
#[handler]
pub async fn home(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<AdminQuery>,
) -> Response {
    let desk = admin_desk!(state, req, jar);
    let flash = match query.done.as_deref() {
        Some(done @ ("role" | "official" | "verified" | "unverified")) => {
            Some(desk.ctx.catalogue.text(&format!("admin-done-{done}"), &[]))
        }
        _ => None,
    };
    let mut form = FormFields::new();
    if let Some(email) = &query.email {
        form.insert("email".to_owned(), email.clone());
    }
    show(
        &state,
        &schema,
        &desk,
        query.email.as_deref(),
        Outcome {
            flash,
            form,
            ..Outcome::default()
        },
    )
    .await
}

async fn show(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    email: Option<&str>,
    outcome: Outcome,
) -> Response {
    let email = email.map(str::trim).filter(|e| !e.is_empty());
    let response = desk
        .run(
            state,
            schema,
            "admin_home",
            json!({ "email": email.unwrap_or(""), "lookup": email.is_some() }),
        )
        .await;
    let mut errors = outcome.errors;
    // A malformed address is the search field's error, not a failed page.
    let lookup_refused = email.is_some() && !response.errors.is_empty();
    if lookup_refused {
        errors.extend(
            crate::web::form_errors(&response, &desk.ctx)
                .into_iter()
                .map(|mut e| {
                    e.field = "email".to_owned();
                    e
                }),
        );
    } else if !response.errors.is_empty() {
        return failed(&desk.ctx, &response);
    }
    let found = if lookup_refused {
        desk.run(
            state,
            schema,
            "admin_home",
            json!({ "email": "", "lookup": false }),
        )
        .await
    } else {
        response
    };
    let found = data(&found);
    let mut organizations: Vec<serde_json::Value> = found["organizations"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    // Those waiting for a check first.
    organizations.sort_by_key(|o| o["verified"].as_bool().unwrap_or(false));
    page(
        &desk.ctx,
        outcome.status.unwrap_or(if lookup_refused {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        }),
        "admin.html",
        desk.ctx.time_zone,
        minijinja::context! {
            nav => "admin",
            looked_up => email.is_some() && !lookup_refused,
            email => email,
            user => value(&found["userByEmail"]),
            jurisdictions => value(&found["jurisdictions"]["nodes"]),
            officials => value(&found["officials"]["nodes"]),
            organizations => value(organizations),
            roles => value(ROLES),
            errors => value(&errors),
            form => value(&outcome.form),
            flash => outcome.flash,
        },
    )
}

/// Shows the desk again after a refused form, looking the account up again by `email`.
async fn refused_page(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    refused: Refused,
    form: FormFields,
    rename: &[(&str, &str)],
) -> Response {
    if refused.forbidden() {
        return forbidden(&desk.ctx);
    }
    let errors = refused
        .errors
        .into_iter()
        .map(|mut e| {
            if let Some((_, to)) = rename.iter().find(|(from, _)| *from == e.field) {
                e.field = (*to).to_owned();
            }
            e
        })
        .collect();
    let email = form.get("email").cloned();
    show(
        state,
        schema,
        desk,
        email.as_deref(),
        Outcome {
            errors,
            form,
            status: Some(refused.status),
            flash: None,
        },
    )
    .await
}

/// Back to the desk with the account still shown.
fn back(form: &FormFields, done: &str) -> Response {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("done", done);
    if let Some(email) = field(form, "email") {
        query.append_pair("email", email);
    }
    see_other(&format!("/admin?{}", query.finish()))
}

/// `POST /admin/users/{id}/role`.
#[handler]
pub async fn set_role(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(user): Path<String>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = admin_desk!(state, req, jar);
    let role = field(&form, "role").unwrap_or_default();
    let result = if ROLES.contains(&role) {
        let jurisdiction = if role == "STAFF" {
            field(&form, "jurisdictionId")
        } else {
            None
        };
        desk.mutate(
            &state,
            &schema,
            &form,
            "admin_set_role",
            json!({ "input": {
                "userId": user,
                "role": role,
                "jurisdictionId": jurisdiction,
                "reason": field(&form, "roleReason"),
            }}),
        )
        .await
    } else {
        Err(Refused::field(&desk.ctx, "role", "error-choose-one"))
    };
    match result {
        Ok(_) => back(&form, "role"),
        Err(refused) => {
            refused_page(
                &state,
                &schema,
                &desk,
                refused,
                form,
                &[("reason", "roleReason"), ("", "role")],
            )
            .await
        }
    }
}

/// `POST /admin/users/{id}/official`: links the account to an official, or unlinks it.
#[handler]
pub async fn link_official(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(user): Path<String>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = admin_desk!(state, req, jar);
    let result = desk
        .mutate(
            &state,
            &schema,
            &form,
            "admin_link_official",
            json!({ "input": {
                "userId": user,
                "officialId": field(&form, "officialId"),
                "reason": field(&form, "officialReason"),
            }}),
        )
        .await;
    match result {
        Ok(_) => back(&form, "official"),
        Err(refused) => {
            refused_page(
                &state,
                &schema,
                &desk,
                refused,
                form,
                &[("reason", "officialReason"), ("", "officialId")],
            )
            .await
        }
    }
}

/// `POST /admin/organizations/{id}/verify`: `verified` is `yes` or `no`; the reason is kept in
/// the audit log (required to withdraw a badge).
#[handler]
pub async fn verify(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(organization): Path<String>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = admin_desk!(state, req, jar);
    let verified = field(&form, "verified") != Some("no");
    let reason_id = format!("verify-reason-{organization}");
    let result = desk
        .mutate(
            &state,
            &schema,
            &form,
            "admin_verify",
            json!({ "input": {
                "organizationId": organization,
                "verified": verified,
                "reason": field(&form, &reason_id),
            }}),
        )
        .await;
    match result {
        Ok(_) => back(&form, if verified { "verified" } else { "unverified" }),
        Err(refused) => {
            refused_page(
                &state,
                &schema,
                &desk,
                refused,
                form,
                &[("reason", reason_id.as_str()), ("", reason_id.as_str())],
            )
            .await
        }
    }
}
