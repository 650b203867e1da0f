//! 备份轮换 — which backups are kept: the newest of each of the 7 most recent days that
//! have a backup (daily), and, older than those, the newest of each of the 4 most recent
//! weeks (weekly). Backups made before a migration or a restore are also kept for 30
//! days whatever their number, since they hold data the user chose to replace.
//! Unfinished folders (no manifest) older than a day and pool blobs no kept backup names
//! are removed.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::time::Duration;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::{finished, Reason, MANIFEST, POOL};
use crate::error::Result;

pub const DAILY: usize = 7;
pub const WEEKLY: usize = 4;
const SAFETY_DAYS: i64 = 30;

/// For backups made at `made` (any order) with their reasons, whether each is kept on
/// `today`.
pub fn retained(made: &[(NaiveDateTime, Reason)], today: NaiveDate) -> Vec<bool> {
    let mut order: Vec<usize> = (0..made.len()).collect();
    order.sort_by(|&a, &b| made[b].0.cmp(&made[a].0));
    let mut keep = vec![false; made.len()];
    let mut days = BTreeSet::new();
    let mut weeks = BTreeSet::new();
    let mut oldest_daily: Option<NaiveDate> = None;
    for &i in &order {
        let day = made[i].0.date();
        if days.len() < DAILY && !days.contains(&day) {
            days.insert(day);
            oldest_daily = Some(day);
            keep[i] = true;
        }
    }
    for &i in &order {
        let day = made[i].0.date();
        if oldest_daily.is_some_and(|d| day >= d) {
            continue;
        }
        let week = (day.iso_week().year(), day.iso_week().week());
        if weeks.len() < WEEKLY && !weeks.contains(&week) {
            weeks.insert(week);
            keep[i] = true;
        }
    }
    for (i, (at, reason)) in made.iter().enumerate() {
        let safety = matches!(reason, Reason::PreMigration | Reason::PreRestore);
        if safety && (today - at.date()).num_days() <= SAFETY_DAYS {
            keep[i] = true;
        }
    }
    keep
}

/// Applies the rotation to `root` on `today`; `just_made` is kept whatever the rule says
/// (two backups in the same second would otherwise tie).
pub(super) fn prune(root: &Path, today: NaiveDate, just_made: &Path) -> Result<()> {
    let all = finished(root)?;
    let made: Vec<(NaiveDateTime, Reason)> = all
        .iter()
        .map(|(_, m)| {
            let at = chrono::DateTime::parse_from_rfc3339(&m.created_at)
                .map(|d| d.naive_local())
                .unwrap_or_default();
            (at, m.reason)
        })
        .collect();
    let keep = retained(&made, today);
    let mut needed = HashSet::new();
    for ((dir, m), keep) in all.iter().zip(keep) {
        if keep || dir == just_made {
            needed.extend(m.blobs.iter().cloned());
        } else {
            log::info!("rotation removes backup {}", dir.display());
            // The manifest goes first: a half-removed backup is never offered.
            let _ = std::fs::remove_file(dir.join(MANIFEST));
            let _ = std::fs::remove_dir_all(dir);
        }
    }
    remove_stale_unfinished(root);
    let pool = root.join(POOL);
    for shard in std::fs::read_dir(&pool).into_iter().flatten().flatten() {
        for blob in std::fs::read_dir(shard.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = blob.file_name().to_string_lossy().into_owned();
            if !needed.contains(&name) && older_than(&blob, HOUR) {
                let _ = std::fs::remove_file(blob.path());
            }
        }
    }
    Ok(())
}

const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(24 * 3600);

/// Whether the file was last written more than `age` ago. A blob copied by a backup that
/// has not yet written its manifest is young, and is left alone.
fn older_than(entry: &std::fs::DirEntry, age: Duration) -> bool {
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|a| a > age)
}

/// Folders without a manifest left by a backup that stopped midway, once they are a day
/// old (a younger one may be a backup another process is writing now).
fn remove_stale_unfinished(root: &Path) {
    for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
        let dir = entry.path();
        if entry.file_name() == POOL || !dir.is_dir() || dir.join(MANIFEST).exists() {
            continue;
        }
        if older_than(&entry, DAY) {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}
