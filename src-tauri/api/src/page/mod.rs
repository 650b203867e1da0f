//! The commands that are more than one call into the core (dialogs, progress, cancelling),
//! grouped by page and written once for every shell ([`crate::Shell`]); a command that is
//! one call is written in its declaration in [`crate::table`]. No SQL, no rules, no
//! formatting here.

pub mod backup;
pub mod bundle;
pub mod items;
pub mod jobs;
pub mod overview;
pub mod reports;
pub mod requests;
pub mod review;
pub mod session;
pub mod settings;
pub mod sheet;
