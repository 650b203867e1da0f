//! Leaders' names and titles: a listed name written beside a title that is not theirs, and
//! a listed title beside a name one character off its holder's (see the parent's docs).

use super::{Found, Matcher, Role};
use crate::scan::{Hit, Kind, Severity};

impl Matcher {
    /// Names beside titles that are not theirs, and titles beside a misspelt holder's name.
    pub(super) fn leaders(&self, text: &str, all: &[Found], hits: &mut Vec<Hit>) {
        // The longest of overlapping names or titles: 副局长, not the 局长 inside it.
        let longest = |f: &Found| {
            !all.iter().any(|o| {
                same_family(o.role, f.role)
                    && o.start <= f.start
                    && f.end <= o.end
                    && o.end - o.start > f.end - f.start
            })
        };
        let names: Vec<(usize, Found)> = all
            .iter()
            .filter_map(|f| match f.role {
                Role::Name(n) if longest(f) => Some((n, *f)),
                _ => None,
            })
            .collect();
        // A listed title with 副 written before it (副局长 where only 局长 is listed) is another
        // title, no one's on the list: `None`.
        let titles: Vec<(Option<usize>, Found)> = all
            .iter()
            .filter_map(|f| match f.role {
                Role::Title(t) if longest(f) => Some(deputy(text, t, f, &self.titles)),
                _ => None,
            })
            .collect();
        // Name and title written side by side, in either order: (name, title, where the
        // name and the title start, the pair's extent).
        let beside = |a: &Found, b: &Found| {
            a.end <= b.start
                && text[a.end..b.start]
                    .trim_matches([' ', '\u{3000}'])
                    .is_empty()
        };
        let mut pairs: Vec<Pair> = Vec::new();
        for (n, nf) in &names {
            for (t, tf) in &titles {
                let extent = if beside(nf, tf) {
                    (nf.start, tf.end)
                } else if beside(tf, nf) && !formerly(text, tf.start) {
                    (tf.start, nf.end)
                } else {
                    continue;
                };
                pairs.push(Pair {
                    name: *n,
                    title: *t,
                    at: (nf.start, tf.start),
                    extent,
                });
            }
        }
        let right = |p: &Pair| p.title.is_some_and(|t| self.holds[p.name].contains(&t));
        for p in &pairs {
            // 局长王刚 副局长李强: 王刚 beside 副局长 too, but he stands by his own title.
            let vouched = pairs
                .iter()
                .any(|o| (o.at.0 == p.at.0 || o.at.1 == p.at.1) && right(o));
            if !vouched {
                hits.push(Hit {
                    kind: Kind::LeaderTitle,
                    severity: Kind::LeaderTitle.default_severity(),
                    start: p.extent.0,
                    end: p.extent.1,
                    note: Some(p.name as u32),
                });
            }
        }
        // A title with no listed name beside it, but a name one character off a holder's.
        for (t, tf) in &titles {
            let Some(t) = t else { continue };
            if pairs.iter().any(|p| p.at.1 == tf.start) || formerly(text, tf.start) {
                continue;
            }
            let after = text[tf.end..].trim_start_matches([' ', '\u{3000}']);
            let after_at = text.len() - after.len();
            let before = text[..tf.start].trim_end_matches([' ', '\u{3000}']);
            let misspelt = self.holders[*t].iter().find_map(|&n| {
                let name = &self.names[n];
                let len = name.chars().count();
                if let Some(s) = take_chars(after, len).filter(|s| one_off(s, name)) {
                    return Some((tf.start, after_at + s.len()));
                }
                last_chars(before, len)
                    .filter(|s| one_off(s, name))
                    .map(|s| (before.len() - s.len(), tf.end))
            });
            if let Some((start, end)) = misspelt {
                hits.push(Hit {
                    kind: Kind::LeaderTitle,
                    severity: Severity::Warn,
                    start,
                    end,
                    note: Some((self.names.len() + t) as u32),
                });
            }
        }
    }
}

/// The title as written: a listed one, or `None` with its extent grown to take in a 副
/// before it that makes it another one.
fn deputy(text: &str, t: usize, f: &Found, titles: &[String]) -> (Option<usize>, Found) {
    if !titles[t].starts_with('副') && text[..f.start].ends_with('副') {
        let start = f.start - '副'.len_utf8();
        return (None, Found { start, ..*f });
    }
    (Some(t), *f)
}

/// A listed name written beside a listed title (or a deputy's of one).
struct Pair {
    name: usize,
    title: Option<usize>,
    /// Where the name and the title start: which occurrences these are.
    at: (usize, usize),
    /// The byte range of both.
    extent: (usize, usize),
}

fn same_family(a: Role, b: Role) -> bool {
    matches!(
        (a, b),
        (Role::Name(_), Role::Name(_)) | (Role::Title(_), Role::Title(_))
    )
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// The first `n` characters of `s`, if they are all Han characters.
fn take_chars(s: &str, n: usize) -> Option<&str> {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    let head = &s[..end];
    (head.chars().count() == n && head.chars().all(is_han)).then_some(head)
}

/// The last `n` characters of `s`, if they are all Han characters.
fn last_chars(s: &str, n: usize) -> Option<&str> {
    let start = s.char_indices().rev().nth(n - 1).map(|(i, _)| i)?;
    let tail = &s[start..];
    tail.chars().all(is_han).then_some(tail)
}

/// Same length, exactly one character different: a misspelt name.
fn one_off(s: &str, name: &str) -> bool {
    s.chars().count() == name.chars().count()
        && name.chars().count() >= 2
        && s.chars().zip(name.chars()).filter(|(a, b)| a != b).count() == 1
}

/// Whether the text before `start` says what follows was so in the past: 原 (also
/// 原市、原XX县 before an organisation), 时任, 曾任, 前任.
pub(super) fn formerly(text: &str, start: usize) -> bool {
    let before = &text[..start];
    if ["原", "时任", "曾任", "前任"]
        .iter()
        .any(|p| before.ends_with(p))
    {
        return true;
    }
    // 原市规划局, 原某某县教育局: 原, then a place name ending in 省/市/县/区/州/旗.
    let tail: String = before
        .chars()
        .rev()
        .take(7)
        .take_while(|c| is_han(*c))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    tail.char_indices().any(|(i, c)| {
        c == '原'
            && tail[i + c.len_utf8()..]
                .chars()
                .last()
                .is_some_and(|l| "省市县区州旗".contains(l))
    })
}
