//! Printing speed of the review sheet.
//!
//! Target (issue: printed review sheets): under 50 ms a sheet, from the store to PDF
//! bytes, on one core of the 2-core build machine; a 500-sheet batch PDF is generated.
//! The fonts are parsed once per process (the first sheet pays for it and is reported
//! apart). Run with `cargo bench -p disclosure-core --bench sheet`.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use disclosure_core::agency::{self, AgencyInput};
use disclosure_core::review::{self, Decision, DecisionInput};
use disclosure_core::sheet::{self, SheetData};
use disclosure_core::staff::{self, NewStaff, Role, Staff};
use disclosure_core::{category, item, office, Store};

const PASSWORD: &str = "mima2026abc";

fn person(store: &mut Store, admin: &Staff, name: &str, office: &str, role: Role) -> Staff {
    let office_id = office::list(store, true)
        .expect("offices")
        .into_iter()
        .find(|o| o.name == office)
        .expect("seeded office")
        .id;
    staff::add(
        store,
        admin,
        &NewStaff {
            name: name.into(),
            office_id,
            roles: vec![role],
        },
    )
    .expect("person")
    .staff
}

/// A store holding one item through the whole chain, with a summary of ~600 characters.
fn reviewed_item(dir: &std::path::Path) -> (Store, i64) {
    let mut store = Store::open(dir).expect("store");
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
    let bangong = office::list(&store, true).expect("offices")[0].id;
    let admin = staff::create_first_admin(&mut store, "管理员", bangong, PASSWORD).expect("admin");
    let drafter = person(&mut store, &admin, "张伟", "法规处", Role::Drafter);
    let head = person(&mut store, &admin, "赵处长", "法规处", Role::OfficeHead);
    let reviewer = person(&mut store, &admin, "钱审查", "办公室", Role::Reviewer);
    let leader = person(&mut store, &admin, "孙局长", "办公室", Role::Leader);
    let mut input = item::defaults(&store, &drafter).expect("defaults");
    input.category_id = category::find(&store, "通知公告").expect("category").id;
    input.title = "关于2026年教师资格认定工作的通知".into();
    input.doc_number = "鞍教发〔2026〕12号".into();
    input.summary = "根据《中华人民共和国政府信息公开条例》第十九条，对涉及公众利益调整、需要公众广泛知晓的政府信息，\
                     行政机关应当主动公开；2026年度共受理申请1280件，办结率为99.5%。"
        .repeat(7);
    input.topic = "教育".into();
    input.body_html = "<p>正文。</p>".into();
    let id = item::create(&mut store, &drafter, &input)
        .expect("item")
        .item
        .id;
    review::submit(&mut store, &drafter, id).expect("submit");
    for (who, comment) in [
        (&head, "同意公开，请保密审查。"),
        (&reviewer, "经审查不涉及国家秘密和工作秘密。"),
        (&leader, "同意按期公开。"),
    ] {
        let d = DecisionInput {
            decision: Decision::Approve,
            grounds: Vec::new(),
            comment: comment.into(),
        };
        review::decide(&mut store, who, id, &d).expect("decide");
    }
    (store, id)
}

fn batch(store: &Store, id: i64, n: usize) -> Vec<SheetData> {
    (0..n)
        .map(|k| {
            let mut s = sheet::data(store, id, None).expect("sheet data");
            s.index_no = format!("11210300MB0000000X/2026-{:05}", k + 1);
            s
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, id) = reviewed_item(dir.path());

    let first = Instant::now();
    let pdf = sheet::render(&batch(&store, id, 1)).expect("render");
    println!(
        "first sheet (parses the fonts): {:.1} ms, {} page(s), {:.1} KB",
        first.elapsed().as_secs_f64() * 1e3,
        pdf.pages,
        pdf.bytes.len() as f64 / 1024.0
    );

    c.bench_function("sheet: data + render, one sheet", |b| {
        b.iter(|| sheet::render(&batch(&store, id, 1)).expect("render"))
    });

    let n = 500;
    let start = Instant::now();
    let pdf = sheet::render(&batch(&store, id, n)).expect("render");
    let took = start.elapsed();
    println!(
        "{n}-sheet batch: {:.2} s, {:.1} ms a sheet, {} pages, {:.1} MB",
        took.as_secs_f64(),
        took.as_secs_f64() * 1e3 / n as f64,
        pdf.pages,
        pdf.bytes.len() as f64 / (1 << 20) as f64
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(10));
    targets = bench
}
criterion_main!(benches);
