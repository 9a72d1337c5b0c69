//! Delivery through an SMTP relay.
//!
//! lettre speaks the protocol. Its pooled `AsyncSmtpTransport` leaves Nagle's algorithm on, and
//! it writes a message's body and the closing `.` separately, so every message waits for the
//! relay's delayed ACK: about 40 ms, which caps one connection near 22 messages a second
//! (lettre/lettre#1159 fixes this upstream; 0.11.23 does not have it). For plain and STARTTLS
//! relays this sender therefore opens the TCP connections itself, with `TCP_NODELAY`, hands them to
//! lettre's `AsyncSmtpConnection`, and keeps up to `pool_size` of them. Implicit TLS (port 465)
//! uses lettre's own transport until lettre ships the fix.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::{self, PoolConfig};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

use super::{Composer, EmailSender, OutgoingEmail, SendError};
use crate::config::{SmtpSettings, SmtpTls};

/// A pooled connection idle longer than this is checked with `NOOP` before reuse: relays close
/// idle sessions, and a stale connection must not turn into a failed attempt.
const CHECK_AFTER_IDLE: Duration = Duration::from_secs(15);

/// Sends through a relay, keeping up to `pool_size` connections open.
pub struct SmtpSender {
    composer: Composer,
    inner: Inner,
}

enum Inner {
    Pooled(Pool),
    Lettre(AsyncSmtpTransport<Tokio1Executor>),
}

struct Pool {
    host: String,
    port: u16,
    starttls: bool,
    credentials: Option<Credentials>,
    hello: ClientId,
    timeout: Duration,
    /// One permit per connection the pool may hold.
    slots: Semaphore,
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
}

impl SmtpSender {
    pub fn new(settings: &SmtpSettings, composer: Composer) -> anyhow::Result<Self> {
        let credentials = match (&settings.username, &settings.password) {
            (Some(username), Some(password)) => Some(Credentials::new(
                username.clone(),
                password.expose_secret().to_owned(),
            )),
            _ => None,
        };
        let timeout = Duration::from_secs(settings.timeout_seconds);
        let pool_size = settings.pool_size.max(1);
        let inner = match settings.tls {
            SmtpTls::None | SmtpTls::Starttls => Inner::Pooled(Pool {
                host: settings.host.clone(),
                port: settings.port,
                starttls: settings.tls == SmtpTls::Starttls,
                credentials,
                hello: ClientId::default(),
                timeout,
                slots: Semaphore::new(usize::try_from(pool_size)?),
                idle: Mutex::new(Vec::new()),
            }),
            SmtpTls::Tls => {
                let mut builder = AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host)?
                    .port(settings.port)
                    .timeout(Some(timeout))
                    .pool_config(PoolConfig::new().max_size(pool_size));
                if let Some(credentials) = credentials {
                    builder = builder.credentials(credentials);
                }
                Inner::Lettre(builder.build())
            }
        };
        Ok(Self { composer, inner })
    }
}

#[async_trait::async_trait]
impl EmailSender for SmtpSender {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), SendError> {
        let message = self.composer.compose(email)?;
        match &self.inner {
            Inner::Pooled(pool) => pool.send(&message).await,
            Inner::Lettre(transport) => transport
                .send(message)
                .await
                .map(drop)
                .map_err(|err| classify(&err)),
        }
    }
}

impl Pool {
    async fn send(&self, message: &Message) -> Result<(), SendError> {
        let _slot = self
            .slots
            .acquire()
            .await
            .map_err(|_| SendError::Transient {
                class: "shutdown".to_owned(),
                detail: "the SMTP pool is closed".to_owned(),
            })?;
        let mut connection = self.checkout().await?;
        let sent = tokio::time::timeout(
            self.timeout,
            connection.send(message.envelope(), &message.formatted()),
        )
        .await;
        match sent {
            Ok(Ok(_)) => {
                self.lock().push((connection, Instant::now()));
                Ok(())
            }
            // lettre has already sent QUIT and closed a connection that failed.
            Ok(Err(err)) => Err(classify(&err)),
            Err(_) => Err(timed_out()),
        }
    }

    /// An idle connection that still answers, or a new one.
    async fn checkout(&self) -> Result<AsyncSmtpConnection, SendError> {
        loop {
            let Some((mut connection, since)) = self.lock().pop() else {
                break;
            };
            if since.elapsed() < CHECK_AFTER_IDLE || connection.test_connected().await {
                return Ok(connection);
            }
        }
        tokio::time::timeout(self.timeout, self.connect())
            .await
            .map_err(|_| timed_out())?
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        let refused = |err: std::io::Error| SendError::Transient {
            class: "connection".to_owned(),
            detail: err.to_string(),
        };
        let stream = TcpStream::connect((self.host.as_str(), self.port))
            .await
            .map_err(refused)?;
        stream.set_nodelay(true).map_err(refused)?;
        let session = async {
            let mut connection =
                AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.hello).await?;
            if self.starttls {
                let tls = TlsParameters::new(self.host.clone())?;
                connection.starttls(tls, &self.hello).await?;
            }
            if let Some(credentials) = &self.credentials {
                connection
                    .auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                    .await?;
            }
            Ok::<_, smtp::Error>(connection)
        };
        session.await.map_err(|err| classify(&err))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(AsyncSmtpConnection, Instant)>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn timed_out() -> SendError {
    SendError::Transient {
        class: "timeout".to_owned(),
        detail: "the relay did not answer in time".to_owned(),
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
