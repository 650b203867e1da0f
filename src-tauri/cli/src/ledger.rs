//! `disclosure ledger`: 责任分工台账 as an A4 PDF.

use std::path::Path;
use std::process::ExitCode;

use disclosure_core::{sheet, Error, Store};

use super::session::{reader, warn_missing};

pub fn ledger(store: &mut Store, user: &str, output: &Path) -> Result<ExitCode, Error> {
    reader(store, user)?;
    let pdf = sheet::render_ledger(store)?;
    sheet::save(&pdf, output)?;
    warn_missing(&pdf.missing);
    println!(
        "已生成责任分工台账（{} 页）：{}",
        pdf.pages,
        output.display()
    );
    Ok(ExitCode::SUCCESS)
}
