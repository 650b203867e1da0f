//! 断电安全的代价: every commit with `synchronous=FULL` (the store's setting since issue 19:
//! an acknowledged save survives a power cut) against `NORMAL` (WAL's default: the last
//! commits may be lost, the file stays sound), measured in the same run on the same disk.
//!
//! Each commit writes what a save writes: the item row, a version, an audit entry and the
//! chain head, in one IMMEDIATE transaction. Prints ms per commit in each mode and the
//! ratio. `cargo bench -p disclosure-core --bench durability` (also `make bench-criterion`).

use std::time::Instant;

use disclosure_core::store::open_connection;
use disclosure_core::Store;

const COMMITS: usize = 300;

fn run(conn: &rusqlite::Connection, mode: &str) -> f64 {
    conn.pragma_update(None, "synchronous", mode)
        .expect("pragma");
    let start = Instant::now();
    for n in 0..COMMITS {
        let tx = conn.unchecked_transaction().expect("tx");
        tx.execute(
            "INSERT INTO bench_item (title, body) VALUES (?1, ?2)",
            rusqlite::params![format!("第{n}条"), "正文".repeat(200)],
        )
        .expect("item");
        tx.execute(
            "INSERT INTO bench_version (item, snapshot) VALUES (last_insert_rowid(), ?1)",
            ["{\"fields\":{}}".repeat(20)],
        )
        .expect("version");
        tx.execute(
            "INSERT INTO bench_audit (detail, hash) VALUES (?1, ?2)",
            [format!("修改第{n}条"), "0".repeat(64)],
        )
        .expect("audit");
        tx.execute("UPDATE bench_head SET count = count + 1", [])
            .expect("head");
        tx.commit().expect("commit");
    }
    start.elapsed().as_secs_f64() * 1000.0 / COMMITS as f64
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    drop(Store::open(dir.path()).expect("store"));
    let conn = open_connection(dir.path()).expect("connection");
    conn.execute_batch(
        "CREATE TABLE bench_item (id INTEGER PRIMARY KEY, title TEXT, body TEXT);
         CREATE TABLE bench_version (item INTEGER, snapshot TEXT);
         CREATE TABLE bench_audit (id INTEGER PRIMARY KEY, detail TEXT, hash TEXT);
         CREATE TABLE bench_head (count INTEGER); INSERT INTO bench_head VALUES (0);",
    )
    .expect("tables");
    // Warm up, then alternate so both modes see the same disk state.
    run(&conn, "FULL");
    let mut full = Vec::new();
    let mut normal = Vec::new();
    for _ in 0..3 {
        normal.push(run(&conn, "NORMAL"));
        full.push(run(&conn, "FULL"));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (n, f) = (median(&mut normal), median(&mut full));
    println!("断电安全的代价（每次提交，{COMMITS} 次的中位数，3 轮）");
    println!("  synchronous=NORMAL  {n:.3} ms");
    println!("  synchronous=FULL    {f:.3} ms（本程序的设置）");
    println!("  FULL / NORMAL = {:.2}", f / n);
}
