use disclosure_core::audit::AuditCheck;
use disclosure_core::audit_admin::{self, AuditFilter};
use disclosure_core::calendar::{self, CalendarYear};
use disclosure_core::job::Job;
use disclosure_core::staff::Role;
use disclosure_core::window::ExportedFile;
use disclosure_core::wording::{self, AgencyList};
use disclosure_core::{sensitive_words, Result};

use super::jobs::with_progress;
use crate::Shell;

/// The chain, every anchor the data directory knows (its anchor file and backups) and the
/// records against the log (管理员), on a read connection, with `job-progress` events;
/// `job_cancel` stops it.
pub fn audit_verify<S: Shell>(cx: &S) -> Result<AuditCheck> {
    let desk = cx.desk();
    with_progress(cx, Job::AuditVerify, |report| {
        desk.as_reader(|s, me| audit_admin::verify_as(s, me, report))
    })
}

/// Asks where to save, then writes the filtered log as CSV. `None` when cancelled.
pub fn audit_export_csv<S: Shell>(cx: &S, filter: AuditFilter) -> Result<Option<ExportedFile>> {
    let desk = cx.desk();
    desk.as_user(|_, me| me.require(Role::Admin))?;
    let name = format!(
        "审计日志-{}.csv",
        disclosure_core::clock::today().format("%Y%m%d")
    );
    let Some(path) = cx.save_path("导出审计日志", &name, ("CSV 表格", &["csv"])) else {
        return Ok(None);
    };
    let count = desk.as_user(|s, me| audit_admin::export_csv(s, me, &filter, &path))?;
    Ok(Some(ExportedFile {
        path: path.display().to_string(),
        count,
    }))
}

/// Replaces the list with a text file the administrator picks; `None` when cancelled.
pub fn sensitive_words_import<S: Shell>(cx: &S) -> Result<Option<Vec<String>>> {
    let desk = cx.desk();
    desk.as_user(|_, me| me.require(Role::Admin))?;
    let Some(file) = cx.pick_file("导入敏感词表", ("文本文件", &["txt"])) else {
        return Ok(None);
    };
    desk.as_user(|s, me| sensitive_words::import_file(s, me, &file))
        .map(Some)
}

/// Asks where to save, then writes the list as a text file. `None` when cancelled.
pub fn sensitive_words_export<S: Shell>(cx: &S) -> Result<Option<ExportedFile>> {
    let desk = cx.desk();
    desk.as_user(|_, me| me.require(Role::Admin))?;
    let Some(path) = cx.save_path("导出敏感词表", "敏感词表.txt", ("文本文件", &["txt"]))
    else {
        return Ok(None);
    };
    let count = desk.as_user(|s, me| sensitive_words::export_file(s, me, &path))?;
    Ok(Some(ExportedFile {
        path: path.display().to_string(),
        count,
    }))
}

/// Replaces a 错敏词 list with a text file the administrator picks; `None` when cancelled.
pub fn wording_import<S: Shell>(cx: &S, list: AgencyList) -> Result<Option<Vec<String>>> {
    let desk = cx.desk();
    desk.as_user(|_, me| me.require(Role::Admin))?;
    let title = format!("导入{}", list.label());
    let Some(file) = cx.pick_file(&title, ("文本文件", &["txt"])) else {
        return Ok(None);
    };
    desk.as_user(|s, me| wording::import_file(s, me, list, &file))
        .map(Some)
}

/// Asks where to save, then writes a 错敏词 list as a text file. `None` when cancelled.
pub fn wording_export<S: Shell>(cx: &S, list: AgencyList) -> Result<Option<ExportedFile>> {
    let desk = cx.desk();
    desk.as_user(|_, me| me.require(Role::Admin))?;
    let title = format!("导出{}", list.label());
    let Some(path) = cx.save_path(&title, &list.file_name(), ("文本文件", &["txt"])) else {
        return Ok(None);
    };
    let count = desk.as_user(|s, me| wording::export_file(s, me, list, &path))?;
    Ok(Some(ExportedFile {
        path: path.display().to_string(),
        count,
    }))
}

/// Imports holiday arrangements (the shipped JSON shape) from a file the user picks.
pub fn calendar_import<S: Shell>(cx: &S) -> Result<Option<Vec<CalendarYear>>> {
    let desk = cx.desk();
    desk.as_user(|_, me| me.require(Role::Admin))?;
    let Some(path) = cx.pick_file("选择节假日安排文件", ("节假日安排（JSON）", &["json"]))
    else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| disclosure_core::Error::io(format!("读取“{}”", path.display()), e))?;
    let years = calendar::parse_years(&text, None)?;
    desk.as_user(|s, me| {
        let mut listed = Vec::new();
        for (year, plan) in &years {
            listed = calendar::add_year(s, me, *year, plan)?;
        }
        Ok(Some(listed))
    })
}
