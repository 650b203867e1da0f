//! 密码 — the password rule, hashing, initial passwords and changing one's own.
//!
//! Everyone's password is their own: an administrator who creates, imports or resets an
//! account gets a random initial password for it (shown once), and the person must choose
//! their own at first sign-in ([`crate::session`] refuses everything else until then). The
//! rule: at least [`MIN_LEN`] characters, not one of the common passwords shipped in
//! `assets/common-passwords.txt`, and not containing the person's name or its pinyin.
//! Hashes are argon2id with the crate's defaults (19 MiB, 2 passes, 1 lane — one of the
//! OWASP-recommended settings).

use std::collections::HashSet;
use std::sync::OnceLock;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use super::{get, Staff};
use crate::audit::{self, Actor, Event};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::store::{people, Conn, Store};

/// The shortest password accepted.
pub const MIN_LEN: usize = 10;

const COMMON: &str = include_str!("../../assets/common-passwords.txt");

fn common() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Checks `password` against the rule for the person called `name`; the message says
/// which part of the rule it breaks.
pub fn check_password(password: &str, name: &str) -> Result<()> {
    let bad = |m: &str| Err(Error::invalid("password", m));
    if password.chars().count() < MIN_LEN {
        return bad("密码至少 10 位。可以用一句好记的话，例如“我家住在3楼东”的拼音和数字。");
    }
    if password.chars().any(char::is_control) {
        return bad("密码中不能有控制字符。");
    }
    let lower = password.to_lowercase();
    if common().contains(lower.as_str()) {
        return bad("这个密码太常见，容易被猜中，请换一个。");
    }
    let name = name.trim();
    if !name.is_empty() && lower.contains(&name.to_lowercase()) {
        return bad("密码中不能含有自己的姓名。");
    }
    if name_spellings(name)
        .iter()
        .any(|p| lower.contains(p.as_str()))
    {
        return bad("密码中不能含有自己姓名的拼音。");
    }
    Ok(())
}

/// The pinyin spellings of a Chinese name a password must not contain: the whole name
/// (surname first, and given name first), and a given name of two or more syllables, in
/// every reading of a character with several (曾 zeng/ceng). Spellings under four letters
/// are left out: they occur by chance in random text.
fn name_spellings(name: &str) -> Vec<String> {
    use pinyin::ToPinyinMulti;
    let syllables: Vec<Vec<&'static str>> = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c.to_pinyin_multi() {
            Some(multi) => multi.into_iter().map(|p| p.plain()).collect(),
            None => Vec::new(),
        })
        .collect();
    if syllables.is_empty() || syllables.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    // Every combination of readings (names are short: a handful at most).
    let mut readings: Vec<Vec<&str>> = vec![Vec::new()];
    for options in &syllables {
        readings = readings
            .iter()
            .flat_map(|r| {
                options.iter().map(move |o| {
                    let mut r = r.clone();
                    r.push(*o);
                    r
                })
            })
            .take(64)
            .collect();
    }
    let mut out = Vec::new();
    for r in readings {
        out.push(r.concat());
        if r.len() >= 2 {
            let given = r[1..].concat();
            out.push(format!("{given}{}", r[0]));
            if r.len() >= 3 {
                out.push(given);
            }
        }
    }
    out.retain(|s| s.len() >= 4);
    out.sort();
    out.dedup();
    out
}

pub(crate) fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            log::error!("argon2 hashing failed: {e}");
            Error::invalid("password", "无法处理该密码，请换一个。")
        })
}

