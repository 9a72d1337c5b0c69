//! The email outbox against a real SMTP server on loopback (the `smtp-sink` crate), on both
//! databases. Time moves only when a test advances the app's clock; the worker runs only when a
//! test drains it.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::TimeDelta;
use contract_watch::config::{SmtpSettings, SmtpTls};
use contract_watch::db::Database;
use contract_watch::email::{self, EmailSender, FileSender, SmtpSender};
use contract_watch::outbox::worker::{Report, Worker};
use contract_watch::outbox::{self, Enqueued, NewEmail};
use entity::enums::DeliveryStatus;
use entity::{email_delivery, email_suppression, mail_preference, vendor};
use mail_parser::{MessageParser, MimeHeaders as _};
use poem::http::StatusCode;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use smtp_sink::SmtpSink;

use crate::helpers::{TestApp, test_now};
use crate::on_both_databases;

fn test_email(to: &str, key: &str, name: &str, topic: Option<&str>) -> NewEmail {
    NewEmail::test_message(to, name, key.to_owned(), topic.map(str::to_owned))
}

async fn enqueue(app: &TestApp, email: NewEmail) -> Enqueued {
    app.state
        .mailer
        .enqueue(&app.state.db.write, app.state.clock.now(), email)
        .await
        .unwrap()
}

fn smtp_sender(app: &TestApp, port: u16, pool_size: u32) -> Arc<dyn EmailSender> {
    let settings = SmtpSettings {
        host: "127.0.0.1".to_owned(),
        port,
        tls: SmtpTls::None,
        username: None,
        password: None,
        pool_size,
        timeout_seconds: 5,
    };
    let from = email::Composer::from_settings(&app.state.settings.email).unwrap();
    Arc::new(SmtpSender::new(&settings, from).unwrap())
}

async fn worker_for(app: &TestApp) -> (Worker, SmtpSink) {
    let sink = SmtpSink::start().await.unwrap();
    let worker = Worker::with_sender(&app.state, smtp_sender(app, sink.port(), 2));
    (worker, sink)
}

async fn rows(app: &TestApp) -> Vec<email_delivery::Model> {
    email_delivery::Entity::find()
        .order_by_asc(email_delivery::Column::Id)
        .all(&app.state.db.read)
        .await
        .unwrap()
}

async fn delivered_message_has_both_parts_and_list_headers(app: TestApp) {
    let (worker, sink) = worker_for(&app).await;
    let name = "<script>alert(1)</script>";
    enqueue(
        &app,
        test_email("resident@example.org", "list", name, Some("alerts:demo")),
    )
    .await;
    enqueue(
        &app,
        test_email("clerk@example.org", "transactional", "Clerk", None),
    )
    .await;

    let report = worker.drain().await.unwrap();
    assert_eq!(
        report,
        Report {
            claimed: 2,
            sent: 2,
            retrying: 0,
            dead: 0,
            released: 0,
        }
    );

    let stored = rows(&app).await;
    let received = sink.received();
    assert_eq!(received.len(), 2);
    let list = received
        .iter()
        .find(|m| m.to == ["resident@example.org"])
        .unwrap();
    let message = MessageParser::default().parse(&list.data).unwrap();
    let root = message.root_part().content_type().unwrap();
    assert_eq!(
        (root.ctype(), root.subtype()),
        ("multipart", Some("alternative"))
    );
    assert!(
        message
            .body_text(0)
            .unwrap()
            .contains("This is a test message")
    );
    let html = message.body_html(0).unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)"), "{html}");
    assert!(!html.contains("<script>"));
    assert_eq!(
        format!("<{}>", message.message_id().unwrap()),
        stored[0].message_id,
        "the Message-ID is the stored one"
    );
    let unsubscribe = message.header_raw("List-Unsubscribe").unwrap();
    let base = &app.state.settings.application.base_url;
    assert!(
        unsubscribe.contains(&format!("<{base}/unsubscribe/")),
        "{unsubscribe}"
    );
    assert!(
        !unsubscribe.contains("mailto:"),
        "no unsubscribe mailbox is promised, as none is read: {unsubscribe}"
    );
    assert_eq!(
        message.header_raw("List-Unsubscribe-Post").unwrap().trim(),
        "List-Unsubscribe=One-Click"
    );

    let transactional = received
        .iter()
        .find(|m| m.to == ["clerk@example.org"])
        .unwrap();
    let message = MessageParser::default().parse(&transactional.data).unwrap();
    assert!(
        message.header_raw("List-Unsubscribe").is_none(),
        "transactional mail has no unsubscribe"
    );
    assert!(message.body_html(0).is_some() && message.body_text(0).is_some());
    assert!(
        stored
            .iter()
            .all(|row| row.status == DeliveryStatus::Sent && row.sent_at == Some(test_now()))
    );
}

