//! The load: each person's work at an office worker's pace, the one-person baseline, and
//! the latencies per request kind.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::fixtures::{Desk, Person, Server};

/// Latencies per request kind, and how requests ended.
#[derive(Default)]
pub struct Stats {
    pub latencies: HashMap<&'static str, Vec<f64>>,
    pub during_export: Vec<f64>,
    pub ok: usize,
    pub refused: usize,
    pub errors: usize,
}

const READS: &[&str] = &["list", "open", "search", "dashboard", "queue"];

pub struct Shared {
    pub stats: Mutex<Stats>,
    /// Item → the summary of its last acknowledged save.
    pub acks: Mutex<HashMap<i64, String>>,
    pub exporting: std::sync::atomic::AtomicBool,
}

impl Shared {
    fn note(&self, kind: &'static str, started: Instant, status: u16) {
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let mut s = self.stats.lock().unwrap();
        s.latencies.entry(kind).or_default().push(ms);
        if READS.contains(&kind) && self.exporting.load(std::sync::atomic::Ordering::SeqCst) {
            s.during_export.push(ms);
        }
        match status {
            200..=299 => s.ok += 1,
            // A race the core settles (the step moved on, the draft is no longer editable).
            403 | 409 | 422 => s.refused += 1,
            _ => s.errors += 1,
        }
    }
}

pub fn rand(seed: &mut u64, n: usize) -> usize {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    (*seed % n.max(1) as u64) as usize
}

/// One person's work until `until`: a drafter edits and submits own drafts, a reviewer
/// decides what the queue offers; everyone lists, opens, searches and looks at the dashboard.
async fn work(
    desk: Desk,
    me: Person,
    until: Instant,
    rate: f64,
    shared: Arc<Shared>,
    mut seed: u64,
) {
    let mut draft: Option<(i64, Value, String)> = None;
    let mut edits = 0u64;
    let pace = (rate > 0.0).then(|| Duration::from_secs_f64(1.0 / rate));
    // Each person starts at a random moment of their first interval.
    let mut next = Instant::now()
        + pace
            .map(|p| p.mul_f64(rand(&mut seed, 1000) as f64 / 1000.0))
            .unwrap_or_default();
    while Instant::now() < until {
        if let Some(p) = pace {
            tokio::time::sleep_until(next.into()).await;
            next += p;
        }
        let t = Instant::now();
        let pick = rand(&mut seed, 100);
        if me.drafter && pick < 35 {
            // Edit (and now and then submit) this desk's own draft.
            if draft.is_none() {
                let (s, defaults) = desk.call("item_defaults", json!({})).await;
                shared.note("open", t, s);
                let mut input = defaults;
                input["category_id"] = json!(1);
                input["title"] = json!(format!("{}的压测草稿{}", me.name, seed % 100000));
                input["summary"] = json!("压测。");
                input["topic"] = json!("教育");
                input["body_html"] = json!("<p>压测正文。</p>");
                let t = Instant::now();
                let (s, saved) = desk.call("item_create", json!({ "input": input })).await;
                shared.note("create", t, s);
                if s == 200 {
                    let it = &saved["item"];
                    draft = Some((
                        it["id"].as_i64().unwrap(),
                        it["fields"].clone(),
                        it["revision"].as_str().unwrap().into(),
                    ));
                }
                continue;
            }
            let (id, mut fields, revision) = draft.take().unwrap();
            if pick < 3 {
                let (s, _) = desk.call("item_submit", json!({ "id": id })).await;
                shared.note("submit", t, s);
                if s != 200 {
                    draft = Some((id, fields, revision));
                }
                continue;
            }
            edits += 1;
            let summary = format!("第 {edits} 次修改。");
            fields["summary"] = json!(summary);
            let (s, saved) = desk
                .call("item_save", json!({ "id": id, "input": fields, "autosave": !edits.is_multiple_of(4), "base": revision }))
                .await;
            shared.note("edit", t, s);
            if s == 200 {
                shared.acks.lock().unwrap().insert(id, summary);
                let it = &saved["item"];
                draft = Some((
                    id,
                    it["fields"].clone(),
                    it["revision"].as_str().unwrap().into(),
                ));
            }
        } else if me.decides && pick < 45 {
            let (s, queue) = desk.call("review_queue", json!({})).await;
            shared.note("queue", t, s);
            let Some(entries) = queue.as_array().filter(|q| !q.is_empty()) else {
                continue;
            };
            let e = &entries[rand(&mut seed, entries.len())];
            if e["kind"] != "decision" && e["kind"] != "step" {
                let t = Instant::now();
                let (s, _) = desk.call("item_get", json!({ "id": e["item_id"] })).await;
                shared.note("open", t, s);
                continue;
            }
            let t = Instant::now();
            let (s, _) = desk
                .call("review_decide", json!({ "id": e["item_id"], "input": { "decision": "approve", "grounds": [], "comment": "同意" } }))
                .await;
            shared.note("decide", t, s);
        } else if pick < 65 {
            let page = 1 + rand(&mut seed, 5);
            let (s, _) = desk
                .call(
                    "item_list",
                    json!({ "query": { "scope": "all", "page": page, "page_size": 50 } }),
                )
                .await;
            shared.note("list", t, s);
        } else if pick < 80 {
            let id = 1 + rand(&mut seed, 2000) as i64;
            let (s, _) = desk.call("item_get", json!({ "id": id })).await;
            shared.note("open", t, if s == 404 { 200 } else { s });
        } else if pick < 92 {
            let words = ["通知", "预算", "招生", "学校", "教师", "检查"];
            let text = words[rand(&mut seed, words.len())];
            let (s, _) = desk
                .call(
                    "item_list",
                    json!({ "query": { "scope": "all", "text": text, "page_size": 50 } }),
                )
                .await;
            shared.note("search", t, s);
        } else {
            let (s, _) = desk.call("dashboard_get", json!({})).await;
            shared.note("dashboard", t, s);
        }
    }
}

pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// One person alone: 30 of each read, for the baseline (median per kind).
pub async fn baseline(
    server: &Server,
    people: &[Person],
    password: &str,
) -> HashMap<&'static str, f64> {
    let shared = Arc::new(Shared {
        stats: Default::default(),
        acks: Default::default(),
        exporting: Default::default(),
    });
    let reviewer = people.iter().find(|p| p.decides).unwrap();
    let desk = Desk::sign_in(server.client(), &server.base, &reviewer.name, password)
        .await
        .unwrap();
    for i in 0..30 {
        for (kind, cmd, args) in [
            (
                "list",
                "item_list",
                json!({ "query": { "scope": "all", "page": 1 + i % 5, "page_size": 50 } }),
            ),
            ("open", "item_get", json!({ "id": 1 + i * 37 })),
            (
                "search",
                "item_list",
                json!({ "query": { "scope": "all", "text": "通知", "page_size": 50 } }),
            ),
            ("dashboard", "dashboard_get", json!({})),
            ("queue", "review_queue", json!({})),
        ] {
            let t = Instant::now();
            let (s, _) = desk.call(cmd, args).await;
            shared.note(kind, t, if s == 404 { 200 } else { s });
        }
    }
    let stats = shared.stats.lock().unwrap();
    stats
        .latencies
        .iter()
        .map(|(k, v)| {
            let mut v = v.clone();
            v.sort_by(|a, b| a.total_cmp(b));
            (*k, percentile(&v, 0.5))
        })
        .collect()
}

/// `people` desks working for `seconds`; with `export`, a publisher exports meanwhile.
#[allow(clippy::too_many_arguments)]
pub async fn load(
    server: &Server,
    people: &[Person],
    password: &str,
    n: usize,
    seconds: f64,
    rate: f64,
    export: bool,
    shared: Arc<Shared>,
) {
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    let mut tasks = Vec::new();
    for i in 0..n {
        let me = people[i % people.len()].clone();
        let Some(desk) = Desk::sign_in(server.client(), &server.base, &me.name, password).await
        else {
            shared.stats.lock().unwrap().errors += 1;
            continue;
        };
        tasks.push(tokio::spawn(work(
            desk,
            me,
            until,
            rate,
            shared.clone(),
            0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1),
        )));
    }
    if export {
        let name = &people
            .iter()
            .find(|p| p.publisher)
            .expect("a publisher")
            .name;
        let publisher = Desk::sign_in(server.client(), &server.base, name, password).await;
        if let Some(p) = publisher {
            let shared = shared.clone();
            tasks.push(tokio::spawn(async move {
                tokio::time::sleep(Duration::from_secs(2)).await;
                shared
                    .exporting
                    .store(true, std::sync::atomic::Ordering::SeqCst);
                let t = Instant::now();
                let (s, answer) = p.call("bundle_export", json!({ "itemIds": null })).await;
                shared
                    .exporting
                    .store(false, std::sync::atomic::Ordering::SeqCst);
                println!(
                    "    导出上传包：HTTP {s}，{:.1} 秒，{} 个事项，{} MB",
                    t.elapsed().as_secs_f64(),
                    answer["count"].as_u64().unwrap_or(0),
                    answer["bytes"].as_u64().unwrap_or(0) >> 20
                );
                shared.note("export", t, s);
            }));
        }
    }
    for t in tasks {
        let _ = t.await;
    }
}
