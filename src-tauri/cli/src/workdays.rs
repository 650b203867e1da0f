//! `disclosure workdays`: the working-day calendar, read or extended.

use std::path::Path;
use std::process::ExitCode;

use disclosure_core::{calendar, Error, Store};

use super::WorkdaysCommand;

/// Working days on this data directory's calendar; without a database, the shipped years.
/// A date in a year with no holiday arrangement counts weekends only, and says so.
pub fn workdays(dir: &Path, w: &WorkdaysCommand) -> Result<ExitCode, Error> {
    let cal = if dir.join(disclosure_core::store::DB_FILE).exists() {
        calendar::load(&Store::open(dir)?)?
    } else {
        calendar::Calendar::shipped()
    };
    let date = |field: &'static str, s: &str| {
        chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| Error::invalid(field, format!("“{s}”不是有效日期（应为 YYYY-MM-DD）。")))
    };
    let warn = |dates: &[chrono::NaiveDate]| {
        use chrono::Datelike as _;
        let years: std::collections::BTreeSet<i32> = dates.iter().map(|d| d.year()).collect();
        for y in years.into_iter().filter(|y| !cal.covers(*y)) {
            eprintln!("注意：未载入 {y} 年的节假日安排，只按周末计算。");
        }
    };
    match w {
        WorkdaysCommand::Add { date: d, n } => {
            let from = date("date", d)?;
            let due = cal.add_working_days(from, *n);
            warn(&[from, due]);
            println!("{}", due.format("%Y-%m-%d"));
        }
        WorkdaysCommand::Between { from, to } => {
            let (a, b) = (date("from", from)?, date("to", to)?);
            warn(&[a, b]);
            println!("{}", cal.working_days_between(a, b));
        }
    }
    Ok(ExitCode::SUCCESS)
}
