//! The account pages through the real router: an emailed verification link signs the person in
//! (once), a new password keeps this browser signed in and ends the others, signing out
//! everywhere, downloading one's data, deleting the account (after being told what happens), and
//! "forgot your password" through the new emailed-link pages.

use contract_watch::domain::ids::NodeKind;
use contract_watch::services::accounts;
use entity::enums::UserRole;
use poem::http::StatusCode;
use serde_json::json;

use crate::browser::{Browser, Page, assert_page_shape};
use crate::fixtures::registry;
use crate::helpers::{PASSWORD, TestApp, gid, link_token};
use crate::on_both_databases;

on_both_databases!(
    a_verification_link_signs_the_person_in_and_works_once,
    a_new_password_keeps_this_browser_signed_in_and_ends_the_others,
    signing_out_everywhere_ends_every_browsers_session,
    download_my_data_is_a_json_file_of_the_account,
    deleting_the_account_says_what_happens_first_and_needs_the_password,
    a_forgotten_password_is_reset_through_the_emailed_link,
    the_time_zone_and_email_forms_save_or_name_their_errors,
);

/// A new password in the tests (long enough for the policy).
const NEW_PASSWORD: &str = "a brand new passphrase here";

/// Whether the page's header shows a signed-in person.
fn signed_in(page: &Page) -> bool {
    page.texts(".site-nav").join(" ").contains("Account (")
}

