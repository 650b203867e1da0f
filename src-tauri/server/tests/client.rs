//! The desktop client's side (`disclosure_server::client`): the first look at a server
//! and its fingerprint, and the proxy the app's window works through — guarded by its
//! secret, holding the session itself, refusing a changed certificate.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use disclosure_server::client::{self, proxy};
use serde_json::json;

use crate::harness::{self, Server, PASSWORD};

fn runtime() -> tokio::runtime::Runtime {
    // The tests' own plain-HTTP clients need a provider; the client's pinned one brings its own.
    let _ = rustls::crypto::ring::default_provider().install_default();
    tokio::runtime::Runtime::new().unwrap()
}

fn address(server: &Server) -> String {
    server.base.trim_start_matches("https://").to_string()
}

#[test]
fn the_first_look_shows_the_certificate_the_server_really_has() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let server = Server::start(dir.path());
    let rt = runtime();
    let url = client::server_url(&address(&server)).unwrap();

    let seen = rt.block_on(client::probe(&url, None)).unwrap();
    assert_eq!(seen.fingerprint, server.fingerprint);
    assert_eq!(seen.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(seen.address, server.base);
    assert!(!seen.connected);

    // The pinned certificate is accepted however the fingerprint was typed…
    let typed = server.fingerprint.replace(':', "").to_lowercase();
    assert!(rt.block_on(client::probe(&url, Some(&typed))).is_ok());
    // …and another is refused, saying so.
    let other = "AB:".repeat(31) + "AB";
    let e = rt.block_on(client::probe(&url, Some(&other))).unwrap_err();
    assert!(e.to_string().contains("证书"), "{e}");

    // Nobody listening: a clear message, quickly.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let url = client::server_url(&format!("127.0.0.1:{port}")).unwrap();
    let e = rt.block_on(client::probe(&url, None)).unwrap_err();
    assert!(e.to_string().contains("连不上服务器"), "{e}");
}

struct Window {
    http: reqwest::blocking::Client,
    origin: String,
    cookie: String,
}

impl Window {
    fn enter(entry: &str, origin: &str) -> Window {
        let http = reqwest::blocking::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        let res = http.get(entry).send().unwrap();
        assert_eq!(res.status().as_u16(), 303);
        let cookie = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("; ");
        assert!(cookie.contains("desk_proxy="), "{cookie}");
        assert!(cookie.contains("desk_client=1"), "{cookie}");
        Window {
            http,
            origin: origin.to_string(),
            cookie,
        }
    }

    fn call(&self, command: &str, args: serde_json::Value) -> reqwest::blocking::Response {
        self.http
            .post(format!("{}/api/{command}", self.origin))
            .header("cookie", &self.cookie)
            .header("origin", &self.origin)
            .header("x-desk", "1")
            .header("x-desk-version", env!("CARGO_PKG_VERSION"))
            .json(&args)
            .send()
            .unwrap()
    }
}

fn start_proxy(
    rt: &tokio::runtime::Runtime,
    server: &Server,
    fingerprint: &str,
) -> (proxy::Proxy, Arc<AtomicBool>) {
    let forgotten = Arc::new(AtomicBool::new(false));
    let flag = forgotten.clone();
    let settings = proxy::Settings {
        server: client::server_url(&address(server)).unwrap(),
        fingerprint: fingerprint.to_string(),
        assets: Arc::new(|path: &str| {
            (path == "index.html").then(|| (b"<html>desk</html>".to_vec(), "text/html".into()))
        }),
        on_forget: Arc::new(move || flag.store(true, Ordering::SeqCst)),
        here: None,
    };
    (rt.block_on(proxy::start(settings)).unwrap(), forgotten)
}

