//! Shared HTTP core for the push-sdks-rust API clients: configuration, authentication, secrets,
//! requests and responses, retries with backoff, rate limiting, paginated streams and errors.
//!
//! api-core knows HTTP and no particular API: each client crate (`push-security-client`,
//! `pwpush-client`, `pushauth-client`) brings its own paths, headers and JSON shapes.
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// Owned by the transport work: secret, auth, config, request, response, error, client, tls.
// Owned by the policy work: retry, backoff, retry_budget, classify, rate_limit, runtime.
// Owned by the streams work: pagination, lenient, patch.
