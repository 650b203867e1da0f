//! `POST /api/<command>`: one command of the table, run on the blocking pool with the
//! request as its shell; what the network adds around it (who may call without a session,
//! sign-in tokens, uploads in, downloads out, the change event for the other pages).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{ConnectInfo, Path, Request, State as With};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::{
    body_bytes, client_of, fail, program_of, status_of, token_of, unauthenticated, COMMAND_LIMIT,
    COOKIE, DOWNLOADS_HEADER, TOKEN_HEADER, UPLOAD_HEADER, VERSION_HEADER,
};
use crate::api::{self, HttpCtx, Outcome};
use crate::sessions::Client;
use crate::state::{Event, State, CHANGED};

/// Commands anyone may call without a session: who is signed in, the start-up status and
/// signing in itself.
const PUBLIC: &[&str] = &["session_get", "session_sign_in", "startup_status"];
/// The first-run setup (and what its screens read): without a session only while nobody
/// exists, and only from the server itself, never over the network, so nobody on the LAN
/// can make themselves the first administrator.
const SETUP: &[&str] = &[
    "session_setup_agency",
    "session_setup_admin",
    "office_list",
    "agency_get",
    "preferences_get",
];
/// Whether nobody exists yet (the first-run setup is still to be done).
fn needs_setup(state: &State) -> bool {
    state
        .desk
        .read(disclosure_core::staff::is_empty)
        .unwrap_or(false)
}

/// Commands whose password attempt counts towards the address's limit.
const PASSWORD: &[&str] = &["session_sign_in", "session_unlock", "session_confirm"];

pub(super) async fn command(
    With(state): With<Arc<State>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(name): Path<String>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let headers = parts.headers;
    // A page (or a desktop client) of another version may send other arguments: it is told
    // to reload or update rather than get a confusing refusal.
    if let Some(theirs) = headers.get(VERSION_HEADER).and_then(|v| v.to_str().ok()) {
        if theirs != env!("CARGO_PKG_VERSION") {
            return fail(
                StatusCode::CONFLICT,
                "version_mismatch",
                &format!(
                    "本页面的程序版本（{theirs}）与服务器（{}）不一致：浏览器请刷新页面；桌面程序请安装与服务器相同的版本。",
                    env!("CARGO_PKG_VERSION")
                ),
            );
        }
    }
    if !api::NAMES.contains(&name.as_str()) {
        return fail(StatusCode::NOT_FOUND, "not_found", "没有这项操作。");
    }
    let client = client_of(&state, &headers);
    let ip = peer.ip();
    if client.is_none() && !PUBLIC.contains(&name.as_str()) {
        if !SETUP.contains(&name.as_str()) || !needs_setup(&state) {
            return unauthenticated();
        }
        if !ip.is_loopback() {
            return fail(
                StatusCode::FORBIDDEN,
                "forbidden",
                "首次设置只能在服务器本机上进行；设置好后再从其他电脑登录。",
            );
        }
    }
    if name == "item_add_attachments" {
        return fail(
            StatusCode::FORBIDDEN,
            "forbidden",
            "通过网络添加附件请使用“上传附件”。",
        );
    }
    if PASSWORD.contains(&name.as_str()) {
        if let Some(wait) = state.throttle.wait(ip) {
            return fail(
                StatusCode::TOO_MANY_REQUESTS,
                "locked",
                &format!(
                    "这台电脑登录失败次数过多，请 {} 分钟后再试。",
                    wait.div_ceil(60)
                ),
            );
        }
    }
    let args = match body_bytes(body, COMMAND_LIMIT).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    if name == "bundle_verify" && !verifiable(&state, &args) {
        return fail(
            StatusCode::FORBIDDEN,
            "forbidden",
            "只能校验上传到服务器或刚导出的上传包。",
        );
    }
    let mut uploads = Vec::new();
    if let Some(ids) = headers.get(UPLOAD_HEADER).and_then(|v| v.to_str().ok()) {
        for id in ids.split(',') {
            match client
                .as_ref()
                .and_then(|c| upload_path(&state, c, id.trim()))
            {
                Some(p) => uploads.push(p),
                None => {
                    return fail(
                        StatusCode::BAD_REQUEST,
                        "invalid",
                        "上传的文件已失效，请重新选择。",
                    )
                }
            }
        }
    }
    let origin = match &client {
        Some(c) => c.origin(),
        None => format!("{ip} {}", program_of(&headers)),
    };
    let before = state.desk.db().changes();
    let out_dir = state
        .files
        .path()
        .join("out")
        .join(client.as_ref().map_or("anonymous", |c| c.id.as_str()))
        .join(uuid::Uuid::new_v4().simple().to_string());
    let cx = HttpCtx {
        state: state.clone(),
        client: client.clone(),
        anonymous: Default::default(),
        uploads,
        out_dir,
        delivered: Default::default(),
    };
    let command_name = name.clone();
    let ran = tokio::task::spawn_blocking(move || {
        let outcome = disclosure_core::audit::with_origin(&origin, || {
            api::dispatch(&cx, &command_name, &args)
        });
        (outcome, cx)
    })
    .await;
    let Ok((Some(outcome), cx)) = ran else {
        return fail(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "操作意外中止，请重试。",
        );
    };
    if state.desk.db().changes() != before {
        let _ = state.events.send(Event {
            to: None,
            name: CHANGED.into(),
            payload: json!({ "command": name }),
        });
    }
    let value = match outcome {
        Outcome::BadRequest(message) => {
            return fail(StatusCode::BAD_REQUEST, "invalid", &message);
        }
        Outcome::Ran(Err(e)) => {
            if PASSWORD.contains(&name.as_str())
                && matches!(e.code(), "unauthenticated" | "invalid" | "locked")
            {
                state.throttle.failed(ip);
            }
            return (
                status_of(&e),
                Json(serde_json::to_value(&e).unwrap_or_default()),
            )
                .into_response();
        }
        Outcome::Ran(Ok(v)) => v,
    };
    // A bundle kept in the server's export folder is downloaded too (the folder itself
    // holds earlier bundles, so it is not offered whole).
    if name == "bundle_export" && state.export_dir.is_some() {
        if let Some(path) = value.get("path").and_then(|p| p.as_str()) {
            cx.delivered.borrow_mut().push(PathBuf::from(path));
        }
    }
    let mut res = Json(value).into_response();
    // A sign-in (or the first administrator's setup) starts a new client with a new
    // token, whatever the request came with; signing out ends it.
    if matches!(name.as_str(), "session_sign_in" | "session_setup_admin") {
        let session = cx.slot().lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(session) = session {
            if let Some(old) = token_of(&headers) {
                state.sessions.end_token(&old);
            }
            let from = crate::sessions::From {
                address: ip,
                host: host_name(ip).await,
                program: program_of(&headers),
            };
            let (token, _) = state.sessions.start(session, from);
            set_session_headers(&mut res, &token);
        }
    } else if name == "session_sign_out" {
        if let Some(old) = token_of(&headers) {
            state.sessions.end_token(&old);
        }
        res.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_static(
                "desk_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict",
            ),
        );
    }
    let urls = downloads(&state, &cx);
    if !urls.is_empty() {
        if let Ok(v) = HeaderValue::from_str(&urls.join(",")) {
            res.headers_mut().insert(DOWNLOADS_HEADER, v);
        }
    }
    res
}

