//! 政务公开工作台 core (`disclosure-core`): every rule and every byte on disk.
//!
//! The Tauri shell and the `disclosure` CLI are thin adapters over the plain functions
//! here, which take a `&Store` (or `&mut Store`) and return typed results or an
//! [`Error`] that serializes as `{code, message}`. Nothing here depends on a window.

pub mod agency;
pub mod audit;
pub mod audit_admin;
pub mod backup;
pub mod bindings;
pub mod blobs;
pub mod bundle;
pub mod calendar;
pub mod category;
pub mod clock;
pub mod contacts;
pub mod csv_cell;
pub mod dashboard;
pub mod data;
pub mod deadline;
#[cfg(feature = "demo")]
pub mod demo;
pub mod error;
pub mod html;
pub mod index_no;
pub mod item;
pub mod job;
pub mod lock;
pub mod office;
pub mod overview;
pub mod paths;
pub mod plan;
pub mod preferences;
pub mod reads;
pub mod redact;
pub mod report;
pub mod request;
pub mod review;
pub mod scan;
pub mod search;
mod seed;
pub mod sensitive_words;
pub mod session;
pub mod sheet;
pub mod staff;
pub mod staff_import;
pub mod store;
mod typeset;
pub mod window;
pub mod wording;
pub mod zipsafe;

// Who may read an item and the catalog's checks on its fields are the item's own (`item::access`,
// `item::rules`); their paths at the crate root stay for the shell, the CLI and the tests.
pub use item::{access, rules};

pub use error::{Error, Result, StorageError};
pub use store::Store;
