//! The `disclosure` binary as administrators' scripts call it.

use std::process::Command;

use crate::util::Dir;

fn disclosure() -> Command {
    Command::new(env!("CARGO_BIN_EXE_disclosure"))
}

#[test]
fn info_prints_schema_version_and_counts() {
    let dir = Dir::new();
    let out = disclosure()
        .args(["info", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let version = format!("数据结构版本：{}", disclosure_core::store::latest_version());
    assert!(text.contains(&version), "{text}");
    assert!(text.contains("处室：11"), "{text}");
    assert!(text.contains("工作任务：14"), "{text}");
    assert!(text.contains("公开事项：0"), "{text}");
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    let dir = Dir::new();
    // The reading end is closed before the program writes anything (`disclosure info |
    // head -0`): it stops without a panic, as Unix tools do.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = disclosure()
        .args(["info", "--data-dir"])
        .arg(dir.path())
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn info_json_and_environment_variable() {
    let dir = Dir::new();
    let out = disclosure()
        .args(["info", "--json"])
        .env("DISCLOSURE_DESK_DATA", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["counts"]["offices"], 11);
    assert_eq!(v["schema_version"], v["latest_schema_version"]);
    assert_eq!(v["data_dir"], dir.path().display().to_string());
}

#[test]
fn init_creates_the_database_and_a_newer_one_exits_2_in_chinese() {
    let dir = Dir::new();
    let out = disclosure()
        .arg("init")
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("disclosure.db").exists());
    let conn = disclosure_core::store::open_connection(dir.path()).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let out = disclosure()
        .arg("info")
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("第 99 版"), "{err}");
}

/// Runs `disclosure` on `dir` with the given password; returns (status, stdout, stderr).
pub fn run(dir: &Dir, args: &[&str], password: &str) -> (Option<i32>, String, String) {
    run_with(dir, args, password, "")
}

/// Runs `disclosure` with a password and a new password (`user passwd`).
pub fn run_with(
    dir: &Dir,
    args: &[&str],
    password: &str,
    new_password: &str,
) -> (Option<i32>, String, String) {
    let out = disclosure()
        .arg("--data-dir")
        .arg(dir.path())
        .args(args)
        .env("DISCLOSURE_PASSWORD", password)
        .env("DISCLOSURE_NEW_PASSWORD", new_password)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Adds a person through the CLI as `by` (password `by_password`), then, as the person,
/// changes the random initial password to `own` (as at a first sign-in). Returns what
/// `user add` printed.
pub fn add_user(
    dir: &Dir,
    name: &str,
    office: &str,
    roles: &str,
    by: &str,
    by_password: &str,
    own: &str,
) -> String {
    let (code, out, err) = run(
        dir,
        &[
            "user", "add", name, "--office", office, "--roles", roles, "--by", by, "--json",
        ],
        by_password,
    );
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let initial = v["initial_password"].as_str().unwrap().to_string();
    let (code, _, err) = run_with(dir, &["user", "passwd", name], &initial, own);
    assert_eq!(code, Some(0), "{err}");
    out
}

fn prepared() -> Dir {
    let dir = Dir::new();
    let (code, out, err) = run(
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
    assert!(out.contains("已创建管理员：管理员（办公室）"), "{out}");
    let out = add_user(
        &dir,
        "张伟",
        "法规处",
        "drafter,处室负责人",
        "管理员",
        "guanli2026mima",
        "chushi2026mima",
    );
    assert!(out.contains("\"office\": \"法规处\""), "{out}");
    dir
}

#[test]
fn a_new_person_must_change_the_initial_password_before_anything_else() {
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
    let (code, out, err) = run(
        &dir,
        &[
            "user",
            "add",
            "李娜",
            "--office",
            "法规处",
            "--roles",
            "drafter",
            "--by",
            "管理员",
        ],
        "guanli2026mima",
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("已添加：李娜（法规处；起草人）"), "{out}");
    let initial = out
        .lines()
        .find_map(|l| l.strip_prefix("初始密码："))
        .and_then(|l| l.split('（').next())
        .unwrap()
        .to_string();
    // Until the password is changed, every command is refused with the same code.
    let (code, _, err) = run(&dir, &["item", "list", "--user", "李娜"], &initial);
    assert_eq!(code, Some(2));
    assert!(err.contains("请先修改初始密码"), "{err}");
    // A weak new password is refused with the rule that it breaks.
    let (code, _, err) = run_with(&dir, &["user", "passwd", "李娜"], &initial, "woaini1314");
    assert_eq!(code, Some(2));
    assert!(err.contains("太常见"), "{err}");
    let (code, _, err) = run_with(&dir, &["user", "passwd", "李娜"], &initial, "LiNa-2026-abc");
    assert_eq!(code, Some(2));
    assert!(err.contains("拼音"), "{err}");
    let (code, out, err) = run_with(
        &dir,
        &["user", "passwd", "李娜"],
        &initial,
        "chunlan-3lou-dong",
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("已修改 李娜 的密码"), "{out}");
    let (code, _, err) = run(
        &dir,
        &["item", "list", "--user", "李娜"],
        "chunlan-3lou-dong",
    );
    assert_eq!(code, Some(0), "{err}");
    // The old password no longer works.
    let (code, _, _) = run(&dir, &["item", "list", "--user", "李娜"], &initial);
    assert_eq!(code, Some(2));
}

/// 找回管理员: the only administrator forgot the password; whoever can write the data
/// directory resets it, audited under the operating-system account, and the new one must
/// be changed at the next sign-in.
#[test]
fn reset_password_on_the_machine_lets_the_only_administrator_back_in() {
    let dir = prepared();
    let out = disclosure()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["user", "reset-password", "管理员"])
        .env("USER", "itadmin")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let new = text
        .lines()
        .find_map(|l| l.strip_prefix("初始密码："))
        .unwrap()
        .to_string();
    let (code, _, err) = run(
        &dir,
        &["item", "list", "--user", "管理员"],
        "guanli2026mima",
    );
    assert_eq!(code, Some(2), "the forgotten password is gone");
    assert!(err.contains("姓名或密码不正确"), "{err}");
    let (code, _, err) = run(&dir, &["item", "list", "--user", "管理员"], &new);
    assert_eq!(code, Some(2));
    assert!(err.contains("请先修改初始密码"), "{err}");
    let (code, _, err) = run_with(&dir, &["user", "passwd", "管理员"], &new, "guanli-2027-xin");
    assert_eq!(code, Some(0), "{err}");
    let store = dir.open();
    let entries = disclosure_core::audit_admin::search(
        &store,
        &disclosure_core::staff::find_by_name(&store, "管理员").unwrap(),
        &disclosure_core::audit_admin::AuditFilter {
            action: "staff.reset_password".into(),
            ..Default::default()
        },
        10,
    )
    .unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.actor_name.contains("操作系统用户 itadmin")),
        "{entries:?}"
    );
}

