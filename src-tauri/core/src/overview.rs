//! 概况 — what `disclosure info` prints and the home page shows about the store itself.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::store::{latest_version, schema_version, Store};

pub use crate::store::overview::Counts;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Overview {
    /// 版本: the program's version (the workspace version).
    pub app_version: String,
    pub data_dir: String,
    pub db_path: String,
    #[ts(type = "number")]
    pub schema_version: i64,
    #[ts(type = "number")]
    pub latest_schema_version: i64,
    pub agency: String,
    pub counts: Counts,
    /// 数据库大小: the database file with its WAL and shared-memory files, in bytes.
    #[ts(type = "number")]
    pub db_bytes: u64,
    /// 附件大小: everything under `blobs/`, in bytes.
    #[ts(type = "number")]
    pub blob_bytes: u64,
}

pub fn get(store: &Store) -> Result<Overview> {
    let conn = store.conn();
    let db_path = store.db_path();
    let db_bytes = ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| {
            let mut p = db_path.clone().into_os_string();
            p.push(suffix);
            std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
        })
        .sum();
    Ok(Overview {
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: store.data_dir().display().to_string(),
        db_path: store.db_path().display().to_string(),
        schema_version: schema_version(conn)?,
        latest_schema_version: latest_version(),
        agency: crate::agency::get(store)?.name,
        counts: crate::store::overview::counts(conn)?,
        db_bytes,
        blob_bytes: dir_bytes(&store.data_dir().join(crate::blobs::DIR)),
    })
}

/// The total size of the files under `dir` (0 when it does not exist).
fn dir_bytes(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => dir_bytes(&e.path()),
            Ok(_) => e.metadata().map(|m| m.len()).unwrap_or(0),
            Err(_) => 0,
        })
        .sum()
}
