//! The rules an office's part of a 依申请公开 request (`request::parts`) keeps as an item:
//! it keeps its category (依申请公开答复材料), office and 公开方式, no other item takes that
//! category, and its office may not delete it (the disclosure office cancels it).

use super::{Item, ItemInput, PublishMode};
use crate::error::{Error, Result};
use crate::store::request_parts as rows;
use crate::store::Conn;

/// Refuses a new item of the parts' category: parts are made by assigning a request.
pub(crate) fn refuse_new(conn: &Conn, input: &ItemInput) -> Result<()> {
    if rows::reply_category(conn)? == input.category_id {
        return Err(Error::invalid(
            "category_id",
            "依申请公开答复材料由依申请承办人在申请页“分派处室”时生成，不能直接新建。",
        ));
    }
    Ok(())
}

/// Refuses a save that would change what a part is (its category, office or 公开方式), or
/// turn another item into one.
pub(crate) fn keep_shape(conn: &Conn, item: &Item, input: &ItemInput) -> Result<()> {
    let was = item.category_code == rows::REPLY_CATEGORY;
    // The common save (autosaves included): an item that is no part, its category kept.
    if !was && input.category_id == item.fields.category_id {
        return Ok(());
    }
    let rr = rows::reply_category(conn)?;
    if !was {
        return if input.category_id == rr {
            Err(Error::invalid(
                "category_id",
                "依申请公开答复材料由依申请承办人分派处室时生成，其他事项不能改为这一类别。",
            ))
        } else {
            Ok(())
        };
    }
    if input.category_id != rr {
        return Err(Error::invalid(
            "category_id",
            "这是依申请公开申请的答复材料，不能改为其他公开类别。",
        ));
    }
    if input.office_id != item.fields.office_id {
        return Err(Error::invalid(
            "office_id",
            "答复材料由被分派的处室承办，不能改为其他处室。",
        ));
    }
    if input.publish_mode != PublishMode::OnRequest {
        return Err(Error::invalid(
            "publish_mode",
            "答复材料只答复申请人，公开方式须为“依申请公开”。",
        ));
    }
    Ok(())
}

/// Refuses deleting a part: the disclosure office cancels it (`request::parts::cancel`).
pub(crate) fn refuse_delete(conn: &Conn, item_id: i64) -> Result<()> {
    if let Some(p) = rows::of_item(conn, item_id)? {
        if p.cancelled_at.is_none() {
            return Err(Error::Conflict(format!(
                "这是依申请公开申请 {} 的答复材料，不能删除；如分派有误，请依申请承办人撤销分派。",
                p.request_number
            )));
        }
    }
    Ok(())
}
