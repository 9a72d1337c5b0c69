//! Accounts and sessions through the real router: the sign-up journey, enumeration-equal answers,
//! single-use tokens, forged access tokens, and log-in throttling counted per executed field.

use chrono::TimeDelta;
use contract_watch::auth::jwt::Claims;
use entity::enums::UserRole;
use poem::http::StatusCode;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, error_code, link_token};
use crate::on_both_databases;

on_both_databases!(
    a_new_user_signs_up_verifies_logs_in_refreshes_and_logs_out,
    sign_up_answers_alike_for_known_addresses_and_unverified_accounts_are_held_back,
    password_reset_links_work_once_and_expire,
    forged_and_stale_access_tokens_are_refused,
    every_aliased_log_in_field_counts_as_an_attempt,
    deleted_accounts_leave_a_former_member_and_an_export_beforehand,
    changing_the_email_address_waits_for_the_new_address_to_confirm,
    the_admin_command_bootstraps_the_first_admin,
    hourly_caps_hold_sign_ups_and_account_mails,
    sessions_lapse_after_a_week_unused_and_a_month_in_all,
);

// A deployment that allowed 100 aliases would still count every aliased field.
on_both_databases!(
    with [("CW__GRAPHQL__MAX_ALIASES", "100")];
    a_hundred_aliased_log_ins_count_as_a_hundred_attempts,
);

const SIGN_UP: &str = "mutation($e: String!, $p: String!, $n: String!) { \
    signUp(input: {email: $e, password: $p, displayName: $n}) { ok message } }";
const LOG_IN: &str = "mutation($e: String!, $p: String!) { \
    logIn(input: {email: $e, password: $p}) { accessToken refreshToken accessTokenExpiresAt me { displayName emailVerified } } }";
const REFRESH: &str =
    "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }";
const ME: &str = "{ me { id displayName email emailVerified role organizations { role } } }";

async fn sign_up(app: &TestApp, email: &str) -> (StatusCode, Value) {
    app.gql_as(
        None,
        "198.51.100.7",
        SIGN_UP,
        json!({ "e": email, "p": PASSWORD, "n": "Ana Ruiz" }),
    )
    .await
}

