//! 报表 — the year-end assessment of each office (年度考核, [`assessment`]) and the counts
//! of the national annual report's section 二 ([`annual`]), on screen and as files: the
//! assessment as PDF ([`pdf`], the review sheet's engine) or `.xlsx`, the annual counts as
//! `.xlsx` ([`xlsx`]). Files are written whole or not at all (`paths::write_atomic`).
//!
//! Reports only read; they change nothing, so they write no audit entry.

mod annual;
mod annual_docx;
mod annual_pdf;
mod annual_xlsx;
pub mod applications;
mod assessment;
mod pdf;
mod xlsx;
mod yearly;

use std::path::Path;

pub use crate::request::FeeCharged;
pub use annual::{annual, annual_on, AnnualReport, AnnualRow};
pub use applications::{ApplicationTable, TableRow};
pub use assessment::{
    assessment, assessment_for, assessment_on, check_year, days, percent, Assessment,
    OfficeAssessment, OverdueItem,
};
pub use yearly::{
    inputs as annual_inputs, set_inputs as set_annual_inputs, year_report, year_report_on,
    AnnualInputs, YearReport,
};

use crate::error::{Error, Result};
use crate::paths::write_atomic;

/// The file format of a report, chosen by the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Xlsx,
    Docx,
}

impl FileKind {
    /// The format `path` asks for, when it is one of `allowed`.
    pub fn of(path: &Path, allowed: &[FileKind]) -> Result<FileKind> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let kind = match ext.as_str() {
            "pdf" => Some(FileKind::Pdf),
            "xlsx" => Some(FileKind::Xlsx),
            "docx" => Some(FileKind::Docx),
            _ => None,
        };
        match kind {
            Some(k) if allowed.contains(&k) => Ok(k),
            _ => {
                let names: Vec<&str> = allowed.iter().map(|k| k.ext()).collect();
                let got = if ext.is_empty() {
                    "没有扩展名".to_string()
                } else {
                    format!("收到 .{ext}")
                };
                Err(Error::invalid(
                    "output",
                    format!("输出文件的扩展名应为 {}（{got}）。", names.join(" 或 ")),
                ))
            }
        }
    }

    pub fn ext(self) -> &'static str {
        match self {
            FileKind::Pdf => ".pdf",
            FileKind::Xlsx => ".xlsx",
            FileKind::Docx => ".docx",
        }
    }
}

/// A report file written for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// PDF pages (`None` for a workbook).
    pub pages: Option<usize>,
    /// Characters the PDF fonts lack, printed as 〓.
    pub missing: Vec<char>,
}

/// The assessment as a `.pdf` or `.xlsx` at `path` (by its extension).
pub fn write_assessment(a: &Assessment, path: &Path) -> Result<Written> {
    match FileKind::of(path, &[FileKind::Pdf, FileKind::Xlsx])? {
        FileKind::Pdf => {
            let pdf = pdf::render(a)?;
            write_atomic(path, &pdf.bytes, "保存考核报表")?;
            Ok(Written {
                pages: Some(pdf.pages),
                missing: pdf.missing,
            })
        }
        _ => {
            write_atomic(path, &xlsx::assessment(a)?, "保存考核报表")?;
            Ok(Written {
                pages: None,
                missing: Vec::new(),
            })
        }
    }
}

/// The whole annual report (sections 一 to 六) as a `.docx`, `.xlsx` or `.pdf` at `path`,
/// by its extension; section 三's check rule is verified before anything is written.
pub fn write_year_report(r: &YearReport, path: &Path) -> Result<Written> {
    r.applications.check()?;
    let bytes = match FileKind::of(path, &[FileKind::Docx, FileKind::Xlsx, FileKind::Pdf])? {
        FileKind::Docx => annual_docx::render(r)?,
        FileKind::Pdf => {
            let pdf = annual_pdf::render(r)?;
            write_atomic(path, &pdf.bytes, "保存年度报告")?;
            return Ok(Written {
                pages: Some(pdf.pages),
                missing: pdf.missing,
            });
        }
        _ => annual_xlsx::render(r)?,
    };
    write_atomic(path, &bytes, "保存年度报告")?;
    Ok(Written {
        pages: None,
        missing: Vec::new(),
    })
}

/// The whole annual report as a PDF to look at (the preview), after section 三's check.
pub fn year_report_pdf(r: &YearReport) -> Result<crate::sheet::Pdf> {
    r.applications.check()?;
    annual_pdf::render(r)
}

/// The annual counts as an `.xlsx` at `path`.
pub fn write_annual(a: &AnnualReport, path: &Path) -> Result<Written> {
    FileKind::of(path, &[FileKind::Xlsx])?;
    write_atomic(path, &xlsx::annual(a)?, "保存年度报告统计")?;
    Ok(Written {
        pages: None,
        missing: Vec::new(),
    })
}

/// The suggested file name of an assessment (`2026年度政务公开考核.pdf`, or with the office).
pub fn assessment_file_name(a: &Assessment, office: Option<&str>, kind: FileKind) -> String {
    let who = office.map(|o| format!("-{o}")).unwrap_or_default();
    format!("{}{who}{}", pdf::title(a).replace(' ', ""), kind.ext())
}
