//! 权限表 over the network: every command of the table, called over HTTPS without a
//! session (refused, but for sign-in and the start-up status), and as each person of the
//! bureau — with the same answer, allowed or refused with the same code, as the same
//! command run in-process (as the desktop window runs it) on an identical copy of the
//! data, step by step. The network adds only the refusals listed in [`NETWORK_ONLY`].

use std::collections::BTreeSet;

use disclosure_core::backup;
use disclosure_core::item::settings as item_settings;
use disclosure_core::review;
use disclosure_core::Store;
use serde_json::{json, Value};

use crate::harness::{self, Server, PASSWORD, PEOPLE};
use crate::inprocess::{self, Local};

/// Commands the network refuses whoever calls them (paths and folders of the server).
const NETWORK_ONLY: &[&str] = &[
    "item_add_attachments",
    "data_dir_open",
    "startup_open_data_dir",
];

/// What the sweep needs of the data: settings objects as the getters give them.
struct Samples {
    item: Value,
    backup_settings: Value,
    review_settings: Value,
    drafting: Value,
    agency: Value,
    request: String,
    request_input: Value,
    clock: Value,
    letter_settings: Value,
}

fn samples(dir: &std::path::Path) -> Samples {
    let s = Store::open(dir).unwrap();
    let admin = disclosure_core::staff::get(&s, 1).unwrap();
    let drafter = disclosure_core::staff::get(&s, 2).unwrap();
    let agency = disclosure_core::agency::get(&s).unwrap();
    Samples {
        item: serde_json::to_value(harness::draft_input(&s, &drafter, "新的事项")).unwrap(),
        backup_settings: serde_json::to_value(backup::overview(&s, &admin).unwrap().settings)
            .unwrap(),
        review_settings: serde_json::to_value(review::review_settings(&s).unwrap()).unwrap(),
        drafting: serde_json::to_value(item_settings::get(&s).unwrap()).unwrap(),
        agency: json!({
            "name": agency.name, "short_name": agency.short_name, "org_code": agency.org_code,
        }),
        request: disclosure_core::request::list(&s, &admin).unwrap()[0]
            .number
            .clone(),
        request_input: serde_json::to_value(
            disclosure_core::request::input::from_json(
                harness::REQUEST,
                chrono::Local::now().date_naive(),
            )
            .unwrap(),
        )
        .unwrap(),
        clock: serde_json::to_value(disclosure_core::request::clock_settings(&s).unwrap()).unwrap(),
        letter_settings: serde_json::to_value(
            disclosure_core::request::letters::letter_settings(&s).unwrap(),
        )
        .unwrap(),
    }
}

