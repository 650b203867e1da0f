//! 外壳 — what a command needs of whoever runs it, beyond the data: the desktop window
//! (native dialogs, the system's programs, window events) or the LAN server (the file the
//! browser uploaded with the request, a download, the person's event stream). The pages'
//! commands ([`crate::page`]) are written once against this trait; each shell implements it.

use std::path::{Path, PathBuf};

use disclosure_core::window::{LanServer, LanStatus};
use disclosure_core::{Error, Result};

use crate::desk::{Gate, Scratch};
use crate::page::bundle::ExportCancel;
use crate::page::jobs::JobCancel;

/// A file dialog's filter: its label and the extensions.
pub type Filter<'a> = (&'a str, &'a [&'a str]);

pub trait Shell {
    /// The data, as the person of this window or request.
    fn desk(&self) -> Gate<'_>;
    /// The file to read (a dialog, or the upload sent with the request); `None` when
    /// the person cancelled.
    fn pick_file(&self, title: &str, filter: Filter<'_>) -> Option<PathBuf>;
    /// The files to attach; empty when cancelled.
    fn pick_files(&self, title: &str) -> Vec<PathBuf>;
    /// The folder to write into; `None` when cancelled.
    fn pick_folder(&self, title: &str) -> Option<PathBuf>;
    /// Where an upload bundle is written: the folder the person picks (the server: its
    /// export folder when it has one, else a folder of downloads).
    fn bundle_folder(&self) -> Option<PathBuf> {
        self.pick_folder("选择上传包的保存位置")
    }
    /// Where to save a file named `suggested`; `None` when cancelled.
    fn save_path(&self, title: &str, suggested: &str, filter: Filter<'_>) -> Option<PathBuf>;
    /// Shows the file or folder at `path` to the person (the system's program for it, or
    /// a download in the browser); `refused` is the field and message when that fails.
    fn open(&self, path: &Path, refused: (&'static str, &'static str)) -> Result<()>;
    /// Sends an event to the person's window (progress of a long job).
    fn emit<P: serde::Serialize + Clone>(&self, event: &str, payload: P);
    /// The long jobs asked to stop.
    fn jobs(&self) -> &JobCancel;
    /// Set by 取消 while an export runs.
    fn export_cancel(&self) -> &ExportCancel;
    /// The private folder for files opened for viewing.
    fn scratch(&self) -> &Scratch;
    /// After a restore: everyone is signed out, since the people may differ.
    fn sign_out_everyone(&self);
    /// 设置 → 局域网: the mode, the certificate and who is signed in from where (the
    /// caller has been checked to be an administrator).
    fn lan_status(&self) -> LanStatus;
    /// 结束会话 `id`: that person is signed out at once; whether there was such a session.
    fn end_session(&self, id: &str) -> bool;
    /// Notes that this person has item `id` open now, and answers who else has it open
    /// (names with their office; the desktop app alone: nobody).
    fn viewing(&self, id: i64) -> Vec<String>;
    /// 连接局域网服务器 (the desktop app): without `fingerprint`, what the server at
    /// `address` shows (its certificate's fingerprint, its version); with the fingerprint
    /// the person compared, this desk becomes that server's client. Anywhere else: refused.
    fn connect_server(&self, address: &str, fingerprint: Option<&str>) -> Result<LanServer> {
        let _ = (address, fingerprint);
        Err(Error::invalid(
            "address",
            "只有桌面程序可以连接局域网服务器。",
        ))
    }
    /// 本机作为服务器 (the desktop app): serves this desk's data on `port` of every
    /// address of this computer, and the window works on it as a client does (`entry`).
    /// Anywhere else: refused.
    fn serve_here(&self, port: u16) -> Result<LanServer> {
        let _ = port;
        Err(Error::invalid(
            "port",
            "只有桌面程序可以让本机作为服务器；服务器上请用 disclosure serve 或系统服务。",
        ))
    }
}
