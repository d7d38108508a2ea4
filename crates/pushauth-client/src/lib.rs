//! pushauth-client: see README.md.
