//! The audit log as a page: `/staff/audit` shows a jurisdiction's edits to its staff, and
//! `/admin/audit` everything to admins. Both filter by the kind of row, one row, the change and
//! the person, and page 50 entries at a time, newest first.

use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::web::{Data, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;
use serde_json::{Value as Json, json};

use crate::domain::ids::GlobalId;
use crate::graphql::AppSchema;
use crate::state::AppState;
use crate::web::pages::desk::{AtDesk, Desk, or_page};
use crate::web::pages::staff::{crumbs, jurisdiction_of};
use crate::web::{data, form_errors, page, value};

/// The kinds of row the filter offers.
const TARGET_TYPES: &[&str] = &[
    "Agency",
    "Body",
    "Official",
    "OfficeTerm",
    "Vendor",
    "Solicitation",
    "Contract",
    "Meeting",
    "AgendaItem",
    "Concern",
    "Organization",
    "User",
    "Comment",
];

/// The filters, as the form sends them.
#[derive(Debug, Deserialize, Default, serde::Serialize)]
pub struct AuditQuery {
    jurisdiction: Option<String>,
    action: Option<String>,
    #[serde(rename = "targetType")]
    target_type: Option<String>,
    target: Option<String>,
    actor: Option<String>,
    after: Option<String>,
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// `GET /staff/audit`.
#[handler]
pub async fn staff_log(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<AuditQuery>,
) -> Response {
    let desk = or_page!(AtDesk::open(&state, req, jar, Desk::Staff).await);
    let jurisdiction =
        or_page!(jurisdiction_of(&state, &schema, &desk, query.jurisdiction.as_deref()).await);
    let crumbs = crumbs(&desk, &jurisdiction);
    show(
        &state,
        &schema,
        &desk,
        Some(jurisdiction),
        query,
        "/staff/audit",
        crumbs,
    )
    .await
}

/// `GET /admin/audit`.
#[handler]
pub async fn admin_log(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<AuditQuery>,
) -> Response {
    let desk = or_page!(AtDesk::open(&state, req, jar, Desk::Admin).await);
    let jurisdiction = non_empty(&query.jurisdiction).map(str::to_owned);
    let crumbs = json!([{ "href": "/admin", "label": desk.ctx.catalogue.text("desk-admin", &[]) }]);
    show(
        &state,
        &schema,
        &desk,
        jurisdiction,
        query,
        "/admin/audit",
        crumbs,
    )
    .await
}

async fn show(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    jurisdiction: Option<String>,
    query: AuditQuery,
    path: &str,
    breadcrumbs: Json,
) -> Response {
    let target_type = non_empty(&query.target_type).filter(|t| TARGET_TYPES.contains(t));
    let response = desk
        .run(
            state,
            schema,
            "audit_log",
            json!({
                "jurisdiction": jurisdiction,
                "action": non_empty(&query.action),
                "targetType": target_type,
                "target": non_empty(&query.target),
                "actor": non_empty(&query.actor),
                "after": non_empty(&query.after),
            }),
        )
        .await;
    // A filter the API cannot read (a mistyped row id) is that field's error.
    let errors = form_errors(&response, &desk.ctx)
        .into_iter()
        .map(|mut e| {
            e.field = match e.field.as_str() {
                "targetId" => "target".to_owned(),
                "actorId" => "actor".to_owned(),
                other => other.to_owned(),
            };
            e
        })
        .collect::<Vec<_>>();
    let found = data(&response);
    let entries: Vec<Json> = found["auditLog"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|entry| {
            let mut shown = entry.clone();
            if let Some(target) = entry["targetId"]
                .as_str()
                .and_then(|id| GlobalId::parse(id, "targetId").ok())
            {
                shown["href"] = json!(target.page_path());
            }
            shown
        })
        .collect();
    // The filters again, to carry into the next page's address.
    let mut carried = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("jurisdiction", non_empty(&query.jurisdiction)),
        ("action", non_empty(&query.action)),
        ("targetType", target_type),
        ("target", non_empty(&query.target)),
        ("actor", non_empty(&query.actor)),
    ] {
        if let Some(value) = value {
            carried.append_pair(name, value);
        }
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    page(
        &desk.ctx,
        status,
        "audit.html",
        desk.ctx.time_zone,
        minijinja::context! {
            nav => if path.starts_with("/admin") { "admin" } else { "staff" },
            path => path,
            entries => value(entries),
            page_info => value(&found["auditLog"]["pageInfo"]),
            pager_base => format!("{path}?{}&", carried.finish()),
            target_types => value(TARGET_TYPES),
            filter => value(&query),
            jurisdiction => jurisdiction,
            breadcrumbs => value(breadcrumbs),
            errors => value(errors),
        },
    )
}
