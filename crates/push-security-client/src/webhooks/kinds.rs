//! The open value sets of the webhook envelope.

open_enum! {
    /// What kind of event a delivery reports.
    pub enum EventCategory {
        /// Something a user did (a login, a visit to a blocked URL).
        Activity => "ACTIVITY",
        /// An object was created, updated or deleted (`type` says which).
        Entity => "ENTITY",
        /// A control acted (an app banner shown, a URL blocked).
        Control => "CONTROL",
        /// A change in the Push admin console (an API key added, a setting changed).
        Audit => "AUDIT",
        /// A detection (phishing, stolen credentials).
        Detection => "DETECTION",
    }
}

open_enum! {
    /// What happened to the object of an `ENTITY` event.
    pub enum EventType {
        /// The object is new; `new` holds it and `old` is null.
        Create => "CREATE",
        /// The object changed; `new` and `old` hold both versions.
        Update => "UPDATE",
        /// The object is gone; `old` holds its last version.
        Delete => "DELETE",
    }
}

open_enum! {
    /// The object an event is about; decides the shape of `new` and `old`.
    pub enum EventObject {
        /// An account of an employee.
        Account => "ACCOUNT",
        /// An app.
        App => "APP",
        /// A browser with the Push extension.
        Browser => "BROWSER",
        /// A browser extension.
        BrowserExtension => "BROWSER_EXTENSION",
        /// An employee.
        Employee => "EMPLOYEE",
        /// A finding.
        Finding => "FINDING",
        /// A login by an employee.
        Login => "LOGIN",
        /// A visit to a blocked URL.
        BlockedUrlVisited => "BLOCKED_URL_VISITED",
        /// An API key was added in the admin console.
        ApiKeyAdded => "API_KEY_ADDED",
        /// A phishing tool was detected.
        PhishingToolDetected => "PHISHING_TOOL_DETECTED",
        /// Stolen credentials were detected.
        StolenCredentials => "STOLEN_CREDENTIALS",
    }
}

open_enum! {
    /// The permission level of the actor of an `AUDIT` event.
    pub enum ActorRole {
        /// May call every endpoint.
        FullAccess => "FULL_ACCESS",
        /// May only read.
        ReadOnly => "READ_ONLY",
    }
}
