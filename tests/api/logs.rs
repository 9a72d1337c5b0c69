//! No personal data in logs: the real binary runs a resident's whole journey at `debug` —
//! sign-up, confirmation, a failed and a good log-in, a comment, a concern, a password reset,
//! refused requests, the alert and digest jobs and the mail they send — and no line it writes
//! carries an address, a token, a password, what the resident wrote, or their IP address (except
//! in the rate-limit code, which names the address it refuses).

use std::collections::BTreeMap;
use std::process::Stdio;

use serde_json::{Value, json};

use crate::helpers::link_token;
use crate::production::{Served, binary, free_port};

const EMAIL: &str = "rosa.parkside@example.org";
const PASSWORD: &str = "marigold lantern over the river";
const NEW_PASSWORD: &str = "quiet harbour with seven boats";
const NAME: &str = "Rosa Parkside";
const CLIENT_IP: &str = "203.0.113.77";
const COMMENT: &str = "The bus depot contract leaves drivers without breaks";
const CONCERN: &str = "Outsourcing the night shift cuts pay for custodians";

/// Runs a one-shot command of the binary and returns what it wrote to stderr.
fn once(vars: &BTreeMap<String, String>, args: &[&str]) -> String {
    let output = binary(vars)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{args:?}: {stderr}");
    stderr
}

/// The text of the mail in the file transport's folder that contains `marker`.
fn mail_with(folder: &std::path::Path, marker: &str) -> String {
    std::fs::read_dir(folder)
        .unwrap()
        .filter_map(|entry| std::fs::read(entry.unwrap().path()).ok())
        .filter_map(|raw| {
            let message = mail_parser::MessageParser::default().parse(&raw)?;
            message.body_text(0).map(|text| text.into_owned())
        })
        .find(|text| text.contains(marker))
        .unwrap_or_else(|| panic!("no mail with {marker}"))
}

#[test]
fn a_full_journey_at_debug_logs_no_personal_data_sqlite() {
    let folder = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        folder.path().join("cw.db").display()
    );
    journey(&url);
}

