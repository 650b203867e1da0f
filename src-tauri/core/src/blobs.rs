//! 附件文件 — content-addressed storage in `<data dir>/blobs/ab/<sha256>`.
//!
//! A file is copied in while being hashed, into a temporary file in the same folder, then
//! renamed to its hash: a crash leaves at most a `.tmp` file, never a wrong blob. The same
//! content is stored once however many items attach it. Blobs are never deleted while any
//! version may name them (versions are kept for ever).

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{io_reason, Error, Result};

pub const DIR: &str = "blobs";

/// Where the blob with `sha256` lives.
pub fn path(data_dir: &Path, sha256: &str) -> PathBuf {
    data_dir.join(DIR).join(&sha256[..2]).join(sha256)
}

/// A file copied into the store.
pub struct Stored {
    pub sha256: String,
    pub size: u64,
    /// False when the content was already there.
    pub new: bool,
}

/// Copies `source` into the store, refusing files over `limit` bytes.
pub fn put(data_dir: &Path, source: &Path, limit: u64) -> Result<Stored> {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let unreadable = |e: &std::io::Error| {
        Error::invalid(
            "attachments",
            format!("无法读取文件“{name}”：{}。", io_reason(e)),
        )
    };
    let meta = std::fs::metadata(source).map_err(|e| unreadable(&e))?;
    if !meta.is_file() {
        return Err(Error::invalid("attachments", format!("“{name}”不是文件。")));
    }
    if meta.len() > limit {
        return Err(too_big(&name, limit));
    }
    let mut input = File::open(source).map_err(|e| unreadable(&e))?;
    let root = data_dir.join(DIR);
    std::fs::create_dir_all(&root).map_err(|e| Error::io("创建附件目录", e))?;
    let tmp = tempfile_in(&root)?;
    let mut out =
        BufWriter::new(crate::paths::create_private(&tmp).map_err(|e| Error::io("写入附件", e))?);
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut buf = vec![0u8; 256 * 1024];
    let copy = (|| -> Result<()> {
        loop {
            let n = input.read(&mut buf).map_err(|e| unreadable(&e))?;
            if n == 0 {
                break;
            }
            size += n as u64;
            if size > limit {
                return Err(too_big(&name, limit));
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])
                .map_err(|e| Error::io("写入附件", e))?;
        }
        out.flush().map_err(|e| Error::io("写入附件", e))?;
        out.get_ref()
            .sync_all()
            .map_err(|e| Error::io("写入附件", e))?;
        Ok(())
    })();
    drop(out);
    if let Err(e) = copy {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let sha256 = hex::encode(hasher.finalize());
    let dest = path(data_dir, &sha256);
    if dest.exists() {
        let _ = std::fs::remove_file(&tmp);
        return Ok(Stored {
            sha256,
            size,
            new: false,
        });
    }
    std::fs::create_dir_all(dest.parent().unwrap_or(&root))
        .map_err(|e| Error::io("创建附件目录", e))?;
    std::fs::rename(&tmp, &dest).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io("保存附件", e)
    })?;
    Ok(Stored {
        sha256,
        size,
        new: true,
    })
}

/// Stores bytes made in memory (generated demo attachments) the same way as a copied file:
/// a temporary file in the store renamed to its hash; content already there is kept.
pub fn put_bytes(data_dir: &Path, bytes: &[u8]) -> Result<Stored> {
    let sha256 = hex::encode(Sha256::digest(bytes));
    let dest = path(data_dir, &sha256);
    let size = bytes.len() as u64;
    if dest.exists() {
        return Ok(Stored {
            sha256,
            size,
            new: false,
        });
    }
    let root = data_dir.join(DIR);
    std::fs::create_dir_all(dest.parent().unwrap_or(&root))
        .map_err(|e| Error::io("创建附件目录", e))?;
    let tmp = tempfile_in(&root)?;
    let written = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, &dest));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io("保存附件", e));
    }
    Ok(Stored {
        sha256,
        size,
        new: true,
    })
}

/// Removes a blob that was just stored but whose database record could not be written.
pub fn discard(data_dir: &Path, stored: &Stored) {
    if stored.new {
        let _ = std::fs::remove_file(path(data_dir, &stored.sha256));
    }
}

fn too_big(name: &str, limit: u64) -> Error {
    Error::invalid(
        "attachments",
        format!(
            "文件“{name}”超过了 {} MB 的大小限制。",
            limit / (1024 * 1024)
        ),
    )
}

fn tempfile_in(dir: &Path) -> Result<PathBuf> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    Ok(dir.join(format!(".{}-{n}.tmp", std::process::id())))
}
