//! The bench's fixtures: the demo bureau, `disclosure serve` as a child process, and one
//! desk's HTTPS session.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use disclosure_core::staff::{self, Role};
use disclosure_core::Store;
use serde_json::{json, Value};

/// A person of the demo bureau.
#[derive(Clone)]
pub struct Person {
    pub name: String,
    pub drafter: bool,
    pub decides: bool,
    pub publisher: bool,
}

/// Demo data (`gen-demo`'s generator) in `dir`: the people and their password.
pub fn seed(dir: &Path, items: usize) -> (Vec<Person>, String) {
    let mut s = Store::open(dir).unwrap();
    let report = disclosure_core::demo::generate(&mut s, items, 7).unwrap();
    let people = staff::list(&s)
        .unwrap()
        .into_iter()
        .filter(|p| p.active && !p.roles.contains(&Role::Admin))
        .map(|p| Person {
            drafter: p.roles.contains(&Role::Drafter),
            decides: p
                .roles
                .iter()
                .any(|r| matches!(r, Role::OfficeHead | Role::Reviewer | Role::Leader)),
            publisher: p.roles.contains(&Role::Publisher),
            name: p.name,
        })
        .collect();
    (people, report.password)
}

/// `disclosure serve` as a child process, on a free port.
pub struct Server {
    child: Child,
    pub base: String,
    ca: Vec<u8>,
}

impl Server {
    pub fn spawn(bin: &Path, dir: &Path) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = std::fs::File::create(dir.with_extension("serve.log")).unwrap();
        let child = Command::new(bin)
            .args(["--data-dir"])
            .arg(dir)
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .expect("start disclosure serve");
        let base = format!("https://localhost:{port}");
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let ca = std::fs::read(dir.join("server-tls/ca.pem")).unwrap();
        Server { child, base, ca }
    }

    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .tls_certs_only([reqwest::Certificate::from_pem(&self.ca).unwrap()])
            // A 1 GB export answers when its bundle is built.
            .timeout(Duration::from_secs(600))
            .build()
            .unwrap()
    }

    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }

    pub fn kill9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One desk: a session on the server.
pub struct Desk {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Desk {
    pub async fn sign_in(
        http: reqwest::Client,
        base: &str,
        name: &str,
        password: &str,
    ) -> Option<Desk> {
        let res = http
            .post(format!("{base}/api/session_sign_in"))
            .header("x-desk", "1")
            .json(&json!({ "name": name, "password": password }))
            .send()
            .await
            .ok()?;
        let token = res
            .headers()
            .get("x-desk-token")?
            .to_str()
            .ok()?
            .to_string();
        Some(Desk {
            http,
            base: base.into(),
            token,
        })
    }

    /// The status (0: no answer) and the JSON.
    pub async fn call(&self, cmd: &str, args: Value) -> (u16, Value) {
        let res = self
            .http
            .post(format!("{}/api/{cmd}", self.base))
            .header("x-desk", "1")
            .bearer_auth(&self.token)
            .json(&args)
            .send()
            .await;
        match res {
            Ok(r) => {
                let status = r.status().as_u16();
                (status, r.json().await.unwrap_or(Value::Null))
            }
            Err(_) => (0, Value::Null),
        }
    }
}

/// Approved items whose attachments together make an export of about `mb` MB: drafts by a
/// drafter of the demo bureau, each with a 100 MB file of random bytes (nothing for the
/// bundle's compression to save), submitted and approved step by step by whoever of the
/// bureau may decide each step — as people would, through the core's rules. Returns the
/// bytes attached.
pub fn large_export(dir: &Path, mb: u64) -> u64 {
    use disclosure_core::review::{self, Decision, DecisionInput};
    use disclosure_core::{category, item};
    const PART_MB: u64 = 100;
    let mut s = Store::open(dir).unwrap();
    let people = staff::list(&s).unwrap();
    let drafter = people
        .iter()
        .find(|p| p.active && p.roles.contains(&Role::Drafter))
        .expect("a drafter")
        .clone();
    let deciders: Vec<_> = people
        .iter()
        .filter(|p| {
            p.active
                && p.id != drafter.id
                && p.roles
                    .iter()
                    .any(|r| matches!(r, Role::OfficeHead | Role::Reviewer | Role::Leader))
        })
        .cloned()
        .collect();
    let files = tempfile::tempdir().unwrap();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut attached = 0;
    let approve = DecisionInput {
        decision: Decision::Approve,
        grounds: vec![],
        comment: "同意".into(),
    };
    for k in 0..mb.div_ceil(PART_MB) {
        let mut input = item::defaults(&s, &drafter).unwrap();
        input.category_id = category::find(&s, "通知公告").unwrap().id;
        input.title = format!("大附件导出测试 {}", k + 1);
        input.summary = "附件为 100 MB 的数据文件。".into();
        input.topic = "教育".into();
        input.body_html = "<p>见附件。</p>".into();
        let id = item::create(&mut s, &drafter, &input).unwrap().item.id;
        let path = files.path().join(format!("数据{}.dat", k + 1));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let mut block = vec![0u8; 1 << 20];
        for _ in 0..PART_MB {
            for chunk in block.chunks_mut(8) {
                // xorshift64*: fast, and incompressible enough for deflate.
                state ^= state >> 12;
                state ^= state << 25;
                state ^= state >> 27;
                let v = state.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes();
                chunk.copy_from_slice(&v[..chunk.len()]);
            }
            std::io::Write::write_all(&mut out, &block).unwrap();
        }
        drop(out);
        item::add_attachments(&mut s, &drafter, id, std::slice::from_ref(&path)).unwrap();
        std::fs::remove_file(&path).unwrap();
        attached += PART_MB << 20;
        review::submit(&mut s, &drafter, id).unwrap();
        // The scanner cannot read a data file: a reviewer looks at it and accepts it, with
        // the reason, as the review of such a file goes.
        let reviewer = deciders
            .iter()
            .find(|p| p.roles.contains(&Role::Reviewer))
            .expect("a reviewer");
        let accept = review::Settlement {
            kind: review::SettlementKind::Accepted,
            note: "基准测试的数据文件，经核对可以公开。".into(),
        };
        for f in review::findings(&s, id).unwrap() {
            if let Some(fid) = f.id {
                review::settle(&mut s, reviewer, id, fid, &accept).unwrap();
            }
        }
        // Each step by the first person it accepts (the office's head, a reviewer, …).
        for _ in 0..6 {
            if item::get(&s, id).unwrap().status == item::Status::Approved {
                break;
            }
            let mut why = Vec::new();
            let decided = deciders
                .iter()
                .any(|p| match review::decide(&mut s, p, id, &approve) {
                    Ok(_) => true,
                    Err(e) => {
                        why.push(format!("{}：{e}", p.name));
                        false
                    }
                });
            assert!(decided, "nobody could decide item {id}'s step: {why:?}");
        }
        assert_eq!(item::get(&s, id).unwrap().status, item::Status::Approved);
    }
    attached
}
