//! The staff desk's registry: agencies, bodies, officials (with their terms), vendors (with their
//! external identifiers), solicitations (with category codes, labels, the in-house baseline,
//! documents and addenda) and contracts (with renewal options, exercising one, and amendments).
//!
//! - `/staff/registry`: the jurisdiction's agencies, bodies and officials, its latest
//!   solicitations and contracts, and a search for any row.
//! - `/staff/registry/{kind}/new`: a new row; "save and add another" comes back to an empty
//!   form.
//! - `/staff/registry/{kind}/{id}`: the row's form, filled from the row as it is. A save over a
//!   row someone changed since the form was opened is refused and both versions are shown.
//! - `/staff/registry/{kind}/{id}/archive`, and the forms below a row (`terms`, `documents`,
//!   `options`, `options/{option}/exercise`, `amendments`). Nothing is deleted from here.
//!
//! Each kind is described once ([`Kind`]): its fields, where each is read from in the row, and
//! how each is typed in; the form, its prefill and the mutation's input all come from that.

use chrono_tz::Tz;
use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::web::{Data, Form, Path, Query};
use poem::{Request, Response, handler};
use serde_json::{Map, Value as Json, json};

use crate::graphql::AppSchema;
use crate::state::AppState;
use crate::web::pages::desk::{
    AtDesk, Desk, Refused, forbidden, local_instant, local_value, or_page, zone_of,
};
use crate::web::pages::staff::{
    DeskQuery, crumbs, done_message, jurisdiction_facts, jurisdiction_of, pick, with_jurisdiction,
};
use crate::web::pages::subjects::Outcome;
use crate::web::pages::{FormFields, field};
use crate::web::{FieldError, data, failed, not_found, page, see_other, value};

/// How a field is typed in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Input {
    Text,
    LongText,
    Email,
    /// A calendar day, `YYYY-MM-DD`.
    Date,
    /// A local day and time in the jurisdiction's zone.
    When,
    /// A decimal amount of money, as typed.
    Amount,
    /// A decimal number (positions).
    Number,
    /// One of the values, each labelled by the catalogue id `prefix` + value in lower case.
    Choice(&'static [&'static str], &'static str),
    /// The labels, one checkbox each.
    Labels,
    /// One of the jurisdiction's agencies.
    Agency,
    /// A row found by searching (the search kind), chosen from the results.
    Pick(&'static str),
    /// External identifiers, one `SCHEME identifier` per line.
    Identifiers,
    /// Category codes, one `SCHEME code description` per line.
    Categories,
}

/// One field of a kind's form.
#[derive(Debug)]
struct Field {
    /// The form's field, and the mutation input's (labels' fields go into `labels`).
    name: &'static str,
    /// The catalogue id of its label.
    label: &'static str,
    input: Input,
    required: bool,
    /// Set when the row is made, fixed afterwards.
    create_only: bool,
    /// Where its value is in the row as the read document returns it (a JSON pointer).
    from: &'static str,
}

const fn f(
    name: &'static str,
    label: &'static str,
    input: Input,
    required: bool,
    from: &'static str,
) -> Field {
    Field {
        name,
        label,
        input,
        required,
        create_only: false,
        from,
    }
}

const fn fixed(name: &'static str, label: &'static str, input: Input, from: &'static str) -> Field {
    Field {
        name,
        label,
        input,
        required: true,
        create_only: true,
        from,
    }
}

/// A kind of registry row.
#[derive(Debug)]
struct Kind {
    /// The address's segment, `/staff/registry/{segment}/…`.
    segment: &'static str,
    /// The catalogue id naming one row of the kind.
    title: &'static str,
    /// The GraphQL type.
    typename: &'static str,
    /// The input's id field when updating.
    id_field: &'static str,
    /// The read and save documents' names end with this.
    document: &'static str,
    /// The save mutation's field.
    save_key: &'static str,
    fields: &'static [Field],
    /// Where the row's jurisdiction id is in the read row; vendors belong to none.
    jurisdiction_at: Option<&'static str>,
    /// A new row names its jurisdiction (`jurisdictionId`).
    in_jurisdiction: bool,
    /// Where the row's public page is (`/agencies`), if it has one.
    public: Option<&'static str>,
}

const BODY_KINDS: &[&str] = &["COUNCIL", "COMMITTEE", "BOARD", "COMMISSION"];
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
const SOLICITATION_STATUSES: &[&str] = &[
    "PLANNED",
    "OPEN",
    "CLOSED",
    "UNDER_EVALUATION",
    "AWARDED",
    "CANCELLED",
];
const CONTRACT_STATUSES: &[&str] = &["PENDING", "ACTIVE", "EXPIRED", "TERMINATED"];
const ROLES: &[&str] = &["MEMBER", "CHAIR", "VICE_CHAIR"];
/// Every label, in the order the checkboxes show them.
pub const LABELS: &[&str] = &[
    "OUTSOURCING",
    "TECHNOLOGY",
    "ARTIFICIAL_INTELLIGENCE",
    "AUTOMATED_DECISIONS",
    "SURVEILLANCE",
    "PREVAILING_WAGE",
    "LIVING_WAGE",
    "PROJECT_LABOR_AGREEMENT",
    "LABOR_PEACE",
    "ENVIRONMENTAL_CRITERIA",
    "LOCAL_BUSINESS_GOAL",
    "MINORITY_WOMEN_OWNED_BUSINESS_GOAL",
];