async fn a_new_user_signs_up_verifies_logs_in_refreshes_and_logs_out(app: TestApp) {
    let (status, body) = sign_up(&app, "Ana@Example.org").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["data"]["signUp"]["ok"], true, "{body}");

    // The verification mail is in the outbox; the worker hands it to the sender.
    let (kind, text) = app.last_mail_to("ana@example.org").await.unwrap();
    assert_eq!(kind, "verify_email");
    let token = link_token(&text, "/verify-email/");
    let sender = std::sync::Arc::new(contract_watch::email::InMemorySender::new(
        contract_watch::email::Composer::from_settings(&app.state.settings.email).unwrap(),
    ));
    let worker = contract_watch::outbox::worker::Worker::with_sender(&app.state, sender.clone());
    worker.drain().await.unwrap();
    assert_eq!(sender.sent().len(), 1, "the verification mail was sent");

    // Before verification the account may log in but not take part.
    let early = app.log_in("ana@example.org").await;
    let (_, refused) = app
        .gql_as(
            Some(&early),
            "198.51.100.7",
            "mutation { createOrganization(input: {name: \"Local 7\", kind: UNION_LOCAL, description: \"\"}) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&refused), "EMAIL_NOT_VERIFIED");

    // The emailed link's GET changes nothing; its POST verifies, once.
    let page = app
        .client
        .get(format!("/verify-email/{token}"))
        .send()
        .await;
    page.assert_status_is_ok();
    let me = app.data_as(&early, ME, json!({})).await;
    assert_eq!(me["me"]["emailVerified"], false);
    let confirmed = app
        .client
        .post(format!("/verify-email/{token}"))
        .send()
        .await;
    confirmed.assert_status_is_ok();
    let again = app
        .gql(
            "mutation($t: String!) { verifyEmail(token: $t) { id } }",
            json!({ "t": token }),
        )
        .await;
    assert_eq!(
        error_code(&again),
        "BAD_USER_INPUT",
        "a verification token works once"
    );
    assert_eq!(again["errors"][0]["extensions"]["field"], "token");

    // Log in, read `me`, refresh, and log out.
    let session = app
        .data(LOG_IN, json!({ "e": "ana@example.org", "p": PASSWORD }))
        .await["logIn"]
        .clone();
    assert_eq!(session["me"]["emailVerified"], true);
    let expires = session["accessTokenExpiresAt"].as_str().unwrap();
    assert_eq!(
        expires, "2026-06-15T12:15:00+00:00",
        "access tokens live 15 minutes"
    );
    let access = session["accessToken"].as_str().unwrap();
    let me = app.data_as(access, ME, json!({})).await;
    assert_eq!(me["me"]["email"], "ana@example.org");
    assert_eq!(me["me"]["role"], "RESIDENT");

    let first_refresh = session["refreshToken"].as_str().unwrap().to_owned();
    let rotated = app.data(REFRESH, json!({ "t": first_refresh })).await["refreshSession"].clone();
    let second_refresh = rotated["refreshToken"].as_str().unwrap().to_owned();
    assert_ne!(first_refresh, second_refresh, "refresh tokens rotate");
    app.data_as(rotated["accessToken"].as_str().unwrap(), ME, json!({}))
        .await;

    // Replaying the used token ends the whole family, including the newest token.
    let replay = app.gql(REFRESH, json!({ "t": first_refresh })).await;
    assert_eq!(error_code(&replay), "BAD_USER_INPUT");
    let after_replay = app.gql(REFRESH, json!({ "t": second_refresh })).await;
    assert_eq!(
        error_code(&after_replay),
        "BAD_USER_INPUT",
        "the family is revoked"
    );

    // A fresh session ends with logOut.
    let fresh = app
        .data(LOG_IN, json!({ "e": "ana@example.org", "p": PASSWORD }))
        .await;
    let refresh = fresh["logIn"]["refreshToken"].as_str().unwrap();
    app.data(
        "mutation($t: String!) { logOut(refreshToken: $t) }",
        json!({ "t": refresh }),
    )
    .await;
    let ended = app.gql(REFRESH, json!({ "t": refresh })).await;
    assert_eq!(error_code(&ended), "BAD_USER_INPUT");
}

async fn sign_up_answers_alike_for_known_addresses_and_unverified_accounts_are_held_back(
    app: TestApp,
) {
    app.account("known@example.org", UserRole::Resident, None)
        .await;
    let (known_status, known) = sign_up(&app, "known@example.org").await;
    let (new_status, new) = sign_up(&app, "new@example.org").await;
    assert_eq!(known_status, new_status);
    assert_eq!(
        known, new,
        "the same body whether or not the address has an account"
    );
    assert_eq!(
        app.last_mail_to("known@example.org").await.unwrap().0,
        "account_exists"
    );
    assert_eq!(
        app.last_mail_to("new@example.org").await.unwrap().0,
        "verify_email"
    );

    // A hash made under a weaker policy is replaced on the next log-in.
    {
        use argon2::PasswordHasher as _;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        let weak = argon2::Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            argon2::Params::new(4096, 1, 1, None).unwrap(),
        )
        .hash_password(PASSWORD.as_bytes())
        .unwrap()
        .to_string();
        let users = || {
            entity::user_account::Entity::find()
                .filter(entity::user_account::Column::Email.eq("known@example.org"))
        };
        entity::user_account::Entity::update_many()
            .col_expr(
                entity::user_account::Column::PasswordHash,
                Expr::value(weak),
            )
            .filter(entity::user_account::Column::Email.eq("known@example.org"))
            .exec(&app.state.db.write)
            .await
            .unwrap();
        app.log_in("known@example.org").await;
        let stored = users()
            .one(&app.state.db.write)
            .await
            .unwrap()
            .unwrap()
            .password_hash
            .unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
    }

    // Log-in failures read alike too.
    let unknown = app
        .gql(LOG_IN, json!({ "e": "nobody@example.org", "p": PASSWORD }))
        .await;
    let wrong = app
        .gql(
            LOG_IN,
            json!({ "e": "known@example.org", "p": "wrong wrong wrong wrong" }),
        )
        .await;
    assert_eq!(
        unknown["errors"][0]["message"],
        wrong["errors"][0]["message"]
    );
    assert_eq!(error_code(&unknown), "INVALID_CREDENTIALS");
    assert_eq!(error_code(&wrong), "INVALID_CREDENTIALS");

    // A short password is named; nothing is created.
    let (_, short) = app
        .gql_as(
            None,
            "198.51.100.8",
            SIGN_UP,
            json!({ "e": "short@example.org", "p": "short", "n": "S" }),
        )
        .await;
    assert_eq!(error_code(&short), "BAD_USER_INPUT");
    assert_eq!(short["errors"][0]["extensions"]["field"], "password");
    assert!(app.last_mail_to("short@example.org").await.is_none());

    // Unverified accounts are purged after seven days; verified ones stay.
    app.state
        .clock
        .advance(TimeDelta::days(7) + TimeDelta::minutes(1));
    let purged = contract_watch::services::accounts::purge_unverified(&app.state)
        .await
        .unwrap();
    assert_eq!(purged, 1);
    let gone = app
        .gql(LOG_IN, json!({ "e": "new@example.org", "p": PASSWORD }))
        .await;
    assert_eq!(error_code(&gone), "INVALID_CREDENTIALS");
    app.log_in("known@example.org").await;
}

