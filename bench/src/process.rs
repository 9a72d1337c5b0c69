//! Processes the harnesses start and read: servers as children, their memory and CPU from
//! `/proc` (Linux).

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kernel clock ticks per second in `/proc/<pid>/stat` (`USER_HZ`, 100 on Linux).
const TICKS_PER_SECOND: f64 = 100.0;

fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

/// Resident memory now, KiB.
pub fn rss_kib(pid: u32) -> Option<u64> {
    status_kib(pid, "VmRSS:")
}

/// The most resident memory the process has had, KiB.
pub fn peak_rss_kib(pid: u32) -> Option<u64> {
    status_kib(pid, "VmHWM:")
}

/// `(command name, user + system CPU seconds)` of a process, all its threads.
fn stat(pid: &str) -> Option<(String, f64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let comm = stat.get(open + 1..close)?.to_owned();
    // After the name: state is field 3, utime 14 and stime 15.
    let fields: Vec<&str> = stat.get(close + 1..)?.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some((comm, ticks as f64 / TICKS_PER_SECOND))
}

/// CPU seconds a process has used.
pub fn cpu_seconds(pid: u32) -> f64 {
    stat(&pid.to_string()).map_or(0.0, |(_, seconds)| seconds)
}

/// CPU seconds of every process named `name` (e.g. PostgreSQL's backends), by process id.
pub fn cpu_by_process(name: &str) -> HashMap<u32, f64> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return HashMap::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let (comm, seconds) = stat(&pid.to_string())?;
            (comm == name).then_some((pid, seconds))
        })
        .collect()
}

/// CPU seconds the processes named `name` used since `before` (from [`cpu_by_process`]): per
/// process, so one that exited in between does not subtract its whole life.
pub fn cpu_since(name: &str, before: &HashMap<u32, f64>) -> f64 {
    cpu_by_process(name)
        .into_iter()
        .map(|(pid, now)| now - before.get(&pid).copied().unwrap_or(0.0))
        .filter(|delta| *delta > 0.0)
        .sum()
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// A child process, killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
}

impl Server {
    /// Starts `command` (stdout and stderr to the bench's stderr) and waits until a POST of
    /// `probe` to `url` answers 200.
    pub async fn start(mut command: Command, url: String, probe: &str) -> anyhow::Result<Self> {
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()?;
        let mut server = Self { child, url };
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = server.child.try_wait()? {
                anyhow::bail!("{:?} exited with {status}", command.get_program());
            }
            let answer = client
                .post(&server.url)
                .header("content-type", "application/json")
                .body(probe.to_owned())
                .send()
                .await;
            if answer.is_ok_and(|r| r.status().is_success()) {
                return Ok(server);
            }
            anyhow::ensure!(
                Instant::now() < deadline,
                "{:?} did not answer within a minute",
                command.get_program()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
