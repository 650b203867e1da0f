//! The desktop app as a client of a LAN server (客户端 mode). The person enters the
//! server's address once and compares its certificate's fingerprint ([`probe`]); from then
//! on the app's window works on the server through a small proxy on this computer
//! ([`proxy`]): the window loads the app's own UI from it, in browser mode, and the proxy
//! passes `/api/…` to the server over HTTPS pinned to that fingerprint ([`pin`]), holding
//! the session's bearer token itself. So the window runs exactly the browser's code path
//! (the same commands, uploads, downloads and live events), while the certificate check
//! and the token stay in Rust. Everything here is Tauri-free and tested with the server.

pub mod pin;
pub mod proxy;

use std::time::Duration;

use disclosure_core::window::LanServer;
use disclosure_core::{Error, Result};
use reqwest::Url;

use crate::DEFAULT_PORT;

/// How long the client waits for a server to accept a connection.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The client's User-Agent: the server shows its sessions as 桌面客户端.
pub fn agent() -> String {
    format!("disclosure-desk/{}", env!("CARGO_PKG_VERSION"))
}

fn bad_address() -> Error {
    Error::invalid(
        "address",
        "服务器地址不对：请填写服务器的名称或 IP 地址，如 192.168.1.10 或 desk.jyj.local:8443。",
    )
}

/// The server's base URL from what the person typed: `host`, `host:port` or
/// `https://host[:port]`; the port is 8443 unless given. Plain HTTP is refused (the
/// client always speaks HTTPS).
pub fn server_url(typed: &str) -> Result<Url> {
    let typed = typed.trim().trim_end_matches('/');
    if typed.is_empty() {
        return Err(bad_address());
    }
    if typed.starts_with("http://") {
        return Err(Error::invalid(
            "address",
            "客户端只用 HTTPS 连接服务器：请去掉 http://，或改为 https://。",
        ));
    }
    let with_scheme = if typed.starts_with("https://") {
        typed.to_string()
    } else if typed.contains("://") {
        return Err(bad_address());
    } else {
        format!("https://{typed}")
    };
    let mut url = Url::parse(&with_scheme).map_err(|_| bad_address())?;
    if url.host_str().is_none_or(str::is_empty)
        || url.path() != "/"
        || url.query().is_some()
        || !url.username().is_empty()
    {
        return Err(bad_address());
    }
    // Without a port, the server's own (8443), not HTTPS's 443.
    if !has_explicit_port(typed) {
        url.set_port(Some(DEFAULT_PORT))
            .map_err(|()| bad_address())?;
    }
    Ok(url)
}

fn has_explicit_port(typed: &str) -> bool {
    let rest = typed.split_once("://").map_or(typed, |(_, r)| r);
    match rest.rsplit_once(']') {
        Some((_, tail)) => tail.starts_with(':'),
        None => rest.contains(':'),
    }
}

/// `https://host:port` of a base URL (what the person sees and the app stores).
pub fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// An HTTP client that trusts exactly `verifier`.
pub fn http(verifier: &std::sync::Arc<pin::Pinned>) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .tls_backend_preconfigured(verifier.config())
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(agent())
        .no_proxy()
        .build()
        .map_err(|e| Error::io("准备连接", std::io::Error::other(e.to_string())))
}

/// The first look at a server: its certificate's fingerprint (seen in the TLS handshake,
/// not taken from anything the server says) and its version. With `pin`, the server must
/// show that certificate.
pub async fn probe(url: &Url, pin: Option<&str>) -> Result<LanServer> {
    let verifier = pin::Pinned::new(pin);
    let client = http(&verifier)?;
    let health = url.join("/api/health").map_err(|_| bad_address())?;
    let res = tokio::time::timeout(
        CONNECT_TIMEOUT * 2,
        client.get(health).header("x-desk", "1").send(),
    )
    .await
    .map_err(|_| unreachable(url, "服务器没有回应"))?;
    let res = match res {
        Ok(r) => r,
        Err(_) if verifier.changed() => return Err(changed()),
        Err(e) if e.is_connect() && verifier.seen().is_none() => {
            return Err(unreachable(url, "连接被拒绝或找不到这台电脑"))
        }
        Err(_) => return Err(unreachable(url, "不是 HTTPS 服务，或连接中断")),
    };
    let body = res.bytes().await.map_err(|_| not_ours(url))?;
    let body: serde_json::Value = serde_json::from_slice(&body).map_err(|_| not_ours(url))?;
    let version = body
        .get("version")
        .and_then(|v| v.as_str())
        .ok_or_else(|| not_ours(url))?;
    let fingerprint = verifier.seen().ok_or_else(|| not_ours(url))?;
    Ok(LanServer {
        address: origin(url),
        fingerprint,
        version: version.to_string(),
        connected: false,
        entry: None,
    })
}

fn unreachable(url: &Url, why: &str) -> Error {
    Error::invalid(
        "address",
        format!(
            "连不上服务器 {}（{why}）：请确认地址和端口，以及服务器已经启动（disclosure serve）。",
            origin(url)
        ),
    )
}

fn not_ours(url: &Url) -> Error {
    Error::invalid(
        "address",
        format!(
            "{} 不是政务公开工作台的服务器：请向信息中心确认地址和端口。",
            origin(url)
        ),
    )
}

/// The server showed another certificate than the one the person confirmed.
pub fn changed() -> Error {
    Error::invalid("certificate_changed", CHANGED)
}

/// What the person is told when the certificate changed.
pub const CHANGED: &str = "服务器的证书与第一次连接时核对的不一样，已停止连接：可能有人冒充服务器，也可能是服务器换了证书。请先向信息中心核实新的指纹，再到 设置 → 局域网 重新连接。";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_as_people_type_them() {
        let u = |s: &str| server_url(s).map(|u| origin(&u));
        assert_eq!(u("192.168.1.10").unwrap(), "https://192.168.1.10:8443");
        assert_eq!(
            u(" desk.jyj.local:9443/ ").unwrap(),
            "https://desk.jyj.local:9443"
        );
        assert_eq!(
            u("https://desk.jyj.local").unwrap(),
            "https://desk.jyj.local:8443"
        );
        assert_eq!(
            u("https://desk.jyj.local:443").unwrap(),
            "https://desk.jyj.local"
        );
        assert_eq!(u("[fe80::1]").unwrap(), "https://[fe80::1]:8443");
        assert_eq!(u("[fe80::1]:9000").unwrap(), "https://[fe80::1]:9000");
        for bad in [
            "",
            "http://desk",
            "ftp://desk",
            "desk/path",
            "a b",
            "user@desk",
        ] {
            assert!(u(bad).is_err(), "{bad}");
        }
        let e = server_url("http://desk").unwrap_err().to_string();
        assert!(e.contains("HTTPS"), "{e}");
    }
}
