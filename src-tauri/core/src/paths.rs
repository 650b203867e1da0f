//! Where the data lives: `--data-dir`, else `DISCLOSURE_DESK_DATA`, else the OS app-data
//! directory. The app and the CLI resolve it through this one function so they always
//! open the same store.

use std::path::{Path, PathBuf};

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

/// Writes `bytes` to `path` through a temporary file in the same folder, so the path holds
/// either the whole new file or what it held before. `what` names the file in the error
/// (“保存 PDF”). The file is readable by others (0644): reports are for sharing.
pub fn write_atomic(path: &Path, bytes: &[u8], what: &str) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| Error::io(format!("{what}到“{}”", path.display()), e);
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    // The temporary file is private (0600).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::Permissions::from_mode(0o644);
        std::fs::set_permissions(tmp.path(), mode).map_err(fail)?;
    }
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