/// The labels and the in-house baseline, as solicitations and contracts share them.
macro_rules! label_fields {
    () => {
        [
            f("labels", "registry-labels", Input::Labels, false, "/labels"),
            f(
                "inhouseFte",
                "registry-inhouse-fte",
                Input::Number,
                false,
                "/outsourcing/positionsFte",
            ),
            f(
                "inhouseAnnualCost",
                "registry-inhouse-cost",
                Input::Amount,
                false,
                "/outsourcing/annualCost/amount",
            ),
            f(
                "bargainingUnit",
                "registry-bargaining-unit",
                Input::Text,
                false,
                "/outsourcing/bargainingUnit",
            ),
        ]
    };
}

const SOLICITATION_FIELDS: [Field; 17] = {
    let [labels, fte, cost, unit] = label_fields!();
    [
        fixed("agencyId", "registry-agency", Input::Agency, "/agency/id"),
        f(
            "referenceNumber",
            "registry-reference",
            Input::Text,
            true,
            "/referenceNumber",
        ),
        f("title", "registry-title-field", Input::Text, true, "/title"),
        f(
            "description",
            "registry-description",
            Input::LongText,
            false,
            "/description",
        ),
        f(
            "method",
            "registry-method",
            Input::Choice(METHODS, "method-"),
            true,
            "/method",
        ),
        f(
            "status",
            "registry-status",
            Input::Choice(SOLICITATION_STATUSES, "status-"),
            true,
            "/status",
        ),
        f(
            "estimatedValue",
            "registry-estimated-value",
            Input::Amount,
            false,
            "/estimatedValue/amount",
        ),
        f(
            "currency",
            "registry-currency",
            Input::Text,
            true,
            "/estimatedValue/currency",
        ),
        f(
            "publishedAt",
            "registry-published-at",
            Input::When,
            false,
            "/publishedAt",
        ),
        f(
            "questionsDueAt",
            "registry-questions-due-at",
            Input::When,
            false,
            "/questionsDueAt",
        ),
        f(
            "bidsDueAt",
            "registry-bids-due-at",
            Input::When,
            false,
            "/bidsDueAt",
        ),
        f(
            "preBidMeetingAt",
            "registry-pre-bid-at",
            Input::When,
            false,
            "/preBidMeetingAt",
        ),
        f(
            "categories",
            "registry-categories",
            Input::Categories,
            false,
            "/categories",
        ),
        labels,
        fte,
        cost,
        unit,
    ]
};

const CONTRACT_FIELDS: [Field; 16] = {
    let [labels, fte, cost, unit] = label_fields!();
    [
        fixed("agencyId", "registry-agency", Input::Agency, "/agency/id"),
        f(
            "vendorId",
            "registry-vendor",
            Input::Pick("VENDOR"),
            true,
            "/vendor/id",
        ),
        f(
            "solicitationId",
            "registry-solicitation",
            Input::Pick("SOLICITATION"),
            false,
            "/solicitation/id",
        ),
        f(
            "referenceNumber",
            "registry-reference",
            Input::Text,
            true,
            "/referenceNumber",
        ),
        f("title", "registry-title-field", Input::Text, true, "/title"),
        f(
            "description",
            "registry-description",
            Input::LongText,
            false,
            "/description",
        ),
        f(
            "value",
            "registry-value",
            Input::Amount,
            true,
            "/value/amount",
        ),
        f(
            "currency",
            "registry-currency",
            Input::Text,
            true,
            "/value/currency",
        ),
        f(
            "startDate",
            "registry-start-date",
            Input::Date,
            true,
            "/period/startDate",
        ),
        f(
            "endDate",
            "registry-end-date",
            Input::Date,
            true,
            "/period/endDate",
        ),
        f(
            "maxExtentDate",
            "registry-max-extent",
            Input::Date,
            false,
            "/period/maxExtentDate",
        ),
        f(
            "status",
            "registry-status",
            Input::Choice(CONTRACT_STATUSES, "contract-status-"),
            true,
            "/status",
        ),
        labels,
        fte,
        cost,
        unit,
    ]
};

