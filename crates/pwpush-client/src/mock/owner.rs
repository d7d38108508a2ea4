//! Owner-only actions: audit logs, active and expired lists, e-mail notifications.

use serde_json::{Value, json};

use super::body::text;
use super::call::Call;
use super::create::check_recipients;
use super::push::{EmailNotice, PushRecord, View};
use super::reply::Reply;
use super::routes::Api;
use super::state::MockState;

const PAGE_SIZE: usize = 50;
const INVALID_PAGE: &str = "Invalid page parameter";

fn page_of<T: Clone>(items: &[T], page: usize) -> Vec<T> {
    items
        .iter()
        .skip((page - 1).saturating_mul(PAGE_SIZE))
        .take(PAGE_SIZE)
        .cloned()
        .collect()
}

pub(crate) fn audit(state: &mut MockState, api: Api, url_token: &str, call: &Call) -> Reply {
    let Some(user) = call.caller.user_id() else {
        return Reply::unauthorized_empty();
    };
    let Ok(page) = call.page() else {
        return Reply::error(400, INVALID_PAGE);
    };
    let Some(push) = state.push_mut(url_token) else {
        return Reply::not_found();
    };
    if push.owner != Some(user) {
        return Reply::error(403, "That push doesn't belong to you.");
    }
    let entries: Vec<Value> = page_of(&push.audit, page)
        .iter()
        .map(PushRecord::render_audit)
        .collect();
    let key = match api {
        Api::V1 => "views",
        Api::V2 => "logs",
    };
    Reply::json(200, json!({ key: entries }))
}

pub(crate) fn list(state: &mut MockState, expired: bool, call: &Call) -> Reply {
    let Some(user) = call.caller.user_id() else {
        return Reply::unauthorized_empty();
    };
    let Ok(page) = call.page() else {
        return Reply::error(400, INVALID_PAGE);
    };
    let now = state.now();
    let pro = state.options.is_pro();
    for push in state.pushes.iter_mut().filter(|p| p.owner == Some(user)) {
        push.refresh(now);
    }
    // Newest first; pushes are stored in creation order.
    let mine: Vec<&PushRecord> = state
        .pushes
        .iter()
        .rev()
        .filter(|p| p.owner == Some(user) && p.expired == expired)
        .collect();
    let rendered: Vec<Value> = page_of(&mine, page)
        .iter()
        .map(|p| p.render(View::List, &state.base_url, pro, now))
        .collect();
    Reply::json(200, Value::Array(rendered))
}

pub(crate) fn notify_emails(
    state: &mut MockState,
    url_token: &str,
    call: &Call,
    body: &Value,
) -> Reply {
    if !state.options.email_notifications {
        return Reply::no_route();
    }
    let Some(user) = call.caller.user_id() else {
        return Reply::unauthorized_empty();
    };
    let now = state.now();
    let Some(push) = state.push_mut(url_token) else {
        return Reply::not_found();
    };
    if push.owner != Some(user) {
        return Reply::error(403, "That push doesn't belong to you.");
    }
    if state.notify_call_over_limit(user) {
        return Reply::error(
            429,
            "Too many email notification requests. Please try again in a minute.",
        );
    }
    let to = text(body.get("notify_emails_to")).unwrap_or_default();
    let locale = text(body.get("notify_emails_to_locale")).unwrap_or_else(|| "en".to_owned());
    if let Err(message) = check_recipients(&to) {
        return Reply::json(422, json!({ "notify_emails_to": [message] }));
    }
    let Some(push) = state.push_mut(url_token) else {
        return Reply::not_found();
    };
    push.log("creation_email_send", &call.user_agent, &call.referrer, now);
    if let Some(entry) = push.audit.last_mut() {
        entry.notice = Some(EmailNotice {
            recipients: to,
            locale,
            completed_at: None,
        });
    }
    Reply::json(
        201,
        json!({ "message": "Recipient(s) are added to the queue to be sent." }),
    )
}
