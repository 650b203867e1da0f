//! The `sensitive_word` table: the 敏感词表, one word a row, in the order written.

use rusqlite::params;

use super::Conn;
use crate::error::Result;

/// The stored words, in order.
pub fn list(conn: &Conn) -> Result<Vec<String>> {
    let words = conn
        .prepare_cached("SELECT word FROM sensitive_word ORDER BY position")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(words)
}

/// Replaces the stored words with `words`, in their order.
pub fn replace(conn: &Conn, words: &[String]) -> Result<()> {
    conn.execute("DELETE FROM sensitive_word", [])?;
    let mut insert =
        conn.prepare_cached("INSERT INTO sensitive_word (position, word) VALUES (?1, ?2)")?;
    for (i, w) in words.iter().enumerate() {
        insert.execute(params![i as i64 + 1, w])?;
    }
    Ok(())
}
