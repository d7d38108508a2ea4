//! The official Password Pusher CLI (PyPI `pwpush`, pinned), installed once per target directory
//! and run against a loopback mock with a private HOME, so it never reads the developer's
//! configuration and never contacts a real host.
//!
//! Installation tries, in order: a virtualenv (`python3 -m venv`, which Debian ships separately
//! as `python3-venv`); `pip install --target` with the system pip; and, when neither venv nor pip
//! is available, pip's own wheel fetched from PyPI and run directly (`python3 pip.whl/pip`), so
//! a bare `python3` is enough. The result is cached under `CARGO_TARGET_TMPDIR` and shared by
//! concurrent test processes through a lock file.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

/// The CLI version the tests pin.
pub const VERSION: &str = "0.16.7";

/// How long one CLI command may take before the test gives up on it (a guard, not an assertion).
const COMMAND_LIMIT: Duration = Duration::from_secs(120);
/// How long to wait for another process's installation.
const INSTALL_WAIT: Duration = Duration::from_secs(600);

/// An installed CLI: the Python to run it with, and where its packages live when not in a venv.
#[derive(Debug)]
pub struct Cli {
    python: PathBuf,
    site: Option<PathBuf>,
}

/// What one CLI command did.
#[derive(Debug)]
pub struct Run {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn succeeded(&self) -> bool {
        self.status == Some(0)
    }
}

/// The CLI, installed on first use. Panics with the reason when it cannot be installed.
pub fn installed() -> &'static Cli {
    static CLI: OnceLock<Cli> = OnceLock::new();
    CLI.get_or_init(|| match install() {
        Ok(cli) => cli,
        Err(reason) => panic!(
            "could not install the official pwpush CLI {VERSION}: {reason}\n\
             It needs python3 (3.10 or newer) and access to PyPI."
        ),
    })
}

