//! `make bench-lan`: many people at once against one `disclosure serve` on this machine,
//! over HTTPS, doing the whole workflow (list, open, edit, submit, decide, search,
//! dashboard) while the publisher exports; then the server is killed with SIGKILL at random
//! moments under load and restarted. Prints throughput and p50/p95/p99 per request kind,
//! each as a ratio to the same request made by one person alone in the same run (the
//! baseline), and checks afterwards that the audit chain verifies, every review kept its
//! separation of duties and no acknowledged save is missing.
//!
//! The export is a large one: approved items with 100 MB attachments, about `--export-mb`
//! (1024) MB in all, so the reads' p99 is measured while a 1 GB bundle is built.
//!
//! `cargo bench -p disclosure-server --bench lan -- [--people N] [--seconds S] [--items N]
//! [--kills N] [--export-mb MB]`; the server binary is `DISCLOSURE_BIN` (default
//! target/release/disclosure).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fixtures;
mod load;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use disclosure_core::{audit, item, review, Store};

use fixtures::{seed, Server};
use load::{baseline, load, percentile, rand, Shared};

struct Args {
    people: usize,
    seconds: u64,
    items: usize,
    kills: usize,
    /// Requests a second each person makes at most (an office worker's pace; 0: as fast
    /// as the server answers).
    rate: f64,
    /// The attachments of the export during the load, in MB (0: the demo data's own).
    export_mb: u64,
    bin: PathBuf,
}

fn args() -> Args {
    let mut a = Args {
        people: 100,
        seconds: 60,
        items: 3000,
        kills: 20,
        rate: 3.5,
        export_mb: 1024,
        bin: std::env::var_os("DISCLOSURE_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../../target/release/disclosure"
                ))
            }),
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        let value = || argv.get(i + 1).cloned().unwrap_or_default();
        match argv[i].as_str() {
            "--people" => a.people = value().parse().unwrap(),
            "--seconds" => a.seconds = value().parse().unwrap(),
            "--items" => a.items = value().parse().unwrap(),
            "--kills" => a.kills = value().parse().unwrap(),
            "--rate" => a.rate = value().parse().unwrap(),
            "--export-mb" => a.export_mb = value().parse().unwrap(),
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    a
}

