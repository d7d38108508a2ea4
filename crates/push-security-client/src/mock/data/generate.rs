//! Builds a realistic organisation from a seed: the same seed and size give the same data.

use std::collections::HashMap;

use fastrand::Rng;

use super::catalog::*;
use super::organisation::Organisation;
use super::records::*;
use super::size::DatasetSize;

/// Every timestamp lies before this instant (2023-11-14), so data never depends on the clock.
pub(crate) const DATA_EPOCH: i64 = 1_700_000_000;
const DAY: i64 = 86_400;

struct Generator {
    rng: Rng,
}

impl Generator {
    fn uuid(&mut self) -> String {
        let a = self.rng.u64(..);
        let b = self.rng.u64(..);
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0x0fff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        )
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.usize(..items.len())]
    }

    fn chance(&mut self, probability: f64) -> bool {
        self.rng.f64() < probability
    }

    /// A time within the last `days` days before the data epoch.
    fn days_ago(&mut self, days: i64) -> i64 {
        DATA_EPOCH - self.rng.i64(0..days.max(1) * DAY)
    }

    /// A time between `since` and the data epoch.
    fn after(&mut self, since: i64) -> i64 {
        if since >= DATA_EPOCH {
            DATA_EPOCH
        } else {
            self.rng.i64(since..=DATA_EPOCH)
        }
    }
}

pub(crate) fn generate(seed: u64, size: &DatasetSize) -> Organisation {
    let mut g = Generator {
        rng: Rng::with_seed(seed),
    };
    let employees = employees(&mut g, size.employees);
    let apps = apps(&mut g, size.apps, &employees);
    let other_apps = other_apps(&mut g, size.other_apps);
    let (accounts, usage) = accounts(&mut g, size.accounts, &employees, &apps);
    let other_accounts = other_accounts(&mut g, size.other_accounts, &employees, &other_apps);
    let browsers = browsers(&mut g, size.browsers, &employees);
    let browser_extensions = extensions(&mut g, size.browser_extensions, &browsers);
    let findings = findings(&mut g, size.findings, &accounts);
    let (detections, detection_events) = detections(&mut g, size.detections, &employees, &browsers)
        .into_iter()
        .map(|(detection, events)| {
            let id = detection.id.clone();
            (detection, (id, events))
        })
        .unzip();
    let app_banners = banners(&mut g, size.app_banners, &apps);
    let blocked_urls = BLOCKED_HOSTS
        .iter()
        .cycle()
        .take(size.blocked_urls)
        .enumerate()
        .map(|(i, host)| {
            if i < BLOCKED_HOSTS.len() {
                format!("*://{host}/*")
            } else {
                format!("*://{host}/path-{i}/*")
            }
        })
        .collect();
    let licence_seats = employees.iter().filter(|e| e.licensed).count() + 2;
    Organisation {
        employees,
        apps,
        other_apps,
        accounts,
        usage,
        other_accounts,
        browsers,
        browser_extensions,
        findings,
        detections,
        detection_events,
        app_banners,
        blocked_urls,
        licence_seats,
    }
}

fn employees(g: &mut Generator, count: usize) -> Vec<Employee> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    (0..count)
        .map(|_| {
            let first = *g.pick(FIRST_NAMES);
            let last = *g.pick(LAST_NAMES);
            let local = format!("{}.{}", first, last.replace('\'', "")).to_ascii_lowercase();
            let n = seen.entry(local.clone()).or_insert(0);
            *n += 1;
            let email = if *n == 1 {
                format!("{local}@{ORG_DOMAIN}")
            } else {
                format!("{local}{n}@{ORG_DOMAIN}")
            };
            let licensed = g.chance(0.85);
            Employee {
                id: g.uuid(),
                email,
                first_name: first.to_owned(),
                last_name: last.to_owned(),
                department: g.chance(0.9).then(|| (*g.pick(DEPARTMENTS)).to_owned()),
                location: g.chance(0.8).then(|| (*g.pick(LOCATIONS)).to_owned()),
                licensed,
                chatops_enabled: licensed && g.chance(0.3),
                creation_timestamp: g.days_ago(900),
            }
        })
        .collect()
}

