//! The window's state beside the [`Desk`]: the session of the person signed in at this
//! window, and the check after start-up.

use std::sync::Arc;
use std::time::Duration;

use disclosure_api::{Desk, Slot};
use disclosure_core::{backup, store};

/// The session of the person signed in at this window, if any.
#[derive(Default)]
pub struct WindowSession(pub Slot);

/// The window's event when the check after start-up found the data damaged.
pub const DAMAGED_EVENT: &str = "desk-damaged";

/// How long after start-up the rest of the file is checked and the day's backup made, so
/// the first screens load without them: 20 seconds (the e2e build's tests shorten it).
fn after_start_delay() -> Duration {
    crate::test_hooks::check_delay().unwrap_or(Duration::from_secs(20))
}

/// In the background, shortly after start-up: `PRAGMA quick_check` of the whole file (on
/// its own read-only connection, seconds for years of records), then the day's first
/// backup. Damage found closes the store, signs the person out and tells the window
/// ([`DAMAGED_EVENT`]), which shows the screen that offers the latest good backup; a
/// failed backup is logged (the 备份与恢复 page shows the last backup's date).
pub fn after_start<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    use tauri::{Emitter, Manager};
    let Some(dir) = app.state::<Arc<Desk>>().data_dir() else {
        return;
    };
    if !app.state::<Arc<Desk>>().startup().ok {
        return;
    }
    std::thread::spawn(move || {
        std::thread::sleep(after_start_delay());
        if let Err(e) = store::deferred_check(&dir) {
            app.state::<Arc<Desk>>().damaged_after_start(&e);
            *app.state::<WindowSession>()
                .0
                .lock()
                .unwrap_or_else(|p| p.into_inner()) = None;
            if let Err(e) = app.emit(DAMAGED_EVENT, ()) {
                log::error!("the window was not told of the damage: {e}");
            }
            return;
        }
        match backup::daily_if_due(&dir) {
            Ok(Some(b)) => log::info!("daily backup written to {}", b.path),
            Ok(None) => {}
            Err(e) => log::error!("daily backup failed: {e}"),
        }
    });
}
