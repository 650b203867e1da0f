//! The shipped 错敏词 lists, compiled in: 严重错误表述 and 常见错别字, each a text file in
//! `assets/` with its version and sources in the header. To update a list, edit its file
//! (keep the header's `# 版本:` line current and its sources cited); entries are known by
//! their wrong form, so what an administrator switched off stays off across versions.
//!
//! File format: `#` lines are the header; `# 版本: …` the version; the indented lines after
//! `# 来源:` the sources (a deeper indent continues the line before). Every other line is
//! `错误 | 正确 | 级别 | 例外、例外 | 说明`, with 级别 严重 (阻断), 警告 or 提示.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::scan::wording::Correction;
use crate::scan::Severity;

const EXPRESSIONS: &str = include_str!("../../assets/wording-expressions.txt");
const MISSPELLINGS: &str = include_str!("../../assets/wording-misspellings.txt");

/// A shipped list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ShippedWordingList")]
pub enum ShippedList {
    /// 严重错误表述.
    Expressions,
    /// 常见错别字.
    Misspellings,
}

impl ShippedList {
    pub const ALL: [ShippedList; 2] = [ShippedList::Expressions, ShippedList::Misspellings];

    pub fn code(self) -> &'static str {
        match self {
            ShippedList::Expressions => "expressions",
            ShippedList::Misspellings => "misspellings",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ShippedList::Expressions => "严重错误表述",
            ShippedList::Misspellings => "常见错别字",
        }
    }

    fn text(self) -> &'static str {
        match self {
            ShippedList::Expressions => EXPRESSIONS,
            ShippedList::Misspellings => MISSPELLINGS,
        }
    }

    /// The list as shipped (its file is checked by a test, so parsing cannot fail here).
    pub fn contents(self) -> Shipped {
        parse(self.text()).expect("the shipped list parses (tested)")
    }
}

/// A shipped list's version, sources and entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shipped {
    pub version: String,
    pub sources: Vec<String>,
    pub entries: Vec<Correction>,
}

/// 严重 / 阻断, 警告, 提示.
pub fn severity(s: &str) -> Option<Severity> {
    match s.trim() {
        "严重" | "阻断" => Some(Severity::Block),
        "警告" => Some(Severity::Warn),
        "提示" => Some(Severity::Info),
        _ => None,
    }
}

/// A list file, or what is wrong with it (with its line number).
pub fn parse(text: &str) -> Result<Shipped, String> {
    let mut version = String::new();
    let mut sources: Vec<String> = Vec::new();
    let mut in_sources = false;
    let mut entries: Vec<Correction> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if let Some(comment) = line.strip_prefix('#') {
            let body = comment.trim();
            if let Some(v) = body.strip_prefix("版本:") {
                version = v.trim().to_string();
                in_sources = false;
            } else if body.starts_with("来源:") {
                in_sources = true;
            } else if in_sources && comment.starts_with("     ") {
                if let Some(last) = sources.last_mut() {
                    last.push_str(body);
                }
            } else if in_sources && comment.starts_with("   ") {
                sources.push(body.to_string());
            } else {
                in_sources = false;
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let [wrong, right, level, except, note] = cells[..] else {
            return Err(format!("第 {n} 行应有 5 栏（以 | 分隔）"));
        };
        let severity = severity(level).ok_or_else(|| format!("第 {n} 行的级别“{level}”不对"))?;
        if wrong.is_empty() || (right.is_empty() && note.is_empty()) {
            return Err(format!("第 {n} 行缺少错误写法，或既无正确写法也无说明"));
        }
        if entries.iter().any(|e| e.wrong == wrong) {
            return Err(format!("第 {n} 行的“{wrong}”重复"));
        }
        let except: Vec<String> = except
            .split('、')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(String::from)
            .collect();
        if let Some(e) = except.iter().find(|e| !e.contains(wrong)) {
            return Err(format!("第 {n} 行的例外“{e}”不含“{wrong}”"));
        }
        entries.push(Correction {
            wrong: wrong.into(),
            right: right.into(),
            severity,
            except,
            note: note.into(),
        });
    }
    if version.is_empty() || sources.is_empty() {
        return Err("表头缺少“# 版本:”或“# 来源:”".into());
    }
    Ok(Shipped {
        version,
        sources,
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_lists_parse_with_version_and_sources() {
        for list in ShippedList::ALL {
            let shipped = parse(list.text()).unwrap_or_else(|e| panic!("{}: {e}", list.label()));
            assert!(!shipped.version.is_empty());
            assert!(shipped.sources.len() >= 2, "{:?}", shipped.sources);
            assert!(shipped.entries.len() >= 30);
        }
        let e = ShippedList::Expressions.contents();
        assert!(e.sources[0].contains("新华社"));
        let m = ShippedList::Misspellings.contents();
        assert!(m.sources[0].contains("咬文嚼字"));
        assert!(m.entries.iter().all(|c| c.severity != Severity::Block));
    }

    #[test]
    fn a_bad_line_is_named() {
        let head = "# 版本: 1\n# 来源:\n#   甲\n";
        assert_eq!(
            parse(&format!("{head}再接再励 | 再接再厉 | 很严重 | |\n")).unwrap_err(),
            "第 4 行的级别“很严重”不对"
        );
        assert!(parse(&format!("{head}既使 | 即使 | 警告 | 使用 |\n"))
            .unwrap_err()
            .contains("不含"));
        assert!(parse("既使 | 即使 | 警告 | |\n").is_err());
    }
}
