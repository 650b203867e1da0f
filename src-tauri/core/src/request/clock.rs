//! 答复期限 — the statutory clock of one application, as a pure function of its receipt
//! date, its events and the working-day calendar (条例 第三十、三十二、三十三、三十四条 and
//! 国办函〔2020〕109号):
//! - the reply is due 20 working days after the day of receipt (第三十三条), or after the
//!   day the corrected request arrived (第三十条);
//! - a 补正告知 must go out within 7 working days of receipt; until the corrected request
//!   arrives the clock waits, and if it does not arrive by the notice's deadline the request
//!   is 视为放弃;
//! - one extension of at most 20 working days, approved by the 负责人 on or before the day
//!   the reply is due;
//! - a consultation of a third party (第三十二条) or of a co-making agency (第三十四条) pauses
//!   the clock for its duration, at most the 15 working days they are given: a third party
//!   that has not answered by then leaves the decision to the office, a co-making agency is
//!   deemed to agree;
//! - a fee notice gives 20 working days to pay (from the day after it) and pauses the clock
//!   while it is unpaid (a setting: the source is unclear); unpaid, the request is 视为放弃.
//!
//! A pause from day S to day E leaves out the working days after S up to and including E.
//! Whether the day of receipt is the first day of the 20 is not settled by the text; the
//! default does not count it (as 期间 are counted elsewhere in Chinese law), and a setting
//! counts it.
//!
//! [`Clock::apply`] is also the rule check for a new event: an event the clock refuses is
//! refused with its Chinese reason and nothing is stored.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::types::{ConsultParty, Outcome, Status};
use super::EventKind;
use crate::calendar::Calendar;

mod view;
pub use view::ClockView;

/// The clock's numbers, kept in 设置 with these defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ClockSettings {
    /// 答复期限 (第三十三条): 20 working days.
    pub reply_days: u32,
    /// 补正告知 within (第三十条): 7 working days.
    pub correction_notice_days: u32,
    /// The 补正 period a notice gives when it names none: 15 working days (第三十条 says
    /// only “合理的补正期限”).
    pub correction_days: u32,
    /// Longest extension (第三十三条): 20 working days.
    pub extension_max_days: u32,
    /// 征求意见 reply period (第三十二、三十四条): 15 working days.
    pub consult_days: u32,
    /// 缴费期限 (国办函〔2020〕109号): 20 working days from the day after the notice.
    pub fee_days: u32,
    /// Whether an unpaid fee notice pauses the clock (unverified; default yes).
    pub fee_pauses: bool,
    /// Whether the day of receipt is the first of the 20 days (unverified; default no).
    pub receipt_day_counts: bool,
}

impl Default for ClockSettings {
    fn default() -> Self {
        ClockSettings {
            reply_days: 20,
            correction_notice_days: 7,
            correction_days: 15,
            extension_max_days: 20,
            consult_days: 15,
            fee_days: 20,
            fee_pauses: true,
            receipt_day_counts: false,
        }
    }
}

/// A pause of the clock, as shown on the request with its basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Pause {
    /// 征求第三方意见 / 征求共同制作机关意见 / 待缴费.
    pub reason: String,
    /// 第三十二条 …
    pub basis: String,
    #[ts(type = "string")]
    pub from: NaiveDate,
    /// The last paused day; `None` while it lasts.
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
    /// The latest day it may last (the party's reply period, the payment period).
    #[ts(type = "string")]
    pub until: NaiveDate,
    /// Working days left out of the clock (so far).
    pub days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PauseKind {
    Consult(ConsultParty),
    Fee,
}

#[derive(Debug, Clone)]
struct OpenPause {
    kind: PauseKind,
    from: NaiveDate,
    until: NaiveDate,
    /// False for a fee notice when the setting says it does not pause the clock: its
    /// payment period still runs out.
    stops_clock: bool,
}

/// The clock after the events, on a given day.
#[derive(Debug, Clone)]
pub struct Clock<'c> {
    cal: &'c Calendar,
    settings: ClockSettings,
    received: NaiveDate,
    /// The day the 20 days count from (receipt, or the corrected request's arrival).
    start: NaiveDate,
    extension: u32,
    /// An extension asked for and not yet decided: (days, by whom).
    pending_extension: Option<(u32, i64)>,
    paused_days: u32,
    pauses: Vec<Pause>,
    open: Option<OpenPause>,
    /// A 补正告知 went out: (sent on, the applicant's deadline).
    correction: Option<(NaiveDate, NaiveDate)>,
    corrected: bool,
    /// Closed: (day, status, outcome, due on that day).
    closed: Option<(NaiveDate, Status, Outcome, Option<NaiveDate>)>,
    /// The latest event's day: events are recorded in the order they happened.
    last: NaiveDate,
}

