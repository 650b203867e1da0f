use disclosure_core::review::{self, Ground};
use disclosure_core::Result;

use crate::Shell;

pub fn review_grounds<S: Shell>(_cx: &S) -> Result<Vec<Ground>> {
    Ok(review::grounds())
}
