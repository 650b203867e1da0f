//! One item's life: its content, versions and attachments, and the row it ends with.

use super::people::someone;
use super::texts::{FORMS, KEYWORDS, SENTENCES, SUBJECTS, TOPICS};
use super::*;

pub(super) fn make_attachments(store: &Store, rng: &mut Rng) -> Result<Vec<Attachment>> {
    let mut out = Vec::new();
    for (k, subject) in SUBJECTS.iter().enumerate() {
        let year = 2020 + (k % 7);
        let (name, body) = if k % 2 == 0 {
            let mut csv = String::from("序号,学校名称,项目,金额（万元）\n");
            for row in 1..=rng.range(5, 30) {
                csv.push_str(&format!(
                    "{row},鞍山市第{}中学,{subject},{}.{}\n",
                    rng.range(1, 60),
                    rng.range(1, 900),
                    rng.range(0, 99)
                ));
            }
            (format!("附件：{year}年{subject}情况统计表.csv"), csv)
        } else {
            let text: String = (0..rng.range(6, 20))
                .map(|_| *rng.pick(&SENTENCES))
                .collect::<Vec<_>>()
                .join("\n");
            (format!("{subject}工作说明（{year}年）.txt"), text)
        };
        let stored = blobs::put_bytes(store.data_dir(), body.as_bytes())?;
        out.push(Attachment {
            name,
            sha256: stored.sha256,
            size: stored.size as i64,
        });
    }
    Ok(out)
}

fn body(rng: &mut Rng, (lo, hi): (i64, i64), subject: &str) -> String {
    let paragraphs = rng.range(lo, hi);
    let mut out = String::new();
    for p in 0..paragraphs {
        out.push_str("<p>");
        if p == 0 {
            out.push_str(&format!("为做好{subject}工作，现就有关事项通知如下。"));
        }
        for _ in 0..rng.range(2, 4) {
            let sentence: &&str = rng.pick(&SENTENCES);
            out.push_str(sentence);
        }
        out.push_str("</p>");
    }
    out
}

