use disclosure_core::agency::{self, AgencyInput};
use disclosure_core::office;
use disclosure_core::preferences::{self, Preferences};

use crate::util::Dir;

#[test]
fn agency_edits_survive_reopening() {
    let dir = Dir::new();
    let store = dir.open();
    agency::update(
        &store,
        &AgencyInput {
            name: "鞍山市教育局".into(),
            short_name: "鞍山教育".into(),
            org_code: "11210300mb1234567x".into(),
        },
    )
    .unwrap();
    drop(store);
    let a = agency::get(&dir.open()).unwrap();
    assert_eq!(a.short_name, "鞍山教育");
    assert_eq!(a.org_code, "11210300MB1234567X");
}

#[test]
fn bad_agency_input_changes_nothing() {
    let dir = Dir::new();
    let store = dir.open();
    let before = agency::get(&store).unwrap();
    let err = agency::update(
        &store,
        &AgencyInput {
            name: "".into(),
            short_name: "x".into(),
            org_code: "".into(),
        },
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("name"));
    assert_eq!(agency::get(&store).unwrap(), before);
}

#[test]
fn offices_are_added_renamed_and_deactivated_not_deleted() {
    let dir = Dir::new();
    let store = dir.open();
    let o = office::add(&store, " 职成处 ").unwrap();
    assert_eq!(o.name, "职成处");
    assert_eq!(
        office::list(&store, false).unwrap().last().unwrap().id,
        o.id
    );
    let dup = office::add(&store, "法规处").unwrap_err();
    assert!(dup.to_string().contains("已有名为“法规处”的处室"));
    let pseudo = office::add(&store, "有关处室").unwrap_err();
    assert_eq!(pseudo.field(), Some("name"));
    office::set_active(&store, o.id, false).unwrap();
    assert!(office::list(&store, false)
        .unwrap()
        .iter()
        .all(|x| x.id != o.id));
    assert!(office::list(&store, true)
        .unwrap()
        .iter()
        .any(|x| x.id == o.id && !x.active));
    let r = office::rename(&store, o.id, "职业教育与成人教育处").unwrap();
    assert_eq!(r.name, "职业教育与成人教育处");
    assert_eq!(
        office::rename(&store, 9999, "x").unwrap_err().code(),
        "not_found"
    );
}

#[test]
fn preferences_default_validate_and_persist() {
    let dir = Dir::new();
    let store = dir.open();
    assert_eq!(preferences::get(&store).unwrap(), Preferences::default());
    let big = Preferences {
        font_size: 18,
        locale: "zh-CN".into(),
    };
    preferences::set(&store, &big).unwrap();
    let bad = Preferences {
        font_size: 13,
        ..big.clone()
    };
    assert_eq!(
        preferences::set(&store, &bad).unwrap_err().field(),
        Some("font_size")
    );
    drop(store);
    assert_eq!(preferences::get(&dir.open()).unwrap(), big);
}