fn set_session_headers(res: &mut Response, token: &str) {
    let cookie = format!("{COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Strict");
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    if let Ok(v) = HeaderValue::from_str(token) {
        res.headers_mut().insert(TOKEN_HEADER, v);
    }
}

/// The URLs of the files a command saved or opened (a folder: the files in it).
fn downloads(state: &State, cx: &HttpCtx) -> Vec<String> {
    let Some(client) = &cx.client else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for path in cx.delivered.borrow().iter() {
        if path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(path) {
                let mut inside: Vec<PathBuf> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "tmp"))
                    .collect();
                inside.sort();
                files.extend(inside);
            }
        } else if path.is_file() {
            files.push(path.clone());
        }
    }
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| super::files::percent_encode(&n.to_string_lossy()))
                .unwrap_or_default();
            format!("/api/download/{}/{name}", state.offer(p, &client.id))
        })
        .collect()
}

/// `bundle_verify` checks a path on the server: only one under the server's own folder
/// of uploads and exports (never anywhere a client names).
fn verifiable(state: &State, args: &[u8]) -> bool {
    let v: serde_json::Value = serde_json::from_slice(args).unwrap_or_default();
    match v.get("path").and_then(|p| p.as_str()) {
        None => true,
        Some(p) => {
            let Ok(real) = std::fs::canonicalize(p) else {
                return false;
            };
            std::fs::canonicalize(state.files.path()).is_ok_and(|root| real.starts_with(root))
        }
    }
}

fn upload_path(state: &State, client: &Client, id: &str) -> Option<PathBuf> {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let dir = state.files.path().join("in").join(&client.id).join(id);
    let file = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok())
        .next()?;
    Some(file.path())
}

/// The computer's name for `ip` by reverse DNS (getnameinfo: the hosts file, then the
/// LAN's DNS), for the audit log and the sessions list; nothing when it has none or the
/// answer takes over a second (a LAN without reverse DNS must not slow the sign-in).
async fn host_name(ip: std::net::IpAddr) -> Option<String> {
    let lookup = tokio::task::spawn_blocking(move || dns_lookup::lookup_addr(&ip).ok());
    match tokio::time::timeout(std::time::Duration::from_secs(1), lookup).await {
        Ok(Ok(Some(name))) if name != ip.to_string() && !name.is_empty() => Some(name),
        _ => None,
    }
}
