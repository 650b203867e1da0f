//! Two desks, one workflow, over HTTPS: uploads and downloads, the event stream that keeps
//! to-do lists live, two people deciding the same step at once, the export downloaded and
//! verified, and the audit log naming where each action came from.

use std::io::{BufRead, BufReader};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::harness::{self, Client, Server};

/// Reads the event stream of `client` on a thread; each event's name arrives on the channel.
fn events(client: &Client) -> mpsc::Receiver<(String, String)> {
    let res = client.get("/api/events");
    assert_eq!(res.status().as_u16(), 200);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut name = String::new();
        for line in BufReader::new(res).lines() {
            let Ok(line) = line else { break };
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                if tx.send((name.clone(), d.to_string())).is_err() {
                    break;
                }
            }
        }
    });
    rx
}

/// The data of the first event `name` whose data contains `text`.
fn wait_for(
    rx: &mpsc::Receiver<(String, String)>,
    name: &str,
    text: &str,
    within: Duration,
) -> String {
    let end = Instant::now() + within;
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok((n, data)) if n == name && data.contains(text) => return data,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("no {name} event within {within:?}");
}

fn upload(client: &Client, name: &str, bytes: &[u8]) -> serde_json::Value {
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let res = client
        .http
        .post(format!("{}/api/upload", client.base))
        .header("x-desk", "1")
        .header("x-desk-file-name", encoded)
        .bearer_auth(client.token.as_deref().unwrap())
        .body(bytes.to_vec())
        .send()
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    res.json().unwrap()
}

/// 添加附件 with the upload `id` as the picked file: the status and the item.
fn attach(client: &Client, id: &str, item: i64) -> (u16, serde_json::Value) {
    let res = client
        .http
        .post(format!("{}/api/item_pick_attachments", client.base))
        .header("x-desk", "1")
        .header("x-desk-upload", id)
        .bearer_auth(client.token.as_deref().unwrap())
        .json(&json!({ "id": item }))
        .send()
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().unwrap_or_default())
}

#[test]
fn a_submit_reaches_the_reviewer_live_and_the_bundle_verifies() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let server = Server::start(dir.path());
    let mut drafter = server.client();
    drafter.sign_in("张伟");
    let mut head = server.client();
    head.sign_in("赵处长");
    let head_events = events(&head);

    // An attachment, uploaded and attached under its own name, hashed on the way in.
    let body = "局务会议纪要（公开部分）".as_bytes();
    let up = upload(&drafter, "会议纪要.txt", body);
    assert_eq!(up["name"], "会议纪要.txt");
    assert_eq!(up["size"], body.len());
    let (status, item) = attach(&drafter, up["id"].as_str().unwrap(), 1);
    assert_eq!(status, 200);
    let attachments = item["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0]["name"], "会议纪要.txt");
    assert_eq!(attachments[0]["sha256"], up["sha256"]);
    // Someone else's upload is not theirs to use.
    assert_eq!(attach(&head, up["id"].as_str().unwrap(), 1).0, 400);

    // Submitted at one desk: the other's to-do list hears of it within two seconds.
    let before = head
        .call("review_queue", json!({}))
        .body
        .as_array()
        .unwrap()
        .len();
    let t = Instant::now();
    assert_eq!(drafter.call("item_submit", json!({ "id": 1 })).status, 200);
    wait_for(
        &head_events,
        "desk-changed",
        "item_submit",
        Duration::from_secs(2),
    );
    assert!(t.elapsed() < Duration::from_secs(2));
    let queue = head.call("review_queue", json!({})).body;
    assert_eq!(queue.as_array().unwrap().len(), before + 1);

    // Two heads of office deciding the same step at once: exactly one wins.
    let mut head2 = server.client();
    head2.sign_in("赵处长");
    let decision =
        json!({ "id": 1, "input": { "decision": "approve", "grounds": [], "comment": "同意" } });
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| head.call("review_decide", decision.clone()));
        let b = s.spawn(|| head2.call("review_decide", decision.clone()));
        (a.join().unwrap(), b.join().unwrap())
    });
    let oks = [&a, &b].iter().filter(|x| x.status == 200).count();
    assert_eq!(oks, 1, "{a:?} {b:?}");
    let loser = if a.status == 200 { &b } else { &a };
    // Told why: the step is no longer theirs (it moved on).
    assert!(
        matches!(loser.body["code"].as_str(), Some("conflict" | "forbidden")),
        "{loser:?}"
    );
    assert!(
        loser.body["message"].as_str().unwrap().contains("步骤"),
        "{loser:?}"
    );

    // The rest of the chain, then the publisher exports item 3 and downloads the bundle.
    let mut publisher = server.client();
    publisher.sign_in("周发布");
    let export = publisher.call("bundle_export", json!({ "itemIds": [3] }));
    assert_eq!(export.status, 200, "{:?}", export.body);
    assert_eq!(export.downloads.len(), 1, "{:?}", export.downloads);
    let res = publisher.get(&export.downloads[0]);
    assert_eq!(res.status().as_u16(), 200);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    let bytes = res.bytes().unwrap();
    let saved = tempfile::tempdir().unwrap();
    let zip = saved.path().join("bundle.zip");
    std::fs::write(&zip, &bytes).unwrap();
    let check = disclosure_core::bundle::verify(&zip).unwrap();
    assert!(check.ok, "{check:?}");
    // Another person cannot fetch it.
    assert_eq!(drafter.get(&export.downloads[0]).status().as_u16(), 404);

    // The audit log names the address and program of each action.
    let mut admin = server.client();
    admin.sign_in("管理员");
    let filter = json!({ "actor": "", "action": "item.submit", "text": "", "from": "", "to": "" });
    let entries = admin
        .call("audit_search", json!({ "filter": filter, "limit": 5 }))
        .body;
    let detail = entries[0]["detail"].as_str().unwrap().to_string();
    // The address, the computer's name (127.0.0.1's in the hosts file, usually localhost)
    // and the program.
    let host = dns_lookup::lookup_addr(&"127.0.0.1".parse().unwrap()).unwrap();
    assert!(
        detail.contains(&format!("（来自 127.0.0.1 {host} 浏览器）")),
        "{detail}"
    );
}

