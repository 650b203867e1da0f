//! The desktop client's proxy: on `127.0.0.1` (a port of its own), it serves the app's UI
//! and passes `/api/…` to the LAN server over pinned HTTPS. The window enters through
//! [`Proxy::entry`] (a secret made at start): that sets an HttpOnly cookie every later
//! request must carry, so another program or person on this computer cannot use the
//! proxy — or the session it holds. The session's token never reaches the page: the proxy
//! takes it from the sign-in's answer, strips the server's cookie and sends the token as
//! `Authorization: Bearer`. A request from another origin than the proxy's own page is
//! refused before it is passed on (the server's own Origin check sees the proxy).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use disclosure_core::{Error, Result};
use futures_util::TryStreamExt;
use reqwest::Url;
use sha2::{Digest, Sha256};

use super::pin::Pinned;
use crate::routes::{fail, CSRF_HEADER, UI_POLICY};

/// One of the app's UI files: its bytes and MIME type (the app's embedded assets).
pub type Asset = (Vec<u8>, String);
/// Finds a UI file by its path (`index.html`, `assets/…`).
pub type Assets = Arc<dyn Fn(&str) -> Option<Asset> + Send + Sync>;

/// The proxy's own cookie (the secret) and the page's sign that it runs as a client.
const GUARD_COOKIE: &str = "desk_proxy";
pub const CLIENT_COOKIE: &str = "desk_client";

/// The request headers passed to the server; everything else (cookies above all) stays.
const PASSED: [&str; 8] = [
    "content-type",
    "accept",
    "x-desk",
    "x-desk-version",
    "x-desk-upload",
    "x-desk-file-name",
    "last-event-id",
    "cache-control",
];
/// The answer's headers the page never sees: the session is the proxy's.
const HELD: [&str; 3] = ["set-cookie", "x-desk-token", "transfer-encoding"];

/// What the proxy is started with.
pub struct Settings {
    /// The server's base URL (`https://host:port/`).
    pub server: Url,
    /// The certificate's fingerprint the person confirmed.
    pub fingerprint: String,
    pub assets: Assets,
    /// Called when the page asks to disconnect (设置 → 局域网 → 断开连接).
    pub on_forget: Arc<dyn Fn() + Send + Sync>,
    /// The server is this computer's own (本机作为服务器): the address the others use;
    /// 断开 then stops serving.
    pub here: Option<String>,
}

struct Shared {
    server: Url,
    fingerprint: String,
    secret: String,
    origin: String,
    verifier: Arc<Pinned>,
    http: reqwest::Client,
    token: Mutex<Option<String>>,
    assets: Assets,
    on_forget: Arc<dyn Fn() + Send + Sync>,
    here: Option<String>,
}

/// A running proxy (it stops with the runtime it was started on).
pub struct Proxy {
    pub address: SocketAddr,
    secret: String,
}

impl Proxy {
    /// The window's first page: sets the guard cookie, then the UI.
    pub fn entry(&self) -> String {
        format!("http://{}/__desk/enter?k={}", self.address, self.secret)
    }

    /// `http://127.0.0.1:port`, the page's origin.
    pub fn origin(&self) -> String {
        format!("http://{}", self.address)
    }
}

/// Starts the proxy on a free port of `127.0.0.1`, on the current Tokio runtime.
pub async fn start(settings: Settings) -> Result<Proxy> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .map_err(|e| Error::io("准备连接服务器", e))?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::io("准备连接服务器", e))?;
    let secret = crate::sessions::random_hex();
    let verifier = Pinned::new(Some(&settings.fingerprint));
    let shared = Arc::new(Shared {
        http: super::http(&verifier)?,
        server: settings.server,
        fingerprint: settings.fingerprint,
        secret: secret.clone(),
        origin: format!("http://{address}"),
        verifier,
        token: Mutex::new(None),
        assets: settings.assets,
        on_forget: settings.on_forget,
        here: settings.here,
    });
    let app = Router::new()
        .route("/__desk/enter", get(enter))
        .route("/__desk/info", get(info))
        .route("/__desk/forget", post(forget))
        .route("/api/{*rest}", get(pass).post(pass))
        .route("/ca.crt", get(pass))
        .fallback(asset)
        .with_state(shared);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            log::error!("the client's proxy stopped: {e}");
        }
    });
    Ok(Proxy { address, secret })
}

#[derive(serde::Deserialize)]
struct Enter {
    k: String,
}

fn same(a: &str, b: &str) -> bool {
    // Compared as hashes: no early exit on the first differing byte.
    Sha256::digest(a.as_bytes()) == Sha256::digest(b.as_bytes())
}

