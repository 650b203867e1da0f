//! The database side of backups: where backups go (the `backup` setting), the copy made by
//! SQLite's online backup API, what a backup records about the database it holds, and
//! the database files a restore replaces. The folders, manifests, attachments and the
//! restore's order of steps are `backup`'s.

use std::path::Path;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use super::{Conn, DB_FILE};
use crate::error::{Error, Result};

/// The `setting` row that holds the backup settings.
const SETTING_KEY: &str = "backup";

/// The backup settings as stored (JSON), when set.
pub fn setting(conn: &Conn) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [SETTING_KEY],
            |r| r.get(0),
        )
        .optional()?)
}

/// Stores the backup settings (JSON).
pub fn set_setting(conn: &Conn, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![SETTING_KEY, value],
    )?;
    Ok(())
}

/// A read-only connection to the database file `db` (a store's or a backup's), without
/// pragmas or migration.
pub fn open_read_only(db: &Path) -> Result<Conn> {
    Ok(Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?)
}

/// Copies the database `src` to the new file `dst` with the online backup API, from a
/// read-only connection of its own and in one step: a consistent snapshot that neither
/// waits for nor blocks the app's writers (WAL). The copy is one file, with no journal
/// beside it. [`Error::Busy`] when writers keep interrupting it.
pub fn copy_database(src: &Path, dst: &Path) -> Result<()> {
    let source = Connection::open_with_flags(
        src,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    source.busy_timeout(std::time::Duration::from_secs(5))?;
    let mut target = Connection::open(dst)?;
    {
        use rusqlite::backup::{Backup, StepResult};
        let b = Backup::new(&source, &mut target)?;
        // All pages in one step (-1): a step that is interrupted by a writer starts over.
        let mut tries = 0;
        loop {
            match b.step(-1)? {
                StepResult::Done => break,
                StepResult::More | StepResult::Busy | StepResult::Locked if tries < 50 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                _ => return Err(Error::Busy),
            }
        }
    }
    // One file, no journal beside it: the backup is complete on its own.
    target.pragma_update(None, "journal_mode", "DELETE")?;
    target.close().map_err(|(_, e)| Error::from(e))?;
    Ok(())
}

/// `PRAGMA integrity_check`'s first line: `ok` when the file is sound.
pub fn integrity_check(conn: &Conn) -> Result<String> {
    Ok(conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
}

/// Whether the database has the table `name` (an older schema may lack it).
pub fn has_table(conn: &Conn, name: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )? > 0)
}

/// How many items the database holds, deleted ones included.
pub fn item_count(conn: &Conn) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM item", [], |r| r.get(0))?)
}

/// The hash of every blob the database names, sorted.
pub fn blob_hashes(conn: &Conn) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT sha256 FROM blob ORDER BY sha256")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The names, in a data directory, of the database file and of the WAL and shared-memory
/// files SQLite keeps beside it.
pub fn db_files() -> [String; 3] {
    [DB_FILE.to_string(), wal(), shm()]
}

fn wal() -> String {
    format!("{DB_FILE}-wal")
}

fn shm() -> String {
    format!("{DB_FILE}-shm")
}

/// Puts the staged database file in place of `dir`'s database. The store must be closed:
/// its WAL is gone after a clean close, and a leftover one (from a crash) must not be
/// replayed onto other data, so the WAL and shared-memory files are removed first.
pub fn replace_database(dir: &Path, staged: tempfile::NamedTempFile) -> Result<()> {
    let fail =
        |e: std::io::Error| Error::io(format!("替换数据库（{}）", crate::error::io_reason(&e)), e);
    for name in [wal(), shm()] {
        match std::fs::remove_file(dir.join(name)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(fail(e)),
        }
    }
    staged
        .persist(dir.join(DB_FILE))
        .map_err(|e| fail(e.error))?;
    Ok(())
}
