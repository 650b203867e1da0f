//! Text extraction from a Word 97–2003 / WPS 文字 file (.doc/.wps: FIB, piece table, stories), not under the panic guard. Any bytes that are not a
//! compound file with the right stream are rejected early; the seeds are real files.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = disclosure_core::scan::extract_unguarded("附件.doc", data);
});