impl<'c> Clock<'c> {
    pub fn new(cal: &'c Calendar, settings: &ClockSettings, received: NaiveDate) -> Clock<'c> {
        Clock {
            cal,
            settings: settings.clone(),
            received,
            start: received,
            extension: 0,
            pending_extension: None,
            paused_days: 0,
            pauses: Vec::new(),
            open: None,
            correction: None,
            corrected: false,
            closed: None,
            last: received,
        }
    }

    /// The clock after `events` in order; an event it refuses (possible only when the
    /// calendar or the settings changed since it was recorded) is skipped.
    pub fn replay(
        cal: &'c Calendar,
        settings: &ClockSettings,
        received: NaiveDate,
        events: &[(NaiveDate, EventKind, i64)],
    ) -> Clock<'c> {
        let mut c = Clock::new(cal, settings, received);
        for (on, e, by) in events {
            let mut next = c.clone();
            if next.apply(*on, e, *by).is_ok() {
                c = next;
            }
        }
        c
    }

    /// The last day a 补正告知 may go out (第三十条).
    pub fn correction_notice_by(&self) -> NaiveDate {
        self.cal
            .add_working_days(self.received, self.settings.correction_notice_days)
    }

    /// The reply's due date with the pauses up to `today` (a pause that lasts moves it day by
    /// day); `None` while the clock waits for a 补正.
    pub fn due_on(&self, today: NaiveDate) -> Option<NaiveDate> {
        if let Some((day, _, _, due)) = self.closed {
            let _ = day;
            return due;
        }
        if self.correction.is_some() && !self.corrected {
            return None;
        }
        let open = self.open.as_ref().map_or(0, |p| self.open_days(p, today));
        Some(self.due_with(self.paused_days + open))
    }

    fn due_with(&self, paused: u32) -> NaiveDate {
        let mut n = self.settings.reply_days + self.extension + paused;
        if self.settings.receipt_day_counts && self.cal.is_working_day(self.start) {
            n = n.saturating_sub(1);
        }
        self.cal.add_working_days(self.start, n)
    }

    /// Working days an open pause has left out by `today` (at most to its limit).
    fn open_days(&self, p: &OpenPause, today: NaiveDate) -> u32 {
        if !p.stops_clock {
            return 0;
        }
        let to = today.min(p.until);
        self.cal.working_days_between(p.from, to).max(0) as u32
    }

    /// Closes an open pause on `to` (at most its limit), counting its days.
    fn close_pause(&mut self, to: NaiveDate) {
        if let Some(p) = self.open.take() {
            let end = to.min(p.until);
            let days = if p.stops_clock {
                self.cal.working_days_between(p.from, end).max(0) as u32
            } else {
                0
            };
            self.paused_days += days;
            if let Some(last) = self.pauses.last_mut() {
                last.to = Some(end);
                last.days = days;
            }
        }
    }

    /// Lapses by `today`: a consultation past its period ends there; an unpaid fee or a
    /// missing 补正 past its deadline closes the request as 视为放弃.
    fn settle(&mut self, today: NaiveDate) {
        if self.closed.is_some() {
            return;
        }
        if let Some(p) = self.open.clone() {
            if today > p.until {
                match p.kind {
                    PauseKind::Consult(_) => self.close_pause(p.until),
                    PauseKind::Fee => {
                        let due = self.due_on(p.until);
                        self.close_pause(p.until);
                        self.closed = Some((
                            p.until + Duration::days(1),
                            Status::Abandoned,
                            Outcome::UnpaidFee,
                            due,
                        ));
                        return;
                    }
                }
            }
        }
        if let Some((_, until)) = self.correction {
            if !self.corrected && today > until {
                self.closed = Some((
                    until + Duration::days(1),
                    Status::Abandoned,
                    Outcome::NoCorrection,
                    None,
                ));
            }
        }
    }

