//! `disclosure report …`: bad input (year, office, extension) is a usage error (exit 2);
//! failing to write the file is a failure (exit 1).

use std::process::ExitCode;

use disclosure_core::report::{self, FileKind};
use disclosure_core::{Error, Store};

use super::session::{office_by_name, reader, warn_missing};
use super::ReportCommand;

pub fn run(store: &mut Store, r: ReportCommand) -> Result<ExitCode, Error> {
    let written = match r {
        ReportCommand::Assessment {
            year,
            office,
            output,
            user,
        } => {
            FileKind::of(&output, &[FileKind::Pdf, FileKind::Xlsx])?;
            let me = reader(store, &user.user)?;
            let office_id = office
                .as_deref()
                .map(|o| office_by_name(store, o))
                .transpose()?;
            let a = report::assessment_for(store, &me, year, office_id)?;
            report::write_assessment(&a, &output).inspect(|w| {
                let scope = office.as_deref().unwrap_or("全部处室");
                let pages = w.pages.map(|p| format!("，{p} 页")).unwrap_or_default();
                println!(
                    "已生成 {} 年度政务公开考核（{scope}，统计至 {}{pages}）：{}",
                    a.year,
                    a.as_of,
                    output.display()
                );
                for o in &a.offices {
                    println!(
                        "{}\t发布 {}\t按时公开率 {}\t平均审查用时 {} 个工作日\t退回 {}\t逾期 {}",
                        o.office_name,
                        o.published,
                        report::percent(o.on_time_rate),
                        report::days(o.review_days),
                        o.returns,
                        o.overdue_count
                    );
                }
            })
        }
        ReportCommand::Annual { year, output, user } => {
            FileKind::of(&output, &[FileKind::Docx, FileKind::Xlsx, FileKind::Pdf])?;
            reader(store, &user.user)?;
            let r = report::year_report(store, year)?;
            report::write_year_report(&r, &output).inspect(|_| {
                println!(
                    "已生成 {} 年政府信息公开工作年度报告（统计至 {}）：{}",
                    r.year,
                    r.as_of,
                    output.display()
                );
                for x in &r.regulations.rows {
                    println!(
                        "{}：制发 {}，废止 {}，现行有效 {}",
                        x.label, x.enacted, x.repealed, x.in_force
                    );
                }
                for x in r.applications.rows.iter().filter(|x| x.level == 0) {
                    if let Some(c) = x.cells {
                        println!("{}：{}", x.label, c[6]);
                    }
                }
            })
        }
    };
    match written {
        Ok(w) => {
            warn_missing(&w.missing);
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("错误：{e}");
            Ok(ExitCode::from(1))
        }
    }
}