async fn transient_failure_is_retried_with_backoff_then_delivered(app: TestApp) {
    let (worker, sink) = worker_for(&app).await;
    sink.script("busy@example.org", &[451]);
    enqueue(&app, test_email("busy@example.org", "retry", "Busy", None)).await;

    let report = worker.drain().await.unwrap();
    assert_eq!((report.claimed, report.retrying), (1, 1));
    let row = rows(&app).await.remove(0);
    assert_eq!(row.status, DeliveryStatus::Retrying);
    assert_eq!(
        (row.attempts, row.last_error_class.as_deref()),
        (1, Some("smtp_451"))
    );
    let wait = row.next_attempt_at - test_now();
    // Base 60 s with equal jitter: the first retry waits 30–60 s.
    assert!(
        wait >= TimeDelta::seconds(30) && wait <= TimeDelta::seconds(60),
        "{wait}"
    );

    assert_eq!(worker.drain().await.unwrap().claimed, 0, "not due yet");
    app.state.clock.advance(TimeDelta::seconds(61));
    assert_eq!(worker.drain().await.unwrap().sent, 1);

    let received = sink.received();
    assert_eq!(received.len(), 1, "delivered exactly once");
    let row = rows(&app).await.remove(0);
    assert_eq!((row.status, row.attempts), (DeliveryStatus::Sent, 2));
    assert_eq!(
        received[0].message_id().as_deref(),
        Some(row.message_id.as_str()),
        "same Message-ID on retry"
    );
}

async fn transient_failures_give_up_after_the_attempt_limit(app: TestApp) {
    let (worker, sink) = worker_for(&app).await;
    let limit = app.state.settings.worker.max_attempts;
    sink.script(
        "full@example.org",
        &vec![452; usize::try_from(limit).unwrap()],
    );
    enqueue(&app, test_email("full@example.org", "limit", "Full", None)).await;
    for _ in 0..limit {
        worker.drain().await.unwrap();
        app.state.clock.advance(TimeDelta::seconds(
            app.state.settings.worker.retry_max_delay_seconds + 1,
        ));
    }
    let row = rows(&app).await.remove(0);
    assert_eq!((row.status, row.attempts), (DeliveryStatus::Dead, limit));
    assert_eq!(row.last_error_class.as_deref(), Some("smtp_452"));
    assert_eq!(
        worker.drain().await.unwrap().claimed,
        0,
        "dead rows are never retried"
    );
    assert!(sink.received().is_empty());
}

async fn unreachable_relay_is_a_transient_failure(app: TestApp) {
    // Bind and drop a listener: nothing answers on that port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let worker = Worker::with_sender(&app.state, smtp_sender(&app, port, 1));
    enqueue(
        &app,
        test_email("resident@example.org", "down", "Resident", None),
    )
    .await;
    assert_eq!(worker.drain().await.unwrap().retrying, 1);
    let row = rows(&app).await.remove(0);
    assert_eq!(
        (row.status, row.last_error_class.as_deref()),
        (DeliveryStatus::Retrying, Some("connection"))
    );
}

