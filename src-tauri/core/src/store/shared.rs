//! 共享数据库 — the store as a program serving several callers at once uses it: one writer
//! connection, taken by one caller at a time, and a small pool of read-only connections,
//! each read running in its own transaction, so it sees one consistent snapshot and never
//! waits for the writer (WAL lets readers and one writer work side by side; nothing here
//! makes a read take the writer's lock either, so a read never queues behind a save's
//! commit, however long the disk takes to flush it). A long read —
//! the audit check, a report, the reading half of an export — holds only its own
//! connection, so the lists, the dashboard and every save go on meanwhile.
//!
//! The desktop window uses it today; the LAN server will use the same.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, RwLock};

use rusqlite::{Connection, OpenFlags};

use super::{latest_version, schema_version, Store, DB_FILE};
use crate::error::{Error, Result};

/// How many idle read connections are kept (more are opened when more callers read at
/// once, and closed after).
const IDLE_READERS: usize = 4;

/// What the layer that opens the store does for the connections the pool opens (the
/// store itself knows nothing of the audit log or the seed data: see `crate::data`).
#[derive(Clone, Copy)]
pub struct Hooks {
    /// Opens the writer again, as the app opens it (after a restore that failed).
    pub reopen: fn(&Path) -> Result<Store>,
    /// Readies a read connection before each read (the audit keys: loaded on a new
    /// connection, and again when the writer added an epoch since).
    pub ready_reader: fn(&Connection) -> Result<()>,
}

pub struct Db {
    dir: PathBuf,
    hooks: Hooks,
    writer: Mutex<Option<Store>>,
    /// Whether the store is open, and which one: bumped each time the store is closed,
    /// put or replaced, so a read connection to an earlier file is never reused. A read
    /// holds it only while it finds a connection; closing or replacing the store holds it
    /// throughout, so a read that starts meanwhile waits and reads the new file.
    state: RwLock<Served>,
    /// Idle read connections, with the generation of the store they read.
    readers: Mutex<Vec<(u64, Store)>>,
    /// Counts the writer's calls that changed something (see [`Db::changes`]).
    changes: std::sync::atomic::AtomicU64,
}

/// What [`Db::state`] says.
#[derive(Clone, Copy)]
struct Served {
    open: bool,
    generation: u64,
}

impl Db {
    /// Serves `store` (opened and migrated by `Store::open`).
    pub fn new(store: Store, hooks: Hooks) -> Db {
        Db {
            dir: store.data_dir().to_path_buf(),
            hooks,
            writer: Mutex::new(Some(store)),
            state: RwLock::new(Served {
                open: true,
                generation: 0,
            }),
            readers: Mutex::new(Vec::new()),
            changes: Default::default(),
        }
    }

