//! The sessions as kept across a restart of the server: `server-sessions.json` in the data
//! directory, readable by the server's account only. It holds no token, only each token's
//! SHA-256 (as the server does in memory), who, from where and since when.

use std::net::IpAddr;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

pub const FILE: &str = "server-sessions.json";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Kept {
    pub token_sha256: String,
    pub id: String,
    pub staff_id: i64,
    pub address: IpAddr,
    #[serde(default)]
    pub host: Option<String>,
    pub program: String,
    pub since: DateTime<FixedOffset>,
    pub last_active: DateTime<FixedOffset>,
}

/// The kept sessions; none when the file is missing or damaged (everyone signs in again).
pub fn load(file: &Path) -> Vec<Kept> {
    let Ok(text) = std::fs::read_to_string(file) else {
        return Vec::new();
    };
    serde_json::from_str(&text).unwrap_or_else(|e| {
        log::warn!(
            "{} unreadable, sessions not carried over: {e}",
            file.display()
        );
        Vec::new()
    })
}

/// Writes the sessions whole (atomically); a failure is logged (people then sign in again
/// after a restart, nothing else is lost).
pub fn save(file: &Path, list: &[Kept]) {
    let json = match serde_json::to_vec(list) {
        Ok(j) => j,
        Err(e) => return log::error!("sessions not kept: {e}"),
    };
    if let Err(e) = disclosure_core::paths::write_atomic(file, &json, "保存在线会话") {
        log::error!("sessions not kept: {e}");
    }
}
