//! 审批表与登记簿: the printed PDFs read back with poppler (`pdftotext`, `pdftoppm`), as an
//! archivist would read the paper.

use std::path::{Path, PathBuf};
use std::process::Command;

use disclosure_core::item::{self, Channel};
use disclosure_core::review::{self, Decision};
use disclosure_core::sheet::{self, SheetData};
use disclosure_core::Store;

use crate::review::{chain, decide, Chain};
use crate::util::{draft, Dir};

const TITLE: &str = "关于2026年教师资格认定工作的通知";
const DOC_NUMBER: &str = "鞍教发〔2026〕12号";

/// A submitted item of 法规处 drafted by 张伟, with `summary`.
fn submitted(c: &mut Chain, title: &str, summary: &str) -> i64 {
    let drafter = c.b.drafter.clone();
    let mut input = draft(&c.b.store, &drafter, "通知公告", title);
    input.summary = summary.into();
    input.doc_number = DOC_NUMBER.into();
    input.channels = vec![Channel::Website, Channel::Wechat];
    input.planned_publish_on = Some("2026-12-01".into());
    let id = item::create(&mut c.b.store, &drafter, &input)
        .unwrap()
        .item
        .id;
    review::submit(&mut c.b.store, &drafter, id).unwrap();
    id
}

/// An item through the whole chain with a comment at each step.
fn approved(c: &mut Chain, title: &str, summary: &str) -> i64 {
    let id = submitted(c, title, summary);
    let (head, reviewer, leader) = (c.head.clone(), c.reviewer.clone(), c.leader.clone());
    decide(
        c,
        &head,
        id,
        Decision::Approve,
        &[],
        "同意公开，请保密审查。",
    )
    .unwrap();
    decide(
        c,
        &reviewer,
        id,
        Decision::Approve,
        &[],
        "经审查不涉及国家秘密和工作秘密。",
    )
    .unwrap();
    decide(c, &leader, id, Decision::Approve, &[], "同意按期公开。").unwrap();
    id
}

fn write(dir: &Dir, name: &str, pdf: &sheet::Pdf) -> PathBuf {
    let path = dir.path().join(name);
    sheet::save(pdf, &path).unwrap();
    path
}

/// `pdftotext` of `path` (pages `first..=last` when given), in reading order.
pub fn pdftotext(path: &Path, pages: Option<(u32, u32)>) -> String {
    let mut cmd = Command::new("pdftotext");
    if let Some((f, l)) = pages {
        cmd.args(["-f", &f.to_string(), "-l", &l.to_string()]);
    }
    let out = cmd
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Text without white space, so values wrapped inside a cell compare whole.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn sheet_of(store: &Store, id: i64) -> SheetData {
    sheet::data(store, id, None).unwrap()
}

#[test]
fn the_sheet_text_holds_every_field_value_and_comment_in_chinese() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = approved(&mut c, TITLE, "认定对象为2026年申请中小学教师资格的人员。");
    let data = sheet_of(&c.b.store, id);
    let pdf = sheet::render(std::slice::from_ref(&data)).unwrap();
    assert!(pdf.missing.is_empty(), "{:?}", pdf.missing);
    let text = squash(&pdftotext(&write(&dir, "sheet.pdf", &pdf), None));
    let index_no = item::get(&c.b.store, id).unwrap().index_no;
    for want in [
        "政府信息公开保密审查审批表",
        "鞍山市教育局",
        &index_no,
        TITLE,
        DOC_NUMBER,
        "■公文类",
        "法规处",
        "张伟",
        "■主动公开",
        "政府网站、微信公众号",
        "2026-12-01",
        "认定对象为2026年申请中小学教师资格的人员。",
        "自动检查未发现个人信息、密级标志、过程稿标志或敏感词",
        "处室负责人审核意见",
        "通过。同意公开，请保密审查。",
        "经审查不涉及国家秘密和工作秘密。",
        "同意按期公开。",
        "赵处长",
        "钱审查",
        "孙局长",
        "签字",
        "备注",
        &data.content_hash[..16],
        "第1页/共1页",
    ] {
        assert!(text.contains(&squash(want)), "missing {want:?} in {text}");
    }
    assert_eq!(data.steps.len(), 3);
    assert!(data.steps.iter().all(|s| !s.date.is_empty()));
}