#[test]
fn a_full_journey_at_debug_logs_no_personal_data_postgres() {
    let Some(admin_url) = crate::helpers::postgres_url() else {
        eprintln!("CW_TEST_POSTGRES_URL not set: PostgreSQL run skipped");
        return;
    };
    let name = format!(
        "cw_logs_{}_{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    );
    let database = crate::production::ScratchDatabase::create(&admin_url, name);
    journey(&database.url());
}

fn journey(database_url: &str) {
    let folder = tempfile::tempdir().unwrap();
    let mail = folder.path().join("mail");
    let port = free_port();
    let vars: BTreeMap<String, String> = [
        ("CW_ENV", "test".to_owned()),
        ("CW__DATABASE__URL", database_url.to_owned()),
        ("CW__APPLICATION__PORT", port.to_string()),
        ("CW__EMAIL__TRANSPORT", "file".to_owned()),
        ("CW__EMAIL__FILE_DIR", mail.display().to_string()),
        ("CW__TELEMETRY__FORMAT", "json".to_owned()),
        ("CW__EDGE__ANONYMOUS_PER_IP_PER_MINUTE", "600".to_owned()),
        ("CW__EDGE__ANONYMOUS_BURST", "40".to_owned()),
        ("RUST_LOG", "debug".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let mut logs = once(&vars, &["seed-demo"]);

    let served = Served::start_logged(&vars, port);
    let call = |token: Option<&str>, query: &str, variables: Value| -> Value {
        served.graphql_from(CLIENT_IP, token, query, variables)
    };
    let signed_up = call(
        None,
        "mutation($e: String!, $p: String!, $n: String!) { signUp(input: {email: $e, password: $p, displayName: $n}) { ok } }",
        json!({ "e": EMAIL, "p": PASSWORD, "n": NAME }),
    );
    assert_eq!(signed_up["data"]["signUp"]["ok"], true, "{signed_up}");
    logs += &once(&vars, &["worker", "--once"]);
    let verification = link_token(&mail_with(&mail, "/verify-email/"), "/verify-email/");
    let verified = call(
        None,
        "mutation($t: String!) { verifyEmail(token: $t) { emailVerified } }",
        json!({ "t": verification }),
    );
    assert_eq!(
        verified["data"]["verifyEmail"]["emailVerified"], true,
        "{verified}"
    );
    let log_in = "mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) { accessToken refreshToken } }";
    let failed = call(
        None,
        log_in,
        json!({ "e": EMAIL, "p": "not the password at all" }),
    );
    assert!(failed["errors"].is_array(), "{failed}");
    let session = call(None, log_in, json!({ "e": EMAIL, "p": PASSWORD }));
    let access = session["data"]["logIn"]["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let refresh = session["data"]["logIn"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_owned();

    let first = call(
        None,
        "{ solicitations(first: 1) { edges { node { id } } } }",
        json!({}),
    );
    let subject = first["data"]["solicitations"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let comment = call(
        Some(&access),
        "mutation($s: ID!, $b: String!) { postComment(input: {subjectId: $s, body: $b, position: OPPOSE}) { id } }",
        json!({ "s": subject, "b": COMMENT }),
    );
    assert!(comment["errors"].is_null(), "{comment}");
    let concern = call(
        Some(&access),
        "mutation($s: ID!, $t: String!) { flagConcern(input: {subjectId: $s, category: OUTSOURCING, severity: HIGH, summary: $t, details: $t}) { id } }",
        json!({ "s": subject, "t": CONCERN }),
    );
    assert!(concern["errors"].is_null(), "{concern}");
    // Refused requests: a forged token, a document that does not validate, bad input.
    let (status, _) = served
        .request(
            "POST",
            "/graphql",
            Some(r#"{"query":"{ me { id } }"}"#),
            &[
                ("content-type", "application/json"),
                ("authorization", &format!("Bearer {access}x")),
                ("x-forwarded-for", CLIENT_IP),
            ],
        )
        .unwrap();
    assert_eq!(status, 401);
    call(Some(&access), "{ noSuchField }", json!({}));
    call(
        Some(&access),
        "mutation($s: ID!) { postComment(input: {subjectId: $s, body: \"\"}) { id } }",
        json!({ "s": subject }),
    );
    let refreshed = call(
        None,
        "mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken } }",
        json!({ "r": refresh }),
    );
    assert!(refreshed["errors"].is_null(), "{refreshed}");
    // A password reset, start to end.
    call(
        None,
        "mutation($e: String!) { requestPasswordReset(email: $e) { ok } }",
        json!({ "e": EMAIL }),
    );
    logs += &once(&vars, &["worker", "--once"]);
    let reset = link_token(&mail_with(&mail, "/reset-password/"), "/reset-password/");
    let done = call(
        None,
        "mutation($t: String!, $p: String!) { resetPassword(input: {token: $t, newPassword: $p}) }",
        json!({ "t": reset, "p": NEW_PASSWORD }),
    );
    assert!(done["errors"].is_null(), "{done}");
    // The web pages too: the home page and an item page, as this visitor.
    for path in ["/", "/search?q=depot"] {
        let (status, _) = served
            .request("GET", path, None, &[("x-forwarded-for", CLIENT_IP)])
            .unwrap();
        assert_eq!(status, 200, "{path}");
    }
    // The jobs: fan-out, alert mail, digests; then the mail they queued.
    logs += &once(&vars, &["maintenance"]);
    logs += &once(&vars, &["worker", "--once"]);
    logs += &served.stop_and_collect();

    let secrets = [
        EMAIL,
        "rosa.parkside",
        PASSWORD,
        NEW_PASSWORD,
        NAME,
        COMMENT,
        CONCERN,
        &verification,
        &reset,
        &access,
        &refresh,
    ];
    let email_like =
        regex_lite::Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+").unwrap();
    let ipv4 = regex_lite::Regex::new(r"\b\d{1,3}(?:\.\d{1,3}){3}\b").unwrap();
    let mut lines = 0;
    for line in logs.lines().filter(|l| !l.trim().is_empty()) {
        lines += 1;
        for secret in secrets {
            assert!(
                !line.contains(secret),
                "a log line carries {secret:?}: {line}"
            );
        }
        if let Some(found) = email_like.find(line) {
            panic!("a log line carries an address ({}): {line}", found.as_str());
        }
        let target = serde_json::from_str::<Value>(line)
            .ok()
            .and_then(|v| v["target"].as_str().map(str::to_owned))
            .unwrap_or_default();
        let rate_limit_code = target.starts_with("contract_watch::edge")
            || target.starts_with("contract_watch::services::throttle");
        for found in ipv4.find_iter(line) {
            // The server's own and the database's loopback address are not a person's.
            if found.as_str() != "127.0.0.1" && !rate_limit_code {
                panic!("a log line outside the rate-limit code carries an IP: {line}");
            }
        }
    }
    let requests = logs.matches("request finished").count();
    assert!(
        lines > 50 && requests >= 15,
        "debug logging ran: {lines} lines, {requests} requests"
    );
}
