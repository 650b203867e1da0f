use disclosure_core::review::{self, Ground};
use disclosure_core::Result;
use tauri::Runtime;

use super::Ctx;

pub fn review_grounds<R: Runtime>(_cx: &Ctx<R>) -> Result<Vec<Ground>> {
    Ok(review::grounds())
}
