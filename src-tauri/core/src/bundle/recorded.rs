//! 对照导出记录校验 — a bundle checked against what this data directory recorded when it
//! was exported: the zip's SHA-256 and every item's approved content hash.
//!
//! [`super::verify`] proves a bundle is whole and consistent with itself; someone who
//! changed a file on the USB stick and rewrote `SHA256SUMS` and the manifest to match
//! would pass it. The record of the export cannot be rewritten from the stick, so this
//! catches that too.

use std::collections::BTreeMap;
use std::path::Path;

use super::{file_sha256, manifest_of, verify, BundleCheck, BundleProblem, ProblemKind};
use crate::error::{Error, Result};
use crate::store::{bundles, Store};

/// Checks the bundle at `path` on its own ([`verify`]) and against this data directory's
/// record of its export.
pub fn verify_recorded(store: &Store, path: &Path) -> Result<BundleCheck> {
    let mut check = verify(path)?;
    let mut problems = Vec::new();
    let mut add = |kind, file: Option<&str>, message: String| {
        problems.push(BundleProblem {
            kind,
            file: file.map(str::to_string),
            message,
        })
    };
    match check.bundle_id.clone() {
        None => add(
            ProblemKind::Invalid,
            None,
            "读不出上传包的编号，无法与导出记录对照。".into(),
        ),
        Some(id) => match bundles::recorded(store.conn(), &id)? {
            None => add(
                ProblemKind::Invalid,
                None,
                format!("本机的数据中没有上传包 {id} 的导出记录：它不是从这里导出的。"),
            ),
            Some((sha256, _bytes)) => {
                let actual = file_sha256(path)
                    .map_err(|e| Error::io(format!("读取上传包“{}”", path.display()), e))?;
                match sha256 {
                    Some(s) if s != actual => add(
                        ProblemKind::Different,
                        None,
                        "整个 zip 文件的 SHA-256 与导出时记录的不同：导出后被改动过。".into(),
                    ),
                    Some(_) => {}
                    None => log::info!("bundle {id} was exported before hashes were recorded"),
                }
                items_against_record(store, &id, path, &mut add)?;
            }
        },
    }
    if !problems.is_empty() {
        check.ok = false;
        check.problems.extend(problems);
        check.message = format!(
            "上传包有 {} 处问题（含与导出记录不符之处），不能使用。",
            check.problems.len()
        );
    } else if check.ok {
        check.message = format!(
            "{}并与本机的导出记录一致。",
            check.message.trim_end_matches('。')
        );
    }
    Ok(check)
}

/// Every item the manifest lists was carried by this bundle with that content hash, and
/// every item recorded is listed.
fn items_against_record(
    store: &Store,
    bundle_id: &str,
    path: &Path,
    add: &mut impl FnMut(ProblemKind, Option<&str>, String),
) -> Result<()> {
    let mut recorded: BTreeMap<String, String> = bundles::carried(store.conn(), bundle_id)?
        .into_iter()
        .collect();
    let Some(m) = manifest_of(path) else {
        return Ok(()); // `verify` already reported the unreadable manifest.
    };
    for it in &m.items {
        let meta = format!("{}/metadata.json", it.folder);
        match recorded.remove(&it.index_no) {
            None => add(
                ProblemKind::Extra,
                Some(&meta),
                format!("事项 {} 不在这个上传包的导出记录中。", it.index_no),
            ),
            Some(hash) if hash != it.content_hash => add(
                ProblemKind::Different,
                Some(&meta),
                format!(
                    "事项 {} 的内容哈希与导出时记录的（审查通过的版本）不同。",
                    it.index_no
                ),
            ),
            Some(_) => {}
        }
    }
    for index_no in recorded.keys() {
        add(
            ProblemKind::Missing,
            None,
            format!("导出记录中的事项 {index_no} 不在上传包的 manifest.json 中。"),
        );
    }
    Ok(())
}
