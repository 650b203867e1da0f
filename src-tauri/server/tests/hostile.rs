//! A server on the LAN meets clients that are broken or hostile: bad JSON, unknown
//! commands, huge bodies, missing CSRF headers, another site's pages, slow clients,
//! password guessing. Each gets a 4xx answer (or is cut off) and the server carries on.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::harness::{self, Server, PASSWORD};

fn post_raw(
    server: &Server,
    path: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> (u16, serde_json::Value) {
    let c = server.client();
    let mut req = c.http.post(format!("{}{path}", c.base)).body(body);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().unwrap();
    let status = res.status().as_u16();
    (status, res.json().unwrap_or_default())
}

#[test]
fn bad_requests_get_clear_4xx_answers() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let server = Server::start(dir.path());
    let mut c = server.client();
    c.sign_in("张伟");
    let token = c.token.clone().unwrap();
    let bearer = format!("Bearer {token}");
    let auth = [("x-desk", "1"), ("authorization", bearer.as_str())];

    let (s, b) = post_raw(&server, "/api/item_get", &auth, b"{not json".to_vec());
    assert_eq!(s, 400);
    assert!(b["message"].as_str().unwrap().contains("参数不正确"), "{b}");
    let (s, _) = post_raw(
        &server,
        "/api/item_get",
        &auth,
        br#"{"id": 1, "extra": 2}"#.to_vec(),
    );
    assert_eq!(s, 400);
    let (s, _) = post_raw(
        &server,
        "/api/item_get",
        &auth,
        br#"{"id": "one"}"#.to_vec(),
    );
    assert_eq!(s, 400);
    let (s, b) = post_raw(&server, "/api/no_such_command", &auth, b"{}".to_vec());
    assert_eq!((s, b["code"].as_str()), (404, Some("not_found")));
    let (s, _) = post_raw(&server, "/api/item_get", &auth, vec![b' '; 5 * 1024 * 1024]);
    assert_eq!(s, 413);
    // No CSRF header: refused before anything runs, signed in or not.
    let (s, b) = post_raw(
        &server,
        "/api/item_get",
        &[("authorization", bearer.as_str())],
        br#"{"id":1}"#.to_vec(),
    );
    assert_eq!((s, b["code"].as_str()), (403, Some("forbidden")));
    // Another site's page in the person's browser.
    let (s, _) = post_raw(
        &server,
        "/api/item_get",
        &[
            ("x-desk", "1"),
            ("authorization", bearer.as_str()),
            ("origin", "https://evil.example"),
        ],
        br#"{"id":1}"#.to_vec(),
    );
    assert_eq!(s, 403);
    // Paths of the server are never taken from a client.
    let a = c.call(
        "item_add_attachments",
        json!({ "id": 1, "paths": ["/etc/passwd"] }),
    );
    assert_eq!(a.status, 403);
    let a = c.call("bundle_verify", json!({ "path": "/etc/passwd" }));
    assert_eq!(a.status, 403);
    // The UI's files are not needed for the API; without them the page says so.
    assert_eq!(c.get("/").status().as_u16(), 503);
    // Still serving.
    assert_eq!(c.call("item_get", json!({ "id": 1 })).status, 200);
}

#[test]
fn password_guessing_from_one_address_is_held_back() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let server = Server::start(dir.path());
    let c = server.client();
    // Different accounts, so no account's own lock-out is reached first.
    for i in 0..10 {
        let a = c.call(
            "session_sign_in",
            json!({ "name": format!("无此人{i}"), "password": "guess" }),
        );
        assert_ne!(a.status, 200);
        assert_ne!(a.status, 429, "attempt {i}");
    }
    let a = c.call(
        "session_sign_in",
        json!({ "name": "张伟", "password": PASSWORD }),
    );
    assert_eq!(a.status, 429, "{:?}", a.body);
    assert!(a.body["message"].as_str().unwrap().contains("分钟后再试"));
}

/// A TLS connection that sends half a request head and then nothing: the server closes it.
#[test]
fn a_client_that_stalls_is_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let server = Server::start(dir.path());
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut roots = rustls::RootCertStore::empty();
    use rustls::pki_types::pem::PemObject;
    for cert in rustls::pki_types::CertificateDer::pem_slice_iter(server.ca_pem.as_bytes()) {
        roots.add(cert.unwrap()).unwrap();
    }
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let port: u16 = server.base.rsplit(':').next().unwrap().parse().unwrap();
    let tcp = TcpStream::connect(("127.0.0.1", port)).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let conn =
        rustls::ClientConnection::new(Arc::new(config), "localhost".try_into().unwrap()).unwrap();
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    tls.write_all(b"POST /api/item_get HTTP/1.1\r\nHost: localhost\r\n")
        .unwrap();
    let start = Instant::now();
    let mut buf = [0u8; 256];
    let n = tls.read(&mut buf).unwrap_or(0);
    let answered = String::from_utf8_lossy(&buf[..n]).to_string();
    assert!(
        n == 0 || answered.starts_with("HTTP/1.1 408"),
        "the stalled connection got: {answered}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(25),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn the_ui_is_served_and_nothing_outside_it() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let ui = dir.path().join("ui");
    std::fs::create_dir_all(ui.join("assets")).unwrap();
    std::fs::write(
        ui.join("index.html"),
        "<!doctype html><div id=\"app\"></div>",
    )
    .unwrap();
    std::fs::write(ui.join("assets/app.js"), "console.log(1)").unwrap();
    std::fs::write(dir.path().join("secret.txt"), "机密").unwrap();
    let server = Server::start_with(dir.path(), Some(ui));
    let c = server.client();
    let res = c.get("/");
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'self'"));
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    assert!(res.text().unwrap().contains("id=\"app\""));
    let res = c.get("/assets/app.js");
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    // Climbing out of the UI's folder gets the page, never the file.
    for path in [
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/.hidden",
    ] {
        let text = c.get(path).text().unwrap();
        assert!(!text.contains("机密"), "{path}");
    }
    // The CA certificate, for browsers to install.
    let res = c.get("/ca.crt");
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.text().unwrap().contains("BEGIN CERTIFICATE"));
}

#[test]
fn a_page_of_another_version_is_told_to_reload() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let server = Server::start(dir.path());
    let (s, b) = post_raw(
        &server,
        "/api/session_get",
        &[("x-desk", "1"), ("x-desk-version", "0.0.1")],
        b"{}".to_vec(),
    );
    assert_eq!((s, b["code"].as_str()), (409, Some("version_mismatch")));
    assert!(b["message"].as_str().unwrap().contains("刷新页面"));
    let ours = env!("CARGO_PKG_VERSION");
    let (s, _) = post_raw(
        &server,
        "/api/session_get",
        &[("x-desk", "1"), ("x-desk-version", ours)],
        b"{}".to_vec(),
    );
    assert_eq!(s, 200);
    // The UI sends its package.json version: the same as the crates'.
    let pkg: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../ui/package.json"
        ))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        pkg["version"], ours,
        "ui/package.json and Cargo.toml disagree on the version"
    );
}
