use disclosure_core::item::Item;
use disclosure_core::review::{
    self, Chain, DecisionInput, FindingView, Ground, QueueEntry, RereviewInput, ReviewHistory,
    ReviewSettings, Settlement, StepUpdate,
};
use disclosure_core::Result;
use tauri::State;

use crate::state::Desk;

#[tauri::command]
pub fn item_submit(desk: State<'_, Desk>, id: i64) -> Result<Item> {
    desk.as_user(|s, me| review::submit(s, me, id))
}

#[tauri::command]
pub fn item_withdraw(desk: State<'_, Desk>, id: i64) -> Result<Item> {
    desk.as_user(|s, me| review::withdraw(s, me, id))
}

#[tauri::command]
pub fn review_decide(desk: State<'_, Desk>, id: i64, input: DecisionInput) -> Result<Item> {
    desk.as_user_confirmed(|s, me| review::decide(s, me, id, &input))
}

/// 批量通过: the same decision on many items, all or none.
#[tauri::command]
pub fn review_decide_many(
    desk: State<'_, Desk>,
    ids: Vec<i64>,
    input: DecisionInput,
) -> Result<usize> {
    desk.as_user_confirmed(|s, me| review::decide_many(s, me, &ids, &input))
}

#[tauri::command]
pub fn review_queue(desk: State<'_, Desk>) -> Result<Vec<QueueEntry>> {
    desk.as_user(|s, me| review::queue(s, me))
}

#[tauri::command]
pub fn review_grounds() -> Vec<Ground> {
    review::grounds()
}

#[tauri::command]
pub fn review_history(desk: State<'_, Desk>, id: i64) -> Result<ReviewHistory> {
    desk.as_user(|s, me| disclosure_core::reads::history(s, me, id))
}

/// 提交前自查: what the scanner finds in the item as saved now (nothing is stored).
#[tauri::command]
pub fn item_self_check(desk: State<'_, Desk>, id: i64) -> Result<Vec<FindingView>> {
    desk.as_user(|s, me| disclosure_core::reads::self_check(s, me, id))
}

/// The findings stored with the item's latest round.
#[tauri::command]
pub fn review_findings(desk: State<'_, Desk>, id: i64) -> Result<Vec<FindingView>> {
    desk.as_user(|s, me| disclosure_core::reads::findings(s, me, id))
}

#[tauri::command]
pub fn review_settle(
    desk: State<'_, Desk>,
    id: i64,
    finding_id: i64,
    settlement: Settlement,
) -> Result<FindingView> {
    desk.as_user_confirmed(|s, me| review::settle(s, me, id, finding_id, &settlement))
}

#[tauri::command]
pub fn review_record_referral(
    desk: State<'_, Desk>,
    id: i64,
    input: DecisionInput,
) -> Result<Item> {
    desk.as_user_confirmed(|s, me| review::record_referral(s, me, id, &input))
}

#[tauri::command]
pub fn review_rereview(desk: State<'_, Desk>, id: i64, input: RereviewInput) -> Result<Item> {
    desk.as_user_confirmed(|s, me| review::rereview(s, me, id, &input))
}

#[tauri::command]
pub fn review_chains(desk: State<'_, Desk>) -> Result<Vec<Chain>> {
    desk.as_user(|s, _| review::chains(s))
}

#[tauri::command]
pub fn review_set_step(
    desk: State<'_, Desk>,
    category_id: i64,
    step: i64,
    update: StepUpdate,
) -> Result<Vec<Chain>> {
    desk.as_user(|s, me| review::set_step(s, me, category_id, step, &update))
}

#[tauri::command]
pub fn review_settings_get(desk: State<'_, Desk>) -> Result<ReviewSettings> {
    desk.as_user(|s, _| review::review_settings(s))
}

#[tauri::command]
pub fn review_settings_set(
    desk: State<'_, Desk>,
    settings: ReviewSettings,
) -> Result<ReviewSettings> {
    desk.as_user(|s, me| review::set_review_settings(s, me, &settings))
}
