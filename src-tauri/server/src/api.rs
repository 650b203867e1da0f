//! The command table over HTTPS: [`dispatch`] is the one command table of
//! `disclosure-api` expanded for the network (see [`http_commands`]), and [`HttpCtx`] is
//! the request as a [`Shell`]: the file a browser uploaded with the request stands for a
//! dialog's pick, and what a command saves or opens is offered as a download. Every rule
//! stays in the core; nothing here decides who may do what.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use disclosure_api::page::bundle::ExportCancel;
use disclosure_api::page::jobs::JobCancel;
use disclosure_api::table::prelude::*;
use disclosure_api::{Filter, Gate, Scratch, Slot};
use disclosure_core::window::{ActiveSession, LanStatus};
use disclosure_core::Error;

use crate::sessions::Client;
use crate::state::{Event, State};

/// One request, as the shell its command runs in.
pub struct HttpCtx {
    pub state: Arc<State>,
    /// The signed-in client, or `None` before sign-in.
    pub client: Option<Arc<Client>>,
    /// The session of a request without one (sign-in fills it).
    pub anonymous: Slot,
    /// The files uploaded for this request (`X-Desk-Upload`).
    pub uploads: Vec<PathBuf>,
    /// Where this request's saved files go (made when first needed).
    pub out_dir: PathBuf,
    /// The files and folders the command saved or opened: offered as downloads.
    pub delivered: RefCell<Vec<PathBuf>>,
}

impl HttpCtx {
    pub fn slot(&self) -> &Slot {
        self.client.as_ref().map_or(&self.anonymous, |c| &c.slot)
    }

    fn out_dir(&self) -> Option<PathBuf> {
        disclosure_core::paths::private_dir(&self.out_dir)
            .map_err(|e| log::error!("download folder: {e}"))
            .ok()?;
        Some(self.out_dir.clone())
    }
}

/// A file name as suggested by a command, safe as one path component.
pub fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => '-',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "文件".into()
    } else {
        cleaned
    }
}

