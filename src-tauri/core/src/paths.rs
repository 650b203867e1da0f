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
/// (“保存 PDF”). The file is its owner's only (0600 on Linux; on Windows the folder's
/// ACL, which in the user's profile is theirs): sheets and reports carry records.
pub fn write_atomic(path: &Path, bytes: &[u8], what: &str) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| Error::io(format!("{what}到“{}”", path.display()), e);
    // tempfile creates the file 0600, never through an existing path.
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Creates `dir` (and its parents) if missing and makes it its owner's only (0700 on
/// Linux). An existing folder that is a symbolic link is refused.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(dir) {
        if meta.file_type().is_symlink() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "folder is a symbolic link",
            ));
        }
    }
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Creates a new file for writing that must not exist yet (so never through a symbolic
/// link someone planted), readable by its owner only.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// Opens a file to append to (created 0600 when missing), never through a symbolic link.
pub fn open_append_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    o.open(path)
}

/// File types a double click would run rather than show (Windows and Linux): an
/// attachment of one of these is never handed to the system to open.
pub const RUNNABLE: &[&str] = &[
    "exe",
    "bat",
    "cmd",
    "com",
    "scr",
    "pif",
    "msi",
    "msp",
    "cpl",
    "js",
    "jse",
    "vbs",
    "vbe",
    "wsf",
    "wsh",
    "hta",
    "lnk",
    "ps1",
    "psm1",
    "sh",
    "bash",
    "desktop",
    "jar",
    "reg",
    "appimage",
    "run",
    "deb",
    "rpm",
    "url",
    "scf",
    "application",
    "gadget",
    "chm",
    "inf",
    "dll",
    "sys",
];

/// Refuses to open `name` with the system's program for its type when that would run it
/// (an executable, a script, a shortcut).
pub fn check_openable(name: &str) -> Result<()> {
    let ext = Path::new(name.trim_end_matches(['.', ' ']))
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if RUNNABLE.contains(&ext.as_str()) {
        return Err(Error::Forbidden(format!(
            "“{name}”是可执行文件或脚本（.{ext}），为安全起见不在本机打开。如需查看，请另存后用文本编辑器打开。"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runnable_attachments_are_refused_and_documents_open() {
        for name in [
            "setup.exe",
            "a.BAT",
            "x.js",
            "link.lnk",
            "run.sh",
            "app.desktop",
            "t.jar",
            "e.exe.",
            "v.vbs",
        ] {
            assert!(check_openable(name).is_err(), "{name}");
        }
        for name in [
            "通知.pdf",
            "名单.xlsx",
            "说明.docx",
            "readme.txt",
            "无扩展名",
        ] {
            assert!(check_openable(name).is_ok(), "{name}");
        }
    }
}
