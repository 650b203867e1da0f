//! 长时间操作的进度 — what a long job (the audit check, a backup) tells the window while it
//! runs, and how it is asked to stop. The job calls its [`Report`] now and then; a `false`
//! answer stops it at the next safe point with [`Error::Cancelled`], leaving nothing half
//! made. Exports have their own progress (`bundle::Progress`, bytes written).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;

/// Which long job a progress report or a cancellation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Job {
    /// 校验审计日志 (the whole chain, its anchors and the records).
    AuditVerify,
    /// 立即备份.
    Backup,
}

/// Where a job is: `done` of `total` units of its current stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct JobProgress {
    pub job: Job,
    /// The stage, in Chinese (“校验记录”, “复制附件”).
    pub stage: String,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

/// Told of progress; answers whether to go on.
pub type Report<'a> = &'a mut dyn FnMut(&JobProgress) -> bool;

/// For callers that neither show progress nor cancel.
pub fn quiet(_: &JobProgress) -> bool {
    true
}

/// Reports `done` of `total` in `stage`; the error when the answer is to stop.
pub(crate) fn step(
    report: Report<'_>,
    job: Job,
    stage: &str,
    done: u64,
    total: u64,
) -> Result<(), Error> {
    let go_on = report(&JobProgress {
        job,
        stage: stage.into(),
        done,
        total,
    });
    if go_on {
        Ok(())
    } else {
        Err(Error::Cancelled(match job {
            Job::AuditVerify => "已取消校验。".into(),
            Job::Backup => "已取消备份，没有留下不完整的备份。".into(),
        }))
    }
}