#[test]
fn the_window_works_on_the_server_through_its_proxy_and_nobody_else_can() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let server = Server::start(dir.path());
    let rt = runtime();
    let (proxy, forgotten) = start_proxy(&rt, &server, &server.fingerprint);
    let origin = proxy.origin();

    // Without the window's secret: nothing, not even the page.
    let stranger = reqwest::blocking::Client::new();
    for path in ["/", "/api/health", "/__desk/info"] {
        let res = stranger.get(format!("{origin}{path}")).send().unwrap();
        assert_eq!(res.status().as_u16(), 403, "{path}");
    }
    let wrong = stranger
        .get(format!("{origin}/__desk/enter?k=guess"))
        .send()
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 403);

    let w = Window::enter(&proxy.entry(), &origin);
    let page = w
        .http
        .get(format!("{origin}/"))
        .header("cookie", &w.cookie)
        .send()
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert!(page
        .headers()
        .get("content-security-policy")
        .is_some_and(|v| v.to_str().unwrap().contains("connect-src 'self'")));
    assert_eq!(page.text().unwrap(), "<html>desk</html>");

    // Signing in: the token stays in the proxy, the page gets no cookie or token.
    let res = w.call(
        "session_sign_in",
        json!({"name": "张伟", "password": PASSWORD}),
    );
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.headers().get("set-cookie").is_none());
    assert!(res.headers().get("x-desk-token").is_none());
    let me: serde_json::Value = w.call("session_get", json!({})).json().unwrap();
    assert_eq!(me["user"]["name"], "张伟");

    // The server lists the session as the desktop client's.
    let mut admin = server.client();
    admin.sign_in("管理员");
    let status = admin.call("lan_status", json!({}));
    let sessions = status.body["sessions"].as_array().unwrap().clone();
    assert!(
        sessions
            .iter()
            .any(|s| s["staff_name"] == "张伟" && s["program"] == "桌面客户端"),
        "{sessions:?}"
    );

    // A page of another site (or a program without the secret) cannot ride the session.
    let forged = w
        .http
        .post(format!("{origin}/api/session_get"))
        .header("cookie", &w.cookie)
        .header("origin", "https://evil.example")
        .header("x-desk", "1")
        .json(&json!({}))
        .send()
        .unwrap();
    assert_eq!(forged.status().as_u16(), 403);
    let bare = stranger
        .post(format!("{origin}/api/session_get"))
        .header("x-desk", "1")
        .json(&json!({}))
        .send()
        .unwrap();
    assert_eq!(bare.status().as_u16(), 403);

    // An upload streams through; the event stream opens.
    let up = w
        .http
        .post(format!("{origin}/api/upload"))
        .header("cookie", &w.cookie)
        .header("origin", &origin)
        .header("x-desk", "1")
        .header("x-desk-file-name", "%E9%99%84%E4%BB%B6.txt")
        .body(vec![b'x'; 300_000])
        .send()
        .unwrap();
    assert_eq!(up.status().as_u16(), 200, "{:?}", up.text());
    let events = w
        .http
        .get(format!("{origin}/api/events"))
        .header("cookie", &w.cookie)
        .send()
        .unwrap();
    assert_eq!(events.status().as_u16(), 200);
    assert!(events.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    drop(events);

    // Signing out forgets the token.
    assert_eq!(w.call("session_sign_out", json!({})).status().as_u16(), 200);
    let me: serde_json::Value = w.call("session_get", json!({})).json().unwrap();
    assert!(me["user"].is_null(), "{me}");

    // 断开连接: only from the window, with the CSRF header.
    let res = w
        .http
        .post(format!("{origin}/__desk/forget"))
        .header("cookie", &w.cookie)
        .send()
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    assert!(!forgotten.load(Ordering::SeqCst));
    let res = w
        .http
        .post(format!("{origin}/__desk/forget"))
        .header("cookie", &w.cookie)
        .header("x-desk", "1")
        .send()
        .unwrap();
    assert_eq!(res.status().as_u16(), 204);
    assert!(forgotten.load(Ordering::SeqCst));
}

#[test]
fn a_changed_certificate_or_a_server_away_is_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let server = Server::start(dir.path());
    let rt = runtime();

    let (proxy, _) = start_proxy(&rt, &server, &("AB:".repeat(31) + "AB"));
    let w = Window::enter(&proxy.entry(), &proxy.origin());
    let res = w.call(
        "session_sign_in",
        json!({"name": "张伟", "password": PASSWORD}),
    );
    assert_eq!(res.status().as_u16(), 502);
    let body: serde_json::Value = res.json().unwrap();
    assert_eq!(body["code"], "certificate_changed");
    assert!(body["message"].as_str().unwrap().contains("冒充"));

    let (proxy, _) = start_proxy(&rt, &server, &server.fingerprint);
    let w = Window::enter(&proxy.entry(), &proxy.origin());
    drop(server);
    let res = w.call("session_get", json!({}));
    assert_eq!(res.status().as_u16(), 502);
    let body: serde_json::Value = res.json().unwrap();
    assert_eq!(body["code"], "offline");
}