#[test]
fn user_add_needs_the_admins_password_and_role() {
    let dir = prepared();
    let (code, _, err) = run(
        &dir,
        &[
            "user",
            "add",
            "李娜",
            "--office",
            "法规处",
            "--roles",
            "drafter",
            "--by",
            "管理员",
        ],
        "wrong-password1",
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("姓名或密码不正确"), "{err}");
    let (code, _, err) = run(
        &dir,
        &[
            "user",
            "add",
            "李娜",
            "--office",
            "法规处",
            "--roles",
            "drafter",
            "--by",
            "张伟",
        ],
        "chushi2026mima",
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("只有管理员"), "{err}");
}

#[test]
fn import_json_then_list_and_show() {
    let dir = prepared();
    let src = tempfile::tempdir().unwrap();
    let attachment = src.path().join("清单.pdf");
    std::fs::write(&attachment, b"%PDF-1.4 test").unwrap();
    let rows = serde_json::json!([
        {"title": "行政许可事项清单", "category": "权力清单和责任清单", "office": "法规处",
         "summary": "本局行政许可事项。", "body_html": "<p>共 12 项行政许可。</p>",
         "doc_number": "鞍教发〔2026〕1号", "keywords": "权力清单", "channels": ["政府网站", "微信公众号"],
         "attachments": [attachment]},
        {"title": "行政处罚事项清单", "category": "power_list", "office": "法规处",
         "summary": "本局行政处罚事项。", "body_html": "<p>共 30 项。</p>"}
    ]);
    let file = src.path().join("items.json");
    std::fs::write(&file, rows.to_string()).unwrap();
    let (code, out, err) = run(
        &dir,
        &["item", "import", file.to_str().unwrap(), "--user", "张伟"],
        "chushi2026mima",
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("已导入 2 个草稿"), "{out}");
    let first = out.lines().nth(1).unwrap().trim().to_string();
    assert!(first.starts_with("11210300MB0000000X/"), "{first}");

    let (code, out, _) = run(
        &dir,
        &["item", "list", "--json", "--user", "张伟"],
        "chushi2026mima",
    );
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"], 2);

    let (code, out, _) = run(
        &dir,
        &["item", "list", "--search", "处罚", "--user", "张伟"],
        "chushi2026mima",
    );
    assert_eq!(code, Some(0));
    assert!(
        out.contains("共 1 项") && out.contains("行政处罚事项清单"),
        "{out}"
    );

    let (code, out, _) = run(
        &dir,
        &["item", "show", &first, "--json", "--user", "张伟"],
        "chushi2026mima",
    );
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["fields"]["title"], "行政许可事项清单");
    assert_eq!(
        v["fields"]["channels"],
        serde_json::json!(["website", "wechat"])
    );
    assert_eq!(v["attachments"][0]["name"], "清单.pdf");
    let (_, out, _) = run(
        &dir,
        &["item", "show", &first, "--user", "张伟"],
        "chushi2026mima",
    );
    assert!(out.contains("公开渠道：政府网站、微信公众号"), "{out}");
    let (code, _, err) = run(
        &dir,
        &["item", "show", "不存在/2026-99999", "--user", "张伟"],
        "chushi2026mima",
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("找不到索引号"), "{err}");
}