/// Every command once, in an order where each person's reads come before their changes,
/// and the session's own commands last.
fn sweep(x: &Samples) -> Vec<(&'static str, Value)> {
    let decision = json!({ "decision": "approve", "grounds": [], "comment": "同意" });
    let filter = json!({ "actor": "", "action": "", "text": "", "from": "", "to": "" });
    vec![
        ("startup_status", json!({})),
        ("session_get", json!({})),
        ("agency_get", json!({})),
        ("office_list", json!({ "includeInactive": true })),
        ("preferences_get", json!({})),
        ("category_list", json!({})),
        ("overview_get", json!({})),
        ("plan_list", json!({})),
        ("dashboard_get", json!({})),
        ("rules_lists", json!({})),
        ("item_defaults", json!({})),
        ("item_list", json!({ "query": {} })),
        ("item_get", json!({ "id": 1 })),
        ("item_get", json!({ "id": 2 })),
        ("item_due", json!({ "id": 2 })),
        ("item_dues", json!({ "ids": [1, 2, 3] })),
        ("item_check", json!({ "id": 1 })),
        ("item_check_draft", json!({ "id": null, "input": x.item })),
        ("item_versions", json!({ "id": 1 })),
        ("item_diff", json!({ "id": 1, "from": 1, "to": 1 })),
        ("item_self_check", json!({ "id": 1 })),
        ("item_viewers", json!({ "id": 2 })),
        ("review_queue", json!({})),
        ("review_grounds", json!({})),
        ("review_history", json!({ "id": 2 })),
        ("review_findings", json!({ "id": 2 })),
        ("review_chains", json!({})),
        ("review_settings_get", json!({})),
        ("deadline_rules", json!({})),
        (
            "report_assessment",
            json!({ "year": 2026, "officeId": null }),
        ),
        ("report_annual", json!({ "year": 2026 })),
        ("report_year", json!({ "year": 2026 })),
        ("request_list", json!({})),
        ("request_due", json!({ "within": 5 })),
        ("request_get", json!({ "number": x.request })),
        ("request_clock_settings", json!({})),
        ("request_letter_settings", json!({})),
        ("request_letters", json!({ "number": x.request })),
        (
            "request_fee",
            json!({ "basis": "per_page", "quantity": 2219 }),
        ),
        ("staff_list", json!({})),
        ("lan_status", json!({})),
        ("lan_session_end", json!({ "id": "000000000000" })),
        (
            "lan_connect",
            json!({ "address": "127.0.0.1:1", "fingerprint": null }),
        ),
        ("lan_serve", json!({ "port": 8443 })),
        ("drafting_settings_get", json!({})),
        ("calendar_years", json!({})),
        ("contacts_get", json!({})),
        ("sensitive_words_get", json!({})),
        ("wording_get", json!({ "list": "leaders" })),
        ("wording_shipped", json!({})),
        ("audit_search", json!({ "filter": filter, "limit": 20 })),
        ("backup_overview", json!({})),
        ("backup_last", json!({})),
        ("bundle_candidates", json!({})),
        ("bundle_revocations", json!({})),
        ("sheet_lookup", json!({ "text": "0000" })),
        (
            "item_open_attachment",
            json!({ "id": 1, "attachmentId": 1 }),
        ),
        ("item_create", json!({ "input": x.item })),
        (
            "item_save",
            json!({ "id": 1, "input": x.item, "autosave": true }),
        ),
        (
            "item_mask",
            json!({ "id": 1, "request": { "text": "13800000000", "kind": "mobile" } }),
        ),
        ("item_pick_attachments", json!({ "id": 1 })),
        (
            "item_add_attachments",
            json!({ "id": 1, "paths": ["/etc/hostname"] }),
        ),
        (
            "item_attachment_pages",
            json!({ "id": 1, "attachmentId": 1 }),
        ),
        (
            "item_redact_attachment",
            json!({ "id": 1, "attachmentId": 1 }),
        ),
        (
            "item_remove_attachment",
            json!({ "id": 1, "attachmentId": 1 }),
        ),
        ("item_import_pick", json!({})),
        ("item_submit", json!({ "id": 1 })),
        ("item_withdraw", json!({ "id": 1 })),
        ("item_delete", json!({ "id": 1 })),
        ("review_decide", json!({ "id": 2, "input": decision })),
        (
            "review_decide_many",
            json!({ "ids": [2], "input": decision }),
        ),
        (
            "review_settle",
            json!({ "id": 2, "findingId": 1, "settlement": { "kind": "false_positive", "note": "误报" } }),
        ),
        (
            "review_record_referral",
            json!({ "id": 2, "input": { "decision": "refer", "grounds": [], "comment": "转" } }),
        ),
        (
            "review_rereview",
            json!({ "id": 2, "input": { "release": false, "comment": "维持" } }),
        ),
        (
            "review_set_step",
            json!({ "categoryId": 1, "step": 1, "update": { "due_days": 3, "enabled": true } }),
        ),
        (
            "review_settings_set",
            json!({ "settings": x.review_settings }),
        ),
        (
            "deadline_rule_set",
            json!({ "code": "proactive", "days": 20 }),
        ),
        (
            "plan_update",
            json!({ "id": 1, "update": { "office_ids": [1], "any_office_concerned": false, "staff_names": "张伟" } }),
        ),
        (
            "report_assessment_save",
            json!({ "year": 2026, "officeId": null, "format": "xlsx" }),
        ),
        ("report_annual_save", json!({ "year": 2026 })),
        ("report_year_preview", json!({ "year": 2026, "save": true })),
        (
            "report_year_save",
            json!({ "year": 2026, "format": "docx" }),
        ),
        (
            "report_year_inputs_set",
            json!({ "year": 2026, "inputs": { "overview": "总体情况" } }),
        ),
        ("request_add", json!({ "input": x.request_input })),
        (
            "request_record",
            json!({ "number": x.request, "on": "2026-11-03",
                    "event": { "kind": "correction_sent", "until": null, "items": "请写明年份" } }),
        ),
        (
            "request_assign",
            json!({ "number": x.request, "part": { "office_id": 2,
                    "due_on": chrono::Local::now().date_naive().format("%Y-%m-%d").to_string(),
                    "note": "请提供" } }),
        ),
        (
            "request_part_cancel",
            json!({ "number": x.request, "partId": 1 }),
        ),
        (
            "request_appeal",
            json!({ "number": x.request, "appeal": { "kind": "review", "body": "鞍山市人民政府",
                    "filed_on": "2026-11-20", "result": "pending", "decided_on": null } }),
        ),
        (
            "request_letter_issue",
            json!({ "number": x.request, "kind": "receipt", "on": "2026-11-02" }),
        ),
        ("request_letter_save", json!({ "id": 1 })),
        (
            "request_letter_served",
            json!({ "id": 1, "how": "direct", "on": "2026-11-03", "trackingNo": null }),
        ),
        ("request_clock_settings_set", json!({ "settings": x.clock })),
        (
            "request_letter_settings_set",
            json!({ "settings": x.letter_settings }),
        ),
        (
            "sheet_print",
            json!({ "ids": [3], "round": null, "save": true }),
        ),
        (
            "sheet_register",
            json!({ "from": "2026-01-01", "to": "2026-12-31", "save": true }),
        ),
        ("sheet_ledger", json!({ "save": true })),
        ("bundle_export", json!({ "itemIds": null })),
        ("bundle_cancel", json!({})),
        ("bundle_verify", json!({ "path": null })),
        (
            "bundle_publish",
            json!({ "id": 3, "url": "https://www.example.gov.cn/a/3.html", "date": "2026-11-30" }),
        ),
        ("bundle_publish_csv", json!({})),
        (
            "bundle_revoke",
            json!({ "id": 3, "kind": "withdrawn", "reason": "内容已过时" }),
        ),
        (
            "backup_settings_set",
            json!({ "settings": x.backup_settings }),
        ),
        ("backup_pick_dir", json!({})),
        ("backup_create", json!({})),
        ("backup_check", json!({ "path": "/nonexistent/backup" })),
        ("backup_restore", json!({ "path": "/nonexistent/backup" })),
        ("startup_restore", json!({})),
        ("startup_open_data_dir", json!({})),
        ("data_dir_open", json!({})),
        ("agency_update", json!({ "input": x.agency })),
        ("office_add", json!({ "name": "督导室" })),
        ("office_rename", json!({ "id": 1, "name": "办公室" })),
        ("office_set_active", json!({ "id": 1, "active": true })),
        (
            "preferences_set",
            json!({ "prefs": { "font_size": 14, "locale": "zh-CN" } }),
        ),
        ("drafting_settings_set", json!({ "settings": x.drafting })),
        ("category_set_offices", json!({ "id": 1, "officeIds": [1] })),
        ("contacts_set", json!({ "entries": ["0412-2220000"] })),
        ("sensitive_words_set", json!({ "words": ["内部资料"] })),
        ("sensitive_words_import", json!({})),
        ("sensitive_words_export", json!({})),
        (
            "wording_set",
            json!({ "list": "leaders", "lines": ["王刚 局长"] }),
        ),
        ("wording_import", json!({ "list": "renames" })),
        ("wording_export", json!({ "list": "misspellings" })),
        (
            "wording_shipped_switch",
            json!({ "list": "misspellings", "wrong": "帐号", "enabled": false }),
        ),
        ("calendar_import", json!({})),
        ("audit_verify", json!({})),
        ("audit_export_csv", json!({ "filter": filter })),
        ("job_cancel", json!({ "job": "print" })),
        (
            "staff_add",
            json!({ "new": { "name": "新同事", "office_id": 1, "roles": ["drafter"] } }),
        ),
        (
            "staff_update",
            json!({ "id": 7, "change": { "office_id": 1, "roles": ["drafter"], "active": true } }),
        ),
        ("staff_reset_password", json!({ "id": 7 })),
        ("staff_import_pick", json!({})),
        ("staff_slips_save", json!({ "people": [] })),
        ("session_setup_agency", json!({ "input": x.agency })),
        (
            "session_setup_admin",
            json!({ "name": "又一个", "officeId": 1, "password": PASSWORD }),
        ),
        ("session_set_auto_lock", json!({ "minutes": 10 })),
        ("session_touch", json!({})),
        ("session_confirm", json!({ "password": PASSWORD })),
        (
            "session_change_password",
            json!({ "current": PASSWORD, "password": PASSWORD }),
        ),
        ("session_lock", json!({})),
        ("session_unlock", json!({ "password": PASSWORD })),
        ("session_sign_out", json!({})),
        (
            "session_sign_in",
            json!({ "name": "nobody", "password": "x" }),
        ),
    ]
}

