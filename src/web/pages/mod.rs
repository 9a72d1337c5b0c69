//! Page handlers, one module per page family, and the routes that serve them.

pub mod account;
pub mod admin;
pub mod alerts;
pub mod answers;
pub mod audit;
pub mod comments;
pub mod desk;
pub mod directory;
pub mod home;
pub mod imports;
pub mod language;
pub mod meetings;
pub mod moderation;
pub mod organizations;
pub mod registry;
pub mod search;
pub mod settings;
pub mod staff;
pub mod subjects;

use std::collections::HashMap;

use poem::middleware::{Compression, CookieJarManager};
use poem::{EndpointExt as _, Route, get, post};

use crate::state::AppState;
use crate::web::{assets, csrf, security_headers};

/// A submitted form's fields (the last value of a repeated name wins).
pub type FormFields = HashMap<String, String>;

/// The value of a form field, trimmed, or `None` when empty.
pub fn field<'a>(form: &'a FormFields, name: &str) -> Option<&'a str> {
    form.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// Runs page document `name` when `wanted` (e.g. only for a signed-in viewer); `None` otherwise.
pub async fn run_if(
    wanted: bool,
    state: &AppState,
    schema: &crate::graphql::AppSchema,
    ctx: &crate::web::session::WebContext,
    name: &str,
    variables: serde_json::Value,
) -> Option<async_graphql::Response> {
    if !wanted {
        return None;
    }
    Some(crate::web::documents::run(state, schema, &ctx.viewer, &ctx.meta, name, variables).await)
}

