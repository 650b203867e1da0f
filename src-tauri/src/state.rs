//! The app's state: the one open store, or why it could not be opened.
//!
//! A store that fails to open (a newer database, an unwritable folder) must not crash the
//! app: the window opens and shows the reason (`startup_status`), and every other command
//! answers with the same error.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use disclosure_core::backup::{self, BackupInfo};
use disclosure_core::bundle;
use disclosure_core::lock::{self, DirLock};
use disclosure_core::session::{Need, Session};
use disclosure_core::staff::Staff;
use disclosure_core::store::Db;
use disclosure_core::window::Failure;
pub use disclosure_core::window::StartupStatus;
use disclosure_core::{data, store, Error, Result, Store};

pub struct Desk {
    /// The writer and the read connections (see [`Db`]).
    db: Db,
    startup: Mutex<StartupStatus>,
    /// The session of the person signed in at this window, if any.
    session: Mutex<Option<Session>>,
    /// The data directory's lock, held while the app runs (the CLI's writing commands
    /// refuse meanwhile).
    _lock: Option<DirLock>,
}

/// How long the app waits for a CLI command that holds the data directory.
const LOCK_WAIT: Duration = Duration::from_secs(10);

impl Desk {
    /// Locks the data directory, opens the store and runs the start-up check (the tables
    /// that do not grow with the records, and the newest audit entries). The rest of the
    /// file is checked, and the day's first backup made, by [`after_start`].
    pub fn open(dir: PathBuf) -> Desk {
        let data_dir = dir.display().to_string();
        let held = match lock::acquire_waiting(&dir, LOCK_WAIT) {
            Ok(l) => l,
            Err(e) => return Desk::failed(data_dir, &e),
        };
        let opened = Store::open(&dir).and_then(|s| data::startup_check(&s).map(|()| s));
        match opened {
            Ok(mut store) => {
                log::info!("opened store in {data_dir}");
                // An export the last session could not finish recording.
                if let Err(e) = bundle::recover(&mut store) {
                    log::error!("recording interrupted exports: {e}");
                }
                Desk {
                    session: Mutex::new(None),
                    db: data::serve(store),
                    startup: Mutex::new(StartupStatus {
                        ok: true,
                        data_dir,
                        error: None,
                        restore: None,
                    }),
                    _lock: Some(held),
                }
            }
            Err(e) => {
                let mut desk = Desk::failed(data_dir, &e);
                if matches!(e.code(), "damaged" | "storage") {
                    desk.startup_mut().restore = restore_offer(&dir);
                }
                desk._lock = Some(held);
                desk
            }
        }
    }

    pub fn failed(data_dir: String, e: &Error) -> Desk {
        log::error!("store did not open in {data_dir}: {e:?}");
        Desk {
            session: Mutex::new(None),
            db: data::closed(Path::new(&data_dir)),
            startup: Mutex::new(StartupStatus {
                ok: false,
                data_dir,
                error: Some(Failure::from(e)),
                restore: None,
            }),
            _lock: None,
        }
    }

    /// The check after start-up found the file damaged: the store is closed (a command
    /// running now finishes first), everyone is signed out, and the window is to show the
    /// damaged-data screen with the latest good backup.
    fn damaged_after_start(&self, e: &Error) {
        log::error!("the check after start-up found damage: {e:?}");
        drop(self.db.close());
        self.set_session(None);
        let mut status = self.startup.lock().unwrap_or_else(|p| p.into_inner());
        status.ok = false;
        status.error = Some(Failure::from(e));
        status.restore = restore_offer(Path::new(&status.data_dir));
    }

    fn startup_mut(&mut self) -> &mut StartupStatus {
        self.startup.get_mut().unwrap_or_else(|p| p.into_inner())
    }