#[test]
fn signing_out_ends_the_token_and_sign_in_starts_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let server = Server::start(dir.path());
    let mut c = server.client();
    c.sign_in("张伟");
    let first = c.token.clone();
    assert_eq!(c.call("item_get", json!({ "id": 1 })).status, 200);
    c.sign_in("张伟");
    assert_ne!(c.token, first);
    let old = Client {
        http: c.http.clone(),
        base: c.base.clone(),
        token: first,
    };
    assert_eq!(old.call("item_get", json!({ "id": 1 })).status, 401);
    assert_eq!(c.call("session_sign_out", json!({})).status, 200);
    assert_eq!(c.call("item_get", json!({ "id": 1 })).status, 401);
}

#[test]
fn two_desks_saving_the_same_draft_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let server = Server::start(dir.path());
    let mut a = server.client();
    a.sign_in("张伟");
    let mut b = server.client();
    b.sign_in("张伟");
    let opened_a = a.call("item_get", json!({ "id": 1 })).body;
    let opened_b = b.call("item_get", json!({ "id": 1 })).body;
    let mut fields = opened_a["fields"].clone();
    fields["summary"] = json!("甲电脑上的修改。");
    let saved = a.call(
        "item_save",
        json!({ "id": 1, "input": fields, "autosave": false, "base": opened_a["revision"] }),
    );
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    let mut fields = opened_b["fields"].clone();
    fields["summary"] = json!("乙电脑上的修改。");
    let refused = b.call(
        "item_save",
        json!({ "id": 1, "input": fields, "autosave": true, "base": opened_b["revision"] }),
    );
    assert_eq!(refused.status, 409, "{:?}", refused.body);
    assert!(refused.body["message"].as_str().unwrap().contains("张伟"));
    let now = a.call("item_get", json!({ "id": 1 })).body;
    assert_eq!(now["fields"]["summary"], "甲电脑上的修改。");
}

#[test]
fn an_administrator_sees_who_is_signed_in_and_ends_a_session() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let server = Server::start(dir.path());
    let mut admin = server.client();
    admin.sign_in("管理员");
    let mut drafter = server.client();
    drafter.sign_in("张伟");
    // Nobody but an administrator sees the list.
    let refused = drafter.call("lan_status", json!({}));
    assert_eq!(refused.body["code"], "forbidden");
    let status = admin.call("lan_status", json!({})).body;
    assert_eq!(status["mode"], "server");
    assert_eq!(status["fingerprint"].as_str().unwrap(), server.fingerprint);
    let sessions = status["sessions"].as_array().unwrap();
    let zhang = sessions.iter().find(|s| s["staff_name"] == "张伟").unwrap();
    // The address with the computer's name, as the hosts file gives it.
    let host = dns_lookup::lookup_addr(&"127.0.0.1".parse().unwrap()).unwrap();
    assert_eq!(zhang["address"], format!("127.0.0.1（{host}）"));
    assert_eq!(zhang["program"], "浏览器");
    assert_eq!(zhang["current"], false);
    assert!(sessions
        .iter()
        .any(|s| s["staff_name"] == "管理员" && s["current"] == true));
    let ended = admin.call("lan_session_end", json!({ "id": zhang["id"] }));
    assert_eq!(ended.status, 200, "{:?}", ended.body);
    assert_eq!(drafter.call("item_get", json!({ "id": 1 })).status, 401);
    let filter = json!({ "actor": "", "action": "session.end", "text": "", "from": "", "to": "" });
    let log = admin
        .call("audit_search", json!({ "filter": filter, "limit": 5 }))
        .body;
    assert!(
        log[0]["detail"]
            .as_str()
            .unwrap()
            .contains("结束 张伟 的会话"),
        "{log}"
    );
}

