//! One process of a multi-process rate-limit run: it lists pages of Push Security accounts from
//! a (mock) server for a while, paced by the shared Redis limiter or by its own, and reports how
//! its calls ended. The `shared_limit_worker` binary and `sdk-bench shared-limit-worker` run it;
//! `tests/tests/shared_rate_limit.rs` and the `shared_limit_efficiency` benchmark start four.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use push_security_client::{Client, RedisRateLimit};

/// What one worker process is told on its command line.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// The (mock) service.
    pub base_url: String,
    /// The API key every worker shares.
    pub api_key: String,
    /// The Redis of the shared limiter; `None` paces with the in-process limiter only.
    pub redis: Option<String>,
    /// Hold requests back while Redis is unreachable instead of falling back.
    pub fail_closed: bool,
    /// How long to keep calling.
    pub run_for: Duration,
    /// Items per page.
    pub page_size: i64,
    /// The overall timeout of each call.
    pub call_deadline: Duration,
}

impl WorkerOptions {
    /// The command line that [`parse`](Self::parse) reads back.
    pub fn to_args(&self) -> Vec<String> {
        let mut args = vec![
            "--base-url".to_owned(),
            self.base_url.clone(),
            "--api-key".to_owned(),
            self.api_key.clone(),
            "--run-for-ms".to_owned(),
            self.run_for.as_millis().to_string(),
            "--page-size".to_owned(),
            self.page_size.to_string(),
            "--deadline-ms".to_owned(),
            self.call_deadline.as_millis().to_string(),
        ];
        if let Some(redis) = &self.redis {
            args.extend(["--redis".to_owned(), redis.clone()]);
        }
        if self.fail_closed {
            args.push("--fail-closed".to_owned());
        }
        args
    }

    /// Reads the command line written by [`to_args`](Self::to_args).
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Self, String> {
        let mut options = Self {
            base_url: String::new(),
            api_key: String::new(),
            redis: None,
            fail_closed: false,
            run_for: Duration::from_secs(5),
            page_size: 1,
            call_deadline: Duration::from_secs(10),
        };
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            if flag == "--fail-closed" {
                options.fail_closed = true;
                continue;
            }
            let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
            let millis = || {
                value
                    .parse::<u64>()
                    .map(Duration::from_millis)
                    .map_err(|_| format!("{flag} must be milliseconds, got {value}"))
            };
            match flag.as_str() {
                "--base-url" => options.base_url = value.clone(),
                "--api-key" => options.api_key = value.clone(),
                "--redis" => options.redis = Some(value.clone()),
                "--run-for-ms" => options.run_for = millis()?,
                "--deadline-ms" => options.call_deadline = millis()?,
                "--page-size" => {
                    options.page_size = value
                        .parse()
                        .map_err(|_| format!("--page-size must be a number, got {value}"))?;
                }
                other => return Err(format!("unknown option {other}")),
            }
        }
        if options.base_url.is_empty() || options.api_key.is_empty() {
            return Err("--base-url and --api-key are required".to_owned());
        }
        Ok(options)
    }
}

/// How one worker's calls ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkerReport {
    /// Calls made.
    pub calls: u64,
    /// Calls that succeeded.
    pub ok: u64,
    /// Items received.
    pub items: u64,
    /// Calls that ended rate limited (429 after the retries).
    pub rate_limited: u64,
    /// Calls cut off by their deadline.
    pub timeouts: u64,
    /// Calls that failed otherwise.
    pub other_errors: u64,
    /// The longest call, in milliseconds.
    pub longest_call_ms: u64,
}

impl WorkerReport {
    /// `name: value` lines, as the benchmarks print their figures.
    pub fn to_lines(&self) -> String {
        let mut out = String::new();
        for (name, value) in self.fields() {
            let _ = writeln!(out, "{name}: {value}");
        }
        out
    }

    /// Reads the lines written by [`to_lines`](Self::to_lines) from a worker's stdout.
    pub fn parse(stdout: &str) -> Result<Self, String> {
        let mut report = Self::default();
        for line in stdout.lines() {
            let Some((name, value)) = line.split_once(": ") else {
                continue;
            };
            let value: u64 = value
                .trim()
                .parse()
                .map_err(|_| format!("not a number in `{line}`"))?;
            let slot = match name {
                "calls" => &mut report.calls,
                "ok" => &mut report.ok,
                "items" => &mut report.items,
                "rate_limited" => &mut report.rate_limited,
                "timeouts" => &mut report.timeouts,
                "other_errors" => &mut report.other_errors,
                "longest_call_ms" => &mut report.longest_call_ms,
                _ => continue,
            };
            *slot = value;
        }
        if report.calls == 0 {
            return Err(format!("no report in the worker's output: {stdout:?}"));
        }
        Ok(report)
    }

    fn fields(&self) -> [(&'static str, u64); 7] {
        [
            ("calls", self.calls),
            ("ok", self.ok),
            ("items", self.items),
            ("rate_limited", self.rate_limited),
            ("timeouts", self.timeouts),
            ("other_errors", self.other_errors),
            ("longest_call_ms", self.longest_call_ms),
        ]
    }
}

/// Calls `accounts().list()` (one page) again and again until `run_for` has passed.
pub async fn run_worker(options: &WorkerOptions) -> Result<WorkerReport, String> {
    let mut builder = Client::builder()
        .base_url(options.base_url.as_str())
        .api_key(options.api_key.as_str())
        .overall_timeout(options.call_deadline);
    if let Some(redis) = &options.redis {
        let mut shared = RedisRateLimit::new(redis.as_str());
        if options.fail_closed {
            shared = shared.fail_closed();
        }
        builder = builder.redis_rate_limit(shared);
    }
    let client = builder.build().map_err(|e| e.to_string())?;
    let mut report = WorkerReport::default();
    let started = Instant::now();
    while started.elapsed() < options.run_for {
        let call_started = Instant::now();
        let result = client.accounts().list().limit(options.page_size).await;
        let took = u64::try_from(call_started.elapsed().as_millis()).unwrap_or(u64::MAX);
        report.longest_call_ms = report.longest_call_ms.max(took);
        report.calls += 1;
        match result {
            Ok(page) => {
                report.ok += 1;
                report.items += page.result.len() as u64;
            }
            Err(error) if error.is_timeout() => report.timeouts += 1,
            Err(error) if error.status().map(|s| s.as_u16()) == Some(429) => {
                report.rate_limited += 1;
            }
            Err(_) => report.other_errors += 1,
        }
    }
    Ok(report)
}
