//! Text extraction from a .docx (zip checks, body, comments, headers, properties).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = disclosure_core::scan::extract_unguarded("附件.docx", data);
});
