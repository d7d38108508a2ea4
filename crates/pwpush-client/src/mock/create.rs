//! Creating pushes (v1 `/p.json`, `/f.json`, `/r.json`; v2 `/api/v2/pushes`) and Pro secret requests.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use serde_json::{Map, Value, json};

use super::body::{integer, text, truthy};
use super::call::Call;
use super::locale::Message;
use super::push::{Kind, PushRecord, StoredFile, View};
use super::rails_time::rails_time;
use super::reply::Reply;
use super::routes::V1Root;
use super::state::MockState;
use crate::ExpireAfterDuration;

const MAX_TEXT_CHARS: usize = 1_048_576;
const MAX_QR_CHARS: usize = 1024;

/// Which endpoint received the create call.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Endpoint {
    V1(V1Root),
    V2,
}

impl Endpoint {
    fn root(self) -> &'static str {
        match self {
            Endpoint::V1(V1Root::Password) => "password",
            Endpoint::V1(V1Root::FilePush) => "file_push",
            Endpoint::V1(V1Root::Url) => "url",
            Endpoint::V2 => "push",
        }
    }
}

type Errors = BTreeMap<String, Vec<String>>;

fn add(errors: &mut Errors, field: &str, message: &str) {
    errors
        .entry(field.to_owned())
        .or_default()
        .push(message.to_owned());
}

/// The object under the body's root key (Rails' `params.require(root)`): 400 when it is missing,
/// empty or not an object.
fn root_params<'b>(body: &'b Value, root: &str) -> Result<&'b Map<String, Value>, Reply> {
    match body.get(root) {
        Some(Value::Object(map)) if !map.is_empty() => Ok(map),
        _ => Err(Reply::error(
            400,
            &format!("param is missing or the value is empty or invalid: {root}"),
        )),
    }
}

pub(crate) fn create_push(
    state: &mut MockState,
    endpoint: Endpoint,
    call: &Call,
    body: &Value,
) -> Reply {
    let user = call.caller.user_id();
    // `/f.json` and `/r.json` always need a token.
    if matches!(endpoint, Endpoint::V1(V1Root::FilePush | V1Root::Url)) && user.is_none() {
        return Reply::unauthorized_empty();
    }
    let root = endpoint.root();
    let params = match root_params(body, root) {
        Ok(params) => params,
        Err(reply) => return reply,
    };
    let files: Vec<&Value> = match params.get("files") {
        Some(Value::Array(items)) => items.iter().filter(|item| item.is_object()).collect(),
        _ => Vec::new(),
    };
    let files_key = params.contains_key("files");
    let kind = match endpoint {
        Endpoint::V1(V1Root::FilePush) => Kind::File,
        Endpoint::V1(V1Root::Url) => Kind::Url,
        Endpoint::V1(V1Root::Password) | Endpoint::V2 => match text(params.get("kind")) {
            Some(raw) => match Kind::parse(&raw) {
                Some(kind) => kind,
                // The server looks up settings for the kind and fails on a nil: a 500.
                None => {
                    return Reply::json(
                        500,
                        json!({"status": 500, "error": "Internal Server Error"}),
                    );
                }
            },
            None if matches!(endpoint, Endpoint::V1(_)) && files_key => Kind::File,
            None if !files.is_empty() => Kind::File,
            None => Kind::Text,
        },
    };
    if (kind == Kind::File || files_key) && user.is_none() {
        return Reply::error(401, "You need to sign in or sign up before continuing.");
    }

    let mut errors = Errors::new();
    validate_kind_enabled(state, kind, &mut errors);
    let payload = text(params.get("payload")).filter(|p| !p.is_empty());
    validate_payload(kind, payload.as_deref(), call, &mut errors);
    if files.len() > state.options.max_files {
        let message = format!(
            "You can only attach up to {} files per push.",
            state.options.max_files
        );
        add(&mut errors, "files", &message);
    }
    let notify = match endpoint {
        Endpoint::V2 => notify_params(state, call, params, &mut errors),
        Endpoint::V1(_) => None,
    };
    let account_id = account_param(state, call, body, &mut errors);
    if !errors.is_empty() {
        return Reply::field_errors(errors);
    }

    let options = &state.options;
    // Out-of-range or non-numeric values silently fall back to the defaults: no 422.
    let days = count_param(params.get("expire_after_days"), &options.expire_after_days);
    let views = count_param(
        params.get("expire_after_views"),
        &options.expire_after_views,
    );
    let duration = if options.is_pro() {
        duration_code(params.get("expire_after_duration"))
    } else {
        None
    };
    let days = duration
        .and_then(ExpireAfterDuration::as_duration)
        .map_or(days, |lifetime| {
            u32::try_from(lifetime.as_secs().div_ceil(86_400)).unwrap_or(days)
        });
    let deletable_by_viewer = match kind {
        Kind::Url => None,
        _ => Some(
            params
                .get("deletable_by_viewer")
                .map_or(options.deletable_by_viewer_default, truthy),
        ),
    };
    let retrieval_step = params
        .get("retrieval_step")
        .map_or(options.retrieval_step_default, truthy);

    let now = state.now();
    let mut push = PushRecord {
        url_token: state.new_url_token(),
        kind,
        payload,
        passphrase: Some(text(params.get("passphrase")).unwrap_or_default()),
        name: text(params.get("name")).unwrap_or_default(),
        note: text(params.get("note")).unwrap_or_default(),
        expire_after_days: days,
        expire_after_views: views,
        expire_after_duration: duration,
        deletable_by_viewer,
        retrieval_step,
        owner: user,
        account_id,
        notify_emails_to: notify.clone(),
        created_at: now,
        updated_at: now,
        expired: false,
        expired_on: None,
        files: files
            .iter()
            .map(|file| StoredFile {
                filename: text(file.get("filename")).unwrap_or_default(),
                content_type: text(file.get("content_type")).unwrap_or_default(),
            })
            .collect(),
        audit: Vec::new(),
    };
    push.log("creation", call, now);
    if let Some((recipients, locale)) = notify {
        push.log_email_notice(recipients, locale, call, now);
    }
    let rendered = push.render(View::Create, &state.base_url, state.options.is_pro(), now);
    state.pushes.push(push);
    state.created += 1;
    Reply::json(201, rendered)
}

