//! Shared by the benchmarks: a run's latency histogram and throughput, and a load loop.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use hdrhistogram::Histogram;

/// Latencies of one measured run.
pub struct Run {
    pub histogram: Histogram<u64>,
    pub elapsed: Duration,
    pub errors: u64,
}

impl Run {
    pub fn rps(&self) -> f64 {
        self.histogram.len() as f64 / self.elapsed.as_secs_f64()
    }
    pub fn line(&self) -> String {
        format!(
            "{:>8.0} req/s   p50 {:>6.2} ms   p99 {:>6.2} ms   ({} requests, {} errors)",
            self.rps(),
            self.histogram.value_at_quantile(0.5) as f64 / 1000.0,
            self.histogram.value_at_quantile(0.99) as f64 / 1000.0,
            self.histogram.len(),
            self.errors
        )
    }
}

type WorkerResult = anyhow::Result<(Histogram<u64>, u64)>;

/// Joins the workers and merges their histograms.
async fn collect(
    workers: Vec<tokio::task::JoinHandle<WorkerResult>>,
    start: Instant,
) -> anyhow::Result<Run> {
    let mut histogram = Histogram::<u64>::new(3)?;
    let mut errors = 0;
    for worker in workers {
        let (h, e) = worker.await.context("worker panicked")??;
        histogram.add(h)?;
        errors += e;
    }
    Ok(Run {
        histogram,
        elapsed: start.elapsed(),
        errors,
    })
}

/// Runs `request(n)` from `concurrency` workers for `seconds`, recording each latency; a request
/// that answers `false` counts as an error.
pub async fn load<F, Fut>(concurrency: usize, seconds: u64, request: F) -> anyhow::Result<Run>
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<bool>> + Send,
{
    let deadline = Instant::now() + Duration::from_secs(seconds);
    drive(concurrency, request, move |_| {
        let now = Instant::now();
        (now < deadline).then_some(now)
    })
    .await
}

/// Sends `request(n)` at a fixed total `rate` (requests/s) from `concurrency` workers for
/// `seconds`. Each latency counts from when the request was due, not when it went out, so a stall
/// shows in the figures instead of delaying the requests behind it.
pub async fn paced<F, Fut>(
    concurrency: usize,
    seconds: u64,
    rate: f64,
    request: F,
) -> anyhow::Result<Run>
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<bool>> + Send,
{
    anyhow::ensure!(rate > 0.0, "a paced run needs a rate above zero");
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let interval = Duration::from_secs_f64(1.0 / rate);
    drive(concurrency, request, move |n| {
        let due = start + interval.mul_f64(n as f64);
        (due < deadline).then_some(due)
    })
    .await
}

/// Worker `w` sends requests `w`, `w + concurrency`, … each when `due(n)` says (now or later), until
/// it says `None`; each latency counts from that moment.
async fn drive<F, Fut, D>(concurrency: usize, request: F, due: D) -> anyhow::Result<Run>
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<bool>> + Send,
    D: Fn(u64) -> Option<Instant> + Send + Sync + 'static,
{
    let (request, due) = (Arc::new(request), Arc::new(due));
    let start = Instant::now();
    let mut workers = Vec::new();
    for worker in 0..concurrency {
        let (request, due) = (request.clone(), due.clone());
        workers.push(tokio::spawn(async move {
            let mut histogram = Histogram::<u64>::new(3)?;
            let mut errors = 0;
            let mut n = worker as u64;
            while let Some(at) = due(n) {
                if at > Instant::now() {
                    tokio::time::sleep_until(at.into()).await;
                }
                if !request(n).await? {
                    errors += 1;
                }
                histogram.record(at.elapsed().as_micros() as u64)?;
                n += concurrency as u64;
            }
            anyhow::Ok((histogram, errors))
        }));
    }
    collect(workers, start).await
}
