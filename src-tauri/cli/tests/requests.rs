//! `disclosure request …` as administrators' scripts call it: the JSON keys, the number on
//! the last line, Chinese errors naming the key, and nothing saved on a bad field.

use std::path::Path;

use chrono::{Duration, NaiveDate};
use disclosure_core::calendar::Calendar;
use disclosure_core::request::letters;

use crate::commands::{add_user, run};
use crate::util::Dir;

fn handler_desk() -> Dir {
    let dir = Dir::new();
    let (code, _, err) = run(
        &dir,
        &[
            "init",
            "--admin",
            "管理员",
            "--org-code",
            "11210300MB0000000X",
        ],
        "guanli2026mima",
    );
    assert_eq!(code, Some(0), "{err}");
    add_user(
        &dir,
        "赵敏",
        "办公室",
        "依申请承办人",
        "管理员",
        "guanli2026mima",
        "chengban2026mima",
    );
    dir
}

/// Dates relative to the clock the CLI runs on (`DISCLOSURE_CLOCK_OFFSET` moves both in the
/// date tests): the application arrived 60 days ago, so it is long overdue whatever the day.
struct Days {
    received: NaiveDate,
    due: NaiveDate,
    /// The reply: 10 days after receipt; served the day after.
    replied: NaiveDate,
    served: NaiveDate,
}

fn days() -> Days {
    let today = disclosure_core::clock::today();
    let received = today - Duration::days(60);
    Days {
        received,
        due: Calendar::shipped().add_working_days(received, 20),
        replied: received + Duration::days(10),
        served: received + Duration::days(11),
    }
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The registration JSON, received on `days().received`.
fn good() -> String {
    GOOD.replace("RECEIVED", &ymd(days().received))
}

const GOOD: &str = r#"{
  "applicant_type": "法人或其他组织",
  "applicant_subtype": "法律服务机构",
  "name": "辽宁某律师事务所",
  "id_type": "统一社会信用代码",
  "id_number": "31210000MD0123456X",
  "contact": "0412-2221234",
  "address": "鞍山市铁东区胜利路1号",
  "channel": "邮寄",
  "received_on": "RECEIVED",
  "description": "2025年度校外培训机构检查结果",
  "form": "纸质",
  "delivery": "邮寄"
}"#;

#[test]
fn request_add_prints_the_number_last_and_show_gives_the_due_date() {
    let dir = handler_desk();
    let file = dir.path().join("request.json");
    std::fs::write(&file, good()).unwrap();
    let f = file.to_str().unwrap();
    let (code, out, err) = run(
        &dir,
        &["request", "add", f, "--user", "赵敏"],
        "chengban2026mima",
    );
    assert_eq!(code, Some(0), "{err}");
    let number = out.lines().last().unwrap().to_string();
    let year = disclosure_core::clock::today().format("%Y").to_string();
    assert_eq!(number, format!("{year}-0001"), "{out}");

    let (code, out, err) = run(
        &dir,
        &["request", "show", &number, "--json", "--user", "赵敏"],
        "chengban2026mima",
    );
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // The 20th working day after the day of receipt, on the shipped calendar.
    assert_eq!(v["due_on"], ymd(days().due).as_str());
    assert_eq!(v["applicant_subtype"], "法律服务机构");
    assert_eq!(v["id_number"], "31210000MD0123456X");
    assert!(v["status"].is_string(), "{out}");

    let (code, out, _) = run(
        &dir,
        &["request", "list", "--json", "--user", "赵敏"],
        "chengban2026mima",
    );
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["number"], number.as_str());
    assert_eq!(v[0]["id_number"], "312*************6X", "masked in lists");

    // Long overdue by now: listed by `due`.
    let (code, out, _) = run(
        &dir,
        &["request", "due", "--json", "--user", "赵敏"],
        "chengban2026mima",
    );
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["number"], number.as_str());
    assert_eq!(v[0]["overdue"], true);
}

#[test]
fn a_bad_field_names_its_key_in_chinese_and_saves_nothing() {
    let dir = handler_desk();
    let file = dir.path().join("request.json");
    let received = ymd(days().received);
    for (from, to, key) in [
        (
            "\"邮寄\",\n  \"received_on\"",
            "\"快递\",\n  \"received_on\"",
            "channel",
        ),
        (received.as_str(), "2026-02-30", "received_on"),
        ("\"法律服务机构\"", "\"律所\"", "applicant_subtype"),
    ] {
        std::fs::write(&file, good().replacen(from, to, 1)).unwrap();
        let (code, out, err) = run(
            &dir,
            &["request", "add", file.to_str().unwrap(), "--user", "赵敏"],
            "chengban2026mima",
        );
        assert_eq!(code, Some(2), "{out}{err}");
        assert!(err.contains(key) && err.starts_with("错误："), "{err}");
        assert!(out.is_empty(), "{out}");
    }
    let (_, out, _) = run(
        &dir,
        &["request", "list", "--json", "--user", "赵敏"],
        "chengban2026mima",
    );
    assert_eq!(out.trim(), "[]");
    // Only 依申请承办人 register.
    std::fs::write(&file, good()).unwrap();
    let (code, _, err) = run(
        &dir,
        &["request", "add", file.to_str().unwrap(), "--user", "管理员"],
        "guanli2026mima",
    );
    assert_ne!(code, Some(0));
    assert!(err.contains("依申请承办人"), "{err}");
}

