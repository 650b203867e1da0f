//! What a new store is seeded with, written: the agency, its offices and the work plan's
//! tasks, and the categories' default offices. What the seed data is is `crate::seed`'s,
//! which runs these in one transaction; each writes nothing when the seeding it does is
//! already done.

use rusqlite::params;

use super::Conn;
use crate::error::Result;

/// The agency a new store starts with.
#[derive(Debug, Clone)]
pub struct AgencySeed<'a> {
    pub name: &'a str,
    pub short_name: &'a str,
    /// Office names, in display order.
    pub offices: &'a [&'a str],
    /// The work plan's tasks, in plan order.
    pub tasks: Vec<TaskSeed<'a>>,
}

/// One task of the work plan as seeded.
#[derive(Debug, Clone)]
pub struct TaskSeed<'a> {
    pub title: &'a str,
    pub detail: &'a str,
    pub any_office_concerned: bool,
    /// Names of responsible offices (seeded ones).
    pub offices: Vec<&'a str>,
}

/// Writes the agency (id 1, no 机构代码), its offices and the tasks with their offices, at
/// `at`, when the store has no agency yet; whether it did.
pub fn agency(tx: &Conn, seed: &AgencySeed<'_>, at: &str) -> Result<bool> {
    let seeded: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM agency)", [], |r| r.get(0))?;
    if seeded {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO agency (id, name, short_name, org_code, updated_at) VALUES (1, ?1, ?2, '', ?3)",
        params![seed.name, seed.short_name, at],
    )?;
    for (i, name) in seed.offices.iter().enumerate() {
        tx.execute(
            "INSERT INTO office (name, sort_order, active, created_at) VALUES (?1, ?2, 1, ?3)",
            params![name, i as i64 + 1, at],
        )?;
    }
    for (i, task) in seed.tasks.iter().enumerate() {
        tx.execute(
            "INSERT INTO plan_task (seq, title, detail, any_office_concerned) VALUES (?1, ?2, ?3, ?4)",
            params![i as i64 + 1, task.title, task.detail, task.any_office_concerned],
        )?;
        let task_id = tx.last_insert_rowid();
        for office in &task.offices {
            tx.execute(
                "INSERT INTO plan_task_office (task_id, office_id) SELECT ?1, id FROM office WHERE name = ?2",
                params![task_id, office],
            )?;
        }
    }
    Ok(true)
}

/// Gives each category (by code) its default offices (by name; unknown ones skipped), once
/// per store: nothing when done before (the setting `seeded_category_offices`).
pub fn category_offices(tx: &Conn, offices: &[(&str, &[&str])]) -> Result<()> {
    let done: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM setting WHERE key = 'seeded_category_offices')",
        [],
        |r| r.get(0),
    )?;
    if done {
        return Ok(());
    }
    for (code, names) in offices {
        for office in *names {
            tx.execute(
                "INSERT OR IGNORE INTO category_office (category_id, office_id)
                 SELECT c.id, o.id FROM category c, office o WHERE c.code = ?1 AND o.name = ?2",
                params![code, office],
            )?;
        }
    }
    tx.execute(
        "INSERT INTO setting (key, value) VALUES ('seeded_category_offices', 'true')",
        [],
    )?;
    Ok(())
}
