//! The text of an HTML attachment (`scan/html_text.rs`: html5ever's tokenizer with the
//! scanner's line rules), not under the panic guard. (The streamed scan feeds the same
//! tokenizer in pieces; `html_text`'s tests split it.)
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = disclosure_core::scan::extract_unguarded("附件.html", data);
});
