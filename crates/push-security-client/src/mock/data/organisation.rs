//! The organisation's records, as the mock holds them between requests.

use std::collections::HashMap;

use super::records::*;

/// Everything the mock serves. Lists keep a stable order, so paging sees each record once.
#[derive(Debug, Default)]
pub(crate) struct Organisation {
    pub(crate) employees: Vec<Employee>,
    pub(crate) apps: Vec<App>,
    pub(crate) other_apps: Vec<OtherApp>,
    pub(crate) accounts: Vec<Account>,
    /// Account id -> the employees using it.
    pub(crate) usage: HashMap<String, Vec<AccountUsage>>,
    pub(crate) other_accounts: Vec<OtherAccount>,
    pub(crate) browsers: Vec<Browser>,
    pub(crate) browser_extensions: Vec<BrowserExtension>,
    pub(crate) findings: Vec<Finding>,
    pub(crate) detections: Vec<Detection>,
    /// Detection id -> its events (only the single-detection answer shows them).
    pub(crate) detection_events: HashMap<String, Vec<DetectionEvent>>,
    pub(crate) app_banners: Vec<AppBanner>,
    pub(crate) blocked_urls: Vec<String>,
    /// How many employees may hold a licence at once.
    pub(crate) licence_seats: usize,
}

impl Organisation {
    pub(crate) fn licensed_count(&self) -> usize {
        self.employees.iter().filter(|e| e.licensed).count()
    }

    pub(crate) fn employee_has_accounts(&self, employee_id: &str) -> bool {
        self.accounts.iter().any(|a| a.employee_id == employee_id)
    }
}
