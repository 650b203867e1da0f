//! The 索引号 tables: the pattern (the `index_pattern` setting), the per-year counter
//! `index_counter` and `index_number`, every number ever given.

use rusqlite::{params, OptionalExtension};

use super::Conn;
use crate::error::Result;

/// The setting that holds the pattern (a JSON string).
const PATTERN_KEY: &str = "index_pattern";

/// The stored pattern, or `None` when none is stored or it is unreadable.
pub fn pattern(conn: &Conn) -> Result<Option<String>> {
    let raw: Option<String> = conn
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [PATTERN_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(raw.and_then(|v| serde_json::from_str::<String>(&v).ok()))
}

/// Stores `pattern`, replacing the one stored.
pub fn set_pattern(conn: &Conn, pattern: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![
            PATTERN_KEY,
            serde_json::Value::String(pattern.to_string()).to_string()
        ],
    )?;
    Ok(())
}

/// The next sequence number of `year`'s counter, counted up (the first is 1).
pub fn next_in_year(conn: &Conn, year: i32) -> Result<i64> {
    Ok(conn.query_row(
        "INSERT INTO index_counter (year, next) VALUES (?1, 2)
         ON CONFLICT (year) DO UPDATE SET next = next + 1
         RETURNING next - 1",
        [year],
        |r| r.get(0),
    )?)
}

/// Records `value` as given at `at`; false when it had been given before (nothing stored).
pub fn record(conn: &Conn, value: &str, at: &str) -> Result<bool> {
    let fresh = conn
        .prepare_cached("INSERT OR IGNORE INTO index_number (value, allocated_at) VALUES (?1, ?2)")?
        .execute(params![value, at])?;
    Ok(fresh == 1)
}