/// After the server stopped: the audit chain, separation of duties in every review, and
/// every acknowledged save. Returns what failed.
fn check(dir: &Path, acks: &HashMap<i64, String>) -> Vec<String> {
    let mut failed = Vec::new();
    let s = Store::open(dir).unwrap();
    match audit::verify(&s) {
        Ok(c) if c.ok => {}
        Ok(c) => failed.push(format!("审计链：{}", c.message)),
        Err(e) => failed.push(format!("审计链：{e}")),
    }
    // The item holds the last acknowledged save, or a later one whose answer the kill cut
    // off (committed but never acknowledged): never an earlier one.
    let number = |s: &str| -> u64 {
        s.trim_start_matches("第 ")
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    for (id, summary) in acks {
        let now = item::get(&s, *id)
            .map(|i| i.fields.summary)
            .unwrap_or_default();
        if number(&now) < number(summary) {
            failed.push(format!(
                "事项 {id}：确认保存的“{summary}”不见了（现为“{now}”）"
            ));
        }
    }
    let ids: Vec<i64> = acks.keys().copied().collect();
    for id in ids {
        let Ok(h) = review::history(&s, id) else {
            continue;
        };
        for r in h.rounds {
            let mut seen = std::collections::HashSet::new();
            for d in &r.decisions {
                if d.decided_by_name == r.submitted_by_name
                    || !seen.insert(d.decided_by_name.clone())
                {
                    failed.push(format!(
                        "事项 {id} 第 {} 轮：{} 违反职责分离",
                        r.round, d.decided_by_name
                    ));
                }
            }
        }
    }
    failed
}

fn main() {
    let args = args();
    assert!(
        args.bin.exists(),
        "{} missing: cargo build --release -p disclosure-cli",
        args.bin.display()
    );
    let _ = rustls::crypto::ring::default_provider().install_default();
    let root = tempfile::tempdir().unwrap();
    std::env::set_var(
        disclosure_core::audit::key::KEY_DIR_ENV,
        root.path().join("keys"),
    );
    disclosure_core::audit::key::set_dir(root.path().join("keys"));
    let dir = root.path().join("data");
    println!("==> 生成 {} 个事项的演示数据", args.items);
    let (people, password) = seed(&dir, args.items);
    if args.export_mb > 0 {
        let t = Instant::now();
        let bytes = fixtures::large_export(&dir, args.export_mb);
        // The gigabyte just written goes to the disk now, not during the measurement.
        let _ = std::process::Command::new("sync").status();
        println!(
            "==> 待导出的大附件：{} MB（经审查通过，准备用时 {:.0} 秒）",
            bytes >> 20,
            t.elapsed().as_secs_f64()
        );
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = Server::spawn(&args.bin, &dir);
    let base = rt.block_on(baseline(&server, &people, &password));
    println!(
        "==> {} 人同时工作 {} 秒，每人每秒至多 {} 次请求（其间发布员导出上传包）",
        args.people, args.seconds, args.rate
    );
    let shared = Arc::new(Shared {
        stats: Default::default(),
        acks: Default::default(),
        exporting: Default::default(),
    });
    let started = Instant::now();
    rt.block_on(load(
        &server,
        &people,
        &password,
        args.people,
        args.seconds as f64,
        args.rate,
        true,
        shared.clone(),
    ));
    let took = started.elapsed().as_secs_f64();
    server.stop();
    let stats = shared.stats.lock().unwrap();
    let total: usize = stats.latencies.values().map(Vec::len).sum();
    println!("\n请求类型        次数     p50 ms   p95 ms   p99 ms   p99/单人p50");
    let mut kinds: Vec<_> = stats.latencies.keys().copied().collect();
    kinds.sort();
    for k in kinds {
        let mut v = stats.latencies[k].clone();
        v.sort_by(|a, b| a.total_cmp(b));
        let ratio = base
            .get(k)
            .map(|b| format!("{:>8.1}×", percentile(&v, 0.99) / b.max(0.001)))
            .unwrap_or_default();
        println!(
            "{k:<12} {:>8} {:>9.1} {:>8.1} {:>8.1} {ratio}",
            v.len(),
            percentile(&v, 0.5),
            percentile(&v, 0.95),
            percentile(&v, 0.99)
        );
    }
    let mut during = stats.during_export.clone();
    during.sort_by(|a, b| a.total_cmp(b));
    println!(
        "\n吞吐量：{:.0} 次/秒（{total} 次，{took:.0} 秒）；成功 {}，并发冲突被拒 {}，错误 {}",
        total as f64 / took,
        stats.ok,
        stats.refused,
        stats.errors
    );
    println!(
        "导出期间的读请求：{} 次，p99 {:.1} ms",
        during.len(),
        percentile(&during, 0.99)
    );
    let acks = shared.acks.lock().unwrap().clone();
    drop(stats);
    let mut failures = check(&dir, &acks);
    println!(
        "确认过的保存：{} 个事项，全部在库：{}",
        acks.len(),
        failures.is_empty()
    );

    println!("\n==> 压测中强杀服务器 {} 次", args.kills);
    let mut seed = 12345u64;
    let mut acks = acks;
    for k in 0..args.kills {
        let server = Server::spawn(&args.bin, &dir);
        let shared = Arc::new(Shared {
            stats: Default::default(),
            acks: Mutex::new(acks.clone()),
            exporting: Default::default(),
        });
        let shared2 = shared.clone();
        let secs = 1.0 + rand(&mut seed, 3000) as f64 / 1000.0;
        let (people, password, n) = (people.clone(), password.clone(), args.people.min(20));
        rt.block_on(async {
            let work = load(&server, &people, &password, n, 6.0, 0.0, false, shared2);
            let _ = tokio::time::timeout(Duration::from_secs_f64(secs), work).await;
        });
        server.kill9();
        let acked = shared.acks.lock().unwrap().clone();
        let f = check(&dir, &acked);
        acks = acked.clone();
        println!(
            "    第 {:>2} 次：{:.1} 秒后 SIGKILL；确认过的保存 {} 个，检查{}",
            k + 1,
            secs,
            acked.len(),
            if f.is_empty() { "通过" } else { "未通过" }
        );
        failures.extend(f);
    }
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("    {f}");
        }
        std::process::exit(1);
    }
    println!("==> 审计链、职责分离与确认过的保存：全部通过");
}
