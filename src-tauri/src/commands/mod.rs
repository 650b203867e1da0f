//! Commands: one-line adapters from the window to `disclosure-core`, grouped by page.
//! No SQL, no rules, no formatting here.

pub mod backup;
pub mod bundle;
pub mod dialog;
pub mod items;
pub mod overview;
pub mod reports;
pub mod review;
pub mod session;
pub mod settings;
pub mod sheet;
