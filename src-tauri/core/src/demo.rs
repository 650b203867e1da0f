//! 演示数据 — `disclosure gen-demo`: years of a bureau's work, generated into an empty data
//! directory for demonstrations and for measuring the app at scale.
//!
//! Every record is what the app itself would have written: staff with roles, items of every
//! category with valid catalog fields, their versions (snapshots hashed by the same
//! function as a save), review rounds whose decisions keep separation of duties, withheld
//! items with their re-review dates, weekly upload bundles, publications and revocations,
//! attachments in the blob store (deduplicated), and an audit entry for every action,
//! chained with the audit module's own hash so `audit verify` passes.
//!
//! Each item is simulated from its creation through its life; whatever would happen after
//! today is cut off, so recent items are drafts or in review and older ones are mostly
//! published. Rows are written with cached prepared statements in large transactions;
//! audit entries are queued and written in time order. The same seed on the same day gives
//! the same data.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Weekday};
use serde::Serialize;

use crate::audit::{entry_hash, seal_for_new, Seal, GENESIS};
use crate::error::{Error, Result};
use crate::item::{
    snapshot_hash, Channel, ItemExtra, ItemInput, PublishMode, Snapshot, SnapshotFile, Status,
    Validity,
};
use crate::rules::{BUDGET_COMPONENTS, PROJECT_STAGES};
use crate::staff::{hash_password, labels, Role};
use crate::store::{self, Conn, Store, Tx};
use crate::{blobs, html, index_no, search};

/// Years of history generated before today.
const YEARS: i64 = 5;
/// Items per transaction.
const BATCH: usize = 5000;

/// What was generated.
#[derive(Debug, Clone, Serialize)]
pub struct DemoReport {
    /// The generated people's password, made for this run (shown once).
    pub password: String,
    pub items: usize,
    pub staff: usize,
    pub audit_entries: i64,
    pub blobs: usize,
    pub by_status: Vec<(String, i64)>,
    pub seconds: f64,
}

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1).max(1) as u64)) as i64
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

const SURNAMES: [&str; 24] = [
    "张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "宋", "唐",
];
const GIVEN: [&str; 32] = [
    "伟", "芳", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
    "秀英", "建华", "志强", "海燕", "晓东", "春梅", "文博", "雪莲", "国庆", "玉兰", "红霞", "立新",
    "慧敏", "宏伟", "丹丹", "子涵",
];

const SUBJECTS: [&str; 24] = [
    "中小学学籍管理",
    "义务教育招生入学",
    "教师资格认定",
    "中小学教师公开招聘",
    "校舍安全隐患排查",
    "校外培训机构监管",
    "学生资助工作",
    "课后服务",
    "校园食品安全",
    "中考招生",
    "普通高中学业水平考试",
    "民办学校年度检查",
    "职业教育产教融合",
    "学前教育普惠发展",
    "特殊教育提升",
    "教育督导评估",
    "中小学生体质健康监测",
    "学校安全教育",
    "教师职称评审",
    "语言文字工作",
    "家庭教育指导",
    "教育信息化建设",
    "营养改善计划",
    "寒暑假安全工作",
];

const FORMS: [&str; 8] = [
    "关于做好{}工作的通知",
    "关于印发《{}实施办法》的通知",
    "关于{}有关事项的公告",
    "关于进一步加强{}的意见",
    "{}工作方案",
    "关于开展{}专项检查的通知",
    "关于{}情况的通报",
    "{}工作要点",
];