async fn password_reset_links_work_once_and_expire(app: TestApp) {
    let (_, access) = app
        .account("rosa@example.org", UserRole::Resident, None)
        .await;
    let request = "mutation($e: String!) { requestPasswordReset(email: $e) { ok message } }";
    let known = app.data(request, json!({ "e": "rosa@example.org" })).await;
    let unknown = app
        .data(request, json!({ "e": "nobody@example.org" }))
        .await;
    assert_eq!(known, unknown, "the same answer for unknown addresses");
    let (kind, text) = app.last_mail_to("rosa@example.org").await.unwrap();
    assert_eq!(kind, "password_reset");
    let token = link_token(&text, "/reset-password/");

    let reset =
        "mutation($t: String!, $p: String!) { resetPassword(input: {token: $t, newPassword: $p}) }";
    let new_password = "a brand new passphrase here";
    app.data(reset, json!({ "t": token, "p": new_password }))
        .await;
    let again = app
        .gql(reset, json!({ "t": token, "p": new_password }))
        .await;
    assert_eq!(
        error_code(&again),
        "BAD_USER_INPUT",
        "a reset token works once"
    );
    let (status, _) = app.gql_as(Some(&access), "192.0.2.1", ME, json!({})).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a reset ends every session"
    );
    app.data(
        LOG_IN,
        json!({ "e": "rosa@example.org", "p": new_password }),
    )
    .await;

    // A reset link older than 30 minutes does nothing.
    app.data(request, json!({ "e": "rosa@example.org" })).await;
    let late = link_token(
        &app.last_mail_to("rosa@example.org").await.unwrap().1,
        "/reset-password/",
    );
    app.state.clock.advance(TimeDelta::minutes(31));
    let expired = app
        .gql(reset, json!({ "t": late, "p": "yet another passphrase!" }))
        .await;
    assert_eq!(error_code(&expired), "BAD_USER_INPUT");
    app.data(
        LOG_IN,
        json!({ "e": "rosa@example.org", "p": new_password }),
    )
    .await;
}

fn claims(app: &TestApp, user_id: i64, issued_minutes_ago: i64) -> Claims {
    let iat = (app.state.clock.now() - TimeDelta::minutes(issued_minutes_ago)).timestamp();
    Claims {
        iss: app.state.settings.auth.issuer.clone(),
        aud: app.state.settings.auth.audience.clone(),
        sub: user_id.to_string(),
        iat,
        exp: iat + 15 * 60,
        ver: 0,
    }
}

/// An HS-signed token with an arbitrary header, for algorithm and header forgeries.
fn raw_token(
    header: &Value,
    claims: &Value,
    key: &[u8],
    algorithm: jsonwebtoken::Algorithm,
) -> String {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let signing_input = format!(
        "{}.{}",
        b64.encode(header.to_string()),
        b64.encode(claims.to_string())
    );
    let signature = jsonwebtoken::crypto::sign(
        signing_input.as_bytes(),
        &jsonwebtoken::EncodingKey::from_secret(key),
        algorithm,
    )
    .unwrap();
    format!("{signing_input}.{signature}")
}

