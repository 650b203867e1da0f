//! 打印审批表 and 审查登记簿: the PDF is opened in the system viewer for printing, or saved
//! where the user picks; a paper sheet's QR code (or hash) leads back to its round.

use disclosure_core::sheet::{self, Pdf};
use disclosure_core::window::PrintedFile;
use disclosure_core::{item, Error, Result};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_opener::OpenerExt;

use super::dialog;
use super::jobs::with_progress;
use crate::state::Scratch;
use disclosure_core::job::Job;

use super::Ctx;

/// Saves `pdf` where the user picks (`save`), or into the run's private temporary folder
/// and opens it in the system's PDF viewer. `None` when the save dialog was cancelled.
fn deliver<R: Runtime>(
    app: &AppHandle<R>,
    pdf: &Pdf,
    name: &str,
    save: bool,
) -> Result<Option<PrintedFile>> {
    let path = if save {
        match dialog::save_path(app, "保存 PDF", name, ("PDF 文件", &["pdf"])) {
            Some(p) => p,
            None => return Ok(None),
        }
    } else {
        app.state::<Scratch>().folder()?.join(name)
    };
    sheet::save(pdf, &path)?;
    if !save {
        if !pdf_viewer_installed() {
            return Err(Error::invalid(
                "viewer",
                "这台电脑上没有能打开 PDF 的程序，没能打开这份 PDF。请“另存为”PDF 文件，再用能打开 PDF 的程序打印。",
            ));
        }
        app.opener()
            .open_path(path.display().to_string(), None::<&str>)
            .map_err(|e| {
                log::error!("open pdf: {e}");
                Error::invalid(
                    "viewer",
                    "这台电脑上没有能打开 PDF 的程序，没能打开这份 PDF。请“另存为”PDF 文件，再用能打开 PDF 的程序打印。",
                )
            })?;
    }
    Ok(Some(PrintedFile {
        path: path.display().to_string(),
        pages: pdf.pages,
        missing: pdf.missing.iter().collect(),
    }))
}

/// Whether the desktop has a program for PDF files. On Linux `xdg-open` hands a file to
/// whatever is registered and reports success even when nothing is, so `xdg-mime` is asked
/// first (an empty answer: none); where it cannot be asked, or on other systems, the
/// opener's own error says so.
fn pdf_viewer_installed() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    match std::process::Command::new("xdg-mime")
        .args(["query", "default", "application/pdf"])
        .output()
    {
        Ok(out) if out.status.success() => !String::from_utf8_lossy(&out.stdout).trim().is_empty(),
        Ok(_) => false,
        Err(_) => true,
    }
}

/// The sheets of `ids` the person may read (each at its latest round, or at `round` for
/// one item) in one PDF, the audit chain's head in the footer. Read on a read connection,
/// so a batch of hundreds holds nobody up; `job-progress` events tell how far it is and
/// `job_cancel` stops it before any file is written.
pub fn sheet_print<R: Runtime>(
    cx: &Ctx<R>,
    ids: Vec<i64>,
    round: Option<i64>,
    save: bool,
) -> Result<Option<PrintedFile>> {
    let desk = cx.desk();
    let app = &cx.app;
    let (pdf, name) = with_progress(app, Job::Print, |report| {
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
    deliver(app, &pdf, &name, save)
}

/// The register of the reviews concluded from `from` to `to`, of the items the person
/// may read.
pub fn sheet_register<R: Runtime>(
    cx: &Ctx<R>,
    from: String,
    to: String,
    save: bool,
) -> Result<Option<PrintedFile>> {
    let desk = cx.desk();
    let app = &cx.app;
    let (pdf, _) = desk.as_reader(|s, me| sheet::print_register(s, me, &from, &to))?;
    deliver(app, &pdf, &format!("审查登记簿-{from}至{to}.pdf"), save)
}

/// 责任分工台账 as an A4 PDF.
pub fn sheet_ledger<R: Runtime>(cx: &Ctx<R>, save: bool) -> Result<Option<PrintedFile>> {
    let desk = cx.desk();
    let app = &cx.app;
    let pdf = desk.as_reader(|s, _| sheet::render_ledger(s))?;
    deliver(app, &pdf, "责任分工台账.pdf", save)
}
