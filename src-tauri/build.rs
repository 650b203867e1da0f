//! Declares the app's commands to tauri-build so each gets an `allow-<command>` permission,
//! and writes `capabilities/default.json`, which grants the window exactly those commands
//! (and listening to events). The names come from the one command table,
//! `api/src/table.rs`: a command declared there is callable, and nothing else is.

use std::fs;

const TABLE: &str = "api/src/table.rs";
const CAPABILITY: &str = "capabilities/default.json";

fn main() {
    println!("cargo:rerun-if-changed={TABLE}");
    let names = command_names(&fs::read_to_string(TABLE).expect("read the command table"));
    assert!(!names.is_empty(), "no command found in {TABLE}");
    let capability = capability(&names);
    if fs::read_to_string(CAPABILITY).ok().as_deref() != Some(capability.as_str()) {
        fs::write(CAPABILITY, capability).expect("write capabilities/default.json");
    }
    let names: Vec<&'static str> = names
        .into_iter()
        .map(|n| &*Box::leak(n.into_boxed_str()))
        .collect();
    let names: &'static [&'static str] = Box::leak(names.into_boxed_slice());
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .expect("tauri-build");
}

/// The names declared inside `$m! { … }`: each declaration starts a line with four
/// spaces and `name(`; a declaration's continuation lines are indented further.
fn command_names(table: &str) -> Vec<String> {
    let body = table
        .split_once("$m! {")
        .expect("the table has a `$m! {` block")
        .1;
    body.lines()
        .filter_map(|l| l.strip_prefix("    "))
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_once('(').map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .map(String::from)
        .collect()
}

fn capability(names: &[String]) -> String {
    let mut permissions: Vec<String> = names
        .iter()
        .map(|n| format!("    \"allow-{}\"", n.replace('_', "-")))
        .collect();
    permissions.push("    \"core:event:allow-listen\"".into());
    permissions.push("    \"core:event:allow-unlisten\"".into());
    format!(
        "{{\n  \"$schema\": \"../gen/schemas/desktop-schema.json\",\n  \"identifier\": \"default\",\n  \
         \"description\": \"Written by build.rs from api/src/table.rs: the main window may call exactly the app's own commands, and listen to events (file drops); no file-system or shell permission.\",\n  \
         \"windows\": [\n    \"main\"\n  ],\n  \"permissions\": [\n{}\n  ]\n}}\n",
        permissions.join(",\n")
    )
}
