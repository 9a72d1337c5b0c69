//! A real SMTP server on loopback for tests, benchmarks and drills.
//!
//! The protocol (EHLO, MAIL, RCPT, DATA, RSET, QUIT, dot-stuffing) is the `mailin` crate's state
//! machine; this crate only moves lines between a TCP socket and a `mailin::Session`. It records
//! every accepted message and can be told to answer a recipient's next `RCPT TO` with a failure
//! (`451` to test retries, `550` to test hard bounces).

use std::collections::{HashMap, VecDeque};
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use mailin::{Action, Handler, Response, SessionBuilder, response};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One message the sink accepted.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope recipients (`RCPT TO`).
    pub to: Vec<String>,
    /// The message as transmitted, after DATA's dot-unstuffing.
    pub data: Vec<u8>,
}

impl Received {
    /// The value of the `Message-ID` header, if any.
    pub fn message_id(&self) -> Option<String> {
        message_id(&self.data)
    }
}

/// What the sink keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every accepted message, for inspection.
    Messages,
    /// Only a count (benchmarks).
    Count,
}

struct Shared {
    keep: Keep,
    received: Mutex<Vec<Received>>,
    accepted: AtomicU64,
    /// Replies queued per recipient; a recipient with none is accepted.
    scripted: Mutex<HashMap<String, VecDeque<u16>>>,
    /// Where to append each accepted message's `Message-ID` (the crash drill's ledger).
    ledger: Option<Mutex<std::fs::File>>,
}

/// A running sink. It stops when the runtime that started it shuts down.
#[derive(Clone)]
pub struct SmtpSink {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl SmtpSink {
    /// Starts a sink on an ephemeral loopback port that keeps every message.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_on("127.0.0.1:0", Keep::Messages, None).await
    }

    /// Starts a sink on `addr`. With a `ledger`, each accepted message's `Message-ID` is appended
    /// to that file, one per line, before the sink answers `250`.
    pub async fn start_on(
        addr: &str,
        keep: Keep,
        ledger: Option<std::fs::File>,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let shared = Arc::new(Shared {
            keep,
            received: Mutex::default(),
            accepted: AtomicU64::default(),
            scripted: Mutex::default(),
            ledger: ledger.map(Mutex::new),
        });
        let sink = Self {
            addr: listener.local_addr()?,
            shared: shared.clone(),
        };
        tokio::spawn(async move {
            while let Ok((stream, peer)) = listener.accept().await {
                let shared = shared.clone();
                tokio::spawn(async move {
                    // A client that hangs up mid-session is the client's business.
                    let _ = serve(stream, peer.ip(), shared).await;
                });
            }
        });
        Ok(sink)
    }

    /// The address the sink listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The port the sink listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Answers the next `RCPT TO:<recipient>` commands with these codes, in order, then accepts.
    pub fn script(&self, recipient: &str, codes: &[u16]) {
        lock(&self.shared.scripted)
            .entry(recipient.to_ascii_lowercase())
            .or_default()
            .extend(codes.iter().copied());
    }

    /// Messages accepted so far (empty when the sink only counts).
    pub fn received(&self) -> Vec<Received> {
        lock(&self.shared.received).clone()
    }

    /// How many messages the sink has accepted.
    pub fn accepted(&self) -> u64 {
        self.shared.accepted.load(Ordering::Relaxed)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The header value of `Message-ID` in a raw message.
pub fn message_id(data: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(data);
    text.lines()
        .take_while(|line| !line.is_empty())
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("message-id")
                .then(|| value.trim().to_owned())
        })
}

/// One SMTP session's handler.
struct Session {
    shared: Arc<Shared>,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Session {
    fn rcpt(&mut self, to: &str) -> Response {
        let address = to.trim_matches(['<', '>']).to_ascii_lowercase();
        let code = lock(&self.shared.scripted)
            .get_mut(&address)
            .and_then(VecDeque::pop_front);
        match code {
            Some(code @ 400..=499) => {
                Response::custom(code, "4.3.0 Try again later (scripted)".to_owned())
            }
            Some(code @ 500..=599) => {
                Response::custom(code, "5.1.1 No such mailbox (scripted)".to_owned())
            }
            _ => response::OK,
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let data = std::mem::take(&mut self.data);
        if let Some(ledger) = &self.shared.ledger {
            let id = message_id(&data).unwrap_or_default();
            if writeln!(lock(ledger), "{id}").is_err() {
                return Response::custom(451, "4.3.0 Ledger unavailable".to_owned());
            }
        }
        self.shared.accepted.fetch_add(1, Ordering::Relaxed);
        if self.shared.keep == Keep::Messages {
            lock(&self.shared.received).push(Received {
                to: std::mem::take(&mut self.to),
                data,
            });
        }
        response::OK
    }
}

async fn serve(stream: TcpStream, peer: IpAddr, shared: Arc<Shared>) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    let handler = Session {
        shared,
        to: Vec::new(),
        data: Vec::new(),
    };
    let mut session = SessionBuilder::new("sink.localhost").build(peer, handler);
    writer.write_all(&session.greeting().buffer()?).await?;
    let mut line = Vec::with_capacity(256);
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let reply = session.process(&line);
        match reply.action {
            Action::Reply => writer.write_all(&reply.buffer()?).await?,
            Action::Close | Action::UpgradeTls => {
                writer.write_all(&reply.buffer()?).await?;
                return Ok(());
            }
            Action::NoReply => {}
        }
    }
}
