//! 索引号 — the catalog index number, from a configurable pattern.
//!
//! The national guideline's form is `{机构代码}/{YYYY}-{NNNNN}`; sites differ, so the
//! pattern is a setting. Numbers come from a per-year counter that only counts up, and
//! every number given is recorded in `index_number`, so none is ever given twice — not
//! after its item is deleted, not after the pattern changes, not from two PCs at once
//! (allocation runs inside the caller's IMMEDIATE transaction).

use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::store::{index_numbers, settings, Conn, Store, Tx};

pub const DEFAULT_PATTERN: &str = "{机构代码}/{YYYY}-{NNNNN}";

pub fn pattern(store: &Store) -> Result<String> {
    read_pattern(store.conn())
}

fn read_pattern(conn: &Conn) -> Result<String> {
    Ok(index_numbers::pattern(conn)?.unwrap_or_else(|| DEFAULT_PATTERN.to_string()))
}

/// Checks and stores a pattern (inside the caller's transaction when there is one).
pub(crate) fn write_pattern(conn: &Conn, pattern: &str) -> Result<String> {
    let pattern = pattern.trim();
    validate(pattern)?;
    index_numbers::set_pattern(conn, pattern)?;
    Ok(pattern.to_string())
}

fn validate(pattern: &str) -> Result<()> {
    let digits = seq_width(pattern);
    if !(3..=8).contains(&digits) {
        return Err(Error::invalid(
            "index_pattern",
            "索引号格式须包含 3 到 8 位的流水号，例如 {NNNNN}。",
        ));
    }
    if pattern.chars().count() > 60 || pattern.contains(['\\', '?', '*', '"', '<', '>', '|']) {
        return Err(Error::invalid(
            "index_pattern",
            "索引号格式过长或含有不能用于文件名的字符。",
        ));
    }
    Ok(())
}

/// The width of the `{NNN…}` placeholder, 0 when missing.
fn seq_width(pattern: &str) -> usize {
    pattern
        .find("{N")
        .map(|i| pattern[i + 1..].chars().take_while(|c| *c == 'N').count())
        .filter(|&n| pattern[pattern.find("{N").unwrap_or(0) + 1 + n..].starts_with('}'))
        .unwrap_or(0)
}

/// The number for sequence `n` in `year`.
pub fn render(pattern: &str, org_code: &str, year: i32, n: i64) -> String {
    let width = seq_width(pattern);
    let placeholder = format!("{{{}}}", "N".repeat(width));
    pattern
        .replace("{机构代码}", org_code)
        .replace("{YYYY}", &year.to_string())
        .replace(&placeholder, &format!("{n:0width$}"))
}

/// Gives the next unused number. Call inside an IMMEDIATE transaction.
pub(crate) fn allocate(tx: &Tx<'_>, year: i32) -> Result<String> {
    let pattern = read_pattern(tx)?;
    let org_code = settings::agency(tx)?
        .map(|a| a.org_code)
        .unwrap_or_default();
    if pattern.contains("{机构代码}") && org_code.is_empty() {
        return Err(Error::invalid(
            "index_no",
            "还没有填写机构代码：索引号以机构代码开头，请管理员先在“设置 → 机构信息”中填写。",
        ));
    }
    loop {
        let n = index_numbers::next_in_year(tx, year)?;
        let value = render(&pattern, &org_code, year, n);
        if index_numbers::record(tx, &value, &stamp())? {
            return Ok(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_national_form() {
        assert_eq!(
            render(DEFAULT_PATTERN, "11210300MB1234567X", 2026, 42),
            "11210300MB1234567X/2026-00042"
        );
        assert_eq!(render("AS-{YYYY}-{NNN}", "", 2026, 7), "AS-2026-007");
    }

    #[test]
    fn patterns_need_a_sequence() {
        assert!(validate("{机构代码}/{YYYY}").is_err());
        assert!(validate("{机构代码}/{YYYY}-{NN}").is_err());
        assert!(validate("{机构代码}/{YYYY}-{NNNN}").is_ok());
        assert!(validate("{YYYY}-{NNNNN}|").is_err());
    }
}
