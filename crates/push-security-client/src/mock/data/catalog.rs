//! Names the generated organisation is built from, so its data reads like a real company's.

/// (app type, friendly name, website, what it is for)
pub(crate) const APPS: &[(&str, &str, &str, &str)] = &[
    (
        "ATLASSIAN",
        "Atlassian",
        "https://www.atlassian.com/",
        "Issue tracking and team wikis.",
    ),
    (
        "GITHUB",
        "GitHub",
        "https://github.com/",
        "Source code hosting and review.",
    ),
    ("SLACK", "Slack", "https://slack.com/", "Team chat."),
    ("ZOOM", "Zoom", "https://zoom.us/", "Video meetings."),
    (
        "GOOGLE_WORKSPACE",
        "Google Workspace",
        "https://workspace.google.com/",
        "Mail, calendar and documents.",
    ),
    (
        "MICROSOFT_365",
        "Microsoft 365",
        "https://www.office.com/",
        "Mail, calendar and documents.",
    ),
    (
        "SALESFORCE",
        "Salesforce",
        "https://www.salesforce.com/",
        "Customer relationship management.",
    ),
    (
        "HUBSPOT",
        "HubSpot",
        "https://www.hubspot.com/",
        "Marketing automation and CRM.",
    ),
    (
        "ZAPIER",
        "Zapier",
        "https://zapier.com/",
        "Automation between web apps.",
    ),
    (
        "OPENAI",
        "OpenAI",
        "https://openai.com/",
        "Generative AI assistants.",
    ),
    (
        "NOTION",
        "Notion",
        "https://www.notion.so/",
        "Notes and knowledge base.",
    ),
    (
        "FIGMA",
        "Figma",
        "https://www.figma.com/",
        "Interface design.",
    ),
    (
        "DROPBOX",
        "Dropbox",
        "https://www.dropbox.com/",
        "File storage and sharing.",
    ),
    (
        "BOX",
        "Box",
        "https://www.box.com/",
        "File storage and sharing.",
    ),
    (
        "AWS",
        "Amazon Web Services",
        "https://aws.amazon.com/",
        "Cloud infrastructure.",
    ),
    (
        "GCP",
        "Google Cloud",
        "https://cloud.google.com/",
        "Cloud infrastructure.",
    ),
    (
        "AZURE",
        "Microsoft Azure",
        "https://azure.microsoft.com/",
        "Cloud infrastructure.",
    ),
    (
        "OKTA",
        "Okta",
        "https://www.okta.com/",
        "Identity provider.",
    ),
    (
        "DATADOG",
        "Datadog",
        "https://www.datadoghq.com/",
        "Monitoring and logs.",
    ),
    (
        "PAGERDUTY",
        "PagerDuty",
        "https://www.pagerduty.com/",
        "On-call alerting.",
    ),
    (
        "ASANA",
        "Asana",
        "https://asana.com/",
        "Project management.",
    ),
    ("TRELLO", "Trello", "https://trello.com/", "Kanban boards."),
    ("MIRO", "Miro", "https://miro.com/", "Online whiteboard."),
    (
        "DOCUSIGN",
        "DocuSign",
        "https://www.docusign.com/",
        "Electronic signatures.",
    ),
    (
        "WORKDAY",
        "Workday",
        "https://www.workday.com/",
        "HR and finance.",
    ),
    (
        "BAMBOOHR",
        "BambooHR",
        "https://www.bamboohr.com/",
        "HR records.",
    ),
    (
        "ZENDESK",
        "Zendesk",
        "https://www.zendesk.com/",
        "Customer support desk.",
    ),
    (
        "INTERCOM",
        "Intercom",
        "https://www.intercom.com/",
        "Customer messaging.",
    ),
    (
        "CANVA",
        "Canva",
        "https://www.canva.com/",
        "Graphic design.",
    ),
    (
        "LASTPASS",
        "LastPass",
        "https://www.lastpass.com/",
        "Password manager.",
    ),
    (
        "ONEPASSWORD",
        "1Password",
        "https://1password.com/",
        "Password manager.",
    ),
    (
        "SNOWFLAKE",
        "Snowflake",
        "https://www.snowflake.com/",
        "Data warehouse.",
    ),
    ("STRIPE", "Stripe", "https://stripe.com/", "Payments."),
    (
        "PUSH_SECURITY",
        "Push Security",
        "https://pushsecurity.com/",
        "SaaS security platform.",
    ),
];

