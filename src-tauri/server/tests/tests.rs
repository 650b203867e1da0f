//! The LAN server's tests, one binary: the server runs in-process on a free port, the
//! clients speak HTTPS to it and trust its CA only.

// Fixture helpers outside #[test] functions may unwrap too: a failure there is a test failure.
#![allow(clippy::unwrap_used)]

mod client;
mod harness;
mod hostile;
mod inprocess;
mod permissions;
mod workflow;
