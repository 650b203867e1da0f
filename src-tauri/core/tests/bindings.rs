//! The committed TypeScript bindings in `ui/src/bindings/` match the Rust types.

use std::path::PathBuf;

#[test]
fn bindings_are_fresh() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings");
    let update = std::env::var_os("UPDATE_BINDINGS").is_some();
    if update {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut stale = Vec::new();
    let expected = disclosure_core::bindings::all();
    for (name, body) in &expected {
        let want = body.clone();
        let path = dir.join(name);
        if update {
            std::fs::write(&path, &want).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(want.as_str()) {
            stale.push(name.clone());
        }
    }
    // A binding whose Rust type is gone is stale too.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".ts") && !expected.iter().any(|(n, _)| *n == name) {
            if update {
                std::fs::remove_file(dir.join(&name)).unwrap();
            } else {
                stale.push(name);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "ui/src/bindings is stale for {stale:?}: run `make bindings` and commit the result"
    );
}
