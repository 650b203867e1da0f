//! 时钟 — the one place the core reads the date and time.
//!
//! Every rule that depends on "today" (deadlines, overdue counts, re-review dates, reports
//! up to today, a birth date not in the future, backup rotation, the index number's year)
//! asks this module, never `chrono::Local::now()` directly, so a test can pin the day it
//! runs on and a tool can replay a given day.
//!
//! [`pin`] sets the time for the calling thread until its guard is dropped (the core does
//! its work on the caller's thread). Without a pin the clock is the system's local time.
//!
//! The date test (`tests/dates/run.sh`) runs whole test processes, and the `disclosure`
//! processes they start, at other dates: in builds with the `demo` feature (tests, benches
//! and demonstrations; never the release build the .deb ships, so an office PC cannot be
//! told to backdate its records) the variable [`OFFSET_ENV`] adds that many seconds to the
//! system clock. It replaces Debian's `faketime`, which fakes every clock of the process
//! (the monotonic clock and file times included) and made tests fail on CI machines that
//! passed here.

use std::cell::Cell;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveTime, TimeZone};

thread_local! {
    /// A pinned instant and the system instant when it was pinned: the pinned clock runs on
    /// from there, so timestamps written one after the other still increase.
    static PINNED: Cell<Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)>> =
        const { Cell::new(None) };
}

/// Seconds added to the system clock in test and demonstration builds (see the module doc).
pub const OFFSET_ENV: &str = "DISCLOSURE_CLOCK_OFFSET";

/// The offset a value of [`OFFSET_ENV`] gives: whole seconds, possibly negative.
pub fn parse_offset(value: &str) -> std::result::Result<chrono::Duration, String> {
    value
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(chrono::Duration::try_seconds)
        .ok_or_else(|| format!("{OFFSET_ENV}=“{value}”：应为整数秒数（可为负数）"))
}

#[cfg(feature = "demo")]
fn offset() -> chrono::Duration {
    static OFFSET: std::sync::OnceLock<chrono::Duration> = std::sync::OnceLock::new();
    *OFFSET.get_or_init(|| match std::env::var(OFFSET_ENV) {
        Ok(v) => parse_offset(&v).unwrap_or_else(|e| panic!("{e}")),
        Err(_) => chrono::Duration::zero(),
    })
}

#[cfg(not(feature = "demo"))]
fn offset() -> chrono::Duration {
    chrono::Duration::zero()
}

/// The system's local time (moved by [`OFFSET_ENV`] in test builds).
fn system() -> DateTime<FixedOffset> {
    (Local::now() + offset()).fixed_offset()
}

/// Now, in the office's local time (or as pinned on this thread).
pub fn now() -> DateTime<FixedOffset> {
    let system = system();
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
    let before = PINNED.with(|p| p.replace(Some((at, system()))));
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
        let day = system().date_naive() + chrono::Duration::days(400);
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
        let before = system().date_naive();
        let got = read();
        got == before || got == system().date_naive()
    }

    #[test]
    fn a_pin_holds_for_its_own_thread_only() {
        let day = system().date_naive() + chrono::Duration::days(400);
        let _g = pin_day(day, NaiveTime::MIN);
        assert!(is_system_date(|| std::thread::spawn(today).join().unwrap()));
    }

    #[test]
    fn the_offset_is_whole_seconds_and_anything_else_is_refused_in_chinese() {
        assert_eq!(parse_offset("86400"), Ok(chrono::Duration::days(1)));
        assert_eq!(parse_offset(" -3600\n"), Ok(chrono::Duration::hours(-1)));
        for bad in ["", "1.5", "2026-12-03", "9999999999999999999"] {
            let e = parse_offset(bad).unwrap_err();
            assert!(e.contains("应为整数秒数"), "{bad}: {e}");
        }
    }
}
