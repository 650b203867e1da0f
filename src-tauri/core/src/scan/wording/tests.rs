//! The wording rules as pure functions: a text and the lists in, the findings out.

use super::*;

fn correction(wrong: &str, right: &str, severity: Severity, except: &[&str]) -> Correction {
    Correction {
        wrong: wrong.into(),
        right: right.into(),
        severity,
        except: except.iter().map(|s| s.to_string()).collect(),
        note: String::new(),
    }
}

fn lists() -> Wording {
    let leader = |name: &str, title: &str| Leader {
        name: name.into(),
        title: title.into(),
    };
    Wording {
        leaders: vec![
            leader("王刚", "局长"),
            leader("王刚", "党组书记"),
            leader("李强", "副局长"),
            leader("赵敏", "副局长"),
        ],
        renames: vec![
            Rename {
                old: "规划局".into(),
                current: "自然资源和规划局".into(),
            },
            Rename {
                old: "市教育局".into(),
                current: "市教育体育局".into(),
            },
        ],
        expressions: vec![
            correction("台湾总统", "台湾地区领导人", Severity::Block, &[]),
            correction(
                "伊斯兰国",
                "“伊斯兰国”极端组织",
                Severity::Warn,
                &["“伊斯兰国”组织"],
            ),
        ],
        misspellings: vec![
            correction("再接再励", "再接再厉", Severity::Warn, &[]),
            correction("既使", "即使", Severity::Warn, &["既使用"]),
            correction("帐号", "账号", Severity::Info, &[]),
        ],
    }
}

/// (kind, severity, matched text, note) of every wording finding in `text`.
fn found(text: &str) -> Vec<(Kind, Severity, String, String)> {
    let m = Matcher::new(&lists());
    let mut hits = Vec::new();
    m.find(text, &mut hits);
    hits.sort_by_key(|h| h.start);
    hits.iter()
        .map(|h| {
            (
                h.kind,
                h.severity,
                text[h.start..h.end].to_string(),
                m.note(h.note.unwrap()).unwrap().to_string(),
            )
        })
        .collect()
}

fn kinds(text: &str) -> Vec<(Kind, String)> {
    found(text).into_iter().map(|(k, _, m, _)| (k, m)).collect()
}

#[test]
fn a_listed_name_beside_another_leaders_title_is_a_grave_error() {
    let f = found("会议由副局长王刚主持。");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, Kind::LeaderTitle);
    assert_eq!(f[0].1, Severity::Block);
    assert_eq!(f[0].2, "副局长王刚");
    assert_eq!(f[0].3, "王刚的现任职务：党组书记、局长");
    assert_eq!(
        kinds("李强局长出席。"),
        [(Kind::LeaderTitle, "李强局长".into())]
    );
    assert_eq!(
        kinds("李强 局长出席。"),
        [(Kind::LeaderTitle, "李强 局长".into())]
    );
}

#[test]
fn a_deputys_title_around_a_listed_one_is_not_his() {
    // Only 局长 is listed: 副局长 is another title, not the 局长 inside it.
    let m = Matcher::new(&Wording {
        leaders: vec![Leader {
            name: "王刚".into(),
            title: "局长".into(),
        }],
        ..Wording::default()
    });
    let mut hits = Vec::new();
    let text = "会议由副局长王刚主持。";
    m.find(text, &mut hits);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(&text[hits[0].start..hits[0].end], "副局长王刚");
    assert_eq!(hits[0].severity, Severity::Block);
    let mut hits = Vec::new();
    m.find("局长王刚主持，副局长讲话。", &mut hits);
    assert!(hits.is_empty(), "{hits:?}");
}

#[test]
fn a_leader_with_a_right_title_is_not_reported() {
    assert!(kinds("局长王刚、副局长李强、副局长赵敏出席会议。").is_empty());
    assert!(kinds("党组书记、局长王刚主持会议。").is_empty());
    // 王刚 stands beside 副局长 too, but also beside his own title.
    assert!(kinds("出席：局长王刚 副局长李强").is_empty());
    // History: 原 / 时任 before the title.
    assert!(kinds("原副局长王刚").is_empty());
    assert!(kinds("时任副局长王刚").is_empty());
    // Neither near the other.
    assert!(kinds("王刚同志强调，副局长要带头。").is_empty());
}

#[test]
fn a_listed_title_beside_a_misspelt_holders_name_is_a_warning() {
    let f = found("局长王钢主持会议。");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, Kind::LeaderTitle);
    assert_eq!(f[0].1, Severity::Warn);
    assert_eq!(f[0].2, "局长王钢");
    assert_eq!(f[0].3, "现任局长：王刚");
    assert_eq!(
        kinds("赵民副局长讲话"),
        [(Kind::LeaderTitle, "赵民副局长".into())]
    );
    // Two characters off is not a name of the list's.
    assert!(kinds("局长主持会议").is_empty());
    assert!(kinds("市教育体育局局长讲话").is_empty());
}

#[test]
fn an_old_organisation_name_is_reported_with_the_current_one() {
    let f = found("请向市规划局申请。");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, Kind::OrgName);
    assert_eq!(f[0].1, Severity::Block);
    assert_eq!(f[0].2, "规划局");
    assert_eq!(f[0].3, "现名称：自然资源和规划局");
    assert_eq!(kinds("市教育局印发"), [(Kind::OrgName, "市教育局".into())]);
    // History.
    assert!(kinds("原规划局").is_empty());
    assert!(kinds("原市规划局的职责").is_empty());
}

#[test]
fn a_correct_name_or_expression_containing_the_wrong_one_is_not_reported() {
    assert!(kinds("市自然资源和规划局").is_empty());
    assert!(kinds("打击“伊斯兰国”极端组织").is_empty());
    assert!(kinds("“伊斯兰国”组织").is_empty());
    assert!(kinds("既使用纸质材料，又使用电子材料").is_empty());
    // The same wrong form elsewhere in the text still is.
    assert_eq!(
        kinds("市自然资源和规划局（原规划局），即规划局"),
        [(Kind::OrgName, "规划局".into())]
    );
    assert_eq!(kinds("既使下雨"), [(Kind::Misspelling, "既使".into())]);
}

#[test]
fn shipped_expressions_and_misspellings_carry_their_entrys_severity() {
    let f = found("台湾总统选举");
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].0, f[0].1, f[0].3.as_str()),
        (
            Kind::WrongExpression,
            Severity::Block,
            "应为“台湾地区领导人”"
        )
    );
    let f = found("望大家再接再励，登录帐号。");
    assert_eq!(
        f.iter()
            .map(|x| (x.0, x.1, x.2.as_str()))
            .collect::<Vec<_>>(),
        [
            (Kind::Misspelling, Severity::Warn, "再接再励"),
            (Kind::Misspelling, Severity::Info, "帐号"),
        ]
    );
    assert_eq!(f[0].3, "应为“再接再厉”");
}

#[test]
fn empty_lists_find_nothing() {
    let m = Matcher::new(&Wording::default());
    let mut hits = Vec::new();
    m.find("副局长王刚在市规划局再接再励", &mut hits);
    assert!(hits.is_empty());
}

#[test]
fn formerly_reads_history_not_prose() {
    assert!(formerly("原", 3));
    assert!(formerly("原市", 6));
    assert!(!formerly("目前市", 9));
    assert!(!formerly("", 0));
}