async fn forged_and_stale_access_tokens_are_refused(app: TestApp) {
    let (id, good) = app
        .account("vera@example.org", UserRole::Resident, None)
        .await;
    let jwt = &app.state.jwt;
    let key = b"dev-only-0123456789abcdef0123456789abcdef";
    let valid = serde_json::to_value(claims(&app, id, 0)).unwrap();
    let header = |alg: &str, kid: Option<&str>, typ: Option<&str>| {
        let mut h = json!({ "alg": alg });
        if let Some(kid) = kid {
            h["kid"] = json!(kid);
        }
        if let Some(typ) = typ {
            h["typ"] = json!(typ);
        }
        h
    };
    let with = |field: &str, value: Value| {
        let mut c = valid.clone();
        c[field] = value;
        c
    };
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let alg_none = format!(
        "{}.{}.",
        b64.encode(header("none", Some("dev-1"), Some("at+jwt")).to_string()),
        b64.encode(valid.to_string())
    );
    let hs256 = jsonwebtoken::Algorithm::HS256;
    let forged = [
        ("alg none", alg_none),
        (
            "wrong algorithm",
            raw_token(
                &header("HS512", Some("dev-1"), Some("at+jwt")),
                &valid,
                key,
                jsonwebtoken::Algorithm::HS512,
            ),
        ),
        (
            "wrong key",
            raw_token(
                &header("HS256", Some("dev-1"), Some("at+jwt")),
                &valid,
                b"an-attacker-key-of-enough-length-000",
                hs256,
            ),
        ),
        (
            "unknown kid",
            raw_token(
                &header("HS256", Some("nope"), Some("at+jwt")),
                &valid,
                key,
                hs256,
            ),
        ),
        (
            "no kid",
            raw_token(&header("HS256", None, Some("at+jwt")), &valid, key, hs256),
        ),
        (
            "no typ",
            raw_token(&header("HS256", Some("dev-1"), None), &valid, key, hs256),
        ),
        (
            "wrong iss",
            raw_token(
                &header("HS256", Some("dev-1"), Some("at+jwt")),
                &with("iss", json!("evil")),
                key,
                hs256,
            ),
        ),
        (
            "wrong aud",
            raw_token(
                &header("HS256", Some("dev-1"), Some("at+jwt")),
                &with("aud", json!("other-api")),
                key,
                hs256,
            ),
        ),
        (
            "string exp",
            raw_token(
                &header("HS256", Some("dev-1"), Some("at+jwt")),
                &with("exp", json!("9999999999")),
                key,
                hs256,
            ),
        ),
        (
            "no sub",
            raw_token(
                &header("HS256", Some("dev-1"), Some("at+jwt")),
                &{
                    let mut c = valid.clone();
                    c.as_object_mut().unwrap().remove("sub");
                    c
                },
                key,
                hs256,
            ),
        ),
        (
            "expired beyond leeway",
            jwt.sign("dev-1", &claims(&app, id, 16)).unwrap(),
        ),
        (
            "issued in the future",
            jwt.sign("dev-1", &claims(&app, id, -5)).unwrap(),
        ),
        ("not a token", "garbage".to_owned()),
    ];
    for (case, token) in &forged {
        let (status, body) = app.gql_as(Some(token), "192.0.2.1", ME, json!({})).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{case}: {body}");
        assert_eq!(error_code(&body), "UNAUTHENTICATED", "{case}");
    }
    // Within the 30 s leeway, and signed with the previous key (rotation), tokens still work.
    let mut lenient = claims(&app, id, 15);
    lenient.exp += 20;
    app.data_as(&jwt.sign("dev-1", &lenient).unwrap(), ME, json!({}))
        .await;
    app.data_as(
        &jwt.sign("dev-0", &claims(&app, id, 0)).unwrap(),
        ME,
        json!({}),
    )
    .await;

    // logOutEverywhere bumps the token version: the old access token stops at once.
    app.data_as(&good, "mutation { logOutEverywhere }", json!({}))
        .await;
    let (status, body) = app.gql_as(Some(&good), "192.0.2.1", ME, json!({})).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "bumped token version: {body}"
    );
    // No header at all is simply anonymous.
    assert_eq!(app.data(ME, json!({})).await["me"], Value::Null);
}