#[test]
fn import_reports_every_bad_row_and_imports_nothing() {
    let dir = prepared();
    let src = tempfile::tempdir().unwrap();
    let rows = serde_json::json!([
        {"title": "好的一行", "category": "通知公告", "office": "法规处", "summary": "", "body_html": "<p>正文</p>"},
        {"title": "", "category": "通知公告", "office": "法规处", "summary": "", "body_html": ""},
        {"title": "类别错", "category": "不存在的类别", "office": "法规处", "summary": "", "body_html": ""},
        {"title": "附件错", "category": "通知公告", "office": "法规处", "summary": "", "body_html": "", "attachments": ["/no/such/file.doc"]},
        {"title": "日期错", "category": "通知公告", "office": "法规处", "summary": "", "body_html": "", "written_on": "2026-02-30"}
    ]);
    let file = src.path().join("bad.json");
    std::fs::write(&file, rows.to_string()).unwrap();
    let (code, _, err) = run(
        &dir,
        &["item", "import", file.to_str().unwrap(), "--user", "张伟"],
        "chushi2026mima",
    );
    assert_eq!(code, Some(2));
    for line in [
        "第 2 行：请填写信息名称",
        "第 3 行：没有名为“不存在的类别”的公开类别",
        "第 4 行：无法读取附件",
        "第 5 行：成文日期",
    ] {
        assert!(err.contains(line), "missing {line}: {err}");
    }
    assert!(!err.contains("第 1 行"), "{err}");
    assert!(err.contains("未导入任何事项"));
    let (_, out, _) = run(
        &dir,
        &["item", "list", "--json", "--user", "张伟"],
        "chushi2026mima",
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total"], 0);
    let (_, out, _) = run(
        &dir,
        &["item", "import", "/no/such.txt", "--user", "张伟"],
        "chushi2026mima",
    );
    assert!(out.is_empty());
}

#[test]
fn import_xlsx_with_chinese_headers() {
    let dir = prepared();
    let src = tempfile::tempdir().unwrap();
    let file = src.path().join("权力清单.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "信息名称",
        "公开类别",
        "承办处室",
        "内容概述",
        "正文",
        "文号",
        "公开渠道",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=120u32 {
        let row = [
            format!("行政检查事项第{r}项"),
            "权力清单和责任清单".into(),
            "法规处".into(),
            format!("第{r}项的概述"),
            format!("第一段\n第二段{r}"),
            String::new(),
            "政府网站、公告栏".into(),
        ];
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r, c as u16, v).unwrap();
        }
    }
    book.save(&file).unwrap();
    let (code, out, err) = run(
        &dir,
        &[
            "item",
            "import",
            file.to_str().unwrap(),
            "--user",
            "张伟",
            "--json",
        ],
        "chushi2026mima",
    );
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["created"].as_array().unwrap().len(), 120);
    let first = v["created"][0].as_str().unwrap();
    let (_, out, _) = run(
        &dir,
        &["item", "show", first, "--json", "--user", "张伟"],
        "chushi2026mima",
    );
    let item: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(item["fields"]["body_html"], "<p>第一段</p><p>第二段1</p>");
    assert_eq!(
        item["fields"]["channels"],
        serde_json::json!(["website", "bulletin"])
    );
}

