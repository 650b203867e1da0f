//! Text extraction from a workbook (.xlsx, and through the same entry point the .xls and
//! .ods readers: bytes that are not a zip are read as .xls, a zip without
//! xl/workbook.xml as .ods).
//!
//! Through the guarded `extract`, as the app calls it: calamine 0.30 panics on some
//! malformed sheets (tests/data/fuzz/xlsx_text-calamine-index-panic.xlsx), which the
//! guard turns into an "unreadable" finding. libFuzzer's panic hook would abort on those
//! caught panics too, so it is replaced by a silent one: what this target finds are the
//! failures no guard catches — aborts (a failed allocation), stack overflows, runaway
//! memory and time.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        std::panic::set_hook(Box::new(|_| {}));
    },
    |data: &[u8]| {
        let _ = disclosure_core::scan::extract("附件.xlsx", data);
    }
);
