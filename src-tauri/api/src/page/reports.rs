//! 报表: the year-end assessment and the annual report counts on screen, and saved as
//! files where the user picks (PDF or xlsx). Saving is a [`Job::Print`] of two stages
//! (the counts, the file), each reported and cancellable before it starts.

use disclosure_core::report::{self, FileKind};
use disclosure_core::window::SavedReport;
use disclosure_core::{office, Result};

use super::jobs::with_progress;
use disclosure_core::job::{step, Job};

use crate::Shell;

/// Saves the assessment as `pdf` or `xlsx`; `None` when the save dialog was cancelled.
pub fn report_assessment_save<S: Shell>(
    cx: &S,
    year: i32,
    office_id: Option<i64>,
    format: String,
) -> Result<Option<SavedReport>> {
    let desk = cx.desk();
    let kind = if format == "xlsx" {
        FileKind::Xlsx
    } else {
        FileKind::Pdf
    };
    let (a, name) = with_progress(cx, Job::Print, |progress| {
        step(progress, Job::Print, "统计考核数据", 0, 2)?;
        let counted = desk.as_reader(|s, me| {
            let a = report::assessment_for(s, me, year, office_id)?;
            let office = office_id.map(|id| office::get(s, id)).transpose()?;
            let name =
                report::assessment_file_name(&a, office.as_ref().map(|o| o.name.as_str()), kind);
            Ok((a, name))
        })?;
        step(progress, Job::Print, "统计考核数据", 1, 2)?;
        Ok(counted)
    })?;
    let filter = match kind {
        FileKind::Pdf => ("PDF 文件", &["pdf"][..]),
        FileKind::Xlsx => ("Excel 工作簿", &["xlsx"][..]),
        FileKind::Docx => ("Word 文档", &["docx"][..]),
    };
    let Some(path) = cx.save_path("保存考核报表", &name, filter) else {
        return Ok(None);
    };
    let w = with_progress(cx, Job::Print, |progress| {
        step(progress, Job::Print, "生成文件", 1, 2)?;
        report::write_assessment(&a, &path)
    })?;
    Ok(Some(SavedReport {
        path: path.display().to_string(),
        pages: w.pages,
        missing: w.missing.iter().collect(),
    }))
}

/// Saves the annual counts as xlsx; `None` when the save dialog was cancelled.
pub fn report_annual_save<S: Shell>(cx: &S, year: i32) -> Result<Option<SavedReport>> {
    let desk = cx.desk();
    let a = with_progress(cx, Job::Print, |progress| {
        step(progress, Job::Print, "统计年度数据", 0, 2)?;
        let counted = desk.as_reader(|s, _| report::annual(s, year))?;
        step(progress, Job::Print, "统计年度数据", 1, 2)?;
        Ok(counted)
    })?;
    let name = format!("{year}年政府信息公开工作年度报告-主动公开情况.xlsx");
    let filter = ("Excel 工作簿", &["xlsx"][..]);
    let Some(path) = cx.save_path("保存年度报告统计", &name, filter) else {
        return Ok(None);
    };
    with_progress(cx, Job::Print, |progress| {
        step(progress, Job::Print, "生成文件", 1, 2)?;
        report::write_annual(&a, &path)
    })?;
    Ok(Some(SavedReport {
        path: path.display().to_string(),
        pages: None,
        missing: String::new(),
    }))
}

/// Saves the whole annual report as `docx` or `xlsx`; `None` when the dialog was cancelled.
pub fn report_year_save<S: Shell>(
    cx: &S,
    year: i32,
    format: String,
) -> Result<Option<SavedReport>> {
    let desk = cx.desk();
    let r = with_progress(cx, Job::Print, |progress| {
        step(progress, Job::Print, "统计年度数据", 0, 2)?;
        let counted = desk.as_reader(|s, _| report::year_report(s, year))?;
        step(progress, Job::Print, "统计年度数据", 1, 2)?;
        Ok(counted)
    })?;
    let (ext, filter) = if format == "xlsx" {
        ("xlsx", ("Excel 工作簿", &["xlsx"][..]))
    } else {
        ("docx", ("Word 文档", &["docx"][..]))
    };
    let name = format!("{}{year}年政府信息公开工作年度报告.{ext}", r.agency);
    let Some(path) = cx.save_path("保存年度报告", &name, filter) else {
        return Ok(None);
    };
    with_progress(cx, Job::Print, |progress| {
        step(progress, Job::Print, "生成文件", 1, 2)?;
        report::write_year_report(&r, &path)
    })?;
    Ok(Some(SavedReport {
        path: path.display().to_string(),
        pages: None,
        missing: String::new(),
    }))
}

/// The whole annual report as a PDF opened in the viewer (the preview before the Word file
/// goes out), or saved as PDF when `save`; section 三's check rule is verified first.
pub fn report_year_preview<S: Shell>(
    cx: &S,
    year: i32,
    save: bool,
) -> Result<Option<disclosure_core::window::PrintedFile>> {
    let desk = cx.desk();
    let (pdf, name) = with_progress(cx, Job::Print, |progress| {
        step(progress, Job::Print, "统计年度数据", 0, 2)?;
        let r = desk.as_reader(|s, _| report::year_report(s, year))?;
        step(progress, Job::Print, "生成文件", 1, 2)?;
        let pdf = report::year_report_pdf(&r)?;
        Ok((
            pdf,
            format!("{}{year}年政府信息公开工作年度报告.pdf", r.agency),
        ))
    })?;
    super::sheet::deliver(cx, &pdf, &name, save)
}
