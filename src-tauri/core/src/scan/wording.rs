//! 错敏词 — the wording checks: a leader's name beside another's title, an organisation's
//! old name, a politically wrong expression, a common misspelling. The lists are data
//! ([`Wording`]); where they are kept is `crate::wording`'s business.
//!
//! Every pattern of every list is one pattern of one Aho-Corasick automaton, searched once
//! per text with overlapping matches, then judged:
//! - a wrong expression, misspelling or old name is not reported inside a correct one that
//!   contains it (the entry's correct form and its listed exceptions are patterns too:
//!   规划局 inside 自然资源和规划局, 伊斯兰国 inside “伊斯兰国”极端组织);
//! - an old name or a title right after 原 / 时任 / 曾任 is history, not an error;
//! - a listed name is paired with the listed title written right before or after it (spaces
//!   allowed); a pair that is not on the list is reported unless either of the two also
//!   stands beside its right partner (局长王刚 副局长李强);
//! - a listed title beside a name one character off its holder's name (局长王钢 for 王刚) is
//!   reported as a probable misspelt name, as a warning.

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{Hit, Kind, Severity};

/// 领导姓名与职务: one of a leader's current titles (one row per title).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leader {
    pub name: String,
    pub title: String,
}

/// 机构名称变更: an organisation's old name and its current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub old: String,
    pub current: String,
}

/// A wrong expression or misspelling and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub wrong: String,
    /// The correct form; empty where there is none (the note says what to do).
    pub right: String,
    pub severity: Severity,
    /// Correct expressions that contain `wrong` (既使用 for 既使).
    pub except: Vec<String>,
    pub note: String,
}

impl Correction {
    /// What the reviewer is told: 应为“…”, and the note.
    pub fn suggestion(&self) -> String {
        match (self.right.is_empty(), self.note.is_empty()) {
            (false, true) => format!("应为“{}”", self.right),
            (false, false) => format!("应为“{}”（{}）", self.right, self.note),
            (true, _) => self.note.clone(),
        }
    }
}

/// Every list the wording checks use, as the scanner takes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wording {
    pub leaders: Vec<Leader>,
    pub renames: Vec<Rename>,
    /// 严重错误表述: the shipped entries switched on.
    pub expressions: Vec<Correction>,
    /// 常见错别字: the shipped entries switched on and the agency's own.
    pub misspellings: Vec<Correction>,
}

/// What a pattern of the automaton is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A listed leader's name (index into `names`).
    Name(usize),
    /// A listed title (index into `titles`).
    Title(usize),
    /// An old organisation name (index into `renames`).
    Old(usize),
    /// A wrong expression or misspelling (index into `corrections`).
    Wrong(usize),
    /// A correct form that may contain a wrong one.
    Guard,
}

/// The wording automaton and the notes its findings carry (`Hit::note` indexes `notes`).
#[derive(Debug, Clone)]
pub(super) struct Matcher {
    automaton: Option<AhoCorasick>,
    roles: Vec<Role>,
    names: Vec<String>,
    titles: Vec<String>,
    /// Title indexes each name holds.
    holds: Vec<HashSet<usize>>,
    /// Name indexes holding each title.
    holders: Vec<Vec<usize>>,
    corrections: Vec<(Kind, Severity)>,
    /// Note of name i: `notes[i]`; of title j: `notes[names.len() + j]`; then renames,
    /// then corrections.
    notes: Vec<String>,
    renames_at: usize,
    corrections_at: usize,
}

#[derive(Debug, Clone, Copy)]
struct Found {
    role: Role,
    start: usize,
    end: usize,
}