async fn hard_bounce_is_dead_after_one_attempt_and_suppresses_the_address(app: TestApp) {
    let (worker, sink) = worker_for(&app).await;
    sink.script("gone@example.org", &[550]);
    enqueue(&app, test_email("gone@example.org", "first", "Gone", None)).await;

    let report = worker.drain().await.unwrap();
    assert_eq!((report.claimed, report.dead), (1, 1));
    let row = rows(&app).await.remove(0);
    assert_eq!((row.status, row.attempts), (DeliveryStatus::Dead, 1));
    assert_eq!(row.last_error_class.as_deref(), Some("smtp_550"));
    assert!(row.last_error.as_deref().unwrap().contains("550"));
    let suppressed = email_suppression::Entity::find()
        .all(&app.state.db.read)
        .await
        .unwrap();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(
        (suppressed[0].recipient.as_str(), suppressed[0].delivery_id),
        ("gone@example.org", Some(row.id))
    );

    app.state.clock.advance(TimeDelta::days(3));
    assert_eq!(
        worker.drain().await.unwrap().claimed,
        0,
        "a dead delivery is not retried"
    );
    let later = enqueue(&app, test_email("Gone@Example.org", "second", "Gone", None)).await;
    assert!(matches!(later, Enqueued::Suppressed(_)), "{later:?}");
    assert_eq!(worker.drain().await.unwrap().claimed, 0);
    assert!(
        sink.received().is_empty(),
        "nothing reached the suppressed address"
    );

    let status = outbox::status(&app.state.db.read).await.unwrap();
    let mut counts = status.counts.clone();
    counts.sort_by_key(|(status, _)| format!("{status:?}"));
    assert_eq!(
        counts,
        vec![(DeliveryStatus::Dead, 1), (DeliveryStatus::Suppressed, 1)]
    );
    assert_eq!(status.oldest_waiting_since, None);
}

async fn expired_lease_is_reclaimed_by_another_worker(app: TestApp) {
    let (worker, sink) = worker_for(&app).await;
    for i in 0..3 {
        enqueue(
            &app,
            test_email(&format!("r{i}@example.org"), "lease", "R", None),
        )
        .await;
    }
    // A worker leases the rows and dies before sending.
    let lease = TimeDelta::seconds(app.state.settings.worker.lease_seconds);
    let leased = outbox::claim(&app.state.db.write, test_now(), lease, 10)
        .await
        .unwrap();
    assert_eq!(leased.len(), 3);
    drop(leased);

    assert_eq!(
        worker.drain().await.unwrap().claimed,
        0,
        "leased rows are not taken while the lease holds"
    );
    assert_eq!(
        outbox::status(&app.state.db.read)
            .await
            .unwrap()
            .oldest_waiting_since,
        Some(test_now())
    );
    app.state.clock.advance(lease + TimeDelta::seconds(1));
    assert_eq!(worker.drain().await.unwrap().sent, 3);
    assert_eq!(sink.received().len(), 3);
    assert!(
        rows(&app)
            .await
            .iter()
            .all(|row| row.status == DeliveryStatus::Sent && row.attempts == 2)
    );
}

async fn two_workers_deliver_a_thousand_messages_once(app: TestApp) {
    let sink = SmtpSink::start().await.unwrap();
    let txn = app.state.db.write.begin().await.unwrap();
    let now = app.state.clock.now();
    for i in 0..1000 {
        let email = test_email(
            &format!("member{i}@example.org"),
            "bulk",
            "Member",
            Some("alerts:bulk"),
        );
        app.state.mailer.enqueue(&txn, now, email).await.unwrap();
    }
    txn.commit().await.unwrap();

    // Two workers, each with its own connection pool, as two processes would have.
    let mut other = app.state.clone();
    other.db = Database::connect(&app.state.settings.database)
        .await
        .unwrap();
    let first = Worker::with_sender(&app.state, smtp_sender(&app, sink.port(), 2));
    let second = Worker::with_sender(&other, smtp_sender(&app, sink.port(), 2));
    let (a, b) = tokio::join!(first.drain(), second.drain());
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(
        a.claimed + b.claimed,
        1000,
        "no row was claimed twice: {a} / {b}"
    );
    assert!(
        a.claimed > 0 && b.claimed > 0,
        "both workers took part: {a} / {b}"
    );

    let received = sink.received();
    let ids: HashSet<String> = received
        .iter()
        .filter_map(smtp_sink::Received::message_id)
        .collect();
    assert_eq!(
        (received.len(), ids.len()),
        (1000, 1000),
        "every message once, none twice"
    );
    let stored = rows(&app).await;
    assert!(
        stored
            .iter()
            .all(|row| row.status == DeliveryStatus::Sent && row.attempts == 1)
    );
    assert_eq!(
        stored
            .iter()
            .map(|row| row.message_id.clone())
            .collect::<HashSet<_>>(),
        ids
    );
}

