//! 数据目录锁 — one program writes a data directory at a time.
//!
//! The app holds an exclusive lock on `disclosure.lock` in the data directory for as long
//! as it runs; the CLI's writing commands take the same lock for their run and refuse,
//! with a Chinese message, while anyone else holds it. Reading commands take no lock. The
//! operating system releases the lock when the process ends, however it ends, so a crash
//! never leaves the directory locked.

use std::fs::{File, OpenOptions};

use fs4::fs_std::FileExt;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::{io_reason, Error, Result};

/// The lock file's name inside the data directory.
pub const LOCK_FILE: &str = "disclosure.lock";

/// Held while alive; dropping it releases the lock.
#[derive(Debug)]
pub struct DirLock {
    _file: File,
}

/// Takes the data directory's lock, or refuses at once when another program holds it.
pub fn acquire(dir: &Path) -> Result<DirLock> {
    let file = open(dir)?;
    match FileExt::try_lock_exclusive(&file) {
        Ok(true) => Ok(DirLock { _file: file }),
        Ok(false) => Err(Error::Locked(format!(
            "数据目录“{}”正被政务公开工作台程序（或另一条命令）使用，不能同时修改数据。\
             请关闭程序后再运行此命令；只读的命令（如 info、item list、audit verify）可以照常使用。",
            dir.display()
        ))),
        Err(e) => Err(Error::io(
            format!("锁定数据目录“{}”（{}）", dir.display(), io_reason(&e)),
            e,
        )),
    }
}

/// Takes the lock, waiting up to `wait` for a short command that holds it to finish.
pub fn acquire_waiting(dir: &Path, wait: Duration) -> Result<DirLock> {
    let start = Instant::now();
    loop {
        match acquire(dir) {
            Err(Error::Locked(_)) if start.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

fn open(dir: &Path) -> Result<File> {
    let fail = |e: std::io::Error| {
        Error::DataDir(format!(
            "无法使用数据目录“{}”：{}。",
            dir.display(),
            io_reason(&e)
        ))
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK_FILE))
        .map_err(fail)
}
