//! Chinese full-text search and list filters.

use disclosure_core::item::{self, ItemQuery, Scope, Status};

use crate::util::{bureau, draft, Dir};

fn titles(page: &item::ItemPage) -> Vec<String> {
    page.rows
        .iter()
        .map(|r| r.title.iter().map(|s| s.text.as_str()).collect())
        .collect()
}

fn search(b: &crate::util::Bureau, text: &str) -> Vec<String> {
    let q = ItemQuery {
        text: text.into(),
        ..Default::default()
    };
    // As the administrator, who may read every item: this is about finding words.
    titles(&item::list(&b.store, &b.admin, &q).unwrap())
}

fn seed(b: &mut crate::util::Bureau) {
    let mut a = draft(
        &b.store,
        &b.drafter,
        "规章和规范性文件",
        "鞍山市中小学生学籍管理办法",
    );
    a.doc_number = "鞍教发〔2016〕38号".into();
    a.body_html = "<p>为加强学籍管理，规范办学行为，制定本办法。</p>".into();
    item::create(&mut b.store, &b.drafter, &a).unwrap();
    let mut c = draft(
        &b.store,
        &b.other_office,
        "部门预决算",
        "2026年部门预算公开",
    );
    c.body_html = "<p>“三公”经费支出预算说明。</p>".into();
    item::create(&mut b.store, &b.other_office, &c).unwrap();
    let mut d = draft(&b.store, &b.colleague, "通知公告", "关于教师资格认定的通知");
    d.keywords = "教师 资格".into();
    item::create(&mut b.store, &b.colleague, &d).unwrap();
}

#[test]
fn one_two_and_four_character_queries_find_words_inside_text() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    seed(&mut b);
    assert_eq!(search(&b, "学籍"), ["鞍山市中小学生学籍管理办法"]);
    assert_eq!(
        search(&b, "办学"),
        ["鞍山市中小学生学籍管理办法"],
        "two characters from the body"
    );
    assert_eq!(search(&b, "三公"), ["2026年部门预算公开"]);
    assert_eq!(search(&b, "规范办学"), ["鞍山市中小学生学籍管理办法"]);
    assert_eq!(search(&b, "籍").len(), 1, "one character");
    assert_eq!(search(&b, "资格认定"), ["关于教师资格认定的通知"]);
    assert!(search(&b, "招生").is_empty());
    assert!(
        search(&b, "学办").is_empty(),
        "characters in the wrong order do not match"
    );
}

#[test]
fn doc_numbers_are_found_whole_or_in_part() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    seed(&mut b);
    assert_eq!(
        search(&b, "鞍教发〔2016〕38号"),
        ["鞍山市中小学生学籍管理办法"]
    );
    assert_eq!(search(&b, "38号"), ["鞍山市中小学生学籍管理办法"]);
    assert_eq!(
        search(&b, "２０１６"),
        ["鞍山市中小学生学籍管理办法"],
        "full-width digits"
    );
}

#[test]
fn hits_are_highlighted_in_title_and_snippet() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    seed(&mut b);
    let q = ItemQuery {
        text: "学籍".into(),
        ..Default::default()
    };
    let page = item::list(&b.store, &b.drafter, &q).unwrap();
    let row = &page.rows[0];
    let hits: Vec<&str> = row
        .title
        .iter()
        .filter(|s| s.hit)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(hits, ["学籍"]);
    assert!(row.snippet.iter().any(|s| s.hit && s.text == "学籍"));
}

#[test]
fn edits_and_deletes_keep_the_index_current() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    let it = b.create(&b.drafter.clone(), "其他", "旧标题").unwrap().item;
    let mut f = it.fields.clone();
    f.title = "新标题".into();
    f.summary = "概述也改了。".into();
    f.body_html = "<p>正文也改了。</p>".into();
    item::save(&mut b.store, &b.drafter, it.id, &f, false).unwrap();
    assert!(search(&b, "旧标题").is_empty());
    assert_eq!(search(&b, "新标题"), ["新标题"]);
    item::delete(&mut b.store, &b.drafter, it.id).unwrap();
    assert!(search(&b, "新标题").is_empty());
}