#[test]
fn undecided_steps_print_with_empty_boxes_and_withholding_prints_its_article() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = submitted(&mut c, TITLE, "内容概述。");
    let data = sheet_of(&c.b.store, id);
    assert_eq!(
        data.steps.len(),
        3,
        "every step of the chain, decided or not"
    );
    assert!(data
        .steps
        .iter()
        .all(|s| s.opinion.is_empty() && s.reviewer.is_empty()));
    let (head, reviewer) = (c.head.clone(), c.reviewer.clone());
    decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap();
    decide(
        &mut c,
        &reviewer,
        id,
        Decision::Withhold,
        &["A15"],
        "涉及个人隐私。",
    )
    .unwrap();
    let data = sheet_of(&c.b.store, id);
    assert_eq!(data.disclosure, "不予公开");
    let text = squash(&pdftotext(
        &write(&dir, "w.pdf", &sheet::render(&[data]).unwrap()),
        None,
    ));
    assert!(text.contains("■不予公开"), "{text}");
    assert!(
        text.contains("第十五条：涉及商业秘密、个人隐私等"),
        "{text}"
    );
    assert!(
        text.contains("不予公开（依据条例第十五条）。涉及个人隐私。"),
        "{text}"
    );
}

#[test]
fn the_sheet_prints_the_reviewed_version_not_the_current_draft() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = submitted(&mut c, TITLE, "第一稿。");
    let head = c.head.clone();
    decide(&mut c, &head, id, Decision::Return, &[], "请修改标题。").unwrap();
    let drafter = c.b.drafter.clone();
    let mut f = item::get(&c.b.store, id).unwrap().fields;
    f.title = "关于教师资格认定的补充通知".into();
    item::save(&mut c.b.store, &drafter, id, &f, false).unwrap();
    let first = sheet::data(&c.b.store, id, Some(1)).unwrap();
    assert_eq!(first.title, TITLE);
    assert_eq!(first.steps[0].opinion, "退回修改。请修改标题。");
    review::submit(&mut c.b.store, &drafter, id).unwrap();
    let latest = sheet_of(&c.b.store, id);
    assert_eq!(
        (latest.round, latest.title.as_str()),
        (2, "关于教师资格认定的补充通知")
    );
    assert_ne!(latest.content_hash, first.content_hash);
    let err = sheet::data(&c.b.store, id, Some(9)).unwrap_err();
    assert_eq!(err.code(), "not_found");
}

/// ~3,000 characters of 内容概述 with plenty of punctuation and numbers.
fn long_summary() -> String {
    let sentence = "根据《中华人民共和国政府信息公开条例》第十九条，对涉及公众利益调整、需要公众广泛知晓的政府信息，\
                    行政机关应当主动公开；2026年度共受理申请1280件（其中网上申请960件），办结率为99.5%。";
    sentence.repeat(3000 / sentence.chars().count() + 1)
}

#[test]
fn a_long_summary_flows_onto_the_next_page_with_the_header_repeated() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let summary = long_summary();
    assert!(summary.chars().count() >= 3000);
    let id = approved(&mut c, TITLE, &summary);
    let pdf = sheet::render(&[sheet_of(&c.b.store, id)]).unwrap();
    assert!(pdf.pages >= 2, "{} pages", pdf.pages);
    let path = write(&dir, "long.pdf", &pdf);
    let index_no = item::get(&c.b.store, id).unwrap().index_no;
    let second = squash(&pdftotext(&path, Some((2, 2))));
    for want in [
        "政府信息公开保密审查审批表（续）",
        "索引号",
        &index_no,
        "信息名称",
        "内容概述（续）",
    ] {
        assert!(second.contains(want), "page 2 lacks {want:?}: {second}");
    }
    assert!(
        second.contains(&format!("第2页/共{}页", pdf.pages)),
        "{second}"
    );
    // The whole summary is there, in order, across the pages.
    let all =
        squash(&pdftotext(&path, None)).replace(&squash("政府信息公开保密审查审批表（续）"), "");
    let body: String = all.split("内容概述").nth(1).unwrap().to_string();
    let sentence = &summary[..summary.find('。').unwrap() + '。'.len_utf8()];
    assert!(body.matches(sentence).count() >= 10, "{body}");

    let text = pdftotext(&path, None);
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let first = line.chars().next().unwrap();
        let last = line.chars().last().unwrap();
        assert!(
            !"，。、；：？！）》」』”%.".contains(first),
            "line starts with {first}: {line}"
        );
        assert!(!"（《「『“".contains(last), "line ends with {last}: {line}");
    }
}

/// Reads a binary PGM (`pdftoppm -gray`): (width, height, pixels).
fn pgm(path: &Path) -> (usize, usize, Vec<u8>) {
    let bytes = std::fs::read(path).unwrap();
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).to_string());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, bytes[i + 1..].to_vec())
}