/// Simulates one item's life from `created` until today.
pub(super) fn item(
    tx: &Tx<'_>,
    w: &mut World,
    chain: &mut Chain,
    rng: &mut Rng,
    created: DateTime<FixedOffset>,
) -> Result<()> {
    let office = *rng.pick(&w.offices);
    let drafter = rng.pick(&w.people.drafters[&office]).clone();
    let (mut category_id, mut code, _) = rng.pick(&w.categories).clone();
    let interprets = if code == "interpretation" {
        let recent: Vec<i64> = w
            .policies
            .iter()
            .rev()
            .take(50)
            .map(|(id, _)| *id)
            .collect();
        if recent.is_empty() {
            let policy = w
                .categories
                .iter()
                .find(|c| c.1 == "policy")
                .cloned()
                .unwrap_or_else(|| w.categories[0].clone());
            (category_id, code, _) = policy;
            None
        } else {
            Some(*rng.pick(&recent))
        }
    } else {
        None
    };
    let subject = *rng.pick(&SUBJECTS);
    let year = created.year();
    let title = match code.as_str() {
        "budget" => format!("鞍山市教育局{}年部门{}", year, rng.pick(&["预算", "决算"])),
        "interpretation" => format!("《关于做好{subject}工作的通知》政策解读"),
        "decision_draft" => format!("关于{subject}有关政策（征求意见稿）公开征求意见的公告"),
        "construction" => format!("鞍山市第{}中学教学楼建设项目信息公开", rng.range(1, 60)),
        "inspection" => format!("{year}年{subject}随机抽查事项及结果"),
        "power_list" => format!("市教育局{subject}权力清单和责任清单"),
        "service_guide" => format!("{subject}办事指南"),
        _ => rng.pick(&FORMS).replace("{}", subject),
    };
    let mut x = ItemExtra::default();
    match code.as_str() {
        "budget" => x.budget_components = BUDGET_COMPONENTS.iter().map(|s| s.to_string()).collect(),
        "decision_draft" => {
            let s = created.date_naive() + Duration::days(rng.range(3, 10));
            x.comment_start = Some(s.format("%Y-%m-%d").to_string());
            x.comment_end = Some(
                (s + Duration::days(rng.range(30, 45)))
                    .format("%Y-%m-%d")
                    .to_string(),
            );
            x.feedback_record = format!(
                "征求意见期间共收到意见建议 {} 条，采纳 {} 条，未采纳的已逐条说明理由。",
                rng.range(5, 60),
                rng.range(1, 5)
            );
        }
        "interpretation" => x.interprets_item_id = interprets,
        "construction" => x.project_stage = rng.pick(&PROJECT_STAGES).to_string(),
        "inspection" => {
            x.inspection_basis = "《中华人民共和国教育法》《校外培训机构管理办法》".into();
            x.inspection_subject = "市教育局执法检查组".into();
            x.inspection_content = format!("{subject}落实情况");
            x.inspection_method = "双随机、一公开，现场检查与书面检查相结合".into();
        }
        _ => {}
    }
    let written = created.date_naive() - Duration::days(rng.range(0, 6));
    let n = {
        let c = w.counters.entry(year).or_insert(1);
        *c += 1;
        *c - 1
    };
    let index_no = index_no::render(&w.pattern, &w.org_code, year, n);
    let fields = ItemInput {
        category_id,
        title: title.clone(),
        summary: format!("{}{}", rng.pick(&SENTENCES), rng.pick(&SENTENCES)),
        publisher: w.publisher_name.clone(),
        doc_number: if rng.chance(60) {
            format!("鞍教发〔{year}〕{}号", rng.range(1, 200))
        } else {
            String::new()
        },
        written_on: Some(written.format("%Y-%m-%d").to_string()),
        topic: rng.pick(&TOPICS).to_string(),
        keywords: rng.pick(&KEYWORDS).to_string(),
        publish_mode: PublishMode::Proactive,
        channels: if rng.chance(50) {
            vec![Channel::Website, Channel::Wechat]
        } else {
            vec![Channel::Website]
        },
        validity: Validity::Valid,
        validity_date: None,
        office_id: office,
        handler_id: Some(drafter.id),
        planned_publish_on: None,
        task_id: rng.chance(70).then(|| *rng.pick(&w.tasks)),
        body_html: html::sanitize(&body(rng, (2, 3), subject)),
        extra: x,
    };
    let publisher = fields.publisher.clone();
    let mut content = Content {
        fields,
        files: Vec::new(),
    };
    // The row, as first saved.
    let at = stamp(created);
    if !store::index_numbers::record(tx, &index_no, &at)? {
        return Err(Error::Conflict(format!("索引号 {index_no} 已被使用。")));
    }
    let id = store::items::insert_draft(
        tx,
        &store::items::NewDraft {
            index_no: &index_no,
            category_id,
            title: &title,
            publisher: &publisher,
            office_id: office,
            created_by: drafter.id,
            created_at: &at,
        },
    )?;
    if code == "policy" || code == "regulation" {
        w.policies.push((id, created.date_naive()));
    }
    let mut life = Life {
        id,
        index_no: index_no.clone(),
        title: title.clone(),
        version: 0,
        hash: None,
        t: created,
        status: Status::Draft,
        round: 0,
        created_by: drafter.id,
        attached_at: None,
    };
    if rng.chance(60) {
        chain.push(
            created,
            &drafter,
            "sign_in.ok",
            None,
            (None, None),
            format!("“{}”登录", drafter.name),
        );
    }
    life.save(tx, w, chain, &drafter, &content, "item.create", "新建草稿")?;
    // A second editing session lengthens the body; some drafts gain attachments.
    let t = later(rng, life.t, (0, 2));
    if t <= w.now && rng.chance(70) {
        life.t = t;
        content.fields.body_html = html::sanitize(&format!(
            "{}{}",
            content.fields.body_html,
            body(rng, (3, 6), subject)
        ));
        life.save(tx, w, chain, &drafter, &content, "item.edit", "修改")?;
    }
    let t = later(rng, life.t, (0, 0));
    if t <= w.now && rng.chance(40) {
        life.t = t;
        let k = rng.below(w.files.len());
        content.files.push(k);
        if rng.chance(30) {
            let k2 = (k + 1 + rng.below(w.files.len() - 1)) % w.files.len();
            content.files.push(k2);
        }
        let names: Vec<&str> = content
            .files
            .iter()
            .map(|k| w.files[*k].name.as_str())
            .collect();
        let what = format!("添加附件 {} 到", names.join("、"));
        life.attached_at = Some(stamp(t));
        life.save(tx, w, chain, &drafter, &content, "item.attach", &what)?;
    }
    // About one recent draft in twenty is still being written (older ones were all
    // submitted: a draft left for years would only clutter the overdue list).
    let abandoned = rng.chance(5);
    if abandoned && (w.now - created).num_days() < 60 {
        return life.write_row(tx, &w.files, &content);
    }
    let steps = w.chains.get(&category_id).cloned().unwrap_or_default();
    if steps.is_empty() {
        return life.write_row(tx, &w.files, &content);
    }
    // The round's first pass may be returned for changes (then edited and resubmitted).
    let mut returned_once = !rng.chance(20);
    loop {
        let t = later(rng, life.t, (0, 3));
        if t > w.now {
            break;
        }
        life.t = t;
        let round_id = life.submit(tx, chain, &drafter)?;
        let mut deciders: Vec<i64> = Vec::new();
        let mut outcome: Option<Status> = None;
        let last = steps.len() as i64;
        for (pos, (role, step_name)) in steps.iter().enumerate() {
            let pos = pos as i64 + 1;
            let t = later(rng, life.t, (0, 4));
            if t > w.now {
                break;
            }
            let mut not = vec![drafter.id];
            not.extend(&deciders);
            let pool: &[Person] = match role {
                Role::OfficeHead => &w.people.heads[&office],
                Role::Reviewer => &w.people.reviewers,
                _ => &w.people.leaders,
            };
            let Some(who) = someone(rng, pool, &not).cloned() else {
                break;
            };
            life.t = t;
            let recent = (w.now - t).num_days() < 120;
            let (decision, grounds, comment): (&str, Vec<&str>, String) =
                if !returned_once && (*role == Role::OfficeHead || *role == Role::Reviewer) {
                    returned_once = true;
                    (
                        "return",
                        vec![],
                        "请补充政策依据，核实数据后重新提交。".to_string(),
                    )
                } else if *role == Role::Reviewer && rng.chance(6) {
                    if rng.chance(70) {
                        (
                            "withhold",
                            vec![*rng.pick(&["A14-1", "A15", "A16-1"])],
                            String::new(),
                        )
                    } else {
                        (
                            "on_request",
                            vec!["A16-2a"],
                            "属于内部事务信息。".to_string(),
                        )
                    }
                } else if *role == Role::Reviewer && recent && w.refer_next(rng) {
                    (
                        "refer",
                        vec![],
                        "涉及省教育厅来文，报省教育厅审查。".to_string(),
                    )
                } else {
                    ("approve", vec![], String::new())
                };
            if rng.chance(40) {
                chain.push(
                    t,
                    &who,
                    "sign_in.ok",
                    None,
                    (None, None),
                    format!("“{}”登录", who.name),
                );
            }
            let rereview_on = (decision == "withhold").then(|| {
                t.date_naive()
                    .checked_add_months(chrono::Months::new(w.rereview_months))
                    .unwrap_or(t.date_naive())
            });
            life.decide(
                tx,
                chain,
                &who,
                (round_id, pos, step_name),
                (decision, &grounds, &comment),
                rereview_on,
            )?;
            deciders.push(who.id);
            let close = |o: &str, s: Status| (o.to_string(), s);
            let end = match decision {
                "approve" if pos < last => None,
                "approve" => Some(close("approved", Status::Approved)),
                "return" => Some(close("returned", Status::Draft)),
                "withhold" => Some(close("withheld", Status::Withheld)),
                "on_request" => Some(close("on_request", Status::Withheld)),
                _ => Some(close("referred", Status::Referred)),
            };
            match end {
                None => store::reviews::advance_round(tx, round_id)?,
                Some((o, s)) => {
                    store::reviews::close_round(tx, round_id, &o, &stamp(t), who.id)?;
                    outcome = Some(s);
                    life.go(s)?;
                    if let Some(due) = rereview_on {
                        life.rereviews(tx, w, chain, rng, due)?;
                    }
                    break;
                }
            }
        }
        match outcome {
            Some(Status::Draft) => {
                // Changed as asked and submitted again.
                let t = later(rng, life.t, (1, 5));
                if t > w.now {
                    break;
                }
                life.t = t;
                content.fields.summary.push_str("（已按审查意见修改）");
                life.save(tx, w, chain, &drafter, &content, "item.edit", "修改")?;
            }
            Some(Status::Approved) => {
                life.export_and_publish(tx, w, chain, rng)?;
                break;
            }
            _ => break,
        }
    }
    life.write_row(tx, &w.files, &content)
}

