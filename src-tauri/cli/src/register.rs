//! `disclosure register`: 审查登记簿 of a period, of the items the signed-in person may read.

use std::path::Path;
use std::process::ExitCode;

use disclosure_core::{sheet, Error, Store};

use super::session::{reader, warn_missing};

pub fn register(
    store: &mut Store,
    user: &str,
    from: &str,
    to: &str,
    output: &Path,
) -> Result<ExitCode, Error> {
    let me = reader(store, user)?;
    let (pdf, entries) = sheet::print_register(store, &me, from, to)?;
    sheet::save(&pdf, output)?;
    warn_missing(&pdf.missing);
    println!(
        "已生成审查登记簿（{from} 至 {to}，{entries} 项，{} 页）：{}",
        pdf.pages,
        output.display()
    );
    Ok(ExitCode::SUCCESS)
}
