//! 导出 page: the upload bundle — what may go out, the export itself (native folder
//! dialog, `bundle-progress` events, cancel), 校验上传包, 登记发布 and 撤回/废止.
//!
//! The export runs on a blocking thread and holds the store for as long as it writes;
//! `bundle_cancel` therefore touches only its own flag (`ExportCancel`), never the store.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use disclosure_core::bundle::{
    self, BundleCheck, BundleResult, ExportRequest, Progress, PublishReport,
};
use disclosure_core::Result;

use super::jobs::StepPause;
use crate::Shell;

/// The event the export page listens to.
pub const PROGRESS_EVENT: &str = "bundle-progress";

/// How often progress reaches the window at most (the core reports every entry and MiB).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Set by 取消 while an export runs; the export stops at its next progress report.
#[derive(Default)]
pub struct ExportCancel {
    asked: AtomicBool,
    pause: StepPause,
}

impl ExportCancel {
    /// A cancel whose exports wait `pause` at each progress report (every entry and MiB).
    pub fn pausing(pause: StepPause) -> Self {
        Self {
            asked: AtomicBool::new(false),
            pause,
        }
    }

    /// Asks the running export to stop.
    pub fn ask(&self) {
        self.asked.store(true, Ordering::SeqCst);
    }
}

/// Asks for the destination folder, then writes the bundle; `None` when the dialog was
/// cancelled. `item_ids` `None` exports every approved item not yet exported.
pub fn bundle_export<S: Shell>(cx: &S, item_ids: Option<Vec<i64>>) -> Result<Option<BundleResult>> {
    let desk = cx.desk();
    let cancel = cx.export_cancel();
    // 发布员 or 管理员, password confirmed: checked before the folder is asked for.
    desk.as_user_confirmed(|_, me| bundle::require_publisher(me))?;
    let Some(dir) = cx.bundle_folder() else {
        return Ok(None);
    };
    cancel.asked.store(false, Ordering::SeqCst);
    let req = ExportRequest { item_ids, dir };
    // The zip is written from a snapshot on a read connection; the writer is taken only to
    // journal and mark at the end, so the other pages keep working meanwhile — and on a
    // thread of lower CPU priority, so hashing and zipping a large bundle takes only what
    // the people's requests leave. Its progress comes back here to be shown.
    let me = desk.as_user(|_, me| Ok(me.clone()))?;
    let db = desk.db();
    let (stop, pause) = (&cancel.asked, cancel.pause);
    let mut last: Option<Instant> = None;
    disclosure_core::job::in_background_telling(
        |tell| {
            let mut progress = |p: &Progress| {
                let _ = tell.send(p.clone());
                pause.wait();
                !stop.load(Ordering::SeqCst)
            };
            bundle::export_shared(db, &me, &req, &mut progress)
        },
        |p: Progress| {
            let finished = p.done_bytes >= p.total_bytes;
            if finished || last.is_none_or(|t| t.elapsed() >= PROGRESS_EVERY) {
                last = Some(Instant::now());
                cx.emit(PROGRESS_EVENT, p);
            }
        },
    )
    .map(Some)
}

/// 取消 the running export: no file is left and nothing is marked.
pub fn bundle_cancel<S: Shell>(cx: &S) -> Result<()> {
    let cancel = cx.export_cancel();
    cancel.ask();
    Ok(())
}

/// 校验上传包: `path` when the window knows it (the bundle just written), else the one
/// the user picks; `None` when the dialog was cancelled.
pub fn bundle_verify<S: Shell>(cx: &S, path: Option<String>) -> Result<Option<BundleCheck>> {
    let filter = ("上传包", &["zip"][..]);
    let Some(path) = path
        .map(PathBuf::from)
        .or_else(|| cx.pick_file("选择要校验的上传包", filter))
    else {
        return Ok(None);
    };
    // Also against this data directory's record of the export (no record's content is
    // shown: anyone at the window may check a bundle).
    let desk = cx.desk();
    match desk.with(|s| bundle::verify_recorded(s, &path)) {
        Ok(check) => Ok(Some(check)),
        Err(e) if e.code() == "data_dir" => bundle::verify(&path).map(Some),
        Err(e) => Err(e),
    }
}

/// 导入发布清单: a CSV of `索引号,URL,发布日期` the user picks; `None` when cancelled.
pub fn bundle_publish_csv<S: Shell>(cx: &S) -> Result<Option<PublishReport>> {
    let desk = cx.desk();
    desk.as_user(|_, me| bundle::require_publisher(me))?;
    let filter = ("发布清单（CSV）", &["csv", "txt"][..]);
    let Some(file) = cx.pick_file("选择网站返回的发布清单", filter) else {
        return Ok(None);
    };
    desk.as_user(|s, me| bundle::publish_csv_file(s, me, &file))
        .map(Some)
}
