//! 公开联系方式 — the agency's own public contact numbers, addresses and e-mails (its
//! 咨询电话, 监督电话, 信箱), kept in 设置. They are published on purpose: the pre-review
//! scanner never reports them, so no one masks the office's consultation number into
//! "0412-*****34" before it goes out.
//!
//! Only what the scanner could report is matched — 固定电话, 手机号 and 电子邮箱; an address
//! in the list is kept for people to read (the scanner has no address finding). Phone
//! numbers compare by their digits (`0412-2221234`, `（0412）2221234` and the full-width form
//! are one number, and a number written without its area code is the same number); e-mails
//! compare without regard to case. Administrators and 保密审查员 keep the list: whoever can
//! add to it can switch the scanner off for a number.

use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::scan::{halfwidth, Kind};
use crate::staff::{Role, Staff};
use crate::store::{settings, Conn, Store};

const KEY: &str = "public_contacts";
/// Longest entry, in characters: a number or an address with its label.
pub const ENTRY_MAX: usize = 100;
/// Most entries in the list.
pub const LIST_MAX: usize = 200;
/// The fewest digits a number written without its area code must have to be matched.
const LOCAL_DIGITS: usize = 7;

/// The list, in the order written; empty until someone writes it.
pub fn list(store: &Store) -> Result<Vec<String>> {
    list_in(store.conn())
}

pub(crate) fn list_in(conn: &Conn) -> Result<Vec<String>> {
    Ok(match settings::get(conn, KEY)? {
        Some(json) => serde_json::from_str(&json).unwrap_or_default(),
        None => Vec::new(),
    })
}

/// Replaces the list (管理员, 保密审查员): entries are trimmed, blank ones dropped, each kept
/// once in the order first written. Returns the list as stored.
pub fn set(store: &mut Store, actor: &Staff, entries: &[String]) -> Result<Vec<String>> {
    if !(actor.has(Role::Admin) || actor.has(Role::Reviewer)) {
        return Err(Error::Forbidden(
            "只有管理员和保密审查员可以维护公开联系方式。".into(),
        ));
    }
    let entries = clean(entries)?;
    // A list of strings always serializes.
    let json = serde_json::to_string(&entries).unwrap_or_default();
    store.transaction(|tx| {
        settings::set(tx, KEY, &json)?;
        audit::append(
            tx,
            actor.into(),
            Event::new(
                "settings.public_contacts",
                format!(
                    "公开联系方式：共 {} 条（{}）",
                    entries.len(),
                    entries.join("；")
                ),
            ),
        )
    })?;
    list(store)
}

fn clean(entries: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for e in entries {
        let e = e.trim();
        if e.is_empty() || out.iter().any(|have| have == e) {
            continue;
        }
        if e.chars().count() > ENTRY_MAX {
            return Err(Error::invalid(
                "contacts",
                format!(
                    "“{}…”太长：每条不超过 {ENTRY_MAX} 个字。",
                    e.chars().take(12).collect::<String>()
                ),
            ));
        }
        out.push(e.to_string());
    }
    if out.len() > LIST_MAX {
        return Err(Error::invalid(
            "contacts",
            format!("公开联系方式最多 {LIST_MAX} 条。"),
        ));
    }
    Ok(out)
}

/// The list made ready for matching findings against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Allowed {
    /// Each entry's digits, for entries with a phone number in them.
    phones: Vec<String>,
    /// Each e-mail address in the entries, lower-cased.
    emails: Vec<String>,
}

impl Allowed {
    pub fn new(entries: &[String]) -> Allowed {
        let mut a = Allowed::default();
        for e in entries {
            let mut rest = String::with_capacity(e.len());
            for token in e.split_inclusive(|c: char| c.is_whitespace() || SEPARATORS.contains(c)) {
                let word =
                    token.trim_end_matches(|c: char| c.is_whitespace() || SEPARATORS.contains(c));
                if word.contains('@') {
                    a.emails.push(word.trim_matches('.').to_lowercase());
                    rest.push('、');
                } else {
                    rest.push_str(token);
                }
            }
            a.phones.extend(phone_numbers(&rest));
        }
        a
    }

    pub fn load(conn: &Conn) -> Result<Allowed> {
        Ok(Allowed::new(&list_in(conn)?))
    }

    /// Whether a finding of `kind` matching `matched` is one of the agency's own contacts.
    pub fn covers(&self, kind: Kind, matched: &str) -> bool {
        match kind {
            Kind::Landline | Kind::Mobile => {
                let d = digits(matched);
                d.len() >= LOCAL_DIGITS
                    && self
                        .phones
                        .iter()
                        .any(|p| *p == d || p.ends_with(&d) || d.ends_with(p.as_str()))
            }
            Kind::Email => {
                let m = matched.trim().to_lowercase();
                self.emails.contains(&m)
            }
            _ => false,
        }
    }
}