const SENTENCES: [&str; 24] = [
    "为深入贯彻落实党中央、国务院关于教育工作的决策部署，进一步提升全市教育治理水平，",
    "根据《中华人民共和国教育法》《中华人民共和国义务教育法》和省教育厅有关规定，结合我市实际，制定本方案。",
    "各县（市）区教育局要高度重视，明确责任分工，细化工作措施，确保各项任务落到实处。",
    "学校应当在每学期开学后十个工作日内完成相关信息核对，并报上级教育行政部门备案。",
    "对弄虚作假、违规办理的，依法依规严肃追究相关单位和人员责任。",
    "本通知自印发之日起施行，执行中遇到的问题请及时向市教育局反映。",
    "各单位要建立健全工作台账，实行清单化管理，做到底数清、情况明。",
    "市教育局将适时组织开展督导检查，检查结果纳入年度工作考核。",
    "要加强宣传引导，通过政府网站、微信公众号等渠道及时回应社会关切。",
    "各学校要严格落实校长负责制，把工作责任分解到岗、落实到人。",
    "经费保障按照现行财政管理体制，由各级财政部门统筹安排。",
    "工作中要坚持公开、公平、公正原则，接受社会各界监督。",
    "各地要结合实际制定具体实施细则，并于规定时间内报市教育局备案。",
    "对工作中涌现出的先进典型，要及时总结推广，发挥示范引领作用。",
    "要进一步畅通家校沟通渠道，认真听取家长和学生的意见建议。",
    "严格执行财务管理制度，规范资金使用，提高资金使用效益。",
    "各有关部门要加强协作配合，形成工作合力，共同推进各项工作。",
    "工作开展情况请于每季度末前报送市教育局相关处室。",
    "对排查发现的问题，要建立整改台账，明确整改时限，实行销号管理。",
    "坚持以人民为中心的发展思想，办好人民满意的教育。",
    "各中小学校要将安全教育纳入课程计划，每学期开展不少于两次应急演练。",
    "加强教师队伍建设，健全师德师风建设长效机制。",
    "严禁以任何名义向学生收取规定以外的费用。",
    "本办法由市教育局负责解释。",
];

const TOPICS: [&str; 6] = [
    "教育",
    "教育、科技",
    "财政、审计",
    "人事、编制",
    "城乡建设",
    "综合政务",
];
const KEYWORDS: [&str; 8] = [
    "教育 通知",
    "学籍 管理",
    "招生 入学",
    "教师 招聘",
    "安全 检查",
    "预算 决算",
    "督导 评估",
    "资助 学生",
];
const REVOKE_REASONS: [&str; 4] = [
    "文件已被新文件替代",
    "有效期届满",
    "信息有误，更正后重新发布",
    "根据上级要求废止",
];

/// One audit entry waiting for its turn (entries are written in time order).
struct Pending {
    at: String,
    seq: u64,
    actor_id: i64,
    actor_name: String,
    action: &'static str,
    item_id: Option<i64>,
    before: Option<String>,
    after: Option<String>,
    detail: String,
}

impl PartialEq for Pending {
    fn eq(&self, o: &Self) -> bool {
        (self.at.as_str(), self.seq) == (o.at.as_str(), o.seq)
    }
}
impl Eq for Pending {}
impl PartialOrd for Pending {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Pending {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (self.at.as_str(), self.seq).cmp(&(o.at.as_str(), o.seq))
    }
}

#[derive(Clone)]
struct Person {
    id: i64,
    name: String,
}

/// The audit chain as written so far.
struct Chain {
    count: i64,
    hash: String,
    queue: BinaryHeap<Reverse<Pending>>,
    seq: u64,
    /// The audit key of the current epoch: every generated entry is signed as the app's.
    key: Vec<u8>,
}

impl Chain {
    fn push(
        &mut self,
        at: DateTime<FixedOffset>,
        who: &Person,
        action: &'static str,
        item_id: Option<i64>,
        hashes: (Option<&str>, Option<&str>),
        detail: String,
    ) {
        self.seq += 1;
        self.queue.push(Reverse(Pending {
            at: stamp(at),
            seq: self.seq,
            actor_id: who.id,
            actor_name: who.name.clone(),
            action,
            item_id,
            before: hashes.0.map(str::to_string),
            after: hashes.1.map(str::to_string),
            detail,
        }));
    }

