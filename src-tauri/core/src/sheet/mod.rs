//! 打印 — the printed 政府信息公开保密审查审批表 (one per reviewed item, for the paper
//! archive, 归档备查) and the 审查登记簿, as PDF with embedded, subset Chinese fonts whose
//! text can be copied and searched.
//!
//! [`data`] gathers what a sheet says (the round's frozen version and its decisions);
//! [`render`] lays any number of sheets into one PDF, [`register`] and
//! [`render_register`] do the same for the register, and [`save`] writes a PDF so that a
//! failure leaves no partial file. They are drawn with `crate::typeset` (the embedded
//! faces, line breaking, a page). The parts: `layout` (ruled rows that flow across pages),
//! `review_sheet` and `register` (the two forms), `letter` (the 依申请公开 letters,
//! [`render_letter`]), `qr` (the footer code and reading it
//! back), `lookup` (from a paper sheet to its review round).

mod data;
pub(crate) mod layout;
mod ledger;
mod letter;
mod lookup;
mod qr;
mod register;
mod review_sheet;
mod slips;

use std::path::Path;

use printpdf::{PdfDocument, PdfSaveOptions};

use crate::error::{Error, Result};
use crate::job::{step, Job, Report};
use crate::typeset::{fonts, page};

pub use crate::typeset::fonts::MISSING_MARK;
pub use crate::typeset::linebreak::wrap;
pub use data::{data, FindingLine, SheetData, StepLine};
pub use letter::PrintedLetter;
pub use lookup::{lookup, lookup_as, SheetMatch};
pub use qr::{parse as parse_qr, payload as qr_payload, SheetRef};
pub use register::{register, Register, RegisterEntry};

/// A generated PDF.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the embedded fonts lack, printed as 〓 (tell the user).
    pub missing: Vec<char>,
}

/// The sheets, one after the other, in one PDF; each sheet's pages are numbered on
/// their own, so any sheet can be filed separately.
pub fn render(sheets: &[SheetData]) -> Result<Pdf> {
    render_with(sheets, &mut crate::job::quiet)
}

/// [`render`], telling `report` of each sheet laid out (a [`Job::Print`]); `false` stops
/// it ([`Error::Cancelled`]) before the PDF is made.
pub fn render_with(sheets: &[SheetData], report: Report<'_>) -> Result<Pdf> {
    if sheets.is_empty() {
        return Err(Error::invalid("items", "没有要打印的审批表。"));
    }
    let title = match sheets {
        [one] => format!("{} {}", review_sheet::TITLE, one.index_no),
        _ => format!("{}（{} 份）", review_sheet::TITLE, sheets.len()),
    };
    let total = sheets.len() as u64;
    let mut stopped = None;
    let pdf = build(&title, |pen| {
        let mut pages = Vec::new();
        for (done, s) in sheets.iter().enumerate() {
            if let Err(e) = step(report, Job::Print, "排版审批表", done as u64, total) {
                stopped = Some(e);
                break;
            }
            pages.extend(review_sheet::draw(pen, s));
        }
        pages
    });
    if let Some(e) = stopped {
        return Err(e);
    }
    step(report, Job::Print, "生成 PDF", total, total)?;
    pdf
}

/// 打印审批表: the sheets of `item_ids` that `actor` may read (each at its latest round,
/// or at `round` for one item) in one PDF, with the audit chain's head in every footer
/// (and in the anchor file).
pub fn print_sheets(
    store: &crate::store::Store,
    actor: &crate::staff::Staff,
    item_ids: &[i64],
    round: Option<i64>,
) -> Result<Pdf> {
    print_sheets_with(store, actor, item_ids, round, &mut crate::job::quiet)
}

/// [`print_sheets`], telling `report` of each sheet read and laid out (a [`Job::Print`]);
/// `false` stops it ([`Error::Cancelled`]): nothing is written, and the anchor file is
/// written only once every sheet has been read.
pub fn print_sheets_with(
    store: &crate::store::Store,
    actor: &crate::staff::Staff,
    item_ids: &[i64],
    round: Option<i64>,
    report: Report<'_>,
) -> Result<Pdf> {
    let total = item_ids.len() as u64;
    let mut sheets = Vec::with_capacity(item_ids.len());
    for (done, id) in item_ids.iter().enumerate() {
        step(report, Job::Print, "读取审批表", done as u64, total)?;
        crate::access::check(store, actor, *id)?;
        sheets.push(data(store, *id, round)?);
    }
    let anchor = crate::audit::anchor::take(store.conn(), store.data_dir(), "打印审批表")?;
    for s in &mut sheets {
        s.audit_anchor = Some(anchor.clone());
    }
    render_with(&sheets, report)
}