#[test]
fn scopes_filters_and_paging() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    seed(&mut b);
    for i in 0..7 {
        b.create(&b.drafter.clone(), "其他", &format!("第{i}件"))
            .unwrap();
    }
    let q = |scope, page, page_size| ItemQuery {
        scope,
        page,
        page_size,
        ..Default::default()
    };
    let mine = item::list(&b.store, &b.drafter, &q(Scope::Mine, 1, 50)).unwrap();
    assert_eq!(mine.total, 8);
    // 我的草稿 holds drafts only: submitted, an item leaves it (the 全部 and 本处室 tabs and
    // the status filter find it), whatever status filter is set.
    let drafter = b.drafter.clone();
    disclosure_core::review::submit(&mut b.store, &drafter, mine.rows[0].id).unwrap();
    let mine = item::list(&b.store, &b.drafter, &q(Scope::Mine, 1, 50)).unwrap();
    assert_eq!(mine.total, 7);
    assert!(mine.rows.iter().all(|r| r.status == Status::Draft));
    let filtered = ItemQuery {
        status: Some(Status::InReview),
        ..q(Scope::Mine, 1, 50)
    };
    assert_eq!(
        item::list(&b.store, &b.drafter, &filtered).unwrap().total,
        7
    );
    let office = item::list(&b.store, &b.drafter, &q(Scope::Office, 1, 50)).unwrap();
    assert_eq!(office.total, 9, "法规处: mine plus 李娜's");
    // 全部 is what the person may read: not 财审处's draft (see `access`).
    let all = item::list(&b.store, &b.drafter, &q(Scope::All, 1, 50)).unwrap();
    assert_eq!(all.total, 9);
    assert_eq!(
        item::list(&b.store, &b.admin, &q(Scope::All, 1, 50))
            .unwrap()
            .total,
        10
    );
    let p2 = item::list(&b.store, &b.drafter, &q(Scope::All, 2, 4)).unwrap();
    assert_eq!((p2.rows.len(), p2.total), (4, 9));
    assert_eq!(titles(&all)[0], "第6件", "newest first");
    let budget = item::list(
        &b.store,
        &b.admin,
        &ItemQuery {
            category_id: Some(
                disclosure_core::category::find(&b.store, "部门预决算")
                    .unwrap()
                    .id,
            ),
            status: Some(Status::Draft),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(titles(&budget), ["2026年部门预算公开"]);
    let bad = ItemQuery {
        from: Some("2026-13-01".into()),
        ..Default::default()
    };
    assert_eq!(
        item::list(&b.store, &b.drafter, &bad).unwrap_err().field(),
        Some("date")
    );
}

/// A later change must not make the list or the search read every item row.
#[test]
fn list_and_search_queries_use_indexes_not_a_scan_of_items() {
    let dir = Dir::new();
    let mut b = bureau(&dir);
    seed(&mut b);
    let queries = [
        ItemQuery::default(),
        ItemQuery {
            scope: Scope::Office,
            status: Some(Status::Draft),
            ..Default::default()
        },
        ItemQuery {
            scope: Scope::Mine,
            ..Default::default()
        },
        ItemQuery {
            category_id: Some(1),
            ..Default::default()
        },
        ItemQuery {
            text: "学籍".into(),
            ..Default::default()
        },
        ItemQuery {
            text: "学籍".into(),
            scope: Scope::Office,
            ..Default::default()
        },
    ];
    for q in &queries {
        let plan = item::plan(&b.store, &b.drafter, q).unwrap();
        let scans: Vec<&String> = plan
            .iter()
            // `SCAN i` alone reads every item row; `SCAN i USING INDEX …` walks an index.
            .filter(|d| d.as_str() == "SCAN i")
            .collect();
        assert!(scans.is_empty(), "full scan of items for {q:?}: {plan:#?}");
        assert!(
            !plan
                .iter()
                .any(|d| d.contains("USE TEMP B-TREE FOR ORDER BY"))
                || !q.text.is_empty(),
            "sort without an index for {q:?}: {plan:#?}"
        );
    }
}