async fn every_aliased_log_in_field_counts_as_an_attempt(app: TestApp) {
    app.account("official@example.org", UserRole::Resident, None)
        .await;
    let fields: String = (0..30)
        .map(|i| format!("a{i}: logIn(input: {{email: \"official@example.org\", password: \"guess number {i:02} xx\"}}) {{ accessToken }} "))
        .collect();
    let (_, body) = app
        .gql_as(
            None,
            "203.0.113.9",
            &format!("mutation {{ {fields} }}"),
            json!({}),
        )
        .await;
    let errors = body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 30, "every field ran and failed: {body}");
    let codes: Vec<&str> = errors
        .iter()
        .map(|e| e["extensions"]["code"].as_str().unwrap())
        .collect();
    let free = app.state.settings.limits.login_free_failures_per_account_ip as usize;
    assert!(
        codes[..free].iter().all(|c| *c == "INVALID_CREDENTIALS"),
        "{codes:?}"
    );
    assert_eq!(
        codes[free], "INVALID_CREDENTIALS",
        "the first failure past the allowance starts the delay"
    );
    assert!(
        codes[free + 1..].iter().all(|c| *c == "RATE_LIMITED"),
        "{codes:?}"
    );

    // The right password from the same address waits too; from elsewhere it works (no lockout).
    let (_, same_ip) = app
        .gql_as(
            None,
            "203.0.113.9",
            LOG_IN,
            json!({ "e": "official@example.org", "p": PASSWORD }),
        )
        .await;
    assert_eq!(error_code(&same_ip), "RATE_LIMITED");
    assert!(
        same_ip["errors"][0]["extensions"]["retryAfterSeconds"]
            .as_i64()
            .unwrap()
            >= 1
    );
    let (_, elsewhere) = app
        .gql_as(
            None,
            "198.51.100.20",
            LOG_IN,
            json!({ "e": "official@example.org", "p": PASSWORD }),
        )
        .await;
    assert!(elsewhere.get("errors").is_none(), "{elsewhere}");

    // The counter lives in the database: a new app on the same database still applies it.
    let rebuilt = contract_watch::state::AppState::build(
        (*app.state.settings).clone(),
        app.state.clock.clone(),
    )
    .await
    .unwrap();
    let blocked = contract_watch::services::accounts::log_in(
        &rebuilt,
        &contract_watch::auth::RequestMeta {
            ip: "203.0.113.9".into(),
            request_id: "t".into(),
        },
        "official@example.org",
        secrecy::SecretString::from(PASSWORD.to_owned()),
    )
    .await;
    assert!(matches!(
        blocked,
        Err(contract_watch::error::AppError::RateLimited { .. })
    ));

    // After the delay the owner gets in.
    app.state.clock.advance(TimeDelta::minutes(20));
    let (_, later) = app
        .gql_as(
            None,
            "203.0.113.9",
            LOG_IN,
            json!({ "e": "official@example.org", "p": PASSWORD }),
        )
        .await;
    assert!(later.get("errors").is_none(), "{later}");

    // A document with more aliases than the limit runs no field at all.
    let many: String = (0..100)
        .map(|i| format!("a{i}: logIn(input: {{email: \"official@example.org\", password: \"x\"}}) {{ accessToken }} "))
        .collect();
    let (_, rejected) = app
        .gql_as(
            None,
            "203.0.113.10",
            &format!("mutation {{ {many} }}"),
            json!({}),
        )
        .await;
    assert_eq!(error_code(&rejected), "GRAPHQL_VALIDATION_FAILED");
}

