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
            .timeout(Duration::from_secs(120))
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