/// A count parameter inside the setting's range, else the setting's default.
fn count_param(value: Option<&Value>, (default, range): &(u32, RangeInclusive<u32>)) -> u32 {
    integer(value)
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| range.contains(n))
        .unwrap_or(*default)
}

/// A Pro duration code the server knows; an unknown or missing code is `None`.
fn duration_code(value: Option<&Value>) -> Option<ExpireAfterDuration> {
    integer(value)
        .and_then(|code| i32::try_from(code).ok())
        .map(ExpireAfterDuration::from_code)
        .filter(|d| d.as_duration().is_some())
}

fn validate_kind_enabled(state: &MockState, kind: Kind, errors: &mut Errors) {
    let options = &state.options;
    let disabled = match kind {
        Kind::File if !options.enable_file_pushes => Some("File pushes are disabled."),
        Kind::Url if !options.enable_url_pushes => Some("URL pushes are disabled."),
        Kind::Qr if !options.enable_qr_pushes => Some("QR code pushes are disabled."),
        _ => None,
    };
    if let Some(message) = disabled {
        add(errors, "kind", message);
    }
}

fn validate_payload(kind: Kind, payload: Option<&str>, call: &Call, errors: &mut Errors) {
    let Some(payload) = payload else {
        if kind != Kind::File {
            add(errors, "payload", call.say(Message::PayloadRequired));
        }
        return;
    };
    match kind {
        Kind::Text if payload.chars().count() > MAX_TEXT_CHARS => add(
            errors,
            "payload",
            "The payload is too large.  You can only push up to 1048576 bytes.",
        ),
        Kind::Url => {
            // `Push#valid_url?` reads only the scheme.
            let scheme_ok = crate::input_limits::url_scheme(payload)
                .is_some_and(|s| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"));
            if !scheme_ok {
                add(errors, "payload", "must be a valid HTTP or HTTPS URL.");
            }
        }
        Kind::Qr if payload.chars().count() > MAX_QR_CHARS => add(
            errors,
            "payload",
            "The QR code payload is too large.  You can only push up to 1024 characters.",
        ),
        _ => {}
    }
}

/// `notify_emails_to` on v2 create: needs a user and e-mail on the server; at most 5 addresses.
fn notify_params(
    state: &MockState,
    call: &Call,
    params: &Map<String, Value>,
    errors: &mut Errors,
) -> Option<(String, String)> {
    let to = text(params.get("notify_emails_to")).filter(|s| !s.is_empty())?;
    let locale = notify_locale(params.get("notify_emails_to_locale"));
    if call.caller.user_id().is_none() {
        add(
            errors,
            "notify_emails_to",
            "are not allowed for unknown users",
        );
        add(
            errors,
            "notify_emails_to_locale",
            "is not allowed for unknown users",
        );
        return None;
    }
    if !state.options.email_notifications {
        add(errors, "notify_emails_to", "are not available");
        add(errors, "notify_emails_to_locale", "is not available");
        return None;
    }
    if let Err(message) = check_recipients(&to) {
        add(errors, "notify_emails_to", message);
        return None;
    }
    Some((to, locale))
}

/// `notify_emails_to_locale`, English when left out.
pub(crate) fn notify_locale(value: Option<&Value>) -> String {
    text(value).unwrap_or_else(|| "en".to_owned())
}

pub(crate) fn check_recipients(list: &str) -> Result<(), &'static str> {
    let addresses: Vec<&str> = list.split(',').map(str::trim).collect();
    if addresses.iter().any(|a| a.is_empty()) {
        return Err("contains an empty address");
    }
    if addresses.len() > 5 {
        return Err("can contain at most 5 addresses");
    }
    if addresses
        .iter()
        .any(|a| !a.contains('@') || a.contains(' '))
    {
        return Err("contains an invalid address");
    }
    let mut unique = addresses.clone();
    unique.sort_unstable();
    unique.dedup();
    if unique.len() != addresses.len() {
        return Err("contains duplicate addresses");
    }
    Ok(())
}

