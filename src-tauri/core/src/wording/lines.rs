//! The agency lists as lines, the form 设置 edits and a text file carries: `王刚 局长`,
//! `规划局 → 自然资源和规划局`, `按装 安装 提示`. Parts are separated by spaces (full-width
//! too) or tabs; an arrow between an old and a current name is optional.

use crate::error::{Error, Result};
use crate::scan::wording::{Correction, Leader, Rename};
use crate::scan::Severity;

use super::shipped;

/// The line form of each list, in [`super::AgencyList`] order (an export's header).
pub const FORMS: [&str; 3] = [
    "每行一条：姓名 现任职务（一人多职的，每个职务写一行）",
    "每行一条：旧名称 → 现名称",
    "每行一条：错误写法 正确写法 级别（警告或提示，可省略，默认警告）",
];

/// Longest part of an entry, in characters.
const PART_MAX: usize = 60;

fn parts(line: &str) -> Vec<&str> {
    line.split(|c: char| c.is_whitespace())
        .filter(|p| !p.is_empty() && !matches!(*p, "→" | "->" | "=>"))
        .collect()
}

fn bad(n: usize, line: &str, why: &str) -> Error {
    let head: String = line.chars().take(20).collect();
    Error::invalid("lines", format!("第 {n} 行“{head}”：{why}"))
}

/// Parses every line into `N` parts (the last `optional` may be missing), each entry once
/// by its first `key` parts; errors name the line.
fn parse<const N: usize>(
    input: &[&str],
    optional: usize,
    key: usize,
    what: &str,
) -> Result<Vec<[String; N]>> {
    let mut out: Vec<[String; N]> = Vec::new();
    for (i, line) in input.iter().enumerate() {
        let n = i + 1;
        let p = parts(line);
        if p.len() > N || p.len() + optional < N {
            return Err(bad(n, line, what));
        }
        if p.iter().any(|x| x.chars().count() > PART_MAX) {
            return Err(bad(n, line, &format!("每项不能超过 {PART_MAX} 个字")));
        }
        let row: [String; N] = std::array::from_fn(|j| p.get(j).map_or("", |x| x).to_string());
        if out.iter().any(|o| o[..key] == row[..key]) {
            continue;
        }
        out.push(row);
    }
    Ok(out)
}

pub fn parse_leaders(input: &[&str]) -> Result<Vec<[String; 2]>> {
    parse(input, 0, 2, "应写成“姓名 职务”，中间用空格隔开")
}

pub fn parse_renames(input: &[&str]) -> Result<Vec<[String; 2]>> {
    let rows: Vec<[String; 2]> = parse(input, 0, 1, "应写成“旧名称 → 现名称”")?;
    if let Some((i, r)) = rows.iter().enumerate().find(|(_, r)| r[0] == r[1]) {
        return Err(bad(i + 1, &r[0], "旧名称与现名称相同"));
    }
    Ok(rows)
}

/// `按装 安装 提示`: the severity code is stored (`warn`, `info`).
pub fn parse_misspellings(input: &[&str]) -> Result<Vec<[String; 3]>> {
    let mut rows: Vec<[String; 3]> =
        parse(input, 1, 1, "应写成“错误写法 正确写法 级别”，级别可省略")?;
    for (i, r) in rows.iter_mut().enumerate() {
        let severity = if r[2].is_empty() {
            Some(Severity::Warn)
        } else {
            shipped::severity(&r[2]).filter(|s| *s != Severity::Block)
        };
        let Some(severity) = severity else {
            return Err(bad(i + 1, input[i], "级别只能是“警告”或“提示”"));
        };
        if r[0] == r[1] {
            return Err(bad(i + 1, input[i], "错误写法与正确写法相同"));
        }
        r[2] = severity.code().to_string();
    }
    Ok(rows)
}

pub fn leaders(rows: Vec<[String; 2]>) -> Vec<Leader> {
    rows.into_iter()
        .map(|[name, title]| Leader { name, title })
        .collect()
}

pub fn renames(rows: Vec<[String; 2]>) -> Vec<Rename> {
    rows.into_iter()
        .map(|[old, current]| Rename { old, current })
        .collect()
}

pub fn misspellings(rows: Vec<[String; 3]>) -> Vec<Correction> {
    rows.into_iter()
        .map(|[wrong, right, severity]| Correction {
            wrong,
            right,
            severity: Severity::parse(&severity).unwrap_or(Severity::Warn),
            except: Vec::new(),
            note: String::new(),
        })
        .collect()
}

pub fn leader_lines(list: &[Leader]) -> Vec<String> {
    list.iter()
        .map(|l| format!("{} {}", l.name, l.title))
        .collect()
}

pub fn rename_lines(list: &[Rename]) -> Vec<String> {
    list.iter()
        .map(|r| format!("{} → {}", r.old, r.current))
        .collect()
}

pub fn misspelling_lines(list: &[Correction]) -> Vec<String> {
    list.iter()
        .map(|c| format!("{} {} {}", c.wrong, c.right, c.severity.label()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_back_as_written() {
        let rows =
            parse_leaders(&["王刚 局长", "王刚\t党组书记", "王刚　局长", "李强  副局长"]).unwrap();
        assert_eq!(
            leader_lines(&leaders(rows)),
            ["王刚 局长", "王刚 党组书记", "李强 副局长"]
        );
        let rows = parse_renames(&["规划局 → 自然资源和规划局", "市教育局 市教育体育局"]).unwrap();
        assert_eq!(
            rename_lines(&renames(rows)),
            ["规划局 → 自然资源和规划局", "市教育局 → 市教育体育局"]
        );
        let rows = parse_misspellings(&["按装 安装", "帐号 账号 提示"]).unwrap();
        assert_eq!(
            misspelling_lines(&misspellings(rows)),
            ["按装 安装 警告", "帐号 账号 提示"]
        );
    }

    #[test]
    fn a_wrong_line_is_named() {
        let e = parse_leaders(&["王刚 局长", "李强"]).unwrap_err();
        assert!(e.to_string().contains("第 2 行“李强”"), "{e}");
        assert!(parse_renames(&["规划局 规划局"]).is_err());
        let e = parse_misspellings(&["按装 安装 严重"]).unwrap_err();
        assert!(e.to_string().contains("警告"), "{e}");
    }
}
