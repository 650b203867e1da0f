//! `disclosure` — the headless command line over the same core and data directory as the
//! app, for administrators' scripts and for tests.
//!
//! Acting commands name a user (`--user`, `--by`) whose password is read from the
//! environment variable `DISCLOSURE_PASSWORD` or prompted, never taken as an argument; the
//! same rules apply as in the window.
//!
//! Exit status: 0 success, 1 a check found a problem, 2 an error (bad input, storage).
//! When the reader of the output goes away (`disclosure … | head -1`) the program stops
//! quietly, as Unix tools do.

/// `println!` that stops the program quietly when standard output is a closed pipe,
/// instead of panicking on it; any other failure to write is an error (exit 2).
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            output_failed(e)
        }
    }};
}

/// `print!` with the same handling as [`println!`].
macro_rules! print {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout().lock(), $($arg)*) {
            output_failed(e)
        }
    }};
}

fn output_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("错误：无法写出结果：{e}");
    std::process::exit(2)
}

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use disclosure_core::item::{self, import, ItemQuery};
use disclosure_core::staff::{self, NewStaff, Role, Staff};
use disclosure_core::{
    agency, backup, bundle, calendar, cli_zh, lock, office, overview, paths, scan, sensitive_words,
    sheet, staff_import, Error, Store,
};

