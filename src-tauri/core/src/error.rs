//! The one error type that crosses the boundary to the UI and the CLI.
//!
//! It serializes as `{ "code": "...", "message": "..." }`: `code` is a stable string the
//! UI may branch on, `message` is short user-facing Chinese. Internal causes (SQLite, I/O)
//! are logged where they are converted and never shown. Add a variant only when a caller
//! must tell it apart from the others; otherwise reuse `Invalid` with a good message.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// 输入不合规 — bad user input; `field` names the form field when there is one.
    #[error("{message}")]
    Invalid {
        field: Option<&'static str>,
        message: String,
    },
    /// 找不到 — the record asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// 冲突 — the change collides with existing data (a duplicate name, say).
    #[error("{0}")]
    Conflict(String),
    /// 无权限 — the signed-in person may not do this (role, separation of duties).
    #[error("{0}")]
    Forbidden(String),
    /// 未登录 — no one is signed in, or the sign-in failed.
    #[error("{0}")]
    Unauthenticated(String),
    /// 须修改密码 — the person signed in with an initial password (given by an
    /// administrator) and must choose their own before doing anything else.
    #[error("请先修改初始密码：管理员设置的初始密码只能用来登录和修改密码。")]
    MustChangePassword,
    /// 须再次输入密码 — a decision, export, restore or staff change, and the password was
    /// last entered more than a few minutes ago.
    #[error("此操作需要再次输入密码确认身份。")]
    StepUpRequired,
    /// 已锁定 — the window was idle too long and locked; the same person unlocks it with
    /// their password.
    #[error("长时间未操作，已自动锁定，请输入密码解锁。")]
    SessionLocked,
    /// 已取消 — the user cancelled a long operation (an export); nothing was changed.
    #[error("{0}")]
    Cancelled(String),
    /// The database was written by a newer version of the app.
    #[error("数据文件由更新版本（数据结构第 {found} 版）创建，本程序只支持到第 {supported} 版。请升级本程序后再打开，数据未做任何改动。")]
    NewerDatabase { found: i64, supported: i64 },
    /// 被占用 — another program holds the data directory (see `lock`).
    #[error("{0}")]
    Locked(String),
    /// 数据库正忙 — another connection kept the database locked past the busy timeout.
    #[error("数据库正忙：另一个程序正在写入数据。本次修改未保存，请稍后重试。")]
    Busy,
    /// 只读 — the database file or its disk cannot be written.
    #[error("数据库为只读（数据文件或所在磁盘不可写），本次修改未保存。请检查数据目录的权限或磁盘后重试。")]
    ReadOnly,
    /// 磁盘已满 — the disk holding the database is full.
    #[error("磁盘空间不足，本次修改未保存。请清理磁盘后重试。")]
    DiskFull,
    /// 已损坏 — the start-up check found the database or its audit chain damaged.
    #[error("{0}")]
    Damaged(String),
    /// The data directory or database cannot be used at all.
    #[error("{0}")]
    DataDir(String),
    #[error("数据库操作失败，请重试；如反复出现，请联系管理员。")]
    Storage(#[source] StorageError),
    #[error("读写文件失败：{context}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: Some(field),
            message: message.into(),
        }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        let mut context = context.into();
        // A full or read-only disk is something the user can act on: always say so.
        let reason = io_reason(&source);
        if matches!(
            source.kind(),
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::ReadOnlyFilesystem
        ) && !context.contains(reason)
        {
            context = format!("{context}（{reason}）");
        }
        log::error!("I/O error ({context}): {source}");
        Error::Io { context, source }
    }

    /// The stable code the UI branches on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Forbidden(_) => "forbidden",
            Error::Unauthenticated(_) => "unauthenticated",
            Error::MustChangePassword => "must_change_password",
            Error::StepUpRequired => "step_up_required",
            Error::SessionLocked => "session_locked",
            Error::Cancelled(_) => "cancelled",
            Error::NewerDatabase { .. } => "db_newer",
            Error::Locked(_) => "locked",
            Error::Busy => "busy",
            Error::ReadOnly => "read_only",
            Error::DiskFull => "disk_full",
            Error::Damaged(_) => "damaged",
            Error::DataDir(_) => "data_dir",
            Error::Storage(_) => "storage",
            Error::Io { .. } => "io",
        }
    }

    /// The form field the message belongs to, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Invalid { field, .. } => *field,
            _ => None,
        }
    }
}

/// What the database driver said, for the log and `source()`: opaque, so no caller
/// depends on the driver (the store may be served by another one, see `store`).
#[derive(Debug)]
pub struct StorageError(Box<dyn std::error::Error + Send + Sync + 'static>);

impl StorageError {
    /// Wraps what the driver said (the store's conversion of its errors, in `store::driver`).
    pub(crate) fn new(e: impl std::error::Error + Send + Sync + 'static) -> StorageError {
        StorageError(Box::new(e))
    }
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for StorageError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.0.as_ref())
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let field = self.field();
        let mut st = s.serialize_struct("Error", if field.is_some() { 3 } else { 2 })?;
        st.serialize_field("code", self.code())?;
        st.serialize_field("message", &self.to_string())?;
        if let Some(field) = field {
            st.serialize_field("field", field)?;
        }
        st.end()
    }
}

/// A short Chinese reason for an I/O failure, for messages shown to users.
pub fn io_reason(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "文件或目录不存在",
        PermissionDenied => "没有访问权限",
        AlreadyExists => "文件已存在",
        StorageFull => "磁盘空间不足",
        ReadOnlyFilesystem => "磁盘为只读",
        _ => "系统拒绝了该操作",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn invalid_carries_code_message_and_field() {
        let e = Error::invalid("name", "机构名称不能为空");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({"code": "invalid", "message": "机构名称不能为空", "field": "name"})
        );
    }

    #[test]
    fn newer_database_names_both_versions_in_chinese() {
        let e = Error::NewerDatabase {
            found: 9,
            supported: 1,
        };
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "db_newer");
        assert!(v["message"].as_str().unwrap().contains("第 9 版"));
        assert!(v["message"].as_str().unwrap().contains("请升级本程序"));
    }
}
