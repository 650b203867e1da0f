//! 窗口 — what a shell (the desktop window, later a LAN client) shows that is not a record
//! of its own: the start-up status, the session, and files just written for the user. They
//! live here, with every other type that crosses to the UI, so their TypeScript is
//! generated too (`ui/src/bindings/`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::backup::BackupInfo;
use crate::staff::Staff;

/// What the window shows before anything else.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct StartupStatus {
    pub ok: bool,
    pub data_dir: String,
    /// Why the data did not open, when `ok` is false.
    pub error: Option<Failure>,
    /// The newest backup that passes its check, offered when the data failed the
    /// start-up check.
    pub restore: Option<BackupInfo>,
}

/// An error as the UI gets it: the stable code and the Chinese message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Failure {
    pub code: String,
    pub message: String,
}

impl From<&crate::Error> for Failure {
    fn from(e: &crate::Error) -> Self {
        Failure {
            code: e.code().into(),
            message: e.to_string(),
        }
    }
}

/// What the window needs to decide between 首次设置, 登录, 锁定, 修改初始密码 and the app.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SessionInfo {
    pub needs_setup: bool,
    pub user: Option<Staff>,
    /// The session is locked (idle too long): the page stays, the password opens it.
    pub locked: bool,
    /// Minutes without a command before the window locks.
    pub auto_lock_minutes: u32,
}

/// A PDF written for the user (a review sheet, the register, the ledger).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PrintedFile {
    pub path: String,
    #[ts(type = "number")]
    pub pages: usize,
    /// Characters the fonts lack, printed as 〓, for the user to check.
    pub missing: String,
}

/// A report written for the user.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SavedReport {
    pub path: String,
    /// PDF pages; `null` for a workbook.
    #[ts(type = "number | null")]
    pub pages: Option<usize>,
    /// Characters the fonts lack, printed as 〓, for the user to check.
    pub missing: String,
}

/// A list written where the user chose (the audit log as CSV, the sensitive words).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ExportedFile {
    pub path: String,
    #[ts(type = "number")]
    pub count: usize,
}

/// 设置 → 局域网: how this desk works with others, as its administrator sees it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct LanStatus {
    /// `single` (单机: the desktop app on its own data) or `server` (this page comes from
    /// the LAN server).
    pub mode: String,
    /// The server certificate's SHA-256 fingerprint, `AB:CD:…` (server only).
    pub fingerprint: Option<String>,
    /// Whether browsers can download the server's own CA certificate (`/ca.crt`).
    pub ca_download: bool,
    /// Who is signed in from where (server only; the desktop app has one window).
    pub sessions: Vec<ActiveSession>,
}

/// A LAN server as the desktop app sees it when connecting (设置 → 局域网, or the first-run
/// wizard's 连接局域网服务器).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct LanServer {
    /// `https://host:port`, as the app will use it.
    pub address: String,
    /// The SHA-256 fingerprint of the certificate the server showed, `AB:CD:…`: the person
    /// compares it with the one the server's administrator reads out.
    pub fingerprint: String,
    /// The server program's version (a client of another version is told to update).
    pub version: String,
    /// Whether the app now works on this server (after the person confirmed).
    pub connected: bool,
    /// Where the window goes next (the connection on this computer; only when connected).
    pub entry: Option<String>,
}

/// One person signed in over the network.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ActiveSession {
    /// What 结束会话 names (not the session's token).
    pub id: String,
    pub staff_name: String,
    pub office_name: String,
    pub address: String,
    /// 浏览器 or 桌面客户端.
    pub program: String,
    pub since: String,
    pub last_active: String,
    /// The session of the administrator looking at the list.
    pub current: bool,
}
