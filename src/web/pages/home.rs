//! The home page: what is up for a vote soon, by body and date; contracts whose renewal is
//! decided within 30, 90 or 180 days; newly open solicitations; outsourcing proposals.

use chrono_tz::Tz;
use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::web::{Data, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;
use serde_json::{Value as Json, json};

use crate::domain::ids::GlobalId;
use crate::graphql::AppSchema;
use crate::state::AppState;
use crate::web::session::WebContext;
use crate::web::{data, documents, failed, not_found, page, see_other};

/// The query string of `/`: `item` keeps the links of older mail working.
#[derive(Debug, Deserialize)]
pub struct HomeQuery {
    item: Option<String>,
    done: Option<String>,
    /// The jurisdiction picked (a global id); empty or absent for all.
    jurisdiction: Option<String>,
}

/// `GET /`, and any address no other route takes (the "not found" page).
#[handler]
pub async fn home(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<HomeQuery>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    if req.uri().path() != "/" {
        return not_found(&ctx);
    }
    if let Some(item) = query.item {
        // Mail sent before the web client had pages linked to `/?item=<id>`.
        return match GlobalId::parse(&item, "item") {
            Ok(id) if !id.page_path().starts_with("/?") => see_other(&id.page_path()),
            _ => not_found(&ctx),
        };
    }
    let picked = query.jurisdiction.filter(|id| !id.trim().is_empty());
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "home",
        json!({ "jurisdiction": picked }),
    )
    .await;
    if !response.errors.is_empty() {
        return failed(&ctx, &response);
    }
    let data = data(&response);
    let jurisdictions = data["jurisdictions"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    // Times in the picked jurisdiction's zone, else the first's.
    let shown = jurisdictions
        .iter()
        .find(|j| picked.as_deref().is_some_and(|id| j["id"] == id))
        .or(jurisdictions.first());
    let tz = shown
        .and_then(|j| j["timeZone"].as_str())
        .and_then(|zone| zone.parse().ok())
        .unwrap_or(Tz::UTC);
    let flash = match query.done.as_deref() {
        Some("signed-out") => Some(ctx.catalogue.text("done-signed-out", &[])),
        Some("deleted") => Some(ctx.catalogue.text("done-account-deleted", &[])),
        _ => None,
    };
    page(
        &ctx,
        StatusCode::OK,
        "home.html",
        tz,
        minijinja::context! {
            nav => "home",
            flash => flash,
            votes => crate::web::value(vote_groups(&data["upcomingVotes"]["nodes"])),
            renewals => crate::web::value(renewal_buckets(&data["renewals"]["nodes"])),
            open => crate::web::value(&data["open"]["nodes"]),
            outsourcing => crate::web::value(&data["outsourcing"]["nodes"]),
            jurisdictions => crate::web::value(&jurisdictions),
            jurisdiction => picked,
        },
    )
}

/// Upcoming items grouped by meeting, in meeting order.
fn vote_groups(items: &Json) -> Vec<Json> {
    let mut groups: Vec<Json> = Vec::new();
    for item in items.as_array().into_iter().flatten() {
        let meeting = &item["meeting"];
        match groups
            .iter_mut()
            .find(|group| group["meeting"] == meeting["id"])
        {
            Some(group) => {
                if let Some(list) = group["items"].as_array_mut() {
                    list.push(item.clone());
                }
            }
            None => groups.push(json!({
                "meeting": meeting["id"],
                "body": meeting["body"]["name"],
                "starts_at": meeting["startsAt"],
                "time_zone": meeting["body"]["jurisdiction"]["timeZone"],
                "items": [item],
            })),
        }
    }
    groups
}

/// Contracts by how soon their renewal is decided: within 30, 90 and 180 days.
fn renewal_buckets(contracts: &Json) -> Vec<Json> {
    let days_of = |contract: &Json| {
        contract["nextRenewalDecision"]["daysUntil"]
            .as_i64()
            .or_else(|| contract["daysUntilExpiry"].as_i64())
            .unwrap_or(i64::MAX)
    };
    let mut buckets = Vec::new();
    let mut lower = i64::MIN;
    for days in [30, 90, 180] {
        let within: Vec<&Json> = contracts
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| {
                let d = days_of(c);
                d > lower && d <= days
            })
            .collect();
        if !within.is_empty() {
            buckets.push(json!({ "days": days, "contracts": within }));
        }
        lower = days;
    }
    buckets
}
