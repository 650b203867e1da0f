//! 打印审批表 and 审查登记簿: the PDF is opened in the system viewer for printing, or saved
//! where the user picks; a paper sheet's QR code (or hash) leads back to its round.

use disclosure_core::sheet::{self, Pdf};
use disclosure_core::window::PrintedFile;
use disclosure_core::{item, Result};

use super::jobs::with_progress;
use disclosure_core::job::Job;

use crate::Shell;

/// Saves `pdf` where the user picks (`save`), or into the run's private temporary folder
/// and opens it in the system's PDF viewer. `None` when the save dialog was cancelled.
/// What the person is told when the file cannot be shown.
pub const NO_VIEWER: &str = "这台电脑上没有能打开 PDF 的程序，没能打开这份 PDF。请“另存为”PDF 文件，再用能打开 PDF 的程序打印。";

pub(crate) fn deliver<S: Shell>(
    cx: &S,
    pdf: &Pdf,
    name: &str,
    save: bool,
) -> Result<Option<PrintedFile>> {
    let path = if save {
        match cx.save_path("保存 PDF", name, ("PDF 文件", &["pdf"])) {
            Some(p) => p,
            None => return Ok(None),
        }
    } else {
        cx.scratch().folder()?.join(name)
    };
    sheet::save(pdf, &path)?;
    if !save {
        cx.open(&path, ("viewer", NO_VIEWER))?;
    }
    Ok(Some(PrintedFile {
        path: path.display().to_string(),
        pages: pdf.pages,
        missing: pdf.missing.iter().collect(),
    }))
}

/// The sheets of `ids` the person may read (each at its latest round, or at `round` for
/// one item) in one PDF, the audit chain's head in the footer. Read on a read connection,
/// so a batch of hundreds holds nobody up; `job-progress` events tell how far it is and
/// `job_cancel` stops it before any file is written.
pub fn sheet_print<S: Shell>(
    cx: &S,
    ids: Vec<i64>,
    round: Option<i64>,
    save: bool,
) -> Result<Option<PrintedFile>> {
    let desk = cx.desk();
    let (pdf, name) = with_progress(cx, Job::Print, |report| {
        desk.as_reader(|s, me| {
            let pdf = sheet::print_sheets_with(s, me, &ids, round, report)?;
            let name = match ids.as_slice() {
                [one] => format!(
                    "审批表-{}.pdf",
                    item::get(s, *one)?.index_no.replace(['/', '\\'], "-")
                ),
                _ => format!(
                    "审批表-{}份-{}.pdf",
                    ids.len(),
                    disclosure_core::clock::today().format("%Y%m%d")
                ),
            };
            Ok((pdf, name))
        })
    })?;
    deliver(cx, &pdf, &name, save)
}

/// The register of the reviews concluded from `from` to `to`, of the items the person
/// may read.
pub fn sheet_register<S: Shell>(
    cx: &S,
    from: String,
    to: String,
    save: bool,
) -> Result<Option<PrintedFile>> {
    let desk = cx.desk();
    let (pdf, _) = desk.as_reader(|s, me| sheet::print_register(s, me, &from, &to))?;
    deliver(cx, &pdf, &format!("审查登记簿-{from}至{to}.pdf"), save)
}

/// 责任分工台账 as an A4 PDF.
pub fn sheet_ledger<S: Shell>(cx: &S, save: bool) -> Result<Option<PrintedFile>> {
    let desk = cx.desk();
    let pdf = desk.as_reader(|s, _| sheet::render_ledger(s))?;
    deliver(cx, &pdf, "责任分工台账.pdf", save)
}
