//! The search page: words (full-text search) or, without words, browsing solicitations or
//! contracts by the API's filters. A plain GET form, so every result page has a URL to share.

use std::collections::HashMap;

use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::web::{Data, Query};
use poem::{Request, Response, handler};
use serde_json::{Map, Value as Json, json};

use crate::domain::labels::Label;
use crate::graphql::AppSchema;
use crate::state::AppState;
use crate::web::session::WebContext;
use crate::web::{FieldError, data, documents, failed, page, value};

const KINDS: &[&str] = &[
    "SOLICITATION",
    "CONTRACT",
    "VENDOR",
    "AGENCY",
    "AGENDA_ITEM",
];
const STATUSES: &[&str] = &[
    "PLANNED",
    "OPEN",
    "CLOSED",
    "UNDER_EVALUATION",
    "AWARDED",
    "CANCELLED",
];
const METHODS: &[&str] = &[
    "RFP",
    "RFQ",
    "IFB",
    "RFI",
    "SOLE_SOURCE",
    "EMERGENCY",
    "COOPERATIVE",
    "OTHER",
];

/// The red flags a contract can carry, as the API names them.
const CONTRACT_FLAGS: &[&str] = &[
    "PAST_MAX_EXTENT",
    "AMENDMENTS_OVER_SHARE",
    "NONCOMPETITIVE_ABOVE_THRESHOLD",
    "ENDING_WITHOUT_REPLACEMENT",
];

/// `GET /search?q=…&kind=…` and the filters.
#[handler]
pub async fn search(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    let param = |name: &str| params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let mut errors = Vec::new();
    let mut choice = |name: &str, allowed: &[&str]| match param(name) {
        Some(v) if allowed.contains(&v) => Some(v.to_owned()),
        Some(_) => {
            errors.push(FieldError {
                field: name.to_owned(),
                message: ctx.catalogue.text("error-choose-one", &[]),
            });
            None
        }
        None => None,
    };
    let kind = choice("kind", KINDS);
    let status = choice("status", STATUSES);
    let method = choice("method", METHODS);
    let label_keys: Vec<String> = Label::ALL.iter().map(|l| l.key().to_uppercase()).collect();
    let label_refs: Vec<&str> = label_keys.iter().map(String::as_str).collect();
    let label = choice("label", &label_refs);
    let flag = choice("flag", CONTRACT_FLAGS);
    let expiring = match param("expiring") {
        None => None,
        Some(days) => match days.parse::<i32>() {
            Ok(days) if (1..=3650).contains(&days) => Some(days),
            _ => {
                errors.push(FieldError {
                    field: "expiring".to_owned(),
                    message: ctx.catalogue.text("error-days", &[]),
                });
                None
            }
        },
    };
    // Bids due within this many days from now.
    let due = match param("due") {
        None => None,
        Some(days) => match days.parse::<i64>() {
            Ok(days) if (1..=365).contains(&days) => Some(days),
            _ => {
                errors.push(FieldError {
                    field: "due".to_owned(),
                    message: ctx.catalogue.text("error-days-due", &[]),
                });
                None
            }
        },
    };
    let category = param("category").map(str::to_owned);
    let jurisdiction = param("jurisdiction").map(str::to_owned);
    let words = param("q").map(str::to_owned);
    let after = param("after").map(str::to_owned);
    let agency = param("agency").map(str::to_owned);
    let (document, variables) = match (&words, kind.as_deref()) {
        (Some(q), kind) => (
            "search",
            json!({ "q": q, "kinds": kind.map(|k| vec![k]), "jurisdiction": jurisdiction, "after": after }),
        ),
        (None, Some("CONTRACT")) => {
            let mut filter = Map::new();
            filter.insert("agencyId".into(), json!(agency));
            filter.insert("expiringWithinDays".into(), json!(expiring));
            filter.insert("jurisdictionId".into(), json!(jurisdiction));
            filter.insert("redFlag".into(), json!(flag));
            (
                "browse_contracts",
                json!({ "filter": filter, "after": after }),
            )
        }
        (None, _) => {
            let mut filter = Map::new();
            filter.insert("agencyId".into(), json!(agency));
            filter.insert("status".into(), json!(status.as_ref().map(|s| vec![s])));
            filter.insert("method".into(), json!(method.as_ref().map(|m| vec![m])));
            filter.insert("label".into(), json!(label.as_ref().map(|l| vec![l])));
            filter.insert("categoryCode".into(), json!(category));
            filter.insert("jurisdictionId".into(), json!(jurisdiction));
            if let Some(days) = due {
                let now = state.clock.now();
                filter.insert("bidsDueAfter".into(), json!(now));
                filter.insert(
                    "bidsDueBefore".into(),
                    json!(now + chrono::TimeDelta::days(days)),
                );
            }
            (
                "browse_solicitations",
                json!({ "filter": filter, "after": after }),
            )
        }
    };
    let response =
        documents::run(&state, &schema, &ctx.viewer, &ctx.meta, document, variables).await;
    let mut data = data(&response);
    if !response.errors.is_empty() {
        // A filter value the API refused (an unknown agency id): say so on the form.
        let refused = crate::web::form_errors(&response, &ctx);
        if refused.iter().all(|e| e.field.is_empty())
            && crate::web::error_code(&response).as_deref() != Some("BAD_USER_INPUT")
        {
            return failed(&ctx, &response);
        }
        errors.extend(refused.into_iter().map(|mut e| {
            match e.field.as_str() {
                "agencyId" => "agency".clone_into(&mut e.field),
                "jurisdictionId" => "jurisdiction".clone_into(&mut e.field),
                "categoryCode" => "category".clone_into(&mut e.field),
                _ => {}
            }
            e
        }));
        data = Json::Null;
    }
    let query_string: String = params
        .iter()
        .filter(|(name, value)| name.as_str() != "after" && !value.trim().is_empty())
        .map(|(name, value)| {
            url::form_urlencoded::Serializer::new(String::new())
                .append_pair(name, value)
                .finish()
        })
        .collect::<Vec<_>>()
        .join("&");
    let status_code = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    page(
        &ctx,
        status_code,
        "search.html",
        ctx.time_zone,
        minijinja::context! {
            nav => "search",
            q => words,
            kind => kind,
            params => value(&params),
            mode => document,
            results => value(&data),
            errors => value(&errors),
            next_base => format!("/search?{query_string}&"),
            kinds => value(KINDS),
            statuses => value(STATUSES),
            methods => value(METHODS),
            labels => label_keys,
            flags => value(CONTRACT_FLAGS),
        },
    )
}
