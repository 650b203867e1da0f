//! `disclosure sheet | register | ledger`: the printed forms, as the signed-in person may
//! read them, each with the audit chain's head in its footer.

use std::path::Path;
use std::process::ExitCode;

use disclosure_core::{item, sheet, Error, Store};

use super::session::{reader, warn_missing};

pub fn sheets(
    store: &mut Store,
    user: &str,
    index_nos: &[String],
    round: Option<i64>,
    output: &Path,
) -> Result<ExitCode, Error> {
    if round.is_some() && index_nos.len() > 1 {
        return Err(Error::invalid("round", "--round 只能与一个索引号同用。"));
    }
    let me = reader(store, user)?;
    let ids = index_nos
        .iter()
        .map(|n| item::read_by_index_no(store, &me, n).map(|it| it.id))
        .collect::<Result<Vec<_>, _>>()?;
    let pdf = sheet::print_sheets(store, &me, &ids, round)?;
    sheet::save(&pdf, output)?;
    warn_missing(&pdf.missing);
    println!(
        "已生成 {} 份审批表，共 {} 页：{}",
        ids.len(),
        pdf.pages,
        output.display()
    );
    Ok(ExitCode::SUCCESS)
}

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
