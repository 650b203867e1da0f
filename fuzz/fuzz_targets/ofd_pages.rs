//! An OFD drawn as a PDF for redaction (`redact/ofd.rs`, `redact/ofd_marks.rs`: content
//! objects, `DeltaX`/`CTM`, resources, paths' `AbbreviatedData`), not under the panic guard
//! `redact::redact` puts around it. Starts from the OFD reader's seeds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = disclosure_core::redact::ofd_pdf(data);
});
