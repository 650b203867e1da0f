use disclosure_core::overview::Overview;
use disclosure_core::plan::PlanTask;
use disclosure_core::{deadline, overview, plan, Result};
use tauri::Runtime;
use tauri_plugin_opener::OpenerExt;

use crate::state::StartupStatus;

use super::Ctx;

pub fn startup_status<R: Runtime>(cx: &Ctx<R>) -> Result<StartupStatus> {
    let desk = cx.desk();
    Ok(desk.startup())
}

pub fn overview_get<R: Runtime>(cx: &Ctx<R>) -> Result<Overview> {
    let desk = cx.desk();
    desk.read(overview::get)
}

/// 打开数据目录 in the system's file manager (设置 → 关于).
pub fn data_dir_open<R: Runtime>(cx: &Ctx<R>) -> Result<()> {
    let desk = cx.desk();
    let app = &cx.app;
    let dir = desk.with(|s| Ok(s.data_dir().display().to_string()))?;
    app.opener().open_path(dir, None::<&str>).map_err(|e| {
        log::error!("open data dir: {e}");
        disclosure_core::Error::invalid("data_dir", "无法打开文件管理器，请按上面的路径手动打开。")
    })
}

pub fn plan_list<R: Runtime>(cx: &Ctx<R>) -> Result<Vec<PlanTask>> {
    let desk = cx.desk();
    desk.read(plan::list)
}

pub fn dashboard_get<R: Runtime>(cx: &Ctx<R>) -> Result<disclosure_core::dashboard::Dashboard> {
    let desk = cx.desk();
    desk.as_reader(disclosure_core::dashboard::get)
}

/// 责任分工台账: an administrator changes a task's offices and 落实专人.
pub fn plan_update<R: Runtime>(
    cx: &Ctx<R>,
    id: i64,
    update: plan::TaskUpdate,
) -> Result<Vec<PlanTask>> {
    let desk = cx.desk();
    desk.as_user(|s, me| plan::update(s, me, id, &update))
}

/// 时限规则.
pub fn deadline_rules<R: Runtime>(cx: &Ctx<R>) -> Result<Vec<deadline::DeadlineRule>> {
    let desk = cx.desk();
    desk.as_reader(|s, _| deadline::rules(s))
}

pub fn deadline_rule_set<R: Runtime>(
    cx: &Ctx<R>,
    code: deadline::RuleCode,
    days: i64,
) -> Result<Vec<deadline::DeadlineRule>> {
    let desk = cx.desk();
    desk.as_user(|s, me| deadline::set_rule(s, me, code, days))
}

/// The deadlines of a list page's rows.
pub fn item_dues<R: Runtime>(cx: &Ctx<R>, ids: Vec<i64>) -> Result<Vec<deadline::Due>> {
    let desk = cx.desk();
    desk.as_user(|s, me| {
        // Only the items the person may read (the list page asks for its own rows).
        let readable: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| disclosure_core::access::check(s, me, *id).is_ok())
            .collect();
        deadline::due_many(s, &readable)
    })
}
