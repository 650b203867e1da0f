//! Files over the network: uploads streamed in, downloads streamed out, the pages' event
//! stream, and the UI's own files.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, Query, Request, State as With};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::sse::{KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use serde_json::json;

use super::{client_of, fail, unauthenticated, BODY_TIMEOUT};
use crate::api;
use crate::state::State;

/// Streams an upload to the server's private folder under its own name (the
/// `X-Desk-File-Name` header, percent-encoded), hashing it on the way; a client that
/// stops half way leaves nothing. Answers `{id, name, size, sha256}`.
pub(super) async fn upload(With(state): With<Arc<State>>, req: Request) -> Response {
    use sha2::{Digest, Sha256};
    use tokio::io::AsyncWriteExt;
    let Some(client) = client_of(&state, req.headers()) else {
        return unauthenticated();
    };
    let name = req
        .headers()
        .get("x-desk-file-name")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .map(|n| api::safe_name(&n))
        .unwrap_or_else(|| "文件".into());
    let id = uuid::Uuid::new_v4().simple().to_string();
    let dir = state.files.path().join("in").join(&client.id).join(&id);
    if let Err(e) = disclosure_core::paths::private_dir(&dir) {
        log::error!("upload folder: {e}");
        return fail(
            StatusCode::INTERNAL_SERVER_ERROR,
            "storage",
            "服务器无法保存上传的文件。",
        );
    }
    let part = dir.join(".upload.part");
    let mut file = match tokio::fs::File::create(&part).await {
        Ok(f) => f,
        Err(_) => {
            return fail(
                StatusCode::INTERNAL_SERVER_ERROR,
                "storage",
                "服务器无法保存上传的文件。",
            )
        }
    };
    let mut stream = req.into_body().into_data_stream();
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let failed = loop {
        let next = tokio::time::timeout(BODY_TIMEOUT, stream.next()).await;
        match next {
            Err(_) => {
                break Some(fail(
                    StatusCode::REQUEST_TIMEOUT,
                    "invalid",
                    "上传中断，请重试。",
                ))
            }
            Ok(None) => break None,
            Ok(Some(Err(_))) => {
                break Some(fail(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "invalid",
                    "上传中断或文件过大（最大 1 GB）。",
                ))
            }
            Ok(Some(Ok(chunk))) => {
                size += chunk.len() as u64;
                hasher.update(&chunk);
                if file.write_all(&chunk).await.is_err() {
                    break Some(fail(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "storage",
                        "服务器磁盘空间不足，无法保存上传的文件。",
                    ));
                }
            }
        }
    };
    if let Some(res) = failed {
        drop(file);
        let _ = tokio::fs::remove_dir_all(&dir).await;
        return res;
    }
    if file.flush().await.is_err() || tokio::fs::rename(&part, dir.join(&name)).await.is_err() {
        let _ = tokio::fs::remove_dir_all(&dir).await;
        return fail(
            StatusCode::INTERNAL_SERVER_ERROR,
            "storage",
            "服务器无法保存上传的文件。",
        );
    }
    Json(json!({
        "id": id,
        "name": name,
        "size": size,
        "sha256": hex::encode(hasher.finalize()),
    }))
    .into_response()
}

/// `%E4%B8%AD` → 中 (file names in headers and download URLs); a broken escape stays as it is.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(super) fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `/api/download/<token>/<name>`: the name is for the browser (and the page, to tell a PDF
/// to show from a file to save); the token alone finds the file.
pub(super) async fn download_named(
    state: With<Arc<State>>,
    Path((token, _name)): Path<(String, String)>,
    query: Query<Saving>,
    headers: HeaderMap,
) -> Response {
    download(state, Path(token), query, headers).await
}

/// `?attachment=1`: save even a PDF (which otherwise opens in the browser).
#[derive(serde::Deserialize)]
pub(super) struct Saving {
    #[serde(default)]
    attachment: Option<u8>,
}

pub(super) async fn download(
    With(state): With<Arc<State>>,
    Path(token): Path<String>,
    Query(saving): Query<Saving>,
    headers: HeaderMap,
) -> Response {
    let Some(client) = client_of(&state, &headers) else {
        return unauthenticated();
    };
    let Some(path) = state.download(&token, &client.id) else {
        return fail(
            StatusCode::NOT_FOUND,
            "not_found",
            "文件已过期，请重新生成。",
        );
    };
    let Ok(file) = tokio::fs::File::open(&path).await else {
        return fail(
            StatusCode::NOT_FOUND,
            "not_found",
            "文件已过期，请重新生成。",
        );
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let len = file.metadata().await.map(|m| m.len()).unwrap_or(0);
    let pdf = name.to_ascii_lowercase().ends_with(".pdf") && saving.attachment.is_none();
    let disposition = format!(
        "{}; filename=\"download\"; filename*=UTF-8''{}",
        if pdf { "inline" } else { "attachment" },
        percent_encode(&name)
    );
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&name)),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

fn content_type(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit('.').next().unwrap_or("");
    match ext {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

/// The pages' event stream (Server-Sent Events): `desk-changed` for everyone signed in,
/// a job's progress for its own client.
pub(super) async fn events(With(state): With<Arc<State>>, headers: HeaderMap) -> Response {
    let Some(client) = client_of(&state, &headers) else {
        return unauthenticated();
    };
    let id = client.id.clone();
    let rx = state.events.subscribe();
    let stream = tokio_stream::wrappers::BroadcastStream::new(rx).filter_map(move |e| {
        let id = id.clone();
        async move {
            let e = e.ok()?;
            if e.to.as_deref().is_some_and(|to| to != id) {
                return None;
            }
            let data = serde_json::to_string(&e.payload).ok()?;
            Some(Ok::<_, Infallible>(
                axum::response::sse::Event::default()
                    .event(e.name)
                    .data(data),
            ))
        }
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// The UI's files; a path that is not a file gets `index.html` (the UI routes itself).
pub(super) async fn static_file(With(state): With<Arc<State>>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return fail(StatusCode::METHOD_NOT_ALLOWED, "invalid", "不支持的请求。");
    }
    let path = req.uri().path();
    if path.starts_with("/api/") {
        return fail(StatusCode::NOT_FOUND, "not_found", "没有这项操作。");
    }
    let Some(root) = &state.ui_dir else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!doctype html><meta charset=utf-8><title>政务公开工作台</title><p>服务器上没有安装网页界面（ui），请联系信息中心。</p>",
        )
            .into_response();
    };
    let rel = path.trim_start_matches('/');
    let safe = !rel.split('/').any(|p| p == ".." || p.starts_with('.')) && !rel.contains('\\');
    let file = if rel.is_empty() || !safe {
        root.join("index.html")
    } else {
        let f = root.join(rel);
        if f.is_file() {
            f
        } else {
            root.join("index.html")
        }
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let cache = if name == "index.html" {
                "no-cache"
            } else {
                "public, max-age=31536000, immutable"
            };
            (
                [
                    (header::CONTENT_TYPE, content_type(&name)),
                    (header::CACHE_CONTROL, cache),
                ],
                bytes,
            )
                .into_response()
        }
        Err(_) => fail(StatusCode::NOT_FOUND, "not_found", "找不到该页面。"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_survive_percent_encoding() {
        for name in ["关于2026年招生的通知.pdf", "a b&c%.txt", "plain.zip"] {
            assert_eq!(percent_decode(&percent_encode(name)), name);
        }
        assert_eq!(percent_decode("%E4%B8%AD"), "中");
        assert_eq!(percent_decode("bad%zz%"), "bad%zz%");
    }
}
