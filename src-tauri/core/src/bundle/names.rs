//! File names inside a bundle: safe on Windows and Linux, and never two alike.
//!
//! A 索引号 such as `11210300MB0000000X/2026-00001` becomes a folder name, and an
//! attachment keeps its original name where it can. Characters Windows refuses
//! (`\ / : * ? " < > |`, control characters) become `_`, trailing dots and spaces go,
//! reserved device names (`CON`, `COM1`, …) get a `_`, and long names are cut. Two names
//! that end up alike, ignoring case (Windows does), get ` (2)`, ` (3)`, … before the
//! extension.

use std::collections::HashSet;

/// Longest name, in characters (Windows paths stay well under 260 when unzipped).
const MAX_CHARS: usize = 80;

const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// `name` made safe as one path component; `fallback` when nothing is left.
pub fn safe(name: &str, fallback: &str) -> String {
    let mapped: String = name
        .chars()
        .map(|c| {
            if c.is_control() || "\\/:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = mapped.trim().trim_end_matches(['.', ' ']);
    let trimmed = trimmed.trim_start_matches('.');
    let mut out = if trimmed.is_empty() {
        fallback.to_string()
    } else {
        trimmed.to_string()
    };
    let (stem, ext) = split_ext(&out);
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        out = format!("{stem}_{ext}");
    }
    if out.chars().count() > MAX_CHARS {
        let (stem, ext) = split_ext(&out);
        let keep = MAX_CHARS.saturating_sub(ext.chars().count()).max(1);
        out = format!(
            "{}{ext}",
            stem.chars().take(keep).collect::<String>().trim_end()
        );
    }
    out
}

/// Splits `a.b.pdf` into (`a.b`, `.pdf`); a name without a dot has no extension.
fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 && name.len() - i <= 10 => (&name[..i], &name[i..]),
        _ => (name, ""),
    }
}

/// Hands out names that differ from every earlier one, ignoring case.
#[derive(Default)]
pub struct Unique {
    taken: HashSet<String>,
}

impl Unique {
    /// `name` (already safe), or `name (2)`, `name (3)`, … when it is taken.
    pub fn claim(&mut self, name: &str) -> String {
        let (stem, ext) = split_ext(name);
        let mut n = 1;
        loop {
            let candidate = if n == 1 {
                name.to_string()
            } else {
                format!("{stem} ({n}){ext}")
            };
            if self.taken.insert(candidate.to_lowercase()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_reserved_names_and_dots_are_made_safe() {
        assert_eq!(
            safe("11210300MB0000000X/2026-00001", "x"),
            "11210300MB0000000X_2026-00001"
        );
        assert_eq!(safe("..\\..\\etc:passwd?", "x"), "_.._etc_passwd_");
        assert_eq!(safe("../../a.pdf", "x"), "_.._a.pdf");
        assert_eq!(safe("con.txt", "x"), "con_.txt");
        assert_eq!(safe("报告. ", "x"), "报告");
        assert_eq!(safe("  ", "附件"), "附件");
        assert_eq!(safe("a\nb\u{0}.doc", "x"), "a_b_.doc");
        let long = format!("{}.pdf", "很".repeat(200));
        let s = safe(&long, "x");
        assert_eq!(s.chars().count(), MAX_CHARS);
        assert!(s.ends_with(".pdf"));
    }

    #[test]
    fn names_alike_ignoring_case_get_a_number() {
        let mut u = Unique::default();
        assert_eq!(u.claim("报告.pdf"), "报告.pdf");
        assert_eq!(u.claim("报告.PDF"), "报告 (2).PDF");
        assert_eq!(u.claim("报告.pdf"), "报告 (3).pdf");
        assert_eq!(u.claim("README"), "README");
        assert_eq!(u.claim("readme"), "readme (2)");
    }
}