/// Pro: `account_id` beside the root must be one of the caller's accounts. The open-source server
/// drops the unknown key.
fn account_param(state: &MockState, call: &Call, body: &Value, errors: &mut Errors) -> Option<i64> {
    if !state.options.is_pro() {
        return None;
    }
    let raw = body.get("account_id")?;
    let id = integer(Some(raw));
    let known = call
        .caller
        .user_id()
        .and_then(|user| state.user(user))
        .zip(id)
        .is_some_and(|(user, id)| user.accounts.iter().any(|(account, _)| *account == id));
    if !known {
        add(errors, "account_id", "is not one of your accounts");
        return None;
    }
    id
}

pub(crate) fn create_secret_request(state: &mut MockState, call: &Call, body: &Value) -> Reply {
    let Some(user) = call.caller.user_id() else {
        return Reply::unauthorized_empty();
    };
    let params = match root_params(body, "request") {
        Ok(params) => params,
        Err(reply) => return reply,
    };
    let mut errors = Errors::new();
    let account_id = account_param(state, call, body, &mut errors);
    if !errors.is_empty() {
        return Reply::field_errors(errors);
    }
    // Pro's help pages name `close_after_duration`; the official CLI sends `expire_after_duration`.
    let close_after = duration_code(params.get("close_after_duration"))
        .or_else(|| duration_code(params.get("expire_after_duration")))
        .unwrap_or(ExpireAfterDuration::OneWeek);
    let url_token = state.new_url_token();
    let now = state.now();
    let reply = json!({
        "url_token": url_token,
        "html_url": format!("{}/req/{url_token}", state.base_url),
        "name": text(params.get("name")).unwrap_or_default(),
        "note": text(params.get("note")).unwrap_or_default(),
        "close_after_duration": close_after.code(),
        "account_id": account_id,
        "created_at": rails_time(now),
    });
    state.secret_requests.push((url_token, user));
    Reply::json(201, reply)
}

/// `GET /api/v2/requests/<token>/preview`: the request's link, for its owner.
pub(crate) fn preview_secret_request(state: &MockState, url_token: &str, call: &Call) -> Reply {
    let Some(user) = call.caller.user_id() else {
        return Reply::unauthorized_empty();
    };
    match state
        .secret_requests
        .iter()
        .find(|(token, _)| token == url_token)
    {
        Some((_, owner)) if *owner == user => Reply::json(
            200,
            json!({ "url": format!("{}/req/{url_token}", state.base_url) }),
        ),
        Some(_) => Reply::error(403, "That request doesn't belong to you."),
        None => Reply::not_found(),
    }
}
