//! `disclosure` — the headless command line over the same core and data directory as the
//! app, for administrators' scripts and for tests.
//!
//! Exit status: 0 success, 1 a check found a problem, 2 an error (bad input, storage).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use disclosure_core::{overview, paths, Error, Store};

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
    /// 初始化数据目录（创建数据库并写入初始数据）
    Init,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let dir = paths::resolve_data_dir(cli.data_dir)?;
    match cli.command {
        Command::Info { json } => {
            let store = Store::open(&dir)?;
            let o = overview::get(&store)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&o).expect("overview serializes")
                );
            } else {
                println!("数据目录：{}", o.data_dir);
                println!("数据库：{}", o.db_path);
                println!("数据结构版本：{}", o.schema_version);
                println!("机构：{}", o.agency);
                println!("处室：{}", o.counts.offices);
                println!("工作任务：{}", o.counts.plan_tasks);
            }
        }
        Command::Init => {
            let store = Store::open(&dir)?;
            println!("已初始化：{}", store.data_dir().display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
