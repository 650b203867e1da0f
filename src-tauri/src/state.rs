//! The app's state: the one open store, or why it could not be opened.
//!
//! A store that fails to open (a newer database, an unwritable folder) must not crash the
//! app: the window opens and shows the reason (`startup_status`), and every other command
//! answers with the same error.

use std::path::PathBuf;
use std::sync::Mutex;

use disclosure_core::staff::Staff;
use disclosure_core::{Error, Result, Store};
use serde::Serialize;

pub struct Desk {
    store: Mutex<Option<Store>>,
    startup: StartupStatus,
    /// The person signed in at this window, if any.
    user: Mutex<Option<Staff>>,
}

/// What the window shows before anything else.
#[derive(Debug, Clone, Serialize)]
pub struct StartupStatus {
    pub ok: bool,
    pub data_dir: String,
    /// `{code, message}` of the failure when `ok` is false.
    pub error: Option<serde_json::Value>,
}

impl Desk {
    pub fn open(dir: PathBuf) -> Desk {
        let data_dir = dir.display().to_string();
        match Store::open(&dir) {
            Ok(store) => {
                log::info!("opened store in {data_dir}");
                Desk {
                    user: Mutex::new(None),
                    store: Mutex::new(Some(store)),
                    startup: StartupStatus {
                        ok: true,
                        data_dir,
                        error: None,
                    },
                }
            }
            Err(e) => Desk::failed(data_dir, &e),
        }
    }

    pub fn failed(data_dir: String, e: &Error) -> Desk {
        log::error!("store did not open in {data_dir}: {e:?}");
        Desk {
            user: Mutex::new(None),
            store: Mutex::new(None),
            startup: StartupStatus {
                ok: false,
                data_dir,
                error: serde_json::to_value(e).ok(),
            },
        }
    }

    pub fn startup(&self) -> StartupStatus {
        self.startup.clone()
    }

    pub fn user(&self) -> Option<Staff> {
        self.user.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn set_user(&self, user: Option<Staff>) {
        *self.user.lock().unwrap_or_else(|p| p.into_inner()) = user;
    }

    /// Runs `f` as the signed-in person, whose record is re-read first so a change of
    /// roles or a deactivation takes effect at once.
    pub fn as_user<T>(&self, f: impl FnOnce(&mut Store, &Staff) -> Result<T>) -> Result<T> {
        let signed_in = self
            .user()
            .ok_or_else(|| Error::Unauthenticated("请先登录。".into()))?;
        self.with(|store| {
            let me = disclosure_core::staff::get(store, signed_in.id)?;
            if !me.active {
                return Err(Error::Unauthenticated(
                    "该账户已停用，请联系管理员。".into(),
                ));
            }
            f(store, &me)
        })
    }

    /// Runs `f` on the open store, one caller at a time.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        // A panic in an earlier command must not lock everyone out: SQLite's own
        // transactions keep the data consistent, so the poisoned guard is safe to reuse.
        let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_mut() {
            Some(store) => f(store),
            None => Err(Error::DataDir(
                "数据未能打开，请按启动页面的提示处理后重新启动本程序。".into(),
            )),
        }
    }
}
