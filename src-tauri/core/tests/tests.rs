//! Integration tests of `disclosure-core`, one binary: each module a capability.

mod util;

mod bindings;
mod cli;
mod settings;
mod store;
