//! 标记 — recording a bundle and marking what it carried, in one transaction with the audit.

use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::item::{self};
use crate::staff::Staff;
use crate::store::{bundles, publications, Store};

use super::*;

/// Records the bundle and marks what it carried, in one transaction with the audit, and
/// deletes its journal row. Exporting (`recovering` false), an item changed since it was
/// written undoes the export; recording after an interrupted export, the file is already
/// out there, so it is recorded as carried and only the items still as approved are marked.
pub(super) fn mark(store: &mut Store, actor: &Staff, plan: &Plan, recovering: bool) -> Result<()> {
    let file_name = &plan.file_name;
    let later = if recovering {
        "（导出过程中程序中断，重新启动后补记）"
    } else {
        ""
    };
    store.immediate(|tx| {
        bundles::insert_bundle(
            tx,
            &bundles::NewBundle {
                id: &plan.bundle_id,
                file_name,
                item_count: plan.items.len() as i64,
                revocation_count: plan.revocations.len() as i64,
                bytes: plan.bytes as i64,
                created_by: plan.created_by,
                created_at: &plan.created_at,
                sha256: plan.sha256.as_deref(),
            },
        )?;
        for p in &plan.items {
            // The item may have changed while the file was written: check again, here.
            let it = item::load(tx, p.item_id)?;
            let unchanged = matches!(approval(tx, &it)?, Ok(a) if a.content_hash == p.content_hash);
            if !unchanged && !recovering {
                return Err(Error::Conflict(format!(
                    "事项 {} 在导出过程中被改动，本次导出已撤销，请重新导出。",
                    p.index_no
                )));
            }
            bundles::insert_bundle_item(
                tx,
                &plan.bundle_id,
                p.item_id,
                p.version,
                &p.content_hash,
            )?;
            if unchanged {
                item::life::set_status(tx, it.id, it.status, Status::Exported)?;
            }
            audit::append(
                tx,
                actor.into(),
                Event::new(
                    "bundle.export",
                    format!(
                        "导出 {}《{}》（第 {} 版）到上传包 {file_name}（{}）{later}",
                        p.index_no, p.title, p.version, plan.bundle_id
                    ),
                )
                .item(p.item_id)
                .hashes(None, Some(&p.content_hash)),
            )?;
        }
        for r in &plan.revocations {
            publications::carried_by(tx, r.id, &plan.bundle_id)?;
            audit::append(
                tx,
                actor.into(),
                Event::new(
                    "bundle.export",
                    format!(
                        "上传包 {file_name}（{}）通知网站{} {}《{}》{later}",
                        plan.bundle_id,
                        r.kind.label(),
                        r.index_no,
                        r.title
                    ),
                )
                .item(r.item_id),
            )?;
        }
        unjournal(tx, &plan.bundle_id)
    })
}
