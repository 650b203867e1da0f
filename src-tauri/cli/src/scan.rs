//! `disclosure scan`: the pre-review scanner over files outside the database.

use std::path::PathBuf;
use std::process::ExitCode;

use disclosure_core::{contacts, paths, scan, sensitive_words, wording, Error, Store};

use super::json;

/// `disclosure scan`: the files are outside the database. The sensitive-word list, the
/// 错敏词 lists and the agency's public contacts (never reported) are the ones stored in
/// the data directory; where there is no database (none is created), no sensitive words
/// or contacts and only the shipped 错敏词 lists, every entry on.
pub fn scan(
    data_dir: Option<PathBuf>,
    files: &[PathBuf],
    as_json: bool,
) -> Result<ExitCode, Error> {
    let store = match paths::resolve_data_dir(data_dir) {
        Ok(dir) => Store::open_existing(&dir)?,
        Err(_) => None,
    };
    let (words, lists, public) = match &store {
        Some(store) => (
            sensitive_words::list(store)?,
            wording::load(store)?,
            contacts::list(store)?,
        ),
        None => (Vec::new(), wording::shipped_only(), Vec::new()),
    };
    drop(store);
    let public = contacts::Allowed::new(&public);
    let scanner = scan::Scanner::with_wording(&words, &lists);
    let mut findings = Vec::new();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        // Plain-text files are scanned as they are read, in bounded memory.
        findings.extend(
            scan::scan_path(&scanner, &name, path, &scan::ScanOptions::default())
                .map_err(|e| Error::io(format!("无法读取 {}", path.display()), e))?,
        );
    }
    findings.retain(|f| !public.covers(f.kind, &f.matched));
    if as_json {
        println!("{}", json(&serde_json::json!({ "findings": findings })));
    } else {
        for f in &findings {
            println!(
                "{}\t{}\t{}\t{}{}",
                f.location,
                f.kind.label(),
                f.severity.label(),
                f.excerpt,
                f.suggestion
                    .as_deref()
                    .map(|s| format!("\t{s}"))
                    .unwrap_or_default()
            );
        }
        let blocking = findings
            .iter()
            .filter(|f| f.severity == scan::Severity::Block)
            .count();
        println!("共发现 {} 处，其中阻断 {blocking} 处。", findings.len());
    }
    let blocked = findings.iter().any(|f| f.severity == scan::Severity::Block);
    Ok(ExitCode::from(u8::from(blocked)))
}
