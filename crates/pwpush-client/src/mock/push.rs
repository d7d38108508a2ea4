//! A stored push, its audit log, its lifetime, and the JSON the server renders for it.

use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use super::call::Call;
use super::rails_time::rails_time;
use crate::ExpireAfterDuration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Url,
    File,
    Qr,
}

impl Kind {
    pub(crate) fn parse(value: &str) -> Option<Self> {
        match value {
            "text" => Some(Kind::Text),
            "url" => Some(Kind::Url),
            "file" => Some(Kind::File),
            "qr" => Some(Kind::Qr),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct StoredFile {
    pub(crate) filename: String,
    pub(crate) content_type: String,
}

#[derive(Clone, Debug)]
pub(crate) struct EmailNotice {
    pub(crate) recipients: String,
    pub(crate) locale: String,
    pub(crate) completed_at: Option<OffsetDateTime>,
}

#[derive(Clone, Debug)]
pub(crate) struct AuditEntry {
    pub(crate) kind: &'static str,
    pub(crate) user_agent: String,
    pub(crate) referrer: String,
    pub(crate) at: OffsetDateTime,
    pub(crate) notice: Option<EmailNotice>,
}

impl AuditEntry {
    fn new(
        kind: &'static str,
        call: &Call,
        at: OffsetDateTime,
        notice: Option<EmailNotice>,
    ) -> Self {
        Self {
            kind,
            user_agent: call.user_agent.chars().take(255).collect(),
            referrer: call.referrer.chars().take(255).collect(),
            at,
            notice,
        }
    }
}

/// Which action renders the push: each adds its own fields to the base set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum View {
    Create,
    List,
    Show,
    Destroy,
}

#[derive(Clone, Debug)]
pub(crate) struct PushRecord {
    pub(crate) url_token: String,
    pub(crate) kind: Kind,
    pub(crate) payload: Option<String>,
    pub(crate) passphrase: Option<String>,
    pub(crate) name: String,
    pub(crate) note: String,
    pub(crate) expire_after_days: u32,
    pub(crate) expire_after_views: u32,
    pub(crate) expire_after_duration: Option<ExpireAfterDuration>,
    pub(crate) deletable_by_viewer: Option<bool>,
    pub(crate) retrieval_step: bool,
    pub(crate) owner: Option<u64>,
    pub(crate) account_id: Option<i64>,
    pub(crate) notify_emails_to: Option<(String, String)>,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) updated_at: OffsetDateTime,
    pub(crate) expired: bool,
    pub(crate) expired_on: Option<OffsetDateTime>,
    pub(crate) files: Vec<StoredFile>,
    pub(crate) audit: Vec<AuditEntry>,
}

impl PushRecord {
    /// Views and reads-after-expiry both use up the count.
    pub(crate) fn views_used(&self) -> u32 {
        let used = self
            .audit
            .iter()
            .filter(|e| matches!(e.kind, "view" | "failed_view"))
            .count();
        u32::try_from(used).unwrap_or(u32::MAX)
    }

    pub(crate) fn views_remaining(&self) -> u32 {
        self.expire_after_views.saturating_sub(self.views_used())
    }

    pub(crate) fn days_remaining(&self, now: OffsetDateTime) -> u32 {
        let whole_days = (now - self.created_at).whole_days().max(0);
        let whole_days = u32::try_from(whole_days).unwrap_or(u32::MAX);
        self.expire_after_days.saturating_sub(whole_days)
    }

    /// Day (or Pro duration) expiry is checked lazily, on access, as the server does.
    pub(crate) fn lifetime_over(&self, now: OffsetDateTime) -> bool {
        match self
            .expire_after_duration
            .and_then(ExpireAfterDuration::as_duration)
        {
            Some(lifetime) => now >= self.created_at + lifetime,
            None => self.days_remaining(now) == 0,
        }
    }

    pub(crate) fn refresh(&mut self, now: OffsetDateTime) {
        let views_spent = self.kind == Kind::File && self.views_remaining() == 0;
        if !self.expired && (views_spent || self.lifetime_over(now)) {
            self.expire(now);
        }
    }

    /// Expiry wipes the payload, the passphrase and the files.
    pub(crate) fn expire(&mut self, now: OffsetDateTime) {
        self.expired = true;
        self.expired_on.get_or_insert(now);
        self.updated_at = now;
        self.payload = None;
        self.passphrase = None;
        self.files.clear();
    }

    pub(crate) fn deleted(&self) -> bool {
        self.audit.iter().any(|entry| entry.kind == "expire")
    }

