//! 客户端 mode: this desk works on a LAN server. The connection (the server's address and
//! the certificate fingerprint the person compared) is kept in `lan-client.json` in the
//! desk's data directory; while it is there the window loads the app's own UI from a proxy
//! on this computer (`disclosure_server::client::proxy`) and works on the server exactly
//! as a browser does, with the certificate pinned and the session's token held in Rust.
//! 断开连接 removes the file and starts the app anew on its own data.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use disclosure_api::Desk;
use disclosure_core::{paths, Error, Result};
use disclosure_server::client::{self, proxy};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime};

const FILE: &str = "lan-client.json";

/// The server this desk works on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Connection {
    /// `https://host:port`.
    pub server: String,
    /// The certificate's SHA-256 fingerprint the person confirmed, `AB:CD:…`.
    pub fingerprint: String,
}

/// The connection kept in `dir`, if this desk is a client. A damaged file is ignored (the
/// app starts on its own data; 设置 → 局域网 connects again).
pub fn load(dir: &Path) -> Option<Connection> {
    read_kept(dir, FILE)
}

pub fn save(dir: &Path, connection: &Connection) -> Result<()> {
    write_kept(dir, FILE, connection, "保存服务器连接")
}

/// A small JSON file the app keeps in the data directory (`lan-client.json`,
/// `lan-server.json`); missing or damaged: `None` (damage is logged, the app works alone).
pub(crate) fn read_kept<T: serde::de::DeserializeOwned>(dir: &Path, file: &str) -> Option<T> {
    let text = std::fs::read_to_string(dir.join(file)).ok()?;
    serde_json::from_str(&text)
        .map_err(|e| log::error!("{file} unreadable, working alone on the desk's data: {e}"))
        .ok()
}

/// Writes such a file whole or not at all.
pub(crate) fn write_kept<T: Serialize>(
    dir: &Path,
    file: &str,
    value: &T,
    what: &str,
) -> Result<()> {
    let json =
        serde_json::to_vec_pretty(value).map_err(|e| Error::io(what, std::io::Error::other(e)))?;
    paths::write_atomic(&dir.join(file), &json, what)
}

/// 断开连接 (and 停止服务器, the same button on the server's own desk): the app works
/// alone on its data from its next start.
pub fn forget(dir: &Path) -> Result<()> {
    for file in [FILE, crate::here::FILE] {
        match std::fs::remove_file(dir.join(file)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io("断开服务器连接", e)),
        }
    }
    Ok(())
}

/// The proxy's origin once it runs: the window may load it, and downloads come from it.
#[derive(Default, Clone)]
pub struct ProxyOrigin(pub Arc<Mutex<Option<String>>>);

impl ProxyOrigin {
    pub fn get(&self) -> Option<String> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Whether `url` is a page of the proxy (`http://127.0.0.1:port/…`).
    pub fn serves(&self, url: &tauri::Url) -> bool {
        self.get()
            .is_some_and(|o| url.origin().ascii_serialization() == o)
    }
}

/// Starts the proxy for `connection` (`here`: the address others use, when the server is
/// this computer's own); the URL the window enters by.
pub fn start<R: Runtime>(
    app: &AppHandle<R>,
    dir: &Path,
    connection: &Connection,
    here: Option<String>,
) -> Result<String> {
    let server = client::server_url(&connection.server)?;
    let resolver = app.asset_resolver();
    let assets: proxy::Assets = Arc::new(move |path: &str| {
        resolver
            .get(path.to_string())
            .map(|a| (a.bytes, a.mime_type))
    });
    let handle = app.clone();
    let data = dir.to_path_buf();
    let on_forget = Arc::new(move || {
        if let Err(e) = forget(&data) {
            log::error!("disconnecting: {e}");
            return;
        }
        log::info!("disconnected from the LAN server; restarting on the desk's own data");
        handle.restart();
    });
    let settings = proxy::Settings {
        server,
        fingerprint: connection.fingerprint.clone(),
        assets,
        on_forget,
        here,
    };
    let running = tauri::async_runtime::block_on(proxy::start(settings))?;
    *app.state::<ProxyOrigin>()
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = Some(running.origin());
    Ok(running.entry())
}

