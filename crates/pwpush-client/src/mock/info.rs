//! Version endpoints and the Pro accounts list.

use serde_json::{Value, json};

use super::call::Call;
use super::options::MockOptions;
use super::reply::Reply;
use super::routes::Api;
use super::state::MockState;

pub(crate) fn version(options: &MockOptions, api: Api) -> Reply {
    let edition = if options.is_pro() {
        "commercial"
    } else {
        "oss"
    };
    match api {
        Api::V1 => Reply::json(
            200,
            json!({"application_version": options.application_version, "api_version": "1.5", "edition": edition}),
        ),
        Api::V2 if !options.features_in_version => Reply::json(
            200,
            json!({"application_version": options.application_version, "api_version": "2.0", "edition": edition}),
        ),
        Api::V2 => Reply::json(
            200,
            json!({
                "application_version": options.application_version,
                "api_version": "2.1",
                "edition": edition,
                "features": features(options),
            }),
        ),
    }
}

fn features(options: &MockOptions) -> Value {
    let mut requests = json!({"enabled": options.is_pro()});
    if options.is_pro() {
        requests["email_auto_dispatch"] = json!(options.email_notifications);
    }
    json!({
        "anonymous_access": options.allow_anonymous,
        "api_token_authentication": true,
        "accounts": {"enabled": options.is_pro()},
        "pushes": {
            "enabled": true,
            "email_auto_dispatch": options.email_notifications,
            "file_attachments": {"enabled": options.enable_file_pushes, "requires_authentication": true},
            "url_pushes": {"enabled": options.enable_url_pushes},
            "qr_code_pushes": {"enabled": options.enable_qr_pushes},
        },
        "requests": requests,
    })
}

/// v1 answers a bare list with members; v2 wraps the list in `accounts` and gives the caller's role.
pub(crate) fn accounts(state: &MockState, api: Api, call: &Call) -> Reply {
    let Some(user) = call.caller.user_id().and_then(|id| state.user(id)) else {
        return Reply::unauthorized_empty();
    };
    let list: Vec<Value> = user
        .accounts
        .iter()
        .enumerate()
        .map(|(index, (id, name))| match api {
            Api::V1 => json!({"id": id, "name": name, "account_users": [{"id": index + 1, "user_id": user.id}]}),
            Api::V2 => json!({"id": id, "name": name, "role": if index == 0 { "owner" } else { "member" }}),
        })
        .collect();
    match api {
        Api::V1 => Reply::json(200, Value::Array(list)),
        Api::V2 => Reply::json(200, json!({ "accounts": list })),
    }
}
