//! `/v1/browsers`, `/v1/browsers/{id}`, `/v1/browserExtensions`.

use super::super::data::records::{Browser, BrowserExtension};
use super::super::paging::{MaxLimit, Style};
use super::by_id::ById;
use super::listing::{EmptyPage, Filter, Listing};

pub(crate) static LIST: Listing<Browser> = Listing {
    rows: |org| &org.browsers,
    filters: &[
        Filter::Contains("email", |b| &b.email),
        Filter::Equals("employeeId", |b| Some(b.employee_id.as_str())),
        Filter::Equals("browser", |b| Some(b.browser.as_str())),
        Filter::Equals("os", |b| Some(b.os.as_str())),
        Filter::Between {
            after: "lastOnlineTimestampAfter",
            before: Some("lastOnlineTimestampBefore"),
            field: |b| Some(b.last_online_timestamp),
        },
    ],
    style: Style::Offset,
    max_limit: MaxLimit::Documented,
    // The reference types this list "array or null": an empty page is answered with null, so
    // clients meet that form in tests.
    empty_page: EmptyPage::Null,
};

pub(crate) static BY_ID: ById<Browser> = ById {
    rows: |org| &org.browsers,
    not_found: "Browser Not Found",
};

pub(crate) static LIST_EXTENSIONS: Listing<BrowserExtension> = Listing {
    rows: |org| &org.browser_extensions,
    filters: &[
        Filter::Equals("extensionId", |e| Some(e.extension_id.as_str())),
        Filter::Equals("employeeId", |e| Some(e.employee_id.as_str())),
        Filter::Equals("browserId", |e| Some(e.browser_id.as_str())),
        Filter::Equals("deploymentMode", |e| Some(e.deployment_mode.as_str())),
        Filter::HasAll("permissions", |e| &e.permissions),
        Filter::HasAll("hostPermissions", |e| &e.host_permissions),
        Filter::Flag("enabled", |e| e.enabled, None),
    ],
    style: Style::OffsetToken,
    max_limit: MaxLimit::NoneDocumented,
    empty_page: EmptyPage::EmptyArray,
};
