//! First-run data: the agency, the offices and the work plan of
//! 鞍山市教育局全面推进政务公开工作实施方案 (see `shared/reference/README.md` §1).
//!
//! Seeding runs once, in one transaction, when the agency table is empty. Everything it
//! writes is editable afterwards in 设置.

use crate::clock::stamp;
use crate::error::Result;
use crate::office::ANY_OFFICE_CONCERNED;
use crate::store::seeding::{self, AgencySeed, TaskSeed};
use crate::store::{Conn, Store};

const AGENCY_NAME: &str = "鞍山市教育局";
/// The office of the bureau's leaders (分管领导), which drafts nothing.
pub(crate) const LEADERSHIP: &str = "局领导";
const AGENCY_SHORT_NAME: &str = "鞍山市教育局";

/// The offices named by the plan, in the order the bureau lists them, and 局领导: the
/// bureau's leaders (分管领导) are people of the leadership, not of 办公室.
pub(crate) const OFFICES: [&str; 11] = [
    "办公室",
    "法规处",
    "发展规划处",
    "督导室",
    "发展处",
    "人事处",
    "义教处",
    "财审处",
    "宣传部",
    "信息中心",
    LEADERSHIP,
];

/// (title, detail, responsible offices). `有关处室` sets the any-office flag.
pub(crate) const TASKS: [(&str, &str, &[&str]); 14] = [
    ("推进权力清单和责任清单公开", "在门户网站、微信公众号公开权力清单和责任清单，并根据调整情况及时更新。", &["法规处", ANY_OFFICE_CONCERNED]),
    ("推进监管公开透明", "公开随机抽查事项清单（抽查依据、抽查主体、抽查内容、抽查方式等），及时公开抽查结果和查处情况。", &["法规处", ANY_OFFICE_CONCERNED]),
    ("推进政务服务公开", "公开政务服务事项目录和办事指南。", &["办公室", ANY_OFFICE_CONCERNED]),
    ("推进教育政策公开透明", "及时公开教育政策文件。", &[ANY_OFFICE_CONCERNED]),
    ("推进重大建设项目信息公开", "公开重大建设项目的核准、备案和实施情况。", &["发展规划处"]),
    ("积极推进决策公开", "重大决策预公开，征求意见，公开意见采纳情况，决策后及时公开。", &[ANY_OFFICE_CONCERNED]),
    ("推进政策执行公开", "公开政策的执行措施、实施步骤、进展和完成情况。", &["督导室", "发展处", "人事处", "义教处"]),
    ("深入推进预决算公开", "公开部门预决算，包括部门主要职责、预决算单位构成、收支预决算、支出预决算、财政拨款支出预决算、“三公”经费支出预决算、预决算情况说明和相关名词解释。", &["财审处"]),
    ("主动做好政策解读", "政策文件公开后 3 个工作日内公开解读材料。", &["宣传部", ANY_OFFICE_CONCERNED]),
    ("积极回应社会关切", "做好舆情收集、研判、处置和回应，及时澄清不实信息。", &["法规处", "宣传部", ANY_OFFICE_CONCERNED]),
    ("更好发挥媒体作用", "发挥新闻媒体在政策解读和舆论引导中的作用。", &["宣传部", ANY_OFFICE_CONCERNED]),
    ("推进政务公开制度化标准化", "公开规章、政策性文件和通知公告，严格执行保密审查。", &["办公室", ANY_OFFICE_CONCERNED]),
    ("推进政务公开信息化集中化", "加强网站数据库建设，提供搜索查询。", &["信息中心", "办公室"]),
    ("推进政务公开队伍专业化", "开展政务公开培训。", &["办公室"]),
];

/// Default 责任处室 of each category (by category code).
const CATEGORY_OFFICES: [(&str, &[&str]); 9] = [
    ("power_list", &["法规处"]),
    ("inspection", &["法规处"]),
    ("service_guide", &["办公室"]),
    ("construction", &["发展规划处"]),
    (
        "policy_execution",
        &["督导室", "发展处", "人事处", "义教处"],
    ),
    ("budget", &["财审处"]),
    ("interpretation", &["宣传部"]),
    ("public_concern", &["法规处", "宣传部"]),
    ("notice", &["办公室"]),
];

/// Seeds what a database lacks: the agency, offices and plan on a fresh one; the
/// categories' default offices once (on a fresh database and on one upgraded to 0002).
pub(crate) fn seed_if_empty(store: &mut Store) -> Result<()> {
    store.transaction(|tx| {
        seed_agency(tx)?;
        seeding::category_offices(tx, &CATEGORY_OFFICES)
    })
}

fn seed_agency(conn: &Conn) -> Result<()> {
    let seed = AgencySeed {
        name: AGENCY_NAME,
        short_name: AGENCY_SHORT_NAME,
        offices: &OFFICES,
        tasks: TASKS
            .iter()
            .map(|(title, detail, offices)| TaskSeed {
                title,
                detail,
                any_office_concerned: offices.contains(&ANY_OFFICE_CONCERNED),
                offices: offices
                    .iter()
                    .copied()
                    .filter(|o| *o != ANY_OFFICE_CONCERNED)
                    .collect(),
            })
            .collect(),
    };
    if seeding::agency(conn, &seed, &stamp())? {
        log::info!("seeded a new database");
    }
    Ok(())
}
