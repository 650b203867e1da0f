//! The locked-down shell: the window may call exactly the commands the UI uses, declared
//! in all three places, and the content security policy allows no `eval` and no remote
//! origin. Any command missing from one list, or granted but never invoked, fails here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `"name"` in the `ALL` list of build.rs.
fn build_rs_commands() -> BTreeSet<String> {
    let text = read(&root().join("build.rs"));
    let list = text
        .split("pub const ALL: &[&str] = &[")
        .nth(1)
        .and_then(|t| t.split("];").next())
        .expect("ALL in build.rs");
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Every `commands::module::name` inside `generate_handler![…]` in lib.rs.
fn handler_commands() -> BTreeSet<String> {
    let text = read(&root().join("src/lib.rs"));
    let list = text
        .split("generate_handler![")
        .nth(1)
        .and_then(|t| t.split(']').next())
        .expect("generate_handler! in lib.rs");
    list.split(',')
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(|p| p.rsplit("::").next().unwrap_or(p).to_string())
        .collect()
}

/// The app's own `allow-…` permissions in capabilities/default.json, as command names,
/// and the other (plugin, core) permissions as given.
fn capability_permissions() -> (BTreeSet<String>, BTreeSet<String>) {
    let text = read(&root().join("capabilities/default.json"));
    let v: serde_json::Value = serde_json::from_str(&text).expect("capabilities JSON");
    let mut own = BTreeSet::new();
    let mut other = BTreeSet::new();
    for p in v["permissions"].as_array().expect("permissions") {
        let p = p.as_str().expect("a permission is a string here");
        match p.strip_prefix("allow-") {
            Some(cmd) if !p.contains(':') => {
                own.insert(cmd.replace('-', "_"));
            }
            _ => {
                other.insert(p.to_string());
            }
        }
    }
    (own, other)
}

/// Every command name the UI passes to `call('…')` in ui/src/ipc/*.ts.
fn ui_commands() -> BTreeSet<String> {
    let dir = root().join("../ui/src/ipc");
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("ui/src/ipc") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !name.ends_with(".ts") || name.ends_with(".test.ts") {
            continue;
        }
        let text = read(&path);
        for part in text
            .split("call<")
            .skip(1)
            .chain(text.split("call(").skip(1))
        {
            // call<T>('name' … or call('name' …
            let after = part.split_once("('").map(|(_, a)| a).unwrap_or(part);
            let after = after.strip_prefix('\'').unwrap_or(after);
            if let Some((cmd, _)) = after.split_once('\'') {
                if !cmd.is_empty() && cmd.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    out.insert(cmd.to_string());
                }
            }
        }
    }
    out
}

fn differ(a: &BTreeSet<String>, an: &str, b: &BTreeSet<String>, bn: &str) -> Vec<String> {
    let mut out = Vec::new();
    for x in a.difference(b) {
        out.push(format!("{x}: in {an}, not in {bn}"));
    }
    for x in b.difference(a) {
        out.push(format!("{x}: in {bn}, not in {an}"));
    }
    out
}

#[test]
fn the_window_may_call_exactly_the_commands_the_ui_uses() {
    let built = build_rs_commands();
    let handled = handler_commands();
    let (granted, other) = capability_permissions();
    let used = ui_commands();
    assert!(used.len() > 50, "the UI's calls were found: {used:?}");
    let mut problems = differ(&built, "build.rs", &handled, "generate_handler!");
    problems.extend(differ(&built, "build.rs", &granted, "capabilities"));
    problems.extend(differ(&granted, "capabilities", &used, "ui/src/ipc"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // No file-system, shell or opener permission reaches the window: files are read and
    // opened by commands that check who is asking.
    let allowed: BTreeSet<String> = ["core:event:allow-listen", "core:event:allow-unlisten"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(other, allowed);
}

#[test]
fn the_content_security_policy_allows_no_eval_and_no_remote_origin() {
    let conf: serde_json::Value =
        serde_json::from_str(&read(&root().join("tauri.conf.json"))).expect("tauri.conf.json");
    let csp = conf["app"]["security"]["csp"]
        .as_object()
        .expect("a CSP is set");
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    for (directive, value) in csp {
        let value = value.as_str().expect("a directive is a string");
        for source in value.split_whitespace() {
            assert_ne!(source, "'unsafe-eval'", "{directive}");
            let remote = source.starts_with("http:")
                || source.starts_with("https:")
                || source.starts_with("ws")
                || source == "*";
            // The IPC endpoint is the one URL-like source allowed: it never leaves the machine.
            assert!(
                !remote || source == "http://ipc.localhost",
                "{directive} allows {source}"
            );
        }
    }
    assert_eq!(conf["app"]["withGlobalTauri"], false);
}