pub(crate) const FIRST_NAMES: &[&str] = &[
    "John", "Ava", "Liam", "Maya", "Noah", "Zara", "Ethan", "Priya", "Lucas", "Chloe", "Omar",
    "Hannah", "Mateo", "Aisha", "Oliver", "Sofia", "Kenji", "Grace", "Diego", "Leila", "Samuel",
    "Nora", "Ivan", "Freya", "Tariq", "Elena", "Ruben", "Ingrid", "Kofi", "Mei",
];

pub(crate) const LAST_NAMES: &[&str] = &[
    "Hill",
    "Patel",
    "Nakamura",
    "Okafor",
    "Schmidt",
    "Garcia",
    "Nguyen",
    "Kowalski",
    "Haddad",
    "Johansson",
    "Rossi",
    "Dubois",
    "Silva",
    "Murphy",
    "Cohen",
    "Ivanova",
    "Mensah",
    "Larsen",
    "Fernandes",
    "Kim",
    "O'Brien",
    "Novak",
    "Costa",
    "Bauer",
    "Singh",
    "Moreau",
    "Tanaka",
    "Reyes",
];

pub(crate) const DEPARTMENTS: &[&str] = &[
    "Engineering",
    "Sales",
    "Marketing",
    "Finance",
    "People",
    "Support",
    "Security",
    "Product",
    "Legal",
    "Operations",
];

pub(crate) const LOCATIONS: &[&str] = &[
    "London",
    "New York",
    "Berlin",
    "Lisbon",
    "Singapore",
    "Toronto",
    "Remote",
];

pub(crate) const ORG_DOMAIN: &str = "example.com";

/// (domain of an app seen only through logins, OAuth app name when the login was OIDC)
pub(crate) const OTHER_APPS: &[(&str, &str)] = &[
    ("pdf-tools.example.net", "PDF Tools"),
    ("quickpoll.example.org", "QuickPoll"),
    ("mindmapper.example.io", "Mind Mapper"),
    ("gifmaker.example.app", "GIF Maker"),
    ("transcribe.example.ai", "Transcribe AI"),
    ("surveyfox.example.com", "SurveyFox"),
    ("timezones.example.dev", "Time Zones"),
    ("sheetsync.example.co", "SheetSync"),
    ("pixelshare.example.net", "PixelShare"),
    ("codepad.example.io", "CodePad"),
];

pub(crate) const IDENTITY_PROVIDERS: &[&str] = &["GOOGLE_WORKSPACE", "OKTA", "MICROSOFT_ENTRA"];

pub(crate) const MFA_METHODS: &[&str] = &[
    "APP_TOTP",
    "PUSH_NOTIFICATION",
    "EMAIL_OTP",
    "U2F",
    "HARDWARE_TOTP",
    "PHONE_CALL",
    "SMS_OTP",
    "APP_PASSWORD",
    "GRID_CARD",
    "EXTERNAL_PROVIDER",
    "BACKUP_CODES",
    "WEBAUTHN",
];

pub(crate) const FINDING_TYPES: &[&str] = &[
    "MFA_NOT_REGISTERED",
    "REUSED_PASSWORD",
    "SHARED_ACCOUNT",
    "UNUSED_THIRD_PARTY_APP",
    "WEAK_PASSWORD",
    "LEAKED_PASSWORD",
    "PASSWORD_MANAGER_NOT_USED",
];

