//! 审计日志 — every action that changes data is appended here in the same transaction as
//! the change, with who, when, the item and its content hash before and after.
//!
//! Entries are chained (see migration 0004): each entry's hash covers its fields and the
//! previous hash, and since version 0013 it is an HMAC under a key kept outside the
//! database ([`key`]), so someone who can edit the database file but not read the key
//! cannot recompute the chain. The chain's head is also written down outside the database
//! ([`anchor`]): on printed sheets, in bundles and backups, and in a small file. `verify`
//! walks the chain and names the first entry altered, inserted or deleted outside the app;
//! [`verify_anchored`] also checks the anchors it is given and that the records agree with
//! the log ([`records`]). Reading the log as an administrator (the search, the CSV, the full
//! check with the anchors in backups and bundles) is `audit_admin`'s, above this module:
//! everything records here, so it depends on nothing that records.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

pub mod anchor;
pub mod key;
mod records;

pub use crate::store::audit_log::AuditEntry;
pub use anchor::Anchor;

use crate::clock::stamp;
use crate::error::Result;
use crate::store::audit_keys::LoadedEpoch;
use crate::store::{audit_keys, audit_log, Conn, Store};

pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did it: a signed-in person (`From<&Staff>`, in `staff`), or (sign-in failures)
/// only the name that was typed.
pub enum Actor<'a> {
    Person { id: i64, name: &'a str },
    Name(&'a str),
}

/// One thing that happened, for `append`.
pub struct Event<'a> {
    /// Stable action code, e.g. `item.create`, `staff.add`, `sign_in.failed`.
    pub action: &'a str,
    pub item_id: Option<i64>,
    pub before_hash: Option<&'a str>,
    pub after_hash: Option<&'a str>,
    /// Short Chinese description shown in the audit view.
    pub detail: String,
}

impl<'a> Event<'a> {
    pub fn new(action: &'a str, detail: impl Into<String>) -> Self {
        Event {
            action,
            item_id: None,
            before_hash: None,
            after_hash: None,
            detail: detail.into(),
        }
    }

    pub fn item(mut self, id: i64) -> Self {
        self.item_id = Some(id);
        self
    }

    pub fn hashes(mut self, before: Option<&'a str>, after: Option<&'a str>) -> Self {
        self.before_hash = before;
        self.after_hash = after;
        self
    }
}

/// How an entry's hash is made: plain SHA-256 (entries written before the audit keys), or
/// HMAC-SHA-256 under the key of its epoch.
pub(crate) enum Seal<'k> {
    Plain,
    Keyed(&'k [u8]),
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn entry_hash(
    seal: &Seal<'_>,
    id: i64,
    at: &str,
    actor_id: Option<i64>,
    actor_name: &str,
    action: &str,
    item_id: Option<i64>,
    before: Option<&str>,
    after: Option<&str>,
    detail: &str,
    prev: &str,
) -> String {
    // Length-prefixed fields, so no two different entries serialize alike.
    let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    let fields = [
        id.to_string().as_str(),
        at,
        &opt(actor_id),
        actor_name,
        action,
        &opt(item_id),
        before.unwrap_or(""),
        after.unwrap_or(""),
        detail,
        prev,
    ]
    .map(|f| f.to_string());
    let feed = |update: &mut dyn FnMut(&[u8])| {
        for field in &fields {
            update(&(field.len() as u64).to_le_bytes());
            update(field.as_bytes());
        }
    };
    match seal {
        Seal::Plain => {
            let mut h = Sha256::new();
            feed(&mut |b| h.update(b));
            hex::encode(h.finalize())
        }
        Seal::Keyed(key) => {
            // HMAC takes a key of any length.
            let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key)
                .unwrap_or_else(|_| unreachable!("HMAC accepts every key length"));
            feed(&mut |b| m.update(b));
            hex::encode(m.finalize().into_bytes())
        }
    }
}

/// The seal for a new entry `id`: the current epoch's key, which [`key::load`] made sure
/// is loaded on every store connection.
pub(crate) fn seal_for_new(conn: &Conn, id: i64) -> Result<Vec<u8>> {
    match key::for_entry(conn, id)? {
        Some(key::KeyFor::Keyed(k)) => Ok(k),
        _ => Err(crate::Error::DataDir(
            "审计密钥未载入，无法记录审计日志；请重新启动本程序。".into(),
        )),
    }
}