#[test]
fn the_rendered_page_shows_a_ruled_table_and_a_one_page_sheet_is_small() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = approved(&mut c, TITLE, "内容概述。");
    let pdf = sheet::render(&[sheet_of(&c.b.store, id)]).unwrap();
    assert_eq!(pdf.pages, 1);
    assert!(pdf.bytes.len() < 200 * 1024, "{} bytes", pdf.bytes.len());
    let path = write(&dir, "one.pdf", &pdf);
    let out = Command::new("pdftoppm")
        .args(["-gray", "-r", "40", "-singlefile"])
        .arg(&path)
        .arg(dir.path().join("page"))
        .output()
        .expect("pdftoppm (poppler-utils) runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (w, h, px) = pgm(&dir.path().join("page.pgm"));
    // The table region: below the title, above the footer, inside the margins.
    let dark_in = |rows: std::ops::Range<usize>| {
        rows.map(|y| {
            (w / 10..w * 9 / 10)
                .filter(|&x| px[y * w + x] < 128)
                .count()
        })
        .sum::<usize>()
    };
    let table = dark_in(h / 8..h * 3 / 4);
    assert!(
        table > w * h / 100,
        "table region nearly blank: {table} dark pixels"
    );
    // Ruled: some rows are dark almost across the whole table width.
    let rules = (h / 8..h * 3 / 4)
        .filter(|&y| {
            (w / 10..w * 9 / 10)
                .filter(|&x| px[y * w + x] < 160)
                .count()
                > w * 7 / 10
        })
        .count();
    assert!(rules >= 8, "only {rules} full-width rules");
}

#[test]
fn characters_the_fonts_lack_are_marked_and_reported_not_dropped() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = approved(&mut c, TITLE, "申请人姓名含生僻字𠀾与堃。");
    let pdf = sheet::render(&[sheet_of(&c.b.store, id)]).unwrap();
    assert_eq!(pdf.missing, vec!['𠀾']);
    let text = squash(&pdftotext(&write(&dir, "m.pdf", &pdf), None));
    assert!(text.contains("申请人姓名含生僻字〓与堃。"), "{text}");
}

#[test]
fn the_register_lists_concluded_rounds_in_the_date_range() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let a = approved(&mut c, TITLE, "甲。");
    let w = submitted(&mut c, "关于某校人事调整的请示", "乙。");
    let (head, reviewer) = (c.head.clone(), c.reviewer.clone());
    decide(&mut c, &head, w, Decision::Approve, &[], "").unwrap();
    decide(
        &mut c,
        &reviewer,
        w,
        Decision::Withhold,
        &["A16-1"],
        "内部人事事务。",
    )
    .unwrap();
    let _open = submitted(&mut c, "尚在审查中的事项", "丙。");
    let today = disclosure_core::clock::today()
        .format("%Y-%m-%d")
        .to_string();
    let reg = sheet::register(&c.b.store, "2000-01-01", &today).unwrap();
    let ids: Vec<i64> = reg.entries.iter().map(|e| e.item_id).collect();
    assert_eq!(ids, vec![a, w], "concluded rounds only, in order");
    assert_eq!(reg.entries[1].outcome_label, "不予公开");
    assert_eq!(reg.entries[1].grounds, "第十六条第一款");
    assert_eq!(reg.entries[1].reviewers, "赵处长、钱审查");
    assert!(sheet::register(&c.b.store, "2000-01-01", "2000-12-31")
        .unwrap()
        .entries
        .is_empty());
    assert_eq!(
        sheet::register(&c.b.store, "2026-13-01", &today)
            .unwrap_err()
            .field(),
        Some("from")
    );

    let pdf = sheet::render_register(&reg).unwrap();
    let text = squash(&pdftotext(&write(&dir, "reg.pdf", &pdf), None));
    for want in [
        "政府信息公开保密审查登记簿",
        &item::get(&c.b.store, a).unwrap().index_no,
        TITLE,
        "关于某校人事调整的请示",
        "已通过",
        "不予公开",
        "第十六条第一款",
        "共2项",
    ] {
        assert!(text.contains(&squash(want)), "missing {want:?} in {text}");
    }
}

