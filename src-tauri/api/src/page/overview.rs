use disclosure_core::{deadline, Result};

use crate::Shell;

/// 打开数据目录 in the system's file manager (设置 → 关于).
pub fn data_dir_open<S: Shell>(cx: &S) -> Result<()> {
    let desk = cx.desk();
    let dir = desk.with(|s| Ok(s.data_dir().to_path_buf()))?;
    cx.open(
        &dir,
        ("data_dir", "无法打开文件管理器，请按上面的路径手动打开。"),
    )
}

/// The deadlines of a list page's rows.
pub fn item_dues<S: Shell>(cx: &S, ids: Vec<i64>) -> Result<Vec<deadline::Due>> {
    let desk = cx.desk();
    desk.as_user(|s, me| {
        // Only the items the person may read (the list page asks for its own rows).
        let readable: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| disclosure_core::access::check(s, me, *id).is_ok())
            .collect();
        deadline::due_many(s, &readable)
    })
}