pub(crate) fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A valid hash of a random string, checked against when no real hash may be (an unknown
/// name, a locked account), so the answer takes as long as a real check.
pub(crate) const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0oVn1pDs9QzK3lWB1nBFtrdWGEmS3mU7lEZ2S7rV0Ck";

/// Letters and digits that cannot be mistaken for one another on a printed slip (no 0/O,
/// 1/l/I, 5/S, 2/Z, 8/B).
const SLIP_ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyACDEFGHJKLMNPQRTUVWXY34679";

/// A random initial password: three groups of four, e.g. `Kx7m-Qp3r-Tw9d` (about 67 bits).
pub fn initial_password() -> String {
    let mut out = String::with_capacity(14);
    for group in 0..3 {
        if group > 0 {
            out.push('-');
        }
        for _ in 0..4 {
            // Rejection sampling keeps every character equally likely.
            let limit = 256 - 256 % SLIP_ALPHABET.len() as u32;
            let c = loop {
                let b = OsRng.next_u32() & 0xff;
                if b < limit {
                    break SLIP_ALPHABET[b as usize % SLIP_ALPHABET.len()];
                }
            };
            out.push(c as char);
        }
    }
    out
}

/// Sets the password of `id` to `hash`; `must_change` marks an initial password.
pub(crate) fn write_password(conn: &Conn, id: i64, hash: &str, must_change: bool) -> Result<()> {
    people::set_password(conn, id, hash, must_change, &stamp())
}

/// 修改密码 — a person changes their own password, giving the current one.
pub fn change_password(store: &mut Store, me: &Staff, current: &str, new: &str) -> Result<()> {
    let hash = people::password_hash(store.conn(), me.id)?;
    if !verify_password(current, &hash) {
        return Err(Error::invalid("current", "当前密码不正确。"));
    }
    if current == new {
        return Err(Error::invalid("password", "新密码不能与当前密码相同。"));
    }
    check_password(new, &me.name)?;
    let hash = hash_password(new)?;
    store.transaction(|tx| {
        write_password(tx, me.id, &hash, false)?;
        audit::append(
            tx,
            me.into(),
            Event::new("staff.password", format!("“{}”修改了自己的密码", me.name)),
        )
    })?;
    Ok(())
}

/// An administrator resets someone's password: a new random initial password (returned,
/// to be shown once) that must be changed at the next sign-in; the account is unlocked.
pub fn reset_password(store: &mut Store, actor: &Staff, id: i64) -> Result<String> {
    actor.require(super::Role::Admin)?;
    let who = get(store, id)?;
    reset(store, Actor::from(actor), &who, "重置")
}

/// 找回管理员 — recovery when no administrator remembers a password: run by someone who
/// can write the data directory (the operating system already trusts them with every
/// record), audited under `os_user`, forcing a change at the next sign-in.
pub fn reset_password_by_os(store: &mut Store, name: &str, os_user: &str) -> Result<String> {
    let who = super::find_by_name(store, name)?;
    let actor = format!("操作系统用户 {os_user}（命令行）");
    reset(store, Actor::Name(&actor), &who, "在本机重置")
}

fn reset(store: &mut Store, actor: Actor<'_>, who: &Staff, how: &str) -> Result<String> {
    let password = initial_password();
    let hash = hash_password(&password)?;
    store.transaction(|tx| {
        write_password(tx, who.id, &hash, true)?;
        audit::append(
            tx,
            actor,
            Event::new(
                "staff.reset_password",
                format!("{how}“{}”的密码（下次登录须修改）", who.name),
            ),
        )
    })?;
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_names_what_is_wrong() {
        let msg = |p: &str, name: &str| check_password(p, name).unwrap_err().to_string();
        assert!(msg("short1", "张伟").contains("至少 10 位"));
        assert!(msg("1234567890", "张伟").contains("太常见"));
        assert!(msg("woaini1314", "张伟").contains("太常见"));
        assert!(msg("abc123456", "张伟").contains("至少 10 位"));
        assert!(msg("Password123", "张伟").contains("太常见"));
        assert!(msg("ZhangWei2026!", "张伟").contains("拼音"));
        assert!(msg("2026weizhang", "张伟").contains("拼音"));
        assert!(msg("我是张伟，2026年的密码", "张伟").contains("姓名"));
        assert!(msg("xiaoming-1999", "王晓明").contains("拼音"));
        // 曾 reads zeng (the surname) or ceng: either spelling is refused.
        assert!(msg("zengfan!2026", "曾凡").contains("拼音"));
        assert!(check_password("lan-hua-dian-3lou", "张伟").is_ok());
        assert!(check_password("mima2026abc", "张伟").is_ok());
    }

    #[test]
    fn initial_passwords_are_random_readable_and_pass_the_rule() {
        let a = initial_password();
        let b = initial_password();
        assert_ne!(a, b);
        assert_eq!(a.len(), 14);
        assert!(a
            .chars()
            .all(|c| c == '-' || SLIP_ALPHABET.contains(&(c as u8))));
        for _ in 0..50 {
            check_password(&initial_password(), "张伟").unwrap();
        }
    }

    #[test]
    fn the_common_list_holds_ten_thousand_and_the_pinyin_patterns() {
        let set = common();
        assert!(set.len() >= 10_000, "{} entries", set.len());
        for p in [
            "123456",
            "password",
            "woaini",
            "123qwe",
            "abc123456",
            "5201314",
        ] {
            assert!(set.contains(p), "{p}");
        }
    }
}
