//! `disclosure sheet`: 审批表 of items, as the signed-in person may read them, with the audit chain's head in the footer.

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
