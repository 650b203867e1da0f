//! The upload-bundle reader: any bytes as a bundle zip, and as a manifest.json.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn path() -> &'static std::path::PathBuf {
    static PATH: OnceLock<std::path::PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("disclosure-fuzz-{}.zip", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let _ = disclosure_core::bundle::manifest::parse(data);
    std::fs::write(path(), data).expect("temp file");
    // A verdict or an I/O error, never a panic.
    let _ = disclosure_core::bundle::verify(path());
});