async fn a_hundred_aliased_log_ins_count_as_a_hundred_attempts(app: TestApp) {
    // A hundred guesses at a hundred different addresses from one client: only the per-IP
    // counter can stop them, and only if each executed field counts.
    let fields: String = (0..100)
        .map(|i| format!("a{i}: logIn(input: {{email: \"guess{i}@example.org\", password: \"guess number {i:03} xx\"}}) {{ accessToken }} "))
        .collect();
    let (_, body) = app
        .gql_as(
            None,
            "203.0.113.77",
            &format!("mutation {{ {fields} }}"),
            json!({}),
        )
        .await;
    let codes: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["extensions"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 100, "every field ran: {body}");
    let free = app.state.settings.limits.login_free_failures_per_ip as usize;
    // The allowance, then the one failure that starts the delay, then refusals.
    assert!(
        codes[..=free].iter().all(|c| *c == "INVALID_CREDENTIALS"),
        "{codes:?}"
    );
    assert!(
        codes[free + 1..].iter().all(|c| *c == "RATE_LIMITED"),
        "{codes:?}"
    );
    let per_ip = entity::login_throttle::Entity::find_by_id("login-ip:203.0.113.77")
        .one(&app.state.db.write)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(per_ip.failures as usize, free + 1);
    assert!(per_ip.blocked_until.is_some());
}

async fn deleted_accounts_leave_a_former_member_and_an_export_beforehand(app: TestApp) {
    let (id, access) = app
        .account("lee@example.org", UserRole::Resident, None)
        .await;
    app.data_as(
        &access,
        "mutation { createOrganization(input: {name: \"Tenants United\", kind: COMMUNITY_GROUP, description: \"Renters\"}) { id } }",
        json!({}),
    )
    .await;
    let export = app.data_as(&access, "{ myDataExport }", json!({})).await;
    assert_eq!(
        export["myDataExport"]["account"]["email"],
        "lee@example.org"
    );
    assert_eq!(
        export["myDataExport"]["organizations"][0]["organization"],
        "Tenants United"
    );

    let wrong = app
        .gql_as(
            Some(&access),
            "192.0.2.1",
            "mutation { deleteMyAccount(currentPassword: \"not it at all!!\") }",
            json!({}),
        )
        .await
        .1;
    assert_eq!(error_code(&wrong), "BAD_USER_INPUT");
    app.data_as(
        &access,
        "mutation($p: String!) { deleteMyAccount(currentPassword: $p) }",
        json!({ "p": PASSWORD }),
    )
    .await;
    let user_id =
        contract_watch::domain::ids::GlobalId::new(contract_watch::domain::ids::NodeKind::User, id)
            .encode();
    let node = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on User { displayName } } }",
            json!({ "id": user_id }),
        )
        .await;
    assert_eq!(node["node"]["displayName"], "former member");
    let gone = app
        .gql(LOG_IN, json!({ "e": "lee@example.org", "p": PASSWORD }))
        .await;
    assert_eq!(error_code(&gone), "INVALID_CREDENTIALS");
}

