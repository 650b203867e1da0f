//! 工作日历 — which days are working days: Monday to Friday, minus the State Council's
//! public holidays, plus the 调休 weekend days that are worked.
//!
//! The years 2024–2026 ship in `assets/cn-holidays.json`; the State Council publishes the
//! next year each November, and an administrator adds it (table `calendar_year`, same JSON
//! shape) without a new release. A date in a year with no arrangement loaded falls back to
//! weekends only, and [`Calendar::covers`] lets the caller say so.

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

const SHIPPED: &str = include_str!("../assets/cn-holidays.json");

/// One year's arrangement as published (国务院办公厅关于…部分节假日安排的通知).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct YearPlan {
    #[serde(default)]
    pub source: String,
    /// The notice's number, e.g. 国办发明电〔2024〕12号.
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub published: String,
    pub holidays: Vec<Holiday>,
    /// 调休: weekend days that are working days.
    pub workdays: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Holiday {
    pub name: String,
    pub from: String,
    pub to: String,
}

/// The working-day calendar, loaded once per use.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    years: HashSet<i32>,
    off: HashSet<NaiveDate>,
    on: HashSet<NaiveDate>,
}

fn date(s: &str, year: i32) -> Result<NaiveDate> {
    let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        Error::invalid(
            "calendar",
            format!("“{s}”不是有效日期（应为 YYYY-MM-DD）。"),
        )
    })?;
    // A 调休 day or a holiday may spill into the neighbouring year (元旦, 春节), not further.
    if (d.year() - year).abs() > 1 {
        return Err(Error::invalid(
            "calendar",
            format!("{year} 年的安排中出现了 {s}。"),
        ));
    }
    Ok(d)
}

impl Calendar {
    /// The shipped years only.
    pub fn shipped() -> Calendar {
        let mut cal = Calendar::default();
        let plans: BTreeMap<String, YearPlan> =
            serde_json::from_str(SHIPPED).expect("assets/cn-holidays.json is valid");
        for (year, plan) in plans {
            let year: i32 = year.parse().expect("years are numbers");
            cal.add(year, &plan).expect("shipped calendar is valid");
        }
        cal
    }

    /// The shipped years and those an administrator added.
    pub fn load(conn: &rusqlite::Connection) -> Result<Calendar> {
        let mut cal = Calendar::shipped();
        let rows = conn
            .prepare_cached("SELECT year, json FROM calendar_year ORDER BY year")?
            .query_map([], |r| Ok((r.get::<_, i32>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (year, json) in rows {
            match serde_json::from_str::<YearPlan>(&json) {
                Ok(plan) => cal.add(year, &plan)?,
                Err(e) => log::error!("calendar year {year} unreadable: {e}"),
            }
        }
        Ok(cal)
    }

    /// Adds (or replaces) one year's arrangement.
    pub fn add(&mut self, year: i32, plan: &YearPlan) -> Result<()> {
        let mut off = Vec::new();
        for h in &plan.holidays {
            let (from, to) = (date(&h.from, year)?, date(&h.to, year)?);
            if to < from || (to - from).num_days() > 31 {
                return Err(Error::invalid(
                    "calendar",
                    format!("“{}”的起止日期不对：{} 至 {}。", h.name, h.from, h.to),
                ));
            }
            off.extend(from.iter_days().take_while(|d| *d <= to));
        }
        let on = plan
            .workdays
            .iter()
            .map(|d| date(d, year))
            .collect::<Result<Vec<_>>>()?;
        self.off.retain(|d| d.year() != year);
        self.on.retain(|d| d.year() != year);
        self.off.extend(off);
        self.on.extend(on);
        self.years.insert(year);
        Ok(())
    }

    /// Whether the year's holiday arrangement is loaded; without it only weekends count.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.on.contains(&d) {
            return true;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.off.contains(&d)
    }

    /// The `n`-th working day after `from` (`from` itself does not count); `n = 0` gives
    /// `from` when it is a working day, else the next one.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        if n == 0 {
            while !self.is_working_day(d) {
                d += Duration::days(1);
            }
            return d;
        }
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// Working days after `from` up to and including `to` (negative when `to` is earlier).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (a, b, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let count = a
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= b)
            .filter(|d| self.is_working_day(*d))
            .count() as i64;
        sign * count
    }
}

/// Today in the office's local time.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Parses the date part of a stored timestamp (`YYYY-MM-DD…`).
pub fn date_of(stamp: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(stamp.get(..10)?, "%Y-%m-%d").ok()
}