static KINDS: &[Kind] = &[
    Kind {
        segment: "agencies",
        title: "registry-kind-agency",
        typename: "Agency",
        id_field: "agencyId",
        document: "agency",
        save_key: "saveAgency",
        fields: &[
            f("name", "registry-name", Input::Text, true, "/name"),
            f(
                "acronym",
                "registry-acronym",
                Input::Text,
                false,
                "/acronym",
            ),
        ],
        jurisdiction_at: Some("/jurisdiction/id"),
        in_jurisdiction: true,
        public: Some("/agencies"),
    },
    Kind {
        segment: "bodies",
        title: "registry-kind-body",
        typename: "Body",
        id_field: "bodyId",
        document: "body",
        save_key: "saveBody",
        fields: &[
            f("name", "registry-name", Input::Text, true, "/name"),
            f(
                "kind",
                "registry-body-kind",
                Input::Choice(BODY_KINDS, "body-kind-"),
                true,
                "/kind",
            ),
        ],
        jurisdiction_at: Some("/jurisdiction/id"),
        in_jurisdiction: true,
        public: Some("/bodies"),
    },
    Kind {
        segment: "officials",
        title: "registry-kind-official",
        typename: "Official",
        id_field: "officialId",
        document: "official",
        save_key: "saveOfficial",
        fields: &[
            f("name", "registry-name", Input::Text, true, "/name"),
            f(
                "title",
                "registry-official-title",
                Input::Text,
                true,
                "/title",
            ),
            f(
                "district",
                "registry-district",
                Input::Text,
                false,
                "/district",
            ),
            f(
                "contactEmail",
                "registry-contact-email",
                Input::Email,
                false,
                "/contactEmail",
            ),
        ],
        jurisdiction_at: Some("/jurisdiction/id"),
        in_jurisdiction: true,
        public: Some("/officials"),
    },
    Kind {
        segment: "vendors",
        title: "registry-kind-vendor",
        typename: "Vendor",
        id_field: "vendorId",
        document: "vendor",
        save_key: "saveVendor",
        fields: &[
            f("name", "registry-name", Input::Text, true, "/name"),
            f(
                "identifiers",
                "registry-identifiers",
                Input::Identifiers,
                false,
                "/identifiers",
            ),
        ],
        jurisdiction_at: None,
        in_jurisdiction: false,
        public: Some("/vendors"),
    },
    Kind {
        segment: "solicitations",
        title: "registry-kind-solicitation",
        typename: "Solicitation",
        id_field: "solicitationId",
        document: "solicitation",
        save_key: "saveSolicitation",
        fields: &SOLICITATION_FIELDS,
        jurisdiction_at: Some("/agency/jurisdiction/id"),
        in_jurisdiction: false,
        public: Some("/solicitations"),
    },
    Kind {
        segment: "contracts",
        title: "registry-kind-contract",
        typename: "Contract",
        id_field: "contractId",
        document: "contract",
        save_key: "saveContract",
        fields: &CONTRACT_FIELDS,
        jurisdiction_at: Some("/agency/jurisdiction/id"),
        in_jurisdiction: false,
        public: Some("/contracts"),
    },
];

fn kind_of(segment: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.segment == segment)
}

/// Opens the staff desk or returns its refusal.
async fn open(state: &AppState, req: &Request, jar: &CookieJar) -> Result<AtDesk, Response> {
    AtDesk::open(state, req, jar, Desk::Staff).await
}

// ------------------------------------------------------------------------------- the index

/// `GET /staff/registry`: with `q`, also the rows matching it.
#[handler]
pub async fn registry_home(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let desk = or_page!(open(&state, req, jar).await);
    let jurisdiction = or_page!(
        jurisdiction_of(
            &state,
            &schema,
            &desk,
            query.get("jurisdiction").map(String::as_str),
        )
        .await
    );
    let response = desk
        .run(
            &state,
            &schema,
            "registry_index",
            json!({ "jurisdiction": jurisdiction }),
        )
        .await;
    if !response.errors.is_empty() {
        return failed(&desk.ctx, &response);
    }
    let found = data(&response);
    let typed = query.get("q").map(|q| q.trim()).filter(|q| !q.is_empty());
    let results = match typed {
        Some(q) => Some(
            pick(
                &state,
                &schema,
                &desk,
                q,
                &["SOLICITATION", "CONTRACT", "VENDOR", "AGENCY"],
                None,
            )
            .await,
        ),
        None => None,
    };
    let flash = done_message(&desk, query.get("done").map(String::as_str));
    page(
        &desk.ctx,
        StatusCode::OK,
        "registry_index.html",
        zone_of(&found["jurisdiction"]),
        minijinja::context! {
            nav => "staff",
            j => value(&found["jurisdiction"]),
            officials => value(&found["officials"]["nodes"]),
            solicitations => value(&found["solicitations"]["nodes"]),
            contracts => value(&found["contracts"]["nodes"]),
            typed => typed,
            results => value(results),
            q => with_jurisdiction(&desk, "", &jurisdiction),
            breadcrumbs => value(crumbs(&desk, &jurisdiction)),
            flash => flash,
        },
    )
}

// ------------------------------------------------------------------------------ a row's form

/// What a row's form shows.
#[derive(Default)]
struct Shown {
    outcome: Outcome,
    /// The row as saved now, when a save was refused as a conflict.
    theirs: Option<FormFields>,
    /// The picker's results, by field.
    picks: Map<String, Json>,
    /// Which form below the row the errors belong to (`terms`, `documents`, …).
    failed_form: Option<&'static str>,
}