    /// Writes every queued entry up to `until` (all of them when None).
    fn flush(&mut self, tx: &Conn, until: Option<&str>) -> Result<()> {
        while let Some(Reverse(top)) = self.queue.peek() {
            if until.is_some_and(|u| top.at.as_str() > u) {
                break;
            }
            let Some(Reverse(e)) = self.queue.pop() else {
                break;
            };
            let id = self.count + 1;
            let hash = entry_hash(
                &Seal::Keyed(&self.key),
                id,
                &e.at,
                Some(e.actor_id),
                &e.actor_name,
                e.action,
                e.item_id,
                e.before.as_deref(),
                e.after.as_deref(),
                &e.detail,
                &self.hash,
            );
            store::generated::insert_audit(
                tx,
                &store::generated::AuditRow {
                    id,
                    at: &e.at,
                    actor_id: e.actor_id,
                    actor_name: &e.actor_name,
                    action: e.action,
                    item_id: e.item_id,
                    before_hash: e.before.as_deref(),
                    after_hash: e.after.as_deref(),
                    detail: &e.detail,
                    prev_hash: &self.hash,
                    hash: &hash,
                },
            )?;
            self.count = id;
            self.hash = hash;
        }
        store::generated::set_audit_head(tx, self.count, &self.hash)
    }
}

fn stamp(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn day(t: DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// `t` moved `days` calendar days on, to a working hour of a weekday.
fn later(rng: &mut Rng, t: DateTime<FixedOffset>, (lo, hi): (i64, i64)) -> DateTime<FixedOffset> {
    let days = rng.range(lo, hi);
    let mut d = t.date_naive() + Duration::days(days);
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d += Duration::days(1);
    }
    let minutes = if days == 0 {
        // Same day: a little later than `t`, at most to the end of the day.
        let now_min = (t.time() - chrono::NaiveTime::MIN).num_minutes();
        (now_min + rng.range(5, 90)).min(23 * 60 + 50)
    } else {
        8 * 60 + 30 + rng.range(0, 9 * 60)
    };
    at_minutes(t.offset(), d, minutes)
}

fn at_minutes(offset: &FixedOffset, d: NaiveDate, minutes: i64) -> DateTime<FixedOffset> {
    let naive = d.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(minutes);
    offset
        .from_local_datetime(&naive)
        .single()
        .unwrap_or_else(|| offset.from_utc_datetime(&naive))
}

/// The people the generator acts as, by role.
struct People {
    drafters: HashMap<i64, Vec<Person>>,
    heads: HashMap<i64, Vec<Person>>,
    reviewers: Vec<Person>,
    leaders: Vec<Person>,
    publishers: Vec<Person>,
    added: usize,
}

/// Adds the staff of every office (the office's head and drafters) and the bureau's
/// reviewers, leaders and publishers, with one shared demo password (`password`, random
/// for each run: never one published anywhere).
fn add_people(
    tx: &Conn,
    rng: &mut Rng,
    chain: &mut Chain,
    start: DateTime<FixedOffset>,
    password: &str,
) -> Result<People> {
    let offices: Vec<(i64, String)> = store::offices::list(tx, false)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let first = offices
        .first()
        .ok_or_else(|| Error::Conflict("数据目录中没有处室，无法生成演示数据。".into()))?;
    let main_office = offices
        .iter()
        .find(|(_, n)| n == "办公室")
        .unwrap_or(first)
        .0;
    let staff = store::people::list(tx)?;
    let mut taken: std::collections::HashSet<String> =
        staff.iter().map(|s| s.name.clone()).collect();
    let hash = hash_password(password)?;
    let existing_admin: Option<Person> = staff
        .into_iter()
        .filter(|s| s.active && s.roles.iter().any(|r| r == Role::Admin.code()))
        .min_by_key(|s| s.id)
        .map(|s| Person {
            id: s.id,
            name: s.name,
        });
    let mut added = 0;
    let mut t = start - Duration::days(30);
    let mut add = |name: String,
                   office: i64,
                   roles: &[Role],
                   by: Option<&Person>,
                   chain: &mut Chain,
                   rng: &mut Rng|
     -> Result<Person> {
        let id = store::people::insert(tx, &name, office, &hash, &stamp(t), false)?;
        for r in roles {
            store::people::add_role(tx, id, r.code())?;
        }
        let me = Person {
            id,
            name: name.clone(),
        };
        chain.push(
            t,
            by.unwrap_or(&me),
            "staff.add",
            None,
            (None, None),
            format!("新增人员“{name}”，角色：{}", labels(roles)),
        );
        t = later(rng, t, (0, 0));
        added += 1;
        Ok(me)
    };
    let name = |rng: &mut Rng, taken: &mut std::collections::HashSet<String>| loop {
        let n = format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN));
        if taken.insert(n.clone()) {
            return n;
        }
    };
    let admin = match existing_admin {
        Some(a) => a,
        None => {
            let n = if taken.insert("系统管理员".into()) {
                "系统管理员".to_string()
            } else {
                name(rng, &mut taken)
            };
            add(n, main_office, &[Role::Admin], None, chain, rng)?
        }
    };
    let mut people = People {
        drafters: HashMap::new(),
        heads: HashMap::new(),
        reviewers: Vec::new(),
        leaders: Vec::new(),
        publishers: Vec::new(),
        added: 0,
    };
    for (office, _) in &offices {
        let head = add(
            name(rng, &mut taken),
            *office,
            &[Role::OfficeHead],
            Some(&admin),
            chain,
            rng,
        )?;
        people.heads.entry(*office).or_default().push(head);
        for _ in 0..3 {
            let d = add(
                name(rng, &mut taken),
                *office,
                &[Role::Drafter],
                Some(&admin),
                chain,
                rng,
            )?;
            people.drafters.entry(*office).or_default().push(d);
        }
    }
    for (role, list, n) in [
        (Role::Reviewer, &mut people.reviewers, 3),
        (Role::Leader, &mut people.leaders, 3),
        (Role::Publisher, &mut people.publishers, 2),
    ] {
        for _ in 0..n {
            list.push(add(
                name(rng, &mut taken),
                main_office,
                &[role],
                Some(&admin),
                chain,
                rng,
            )?);
        }
    }
    people.added = added;
    Ok(people)
}

