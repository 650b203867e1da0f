//! 政务公开工作台 — the LAN server. One machine holds the bureau's data; every other desk
//! works on it from a browser (or the desktop app as a client) over HTTPS. The server is
//! the command table of `disclosure-api` over HTTP ([`api`]), with its own certificate
//! ([`tls`]), sessions per person ([`sessions`]) and the UI's files ([`routes`]). Every
//! rule stays in `disclosure-core`; no WebKit, so it builds for any Linux (and Windows).

pub mod api;
pub mod client;
mod kept;
pub mod routes;
pub mod sessions;
pub mod state;
pub mod tls;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use disclosure_api::Desk;
use disclosure_core::{Error, Result};

pub use state::State;

/// The default port.
pub const DEFAULT_PORT: u16 = 8443;

/// How `disclosure serve` was asked to run.
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    /// Extra names or addresses for the certificate (`--host`).
    pub hosts: Vec<String>,
    /// The UI's built files (`index.html`; `--ui-dir`); `None`: [`ui_dir`] finds them.
    pub ui_dir: Option<PathBuf>,
    /// `--export-dir`: upload bundles are also kept in this folder of the server (for the
    /// website's import, or a publisher who works at the server); `None`: only downloaded.
    pub export_dir: Option<PathBuf>,
}

/// What a started server tells whoever started it.
pub struct Started {
    pub address: SocketAddr,
    pub fingerprint: String,
    pub names: Vec<String>,
    pub ui: Option<PathBuf>,
}

/// Where the UI's files are: `DISCLOSURE_UI_DIR`, the `.deb`'s
/// `/usr/share/disclosure-desk/ui`, `ui/` beside the program, or the source tree's
/// `ui/dist` (a developer's build).
pub fn ui_dir() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(d) = std::env::var_os("DISCLOSURE_UI_DIR") {
        candidates.push(d.into());
    }
    candidates.push("/usr/share/disclosure-desk/ui".into());
    if let Ok(exe) = std::env::current_exe() {
        if let Some(dir) = exe.parent() {
            candidates.push(dir.join("ui"));
            // target/<profile>/disclosure → ui/dist of the source tree.
            candidates.push(dir.join("../../ui/dist"));
            candidates.push(dir.join("../../../ui/dist"));
        }
    }
    candidates
        .into_iter()
        .find(|d| d.join("index.html").is_file())
        .and_then(|d| std::fs::canonicalize(d).ok())
}

/// In the background, as the desktop app does after start-up: 20 seconds after start the
/// whole file is checked (`PRAGMA quick_check` on its own connection); damage closes the
/// store and signs everyone out (every command then answers with the damage, and the
/// administrator restores a backup with the CLI). Then, every hour, the day's backup is
/// made when it is due.
fn upkeep(state: Arc<State>) {
    let Some(dir) = state.desk.data_dir() else {
        return;
    };
    // The server's state goes when it stops; this thread only looks at it while it runs.
    let state = Arc::downgrade(&state);
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(20));
        if state.upgrade().is_none() {
            return;
        }
        if let Err(e) = disclosure_core::store::deferred_check(&dir) {
            if let Some(state) = state.upgrade() {
                state.desk.damaged_after_start(&e);
                state.sessions.end_all();
            }
            return;
        }
        while state.upgrade().is_some() {
            match disclosure_core::backup::daily_if_due(&dir) {
                Ok(Some(b)) => log::info!("daily backup written to {}", b.path),
                Ok(None) => {}
                Err(e) => log::error!("daily backup failed: {e}"),
            }
            std::thread::sleep(Duration::from_secs(3600));
        }
    });
}

/// Opens the data directory (locking it, as the app does), prepares the certificate and
/// serves until `stop` resolves; `started` is called once the port is bound. The server
/// checks its data and makes the day's backup by itself ([`upkeep`]).
pub async fn serve(
    config: Config,
    started: impl FnOnce(&Started) + Send + 'static,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let desk = Arc::new(Desk::open(config.data_dir.clone()));
    serve_desk(desk, config, true, started, stop).await
}

/// Serves `desk`, already open: the desktop app's 本机作为服务器 shares its own desk (the
/// app does the upkeep then, so `upkeep` is false).
pub async fn serve_desk(
    desk: Arc<Desk>,
    config: Config,
    upkeep: bool,
    started: impl FnOnce(&Started) + Send + 'static,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let status = desk.startup();
    if !status.ok {
        let message = status
            .error
            .map(|f| f.message)
            .unwrap_or_else(|| "数据目录无法打开。".into());
        return Err(Error::Conflict(message));
    }
    let names = tls::default_names(config.listen.ip(), &config.hosts);
    let tls = tls::prepare(&config.data_dir, &names)?;
    let files = tempfile::Builder::new()
        .prefix("disclosure-server-")
        .tempdir()
        .map_err(|e| Error::io("准备临时文件夹", e))?;
    let ui = match &config.ui_dir {
        Some(d) => Some(d.clone()).filter(|d| d.join("index.html").is_file()),
        None => ui_dir(),
    };
    let (events, _) = tokio::sync::broadcast::channel(1024);
    let state = Arc::new(State {
        desk,
        sessions: sessions::Sessions::kept_in(config.data_dir.join(kept::FILE)),
        throttle: Default::default(),
        scratch: Default::default(),
        events,
        downloads: Default::default(),
        files,
        idle_jobs: Default::default(),
        idle_export: Default::default(),
        fingerprint: tls.fingerprint.clone(),
        ca_pem: tls.ca_pem.clone(),
        ui_dir: ui.clone(),
        export_dir: config.export_dir.clone(),
    });
    if upkeep {
        self::upkeep(state.clone());
    }
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        stop.await;
        stopper.graceful_shutdown(Some(Duration::from_secs(5)));
    });
    let app = routes::router(state.clone());
    let rustls = axum_server::tls_rustls::RustlsConfig::from_config(tls.config.clone());
    let mut server = axum_server::bind_rustls(config.listen, rustls).handle(handle.clone());
    // A client gets 10 seconds to send its request's head (slow clients are dropped).
    server
        .http_builder()
        .http1()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(Duration::from_secs(10));
    let waiting = handle.clone();
    let names_shown = tls.names.clone();
    let fingerprint = tls.fingerprint.clone();
    tokio::spawn(async move {
        if let Some(address) = waiting.listening().await {
            started(&Started {
                address,
                fingerprint,
                names: names_shown,
                ui,
            });
        }
    });
    server
        .serve(app.into_make_service_with_connect_info::<SocketAddr>())
        .await
        .map_err(|e| Error::io(format!("在 {} 上提供服务", config.listen), e))?;
    state.scratch.clear();
    Ok(())
}