impl Shell for HttpCtx {
    fn desk(&self) -> Gate<'_> {
        Gate::new(&self.state.desk, self.slot())
    }

    fn pick_file(&self, _title: &str, _filter: Filter<'_>) -> Option<PathBuf> {
        self.uploads.first().cloned()
    }

    fn pick_files(&self, _title: &str) -> Vec<PathBuf> {
        self.uploads.clone()
    }

    fn pick_folder(&self, _title: &str) -> Option<PathBuf> {
        let dir = self.out_dir()?;
        self.delivered.borrow_mut().push(dir.clone());
        Some(dir)
    }

    /// The server's export folder (the bundle is then offered for download by itself,
    /// see `routes::command`), or else a folder of downloads.
    fn bundle_folder(&self) -> Option<PathBuf> {
        let Some(dir) = &self.state.export_dir else {
            return self.pick_folder("");
        };
        std::fs::create_dir_all(dir)
            .map_err(|e| log::error!("export folder {}: {e}", dir.display()))
            .ok()?;
        Some(dir.clone())
    }

    fn save_path(&self, _title: &str, suggested: &str, _filter: Filter<'_>) -> Option<PathBuf> {
        let path = self.out_dir()?.join(safe_name(suggested));
        self.delivered.borrow_mut().push(path.clone());
        Some(path)
    }

    /// A file is offered to the browser (a PDF opens in its viewer); a folder of the
    /// server cannot be shown.
    fn open(
        &self,
        path: &Path,
        _refused: (&'static str, &'static str),
    ) -> disclosure_core::Result<()> {
        if path.is_file() {
            self.delivered.borrow_mut().push(path.to_path_buf());
            Ok(())
        } else {
            Err(Error::invalid(
                "server",
                "这是服务器上的文件夹，不能在浏览器里打开；请到服务器上查看。",
            ))
        }
    }

    fn emit<P: serde::Serialize + Clone>(&self, event: &str, payload: P) {
        let Some(client) = &self.client else { return };
        let payload = serde_json::to_value(payload).unwrap_or_default();
        // Nobody listening is not an error.
        let _ = self.state.events.send(Event {
            to: Some(client.id.clone()),
            name: event.to_string(),
            payload,
        });
    }

    fn jobs(&self) -> &JobCancel {
        self.client
            .as_ref()
            .map_or(&self.state.idle_jobs, |c| &c.jobs)
    }

    fn export_cancel(&self) -> &ExportCancel {
        self.client
            .as_ref()
            .map_or(&self.state.idle_export, |c| &c.export_cancel)
    }

    fn scratch(&self) -> &Scratch {
        &self.state.scratch
    }

    fn sign_out_everyone(&self) {
        self.state.sessions.end_all();
    }

    fn lan_status(&self) -> LanStatus {
        let people: std::collections::HashMap<i64, (String, String)> = self
            .state
            .desk
            .read(disclosure_core::staff::list)
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.id, (p.name, p.office_name)))
            .collect();
        let mine = self.client.as_ref().map(|c| c.id.clone());
        let sessions = self
            .state
            .sessions
            .list()
            .into_iter()
            .filter_map(|s| {
                let (name, office) = people.get(&s.staff_id?)?.clone();
                Some(ActiveSession {
                    current: mine.as_deref() == Some(s.id.as_str()),
                    id: s.id,
                    staff_name: name,
                    office_name: office,
                    address: s.address,
                    program: s.program,
                    since: s.since,
                    last_active: s.last_active,
                })
            })
            .collect();
        LanStatus {
            mode: "server".into(),
            fingerprint: Some(self.state.fingerprint.clone()),
            ca_download: self.state.ca_pem.is_some(),
            sessions,
        }
    }

    fn end_session(&self, id: &str) -> bool {
        self.state.sessions.end(id)
    }

    fn viewing(&self, id: i64) -> Vec<String> {
        let Some(me) = &self.client else {
            return Vec::new();
        };
        me.view(id);
        let mine = me.staff_id();
        self.state
            .sessions
            .viewers(id, &me.id)
            .into_iter()
            .filter(|p| Some(*p) != mine)
            .filter_map(|p| {
                self.state
                    .desk
                    .read(|s| disclosure_core::staff::get(s, p))
                    .ok()
            })
            .map(|p| format!("{}（{}）", p.name, p.office_name))
            .collect()
    }
}

/// What running a command came to.
pub enum Outcome {
    /// The arguments were not what the command takes: 400.
    BadRequest(String),
    /// The command ran: its JSON answer or the core's error.
    Ran(disclosure_core::Result<serde_json::Value>),
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| format!("请求的参数不正确：{e}"))
}

fn to_json<T: serde::Serialize>(value: &T) -> disclosure_core::Result<serde_json::Value> {
    serde_json::to_value(value)
        .map_err(|e| Error::io("整理结果", std::io::Error::other(e.to_string())))
}

/// Expands the command table for the network: [`dispatch`] runs a command by name with
/// its JSON arguments (the same object the window's `invoke` sends, keys in camelCase,
/// unknown keys refused), and [`NAMES`] lists every command.
macro_rules! http_commands {
    ($( $(#[doc = $doc:literal])* $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $out:ty = $run:expr ; )*) => {
        /// Runs the command `name` with its JSON arguments; `None` when there is no such
        /// command.
        pub fn dispatch(cx: &HttpCtx, name: &str, args: &[u8]) -> Option<Outcome> {
            match name {
                $( stringify!($name) => Some({
                    #[derive(serde::Deserialize)]
                    #[serde(rename_all = "camelCase", deny_unknown_fields)]
                    struct Args { $($arg: $ty),* }
                    match parse::<Args>(args) {
                        Err(e) => Outcome::BadRequest(e),
                        Ok(Args { $($arg),* }) => {
                            let run: fn(&HttpCtx, $($ty),*) -> disclosure_core::Result<$out> = $run;
                            Outcome::Ran(run(cx, $($arg),*).and_then(|v| to_json(&v)))
                        }
                    }
                }), )*
                _ => None,
            }
        }

        /// Every command's name.
        pub const NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}

disclosure_api::command_table!(http_commands);