    pub(crate) fn log(&mut self, kind: &'static str, call: &Call, at: OffsetDateTime) {
        self.audit.push(AuditEntry::new(kind, call, at, None));
    }

    /// Logs a queued e-mail notification; the entry keeps its recipients until it is sent.
    pub(crate) fn log_email_notice(
        &mut self,
        recipients: String,
        locale: String,
        call: &Call,
        at: OffsetDateTime,
    ) {
        let notice = EmailNotice {
            recipients,
            locale,
            completed_at: None,
        };
        self.audit.push(AuditEntry::new(
            "creation_email_send",
            call,
            at,
            Some(notice),
        ));
    }

    /// Whether the caller is the signed-in user who created the push.
    pub(crate) fn is_owned_by(&self, call: &Call) -> bool {
        call.caller
            .user_id()
            .is_some_and(|user| self.owner == Some(user))
    }

    pub(crate) fn html_url(&self, base_url: &str) -> String {
        let step = if self.retrieval_step { "/r" } else { "" };
        format!("{base_url}/p/{}{step}", self.url_token)
    }

    pub(crate) fn render(
        &self,
        view: View,
        base_url: &str,
        pro: bool,
        now: OffsetDateTime,
    ) -> Value {
        let html_url = self.html_url(base_url);
        let mut out = Map::new();
        out.insert("url_token".into(), json!(self.url_token));
        out.insert("json_url".into(), json!(format!("{html_url}.json")));
        out.insert("html_url".into(), json!(html_url));
        out.insert("expire_after_days".into(), json!(self.expire_after_days));
        out.insert("expire_after_views".into(), json!(self.expire_after_views));
        out.insert("expired".into(), json!(self.expired));
        out.insert("expired_on".into(), json!(self.expired_on.map(rails_time)));
        out.insert("deleted".into(), json!(self.deleted()));
        out.insert(
            "deletable_by_viewer".into(),
            json!(self.deletable_by_viewer),
        );
        out.insert("retrieval_step".into(), json!(self.retrieval_step));
        out.insert("passphrase".into(), json!(self.passphrase));
        out.insert("days_remaining".into(), json!(self.days_remaining(now)));
        out.insert("views_remaining".into(), json!(self.views_remaining()));
        out.insert("created_at".into(), json!(rails_time(self.created_at)));
        out.insert("updated_at".into(), json!(rails_time(self.updated_at)));
        match view {
            View::Create | View::List => {
                out.insert("name".into(), json!(self.name));
                out.insert("note".into(), json!(self.note));
            }
            View::Show => {
                out.insert("payload".into(), json!(self.payload));
                let files: Vec<Value> = self
                    .files
                    .iter()
                    .map(|file| {
                        json!({
                            "filename": file.filename,
                            "content_type": file.content_type,
                            "url": format!("{base_url}/rails/active_storage/blobs/{}/{}", self.url_token, file.filename),
                        })
                    })
                    .collect();
                out.insert("files".into(), Value::Array(files));
            }
            View::Destroy => {}
        }
        if let (View::Create, Some((to, locale))) = (view, &self.notify_emails_to) {
            out.insert("notify_emails_to".into(), json!(to));
            out.insert("notify_emails_to_locale".into(), json!(locale));
        }
        if pro {
            if let Some(duration) = self.expire_after_duration {
                out.insert("expire_after_duration".into(), json!(duration.code()));
            }
            if let Some(account_id) = self.account_id {
                out.insert("account_id".into(), json!(account_id));
            }
        }
        Value::Object(out)
    }

    pub(crate) fn render_audit(entry: &AuditEntry) -> Value {
        let mut out = json!({
            "ip": "127.0.0.1",
            "user_agent": entry.user_agent,
            "referrer": entry.referrer,
            "kind": entry.kind,
            "created_at": rails_time(entry.at),
            "updated_at": rails_time(entry.completed_at_or(entry.at)),
        });
        if let (Some(notice), Value::Object(map)) = (&entry.notice, &mut out) {
            let completed = notice.completed_at.is_some();
            map.insert(
                "notify_by_email".into(),
                json!({
                    "recipients": notice.recipients,
                    "locale": notice.locale,
                    "status": if completed { "completed" } else { "pending" },
                    "successful_sends": if completed { Some(notice.recipients.clone()) } else { None },
                    "proceed_at": notice.completed_at.map(rails_time),
                }),
            );
        }
        out
    }
}

impl AuditEntry {
    fn completed_at_or(&self, fallback: OffsetDateTime) -> OffsetDateTime {
        self.notice
            .as_ref()
            .and_then(|n| n.completed_at)
            .unwrap_or(fallback)
    }
}
