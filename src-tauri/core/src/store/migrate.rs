//! Schema migrations: numbered `.sql` files in `migrations/`, embedded by `build.rs`.
//!
//! Each file runs in its own transaction together with the `user_version` bump, so a
//! failure leaves the database at the previous version. To change the schema, add the next
//! numbered file; never edit one that has shipped.

use rusqlite::Connection;

use crate::error::{Error, Result};

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The schema version recorded in the database (`PRAGMA user_version`).
pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Brings the database to the latest version.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    apply_up_to(conn, latest_version())
}

/// Applies migrations until the database is at `target`. Public so tests can build a
/// database of every earlier version and upgrade it.
pub fn apply_up_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current = schema_version(conn)?;
    if current > latest_version() {
        return Err(Error::NewerDatabase {
            found: current,
            supported: latest_version(),
        });
    }
    for &(version, name, sql) in MIGRATIONS {
        if version <= current || version > target {
            continue;
        }
        log::info!("applying migration {name}");
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}
