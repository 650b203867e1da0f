//! The work plan's tables: `plan_task` (the tasks of the 责任分工台账) and
//! `plan_task_office` (each task's responsible offices).

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Conn;
use crate::error::Result;

/// A responsible office as listed on a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OfficeRef {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

/// 工作任务, one line of the 责任分工台账.
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
    /// 落实专人, one name a line.
    pub staff_names: String,
    /// Live items linked to the task.
    #[ts(type = "number")]
    pub items_total: i64,
    /// Of those, published (已发布).
    #[ts(type = "number")]
    pub items_published: i64,
}

/// Every task in plan order, with its responsible offices (in office order) and the
/// counts of its live and published items.
pub fn list(conn: &Conn) -> Result<Vec<PlanTask>> {
    let mut tasks: Vec<PlanTask> = conn
        .prepare_cached(concat!(
            "SELECT t.id, t.seq, t.title, t.detail, t.any_office_concerned, t.staff_names,
                    (SELECT COUNT(*) FROM item i
                      WHERE i.task_id = t.id AND i.deleted_at IS NULL),
                    (SELECT COUNT(*) FROM item i
                      WHERE i.task_id = t.id AND i.deleted_at IS NULL AND i.status = ",
            crate::status_sql!(Published),
            ")
             FROM plan_task t ORDER BY t.seq"
        ))?
        .query_map([], |r| {
            Ok(PlanTask {
                id: r.get(0)?,
                seq: r.get(1)?,
                title: r.get(2)?,
                detail: r.get(3)?,
                any_office_concerned: r.get(4)?,
                offices: Vec::new(),
                staff_names: r.get(5)?,
                items_total: r.get(6)?,
                items_published: r.get(7)?,
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

/// The title of task `id`, or `None` when there is no such task.
pub fn title(conn: &Conn, id: i64) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row("SELECT title FROM plan_task WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Sets task `id`'s 有关处室 flag and 落实专人, and replaces its responsible offices with
/// `office_ids` (each once).
pub fn update(
    conn: &Conn,
    id: i64,
    any_office_concerned: bool,
    staff_names: &str,
    office_ids: &[i64],
) -> Result<()> {
    conn.execute(
        "UPDATE plan_task SET any_office_concerned = ?2, staff_names = ?3 WHERE id = ?1",
        params![id, any_office_concerned, staff_names],
    )?;
    conn.execute("DELETE FROM plan_task_office WHERE task_id = ?1", [id])?;
    for office in office_ids {
        conn.execute(
            "INSERT OR IGNORE INTO plan_task_office (task_id, office_id) VALUES (?1, ?2)",
            params![id, office],
        )?;
    }
    Ok(())
}
