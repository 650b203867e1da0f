//! 工作任务 — the tasks of the work plan (鞍山市教育局全面推进政务公开工作实施方案) and the
//! offices responsible for each (责任处室).
//!
//! "有关处室" in the plan means every office concerned; it is the flag
//! `any_office_concerned`, never an office row.

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::store::Store;

/// A responsible office as listed on a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OfficeRef {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

/// 工作任务.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanTask {
    #[ts(type = "number")]
    pub id: i64,
    /// The task's number in the plan (1–14).
    #[ts(type = "number")]
    pub seq: i64,
    pub title: String,
    pub detail: String,
    /// 有关处室 — every office concerned shares the task.
    pub any_office_concerned: bool,
    /// Named 责任处室, in office order.
    pub offices: Vec<OfficeRef>,
}

/// Every task in plan order, with its responsible offices.
pub fn list(store: &Store) -> Result<Vec<PlanTask>> {
    let conn = store.conn();
    let mut tasks: Vec<PlanTask> = conn
        .prepare_cached(
            "SELECT id, seq, title, detail, any_office_concerned FROM plan_task ORDER BY seq",
        )?
        .query_map([], |r| {
            Ok(PlanTask {
                id: r.get(0)?,
                seq: r.get(1)?,
                title: r.get(2)?,
                detail: r.get(3)?,
                any_office_concerned: r.get(4)?,
                offices: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.name FROM plan_task_office t JOIN office o ON o.id = t.office_id
         WHERE t.task_id = ?1 ORDER BY o.sort_order, o.id",
    )?;
    for task in &mut tasks {
        task.offices = stmt
            .query_map(params![task.id], |r| {
                Ok(OfficeRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(tasks)
}
