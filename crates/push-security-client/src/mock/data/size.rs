//! How big the generated organisation is.

/// The number of records of each kind the mock generates.
///
/// Start from [`DatasetSize::default`] (a small company) or [`DatasetSize::scaled_to_accounts`]
/// and change single fields:
///
/// ```
/// use push_security_client::mock::DatasetSize;
///
/// let mut size = DatasetSize::scaled_to_accounts(5_000);
/// size.detections = 0;
/// assert_eq!(size.accounts, 5_000);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DatasetSize {
    /// People in the organisation.
    pub employees: usize,
    /// Apps Push knows (the first ones come from a catalogue of well-known SaaS apps).
    pub apps: usize,
    /// Apps seen only through logins.
    pub other_apps: usize,
    /// Accounts on known apps.
    pub accounts: usize,
    /// Accounts on "other" apps.
    pub other_accounts: usize,
    /// Browsers running the Push extension.
    pub browsers: usize,
    /// Extensions installed in those browsers.
    pub browser_extensions: usize,
    /// Security findings.
    pub findings: usize,
    /// Detections of attacks.
    pub detections: usize,
    /// Apps with a banner configured.
    pub app_banners: usize,
    /// Blocked URL patterns.
    pub blocked_urls: usize,
}

impl Default for DatasetSize {
    /// A company of 40 people: every list spans several pages at `limit=50` except the smallest.
    fn default() -> Self {
        Self {
            employees: 40,
            apps: 30,
            other_apps: 20,
            accounts: 160,
            other_accounts: 60,
            browsers: 55,
            browser_extensions: 120,
            findings: 90,
            detections: 25,
            app_banners: 8,
            blocked_urls: 4,
        }
    }
}

impl DatasetSize {
    /// An organisation with no records at all, to fill field by field.
    pub fn empty() -> Self {
        Self {
            employees: 0,
            apps: 0,
            other_apps: 0,
            accounts: 0,
            other_accounts: 0,
            browsers: 0,
            browser_extensions: 0,
            findings: 0,
            detections: 0,
            app_banners: 0,
            blocked_urls: 0,
        }
    }

    /// An organisation with `accounts` accounts and everything else in proportion (about four
    /// accounts per employee), e.g. 5,000 accounts for benchmarks.
    pub fn scaled_to_accounts(accounts: usize) -> Self {
        let employees = (accounts / 4).max(1);
        Self {
            employees,
            apps: (accounts / 5).clamp(1, 2_000),
            other_apps: (accounts / 8).max(1),
            accounts,
            other_accounts: accounts / 3,
            browsers: employees + employees / 3,
            browser_extensions: employees * 3,
            findings: accounts / 2,
            detections: accounts / 20,
            app_banners: (accounts / 50).clamp(1, 100),
            blocked_urls: 6,
        }
    }
}