/// The web client's routes: pages, their forms and the static files.
pub fn routes(state: &AppState) -> impl poem::Endpoint + 'static {
    Route::new()
        .at("/static/:name", get(assets::serve))
        .at("/solicitations/:id", get(subjects::solicitation))
        .at("/contracts/:id", get(subjects::contract))
        .at("/agenda-items/:id", get(subjects::agenda_item))
        .at("/:section/:id/comments", post(subjects::post_comment))
        // Item pages', bodies', agencies' and vendors' follow forms: `subjects::follow` hands
        // the sections it does not know to `directory::follow`.
        .at("/:section/:id/follow", post(subjects::follow))
        .at("/:section/:id/concerns", post(subjects::flag_concern))
        .at(
            "/:section/:id/concerns/:concern/:verb",
            post(subjects::endorsement),
        )
        .at(
            "/comments/:id/edit",
            get(comments::edit_form).post(comments::edit_comment),
        )
        .at("/comments/:id/delete", post(subjects::delete_comment))
        .at("/comments/:id/report", post(subjects::report_comment))
        .at(
            "/sign-in",
            get(account::sign_in_form).post(account::sign_in),
        )
        .at(
            "/sign-up",
            get(account::sign_up_form).post(account::sign_up),
        )
        .at("/sign-out", post(account::sign_out))
        .at("/language", post(language::choose))
        .at("/search", get(search::search))
        .at("/meetings/:id", get(meetings::meeting))
        .at("/bodies/:id", get(directory::body_page))
        .at("/officials/:id", get(directory::official_page))
        .at("/agencies/:id", get(directory::agency_page))
        .at("/vendors/:id", get(directory::vendor_page))
        .at("/moderation-log", get(directory::moderation_log))
        .at("/account", get(settings::account_page))
        .at("/account/time-zone", post(settings::set_time_zone))
        .at(
            "/account/sign-out-everywhere",
            post(settings::sign_out_everywhere),
        )
        .at("/account/calendar", post(settings::calendar_address))
        .at("/account/data.json", get(settings::data_export))
        .at(
            "/account/password",
            get(settings::password_form).post(settings::change_password),
        )
        .at(
            "/account/email",
            get(settings::email_form).post(settings::change_email),
        )
        .at(
            "/account/delete",
            get(settings::delete_form).post(settings::delete_account),
        )
        .at(
            "/forgot-password",
            get(settings::forgot_form).post(settings::forgot),
        )
        .at(
            "/verify-email/:token",
            get(settings::verify_form).post(settings::verify),
        )
        .at(
            "/reset-password/:token",
            get(settings::reset_form).post(settings::reset),
        )
        .at("/my/alerts", get(alerts::my_alerts))
        .at("/my/alerts/new", post(alerts::create))
        .at("/my/alerts/:id/:action", post(alerts::change))
        .at("/organizations", get(organizations::organizations_page))
        .at(
            "/organizations/new",
            get(organizations::new_organization_form).post(organizations::create_organization),
        )
        .at("/organizations/:id", get(organizations::organization_page))
        .at(
            "/organizations/:id/edit",
            post(organizations::update_organization),
        )
        .at(
            "/organizations/:id/members",
            post(organizations::add_member),
        )
        .at(
            "/organizations/:id/members/remove",
            post(organizations::remove_member),
        )
        .at(
            "/organizations/:id/watchlists",
            post(organizations::start_watchlist),
        )
        .at(
            "/organizations/:id/watchlists/:list/items",
            post(organizations::add_watchlist_item),
        )
        .at(
            "/organizations/:id/watchlists/:list/remove",
            post(organizations::remove_watchlist_item),
        )
        .at(
            "/organizations/:id/watchlists/:list/follow",
            post(organizations::follow_watchlist),
        )
        .at("/staff", get(staff::home))
        .at(
            "/staff/meetings/new",
            get(staff::new_meeting_form).post(staff::create_meeting),
        )
        .at(
            "/staff/meetings/:id",
            get(staff::meeting_desk).post(staff::save_meeting),
        )
        .at("/staff/meetings/:id/items", post(staff::add_item))
        .at(
            "/staff/meetings/:id/digests/:official/:days",
            get(staff::digest_preview),
        )
        .at("/staff/agenda-items/:id/link", post(staff::link_item))
        .at(
            "/staff/agenda-items/:id/roll-call",
            get(staff::roll_call_form).post(staff::record_roll_call),
        )
        .at("/staff/bodies/:id/lead-times", post(staff::lead_times))
        .at(
            "/staff/officials/:id/resend-confirmation",
            post(staff::resend_confirmation),
        )
        .at("/staff/audit", get(audit::staff_log))
        .at(
            "/staff/import",
            get(imports::import_page).post(imports::check),
        )
        .at("/staff/import/:run", get(imports::run_page))
        .at("/staff/import/:run/apply", post(imports::apply))
        .at("/staff/registry", get(registry::registry_home))
        .at(
            "/staff/registry/:kind/new",
            get(registry::new_form).post(registry::create),
        )
        .at(
            "/staff/registry/:kind/:id",
            get(registry::edit_form).post(registry::update),
        )
        .at("/staff/registry/:kind/:id/archive", post(registry::archive))
        .at("/staff/registry/:kind/:id/:form", post(registry::below_row))
        .at("/staff/concerns", get(answers::staff_concerns))
        .at("/staff/concerns/:id/answer", post(answers::staff_answer))
        .at("/my/official", get(answers::official_desk))
        .at("/my/official/choices", post(answers::official_choices))
        .at(
            "/my/official/concerns/:id/answer",
            post(answers::official_answer),
        )
        .at(
            "/my/official/meetings/:id/digests/:days",
            get(answers::official_preview),
        )
        .at("/moderation", get(moderation::queue))
        .at("/moderation/comments/:id", post(moderation::decide))
        .at("/moderation/authors/:id", get(moderation::author_history))
        .at("/admin", get(admin::home))
        .at("/admin/audit", get(audit::admin_log))
        .at("/admin/users/:id/role", post(admin::set_role))
        .at("/admin/users/:id/official", post(admin::link_official))
        .at("/admin/organizations/:id/verify", post(admin::verify))
        // The home page, and the "not found" page for any address no other route takes.
        .at("/*path", get(home::home))
        .with(csrf::SameOrigin::new(&state.settings.application.base_url))
        .with(CookieJarManager::new())
        .with(security_headers(state))
        .with(Compression::new())
}