/// 打印审查登记簿 from `from` to `to`: the concluded rounds of the items `actor` may read,
/// with the audit chain's head in the footer. Returns the PDF and how many rounds it lists.
pub fn print_register(
    store: &crate::store::Store,
    actor: &crate::staff::Staff,
    from: &str,
    to: &str,
) -> Result<(Pdf, usize)> {
    let mut reg = register(store, from, to)?;
    let mut readable = Vec::with_capacity(reg.entries.len());
    for e in std::mem::take(&mut reg.entries) {
        if crate::access::check(store, actor, e.item_id).is_ok() {
            readable.push(e);
        }
    }
    reg.entries = readable;
    reg.audit_anchor = Some(crate::audit::anchor::take(
        store.conn(),
        store.data_dir(),
        "打印审查登记簿",
    )?);
    Ok((render_register(&reg)?, reg.entries.len()))
}

/// The register as a landscape PDF.
pub fn render_register(reg: &Register) -> Result<Pdf> {
    let title = format!("{} {} 至 {}", register::TITLE, reg.from, reg.to);
    build(&title, |pen| register::draw(pen, reg))
}

/// The 责任分工台账 of every work-plan task, as an A4 PDF.
pub fn render_ledger(store: &crate::store::Store) -> Result<Pdf> {
    let tasks = crate::plan::list(store)?;
    let agency = crate::agency::get(store)
        .map(|a| a.name)
        .unwrap_or_default();
    let today = crate::clock::today().format("%Y-%m-%d").to_string();
    build(ledger::TITLE, |pen| {
        ledger::draw(
            pen,
            &ledger::Ledger {
                agency: &agency,
                printed_on: &today,
                tasks: &tasks,
            },
        )
    })
}

/// 初始密码单 (管理员): a slip for each person just added, imported or reset, to hand over.
pub fn render_slips(
    store: &crate::store::Store,
    me: &crate::staff::Staff,
    people: &[crate::staff::Added],
) -> Result<Pdf> {
    me.require(crate::staff::Role::Admin)?;
    if people.is_empty() {
        return Err(Error::invalid("people", "没有要打印的初始密码。"));
    }
    let agency = crate::agency::get(store)
        .map(|a| a.name)
        .unwrap_or_default();
    build(slips::TITLE, |pen| slips::draw(pen, &agency, people))
}

/// A letter of the disclosure office (申请接收回执, 告知书, 答复书 …) as an A4 PDF.
pub fn render_letter(letter: &PrintedLetter) -> Result<Pdf> {
    let title = format!("{} {}", letter.title, letter.number);
    build(&title, |pen| letter::draw(pen, letter))
}

/// A PDF titled `title` with the pages `draw` lays out (the report module's too).
pub(crate) fn build(
    title: &str,
    draw: impl FnOnce(&mut page::Pen<'_>) -> Vec<page::Page>,
) -> Result<Pdf> {
    let fonts = fonts::get()?;
    let mut doc = PdfDocument::new(title);
    // The document properties say when it was made (printpdf's default is 1970-01-01).
    let made = pdf_date(crate::clock::now());
    doc.metadata.info.creation_date = made;
    doc.metadata.info.modification_date = made;
    doc.metadata.info.metadata_date = made;
    doc.metadata.info.creator = "政务公开工作台".into();
    let mut pen = page::Pen::new(fonts, &mut doc);
    let pages: Vec<_> = draw(&mut pen).into_iter().map(page::Page::finish).collect();
    let count = pages.len();
    let mut warnings = Vec::new();
    let opts = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let bytes = doc.with_pages(pages).save(&opts, &mut warnings);
    for w in warnings
        .iter()
        .filter(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        log::warn!("PDF: {w:?}");
    }
    Ok(Pdf {
        bytes,
        pages: count,
        missing: pen.missing.into_iter().collect(),
    })
}

/// `at` as the PDF's date (local time with its offset from UTC).
fn pdf_date(at: chrono::DateTime<chrono::FixedOffset>) -> printpdf::OffsetDateTime {
    use chrono::{Datelike, Timelike};
    let offset = at.offset().local_minus_utc();
    printpdf::OffsetDateTime::new_in_offset(
        printpdf::Date {
            year: at.year(),
            month: at.month() as u8,
            day: at.day() as u8,
        },
        printpdf::Time {
            hour: at.hour() as u8,
            minute: at.minute() as u8,
            second: at.second() as u8,
            millisecond: 0,
        },
        printpdf::Offset {
            hours: (offset / 3600) as i8,
            minutes: ((offset % 3600) / 60) as i8,
            seconds: 0,
            milliseconds: 0,
        },
    )
}

/// Writes `pdf` to `path` through a temporary file in the same folder, so the path holds
/// either the whole new PDF or what it held before.
pub fn save(pdf: &Pdf, path: &Path) -> Result<()> {
    crate::paths::write_atomic(path, &pdf.bytes, "保存 PDF")
}
