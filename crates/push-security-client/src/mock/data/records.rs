//! The mock's own JSON records, shaped like the service's answers (field names and nulls as in
//! the API reference). Independent of the generated models on purpose: the mock checks the client,
//! so it must not share the client's idea of the wire format.

use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Employee {
    pub(crate) id: String,
    pub(crate) email: String,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) department: Option<String>,
    pub(crate) location: Option<String>,
    pub(crate) licensed: bool,
    pub(crate) chatops_enabled: bool,
    pub(crate) creation_timestamp: i64,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct App {
    pub(crate) id: String,
    #[serde(rename = "type")]
    pub(crate) app_type: String,
    pub(crate) approval_status: Option<String>,
    pub(crate) sensitivity_level: Option<String>,
    pub(crate) owner_id: Option<String>,
    pub(crate) notes: Option<String>,
    pub(crate) website: String,
    pub(crate) description: String,
    pub(crate) friendly_name: String,
    pub(crate) labels: Vec<String>,
    pub(crate) creation_timestamp: i64,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OtherApp {
    pub(crate) id: String,
    pub(crate) domain: Option<String>,
    pub(crate) oauth_app_id: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) hidden: bool,
    pub(crate) request_support_status: String,
    pub(crate) creation_timestamp: i64,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LoginMethods {
    pub(crate) password_login: bool,
    pub(crate) oidc_login: Option<String>,
    pub(crate) saml_login: Option<String>,
    pub(crate) okta_swa_login: bool,
    pub(crate) vendor_sso_login: Option<String>,
    pub(crate) fed_cm_login: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Account {
    pub(crate) id: String,
    pub(crate) employee_id: String,
    pub(crate) app_type: String,
    pub(crate) app_id: String,
    pub(crate) email: String,
    pub(crate) mfa_registered: Option<bool>,
    pub(crate) mfa_methods: Option<Vec<String>>,
    pub(crate) password_id: Option<String>,
    pub(crate) login_methods: LoginMethods,
    pub(crate) creation_timestamp: i64,
    pub(crate) last_used_timestamp: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AccountUsage {
    pub(crate) employee_id: String,
    pub(crate) last_used_timestamp: Option<i64>,
    pub(crate) password_manually_typed: Option<bool>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OtherLoginMethods {
    pub(crate) password_login: bool,
    pub(crate) oidc_login: Option<String>,
    pub(crate) saml_login: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OtherAccount {
    pub(crate) id: String,
    pub(crate) employee_id: String,
    pub(crate) other_app_id: String,
    pub(crate) email: String,
    pub(crate) login_methods: OtherLoginMethods,
    pub(crate) creation_timestamp: i64,
    pub(crate) last_used_timestamp: Option<i64>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Browser {
    pub(crate) id: String,
    pub(crate) employee_id: String,
    pub(crate) email: String,
    pub(crate) version: String,
    pub(crate) token_type: String,
    pub(crate) is_active: bool,
    pub(crate) browser: String,
    pub(crate) os: String,
    pub(crate) extension_version: String,
    pub(crate) creation_timestamp: i64,
    pub(crate) last_online_timestamp: i64,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BrowserExtension {
    pub(crate) id: String,
    pub(crate) extension_id: String,
    pub(crate) employee_id: String,
    pub(crate) browser_id: String,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) deployment_mode: String,
    pub(crate) permissions: Vec<String>,
    pub(crate) host_permissions: Vec<String>,
    pub(crate) enabled: bool,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Finding {
    pub(crate) id: String,
    #[serde(rename = "type")]
    pub(crate) finding_type: String,
    pub(crate) state: String,
    pub(crate) employee_id: Option<String>,
    pub(crate) password_id: Option<String>,
    pub(crate) account_id: Option<String>,
    pub(crate) app_type: Option<String>,
    pub(crate) app_id: Option<String>,
    pub(crate) weak_password_reasons: Option<Vec<String>>,
    pub(crate) creation_timestamp: i64,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DetectionEvent {
    pub(crate) url: String,
    pub(crate) source_ip_address: String,
    pub(crate) extension_name: Option<String>,
    pub(crate) phishing_tool_indicator: Option<serde_json::Value>,
    pub(crate) referrer_url: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Detection {
    pub(crate) id: String,
    pub(crate) employee_id: String,
    pub(crate) employee: Employee,
    pub(crate) browser_id: Option<String>,
    pub(crate) severity: String,
    pub(crate) detection_type: String,
    pub(crate) response: String,
    pub(crate) archived: bool,
    pub(crate) creation_timestamp: i64,
}

/// The single-detection answer: the detection plus its events (lists leave the events out).
#[derive(Debug, Serialize)]
pub(crate) struct DetectionDetail<'a> {
    #[serde(flatten)]
    pub(crate) detection: &'a Detection,
    pub(crate) events: &'a [DetectionEvent],
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AppBanner {
    pub(crate) id: String,
    pub(crate) app_type: String,
    pub(crate) enabled: bool,
    pub(crate) title: String,
    pub(crate) subtext: String,
    pub(crate) mode: String,
    pub(crate) button_text: Option<String>,
}

/// A record the API addresses by its `id` (in paths such as `/v1/apps/{id}`).
pub(crate) trait Identified {
    fn id(&self) -> &str;
}

macro_rules! identified_by_id_field {
    ($($record:ty),* $(,)?) => {
        $(impl Identified for $record {
            fn id(&self) -> &str {
                &self.id
            }
        })*
    };
}

identified_by_id_field!(
    Employee,
    App,
    OtherApp,
    Account,
    OtherAccount,
    Browser,
    Finding,
    Detection,
    AppBanner,
);
