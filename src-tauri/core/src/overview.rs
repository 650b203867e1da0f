//! 概况 — what `disclosure info` prints and the home page shows about the store itself.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::store::{latest_version, schema_version, Store};

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Overview {
    pub data_dir: String,
    pub db_path: String,
    #[ts(type = "number")]
    pub schema_version: i64,
    #[ts(type = "number")]
    pub latest_schema_version: i64,
    pub agency: String,
    pub counts: Counts,
}

pub fn get(store: &Store) -> Result<Overview> {
    let conn = store.conn();
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    Ok(Overview {
        data_dir: store.data_dir().display().to_string(),
        db_path: store.db_path().display().to_string(),
        schema_version: schema_version(conn)?,
        latest_schema_version: latest_version(),
        agency: crate::agency::get(store)?.name,
        counts: Counts {
            offices: count("SELECT COUNT(*) FROM office WHERE active = 1")?,
            plan_tasks: count("SELECT COUNT(*) FROM plan_task")?,
            staff: count("SELECT COUNT(*) FROM staff WHERE active = 1")?,
            items: count("SELECT COUNT(*) FROM item WHERE deleted_at IS NULL")?,
        },
    })
}