/// The row's form values, from the row as the read document returned it.
fn prefill(kind: &Kind, row: &Json, tz: Tz) -> FormFields {
    let mut form = FormFields::new();
    for spec in kind.fields {
        let at = row.pointer(spec.from).unwrap_or(&Json::Null);
        match spec.input {
            Input::Labels => {
                for label in at.as_array().into_iter().flatten() {
                    if let Some(label) = label.as_str() {
                        form.insert(format!("label-{label}"), "on".to_owned());
                    }
                }
            }
            Input::When => {
                form.insert(spec.name.to_owned(), local_value(at.as_str(), tz));
            }
            Input::Identifiers => {
                let lines: Vec<String> = at
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|i| {
                        format!(
                            "{} {}",
                            i["scheme"].as_str().unwrap_or_default(),
                            i["identifier"].as_str().unwrap_or_default()
                        )
                    })
                    .collect();
                form.insert(spec.name.to_owned(), lines.join("\n"));
            }
            Input::Categories => {
                let lines: Vec<String> = at
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| {
                        let mut line = format!(
                            "{} {}",
                            c["scheme"].as_str().unwrap_or_default(),
                            c["code"].as_str().unwrap_or_default()
                        );
                        if let Some(description) = c["description"].as_str() {
                            line.push(' ');
                            line.push_str(description);
                        }
                        line
                    })
                    .collect();
                form.insert(spec.name.to_owned(), lines.join("\n"));
            }
            _ => {
                let text = match at {
                    Json::String(s) => s.clone(),
                    Json::Number(n) => n.to_string(),
                    _ => String::new(),
                };
                form.insert(spec.name.to_owned(), text);
            }
        }
    }
    if let Some(picked) = row.pointer("/vendor/name").and_then(Json::as_str) {
        form.insert("vendorId-name".to_owned(), picked.to_owned());
    }
    if let Some(picked) = row.pointer("/solicitation/title").and_then(Json::as_str) {
        form.insert("solicitationId-name".to_owned(), picked.to_owned());
    }
    form
}

/// The mutation's input from the form, or the field that cannot be read.
fn input_of(
    desk: &AtDesk,
    kind: &Kind,
    form: &FormFields,
    tz: Tz,
    creating: bool,
) -> Result<Json, Refused> {
    let mut input = Map::new();
    let mut labels = Map::new();
    for spec in kind.fields {
        if spec.create_only && !creating {
            continue;
        }
        let raw = field(form, spec.name);
        let refuse = |message: &str| Refused::field(&desk.ctx, spec.name, message);
        let value = match spec.input {
            Input::Text | Input::LongText | Input::Email | Input::Amount => match raw {
                Some(text) => json!(text),
                None if spec.required => json!(""),
                None => Json::Null,
            },
            Input::Date => match raw {
                Some(day) if chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok() => {
                    json!(day)
                }
                Some(_) => return Err(refuse("registry-error-date")),
                None if spec.required => return Err(refuse("registry-error-date")),
                None => Json::Null,
            },
            Input::When => match raw {
                Some(at) => match local_instant(at, tz) {
                    Some(instant) => json!(instant),
                    None => return Err(refuse("staff-error-starts")),
                },
                None => Json::Null,
            },
            Input::Number => match raw {
                Some(number) => match number.replace(',', ".").parse::<f64>() {
                    Ok(n) if n.is_finite() => json!(n),
                    _ => return Err(refuse("registry-error-number")),
                },
                None => Json::Null,
            },
            Input::Choice(options, _) => match raw {
                Some(chosen) if options.contains(&chosen) => json!(chosen),
                _ => return Err(refuse("error-choose-one")),
            },
            Input::Labels => {
                let chosen: Vec<&str> = LABELS
                    .iter()
                    .copied()
                    .filter(|label| form.contains_key(&format!("label-{label}")))
                    .collect();
                json!(chosen)
            }
            Input::Agency | Input::Pick(_) => match raw.filter(|v| *v != "none") {
                Some(id) => json!(id),
                None if spec.required => return Err(refuse("registry-error-pick")),
                None => Json::Null,
            },
            Input::Identifiers => {
                let mut list = Vec::new();
                for line in raw.unwrap_or_default().lines() {
                    let line = line.trim();
                    if line.is_empty() {
                        continue;
                    }
                    let Some((scheme, identifier)) = line.split_once(char::is_whitespace) else {
                        return Err(refuse("registry-error-identifier"));
                    };
                    list.push(json!({ "scheme": scheme, "identifier": identifier.trim() }));
                }
                json!(list)
            }
            Input::Categories => {
                let mut list = Vec::new();
                for line in raw.unwrap_or_default().lines() {
                    let mut parts = line.trim().splitn(3, char::is_whitespace);
                    let (Some(scheme), code, description) = (
                        parts.next().filter(|s| !s.is_empty()),
                        parts.next(),
                        parts.next(),
                    ) else {
                        continue;
                    };
                    let Some(code) = code else {
                        return Err(refuse("registry-error-category"));
                    };
                    list.push(json!({
                        "scheme": scheme,
                        "code": code,
                        "description": description.map(str::trim).filter(|d| !d.is_empty()),
                    }));
                }
                json!(list)
            }
        };
        match spec.name {
            "labels" | "inhouseFte" | "inhouseAnnualCost" | "bargainingUnit" => {
                labels.insert(spec.name.to_owned(), value);
            }
            _ => {
                input.insert(spec.name.to_owned(), value);
            }
        }
    }
    if !labels.is_empty() {
        input.insert("labels".to_owned(), Json::Object(labels));
    }
    Ok(Json::Object(input))
}

