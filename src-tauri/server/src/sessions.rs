//! The people signed in over the network: one [`Client`] per sign-in, found by its token
//! (an HttpOnly cookie for a browser, a bearer token for the desktop client). The session
//! itself — who, locked or not, when the password was last typed — is the core's
//! [`Session`], the same as at the desktop window, so auto-lock and step-up apply alike.
//! Tokens are 256 random bits, kept here only as their SHA-256. The server keeps the
//! sessions (without their tokens) in its data directory, so a restart — or a crash —
//! does not sign everyone out: each comes back locked ([`Session::resumed`]).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use disclosure_api::page::bundle::ExportCancel;
use disclosure_api::page::jobs::JobCancel;
use disclosure_api::Slot;
use disclosure_core::session::Session;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// An editor that has not said so for this long no longer counts as having the item open
/// (it says so every 10 seconds).
pub const VIEWING_FOR: Duration = Duration::from_secs(30);

/// A session unused this long is forgotten (the core locks it long before).
const FORGET_AFTER: Duration = Duration::from_secs(12 * 3600);

/// One sign-in from one browser or desktop client.
pub struct Client {
    /// Shown to administrators and used to end the session; not the token.
    pub id: String,
    pub slot: Slot,
    pub address: IpAddr,
    /// The computer's name by reverse DNS (the hosts file or the LAN's DNS), if it has one.
    pub host: Option<String>,
    /// 浏览器 or 桌面客户端, and the browser's own name.
    pub program: String,
    pub since: DateTime<FixedOffset>,
    last: Mutex<(Instant, DateTime<FixedOffset>)>,
    /// This client's long jobs and export, so one person's 取消 stops only their own.
    pub jobs: JobCancel,
    pub export_cancel: ExportCancel,
    /// The item this person last said they have open, and when.
    viewing: Mutex<Option<(i64, Instant)>>,
}

impl Client {
    pub fn touch(&self) {
        *self.last.lock().unwrap_or_else(|p| p.into_inner()) =
            (Instant::now(), disclosure_core::clock::now());
    }

    /// `192.168.1.23 PC-ZHANG 浏览器`: what the audit log records with each action.
    pub fn origin(&self) -> String {
        match &self.host {
            Some(host) => format!("{} {host} {}", self.address, self.program),
            None => format!("{} {}", self.address, self.program),
        }
    }

    /// `192.168.1.23（PC-ZHANG）`, as administrators see it.
    pub fn shown_address(&self) -> String {
        match &self.host {
            Some(host) => format!("{}（{host}）", self.address),
            None => self.address.to_string(),
        }
    }

    /// Notes that this client has item `id` open now.
    pub fn view(&self, id: i64) {
        *self.viewing.lock().unwrap_or_else(|p| p.into_inner()) = Some((id, Instant::now()));
    }

    /// Whether this client said within the last [`VIEWING_FOR`] that it has item `id` open.
    pub fn is_viewing(&self, id: i64) -> bool {
        matches!(
            *self.viewing.lock().unwrap_or_else(|p| p.into_inner()),
            Some((item, at)) if item == id && at.elapsed() < VIEWING_FOR
        )
    }

    pub fn staff_id(&self) -> Option<i64> {
        self.slot
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|s| s.staff_id())
    }
}

/// An active session as an administrator sees it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActiveSession {
    pub id: String,
    pub staff_id: Option<i64>,
    pub address: String,
    pub program: String,
    pub since: String,
    pub last_active: String,
}

#[derive(Default)]
pub struct Sessions {
    by_token: Mutex<HashMap<String, Arc<Client>>>,
    /// Where the sessions are kept across restarts (`None`: memory only).
    file: Option<PathBuf>,
    /// One writer at a time, so an older list never lands after a newer one.
    writing: Mutex<()>,
}

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(crate) fn random_hex() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// Where a client is: its address, its computer's name, its program.
pub struct From<'a> {
    pub address: IpAddr,
    pub host: Option<String>,
    pub program: &'a str,
}

fn client(
    id: String,
    session: Session,
    from: From<'_>,
    since: DateTime<FixedOffset>,
    last: DateTime<FixedOffset>,
) -> Arc<Client> {
    Arc::new(Client {
        id,
        slot: Mutex::new(Some(session)),
        address: from.address,
        host: from.host,
        program: from.program.to_string(),
        since,
        last: Mutex::new((Instant::now(), last)),
        jobs: JobCancel::default(),
        export_cancel: ExportCancel::default(),
        viewing: Mutex::new(None),
    })
}

impl Sessions {
    /// The sessions kept in `file` by the server's last run, each locked; those unused for
    /// longer than [`FORGET_AFTER`], or of a file that cannot be read, are forgotten.
    pub fn kept_in(file: PathBuf) -> Sessions {
        let now = disclosure_core::clock::now();
        let forget = chrono::Duration::from_std(FORGET_AFTER).unwrap_or_default();
        let map = crate::kept::load(&file)
            .into_iter()
            .filter(|k| now - k.last_active < forget)
            .map(|k| {
                let c = client(
                    k.id,
                    Session::resumed(k.staff_id),
                    From {
                        address: k.address,
                        host: k.host,
                        program: &k.program,
                    },
                    k.since,
                    k.last_active,
                );
                (k.token_sha256, c)
            })
            .collect();
        Sessions {
            by_token: Mutex::new(map),
            file: Some(file),
            writing: Mutex::new(()),
        }
    }