#[test]
fn audit_verify_exits_1_and_names_the_entry_after_sqlite_edits() {
    let dir = prepared();
    let (code, out, _) = run(&dir, &["audit", "verify"], "");
    assert_eq!(code, Some(0));
    assert!(out.starts_with("OK"), "{out}");
    let conn = disclosure_core::store::open_connection(dir.path()).unwrap();
    conn.execute("UPDATE audit_log SET detail = '改过' WHERE id = 2", [])
        .unwrap();
    drop(conn);
    let (code, out, _) = run(&dir, &["audit", "verify"], "");
    assert_eq!(code, Some(1));
    assert!(out.contains("第 2 条审计记录的内容被改动"), "{out}");
    let (_, out, _) = run(&dir, &["audit", "verify", "--json"], "");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["first_bad"], 2);
}

#[test]
fn submit_decide_and_queue_from_the_command_line_keep_separation_of_duties() {
    let dir = prepared();
    for (name, office, roles) in [
        ("钱审查", "办公室", "reviewer"),
        ("孙局长", "办公室", "leader"),
    ] {
        add_user(
            &dir,
            name,
            office,
            roles,
            "管理员",
            "guanli2026mima",
            "chushi2026mima",
        );
    }
    let src = tempfile::tempdir().unwrap();
    let file = src.path().join("one.json");
    let rows = serde_json::json!([{"title": "2026年教师招聘公告", "category": "通知公告", "office": "法规处",
        "summary": "招聘公告。", "body_html": "<p>正文</p>", "topic": "教育"}]);
    std::fs::write(&file, rows.to_string()).unwrap();
    let (_, out, _) = run(
        &dir,
        &[
            "item",
            "import",
            file.to_str().unwrap(),
            "--user",
            "张伟",
            "--json",
        ],
        "chushi2026mima",
    );
    let index_no = serde_json::from_str::<serde_json::Value>(&out).unwrap()["created"][0]
        .as_str()
        .unwrap()
        .to_string();
    let (code, out, err) = run(
        &dir,
        &["item", "submit", &index_no, "--user", "张伟"],
        "chushi2026mima",
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("已提交审查"), "{out}");
    // 张伟 also holds 处室负责人 but drafted it: refused, with the separation-of-duties error.
    let (code, _, err) = run(
        &dir,
        &[
            "review",
            "decide",
            &index_no,
            "--user",
            "张伟",
            "--decision",
            "approve",
        ],
        "chushi2026mima",
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("职责分离"), "{err}");
    let (code, out, _) = run(
        &dir,
        &["review", "queue", "--user", "钱审查"],
        "chushi2026mima",
    );
    assert_eq!(code, Some(0));
    assert!(out.contains("待办 0 项"), "{out}");
    let (code, _, err) = run(
        &dir,
        &[
            "review",
            "decide",
            &index_no,
            "--user",
            "钱审查",
            "--decision",
            "withhold",
        ],
        "chushi2026mima",
    );
    assert_eq!(code, Some(2));
    assert!(
        err.contains("处室负责人"),
        "step 1 is the office head's: {err}"
    );
}

