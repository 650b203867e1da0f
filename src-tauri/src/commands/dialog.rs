//! The native file dialogs, with the seams the e2e build's tests use (`test_hooks`): a
//! folder to "save" into under the suggested name (which is also the folder "picked"), and
//! the files "picked".

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::test_hooks;

/// The file to open, or `None` when the user cancelled.
pub fn pick_path<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    if let Some(files) = test_hooks::picked_files() {
        return files.into_iter().next();
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
    if let Some(dir) = test_hooks::save_dir() {
        return Some(dir.join(suggested));
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
    if let Some(dir) = test_hooks::save_dir() {
        return Some(dir);
    }
    app.dialog()
        .file()
        .set_title(title)
        .blocking_pick_folder()
        .and_then(|f| f.into_path().ok())
}

/// The files to attach; empty when the user cancelled.
pub fn pick_paths<R: Runtime>(app: &AppHandle<R>, title: &str) -> Vec<PathBuf> {
    if let Some(files) = test_hooks::picked_files() {
        return files;
    }
    app.dialog()
        .file()
        .set_title(title)
        .blocking_pick_files()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| f.into_path().ok())
        .collect()
}
