//! The code's own shape, checked: rules the compiler cannot see.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Lines of the core's sources (but the files `except`, paths below `src/`) that match
/// `bad`.
fn offending(except: &[&str], bad: impl Fn(&str) -> bool) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut out = Vec::new();
    for f in files {
        if except.iter().any(|e| f.ends_with(e)) {
            continue;
        }
        for (n, line) in std::fs::read_to_string(&f).unwrap().lines().enumerate() {
            if bad(line) {
                out.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    out
}

#[test]
fn item_status_codes_reach_sql_only_through_the_one_mapping() {
    const CODES: &[&str] = &[
        "'draft'",
        "'in_review'",
        "'approved'",
        "'withheld'",
        "'referred'",
        "'exported'",
        "'published'",
        "'revoked'",
    ];
    // A review round's outcome shares some codes with the item's status: its lines say
    // `outcome`.
    // `item/life.rs` holds the one mapping (`status_sql!`).
    let found = offending(&["item/life.rs"], |l| {
        !l.contains("outcome") && CODES.iter().any(|c| l.contains(c))
    });
    assert!(
        found.is_empty(),
        "status codes written into SQL (use status_sql!):\n{}",
        found.join("\n")
    );
}

#[test]
fn only_the_life_changes_an_items_status() {
    // The one `UPDATE` of an item's status is written in `store::item_life` …
    let found = offending(&["store/item_life.rs"], |l| {
        let l = l.to_ascii_uppercase();
        l.contains("UPDATE ITEM SET") && l.contains("STATUS")
    });
    assert!(
        found.is_empty(),
        "an item's status changed outside store::item_life:\n{}",
        found.join("\n")
    );
    // … and only `item::life` calls it, after asking the life's rules.
    let callers = offending(&["store/item_life.rs", "item/life.rs"], |l| {
        let l = l.trim();
        l.contains("item_life") && l != "pub mod item_life;" && !l.starts_with("//")
    });
    assert!(
        callers.is_empty(),
        "store::item_life used outside item::life:\n{}",
        callers.join("\n")
    );
}

/// The names a source file reaches through `prefix` (`crate::` or `super::`), grouped
/// imports included; comments and strings are skipped.
fn reached(text: &str, prefix: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find(prefix) {
        rest = &rest[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The core's modules below `crate::` that the files of `dir` (or the file `dir.rs`) use.
fn uses(module: &str) -> BTreeSet<String> {
    let mut files = Vec::new();
    let dir = src().join(module);
    if dir.is_dir() {
        sources(&dir, &mut files);
    } else {
        files.push(src().join(format!("{module}.rs")));
    }
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        // A file's unit tests (at its end) may use whatever they need.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        out.extend(reached(code, "crate::"));
    }
    out.remove(module);
    out
}

#[test]
fn the_store_depends_on_nothing_of_the_domain() {
    // The store opens connections, migrates and runs transactions; seeding, the audit
    // keys and the backup before a migration are `data`'s, above it. Its table modules
    // return plain structs of their own (codes as text, the domain parses them); the one
    // thing of the domain they may use is the status codes' SQL spelling, `status_sql!`.
    let extra: Vec<String> = uses("store")
        .into_iter()
        .filter(|m| !["error", "clock", "paths", "status_sql"].contains(&m.as_str()))
        .collect();
    assert!(extra.is_empty(), "store/ reaches up into {extra:?}");
}

#[test]
fn items_do_not_depend_on_the_review() {
    // The review builds on items (rounds of an item's versions); an item's own life —
    // withdrawing a submission when its draft is edited included — is item::life's.
    assert!(!uses("item").contains("review"), "item/ uses crate::review");
}

#[test]
fn the_reviews_parts_form_no_cycle() {
    let dir = src().join("review");
    let parts: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "mod.rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let edges: Vec<(String, BTreeSet<String>)> = parts
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(dir.join(format!("{p}.rs"))).unwrap();
            let mut to = reached(&text, "super::");
            to.extend(reached(
                &text.replace("crate::review::", "super::"),
                "super::",
            ));
            to.retain(|m| parts.contains(m) && m != p);
            (p.clone(), to)
        })
        .collect();
    let left = in_cycles(&edges);
    assert!(
        left.is_empty(),
        "review's parts in a cycle, or using one: {left:?}"
    );
}

/// The nodes of `edges` (each with the nodes it uses) that are in a cycle or use one:
/// take away the nodes that use no remaining node until none is left; what stays.
fn in_cycles(edges: &[(String, BTreeSet<String>)]) -> BTreeSet<String> {
    let mut left: BTreeSet<String> = edges.iter().map(|(n, _)| n.clone()).collect();
    loop {
        let leaf: Vec<String> = left
            .iter()
            .filter(|p| {
                edges
                    .iter()
                    .find(|(n, _)| n == *p)
                    .is_some_and(|(_, to)| to.iter().all(|t| !left.contains(t)))
            })
            .cloned()
            .collect();
        if leaf.is_empty() {
            return left;
        }
        for l in leaf {
            left.remove(&l);
        }
    }
}

#[test]
fn the_cores_modules_form_no_cycle() {
    // Each module below `crate::` builds on the ones below it: `store` at the bottom, then
    // `audit` (everything records, so it reaches nothing that does), `staff`, `office`,
    // the item with its access rule, catalog rules and numbering, the review, and the
    // readers of everything (`audit_admin`, `reads`, `report`, `dashboard`) at the top.
    let modules: BTreeSet<String> = std::fs::read_dir(src())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|x| x == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|m| m != "lib")
        .collect();
    let edges: Vec<(String, BTreeSet<String>)> = modules
        .iter()
        .map(|m| {
            let mut to = uses(m);
            to.retain(|t| modules.contains(t));
            (m.clone(), to)
        })
        .collect();
    let left = in_cycles(&edges);
    let cycles: Vec<String> = edges
        .iter()
        .filter(|(m, _)| left.contains(m))
        .map(|(m, to)| format!("{m} → {:?}", to.intersection(&left).collect::<Vec<_>>()))
        .collect();
    assert!(
        cycles.is_empty(),
        "modules in a cycle, or using one:\n{}",
        cycles.join("\n")
    );
}

/// Whether `text` uses the driver itself: names `rusqlite`, runs SQL (`execute`,
/// `prepare`, `query_row`, `params!` …) or opens a transaction on the raw connection.
fn on_the_driver(text: &str) -> bool {
    const CALLS: &[&str] = &[
        "rusqlite",
        "params!",
        ".conn_mut()",
        ".execute(",
        ".execute_batch(",
        ".prepare(",
        ".prepare_cached(",
        ".query_row(",
        ".query_map(",
        ".last_insert_rowid(",
        ".transaction_with_behavior(",
        ".pragma_update(",
    ];
    CALLS.iter().any(|c| text.contains(c))
}

/// The storage seam: only `store/` uses the driver. Every other file writes no SQL and
/// holds a `store::Conn`/`store::Tx` only to pass it to the store's typed functions (the
/// driver's errors, too, are converted in `store::driver`; the public `Error` carries none
/// of its types).
#[test]
fn only_the_store_uses_the_driver() {
    let src = src();
    let mut files = Vec::new();
    sources(&src, &mut files);
    let on_driver: Vec<String> = files
        .iter()
        .filter(|f| !f.starts_with(src.join("store")))
        .filter(|f| on_the_driver(&std::fs::read_to_string(f).unwrap()))
        .map(|f| {
            f.strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    assert!(
        on_driver.is_empty(),
        "the driver used outside the store in {on_driver:?}: write the query as a typed function in store/"
    );
}
