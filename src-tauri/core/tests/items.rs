//! Drafting: 索引号, saving and validation, versions, attachments.

use std::collections::HashSet;

use disclosure_core::item::{self, Channel, Status, Validity};
use disclosure_core::staff::Role;
use disclosure_core::{category, index_no, Store};

use crate::util::{bureau, draft, Dir};

#[test]
fn index_numbers_follow_the_pattern_and_are_never_reused() {
    let dir = Dir::new();
    let _today = crate::util::on("2027-01-01");
    let mut b = bureau(&dir);
    let year = "2027";
    let first = b.create(&b.drafter.clone(), "通知公告", "一").unwrap();
    assert_eq!(
        first.item.index_no,
        format!("11210300MB0000000X/{year}-00001")
    );
    assert_eq!(first.item.status, Status::Draft);
    let second = b.create(&b.drafter.clone(), "通知公告", "二").unwrap();
    assert_eq!(
        second.item.index_no,
        format!("11210300MB0000000X/{year}-00002")
    );
    item::delete(&mut b.store, &b.drafter, second.item.id).unwrap();
    let third = b.create(&b.drafter.clone(), "通知公告", "三").unwrap();
    assert_eq!(
        third.item.index_no,
        format!("11210300MB0000000X/{year}-00003")
    );
    // A new pattern never hands out a number already given.
    item::settings::set_pattern(
        &mut b.store,
        &b.admin.clone(),
        "11210300MB0000000X/{YYYY}-{NNNNN}",
    )
    .unwrap();
    let fourth = b.create(&b.drafter.clone(), "通知公告", "四").unwrap();
    assert_eq!(
        fourth.item.index_no,
        format!("11210300MB0000000X/{year}-00004")
    );
    assert!(
        item::settings::set_pattern(&mut b.store, &b.drafter.clone(), "{NNNN}").is_err(),
        "only admins"
    );
}

