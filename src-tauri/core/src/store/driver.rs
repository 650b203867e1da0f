//! The one conversion of the driver's errors into the core's [`Error`]: what a person can
//! act on (busy, read-only, disk full, a damaged file) gets its own kind; anything else is
//! an opaque [`StorageError`], logged, with the driver's words kept out of the message.

use crate::error::{Error, StorageError};

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        log::error!("SQLite error: {e}");
        use rusqlite::ErrorCode::*;
        match e.sqlite_error_code() {
            Some(DatabaseBusy | DatabaseLocked) => Error::Busy,
            Some(ReadOnly) => Error::ReadOnly,
            Some(DiskFull) => Error::DiskFull,
            Some(NotADatabase | DatabaseCorrupt) => {
                Error::Damaged("数据库文件已损坏，无法读取。".into())
            }
            _ => Error::Storage(StorageError::new(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_error_hides_the_sqlite_cause() {
        let e = Error::from(rusqlite::Error::QueryReturnedNoRows);
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "storage");
        let msg = v["message"].as_str().unwrap();
        assert!(msg.starts_with("数据库操作失败"), "{msg}");
        assert!(!msg.contains("QueryReturnedNoRows"));
        assert!(v.get("field").is_none());
    }
}
