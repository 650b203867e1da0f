//! The desk: the one open store, or why it could not be opened, and the person a command
//! runs as ([`Gate`]: the window's one session, or the session of a LAN request).
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
use disclosure_core::{data, Error, Result, Store};

pub struct Desk {
    /// The writer and the read connections (see [`Db`]).
    db: Db,
    startup: Mutex<StartupStatus>,
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
    /// damaged-data screen with the latest good backup. The shell signs everyone out.
    pub fn damaged_after_start(&self, e: &Error) {
        log::error!("the check after start-up found damage: {e:?}");
        drop(self.db.close());
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

    /// The data directory, when the store is open.
    pub fn data_dir(&self) -> Option<PathBuf> {
        Some(PathBuf::from(self.startup().data_dir)).filter(|p| !p.as_os_str().is_empty())
    }

    /// Runs `f` on the writer, one caller at a time.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.db.write(f)
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

/// One person's session: the window's, or a LAN client's.
pub type Slot = Mutex<Option<Session>>;

/// The desk as one session sees it: every command runs through one, so who may call what
/// is decided by the method it uses ([`Gate::as_user`], [`Gate::as_reader`], …) and the core
/// function it calls. Dereferences to the [`Desk`] for what needs no person.
pub struct Gate<'a> {
    desk: &'a Desk,
    slot: &'a Slot,
}

impl std::ops::Deref for Gate<'_> {
    type Target = Desk;
    fn deref(&self) -> &Desk {
        self.desk
    }
}

impl<'a> Gate<'a> {
    pub fn new(desk: &'a Desk, slot: &'a Slot) -> Gate<'a> {
        Gate { desk, slot }
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
        self.desk
            .db
            .replace(|store| backup::restore_as_with(store, backup, me, report))?;
        self.set_session(None);
        Ok(())
    }

    fn session(&self) -> std::sync::MutexGuard<'_, Option<Session>> {
        self.slot.lock().unwrap_or_else(|p| p.into_inner())
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

    /// Runs `f` as the signed-in person on a read connection: one consistent snapshot,
    /// never waiting for a writer (an export, a save) and never holding one up. For
    /// commands that only read.
    pub fn as_reader<T>(&self, f: impl FnOnce(&Store, &Staff) -> Result<T>) -> Result<T> {
        self.desk.db.read(|store| {
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
}

/// The newest backup that passes its check, offered on the damaged-data screen.
fn restore_offer(dir: &Path) -> Option<BackupInfo> {
    backup::latest_good(&backup::root_of(dir)).unwrap_or_else(|e| {
        log::error!("no backup to offer: {e}");
        None
    })
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
