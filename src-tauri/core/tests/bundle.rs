//! 上传包: what may go out, the format, verification of every byte, hostile zips, cancel,
//! publication and revocation.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use disclosure_core::bundle::{self, ExportRequest, Limits, ProblemKind, RevokeKind};
use disclosure_core::item::{self, Status};
use disclosure_core::review::{self, Decision};
use disclosure_core::staff::Role;
use disclosure_core::{audit, audit_admin, store, Store};

use crate::util::{add_person, office_id, Dir};

pub use crate::desk::{desk, Desk};

/// Every file of a zip, by name; files inside an .xlsx are listed too, decompressed.
fn contents(zip_path: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(prefix: &str, bytes: Vec<u8>, out: &mut Vec<(String, Vec<u8>)>) {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        for i in 0..z.len() {
            let mut f = z.by_index(i).unwrap();
            let name = format!("{prefix}{}", f.name());
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            if name.ends_with(".xlsx") {
                walk(&format!("{name}!"), data.clone(), out);
            }
            out.push((name, data));
        }
    }
    let mut out = Vec::new();
    walk("", std::fs::read(zip_path).unwrap(), &mut out);
    out
}

/// One member of a bundle, as text.
pub fn member(zip_path: &Path, name: &str) -> String {
    String::from_utf8(file(&contents(zip_path), name).to_vec()).unwrap()
}

fn file<'a>(all: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &all.iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} not in bundle"))
        .1
}

fn manifest(all: &[(String, Vec<u8>)]) -> serde_json::Value {
    serde_json::from_slice(file(all, "manifest.json")).unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn only_approved_public_content_goes_out_and_nothing_internal() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let admin = d.b.admin.clone();
    let fagui = office_id(&d.b.store, "法规处");
    // The drafter's name is a private field: it must not leave the building.
    let drafter = add_person(
        &mut d.b.store,
        &admin,
        "起草人辛",
        fagui,
        vec![Role::Drafter],
    );
    d.b.drafter = drafter.clone();

    // A: approved; an earlier version held a secret, the review comment holds another.
    let a = d.draft(
        "关于做好寒假安全工作的通知",
        &[
            ("安全须知.pdf", b"%PDF-1.4 public"),
            ("安全须知.pdf", b"second file, same name"),
            ("名单:终稿.txt", b"names"),
        ],
    );
    let mut input = item::get(&d.b.store, a).unwrap().fields;
    input.body_html = "<p>早期版本机密乙</p>".into();
    item::save(&mut d.b.store, &drafter, a, &input, false).unwrap();
    input.body_html = "<p>请各校做好寒假安全工作。</p><script>alert('x')</script>".into();
    input.planned_publish_on = Some("2099-01-01".into());
    item::save(&mut d.b.store, &drafter, a, &input, false).unwrap();
    d.approve(a, "同意。审查意见机密甲");

    // Not to go out: a draft, a withheld item, one in review, one changed after approval.
    d.draft("草稿机密丙", &[("草稿附件机密.txt", b"draft secret")]);
    let withheld = d.draft("不予公开机密丁", &[]);
    review::submit(&mut d.b.store, &drafter, withheld).unwrap();
    let (h, r) = (d.head.clone(), d.reviewer.clone());
    d.decide(&h, withheld, Decision::Approve, &[], "");
    d.decide(
        &r,
        withheld,
        Decision::Withhold,
        &["A15"],
        "涉及个人隐私机密",
    );
    let in_review = d.draft("审查中机密戊", &[]);
    review::submit(&mut d.b.store, &drafter, in_review).unwrap();
    let tampered = d.approved("通过后被改动的通知", &[]);
    let conn = store::open_connection(dir.path()).unwrap();
    conn.execute(
        "UPDATE item SET title = '篡改机密己' WHERE id = ?1",
        [tampered],
    )
    .unwrap();
    drop(conn);

    // Asked for by name, the changed item is refused outright.
    let err = d.export(Some(vec![a, tampered])).unwrap_err();
    assert_eq!(err.code(), "conflict");
    assert!(err.to_string().contains("通过审查后内容被改动"), "{err}");
    assert!(files_in(d.out.path()).is_empty());

    let done = d.export(None).unwrap();
    assert_eq!(done.count, 1);
    assert_eq!(done.skipped.len(), 1, "{:?}", done.skipped);
    assert!(done.skipped[0].message.contains("重新提交审查"));
    let re = regex_like(&done.file_name);
    assert!(re, "{}", done.file_name);
    assert_eq!(files_in(d.out.path()), vec![done.file_name.clone()]);

    let all = contents(Path::new(&done.path));
    for secret in [
        "机密甲",
        "机密乙",
        "机密丙",
        "机密丁",
        "机密戊",
        "机密己",
        "草稿附件",
        "起草人辛",
        "审查员壬",
        "赵处长",
        "法规处",
        "2099-01-01",
        "涉及个人隐私",
        "$argon2",
        "<script",
        "alert(",
    ] {
        for (name, data) in &all {
            let text = String::from_utf8_lossy(data);
            assert!(!text.contains(secret), "“{secret}” leaked into {name}");
        }
    }
    let m = manifest(&all);
    let it = &m["items"][0];
    let index_no = item::get(&d.b.store, a).unwrap().index_no;
    assert_eq!(it["index_no"], index_no.as_str());
    assert_eq!(it["title"], "关于做好寒假安全工作的通知");
    assert_eq!(it["category"]["name"], "通知公告");
    let folder = it["folder"].as_str().unwrap();
    assert_eq!(folder, index_no.replace('/', "_"));
    let paths: Vec<&str> = it["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        vec![
            format!("{folder}/attachments/安全须知.pdf"),
            format!("{folder}/attachments/安全须知 (2).pdf"),
            format!("{folder}/attachments/名单_终稿.txt"),
        ]
    );
    assert_eq!(file(&all, paths[1]), b"second file, same name");
    assert_eq!(it["attachments"][2]["name"], "名单:终稿.txt");
    let page = String::from_utf8(file(&all, &format!("{folder}/index.html")).to_vec()).unwrap();
    assert!(page.contains("请各校做好寒假安全工作。"), "{page}");
    let meta: serde_json::Value =
        serde_json::from_slice(file(&all, &format!("{folder}/metadata.json"))).unwrap();
    assert_eq!(&meta, it);
    let csv = file(&all, "catalog.csv");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    assert!(String::from_utf8_lossy(csv).contains(&index_no));
    let sums = String::from_utf8(file(&all, "SHA256SUMS").to_vec()).unwrap();
    assert_eq!(
        sums.lines().count(),
        all.iter().filter(|(n, _)| !n.contains('!')).count() - 1
    );

    assert_eq!(d.status(a), Status::Exported);
    assert_eq!(d.status(tampered), Status::Approved);
    let trail = audit_admin::recent(&d.b.store, Some(a), 1).unwrap();
    assert_eq!(trail[0].action, "bundle.export");
    assert!(trail[0].detail.contains(&done.bundle_id));
    assert!(audit::verify(&d.b.store).unwrap().ok);
    assert!(bundle::verify(Path::new(&done.path)).unwrap().ok);
}

