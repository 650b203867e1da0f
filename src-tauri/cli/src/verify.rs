//! `disclosure verify`: a bundle checked on its own, or against this data directory's record of its export.

use std::path::Path;
use std::process::ExitCode;

use disclosure_core::{bundle, Error, Store};

use super::json;

/// `disclosure verify`: on its own it needs no data directory; `--against-db` also
/// compares the zip with this data directory's record of its export. Neither shows any
/// record's content, so neither needs a sign-in.
pub fn verify(store: Option<&mut Store>, path: &Path, as_json: bool) -> Result<ExitCode, Error> {
    let check = match store {
        Some(s) => bundle::verify_recorded(s, path)?,
        None => bundle::verify(path)?,
    };
    if as_json {
        println!("{}", json(&check));
    } else if check.ok {
        println!("OK {}：{}", check.path, check.message);
    } else {
        println!("FAILED {}：{}", check.path, check.message);
        for p in &check.problems {
            match &p.file {
                Some(file) => println!("{}\t{file}\t{}", p.kind.label(), p.message),
                None => println!("{}\t-\t{}", p.kind.label(), p.message),
            }
        }
    }
    Ok(ExitCode::from(u8::from(!check.ok)))
}
