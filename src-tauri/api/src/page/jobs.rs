//! Long jobs other than the export (the audit check, a backup): their progress reaches the
//! window as `job-progress` events, and `job_cancel` asks one to stop. A cancel touches
//! only its flag, never the store, so it answers at once while the job runs.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use disclosure_core::job::{Job, JobProgress};
use disclosure_core::Result;

use crate::Shell;

/// The event the pages showing a job's progress listen to.
pub const PROGRESS_EVENT: &str = "job-progress";

/// How often progress reaches the window at most.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// How long a job waits at each progress report before going on: zero, except in the build
/// the end-to-end tests drive, where it keeps "取消 while the backup is being checked" or
/// "while the export writes" a matter of seconds rather than of how fast the disk is.
#[derive(Default, Clone, Copy)]
pub struct StepPause(pub Duration);

impl StepPause {
    /// Waits the pause, if there is one.
    pub fn wait(self) {
        if !self.0.is_zero() {
            std::thread::sleep(self.0);
        }
    }
}

/// The jobs asked to stop.
#[derive(Default)]
pub struct JobCancel {
    asked: Mutex<HashSet<Job>>,
    pause: StepPause,
}

impl JobCancel {
    /// Cancels whose jobs wait `pause` at each step.
    pub fn pausing(pause: StepPause) -> Self {
        Self {
            asked: Mutex::default(),
            pause,
        }
    }

    pub fn set(&self, job: Job, on: bool) {
        let mut set = self.asked.lock().unwrap_or_else(|p| p.into_inner());
        if on {
            set.insert(job);
        } else {
            set.remove(&job);
        }
    }

    pub fn asked(&self, job: Job) -> bool {
        self.asked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&job)
    }
}

/// Runs `work` with a report that sends `job`'s progress to the window (at most every
/// 100 ms, and always the last of a stage) and answers whether to go on.
pub fn with_progress<S: Shell, T>(
    cx: &S,
    job: Job,
    work: impl FnOnce(&mut dyn FnMut(&JobProgress) -> bool) -> Result<T>,
) -> Result<T> {
    let cancel = cx.jobs();
    cancel.set(job, false);
    let mut last: Option<Instant> = None;
    let mut report = |p: &JobProgress| {
        let finished = p.done >= p.total;
        if finished || last.is_none_or(|t| t.elapsed() >= PROGRESS_EVERY) {
            last = Some(Instant::now());
            cx.emit(PROGRESS_EVENT, p.clone());
        }
        cancel.pause.wait();
        !cancel.asked(job)
    };
    let out = work(&mut report);
    cancel.set(job, false);
    out
}

/// 取消 a running job. Whoever is at the window may ask, signed in or not (as with the
/// export's cancel): it can only stop a job, which leaves nothing half made, and never
/// reads or changes a record. It touches no connection, so it answers at once even while
/// the writer is busy.
pub fn job_cancel<S: Shell>(cx: &S, job: Job) -> Result<()> {
    cx.jobs().set(job, true);
    Ok(())
}
