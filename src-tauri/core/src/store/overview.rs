//! The record counts the store's overview shows.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Conn;
use crate::error::Result;

/// Record counts of the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Counts {
    /// Active offices.
    #[ts(type = "number")]
    pub offices: i64,
    #[ts(type = "number")]
    pub plan_tasks: i64,
    /// Active staff.
    #[ts(type = "number")]
    pub staff: i64,
    /// Items not deleted.
    #[ts(type = "number")]
    pub items: i64,
}

/// The counts now: active offices, plan tasks, active staff, items not deleted.
pub fn counts(conn: &Conn) -> Result<Counts> {
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    Ok(Counts {
        offices: count("SELECT COUNT(*) FROM office WHERE active = 1")?,
        plan_tasks: count("SELECT COUNT(*) FROM plan_task")?,
        staff: count("SELECT COUNT(*) FROM staff WHERE active = 1")?,
        items: count("SELECT COUNT(*) FROM item WHERE deleted_at IS NULL")?,
    })
}
