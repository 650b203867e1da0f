use std::path::PathBuf;

use disclosure_core::item::import::{self, ImportReport};
use disclosure_core::item::{self, Item};
use disclosure_core::{Error, Result};

use super::jobs::with_progress;
use crate::Shell;
use disclosure_core::job::Job;
use disclosure_core::review::FindingView;

/// 提交审查 (the drafter): the scan of the frozen version's attachments sends
/// `job-progress` events, and `job_cancel` stops it before anything is written.
pub fn item_submit<S: Shell>(cx: &S, id: i64) -> Result<Item> {
    with_progress(cx, Job::Scan, |report| {
        cx.desk()
            .as_user(|s, me| disclosure_core::review::submit_with(s, me, id, report))
    })
}

/// 提交前自查 (whoever may read the item), on a read connection, with the scan's progress
/// as for [`item_submit`].
pub fn item_self_check<S: Shell>(cx: &S, id: i64) -> Result<Vec<FindingView>> {
    with_progress(cx, Job::Scan, |report| {
        cx.desk()
            .as_reader(|s, me| disclosure_core::reads::self_check_with(s, me, id, report))
    })
}

pub fn rules_lists<S: Shell>(_cx: &S) -> Result<disclosure_core::rules::RuleLists> {
    Ok(disclosure_core::rules::lists())
}

/// Opens the native file dialog and attaches what the user picked (nothing if cancelled).
pub fn item_pick_attachments<S: Shell>(cx: &S, id: i64) -> Result<Item> {
    let desk = cx.desk();
    let files: Vec<PathBuf> = cx.pick_files("选择附件");
    desk.as_user(|s, me| {
        if files.is_empty() {
            disclosure_core::reads::item(s, me, id)
        } else {
            item::add_attachments(s, me, id, &files)
        }
    })
}

/// Opens an attachment in the system's program for its type, from a copy under its
/// original name in the run's private temporary folder (the store keeps files under their
/// hash). Executables and scripts are refused: a double click would run them.
pub fn item_open_attachment<S: Shell>(cx: &S, id: i64, attachment_id: i64) -> Result<()> {
    let desk = cx.desk();
    let (path, name) =
        desk.as_reader(|s, me| disclosure_core::reads::attachment(s, me, id, attachment_id))?;
    disclosure_core::paths::check_openable(&name)?;
    let copy = cx.scratch().folder()?.join(&name);
    std::fs::copy(&path, &copy).map_err(|e| Error::io("准备预览", e))?;
    cx.open(&copy, ("attachments", "系统中没有能打开该类型文件的程序。"))
}

/// Who else has the item open (the editor asks every few seconds, which also says that
/// this person has it open): only for someone who may read the item.
pub fn item_viewers<S: Shell>(cx: &S, id: i64) -> Result<Vec<String>> {
    cx.desk()
        .as_reader(|s, me| disclosure_core::reads::item(s, me, id).map(|_| ()))?;
    Ok(cx.viewing(id))
}

/// 批量导入: the user picks a `.json` or `.xlsx` file; all rows become drafts, or none do
/// and every bad row is reported. `None` when the dialog was cancelled.
pub fn item_import_pick<S: Shell>(cx: &S) -> Result<Option<ImportReport>> {
    let desk = cx.desk();
    let filter = ("事项清单（JSON、Excel）", &["json", "xlsx", "xls"][..]);
    let Some(file) = cx.pick_file("选择要导入的文件", filter) else {
        return Ok(None);
    };
    let rows = import::read_file(&file)?;
    desk.as_user(|s, me| import::import(s, me, &rows)).map(Some)
}
