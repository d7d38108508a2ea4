//! push-security-client: see README.md.