/// What separates an e-mail address from the words around it.
const SEPARATORS: &str = "，,；;、（）()：:<>";

/// The digits of each phone number written in `s`: runs of digits with the hyphens,
/// brackets and spaces people write inside numbers; runs with fewer than
/// [`LOCAL_DIGITS`] digits (a postcode's six, an extension) are not numbers to match.
fn phone_numbers(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = String::new();
    for c in s.chars().map(|c| halfwidth(c).unwrap_or(c)).chain(['。']) {
        // An opening bracket may start a number (its area code); the other signs only
        // continue one.
        let inside_number =
            matches!(c, '(' | '（') || !run.is_empty() && matches!(c, '-' | ')' | '）' | ' ');
        if c.is_ascii_digit() {
            run.push(c);
        } else if !inside_number {
            if run.len() >= LOCAL_DIGITS {
                out.push(std::mem::take(&mut run));
            }
            run.clear();
        }
    }
    out
}

/// Whether `s` holds at least one whole phone number (for checking what is typed as one).
pub(crate) fn has_phone_number(s: &str) -> bool {
    !phone_numbers(s).is_empty()
}

/// Adds the agency's own details (from 机构信息) to the list where it lacks them: a number
/// or e-mail the list already covers, however written, or an address it already has, is
/// not added twice. Returns what was added; the list is not changed when it is full.
pub(crate) fn adopt(conn: &Conn, entries: &[String]) -> Result<Vec<String>> {
    let mut list = list_in(conn)?;
    let mut added = Vec::new();
    for e in entries {
        let have = Allowed::new(&list);
        let new = Allowed::new(std::slice::from_ref(e));
        let known = if new.phones.is_empty() && new.emails.is_empty() {
            let text = e.split_once('：').map_or(e.as_str(), |(_, t)| t);
            list.iter().any(|l| l.contains(text))
        } else {
            new.phones.iter().all(|p| have.covers(Kind::Landline, p))
                && new.emails.iter().all(|m| have.covers(Kind::Email, m))
        };
        if known || list.len() >= LIST_MAX {
            continue;
        }
        list.push(e.clone());
        added.push(e.clone());
    }
    if !added.is_empty() {
        // A list of strings always serializes.
        settings::set(conn, KEY, &serde_json::to_string(&list).unwrap_or_default())?;
    }
    Ok(added)
}

/// The ASCII digits of `s`, full-width ones included.
fn digits(s: &str) -> String {
    s.chars()
        .map(|c| halfwidth(c).unwrap_or(c))
        .filter(char::is_ascii_digit)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(entries: &[&str]) -> Allowed {
        Allowed::new(&entries.iter().map(|e| e.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn the_agencys_numbers_match_however_they_are_written() {
        let a = allowed(&[
            "咨询电话：0412-2221234",
            "监督信箱 JYJ@anshan.gov.cn",
            "地址：鞍山市铁东区",
        ]);
        for written in [
            "0412-2221234",
            "（0412）2221234",
            "０４１２－２２２１２３４",
            "2221234",
        ] {
            assert!(a.covers(Kind::Landline, written), "{written}");
        }
        assert!(a.covers(Kind::Email, "jyj@anshan.gov.cn"));
        assert!(!a.covers(Kind::Landline, "0412-2221235"), "another number");
        assert!(!a.covers(Kind::Landline, "1234"), "too short to tell");
        assert!(!a.covers(Kind::Email, "other@anshan.gov.cn"));
        assert!(
            !a.covers(Kind::IdCard, "0412-2221234"),
            "only phone numbers and e-mails are ever allowed"
        );
    }

    #[test]
    fn each_number_in_an_entry_is_matched_on_its_own() {
        let a = allowed(&[
            "咨询电话：0412-2221234、（0412）2225678 邮编 114000",
            "12345678@qq.com",
        ]);
        assert!(a.covers(Kind::Landline, "0412-2221234"));
        assert!(a.covers(Kind::Landline, "0412-2225678"));
        assert!(!a.covers(Kind::Landline, "0412-2221235"));
        assert!(a.covers(Kind::Email, "12345678@qq.com"));
        assert!(
            !a.covers(Kind::Mobile, "12345678"),
            "an e-mail's digits are not a number"
        );
        assert_eq!(phone_numbers("邮编 114000"), Vec::<String>::new());
        assert_eq!(phone_numbers("0412 222 1234"), ["04122221234"]);
    }

    #[test]
    fn entries_are_trimmed_kept_once_and_bounded() {
        let list = clean(&[" 0412-2221234 ".into(), "".into(), "0412-2221234".into()]).unwrap();
        assert_eq!(list, ["0412-2221234"]);
        let long = "电".repeat(ENTRY_MAX + 1);
        let err = clean(&[long]).unwrap_err();
        assert!(err.to_string().contains("太长"), "{err}");
    }
}
