//! 长时间操作的进度 — what a long job (the audit check, a backup or a restore, a batch of
//! printed sheets or a report, the scan of a draft's attachments) tells the window while it
//! runs, and how it is asked to stop. The job calls its [`Report`] now and then; a `false`
//! answer stops it at the next safe point with [`Error::Cancelled`], leaving nothing half
//! made. Exports have their own progress (`bundle::Progress`, bytes written).

use std::sync::mpsc;

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

/// How much lower a background job's CPU priority is than the people's requests (the
/// `nice` increment of its thread): on a 2-core server, an export's hashing and zipping
/// then takes what the requests leave, instead of half the machine.
pub const BACKGROUND_NICE: i32 = 10;

/// Runs `work` on a thread of its own at a lower CPU priority (Linux; elsewhere at the
/// normal one) and waits for it; what the work sends of its progress is handed to `told`
/// on the calling thread (which may show it), until the work is done. A thread of its own,
/// because a lowered priority cannot be raised again without privileges, and the threads
/// that answer requests are reused.
pub fn in_background_telling<T: Send, P: Send>(
    work: impl FnOnce(&mpsc::Sender<P>) -> T + Send,
    mut told: impl FnMut(P),
) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|s| {
        let worker = s.spawn(move || {
            lower_priority();
            work(&tx)
        });
        // Ends when the work has finished and dropped its sender.
        for p in rx {
            told(p);
        }
        worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    // On Linux a thread id given as the process changes only this thread's nice value.
    let me = rustix::thread::gettid();
    let now = rustix::process::getpriority_process(Some(me)).unwrap_or(0);
    if let Err(e) = rustix::process::setpriority_process(Some(me), (now + BACKGROUND_NICE).min(19))
    {
        log::warn!("background priority: {e}");
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

#[cfg(test)]
mod background_tests {
    use super::*;

    #[cfg(target_os = "linux")]
    fn nice() -> i32 {
        rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap_or(0)
    }

    #[cfg(not(target_os = "linux"))]
    fn nice() -> i32 {
        0
    }

    #[test]
    fn a_background_job_runs_at_a_lower_priority_and_returns_its_result() {
        let mine = nice();
        let mut told = Vec::new();
        let (result, theirs) = in_background_telling(
            |tell| {
                let _ = tell.send(1);
                let _ = tell.send(2);
                (6 * 7, nice())
            },
            |p| told.push(p),
        );
        assert_eq!(result, 42);
        assert_eq!(told, [1, 2], "its progress reaches the caller");
        if cfg!(target_os = "linux") {
            assert_eq!(
                theirs,
                (mine + BACKGROUND_NICE).min(19),
                "{mine} → {theirs}"
            );
        }
        // The caller's own thread keeps its priority.
        assert_eq!(nice(), mine);
    }
}
