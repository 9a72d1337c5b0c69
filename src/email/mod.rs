//! Email: what a message is, how it becomes MIME, and the senders that deliver it. Which mail to
//! send, and when, is the outbox's business (`crate::outbox`).

mod file;
mod memory;
mod smtp;

use std::sync::Arc;

use anyhow::Context as _;
use entity::email_delivery;
use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey,
};
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Address, Message};

pub use file::FileSender;
pub use memory::{InMemorySender, SentEmail};
pub use smtp::SmtpSender;

use crate::config::{DkimAlgorithm, DkimSettings, EmailSettings, EmailTransport};

/// One message to one recipient, as the outbox stored it.
#[derive(Debug, Clone)]
pub struct OutgoingEmail {
    pub to: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// `<…@…>`, the same on every attempt.
    pub message_id: String,
    /// The `List-Unsubscribe` value; `None` for transactional mail.
    pub list_unsubscribe: Option<String>,
}

impl From<&email_delivery::Model> for OutgoingEmail {
    fn from(row: &email_delivery::Model) -> Self {
        Self {
            to: row.recipient.clone(),
            to_name: row.recipient_name.clone(),
            subject: row.subject.clone(),
            text_body: row.text_body.clone(),
            html_body: row.html_body.clone(),
            message_id: row.message_id.clone(),
            list_unsubscribe: row.list_unsubscribe.clone(),
        }
    }
}

/// Why a send failed, classified for the retry policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth another attempt later: a 4xx reply, a refused or dropped connection, a timeout.
    #[error("transient failure ({class}): {detail}")]
    Transient { class: String, detail: String },
    /// Never worth retrying: a 5xx reply or a message that cannot be built.
    #[error("permanent failure ({class}): {detail}")]
    Permanent {
        class: String,
        detail: String,
        /// The relay says the mailbox does not exist: stop mailing the address.
        hard_bounce: bool,
    },
}

impl SendError {
    /// A short machine-readable class, stored on the delivery row.
    pub fn class(&self) -> &str {
        match self {
            Self::Transient { class, .. } | Self::Permanent { class, .. } => class,
        }
    }

    /// What the relay or the system said; stored on the row, never logged (it may name the
    /// address).
    pub fn detail(&self) -> &str {
        match self {
            Self::Transient { detail, .. } | Self::Permanent { detail, .. } => detail,
        }
    }

    /// Whether the address should get no more mail.
    pub fn is_hard_bounce(&self) -> bool {
        matches!(
            self,
            Self::Permanent {
                hard_bounce: true,
                ..
            }
        )
    }
}

/// Something that hands a message to the world (or to a folder, or to a test).
#[async_trait::async_trait]
pub trait EmailSender: Send + Sync + 'static {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), SendError>;
}

/// The sender the settings ask for.
pub fn sender_from_settings(settings: &EmailSettings) -> anyhow::Result<Arc<dyn EmailSender>> {
    let composer = Composer::from_settings(settings)?;
    Ok(match settings.transport {
        EmailTransport::Smtp => Arc::new(SmtpSender::new(&settings.smtp, composer)?),
        EmailTransport::File => Arc::new(FileSender::new(&settings.file_dir, composer)?),
        EmailTransport::Memory => Arc::new(InMemorySender::new(composer)),
    })
}

/// Turns a stored message into the bytes every sender hands on: MIME from [`build_message`],
/// signed with DKIM when a key is configured.
#[derive(Clone)]
pub struct Composer {
    from: Mailbox,
    dkim: Option<Arc<DkimSigner>>,
}

impl Composer {
    /// The `From` mailbox and DKIM key of the settings.
    pub fn from_settings(settings: &EmailSettings) -> anyhow::Result<Self> {
        Ok(Self {
            from: from_mailbox(settings)?,
            dkim: settings
                .dkim
                .as_ref()
                .map(DkimSigner::from_settings)
                .transpose()?
                .map(Arc::new),
        })
    }

    /// The finished message.
    pub fn compose(&self, email: &OutgoingEmail) -> Result<Message, SendError> {
        let mut message = build_message(&self.from, email)?;
        if let Some(dkim) = &self.dkim {
            dkim.sign(&mut message, email.list_unsubscribe.is_some());
        }
        Ok(message)
    }
}

/// DKIM signing (RFC 6376), relaxed/relaxed, over the headers receivers weigh: who, what, when,
/// which message, and for list mail the one-click unsubscribe headers, which Gmail and Yahoo
/// want covered by the signature.
pub struct DkimSigner {
    list: DkimConfig,
    transactional: DkimConfig,
}

