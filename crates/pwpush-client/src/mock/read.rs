//! Reading a push (counts a view), previewing its link, and expiring it by hand.

use serde_json::json;

use super::call::Call;
use super::locale::Message;
use super::push::{Kind, PushRecord, View};
use super::reply::Reply;
use super::state::MockState;

const PASSPHRASE_INCORRECT: &str = "That passphrase is incorrect.";

pub(crate) fn retrieve(state: &mut MockState, url_token: &str, call: &Call) -> Reply {
    let supplied = call.query("passphrase").map(str::to_owned);
    // Every request carrying a passphrase counts towards the limit, right ones included.
    if supplied.is_some() && state.passphrase_attempt_over_limit(url_token) {
        return Reply::error(429, call.say(Message::TooManyPassphraseAttempts));
    }
    let now = state.now();
    let base_url = state.base_url.clone();
    let pro = state.options.is_pro();
    let max_audit = state.options.max_audit_entries;
    let Some(push) = state.push_mut(url_token) else {
        return Reply::not_found();
    };
    push.refresh(now);

    let expected = push.passphrase.clone().unwrap_or_default();
    if !push.expired && !expected.is_empty() && supplied.as_deref() != Some(expected.as_str()) {
        push.log("failed_passphrase", call, now);
        return Reply::json(
            401,
            json!({
                "error": PASSPHRASE_INCORRECT,
                "message": "This push requires a passphrase. Please provide it using the 'passphrase' parameter (e.g. ?passphrase=mysecret)",
                "status": "unauthorized",
            }),
        );
    }

    let show = |push: &PushRecord| Reply::json(200, push.render(View::Show, &base_url, pro, now));
    if push.is_owned_by(call) {
        // The owner's reads are logged but never use up a view.
        push.log("owner_view", call, now);
        return show(push);
    }
    if push.audit.len() >= max_audit {
        // A counted view that cannot be logged fails closed.
        push.expire(now);
        return show(push);
    }
    if push.expired {
        push.log("failed_view", call, now);
        return show(push);
    }
    push.log("view", call, now);
    // The last allowed view still carries the payload; the push expires right after. File pushes
    // wait for the next access so the attachments stay downloadable meanwhile.
    let reply = show(push);
    if push.views_remaining() == 0 && push.kind != Kind::File {
        push.expire(now);
    }
    reply
}

pub(crate) fn preview(state: &mut MockState, url_token: &str) -> Reply {
    let base_url = state.base_url.clone();
    match state.push_mut(url_token) {
        Some(push) => Reply::json(200, json!({ "url": push.html_url(&base_url) })),
        None => Reply::not_found(),
    }
}

pub(crate) fn expire(state: &mut MockState, url_token: &str, call: &Call) -> Reply {
    let now = state.now();
    let base_url = state.base_url.clone();
    let pro = state.options.is_pro();
    let Some(push) = state.push_mut(url_token) else {
        return Reply::not_found();
    };
    push.refresh(now);
    if !push.is_owned_by(call) && push.deletable_by_viewer != Some(true) {
        return Reply::error(401, call.say(Message::NotDeletable));
    }
    push.expire(now);
    push.log("expire", call, now);
    Reply::json(200, push.render(View::Destroy, &base_url, pro, now))
}
