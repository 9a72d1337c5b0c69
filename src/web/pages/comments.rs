//! Changing one's own comment: `GET /comments/{id}/edit` shows the text as written, and the
//! post runs `editComment`, then returns to the item page at the comment. A refusal shows the
//! form again with the text as typed.

use poem::http::StatusCode;
use poem::web::cookie::CookieJar;
use poem::web::{Data, Form, Path, Query};
use poem::{Request, Response, handler};
use serde::Deserialize;
use serde_json::{Value as Json, json};

use crate::graphql::AppSchema;
use crate::state::AppState;
use crate::web::pages::subjects::{Outcome, item_of};
use crate::web::pages::{FormFields, account, field};
use crate::web::session::WebContext;
use crate::web::{
    data, documents, failed, form_errors, local_path, not_found, page, see_other, value,
};

/// Where the edit page returns to.
#[derive(Debug, Deserialize, Default)]
pub struct EditQuery {
    return_to: Option<String>,
}

/// `GET /comments/{id}/edit`.
#[handler]
pub async fn edit_form(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(comment): Path<String>,
    Query(query): Query<EditQuery>,
) -> Response {
    let mut form = FormFields::new();
    if let Some(to) = query.return_to.as_deref().and_then(local_path) {
        form.insert("return_to".to_owned(), to.to_owned());
    }
    let ctx = WebContext::load(&state, req, jar).await;
    if ctx.session.is_none() {
        let here = format!("/comments/{comment}/edit");
        return account::sign_in_page(&ctx, &here, &form, Vec::new(), StatusCode::OK);
    }
    let outcome = Outcome {
        form,
        ..Outcome::default()
    };
    show(&state, &schema, &ctx, &comment, outcome, None).await
}

/// `POST /comments/{id}/edit`.
#[handler]
pub async fn edit_comment(
    req: &Request,
    jar: &CookieJar,
    state: Data<&AppState>,
    schema: Data<&AppSchema>,
    Path(comment): Path<String>,
    Form(form): Form<FormFields>,
) -> Response {
    let ctx = WebContext::load(&state, req, jar).await;
    let Some((kind, id)) = item_of(&form) else {
        return not_found(&ctx);
    };
    if ctx.session.is_none() {
        // The session ended while they wrote: signing in brings them back to the item.
        let back = format!("/{}/{id}", kind.section());
        return account::sign_in_page(&ctx, &back, &form, Vec::new(), StatusCode::OK);
    }
    let text = form.get("body").cloned().unwrap_or_default();
    if !ctx.token_matches(field(&form, "csrf_token")) {
        return show(
            &state,
            &schema,
            &ctx,
            &comment,
            Outcome::stale(&ctx, form.clone()),
            Some(text),
        )
        .await;
    }
    let variables = json!({ "input": { "commentId": comment, "body": text } });
    let response = documents::run(
        &state,
        &schema,
        &ctx.viewer,
        &ctx.meta,
        "edit_comment",
        variables,
    )
    .await;
    if response.errors.is_empty() {
        return see_other(&format!(
            "/{}/{id}?done=edited#comment-{comment}",
            kind.section()
        ));
    }
    let errors = form_errors(&response, &ctx);
    show(
        &state,
        &schema,
        &ctx,
        &comment,
        Outcome::errors(errors, form),
        Some(text),
    )
    .await
}

/// The edit page; `text` is what was typed (else the comment as written).
async fn show(
    state: &AppState,
    schema: &AppSchema,
    ctx: &WebContext,
    comment: &str,
    outcome: Outcome,
    text: Option<String>,
) -> Response {
    let response = documents::run(
        state,
        schema,
        &ctx.viewer,
        &ctx.meta,
        "comment_edit",
        json!({ "id": comment }),
    )
    .await;
    if !response.errors.is_empty() {
        return failed(ctx, &response);
    }
    let data = data(&response);
    let node = &data["node"];
    if node["__typename"] != "Comment" || node["deleted"] == true {
        return not_found(ctx);
    }
    let mine = !node["author"]["id"].is_null() && node["author"]["id"] == data["me"]["id"];
    let subject = &node["subject"];
    let section = match subject["__typename"].as_str() {
        Some("Solicitation") => "solicitations",
        Some("Contract") => "contracts",
        _ => "agenda-items",
    };
    let item_path = format!("/{section}/{}", subject["id"].as_str().unwrap_or_default());
    if !mine {
        return page(
            ctx,
            StatusCode::FORBIDDEN,
            "error.html",
            ctx.time_zone,
            minijinja::context! {
                heading => ctx.catalogue.text("comment-edit-not-yours", &[]),
                message => ctx.catalogue.text("comment-edit-not-yours-body", &[]),
                back => item_path,
            },
        );
    }
    let title = subject_title(subject);
    let return_to = outcome
        .form
        .get("return_to")
        .and_then(|to| local_path(to))
        .map_or(item_path.clone(), str::to_owned);
    page(
        ctx,
        outcome.status.unwrap_or(StatusCode::OK),
        "comment_edit.html",
        ctx.time_zone,
        minijinja::context! {
            breadcrumbs => value(json!([{ "href": item_path, "label": title }])),
            subject_title => title,
            comment_id => comment,
            return_to => return_to,
            text => text.unwrap_or_else(|| node["body"].as_str().unwrap_or_default().to_owned()),
            errors => value(&outcome.errors),
            form => value(&outcome.form),
            flash => outcome.flash,
        },
    )
}

/// "RFP-2026-014 Custodial services", or an agenda item's number and title.
fn subject_title(subject: &Json) -> String {
    let text = |key: &str| subject[key].as_str().unwrap_or_default();
    match subject["__typename"].as_str() {
        Some("AgendaItem") => format!("{} {}", text("itemNumber"), text("title")),
        _ => format!("{} {}", text("referenceNumber"), text("title")),
    }
}
