//! Delivery through an SMTP relay with lettre's pooled async transport.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::{self, PoolConfig};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::ExposeSecret;

use super::{EmailSender, OutgoingEmail, SendError, build_message};
use crate::config::{SmtpSettings, SmtpTls};

/// Sends through a relay, keeping up to `pool_size` connections open.
pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpSender {
    pub fn new(settings: &SmtpSettings, from: Mailbox) -> anyhow::Result<Self> {
        let builder = match settings.tls {
            SmtpTls::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
            }
            SmtpTls::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host)?
            }
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host)?,
        };
        let mut builder = builder
            .port(settings.port)
            .timeout(Some(Duration::from_secs(settings.timeout_seconds)))
            .pool_config(PoolConfig::new().max_size(settings.pool_size.max(1)));
        if let (Some(username), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(
                username.clone(),
                password.expose_secret().to_owned(),
            ));
        }
        Ok(Self {
            transport: builder.build(),
            from,
        })
    }
}

#[async_trait::async_trait]
impl EmailSender for SmtpSender {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), SendError> {
        let message = build_message(&self.from, email)?;
        self.transport
            .send(message)
            .await
            .map(drop)
            .map_err(|err| classify(&err))
    }
}

/// 4xx replies, connection trouble and timeouts are transient; 5xx replies are permanent, and
/// "no such mailbox" (550, 551, 553) is a hard bounce.
fn classify(err: &smtp::Error) -> SendError {
    let detail = err.to_string();
    match err.status() {
        Some(code) if err.is_permanent() => {
            let code = code.to_string();
            SendError::Permanent {
                hard_bounce: matches!(code.as_str(), "550" | "551" | "553"),
                class: format!("smtp_{code}"),
                detail,
            }
        }
        Some(code) => SendError::Transient {
            class: format!("smtp_{code}"),
            detail,
        },
        None => SendError::Transient {
            class: if err.is_timeout() {
                "timeout"
            } else if err.is_tls() {
                "tls"
            } else {
                "connection"
            }
            .to_owned(),
            detail,
        },
    }
}
