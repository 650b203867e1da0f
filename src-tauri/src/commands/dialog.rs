//! The native file dialogs, with the seams the e2e tests use: when
//! `DISCLOSURE_DESK_SAVE_DIR` is set, the file is "saved" there under its suggested name
//! (and it is the folder "picked"); when `DISCLOSURE_DESK_PICK_FILES` is set, its lines are
//! the files "picked".

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

pub const SAVE_DIR_ENV: &str = "DISCLOSURE_DESK_SAVE_DIR";

/// The file to open, or `None` when the user cancelled.
pub fn pick_path<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    if let Ok(list) = std::env::var(super::items::PICK_FILES_ENV) {
        return list.lines().find(|l| !l.is_empty()).map(PathBuf::from);
    }
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(filter.0, filter.1)
        .blocking_pick_file()
        .and_then(|f| f.into_path().ok())
}

/// Where to save `suggested`, or `None` when the user cancelled.
pub fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    suggested: &str,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    if let Ok(dir) = std::env::var(SAVE_DIR_ENV) {
        return Some(PathBuf::from(dir).join(suggested));
    }
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(suggested)
        .add_filter(filter.0, filter.1)
        .blocking_save_file()
        .and_then(|f| f.into_path().ok())
}

/// The folder to write into, or `None` when the user cancelled.
pub fn pick_folder<R: Runtime>(app: &AppHandle<R>, title: &str) -> Option<PathBuf> {
    if let Ok(dir) = std::env::var(SAVE_DIR_ENV) {
        return Some(PathBuf::from(dir));
    }
    app.dialog()
        .file()
        .set_title(title)
        .blocking_pick_folder()
        .and_then(|f| f.into_path().ok())
}
