//! The real binary, as an operator runs it: production starts from the variables
//! `docs/deploy.md` names and nothing else, a `pg_dump` restored by the documented steps serves
//! the same data, and SIGTERM lets a request in flight finish before the process exits.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, postgres_url};

const BINARY: &str = env!("CARGO_BIN_EXE_contract-watch");

/// The variable names in `docs/deploy.md`'s environment table.
fn documented_variables() -> Vec<String> {
    let doc = std::fs::read_to_string("docs/deploy.md").unwrap();
    let table = doc
        .split("| variable | required | meaning |")
        .nth(1)
        .expect("docs/deploy.md has the environment table");
    table
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .flat_map(|line| {
            line.split('`')
                .skip(1)
                .step_by(2)
                .filter(|name| name.starts_with("CW_"))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A loopback port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `url` with its database name replaced.
fn with_database(url: &str, name: &str) -> String {
    let mut url = url::Url::parse(url).unwrap();
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// Runs a command to completion and fails loudly with its output.
fn run(command: &mut Command) {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?}: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The binary with exactly `vars` (and `PATH`) in its environment.
pub fn binary(vars: &BTreeMap<String, String>) -> Command {
    let mut command = Command::new(BINARY);
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(vars)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// A served process, killed if the test fails before it stops it.
pub struct Served {
    child: Option<Child>,
    port: u16,
    /// What the process wrote to stderr, when started with [`Served::start_logged`].
    logs: Option<std::thread::JoinHandle<String>>,
}

impl Served {
    /// Starts `serve` and waits until `/readyz` answers (start-up includes migrations).
    pub fn start(vars: &BTreeMap<String, String>, port: u16) -> Self {
        Self::spawn(vars, port, false)
    }

    /// [`Served::start`], keeping every line the process logs (read as it comes, so a busy
    /// log never blocks the server on a full pipe).
    pub fn start_logged(vars: &BTreeMap<String, String>, port: u16) -> Self {
        Self::spawn(vars, port, true)
    }

    fn spawn(vars: &BTreeMap<String, String>, port: u16, logged: bool) -> Self {
        let mut child = binary(vars)
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(if logged {
                Stdio::piped()
            } else {
                Stdio::inherit()
            })
            .spawn()
            .unwrap();
        let logs = child.stderr.take().map(|mut stderr| {
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = stderr.read_to_string(&mut text);
                text
            })
        });
        let mut served = Self {
            child: Some(child),
            port,
            logs,
        };
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok((200, _)) = served.request("GET", "/readyz", None, &[]) {
                return served;
            }
            if let Some(status) = served.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("the server exited during start-up: {status}");
            }
            assert!(Instant::now() < deadline, "the server did not become ready");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// One HTTP/1.1 request; (status, body).
    pub fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> std::io::Result<(u16, String)> {
        http(self.port, method, path, body, headers)
    }

    fn graphql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        self.graphql_from("192.0.2.10", token, query, variables)
    }

    /// A GraphQL request from client address `ip` (behind a trusted proxy).
    pub fn graphql_from(
        &self,
        ip: &str,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> Value {
        let body = json!({ "query": query, "variables": variables }).to_string();
        let bearer = token.map(|t| format!("Bearer {t}"));
        let mut headers = vec![
            ("content-type", "application/json"),
            ("x-forwarded-for", ip),
        ];
        if let Some(bearer) = &bearer {
            headers.push(("authorization", bearer));
        }
        let (status, text) = self
            .request("POST", "/graphql", Some(&body), &headers)
            .unwrap();
        assert_eq!(status, 200, "{text}");
        serde_json::from_str(&text).unwrap()
    }

    fn log_in(&self, email: &str) -> String {
        let body = self.graphql(
            None,
            "mutation($e: String!, $p: String!) { logIn(input: {email: $e, password: $p}) { accessToken } }",
            json!({ "e": email, "p": PASSWORD }),
        );
        body["data"]["logIn"]["accessToken"]
            .as_str()
            .unwrap_or_else(|| panic!("{body}"))
            .to_owned()
    }

    /// SIGTERM, then everything the process logged.
    pub fn stop_and_collect(mut self) -> String {
        let mut child = self.child.take().unwrap();
        sigterm(&child);
        let status = wait_for_exit(&mut child, Duration::from_secs(40));
        assert!(status.success(), "{status}");
        self.logs
            .take()
            .map(|t| t.join().unwrap())
            .unwrap_or_default()
    }

    /// SIGTERM, then the exit status.
    fn terminate(mut self) -> ExitStatus {
        let mut child = self.child.take().unwrap();
        sigterm(&child);
        wait_for_exit(&mut child, Duration::from_secs(40))
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn sigterm(child: &Child) {
    run(Command::new("kill").args(["-TERM", &child.id().to_string()]));
}

fn wait_for_exit(child: &mut Child, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "no exit within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A minimal HTTP/1.1 client: one request per connection.
fn http(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.unwrap_or_default();
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes())?;
    read_response(&mut stream)
}

fn read_response(stream: &mut TcpStream) -> std::io::Result<(u16, String)> {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    Ok((
        status,
        if chunked {
            dechunk(body)
        } else {
            body.to_owned()
        },
    ))
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// A database of its own on the test server, dropped at the end.
pub struct ScratchDatabase {
    admin_url: String,
    name: String,
}

impl ScratchDatabase {
    pub fn create(admin_url: &str, name: String) -> Self {
        run(Command::new("psql")
            .arg(admin_url)
            .args(["-qAtc", &format!("CREATE DATABASE \"{name}\"")]));
        Self {
            admin_url: admin_url.to_owned(),
            name,
        }
    }

    pub fn url(&self) -> String {
        with_database(&self.admin_url, &self.name)
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        let _ = Command::new("psql")
            .arg(&self.admin_url)
            .args([
                "-qAtc",
                &format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name),
            ])
            .output();
    }
}

#[test]
fn production_starts_from_the_documented_variables_and_a_restore_serves_the_same_data() {
    let Some(admin_url) = postgres_url() else {
        eprintln!("CW_TEST_POSTGRES_URL not set: the production boot test is skipped");
        return;
    };
    let stamp = format!(
        "{}_{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    );
    let original = ScratchDatabase::create(&admin_url, format!("cw_boot_{stamp}"));
    let (port, metrics_port) = (free_port(), free_port());
    let mut vars: BTreeMap<String, String> = [
        ("CW_ENV", "production".to_owned()),
        ("CW__DATABASE__URL", original.url()),
        (
            "CW__APPLICATION__BASE_URL",
            "https://watch.example.org".to_owned(),
        ),
        (
            "CW__AUTH__KEYS__K1",
            "7f3c1e9a5b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e".to_owned(),
        ),
        ("CW__AUTH__CURRENT_KEY_ID", "k1".to_owned()),
        (
            "CW__EMAIL__FROM",
            "Contract Watch <notices@watch.example.org>".to_owned(),
        ),
        ("CW__EMAIL__SMTP__HOST", "127.0.0.1".to_owned()),
        ("CW__EMAIL__SMTP__PORT", free_port().to_string()),
        ("CW__EMAIL__SMTP__TLS", "none".to_owned()),
        ("CW__APPLICATION__PORT", port.to_string()),
        ("CW__METRICS__LISTEN", format!("127.0.0.1:{metrics_port}")),
        ("CW__WORKER__RUN_IN_SERVE", "false".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let documented = documented_variables();
    for name in vars.keys() {
        assert!(
            documented.contains(name),
            "{name} is set by the test but not documented in docs/deploy.md ({documented:?})"
        );
    }

    let served = Served::start(&vars, port);
    // The first admin, as docs/operations.md says.
    let mut create = binary(&vars)
        .args([
            "admin",
            "create-user",
            "--email",
            "ops@city.example",
            "--role",
            "admin",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    create
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD}\n").as_bytes())
        .unwrap();
    let output = create.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let token = served.log_in("ops@city.example");
    let audit = "{ me { email role } auditLog(first: 5) { edges { node { action reason } } } }";
    let before = served.graphql(Some(&token), audit, json!({}));
    assert!(before.get("errors").is_none(), "{before}");
    assert_eq!(before["data"]["me"]["email"], "ops@city.example");
    let (status, page) = served.request("GET", "/", None, &[]).unwrap();
    assert_eq!(status, 200);
    assert!(page.contains("Contract Watch"));
    // Metrics on their own listener only.
    let (status, exposition) = http(metrics_port, "GET", "/metrics", None, &[]).unwrap();
    assert_eq!(status, 200);
    assert!(
        exposition.contains("cw_http_requests_total"),
        "{exposition}"
    );
    assert_eq!(served.request("GET", "/metrics", None, &[]).unwrap().0, 404);
    assert!(served.terminate().success(), "SIGTERM is a clean exit");

    // Backup and restore, by docs/deploy.md's commands.
    let folder = tempfile::tempdir().unwrap();
    let dump = folder.path().join("contract-watch.dump");
    run(Command::new("pg_dump")
        .args(["--format=custom", "--no-owner", "--file"])
        .arg(&dump)
        .arg(original.url()));
    let restored_name = format!("cw_restored_{stamp}");
    run(Command::new("createdb")
        .arg(format!("--maintenance-db={admin_url}"))
        .arg(&restored_name));
    let restored = ScratchDatabase {
        admin_url: admin_url.clone(),
        name: restored_name,
    };
    run(Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error"])
        .arg(format!("--dbname={}", restored.url()))
        .arg(&dump));
    vars.insert("CW__DATABASE__URL".to_owned(), restored.url());
    let port = free_port();
    vars.insert("CW__APPLICATION__PORT".to_owned(), port.to_string());
    vars.insert(
        "CW__METRICS__LISTEN".to_owned(),
        format!("127.0.0.1:{}", free_port()),
    );
    let served = Served::start(&vars, port);
    let token = served.log_in("ops@city.example");
    let after = served.graphql(Some(&token), audit, json!({}));
    assert_eq!(after, before, "the restored database serves the same data");
    assert!(served.terminate().success());
}

#[test]
fn sigterm_lets_the_request_in_flight_finish_then_exits() {
    let folder = tempfile::tempdir().unwrap();
    let port = free_port();
    let vars: BTreeMap<String, String> = [
        ("CW_ENV", "test".to_owned()),
        (
            "CW__DATABASE__URL",
            format!(
                "sqlite://{}?mode=rwc",
                folder.path().join("cw.db").display()
            ),
        ),
        ("CW__APPLICATION__PORT", port.to_string()),
        ("CW__APPLICATION__SHUTDOWN_GRACE_SECONDS", "20".to_owned()),
        ("CW__WORKER__RUN_IN_SERVE", "true".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let mut served = Served::start(&vars, port);

    // A request whose body is still arriving when SIGTERM comes. `Expect: 100-continue` makes
    // the server say when its handler starts reading the body: from then on the request is in
    // flight, not a connection still waiting in the listener's backlog.
    let body = json!({ "query": "{ __typename }" }).to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.flush().unwrap();
    let mut interim = Vec::new();
    let mut byte = [0_u8];
    while !interim.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).unwrap();
        interim.push(byte[0]);
    }
    let interim = String::from_utf8_lossy(&interim);
    assert!(interim.starts_with("HTTP/1.1 100"), "{interim}");
    let mut child = served.child.take().unwrap();
    sigterm(&child);
    // The listener closes: new connections are refused while the old one is served.
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_ok() {
        assert!(
            Instant::now() < deadline,
            "the listener stayed open after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "still serving the request in flight"
    );
    stream.write_all(body.as_bytes()).unwrap();
    let (status, answer) = read_response(&mut stream).unwrap();
    assert_eq!(status, 200, "{answer}");
    assert!(answer.contains("\"__typename\":\"Query\""), "{answer}");
    let status = wait_for_exit(&mut child, Duration::from_secs(25));
    assert!(status.success(), "{status}");
}
