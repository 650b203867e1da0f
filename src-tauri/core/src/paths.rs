//! Where the data lives: `--data-dir`, else `DISCLOSURE_DESK_DATA`, else the OS app-data
//! directory. The app and the CLI resolve it through this one function so they always
//! open the same store.

use std::path::PathBuf;

use crate::error::{Error, Result};

/// The environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "DISCLOSURE_DESK_DATA";

/// The folder name under the OS app-data directory.
const APP_DIR: &str = "disclosure-desk";

/// Resolves the data directory: an explicit path wins, then the environment, then the
/// OS default (`~/.local/share/disclosure-desk` on Linux, `%APPDATA%\disclosure-desk` on Windows).
pub fn resolve_data_dir(explicit: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(dir) = explicit.filter(|p| !p.as_os_str().is_empty()) {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::data_dir().map(|d| d.join(APP_DIR)).ok_or_else(|| {
        Error::DataDir(format!(
            "找不到系统的应用数据目录，请用 --data-dir 或环境变量 {DATA_DIR_ENV} 指定数据目录。"
        ))
    })
}
