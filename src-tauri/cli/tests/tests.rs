//! Integration tests of the `disclosure` binary, as administrators' scripts call it: one
//! test binary, a module per group of subcommands. The data is set up through the core
//! (the same helpers as the core's tests) or through the CLI itself.

// Fixture helpers outside #[test] functions may unwrap too: a failure there is a test failure.
#![allow(clippy::unwrap_used)]

// The core's test fixtures; this binary uses part of them.
#[allow(dead_code)]
#[path = "../../core/tests/desk.rs"]
mod desk;
#[allow(dead_code)]
#[path = "../../core/tests/util.rs"]
mod util;

mod commands;
mod data;
mod print;
mod publishing;
mod reports;
mod requests;
mod scan;
mod users;

/// The binary under test.
pub fn disclosure_bin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_disclosure"))
}

/// `pdftotext -layout FILE -` (poppler), as an archivist would read the paper.
pub fn pdftotext(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8(out.stdout).unwrap()
}

/// The text without the spaces and line breaks the layout puts in.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