#[test]
fn concurrent_allocation_from_two_connections_never_duplicates() {
    let dir = Dir::new();
    let b = bureau(&dir);
    let path = dir.path().to_path_buf();
    let drafters = [b.drafter.clone(), b.colleague.clone()];
    drop(b);
    let handles: Vec<_> = drafters
        .into_iter()
        .map(|actor| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                (0..40)
                    .map(|i| {
                        let input = draft(
                            &store,
                            &actor,
                            "政策文件",
                            &format!("{} 的第 {i} 件", actor.name),
                        );
                        item::create(&mut store, &actor, &input)
                            .unwrap()
                            .item
                            .index_no
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let all: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(all.len(), 80);
    assert_eq!(unique.len(), 80, "duplicate 索引号 handed out");
}

#[test]
fn no_org_code_means_a_clear_error_and_no_item() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    disclosure_core::agency::update(
        &mut b.store,
        &b.admin.clone(),
        &disclosure_core::agency::AgencyInput {
            name: "鞍山市教育局".into(),
            short_name: "鞍山市教育局".into(),
            org_code: "".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let err = b.create(&b.drafter.clone(), "其他", "无代码").unwrap_err();
    assert!(err.to_string().contains("机构代码"), "{err}");
    let page = item::list(&b.store, &b.drafter, &Default::default()).unwrap();
    assert_eq!(page.total, 0);
}

#[test]
fn bad_input_is_refused_at_its_field_and_nothing_is_saved() {
    // Its dates are fixed (up to late 2026): read them on a fixed day, not the real one.
    let _today = crate::util::on("2026-12-02");
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let good = draft(
        &b.store,
        &b.drafter,
        "通知公告",
        "关于开展教师资格认定工作的通知",
    );
    let saved = item::create(&mut b.store, &b.drafter, &good).unwrap().item;
    type Spoil = Box<dyn Fn(&mut item::ItemInput)>;
    let cases: Vec<(&str, Spoil)> = vec![
        ("title", Box::new(|i| i.title = "   ".into())),
        ("title", Box::new(|i| i.title = "长".repeat(201))),
        (
            "written_on",
            Box::new(|i| i.written_on = Some("2026-02-30".into())),
        ),
        (
            "written_on",
            Box::new(|i| i.written_on = Some("2999-01-01".into())),
        ),
        (
            "planned_publish_on",
            Box::new(|i| {
                i.written_on = Some("2026-03-10".into());
                i.planned_publish_on = Some("2026-03-01".into());
            }),
        ),
        (
            "extra.comment_end",
            Box::new(|i| {
                i.extra.comment_start = Some("2026-03-10".into());
                i.extra.comment_end = Some("2026-03-01".into());
            }),
        ),
        ("category_id", Box::new(|i| i.category_id = 0)),
        ("office_id", Box::new(|i| i.office_id = 9999)),
    ];
    for (field, spoil) in cases {
        let mut bad = saved.fields.clone();
        spoil(&mut bad);
        let err = item::save(&mut b.store, &b.drafter, saved.id, &bad, false).unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
        assert!(!err.to_string().is_ascii(), "Chinese message: {err}");
        assert_eq!(
            item::get(&b.store, saved.id).unwrap(),
            saved,
            "nothing saved for {field}"
        );
    }
    assert_eq!(item::versions(&b.store, saved.id).unwrap().len(), 1);
}

#[test]
fn the_body_is_sanitized_and_searchable_as_text() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let mut input = draft(&b.store, &b.drafter, "政策文件", "关于规范校外培训的通知");
    input.body_html = r#"<p class=MsoNormal style="mso-margin-top-alt:auto"><span style="font-family:仿宋_GB2312">各县（市）区教育局：</span><o:p></o:p></p><script>alert(1)</script><p onclick="x()">为规范校外培训</p>"#.into();
    let item = item::create(&mut b.store, &b.drafter, &input).unwrap().item;
    assert_eq!(
        item.fields.body_html,
        "<p>各县（市）区教育局：</p><p>为规范校外培训</p>"
    );
}

#[test]
fn only_own_or_same_office_drafts_can_be_edited() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let item = b
        .create(&b.drafter.clone(), "其他", "法规处的稿")
        .unwrap()
        .item;
    let mut changed = item.fields.clone();
    changed.title = "改过的标题".into();
    assert!(item::save(&mut b.store, &b.colleague, item.id, &changed, false).is_ok());
    // Another office may not read the draft, so to it the draft is not there at all.
    let err = item::save(&mut b.store, &b.other_office, item.id, &changed, false).unwrap_err();
    assert_eq!(err.code(), "not_found");
    let err = b
        .create(&b.admin.clone(), "其他", "管理员不起草")
        .unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert!(err.to_string().contains(Role::Drafter.label()));
}

#[test]
fn content_changes_become_versions_and_autosaves_group() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let item = b
        .create(&b.drafter.clone(), "政策文件", "初稿")
        .unwrap()
        .item;
    assert_eq!(item.version, 1);
    let id = item.id;
    let mut f = item.fields.clone();
    // Saving the same content makes no version.
    assert_eq!(
        item::save(&mut b.store, &b.drafter, id, &f, false)
            .unwrap()
            .item
            .version,
        1
    );
    // Autosaves while typing join one version.
    f.body_html = "<p>第一段。</p>".into();
    assert_eq!(
        item::save(&mut b.store, &b.drafter, id, &f, true)
            .unwrap()
            .item
            .version,
        2
    );
    f.body_html = "<p>第一段。</p><p>第二段。</p>".into();
    assert_eq!(
        item::save(&mut b.store, &b.drafter, id, &f, true)
            .unwrap()
            .item
            .version,
        2
    );
    // An explicit save closes it; the next change starts version 3.
    f.title = "二稿".into();
    assert_eq!(
        item::save(&mut b.store, &b.drafter, id, &f, false)
            .unwrap()
            .item
            .version,
        2
    );
    f.channels = vec![Channel::Website, Channel::Wechat];
    f.validity = Validity::Repealed;
    f.validity_date = Some("2026-11-01".into());
    assert_eq!(
        item::save(&mut b.store, &b.drafter, id, &f, false)
            .unwrap()
            .item
            .version,
        3
    );
    // A colleague's autosave never joins my open version.
    f.keywords = "教育 政策".into();
    assert_eq!(
        item::save(&mut b.store, &b.colleague, id, &f, true)
            .unwrap()
            .item
            .version,
        4
    );

    let list = item::versions(&b.store, id).unwrap();
    assert_eq!(
        list.iter().map(|v| v.version).collect::<Vec<_>>(),
        [4, 3, 2, 1]
    );
    assert_eq!(list[0].saved_by_name, "李娜");

    let d = item::diff(&b.store, id, 1, 3).unwrap();
    let labels: Vec<&str> = d.fields.iter().map(|c| c.label.as_str()).collect();
    assert!(
        labels.contains(&"信息名称") && labels.contains(&"公开渠道") && labels.contains(&"有效性"),
        "{labels:?}"
    );
    let title = d.fields.iter().find(|c| c.label == "信息名称").unwrap();
    assert_eq!(
        (title.before.as_str(), title.after.as_str()),
        ("初稿", "二稿")
    );
    assert!(d
        .body
        .iter()
        .any(|l| l.tag == "insert" && l.text == "第二段。"));
    assert!(d
        .body
        .iter()
        .any(|l| l.tag == "delete" && l.text == "初稿正文。"));
}

#[test]
fn duplicate_doc_numbers_warn_but_save() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let mut a = draft(&b.store, &b.drafter, "规章和规范性文件", "甲");
    a.doc_number = "鞍教发〔2016〕38号".into();
    let first = item::create(&mut b.store, &b.drafter, &a).unwrap();
    assert!(first.warnings.is_empty());
    a.title = "乙".into();
    let second = item::create(&mut b.store, &b.drafter, &a).unwrap();
    assert_eq!(second.warnings.len(), 1);
    assert!(
        second.warnings[0].contains(&first.item.index_no),
        "{:?}",
        second.warnings
    );
}