impl DkimSigner {
    /// Reads the key file the settings name; a key that does not parse stops start-up.
    pub fn from_settings(settings: &DkimSettings) -> anyhow::Result<Self> {
        let pem = std::fs::read_to_string(&settings.private_key_file).with_context(|| {
            format!(
                "reading email.dkim.private_key_file {}",
                settings.private_key_file
            )
        })?;
        let config = |list: bool| -> anyhow::Result<DkimConfig> {
            let algorithm = match settings.algorithm {
                DkimAlgorithm::Rsa => DkimSigningAlgorithm::Rsa,
                DkimAlgorithm::Ed25519 => DkimSigningAlgorithm::Ed25519,
            };
            let key = DkimSigningKey::new(pem_body(&pem, settings.algorithm).trim(), algorithm)
                .map_err(|err| anyhow::anyhow!("email.dkim.private_key_file: {err}"))?;
            let mut headers = vec![
                "From",
                "To",
                "Subject",
                "Date",
                "Message-ID",
                "MIME-Version",
            ];
            if list {
                headers.extend(["List-Unsubscribe", "List-Unsubscribe-Post"]);
            }
            Ok(DkimConfig::new(
                settings.selector.clone(),
                settings.domain.clone(),
                key,
                headers
                    .into_iter()
                    .map(HeaderName::new_from_ascii_str)
                    .collect(),
                DkimCanonicalization {
                    header: DkimCanonicalizationType::Relaxed,
                    body: DkimCanonicalizationType::Relaxed,
                },
            ))
        };
        Ok(Self {
            list: config(true)?,
            transactional: config(false)?,
        })
    }

    fn sign(&self, message: &mut Message, list: bool) {
        message.sign(if list {
            &self.list
        } else {
            &self.transactional
        });
    }
}

/// RSA keys are PEM (PKCS#1) as they are; an Ed25519 key is the base64 of its 32-byte seed,
/// with or without PEM armour lines around it.
fn pem_body(text: &str, algorithm: DkimAlgorithm) -> String {
    match algorithm {
        DkimAlgorithm::Rsa => text.to_owned(),
        DkimAlgorithm::Ed25519 => text
            .lines()
            .filter(|line| !line.starts_with("-----"))
            .collect::<String>(),
    }
}

/// The configured `From` mailbox.
pub fn from_mailbox(settings: &EmailSettings) -> anyhow::Result<Mailbox> {
    settings
        .from
        .parse()
        .map_err(|err| anyhow::anyhow!("email.from is not a valid mailbox: {err}"))
}

/// Builds the MIME message: `multipart/alternative` with a plain-text and an HTML part, the stored
/// `Message-ID`, and for list mail the RFC 2369 / RFC 8058 unsubscribe headers.
///
/// Every header value goes through lettre's encoder, which RFC 2047-encodes anything that is not
/// plain printable text, so a CR or LF in a subject or name cannot start a new header. Control
/// characters are also replaced by spaces first: a subject is one line.
pub fn build_message(from: &Mailbox, email: &OutgoingEmail) -> Result<Message, SendError> {
    let address: Address = email.to.parse().map_err(|err| SendError::Permanent {
        class: "invalid_address".to_owned(),
        detail: format!("{err}"),
        hard_bounce: false,
    })?;
    let to = Mailbox::new(email.to_name.as_deref().map(one_line), address);
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(one_line(&email.subject))
        .message_id(Some(email.message_id.clone()));
    if let Some(list_unsubscribe) = &email.list_unsubscribe {
        builder = builder
            .header(ListUnsubscribe(one_line(list_unsubscribe)))
            .header(ListUnsubscribePost);
    }
    builder
        .multipart(MultiPart::alternative_plain_html(
            email.text_body.clone(),
            email.html_body.clone(),
        ))
        .map_err(|err| SendError::Permanent {
            class: "invalid_message".to_owned(),
            detail: err.to_string(),
            hard_bounce: false,
        })
}

/// Text fit for a header: control characters (CR and LF among them) become spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `List-Unsubscribe: <https://…/unsubscribe/TOKEN>` (RFC 2369, one-click per RFC 8058).
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Debug, Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn email(subject: &str, name: &str) -> OutgoingEmail {
        OutgoingEmail {
            to: "resident@example.org".to_owned(),
            to_name: Some(name.to_owned()),
            subject: subject.to_owned(),
            text_body: "Plain".to_owned(),
            html_body: "<p>Rich</p>".to_owned(),
            message_id: "<abc@contract-watch.localhost>".to_owned(),
            list_unsubscribe: Some("<https://watch.example/unsubscribe/t>".to_owned()),
        }
    }

    /// Header names of the top-level header block.
    fn header_names(raw: &[u8]) -> Vec<String> {
        let text = String::from_utf8_lossy(raw);
        let head = text.split("\r\n\r\n").next().unwrap_or_default().to_owned();
        head.split("\r\n")
            .filter(|line| !line.starts_with([' ', '\t']))
            .filter_map(|line| {
                line.split_once(':')
                    .map(|(name, _)| name.to_ascii_lowercase())
            })
            .collect()
    }

    const EXPECTED: [&str; 8] = [
        "from",
        "to",
        "subject",
        "message-id",
        "list-unsubscribe",
        "list-unsubscribe-post",
        "mime-version",
        "date",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// CR, LF, NUL and any Unicode in a subject or display name never add a header.
        #[test]
        fn no_header_injection(
            subject in "(\\PC|[\r\n\0]|\r\nBcc: evil@example\\.com){0,40}",
            name in "(\\PC|[\r\n\0]|\r\nX-Injected: yes){0,20}",
        ) {
            let from: Mailbox = "Contract Watch <notices@watch.example>".parse().map_err(|e| TestCaseError::fail(format!("{e}")))?;
            let message = build_message(&from, &email(&subject, &name)).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let mut names = header_names(&message.formatted());
            names.retain(|name| name != "content-type");
            names.sort();
            let mut expected: Vec<String> = EXPECTED.iter().map(|s| (*s).to_owned()).collect();
            expected.sort();
            prop_assert_eq!(names, expected);
        }
    }
}