/// A generated attachment file.
struct Attachment {
    name: String,
    sha256: String,
    size: i64,
}

fn make_attachments(store: &Store, rng: &mut Rng) -> Result<Vec<Attachment>> {
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

/// The enabled steps of each category's review chain, in order: (role, name).
type Chains = HashMap<i64, Vec<(Role, String)>>;

fn chains(tx: &Conn) -> Result<Chains> {
    let mut out: Chains = HashMap::new();
    // Each category's steps come in step order.
    for s in store::reviews::chain_steps(tx)? {
        if !s.enabled {
            continue;
        }
        if let Some(role) = Role::parse(&s.role) {
            out.entry(s.category_id).or_default().push((role, s.name));
        }
    }
    Ok(out)
}

/// Everything fixed before the items are generated.
struct World {
    now: DateTime<FixedOffset>,
    categories: Vec<(i64, String, String)>,
    chains: Chains,
    people: People,
    offices: Vec<i64>,
    tasks: Vec<i64>,
    files: Vec<Attachment>,
    publisher_name: String,
    short_name: String,
    pattern: String,
    org_code: String,
    rereview_months: u32,
    counters: HashMap<i32, i64>,
    /// Policy items so far, for 政策解读 to interpret.
    policies: Vec<(i64, NaiveDate)>,
    /// Week (its Friday) → bundle id and file name.
    bundles: HashMap<NaiveDate, (String, String)>,
    /// Recent reviews decided so far: every twelfth is referred (待报审) — so there are
    /// always a few, whatever the day — besides one in twenty at random.
    recent_reviews: u64,
}

impl World {
    fn refer_next(&mut self, rng: &mut Rng) -> bool {
        self.recent_reviews += 1;
        self.recent_reviews % 12 == 3 || rng.chance(5)
    }
}

/// Fills the data directory of `store` with `items` generated items (refused when it holds
/// items already). Deterministic for a seed and a day.
pub fn generate(store: &mut Store, items: usize, seed: u64) -> Result<DemoReport> {
    let started = std::time::Instant::now();
    let existing = store::generated::item_count(store.conn())?;
    if existing > 0 {
        return Err(Error::Conflict(format!(
            "数据目录中已有 {existing} 个公开事项：演示数据只能写入没有事项的数据目录，请换一个空目录。"
        )));
    }
    let agency = crate::agency::get(store)?;
    if agency.org_code.trim().is_empty() {
        crate::agency::bootstrap(
            store,
            &crate::agency::AgencyInput {
                name: "鞍山市教育局".into(),
                short_name: "鞍山市教育局".into(),
                org_code: "11210300MB0000000X".into(),
            },
        )?;
    }
    let agency = crate::agency::get(store)?;
    let pattern = index_no::pattern(store)?;
    let rereview_months = crate::review::review_settings(store)?.rereview_months as u32;
    let mut rng = Rng(seed ^ 0x5EED_2026);
    let password = crate::staff::initial_password();
    let files = make_attachments(store, &mut rng)?;
    let local = crate::clock::now();
    let offset = *local.offset();
    let today = local.date_naive();
    // The simulation's "now": the end of today's working day, the same for a whole day.
    let now = at_minutes(&offset, today, 18 * 60);
    let start = at_minutes(&offset, today - Duration::days(365 * YEARS), 9 * 60);

    store::generated::for_speed(store.conn())?;
    let (count, hash) = store::generated::audit_head(store.conn())?;
    let mut chain = Chain {
        count,
        hash: if count == 0 { GENESIS.into() } else { hash },
        queue: BinaryHeap::new(),
        seq: 0,
        key: seal_for_new(store.conn(), count + 1)?,
    };
    let mut world = store.immediate(|tx| {
        let people = add_people(tx, &mut rng, &mut chain, start, &password)?;
        for f in &files {
            store::items::add_blob(tx, &f.sha256, f.size, &stamp(start))?;
        }
        chain.flush(tx, None)?;
        let categories = store::categories::list(tx)?
            .into_iter()
            .filter(|c| c.active)
            .map(|c| (c.id, c.code, c.name))
            .collect();
        let tasks = store::plan::list(tx)?.into_iter().map(|t| t.id).collect();
        let counters = store::generated::index_counters(tx)?
            .into_iter()
            .collect::<HashMap<i32, i64>>();
        let chains = chains(tx)?;
        Ok(World {
            now,
            offices: people.drafters.keys().copied().collect(),
            categories,
            chains,
            people,
            tasks,
            files,
            publisher_name: agency.name.clone(),
            short_name: agency.short_name.clone(),
            pattern,
            org_code: agency.org_code.clone(),
            rereview_months,
            counters,
            policies: Vec::new(),
            bundles: HashMap::new(),
            recent_reviews: 0,
        })
    })?;
    world.offices.sort();
    let span = (now - start).num_seconds().max(1);
    let recent_span = 21 * 24 * 3600;
    let older = items - (items / 50).max(30).min(items / 2);
    let mut done = 0;
    while done < items {
        let end = (done + BATCH).min(items);
        store.immediate(|tx| {
            for n in done..end {
                // Creation times spread evenly over the years, except the newest items, which
                // fall in the last three weeks so that work is under way at every step.
                let offset_s = if n < older {
                    (span - recent_span) * n as i64 / older.max(1) as i64
                } else {
                    span - recent_span + recent_span * (n - older) as i64 / (items - older) as i64
                };
                let created = later(&mut rng, start + Duration::seconds(offset_s), (0, 0));
                chain.flush(tx, Some(&stamp(created)))?;
                item(tx, &mut world, &mut chain, &mut rng, created.min(now))?;
            }
            if end == items {
                chain.flush(tx, None)?;
                finish(tx, &world)
            } else {
                chain.flush(tx, Some(&stamp(now)))
            }
        })?;
        done = end;
    }
    store::generated::done(store.conn())?;
    let by_status = store::generated::status_counts(store.conn())?;
    Ok(DemoReport {
        password,
        items,
        staff: world.people.added,
        audit_entries: chain.count,
        blobs: world.files.len(),
        by_status,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Counters, bundle sizes and statistics once all items are in.
fn finish(tx: &Conn, w: &World) -> Result<()> {
    for (year, next) in &w.counters {
        store::generated::set_index_counter(tx, *year, *next)?;
    }
    store::generated::settle_bundles(tx)
}

/// The content written for one version.
struct Content {
    fields: ItemInput,
    files: Vec<usize>,
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

/// A person of the office acting in `role` other than those in `not`.
fn someone<'a>(rng: &mut Rng, list: &'a [Person], not: &[i64]) -> Option<&'a Person> {
    let ok: Vec<&Person> = list.iter().filter(|p| !not.contains(&p.id)).collect();
    (!ok.is_empty()).then(|| *rng.pick(&ok))
}

/// Simulates one item's life from `created` until today.
fn item(
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

/// The state of one item being simulated.
struct Life {
    id: i64,
    index_no: String,
    title: String,
    version: i64,
    hash: Option<String>,
    t: DateTime<FixedOffset>,
    status: Status,
    round: i64,
    created_by: i64,
    attached_at: Option<String>,
}

impl Life {
    /// One step of the generated life, allowed only if the app's own life allows it.
    fn go(&mut self, to: Status) -> Result<()> {
        crate::item::life::transition(self.status, to)?;
        self.status = to;
        Ok(())
    }

    fn named(&self) -> String {
        format!("{}《{}》", self.index_no, self.title)
    }

    /// A new version of `content`, audited as `action`.
    #[allow(clippy::too_many_arguments)]
    fn save(
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

    fn submit(&mut self, tx: &Tx<'_>, chain: &mut Chain, who: &Person) -> Result<i64> {
        self.round += 1;
        let hash = self.hash.clone().unwrap_or_default();
        let round_id = store::reviews::insert_round(
            tx,
            self.id,
            self.round,
            self.version,
            &hash,
            who.id,
            &stamp(self.t),
        )?;
        self.go(Status::InReview)?;
        chain.push(
            self.t,
            who,
            "item.submit",
            Some(self.id),
            (None, Some(&hash)),
            format!(
                "提交审查 {}（第 {} 轮，第 {} 版）",
                self.index_no, self.round, self.version
            ),
        );
        Ok(round_id)
    }

    fn decide(
        &mut self,
        tx: &Tx<'_>,
        chain: &mut Chain,
        who: &Person,
        (round_id, pos, step_name): (i64, i64, &str),
        (decision, grounds, comment): (&str, &[&str], &str),
        rereview_on: Option<NaiveDate>,
    ) -> Result<()> {
        let hash = self.hash.clone().unwrap_or_default();
        let due = rereview_on.map(|d| d.format("%Y-%m-%d").to_string());
        let grounds_json = serde_json::to_string(grounds).unwrap_or_else(|_| "[]".into());
        let decision_id = store::reviews::insert_decision(
            tx,
            &store::reviews::NewDecision {
                round_id,
                step: pos,
                step_name,
                decision,
                grounds: &grounds_json,
                comment,
                content_hash: &hash,
                decided_by: who.id,
                decided_at: &stamp(self.t),
                rereview_on: due.as_deref(),
                after_referral: false,
            },
        )?;
        if let Some(due) = &due {
            store::rereviews::insert(tx, self.id, decision_id, due)?;
        }
        let label = crate::review::Decision::parse(decision)
            .map(|d| d.label())
            .unwrap_or(decision);
        let mut detail = format!(
            "{step_name}：{label}（第 {} 轮，{}）",
            self.round, self.index_no
        );
        if !grounds.is_empty() {
            detail.push_str(&format!("，依据 {}", grounds.join("、")));
        }
        if let Some(due) = &due {
            detail.push_str(&format!("，复查日期 {due}"));
        }
        chain.push(
            self.t,
            who,
            "review.decide",
            Some(self.id),
            (Some(&hash), Some(&hash)),
            detail,
        );
        Ok(())
    }

    /// 复查 of a withheld item, kept each time its date came, until one lies ahead.
    fn rereviews(
        &mut self,
        tx: &Tx<'_>,
        w: &World,
        chain: &mut Chain,
        rng: &mut Rng,
        mut due: NaiveDate,
    ) -> Result<()> {
        loop {
            let when = due - Duration::days(rng.range(1, 25));
            let t = later(rng, at_minutes(self.t.offset(), when, 9 * 60), (0, 0));
            if t > w.now {
                return Ok(());
            }
            self.t = t;
            let who = rng.pick(&w.people.reviewers).clone();
            let next = t
                .date_naive()
                .checked_add_months(chrono::Months::new(w.rereview_months))
                .unwrap_or(due + Duration::days(365));
            let open = store::rereviews::open(tx, self.id)?.ok_or_else(|| {
                Error::Conflict(format!("{} 没有待复查的不予公开决定。", self.index_no))
            })?;
            store::rereviews::finish(
                tx,
                open.id,
                &stamp(t),
                who.id,
                "keep",
                "不予公开的情形仍然存在，维持原决定。",
            )?;
            let next_s = next.format("%Y-%m-%d").to_string();
            store::rereviews::insert(tx, self.id, open.decision_id, &next_s)?;
            chain.push(
                t,
                &who,
                "review.rereview",
                Some(self.id),
                (None, None),
                format!(
                    "不予公开复查 {}：维持（原定 {}），下次复查 {next_s}",
                    self.index_no,
                    due.format("%Y-%m-%d")
                ),
            );
            due = next;
        }
    }

    /// The weekly bundle (on the Friday after approval), publication about a week later,
    /// and for some items a revocation months after.
    fn export_and_publish(
        &mut self,
        tx: &Tx<'_>,
        w: &mut World,
        chain: &mut Chain,
        rng: &mut Rng,
    ) -> Result<()> {
        // A few items approved in the last fortnight wait for a later bundle. (Older
        // approved items were all exported: years-old ones left over would only fill the
        // dashboard's overdue list, which no bureau's would look like.)
        if (w.now - self.t).num_days() < 14 && rng.chance(30) {
            return Ok(());
        }
        let publisher = rng.pick(&w.people.publishers).clone();
        let mut friday = self.t.date_naive() + Duration::days(1);
        while friday.weekday() != Weekday::Fri {
            friday += Duration::days(1);
        }
        let t = at_minutes(self.t.offset(), friday, 15 * 60);
        if t > w.now {
            return Ok(());
        }
        self.t = t;
        let (bundle_id, file_name) = bundle(tx, w, rng, friday, &publisher, t)?;
        let hash = self.hash.clone().unwrap_or_default();
        store::bundles::insert_bundle_item(tx, &bundle_id, self.id, self.version, &hash)?;
        self.go(Status::Exported)?;
        chain.push(
            t,
            &publisher,
            "bundle.export",
            Some(self.id),
            (None, Some(&hash)),
            format!(
                "导出 {}（第 {} 版）到上传包 {file_name}（{bundle_id}）",
                self.named(),
                self.version
            ),
        );
        // The site's staff send back what they published every week or two, so the items
        // of the last bundles are still 已导出 on any day of the week.
        let t = later(rng, t, (7, 14));
        if t > w.now {
            return Ok(());
        }
        self.t = t;
        let url = format!(
            "https://jyj.anshan.gov.cn/zwgk/{}/{}.html",
            t.format("%Y%m"),
            self.id
        );
        let date = day(t);
        store::publications::upsert(tx, self.id, &url, &date, publisher.id, &stamp(t))?;
        self.go(Status::Published)?;
        chain.push(
            t,
            &publisher,
            "item.publish",
            Some(self.id),
            (None, None),
            format!("登记发布 {}：{url}（{date}）", self.named()),
        );
        if !rng.chance(6) {
            return Ok(());
        }
        let t = later(rng, t, (30, 700));
        if t > w.now {
            return Ok(());
        }
        self.t = t;
        let (kind, label) = if rng.chance(50) {
            ("withdrawn", "撤回")
        } else {
            ("repealed", "废止")
        };
        let reason = *rng.pick(&REVOKE_REASONS);
        let revocation_id = store::publications::insert_revocation(
            tx,
            &store::publications::NewRevocation {
                item_id: self.id,
                kind,
                reason,
                revoked_on: &day(t),
                revoked_by: publisher.id,
                revoked_at: &stamp(t),
            },
        )?;
        self.go(Status::Revoked)?;
        chain.push(
            t,
            &publisher,
            "item.revoke",
            Some(self.id),
            (None, None),
            format!(
                "{label} {}：{reason}（将随下一个上传包通知网站）",
                self.named()
            ),
        );
        // The next Friday's bundle tells the site, unless that Friday is still ahead.
        let mut friday = t.date_naive() + Duration::days(1);
        while friday.weekday() != Weekday::Fri {
            friday += Duration::days(1);
        }
        let t = at_minutes(t.offset(), friday, 15 * 60);
        if t > w.now {
            return Ok(());
        }
        self.t = t;
        let (bundle_id, file_name) = bundle(tx, w, rng, friday, &publisher, t)?;
        store::publications::carried_by(tx, revocation_id, &bundle_id)?;
        chain.push(
            t,
            &publisher,
            "bundle.export",
            Some(self.id),
            (None, None),
            format!(
                "上传包 {file_name}（{bundle_id}）通知网站{label} {}",
                self.named()
            ),
        );
        Ok(())
    }

    /// Writes the item row's final state (its content is the latest version's).
    fn write_row(&self, tx: &Tx<'_>, files: &[Attachment], content: &Content) -> Result<()> {
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

/// The bundle exported on `friday`, made when first needed.
fn bundle(
    tx: &Tx<'_>,
    w: &mut World,
    rng: &mut Rng,
    friday: NaiveDate,
    publisher: &Person,
    t: DateTime<FixedOffset>,
) -> Result<(String, String)> {
    if let Some(b) = w.bundles.get(&friday) {
        return Ok(b.clone());
    }
    let id = uuid::Uuid::from_u64_pair(rng.next(), rng.next()).to_string();
    let file_name = format!(
        "{}_{}.zip",
        crate::bundle::names::safe(&w.short_name, "上传包"),
        t.format("%Y%m%d-%H%M%S")
    );
    store::bundles::insert_bundle(
        tx,
        &store::bundles::NewBundle {
            id: &id,
            file_name: &file_name,
            item_count: 0,
            revocation_count: 0,
            bytes: 0,
            created_by: publisher.id,
            created_at: &stamp(t),
            sha256: None,
        },
    )?;
    w.bundles.insert(friday, (id.clone(), file_name.clone()));
    Ok((id, file_name))
}
