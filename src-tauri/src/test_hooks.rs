//! Seams for the end-to-end tests, compiled only into the build they drive (cargo feature
//! `e2e`, which `make test` turns on): native dialogs cannot be driven over WebDriver, so a
//! test names the files "picked" and the folder "saved" to through environment variables,
//! shortens the wait before the check after start-up and slows each step of a long job
//! and of an export. The release build and the .deb have none of this — not even the
//! variables' names (the install test looks for them in the installed binary).

use std::path::PathBuf;
use std::time::Duration;

/// The files a test "picks" in an open dialog (`DISCLOSURE_DESK_PICK_FILES`, one a line).
#[cfg(feature = "e2e")]
pub fn picked_files() -> Option<Vec<PathBuf>> {
    std::env::var("DISCLOSURE_DESK_PICK_FILES")
        .ok()
        .map(|list| {
            list.lines()
                .filter(|l| !l.is_empty())
                .map(PathBuf::from)
                .collect()
        })
}

/// The folder a test "saves" into (`DISCLOSURE_DESK_SAVE_DIR`).
#[cfg(feature = "e2e")]
pub fn save_dir() -> Option<PathBuf> {
    std::env::var_os("DISCLOSURE_DESK_SAVE_DIR").map(PathBuf::from)
}

/// A whole number from the environment variable `name`.
#[cfg(feature = "e2e")]
fn number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// The wait before the check after start-up (`DESK_CHECK_DELAY_SECS`).
#[cfg(feature = "e2e")]
pub fn check_delay() -> Option<Duration> {
    number("DESK_CHECK_DELAY_SECS").map(Duration::from_secs)
}

/// How long each step of a long job waits (`DESK_JOB_STEP_PAUSE_MS`), so that a test can
/// press 取消 within a stage however fast this machine's disk is.
#[cfg(feature = "e2e")]
pub fn job_step_pause() -> Option<Duration> {
    number("DESK_JOB_STEP_PAUSE_MS").map(Duration::from_millis)
}

/// How long an export waits at each progress report (`DESK_EXPORT_STEP_PAUSE_MS`), so that
/// a test can act while it runs however fast this machine's disk is.
#[cfg(feature = "e2e")]
pub fn export_step_pause() -> Option<Duration> {
    number("DESK_EXPORT_STEP_PAUSE_MS").map(Duration::from_millis)
}

#[cfg(not(feature = "e2e"))]
pub fn picked_files() -> Option<Vec<PathBuf>> {
    None
}

#[cfg(not(feature = "e2e"))]
pub fn save_dir() -> Option<PathBuf> {
    None
}

#[cfg(not(feature = "e2e"))]
pub fn check_delay() -> Option<Duration> {
    None
}

#[cfg(not(feature = "e2e"))]
pub fn job_step_pause() -> Option<Duration> {
    None
}

#[cfg(not(feature = "e2e"))]
pub fn export_step_pause() -> Option<Duration> {
    None
}