/// `{机构简称}_{YYYYMMDD-HHMMSS}_{N}项.zip`
fn regex_like(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("鞍山市教育局_") else {
        return false;
    };
    let b = rest.as_bytes();
    rest.len() > 16
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[8] == b'-'
        && b[9..15].iter().all(u8::is_ascii_digit)
        && rest[15..].starts_with('_')
        && rest.ends_with("项.zip")
}

#[test]
fn every_manifest_validates_against_the_committed_schema() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    d.approved("关于公布义务教育招生政策的通知", &[("政策.pdf", b"%PDF")]);
    d.approved("第二个事项", &[]);
    let done = d.export(None).unwrap();
    let all = contents(Path::new(&done.path));
    let m = manifest(&all);
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/bundle-manifest.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&m).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(m["items"].as_array().unwrap().len(), 2);
    assert_eq!(m["created_by"], "周发布");
    // The schema has teeth: an internal field added to an item does not validate.
    let mut bad = m.clone();
    bad["items"][0]["handler_name"] = "张伟".into();
    assert!(!validator.is_valid(&bad));
    let mut bad = m.clone();
    bad["items"][0]["content_hash"] = "xyz".into();
    assert!(!validator.is_valid(&bad));
}

/// A small deterministic generator for the byte flips.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn a_thousand_single_byte_flips_are_each_caught() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    d.approved("小上传包", &[("附件.txt", b"attachment content")]);
    let done = d.export(None).unwrap();
    let original = std::fs::read(&done.path).unwrap();
    // Where each entry's header and content lie, to check the right file is named.
    let mut spans = Vec::new();
    {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(original.clone())).unwrap();
        for i in 0..z.len() {
            let f = z.by_index(i).unwrap();
            spans.push((
                f.header_start(),
                f.data_start() + f.compressed_size(),
                f.name().to_string(),
            ));
        }
    }
    let target = d.out.path().join("flipped.zip");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..1000 {
        let at = (rng.next() % original.len() as u64) as usize;
        let mask = (rng.next() % 255 + 1) as u8;
        let mut bytes = original.clone();
        bytes[at] ^= mask;
        std::fs::write(&target, &bytes).unwrap();
        let check = bundle::verify(&target).unwrap();
        assert!(!check.ok, "flip at {at} (^{mask:#04x}) not caught");
        if let Some((_, _, name)) = spans
            .iter()
            .find(|(s, e, _)| (*s..*e).contains(&(at as u64)))
        {
            assert!(
                check
                    .problems
                    .iter()
                    .any(|p| p.file.as_deref() == Some(name)),
                "flip at {at} in {name}, problems: {:?}",
                check.problems
            );
        }
    }
    std::fs::write(&target, &original).unwrap();
    assert!(bundle::verify(&target).unwrap().ok);
}