/// The row and its jurisdiction (a global id), or the page to show instead.
async fn load(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    kind: &Kind,
    id: &str,
) -> Result<(Json, Option<String>), Response> {
    let response = desk
        .run(
            state,
            schema,
            &format!("registry_{}", kind.document),
            json!({ "id": id }),
        )
        .await;
    if !response.errors.is_empty() {
        return Err(failed(&desk.ctx, &response));
    }
    let row = data(&response)["node"].clone();
    if row["__typename"] != kind.typename {
        return Err(not_found(&desk.ctx));
    }
    let jurisdiction = kind
        .jurisdiction_at
        .and_then(|at| row.pointer(at))
        .and_then(Json::as_str)
        .map(str::to_owned);
    if let Some(jurisdiction) = &jurisdiction
        && !desk.in_jurisdiction(jurisdiction)
    {
        return Err(forbidden(&desk.ctx));
    }
    Ok((row, jurisdiction))
}

/// The jurisdiction's agencies and time zone, for a form's agency choice.
async fn agencies(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    jurisdiction: &str,
) -> (Json, Tz) {
    let found = jurisdiction_facts(state, schema, desk, jurisdiction).await;
    (found["agencies"].clone(), zone_of(&found))
}

/// Renders a kind's form: a new row (`row` null) or an existing one.
#[allow(clippy::too_many_arguments)]
async fn show(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    kind: &'static Kind,
    row: &Json,
    jurisdiction: Option<&str>,
    shown: Shown,
) -> Response {
    let (agency_list, tz) = match jurisdiction {
        Some(j) => agencies(state, schema, desk, j).await,
        None => (Json::Null, desk.ctx.time_zone),
    };
    let creating = row.is_null();
    // The row's own values, unless the main form was refused: then exactly what was typed.
    // A form below the row keeps its own fields beside the row's.
    let form = if creating || (shown.failed_form.is_none() && !shown.outcome.form.is_empty()) {
        shown.outcome.form.clone()
    } else {
        let mut form = prefill(kind, row, tz);
        form.extend(shown.outcome.form.clone());
        form
    };
    let fields: Vec<Json> = kind
        .fields
        .iter()
        .filter(|spec| creating || !spec.create_only)
        .map(|spec| {
            let (input, options, prefix, search) = match spec.input {
                Input::Choice(options, prefix) => ("choice", json!(options), prefix, ""),
                Input::Pick(search) => ("pick", Json::Null, "", search),
                other => (input_name(other), Json::Null, "", ""),
            };
            json!({
                "name": spec.name,
                "label": spec.label,
                "input": input,
                "options": options,
                "prefix": prefix,
                "search": search,
                "required": spec.required,
            })
        })
        .collect();
    let action = match (creating, jurisdiction) {
        (true, Some(j)) => {
            with_jurisdiction(desk, &format!("/staff/registry/{}/new", kind.segment), j)
        }
        (true, None) => format!("/staff/registry/{}/new", kind.segment),
        (false, _) => format!(
            "/staff/registry/{}/{}",
            kind.segment,
            row["id"].as_str().unwrap_or_default()
        ),
    };
    let breadcrumbs = match jurisdiction {
        Some(j) => {
            let mut list = crumbs(desk, j);
            if let Some(items) = list.as_array_mut() {
                items.push(json!({
                    "href": with_jurisdiction(desk, "/staff/registry", j),
                    "label": desk.ctx.catalogue.text("staff-task-registry-short", &[]),
                }));
            }
            list
        }
        None => {
            json!([{ "href": "/staff/registry", "label": desk.ctx.catalogue.text("staff-task-registry-short", &[]) }])
        }
    };
    let status = shown.outcome.status.unwrap_or(StatusCode::OK);
    page(
        &desk.ctx,
        status,
        "registry_form.html",
        tz,
        minijinja::context! {
            nav => "staff",
            kind => kind.segment,
            kind_title => kind.title,
            creating => creating,
            row => value(row),
            public => kind.public.map(|p| format!("{p}/{}", row["id"].as_str().unwrap_or_default())),
            fields => value(fields),
            labels => value(LABELS),
            roles => value(ROLES),
            agencies => value(agency_list),
            picks => value(&shown.picks),
            action => action,
            theirs => value(&shown.theirs),
            failed_form => shown.failed_form,
            breadcrumbs => value(breadcrumbs),
            errors => value(&shown.outcome.errors),
            form => value(form),
            flash => shown.outcome.flash,
        },
    )
}

fn input_name(input: Input) -> &'static str {
    match input {
        Input::Text => "text",
        Input::LongText => "long",
        Input::Email => "email",
        Input::Date => "date",
        Input::When => "when",
        Input::Amount => "amount",
        Input::Number => "number",
        Input::Choice(..) => "choice",
        Input::Labels => "labels",
        Input::Agency => "agency",
        Input::Pick(_) => "pick",
        Input::Identifiers => "identifiers",
        Input::Categories => "categories",
    }
}

/// `GET /staff/registry/{kind}/new`.
#[handler]
pub async fn new_form(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(segment): Path<String>,
    Query(query): Query<DeskQuery>,
) -> Response {
    let desk = or_page!(open(&state, req, jar).await);
    let Some(kind) = kind_of(&segment) else {
        return not_found(&desk.ctx);
    };
    let jurisdiction =
        or_page!(jurisdiction_of(&state, &schema, &desk, query.jurisdiction.as_deref()).await);
    let mut form = FormFields::new();
    form.insert("currency".to_owned(), "USD".to_owned());
    let shown = Shown {
        outcome: Outcome {
            form,
            flash: done_message(&desk, query.done.as_deref()),
            ..Outcome::default()
        },
        ..Shown::default()
    };
    show(
        &state,
        &schema,
        &desk,
        kind,
        &Json::Null,
        Some(&jurisdiction),
        shown,
    )
    .await
}

