//! [`ClockView`]: where a request's clock stands on a day, for the request page, the lists,
//! the dashboard and the annual report.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Clock, Pause, PauseKind};
use crate::request::types::{Outcome, Status};

/// Where the clock stands on a day: what the request page, the lists and the reports show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ClockView {
    pub status: Status,
    /// The reply's due date (`None` while waiting for a 补正); for a closed request, the
    /// date it was due when it closed.
    #[ts(type = "string | null")]
    pub due_on: Option<NaiveDate>,
    /// Past its due date unanswered, or answered after it.
    pub overdue: bool,
    /// Working days from today to the due date (negative when overdue); open requests only.
    #[ts(type = "number | null")]
    pub days_left: Option<i64>,
    #[ts(type = "string | null")]
    pub closed_on: Option<NaiveDate>,
    pub outcome: Option<Outcome>,
    /// The last day a 补正告知 may go out, while none has and the request is open.
    #[ts(type = "string | null")]
    pub correction_notice_by: Option<NaiveDate>,
    /// The applicant's 补正 deadline, once a notice went out.
    #[ts(type = "string | null")]
    pub correction_until: Option<NaiveDate>,
    /// Working days the reply was extended by (0: not extended).
    pub extension_days: u32,
    /// Working days of an extension waiting for the 负责人.
    pub extension_pending: Option<u32>,
    pub pauses: Vec<Pause>,
}

impl Clock<'_> {
    /// The clock as it stands on `today`.
    pub fn view(&self, today: NaiveDate) -> ClockView {
        let mut c = self.clone();
        c.settle(today);
        let mut pauses = c.pauses.clone();
        if let (Some(p), Some(last)) = (&c.open, pauses.last_mut()) {
            last.days = c.open_days(p, today);
        }
        let correction_until = c.correction.map(|(_, until)| until);
        match c.closed {
            Some((day, status, outcome, due)) => ClockView {
                status,
                due_on: due,
                overdue: status == Status::Replied && due.is_some_and(|d| day > d),
                days_left: None,
                closed_on: Some(day),
                outcome: Some(outcome),
                correction_notice_by: None,
                correction_until,
                extension_days: c.extension,
                extension_pending: None,
                pauses,
            },
            None => {
                let due = c.due_on(today);
                let status = match (&c.open, c.correction.is_some() && !c.corrected) {
                    (_, true) => Status::AwaitingCorrection,
                    (Some(p), _) => match p.kind {
                        PauseKind::Consult(_) => Status::Consulting,
                        PauseKind::Fee => Status::AwaitingFee,
                    },
                    (None, false) => Status::Handling,
                };
                let days_left = due.map(|d| c.cal.working_days_between(today, d));
                ClockView {
                    status,
                    due_on: due,
                    overdue: due.is_some_and(|d| today > d),
                    days_left,
                    closed_on: None,
                    outcome: None,
                    correction_notice_by: c.correction.is_none().then(|| c.correction_notice_by()),
                    correction_until,
                    extension_days: c.extension,
                    extension_pending: c.pending_extension.map(|(d, _)| d),
                    pauses,
                }
            }
        }
    }
}
