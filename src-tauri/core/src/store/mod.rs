//! The store: one SQLite file (plus, later, the attachment folder) inside the data directory.
//!
//! The storage seam (issue 20): all the SQL is here. Each table module holds one
//! aggregate's queries as typed functions over a [`Conn`] or [`Tx`] that return plain
//! structs of their own (codes as text; the domain parses them):
//!
//! | module | what |
//! |---|---|
//! | `offices`, `people`, `settings` | 处室, staff and roles, sign-in counters, the read rule's facts; the agency row and the `setting` table |
//! | `items`, `item_versions`, `item_list`, `item_life` | the item row, attachments and search tokens; versions; the list query (filters, FTS); the one status `UPDATE` |
//! | `reviews`, `findings`, `rereviews`, `review_queue` | rounds, decisions, chain steps and the duty facts; scan findings; 复查; the queue and history |
//! | `bundles`, `publications` | bundles, their items and the export journal; publication and revocation |
//! | `calendar`, `plan`, `categories`, `words`, `wording`, `index_numbers`, `deadlines`, `seeding` | the rules' data and what a new store is seeded with |
//! | `audit_log`, `audit_keys` | the audit chain, its walk and search; the audit keys per connection |
//! | `backups`, `overview`, `sheets`, `reports`, `dashboard` | the backup copy and a restore's files; the read-only views |
//!
//! A domain module holds the connection only to pass it on, and runs a change in
//! [`Store::transaction`], [`Store::immediate`] or [`Store::immediate_or_undo`]: committed
//! when its closure succeeds, nothing of it kept otherwise. `tests/layout.rs` fails when a
//! file outside the store names the driver or runs SQL itself. The driver's errors become
//! the core's `Error` here too (`driver`).
//!
//! Connections are opened only here ([`open_connection`] for the writer, the pool's
//! read-only connections in `shared`, the deferred check), so each kind gets the same
//! pragmas. The store knows nothing of the domain above it: what a new store is seeded
//! with, the audit keys each connection loads and the backup before a migration are
//! decided in `crate::data`, `crate::seed`, `crate::audit` and `crate::backup`, which call
//! the functions here. The public `Error` carries no driver type (`StorageError` is
//! opaque). The shell and the UI never see SQL.
//!
//! What is SQLite's own, and what each would become on a server database (PostgreSQL):
//!
//! | SQLite | where | on PostgreSQL |
//! |---|---|---|
//! | contentless FTS5 table `item_search` of our own bigram tokens, `MATCH` | `item_list`, `items` (tokens made by `crate::search`) | a `tsvector` of the same tokens (`to_tsvector('simple', …)`) with a GIN index and `@@` |
//! | `json_extract`, `->>`, `json_each` on `item.extra` and version snapshots | `deadlines`, `reports`, `sheets` | `jsonb` columns with `->>`, `jsonb_array_elements` |
//! | `INDEXED BY` (pins a plan to a partial index) | `item_list`, `dashboard`, `audit_log`, `review_queue`, `deadlines` | dropped: partial indexes kept, plans checked with `EXPLAIN` in tests |
//! | partial indexes (`WHERE deleted_at IS NULL …`) | migrations | the same (PostgreSQL has them) |
//! | `INSERT … ON CONFLICT … DO UPDATE`, `RETURNING` | `settings`, `index_numbers`, `calendar`, `publications`, `deadlines` | the same syntax |
//! | `BEGIN IMMEDIATE` (one writer; WAL readers never wait) | [`Store::immediate`] (items, the review, marking and publishing), `shared::Db` | `BEGIN` at `READ COMMITTED` with `SELECT … FOR UPDATE` on the rows a rule reads (status changes, index numbers) |
//! | the online backup API (`rusqlite::backup`, one consistent copy of the file) | `backups` | `pg_dump`/base backups; the attachment pool is copied the same way |
//! | `temp.audit_keys` (the audit keys, per connection) | `audit_keys` | a session-local temporary table, or the keys passed as parameters |
//! | `PRAGMA` (`synchronous=FULL`, `foreign_keys`, `cache_size`, `integrity_check`) | here, `backups`, `migrate`, `demo` | server settings; `integrity_check` has no counterpart (`amcheck`) |
//! | `rowid` of the FTS table | `item_list`, `items` | the item's id column |

mod driver;
mod migrate;
mod shared;

pub mod audit_keys;
pub mod audit_log;
pub mod backups;
pub mod bundles;
pub mod calendar;
pub mod categories;
pub mod dashboard;
pub mod deadlines;
pub mod findings;
#[cfg(feature = "demo")]
pub mod generated;
pub mod index_numbers;
pub mod item_life;
pub mod item_list;
pub mod item_versions;
pub mod items;
pub mod offices;
pub mod overview;
pub mod people;
pub mod plan;
pub mod publications;
pub mod reports;
pub mod request_letters;
pub mod request_parts;
pub mod requests;
pub mod rereviews;
pub mod review_queue;
pub mod reviews;
pub mod seeding;
pub mod settings;
pub mod sheets;
pub mod wording;
pub mod words;

pub use migrate::{apply_up_to, latest_version, schema_version};
pub use shared::{Db, Hooks};

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Error, Result};

/// A connection as the domain modules hold it (the writer, or a reader's snapshot): they
/// pass it to the typed functions of the store's table modules and never call the driver
/// themselves (`tests/layout.rs` checks), so that a server database can later stand behind
/// the same functions.
pub type Conn = Connection;

/// A transaction of the writer, held the same way as [`Conn`] (it is one).
pub type Tx<'a> = rusqlite::Transaction<'a>;

/// What a change run by [`Store::immediate_or_undo`] wants done with its transaction.
pub(crate) enum Keep<T> {
    Commit(T),
    RollBack(T),
}

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "disclosure.db";

pub struct Store {
    conn: Connection,
    dir: PathBuf,
}

impl Store {
    /// Opens (creating when missing) the store in `dir` and migrates it to the current
    /// schema; `before_migration(conn, found)` runs first when an older schema is found
    /// (the caller backs the file up there; an error leaves the data as it was).
    /// [`Store::open`] (in `crate::data`) is what the app calls: it also seeds a new store
    /// and loads the audit keys.
    pub(crate) fn open_migrated(
        dir: &Path,
        before_migration: impl FnOnce(&Connection, i64) -> Result<()>,
    ) -> Result<Store> {
        let mut conn = open_connection(dir)?;
        let found = schema_version(&conn)?;
        if found > 0 && found < latest_version() {
            before_migration(&conn, found)?;
        }
        migrate::migrate(&mut conn)?;
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

    /// Runs `f` in a transaction of the writer: committed when `f` succeeds, rolled back
    /// (nothing of it kept) when it fails.
    pub(crate) fn transaction<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// [`Store::immediate`] whose change `f` may decide not to keep: it answers
    /// [`Keep::Commit`] or [`Keep::RollBack`] (a save that turned out to change nothing
    /// undoes what it did on the way, a withdrawal included).
    pub(crate) fn immediate_or_undo<T>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<Keep<T>>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        match f(&tx)? {
            Keep::Commit(out) => {
                tx.commit()?;
                Ok(out)
            }
            Keep::RollBack(out) => {
                tx.rollback()?;
                Ok(out)
            }
        }
    }

    /// [`Store::transaction`] that takes the write lock at once (`BEGIN IMMEDIATE`), for a
    /// change that first reads the facts its rule checks: no other writer can change them
    /// between the check and the write.
    pub(crate) fn immediate<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
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
