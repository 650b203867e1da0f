//! 政务公开工作台 — the Tauri shell: the window, the commands and the app state.
//! Every rule lives in `disclosure-core`; this crate only wires it to the window.

pub mod client;
pub mod commands;
mod here;
mod state;
mod test_hooks;

use std::path::PathBuf;
use std::sync::Arc;

use disclosure_api::page::jobs::StepPause;
use disclosure_core::paths;
use tauri::{Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

pub use disclosure_api::Desk;

/// The data directory from `--data-dir DIR` (or `--data-dir=DIR`) on the command line.
pub fn data_dir_arg(args: impl IntoIterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(dir) = arg.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(dir));
        }
    }
    None
}

/// The builder with every command, generic over the runtime so tests can use tauri's
/// mock runtime. The `Desk` state is added in `setup` (see `run`).
pub fn builder<R: Runtime>() -> tauri::Builder<R> {
    tauri::Builder::<R>::new()
        .manage(disclosure_api::page::bundle::ExportCancel::pausing(
            StepPause(test_hooks::export_step_pause().unwrap_or_default()),
        ))
        .manage(disclosure_api::page::jobs::JobCancel::pausing(StepPause(
            test_hooks::job_step_pause().unwrap_or_default(),
        )))
        .manage(disclosure_api::Scratch::default())
        .manage(state::WindowSession::default())
        .manage(client::ProxyOrigin::default())
        .invoke_handler(commands::table::handler())
}

pub fn run() {
    let dir = paths::resolve_data_dir(data_dir_arg(std::env::args().skip(1)));
    builder::<tauri::Wry>()
        // First, so a second start hands over before anything else runs: it brings the
        // open window to the front and exits. (The data directory's lock in `Desk` also
        // keeps a second program off the same data, with or without a session bus.)
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(
            tauri_plugin_log::Builder::new()
                .level(log::LevelFilter::Info)
                .build(),
        )
        .setup(move |app| {
            // Opened here, after the single-instance plugin has sent a second start back
            // to the first window, so a second start never waits on the first's lock.
            let connection = dir
                .as_ref()
                .ok()
                .and_then(|d| client::load(d).map(|c| (d.clone(), c)));
            let serving = dir.as_ref().ok().and_then(|d| here::load(d));
            app.manage(Arc::new(match dir {
                Ok(dir) => Desk::open(dir),
                Err(e) => Desk::failed(String::new(), &e),
            }));
            // 服务器 mode (本机作为服务器): this desk serves its data and the window works on
            // it as a client; 客户端 mode: the window works on the LAN server through the
            // proxy. Should either not start, the desk's own data, alone (设置 → 局域网
            // starts it again).
            let entered = match (serving, connection) {
                (Some(s), _) => here::start(app.handle(), s.port)
                    .map(|server| server.entry.unwrap_or_default())
                    .map_err(|e| log::error!("serving on port {} did not start: {e}", s.port)),
                (None, Some((dir, c))) => client::start(app.handle(), &dir, &c, None)
                    .map_err(|e| log::error!("the connection to {} did not start: {e}", c.server)),
                (None, None) => Err(()),
            };
            let url = entered
                .ok()
                .and_then(|entry| entry.parse().ok())
                .map(WebviewUrl::External)
                .unwrap_or_default();
            let proxy = app.state::<client::ProxyOrigin>().inner().clone();
            let downloads = proxy.clone();
            // On the server's data the page takes dropped files itself (and uploads them);
            // the window's own handler would give it only paths of this computer.
            let remote = matches!(url, WebviewUrl::External(_));
            let window = WebviewWindowBuilder::new(app, "main", url)
                // The window never leaves the app: a link in an item's body (or anything
                // else) cannot load another page into it. As a client, the proxy's pages
                // are the app's.
                .on_navigation(move |url| {
                    let ok = own_page(url) || proxy.serves(url);
                    if !ok {
                        log::warn!("navigation refused: {url}");
                    }
                    ok
                })
                // As a client, what the server sends to download goes to the 下载 folder;
                // a PDF then opens in the system's reader.
                .on_download(move |webview, event| match event {
                    tauri::webview::DownloadEvent::Requested { url, destination } => {
                        if !downloads.serves(&url) {
                            return false;
                        }
                        *destination = client::download_path(&url);
                        true
                    }
                    tauri::webview::DownloadEvent::Finished { path, success, .. } => {
                        if let (true, Some(path)) = (success, path) {
                            client::downloaded(&webview, &path);
                        }
                        true
                    }
                    _ => true,
                })
                .title("政务公开工作台")
                .inner_size(1366.0, 768.0)
                .min_inner_size(1024.0, 640.0);
            if remote {
                window.disable_drag_drop_handler().build()?;
            } else {
                window.build()?;
            }
            state::after_start(app.handle().clone());
            Ok(())
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            log::error!("the app stopped with an error: {e}");
            std::process::exit(1);
        })
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                app.state::<disclosure_api::Scratch>().clear();
            }
        });
}

/// Whether `url` is one of the app's own pages: the embedded UI (`tauri://localhost` on
/// Linux and macOS, `http(s)://tauri.localhost` on Windows) or, in a development build,
/// the dev server on this machine.
pub fn own_page(url: &tauri::Url) -> bool {
    match (url.scheme(), url.host_str()) {
        ("tauri", Some("localhost")) => true,
        ("http" | "https", Some("tauri.localhost")) => true,
        ("http", Some("localhost" | "127.0.0.1")) => cfg!(not(feature = "custom-protocol")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages_load_in_the_window() {
        let url = |s: &str| tauri::Url::parse(s).unwrap();
        for ok in [
            "tauri://localhost/",
            "tauri://localhost/#/items/3",
            "http://tauri.localhost/index.html",
            "https://tauri.localhost/",
        ] {
            assert!(own_page(&url(ok)), "{ok}");
        }
        for no in [
            "https://www.example.gov.cn/phish",
            "http://evil.example/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,<script>x</script>",
            "tauri://evil.example/",
            "http://tauri.localhost.evil.example/",
        ] {
            assert!(!own_page(&url(no)), "{no}");
        }
    }

    #[test]
    fn data_dir_arg_accepts_both_forms() {
        let v = |a: &[&str]| data_dir_arg(a.iter().map(|s| s.to_string()));
        assert_eq!(v(&["--data-dir", "/tmp/x"]), Some(PathBuf::from("/tmp/x")));
        assert_eq!(v(&["--data-dir=/tmp/y"]), Some(PathBuf::from("/tmp/y")));
        assert_eq!(v(&["--other"]), None);
    }
}