async fn a_verification_link_signs_the_person_in_and_works_once(app: TestApp) {
    let browser = Browser::new(&app);
    let form = browser.get("/sign-up").await;
    let done = browser
        .post(
            "/sign-up",
            &[
                ("csrf_token", &form.csrf()),
                ("displayName", "Rosa"),
                ("email", "rosa@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let (kind, text) = app.last_mail_to("rosa@example.org").await.unwrap();
    assert_eq!(kind, "verify_email");
    let token = link_token(&text, "/verify-email/");
    let path = format!("/verify-email/{token}");

    // The link's page is a button; opening it changes nothing.
    let confirm = browser.get(&path).await;
    assert_page_shape(&confirm, StatusCode::OK, &path);
    assert_eq!(
        confirm.attr("main form", "action").as_deref(),
        Some(path.as_str())
    );
    assert!(!signed_in(&confirm), "{}", confirm.text());
    let user = accounts::find_by_email(&app.state.db.write, "rosa@example.org")
        .await
        .unwrap()
        .unwrap();
    assert!(user.email_verified_at.is_none(), "a GET confirms nothing");

    // Pressing it confirms the address and signs this browser in.
    let confirmed = browser
        .post(&path, &[("csrf_token", &confirm.csrf())])
        .await;
    assert_page_shape(&confirmed, StatusCode::OK, "confirmed");
    assert!(
        confirmed
            .text()
            .contains("Your address is confirmed and you are signed in"),
        "{}",
        confirmed.text()
    );
    assert!(
        confirmed.attr("main a[href='/search']", "href").is_some(),
        "next steps"
    );
    let home = browser.get("/").await;
    assert!(signed_in(&home), "{}", home.text());
    assert!(home.text().contains("Account (Rosa)"), "{}", home.text());
    let account = browser.get("/account").await;
    assert_page_shape(&account, StatusCode::OK, "/account");
    assert_eq!(
        account.attr("[data-verified]", "data-verified").as_deref(),
        Some("yes")
    );

    // The link works once: again, it says what to do instead.
    let again = browser.post(&path, &[("csrf_token", &home.csrf())]).await;
    assert_page_shape(&again, StatusCode::BAD_REQUEST, "used link");
    let text = again.text();
    assert!(text.contains("This link does not work"), "{text}");
    assert!(
        again.attr("main a[href='/sign-in']", "href").is_some(),
        "{text}"
    );
    assert!(
        again
            .attr("main a[href='/forgot-password']", "href")
            .is_some(),
        "{text}"
    );

    // A post without this page's form token confirms an address but signs nobody in.
    let other = Browser::new(&app);
    let (_, access) = app
        .account("sam@example.org", UserRole::Resident, None)
        .await;
    app.data_as(
        &access,
        "mutation($e: String!, $p: String!) { \
         changeEmail(input: {newEmail: $e, currentPassword: $p}) { ok } }",
        json!({ "e": "sam.new@example.org", "p": PASSWORD }),
    )
    .await;
    let (_, text) = app.last_mail_to("sam.new@example.org").await.unwrap();
    let token = link_token(&text, "/verify-email/");
    let bare = other.post(&format!("/verify-email/{token}"), &[]).await;
    assert_page_shape(&bare, StatusCode::OK, "confirmed without a form token");
    assert!(
        bare.text().contains("Your address is confirmed"),
        "{}",
        bare.text()
    );
    assert!(!signed_in(&bare), "{}", bare.text());
    assert!(other.cookie("cw_session").is_none());
    assert!(
        accounts::find_by_email(&app.state.db.write, "sam.new@example.org")
            .await
            .unwrap()
            .is_some(),
        "the new address is the account's"
    );
}

async fn a_new_password_keeps_this_browser_signed_in_and_ends_the_others(app: TestApp) {
    let (_, access) = app
        .account("ana@example.org", UserRole::Resident, None)
        .await;
    let here = Browser::new(&app);
    here.sign_in("ana@example.org", PASSWORD).await;
    let elsewhere = Browser::new(&app);
    elsewhere.sign_in("ana@example.org", PASSWORD).await;

    let account = here.get("/account").await;
    assert_page_shape(&account, StatusCode::OK, "/account");
    assert_eq!(account.texts("table.sessions tbody tr").len(), 2);
    assert_eq!(account.texts("table.sessions tr[data-current]").len(), 1);
    assert!(
        account
            .attr("a[href='/account/password']", "href")
            .is_some(),
        "{}",
        account.body
    );

    let form = here.get("/account/password").await;
    assert_page_shape(&form, StatusCode::OK, "/account/password");

    // A wrong current password: the error, no password written back, nothing changed.
    let wrong = here
        .post(
            "/account/password",
            &[
                ("csrf_token", &form.csrf()),
                ("currentPassword", "not my password at all"),
                ("newPassword", NEW_PASSWORD),
            ],
        )
        .await;
    assert_page_shape(&wrong, StatusCode::BAD_REQUEST, "wrong password");
    assert_eq!(
        wrong.attr(".error-summary a", "href").as_deref(),
        Some("#currentPassword")
    );
    assert_eq!(wrong.texts("#currentPassword-error").len(), 1);
    assert!(
        !wrong.body.contains(NEW_PASSWORD),
        "passwords are never echoed"
    );
    assert!(!wrong.body.contains("not my password at all"));

    // A stale form changes nothing either.
    let stale = here
        .post(
            "/account/password",
            &[
                ("csrf_token", "0000"),
                ("currentPassword", PASSWORD),
                ("newPassword", NEW_PASSWORD),
            ],
        )
        .await;
    assert_page_shape(&stale, StatusCode::BAD_REQUEST, "stale password form");
    assert!(
        stale.text().contains("please submit it again"),
        "{}",
        stale.text()
    );
    assert!(!stale.body.contains(NEW_PASSWORD));
    assert!(signed_in(&elsewhere.get("/").await), "nothing changed");

    let changed = here
        .post(
            "/account/password",
            &[
                ("csrf_token", &form.csrf()),
                ("currentPassword", PASSWORD),
                ("newPassword", NEW_PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        changed.location.as_deref(),
        Some("/account?done=password"),
        "{}",
        changed.body
    );
    let account = here.follow(&changed).await;
    assert_page_shape(&account, StatusCode::OK, "/account?done=password");
    assert!(
        account.text().contains("Your password is changed"),
        "{}",
        account.text()
    );
    assert!(signed_in(&account), "this browser stays signed in");
    assert_eq!(account.texts("table.sessions tbody tr").len(), 1);

    // The other browser's session and the API's tokens have ended.
    let there = elsewhere.get("/account").await;
    assert_page_shape(&there, StatusCode::OK, "/account elsewhere");
    assert_eq!(there.texts("h1"), vec!["Sign in"]);
    let (status, _) = app
        .gql_as(Some(&access), "192.0.2.1", "{ me { id } }", json!({}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The new password signs in; the old one no longer does.
    let third = Browser::new(&app);
    third.sign_in("ana@example.org", NEW_PASSWORD).await;
    let fourth = Browser::new(&app);
    let form = fourth.get("/sign-in").await;
    let refused = fourth
        .post(
            "/sign-in",
            &[
                ("csrf_token", &form.csrf()),
                ("email", "ana@example.org"),
                ("password", PASSWORD),
                ("return_to", "/"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
}

async fn signing_out_everywhere_ends_every_browsers_session(app: TestApp) {
    app.account("ben@example.org", UserRole::Resident, None)
        .await;
    let here = Browser::new(&app);
    here.sign_in("ben@example.org", PASSWORD).await;
    let elsewhere = Browser::new(&app);
    elsewhere.sign_in("ben@example.org", PASSWORD).await;

    let account = here.get("/account").await;
    assert_page_shape(&account, StatusCode::OK, "/account");
    let stale = here
        .post("/account/sign-out-everywhere", &[("csrf_token", "0000")])
        .await;
    assert_page_shape(&stale, StatusCode::BAD_REQUEST, "stale sign-out");
    assert!(signed_in(&elsewhere.get("/").await), "nothing changed");

    let out = here
        .post(
            "/account/sign-out-everywhere",
            &[("csrf_token", &account.csrf())],
        )
        .await;
    assert_eq!(out.location.as_deref(), Some("/?done=signed-out"));
    assert!(here.cookie("cw_session").is_none(), "the cookie is gone");
    let home = here.follow(&out).await;
    assert_page_shape(&home, StatusCode::OK, "/?done=signed-out");
    assert!(
        home.text().contains("You are signed out."),
        "{}",
        home.text()
    );
    assert!(!signed_in(&home));
    let there = elsewhere.get("/").await;
    assert!(!signed_in(&there), "{}", there.text());
}

async fn download_my_data_is_a_json_file_of_the_account(app: TestApp) {
    app.account("lee@example.org", UserRole::Resident, None)
        .await;
    // Signed out, the address asks to sign in first.
    let anonymous = Browser::new(&app);
    let ask = anonymous.get("/account/data.json").await;
    assert_page_shape(&ask, StatusCode::OK, "/account/data.json signed out");
    assert_eq!(ask.texts("h1"), vec!["Sign in"]);
    assert_eq!(
        ask.attr("input[name=return_to]", "value").as_deref(),
        Some("/account")
    );

    let browser = Browser::new(&app);
    browser.sign_in("lee@example.org", PASSWORD).await;
    let account = browser.get("/account").await;
    assert_eq!(
        account
            .attr("a[href='/account/data.json']", "href")
            .as_deref(),
        Some("/account/data.json")
    );
    let file = browser.get("/account/data.json").await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.body);
    let header = |name: &str| file.headers[name].to_str().unwrap().to_owned();
    assert!(header("content-type").starts_with("application/json"));
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"contract-watch-data.json\""
    );
    assert_eq!(header("cache-control"), "no-store");
    let export: serde_json::Value = serde_json::from_str(&file.body).unwrap();
    assert_eq!(export["account"]["displayName"], "lee", "{export}");
    assert_eq!(export["account"]["email"], "lee@example.org");
}

async fn deleting_the_account_says_what_happens_first_and_needs_the_password(app: TestApp) {
    let r = registry(&app.state.db.write).await;
    app.account("kim@example.org", UserRole::Resident, None)
        .await;
    let browser = Browser::new(&app);
    browser.sign_in("kim@example.org", PASSWORD).await;
    let contract = format!(
        "/contracts/{}",
        gid(NodeKind::Contract, r.custodial_contract)
    );
    let page = browser.get(&contract).await;
    let posted = browser
        .post(
            &format!("{contract}/comments"),
            &[
                ("csrf_token", &page.csrf()),
                ("position", "OPPOSE"),
                ("body", "Keep the cleaning in house."),
            ],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);

    // Before anything is asked, the page says what happens to what the person wrote.
    let account = browser.get("/account").await;
    assert!(account.attr("a[href='/account/delete']", "href").is_some());
    let warning = browser.get("/account/delete").await;
    assert_page_shape(&warning, StatusCode::OK, "/account/delete");
    let consequences = warning.texts("[data-consequences]").join(" ");
    assert!(
        consequences.contains("Your comments stay public")
            && consequences.contains("former member"),
        "{consequences}"
    );
    assert!(consequences.contains("organisation"), "{consequences}");
    assert!(
        consequences.contains("We stop emailing you"),
        "{consequences}"
    );

    // A wrong password: the error summary, and nothing deleted.
    let wrong = browser
        .post(
            "/account/delete",
            &[
                ("csrf_token", &warning.csrf()),
                ("currentPassword", "not my password at all"),
            ],
        )
        .await;
    assert_page_shape(&wrong, StatusCode::BAD_REQUEST, "wrong password");
    assert_eq!(
        wrong.attr(".error-summary a", "href").as_deref(),
        Some("#currentPassword")
    );
    assert!(!wrong.body.contains("not my password at all"));
    assert!(
        accounts::find_by_email(&app.state.db.write, "kim@example.org")
            .await
            .unwrap()
            .is_some(),
        "nothing deleted"
    );
    assert!(signed_in(&browser.get("/").await));

    // The right one deletes the account and signs the browser out.
    let deleted = browser
        .post(
            "/account/delete",
            &[
                ("csrf_token", &warning.csrf()),
                ("currentPassword", PASSWORD),
            ],
        )
        .await;
    assert_eq!(deleted.location.as_deref(), Some("/?done=deleted"));
    assert!(browser.cookie("cw_session").is_none());
    let home = browser.follow(&deleted).await;
    assert_page_shape(&home, StatusCode::OK, "/?done=deleted");
    assert!(!signed_in(&home));
    assert!(
        home.text().contains("Your account is deleted."),
        "{}",
        home.text()
    );
    assert!(
        accounts::find_by_email(&app.state.db.write, "kim@example.org")
            .await
            .unwrap()
            .is_none()
    );
    let form = browser.get("/sign-in").await;
    let refused = browser
        .post(
            "/sign-in",
            &[
                ("csrf_token", &form.csrf()),
                ("email", "kim@example.org"),
                ("password", PASSWORD),
                ("return_to", "/"),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "no more signing in"
    );

    // As the page said: the comment stays, by "former member".
    let page = browser.get(&contract).await;
    assert!(
        page.text().contains("Keep the cleaning in house."),
        "{}",
        page.text()
    );
    let authors = page.texts(".comment__meta").join(" ");
    assert!(authors.contains("former member"), "{authors}");
    assert!(!authors.contains("kim"), "{authors}");
}

async fn a_forgotten_password_is_reset_through_the_emailed_link(app: TestApp) {
    app.account("ivy@example.org", UserRole::Resident, None)
        .await;
    let browser = Browser::new(&app);
    let sign_in = browser.get("/sign-in").await;
    assert!(
        sign_in.attr("a[href='/forgot-password']", "href").is_some(),
        "the sign-in page links here"
    );
    let form = browser.get("/forgot-password").await;
    assert_page_shape(&form, StatusCode::OK, "/forgot-password");

    // Known or not, the same page.
    let mut answers = Vec::new();
    for email in ["ivy@example.org", "nobody@example.org"] {
        let sent = browser
            .post(
                "/forgot-password",
                &[("csrf_token", &form.csrf()), ("email", email)],
            )
            .await;
        assert_page_shape(&sent, StatusCode::OK, "sent");
        assert!(
            sent.text().contains(&format!(
                "If {email} has an account, we have sent it a link"
            )),
            "{}",
            sent.text()
        );
        answers.push(sent.text().replace(email, "…"));
    }
    assert_eq!(
        answers[0], answers[1],
        "the same answer for unknown addresses"
    );
    assert!(app.last_mail_to("nobody@example.org").await.is_none());
    let malformed = browser
        .post(
            "/forgot-password",
            &[("csrf_token", &form.csrf()), ("email", "not an address")],
        )
        .await;
    assert_page_shape(&malformed, StatusCode::BAD_REQUEST, "malformed address");
    assert_eq!(malformed.texts("#email-error").len(), 1);

    let (kind, text) = app.last_mail_to("ivy@example.org").await.unwrap();
    assert_eq!(kind, "password_reset");
    let token = link_token(&text, "/reset-password/");
    let path = format!("/reset-password/{token}");
    let reset = browser.get(&path).await;
    assert_page_shape(&reset, StatusCode::OK, &path);
    assert_eq!(
        reset.attr("main form", "action").as_deref(),
        Some(path.as_str())
    );

    // Too short: the error on the field, and the link still works.
    let short = browser
        .post(
            &path,
            &[("csrf_token", &reset.csrf()), ("newPassword", "short")],
        )
        .await;
    assert_page_shape(&short, StatusCode::BAD_REQUEST, "short password");
    assert_eq!(short.texts("#newPassword-error").len(), 1);
    assert_eq!(
        short.attr("main form", "action").as_deref(),
        Some(path.as_str())
    );

    let done = browser
        .post(
            &path,
            &[("csrf_token", &reset.csrf()), ("newPassword", NEW_PASSWORD)],
        )
        .await;
    assert_page_shape(&done, StatusCode::OK, "password reset");
    assert!(
        done.text().contains("Your password is changed"),
        "{}",
        done.text()
    );
    let again = browser
        .post(
            &path,
            &[("csrf_token", &reset.csrf()), ("newPassword", NEW_PASSWORD)],
        )
        .await;
    assert_page_shape(&again, StatusCode::BAD_REQUEST, "used reset link");
    assert!(
        again.text().contains("This link does not work"),
        "{}",
        again.text()
    );

    browser.sign_in("ivy@example.org", NEW_PASSWORD).await;
    assert!(signed_in(&browser.get("/").await));
}

async fn the_time_zone_and_email_forms_save_or_name_their_errors(app: TestApp) {
    app.account("eve@example.org", UserRole::Resident, None)
        .await;
    let browser = Browser::new(&app);
    browser.sign_in("eve@example.org", PASSWORD).await;
    let account = browser.get("/account").await;
    assert_page_shape(&account, StatusCode::OK, "/account");
    assert!(
        account.text().contains("eve@example.org"),
        "{}",
        account.text()
    );

    let odd = browser
        .post(
            "/account/time-zone",
            &[
                ("csrf_token", &account.csrf()),
                ("timeZone", "Mars/Olympus"),
            ],
        )
        .await;
    assert_page_shape(&odd, StatusCode::BAD_REQUEST, "odd time zone");
    assert_eq!(odd.texts("#timeZone-error").len(), 1);
    let saved = browser
        .post(
            "/account/time-zone",
            &[
                ("csrf_token", &account.csrf()),
                ("timeZone", "America/Chicago"),
            ],
        )
        .await;
    assert_eq!(saved.location.as_deref(), Some("/account?done=time-zone"));
    let account = browser.follow(&saved).await;
    assert!(
        account.text().contains("Your time zone is saved."),
        "{}",
        account.text()
    );
    assert_eq!(
        account
            .attr("select#timeZone option[selected]", "value")
            .as_deref(),
        Some("America/Chicago")
    );

    let form = browser.get("/account/email").await;
    assert_page_shape(&form, StatusCode::OK, "/account/email");
    let wrong = browser
        .post(
            "/account/email",
            &[
                ("csrf_token", &form.csrf()),
                ("newEmail", "eve.new@example.org"),
                ("currentPassword", "not my password at all"),
            ],
        )
        .await;
    assert_page_shape(&wrong, StatusCode::BAD_REQUEST, "wrong password");
    assert_eq!(wrong.texts("#currentPassword-error").len(), 1);
    assert_eq!(
        wrong.attr("input#newEmail", "value").as_deref(),
        Some("eve.new@example.org"),
        "the input is kept"
    );
    let sent = browser
        .post(
            "/account/email",
            &[
                ("csrf_token", &form.csrf()),
                ("newEmail", "eve.new@example.org"),
                ("currentPassword", PASSWORD),
            ],
        )
        .await;
    assert_eq!(sent.location.as_deref(), Some("/account?done=email"));
    let account = browser.follow(&sent).await;
    assert!(
        account
            .text()
            .contains("We sent a link to the new address."),
        "{}",
        account.text()
    );
    // Following the link in this browser keeps it signed in, with the new address.
    let (kind, text) = app.last_mail_to("eve.new@example.org").await.unwrap();
    assert_eq!(kind, "verify_email");
    let path = format!("/verify-email/{}", link_token(&text, "/verify-email/"));
    let confirm = browser.get(&path).await;
    let confirmed = browser
        .post(&path, &[("csrf_token", &confirm.csrf())])
        .await;
    assert_page_shape(&confirmed, StatusCode::OK, "confirmed new address");
    assert!(signed_in(&confirmed));
    let account = browser.get("/account").await;
    assert!(
        account.text().contains("eve.new@example.org"),
        "{}",
        account.text()
    );
}
