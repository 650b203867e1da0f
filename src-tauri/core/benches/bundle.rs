//! Export speed against `zip -r -0` plus `sha256sum` over the same files, in the same run.
//!
//! Target (issue: upload bundle): exporting 1,000 approved items with 1 GB of attachments
//! takes at most 1.5× the baseline. Run with `make bench` (or
//! `cargo bench -p disclosure-core --bench bundle`); needs `zip` and `sha256sum`.
//!
//! The items are real drafts with real attachments (through `item::create_many` and
//! `item::add_attachments`), but their approval is written with SQL, one approved review
//! round per item bound to the hash of its current version: approving 1,000 items through
//! three review steps each would only measure the review. Export checks the hash exactly
//! as it does for items approved in the window.

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use disclosure_core::agency::{self, AgencyInput};
use disclosure_core::bundle::{self, ExportRequest};
use disclosure_core::staff::{self, NewStaff, Role};
use disclosure_core::{category, item, office, store, Store};

const ITEMS: usize = 1_000;
const BYTES_PER_ITEM: usize = 1024 * 1024;

/// Incompressible bytes, deterministic.
fn fill(seed: u64, buf: &mut [u8]) {
    let mut x = seed | 1;
    for chunk in buf.chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        chunk.copy_from_slice(&x.to_le_bytes()[..chunk.len()]);
    }
}

fn run(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    let status = cmd
        .status()
        .expect("baseline tool runs (apt-get install zip)");
    assert!(status.success(), "{cmd:?} failed");
    start.elapsed()
}

fn main() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let data = tmp.path().join("data");
    let mut store = Store::open(&data).expect("store");
    agency::bootstrap(
        &mut store,
        &AgencyInput {
            name: "鞍山市教育局".into(),
            short_name: "鞍山市教育局".into(),
            org_code: "11210300MB0000000X".into(),
            ..AgencyInput::default()
        },
    )
    .expect("agency");
    let offices = office::list(&store, false).expect("offices");
    let admin = staff::create_first_admin(&mut store, "管理员", offices[0].id, "guanli2026mima")
        .expect("admin");
    let drafter = staff::add(
        &mut store,
        &admin,
        &NewStaff {
            name: "张伟".into(),
            office_id: offices[1].id,
            roles: vec![Role::Drafter],
        },
    )
    .expect("drafter")
    .staff;
    let category_id = category::find(&store, "通知公告").expect("category").id;
    let inputs: Vec<_> = (0..ITEMS)
        .map(|i| {
            let mut input = item::defaults(&store, &drafter).expect("defaults");
            input.category_id = category_id;
            input.title = format!("关于第 {i} 批中小学教育工作安排的通知");
            input.summary = "内容概述。".into();
            input.body_html = "<p>正文第一段。</p><p>正文第二段。</p>".repeat(20);
            input
        })
        .collect();
    eprintln!(
        "creating {ITEMS} items with {} MB of attachments…",
        (ITEMS * BYTES_PER_ITEM) >> 20
    );
    let ids = item::create_many(&mut store, &drafter, &inputs).expect("items");
    let sources = tmp.path().join("sources");
    std::fs::create_dir_all(&sources).expect("sources");
    let mut buf = vec![0u8; BYTES_PER_ITEM];
    for (i, &id) in ids.iter().enumerate() {
        fill(i as u64 + 1, &mut buf);
        let path = sources.join(format!("附件{i}.pdf"));
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(&buf))
            .expect("source file");
        item::add_attachments(&mut store, &drafter, id, std::slice::from_ref(&path))
            .expect("attach");
        std::fs::remove_file(path).expect("remove source");
    }
    let conn = store::open_connection(&data).expect("connection");
    for &id in &ids {
        let version = item::get(&store, id).expect("item").version;
        let hash = item::version_hash(&conn, id, version).expect("hash");
        conn.execute(
            "INSERT INTO review_round (item_id, round, version, content_hash, submitted_by, submitted_at, outcome, closed_at)
             VALUES (?1, 1, ?2, ?3, ?4, '2026-11-27T09:00:00+08:00', 'approved', '2026-11-27T10:00:00+08:00')",
            rusqlite::params![id, version, hash, drafter.id],
        )
        .expect("round");
        conn.execute("UPDATE item SET status = 'approved' WHERE id = ?1", [id])
            .expect("status");
    }
    drop(conn);

    // Warm the page cache once, so neither side pays for the first read alone.
    let blobs = data.join("blobs");
    run(Command::new("sh")
        .arg("-c")
        .arg("find . -type f -exec cat {} + > /dev/null")
        .current_dir(&blobs));

    let base_out = tmp.path().join("baseline.zip");
    let zip_time = run(Command::new("zip")
        .args(["-r", "-0", "-q"])
        .arg(&base_out)
        .arg(".")
        .current_dir(&blobs));
    let sum_time = run(Command::new("sh")
        .arg("-c")
        .arg("find . -type f -print0 | xargs -0 sha256sum > /dev/null")
        .current_dir(&blobs));
    let baseline = zip_time + sum_time;

    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).expect("out");
    let start = Instant::now();
    let done = bundle::export(
        &mut store,
        &admin,
        &ExportRequest {
            item_ids: None,
            dir: out.clone(),
        },
        &mut |_| true,
    )
    .expect("export");
    let export_time = start.elapsed();
    assert_eq!(done.count, ITEMS);

    let start = Instant::now();
    let check = bundle::verify(Path::new(&done.path)).expect("verify");
    let verify_time = start.elapsed();
    assert!(check.ok, "{:?}", check.problems);

    let mb = done.bytes as f64 / 1e6;
    println!("bundle: {ITEMS} items, {mb:.0} MB");
    println!(
        "baseline zip -r -0: {:.2} s + sha256sum: {:.2} s = {:.2} s",
        zip_time.as_secs_f64(),
        sum_time.as_secs_f64(),
        baseline.as_secs_f64()
    );
    let ratio = export_time.as_secs_f64() / baseline.as_secs_f64();
    println!(
        "export (incl. fsync): {:.2} s = {ratio:.2}× baseline (target ≤ 1.5×) {}",
        export_time.as_secs_f64(),
        if ratio <= 1.5 {
            "OK"
        } else {
            "SLOWER THAN TARGET"
        }
    );
    println!("verify: {:.2} s", verify_time.as_secs_f64());
}