/// Runs `name` in-process as `person` would at the window, signing in first.
fn local_sign_in(local: &Local, person: &str) {
    let out = inprocess::run(
        local,
        "session_sign_in",
        &json!({ "name": person, "password": PASSWORD }),
    );
    assert_eq!(out, "ok", "{person} signs in in-process");
}

#[test]
fn every_command_needs_a_session_over_the_network() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let server = Server::start(dir.path());
    let client = server.client();
    let mut refused = BTreeSet::new();
    for name in disclosure_server::api::NAMES {
        let a = client.call(name, json!({}));
        match *name {
            "session_get" | "startup_status" => assert_eq!(a.status, 200, "{name}"),
            // Its arguments are checked first: a name and a password are needed.
            "session_sign_in" => assert_eq!(a.status, 400, "{name}"),
            _ => {
                assert_eq!(a.status, 401, "{name} answered {} {}", a.status, a.body);
                assert_eq!(a.body["code"], "unauthenticated", "{name}");
                refused.insert(*name);
            }
        }
    }
    assert!(refused.len() > 100, "{}", refused.len());
    // session_get tells nothing but that nobody is signed in.
    let who = client.call("session_get", json!({}));
    assert_eq!(who.body["user"], Value::Null);
    // The event stream and downloads too.
    assert_eq!(client.get("/api/events").status().as_u16(), 401);
    assert_eq!(client.get("/api/download/abc").status().as_u16(), 401);
}