async fn enter(State(p): State<Arc<Shared>>, Query(q): Query<Enter>) -> Response {
    if !same(&q.k, &p.secret) {
        return refused();
    }
    // Lax, not Strict: the window arrives here from the app's own page (another site), and
    // a Strict cookie would be withheld from the redirect's request. Nothing but this
    // window can navigate to the proxy, and every POST must still come from its origin.
    let guard = format!(
        "{GUARD_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax",
        p.secret
    );
    let client = format!("{CLIENT_COOKIE}=1; Path=/; SameSite=Lax");
    let mut res = (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response();
    for c in [guard, client] {
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

fn refused() -> Response {
    fail(
        StatusCode::FORBIDDEN,
        "forbidden",
        "请从政务公开工作台的窗口使用本连接。",
    )
}

/// Whether the request comes from the window (the guard cookie), and, when it names an
/// origin, from the proxy's own page.
fn allowed(p: &Shared, headers: &HeaderMap) -> bool {
    let guarded = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .any(|(k, v)| k == GUARD_COOKIE && same(v, &p.secret));
    let own_origin = headers
        .get(header::ORIGIN)
        .is_none_or(|o| o.to_str().is_ok_and(|o| o == p.origin));
    guarded && own_origin
}

async fn info(State(p): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if !allowed(&p, &headers) {
        return refused();
    }
    axum::Json(serde_json::json!({
        "server": super::origin(&p.server),
        "fingerprint": p.fingerprint,
        "here": p.here,
    }))
    .into_response()
}

async fn forget(State(p): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if !allowed(&p, &headers) || headers.get(CSRF_HEADER).is_none() {
        return refused();
    }
    (p.on_forget)();
    StatusCode::NO_CONTENT.into_response()
}

async fn asset(State(p): State<Arc<Shared>>, req: Request) -> Response {
    if req.method() != Method::GET || !allowed(&p, req.headers()) {
        return refused();
    }
    let path = req.uri().path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    match (p.assets)(path) {
        Some((bytes, mime)) => (
            [
                (header::CONTENT_TYPE, mime),
                (header::CONTENT_SECURITY_POLICY, UI_POLICY.to_string()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            ],
            bytes,
        )
            .into_response(),
        None => fail(StatusCode::NOT_FOUND, "not_found", "没有这个页面。"),
    }
}

/// Passes one request to the server and its answer back, both streamed.
async fn pass(State(p): State<Arc<Shared>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    if !allowed(&p, &parts.headers) {
        return refused();
    }
    let path = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
    let Ok(url) = p.server.join(path) else {
        return fail(StatusCode::BAD_REQUEST, "invalid", "请求地址不对。");
    };
    let mut out = p.http.request(parts.method.clone(), url);
    for name in PASSED {
        if let Some(v) = parts.headers.get(name) {
            out = out.header(name, v);
        }
    }
    if parts.headers.contains_key(header::ORIGIN) {
        out = out.header(header::ORIGIN, super::origin(&p.server));
    }
    let token = p.token.lock().unwrap_or_else(|e| e.into_inner()).clone();
    if let Some(token) = token {
        out = out.bearer_auth(token);
    }
    if parts.method == Method::POST {
        out = out.body(reqwest::Body::wrap_stream(body.into_data_stream()));
    }
    let res = match out.send().await {
        Ok(res) => res,
        Err(e) => {
            if p.verifier.changed() {
                return fail(
                    StatusCode::BAD_GATEWAY,
                    "certificate_changed",
                    super::CHANGED,
                );
            }
            log::warn!("the server did not answer: {e}");
            return fail(
                StatusCode::BAD_GATEWAY,
                "offline",
                "连接不上服务器，请检查网络；正在编辑的内容不会丢失。",
            );
        }
    };
    hold_session(&p, res.headers());
    let mut back = Response::builder().status(res.status().as_u16());
    for (name, value) in res.headers() {
        if HELD.contains(&name.as_str()) {
            continue;
        }
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_str().as_bytes()),
            HeaderValue::from_bytes(value.as_bytes()),
        ) {
            back = back.header(n, v);
        }
    }
    let stream = res.bytes_stream().map_err(std::io::Error::other);
    back.body(Body::from_stream(stream))
        .unwrap_or_else(|_| fail(StatusCode::BAD_GATEWAY, "offline", "服务器的回答不完整。"))
}

/// A sign-in's token is kept; a sign-out's emptied cookie forgets it.
fn hold_session(p: &Shared, headers: &reqwest::header::HeaderMap) {
    let mut token = p.token.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(t) = headers.get("x-desk-token").and_then(|v| v.to_str().ok()) {
        *token = Some(t.to_string());
        return;
    }
    let ended = headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|c| c.starts_with(&format!("{}=;", crate::routes::COOKIE)));
    if ended {
        *token = None;
    }
}
