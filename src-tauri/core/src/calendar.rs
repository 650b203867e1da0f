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
use crate::store::{calendar as stored, Conn};

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
    /// The shipped years only. Parsed once: the queue, the dashboard and every deadline
    /// load the calendar.
    pub fn shipped() -> Calendar {
        static SHIPPED_CALENDAR: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
        SHIPPED_CALENDAR
            .get_or_init(|| {
                let mut cal = Calendar::default();
                for (year, plan) in shipped_plans() {
                    let year: i32 = year.parse().expect("years are numbers");
                    cal.add(year, &plan).expect("shipped calendar is valid");
                }
                cal
            })
            .clone()
    }

    /// The shipped years and those an administrator added.
    pub fn load(conn: &Conn) -> Result<Calendar> {
        let mut cal = Calendar::shipped();
        for stored::AddedYear { year, json } in stored::added_years(conn)? {
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

/// The calendar of this data directory (shipped years and those added).
pub fn load(store: &crate::Store) -> Result<Calendar> {
    Calendar::load(store.conn())
}

/// Parses the date part of a stored timestamp (`YYYY-MM-DD…`).
pub fn date_of(stamp: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(stamp.get(..10)?, "%Y-%m-%d").ok()
}

/// A year of the calendar as the settings page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalendarYear {
    pub year: i32,
    /// The notice's number (国办发明电…).
    pub document: String,
    /// `shipped` with the app, or `added` by an administrator.
    pub origin: String,
    #[ts(type = "number")]
    pub holidays: usize,
    #[ts(type = "number")]
    pub workdays: usize,
}

fn shipped_plans() -> BTreeMap<String, YearPlan> {
    serde_json::from_str(SHIPPED).expect("assets/cn-holidays.json is valid")
}

/// Every year loaded, oldest first; a year an administrator added replaces the shipped one.
pub fn years(store: &crate::Store) -> Result<Vec<CalendarYear>> {
    let conn = store.conn();
    let mut out: BTreeMap<i32, CalendarYear> = BTreeMap::new();
    let row = |year: i32, plan: &YearPlan, origin: &str| CalendarYear {
        year,
        document: plan.document.clone(),
        origin: origin.into(),
        holidays: plan.holidays.len(),
        workdays: plan.workdays.len(),
    };
    for (year, plan) in shipped_plans() {
        if let Ok(y) = year.parse() {
            out.insert(y, row(y, &plan, "shipped"));
        }
    }
    for stored::AddedYear { year, json } in stored::added_years(conn)? {
        if let Ok(plan) = serde_json::from_str::<YearPlan>(&json) {
            out.insert(year, row(year, &plan, "added"));
        }
    }
    Ok(out.into_values().collect())
}

/// Adds (or replaces) one year's arrangement, checked first; administrators only, audited.
pub fn add_year(
    store: &mut crate::Store,
    actor: &crate::staff::Staff,
    year: i32,
    plan: &YearPlan,
) -> Result<Vec<CalendarYear>> {
    actor.require(crate::staff::Role::Admin)?;
    if !(2000..=2100).contains(&year) {
        return Err(Error::invalid("year", "年份应在 2000 到 2100 之间。"));
    }
    if plan.holidays.is_empty() {
        return Err(Error::invalid("calendar", "安排中没有任何节假日。"));
    }
    Calendar::default().add(year, plan)?;
    let json = serde_json::to_string(plan).unwrap_or_default();
    store.transaction(|tx| {
        stored::put_year(tx, year, &json, actor.id, &crate::clock::stamp())?;
        crate::audit::append(
            tx,
            actor.into(),
            crate::audit::Event::new(
                "settings.calendar",
                format!(
                    "工作日历：加入 {year} 年节假日安排（{}，{} 个节日、{} 个调休上班日）",
                    if plan.document.is_empty() {
                        "未注明文号"
                    } else {
                        plan.document.as_str()
                    },
                    plan.holidays.len(),
                    plan.workdays.len()
                ),
            ),
        )
    })?;
    years(store)
}

/// Reads a year (or several) from JSON in the shipped shape: either `{"2027": {…}}` or a
/// single year's `{…}` with the year given separately.
pub fn parse_years(json: &str, year: Option<i32>) -> Result<Vec<(i32, YearPlan)>> {
    let bad =
        |e: serde_json::Error| Error::invalid("calendar", format!("节假日安排的格式不对：{e}"));
    if let Ok(map) = serde_json::from_str::<BTreeMap<String, YearPlan>>(json) {
        return map
            .into_iter()
            .map(|(y, plan)| {
                y.parse::<i32>()
                    .map(|y| (y, plan))
                    .map_err(|_| Error::invalid("year", format!("“{y}”不是年份。")))
            })
            .collect();
    }
    let plan: YearPlan = serde_json::from_str(json).map_err(bad)?;
    let year = year
        .or_else(|| {
            plan.holidays
                .first()
                .and_then(|h| h.from.get(..4)?.parse().ok())
        })
        .ok_or_else(|| Error::invalid("year", "请注明年份。"))?;
    Ok(vec![(year, plan)])
}
