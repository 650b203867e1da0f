//! The locked-down shell: the window may call exactly the commands of the table, the UI
//! uses every one of them, and the content security policy allows no `eval` and no remote
//! origin. Any command missing from one list, or granted but never invoked, fails here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every command of the table.
fn table_commands() -> BTreeSet<String> {
    disclosure_desk::commands::table::COMMANDS
        .iter()
        .map(|c| c.name.to_string())
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

/// The commands whose generated client function (ui/src/ipc/commands.ts) some page,
/// component or module of the UI calls.
fn ui_commands() -> BTreeSet<String> {
    let mut text = String::new();
    collect_ui(&root().join("../ui/src"), &mut text);
    disclosure_desk::commands::table::COMMANDS
        .iter()
        .filter(|c| {
            let f = disclosure_desk::commands::camel(c.name);
            text.match_indices(&f).any(|(i, _)| {
                let before = text[..i].chars().next_back();
                let after = text[i + f.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
        })
        .map(|c| c.name.to_string())
        .collect()
}

fn collect_ui(dir: &Path, text: &mut String) {
    for entry in std::fs::read_dir(dir).expect("ui/src") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if name != "bindings" {
                collect_ui(&path, text);
            }
        } else if (name.ends_with(".ts") || name.ends_with(".vue"))
            && !name.ends_with(".test.ts")
            && name != "commands.ts"
        {
            // Only what follows the imports: an import alone is not a use.
            let body = read(&path);
            text.extend(
                body.lines()
                    .filter(|l| {
                        let l = l.trim_start();
                        !(l.starts_with("import") || l.starts_with("} from") || l.ends_with(','))
                            || l.contains('(')
                    })
                    .map(|l| format!("{l}\n")),
            );
        }
    }
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
    // The handler and build.rs's permissions come from the same table (one macro, one
    // parser); the capability file build.rs wrote must grant exactly the table, and the
    // UI must call every command (a command granted and never used is surface for nothing).
    let table = table_commands();
    let (granted, other) = capability_permissions();
    let used = ui_commands();
    assert!(used.len() > 50, "the UI's calls were found: {used:?}");
    let mut problems = differ(&table, "the command table", &granted, "capabilities");
    problems.extend(differ(&table, "the command table", &used, "ui/src"));
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
