//! Bureau scale, one table: `make bench` (or `cargo bench -p disclosure-core --bench scale`).
//!
//! Generates 100,000 items with `gen-demo`'s generator (or reuses `DESK_BENCH_DIR` when it
//! already holds them), then measures each figure in a child process of this binary, so
//! each figure's peak memory (VmHWM of that process) is its own. Query figures are the
//! median of 20 runs after 3 warm-up runs. The start-up figure drives the real app under
//! Xvfb through the e2e harness (`tests/bench/startup.mjs`) when the app is built.
//!
//! Prints one table: figure, measured, target, ✓/✗, peak RSS, with the core count and date.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use disclosure_core::item::{self, ItemInput, ItemQuery, Status};
use disclosure_core::review::{self, Decision, DecisionInput};
use disclosure_core::staff::{self, Role, Staff};
use disclosure_core::{audit, category, dashboard, demo, Store};

const ITEMS: usize = 100_000;
const RSS_TARGET_MB: f64 = 150.0;
/// The start-up figure is the median of this many starts.
const STARTS: usize = 3;

/// One figure: its key (the child's argument), what it is, and its target in ms.
const FIGURES: [(&str, &str, f64); 9] = [
    ("gen", "生成 100,000 个事项（gen-demo）", 120_000.0),
    (
        "list",
        "事项列表一页 50 行（按处室+状态筛选，按日期排序）",
        20.0,
    ),
    (
        "list_deep",
        "事项列表第 200 页（全部事项，按日期排序）",
        20.0,
    ),
    ("search2", "全文检索 两字“学籍”", 50.0),
    ("search4", "全文检索 四字“校舍安全”", 50.0),
    (
        "dashboard",
        "工作台统计（dashboard::get，保密审查员）",
        100.0,
    ),
    ("audit", "审计链校验（全部记录）", 5_000.0),
    ("approve", "批量通过 1,000 个事项（一个事务）", 2_000.0),
    ("startup", "程序启动到可操作的工作台（Xvfb）", 2_000.0),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        let figure = args[i + 1].clone();
        let dir = PathBuf::from(&args[i + 2]);
        let (ms, note, rss) = child(&figure, &dir);
        println!("RESULT\t{ms}\t{}\t{note}", rss.unwrap_or_else(peak_rss_kb));
        return;
    }
    let (dir, _keep) = match std::env::var("DESK_BENCH_DIR") {
        Ok(d) => (PathBuf::from(d), None),
        Err(_) => {
            let t = tempfile::tempdir().expect("temp dir");
            (t.path().to_path_buf(), Some(t))
        }
    };
    let mut rows = Vec::new();
    for (key, label, target) in FIGURES {
        if key == "gen" && has_items(&dir) {
            rows.push((
                label,
                None,
                target,
                None,
                "数据目录已有数据，未重新生成".to_string(),
            ));
            continue;
        }
        eprintln!("==> {label}");
        let r = run_child(key, &dir);
        rows.push((label, r.0, target, r.1, r.2));
    }
    print_table(&rows);
}

/// Where the bench keeps the generated people's password, in the data directory.
const PASSWORD_FILE: &str = "bench-demo-password.txt";

fn has_items(dir: &Path) -> bool {
    dir.join("disclosure.db").exists()
        && Store::open(dir)
            .ok()
            .and_then(|s| disclosure_core::overview::get(&s).ok())
            .is_some_and(|o| o.counts.items >= ITEMS as i64)
}

/// Runs this binary on one figure; returns (ms, peak RSS in kB, note).
fn run_child(key: &str, dir: &Path) -> (Option<f64>, Option<u64>, String) {
    let exe = std::env::current_exe().expect("own path");
    let out = Command::new(exe)
        .arg("--child")
        .arg(key)
        .arg(dir)
        .output()
        .expect("child runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    match stdout.lines().find_map(|l| l.strip_prefix("RESULT\t")) {
        Some(line) => {
            let f: Vec<&str> = line.splitn(3, '\t').collect();
            let ms = f
                .first()
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|v| *v >= 0.0);
            let rss = f
                .get(1)
                .and_then(|v| v.parse::<u64>().ok())
                .filter(|v| *v > 0);
            (ms, rss, f.get(2).unwrap_or(&"").to_string())
        }
        None => (
            None,
            None,
            format!(
                "失败：{}",
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            ),
        ),
    }
}

/// Peak resident memory of this process (VmHWM), in kB.
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_string))
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// CPU time (user + system) this process has used, in ms: on a machine shared with other
/// builds, wall time says as much about them as about us.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which ends with ')'): utime and stime are 14 and 15.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(0.0))
        .collect();
    // Clock ticks of 10 ms (USER_HZ is 100 on Linux).
    (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) * 10.0
}

thread_local! {
    /// CPU ms per measured run, set by the last measurement.
    static CPU: std::cell::Cell<f64> = const { std::cell::Cell::new(-1.0) };
}