fn apps(g: &mut Generator, count: usize, employees: &[Employee]) -> Vec<App> {
    (0..count)
        .map(|i| {
            let (app_type, name, website, description) = match APPS.get(i) {
                Some(&(t, n, w, d)) => (t.to_owned(), n.to_owned(), w.to_owned(), d.to_owned()),
                None => (
                    format!("INTERNAL_TOOL_{i}"),
                    format!("Internal tool {i}"),
                    format!("https://tool-{i}.{ORG_DOMAIN}/"),
                    "An in-house web application.".to_owned(),
                ),
            };
            let reviewed = g.chance(0.6);
            App {
                id: g.uuid(),
                app_type,
                approval_status: reviewed
                    .then(|| (*g.pick(&["APPROVED", "NOT_APPROVED", "UNDER_REVIEW"])).to_owned()),
                sensitivity_level: reviewed
                    .then(|| (*g.pick(&["HIGH", "MEDIUM", "LOW"])).to_owned()),
                owner_id: (!employees.is_empty() && g.chance(0.5))
                    .then(|| g.pick(employees).id.clone()),
                notes: g
                    .chance(0.3)
                    .then(|| format!("Last security review: {} days ago", g.rng.u32(1..400))),
                website,
                description,
                friendly_name: name,
                labels: if g.chance(0.4) {
                    vec![
                        (*g.pick(&["core", "finance", "engineering", "trial", "shadow-it"]))
                            .to_owned(),
                    ]
                } else {
                    Vec::new()
                },
                creation_timestamp: g.days_ago(700),
            }
        })
        .collect()
}

fn other_apps(g: &mut Generator, count: usize) -> Vec<OtherApp> {
    (0..count)
        .map(|i| {
            let &(domain, name) = &OTHER_APPS[i % OTHER_APPS.len()];
            let domain = if i < OTHER_APPS.len() {
                domain.to_owned()
            } else {
                format!("app{i}.{domain}")
            };
            let oidc = g.chance(0.35);
            OtherApp {
                id: g.uuid(),
                domain: (!oidc).then_some(domain),
                oauth_app_id: oidc.then(|| format!("{}.apps.googleusercontent.com", g.rng.u64(..))),
                name: oidc.then(|| name.to_owned()),
                hidden: g.chance(0.1),
                request_support_status: "DISCOVERED".to_owned(),
                creation_timestamp: g.days_ago(500),
            }
        })
        .collect()
}

fn accounts(
    g: &mut Generator,
    count: usize,
    employees: &[Employee],
    apps: &[App],
) -> (Vec<Account>, HashMap<String, Vec<AccountUsage>>) {
    if employees.is_empty() || apps.is_empty() {
        return (Vec::new(), HashMap::new());
    }
    let mut usage = HashMap::new();
    let accounts = (0..count)
        .map(|i| {
            // Spread accounts evenly over employees so everyone has several.
            let owner = &employees[i % employees.len()];
            let app = g.pick(apps);
            let password = g.chance(0.6);
            let sso = g.chance(0.5);
            let mfa_known = g.chance(0.85);
            let mfa_registered = mfa_known.then(|| g.chance(0.7));
            let created = g.days_ago(600);
            let last_used = g.chance(0.9).then(|| g.after(created));
            let account = Account {
                id: g.uuid(),
                employee_id: owner.id.clone(),
                app_type: app.app_type.clone(),
                app_id: app.id.clone(),
                email: owner.email.clone(),
                mfa_registered,
                mfa_methods: match mfa_registered {
                    Some(true) => Some(vec![(*g.pick(MFA_METHODS)).to_owned()]),
                    Some(false) => Some(Vec::new()),
                    None => None,
                },
                password_id: password.then(|| g.uuid()),
                login_methods: LoginMethods {
                    password_login: password,
                    oidc_login: sso.then(|| (*g.pick(IDENTITY_PROVIDERS)).to_owned()),
                    saml_login: (sso && g.chance(0.3)).then(|| "OKTA".to_owned()),
                    okta_swa_login: g.chance(0.05),
                    vendor_sso_login: (sso && g.chance(0.2)).then(|| "GOOGLE_WORKSPACE".to_owned()),
                    fed_cm_login: (sso && g.chance(0.05)).then(|| "GOOGLE_WORKSPACE".to_owned()),
                },
                creation_timestamp: created,
                last_used_timestamp: last_used,
            };
            let mut users = vec![AccountUsage {
                employee_id: owner.id.clone(),
                last_used_timestamp: last_used,
                password_manually_typed: password.then(|| g.chance(0.4)),
            }];
            if g.chance(0.1) {
                let other = g.pick(employees);
                if other.id != owner.id {
                    users.push(AccountUsage {
                        employee_id: other.id.clone(),
                        last_used_timestamp: g.chance(0.8).then(|| g.after(created)),
                        password_manually_typed: password.then(|| g.chance(0.6)),
                    });
                }
            }
            usage.insert(account.id.clone(), users);
            account
        })
        .collect();
    (accounts, usage)
}

