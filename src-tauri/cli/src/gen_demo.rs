//! `disclosure gen-demo`: a bureau of generated items for demonstrations and benchmarks.

use std::process::ExitCode;

use disclosure_core::{Error, Store};

pub fn gen_demo(store: &mut Store, items: usize, seed: u64) -> Result<ExitCode, Error> {
    use disclosure_core::item;
    let r = match disclosure_core::demo::generate(store, items, seed) {
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
        "演示人员的密码均为 {}（本次随机生成，只显示这一次；请只在演示环境中使用）。",
        r.password
    );
    Ok(ExitCode::SUCCESS)
}