/// Adds entries to a crafted zip.
type Build = Box<dyn FnOnce(&mut zip::ZipWriter<std::fs::File>)>;
/// Rewrites (or, with `None`, drops) one file of a bundle.
type Edit<'a> = &'a dyn Fn(&str, &[u8]) -> Option<Vec<u8>>;

/// Writes a zip whose entries are added by `f`.
fn craft(path: &Path, f: impl FnOnce(&mut zip::ZipWriter<std::fs::File>)) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    f(&mut w);
    w.finish().unwrap();
}

#[test]
fn hostile_zips_are_refused_in_chinese_and_nothing_is_written() {
    use zip::write::SimpleFileOptions;
    let tmp = tempfile::tempdir().unwrap();
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let cases: Vec<(&str, Build, &str)> = vec![
        (
            "dotdot.zip",
            Box::new(move |w| {
                w.start_file("a/../../evil.txt", opts).unwrap();
                w.write_all(b"x").unwrap();
            }),
            "../",
        ),
        (
            "absolute.zip",
            Box::new(move |w| {
                w.start_file("/etc/evil", opts).unwrap();
                w.write_all(b"x").unwrap();
            }),
            "绝对路径",
        ),
        (
            "backslash.zip",
            Box::new(move |w| {
                w.start_file("a\\..\\evil", opts).unwrap();
                w.write_all(b"x").unwrap();
            }),
            "反斜杠",
        ),
        (
            "symlink.zip",
            Box::new(move |w| {
                w.add_symlink("link", "/etc/passwd", opts).unwrap();
            }),
            "符号链接",
        ),
        (
            "bomb.zip",
            Box::new(move |w| {
                w.start_file("zeros.bin", opts).unwrap();
                let zeros = vec![0u8; 1024 * 1024];
                for _ in 0..8 {
                    w.write_all(&zeros).unwrap();
                }
            }),
            "zip 炸弹",
        ),
        (
            "many.zip",
            Box::new(move |w| {
                for i in 0..4 {
                    w.start_file(format!("part{i}.bin"), opts).unwrap();
                    w.write_all(&vec![0u8; 3 * 1024 * 1024]).unwrap();
                }
            }),
            "zip 炸弹",
        ),
    ];
    let limits = Limits {
        max_entries: 100,
        max_file: 4 * 1024 * 1024,
        max_total: 10 * 1024 * 1024,
        ..Limits::default()
    };
    for (name, build, expect) in cases {
        let path = tmp.path().join(name);
        craft(&path, build);
        let before = files_in(tmp.path());
        let check = bundle::verify_with(&path, &limits).unwrap();
        assert!(!check.ok, "{name}");
        let text: Vec<String> = check
            .problems
            .iter()
            .map(|p| format!("{:?} {:?} {}", p.kind, p.file, p.message))
            .collect();
        assert!(text.iter().any(|t| t.contains(expect)), "{name}: {text:?}");
        assert!(
            check.problems.iter().all(|p| p.kind == ProblemKind::Unsafe),
            "{name}: {text:?}"
        );
        assert_eq!(files_in(tmp.path()), before, "{name} wrote something");
    }
    // Not a zip at all.
    let path = tmp.path().join("notes.zip");
    std::fs::write(&path, "这不是压缩包").unwrap();
    let check = bundle::verify(&path).unwrap();
    assert!(!check.ok);
    assert!(
        check.problems[0].message.contains("不是有效的 zip"),
        "{:?}",
        check.problems
    );
    // A missing file is an error, not a verdict.
    let err = bundle::verify(&tmp.path().join("nothing.zip")).unwrap_err();
    assert!(err.to_string().contains("文件或目录不存在"), "{err}");
}