async fn changing_the_email_address_waits_for_the_new_address_to_confirm(app: TestApp) {
    let (_, access) = app
        .account("old@example.org", UserRole::Resident, None)
        .await;
    app.account("taken@example.org", UserRole::Resident, None)
        .await;
    const CHANGE: &str = "mutation($e: String!, $p: String!) { \
        changeEmail(input: {newEmail: $e, currentPassword: $p}) { ok message } }";

    // The current password is required, and a wrong one changes nothing and sends nothing.
    let (_, wrong) = app
        .gql_as(
            Some(&access),
            "192.0.2.1",
            CHANGE,
            json!({ "e": "new@example.org", "p": "not my password at all" }),
        )
        .await;
    assert_eq!(error_code(&wrong), "BAD_USER_INPUT");
    assert_eq!(wrong["errors"][0]["extensions"]["field"], "currentPassword");
    assert!(app.last_mail_to("new@example.org").await.is_none());

    // An address that belongs to someone else gets the same answer; its owner is told instead.
    let taken = app
        .data_as(
            &access,
            CHANGE,
            json!({ "e": "taken@example.org", "p": PASSWORD }),
        )
        .await;
    let fresh = app
        .data_as(
            &access,
            CHANGE,
            json!({ "e": "New@Example.org", "p": PASSWORD }),
        )
        .await;
    assert_eq!(
        taken, fresh,
        "the answer does not reveal which address is taken"
    );
    assert_eq!(
        app.last_mail_to("taken@example.org").await.unwrap().0,
        "account_exists"
    );

    // Until the new address confirms, the account keeps the old one.
    assert_eq!(
        app.data_as(&access, ME, json!({})).await["me"]["email"],
        "old@example.org"
    );
    let (kind, text) = app.last_mail_to("new@example.org").await.unwrap();
    assert_eq!(kind, "verify_email");
    let token = link_token(&text, "/verify-email/");
    app.data(
        "mutation($t: String!) { verifyEmail(token: $t) { id } }",
        json!({ "t": token }),
    )
    .await;
    assert_eq!(
        app.data_as(&access, ME, json!({})).await["me"]["email"],
        "new@example.org"
    );
    // The old address hears about it, with the new one masked.
    let (kind, notice) = app.last_mail_to("old@example.org").await.unwrap();
    assert_eq!(kind, "email_changed");
    assert!(notice.contains("n…@example.org"), "{notice}");
    assert!(!notice.contains("new@example.org"), "{notice}");

    // The link worked once; the new address logs in and the old one no longer does.
    let (_, again) = app
        .gql_as(
            None,
            "192.0.2.1",
            "mutation($t: String!) { verifyEmail(token: $t) { id } }",
            json!({ "t": token }),
        )
        .await;
    assert!(again.get("errors").is_some(), "{again}");
    app.log_in("new@example.org").await;
    let (_, old) = app
        .gql_as(
            None,
            "192.0.2.1",
            LOG_IN,
            json!({ "e": "old@example.org", "p": PASSWORD }),
        )
        .await;
    assert_eq!(error_code(&old), "INVALID_CREDENTIALS");
}

async fn the_admin_command_bootstraps_the_first_admin(app: TestApp) {
    use secrecy::ExposeSecret;
    use std::io::Write;
    let database = &app.state.settings.database;
    let run = |args: &[&str], stdin: &str| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_contract-watch"));
        command
            .arg("admin")
            .arg("create-user")
            .args(args)
            .env("CW_ENV", "local")
            .env("CW__DATABASE__URL", database.url.expose_secret())
            .env("RUST_LOG", "warn")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        if let Some(schema) = &database.schema {
            command.env("CW__DATABASE__SCHEMA", schema);
        }
        let mut child = command.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };

    // The password from standard input.
    let output = run(
        &["--email", "Chief@Example.org", "--password-stdin"],
        &format!("{PASSWORD}\n"),
    );
    assert!(output.status.success(), "{output:?}");
    let access = app.log_in("chief@example.org").await;
    let me = app.data_as(&access, ME, json!({})).await;
    assert_eq!(me["me"]["role"], "ADMIN");
    assert_eq!(me["me"]["emailVerified"], true);

    // A generated password is printed once and works.
    let output = run(&["--email", "clerk@example.org", "--role", "moderator"], "");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let password = stdout
        .lines()
        .find_map(|line| line.strip_prefix("password (shown once): "))
        .unwrap();
    let (_, body) = app
        .gql_as(
            None,
            "192.0.2.1",
            LOG_IN,
            json!({ "e": "clerk@example.org", "p": password }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body}");

    // Bad input is refused with a clear message and creates nothing.
    let output = run(&["--email", "x@example.org", "--role", "mayor"], "");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--role must be"));
    let output = run(
        &["--email", "short@example.org", "--password-stdin"],
        "short\n",
    );
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("password"),
        "{output:?}"
    );
    let (_, body) = app
        .gql_as(
            None,
            "192.0.2.1",
            LOG_IN,
            json!({ "e": "short@example.org", "p": "short" }),
        )
        .await;
    assert_eq!(error_code(&body), "INVALID_CREDENTIALS");
}

