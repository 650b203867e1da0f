//! Text extraction from a workbook (zip checks, streamed cells, comments, properties).
//!
//! Through the guarded `extract`, as the app calls it: calamine 0.30 panics on some
//! malformed sheets (tests/data/fuzz/xlsx_text-calamine-index-panic.xlsx), which the
//! guard turns into an "unreadable" finding. What this target still finds are the
//! failures no guard catches: aborts, stack overflows, runaway memory and time.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = disclosure_core::scan::extract("附件.xlsx", data);
});
