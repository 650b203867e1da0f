//! A bureau's data directory, a server on it, and clients: the LAN tests' fixtures.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use disclosure_core::agency::{self, AgencyInput};
use disclosure_core::item::{self, ItemInput};
use disclosure_core::review::{self, Decision, DecisionInput};
use disclosure_core::staff::{self, NewStaff, Role, Staff};
use disclosure_core::{category, office, Store};

pub const PASSWORD: &str = "mima2026abc";

/// The people of the bureau, by name, as the sweep signs in.
pub const PEOPLE: &[&str] = &["管理员", "张伟", "赵处长", "审查员壬", "孙局长", "周发布"];

/// One audit-key folder for the test run (never the user's own).
pub fn key_dir() {
    static KEYS: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let t = tempfile::tempdir().expect("key dir");
        std::env::set_var(disclosure_core::audit::key::KEY_DIR_ENV, t.path());
        disclosure_core::audit::key::set_dir(t.path().to_path_buf());
        t
    });
}

fn office_id(store: &Store, name: &str) -> i64 {
    office::list(store, false)
        .unwrap()
        .into_iter()
        .find(|o| o.name == name)
        .unwrap()
        .id
}

fn person(store: &mut Store, admin: &Staff, name: &str, office: i64, roles: Vec<Role>) -> Staff {
    let added = staff::add(
        store,
        admin,
        &NewStaff {
            name: name.into(),
            office_id: office,
            roles,
        },
    )
    .unwrap();
    staff::change_password(store, &added.staff, &added.initial_password, PASSWORD).unwrap();
    staff::get(store, added.staff.id).unwrap()
}

pub fn draft_input(store: &Store, actor: &Staff, title: &str) -> ItemInput {
    let mut input = item::defaults(store, actor).unwrap();
    input.category_id = category::find(store, "通知公告").unwrap().id;
    input.title = title.into();
    input.summary = format!("{title}的内容概述。");
    input.topic = "教育".into();
    input.body_html = format!("<p>{title}正文。</p>");
    input
}

/// The bureau in `dir`: 管理员 (办公室), 起草人 张伟 (法规处), 处室负责人 赵处长 (法规处),
/// 保密审查员 审查员壬, 分管领导 孙局长, 发布员 and 依申请承办人 周发布 (办公室); item 1 a
/// draft of 张伟, item 2 submitted (at 赵处长's step), item 3 approved; one application.
pub fn bureau(dir: &Path) {
    key_dir();
    let mut s = Store::open(dir).unwrap();
    agency::bootstrap(
        &mut s,
        &AgencyInput {
            name: "鞍山市教育局".into(),
            short_name: "鞍山市教育局".into(),
            org_code: "11210300MB0000000X".into(),
            ..AgencyInput::default()
        },
    )
    .unwrap();
    let (fagui, bangong) = (office_id(&s, "法规处"), office_id(&s, "办公室"));
    let admin = staff::create_first_admin(&mut s, "管理员", bangong, PASSWORD).unwrap();
    let drafter = person(&mut s, &admin, "张伟", fagui, vec![Role::Drafter]);
    let head = person(&mut s, &admin, "赵处长", fagui, vec![Role::OfficeHead]);
    let reviewer = person(&mut s, &admin, "审查员壬", bangong, vec![Role::Reviewer]);
    let leader = person(&mut s, &admin, "孙局长", bangong, vec![Role::Leader]);
    let publisher = person(
        &mut s,
        &admin,
        "周发布",
        bangong,
        vec![Role::Publisher, Role::RequestHandler],
    );
    let mut id_of = |title: &str| {
        let input = draft_input(&s, &drafter, title);
        item::create(&mut s, &drafter, &input).unwrap().item.id
    };
    assert_eq!(id_of("草稿一"), 1);
    assert_eq!(id_of("送审二"), 2);
    assert_eq!(id_of("已批三"), 3);
    review::submit(&mut s, &drafter, 2).unwrap();
    review::submit(&mut s, &drafter, 3).unwrap();
    let approve = DecisionInput {
        decision: Decision::Approve,
        grounds: vec![],
        comment: "同意".into(),
    };
    for who in [&head, &reviewer, &leader] {
        review::decide(&mut s, who, 3, &approve).unwrap();
    }
    // An application for disclosure, registered by 周发布 (also 依申请承办人).
    let input =
        disclosure_core::request::input::from_json(REQUEST, chrono::Local::now().date_naive())
            .unwrap();
    disclosure_core::request::add(&mut s, &publisher, &input).unwrap();
}

