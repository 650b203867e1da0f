//! 显示设置 — per-installation display preferences (text size, language), kept in the
//! `setting` table as one JSON value so a new preference needs no migration.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::{settings, Store};

const KEY: &str = "preferences";

/// Text sizes offered: 标准, 较大, 大, 特大 (older staff read at 16px and up).
pub const FONT_SIZES: [u8; 4] = [14, 16, 18, 20];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Preferences {
    /// Base font size of the window in CSS pixels.
    pub font_size: u8,
    /// UI language: `zh-CN` (default) or `en-US`.
    pub locale: String,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            font_size: 14,
            locale: "zh-CN".into(),
        }
    }
}

/// The saved preferences; defaults when none are saved or the saved value is unreadable
/// (a damaged setting must never keep the window from opening).
pub fn get(store: &Store) -> Result<Preferences> {
    Ok(match settings::get(store.conn(), KEY)? {
        None => Preferences::default(),
        Some(raw) => serde_json::from_str(&raw).unwrap_or_else(|e| {
            log::warn!("unreadable preferences, using defaults: {e}");
            Preferences::default()
        }),
    })
}

pub fn set(store: &Store, prefs: &Preferences) -> Result<Preferences> {
    if !FONT_SIZES.contains(&prefs.font_size) {
        return Err(Error::invalid("font_size", "请选择列出的字号。"));
    }
    if !matches!(prefs.locale.as_str(), "zh-CN" | "en-US") {
        return Err(Error::invalid("locale", "不支持该界面语言。"));
    }
    let value =
        serde_json::to_string(prefs).map_err(|e| Error::invalid("preferences", e.to_string()))?;
    settings::set(store.conn(), KEY, &value)?;
    get(store)
}