thread_local! {
    /// Where the command being run on this thread came from (a LAN client's address).
    static ORIGIN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with every audit entry it appends naming `origin` (the LAN server passes the
/// client's address and program, e.g. `192.168.1.23 浏览器`): the entry's detail ends with
/// “（来自 …）”, inside the hashed text, so it cannot be changed afterwards either.
pub fn with_origin<T>(origin: &str, f: impl FnOnce() -> T) -> T {
    struct Reset(Option<String>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let previous = self.0.take();
            ORIGIN.with(|o| *o.borrow_mut() = previous);
        }
    }
    let previous = ORIGIN.with(|o| o.borrow_mut().replace(origin.to_string()));
    let _reset = Reset(previous);
    f()
}

/// Appends an entry. Call inside the transaction that makes the change.
pub(crate) fn append(conn: &Conn, actor: Actor<'_>, mut e: Event<'_>) -> Result<()> {
    if let Some(origin) = ORIGIN.with(|o| o.borrow().clone()) {
        e.detail = format!("{}（来自 {origin}）", e.detail);
    }
    let audit_log::Head { count, hash: prev } = audit_log::head(conn)?;
    let id = count + 1;
    let at = stamp();
    let (actor_id, actor_name) = match actor {
        Actor::Person { id, name } => (Some(id), name),
        Actor::Name(n) => (None, n),
    };
    let key = seal_for_new(conn, id)?;
    let hash = entry_hash(
        &Seal::Keyed(&key),
        id,
        &at,
        actor_id,
        actor_name,
        e.action,
        e.item_id,
        e.before_hash,
        e.after_hash,
        &e.detail,
        &prev,
    );
    audit_log::append(
        conn,
        &audit_log::NewEntry {
            id,
            at: &at,
            actor_id,
            actor_name,
            action: e.action,
            item_id: e.item_id,
            before_hash: e.before_hash,
            after_hash: e.after_hash,
            detail: &e.detail,
            prev_hash: &prev,
            hash: &hash,
        },
    )
}

/// The result of checking the chain (and, from [`verify_anchored`], its anchors and the
/// records it vouches for).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditCheck {
    pub ok: bool,
    /// Entries checked.
    #[ts(type = "number")]
    pub entries: i64,
    /// The first entry found wrong, when not ok.
    #[ts(type = "number | null")]
    pub first_bad: Option<i64>,
    /// What is wrong, in Chinese.
    pub message: String,
    /// Each anchor found outside the database and whether the chain still holds it.
    pub anchors: Vec<AnchorCheck>,
    /// Records the log does not vouch for (an item approved without its decisions in the
    /// log, a bundle without its export entries …), in Chinese.
    pub records: Vec<String>,
}

/// One anchor checked against the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AnchorCheck {
    /// Where it was found: 锚点文件第 N 行, 备份 …, 上传包 ….
    pub source: String,
    #[ts(type = "number")]
    pub count: i64,
    pub ok: bool,
    /// What is wrong, when not ok.
    pub problem: Option<String>,
}

/// Walks the whole chain (the settings screen's quick check;
/// [`crate::audit_admin::verify_full`] does more).
pub fn verify(store: &Store) -> Result<AuditCheck> {
    walk(store.conn(), None, true, &mut crate::job::quiet)
}

