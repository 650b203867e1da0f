//! What the server holds while it runs: the desk (the one open store), the people signed
//! in, the events pushed to their pages, and the files waiting to be downloaded.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use disclosure_api::page::bundle::ExportCancel;
use disclosure_api::page::jobs::JobCancel;
use disclosure_api::{Desk, Scratch};
use serde::Serialize;
use tokio::sync::broadcast;

use crate::sessions::{Sessions, Throttle};

/// An event for the pages: to one client (a job's progress) or to everyone signed in
/// (`desk-changed`: something was saved, the lists may have changed).
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    #[serde(skip)]
    pub to: Option<String>,
    pub name: String,
    pub payload: serde_json::Value,
}

/// The event every page hears after a change by anyone (its payload names the command).
pub const CHANGED: &str = "desk-changed";

/// A file a command saved, for its client to download.
pub struct Download {
    pub path: PathBuf,
    pub client: String,
    pub made: Instant,
}

/// How long a file waits to be downloaded.
pub const DOWNLOAD_KEEP: Duration = Duration::from_secs(30 * 60);

pub struct State {
    pub desk: Arc<Desk>,
    pub sessions: Sessions,
    pub throttle: Throttle,
    pub scratch: Scratch,
    pub events: broadcast::Sender<Event>,
    pub downloads: Mutex<HashMap<String, Download>>,
    /// The private folder for uploads and files to download (removed at exit).
    pub files: tempfile::TempDir,
    /// For requests without a session (their jobs cannot be cancelled).
    pub idle_jobs: JobCancel,
    pub idle_export: ExportCancel,
    pub fingerprint: String,
    pub ca_pem: Option<String>,
    /// The UI's files (`index.html`, `assets/`), when installed.
    pub ui_dir: Option<PathBuf>,
    /// Where bundles are also kept on the server (`disclosure serve --export-dir`).
    pub export_dir: Option<PathBuf>,
}

impl State {
    /// Offers `path` to `client`; the download's token.
    pub fn offer(&self, path: PathBuf, client: &str) -> String {
        let token = uuid::Uuid::new_v4().simple().to_string();
        let mut map = self.downloads.lock().unwrap_or_else(|p| p.into_inner());
        map.retain(|_, d| d.made.elapsed() < DOWNLOAD_KEEP);
        map.insert(
            token.clone(),
            Download {
                path,
                client: client.to_string(),
                made: Instant::now(),
            },
        );
        token
    }

    /// The file of `token`, if it is `client`'s and still waiting.
    pub fn download(&self, token: &str, client: &str) -> Option<PathBuf> {
        let map = self.downloads.lock().unwrap_or_else(|p| p.into_inner());
        let d = map.get(token)?;
        (d.client == client && d.made.elapsed() < DOWNLOAD_KEEP).then(|| d.path.clone())
    }
}
