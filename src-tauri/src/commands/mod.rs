//! The window's commands: the one command table of `disclosure-api` ([`table`]) expanded
//! into Tauri commands, and the window as a [`Shell`] (native dialogs, the system's
//! programs, window events). From the table's one declaration per command come the Tauri
//! handler, the names `build.rs` turns into permissions (and `capabilities/default.json`),
//! and the UI's typed client `ui/src/ipc/commands.ts` (a test fails when it is stale).
//! Every command runs on the blocking pool, never on the main thread, so the window stays
//! responsive however long a command takes.

pub mod dialog;
pub mod table;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use disclosure_api::page::bundle::ExportCancel;
use disclosure_api::page::jobs::JobCancel;
use disclosure_api::{Desk, Filter, Gate, Scratch, Shell};
use disclosure_core::window::LanStatus;
use disclosure_core::Error;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_opener::OpenerExt;

pub use disclosure_api::{camel, Command};

use crate::state::WindowSession;

/// What a command's function gets: the app (its state, its dialogs and events).
pub struct Ctx<R: Runtime> {
    pub app: AppHandle<R>,
}

impl<R: Runtime> Shell for Ctx<R> {
    fn desk(&self) -> Gate<'_> {
        Gate::new(
            self.app.state::<Arc<Desk>>().inner(),
            &self.app.state::<WindowSession>().inner().0,
        )
    }

    fn pick_file(&self, title: &str, filter: Filter<'_>) -> Option<PathBuf> {
        dialog::pick_path(&self.app, title, filter)
    }

    fn pick_files(&self, title: &str) -> Vec<PathBuf> {
        dialog::pick_paths(&self.app, title)
    }

    fn pick_folder(&self, title: &str) -> Option<PathBuf> {
        dialog::pick_folder(&self.app, title)
    }

    fn save_path(&self, title: &str, suggested: &str, filter: Filter<'_>) -> Option<PathBuf> {
        dialog::save_path(&self.app, title, suggested, filter)
    }

    /// In the system's program for it; a PDF only when the desktop has a PDF program.
    fn open(
        &self,
        path: &Path,
        refused: (&'static str, &'static str),
    ) -> disclosure_core::Result<()> {
        let is_pdf = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
        if is_pdf && !pdf_viewer_installed() {
            return Err(Error::invalid(refused.0, refused.1));
        }
        self.app
            .opener()
            .open_path(path.display().to_string(), None::<&str>)
            .map_err(|e| {
                log::error!("open {}: {e}", path.display());
                Error::invalid(refused.0, refused.1)
            })
    }

    fn emit<P: serde::Serialize + Clone>(&self, event: &str, payload: P) {
        if let Err(e) = self.app.emit(event, payload) {
            log::warn!("event {event}: {e}");
        }
    }

    fn jobs(&self) -> &JobCancel {
        self.app.state::<JobCancel>().inner()
    }

    fn export_cancel(&self) -> &ExportCancel {
        self.app.state::<ExportCancel>().inner()
    }

    fn scratch(&self) -> &Scratch {
        self.app.state::<Scratch>().inner()
    }

    fn sign_out_everyone(&self) {
        self.desk().set_session(None);
    }

    /// The desktop app works alone on its data: no certificate, no one else signed in.
    fn lan_status(&self) -> LanStatus {
        LanStatus {
            mode: "single".into(),
            fingerprint: None,
            ca_download: false,
            sessions: Vec::new(),
        }
    }

    fn end_session(&self, _id: &str) -> bool {
        false
    }

    fn viewing(&self, _id: i64) -> Vec<String> {
        Vec::new()
    }

    fn connect_server(
        &self,
        address: &str,
        fingerprint: Option<&str>,
    ) -> disclosure_core::Result<disclosure_core::window::LanServer> {
        crate::client::connect(&self.app, address, fingerprint)
    }

    fn serve_here(&self, port: u16) -> disclosure_core::Result<disclosure_core::window::LanServer> {
        crate::here::serve(&self.app, port)
    }
}

/// Whether the desktop has a program for PDF files. On Linux `xdg-open` hands a file to
/// whatever is registered and reports success even when nothing is, so `xdg-mime` is asked
/// first (an empty answer: none); where it cannot be asked, or on other systems, the
/// opener's own error says so.
pub(crate) fn pdf_viewer_installed() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    match std::process::Command::new("xdg-mime")
        .args(["query", "default", "application/pdf"])
        .output()
    {
        Ok(out) if out.status.success() => !String::from_utf8_lossy(&out.stdout).trim().is_empty(),
        Ok(_) => false,
        Err(_) => true,
    }
}

/// Runs `f` on the blocking pool (the window's main thread stays free) and waits for it.
pub async fn blocking<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    f: impl FnOnce(&Ctx<R>) -> disclosure_core::Result<T> + Send + 'static,
) -> disclosure_core::Result<T> {
    tauri::async_runtime::spawn_blocking(move || f(&Ctx { app }))
        .await
        .unwrap_or_else(|e| {
            log::error!("a command stopped: {e}");
            Err(disclosure_core::Error::io(
                "执行操作",
                std::io::Error::other(e.to_string()),
            ))
        })
}

/// Expands the command table ([`disclosure_api::command_table!`]): each declaration
/// becomes an async Tauri command that runs it on the blocking pool with the window as its
/// shell, and [`table::handler`] lists them all.
macro_rules! tauri_commands {
    ($( $(#[doc = $doc:literal])* $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $out:ty = $run:expr ; )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            pub async fn $name<R: tauri::Runtime>(
                app: tauri::AppHandle<R>,
                $($arg: $ty),*
            ) -> disclosure_core::Result<$out> {
                $crate::commands::blocking(app, move |cx| {
                    // A function of the page's module or a closure written in the table:
                    // either way typed as the declaration says.
                    let run: fn(
                        &$crate::commands::Ctx<R>,
                        $($ty),*
                    ) -> disclosure_core::Result<$out> = $run;
                    run(cx, $($arg),*)
                })
                .await
            }
        )*

        /// The handler with every command, for the builder.
        pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}

pub(crate) use tauri_commands;
