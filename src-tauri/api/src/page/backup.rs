//! 设置 → 备份与恢复, and the start-up screen's restore.

use std::path::Path;

use disclosure_core::backup::{self, BackupInfo};
use disclosure_core::job::Job;
use disclosure_core::staff::Role;
use disclosure_core::{Error, Result};

use super::jobs::with_progress;
use crate::Shell;

/// 立即备份 (管理员): the copy is made from a snapshot without holding the store, so the
/// other pages keep working; `job-progress` events tell its stages and `job_cancel` stops
/// it (its folder is removed). The store is taken only to record it in the audit log.
pub fn backup_create<S: Shell>(cx: &S) -> Result<BackupInfo> {
    let desk = cx.desk();
    let (data_dir, root) = desk.as_user(|s, me| backup::manual_target(s, me))?;
    let info = with_progress(cx, Job::Backup, |report| {
        backup::create_with(&data_dir, &root, backup::Reason::Manual, report)
    })?;
    desk.as_user(|s, me| backup::record_manual(s, me, &info))?;
    Ok(info)
}

/// The folder for backups from the system's dialog; `None` when cancelled.
pub fn backup_pick_dir<S: Shell>(cx: &S) -> Result<Option<String>> {
    let desk = cx.desk();
    desk.as_user(|_, me| me.require(Role::Admin))?;
    Ok(cx
        .pick_folder("选择备份位置")
        .map(|p| p.display().to_string()))
}

/// Restores a listed backup (管理员); everyone is signed out and the window reloads.
/// `job-progress` events tell its stages; `job_cancel` stops it until the current data has
/// been backed up, leaving that data as it was.
pub fn backup_restore<S: Shell>(cx: &S, path: String) -> Result<()> {
    let desk = cx.desk();
    let me = desk.as_user_confirmed(|_, me| Ok(me.clone()))?;
    with_progress(cx, Job::Restore, |report| {
        desk.restore(Path::new(&path), &me, report)
    })?;
    cx.sign_out_everyone();
    Ok(())
}

/// The start-up screen's 恢复: only while the data failed its start-up check.
pub fn startup_restore<S: Shell>(cx: &S) -> Result<()> {
    let desk = cx.desk();
    if desk.startup().ok {
        return Err(Error::Conflict("数据完好，无需恢复。".into()));
    }
    with_progress(cx, Job::Restore, |report| desk.restore_at_startup(report))
}

/// Opens the data directory in the system's file manager (the start-up screen).
pub fn startup_open_data_dir<S: Shell>(cx: &S) -> Result<()> {
    let desk = cx.desk();
    let dir = desk
        .data_dir()
        .ok_or_else(|| Error::NotFound("未能确定数据目录。".into()))?;
    cx.open(&dir, ("dir", "无法打开文件管理器。"))
}
