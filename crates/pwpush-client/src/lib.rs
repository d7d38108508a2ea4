//! pwpush-client: see README.md.