fn other_accounts(
    g: &mut Generator,
    count: usize,
    employees: &[Employee],
    other_apps: &[OtherApp],
) -> Vec<OtherAccount> {
    if employees.is_empty() || other_apps.is_empty() {
        return Vec::new();
    }
    (0..count)
        .map(|_| {
            let owner = g.pick(employees);
            let app = g.pick(other_apps);
            let oidc = app.oauth_app_id.is_some();
            let created = g.days_ago(400);
            OtherAccount {
                id: g.uuid(),
                employee_id: owner.id.clone(),
                other_app_id: app.id.clone(),
                email: owner.email.clone(),
                login_methods: OtherLoginMethods {
                    password_login: !oidc,
                    oidc_login: oidc.then(|| (*g.pick(IDENTITY_PROVIDERS)).to_owned()),
                    saml_login: None,
                },
                creation_timestamp: created,
                last_used_timestamp: g.chance(0.85).then(|| g.after(created)),
            }
        })
        .collect()
}

fn browsers(g: &mut Generator, count: usize, employees: &[Employee]) -> Vec<Browser> {
    if employees.is_empty() {
        return Vec::new();
    }
    (0..count)
        .map(|i| {
            let owner = &employees[i % employees.len()];
            let &(family, version) = g.pick(BROWSERS);
            let os = if family == "SAFARI" {
                "MACOS"
            } else {
                *g.pick(OPERATING_SYSTEMS)
            };
            let created = g.days_ago(500);
            Browser {
                id: g.uuid(),
                employee_id: owner.id.clone(),
                email: owner.email.clone(),
                version: version.to_owned(),
                token_type: if g.chance(0.9) { "INDIVIDUAL" } else { "TEAM" }.to_owned(),
                is_active: owner.licensed && g.chance(0.9),
                browser: family.to_owned(),
                os: os.to_owned(),
                extension_version: format!("2.{}.{}", g.rng.u32(10..40), g.rng.u32(0..10)),
                creation_timestamp: created,
                last_online_timestamp: g.after(created),
            }
        })
        .collect()
}

fn extensions(g: &mut Generator, count: usize, browsers: &[Browser]) -> Vec<BrowserExtension> {
    if browsers.is_empty() {
        return Vec::new();
    }
    (0..count)
        .map(|_| {
            let browser = g.pick(browsers);
            let &(store_id, name, description, permissions, hosts) = g.pick(EXTENSIONS);
            BrowserExtension {
                id: g.uuid(),
                extension_id: store_id.to_owned(),
                employee_id: browser.employee_id.clone(),
                browser_id: browser.id.clone(),
                name: name.to_owned(),
                description: description.to_owned(),
                deployment_mode: (*g.pick(DEPLOYMENT_MODES)).to_owned(),
                permissions: permissions.iter().map(|p| (*p).to_owned()).collect(),
                host_permissions: hosts.iter().map(|h| (*h).to_owned()).collect(),
                enabled: g.chance(0.9),
            }
        })
        .collect()
}

fn findings(g: &mut Generator, count: usize, accounts: &[Account]) -> Vec<Finding> {
    if accounts.is_empty() {
        return Vec::new();
    }
    (0..count)
        .map(|_| {
            let account = g.pick(accounts);
            let finding_type = *g.pick(FINDING_TYPES);
            let about_password = matches!(
                finding_type,
                "REUSED_PASSWORD" | "WEAK_PASSWORD" | "LEAKED_PASSWORD"
            );
            Finding {
                id: g.uuid(),
                finding_type: finding_type.to_owned(),
                state: if g.chance(0.65) { "OPEN" } else { "RESOLVED" }.to_owned(),
                employee_id: Some(account.employee_id.clone()),
                password_id: if about_password {
                    account.password_id.clone().or_else(|| Some(g.uuid()))
                } else {
                    None
                },
                account_id: (finding_type != "PASSWORD_MANAGER_NOT_USED")
                    .then(|| account.id.clone()),
                app_type: Some(account.app_type.clone()),
                app_id: Some(account.app_id.clone()),
                weak_password_reasons: (finding_type == "WEAK_PASSWORD")
                    .then(|| vec![(*g.pick(WEAK_PASSWORD_REASONS)).to_owned()]),
                creation_timestamp: g.after(account.creation_timestamp),
            }
        })
        .collect()
}

