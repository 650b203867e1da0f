//! 一个局: the bureau of `util::bureau` with a whole review chain (法规处's head, a
//! reviewer and a leader of 办公室) and a publisher, and the steps that take an item from
//! draft to published through the core. Shared by the core's tests and the CLI's.

use disclosure_core::bundle::{self, ExportRequest};
use disclosure_core::item::{self, Status};
use disclosure_core::review::{self, Decision, DecisionInput};
use disclosure_core::staff::{Role, Staff};

use crate::util::{add_person, bureau, office_id, Bureau, Dir};

pub struct Desk {
    pub b: Bureau,
    pub head: Staff,
    pub reviewer: Staff,
    pub leader: Staff,
    pub publisher: Staff,
    pub files: tempfile::TempDir,
    pub out: tempfile::TempDir,
}

pub fn desk(dir: &Dir) -> Desk {
    let mut b = bureau(dir);
    let fagui = office_id(&b.store, "法规处");
    let bangong = office_id(&b.store, "办公室");
    let admin = b.admin.clone();
    let mut add = |name: &str, office: i64, roles: Vec<Role>| {
        add_person(&mut b.store, &admin, name, office, roles)
    };
    let head = add("赵处长", fagui, vec![Role::OfficeHead]);
    let reviewer = add("审查员壬", bangong, vec![Role::Reviewer]);
    let leader = add("孙局长", bangong, vec![Role::Leader]);
    let publisher = add("周发布", bangong, vec![Role::Publisher]);
    Desk {
        b,
        head,
        reviewer,
        leader,
        publisher,
        files: tempfile::tempdir().unwrap(),
        out: tempfile::tempdir().unwrap(),
    }
}

impl Desk {
    /// A draft by the drafter with these attachments (name, content).
    pub fn draft(&mut self, title: &str, files: &[(&str, &[u8])]) -> i64 {
        let drafter = self.b.drafter.clone();
        let id = self.b.create(&drafter, "通知公告", title).unwrap().item.id;
        for (i, (name, data)) in files.iter().enumerate() {
            // Each in its own folder, so two attachments may share a name.
            let folder = self.files.path().join(format!("{id}-{i}"));
            std::fs::create_dir_all(&folder).unwrap();
            let path = folder.join(name);
            std::fs::write(&path, data).unwrap();
            item::add_attachments(&mut self.b.store, &drafter, id, &[path]).unwrap();
        }
        id
    }

    pub fn decide(&mut self, who: &Staff, id: i64, d: Decision, grounds: &[&str], comment: &str) {
        review::decide(
            &mut self.b.store,
            who,
            id,
            &DecisionInput {
                decision: d,
                grounds: grounds.iter().map(|g| g.to_string()).collect(),
                comment: comment.into(),
            },
        )
        .unwrap();
    }

    /// Submits and approves `id` at every step; `comment` is the office head's.
    pub fn approve(&mut self, id: i64, comment: &str) {
        let drafter = self.b.drafter.clone();
        review::submit(&mut self.b.store, &drafter, id).unwrap();
        let (h, r, l) = (
            self.head.clone(),
            self.reviewer.clone(),
            self.leader.clone(),
        );
        self.decide(&h, id, Decision::Approve, &[], comment);
        // Test attachments the scanner cannot read block approval until the reviewer looks.
        for f in review::findings(&self.b.store, id).unwrap() {
            if f.severity == disclosure_core::scan::Severity::Block && f.settlement.is_none() {
                let settlement = review::Settlement {
                    kind: review::SettlementKind::FalsePositive,
                    note: "已人工审查附件。".into(),
                };
                review::settle(&mut self.b.store, &r, id, f.id.unwrap(), &settlement).unwrap();
            }
        }
        self.decide(&r, id, Decision::Approve, &[], "");
        self.decide(&l, id, Decision::Approve, &[], "");
        assert_eq!(
            item::get(&self.b.store, id).unwrap().status,
            Status::Approved
        );
    }

    pub fn approved(&mut self, title: &str, files: &[(&str, &[u8])]) -> i64 {
        let id = self.draft(title, files);
        self.approve(id, "同意");
        id
    }

    pub fn export(
        &mut self,
        ids: Option<Vec<i64>>,
    ) -> disclosure_core::Result<bundle::BundleResult> {
        let publisher = self.publisher.clone();
        bundle::export(
            &mut self.b.store,
            &publisher,
            &ExportRequest {
                item_ids: ids,
                dir: self.out.path().to_path_buf(),
            },
            &mut |_| true,
        )
    }

    /// Approved, exported, and published on the site at `url` on 2026-01-05.
    pub fn published(&mut self, title: &str, url: &str) -> i64 {
        let id = self.approved(title, &[]);
        self.export(Some(vec![id])).unwrap();
        let publisher = self.publisher.clone();
        bundle::publish(&mut self.b.store, &publisher, id, url, "2026-01-05").unwrap();
        id
    }

    pub fn status(&self, id: i64) -> Status {
        item::get(&self.b.store, id).unwrap().status
    }
}
