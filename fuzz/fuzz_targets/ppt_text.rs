//! Text extraction from a PowerPoint 97–2003 / WPS 演示 file (.ppt/.dps: the record tree, persist directory, slide list), not under the panic guard. Any bytes that are not a
//! compound file with the right stream are rejected early; the seeds are real files.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = disclosure_core::scan::extract_unguarded("附件.ppt", data);
});
