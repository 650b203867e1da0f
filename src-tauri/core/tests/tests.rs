//! Integration tests of `disclosure-core`, one binary: each module a capability.

// Fixture helpers outside #[test] functions may unwrap too: a failure there is a test failure.
#![allow(clippy::unwrap_used)]

mod util;

mod access_props;
mod audit;
mod backup;
mod bindings;
mod bundle;
mod bundle_tamper;
mod calendar;
mod candidates;
mod crash;
mod deadline;
mod demo;
mod desk;
mod findings;
mod hostile;
mod items;
mod jobs;
mod layout;
mod ledger;
mod ocr;
mod ofd;
mod ole;
mod permissions;
mod permissions_items;
mod permissions_more;
mod redact;
mod redact_item;
mod redact_ofd;
mod reliability;
mod report;
mod request_letters;
mod request_parts;
mod request_report;
mod request_rules;
mod requests;
mod review;
mod review_props;
mod rules;
mod scan;
mod scan_stream;
mod search;
mod settings;
mod shared;
mod sheet;
mod staff_import;
mod store;
mod trust;
mod upgrade;
mod wording;
mod xss;
