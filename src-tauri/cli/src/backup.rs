//! `disclosure backup`: a manual backup (管理员).

use std::path::PathBuf;
use std::process::ExitCode;

use disclosure_core::session::Need;
use disclosure_core::staff::Role;
use disclosure_core::{backup, Error, Store};

use super::session::sign_in;

/// A backup needs an administrator and is audited.
pub fn backup(store: &mut Store, user: &str, out: Option<PathBuf>) -> Result<ExitCode, Error> {
    let me = sign_in(store, user, Need::SignedIn)?;
    me.require(Role::Admin)?;
    let info = backup::create_manual(store, &me, out.as_deref())?;
    if info.missing > 0 {
        eprintln!(
            "注意：数据目录中缺少或损坏了 {} 个附件，备份中也没有它们。",
            info.missing
        );
    }
    println!("{}", info.path);
    Ok(ExitCode::SUCCESS)
}