fn detections(
    g: &mut Generator,
    count: usize,
    employees: &[Employee],
    browsers: &[Browser],
) -> Vec<(Detection, Vec<DetectionEvent>)> {
    if employees.is_empty() {
        return Vec::new();
    }
    let mut detections: Vec<(Detection, Vec<DetectionEvent>)> = (0..count)
        .map(|_| {
            let employee = g.pick(employees).clone();
            let browser_id = browsers
                .iter()
                .find(|b| b.employee_id == employee.id)
                .map(|b| b.id.clone());
            let host = *g.pick(SUSPICIOUS_HOSTS);
            let events: Vec<DetectionEvent> = (0..g.rng.usize(1..=3))
                .map(|n| DetectionEvent {
                    url: format!("https://{host}/signin?step={n}"),
                    source_ip_address: format!("198.51.100.{}", g.rng.u8(1..255)),
                    extension_name: None,
                    phishing_tool_indicator: g
                        .chance(0.3)
                        .then(|| serde_json::json!({ "kit": "evilginx", "confidence": "HIGH" })),
                    referrer_url: g.chance(0.5).then(|| "https://mail.google.com/".to_owned()),
                })
                .collect();
            let detection = Detection {
                id: g.uuid(),
                employee_id: employee.id.clone(),
                employee,
                browser_id,
                severity: (*g.pick(SEVERITIES)).to_owned(),
                detection_type: (*g.pick(DETECTION_TYPES)).to_owned(),
                response: if g.chance(0.8) {
                    "BLOCKED"
                } else {
                    "NOT_BLOCKED"
                }
                .to_owned(),
                archived: g.chance(0.2),
                creation_timestamp: g.days_ago(90),
            };
            (detection, events)
        })
        .collect();
    // Newest first, as a security feed reads.
    detections.sort_by_key(|(detection, _)| std::cmp::Reverse(detection.creation_timestamp));
    detections
}

fn banners(g: &mut Generator, count: usize, apps: &[App]) -> Vec<AppBanner> {
    apps.iter()
        .take(count)
        .map(|app| {
            let mode = *g.pick(BANNER_MODES);
            AppBanner {
                id: app.id.clone(),
                app_type: app.app_type.clone(),
                enabled: g.chance(0.75),
                title: format!("Using {}?", app.friendly_name),
                subtext: format!(
                    "Read the [acceptable use policy](https://intranet.{ORG_DOMAIN}/policies) before using {}.",
                    app.friendly_name
                ),
                mode: mode.to_owned(),
                button_text: (mode != "INFORM").then(|| "I understand".to_owned()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_gives_the_same_organisation() {
        let a = generate(7, &DatasetSize::default());
        let b = generate(7, &DatasetSize::default());
        let ids = |o: &Organisation| o.accounts.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
        assert_ne!(ids(&a), ids(&generate(8, &DatasetSize::default())));
    }

    #[test]
    fn sizes_are_honoured() {
        let size = DatasetSize::scaled_to_accounts(5_000);
        let org = generate(1, &size);
        assert_eq!(org.accounts.len(), 5_000);
        assert_eq!(org.employees.len(), size.employees);
        assert_eq!(org.findings.len(), size.findings);
        assert_eq!(org.browsers.len(), size.browsers);
    }

    #[test]
    fn ids_are_unique() {
        let org = generate(3, &DatasetSize::scaled_to_accounts(2_000));
        let mut ids: Vec<&str> = org.accounts.iter().map(|a| a.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 2_000);
    }

    #[test]
    fn records_that_need_a_parent_are_skipped_without_one() {
        let mut size = DatasetSize::empty();
        size.accounts = 10;
        size.findings = 10;
        let org = generate(1, &size);
        assert!(org.accounts.is_empty() && org.findings.is_empty());
    }
}
