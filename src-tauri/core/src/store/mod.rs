//! The store: one SQLite file (plus, later, the attachment folder) inside the data directory.
//!
//! `Store::open` is the only place a connection is opened, so every connection gets the
//! same pragmas. SQL lives in this module tree and in the domain modules' `sql` helpers
//! only; the shell and the UI never see it.

mod migrate;

pub use migrate::{apply_up_to, latest_version, schema_version};

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
        migrate::migrate(&mut conn)?;
        crate::seed::seed_if_empty(&mut conn)?;
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

/// Opens a connection to the database in `dir` with the pragmas every connection needs,
/// without migrating. Refuses a database written by a newer version before touching it.
pub fn open_connection(dir: &Path) -> Result<Connection> {
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::DataDir(format!(
            "无法创建数据目录 {}：{}",
            dir.display(),
            crate::error::io_reason(&e)
        ))
    })?;
    let conn = Connection::open(dir.join(DB_FILE))?;
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
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(conn)
}

/// Now, as stored in the database: local time with offset, to the second.
pub(crate) fn now() -> String {
    chrono::Local::now()
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}
