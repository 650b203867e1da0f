//! 演示数据 — `disclosure gen-demo`: years of a bureau's work, generated into an empty data
//! directory for demonstrations and for measuring the app at scale.
//!
//! Every record is what the app itself would have written: staff with roles, items of every
//! category with valid catalog fields, their versions (snapshots hashed by the same
//! function as a save), review rounds whose decisions keep separation of duties, withheld
//! items with their re-review dates, weekly upload bundles, publications and revocations,
//! attachments in the blob store (deduplicated), and an audit entry for every action,
//! chained with the audit module's own hash so `audit verify` passes.
//!
//! Each item is simulated from its creation through its life; whatever would happen after
//! today is cut off, so recent items are drafts or in review and older ones are mostly
//! published. Rows are written with cached prepared statements in large transactions;
//! audit entries are queued and written in time order. The same seed on the same day gives
//! the same data.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Weekday};
use serde::Serialize;

use crate::audit::{entry_hash, seal_for_new, Seal, GENESIS};
use crate::error::{Error, Result};
use crate::item::{
    snapshot_hash, Channel, ItemExtra, ItemInput, PublishMode, Snapshot, SnapshotFile, Status,
    Validity,
};
use crate::rules::{BUDGET_COMPONENTS, PROJECT_STAGES};
use crate::staff::{hash_password, labels, Role};
use crate::store::{self, Conn, Store, Tx};
use crate::{blobs, html, index_no, search};

mod bundles;
mod items;
mod people;
mod reviews;
pub mod scans;
mod texts;

use items::{item, make_attachments};
use people::add_people;
use reviews::chains;

/// Years of history generated before today.
const YEARS: i64 = 5;
/// Items per transaction.
const BATCH: usize = 5000;

/// What was generated.
#[derive(Debug, Clone, Serialize)]
pub struct DemoReport {
    /// The generated people's password, made for this run (shown once).
    pub password: String,
    pub items: usize,
    pub staff: usize,
    pub audit_entries: i64,
    pub blobs: usize,
    pub by_status: Vec<(String, i64)>,
    pub seconds: f64,
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1).max(1) as u64)) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// One audit entry waiting for its turn (entries are written in time order).
struct Pending {
    at: String,
    seq: u64,
    actor_id: i64,
    actor_name: String,
    action: &'static str,
    item_id: Option<i64>,
    before: Option<String>,
    after: Option<String>,
    detail: String,
}

impl PartialEq for Pending {
    fn eq(&self, o: &Self) -> bool {
        (self.at.as_str(), self.seq) == (o.at.as_str(), o.seq)
    }
}
impl Eq for Pending {}
impl PartialOrd for Pending {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Pending {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (self.at.as_str(), self.seq).cmp(&(o.at.as_str(), o.seq))
    }
}

#[derive(Clone)]
struct Person {
    id: i64,
    name: String,
}

/// The audit chain as written so far.
struct Chain {
    count: i64,
    hash: String,
    queue: BinaryHeap<Reverse<Pending>>,
    seq: u64,
    /// The audit key of the current epoch: every generated entry is signed as the app's.
    key: Vec<u8>,
}

impl Chain {
    fn push(
        &mut self,
        at: DateTime<FixedOffset>,
        who: &Person,
        action: &'static str,
        item_id: Option<i64>,
        hashes: (Option<&str>, Option<&str>),
        detail: String,
    ) {
        self.seq += 1;
        self.queue.push(Reverse(Pending {
            at: stamp(at),
            seq: self.seq,
            actor_id: who.id,
            actor_name: who.name.clone(),
            action,
            item_id,
            before: hashes.0.map(str::to_string),
            after: hashes.1.map(str::to_string),
            detail,
        }));
    }

    /// Writes every queued entry up to `until` (all of them when None).
    fn flush(&mut self, tx: &Conn, until: Option<&str>) -> Result<()> {
        while let Some(Reverse(top)) = self.queue.peek() {
            if until.is_some_and(|u| top.at.as_str() > u) {
                break;
            }
            let Some(Reverse(e)) = self.queue.pop() else {
                break;
            };
            let id = self.count + 1;
            let hash = entry_hash(
                &Seal::Keyed(&self.key),
                id,
                &e.at,
                Some(e.actor_id),
                &e.actor_name,
                e.action,
                e.item_id,
                e.before.as_deref(),
                e.after.as_deref(),
                &e.detail,
                &self.hash,
            );
            store::audit_log::insert_entry(
                tx,
                &store::audit_log::NewEntry {
                    id,
                    at: &e.at,
                    actor_id: Some(e.actor_id),
                    actor_name: &e.actor_name,
                    action: e.action,
                    item_id: e.item_id,
                    before_hash: e.before.as_deref(),
                    after_hash: e.after.as_deref(),
                    detail: &e.detail,
                    prev_hash: &self.hash,
                    hash: &hash,
                },
            )?;
            self.count = id;
            self.hash = hash;
        }
        store::audit_log::set_head(tx, self.count, &self.hash)
    }
}