/// A change (a new vendor) and its mail to three recipients, in one open transaction.
async fn change_with_mail(app: &TestApp, vendor_name: &str) -> sea_orm::DatabaseTransaction {
    let now = app.state.clock.now();
    let txn = app.state.db.write.begin().await.unwrap();
    let change = vendor::ActiveModel {
        name: Set(vendor_name.to_owned()),
        created_at: Set(now),
        ..Default::default()
    };
    vendor::Entity::insert(change).exec(&txn).await.unwrap();
    for to in ["a@example.org", "b@example.org", "c@example.org"] {
        let email = test_email(to, &format!("vendor:{vendor_name}"), "X", None);
        app.state.mailer.enqueue(&txn, now, email).await.unwrap();
    }
    txn
}

async fn outbox_rows_commit_and_roll_back_with_their_transaction(app: TestApp) {
    change_with_mail(&app, "Rolled Back Ltd")
        .await
        .rollback()
        .await
        .unwrap();
    assert!(
        rows(&app).await.is_empty(),
        "no mail for a change that did not happen"
    );
    let vendors = vendor::Entity::find().count(&app.state.db.read).await;
    assert_eq!(vendors.unwrap(), 0);

    change_with_mail(&app, "Committed Ltd")
        .await
        .commit()
        .await
        .unwrap();
    assert_eq!(rows(&app).await.len(), 3, "one row per recipient");
}

async fn the_same_mail_is_enqueued_only_once(app: TestApp) {
    let first = enqueue(&app, test_email("resident@example.org", "once", "R", None)).await;
    assert!(matches!(first, Enqueued::Queued(_)));
    let again = enqueue(&app, test_email("RESIDENT@example.org", "once", "R", None)).await;
    assert_eq!(again, Enqueued::Duplicate);
    assert_eq!(rows(&app).await.len(), 1);

    let error = app
        .state
        .mailer
        .enqueue(
            &app.state.db.write,
            test_now(),
            test_email("not an address", "bad", "R", None),
        )
        .await
        .unwrap_err();
    assert_eq!(error.code(), "BAD_USER_INPUT");
    assert_eq!(rows(&app).await.len(), 1, "bad input changes nothing");
}

async fn crlf_in_subject_or_name_injects_no_header(app: TestApp) {
    let (worker, sink) = worker_for(&app).await;
    let hostile = "Ana\r\nBcc: attacker@evil.example\r\nX-Injected: yes";
    enqueue(
        &app,
        test_email("resident@example.org", "inject", hostile, None),
    )
    .await;
    worker.drain().await.unwrap();

    let received = sink.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].to,
        ["resident@example.org"],
        "no extra envelope recipient"
    );
    let raw = String::from_utf8_lossy(&received[0].data).to_string();
    let head = raw.split("\r\n\r\n").next().unwrap();
    for line in head.lines() {
        let lower = line.to_ascii_lowercase();
        assert!(
            !lower.starts_with("bcc:") && !lower.starts_with("x-injected:"),
            "injected header: {line}"
        );
    }
    let message = MessageParser::default().parse(&received[0].data).unwrap();
    assert!(
        message
            .subject()
            .unwrap()
            .contains("Bcc: attacker@evil.example"),
        "the text survives, as text"
    );
}

async fn file_transport_writes_an_eml_with_both_parts(app: TestApp) {
    let folder = tempfile::tempdir().unwrap();
    let from = email::Composer::from_settings(&app.state.settings.email).unwrap();
    let sender = FileSender::new(folder.path().to_str().unwrap(), from).unwrap();
    let worker = Worker::with_sender(&app.state, Arc::new(sender));
    enqueue(
        &app,
        test_email("resident@example.org", "file", "Ana", Some("alerts:file")),
    )
    .await;
    assert_eq!(worker.drain().await.unwrap().sent, 1);

    let files: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].extension().unwrap(), "eml");
    let raw = std::fs::read(&files[0]).unwrap();
    let message = MessageParser::default().parse(&raw).unwrap();
    assert!(message.body_text(0).unwrap().contains("Hello Ana"));
    assert!(
        message
            .body_html(0)
            .unwrap()
            .contains("<h1>Hello Ana,</h1>")
    );
    assert!(message.header_raw("List-Unsubscribe").is_some());
}