pub(crate) const WEAK_PASSWORD_REASONS: &[&str] =
    &["COMPROMISED_HIBP", "COMMON_BASE_WORD", "BANNED_BASE_WORD"];

pub(crate) const BROWSERS: &[(&str, &str)] = &[
    ("CHROME", "131.0.6778.86"),
    ("EDGE", "131.0.2903.70"),
    ("FIREFOX", "133.0"),
    ("SAFARI", "18.1"),
    ("BRAVE", "1.73.91"),
    ("OPERA", "115.0.5322.68"),
];

pub(crate) const OPERATING_SYSTEMS: &[&str] = &["MACOS", "WINDOWS", "LINUX", "CHROME_OS"];

/// (store id, name, description, permissions, host permissions)
type Extension = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

pub(crate) const EXTENSIONS: &[Extension] = &[
    (
        "aeblfdkhhhdcdjpifhhbdiojplfjncoa",
        "1Password",
        "Password manager.",
        &["storage", "tabs"],
        &["<all_urls>"],
    ),
    (
        "hdokiejnpimakedhajhdlcegeplioahd",
        "LastPass",
        "Password manager.",
        &["storage", "cookies"],
        &["<all_urls>"],
    ),
    (
        "cjpalhdlnbpafiamejdnhcphjbkeiagm",
        "uBlock Origin",
        "Content blocker.",
        &["webRequest", "storage"],
        &["<all_urls>"],
    ),
    (
        "kbfnbcaeplbcioakkpcpgfkobkghlhen",
        "Grammarly",
        "Writing assistant.",
        &["storage", "scripting"],
        &["<all_urls>"],
    ),
    (
        "ghbmnnjooekpmoecnnnilnnbdlolhkhi",
        "Google Docs Offline",
        "Offline documents.",
        &["storage"],
        &["https://docs.google.com/*"],
    ),
    (
        "fmkadmapgofadopljbjfkapdkoienihi",
        "React Developer Tools",
        "Debugging React apps.",
        &["scripting"],
        &["<all_urls>"],
    ),
    (
        "nngceckbapebfimnlniiiahkandclblb",
        "Bitwarden",
        "Password manager.",
        &["storage", "tabs"],
        &["<all_urls>"],
    ),
    (
        "jlhmfgmfgeifomenelglieieghnjghma",
        "Cisco Webex",
        "Meeting launcher.",
        &["nativeMessaging"],
        &["https://*.webex.com/*"],
    ),
    (
        "pkedcjkdefgpdelpbcmbmeomcjbeemfm",
        "Chrome Media Router",
        "Casting.",
        &["tabCapture"],
        &[],
    ),
    (
        "mdanidgdpmkimeiiojknlnekblgmpdll",
        "Boomerang for Gmail",
        "Mail scheduling.",
        &["storage"],
        &["https://mail.google.com/*"],
    ),
];

pub(crate) const DEPLOYMENT_MODES: &[&str] =
    &["MANAGED", "MANUAL", "DEVELOPMENT", "SIDELOAD", "OTHER"];

pub(crate) const SEVERITIES: &[&str] = &["LOW", "MEDIUM", "HIGH", "CRITICAL"];

pub(crate) const DETECTION_TYPES: &[&str] = &[
    "PHISHING",
    "STOLEN_CREDENTIALS",
    "BLOCKED_URL",
    "MALWARE_DELIVERY",
];

pub(crate) const SUSPICIOUS_HOSTS: &[&str] = &[
    "login-microsoftonline.example-phish.com",
    "okta-verify.example-bad.net",
    "drive-share.example-lure.org",
    "invoice-portal.example-fake.io",
];

pub(crate) const BANNER_MODES: &[&str] = &["INFORM", "ACKNOWLEDGE", "REASON"];

pub(crate) const BLOCKED_HOSTS: &[&str] = &[
    "*.example-gambling.com",
    "pastebin.example.org",
    "*.example-filesharing.net",
    "free-vpn.example.io",
    "*.example-torrents.com",
    "crypto-miner.example.dev",
];