/// Which picker a form's `find` button ran, with the typed text: `(field, typed)`.
fn finding(form: &FormFields) -> Option<(String, String)> {
    let name = field(form, "find")?.to_owned();
    let typed = field(form, &format!("{name}-find"))
        .unwrap_or_default()
        .to_owned();
    Some((name, typed))
}

/// Runs the picker a form asked for and shows the form again with its results.
#[allow(clippy::too_many_arguments)]
async fn show_picks(
    state: &AppState,
    schema: &AppSchema,
    desk: &AtDesk,
    kind: &'static Kind,
    row: &Json,
    jurisdiction: Option<&str>,
    form: FormFields,
    (name, typed): (String, String),
) -> Response {
    let Some(Input::Pick(search)) = kind
        .fields
        .iter()
        .find(|spec| spec.name == name)
        .map(|spec| spec.input)
    else {
        return not_found(&desk.ctx);
    };
    let mut shown = Shown::default();
    if typed.is_empty() {
        shown.outcome.errors = vec![FieldError {
            field: format!("{name}-find"),
            message: desk.ctx.catalogue.text("staff-error-find-empty", &[]),
        }];
        shown.outcome.status = Some(StatusCode::BAD_REQUEST);
    } else {
        // Vendors belong to no jurisdiction; solicitations are the jurisdiction's.
        let scope = if search == "VENDOR" {
            None
        } else {
            jurisdiction
        };
        let results = pick(state, schema, desk, &typed, &[search], scope).await;
        shown.picks.insert(name, results);
    }
    shown.outcome.form = form;
    show(state, schema, desk, kind, row, jurisdiction, shown).await
}

/// `POST /staff/registry/{kind}/new`: saves a new row; with `another`, back to an empty form.
#[handler]
pub async fn create(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(segment): Path<String>,
    Query(query): Query<DeskQuery>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = or_page!(open(&state, req, jar).await);
    let Some(kind) = kind_of(&segment) else {
        return not_found(&desk.ctx);
    };
    let jurisdiction =
        or_page!(jurisdiction_of(&state, &schema, &desk, query.jurisdiction.as_deref()).await);
    if let Some(finding) = finding(&form) {
        return show_picks(
            &state,
            &schema,
            &desk,
            kind,
            &Json::Null,
            Some(&jurisdiction),
            form,
            finding,
        )
        .await;
    }
    let (_, tz) = agencies(&state, &schema, &desk, &jurisdiction).await;
    let result = match input_of(&desk, kind, &form, tz, true) {
        Ok(mut input) => {
            if kind.in_jurisdiction {
                input["jurisdictionId"] = json!(jurisdiction);
            }
            desk.mutate(
                &state,
                &schema,
                &form,
                &format!("registry_save_{}", kind.document),
                json!({ "input": input }),
            )
            .await
        }
        Err(refused) => Err(refused),
    };
    match result {
        Ok(saved) => {
            if form.contains_key("another") {
                return see_other(&with_jurisdiction(
                    &desk,
                    &format!("/staff/registry/{}/new?done=saved", kind.segment),
                    &jurisdiction,
                ));
            }
            match saved[kind.save_key]["id"].as_str() {
                Some(id) => see_other(&format!("/staff/registry/{}/{id}?done=saved", kind.segment)),
                None => see_other("/staff/registry"),
            }
        }
        Err(refused) if refused.forbidden() => forbidden(&desk.ctx),
        Err(refused) => {
            let shown = Shown {
                outcome: Outcome::refused(refused, form),
                ..Shown::default()
            };
            show(
                &state,
                &schema,
                &desk,
                kind,
                &Json::Null,
                Some(&jurisdiction),
                shown,
            )
            .await
        }
    }
}

/// `GET /staff/registry/{kind}/{id}`.
#[handler]
pub async fn edit_form(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path((segment, id)): Path<(String, String)>,
    Query(query): Query<DeskQuery>,
) -> Response {
    let desk = or_page!(open(&state, req, jar).await);
    let Some(kind) = kind_of(&segment) else {
        return not_found(&desk.ctx);
    };
    let (row, jurisdiction) = or_page!(load(&state, &schema, &desk, kind, &id).await);
    let shown = Shown {
        outcome: Outcome {
            flash: done_message(&desk, query.done.as_deref()),
            ..Outcome::default()
        },
        ..Shown::default()
    };
    show(
        &state,
        &schema,
        &desk,
        kind,
        &row,
        jurisdiction.as_deref(),
        shown,
    )
    .await
}

