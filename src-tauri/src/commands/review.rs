use disclosure_core::item::Item;
use disclosure_core::review::{
    self, Chain, DecisionInput, FindingView, Ground, QueueEntry, RereviewInput, ReviewHistory,
    ReviewSettings, Settlement, StepUpdate,
};
use disclosure_core::Result;
use tauri::Runtime;

use super::Ctx;

pub fn item_submit<R: Runtime>(cx: &Ctx<R>, id: i64) -> Result<Item> {
    let desk = cx.desk();
    desk.as_user(|s, me| review::submit(s, me, id))
}

pub fn item_withdraw<R: Runtime>(cx: &Ctx<R>, id: i64) -> Result<Item> {
    let desk = cx.desk();
    desk.as_user(|s, me| review::withdraw(s, me, id))
}

pub fn review_decide<R: Runtime>(cx: &Ctx<R>, id: i64, input: DecisionInput) -> Result<Item> {
    let desk = cx.desk();
    desk.as_user_confirmed(|s, me| review::decide(s, me, id, &input))
}

/// 批量通过: the same decision on many items, all or none.
pub fn review_decide_many<R: Runtime>(
    cx: &Ctx<R>,
    ids: Vec<i64>,
    input: DecisionInput,
) -> Result<usize> {
    let desk = cx.desk();
    desk.as_user_confirmed(|s, me| review::decide_many(s, me, &ids, &input))
}

pub fn review_queue<R: Runtime>(cx: &Ctx<R>) -> Result<Vec<QueueEntry>> {
    let desk = cx.desk();
    desk.as_reader(review::queue)
}

pub fn review_grounds<R: Runtime>(_cx: &Ctx<R>) -> Result<Vec<Ground>> {
    Ok(review::grounds())
}

pub fn review_history<R: Runtime>(cx: &Ctx<R>, id: i64) -> Result<ReviewHistory> {
    let desk = cx.desk();
    desk.as_reader(|s, me| disclosure_core::reads::history(s, me, id))
}

/// 提交前自查: what the scanner finds in the item as saved now (nothing is stored).
pub fn item_self_check<R: Runtime>(cx: &Ctx<R>, id: i64) -> Result<Vec<FindingView>> {
    let desk = cx.desk();
    desk.as_reader(|s, me| disclosure_core::reads::self_check(s, me, id))
}

/// The findings stored with the item's latest round.
pub fn review_findings<R: Runtime>(cx: &Ctx<R>, id: i64) -> Result<Vec<FindingView>> {
    let desk = cx.desk();
    desk.as_reader(|s, me| disclosure_core::reads::findings(s, me, id))
}

pub fn review_settle<R: Runtime>(
    cx: &Ctx<R>,
    id: i64,
    finding_id: i64,
    settlement: Settlement,
) -> Result<FindingView> {
    let desk = cx.desk();
    desk.as_user_confirmed(|s, me| review::settle(s, me, id, finding_id, &settlement))
}

pub fn review_record_referral<R: Runtime>(
    cx: &Ctx<R>,
    id: i64,
    input: DecisionInput,
) -> Result<Item> {
    let desk = cx.desk();
    desk.as_user_confirmed(|s, me| review::record_referral(s, me, id, &input))
}

pub fn review_rereview<R: Runtime>(cx: &Ctx<R>, id: i64, input: RereviewInput) -> Result<Item> {
    let desk = cx.desk();
    desk.as_user_confirmed(|s, me| review::rereview(s, me, id, &input))
}

pub fn review_chains<R: Runtime>(cx: &Ctx<R>) -> Result<Vec<Chain>> {
    let desk = cx.desk();
    desk.as_reader(|s, _| review::chains(s))
}

pub fn review_set_step<R: Runtime>(
    cx: &Ctx<R>,
    category_id: i64,
    step: i64,
    update: StepUpdate,
) -> Result<Vec<Chain>> {
    let desk = cx.desk();
    desk.as_user(|s, me| review::set_step(s, me, category_id, step, &update))
}

pub fn review_settings_get<R: Runtime>(cx: &Ctx<R>) -> Result<ReviewSettings> {
    let desk = cx.desk();
    desk.as_reader(|s, _| review::review_settings(s))
}

pub fn review_settings_set<R: Runtime>(
    cx: &Ctx<R>,
    settings: ReviewSettings,
) -> Result<ReviewSettings> {
    let desk = cx.desk();
    desk.as_user(|s, me| review::set_review_settings(s, me, &settings))
}