#[test]
fn the_editor_learns_who_else_has_the_item_open() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let server = Server::start(dir.path());
    let mut zhang = server.client();
    zhang.sign_in("张伟");
    let mut head = server.client();
    head.sign_in("赵处长");
    let mut other = server.client();
    other.sign_in("周发布");
    assert_eq!(
        zhang.call("item_viewers", json!({ "id": 2 })).body,
        json!([])
    );
    assert_eq!(
        head.call("item_viewers", json!({ "id": 2 })).body,
        json!(["张伟（法规处）"])
    );
    assert_eq!(
        zhang.call("item_viewers", json!({ "id": 2 })).body,
        json!(["赵处长（法规处）"])
    );
    // Someone who may not read the item learns nothing of it.
    let refused = other.call("item_viewers", json!({ "id": 1 }));
    assert_eq!(refused.body["code"], "not_found", "{:?}", refused.body);
    // Looking at another item: no longer counted on this one.
    head.call("item_viewers", json!({ "id": 3 }));
    assert_eq!(
        zhang.call("item_viewers", json!({ "id": 2 })).body,
        json!([])
    );
}

/// A restart of the server (or a crash) signs nobody out: each session comes back locked,
/// the person's own password opens it, and a signed-out session stays ended. The kept
/// file holds no token.
#[test]
fn sessions_survive_a_restart_locked() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let (zhang, zhao) = {
        let server = Server::start(dir.path());
        let mut zhang = server.client();
        zhang.sign_in("张伟");
        let mut zhao = server.client();
        zhao.sign_in("赵处长");
        assert_eq!(zhao.call("session_sign_out", json!({})).status, 200);
        (zhang.token.unwrap(), zhao.token.unwrap())
    };
    let kept = std::fs::read_to_string(dir.path().join("server-sessions.json")).unwrap();
    assert!(!kept.contains(&zhang), "the token itself is never written");

    let server = Server::start(dir.path());
    let mut back = server.client();
    back.token = Some(zhang);
    let info = back.call("session_get", json!({}));
    assert_eq!(info.body["user"]["name"], "张伟");
    assert_eq!(info.body["locked"], true);
    let refused = back.call("item_list", json!({ "query": {} }));
    assert_eq!(refused.status, 401);
    assert_eq!(refused.body["code"], "session_locked");
    let unlocked = back.call("session_unlock", json!({ "password": harness::PASSWORD }));
    assert_eq!(unlocked.status, 200, "{:?}", unlocked.body);
    assert_eq!(back.call("item_list", json!({ "query": {} })).status, 200);

    let mut gone = server.client();
    gone.token = Some(zhao);
    assert!(gone.call("session_get", json!({})).body["user"].is_null());
}

#[test]
fn a_server_with_an_export_folder_keeps_each_bundle_there_and_offers_it() {
    let dir = tempfile::tempdir().unwrap();
    harness::bureau(dir.path());
    let exports = tempfile::tempdir().unwrap();
    let kept_in = exports.path().join("上传包");
    let server = Server::start_exporting(dir.path(), &kept_in);
    let mut publisher = server.client();
    publisher.sign_in("周发布");
    let export = publisher.call("bundle_export", json!({ "itemIds": [3] }));
    assert_eq!(export.status, 200, "{:?}", export.body);
    // Written in the server's folder (complete: it verifies) …
    let path = std::path::PathBuf::from(export.body["path"].as_str().unwrap());
    assert_eq!(path.parent(), Some(kept_in.as_path()));
    assert!(disclosure_core::bundle::verify(&path).unwrap().ok);
    let names: Vec<_> = std::fs::read_dir(&kept_in)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no partial file beside it: {names:?}");
    // … and offered to the publisher's browser, that one file only.
    assert_eq!(export.downloads.len(), 1, "{:?}", export.downloads);
    let res = publisher.get(&export.downloads[0]);
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.bytes().unwrap().as_ref(), std::fs::read(&path).unwrap());
    // The download does not take it away from the server.
    assert!(path.is_file());
}
