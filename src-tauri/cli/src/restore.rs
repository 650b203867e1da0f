//! `disclosure restore`: a backup put back in place of the data directory (管理员).

use std::path::Path;
use std::process::ExitCode;

use disclosure_core::session::Need;
use disclosure_core::staff::Role;
use disclosure_core::{backup, overview, Error, Store};

use super::session::{os_user, sign_in};

/// A restore needs an administrator of the current data, who is recorded in the restored
/// audit log. Data that no longer opens (damaged) cannot check anyone's password: then
/// whoever can write the data directory restores it (as for `user reset-password`), its
/// damaged files moved aside, never deleted, and the operating-system account recorded.
pub fn restore(dir: &Path, from: &Path, user: &str) -> Result<ExitCode, Error> {
    backup::verify(from)?;
    let store = match Store::open(dir) {
        Ok(mut store) => {
            let me = sign_in(&mut store, user, Need::Password)?;
            me.require(Role::Admin)?;
            backup::restore(store, from, &format!("{}（命令行）", me.name))?
        }
        Err(e) => {
            eprintln!("当前数据无法打开（{e}），将其移到一旁后恢复。");
            backup::restore_damaged(dir, from, &format!("操作系统用户 {}（命令行）", os_user()))?
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
