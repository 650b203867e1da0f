//! 数据目录 as the app and the command line open it: the store migrated (after a backup
//! of an older file), seeded when new, with the audit keys loaded on every connection;
//! and the check the app runs at every start.
//!
//! This sits above the store so the store depends on nothing of the domain: it opens
//! connections, migrates and runs transactions, and calls back through [`HOOKS`] for the
//! rest.

use std::path::Path;

use crate::error::{Error, Result};
use crate::store::{quick_check, Conn, Db, Hooks, Store, GROWING_TABLES};
use crate::{audit, backup, seed};

/// What the shared database does for the connections it opens.
pub const HOOKS: Hooks = Hooks {
    reopen: Store::open,
    ready_reader: audit::key::refresh,
};

impl Store {
    /// Opens (creating when missing) the store in `dir`, migrates it to the current schema
    /// (backing an older file up first) and seeds a fresh one with the agency, offices and
    /// work plan.
    pub fn open(dir: &Path) -> Result<Store> {
        let mut store =
            Store::open_migrated(dir, |conn, found| backup_before_migration(dir, conn, found))?;
        seed::seed_if_empty(&mut store)?;
        audit::key::load(store.conn())?;
        Ok(store)
    }

    /// The store in `dir` when a database exists there, opened as [`Store::open`] does;
    /// `None` otherwise, and no database is created (`disclosure scan` on files outside any
    /// store).
    pub fn open_existing(dir: &Path) -> Result<Option<Store>> {
        if !dir.join(crate::store::DB_FILE).is_file() {
            return Ok(None);
        }
        Store::open(dir).map(Some)
    }
}

/// The shared database (one writer, a pool of readers) over `store`.
pub fn serve(store: Store) -> Db {
    Db::new(store, HOOKS)
}

/// A shared database for `dir` that did not open (every call answers with the closed
/// error until it is given a store).
pub fn closed(dir: &Path) -> Db {
    Db::closed(dir, HOOKS)
}

/// The check the app runs at every start, before the window opens: the structure of the
/// tables that do not grow with the records (people, roles, settings, categories, the
/// calendar …) and the newest part of the audit chain. Milliseconds at any size.
///
/// The rest of the file is checked by [`crate::store::deferred_check`] once the window is open, and the
/// whole audit chain on demand; every backup's copy gets a full `integrity_check`.
pub fn startup_check(store: &Store) -> Result<()> {
    quick_check(store, GROWING_TABLES)?;
    let audit = audit::verify_recent(store, audit::STARTUP_ENTRIES)?;
    if !audit.ok {
        return Err(Error::Damaged(format!("审计日志被改动：{}", audit.message)));
    }
    Ok(())
}

/// An existing database about to be migrated is backed up first; when that fails the
/// migration does not run and the data is left as it was.
fn backup_before_migration(dir: &Path, conn: &Conn, found: i64) -> Result<()> {
    let root = backup::root_for(dir, &backup::settings(conn));
    log::info!("backing up before migrating from schema {found}");
    backup::create(dir, &root, backup::Reason::PreMigration).map_err(|e| {
        Error::DataDir(format!(
            "升级数据结构前的备份未能完成：{e}。数据未做任何改动；请检查备份位置“{}”后重新启动。",
            root.display()
        ))
    })?;
    Ok(())
}