#[test]
fn a_bundle_with_a_file_removed_added_or_changed_names_it() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    d.approved("关于调整作息时间的通知", &[("时间表.txt", b"8:00")]);
    let done = d.export(None).unwrap();
    let all = contents(Path::new(&done.path));
    let rezip = |path: &Path, edit: Edit, extra: Option<&str>| {
        craft(path, |w| {
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            for (name, data) in all.iter().filter(|(n, _)| !n.contains('!')) {
                if let Some(data) = edit(name, data) {
                    w.start_file(name.as_str(), opts).unwrap();
                    w.write_all(&data).unwrap();
                }
            }
            if let Some(extra) = extra {
                w.start_file(extra, opts).unwrap();
                w.write_all(b"extra").unwrap();
            }
        });
    };
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("missing.zip");
    rezip(
        &missing,
        &|n, d| (!n.ends_with("时间表.txt")).then(|| d.to_vec()),
        None,
    );
    let check = bundle::verify(&missing).unwrap();
    assert!(
        check.problems.iter().any(|p| p.kind == ProblemKind::Missing
            && p.file
                .as_deref()
                .is_some_and(|f| f.ends_with("attachments/时间表.txt"))),
        "{:?}",
        check.problems
    );
    let extra = tmp.path().join("extra.zip");
    rezip(&extra, &|_, d| Some(d.to_vec()), Some("悄悄加入.txt"));
    let check = bundle::verify(&extra).unwrap();
    assert!(
        check
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::Extra && p.file.as_deref() == Some("悄悄加入.txt")),
        "{:?}",
        check.problems
    );
    let changed = tmp.path().join("changed.zip");
    rezip(
        &changed,
        &|n, d| {
            Some(if n == "catalog.csv" {
                b"changed".to_vec()
            } else {
                d.to_vec()
            })
        },
        None,
    );
    let check = bundle::verify(&changed).unwrap();
    assert!(
        check
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::Different && p.file.as_deref() == Some("catalog.csv")),
        "{:?}",
        check.problems
    );
}

#[test]
fn cancel_leaves_no_file_and_marks_nothing() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let big = vec![7u8; 3 * 1024 * 1024];
    let id = d.approved("大附件", &[("大.bin", &big)]);
    let publisher = d.publisher.clone();
    let mut calls = 0;
    let mut seen_total = 0;
    let err = bundle::export(
        &mut d.b.store,
        &publisher,
        &ExportRequest {
            item_ids: None,
            dir: d.out.path().to_path_buf(),
        },
        &mut |p| {
            calls += 1;
            seen_total = p.total_bytes;
            p.done_bytes < 1024 * 1024
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "cancelled");
    assert!(calls > 2 && seen_total > big.len() as u64);
    assert!(
        files_in(d.out.path()).is_empty(),
        "{:?}",
        files_in(d.out.path())
    );
    assert_eq!(d.status(id), Status::Approved);
    // Then it goes out normally, reporting progress to the end.
    let mut last = None;
    let publisher = d.publisher.clone();
    let done = bundle::export(
        &mut d.b.store,
        &publisher,
        &ExportRequest {
            item_ids: Some(vec![id]),
            dir: d.out.path().to_path_buf(),
        },
        &mut |p| {
            last = Some(p.clone());
            true
        },
    )
    .unwrap();
    let last = last.unwrap();
    assert_eq!(last.done_bytes, last.total_bytes);
    assert_eq!(done.bytes, last.total_bytes);
}