/// The whole chain, the anchor file's anchors and `found` (those in backups and
/// bundles, which `audit_admin` gathers), and the records against the log; `unreadable`
/// are anchors that could not be read, reported as they are. Tells `report` how many
/// entries are checked (every 10,000) and stops with [`crate::Error::Cancelled`] when it
/// answers `false`.
pub fn verify_anchored(
    store: &Store,
    found: Vec<anchor::Found>,
    unreadable: Vec<AnchorCheck>,
    report: crate::job::Report<'_>,
) -> Result<AuditCheck> {
    let conn = store.conn();
    let mut check = walk(conn, None, true, report)?;
    let found: Vec<_> = anchor::in_file(store.data_dir())
        .into_iter()
        .chain(found)
        .collect();
    check.anchors.extend(unreadable);
    // A restore puts back an older chain on purpose (and records it in the log): anchors
    // taken before it may belong to the data it replaced. They are reported, not failed.
    let restored_at = anchor::last_restore(conn)?;
    for f in found {
        let mut problem = anchor::check(conn, &f.anchor)?;
        let mut note = None;
        if problem.is_some() {
            let before_restore = match (&f.at, &restored_at) {
                (Some(at), Some(r)) => times_ordered(at, r),
                _ => false,
            };
            if before_restore {
                note = problem.take().map(|p| {
                    format!(
                        "取于 {} 恢复备份之前，属于被恢复替换的数据（{p}）",
                        restored_at.as_deref().unwrap_or_default()
                    )
                });
            }
        }
        check.anchors.push(AnchorCheck {
            source: f.source,
            count: f.anchor.count,
            ok: problem.is_none(),
            problem: problem.or(note),
        });
    }
    check.records = records::check(conn)?;
    let broken_anchor = check.anchors.iter().find(|a| !a.ok);
    if check.ok {
        if let Some(a) = broken_anchor {
            check.ok = false;
            check.message = format!(
                "审计日志与{}不符：{}",
                a.source,
                a.problem.clone().unwrap_or_default()
            );
        } else if let Some(r) = check.records.first() {
            check.ok = false;
            check.message = format!(
                "有 {} 处记录没有相应的审计记录，例如：{r}",
                check.records.len()
            );
        } else {
            check.message = format!(
                "审计日志完好，共 {} 条记录；{} 个锚点一致，各项记录均有审计记录。",
                check.entries,
                check.anchors.len()
            );
        }
    }
    Ok(check)
}

/// Whether RFC 3339 time `a` is not after `b` (stamps are to the second: the backup made
/// just before a restore has the restore's second; unreadable: false).
fn times_ordered(a: &str, b: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(a),
        chrono::DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(a), Ok(b)) => a <= b,
        _ => false,
    }
}

/// Entries the start-up check reads: the newest ones, where a change made while the app
/// was closed is most likely. The full walk stays on demand (设置 → 审计日志).
pub const STARTUP_ENTRIES: i64 = 1000;

/// The start-up check: the head agrees with the newest entry and the count, and the
/// newest `last` entries are intact and linked. Its cost does not grow with the log.
/// Entries whose key file is not on this PC (the data was moved without it) are checked
/// for their links only: that is for the full verification to report, not a reason to
/// keep the app from opening.
pub fn verify_recent(store: &Store, last: i64) -> Result<AuditCheck> {
    walk(store.conn(), Some(last), false, &mut crate::job::quiet)
}

/// How often the walk reports its progress, in entries.
const REPORT_EVERY: i64 = 10_000;