/// Runs `disclosure` as 赵敏 (依申请承办人), `--user 赵敏` appended.
fn as_handler(dir: &Dir, args: &[&str]) -> (Option<i32>, String, String) {
    let mut args = args.to_vec();
    args.extend(["--user", "赵敏"]);
    run(dir, &args, "chengban2026mima")
}

/// `request letter NUMBER --kind KIND -o FILE` and `extra` arguments.
fn run_letter(
    dir: &Dir,
    number: &str,
    kind: &str,
    pdf: &Path,
    extra: &[&str],
) -> (Option<i32>, String, String) {
    let pdf = pdf.to_str().unwrap();
    let mut args = vec!["request", "letter", number, "--kind", kind, "-o", pdf];
    args.extend_from_slice(extra);
    as_handler(dir, &args)
}

/// The letter dated `day` written to `pdf`: the 文号 printed last.
fn letter(dir: &Dir, number: &str, kind: &str, day: &str, pdf: &Path) -> String {
    let (code, out, err) = run_letter(dir, number, kind, pdf, &["--on", day]);
    assert_eq!(code, Some(0), "{err}");
    out.lines().last().unwrap().to_string()
}

/// A letter refused (exit 2, nothing printed): what it said.
fn refused(dir: &Dir, number: &str, kind: &str, pdf: &Path) -> String {
    let (code, out, err) = run_letter(dir, number, kind, pdf, &[]);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.is_empty(), "{out}");
    err
}

#[test]
fn request_letter_writes_the_pdf_and_prints_the_number_last_and_served_records_the_post() {
    let dir = handler_desk();
    // Registered with its receipt: the request number still last.
    let file = dir.path().join("request.json");
    std::fs::write(&file, good()).unwrap();
    let pdf = dir.path().join("回执.pdf");
    let (code, out, err) = as_handler(
        &dir,
        &[
            "request",
            "add",
            file.to_str().unwrap(),
            "--receipt",
            pdf.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let number = out.lines().last().unwrap().to_string();
    assert!(number.ends_with("-0001"), "{out}");
    let d = days();
    let year = disclosure_core::clock::today().format("%Y").to_string();
    let doc_no = format!("鞍山市教育局依申〔{year}〕1号");
    assert!(out.contains(&doc_no), "{out}");
    // Again: one receipt per request.
    let again = dir.path().join("again.pdf");
    let err = refused(&dir, &number, "receipt", &again);
    assert!(err.contains("已出具过申请接收回执"), "{err}");
    let text = crate::squash(&crate::pdftotext(&pdf));
    for want in [
        "政府信息公开申请接收回执",
        doc_no.as_str(),
        "辽宁某律师事务所：",
        &format!("即于{}前作出答复", letters::day(d.due)),
        "312*************6X",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    assert!(!text.contains("31210000MD0123456X"), "{text}");

    // The reply recorded from JSON, then its letter.
    let event = dir.path().join("reply.json");
    std::fs::write(
        &event,
        r#"{"kind":"replied","outcome":"无法提供：本机关不掌握相关政府信息"}"#,
    )
    .unwrap();
    let (code, out, err) = as_handler(
        &dir,
        &[
            "request",
            "record",
            &number,
            "--event",
            event.to_str().unwrap(),
            "--on",
            &ymd(d.replied),
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("答复"), "{out}");
    let reply = dir.path().join("答复书.pdf");
    let reply_no = letter(&dir, &number, "reply", &ymd(d.replied), &reply);
    // Numbered in the year of the letter's date (the receipt's year may be the next one).
    let reply_year = d.replied.format("%Y").to_string();
    let n = if reply_year == year { 2 } else { 1 };
    assert_eq!(reply_no, format!("鞍山市教育局依申〔{reply_year}〕{n}号"));
    let text = crate::squash(&crate::pdftotext(&reply));
    assert!(text.contains("第三十六条第（四）项"), "{text}");

    // 邮寄 without a tracking number is refused (exit 2), then recorded with it.
    let served_on = ymd(d.served);
    let served = |how: &str, extra: &[&str]| {
        let mut args = vec![
            "request", "served", &number, "--letter", &reply_no, "--how", how, "--on", &served_on,
        ];
        args.extend_from_slice(extra);
        as_handler(&dir, &args)
    };
    let (code, out, err) = served("邮寄", &[]);
    assert_eq!(code, Some(2), "{out}{err}");
    assert!(err.contains("邮件号"), "{err}");
    let (code, out, err) = served("邮寄", &["--tracking", "1151234567890"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("邮寄送达") && out.contains("1151234567890"),
        "{out}"
    );
    // An unknown kind names the choices.
    let err = refused(&dir, &number, "notice", &pdf);
    assert!(err.contains("receipt") && err.contains("reply"), "{err}");
}