#[test]
fn bad_destinations_and_missing_attachments_change_nothing() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let id = d.approved("附件丢失的事项", &[("丢失.pdf", b"%PDF lost")]);
    let drafter = d.b.drafter.clone();
    // Only 发布员 and 管理员 export.
    let err = bundle::export(
        &mut d.b.store,
        &drafter,
        &ExportRequest {
            item_ids: None,
            dir: d.out.path().into(),
        },
        &mut |_| true,
    )
    .unwrap_err();
    assert_eq!(err.code(), "forbidden");
    // A destination that is not a folder.
    let not_dir = d.out.path().join("file.txt");
    std::fs::write(&not_dir, "x").unwrap();
    let publisher = d.publisher.clone();
    let err = bundle::export(
        &mut d.b.store,
        &publisher,
        &ExportRequest {
            item_ids: None,
            dir: not_dir.clone(),
        },
        &mut |_| true,
    )
    .unwrap_err();
    assert!(err.to_string().contains("不是文件夹"), "{err}");
    // A folder that cannot be written (as root, permissions do not stop us: use /proc).
    let ro = d.out.path().join("readonly");
    std::fs::create_dir(&ro).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    let unwritable = if std::fs::write(ro.join("probe"), "x").is_ok() {
        PathBuf::from("/proc")
    } else {
        ro.clone()
    };
    let err = bundle::export(
        &mut d.b.store,
        &publisher,
        &ExportRequest {
            item_ids: None,
            dir: unwritable.clone(),
        },
        &mut |_| true,
    )
    .unwrap_err();
    assert_eq!(err.code(), "io");
    assert!(err.to_string().contains("无法在"), "{err}");
    assert_eq!(d.status(id), Status::Approved);
    // The attachment's file vanished from the data directory.
    let sha = item::get(&d.b.store, id).unwrap().attachments[0]
        .sha256
        .clone();
    std::fs::remove_file(disclosure_core::blobs::path(dir.path(), &sha)).unwrap();
    let err = d.export(None).unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert!(
        err.to_string().contains("丢失.pdf") && err.to_string().contains("缺失"),
        "{err}"
    );
    assert_eq!(files_in(d.out.path()), vec!["file.txt", "readonly"]);
    assert_eq!(d.status(id), Status::Approved);
}

/// Unmounts the tmpfs when the test ends, however it ends.
struct Mounted(PathBuf);
impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_leaves_no_partial_bundle() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let id = d.approved("放不下的事项", &[("大.bin", &vec![1u8; 3 * 1024 * 1024])]);
    let small = tempfile::tempdir().unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(small.path())
        .output();
    match mounted {
        Ok(out) if out.status.success() => {}
        other => {
            // `mount` needs root (CI runs as root); elsewhere this case cannot be made.
            eprintln!("skipped: cannot mount a 1 MB tmpfs here ({other:?})");
            return;
        }
    }
    let _guard = Mounted(small.path().to_path_buf());
    let publisher = d.publisher.clone();
    let err = bundle::export(
        &mut d.b.store,
        &publisher,
        &ExportRequest {
            item_ids: None,
            dir: small.path().into(),
        },
        &mut |_| true,
    )
    .unwrap_err();
    assert_eq!(err.code(), "io");
    assert!(err.to_string().contains("磁盘空间不足"), "{err}");
    assert!(
        files_in(small.path()).is_empty(),
        "{:?}",
        files_in(small.path())
    );
    assert_eq!(d.status(id), Status::Approved);
}

#[test]
fn publication_csv_applies_good_rows_and_reports_bad_ones_by_line() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let a = d.approved("甲事项", &[]);
    let b = d.approved("乙事项", &[]);
    let c = d.approved("丙事项（未导出）", &[]);
    d.export(Some(vec![a, b])).unwrap();
    let no = |d: &Desk, id: i64| item::get(&d.b.store, id).unwrap().index_no;
    let (na, nb, nc) = (no(&d, a), no(&d, b), no(&d, c));
    let csv = format!(
        "\u{feff}索引号,URL,发布日期\n{na},https://jyj.anshan.gov.cn/a.html,2026-01-05\n{nb},ftp://x,2026-01-05\nNOPE/1,https://x/y,2026-01-05\n{nc},https://x/c,2026-01-05\n{nb},https://jyj.anshan.gov.cn/b.html,2026/01/06\n{na},https://x/again,2026-01-05\nonly,two\n"
    );
    let publisher = d.publisher.clone();
    let report = bundle::publish_csv(&mut d.b.store, &publisher, csv.as_bytes()).unwrap();
    assert_eq!(report.applied, vec![na.clone(), nb.clone()]);
    let lines: Vec<u64> = report.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![3, 4, 5, 7, 8], "{:?}", report.errors);
    assert!(
        report.errors[0].message.contains("http"),
        "{:?}",
        report.errors
    );
    assert!(
        report.errors[1].message.contains("找不到"),
        "{:?}",
        report.errors
    );
    assert!(
        report.errors[2].message.contains("已导出"),
        "{:?}",
        report.errors
    );
    assert!(
        report.errors[3].message.contains("重复"),
        "{:?}",
        report.errors
    );
    assert_eq!(d.status(a), Status::Published);
    assert_eq!(d.status(b), Status::Published);
    assert_eq!(d.status(c), Status::Approved);
    let trail = audit_admin::recent(&d.b.store, Some(b), 1).unwrap();
    assert_eq!(trail[0].action, "item.publish");
    assert!(trail[0].detail.contains("2026-01-06"));
    // One by one too; only exported items.
    let err =
        bundle::publish(&mut d.b.store, &publisher, c, "https://x/c", "2026-01-05").unwrap_err();
    assert_eq!(err.code(), "conflict");
}

