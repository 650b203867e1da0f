//! 敏感词表 — the administrator's list of words the pre-review scanner reports (as
//! `sensitive_word` findings, 警告). Stored in the table `sensitive_word` in the order
//! written; edited in the settings screen, imported from and exported to a text file in
//! the form of [`crate::scan::parse_words`] / [`crate::scan::words_file`].

use std::path::Path;

use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::scan;
use crate::staff::{Role, Staff};
use crate::store::{words as stored, Conn, Store};

/// Longest word, in characters: a sensitive "word" is a word or a short phrase.
pub const WORD_MAX: usize = 50;
/// Most words in the list; every word is one pattern of one Aho-Corasick automaton.
pub const LIST_MAX: usize = 10_000;

/// The stored list, in order.
pub fn list(store: &Store) -> Result<Vec<String>> {
    list_in(store.conn())
}

pub(crate) fn list_in(conn: &Conn) -> Result<Vec<String>> {
    stored::list(conn)
}

/// Replaces the list (administrators only): words are trimmed, blank lines dropped, each
/// kept once in the order first written. Returns the list as stored.
pub fn set(store: &mut Store, actor: &Staff, words: &[String]) -> Result<Vec<String>> {
    actor.require(Role::Admin)?;
    let words = clean(words)?;
    store.transaction(|tx| {
        stored::replace(tx, &words)?;
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "settings.sensitive_words",
                format!("敏感词表：共 {} 个词", words.len()),
            ),
        )
    })?;
    list(store)
}

/// Replaces the list with the words of a text file (UTF-8 or GB18030, one word a line,
/// `#` starts a comment line). Returns the list as stored.
pub fn import_file(store: &mut Store, actor: &Staff, path: &Path) -> Result<Vec<String>> {
    actor.require(Role::Admin)?;
    let bytes = std::fs::read(path)
        .map_err(|e| Error::io(format!("读取敏感词文件“{}”", path.display()), e))?;
    set(store, actor, &scan::parse_words(&bytes))
}

/// Writes the list to `path` as a text file (written whole or not at all); returns the
/// number of words. Administrators only: the list says what the agency looks out for.
pub fn export_file(store: &Store, actor: &Staff, path: &Path) -> Result<usize> {
    actor.require(Role::Admin)?;
    let words = list(store)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| Error::io(format!("导出敏感词表到“{}”", path.display()), e);
    let tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    std::fs::write(tmp.path(), scan::words_file(&words)).map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(words.len())
}

fn clean(words: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for w in words.iter().map(|w| w.trim()).filter(|w| !w.is_empty()) {
        if w.chars().count() > WORD_MAX {
            let head: String = w.chars().take(10).collect();
            return Err(Error::invalid(
                "words",
                format!("敏感词“{head}…”过长，每个词不能超过 {WORD_MAX} 个字。"),
            ));
        }
        if w.contains(['\n', '\r']) {
            return Err(Error::invalid("words", "每行只能写一个敏感词。"));
        }
        if seen.insert(w) {
            out.push(w.to_string());
        }
    }
    if out.len() > LIST_MAX {
        return Err(Error::invalid(
            "words",
            format!("敏感词不能超过 {LIST_MAX} 个（现有 {} 个）。", out.len()),
        ));
    }
    Ok(out)
}