#[test]
fn attachments_are_content_addressed_and_deduplicated() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let item = b
        .create(&b.drafter.clone(), "部门预决算", "2026年部门预算")
        .unwrap()
        .item;
    let src = tempfile::tempdir().unwrap();
    let a = src.path().join("预算表.xlsx");
    let same = src.path().join("预算表（副本）.xlsx");
    std::fs::write(&a, b"same bytes").unwrap();
    std::fs::write(&same, b"same bytes").unwrap();
    let with =
        item::add_attachments(&mut b.store, &b.drafter, item.id, &[a.clone(), same]).unwrap();
    assert_eq!(with.attachments.len(), 2);
    assert_eq!(with.attachments[0].name, "预算表.xlsx");
    assert_eq!(with.attachments[0].sha256, with.attachments[1].sha256);
    assert_eq!(with.version, 2);
    let blobs: Vec<_> = walk(&dir.path().join("blobs"));
    assert_eq!(blobs.len(), 1, "one blob for identical content: {blobs:?}");
    let (path, name) = item::attachment_file(&b.store, item.id, with.attachments[0].id).unwrap();
    assert_eq!(std::fs::read(path).unwrap(), b"same bytes");
    assert_eq!(name, "预算表.xlsx");
    let after =
        item::remove_attachment(&mut b.store, &b.drafter, item.id, with.attachments[1].id).unwrap();
    assert_eq!(after.attachments.len(), 1);
    assert_eq!(after.version, 3);
}

#[test]
fn a_too_big_or_unreadable_attachment_is_refused_without_leftovers() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let item = b
        .create(&b.drafter.clone(), "其他", "附件测试")
        .unwrap()
        .item;
    item::set_attachment_limit_mb(&mut b.store, &b.admin.clone(), 1).unwrap();
    let src = tempfile::tempdir().unwrap();
    let small = src.path().join("小.txt");
    let big = src.path().join("大.bin");
    std::fs::write(&small, b"ok").unwrap();
    std::fs::write(&big, vec![0u8; 1024 * 1024 + 1]).unwrap();
    let err = item::add_attachments(&mut b.store, &b.drafter, item.id, &[small.clone(), big])
        .unwrap_err();
    assert!(err.to_string().contains("超过了 1 MB"), "{err}");
    let err = item::add_attachments(
        &mut b.store,
        &b.drafter,
        item.id,
        &[src.path().join("不存在.doc")],
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("无法读取文件“不存在.doc”"),
        "{err}"
    );
    assert!(item::get(&b.store, item.id).unwrap().attachments.is_empty());
    assert!(
        walk(&dir.path().join("blobs")).is_empty(),
        "no orphan or temp file"
    );
}

