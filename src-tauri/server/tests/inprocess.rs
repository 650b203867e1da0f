//! The command table run in-process, as the desktop window runs it: the same table,
//! expanded for a shell with no dialogs (a pick is cancelled, a save goes to a temporary
//! folder). The permission sweep compares the network's answers with these.

use std::path::{Path, PathBuf};

use disclosure_api::page::bundle::ExportCancel;
use disclosure_api::page::jobs::JobCancel;
use disclosure_api::table::prelude::*;
use disclosure_api::{Desk, Filter, Gate, Scratch, Slot};

pub struct Local {
    pub desk: Desk,
    pub slot: Slot,
    jobs: JobCancel,
    export: ExportCancel,
    scratch: Scratch,
    out: tempfile::TempDir,
}

impl Local {
    pub fn open(dir: &Path) -> Local {
        Local {
            desk: Desk::open(dir.to_path_buf()),
            slot: Default::default(),
            jobs: Default::default(),
            export: Default::default(),
            scratch: Default::default(),
            out: tempfile::tempdir().unwrap(),
        }
    }
}

impl Shell for Local {
    fn desk(&self) -> Gate<'_> {
        Gate::new(&self.desk, &self.slot)
    }
    fn pick_file(&self, _: &str, _: Filter<'_>) -> Option<PathBuf> {
        None
    }
    fn pick_files(&self, _: &str) -> Vec<PathBuf> {
        Vec::new()
    }
    fn pick_folder(&self, _: &str) -> Option<PathBuf> {
        let d = self
            .out
            .path()
            .join(uuid::Uuid::new_v4().simple().to_string());
        std::fs::create_dir_all(&d).unwrap();
        Some(d)
    }
    fn save_path(&self, _: &str, suggested: &str, _: Filter<'_>) -> Option<PathBuf> {
        self.pick_folder("").map(|d| d.join(suggested))
    }
    fn open(&self, _: &Path, _: (&'static str, &'static str)) -> disclosure_core::Result<()> {
        Ok(())
    }
    fn emit<P: serde::Serialize + Clone>(&self, _: &str, _: P) {}
    fn jobs(&self) -> &JobCancel {
        &self.jobs
    }
    fn export_cancel(&self) -> &ExportCancel {
        &self.export
    }
    fn scratch(&self) -> &Scratch {
        &self.scratch
    }
    fn sign_out_everyone(&self) {
        *self.slot.lock().unwrap() = None;
    }
    fn lan_status(&self) -> disclosure_core::window::LanStatus {
        disclosure_core::window::LanStatus {
            mode: "single".into(),
            fingerprint: None,
            ca_download: false,
            sessions: Vec::new(),
        }
    }
    fn end_session(&self, _: &str) -> bool {
        false
    }
    fn viewing(&self, _: i64) -> Vec<String> {
        Vec::new()
    }
}

macro_rules! local_commands {
    ($( $(#[doc = $doc:literal])* $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $out:ty = $run:expr ; )*) => {
        /// `ok`, `bad_args` or the error's code, as [`crate::harness::Answer::outcome`].
        pub fn run(cx: &Local, name: &str, args: &serde_json::Value) -> String {
            match name {
                $( stringify!($name) => {
                    #[derive(serde::Deserialize)]
                    #[serde(rename_all = "camelCase", deny_unknown_fields)]
                    struct Args { $($arg: $ty),* }
                    match serde_json::from_value::<Args>(args.clone()) {
                        Err(_) => "bad_args".to_string(),
                        Ok(Args { $($arg),* }) => {
                            let run: fn(&Local, $($ty),*) -> disclosure_core::Result<$out> = $run;
                            match run(cx, $($arg),*) {
                                Ok(_) => "ok".to_string(),
                                Err(e) => e.code().to_string(),
                            }
                        }
                    }
                } )*
                _ => panic!("no command {name}"),
            }
        }
    };
}

disclosure_api::command_table!(local_commands);
