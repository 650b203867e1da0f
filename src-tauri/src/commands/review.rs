use disclosure_core::item::Item;
use disclosure_core::review::{self, DecisionInput, Ground, QueueEntry};
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
    desk.as_user(|s, me| review::decide(s, me, id, &input))
}

#[tauri::command]
pub fn review_queue(desk: State<'_, Desk>) -> Result<Vec<QueueEntry>> {
    desk.as_user(|s, me| review::queue(s, me))
}

#[tauri::command]
pub fn review_grounds() -> Vec<Ground> {
    review::grounds()
}