#[test]
fn usage_errors_and_help_are_in_chinese() {
    let out = disclosure().args(["review", "decide"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("错误：缺少必需的参数："), "{err}");
    assert!(err.contains("用法：disclosure review decide"), "{err}");
    assert!(!err.contains("required"), "{err}");

    let out = disclosure().arg("bogus").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("没有“bogus”这个子命令"), "{err}");

    let out = disclosure().args(["item", "--help"]).output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for english in ["Usage", "Options", "Commands", "Print help"] {
        assert!(!help.contains(english), "{english} in {help}");
    }
    assert!(
        help.contains("子命令：") && help.contains("显示帮助"),
        "{help}"
    );
}

#[test]
fn workdays_add_and_between_on_the_shipped_calendar() {
    let dir = Dir::new();
    let run = |args: &[&str]| {
        let out = disclosure()
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    assert_eq!(
        run(&["workdays", "add", "2026-09-30", "1"]).1,
        "2026-10-08\n"
    );
    assert_eq!(
        run(&["workdays", "between", "2025-01-27", "2025-02-05"]).1,
        "1\n"
    );
    let (code, out, err) = run(&["workdays", "add", "2030-01-01", "1"]);
    assert_eq!((code, out.as_str()), (Some(0), "2030-01-02\n"));
    assert!(err.contains("未载入 2030 年的节假日安排"), "{err}");
    let (code, _, err) = run(&["workdays", "add", "2026-13-01", "1"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("不是有效日期"), "{err}");
    assert!(
        !dir.path().join("disclosure.db").exists(),
        "no database created"
    );
}

#[test]
fn scan_uses_the_stored_sensitive_words_and_public_contacts_and_creates_no_database() {
    let dir = Dir::new();
    let b = crate::util::bureau(&dir);
    let mut store = b.store;
    disclosure_core::sensitive_words::set(&mut store, &b.admin, &["拆迁补偿明细".to_string()])
        .unwrap();
    disclosure_core::contacts::set(&mut store, &b.admin, &["咨询电话 0412-2221234".into()])
        .unwrap();
    drop(store);
    let file = dir.path().join("通知.txt");
    std::fs::write(
        &file,
        "附件：拆迁补偿明细\n咨询电话 0412-2221234，联系人电话 0412-2229876\n",
    )
    .unwrap();
    let (code, out, err) = run(&dir, &["scan", "--json", file.to_str().unwrap()], "");
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let found: Vec<(&str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["kind"].as_str().unwrap(), f["match"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("sensitive_word", "拆迁补偿明细"),
            ("landline", "0412-2229876")
        ],
        "the agency's own number is not reported: {out}"
    );

    let empty = Dir::new();
    let out = disclosure()
        .arg("scan")
        .arg(&file)
        .env("DISCLOSURE_DESK_DATA", empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("共发现 2 处"),
        "without a list, both numbers are reported"
    );
    assert!(!empty.path().join("disclosure.db").exists());
}