    pub fn startup(&self) -> StartupStatus {
        self.startup
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Restores the backup offered on the start-up screen: the damaged files are moved
    /// aside, the backup put in place and the store opened.
    pub fn restore_at_startup(&self, report: disclosure_core::job::Report<'_>) -> Result<()> {
        let mut status = self.startup.lock().unwrap_or_else(|p| p.into_inner());
        let offered = status
            .restore
            .clone()
            .ok_or_else(|| Error::NotFound("没有可用于恢复的备份。".into()))?;
        let dir = PathBuf::from(&status.data_dir);
        let store =
            backup::restore_damaged_with(&dir, Path::new(&offered.path), "启动检查", report)?;
        data::startup_check(&store)?;
        self.db.put(store);
        status.ok = true;
        status.error = None;
        status.restore = None;
        Ok(())
    }

    /// Replaces the open store's data with `backup` (the current data is backed up
    /// first); everyone is signed out, since the people may differ.
    pub fn restore(
        &self,
        backup: &Path,
        me: &Staff,
        report: disclosure_core::job::Report<'_>,
    ) -> Result<()> {
        // Who may restore and the backup are checked before anything is replaced; when
        // either is refused, the store is reopened as it was.
        self.db
            .replace(|store| backup::restore_as_with(store, backup, me, report))?;
        self.set_session(None);
        Ok(())
    }

    fn session(&self) -> std::sync::MutexGuard<'_, Option<Session>> {
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_session(&self, session: Option<Session>) {
        *self.session() = session;
    }

    /// The signed-in person, re-read (without counting as activity), and whether the
    /// session is locked; `None` when nobody is signed in.
    pub fn signed_in(&self) -> Result<Option<(Staff, bool)>> {
        let Some((id, locked)) = self
            .session()
            .as_ref()
            .map(|s| (s.staff_id(), s.is_locked()))
        else {
            return Ok(None);
        };
        self.with(|store| Ok(Some((disclosure_core::staff::get(store, id)?, locked))))
    }

    /// Runs `f` as the signed-in person (see [`Session::authorize`]: active account, not
    /// locked, own password chosen), whose record is re-read first so a change of roles or
    /// a deactivation takes effect at once.
    pub fn as_user<T>(&self, f: impl FnOnce(&mut Store, &Staff) -> Result<T>) -> Result<T> {
        self.as_user_with(Need::SignedIn, f)
    }

    /// As [`Desk::as_user`] for a decision, export, restore or staff change: the password
    /// must have been entered in the last few minutes (`step_up_required` otherwise).
    pub fn as_user_confirmed<T>(
        &self,
        f: impl FnOnce(&mut Store, &Staff) -> Result<T>,
    ) -> Result<T> {
        self.as_user_with(Need::Password, f)
    }

    pub fn as_user_with<T>(
        &self,
        need: Need,
        f: impl FnOnce(&mut Store, &Staff) -> Result<T>,
    ) -> Result<T> {
        self.with(|store| {
            let me = {
                let mut guard = self.session();
                let session = guard
                    .as_mut()
                    .ok_or_else(|| Error::Unauthenticated("请先登录。".into()))?;
                session.authorize(store, need)?
            };
            f(store, &me)
        })
    }

    /// Runs `f` on the session (unlocking, confirming the password, locking).
    pub fn with_session<T>(
        &self,
        f: impl FnOnce(&mut Store, &mut Session) -> Result<T>,
    ) -> Result<T> {
        self.with(|store| {
            let mut guard = self.session();
            let session = guard
                .as_mut()
                .ok_or_else(|| Error::Unauthenticated("请先登录。".into()))?;
            f(store, session)
        })
    }

    /// The data directory, when the store is open.
    pub fn data_dir(&self) -> Option<PathBuf> {
        Some(PathBuf::from(self.startup().data_dir)).filter(|p| !p.as_os_str().is_empty())
    }

    /// Runs `f` on the writer, one caller at a time.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.db.write(f)
    }

