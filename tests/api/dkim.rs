//! Every message is DKIM-signed when a key is configured, and a receiving server's verifier
//! accepts the signature: checked with `viadkim` against the key's DNS record.

use std::collections::HashMap;
use std::io;
use std::sync::Arc;

use contract_watch::email::{Composer, InMemorySender};
use contract_watch::outbox::worker::Worker;
use serde_json::json;
use viadkim::header::HeaderFields;
use viadkim::verifier::{Config, LookupTxt, VerificationStatus, Verifier};

use crate::helpers::TestApp;
use crate::on_both_databases;

const KEY: &str = "tests/fixtures/dkim/test-rsa.pem";
const ED25519_KEY: &str = "tests/fixtures/dkim/test-ed25519.seed";

on_both_databases!(
    with [
        ("CW__EMAIL__DKIM__DOMAIN", "contract-watch.localhost"),
        ("CW__EMAIL__DKIM__SELECTOR", "cw2026"),
        ("CW__EMAIL__DKIM__ALGORITHM", "rsa"),
        ("CW__EMAIL__DKIM__PRIVATE_KEY_FILE", crate::dkim::KEY),
    ];
    sent_mail_carries_a_signature_receivers_verify
);
on_both_databases!(
    with [
        ("CW__EMAIL__DKIM__DOMAIN", "contract-watch.localhost"),
        ("CW__EMAIL__DKIM__SELECTOR", "cw2026"),
        ("CW__EMAIL__DKIM__ALGORITHM", "ed25519"),
        ("CW__EMAIL__DKIM__PRIVATE_KEY_FILE", crate::dkim::ED25519_KEY),
    ];
    ed25519_signatures_verify_too
);

/// DNS with one TXT record: the test key's.
#[derive(Clone)]
struct Dns(Arc<HashMap<String, Vec<u8>>>);

impl LookupTxt for Dns {
    type Answer = Vec<io::Result<Vec<u8>>>;
    type Query<'a> = std::future::Ready<io::Result<Self::Answer>>;

    fn lookup_txt(&self, domain: &str) -> Self::Query<'_> {
        std::future::ready(match self.0.get(domain) {
            Some(record) => Ok(vec![Ok(record.clone())]),
            None => Err(io::ErrorKind::NotFound.into()),
        })
    }
}

/// The DNS a receiver sees: the published record of the key `app` signs with.
fn dns(app: &TestApp) -> Dns {
    let algorithm = app.state.settings.email.dkim.as_ref().unwrap().algorithm;
    let (k, file) = match algorithm {
        contract_watch::config::DkimAlgorithm::Rsa => {
            ("rsa", "tests/fixtures/dkim/test-rsa.dns-p.txt")
        }
        contract_watch::config::DkimAlgorithm::Ed25519 => {
            ("ed25519", "tests/fixtures/dkim/test-ed25519.dns-p.txt")
        }
    };
    let p = std::fs::read_to_string(file).unwrap();
    let record = format!("v=DKIM1; k={k}; p={}", p.trim());
    Dns(Arc::new(HashMap::from([(
        "cw2026._domainkey.contract-watch.localhost.".to_owned(),
        record.into_bytes(),
    )])))
}

/// What a receiving server concludes about `raw`.
async fn verify(app: &TestApp, raw: &[u8]) -> Vec<VerificationStatus> {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let headers: HeaderFields = head.parse().unwrap();
    let Some(mut verifier) = Verifier::verify_header(&dns(app), &headers, &Config::default()).await
    else {
        return Vec::new();
    };
    let _ = verifier.process_body_chunk(body.as_bytes());
    verifier.finish().into_iter().map(|r| r.status).collect()
}

/// Ed25519-SHA256 (RFC 8463), through the same checks.
async fn ed25519_signatures_verify_too(app: TestApp) {
    let text = sent_mail_carries_a_signature_receivers_verify(app).await;
    assert!(text.contains("a=ed25519-sha256"), "{text}");
}

/// Returns the first message's DKIM-Signature, lower case.
async fn sent_mail_carries_a_signature_receivers_verify(app: TestApp) -> String {
    // Transactional mail (sign-up) and list mail (a test message with a topic: one-click
    // unsubscribe headers, which must be covered by the signature).
    let (status, _) = app
        .gql_as(
            None,
            "198.51.100.20",
            r#"mutation { signUp(input: {email: "new@example.org", password: "correct horse battery staple", displayName: "New"}) { ok } }"#,
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let list = contract_watch::outbox::NewEmail::test_message(
        "list@example.org",
        "Reader",
        "test:dkim".to_owned(),
        Some("alerts-immediate".to_owned()),
    );
    app.state
        .mailer
        .enqueue(&app.state.db.write, app.state.clock.now(), list)
        .await
        .unwrap();
    let sender = Arc::new(InMemorySender::new(
        Composer::from_settings(&app.state.settings.email).unwrap(),
    ));
    Worker::with_sender(&app.state, sender.clone())
        .drain()
        .await
        .unwrap();
    let sent = sender.sent();
    assert_eq!(sent.len(), 2, "both messages went out");
    let mut signatures = Vec::new();
    for message in &sent {
        let text = String::from_utf8_lossy(&message.raw);
        // The whole header, unfolded.
        let mut lines = text
            .lines()
            .skip_while(|l| !l.to_ascii_lowercase().starts_with("dkim-signature:"));
        let first = lines
            .next()
            .unwrap_or_else(|| panic!("no DKIM-Signature on {}", message.email.to));
        let signature: String = std::iter::once(first)
            .chain(lines.take_while(|l| l.starts_with([' ', '\t'])))
            .collect::<Vec<_>>()
            .join("")
            .to_ascii_lowercase();
        assert!(
            signature.contains("d=contract-watch.localhost"),
            "{signature}"
        );
        assert!(signature.contains("s=cw2026"), "{signature}");
        let statuses = verify(&app, &message.raw).await;
        assert!(
            matches!(statuses.as_slice(), [VerificationStatus::Success]),
            "{}: {statuses:?}\n{text}",
            message.email.to
        );
        let signed = signature
            .split(';')
            .find_map(|tag| tag.trim().strip_prefix("h="))
            .unwrap()
            .replace([' ', '\t'], "");
        for header in ["from", "to", "subject", "date", "message-id"] {
            assert!(
                signed.split(':').any(|h| h == header),
                "{header} in {signed}"
            );
        }
        if message.email.list_unsubscribe.is_some() {
            for header in ["list-unsubscribe", "list-unsubscribe-post"] {
                assert!(
                    signed.split(':').any(|h| h == header),
                    "the one-click headers are signed: {signed}"
                );
            }
        }
        // Changed in transit: the verifier refuses it.
        let tampered = text.replacen("Subject: ", "Subject: Re: ", 1);
        let statuses = verify(&app, tampered.as_bytes()).await;
        assert!(
            matches!(statuses.as_slice(), [VerificationStatus::Failure(_)]),
            "a changed subject fails: {statuses:?}"
        );
        signatures.push(signature);
    }
    signatures.swap_remove(0)
}