/// The one number a query over the data directory's database gives.
fn count(dir: &Dir, sql: &str) -> i64 {
    let c = store::open_connection(dir.path()).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Exports with a progress callback that panics on the last report — after the finished zip
/// is renamed into place, before it is recorded: what a kill or a power cut there leaves.
fn export_stopped_after_rename(d: &mut Desk) {
    let publisher = d.publisher.clone();
    let out = d.out.path().to_path_buf();
    let store = &mut d.b.store;
    let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        bundle::export(
            store,
            &publisher,
            &ExportRequest {
                item_ids: None,
                dir: out,
            },
            &mut |p| {
                assert!(
                    p.done_bytes < p.total_bytes || !p.current.is_empty(),
                    "stopped here"
                );
                true
            },
        )
    }));
    assert!(stopped.is_err());
}

#[test]
fn a_bundle_renamed_but_not_recorded_is_recorded_at_the_next_start() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let a = d.published("已发布后废止的规定", "https://x.gov.cn/a.html");
    let publisher = d.publisher.clone();
    bundle::revoke(
        &mut d.b.store,
        &publisher,
        a,
        RevokeKind::Repealed,
        "已废止",
    )
    .unwrap();
    let b = d.approved("中断时导出的通知", &[("附件.txt", "附件内容".as_bytes())]);
    let before = files_in(d.out.path());
    export_stopped_after_rename(&mut d);
    // Started again with the USB stick out: the record waits for it.
    let stick = d.out.path().to_path_buf();
    let away = stick.with_extension("unplugged");
    std::fs::rename(&stick, &away).unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(bundle::recover(&mut store).unwrap(), 0);
    drop(store);
    std::fs::rename(&away, &stick).unwrap();
    // The complete zip is there; nothing is recorded yet.
    let new: Vec<String> = files_in(d.out.path())
        .into_iter()
        .filter(|f| !before.contains(f))
        .collect();
    assert_eq!(new.len(), 1, "{new:?}");
    let zip = d.out.path().join(&new[0]);
    assert!(bundle::verify(&zip).unwrap().ok);
    assert_eq!(d.status(b), Status::Approved);
    // The next start records it: the item is 已导出, the revocation carried, the audit says so.
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(bundle::recover(&mut store).unwrap(), 1);
    assert_eq!(item::get(&store, b).unwrap().status, Status::Exported);
    let one = |sql: &str| count(&dir, sql);
    assert_eq!(
        one(&format!(
            "SELECT COUNT(*) FROM bundle b JOIN bundle_item i ON i.bundle_id = b.id
             WHERE b.file_name = '{}' AND i.item_id = {b}",
            new[0]
        )),
        1
    );
    assert_eq!(
        one("SELECT COUNT(*) FROM revocation WHERE bundle_id IS NULL"),
        0
    );
    assert_eq!(one("SELECT COUNT(*) FROM bundle_journal"), 0);
    assert_eq!(
        one("SELECT COUNT(*) FROM audit_log WHERE action = 'bundle.export' AND detail LIKE '%补记%'"),
        2
    );
    assert!(audit::verify(&store).unwrap().ok);
    assert_eq!(bundle::recover(&mut store).unwrap(), 0);
    drop(store);
    // Nothing goes out twice.
    let err = d.export(None).unwrap_err();
    assert!(err.to_string().contains("没有可导出"), "{err}");
}

