//! 依申请公开: a letter saved as PDF where the user picks (its text was fixed when it was
//! issued, so a reprint is the same letter). Any reader of applications may save one.

use disclosure_core::request::letters;
use disclosure_core::sheet::Pdf;
use disclosure_core::window::SavedReport;
use disclosure_core::Result;

use crate::Shell;

/// Saves letter `id` as PDF; `None` when the save dialog was cancelled.
pub fn request_letter_save<S: Shell>(cx: &S, id: i64) -> Result<Option<SavedReport>> {
    let desk = cx.desk();
    let (pdf, name): (Pdf, String) = desk.as_reader(|s, me| {
        let pdf = letters::render(s, me, id)?;
        let name = letters::file_name(s, me, id)?;
        Ok((pdf, name))
    })?;
    let Some(path) = cx.save_path("保存文书", &name, ("PDF 文件", &["pdf"][..])) else {
        return Ok(None);
    };
    disclosure_core::sheet::save(&pdf, &path)?;
    Ok(Some(SavedReport {
        path: path.display().to_string(),
        pages: Some(pdf.pages),
        missing: pdf.missing.iter().collect(),
    }))
}