#[test]
fn every_person_gets_the_same_answers_over_the_network_as_in_process() {
    let root = tempfile::tempdir().unwrap();
    let (net_dir, local_dir) = (root.path().join("net"), root.path().join("local"));
    harness::bureau(&net_dir);
    {
        // One more person, for the administrator's changes to someone.
        let mut s = Store::open(&net_dir).unwrap();
        let admin = disclosure_core::staff::get(&s, 1).unwrap();
        disclosure_core::staff::add(
            &mut s,
            &admin,
            &disclosure_core::staff::NewStaff {
                name: "临时工".into(),
                office_id: 1,
                roles: vec![disclosure_core::staff::Role::Drafter],
            },
        )
        .unwrap();
    }
    harness::copy_dir(&net_dir, &local_dir);
    let x = samples(&net_dir);
    let steps = sweep(&x);
    // The sweep covers the whole table.
    let swept: BTreeSet<&str> = steps.iter().map(|(n, _)| *n).collect();
    let table: BTreeSet<&str> = disclosure_server::api::NAMES.iter().copied().collect();
    assert_eq!(
        table.difference(&swept).collect::<Vec<_>>(),
        Vec::<&&str>::new(),
        "commands missing from the sweep"
    );
    let server = Server::start(&net_dir);
    let local = Local::open(&local_dir);
    let mut differences = Vec::new();
    let mut allowed = 0;
    for person in PEOPLE {
        let mut client = server.client();
        client.sign_in(person);
        local_sign_in(&local, person);
        for (name, args) in &steps {
            if *name == "session_sign_in" {
                continue;
            }
            let net = client.call(name, args.clone());
            if NETWORK_ONLY.contains(name) {
                // Not run in-process either, so both copies stay the same.
                assert_ne!(net.outcome(), "ok", "{person}: {name} over the network");
                continue;
            }
            let here = inprocess::run(&local, name, args);
            if net.outcome() == "ok" {
                allowed += 1;
            }
            if net.outcome() != here {
                differences.push(format!(
                    "{person} {name}: network {} ({}), in-process {here}",
                    net.outcome(),
                    net.body
                ));
            }
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    // The sweep is not all refusals.
    assert!(allowed > 200, "only {allowed} calls were allowed");
}