/// 连接局域网服务器 from the window: a look at the server, or (with the fingerprint the
/// person compared) the connection made, kept and entered.
pub fn connect<R: Runtime>(
    app: &AppHandle<R>,
    address: &str,
    fingerprint: Option<&str>,
) -> Result<disclosure_core::window::LanServer> {
    let url = client::server_url(address)?;
    let mut seen = tauri::async_runtime::block_on(client::probe(&url, None))?;
    let Some(confirmed) = fingerprint else {
        return Ok(seen);
    };
    if client::pin::normalize(confirmed).as_deref() != Some(seen.fingerprint.as_str()) {
        return Err(Error::invalid(
            "fingerprint",
            "服务器现在的证书指纹与您核对的不一致，没有连接：请重新查看服务器，与信息中心再核对一次。",
        ));
    }
    let mine = env!("CARGO_PKG_VERSION");
    if seen.version != mine {
        return Err(Error::invalid(
            "version",
            format!(
                "服务器的版本是 {}，本机是 {mine}：请先把本机的政务公开工作台更新到与服务器相同的版本。",
                seen.version
            ),
        ));
    }
    let dir: PathBuf = app
        .state::<Arc<Desk>>()
        .data_dir()
        .ok_or_else(|| Error::invalid("address", "本机的数据目录不可用，无法保存服务器连接。"))?;
    let connection = Connection {
        server: seen.address.clone(),
        fingerprint: seen.fingerprint.clone(),
    };
    save(&dir, &connection)?;
    seen.entry = Some(start(app, &dir, &connection, None)?);
    seen.connected = true;
    Ok(seen)
}

/// Where a download from the server goes: the person's 下载 folder, under the file's own
/// name (`name (2).pdf` when taken).
pub fn download_path(url: &tauri::Url) -> PathBuf {
    let folder = crate::test_hooks::save_dir()
        .or_else(dirs::download_dir)
        .or_else(dirs::home_dir)
        .unwrap_or_else(std::env::temp_dir);
    if let Err(e) = std::fs::create_dir_all(&folder) {
        log::warn!("download folder {}: {e}", folder.display());
    }
    let raw = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or("下载的文件");
    let name = disclosure_server::routes::files::percent_decode(raw);
    let name = if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        "下载的文件".to_string()
    } else {
        name
    };
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s.to_string(), format!(".{e}")),
        None => (name.clone(), String::new()),
    };
    let mut path = folder.join(&name);
    let mut n = 2;
    while path.exists() {
        path = folder.join(format!("{stem} ({n}){ext}"));
        n += 1;
    }
    path
}

/// After a download: a PDF opens in the system's reader (when there is one), to read or
/// print, as the desktop app's own PDFs do.
pub fn downloaded<R: Runtime>(webview: &tauri::Webview<R>, path: &Path) {
    use tauri_plugin_opener::OpenerExt;
    log::info!("downloaded {}", path.display());
    let is_pdf = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if is_pdf && crate::test_hooks::save_dir().is_none() && crate::commands::pdf_viewer_installed()
    {
        if let Err(e) = webview
            .app_handle()
            .opener()
            .open_path(path.display().to_string(), None::<&str>)
        {
            log::warn!("open {}: {e}", path.display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connection_is_kept_and_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), None);
        let c = Connection {
            server: "https://192.168.1.10:8443".into(),
            fingerprint: "AB:CD".into(),
        };
        save(dir.path(), &c).unwrap();
        assert_eq!(load(dir.path()), Some(c));
        forget(dir.path()).unwrap();
        assert_eq!(load(dir.path()), None);
        forget(dir.path()).unwrap();
        std::fs::write(dir.path().join(FILE), "{not json").unwrap();
        assert_eq!(load(dir.path()), None);
    }

    #[test]
    fn downloads_keep_their_names() {
        let url = |s: &str| tauri::Url::parse(s).unwrap();
        let p = download_path(&url(
            "http://127.0.0.1:5/api/download/abc/%E5%AE%A1%E6%89%B9%E8%A1%A8.pdf?attachment=1",
        ));
        assert!(p.ends_with("审批表.pdf") || p.to_string_lossy().contains("审批表 ("));
        let p = download_path(&url("http://127.0.0.1:5/api/download/abc/..%2F..%2Fetc"));
        assert!(
            p.to_string_lossy().contains("下载的文件"),
            "{}",
            p.display()
        );
    }
}
