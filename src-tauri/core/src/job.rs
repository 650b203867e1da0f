//! 长时间操作的进度 — what a long job (the audit check, a backup or a restore, a batch of
//! printed sheets or a report, the scan of a draft's attachments) tells the window while it
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
    /// 从备份恢复 (checking the backup, copying it in, keeping the current data first).
    Restore,
    /// 打印审批表 of several items, 保存考核报表 / 年度报告统计.
    Print,
    /// 提交前自查 and 提交审查: the scan of the draft's attachments.
    Scan,
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
pub fn step(report: Report<'_>, job: Job, stage: &str, done: u64, total: u64) -> Result<(), Error> {
    let go_on = report(&JobProgress {
        job,
        stage: stage.into(),
        done,
        total,
    });
    if go_on {
        Ok(())
    } else {
        Err(cancelled(job))
    }
}

/// What a cancelled `job` answers: that it stopped and left nothing half made.
pub(crate) fn cancelled(job: Job) -> Error {
    Error::Cancelled(match job {
        Job::AuditVerify => "已取消校验。".into(),
        Job::Backup => "已取消备份，没有留下不完整的备份。".into(),
        Job::Restore => "已取消恢复，当前数据没有改变。".into(),
        Job::Print => "已取消生成文件，没有写出任何文件。".into(),
        Job::Scan => "已取消扫描，事项没有改变。".into(),
    })
}

/// The report for a job run as a stage of another (the backup a restore makes of the
/// current data first): its progress reaches `outer` as `job`'s, each stage named
/// `prefix（stage）`.
pub(crate) fn within<'a>(
    outer: Report<'a>,
    job: Job,
    prefix: &'a str,
) -> impl FnMut(&JobProgress) -> bool + 'a {
    move |p| {
        outer(&JobProgress {
            job,
            stage: format!("{prefix}（{}）", p.stage),
            done: p.done,
            total: p.total,
        })
    }
}
