//! List and search latency at bureau scale: 100,000 generated items.
//!
//! Targets (issue: drafting): a filtered, sorted page of 50 in under 20 ms; a search in
//! under 50 ms. Run with `make bench` (or `cargo bench -p disclosure-core --bench items`).
//! Generating the data takes a minute; it is made once per run in a temp directory.

use criterion::{criterion_group, criterion_main, Criterion};
use disclosure_core::agency::{self, AgencyInput};
use disclosure_core::item::{self, ItemQuery, Scope, Status};
use disclosure_core::staff::{self, NewStaff, Role};
use disclosure_core::{category, office, Store};

const ITEMS: usize = 100_000;

const SENTENCES: [&str; 12] = [
    "为进一步规范全市中小学学籍管理工作，切实保障适龄儿童少年依法接受义务教育的权利，",
    "根据《中华人民共和国义务教育法》和省教育厅有关规定，结合我市实际，制定本办法。",
    "各县（市）区教育局要高度重视，明确责任分工，确保各项工作落到实处。",
    "学校应当在每学期开学后十个工作日内完成学籍信息核对，并报上级教育行政部门备案。",
    "对弄虚作假、违规办理学籍的，依法依规追究相关人员责任。",
    "本通知自印发之日起施行，执行中遇到的问题请及时向市教育局反映。",
    "部门预算收支总表、财政拨款支出表及“三公”经费支出情况一并公开。",
    "随机抽查事项清单包括抽查依据、抽查主体、抽查内容和抽查方式。",
    "政策解读材料应当在政策文件公开后三个工作日内发布。",
    "重大建设项目的批准、实施情况按阶段及时公开。",
    "意见征集期间，社会公众可通过电子邮件、信函等方式提出意见建议。",
    "办事指南明确申请条件、办理材料、办理流程和办理时限。",
];

/// A small deterministic generator, so every run measures the same data.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn populate() -> (tempfile::TempDir, Store, staff::Staff) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(dir.path()).expect("store");
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
    let drafters: Vec<staff::Staff> = offices
        .iter()
        .map(|o| {
            staff::add(
                &mut store,
                &admin,
                &NewStaff {
                    name: format!("{}起草人", o.name),
                    office_id: o.id,
                    roles: vec![Role::Drafter],
                },
            )
            .expect("drafter")
            .staff
        })
        .collect();
    let cats = category::list(&store).expect("categories");
    let mut rng = Lcg(2026);
    let start = std::time::Instant::now();
    for chunk in 0..ITEMS / 1000 {
        let who = &drafters[chunk % drafters.len()];
        let inputs: Vec<_> = (0..1000)
            .map(|i| {
                let n = chunk * 1000 + i;
                let mut input = item::defaults(&store, who).expect("defaults");
                input.category_id = cats[rng.next(cats.len())].id;
                input.title = format!(
                    "关于{}工作的通知（第{n}号）",
                    ["学籍管理", "教师招聘", "校舍安全", "部门预算", "招生入学"][rng.next(5)]
                );
                input.doc_number = format!("鞍教发〔{}〕{}号", 2016 + rng.next(11), n);
                input.summary = SENTENCES[rng.next(SENTENCES.len())].to_string();
                input.topic = "教育".into();
                input.body_html = (0..20)
                    .map(|_| format!("<p>{}</p>", SENTENCES[rng.next(SENTENCES.len())]))
                    .collect();
                input
            })
            .collect();
        item::create_many(&mut store, who, &inputs).expect("items");
    }
    eprintln!(
        "generated {ITEMS} items in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let me = drafters[1].clone();
    (dir, store, me)
}

fn bench(c: &mut Criterion) {
    let (_dir, store, me) = populate();
    let mut g = c.benchmark_group("100k items");
    g.sample_size(30);
    g.bench_function(
        "list: page of 50, my office, drafts, newest first (target < 20 ms)",
        |b| {
            let q = ItemQuery {
                scope: Scope::Office,
                status: Some(Status::Draft),
                page: 1,
                page_size: 50,
                ..Default::default()
            };
            b.iter(|| item::list(&store, &me, &q).expect("list"))
        },
    );
    g.bench_function("list: page 200 of everything (target < 20 ms)", |b| {
        let q = ItemQuery {
            page: 200,
            page_size: 50,
            ..Default::default()
        };
        b.iter(|| item::list(&store, &me, &q).expect("list"))
    });
    for text in ["校舍", "三公", "学籍管理", "鞍教发〔2020〕4"] {
        g.bench_function(format!("search “{text}” (target < 50 ms)"), |b| {
            let q = ItemQuery {
                text: text.into(),
                page: 1,
                page_size: 50,
                ..Default::default()
            };
            b.iter(|| item::list(&store, &me, &q).expect("search"))
        });
    }
    // Every item was created today: 60 days on, all 100,000 are overdue, the worst case
    // for the dashboard's 即将到期与已逾期 list.
    let later = disclosure_core::clock::today() + chrono::Duration::days(60);
    g.bench_function(
        "deadline: 20 most urgent of 100k overdue (target < 100 ms)",
        |b| b.iter(|| disclosure_core::deadline::urgent_on(&store, later, 20).expect("urgent")),
    );
    g.bench_function(
        "deadline: a list page's 50 due dates (target < 20 ms)",
        |b| {
            let q = ItemQuery {
                page: 1,
                page_size: 50,
                ..Default::default()
            };
            let ids: Vec<i64> = item::list(&store, &me, &q)
                .expect("list")
                .rows
                .iter()
                .map(|r| r.id)
                .collect();
            b.iter(|| disclosure_core::deadline::due_many(&store, &ids).expect("dues"))
        },
    );
    g.bench_function("dashboard: the whole 工作台 (target < 100 ms)", |b| {
        b.iter(|| disclosure_core::dashboard::get(&store, &me).expect("dashboard"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