impl Cli {
    /// Runs `pwpush <args>` with `home` as HOME and config directory, and `stdin` as input.
    pub fn run(&self, home: &Path, args: &[&str], stdin: &str) -> Result<Run, String> {
        let mut command = Command::new(&self.python);
        command
            .arg("-m")
            .arg("pwpush")
            .args(args)
            // Nothing from the developer's environment: no proxies, no CA bundles, no config.
            .env_clear()
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .env("COLUMNS", "200")
            .env("TERM", "dumb")
            .env("NO_COLOR", "1")
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("PYTHONNOUSERSITE", "1")
            .env("NO_PROXY", "*")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(path) = std::env::var_os("PATH") {
            command.env("PATH", path);
        }
        if let Some(site) = &self.site {
            command.env("PYTHONPATH", site);
        }
        let mut child = command.spawn().map_err(|e| format!("spawn: {e}"))?;
        if let Some(mut input) = child.stdin.take() {
            input
                .write_all(stdin.as_bytes())
                .map_err(|e| format!("stdin: {e}"))?;
        }
        let started = Instant::now();
        loop {
            if child.try_wait().map_err(|e| e.to_string())?.is_some() {
                break;
            }
            if started.elapsed() > COMMAND_LIMIT {
                let _ = child.kill();
                return Err(format!("pwpush {args:?} did not finish"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let output = child.wait_with_output().map_err(|e| e.to_string())?;
        Ok(Run {
            status: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        })
    }
}

fn install() -> Result<Cli, String> {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("pwpush-cli-{VERSION}"));
    let ready = root.join("READY");
    if let Some(cli) = read_ready(&root, &ready) {
        return Ok(cli);
    }
    let _lock = Lock::acquire(&root.with_extension("lock"))?;
    if let Some(cli) = read_ready(&root, &ready) {
        return Ok(cli);
    }
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(&root).map_err(|e| format!("create {}: {e}", root.display()))?;
    let python3 = python3()?;
    let package = format!("pwpush=={VERSION}");
    let mut reasons = Vec::new();

    let venv = root.join("venv");
    match run_ok(Command::new(&python3).args(["-m", "venv"]).arg(&venv)).and_then(|()| {
        run_ok(pip(
            Command::new(venv.join("bin/python")).args(["-m", "pip"]),
            &package,
        ))
    }) {
        Ok(()) => return mark_ready(&root, &ready, "venv"),
        Err(reason) => reasons.push(format!("venv: {reason}")),
    }

    let site = root.join("site");
    // `--target` leaves the system's packages alone; the variable only lets a Debian pip (PEP 668)
    // accept that.
    let mut system_pip = Command::new(&python3);
    system_pip
        .args(["-m", "pip"])
        .env("PIP_BREAK_SYSTEM_PACKAGES", "1");
    match run_ok(pip(&mut system_pip, &package).arg("--target").arg(&site)) {
        Ok(()) => return mark_ready(&root, &ready, "site"),
        Err(reason) => reasons.push(format!("system pip: {reason}")),
    }

    let wheel = root.join("pip.whl");
    let mut fetch = Command::new(&python3);
    fetch.arg("-c").arg(FETCH_PIP_WHEEL).arg(&wheel);
    match run_ok(&mut fetch).and_then(|()| {
        let mut bootstrap = Command::new(&python3);
        bootstrap.arg(wheel.join("pip"));
        run_ok(pip(&mut bootstrap, &package).arg("--target").arg(&site))
    }) {
        Ok(()) => mark_ready(&root, &ready, "site"),
        Err(reason) => {
            reasons.push(format!("pip from its wheel: {reason}"));
            Err(reasons.join("; "))
        }
    }
}

/// Downloads the newest pip wheel from PyPI into argv[1], with the standard library only.
const FETCH_PIP_WHEEL: &str = r#"
import json, sys, urllib.parse, urllib.request
index = "https://pypi.org/pypi/pip/json"
meta = json.load(urllib.request.urlopen(index, timeout=60))
url = next(f["url"] for f in meta["urls"] if f["packagetype"] == "bdist_wheel")
# Mirrors answer with links relative to the index.
with urllib.request.urlopen(urllib.parse.urljoin(index, url), timeout=120) as r, open(sys.argv[1], "wb") as out:
    out.write(r.read())
"#;

fn pip<'c>(command: &'c mut Command, package: &str) -> &'c mut Command {
    command
        .args([
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
        ])
        .arg(package)
}

fn python3() -> Result<PathBuf, String> {
    let probe = Command::new("python3")
        .args([
            "-c",
            "import sys; print(sys.executable); assert sys.version_info >= (3, 10)",
        ])
        .output()
        .map_err(|e| format!("python3 is not available: {e}"))?;
    if !probe.status.success() {
        return Err("python3 is older than 3.10".to_owned());
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&probe.stdout).trim()))
}

fn run_ok(command: &mut Command) -> Result<(), String> {
    let Output { status, stderr, .. } = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(3).collect();
        Err(format!(
            "{status}: {}",
            tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
        ))
    }
}

fn mark_ready(root: &Path, ready: &Path, kind: &str) -> Result<Cli, String> {
    fs::write(ready, kind).map_err(|e| format!("write {}: {e}", ready.display()))?;
    read_ready(root, ready).ok_or_else(|| "the installation marker is unreadable".to_owned())
}

fn read_ready(root: &Path, ready: &Path) -> Option<Cli> {
    match fs::read_to_string(ready).ok()?.trim() {
        "venv" => Some(Cli {
            python: root.join("venv/bin/python"),
            site: None,
        }),
        "site" => Some(Cli {
            python: python3().ok()?,
            site: Some(root.join("site")),
        }),
        _ => None,
    }
}

/// A lock file created exclusively; removed on drop. A lock older than the install wait is
/// taken to be left over from a killed run.
struct Lock(PathBuf);

impl Lock {
    fn acquire(path: &Path) -> Result<Self, String> {
        let started = Instant::now();
        loop {
            match OpenOptions::new().write(true).create_new(true).open(path) {
                Ok(_) => return Ok(Lock(path.to_owned())),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let stale = fs::metadata(path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| SystemTime::now().duration_since(t).ok())
                        .is_some_and(|age| age > INSTALL_WAIT);
                    if stale {
                        let _ = fs::remove_file(path);
                    } else if started.elapsed() > INSTALL_WAIT {
                        return Err("another test process is still installing the CLI".to_owned());
                    } else {
                        std::thread::sleep(Duration::from_millis(250));
                    }
                }
                Err(e) => return Err(format!("lock {}: {e}", path.display())),
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}