/// `POST /staff/registry/{kind}/{id}`: saves the row, unless someone changed it since the form
/// was opened: then both versions are shown and nothing is saved.
#[handler]
pub async fn update(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path((segment, id)): Path<(String, String)>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = or_page!(open(&state, req, jar).await);
    let Some(kind) = kind_of(&segment) else {
        return not_found(&desk.ctx);
    };
    let (row, jurisdiction) = or_page!(load(&state, &schema, &desk, kind, &id).await);
    if let Some(finding) = finding(&form) {
        return show_picks(
            &state,
            &schema,
            &desk,
            kind,
            &row,
            jurisdiction.as_deref(),
            form,
            finding,
        )
        .await;
    }
    let tz = match &jurisdiction {
        Some(j) => agencies(&state, &schema, &desk, j).await.1,
        None => desk.ctx.time_zone,
    };
    let result = match input_of(&desk, kind, &form, tz, false) {
        Ok(mut input) => {
            input[kind.id_field] = json!(id);
            input["expectedVersion"] = json!(field(&form, "version"));
            desk.mutate(
                &state,
                &schema,
                &form,
                &format!("registry_save_{}", kind.document),
                json!({ "input": input }),
            )
            .await
        }
        Err(refused) => Err(refused),
    };
    match result {
        Ok(_) => see_other(&format!("/staff/registry/{}/{id}?done=saved", kind.segment)),
        Err(refused) if refused.forbidden() => forbidden(&desk.ctx),
        Err(refused) => {
            let theirs =
                (refused.code.as_deref() == Some("CONFLICT")).then(|| prefill(kind, &row, tz));
            // After a conflict the form carries the new version: saving again is a choice
            // made with both versions in view.
            let shown = Shown {
                outcome: Outcome::refused(refused, form),
                theirs,
                ..Shown::default()
            };
            show(
                &state,
                &schema,
                &desk,
                kind,
                &row,
                jurisdiction.as_deref(),
                shown,
            )
            .await
        }
    }
}

/// `POST /staff/registry/{kind}/{id}/archive`: with a reason; the row leaves public pages and
/// the audit log keeps the change.
#[handler]
pub async fn archive(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path((segment, id)): Path<(String, String)>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = or_page!(open(&state, req, jar).await);
    let Some(kind) = kind_of(&segment) else {
        return not_found(&desk.ctx);
    };
    let (row, jurisdiction) = or_page!(load(&state, &schema, &desk, kind, &id).await);
    let result = match field(&form, "archiveReason") {
        None => Err(Refused::field(
            &desk.ctx,
            "archiveReason",
            "registry-error-archive-reason",
        )),
        Some(reason) => {
            desk.mutate(
                &state,
                &schema,
                &form,
                "registry_archive",
                json!({ "input": { "id": id, "reason": reason } }),
            )
            .await
        }
    };
    match result {
        Ok(_) => {
            let index = match &jurisdiction {
                Some(j) => with_jurisdiction(&desk, "/staff/registry?done=archived", j),
                None => "/staff/registry?done=archived".to_owned(),
            };
            see_other(&index)
        }
        Err(refused) if refused.forbidden() => forbidden(&desk.ctx),
        Err(refused) => {
            let shown = Shown {
                outcome: Outcome {
                    errors: refused
                        .errors
                        .into_iter()
                        .map(|mut e| {
                            e.field = "archiveReason".to_owned();
                            e
                        })
                        .collect(),
                    form,
                    status: Some(refused.status),
                    flash: None,
                },
                failed_form: Some("archive"),
                ..Shown::default()
            };
            show(
                &state,
                &schema,
                &desk,
                kind,
                &row,
                jurisdiction.as_deref(),
                shown,
            )
            .await
        }
    }
}

// -------------------------------------------------------------------- the forms below a row

/// One form below a row: which kind it belongs to, its document, and its input.
struct Part {
    segment: &'static str,
    form: &'static str,
    document: &'static str,
}

const PARTS: &[Part] = &[
    Part {
        segment: "officials",
        form: "terms",
        document: "registry_save_term",
    },
    Part {
        segment: "solicitations",
        form: "documents",
        document: "registry_add_document",
    },
    Part {
        segment: "contracts",
        form: "options",
        document: "registry_add_option",
    },
    Part {
        segment: "contracts",
        form: "exercise",
        document: "registry_exercise_option",
    },
    Part {
        segment: "contracts",
        form: "amendments",
        document: "registry_add_amendment",
    },
];