/// The acceptance path for a newcomer: no SMTP configured, `outbox send-test` then
/// `worker --once` leave an `.eml` file with both parts. Runs the real binary.
async fn commands_enqueue_and_deliver_to_the_mail_folder(app: TestApp) {
    use secrecy::ExposeSecret as _;
    let folder = tempfile::tempdir().unwrap();
    let database = &app.state.settings.database;
    let run = |args: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_contract-watch"));
        command
            .args(args)
            .env("CW_ENV", "local")
            .env("CW__DATABASE__URL", database.url.expose_secret())
            .env("CW__EMAIL__FILE_DIR", folder.path())
            .env("RUST_LOG", "warn");
        if let Some(schema) = &database.schema {
            command.env("CW__DATABASE__SCHEMA", schema);
        }
        let output = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?} failed: {stderr}");
        String::from_utf8(output.stdout).unwrap()
    };
    let enqueued = run(&[
        "outbox",
        "send-test",
        "--to",
        "resident@example.org",
        "--name",
        "Ana",
    ]);
    assert!(enqueued.starts_with("Queued("), "{enqueued}");
    assert!(run(&["outbox", "status"]).contains("pending      1"));
    run(&["worker", "--once"]);
    let status = run(&["outbox", "status"]);
    assert!(
        status.contains("sent         1") && status.contains("oldest waiting: none"),
        "{status}"
    );

    let files: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let raw = std::fs::read(&files[0]).unwrap();
    let message = MessageParser::default().parse(&raw).unwrap();
    assert!(message.body_text(0).unwrap().contains("Hello Ana"));
    assert!(message.body_html(0).unwrap().contains("Hello Ana"));
}

/// The token from a stored `List-Unsubscribe` value.
fn token_of(row: &email_delivery::Model) -> String {
    let header = row.list_unsubscribe.as_deref().unwrap();
    let start = header.find("/unsubscribe/").unwrap() + "/unsubscribe/".len();
    header[start..].split('>').next().unwrap().to_owned()
}

async fn preference(app: &TestApp) -> mail_preference::Model {
    mail_preference::Entity::find()
        .filter(mail_preference::Column::Topic.eq("alerts:contracts"))
        .one(&app.state.db.read)
        .await
        .unwrap()
        .unwrap()
}