    /// A database that did not open: every call answers with the closed error until
    /// [`Db::put`] gives it a store.
    pub fn closed(dir: &Path, hooks: Hooks) -> Db {
        Db {
            dir: dir.to_path_buf(),
            hooks,
            writer: Mutex::new(None),
            state: RwLock::new(Served {
                open: false,
                generation: 0,
            }),
            readers: Mutex::new(Vec::new()),
            changes: Default::default(),
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.dir
    }

    pub fn is_open(&self) -> bool {
        self.state().open
    }

    /// Runs `f` on the writer connection, one caller at a time. `f` must not read through
    /// [`Db::read`] (it has the writer's snapshot already): a restore waiting for the
    /// writer would hold up that read, and so `f`, for ever.
    pub fn write<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        match self.writer().as_mut() {
            Some(store) => {
                let before = store.conn.total_changes();
                let out = f(store);
                if store.conn.total_changes() != before {
                    self.changes
                        .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
                out
            }
            None => Err(closed()),
        }
    }

    /// How many times the data has changed since it was opened (a save, a decision, a
    /// restore …; also a failed sign-in, which is recorded): the LAN server tells the
    /// other pages to refresh when a command changed it.
    pub fn changes(&self) -> u64 {
        self.changes.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Runs `f` on a read-only connection inside one read transaction: everything `f`
    /// reads is one snapshot, and a writer meanwhile neither waits for it nor is seen by
    /// it. `f` cannot write (SQLite refuses with `SQLITE_READONLY`).
    pub fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let (generation, reader) = self.reader()?;
        (self.hooks.ready_reader)(&reader.conn)?;
        // The snapshot starts at the transaction's first read, made here: `f` sees the
        // data as it was when it was called.
        reader.conn.execute_batch("BEGIN DEFERRED")?;
        reader
            .conn
            .query_row("SELECT count(*) FROM main.sqlite_schema", [], |_| Ok(()))?;
        let out = f(&reader);
        // A read transaction: ending it cannot lose anything, whatever `f` returned.
        let ended = reader.conn.execute_batch("COMMIT");
        // Kept for the next read unless the store was closed or replaced meanwhile (checked
        // and kept under the state's lock, so a close cannot slip in between).
        let served = self.state.read().unwrap_or_else(|p| p.into_inner());
        if ended.is_ok() && served.open && served.generation == generation {
            let mut idle = self.idle();
            if idle.len() < IDLE_READERS {
                idle.push((generation, reader));
            }
        }
        out
    }

    /// A read connection to the store being served, and its generation: an idle one, or a
    /// new one opened without holding any lock (opening waits on the disk), kept only if
    /// the store was not closed or replaced meanwhile.
    fn reader(&self) -> Result<(u64, Store)> {
        loop {
            let generation = {
                let served = self.state.read().unwrap_or_else(|p| p.into_inner());
                if !served.open {
                    return Err(closed());
                }
                let mut idle = self.idle();
                idle.retain(|(g, _)| *g == served.generation);
                if let Some(r) = idle.pop() {
                    return Ok(r);
                }
                served.generation
            };
            let opened = Store::open_reader(&self.dir)?;
            if self.state().generation == generation {
                return Ok((generation, opened));
            }
        }
    }

    /// Closes the store (the data was found damaged): every caller gets the closed error
    /// until [`Db::put`].
    pub fn close(&self) -> Option<Store> {
        let mut served = self.serving();
        let mut writer = self.writer();
        self.idle().clear();
        served.open = false;
        served.generation += 1;
        writer.take()
    }

    /// Serves `store` from now on (a restored backup, a store opened after the damaged
    /// one was replaced). Read connections to the old file are closed first.
    pub fn put(&self, store: Store) {
        let mut served = self.serving();
        let mut writer = self.writer();
        self.idle().clear();
        *writer = Some(store);
        served.open = true;
        served.generation += 1;
        self.changes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// Replaces the store with what `f` makes of it (a restore): the writer is held and
    /// the readers closed meanwhile, and reads that start meanwhile wait for the new
    /// store. When `f` fails the store is reopened as it was.
    pub fn replace(&self, f: impl FnOnce(Store) -> Result<Store>) -> Result<()> {
        let mut served = self.serving();
        let mut writer = self.writer();
        self.idle().clear();
        served.generation += 1;
        let store = writer.take().ok_or_else(closed)?;
        // Closed until the new store is in place (if `f` panics, it stays closed).
        served.open = false;
        let out = match f(store) {
            Ok(s) => {
                *writer = Some(s);
                self.changes
                    .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                Ok(())
            }
            Err(e) => {
                *writer = (self.hooks.reopen)(&self.dir).ok();
                Err(e)
            }
        };
        served.open = writer.is_some();
        out
    }

    fn state(&self) -> Served {
        *self.state.read().unwrap_or_else(|p| p.into_inner())
    }

    fn serving(&self) -> std::sync::RwLockWriteGuard<'_, Served> {
        self.state.write().unwrap_or_else(|p| p.into_inner())
    }

    fn writer(&self) -> MutexGuard<'_, Option<Store>> {
        // A panic in an earlier caller must not lock everyone out: SQLite's own
        // transactions keep the data consistent, so the poisoned guard is safe to reuse.
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn idle(&self) -> MutexGuard<'_, Vec<(u64, Store)>> {
        self.readers.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn closed() -> Error {
    Error::DataDir("数据未能打开，请按启动页面的提示处理后重新启动本程序。".into())
}

impl Store {
    /// A read-only connection to the (already migrated) store in `dir`, for [`Db::read`].
    fn open_reader(dir: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            dir.join(DB_FILE),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let found = schema_version(&conn)?;
        if found != latest_version() {
            return Err(Error::NewerDatabase {
                found,
                supported: latest_version(),
            });
        }
        Ok(Store {
            conn,
            dir: dir.to_path_buf(),
        })
    }
}
