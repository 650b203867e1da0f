//! 审计日志 as the administrator reads it (设置 → 审计日志, `disclosure audit`): the search,
//! the CSV for an inspector, and the full check of the chain against every anchor the data
//! directory knows — its anchor file, its backups and the bundles given.
//!
//! Above `audit`, `backup` and `bundle`: every module that changes data records in
//! `audit`, so `audit` itself reaches none of them; what needs them to read the log is
//! here.

mod view;

pub use view::{export_csv, recent, search, AuditFilter};

use std::path::PathBuf;

use crate::audit::{self, anchor, AnchorCheck, AuditCheck};
use crate::error::Result;
use crate::staff::{Role, Staff};
use crate::store::Store;

/// `audit verify`: the whole chain, every anchor in the anchor file, in the backups of the
/// backup folder and in the bundles given, and the records against the log.
pub fn verify_full(store: &Store, bundles: &[PathBuf]) -> Result<AuditCheck> {
    verify_full_with(store, bundles, &mut crate::job::quiet)
}

/// 审计日志 → 完整校验 in the window (管理员): [`verify_full_with`] without bundles.
pub fn verify_as(store: &Store, me: &Staff, report: crate::job::Report<'_>) -> Result<AuditCheck> {
    me.require(Role::Admin)?;
    verify_full_with(store, &[], report)
}

/// [`verify_full`], telling `report` how many entries are checked (every 10,000) and
/// stopping with [`crate::Error::Cancelled`] when it answers `false`.
pub fn verify_full_with(
    store: &Store,
    bundles: &[PathBuf],
    report: crate::job::Report<'_>,
) -> Result<AuditCheck> {
    let mut found = crate::backup::anchors(store.data_dir());
    let mut unreadable = Vec::new();
    for b in bundles {
        match crate::bundle::anchor_of(b) {
            Some((a, at)) => found.push(anchor::Found {
                source: format!("上传包 {}", b.display()),
                at: Some(at),
                anchor: a,
            }),
            None => unreadable.push(AnchorCheck {
                source: format!("上传包 {}", b.display()),
                count: 0,
                ok: false,
                problem: Some("读不出上传包 manifest.json 中的审计锚点。".into()),
            }),
        }
    }
    audit::verify_anchored(store, found, unreadable, report)
}