#[test]
fn categories_are_seeded_with_default_offices() {
    let dir = Dir::new();
    let b = bureau(&dir);
    let cats = category::list(&b.store).unwrap();
    // The work plan's 13, and the offices' parts of 依申请公开 requests (made by assigning one).
    assert_eq!(cats.len(), 14);
    assert!(cats
        .iter()
        .any(|c| c.code == "request_reply" && c.name == "依申请公开答复材料"));
    let budget = cats.iter().find(|c| c.code == "budget").unwrap();
    assert_eq!(budget.name, "部门预决算");
    assert_eq!(
        budget
            .offices
            .iter()
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>(),
        ["财审处"]
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            if e.path().is_dir() {
                walk(&e.path())
            } else {
                vec![e.path()]
            }
        })
        .collect()
}

#[test]
fn drafting_settings_save_together_or_not_at_all() {
    use disclosure_core::item::settings::{self, DraftingSettings};
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let before = settings::get(&b.store).unwrap();
    assert_eq!(before.index_pattern, index_no::DEFAULT_PATTERN);
    assert_eq!(
        (before.attachment_limit_mb, before.min_comment_days),
        (200, 30)
    );
    let bad = DraftingSettings {
        index_pattern: "AS-{YYYY}-{NNNN}".into(),
        attachment_limit_mb: 0,
        min_comment_days: 20,
    };
    assert_eq!(
        settings::set(&mut b.store, &b.admin, &bad)
            .unwrap_err()
            .field(),
        Some("attachment_limit_mb")
    );
    assert_eq!(
        settings::get(&b.store).unwrap(),
        before,
        "the valid pattern was not saved either"
    );
    let good = DraftingSettings {
        attachment_limit_mb: 50,
        ..bad
    };
    assert_eq!(settings::set(&mut b.store, &b.admin, &good).unwrap(), good);
    assert_eq!(
        settings::set(&mut b.store, &b.drafter, &good)
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let _today = crate::util::on("2026-12-31");
    let it = b.create(&b.drafter.clone(), "其他", "新格式").unwrap().item;
    assert_eq!(it.index_no, "AS-2026-0001");
}

#[test]
fn a_save_over_content_someone_changed_meanwhile_is_refused_and_names_who() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let drafter = b.drafter.clone();
    let saved = b.create(&drafter, "通知公告", "冲突测试").unwrap().item;
    let base = saved.revision.clone();
    // One desk saves a change; its answer carries the new revision.
    let mut first = saved.fields.clone();
    first.summary = "第一位的修改。".into();
    let after = item::save_over(&mut b.store, &drafter, saved.id, &first, false, Some(&base))
        .unwrap()
        .item;
    assert_ne!(after.revision, base);
    assert_eq!(
        after.revision,
        item::get(&b.store, saved.id).unwrap().revision
    );
    // The other desk, still on the old revision, is refused and told who and when.
    let mut second = saved.fields.clone();
    second.summary = "第二位的修改。".into();
    for autosave in [true, false] {
        let e = item::save_over(
            &mut b.store,
            &drafter,
            saved.id,
            &second,
            autosave,
            Some(&base),
        )
        .unwrap_err();
        assert_eq!(e.code(), "conflict");
        assert!(e.to_string().contains("张伟"), "{e}");
    }
    assert_eq!(
        item::get(&b.store, saved.id).unwrap().fields.summary,
        "第一位的修改。"
    );
    // The first desk sends its save again (its answer was lost when the network dropped):
    // not a conflict, and not saved twice.
    let versions = item::versions(&b.store, saved.id).unwrap().len();
    let again = item::save_over(&mut b.store, &drafter, saved.id, &first, false, Some(&base))
        .unwrap()
        .item;
    assert_eq!(again.revision, after.revision);
    assert_eq!(item::versions(&b.store, saved.id).unwrap().len(), versions);
    // From the latest revision it saves; an autosave keeps the revision current too.
    let latest = item::save_over(
        &mut b.store,
        &drafter,
        saved.id,
        &second,
        true,
        Some(&after.revision),
    )
    .unwrap()
    .item;
    let mut third = second.clone();
    third.summary = "再改一次。".into();
    item::save_over(
        &mut b.store,
        &drafter,
        saved.id,
        &third,
        true,
        Some(&latest.revision),
    )
    .unwrap();
}