#[derive(Parser)]
#[command(name = "disclosure", version, about = "政务公开工作台 命令行工具")]
struct Cli {
    /// 数据目录（默认：环境变量 DISCLOSURE_DESK_DATA，或系统应用数据目录）
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 显示数据目录、数据结构版本和记录数
    Info {
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 初始化数据目录；可同时创建第一位管理员（密码取自 DISCLOSURE_PASSWORD 或提示输入）
    Init {
        /// 第一位管理员的姓名
        #[arg(long, value_name = "NAME")]
        admin: Option<String>,
        /// 管理员所在处室
        #[arg(long, value_name = "OFFICE", default_value = "办公室")]
        office: String,
        /// 机构代码（索引号前缀）
        #[arg(long, value_name = "CODE")]
        org_code: Option<String>,
    },
    /// 人员管理
    #[command(subcommand)]
    User(UserCommand),
    /// 公开事项
    #[command(subcommand)]
    Item(ItemCommand),
    /// 保密审查
    #[command(subcommand)]
    Review(ReviewCommand),
    /// 审计日志
    #[command(subcommand)]
    Audit(AuditCommand),
    /// 生成演示数据：处室人员、各类别各状态的公开事项、审查、发布与审计记录（只用于没有事项的数据目录）
    GenDemo {
        /// 事项数
        #[arg(long, value_name = "N")]
        items: usize,
        /// 随机种子（同一种子在同一天生成相同的数据）
        #[arg(long, value_name = "S", default_value_t = 2026)]
        seed: u64,
        /// 把这一天当作“今天”生成（YYYY-MM-DD），缺省为今天
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
        today: Option<chrono::NaiveDate>,
    },
    /// 工作日计算（跳过法定节假日，计入调休上班日）
    #[command(subcommand)]
    Workdays(WorkdaysCommand),
    /// 打印政府信息公开保密审查审批表（PDF）：每个索引号一份，按给出的顺序合为一个文件
    Sheet {
        /// 索引号（可多个）
        #[arg(required = true, value_name = "索引号")]
        index_nos: Vec<String>,
        /// 输出的 PDF 文件
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// 打印第 N 轮审查（默认：最近一轮未撤回的审查）；只能与一个索引号同用
        #[arg(long, value_name = "N")]
        round: Option<i64>,
    },
    /// 打印审查登记簿（PDF）：列出期间内办结的保密审查
    Register {
        /// 起始日期（含）
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        /// 截止日期（含）
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        /// 输出的 PDF 文件
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// 责任分工台账（PDF）：各项工作任务的牵头处室、落实专人、关联事项与进度
    Ledger {
        /// 输出的 PDF 文件
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// 报表：年度考核（PDF 或 Excel，按 -o 的扩展名）与年度报告统计（Excel）
    #[command(subcommand)]
    Report(ReportCommand),
    /// 导出上传包（发布员或管理员）：成功时只打印上传包路径。不给索引号时导出全部“已通过”且未导出的事项
    Export {
        /// 要导出的事项的索引号（也可以是“已导出”的事项，重新导出）
        #[arg(value_name = "索引号", conflicts_with = "all_approved")]
        index_nos: Vec<String>,
        /// 导出全部“已通过”且未导出的事项（不给索引号时的默认做法）
        #[arg(long)]
        all_approved: bool,
        /// 上传包存放的文件夹
        #[arg(short = 'o', long = "out", value_name = "DIR")]
        out: PathBuf,
        /// 以该人员身份导出（默认取环境变量 DISCLOSURE_USER；密码取自 DISCLOSURE_PASSWORD 或提示输入）
        #[arg(long, value_name = "NAME")]
        user: Option<String>,
    },
    /// 校验上传包：完好时打印 OK 并退出码 0；否则逐个指出缺少、多余或不一致的文件，退出码 1
    Verify {
        /// 上传包（.zip）
        bundle: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// 登记发布：单个事项（索引号 --url --date），或导入 CSV（--csv，每行 索引号,URL,发布日期）
    Publish {
        /// 索引号（单个登记时）
        #[arg(
            value_name = "索引号",
            conflicts_with = "csv",
            required_unless_present = "csv"
        )]
        index_no: Option<String>,
        /// 公开网址
        #[arg(long, requires = "index_no")]
        url: Option<String>,
        /// 发布日期 YYYY-MM-DD（默认今天）
        #[arg(long, requires = "index_no")]
        date: Option<String>,
        /// 网站回传的 CSV：索引号,URL,发布日期（可有表头）；正确的行登记，错误的行按行号报告（退出码 1）
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        #[command(flatten)]
        user: UserArg,
        #[arg(long)]
        json: bool,
    },
    /// 撤回或废止已发布的事项，下一个上传包会通知网站
    Revoke {
        /// 索引号
        index_no: String,
        /// withdrawn（撤回）或 repealed（废止）
        #[arg(long, default_value = "withdrawn")]
        kind: String,
        /// 原因（只留在本机，不进入上传包）
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        user: UserArg,
    },
    /// 备份数据库和附件（程序运行时也可以）：成功时只打印备份文件夹的路径
    Backup {
        /// 备份存放的文件夹（默认：设置中的备份位置，未设置时为数据目录中的 backups）
        #[arg(short = 'o', long = "out", value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// 从备份恢复：先校验备份，再把当前数据另做一份备份，然后替换（须先关闭程序）
    Restore {
        /// 备份文件夹（disclosure backup 打印的路径）
        backup: PathBuf,
    },
    /// 发布前检查数据库之外的文件（使用数据目录中的敏感词表）：发现阻断项时退出码 1，否则 0
    Scan {
        /// 要检查的文件（.docx .xlsx .xls .pdf .txt .csv .html）
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 以 JSON 输出：{"findings":[{"kind","severity","location","match",…}]}
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ReportCommand {
    /// 年度考核：各处室发布事项（按类别）、按时公开率、平均审查用时、退回次数和逾期事项
    Assessment {
        /// 年度，如 2026
        #[arg(long, value_name = "YYYY")]
        year: i32,
        /// 只统计这个处室（默认：全部处室）
        #[arg(long, value_name = "处室")]
        office: Option<String>,
        /// 输出文件：.pdf 或 .xlsx
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// 年度报告第二部分第二十条第（一）项：规章和行政规范性文件的本年制发、本年废止、现行有效件数
    Annual {
        /// 年度，如 2026
        #[arg(long, value_name = "YYYY")]
        year: i32,
        /// 输出文件：.xlsx
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
enum WorkdaysCommand {
    /// 打印 DATE 之后第 N 个工作日（DATE 当天不计）
    Add {
        /// 起算日期 YYYY-MM-DD
        date: String,
        /// 工作日数
        n: u32,
    },
    /// 打印 FROM 之后到 TO（含）之间的工作日数
    Between {
        /// YYYY-MM-DD
        from: String,
        /// YYYY-MM-DD
        to: String,
    },
}

#[derive(Subcommand)]
enum ReviewCommand {
    /// 对当前步骤作出审查决定（规则与窗口中相同，包括职责分离）
    Decide {
        /// 索引号
        index_no: String,
        #[command(flatten)]
        user: UserArg,
        /// approve | return | withhold | on-request | partial | refer
        #[arg(long)]
        decision: String,
        /// 法定依据（可重复），如 A15、A16-2a
        #[arg(long = "ground")]
        grounds: Vec<String>,
        /// 意见
        #[arg(long)]
        comment: Option<String>,
    },
    /// 列出该人员可以处理的审查事项（先提交的在前）
    Queue {
        #[command(flatten)]
        user: UserArg,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// 校验审计日志的哈希链：完好时退出码 0，发现被改动、插入或删除的记录时退出码 1 并指出第一条
    Verify {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// 添加人员（新人员的初始密码取自 DISCLOSURE_NEW_PASSWORD 或提示输入）
    Add {
        name: String,
        #[arg(long)]
        office: String,
        /// 角色，逗号分隔：drafter,office_head,reviewer,leader,publisher,admin（或中文名）
        #[arg(long, value_delimiter = ',')]
        roles: Vec<String>,
        /// 执行操作的管理员
        #[arg(long, value_name = "ADMIN")]
        by: String,
    },
    /// 从 .xlsx 导入人员（表头：姓名、处室、角色）：全部有效才导入，否则一人也不导入并列出每个错误行；
    /// 所有新人员的初始密码取自 DISCLOSURE_NEW_PASSWORD 或提示输入
    Import {
        file: PathBuf,
        /// 执行操作的管理员
        #[arg(long, value_name = "ADMIN")]
        by: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ItemCommand {
    /// 从 .json 或 .xlsx 批量导入草稿：全部有效才导入，否则一条也不导入并列出每个错误行
    Import {
        file: PathBuf,
        #[command(flatten)]
        user: UserArg,
        #[arg(long)]
        json: bool,
    },
    /// 列出事项（最近修改的在前）
    List {
        /// 检索词
        #[arg(long)]
        search: Option<String>,
        /// 最多列出条数
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// 提交保密审查（冻结当前版本）
    Submit {
        /// 索引号
        index_no: String,
        #[command(flatten)]
        user: UserArg,
    },
    /// 显示一个事项
    Show {
        /// 索引号
        index_no: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
struct UserArg {
    /// 以该人员身份操作（密码取自 DISCLOSURE_PASSWORD 或提示输入）
    #[arg(long, value_name = "NAME")]
    user: String,
}

fn main() -> ExitCode {
    let matches = match cli_zh::localize(Cli::command()).try_get_matches() {
        Ok(m) => m,
        Err(e) => return parse_failed(&e),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return parse_failed(&e),
    };
    match run(cli) {
        Ok(code) => code,
        // The data directory is in use: the command was refused, nothing went wrong.
        Err(e @ Error::Locked(_)) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(2)
        }
    }
}

/// Help and version go to standard output (exit 0); a usage error to standard error, in
/// Chinese (exit 2).
fn parse_failed(e: &clap::Error) -> ExitCode {
    match cli_zh::error_message(e) {
        Some(message) => {
            eprint!("{message}");
            ExitCode::from(2)
        }
        None => {
            print!("{}", cli_zh::help_text(&e.render().to_string()));
            ExitCode::SUCCESS
        }
    }
}

/// A date argument, `YYYY-MM-DD`.
fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("日期“{s}”无效，请按 2026-12-02 的格式填写"))
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into())
}

/// A password from `var`, or typed at a prompt that does not echo.
fn password(var: &str, prompt: &str) -> Result<String, Error> {
    if let Ok(p) = std::env::var(var) {
        return Ok(p);
    }
    rpassword::prompt_password(prompt).map_err(|_| {
        Error::Unauthenticated(format!(
            "无法读取密码：请在终端中输入，或设置环境变量 {var}。"
        ))
    })
}

fn sign_in(store: &mut Store, name: &str) -> Result<Staff, Error> {
    let pw = password("DISCLOSURE_PASSWORD", &format!("{name} 的密码："))?;
    staff::sign_in(store, name, &pw)
}

fn office_by_name(store: &Store, name: &str) -> Result<i64, Error> {
    office::list(store, false)?
        .into_iter()
        .find(|o| o.name == name.trim())
        .map(|o| o.id)
        .ok_or_else(|| Error::invalid("office", format!("没有名为“{}”的处室。", name.trim())))
}

/// Tells which characters the fonts lack (they are printed as 〓).
fn warn_missing(missing: &[char]) {
    if !missing.is_empty() {
        let chars: String = missing.iter().collect();
        eprintln!(
            "注意：内置字体缺少以下字符，已印作“{}”，请核对：{chars}",
            sheet::MISSING_MARK
        );
    }
}

/// `disclosure scan`: the files are outside the database. The sensitive-word list is the
/// one stored in the data directory, or none where there is no database (none is created).
fn scan(data_dir: Option<PathBuf>, files: &[PathBuf], as_json: bool) -> Result<ExitCode, Error> {
    let words = match paths::resolve_data_dir(data_dir) {
        Ok(dir) => sensitive_words::list_at(&dir)?,
        Err(_) => Vec::new(),
    };
    let scanner = scan::Scanner::new(&words);
    let mut findings = Vec::new();
    for path in files {
        let bytes = std::fs::read(path)
            .map_err(|e| Error::io(format!("无法读取 {}", path.display()), e))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        findings.extend(scan::scan_file(
            &scanner,
            &name,
            &bytes,
            &scan::ScanOptions::default(),
        ));
    }
    if as_json {
        println!("{}", json(&serde_json::json!({ "findings": findings })));
    } else {
        for f in &findings {
            println!(
                "{}\t{}\t{}\t{}",
                f.location,
                f.kind.label(),
                f.severity.label(),
                f.excerpt
            );
        }
        let blocking = findings
            .iter()
            .filter(|f| f.severity == scan::Severity::Block)
            .count();
        println!("共发现 {} 处，其中阻断 {blocking} 处。", findings.len());
    }
    let blocked = findings.iter().any(|f| f.severity == scan::Severity::Block);
    Ok(ExitCode::from(u8::from(blocked)))
}

/// `disclosure report`: bad input (year, office, extension) is a usage error (exit 2);
/// failing to write the file is a failure (exit 1).
fn report(store: &Store, r: ReportCommand) -> Result<ExitCode, Error> {
    use disclosure_core::report::{self, FileKind};
    let written = match r {
        ReportCommand::Assessment {
            year,
            office,
            output,
        } => {
            FileKind::of(&output, &[FileKind::Pdf, FileKind::Xlsx])?;
            let office_id = office
                .as_deref()
                .map(|o| office_by_name(store, o))
                .transpose()?;
            let a = report::assessment(store, year, office_id)?;
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
        ReportCommand::Annual { year, output } => {
            FileKind::of(&output, &[FileKind::Xlsx])?;
            let a = report::annual(store, year)?;
            report::write_annual(&a, &output).inspect(|_| {
                println!(
                    "已生成 {} 年度报告统计（统计至 {}）：{}",
                    a.year,
                    a.as_of,
                    output.display()
                );
                for r in &a.rows {
                    println!(
                        "{}：制发 {}，废止 {}，现行有效 {}",
                        r.label, r.enacted, r.repealed, r.in_force
                    );
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

/// Working days on this data directory's calendar; without a database, the shipped years.
/// A date in a year with no holiday arrangement counts weekends only, and says so.
fn workdays(dir: &std::path::Path, w: &WorkdaysCommand) -> Result<ExitCode, Error> {
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

/// `disclosure verify`: needs no data directory either.
fn verify(path: &std::path::Path, as_json: bool) -> Result<ExitCode, Error> {
    let check = bundle::verify(path)?;
    if as_json {
        println!("{}", json(&check));
    } else if check.ok {
        println!("OK {}：{}", check.path, check.message);
    } else {
        println!("FAILED {}：{}", check.path, check.message);
        for p in &check.problems {
            match &p.file {
                Some(file) => println!("{}\t{file}\t{}", p.kind.label(), p.message),
                None => println!("{}\t-\t{}", p.kind.label(), p.message),
            }
        }
    }
    Ok(ExitCode::from(u8::from(!check.ok)))
}

/// Whether the command changes the data (and so needs the data directory's lock). A
/// backup only reads, through its own connection, and may run beside the app.
fn writes(c: &Command) -> bool {
    match c {
        Command::Info { .. }
        | Command::Item(ItemCommand::List { .. } | ItemCommand::Show { .. })
        | Command::Review(ReviewCommand::Queue { .. })
        | Command::Audit(_)
        | Command::Workdays(_)
        | Command::Sheet { .. }
        | Command::Register { .. }
        | Command::Ledger { .. }
        | Command::Scan { .. }
        | Command::Verify { .. }
        | Command::Report(_)
        | Command::Backup { .. } => false,
        Command::Init { .. }
        | Command::User(_)
        | Command::Item(ItemCommand::Import { .. } | ItemCommand::Submit { .. })
        | Command::Review(ReviewCommand::Decide { .. })
        | Command::Export { .. }
        | Command::Publish { .. }
        | Command::Revoke { .. }
        | Command::GenDemo { .. }
        | Command::Restore { .. } => true,
    }
}

/// `disclosure restore`: a store that does not open (damaged) has its files moved aside.
fn restore(dir: &std::path::Path, from: &std::path::Path) -> Result<ExitCode, Error> {
    backup::verify(from)?;
    let store = match Store::open(dir) {
        Ok(store) => backup::restore(store, from, "命令行")?,
        Err(e) => {
            eprintln!("当前数据无法打开（{e}），将其移到一旁后恢复。");
            backup::restore_damaged(dir, from, "命令行")?
        }
    };
    let o = overview::get(&store)?;
    println!(
        "已从备份恢复：{}（公开事项 {} 项）。恢复前的数据已另做备份。",
        from.display(),
        o.counts.items
    );
    Ok(ExitCode::SUCCESS)
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    if let Command::Scan { files, json } = &cli.command {
        return scan(cli.data_dir, files, *json);
    }
    if let Command::Verify { bundle, json } = &cli.command {
        return verify(bundle, *json);
    }
    let dir = paths::resolve_data_dir(cli.data_dir)?;
    if let Command::Workdays(w) = &cli.command {
        return workdays(&dir, w);
    }
    // Writing commands hold the data directory for their run; the app holds it while open.
    let _lock = if writes(&cli.command) {
        Some(lock::acquire(&dir)?)
    } else {
        None
    };
    if let Command::Restore { backup: from } = &cli.command {
        return restore(&dir, from);
    }
    // gen-demo --today: the whole run (the store's own records included) happens on that day.
    let _day = match &cli.command {
        Command::GenDemo {
            today: Some(day), ..
        } => Some(disclosure_core::clock::pin_day(
            *day,
            chrono::Local::now().time(),
        )),
        _ => None,
    };
    let mut store = Store::open(&dir)?;
    match cli.command {
        Command::Info { json: as_json } => {
            let o = overview::get(&store)?;
            if as_json {
                println!("{}", json(&o));
            } else {
                println!("数据目录：{}", o.data_dir);
                println!("数据库：{}", o.db_path);
                println!("数据结构版本：{}", o.schema_version);
                println!("机构：{}", o.agency);
                println!("处室：{}", o.counts.offices);
                println!("工作任务：{}", o.counts.plan_tasks);
                println!("人员：{}", o.counts.staff);
                println!("公开事项：{}", o.counts.items);
            }
        }
        Command::Init {
            admin,
            office,
            org_code,
        } => {
            if let Some(code) = org_code {
                let a = agency::get(&store)?;
                agency::bootstrap(
                    &mut store,
                    &agency::AgencyInput {
                        name: a.name,
                        short_name: a.short_name,
                        org_code: code,
                    },
                )?;
            }
            if let Some(name) = admin {
                let office_id = office_by_name(&store, &office)?;
                let pw = password(
                    "DISCLOSURE_PASSWORD",
                    &format!("为管理员 {name} 设置密码："),
                )?;
                let me = staff::create_first_admin(&mut store, &name, office_id, &pw)?;
                println!("已创建管理员：{}（{}）", me.name, me.office_name);
            }
            println!("已初始化：{}", store.data_dir().display());
        }
        Command::User(UserCommand::Add {
            name,
            office,
            roles,
            by,
        }) => {
            let admin = sign_in(&mut store, &by)?;
            let roles = roles
                .iter()
                .map(|r| {
                    Role::parse(r)
                        .ok_or_else(|| Error::invalid("roles", format!("没有“{r}”这个角色。")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let office_id = office_by_name(&store, &office)?;
            let pw = password(
                "DISCLOSURE_NEW_PASSWORD",
                &format!("为 {name} 设置初始密码："),
            )?;
            let s = staff::add(
                &mut store,
                &admin,
                &NewStaff {
                    name,
                    office_id,
                    roles,
                    password: pw,
                },
            )?;
            let roles: Vec<&str> = s.roles.iter().map(|r| r.label()).collect();
            println!(
                "已添加：{}（{}；{}）",
                s.name,
                s.office_name,
                roles.join("、")
            );
        }
        Command::User(UserCommand::Import {
            file,
            by,
            json: as_json,
        }) => {
            let admin = sign_in(&mut store, &by)?;
            let pw = password("DISCLOSURE_NEW_PASSWORD", "为导入的人员设置初始密码：")?;
            let report = staff_import::import_xlsx(&mut store, &admin, &file, &pw)?;
            if as_json {
                println!("{}", json(&report));
            } else if report.errors.is_empty() {
                println!(
                    "已导入 {} 位人员：{}",
                    report.created.len(),
                    report.created.join("、")
                );
            }
            if !report.errors.is_empty() {
                for e in &report.errors {
                    eprintln!("第 {} 行：{}", e.row, e.message);
                }
                eprintln!("有 {} 行不能导入，未导入任何人员。", report.errors.len());
                return Ok(ExitCode::from(1));
            }
        }
        Command::Item(ItemCommand::Import {
            file,
            user,
            json: as_json,
        }) => {
            let me = sign_in(&mut store, &user.user)?;
            let rows = import::read_file(&file)?;
            let report = import::import(&mut store, &me, &rows)?;
            if as_json {
                println!("{}", json(&report));
            } else if report.errors.is_empty() {
                println!("已导入 {} 个草稿：", report.created.len());
                for index_no in &report.created {
                    println!("{index_no}");
                }
            }
            if !report.errors.is_empty() {
                for e in &report.errors {
                    eprintln!("第 {} 行：{}", e.row, e.message);
                }
                eprintln!("有 {} 行不能导入，未导入任何事项。", report.errors.len());
                return Ok(ExitCode::from(2));
            }
        }
        Command::Item(ItemCommand::List {
            search,
            limit,
            json: as_json,
        }) => {
            let q = ItemQuery {
                text: search.unwrap_or_default(),
                page_size: limit,
                ..Default::default()
            };
            let page = item::list(&store, None, &q)?;
            if as_json {
                println!("{}", json(&page));
            } else {
                println!("共 {} 项", page.total);
                for r in &page.rows {
                    let title: String = r.title.iter().map(|s| s.text.as_str()).collect();
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        r.index_no,
                        r.status.label(),
                        r.category_name,
                        r.office_name,
                        title
                    );
                }
            }
        }
        Command::Item(ItemCommand::Show {
            index_no,
            json: as_json,
        }) => {
            let it = item::find_by_index_no(&store, &index_no)?;
            if as_json {
                println!("{}", json(&it));
            } else {
                let f = &it.fields;
                println!("索引号：{}", it.index_no);
                println!("信息名称：{}", f.title);
                println!("状态：{}", it.status.label());
                println!("公开类别：{}", it.category_name);
                println!("文号：{}", f.doc_number);
                println!("发布机构：{}", f.publisher);
                println!("成文日期：{}", f.written_on.clone().unwrap_or_default());
                println!("承办处室：{}", it.office_name);
                println!("公开方式：{}", f.publish_mode.label());
                let ch: Vec<&str> = f.channels.iter().map(|c| c.label()).collect();
                println!("公开渠道：{}", ch.join("、"));
                println!("有效性：{}", f.validity.label());
                println!("版本：{}", it.version);
                println!("内容概述：{}", f.summary);
                for a in &it.attachments {
                    println!("附件：{}（{} 字节，SHA-256 {}）", a.name, a.size, a.sha256);
                }
                println!("正文：\n{}", disclosure_core::html::to_text(&f.body_html));
            }
        }
        Command::Item(ItemCommand::Submit { index_no, user }) => {
            let me = sign_in(&mut store, &user.user)?;
            let id = item::find_by_index_no(&store, &index_no)?.id;
            let it = disclosure_core::review::submit(&mut store, &me, id)?;
            println!(
                "已提交审查：{}（第 {} 版），等待处室负责人审核。",
                it.index_no, it.version
            );
        }
        Command::Review(ReviewCommand::Decide {
            index_no,
            user,
            decision,
            grounds,
            comment,
        }) => {
            let me = sign_in(&mut store, &user.user)?;
            let d = disclosure_core::review::Decision::parse(&decision).ok_or_else(|| {
                Error::invalid(
                    "decision",
                    format!("没有“{decision}”这一决定，可用：approve、return、withhold、on-request、partial、refer。"),
                )
            })?;
            let id = item::find_by_index_no(&store, &index_no)?.id;
            let it = disclosure_core::review::decide(
                &mut store,
                &me,
                id,
                &disclosure_core::review::DecisionInput {
                    decision: d,
                    grounds,
                    comment: comment.unwrap_or_default(),
                },
            )?;
            println!(
                "已{}：{}，事项现为“{}”。",
                d.label(),
                it.index_no,
                it.status.label()
            );
        }
        Command::Review(ReviewCommand::Queue {
            user,
            json: as_json,
        }) => {
            let me = sign_in(&mut store, &user.user)?;
            let q = disclosure_core::review::queue(&store, &me)?;
            if as_json {
                println!("{}", json(&q));
            } else {
                println!("待办 {} 项", q.len());
                for e in &q {
                    println!(
                        "{}\t{}\t第 {} 轮\t{}\t{}",
                        e.index_no, e.step_name, e.round, e.due_on, e.title
                    );
                }
            }
        }
        Command::Sheet {
            index_nos,
            output,
            round,
        } => {
            if round.is_some() && index_nos.len() > 1 {
                return Err(Error::invalid("round", "--round 只能与一个索引号同用。"));
            }
            let sheets = index_nos
                .iter()
                .map(|n| sheet::data(&store, item::find_by_index_no(&store, n)?.id, round))
                .collect::<Result<Vec<_>, _>>()?;
            let pdf = sheet::render(&sheets)?;
            sheet::save(&pdf, &output)?;
            warn_missing(&pdf.missing);
            println!(
                "已生成 {} 份审批表，共 {} 页：{}",
                sheets.len(),
                pdf.pages,
                output.display()
            );
        }
        Command::Register { from, to, output } => {
            let reg = sheet::register(&store, &from, &to)?;
            let pdf = sheet::render_register(&reg)?;
            sheet::save(&pdf, &output)?;
            warn_missing(&pdf.missing);
            println!(
                "已生成审查登记簿（{} 至 {}，{} 项，{} 页）：{}",
                reg.from,
                reg.to,
                reg.entries.len(),
                pdf.pages,
                output.display()
            );
        }
        Command::Ledger { output } => {
            let pdf = sheet::render_ledger(&store)?;
            sheet::save(&pdf, &output)?;
            warn_missing(&pdf.missing);
            println!(
                "已生成责任分工台账（{} 页）：{}",
                pdf.pages,
                output.display()
            );
        }
        Command::Report(r) => return report(&store, r),
        Command::Backup { out } => {
            let root = out.unwrap_or_else(|| backup::root(&store));
            let info = backup::create(store.data_dir(), &root, backup::Reason::Manual)?;
            if info.missing > 0 {
                eprintln!(
                    "注意：数据目录中缺少或损坏了 {} 个附件，备份中也没有它们。",
                    info.missing
                );
            }
            println!("{}", info.path);
        }
        Command::Restore { .. } => unreachable!("handled before the store is opened"),
        Command::Workdays(_) => unreachable!("handled before the data directory is opened"),
        Command::Scan { .. } | Command::Verify { .. } => {
            unreachable!("handled before the data directory is opened")
        }
        Command::Export {
            index_nos,
            all_approved: _,
            out,
            user,
        } => {
            let user = user
                .or_else(|| {
                    std::env::var("DISCLOSURE_USER")
                        .ok()
                        .filter(|u| !u.is_empty())
                })
                .ok_or_else(|| {
                    Error::invalid(
                        "user",
                        "请用 --user 或环境变量 DISCLOSURE_USER 指明导出人（发布员或管理员）。",
                    )
                })?;
            let me = sign_in(&mut store, &user)?;
            let item_ids = if index_nos.is_empty() {
                None
            } else {
                Some(
                    index_nos
                        .iter()
                        .map(|n| item::find_by_index_no(&store, n).map(|it| it.id))
                        .collect::<Result<Vec<_>, _>>()?,
                )
            };
            let req = bundle::ExportRequest { item_ids, dir: out };
            let done = bundle::export(&mut store, &me, &req, &mut |_| true)?;
            for s in &done.skipped {
                eprintln!("未导出 {}：{}", s.index_no, s.message);
            }
            println!("{}", done.path);
        }
        Command::Publish {
            index_no,
            url,
            date,
            csv,
            user,
            json: as_json,
        } => {
            let me = sign_in(&mut store, &user.user)?;
            if let Some(file) = csv {
                let report = bundle::publish_csv_file(&mut store, &me, &file)?;
                if as_json {
                    println!("{}", json(&report));
                } else {
                    println!("已登记发布 {} 项", report.applied.len());
                    for index_no in &report.applied {
                        println!("{index_no}");
                    }
                }
                for e in &report.errors {
                    eprintln!("第 {} 行：{}", e.line, e.message);
                }
                if !report.errors.is_empty() {
                    eprintln!("有 {} 行未登记，其余已登记。", report.errors.len());
                    return Ok(ExitCode::from(1));
                }
            } else {
                let index_no = index_no.unwrap_or_default();
                let url = url.ok_or_else(|| Error::invalid("url", "请用 --url 给出公开网址。"))?;
                let date = date.unwrap_or_else(|| {
                    disclosure_core::clock::now().format("%Y-%m-%d").to_string()
                });
                let id = item::find_by_index_no(&store, &index_no)?.id;
                let it = bundle::publish(&mut store, &me, id, &url, &date)?;
                println!("已登记发布：{}，{url}（{date}）", it.index_no);
            }
        }
        Command::Revoke {
            index_no,
            kind,
            reason,
            user,
        } => {
            let me = sign_in(&mut store, &user.user)?;
            let kind = bundle::RevokeKind::parse(&kind).ok_or_else(|| {
                Error::invalid(
                    "kind",
                    format!("没有“{kind}”，可用：withdrawn（撤回）、repealed（废止）。"),
                )
            })?;
            let id = item::find_by_index_no(&store, &index_no)?.id;
            let it = bundle::revoke(&mut store, &me, id, kind, &reason)?;
            println!(
                "已{}：{}，下一个上传包会通知网站。",
                kind.label(),
                it.index_no
            );
        }
        Command::GenDemo { items, seed, .. } => {
            let r = match disclosure_core::demo::generate(&mut store, items, seed) {
                Ok(r) => r,
                // A data directory that already holds items is refused as a failed check.
                Err(e @ Error::Conflict(_)) => {
                    eprintln!("错误：{e}");
                    return Ok(ExitCode::from(1));
                }
                Err(e) => return Err(e),
            };
            println!(
                "已生成 {} 个公开事项、{} 位人员、{} 条审计记录、{} 个附件文件，用时 {:.1} 秒。",
                r.items, r.staff, r.audit_entries, r.blobs, r.seconds
            );
            for (status, n) in &r.by_status {
                let label = item::Status::parse(status)
                    .map(|s| s.label())
                    .unwrap_or(status);
                println!("  {label}：{n}");
            }
            println!(
                "演示人员的密码均为 {}（请只在演示环境中使用）。",
                disclosure_core::demo::PASSWORD
            );
        }
        Command::Audit(AuditCommand::Verify { json: as_json }) => {
            let check = disclosure_core::audit::verify(&store)?;
            if as_json {
                println!("{}", json(&check));
            } else if check.ok {
                println!("OK {}", check.message);
            } else {
                println!("FAILED {}", check.message);
            }
            if !check.ok {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
