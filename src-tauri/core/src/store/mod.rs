//! The store: one SQLite file (plus, later, the attachment folder) inside the data directory.
//!
//! `Store::open` is the only place a connection is opened, so every connection gets the
//! same pragmas. SQL lives in this module tree and in the domain modules' `sql` helpers
//! only; the shell and the UI never see it.

mod migrate;
mod shared;

pub use migrate::{apply_up_to, latest_version, schema_version};
pub use shared::Db;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Error, Result};

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "disclosure.db";

pub struct Store {
    conn: Connection,
    dir: PathBuf,
}

impl Store {
    /// Opens (creating when missing) the store in `dir`, migrates it to the current schema
    /// and seeds a fresh one with the agency, offices and work plan.
    pub fn open(dir: &Path) -> Result<Store> {
        let mut conn = open_connection(dir)?;
        let found = schema_version(&conn)?;
        if found > 0 && found < latest_version() {
            backup_before_migration(dir, &conn, found)?;
        }
        migrate::migrate(&mut conn)?;
        crate::seed::seed_if_empty(&mut conn)?;
        crate::audit::key::load(&conn)?;
        Ok(Store {
            conn,
            dir: dir.to_path_buf(),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.dir
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.join(DB_FILE)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// The tables that grow with every item and every action (at 100,000 items they are
/// nearly all of a 2 GB file, and checking them takes seconds; the full-text index's check
/// alone takes two): the start-up check leaves them to [`deferred_check`], which runs once
/// the window is open. A table missing from this list is checked at start-up, which is
/// slower but never less safe.
pub const GROWING_TABLES: &[&str] = &[
    "audit_log",
    "item",
    "item_version",
    "item_search",
    "item_search_data",
    "item_search_idx",
    "item_search_docsize",
    "review_round",
    "review_decision",
    "scan_finding",
    "rereview",
    "publication",
    "revocation",
    "bundle",
    "bundle_item",
    "attachment",
    "blob",
    "index_number",
];

/// `PRAGMA quick_check`: a damaged database file is refused with a Chinese message, which
/// the window answers by offering the latest good backup. `skip` names tables left out
/// (each other table is checked with its indexes); an empty `skip` checks the whole file,
/// free pages included.
pub fn quick_check(store: &Store, skip: &[&str]) -> Result<()> {
    quick_check_conn(store.conn(), skip)
}

fn quick_check_conn(conn: &Connection, skip: &[&str]) -> Result<()> {
    let mut found: Vec<String> = Vec::new();
    let mut run = |sql: &str| -> Result<()> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for r in rows {
            let r = r?;
            if r != "ok" {
                found.push(r);
            }
        }
        Ok(())
    };
    let damaged = |e: Error| match e {
        Error::Storage(_) => Error::Damaged("数据库文件已损坏（无法读取）。".into()),
        other => other,
    };
    if skip.is_empty() {
        run("PRAGMA quick_check").map_err(damaged)?;
    } else {
        let tables: Vec<String> = {
            let mut stmt = conn
                .prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")
                .map_err(|e| damaged(e.into()))?;
            let rows = stmt
                .query_map([], |r| r.get(0))
                .map_err(|e| damaged(e.into()))?;
            rows.collect::<rusqlite::Result<_>>()
                .map_err(|e| damaged(e.into()))?
        };
        for t in tables.iter().filter(|t| !skip.contains(&t.as_str())) {
            let quoted = t.replace('"', "\"\"");
            run(&format!("PRAGMA quick_check(\"{quoted}\")")).map_err(damaged)?;
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    log::error!("quick_check: {found:?}");
    Err(Error::Damaged(
        "数据库文件已损坏（完整性检查未通过）。".into(),
    ))
}

/// The check the app runs at every start, before the window opens: the structure of the
/// tables that do not grow with the records (people, roles, settings, categories, the
/// calendar …) and the newest part of the audit chain. Milliseconds at any size.
///
/// The rest of the file is checked by [`deferred_check`] once the window is open, and the
/// whole audit chain on demand; every backup's copy gets a full `integrity_check`.
pub fn startup_check(store: &Store) -> Result<()> {
    quick_check(store, GROWING_TABLES)?;
    let audit = crate::audit::verify_recent(store, crate::audit::STARTUP_ENTRIES)?;
    if !audit.ok {
        return Err(Error::Damaged(format!("审计日志被改动：{}", audit.message)));
    }
    Ok(())
}

/// `PRAGMA quick_check` of the whole database in `dir`, from a read-only connection of its
/// own, so the app goes on working meanwhile (seconds at 100,000 items). The app runs it
/// shortly after start-up; a failure brings up the damaged-data screen.
pub fn deferred_check(dir: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(
        dir.join(DB_FILE),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    quick_check_conn(&conn, &[])
}

/// An existing database about to be migrated is backed up first; when that fails the
/// migration does not run and the data is left as it was.
fn backup_before_migration(dir: &Path, conn: &Connection, found: i64) -> Result<()> {
    let root = crate::backup::root_for(dir, &crate::backup::settings(conn));
    log::info!("backing up before migrating from schema {found}");
    crate::backup::create(dir, &root, crate::backup::Reason::PreMigration).map_err(|e| {
        Error::DataDir(format!(
            "升级数据结构前的备份未能完成：{e}。数据未做任何改动；请检查备份位置“{}”后重新启动。",
            root.display()
        ))
    })?;
    Ok(())
}

/// Opens a connection to the database in `dir` with the pragmas every connection needs,
/// without migrating. Refuses a database written by a newer version before touching it.
pub fn open_connection(dir: &Path) -> Result<Connection> {
    let fresh = !dir.join(DB_FILE).exists();
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::DataDir(format!(
            "无法创建数据目录 {}：{}",
            dir.display(),
            crate::error::io_reason(&e)
        ))
    })?;
    check_writable(dir)?;
    if fresh {
        private(dir);
    }
    let conn = Connection::open(dir.join(DB_FILE))?;
    if fresh {
        private(&dir.join(DB_FILE));
    }
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let found = schema_version(&conn)?;
    if found > latest_version() {
        return Err(Error::NewerDatabase {
            found,
            supported: latest_version(),
        });
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        log::warn!("journal_mode is {mode}, not WAL");
    }
    // FULL: every commit is on disk before it returns (WAL's NORMAL may lose the last
    // commits at a power cut). The export journal must be durable before its zip is
    // renamed, every audit entry with its change, and an acknowledged save is a save.
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(conn)
}

/// A new data directory is its owner's only (0700, the database 0600; on Windows the
/// per-user profile's ACL). SQLite creates the WAL and shared-memory files with the
/// database's mode. A failure is logged: the folder may be on a disk without Unix modes.
fn private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if path.is_dir() { 0o700 } else { 0o600 };
        if let Err(e) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)) {
            log::warn!("could not make {} private: {e}", path.display());
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// SQLite would open a database it cannot write read-only and fail later, obscurely:
/// say at once that the folder or the file cannot be written.
fn check_writable(dir: &Path) -> Result<()> {
    use std::io::ErrorKind::{PermissionDenied, ReadOnlyFilesystem};
    let db = dir.join(DB_FILE);
    let probe = tempfile::tempfile_in(dir).and_then(|_| {
        if db.exists() {
            std::fs::OpenOptions::new().write(true).open(&db).map(drop)
        } else {
            Ok(())
        }
    });
    match probe {
        Err(e) if matches!(e.kind(), PermissionDenied | ReadOnlyFilesystem) => {
            log::error!("data directory {} is not writable: {e}", dir.display());
            Err(Error::ReadOnly)
        }
        _ => Ok(()),
    }
}