/// The input of form `part` below row `id`, or the field that cannot be read.
fn part_input(
    desk: &AtDesk,
    part: &str,
    id: &str,
    form: &FormFields,
    tz: Tz,
) -> Result<Json, Refused> {
    let text = |name: &str| field(form, name).map(str::to_owned);
    let day = |name: &str, required: bool| -> Result<Option<String>, Refused> {
        match field(form, name) {
            Some(d) if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok() => {
                Ok(Some(d.to_owned()))
            }
            None if !required => Ok(None),
            _ => Err(Refused::field(&desk.ctx, name, "registry-error-date")),
        }
    };
    Ok(match part {
        // A term below the official: a new one, or (with `officeTermId`) ending or changing
        // one; its official and body are fixed once made.
        "terms" => {
            let role = field(form, "termRole").unwrap_or_default();
            if !ROLES.contains(&role) {
                return Err(Refused::field(&desk.ctx, "termRole", "error-choose-one"));
            }
            match text("officeTermId") {
                Some(term) => {
                    let ends = format!("termEndsOn-{term}");
                    json!({ "input": {
                        "officeTermId": term,
                        "role": role,
                        "startsOn": day("termStartsOn", true)?,
                        "endsOn": day(&ends, false)?,
                    }})
                }
                None => json!({ "input": {
                    "officialId": id,
                    "bodyId": text("termBodyId"),
                    "role": role,
                    "startsOn": day("termStartsOn", true)?,
                    "endsOn": day("termEndsOn", false)?,
                }}),
            }
        }
        "documents" => {
            let published = match field(form, "documentPublishedAt") {
                Some(at) => Some(local_instant(at, tz).ok_or_else(|| {
                    Refused::field(&desk.ctx, "documentPublishedAt", "staff-error-starts")
                })?),
                None => None,
            };
            json!({ "input": {
                "solicitationId": id,
                "title": text("documentTitle").unwrap_or_default(),
                "url": text("documentUrl").unwrap_or_default(),
                "publishedAt": published,
            }})
        }
        "options" => json!({ "input": {
            "contractId": id,
            "option": {
                "periodStart": day("optionStart", true)?,
                "periodEnd": day("optionEnd", true)?,
                "value": text("optionValue"),
                "decisionDeadline": day("optionDeadline", true)?,
            },
        }}),
        "exercise" => json!({ "input": {
            "renewalOptionId": text("renewalOptionId").unwrap_or_default(),
            "exercisedOn": day("exercisedOn", true)?,
            "reason": text("exerciseReason"),
        }}),
        "amendments" => json!({ "input": {
            "contractId": id,
            "amendedOn": day("amendedOn", true)?,
            "valueChange": text("valueChange").unwrap_or_default(),
            "newEndDate": day("newEndDate", false)?,
            "description": text("amendmentDescription").unwrap_or_default(),
        }}),
        _ => json!({}),
    })
}

/// Each form below a row: (form, the API's field, the form's field); the first of a form is
/// where an error naming no field of its own is shown.
const PART_FIELDS: &[(&str, &str, &str)] = &[
    ("terms", "bodyId", "termBodyId"),
    ("terms", "role", "termRole"),
    ("terms", "startsOn", "termStartsOn"),
    ("terms", "endsOn", "termEndsOn"),
    ("documents", "title", "documentTitle"),
    ("documents", "url", "documentUrl"),
    ("documents", "publishedAt", "documentPublishedAt"),
    ("options", "periodStart", "optionStart"),
    ("options", "periodEnd", "optionEnd"),
    ("options", "value", "optionValue"),
    ("options", "decisionDeadline", "optionDeadline"),
    ("exercise", "exercisedOn", "exercisedOn"),
    ("exercise", "reason", "exerciseReason"),
    ("amendments", "amendedOn", "amendedOn"),
    ("amendments", "valueChange", "valueChange"),
    ("amendments", "newEndDate", "newEndDate"),
    ("amendments", "description", "amendmentDescription"),
];

/// The form field an error of form `part` belongs beside.
fn part_field(part: &str, error_field: &str) -> String {
    let fields = || PART_FIELDS.iter().filter(|(p, _, _)| *p == part);
    fields()
        .find(|(_, api, form)| *form == error_field || *api == error_field)
        .or_else(|| fields().next())
        .map_or_else(String::new, |(_, _, form)| (*form).to_owned())
}

/// `POST /staff/registry/{kind}/{id}/{form}`: a form below the row.
#[handler]
pub async fn below_row(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path((segment, id, name)): Path<(String, String, String)>,
    Form(form): Form<FormFields>,
) -> Response {
    let desk = or_page!(open(&state, req, jar).await);
    let (Some(kind), Some(part)) = (
        kind_of(&segment),
        PARTS
            .iter()
            .find(|p| p.segment == segment && p.form == name),
    ) else {
        return not_found(&desk.ctx);
    };
    let (row, jurisdiction) = or_page!(load(&state, &schema, &desk, kind, &id).await);
    let tz = match &jurisdiction {
        Some(j) => agencies(&state, &schema, &desk, j).await.1,
        None => desk.ctx.time_zone,
    };
    let result = match part_input(&desk, part.form, &id, &form, tz) {
        Ok(variables) => {
            desk.mutate(&state, &schema, &form, part.document, variables)
                .await
        }
        Err(refused) => Err(refused),
    };
    match result {
        Ok(_) => see_other(&format!(
            "/staff/registry/{}/{id}?done=saved#{}",
            kind.segment, part.form
        )),
        Err(refused) if refused.forbidden() => forbidden(&desk.ctx),
        Err(refused) => {
            let errors = refused
                .errors
                .into_iter()
                .map(|mut e| {
                    e.field = match field(&form, "officeTermId") {
                        // An existing term's form has one field: its end.
                        Some(term) => format!("termEndsOn-{term}"),
                        None => part_field(part.form, &e.field),
                    };
                    e
                })
                .collect();
            let shown = Shown {
                outcome: Outcome {
                    errors,
                    form,
                    status: Some(refused.status),
                    flash: None,
                },
                failed_form: Some(part.form),
                ..Shown::default()
            };
            show(
                &state,
                &schema,
                &desk,
                kind,
                &row,
                jurisdiction.as_deref(),
                shown,
            )
            .await
        }
    }
}