fn stamp(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn day(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// `t` moved `days` calendar days on, to a working hour of a weekday.
fn later(rng: &mut Rng, t: DateTime<FixedOffset>, (lo, hi): (i64, i64)) -> DateTime<FixedOffset> {
    let days = rng.range(lo, hi);
    let mut d = t.date_naive() + Duration::days(days);
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d += Duration::days(1);
    }
    let minutes = if days == 0 {
        // Same day: a little later than `t`, at most to the end of the day.
        let now_min = (t.time() - chrono::NaiveTime::MIN).num_minutes();
        (now_min + rng.range(5, 90)).min(23 * 60 + 50)
    } else {
        8 * 60 + 30 + rng.range(0, 9 * 60)
    };
    at_minutes(t.offset(), d, minutes)
}

fn at_minutes(offset: &FixedOffset, d: NaiveDate, minutes: i64) -> DateTime<FixedOffset> {
    let naive = d.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(minutes);
    offset
        .from_local_datetime(&naive)
        .single()
        .unwrap_or_else(|| offset.from_utc_datetime(&naive))
}

/// The people the generator acts as, by role.
struct People {
    drafters: HashMap<i64, Vec<Person>>,
    heads: HashMap<i64, Vec<Person>>,
    reviewers: Vec<Person>,
    leaders: Vec<Person>,
    publishers: Vec<Person>,
    added: usize,
}

/// A generated attachment file.
struct Attachment {
    name: String,
    sha256: String,
    size: i64,
}

/// The enabled steps of each category's review chain, in order: (role, name).
type Chains = HashMap<i64, Vec<(Role, String)>>;

/// Everything fixed before the items are generated.
struct World {
    now: DateTime<FixedOffset>,
    categories: Vec<(i64, String, String)>,
    chains: Chains,
    people: People,
    offices: Vec<i64>,
    tasks: Vec<i64>,
    files: Vec<Attachment>,
    publisher_name: String,
    short_name: String,
    pattern: String,
    org_code: String,
    rereview_months: u32,
    counters: HashMap<i32, i64>,
    /// Policy items so far, for 政策解读 to interpret.
    policies: Vec<(i64, NaiveDate)>,
    /// Week (its Friday) → bundle id and file name.
    bundles: HashMap<NaiveDate, (String, String)>,
    /// Recent reviews decided so far: every twelfth is referred (待报审) — so there are
    /// always a few, whatever the day — besides one in twenty at random.
    recent_reviews: u64,
}

impl World {
    fn refer_next(&mut self, rng: &mut Rng) -> bool {
        self.recent_reviews += 1;
        self.recent_reviews % 12 == 3 || rng.chance(5)
    }
}

/// Fills the data directory of `store` with `items` generated items (refused when it holds
/// items already). Deterministic for a seed and a day.
pub fn generate(store: &mut Store, items: usize, seed: u64) -> Result<DemoReport> {
    let started = std::time::Instant::now();
    let existing = store::generated::item_count(store.conn())?;
    if existing > 0 {
        return Err(Error::Conflict(format!(
            "数据目录中已有 {existing} 个公开事项：演示数据只能写入没有事项的数据目录，请换一个空目录。"
        )));
    }
    let agency = crate::agency::get(store)?;
    if agency.org_code.trim().is_empty() {
        crate::agency::bootstrap(
            store,
            &crate::agency::AgencyInput {
                name: "鞍山市教育局".into(),
                short_name: "鞍山市教育局".into(),
                org_code: "11210300MB0000000X".into(),
                ..Default::default()
            },
        )?;
    }
    let agency = crate::agency::get(store)?;
    let pattern = index_no::pattern(store)?;
    let rereview_months = crate::review::review_settings(store)?.rereview_months as u32;
    let mut rng = Rng(seed ^ 0x5EED_2026);
    let password = crate::staff::initial_password();
    let files = make_attachments(store, &mut rng)?;
    let local = crate::clock::now();
    let offset = *local.offset();
    let today = local.date_naive();
    // The simulation's "now": the end of today's working day, the same for a whole day.
    let now = at_minutes(&offset, today, 18 * 60);
    let start = at_minutes(&offset, today - Duration::days(365 * YEARS), 9 * 60);

    store::generated::for_speed(store.conn())?;
    let store::audit_log::Head { count, hash } = store::audit_log::head(store.conn())?;
    let mut chain = Chain {
        count,
        hash: if count == 0 { GENESIS.into() } else { hash },
        queue: BinaryHeap::new(),
        seq: 0,
        key: seal_for_new(store.conn(), count + 1)?,
    };
    let mut world = store.immediate(|tx| {
        let people = add_people(tx, &mut rng, &mut chain, start, &password)?;
        for f in &files {
            store::items::add_blob(tx, &f.sha256, f.size, &stamp(start))?;
        }
        chain.flush(tx, None)?;
        // Every category a drafter may choose (an office's part of a request is made by
        // assigning the request, never drafted on its own).
        let categories = store::categories::list(tx)?
            .into_iter()
            .filter(|c| c.active && c.code != store::request_parts::REPLY_CATEGORY)
            .map(|c| (c.id, c.code, c.name))
            .collect();
        let tasks = store::plan::list(tx)?.into_iter().map(|t| t.id).collect();
        let counters = store::generated::index_counters(tx)?
            .into_iter()
            .collect::<HashMap<i32, i64>>();
        let chains = chains(tx)?;
        Ok(World {
            now,
            offices: people.drafters.keys().copied().collect(),
            categories,
            chains,
            people,
            tasks,
            files,
            publisher_name: agency.name.clone(),
            short_name: agency.short_name.clone(),
            pattern,
            org_code: agency.org_code.clone(),
            rereview_months,
            counters,
            policies: Vec::new(),
            bundles: HashMap::new(),
            recent_reviews: 0,
        })
    })?;
    world.offices.sort();
    let span = (now - start).num_seconds().max(1);
    let recent_span = 21 * 24 * 3600;
    let older = items - (items / 50).max(30).min(items / 2);
    let mut done = 0;
    while done < items {
        let end = (done + BATCH).min(items);
        store.immediate(|tx| {
            for n in done..end {
                // Creation times spread evenly over the years, except the newest items, which
                // fall in the last three weeks so that work is under way at every step.
                let offset_s = if n < older {
                    (span - recent_span) * n as i64 / older.max(1) as i64
                } else {
                    span - recent_span + recent_span * (n - older) as i64 / (items - older) as i64
                };
                let created = later(&mut rng, start + Duration::seconds(offset_s), (0, 0));
                chain.flush(tx, Some(&stamp(created)))?;
                item(tx, &mut world, &mut chain, &mut rng, created.min(now))?;
            }
            if end == items {
                chain.flush(tx, None)?;
                finish(tx, &world)
            } else {
                chain.flush(tx, Some(&stamp(now)))
            }
        })?;
        done = end;
    }
    store::generated::done(store.conn())?;
    let by_status = store::generated::status_counts(store.conn())?;
    Ok(DemoReport {
        password,
        items,
        staff: world.people.added,
        audit_entries: chain.count,
        blobs: world.files.len(),
        by_status,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Counters, bundle sizes and statistics once all items are in.
fn finish(tx: &Conn, w: &World) -> Result<()> {
    for (year, next) in &w.counters {
        store::generated::set_index_counter(tx, *year, *next)?;
    }
    store::generated::settle_bundles(tx)
}

/// The content written for one version.
struct Content {
    fields: ItemInput,
    files: Vec<usize>,
}

/// The state of one item being simulated.
struct Life {
    id: i64,
    index_no: String,
    title: String,
    version: i64,
    hash: Option<String>,
    t: DateTime<FixedOffset>,
    status: Status,
    round: i64,
    created_by: i64,
    attached_at: Option<String>,
}

impl Life {
    /// One step of the generated life, allowed only if the app's own life allows it.
    fn go(&mut self, to: Status) -> Result<()> {
        crate::item::life::transition(self.status, to)?;
        self.status = to;
        Ok(())
    }

    fn named(&self) -> String {
        format!("{}《{}》", self.index_no, self.title)
    }
}