    /// Writes the sessions to the file (after every sign-in and sign-out).
    fn keep(&self) {
        let Some(file) = &self.file else { return };
        let _one = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let list: Vec<crate::kept::Kept> = self
            .lock()
            .iter()
            .filter_map(|(hash, c)| {
                Some(crate::kept::Kept {
                    token_sha256: hash.clone(),
                    id: c.id.clone(),
                    staff_id: c.staff_id()?,
                    address: c.address,
                    host: c.host.clone(),
                    program: c.program.clone(),
                    since: c.since,
                    last_active: c.last.lock().unwrap_or_else(|p| p.into_inner()).1,
                })
            })
            .collect();
        crate::kept::save(file, &list);
    }

    /// A new client for `session`: its token (given to the client once) and the client.
    pub fn start(&self, session: Session, from: From<'_>) -> (String, Arc<Client>) {
        let token = random_hex();
        let now = disclosure_core::clock::now();
        let id = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
        let client = client(id, session, from, now, now);
        {
            let mut map = self.lock();
            map.retain(|_, c| {
                c.last.lock().unwrap_or_else(|p| p.into_inner()).0.elapsed() < FORGET_AFTER
            });
            map.insert(digest(&token), client.clone());
        }
        self.keep();
        (token, client)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Client>>> {
        self.by_token.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn find(&self, token: &str) -> Option<Arc<Client>> {
        let client = self.lock().get(&digest(token)).cloned()?;
        let idle = client
            .last
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .0
            .elapsed();
        (idle < FORGET_AFTER).then_some(client)
    }

    /// Signs the client of `token` out.
    pub fn end_token(&self, token: &str) {
        self.lock().remove(&digest(token));
        self.keep();
    }

    /// Ends the session `id` (an administrator's 结束会话); whether there was one.
    pub fn end(&self, id: &str) -> bool {
        let ended = {
            let mut map = self.lock();
            let before = map.len();
            map.retain(|_, c| c.id != id);
            map.len() != before
        };
        self.keep();
        ended
    }

    /// Everyone signed out (after a restore: the people may differ).
    pub fn end_all(&self) {
        self.lock().clear();
        self.keep();
    }

    /// The people (staff ids) of the other clients that have item `id` open.
    pub fn viewers(&self, id: i64, except: &str) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .lock()
            .values()
            .filter(|c| c.id != except && c.is_viewing(id))
            .filter_map(|c| c.staff_id())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    pub fn list(&self) -> Vec<ActiveSession> {
        let mut out: Vec<ActiveSession> = self
            .lock()
            .values()
            .map(|c| ActiveSession {
                id: c.id.clone(),
                staff_id: c.staff_id(),
                address: c.shown_address(),
                program: c.program.clone(),
                since: c.since.format("%Y-%m-%d %H:%M").to_string(),
                last_active: c
                    .last
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .1
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string(),
            })
            .collect();
        out.sort_by(|a, b| a.since.cmp(&b.since));
        out
    }
}

/// Sign-in attempts per address: at most [`Throttle::LIMIT`] failures in
/// [`Throttle::WINDOW`], then every attempt from that address is refused until the oldest
/// failure leaves the window. (Each account also locks after repeated failures, in the
/// core, whichever address they come from.)
#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl Throttle {
    pub const LIMIT: usize = 10;
    pub const WINDOW: Duration = Duration::from_secs(600);

    /// `Some(seconds to wait)` when `address` may not try now.
    pub fn wait(&self, address: IpAddr) -> Option<u64> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let list = map.entry(address).or_default();
        while list.front().is_some_and(|t| t.elapsed() >= Self::WINDOW) {
            list.pop_front();
        }
        (list.len() >= Self::LIMIT).then(|| {
            let oldest = list.front().map(|t| t.elapsed()).unwrap_or_default();
            Self::WINDOW.saturating_sub(oldest).as_secs().max(1)
        })
    }

    pub fn failed(&self, address: IpAddr) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(address)
            .or_default()
            .push_back(Instant::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_finds_its_client_until_signed_out() {
        let s = Sessions::default();
        let ip: IpAddr = "192.168.1.9".parse().unwrap();
        let from = From {
            address: ip,
            host: Some("PC-ZHANG".into()),
            program: "浏览器",
        };
        let (token, client) = s.start(Session::started(3), from);
        assert_eq!(client.origin(), "192.168.1.9 PC-ZHANG 浏览器");
        assert_eq!(s.list()[0].address, "192.168.1.9（PC-ZHANG）");
        assert_eq!(token.len(), 64);
        assert_eq!(s.find(&token).unwrap().id, client.id);
        assert!(s.find("not-a-token").is_none());
        assert_eq!(s.list()[0].staff_id, Some(3));
        assert!(s.end(&client.id));
        assert!(s.find(&token).is_none());
    }

    #[test]
    fn an_address_is_held_back_after_ten_failures() {
        let t = Throttle::default();
        let ip: IpAddr = "10.0.0.5".parse().unwrap();
        for _ in 0..Throttle::LIMIT {
            assert_eq!(t.wait(ip), None);
            t.failed(ip);
        }
        assert!(t.wait(ip).is_some());
        assert_eq!(t.wait("10.0.0.6".parse().unwrap()), None);
    }
}
