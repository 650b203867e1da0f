//! 工作任务与责任分工台账 — the tasks of the work plan (鞍山市教育局全面推进政务公开工作实施方案),
//! the offices responsible for each (责任处室), the people who carry it out (落实专人) and
//! the progress of the items linked to it (`item.task_id`).
//!
//! "有关处室" in the plan means every office concerned; it is the flag
//! `any_office_concerned`, never an office row.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{self, Event};
use crate::error::{Error, Result};
use crate::staff::{Role, Staff};
use crate::store::{offices, plan, Store};

pub use crate::store::plan::{OfficeRef, PlanTask};

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
    plan::list(store.conn())
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
    store.transaction(|tx| {
        let title = plan::title(tx, task_id)?
            .ok_or_else(|| Error::NotFound("找不到该工作任务。".into()))?;
        let mut names = Vec::new();
        for id in &u.office_ids {
            let office = offices::get(tx, *id)?;
            names.push(
                office
                    .map(|o| o.name)
                    .ok_or_else(|| Error::invalid("office_ids", "所选处室不存在。"))?,
            );
        }
        plan::update(
            tx,
            task_id,
            u.any_office_concerned,
            &staff_names,
            &u.office_ids,
        )?;
        if u.any_office_concerned {
            names.push("有关处室".into());
        }
        audit::append(
            tx,
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
        )
    })?;
    list(store)
}
