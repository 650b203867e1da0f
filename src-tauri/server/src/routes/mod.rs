//! The HTTP side: `POST /api/<command>` (the command table, JSON in and out), sign-in
//! cookies and tokens, CSRF, uploads and downloads, the event stream, the CA certificate
//! and the UI's files. Who may run which command is the core's decision; here only what
//! the network adds: no session → 401 (except sign-in, health and the static UI), no CSRF
//! header → 403, first-run setup only from the server itself, paths on the server never
//! taken from a client, sign-in attempts limited per address.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Request, State as With};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::sessions::Client;
use crate::state::State;

mod command;
pub mod files;

use command::command;
use files::{download, download_named, events, static_file, upload};

/// The header every `POST` must carry (a page of another site cannot send it without the
/// server's consent, which it never gives): the CSRF guard.
pub const CSRF_HEADER: &str = "x-desk";
/// The browser's session cookie.
pub const COOKIE: &str = "desk_session";
/// The answer header with a new session's token, for the desktop client.
pub const TOKEN_HEADER: &str = "x-desk-token";
/// The request header naming the uploads (comma-separated) a command is to use as its
/// picked files.
pub const UPLOAD_HEADER: &str = "x-desk-upload";
/// The request header with the client's version (the UI's `package.json`, the app's crate).
pub const VERSION_HEADER: &str = "x-desk-version";
/// The answer header listing downloads a command made (URLs, comma-separated).
pub const DOWNLOADS_HEADER: &str = "x-desk-downloads";

/// A command's JSON arguments: at most 4 MiB. An upload: at most 1 GiB.
pub(crate) const COMMAND_LIMIT: usize = 4 * 1024 * 1024;
pub(crate) const UPLOAD_LIMIT: usize = 1024 * 1024 * 1024;
/// A client must send its arguments within this.
pub(crate) const BODY_TIMEOUT: Duration = Duration::from_secs(30);

pub fn router(state: Arc<State>) -> Router {
    Router::new()
        .route("/api/health", get(health))
        .route("/ca.crt", get(ca_cert))
        .route("/api/events", get(events))
        .route(
            "/api/upload",
            post(upload).layer(DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route("/api/download/{token}", get(download))
        .route("/api/download/{token}/{name}", get(download_named))
        .route(
            "/api/{command}",
            post(command).layer(DefaultBodyLimit::max(COMMAND_LIMIT)),
        )
        .fallback(static_file)
        .layer(middleware::from_fn(guard))
        .with_state(state)
}

/// A JSON error as the window's commands answer: `{code, message}`.
pub(crate) fn fail(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({ "code": code, "message": message }))).into_response()
}

/// The status for a core error.
fn status_of(e: &disclosure_core::Error) -> StatusCode {
    match e.code() {
        "unauthenticated" | "session_locked" => StatusCode::UNAUTHORIZED,
        "forbidden" | "must_change_password" | "step_up_required" => StatusCode::FORBIDDEN,
        "not_found" => StatusCode::NOT_FOUND,
        "conflict" | "locked" => StatusCode::CONFLICT,
        "invalid" | "cancelled" => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The UI's content policy: its own scripts and styles, requests only to where it came from.
pub const UI_POLICY: &str = "default-src 'self'; img-src 'self' data: blob:; \
     style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; object-src 'none'; \
     frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Every answer: no sniffing, no framing, no referrer, the UI's content policy; the API is
/// never cached. A `POST` without the CSRF header, or from another origin, is refused.
async fn guard(req: Request, next: Next) -> Response {
    if req.method() == Method::POST {
        let headers = req.headers();
        if headers.get(CSRF_HEADER).is_none() {
            return fail(
                StatusCode::FORBIDDEN,
                "forbidden",
                "请求缺少防跨站标记，已拒绝。",
            );
        }
        if let (Some(origin), Some(host)) = (headers.get(header::ORIGIN), headers.get(header::HOST))
        {
            let origin = origin.to_str().unwrap_or("");
            let host = host.to_str().unwrap_or("");
            if origin.split("://").nth(1) != Some(host) {
                return fail(
                    StatusCode::FORBIDDEN,
                    "forbidden",
                    "来自其他网站的请求，已拒绝。",
                );
            }
        }
    }
    let api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(UI_POLICY),
    );
    if api {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

async fn health(With(state): With<Arc<State>>) -> Response {
    Json(json!({
        "ok": state.desk.startup().ok,
        "version": env!("CARGO_PKG_VERSION"),
        "fingerprint": state.fingerprint,
    }))
    .into_response()
}

async fn ca_cert(With(state): With<Arc<State>>) -> Response {
    match &state.ca_pem {
        Some(pem) => (
            [
                (header::CONTENT_TYPE, "application/x-x509-ca-cert"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"disclosure-desk-ca.crt\"",
                ),
            ],
            pem.clone(),
        )
            .into_response(),
        None => fail(
            StatusCode::NOT_FOUND,
            "not_found",
            "本服务器使用信息中心提供的证书，无需另装根证书。",
        ),
    }
}

/// The session token of a request: `Authorization: Bearer …` or the cookie.
pub(crate) fn token_of(headers: &HeaderMap) -> Option<String> {
    if let Some(v) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        if let Some(t) = v.strip_prefix("Bearer ") {
            return Some(t.trim().to_string());
        }
    }
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

pub(crate) fn client_of(state: &State, headers: &HeaderMap) -> Option<Arc<Client>> {
    let client = state.sessions.find(&token_of(headers)?)?;
    client.touch();
    Some(client)
}

/// 浏览器 or 桌面客户端 (the desktop client says so in its User-Agent).
pub(crate) fn program_of(headers: &HeaderMap) -> &'static str {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if agent.contains("disclosure-desk") {
        "桌面客户端"
    } else {
        "浏览器"
    }
}

pub(crate) fn unauthenticated() -> Response {
    fail(StatusCode::UNAUTHORIZED, "unauthenticated", "请先登录。")
}

/// Reads a body within [`BODY_TIMEOUT`] (a slow client is dropped).
pub(crate) async fn body_bytes(body: Body, limit: usize) -> Result<Bytes, Response> {
    match tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, limit)).await {
        Ok(Ok(b)) => Ok(b),
        Ok(Err(_)) => Err(fail(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalid",
            "请求内容过大。",
        )),
        Err(_) => Err(fail(
            StatusCode::REQUEST_TIMEOUT,
            "invalid",
            "请求发送超时，请重试。",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_comes_from_the_bearer_or_the_cookie() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; desk_session=abc; b=2"),
        );
        assert_eq!(token_of(&h).as_deref(), Some("abc"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer xyz"),
        );
        assert_eq!(token_of(&h).as_deref(), Some("xyz"));
    }
}
