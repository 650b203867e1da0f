//! The code's own shape, checked: rules the compiler cannot see.

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

/// Lines of the core's sources (but `item/life.rs`, the one mapping) that match `bad`.
fn offending(bad: impl Fn(&str) -> bool) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut out = Vec::new();
    for f in files {
        if f.ends_with("item/life.rs") {
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
    let found = offending(|l| !l.contains("outcome") && CODES.iter().any(|c| l.contains(c)));
    assert!(
        found.is_empty(),
        "status codes written into SQL (use status_sql!):\n{}",
        found.join("\n")
    );
}

#[test]
fn only_the_life_changes_an_items_status() {
    let found = offending(|l| {
        let l = l.to_ascii_uppercase();
        l.contains("UPDATE ITEM SET") && l.contains("STATUS")
    });
    assert!(
        found.is_empty(),
        "an item's status changed outside item::life:\n{}",
        found.join("\n")
    );
}
