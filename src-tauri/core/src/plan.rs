//! 工作任务与责任分工台账 — the tasks of the work plan (鞍山市教育局全面推进政务公开工作实施方案),
//! the offices responsible for each (责任处室), the people who carry it out (落实专人) and
//! the progress of the items linked to it (`item.task_id`).
//!
//! "有关处室" in the plan means every office concerned; it is the flag
//! `any_office_concerned`, never an office row.

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::Store;

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

/// What an administrator changes on a task in the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TaskUpdate {
    #[ts(type = "number[]")]
    pub office_ids: Vec<i64>,
    pub any_office_concerned: bool,
    pub staff_names: String,
}

/// Every task in plan order, with its responsible offices, staff and progress.
pub fn list(store: &Store) -> Result<Vec<PlanTask>> {
    let conn = store.conn();
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

/// The names of 落实专人, trimmed, one a line, without empty lines or repeats.
fn clean_names(s: &str) -> String {
    let mut names: Vec<&str> = Vec::new();
    for n in s.split(['\n', '、', ',', '，', ';', '；']).map(str::trim) {
        if !n.is_empty() && !names.contains(&n) {
            names.push(n);
        }
    }
    names.join("\n")
}

/// Changes a task's responsible offices and staff (administrators only, audited).
pub fn update(
    store: &mut Store,
    actor: &Staff,
    task_id: i64,
    u: &TaskUpdate,
) -> Result<Vec<PlanTask>> {
    actor.require(Role::Admin)?;
    let staff_names = clean_names(&u.staff_names);
    if staff_names.chars().count() > 500 {
        return Err(Error::invalid("staff_names", "落实专人最多 500 个字。"));
    }
    if u.office_ids.is_empty() && !u.any_office_concerned {
        return Err(Error::invalid(
            "office_ids",
            "请至少选择一个责任处室，或勾选“有关处室”。",
        ));
    }
    {
        let tx = store.conn_mut().transaction()?;
        let title: String = tx
            .query_row(
                "SELECT title FROM plan_task WHERE id = ?1",
                [task_id],
                |r| r.get(0),
            )
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => {
                    Error::NotFound("找不到该工作任务。".into())
                }
                e => e.into(),
            })?;
        let mut names = Vec::new();
        for id in &u.office_ids {
            let name: Option<String> = rusqlite::OptionalExtension::optional(tx.query_row(
                "SELECT name FROM office WHERE id = ?1",
                [id],
                |r| r.get(0),
            ))?;
            names.push(name.ok_or_else(|| Error::invalid("office_ids", "所选处室不存在。"))?);
        }
        tx.execute(
            "UPDATE plan_task SET any_office_concerned = ?2, staff_names = ?3 WHERE id = ?1",
            params![task_id, u.any_office_concerned, staff_names],
        )?;
        tx.execute("DELETE FROM plan_task_office WHERE task_id = ?1", [task_id])?;
        for id in &u.office_ids {
            tx.execute(
                "INSERT OR IGNORE INTO plan_task_office (task_id, office_id) VALUES (?1, ?2)",
                params![task_id, id],
            )?;
        }
        if u.any_office_concerned {
            names.push("有关处室".into());
        }
        audit::append(
            &tx,
            actor.into(),
            Event::new(
                "plan.update",
                format!(
                    "责任分工台账“{title}”：责任处室 {}；落实专人 {}",
                    names.join("、"),
                    if staff_names.is_empty() {
                        "（未填）".to_string()
                    } else {
                        staff_names.replace('\n', "、")
                    }
                ),
            ),
        )?;
        tx.commit()?;
    }
    list(store)
}