/// Times `f` once: wall ms (CPU ms kept in CPU).
fn once<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let (c, t) = (cpu_ms(), Instant::now());
    let out = f();
    CPU.with(|x| x.set(cpu_ms() - c));
    (out, t.elapsed().as_secs_f64() * 1000.0)
}

/// Median of 20 timed runs of `f` after 3 warm-up runs, in ms.
fn median_ms(mut f: impl FnMut()) -> f64 {
    for _ in 0..3 {
        f();
    }
    let c = cpu_ms();
    let mut times: Vec<f64> = (0..20)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    CPU.with(|x| x.set((cpu_ms() - c) / 20.0));
    times.sort_by(|a, b| a.total_cmp(b));
    times[times.len() / 2]
}

fn person(store: &Store, role: Role) -> Staff {
    staff::list(store)
        .expect("staff")
        .into_iter()
        .find(|s| s.active && s.has(role))
        .expect("a person with the role")
}

/// One figure, in this (child) process: (ms, note, peak RSS in kB when it is another
/// process's).
fn child(figure: &str, dir: &Path) -> (f64, String, Option<u64>) {
    if figure == "startup" {
        return startup(dir);
    }
    let (ms, note) = measure(figure, dir);
    let cpu = CPU.with(|x| x.get());
    let note = if cpu >= 0.0 {
        format!("CPU {}；{note}", fmt_ms(cpu))
    } else {
        note
    };
    (ms, note, None)
}

fn measure(figure: &str, dir: &Path) -> (f64, String) {
    let mut store = Store::open(dir).expect("store");
    match figure {
        "gen" => {
            let (r, ms) = once(|| demo::generate(&mut store, ITEMS, 2026).expect("generate"));
            // The generated people's password is made for each run: kept beside the data
            // for the start-up figure (and a later run reusing DESK_BENCH_DIR).
            std::fs::write(dir.join(PASSWORD_FILE), &r.password).expect("password file");
            (
                ms,
                format!("{} 条审计记录，{} 位人员", r.audit_entries, r.staff),
            )
        }
        "list" | "list_deep" => {
            let drafter = person(&store, Role::Drafter);
            let q = if figure == "list" {
                ItemQuery {
                    office_id: Some(drafter.office_id),
                    status: Some(Status::Published),
                    page: 1,
                    page_size: 50,
                    ..Default::default()
                }
            } else {
                ItemQuery {
                    page: 200,
                    page_size: 50,
                    ..Default::default()
                }
            };
            let mut total = 0;
            let ms = median_ms(|| total = item::list(&store, &drafter, &q).expect("list").total);
            (ms, format!("共 {total} 条"))
        }
        "search2" | "search4" => {
            let text = if figure == "search2" {
                "学籍"
            } else {
                "校舍安全"
            };
            let q = ItemQuery {
                text: text.into(),
                page: 1,
                page_size: 50,
                ..Default::default()
            };
            let admin = person(&store, Role::Admin);
            let mut total = 0;
            let ms = median_ms(|| total = item::list(&store, &admin, &q).expect("search").total);
            (
                ms,
                format!("命中 {total}{} 条", if total >= 1000 { "+" } else { "" }),
            )
        }
        "dashboard" => {
            let reviewer = person(&store, Role::Reviewer);
            let mut todo = 0;
            let ms = median_ms(|| {
                todo = dashboard::get(&store, &reviewer)
                    .expect("dashboard")
                    .todo_total
            });
            (ms, format!("待办 {todo} 项"))
        }
        "audit" => {
            let (check, ms) = once(|| audit::verify(&store).expect("verify"));
            assert!(check.ok, "{}", check.message);
            (ms, format!("{} 条记录", check.entries))
        }
        "approve" => approve(&mut store),
        other => panic!("unknown figure {other}"),
    }
}

/// 1,000 fresh items submitted by one drafter, approved at the first step by their office
/// head in one `decide_many` call (only the call is timed).
fn approve(store: &mut Store) -> (f64, String) {
    let drafter = person(store, Role::Drafter);
    let head = staff::list(store)
        .expect("staff")
        .into_iter()
        .find(|s| s.has(Role::OfficeHead) && s.office_id == drafter.office_id)
        .expect("the drafter's office head");
    let notice = category::list(store)
        .expect("categories")
        .into_iter()
        .find(|c| c.code == "notice")
        .expect("通知公告")
        .id;
    let inputs: Vec<ItemInput> = (0..1000)
        .map(|n| {
            let mut input = item::defaults(store, &drafter).expect("defaults");
            input.category_id = notice;
            input.title = format!("关于做好第{n}批中小学学籍核查工作的通知");
            input.summary = "学籍核查工作安排。".into();
            input.topic = "教育".into();
            input.body_html = "<p>各学校应当在开学后十个工作日内完成学籍信息核对。</p>".into();
            input
        })
        .collect();
    let ids = item::create_many(store, &drafter, &inputs).expect("drafts");
    for id in &ids {
        review::submit(store, &drafter, *id).expect("submit");
    }
    let approve = DecisionInput {
        decision: Decision::Approve,
        grounds: vec![],
        comment: String::new(),
    };
    let (n, ms) = once(|| review::decide_many(store, &head, &ids, &approve).expect("batch"));
    (ms, format!("{n} 个事项"))
}