/// Checks the chain from the first entry, or (`last`) from the newest `last` entries,
/// whose first link is taken on trust. `strict`: an entry whose key is missing fails.
fn walk(
    conn: &Conn,
    last: Option<i64>,
    strict: bool,
    report: crate::job::Report<'_>,
) -> Result<AuditCheck> {
    use crate::job::{step, Job};
    use std::ops::ControlFlow::{Break, Continue};
    let stage = "校验审计记录";
    let audit_log::Head {
        count: head_count,
        hash: head_hash,
    } = audit_log::head(conn)?;
    let epochs = audit_keys::loaded_epochs(conn)?;
    let from = last.map_or(1, |n| (head_count - n + 1).max(1));
    let mut expected_id = from;
    let mut prev: Option<String> = (from == 1).then(|| GENESIS.to_string());
    let bad = |id: i64, message: String| AuditCheck {
        ok: false,
        entries: id - 1,
        first_bad: Some(id),
        message,
        anchors: Vec::new(),
        records: Vec::new(),
    };
    // The epoch of the entry being read: the last whose first entry is at or before it.
    let mut epoch: Option<usize> = None;
    let total = u64::try_from(head_count - from + 1).unwrap_or(0);
    step(report, Job::AuditVerify, stage, 0, total)?;
    // Fields are read in place (no copy per field): a million entries stream through.
    let broken = audit_log::walk_from(conn, from, |r| {
        let id = r.id()?;
        if (id - from) % REPORT_EVERY == 0 && id > from {
            step(report, Job::AuditVerify, stage, (id - from) as u64, total)?;
        }
        if id > expected_id {
            return Ok(Break(bad(
                expected_id,
                format!("第 {expected_id} 条审计记录被删除（记录编号不连续）。"),
            )));
        }
        while let Some(next) = epochs.get(epoch.map_or(0, |e| e + 1)) {
            if next.from_entry > id {
                break;
            }
            epoch = Some(epoch.map_or(0, |e| e + 1));
        }
        let seal = match epoch.map(|e| &epochs[e]) {
            None => Some(Seal::Plain),
            Some(LoadedEpoch { key: Some(k), .. }) => Some(Seal::Keyed(k)),
            Some(LoadedEpoch {
                from_entry,
                key_id,
                key: None,
            }) if strict => {
                return Ok(Break(bad(
                    id,
                    format!(
                        "第 {from_entry} 条起的审计记录由密钥 {key_id} 签名，本机没有这个密钥文件（{}），无法校验。请从备份中恢复密钥文件后再校验。",
                        key::dir().map(|d| d.display().to_string()).unwrap_or_default()
                    ),
                )));
            }
            Some(_) => None,
        };
        let stored_prev = r.prev_hash()?;
        let stored_hash = r.hash()?;
        if prev.as_ref().is_some_and(|p| *p != stored_prev) {
            return Ok(Break(bad(
                id,
                format!("第 {id} 条审计记录与前一条衔接不上：其前的记录被删除、插入或改动。"),
            )));
        }
        if let Some(seal) = seal {
            let actual = entry_hash(
                &seal,
                id,
                r.at()?,
                r.actor_id()?,
                r.actor_name()?,
                r.action()?,
                r.item_id()?,
                r.before_hash()?,
                r.after_hash()?,
                r.detail()?,
                stored_prev,
            );
            if actual != stored_hash {
                return Ok(Break(bad(id, format!("第 {id} 条审计记录的内容被改动。"))));
            }
        }
        prev = Some(stored_hash.to_string());
        expected_id = id + 1;
        Ok(Continue(()))
    })?;
    if let Some(check) = broken {
        return Ok(check);
    }
    let entries = expected_id - 1;
    step(report, Job::AuditVerify, stage, total, total)?;
    if entries != head_count || prev.as_deref().is_some_and(|p| p != head_hash) {
        return Ok(bad(
            entries + 1,
            format!("审计记录应有 {head_count} 条，实有 {entries} 条：末尾的记录被删除或改动。"),
        ));
    }
    // A chain whose keyed part was turned back into plain hashes (the key rows deleted)
    // would verify as plain: every key file of this data directory must be in the record.
    if let Some(missing) = key::unrecorded(conn)? {
        return Ok(bad(entries + 1, missing));
    }
    Ok(AuditCheck {
        ok: true,
        entries,
        first_bad: None,
        message: format!("审计日志完好，共 {entries} 条记录。"),
        anchors: Vec::new(),
        records: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Not a test: prints how long the start-up check takes on a log of a million
    /// entries (`cargo test -p disclosure-core --lib startup_check_timing -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn startup_check_timing() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| crate::Error::io("temp", e))?;
        let mut store = Store::open(dir.path())?;
        let n = 1_000_000;
        let t = std::time::Instant::now();
        store.transaction(|tx| {
            for i in 0..n {
                append(
                    tx,
                    Actor::Name("测试"),
                    Event::new("item.edit", format!("修改第 {i} 项的内容概述与正文")).item(i),
                )?;
            }
            Ok(())
        })?;
        println!("appended {n} entries in {:?}", t.elapsed());
        drop(store);
        let t = std::time::Instant::now();
        let store = Store::open(dir.path())?;
        println!("opened in {:?}", t.elapsed());
        let t = std::time::Instant::now();
        crate::store::quick_check(&store, &[])?;
        println!("quick_check of the whole file in {:?}", t.elapsed());
        let t = std::time::Instant::now();
        crate::data::startup_check(&store)?;
        println!("startup_check in {:?}", t.elapsed());
        let t = std::time::Instant::now();
        assert!(verify_recent(&store, STARTUP_ENTRIES)?.ok);
        println!("verify_recent in {:?}", t.elapsed());
        let t = std::time::Instant::now();
        assert!(verify(&store)?.ok);
        println!("full verify in {:?}", t.elapsed());
        Ok(())
    }
}