    /// Runs `f` as the signed-in person on a read connection: one consistent snapshot,
    /// never waiting for a writer (an export, a save) and never holding one up. For
    /// commands that only read.
    pub fn as_reader<T>(&self, f: impl FnOnce(&Store, &Staff) -> Result<T>) -> Result<T> {
        self.db.read(|store| {
            let me = {
                let mut guard = self.session();
                let session = guard
                    .as_mut()
                    .ok_or_else(|| Error::Unauthenticated("请先登录。".into()))?;
                session.authorize(store, Need::SignedIn)?
            };
            f(store, &me)
        })
    }

    /// Runs `f` on a read connection, signed in or not (what the start and sign-in
    /// screens read).
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        self.db.read(f)
    }

    /// The writer and the read connections, for work that reads at length and then
    /// writes briefly (an export).
    pub fn db(&self) -> &Db {
        &self.db
    }
}

/// The newest backup that passes its check, offered on the damaged-data screen.
fn restore_offer(dir: &Path) -> Option<BackupInfo> {
    backup::latest_good(&backup::root_of(dir)).unwrap_or_else(|e| {
        log::error!("no backup to offer: {e}");
        None
    })
}

/// The window's event when the check after start-up found the data damaged.
pub const DAMAGED_EVENT: &str = "desk-damaged";

/// How long after start-up the rest of the file is checked and the day's backup made, so
/// the first screens load without them: 20 seconds (the e2e build's tests shorten it).
fn after_start_delay() -> Duration {
    crate::test_hooks::check_delay().unwrap_or(Duration::from_secs(20))
}

/// In the background, shortly after start-up: `PRAGMA quick_check` of the whole file (on
/// its own read-only connection, seconds for years of records), then the day's first
/// backup. Damage found closes the store and tells the window ([`DAMAGED_EVENT`]), which
/// shows the screen that offers the latest good backup; a failed backup is logged (the
/// 备份与恢复 page shows the last backup's date).
pub fn after_start<R: tauri::Runtime>(app: tauri::AppHandle<R>) {
    use tauri::{Emitter, Manager};
    let Some(dir) = app.state::<Desk>().data_dir() else {
        return;
    };
    if !app.state::<Desk>().startup().ok {
        return;
    }
    std::thread::spawn(move || {
        std::thread::sleep(after_start_delay());
        if let Err(e) = store::deferred_check(&dir) {
            app.state::<Desk>().damaged_after_start(&e);
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

/// 临时文件夹: copies of attachments opened for viewing and PDFs opened for printing go to
/// one private folder per run (0700, a random name, in the user's runtime or cache
/// folder, never a fixed path under /tmp), made without following links and deleted when
/// the app exits.
#[derive(Default)]
pub struct Scratch(Mutex<Option<tempfile::TempDir>>);

impl Scratch {
    /// A fresh sub-folder of the run's private folder for one file (so its original name
    /// can be kept without clashes).
    pub fn folder(&self) -> Result<PathBuf> {
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            let base = dirs::runtime_dir()
                .or_else(dirs::cache_dir)
                .unwrap_or_else(std::env::temp_dir)
                .join("disclosure-desk");
            disclosure_core::paths::private_dir(&base)
                .map_err(|e| Error::io("准备临时文件夹", e))?;
            let dir = tempfile::Builder::new()
                .prefix("run-")
                .tempdir_in(&base)
                .map_err(|e| Error::io("准备临时文件夹", e))?;
            *guard = Some(dir);
        }
        let run = guard
            .as_ref()
            .map(|d| d.path().to_path_buf())
            .unwrap_or_default();
        let one = tempfile::Builder::new()
            .prefix("f-")
            .tempdir_in(&run)
            .map_err(|e| Error::io("准备临时文件夹", e))?;
        Ok(one.keep())
    }

    /// Deletes the run's folder (at exit).
    pub fn clear(&self) {
        if let Some(dir) = self.0.lock().unwrap_or_else(|p| p.into_inner()).take() {
            if let Err(e) = dir.close() {
                log::warn!("temporary folder not removed: {e}");
            }
        }
    }
}
