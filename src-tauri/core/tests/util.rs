//! Fixtures shared by the integration tests: each test gets its own temp data directory.

use std::path::Path;

use disclosure_core::Store;
use tempfile::TempDir;

pub struct Dir {
    pub tmp: TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn open(&self) -> Store {
        Store::open(self.path()).expect("store opens")
    }
}
