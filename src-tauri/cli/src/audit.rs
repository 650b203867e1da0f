//! `disclosure audit verify`: the audit chain checked against its anchors, and bundles against the record.

use std::path::PathBuf;
use std::process::ExitCode;

use disclosure_core::{audit_admin, Error, Store};

use super::json;

/// Integrity only (no record's content): anyone who can read the data directory.
pub fn audit_verify(
    store: &mut Store,
    bundles: &[PathBuf],
    as_json: bool,
) -> Result<ExitCode, Error> {
    let check = audit_admin::verify_full(store, bundles)?;
    if as_json {
        println!("{}", json(&check));
    } else {
        if check.ok {
            println!("OK {}", check.message);
        } else {
            println!("FAILED {}", check.message);
        }
        for a in check.anchors.iter().filter(|a| !a.ok) {
            println!(
                "锚点不符\t{}\t{}",
                a.source,
                a.problem.as_deref().unwrap_or_default()
            );
        }
        for r in &check.records {
            println!("记录不符\t{r}");
        }
    }
    Ok(ExitCode::from(u8::from(!check.ok)))
}