async fn hourly_caps_hold_sign_ups_and_account_mails(app: TestApp) {
    let limits = app.state.settings.limits.clone();
    let sign_up_from = |ip: &'static str, email: String| {
        let app = &app;
        async move {
            app.gql_as(
                None,
                ip,
                SIGN_UP,
                json!({ "e": email, "p": PASSWORD, "n": "Ana" }),
            )
            .await
            .1
        }
    };

    // Sign-ups per client address per hour.
    for n in 0..limits.sign_ups_per_ip_per_hour {
        let body = sign_up_from("203.0.113.1", format!("person{n}@example.org")).await;
        assert!(body.get("errors").is_none(), "{body}");
    }
    let refused = sign_up_from("203.0.113.1", "one-more@example.org".into()).await;
    assert_eq!(error_code(&refused), "RATE_LIMITED");
    assert!(
        refused["errors"][0]["extensions"]["retryAfterSeconds"]
            .as_i64()
            .unwrap()
            > 0
    );
    assert!(
        app.last_mail_to("one-more@example.org").await.is_none(),
        "nothing was created"
    );
    let elsewhere = sign_up_from("203.0.113.2", "one-more@example.org".into()).await;
    assert!(elsewhere.get("errors").is_none(), "{elsewhere}");
    app.state.clock.advance(TimeDelta::minutes(61));
    let later = sign_up_from("203.0.113.1", "next-hour@example.org".into()).await;
    assert!(later.get("errors").is_none(), "{later}");

    // Account mails per account: past the cap the answer stays the same and no mail goes out,
    // so the answer cannot tell whether the address has an account.
    app.account("busy@example.org", UserRole::Resident, None)
        .await;
    const RESET: &str = "mutation($e: String!) { requestPasswordReset(email: $e) { ok message } }";
    let mails_to = |to: &'static str| {
        let app = &app;
        async move {
            use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter};
            entity::email_delivery::Entity::find()
                .filter(entity::email_delivery::Column::Recipient.eq(to))
                .filter(entity::email_delivery::Column::Kind.eq("password_reset"))
                .count(&app.state.db.write)
                .await
                .unwrap()
        }
    };
    let ips = [
        "198.51.100.31",
        "198.51.100.32",
        "198.51.100.33",
        "198.51.100.34",
        "198.51.100.35",
    ];
    let mut answers = Vec::new();
    for ip in ips
        .iter()
        .take(limits.account_mails_per_account_per_hour as usize + 2)
    {
        let (_, body) = app
            .gql_as(None, ip, RESET, json!({ "e": "busy@example.org" }))
            .await;
        answers.push(body);
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    assert_eq!(
        mails_to("busy@example.org").await,
        limits.account_mails_per_account_per_hour as u64
    );

    // Account mails per client address: an error, whatever the address asked about.
    for n in 0..limits.account_mails_per_ip_per_hour {
        let (_, body) = app
            .gql_as(
                None,
                "198.51.100.99",
                RESET,
                json!({ "e": format!("nobody{n}@example.org") }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{body}");
    }
    let (_, refused) = app
        .gql_as(
            None,
            "198.51.100.99",
            RESET,
            json!({ "e": "busy@example.org" }),
        )
        .await;
    assert_eq!(error_code(&refused), "RATE_LIMITED");
}

async fn sessions_lapse_after_a_week_unused_and_a_month_in_all(app: TestApp) {
    app.account("sam@example.org", UserRole::Resident, None)
        .await;
    let app = &app;
    let log_in = || async {
        app.data(LOG_IN, json!({ "e": "sam@example.org", "p": PASSWORD }))
            .await["logIn"]["refreshToken"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let refresh = |token: String| async move {
        let body = app.gql(REFRESH, json!({ "t": token })).await;
        body["data"]["refreshSession"]["refreshToken"]
            .as_str()
            .map(str::to_owned)
            .ok_or(body)
    };

    // Used within a week, a session keeps going...
    let mut token = log_in().await;
    for _ in 0..4 {
        app.state.clock.advance(TimeDelta::days(6));
        token = refresh(token).await.unwrap();
    }
    // ...but not past 30 days from its log-in (day 30 now).
    app.state.clock.advance(TimeDelta::days(6));
    let ended = refresh(token).await.unwrap_err();
    assert_eq!(error_code(&ended), "BAD_USER_INPUT");
    assert_eq!(ended["errors"][0]["extensions"]["field"], "refreshToken");

    // Unused for more than a week, it ends.
    let token = log_in().await;
    app.state
        .clock
        .advance(TimeDelta::days(7) + TimeDelta::minutes(1));
    let idle = refresh(token).await.unwrap_err();
    assert_eq!(error_code(&idle), "BAD_USER_INPUT");
}