#[test]
fn an_interrupted_export_whose_file_is_gone_leaves_the_items_to_export() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let a = d.approved("中断的导出", &[]);
    export_stopped_after_rename(&mut d);
    for f in files_in(d.out.path()) {
        std::fs::remove_file(d.out.path().join(f)).unwrap();
    }
    // The export itself first settles the journal: no file, so nothing was carried.
    let done = d.export(None).unwrap();
    assert_eq!(done.count, 1);
    assert_eq!(d.status(a), Status::Exported);
    let one = |sql: &str| count(&dir, sql);
    assert_eq!(one("SELECT COUNT(*) FROM bundle"), 1);
    assert_eq!(one("SELECT COUNT(*) FROM bundle_journal"), 0);
}

#[test]
fn an_interrupted_export_whose_file_was_replaced_is_not_recorded() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let a = d.approved("中断的导出", &[]);
    export_stopped_after_rename(&mut d);
    let name = files_in(d.out.path()).pop().unwrap();
    let path = d.out.path().join(&name);
    let size = std::fs::metadata(&path).unwrap().len() as usize;
    std::fs::write(&path, vec![0u8; size]).unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(bundle::recover(&mut store).unwrap(), 0);
    drop(store);
    assert_eq!(d.status(a), Status::Approved);
    let one = |sql: &str| count(&dir, sql);
    assert_eq!(one("SELECT COUNT(*) FROM bundle_journal"), 0);
    assert_eq!(one("SELECT COUNT(*) FROM bundle"), 0);
}

#[test]
fn the_next_export_removes_the_temporary_files_stopped_exports_left() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    d.approved("通知", &[]);
    let hours_ago = |name: &str, hours: u64| {
        let f = std::fs::File::create(d.out.path().join(name)).unwrap();
        let at = std::time::SystemTime::now() - std::time::Duration::from_secs(hours * 3600);
        f.set_modified(at).unwrap();
    };
    hours_ago(".上传包-Ab12Cd.tmp", 3);
    hours_ago(".上传包-Ef34Gh.tmp", 0); // maybe another export, still writing
    hours_ago("工作记录.tmp", 3); // not ours
    let done = d.export(None).unwrap();
    let mut left = files_in(d.out.path());
    left.retain(|f| *f != done.file_name);
    assert_eq!(left, [".上传包-Ef34Gh.tmp", "工作记录.tmp"]);
}

#[test]
fn a_revoked_item_is_carried_by_the_next_bundle_once() {
    let dir = Dir::new();
    let mut d = desk(&dir);
    let a = d.published("将被废止的规定", "https://jyj.anshan.gov.cn/a.html");
    let publisher = d.publisher.clone();
    let err = bundle::revoke(&mut d.b.store, &publisher, a, RevokeKind::Repealed, " ").unwrap_err();
    assert_eq!(err.field(), Some("reason"));
    let it = bundle::revoke(
        &mut d.b.store,
        &publisher,
        a,
        RevokeKind::Repealed,
        "内部原因机密",
    )
    .unwrap();
    assert_eq!(it.status, Status::Revoked);
    let waiting = bundle::revocations_waiting(&d.b.store).unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (waiting[0].index_no.as_str(), waiting[0].kind),
        (it.index_no.as_str(), RevokeKind::Repealed)
    );
    // With no item chosen (the export page, nothing ticked), the bundle carries only the
    // revocation, and the approved item not chosen stays to be exported.
    let other = d.approved("未勾选的通知", &[]);
    let done = d.export(Some(vec![])).unwrap();
    assert_eq!((done.count, done.revocations), (0, 1));
    assert_eq!(d.status(other), Status::Approved);
    assert!(bundle::revocations_waiting(&d.b.store).unwrap().is_empty());
    let all = contents(Path::new(&done.path));
    let m = manifest(&all);
    assert_eq!(m["revocations"][0]["index_no"], it.index_no.as_str());
    assert_eq!(m["revocations"][0]["kind"], "repealed");
    assert_eq!(
        m["revocations"][0]["url"],
        "https://jyj.anshan.gov.cn/a.html"
    );
    for (name, data) in &all {
        assert!(
            !String::from_utf8_lossy(data).contains("内部原因机密"),
            "reason leaked into {name}"
        );
    }
    assert!(bundle::verify(Path::new(&done.path)).unwrap().ok);
    let err = d.export(Some(vec![])).unwrap_err();
    assert!(err.to_string().contains("没有可导出"), "{err}");
}