#[test]
fn the_sheet_counts_the_automatic_findings_and_how_they_were_settled() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let drafter = c.b.drafter.clone();
    let mut input = draft(&c.b.store, &drafter, "通知公告", TITLE);
    input.body_html = "<p>联系人身份证号 210302199001011238。</p>".into();
    let id = item::create(&mut c.b.store, &drafter, &input)
        .unwrap()
        .item
        .id;
    review::submit(&mut c.b.store, &drafter, id).unwrap();
    let (head, reviewer) = (c.head.clone(), c.reviewer.clone());
    decide(&mut c, &head, id, Decision::Approve, &[], "").unwrap();
    let found = review::findings(&c.b.store, id).unwrap();
    let blocking = found
        .iter()
        .find(|f| f.severity == disclosure_core::scan::Severity::Block)
        .unwrap();
    review::settle(
        &mut c.b.store,
        &reviewer,
        id,
        blocking.id.unwrap(),
        &review::Settlement {
            kind: review::SettlementKind::Accepted,
            note: "当事人同意公开。".into(),
        },
    )
    .unwrap();
    let data = sheet_of(&c.b.store, id);
    let line = data
        .findings
        .iter()
        .find(|f| f.kind_label == "身份证号")
        .unwrap();
    assert_eq!((line.count, line.settlement.as_str()), (1, "接受 1"));
    let pdf = sheet::render(&[data]).unwrap();
    let text = squash(&pdftotext(&write(&dir, "findings.pdf", &pdf), None));
    assert!(text.contains("身份证号"), "{text}");
    assert!(text.contains("接受1") || text.contains("接受 1"), "{text}");
}

#[test]
fn the_pdf_properties_say_when_it_was_made() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = approved(&mut c, "关于开展校园安全检查的通知", "概述。");
    let pdf = sheet::render(&[sheet_of(&c.b.store, id)]).unwrap();
    let path = write(&dir, "审批表.pdf", &pdf);
    let out = Command::new("pdfinfo")
        .args(["-isodates"])
        .arg(&path)
        .output()
        .expect("pdfinfo (poppler-utils) runs");
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let created = info
        .lines()
        .find(|l| l.starts_with("CreationDate:"))
        .unwrap_or_default()
        .to_string();
    let today = disclosure_core::clock::today()
        .format("%Y-%m-%d")
        .to_string();
    assert!(created.contains(&today), "{info}");
    assert!(info.contains("政务公开工作台"), "the creator: {info}");
}

#[test]
fn a_paper_sheet_leads_back_to_its_round_by_qr_or_short_hash() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let id = approved(&mut c, TITLE, "概述。");
    let data = sheet_of(&c.b.store, id);
    let payload = sheet::qr_payload(&sheet::SheetRef {
        item_id: id,
        round: data.round,
        content_hash: data.content_hash.clone(),
    });
    let by_qr = sheet::lookup(&c.b.store, &payload).unwrap();
    assert_eq!((by_qr.item_id, by_qr.round), (id, data.round));
    assert!(by_qr.unchanged);
    let by_hash = sheet::lookup(&c.b.store, &data.content_hash[..16].to_uppercase()).unwrap();
    assert_eq!(by_hash.item_id, id);
    assert_eq!(
        sheet::lookup(&c.b.store, "abc").unwrap_err().field(),
        Some("sheet")
    );
    assert_eq!(
        sheet::lookup(&c.b.store, "0000000000000000")
            .unwrap_err()
            .code(),
        "not_found"
    );
    // A forged payload with another hash names nothing.
    let forged = payload.replace(&data.content_hash[..4], "ffff");
    assert!(sheet::lookup(&c.b.store, &forged).is_err());
}

/// A number masked before the review is on the sheet the reviewers sign: the kind and the
/// masked text (never the number), who masked it and when.
#[test]
fn the_sheet_lists_what_was_masked_before_the_review() {
    let dir = Dir::new();
    let mut c = chain(&dir);
    let drafter = c.b.drafter.clone();
    let mut input = draft(&c.b.store, &drafter, "通知公告", TITLE);
    input.body_html = "<p>申请人身份证号 210302199001011238，已办理。</p>".into();
    let id = item::create(&mut c.b.store, &drafter, &input)
        .unwrap()
        .item
        .id;
    item::mask_finding(
        &mut c.b.store,
        &drafter,
        id,
        &item::MaskRequest {
            text: "210302199001011238".into(),
            kind: disclosure_core::scan::Kind::IdCard,
        },
    )
    .unwrap();
    review::submit(&mut c.b.store, &drafter, id).unwrap();
    let data = sheet_of(&c.b.store, id);
    assert_eq!(data.masked.len(), 1, "{:?}", data.masked);
    assert!(
        data.masked[0].starts_with("身份证号 210302********1238（张伟，"),
        "{:?}",
        data.masked
    );
    let pdf = sheet::render(std::slice::from_ref(&data)).unwrap();
    let text = squash(&pdftotext(&write(&dir, "masked.pdf", &pdf), None));
    assert!(
        text.contains(&squash("提交前已脱敏：身份证号 210302********1238")),
        "{text}"
    );
    assert!(
        !text.contains("210302199001011238"),
        "never the number itself"
    );
}
