//! 政务公开工作台 — the Tauri shell: the window, the commands and the app state.
//! Every rule lives in `disclosure-core`; this crate only wires it to the window.

mod commands;
mod state;
mod test_hooks;

use std::path::PathBuf;

use disclosure_core::paths;
use tauri::{Manager, Runtime, WebviewUrl, WebviewWindowBuilder};

pub use state::Desk;

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
        .manage(commands::bundle::ExportCancel::default())
        .manage(state::Scratch::default())
        .invoke_handler(tauri::generate_handler![
            commands::overview::startup_status,
            commands::overview::overview_get,
            commands::overview::dashboard_get,
            commands::overview::plan_list,
            commands::overview::plan_update,
            commands::overview::deadline_rules,
            commands::overview::deadline_rule_set,
            commands::overview::item_dues,
            commands::overview::data_dir_open,
            commands::settings::agency_get,
            commands::settings::agency_update,
            commands::settings::office_list,
            commands::settings::office_add,
            commands::settings::office_rename,
            commands::settings::office_set_active,
            commands::settings::preferences_get,
            commands::settings::preferences_set,
            commands::settings::drafting_settings_get,
            commands::settings::drafting_settings_set,
            commands::settings::category_set_offices,
            commands::settings::audit_verify,
            commands::settings::audit_search,
            commands::settings::audit_export_csv,
            commands::settings::calendar_years,
            commands::settings::calendar_import,
            commands::session::session_get,
            commands::session::session_setup_agency,
            commands::session::session_setup_admin,
            commands::session::session_sign_in,
            commands::session::session_sign_out,
            commands::session::session_lock,
            commands::session::session_unlock,
            commands::session::session_confirm,
            commands::session::session_touch,
            commands::session::session_change_password,
            commands::session::session_set_auto_lock,
            commands::session::staff_slips_save,
            commands::session::staff_list,
            commands::session::staff_add,
            commands::session::staff_update,
            commands::session::staff_reset_password,
            commands::session::staff_import_pick,
            commands::items::category_list,
            commands::items::rules_lists,
            commands::items::item_due,
            commands::items::item_defaults,
            commands::items::item_create,
            commands::items::item_save,
            commands::items::item_get,
            commands::items::item_delete,
            commands::items::item_list,
            commands::items::item_check,
            commands::items::item_versions,
            commands::items::item_diff,
            commands::items::item_pick_attachments,
            commands::items::item_add_attachments,
            commands::items::item_remove_attachment,
            commands::items::item_open_attachment,
            commands::items::item_import_pick,
            commands::review::item_submit,
            commands::review::item_withdraw,
            commands::review::review_decide,
            commands::review::review_decide_many,
            commands::review::review_queue,
            commands::review::review_grounds,
            commands::sheet::sheet_print,
            commands::sheet::sheet_register,
            commands::sheet::sheet_ledger,
            commands::sheet::sheet_lookup,
            commands::reports::report_assessment,
            commands::reports::report_annual,
            commands::reports::report_assessment_save,
            commands::reports::report_annual_save,
            commands::review::review_history,
            commands::review::review_record_referral,
            commands::review::review_rereview,
            commands::review::review_chains,
            commands::review::review_set_step,
            commands::review::review_settings_get,
            commands::review::review_settings_set,
            commands::review::item_self_check,
            commands::review::review_findings,
            commands::review::review_settle,
            commands::items::item_mask,
            commands::settings::sensitive_words_get,
            commands::settings::sensitive_words_set,
            commands::settings::sensitive_words_import,
            commands::settings::sensitive_words_export,
            commands::bundle::bundle_candidates,
            commands::bundle::bundle_revocations,
            commands::bundle::bundle_export,
            commands::bundle::bundle_cancel,
            commands::bundle::bundle_verify,
            commands::bundle::bundle_publish,
            commands::bundle::bundle_publish_csv,
            commands::bundle::bundle_revoke,
            commands::backup::backup_overview,
            commands::backup::backup_last,
            commands::backup::backup_create,
            commands::backup::backup_settings_set,
            commands::backup::backup_pick_dir,
            commands::backup::backup_restore,
            commands::backup::startup_restore,
            commands::backup::startup_open_data_dir,
        ])
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
            app.manage(match dir {
                Ok(dir) => Desk::open(dir),
                Err(e) => Desk::failed(String::new(), &e),
            });
            WebviewWindowBuilder::new(app, "main", WebviewUrl::default())
                // The window never leaves the app: a link in an item's body (or anything
                // else) cannot load another page into it.
                .on_navigation(|url| {
                    let ok = own_page(url);
                    if !ok {
                        log::warn!("navigation refused: {url}");
                    }
                    ok
                })
                .title("政务公开工作台")
                .inner_size(1366.0, 768.0)
                .min_inner_size(1024.0, 640.0)
                .build()?;
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
                app.state::<state::Scratch>().clear();
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