/// Start-up of the real app under Xvfb, through the e2e harness: the release app
/// (`make bench` builds it; what an office PC runs), else `DESK_APP`, else the debug app.
/// Needs tauri-driver and xvfb-run; otherwise says what is missing.
fn startup(dir: &Path) -> (f64, String, Option<u64>) {
    let reviewer = person(&Store::open(dir).expect("store"), Role::Reviewer).name;
    let Ok(password) = std::fs::read_to_string(dir.join(PASSWORD_FILE)) else {
        return (-1.0, "未测：找不到演示数据的密码文件".into(), Some(0));
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let app = std::env::var_os("DESK_APP")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            root.join("target/release/disclosure-desk"),
            root.join("target/debug/disclosure-desk"),
        ])
        .find(|p| p.exists());
    let Some(app) = app else {
        return (
            -1.0,
            "未测：程序未构建（make bench 会构建）".into(),
            Some(0),
        );
    };
    let build = if app.components().any(|c| c.as_os_str() == "debug") {
        "debug 构建"
    } else {
        "release 构建"
    };
    let port = std::env::var("DESK_E2E_PORT").unwrap_or_else(|_| "4944".into());
    // Three starts, the median reported: the first start after a build also reads the
    // program from disk.
    let mut runs: Vec<Vec<String>> = Vec::new();
    for _ in 0..STARTS {
        let out = Command::new("xvfb-run")
            .args([
                "-a",
                "-s",
                "-screen 0 1920x1080x24",
                "node",
                "bench/startup.mjs",
            ])
            .arg(dir)
            .arg(&reviewer)
            .arg(password.trim())
            .current_dir(root.join("tests"))
            .env("DESK_E2E_PORT", &port)
            .env("DESK_APP", &app)
            .output();
        let out = match out {
            Ok(o) => o,
            Err(e) => return (-1.0, format!("未测：{e}"), Some(0)),
        };
        let stdout = String::from_utf8_lossy(&out.stdout);
        match stdout.lines().find_map(|l| l.strip_prefix("STARTUP\t")) {
            Some(line) => runs.push(line.split('\t').map(str::to_string).collect()),
            None => {
                let why = String::from_utf8_lossy(&out.stderr);
                return (
                    -1.0,
                    format!("失败：{}", why.lines().last().unwrap_or("")),
                    Some(0),
                );
            }
        }
    }
    let total = |f: &Vec<String>| {
        f.first()
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(-1.0)
    };
    runs.sort_by(|a, b| total(a).total_cmp(&total(b)));
    let f = &runs[runs.len() / 2];
    let field = |i: usize| f.get(i).map(String::as_str).unwrap_or("?");
    let note = format!(
        "{STARTS} 次启动的中位数（{}）：到登录页 {} ms + 登录到工作台 {} ms；内存为程序进程（{build}，不含 WebKit 网页进程），其中程序自身的匿名内存 {} MB，其余为与其他程序共享的 GTK、WebKitGTK 库和中文字体文件映射",
        runs.iter().map(|r| format!("{:.0} ms", total(r))).collect::<Vec<_>>().join("、"),
        field(1),
        field(2),
        field(4),
    );
    let peak_mb = runs
        .iter()
        .filter_map(|r| r.get(3).and_then(|v| v.parse::<u64>().ok()))
        .max()
        .unwrap_or(0);
    (total(f), note, Some(peak_mb * 1024))
}

type Row<'a> = (&'a str, Option<f64>, f64, Option<u64>, String);

fn print_table(rows: &[Row<'_>]) {
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    println!();
    println!(
        "政务公开工作台 规模基准 — {}，{cores} 核，release 构建，{ITEMS} 个事项",
        chrono::Local::now().format("%Y-%m-%d %H:%M")
    );
    println!();
    println!("| 指标 | 实测 | 目标 | 结果 | 峰值内存（目标 < {RSS_TARGET_MB:.0} MB） | 说明 |");
    println!("|---|---:|---:|:-:|---:|---|");
    for (label, ms, target, rss, note) in rows {
        let (value, mark) = match ms {
            Some(ms) => (fmt_ms(*ms), if ms < target { "✓" } else { "✗" }),
            None => ("—".to_string(), "—"),
        };
        let mem = match rss {
            Some(kb) => {
                let mb = *kb as f64 / 1024.0;
                format!("{mb:.0} MB {}", if mb < RSS_TARGET_MB { "✓" } else { "✗" })
            }
            None => "—".into(),
        };
        println!(
            "| {label} | {value} | < {} | {mark} | {mem} | {note} |",
            fmt_ms(*target)
        );
    }
}

fn fmt_ms(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        format!("{ms:.1} ms")
    }
}