/// What a mail client sends for RFC 8058 one-click unsubscribe: no cookie, no login.
async fn one_click(app: &TestApp, url: &str) -> poem::test::TestResponse {
    app.client
        .post(url)
        .content_type("application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
}

async fn one_click_post_unsubscribes_and_get_does_not(app: TestApp) {
    enqueue(
        &app,
        test_email("resident@example.org", "one", "R", Some("alerts:contracts")),
    )
    .await;
    enqueue(
        &app,
        test_email("resident@example.org", "two", "R", Some("alerts:contracts")),
    )
    .await;
    let token = token_of(&rows(&app).await[0]);
    let url = format!("/unsubscribe/{token}");

    // Link scanners fetch the GET: a page with a button, and no change.
    for _ in 0..3 {
        let page = app.client.get(&url).send().await;
        page.assert_status_is_ok();
        page.assert_header("Referrer-Policy", "no-referrer");
        let html = page.0.into_body().into_string().await.unwrap();
        assert!(html.contains("<form method=\"post\""), "{html}");
    }
    assert!(preference(&app).await.enabled, "GET changed nothing");

    // A tampered token, and a POST without the RFC 8058 body, change nothing.
    let mut tampered = token.clone().into_bytes();
    tampered[0] = if tampered[0] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    one_click(&app, &format!("/unsubscribe/{tampered}"))
        .await
        .assert_status(StatusCode::NOT_FOUND);
    let response = app.client.post(&url).body("").send().await;
    response.assert_status(StatusCode::BAD_REQUEST);
    assert!(preference(&app).await.enabled, "nothing changed");

    // The one-click POST: no cookie, no login.
    one_click(&app, &url).await.assert_status_is_ok();
    let preference = preference(&app).await;
    assert!(!preference.enabled);
    assert_eq!(preference.unsubscribed_at, Some(test_now()));
    assert!(
        rows(&app)
            .await
            .iter()
            .all(|row| row.status == DeliveryStatus::Suppressed),
        "mail still waiting for that stream is not sent"
    );
    let later = enqueue(
        &app,
        test_email(
            "resident@example.org",
            "three",
            "R",
            Some("alerts:contracts"),
        ),
    )
    .await;
    assert!(matches!(later, Enqueued::Suppressed(_)));
    // Repeating the POST is harmless.
    one_click(&app, &url).await.assert_status_is_ok();
    // Other streams of the same person are untouched.
    let other = enqueue(
        &app,
        test_email("resident@example.org", "four", "R", Some("alerts:vendors")),
    )
    .await;
    assert!(matches!(other, Enqueued::Queued(_)));
}

on_both_databases!(
    delivered_message_has_both_parts_and_list_headers,
    transient_failure_is_retried_with_backoff_then_delivered,
    transient_failures_give_up_after_the_attempt_limit,
    unreachable_relay_is_a_transient_failure,
    hard_bounce_is_dead_after_one_attempt_and_suppresses_the_address,
    expired_lease_is_reclaimed_by_another_worker,
    two_workers_deliver_a_thousand_messages_once,
    outbox_rows_commit_and_roll_back_with_their_transaction,
    the_same_mail_is_enqueued_only_once,
    crlf_in_subject_or_name_injects_no_header,
    file_transport_writes_an_eml_with_both_parts,
    one_click_post_unsubscribes_and_get_does_not,
    commands_enqueue_and_deliver_to_the_mail_folder,
    a_stopping_worker_finishes_its_send_and_releases_the_rest,
);

/// A sender that holds its first message until told to let go.
struct Held {
    started: tokio::sync::Notify,
    release: tokio::sync::Semaphore,
    sent: std::sync::Mutex<Vec<String>>,
}

#[async_trait::async_trait]
impl EmailSender for Held {
    async fn send(&self, email: &email::OutgoingEmail) -> Result<(), email::SendError> {
        self.started.notify_one();
        let _permit = self.release.acquire().await;
        self.sent.lock().unwrap().push(email.to.clone());
        Ok(())
    }
}

/// SIGTERM's path in the worker: the send in flight finishes and is recorded; the rest of the
/// claimed batch is released at once (no lease to wait out, no attempt counted), so the next
/// worker sends it.
async fn a_stopping_worker_finishes_its_send_and_releases_the_rest(app: TestApp) {
    for i in 0..5 {
        enqueue(
            &app,
            test_email(&format!("s{i}@example.org"), "stop", "S", None),
        )
        .await;
    }
    let mut settings = (*app.state.settings).clone();
    settings.worker.concurrency = 1;
    let state = contract_watch::state::AppState {
        settings: Arc::new(settings),
        ..app.state.clone()
    };
    let held = Arc::new(Held {
        started: tokio::sync::Notify::new(),
        release: tokio::sync::Semaphore::new(0),
        sent: std::sync::Mutex::default(),
    });
    let worker = Worker::with_sender(&state, held.clone());
    let stop = tokio_util::sync::CancellationToken::new();
    let running = {
        let (worker, stop) = (worker.clone(), stop.clone());
        tokio::spawn(async move { worker.run_until_stopped(stop).await })
    };
    held.started.notified().await;
    stop.cancel();
    held.release.add_permits(10);
    running.await.unwrap();

    assert_eq!(
        held.sent.lock().unwrap().len(),
        1,
        "only the send in flight"
    );
    let rows = rows(&app).await;
    let sent: Vec<_> = rows
        .iter()
        .filter(|r| r.status == DeliveryStatus::Sent)
        .collect();
    assert_eq!(sent.len(), 1);
    let waiting: Vec<_> = rows
        .iter()
        .filter(|r| r.status == DeliveryStatus::Pending)
        .collect();
    assert_eq!(waiting.len(), 4);
    assert!(
        waiting
            .iter()
            .all(|r| r.leased_until.is_none() && r.attempts == 0),
        "released, attempt uncounted: {waiting:?}"
    );
    // Another worker takes them now, without waiting for a lease to expire.
    let report = Worker::with_sender(&app.state, held.clone())
        .drain()
        .await
        .unwrap();
    assert_eq!(report.sent, 4);
}