impl Life {
    /// A new version of `content`, audited as `action`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn save(
        &mut self,
        tx: &Tx<'_>,
        w: &World,
        chain: &mut Chain,
        who: &Person,
        content: &Content,
        action: &'static str,
        what: &str,
    ) -> Result<()> {
        let snapshot = Snapshot {
            fields: content.fields.clone(),
            attachments: content
                .files
                .iter()
                .map(|k| SnapshotFile {
                    name: w.files[*k].name.clone(),
                    size: w.files[*k].size,
                    sha256: w.files[*k].sha256.clone(),
                })
                .collect(),
        };
        let json =
            serde_json::to_string(&snapshot).map_err(|e| Error::invalid("item", e.to_string()))?;
        let hash = snapshot_hash(&json);
        self.version += 1;
        store::item_versions::insert(
            tx,
            self.id,
            self.version,
            &json,
            false,
            who.id,
            &stamp(self.t),
        )?;
        let detail = format!("{what} {}", self.named());
        chain.push(
            self.t,
            who,
            action,
            Some(self.id),
            (self.hash.as_deref(), Some(&hash)),
            detail,
        );
        self.hash = Some(hash);
        Ok(())
    }

    /// Writes the item row's final state (its content is the latest version's).
    pub(super) fn write_row(
        &self,
        tx: &Tx<'_>,
        files: &[Attachment],
        content: &Content,
    ) -> Result<()> {
        let f = &content.fields;
        // The catalog fields through the app's own writer, then what only a generated
        // life sets: the state it reached, its version and when it last changed.
        let body_text = crate::item::write_fields(tx, self.id, f)?;
        crate::item::life::write_generated(tx, self.id, self.status, self.version, &stamp(self.t))?;
        for (position, k) in content.files.iter().enumerate() {
            let a = &files[*k];
            store::items::attach_at(
                tx,
                &store::items::NewAttachment {
                    item_id: self.id,
                    sha256: &a.sha256,
                    name: &a.name,
                    size: a.size,
                    added_by: self.created_by,
                    added_at: self.attached_at.as_deref().unwrap_or_default(),
                },
                position as i64 + 1,
            )?;
        }
        let tokens =
            search::index_text(&[&f.title, &f.doc_number, &f.keywords, &f.summary, &body_text]);
        store::items::write_search_tokens(tx, self.id, &tokens)
    }
}
