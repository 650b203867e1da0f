//! 本机作为服务器: the desktop app serves its own data on the LAN, as `disclosure serve`
//! would, while its window keeps working on the same data as a client of that server (so
//! everyone, this desk included, goes through the same sessions, events and rules). The
//! server shares the app's open desk — one store, one lock — and the app does the checks
//! and daily backups it always does. The port is kept in `lan-server.json` in the data
//! directory: the app serves again at its next start; 停止服务器 (断开) removes the file and
//! starts the app anew, alone on its data.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use disclosure_api::Desk;
use disclosure_core::window::LanServer;
use disclosure_core::{Error, Result};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime};

use crate::client::{self, Connection};

pub const FILE: &str = "lan-server.json";

/// What is kept: the port this desk serves on.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Serving {
    pub port: u16,
}

/// The port kept in `dir`, if this desk serves its data. A damaged file is ignored.
pub fn load(dir: &Path) -> Option<Serving> {
    client::read_kept(dir, FILE)
}

fn save(dir: &Path, serving: Serving) -> Result<()> {
    client::write_kept(dir, FILE, &serving, "保存服务器设置")
}

/// Starts serving on `port` and the window's proxy to it; the server as a client sees it
/// (the address others type, the fingerprint they compare, where the window goes).
pub fn start<R: Runtime>(app: &AppHandle<R>, port: u16) -> Result<LanServer> {
    let desk: Arc<Desk> = app.state::<Arc<Desk>>().inner().clone();
    let dir = data_dir(&desk)?;
    let config = disclosure_server::Config {
        listen: SocketAddr::from(([0, 0, 0, 0], port)),
        data_dir: dir.clone(),
        hosts: Vec::new(),
        ui_dir: None,
        export_dir: None,
    };
    let (tx, rx) = std::sync::mpsc::channel::<Result<String>>();
    let failed = tx.clone();
    tauri::async_runtime::spawn(async move {
        let started = move |s: &disclosure_server::Started| {
            log::info!("serving this desk's data on {}", s.address);
            let _ = tx.send(Ok(s.fingerprint.clone()));
        };
        // Serves as long as the app runs (停止服务器 restarts the app).
        let served =
            disclosure_server::serve_desk(desk, config, false, started, std::future::pending())
                .await;
        if let Err(e) = served {
            log::error!("serving on port {port}: {e}");
            let _ = failed.send(Err(e));
        }
    });
    let fingerprint = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(Ok(fp)) => fp,
        // The cause is in the log; the person is told what to do.
        Ok(Err(_)) => {
            return Err(Error::invalid(
                "port",
                format!("端口 {port} 无法使用（已有别的程序在用，或没有使用权限），本机没有作为服务器；请换一个端口，如 8444。"),
            ))
        }
        Err(_) => {
            return Err(Error::invalid(
                "port",
                "服务器一分钟内没有启动，本机没有作为服务器；请查看日志。",
            ))
        }
    };
    let connection = Connection {
        server: format!("https://127.0.0.1:{port}"),
        fingerprint: fingerprint.clone(),
    };
    let host = disclosure_server::tls::lan_address()
        .map(|ip| ip.to_string())
        .or_else(disclosure_server::tls::host_name)
        .unwrap_or_else(|| "localhost".into());
    let address = format!("https://{host}:{port}");
    let entry = client::start(app, &dir, &connection, Some(address.clone()))?;
    Ok(LanServer {
        address,
        fingerprint,
        version: env!("CARGO_PKG_VERSION").into(),
        connected: true,
        entry: Some(entry),
    })
}

/// 本机作为服务器 from the window: served, kept for the next start, and entered.
pub fn serve<R: Runtime>(app: &AppHandle<R>, port: u16) -> Result<LanServer> {
    let dir = data_dir(&app.state::<Arc<Desk>>())?;
    if client::load(&dir).is_some() || load(&dir).is_some() {
        return Err(Error::invalid(
            "port",
            "本机已连接局域网服务器或已在作为服务器，请先断开。",
        ));
    }
    let server = start(app, port)?;
    save(&dir, Serving { port })?;
    Ok(server)
}

fn data_dir(desk: &Desk) -> Result<std::path::PathBuf> {
    desk.data_dir()
        .ok_or_else(|| Error::invalid("port", "本机的数据目录不可用，无法作为服务器。"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_port_is_kept_and_forgotten_with_the_connection() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), None);
        save(dir.path(), Serving { port: 8443 }).unwrap();
        assert_eq!(load(dir.path()), Some(Serving { port: 8443 }));
        // 停止服务器 is the proxy's 断开: both files go.
        client::forget(dir.path()).unwrap();
        assert_eq!(load(dir.path()), None);
        std::fs::write(dir.path().join(FILE), "{\"port\": \"x\"}").unwrap();
        assert_eq!(load(dir.path()), None);
    }
}