    /// Applies one event that happened on `on`, recorded by `by` (a staff id); refused with
    /// the reason when the rules do not allow it.
    pub fn apply(&mut self, on: NaiveDate, e: &EventKind, by: i64) -> Result<(), String> {
        let d = |x: NaiveDate| x.format("%Y-%m-%d").to_string();
        if on < self.last {
            return Err(format!(
                "日期不能早于上一次办理记录（{}）：请按发生的先后登记。",
                d(self.last)
            ));
        }
        self.settle(on);
        if let Some((day, status, _, _)) = self.closed {
            return Err(format!(
                "该申请已于 {} {}，不能再登记办理事项。",
                d(day),
                match status {
                    Status::Abandoned => "视为放弃",
                    Status::Withdrawn => "撤回",
                    _ => "答复",
                }
            ));
        }
        let waiting_correction = self.correction.is_some() && !self.corrected;
        match e {
            EventKind::CorrectionSent { until, .. } => {
                if self.correction.is_some() {
                    return Err("补正只能一次性告知（第三十条），本申请已发出过补正告知。".into());
                }
                let by_day = self.correction_notice_by();
                if on > by_day {
                    return Err(format!(
                        "补正告知应在收到申请之日起 {} 个工作日内发出（最迟 {}）。",
                        self.settings.correction_notice_days,
                        d(by_day)
                    ));
                }
                let until = until.unwrap_or_else(|| {
                    self.cal.add_working_days(on, self.settings.correction_days)
                });
                if until <= on {
                    return Err("补正期限应晚于补正告知的日期。".into());
                }
                self.close_pause(on);
                self.correction = Some((on, until));
            }
            EventKind::CorrectionReceived => {
                let Some((_, until)) = self.correction else {
                    return Err("尚未发出补正告知，不能登记收到补正。".into());
                };
                if self.corrected {
                    return Err("已登记过收到补正。".into());
                }
                if on > until {
                    return Err(format!("补正期限（{}）已过，申请视为放弃。", d(until)));
                }
                self.corrected = true;
                self.start = on;
                self.extension = 0;
                self.paused_days = 0;
            }
            EventKind::ExtensionRequested { days, .. } => {
                if waiting_correction {
                    return Err("正在等待补正，答复期限尚未起算，不需要延期。".into());
                }
                if self.extension > 0 {
                    return Err("答复期限只能延长一次（第三十三条）。".into());
                }
                if self.pending_extension.is_some() {
                    return Err("已有一项延期申请等待负责人决定。".into());
                }
                let max = self.settings.extension_max_days;
                if *days == 0 || *days > max {
                    return Err(format!(
                        "延长的期限应为 1 至 {max} 个工作日（第三十三条）。"
                    ));
                }
                self.check_before_due(on, "申请延期")?;
                self.pending_extension = Some((*days, by));
            }
            EventKind::ExtensionApproved => {
                let Some((days, asked_by)) = self.pending_extension else {
                    return Err("没有等待决定的延期申请。".into());
                };
                if asked_by == by {
                    return Err(
                        "延期须经政府信息公开工作机构负责人同意，申请延期的人不能自己批准。".into(),
                    );
                }
                self.check_before_due(on, "批准延期")?;
                self.pending_extension = None;
                self.extension = days;
            }
            EventKind::ExtensionRefused => {
                if self.pending_extension.take().is_none() {
                    return Err("没有等待决定的延期申请。".into());
                }
            }
            EventKind::ConsultStarted { party, .. } => {
                if waiting_correction {
                    return Err("正在等待补正，请在收到补正后再征求意见。".into());
                }
                if self.open.is_some() {
                    return Err("答复期限已在暂停中：请先登记上一项征求意见或缴费的结果。".into());
                }
                self.check_before_due(on, "征求意见")?;
                let until = self.cal.add_working_days(on, self.settings.consult_days);
                self.open = Some(OpenPause {
                    kind: PauseKind::Consult(*party),
                    from: on,
                    until,
                    stops_clock: true,
                });
                self.pauses.push(Pause {
                    reason: format!("征求{}意见", party.label()),
                    basis: match party {
                        ConsultParty::ThirdParty => "第三十二条、第三十三条第二款",
                        ConsultParty::CoMaker => "第三十四条、第三十三条第二款",
                    }
                    .into(),
                    from: on,
                    to: None,
                    until,
                    days: 0,
                });
            }
            EventKind::ConsultAnswered { .. } => match self.open {
                Some(OpenPause {
                    kind: PauseKind::Consult(_),
                    ..
                }) => self.close_pause(on),
                _ => return Err("没有进行中的征求意见。".into()),
            },
            EventKind::FeeNoticed { .. } => {
                if waiting_correction {
                    return Err("正在等待补正，请在收到补正后再发收费通知。".into());
                }
                if self.open.is_some() {
                    return Err("答复期限已在暂停中：请先登记上一项征求意见的结果。".into());
                }
                if self.pauses.iter().any(|p| p.reason == "待缴费") {
                    return Err("本申请已发出过收费通知。".into());
                }
                self.check_before_due(on, "发出收费通知")?;
                let until = self.cal.add_working_days(on, self.settings.fee_days);
                self.open = Some(OpenPause {
                    kind: PauseKind::Fee,
                    from: on,
                    until,
                    stops_clock: self.settings.fee_pauses,
                });
                self.pauses.push(Pause {
                    reason: "待缴费".into(),
                    basis: "国办函〔2020〕109号".into(),
                    from: on,
                    to: None,
                    until,
                    days: 0,
                });
            }
            EventKind::FeePaid => match self.open {
                Some(OpenPause {
                    kind: PauseKind::Fee,
                    ..
                }) => self.close_pause(on),
                _ => return Err("没有待缴的收费通知。".into()),
            },
            EventKind::Replied { outcome, .. } => {
                if on < self.received {
                    return Err("答复日期不能早于收到申请之日。".into());
                }
                self.close_pause(on);
                let due = self.due_on(on);
                self.closed = Some((on, Status::Replied, *outcome, due));
            }
            EventKind::Withdrawn { .. } => {
                self.close_pause(on);
                let due = self.due_on(on);
                self.closed = Some((on, Status::Withdrawn, Outcome::OtherHandling, due));
            }
        }
        self.last = on;
        Ok(())
    }

    fn check_before_due(&self, on: NaiveDate, what: &str) -> Result<(), String> {
        match self.due_on(on) {
            Some(due) if on > due => Err(format!(
                "答复期限（{}）已过，不能再{what}。",
                due.format("%Y-%m-%d")
            )),
            _ => Ok(()),
        }
    }
}
