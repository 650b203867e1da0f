//! 时钟 — the one place the core reads the date and time.
//!
//! Every rule that depends on "today" (deadlines, overdue counts, re-review dates, reports
//! up to today, a birth date not in the future, backup rotation, the index number's year)
//! asks this module, never `chrono::Local::now()` directly, so a test can pin the day it
//! runs on and a tool can replay a given day.
//!
//! [`pin`] sets the time for the calling thread until its guard is dropped (the core does
//! its work on the caller's thread). Without a pin the clock is the system's local time.

use std::cell::Cell;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveTime, TimeZone};

thread_local! {
    /// A pinned instant and the system instant when it was pinned: the pinned clock runs on
    /// from there, so timestamps written one after the other still increase.
    static PINNED: Cell<Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)>> =
        const { Cell::new(None) };
}

/// Now, in the office's local time (or as pinned on this thread).
pub fn now() -> DateTime<FixedOffset> {
    let system = Local::now().fixed_offset();
    match PINNED.with(Cell::get) {
        Some((at, since)) => at + (system - since).max(chrono::Duration::zero()),
        None => system,
    }
}

/// Today's date in the office's local time.
pub fn today() -> NaiveDate {
    now().date_naive()
}

/// Now as stored in the database: local time with its offset, to the second.
pub fn stamp() -> String {
    now().format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Until the returned guard is dropped, this thread's clock starts at `at` and runs on.
#[must_use = "the clock is pinned only while the guard lives"]
pub fn pin(at: DateTime<FixedOffset>) -> Pinned {
    let before = PINNED.with(|p| p.replace(Some((at, Local::now().fixed_offset()))));
    Pinned { before }
}

/// Pins this thread's clock to `day` at `time` in the system's local offset.
#[must_use = "the clock is pinned only while the guard lives"]
pub fn pin_day(day: NaiveDate, time: NaiveTime) -> Pinned {
    pin(at_local(day, time))
}

/// `day` at `time` with the office's local offset on that day.
pub fn at_local(day: NaiveDate, time: NaiveTime) -> DateTime<FixedOffset> {
    let naive = day.and_time(time);
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.fixed_offset())
        // A time skipped by a daylight-saving change (not in China): read it as UTC.
        .unwrap_or_else(|| naive.and_utc().fixed_offset())
}

/// Restores the clock the thread had before [`pin`].
pub struct Pinned {
    before: Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)>,
}

impl Drop for Pinned {
    fn drop(&mut self) {
        PINNED.with(|p| p.set(self.before));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_clock_runs_on_from_the_pinned_instant_and_is_restored() {
        // A day that is not the system's, whatever the system's is.
        let day = Local::now().date_naive() + chrono::Duration::days(400);
        let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap();
        {
            let _g = pin_day(day, noon);
            assert_eq!(today(), day);
            let a = now();
            let b = now();
            assert!(b >= a);
            assert!(stamp().starts_with(&format!("{}T12:00", day.format("%Y-%m-%d"))));
            {
                let _inner = pin_day(day.pred_opt().unwrap(), noon);
                assert_eq!(today(), day.pred_opt().unwrap());
            }
            assert_eq!(today(), day);
        }
        assert!(is_system_date(today), "the pin is gone with its guard");
    }

    /// `read` gives the system's date (read before and after it, in case midnight passes).
    fn is_system_date(read: impl FnOnce() -> NaiveDate) -> bool {
        let before = Local::now().date_naive();
        let got = read();
        got == before || got == Local::now().date_naive()
    }

    #[test]
    fn a_pin_holds_for_its_own_thread_only() {
        let day = Local::now().date_naive() + chrono::Duration::days(400);
        let _g = pin_day(day, NaiveTime::MIN);
        assert!(is_system_date(|| std::thread::spawn(today).join().unwrap()));
    }
}