impl Matcher {
    pub(super) fn new(w: &Wording) -> Matcher {
        let mut names: Vec<String> = Vec::new();
        let mut titles: Vec<String> = Vec::new();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for l in &w.leaders {
            let (name, title) = (l.name.trim(), l.title.trim());
            if name.is_empty() || title.is_empty() {
                continue;
            }
            pairs.push((index_of(&mut names, name), index_of(&mut titles, title)));
        }
        let mut holds = vec![HashSet::new(); names.len()];
        let mut holders = vec![Vec::new(); titles.len()];
        for &(n, t) in &pairs {
            holds[n].insert(t);
            holders[t].push(n);
        }
        let mut patterns: Vec<&str> = Vec::new();
        let mut roles = Vec::new();
        let mut notes = Vec::new();
        for (i, n) in names.iter().enumerate() {
            patterns.push(n);
            roles.push(Role::Name(i));
            let mut held: Vec<&str> = holds[i].iter().map(|&t| titles[t].as_str()).collect();
            held.sort_unstable();
            notes.push(format!("{n}的现任职务：{}", held.join("、")));
        }
        for (j, t) in titles.iter().enumerate() {
            patterns.push(t);
            roles.push(Role::Title(j));
            let who: Vec<&str> = holders[j].iter().map(|&n| names[n].as_str()).collect();
            notes.push(format!("现任{t}：{}", who.join("、")));
        }
        let renames_at = notes.len();
        for (i, r) in w.renames.iter().enumerate() {
            let (old, current) = (r.old.trim(), r.current.trim());
            if old.is_empty() {
                notes.push(String::new());
                continue;
            }
            patterns.push(old);
            roles.push(Role::Old(i));
            if !current.is_empty() {
                patterns.push(current);
                roles.push(Role::Guard);
            }
            notes.push(format!("现名称：{current}"));
        }
        let corrections_at = notes.len();
        let mut corrections = Vec::new();
        let all = (w.expressions.iter().map(|c| (Kind::WrongExpression, c)))
            .chain(w.misspellings.iter().map(|c| (Kind::Misspelling, c)));
        for (i, (kind, c)) in all.enumerate() {
            corrections.push((kind, c.severity));
            notes.push(c.suggestion());
            if c.wrong.trim().is_empty() {
                continue;
            }
            patterns.push(c.wrong.trim());
            roles.push(Role::Wrong(i));
            for g in std::iter::once(&c.right).chain(&c.except) {
                if !g.trim().is_empty() {
                    patterns.push(g.trim());
                    roles.push(Role::Guard);
                }
            }
        }
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .build(&patterns)
                .expect("list entries are short literal strings")
        });
        Matcher {
            automaton,
            roles,
            names,
            titles,
            holds,
            holders,
            corrections,
            notes,
            renames_at,
            corrections_at,
        }
    }

    /// The note a wording hit carries.
    pub(super) fn note(&self, index: u32) -> Option<&str> {
        self.notes.get(index as usize).map(String::as_str)
    }

    /// Every wording finding in `text`, added to `hits`.
    pub(super) fn find(&self, text: &str, hits: &mut Vec<Hit>) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        let all: Vec<Found> = automaton
            .find_overlapping_iter(text)
            .map(|m| Found {
                role: self.roles[m.pattern().as_usize()],
                start: m.start(),
                end: m.end(),
            })
            .collect();
        let guarded = |f: &Found| {
            all.iter()
                .any(|g| g.role == Role::Guard && g.start <= f.start && f.end <= g.end)
        };
        let hit = |kind, severity, start, end, note: usize| Hit {
            kind,
            severity,
            start,
            end,
            note: Some(note as u32),
        };
        for f in &all {
            match f.role {
                Role::Old(i) if !guarded(f) && !formerly(text, f.start) => hits.push(hit(
                    Kind::OrgName,
                    Kind::OrgName.default_severity(),
                    f.start,
                    f.end,
                    self.renames_at + i,
                )),
                Role::Wrong(i) if !guarded(f) => {
                    let (kind, severity) = self.corrections[i];
                    hits.push(hit(kind, severity, f.start, f.end, self.corrections_at + i));
                }
                _ => {}
            }
        }
        self.leaders(text, &all, hits);
    }
}

fn index_of(list: &mut Vec<String>, s: &str) -> usize {
    match list.iter().position(|x| x == s) {
        Some(i) => i,
        None => {
            list.push(s.to_string());
            list.len() - 1
        }
    }
}

mod leaders;
use leaders::formerly;
#[cfg(test)]
mod tests;
