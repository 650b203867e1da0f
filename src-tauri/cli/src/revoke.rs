//! `disclosure revoke`: 撤回 / 废止 of a published item.

use std::process::ExitCode;

use disclosure_core::session::Need;
use disclosure_core::{bundle, item, Error, Store};

use super::session::sign_in;

pub fn revoke(
    store: &mut Store,
    user: &str,
    index_no: &str,
    kind: &str,
    reason: &str,
) -> Result<ExitCode, Error> {
    let me = sign_in(store, user, Need::SignedIn)?;
    let kind = bundle::RevokeKind::parse(kind).ok_or_else(|| {
        Error::invalid(
            "kind",
            format!("没有“{kind}”，可用：withdrawn（撤回）、repealed（废止）。"),
        )
    })?;
    let id = item::read_by_index_no(store, &me, index_no)?.id;
    let it = bundle::revoke(store, &me, id, kind, reason)?;
    println!(
        "已{}：{}，下一个上传包会通知网站。",
        kind.label(),
        it.index_no
    );
    Ok(ExitCode::SUCCESS)
}
