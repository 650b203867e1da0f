//! Text extraction from an .ofd (zip checks, OFD.xml → Document.xml → pages, templates,
//! annotations, attachments, the line layout), without the panic guard.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = disclosure_core::scan::extract_unguarded("附件.ofd", data);
});
