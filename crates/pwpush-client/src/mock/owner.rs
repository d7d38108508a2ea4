//! Owner-only actions: audit logs, active and expired lists, e-mail notifications.

use serde_json::{Value, json};

use super::body::text;
use super::call::Call;
use super::create::{check_recipients, notify_locale};
use super::locale::Message;
use super::push::{PushRecord, View};
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

/// The push when `user` created it: 404 when there is none, 403 when it is someone else's.
fn owned_push<'s>(
    state: &'s mut MockState,
    url_token: &str,
    user: u64,
    call: &Call,
) -> Result<&'s mut PushRecord, Reply> {
    let push = state.push_mut(url_token).ok_or_else(Reply::not_found)?;
    if push.owner != Some(user) {
        return Err(Reply::error(403, call.say(Message::NotYours)));
    }
    Ok(push)
}

pub(crate) fn audit(state: &mut MockState, api: Api, url_token: &str, call: &Call) -> Reply {
    let Some(user) = call.caller.user_id() else {
        return Reply::unauthorized_empty();
    };
    let Ok(page) = call.page() else {
        return Reply::error(400, INVALID_PAGE);
    };
    let push = match owned_push(state, url_token, user, call) {
        Ok(push) => push,
        Err(reply) => return reply,
    };
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
    if let Err(reply) = owned_push(state, url_token, user, call) {
        return reply;
    }
    if state.notify_call_over_limit(user) {
        return Reply::error(429, call.say(Message::TooManyNotifications));
    }
    let to = text(body.get("notify_emails_to")).unwrap_or_default();
    let locale = notify_locale(body.get("notify_emails_to_locale"));
    if let Err(message) = check_recipients(&to) {
        return Reply::json(422, json!({ "notify_emails_to": [message] }));
    }
    let Some(push) = state.push_mut(url_token) else {
        return Reply::not_found();
    };
    push.log_email_notice(to, locale, call, now);
    Reply::json(
        201,
        json!({ "message": call.say(Message::RecipientsQueued) }),
    )
}
