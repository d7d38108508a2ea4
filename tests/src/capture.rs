//! One buffer that receives every tracing event and span (at TRACE, with `log` records bridged in)
//! plus whatever Debug and Display text a test adds, and a scanner that finds secrets in it.

use std::fmt;
use std::io;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

/// The capture buffer. Cheap to clone; clones share the buffer.
#[derive(Clone, Debug, Default)]
pub struct Capture {
    buffer: Arc<Mutex<Vec<u8>>>,
}

impl Capture {
    /// The process-wide capture: installed once as the global tracing subscriber at TRACE, with
    /// span opening and closing logged with their fields, and with the `log` crate's records
    /// (reqwest, hyper) turned into tracing events. Every thread and task of the test binary
    /// writes into it.
    pub fn global() -> &'static Capture {
        static GLOBAL: OnceLock<Capture> = OnceLock::new();
        GLOBAL.get_or_init(|| {
            let capture = Capture::default();
            let installed = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_span_events(FmtSpan::FULL)
                .with_ansi(false)
                .with_writer(capture.clone())
                .try_init();
            if let Err(error) = installed {
                // Someone else owns the global subscriber: the capture would see nothing, and a
                // scan of it would prove nothing.
                panic!("the capture must be the only global subscriber: {error}");
            }
            capture
        })
    }

    /// Adds a labelled piece of text (a Debug or Display rendering) to the buffer.
    pub fn record(&self, label: &str, text: impl fmt::Display) {
        let line = format!("[{label}] {text}\n");
        self.lock().extend_from_slice(line.as_bytes());
    }

    /// Everything captured so far (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.lock()).into_owned()
    }

    /// The number of bytes captured so far.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when nothing was captured yet.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<u8>> {
        self.buffer.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Writes one formatted event into the shared buffer.
#[derive(Debug)]
pub struct CaptureWriter {
    buffer: Arc<Mutex<Vec<u8>>>,
}

impl io::Write for CaptureWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = CaptureWriter;

    fn make_writer(&'a self) -> Self::Writer {
        CaptureWriter {
            buffer: Arc::clone(&self.buffer),
        }
    }
}

/// A secret planted in a test, and the distinctive part of it that must never show up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlantedSecret {
    /// What the secret is (for the failure message).
    pub kind: &'static str,
    /// The whole secret as the test passes it to the SDK.
    pub value: String,
}

impl PlantedSecret {
    /// A secret of `kind` whose value is `prefix` followed by a marker no other text contains.
    pub fn new(kind: &'static str, prefix: &str, marker: &str) -> Self {
        Self {
            kind,
            value: format!("{prefix}{marker}"),
        }
    }

    /// The fragments searched for: the whole value and its last 12 characters (a truncated
    /// snippet or a partial echo still gives the secret away).
    pub fn needles(&self) -> Vec<&str> {
        let tail_start = self.value.len().saturating_sub(12);
        let mut needles = vec![self.value.as_str()];
        if let Some(tail) = self.value.get(tail_start..)
            && tail != self.value
        {
            needles.push(tail);
        }
        needles
    }
}

/// Every planted secret found in `text`, with a few characters of context around the first hit.
pub fn find_secrets(text: &str, secrets: &[PlantedSecret]) -> Vec<String> {
    let mut found = Vec::new();
    for secret in secrets {
        for needle in secret.needles() {
            if let Some(at) = text.find(needle) {
                let start = floor_boundary(text, at.saturating_sub(80));
                let end = ceil_boundary(text, (at + needle.len() + 40).min(text.len()));
                found.push(format!(
                    "{} found: ...{}...",
                    secret.kind,
                    &text[start..end]
                ));
                break;
            }
        }
    }
    found
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_planted_secret_or_its_tail_is_found_and_an_absent_one_is_not() {
        let key = PlantedSecret::new("api key", "psk-", "QvZ81mXrT4wLk9Pd");
        let other = PlantedSecret::new("token", "tok-", "Hn3bWq0sZc7YfEuA");
        let secrets = [key.clone(), other];
        assert_eq!(find_secrets("nothing here", &secrets), Vec::<String>::new());
        let whole = find_secrets(&format!("header x-api-key: {}", key.value), &secrets);
        assert_eq!(whole.len(), 1);
        assert!(whole[0].starts_with("api key found"), "{whole:?}");
        let tail = find_secrets("snippet: ...1mXrT4wLk9Pd\"}", &secrets);
        assert_eq!(tail.len(), 1, "{tail:?}");
    }

    #[test]
    fn recorded_text_lands_in_the_buffer() {
        let capture = Capture::default();
        capture.record("debug", format_args!("{:?}", "value"));
        assert_eq!(capture.text(), "[debug] \"value\"\n");
        assert!(!capture.is_empty());
    }
}