/// The registration JSON of the bureau's one application.
pub const REQUEST: &str = r#"{"applicant_type":"自然人","name":"陈静","id_type":"居民身份证",
    "id_number":"11010519491231002X","contact":"13812345678","address":"鞍山市铁东区胜利路1号",
    "channel":"网络","received_on":"2026-11-02","description":"2025年全市义务教育招生计划",
    "form":"电子","delivery":"电子邮件"}"#;

/// Copies a data directory (closed) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// A server on `dir`, on a free port of 127.0.0.1, until dropped.
pub struct Server {
    pub base: String,
    pub fingerprint: String,
    pub ca_pem: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// A server without the UI's files (the API only).
    pub fn start(dir: &Path) -> Server {
        Server::start_with(dir, Some(dir.join("no-ui")))
    }

    pub fn start_with(dir: &Path, ui: Option<PathBuf>) -> Server {
        Server::start_config(dir, ui, None)
    }

    /// A server that also keeps the bundles it exports in `export_dir`.
    pub fn start_exporting(dir: &Path, export_dir: &Path) -> Server {
        Server::start_config(dir, Some(dir.join("no-ui")), Some(export_dir.to_path_buf()))
    }

    fn start_config(dir: &Path, ui: Option<PathBuf>, export_dir: Option<PathBuf>) -> Server {
        key_dir();
        let (tx, rx) = mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let config = disclosure_server::Config {
            listen: "127.0.0.1:0".parse().unwrap(),
            data_dir: dir.to_path_buf(),
            hosts: vec![],
            ui_dir: ui,
            export_dir,
        };
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Runtime::new().unwrap();
            let tx2 = tx.clone();
            let out = rt.block_on(disclosure_server::serve(
                config,
                move |s| {
                    let _ = tx2.send(Ok((s.address, s.fingerprint.clone())));
                },
                async {
                    let _ = stop_rx.await;
                },
            ));
            if let Err(e) = out {
                let _ = tx.send(Err(e.to_string()));
            }
        });
        let (address, fingerprint) = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server starts")
            .expect("the server starts");
        let ca_pem = std::fs::read_to_string(dir.join("server-tls/ca.pem")).unwrap();
        Server {
            base: format!("https://localhost:{}", address.port()),
            fingerprint,
            ca_pem,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }

    /// A client that trusts this server's CA only.
    pub fn client(&self) -> Client {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::blocking::Client::builder()
            .tls_certs_only([reqwest::Certificate::from_pem(self.ca_pem.as_bytes()).unwrap()])
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        Client {
            http,
            base: self.base.clone(),
            token: None,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// One desk's connection: its session token once signed in.
pub struct Client {
    pub http: reqwest::blocking::Client,
    pub base: String,
    pub token: Option<String>,
}

/// What a command answered: the status and the JSON.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: serde_json::Value,
    pub downloads: Vec<String>,
}

impl Answer {
    /// `ok`, `bad_args` (the arguments did not parse) or the error's code.
    pub fn outcome(&self) -> String {
        match self.status {
            200..=299 => "ok".into(),
            400 => "bad_args".into(),
            _ => self.body["code"].as_str().unwrap_or("?").to_string(),
        }
    }
}

impl Client {
    pub fn call(&self, command: &str, args: serde_json::Value) -> Answer {
        let mut req = self
            .http
            .post(format!("{}/api/{command}", self.base))
            .header("x-desk", "1")
            .json(&args);
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        let res = req.send().expect("the server answers");
        let status = res.status().as_u16();
        let downloads = res
            .headers()
            .get("x-desk-downloads")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(',').map(String::from).collect())
            .unwrap_or_default();
        let body = res.json().unwrap_or(serde_json::Value::Null);
        Answer {
            status,
            body,
            downloads,
        }
    }

    pub fn sign_in(&mut self, name: &str) {
        let mut req = self
            .http
            .post(format!("{}/api/session_sign_in", self.base))
            .header("x-desk", "1")
            .json(&serde_json::json!({ "name": name, "password": PASSWORD }));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        let res = req.send().unwrap();
        assert_eq!(res.status().as_u16(), 200, "{name} signs in");
        self.token = Some(res.headers()["x-desk-token"].to_str().unwrap().to_string());
    }

    pub fn get(&self, path: &str) -> reqwest::blocking::Response {
        let mut req = self.http.get(format!("{}{path}", self.base));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        req.send().unwrap()
    }
}
