//! The `item` table (an item's row, its search tokens) and its `attachment` rows.
//! Codes (status, 公开方式, 有效性) and JSON columns go as their stored text; `item`
//! parses them.

use rusqlite::{params, OptionalExtension};

use super::Conn;
use crate::error::Result;

/// An item's row with the names it refers to, as `item::load` reads it.
pub struct Row {
    pub id: i64,
    pub index_no: String,
    pub status: String,
    pub category_id: i64,
    pub title: String,
    pub summary: String,
    pub publisher: String,
    pub doc_number: String,
    pub written_on: Option<String>,
    pub topic: String,
    pub keywords: String,
    pub publish_mode: String,
    /// JSON array of channel codes.
    pub channels: String,
    pub validity: String,
    pub validity_date: Option<String>,
    pub office_id: i64,
    pub handler_id: Option<i64>,
    pub planned_publish_on: Option<String>,
    pub task_id: Option<i64>,
    pub body_html: String,
    /// JSON object of the category fields.
    pub extra: String,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
    pub category_code: String,
    pub category_name: String,
    pub office_name: String,
    pub handler_name: Option<String>,
    pub task_title: Option<String>,
    pub created_by: i64,
    pub created_by_name: String,
}

/// The live item `id` with its names, if there is one.
pub fn load(conn: &Conn, id: i64) -> Result<Option<Row>> {
    Ok(conn
        .query_row(
            "SELECT i.id, i.index_no, i.status, i.category_id, i.title, i.summary, i.publisher, i.doc_number,
                i.written_on, i.topic, i.keywords, i.publish_mode, i.channels, i.validity, i.validity_date,
                i.office_id, i.handler_id, i.planned_publish_on, i.task_id, i.body_html, i.extra, i.version,
                i.created_at, i.updated_at, c.code, c.name, o.name, h.name, t.title, i.created_by, s.name
             FROM item i
             JOIN category c ON c.id = i.category_id
             JOIN office o ON o.id = i.office_id
             JOIN staff s ON s.id = i.created_by
             LEFT JOIN staff h ON h.id = i.handler_id
             LEFT JOIN plan_task t ON t.id = i.task_id
             WHERE i.id = ?1 AND i.deleted_at IS NULL",
            [id],
            |r| {
                Ok(Row {
                    id: r.get(0)?,
                    index_no: r.get(1)?,
                    status: r.get(2)?,
                    category_id: r.get(3)?,
                    title: r.get(4)?,
                    summary: r.get(5)?,
                    publisher: r.get(6)?,
                    doc_number: r.get(7)?,
                    written_on: r.get(8)?,
                    topic: r.get(9)?,
                    keywords: r.get(10)?,
                    publish_mode: r.get(11)?,
                    channels: r.get(12)?,
                    validity: r.get(13)?,
                    validity_date: r.get(14)?,
                    office_id: r.get(15)?,
                    handler_id: r.get(16)?,
                    planned_publish_on: r.get(17)?,
                    task_id: r.get(18)?,
                    body_html: r.get(19)?,
                    extra: r.get(20)?,
                    version: r.get(21)?,
                    created_at: r.get(22)?,
                    updated_at: r.get(23)?,
                    category_code: r.get(24)?,
                    category_name: r.get(25)?,
                    office_name: r.get(26)?,
                    handler_name: r.get(27)?,
                    task_title: r.get(28)?,
                    created_by: r.get(29)?,
                    created_by_name: r.get(30)?,
                })
            },
        )
        .optional()?)
}

/// The new row's columns that its constraints need (the rest `write_fields` fills).
pub struct NewDraft<'a> {
    pub index_no: &'a str,
    pub category_id: i64,
    pub title: &'a str,
    pub publisher: &'a str,
    pub office_id: i64,
    pub created_by: i64,
    pub created_at: &'a str,
}

/// Inserts a draft at version 0; its id.
pub fn insert_draft(conn: &Conn, d: &NewDraft<'_>) -> Result<i64> {
    conn.prepare_cached(concat!(
        "INSERT INTO item (index_no, status, category_id, title, publisher, office_id, version,
            created_by, created_at, updated_by, updated_at)
         VALUES (?1, ",
        crate::status_sql!(Draft),
        ", ?2, ?3, ?4, ?5, 0, ?6, ?7, ?6, ?7)"
    ))?
    .execute(params![
        d.index_no,
        d.category_id,
        d.title,
        d.publisher,
        d.office_id,
        d.created_by,
        d.created_at
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The catalog fields and body as stored: codes and JSON as text.
pub struct Fields<'a> {
    pub category_id: i64,
    pub title: &'a str,
    pub summary: &'a str,
    pub publisher: &'a str,
    pub doc_number: &'a str,
    pub written_on: Option<&'a str>,
    pub topic: &'a str,
    pub keywords: &'a str,
    pub publish_mode: &'a str,
    pub channels: &'a str,
    pub validity: &'a str,
    pub validity_date: Option<&'a str>,
    pub office_id: i64,
    pub handler_id: Option<i64>,
    pub planned_publish_on: Option<&'a str>,
    pub task_id: Option<i64>,
    pub body_html: &'a str,
    pub body_text: &'a str,
    pub extra: &'a str,
}

/// Writes the catalog fields and body of item `id`.
pub fn write_fields(conn: &Conn, id: i64, f: &Fields<'_>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE item SET category_id = ?2, title = ?3, summary = ?4, publisher = ?5, doc_number = ?6,
            written_on = ?7, topic = ?8, keywords = ?9, publish_mode = ?10, channels = ?11, validity = ?12,
            validity_date = ?13, office_id = ?14, handler_id = ?15, planned_publish_on = ?16, task_id = ?17,
            body_html = ?18, body_text = ?19, extra = ?20
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        f.category_id,
        f.title,
        f.summary,
        f.publisher,
        f.doc_number,
        f.written_on,
        f.topic,
        f.keywords,
        f.publish_mode,
        f.channels,
        f.validity,
        f.validity_date,
        f.office_id,
        f.handler_id,
        f.planned_publish_on,
        f.task_id,
        f.body_html,
        f.body_text,
        f.extra,
    ])?;
    Ok(())
}

/// Marks item `id` as last changed by staff `by` at `at`.
pub fn touch(conn: &Conn, id: i64, by: i64, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE item SET updated_by = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, by, at],
    )?;
    Ok(())
}

/// Sets item `id`'s current version, changed by staff `by` at `at`.
pub fn set_version(conn: &Conn, id: i64, version: i64, by: i64, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE item SET version = ?2, updated_by = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, version, by, at],
    )?;
    Ok(())
}

/// Records the item's current version as the one its latest masking made.
pub fn set_masked_version(conn: &Conn, id: i64) -> Result<()> {
    conn.execute(
        "UPDATE item SET masked_version = version WHERE id = ?1",
        [id],
    )?;
    Ok(())
}

/// The version item `id`'s latest masking made (an error when there is no item `id`).
pub fn masked_version(conn: &Conn, id: i64) -> Result<Option<i64>> {
    Ok(
        conn.query_row("SELECT masked_version FROM item WHERE id = ?1", [id], |r| {
            r.get(0)
        })?,
    )
}

/// Item `id`'s 索引号 and title (an error when there is no item `id`).
pub fn index_no_and_title(conn: &Conn, id: i64) -> Result<(String, String)> {
    Ok(conn.query_row(
        "SELECT index_no, title FROM item WHERE id = ?1",
        [id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?)
}

/// Item `id`'s 索引号 (an error when there is no item `id`).
pub fn index_no(conn: &Conn, id: i64) -> Result<String> {
    Ok(
        conn.query_row("SELECT index_no FROM item WHERE id = ?1", [id], |r| {
            r.get(0)
        })?,
    )
}

/// The id of the live item with 索引号 `index_no`.
pub fn id_by_index_no(conn: &Conn, index_no: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM item WHERE index_no = ?1 AND deleted_at IS NULL",
            [index_no],
            |r| r.get(0),
        )
        .optional()?)
}

/// Up to three 索引号 of other live items with 文号 `doc_number`.
pub fn others_with_doc_number(conn: &Conn, doc_number: &str, id: i64) -> Result<Vec<String>> {
    let others = conn
        .prepare_cached(
            "SELECT index_no FROM item WHERE doc_number = ?1 AND id <> ?2 AND deleted_at IS NULL LIMIT 3",
        )?
        .query_map(params![doc_number, id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(others)
}

/// Marks item `id` deleted at `at` and drops its search tokens.
pub fn delete(conn: &Conn, id: i64, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE item SET deleted_at = ?2 WHERE id = ?1",
        params![id, at],
    )?;
    conn.execute("DELETE FROM item_search WHERE rowid = ?1", [id])?;
    Ok(())
}

/// The texts the search index takes of an item.
pub struct SearchTexts {
    pub title: String,
    pub doc_number: String,
    pub keywords: String,
    pub summary: String,
    pub body_text: String,
}

/// Item `id`'s searchable texts (an error when there is no item `id`).
pub fn search_texts(conn: &Conn, id: i64) -> Result<SearchTexts> {
    Ok(conn.query_row(
        "SELECT title, doc_number, keywords, summary, body_text FROM item WHERE id = ?1",
        [id],
        |r| {
            Ok(SearchTexts {
                title: r.get(0)?,
                doc_number: r.get(1)?,
                keywords: r.get(2)?,
                summary: r.get(3)?,
                body_text: r.get(4)?,
            })
        },
    )?)
}

/// Replaces item `id`'s row of the full-text index with `tokens`.
pub fn write_search_tokens(conn: &Conn, id: i64, tokens: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM item_search WHERE rowid = ?1")?
        .execute([id])?;
    conn.prepare_cached("INSERT INTO item_search (rowid, tokens) VALUES (?1, ?2)")?
        .execute(params![id, tokens])?;
    Ok(())
}

/// An attachment row.
pub struct AttachmentRow {
    pub id: i64,
    pub name: String,
    pub size: i64,
    pub sha256: String,
    /// A redacted copy: the SHA-256 of the file it was made from.
    pub redacted_from: Option<String>,
}

/// Item `id`'s attachments in their order.
pub fn attachments(conn: &Conn, id: i64) -> Result<Vec<AttachmentRow>> {
    let rows = conn
        .prepare_cached(
            "SELECT id, name, size, sha256, redacted_from FROM attachment
             WHERE item_id = ?1 ORDER BY position, id",
        )?
        .query_map([id], |r| {
            Ok(AttachmentRow {
                id: r.get(0)?,
                name: r.get(1)?,
                size: r.get(2)?,
                sha256: r.get(3)?,
                redacted_from: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Records a stored file (kept when it is already known).
pub fn add_blob(conn: &Conn, sha256: &str, size: i64, at: &str) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO blob (sha256, size, created_at) VALUES (?1, ?2, ?3)",
        params![sha256, size, at],
    )?;
    Ok(())
}

/// A new attachment of an item: its stored file, name and who adds it when.
pub struct NewAttachment<'a> {
    pub item_id: i64,
    pub sha256: &'a str,
    pub name: &'a str,
    pub size: i64,
    pub added_by: i64,
    pub added_at: &'a str,
}

/// Attaches a file after the item's other attachments.
pub fn attach_last(conn: &Conn, a: &NewAttachment<'_>) -> Result<()> {
    conn.execute(
        "INSERT INTO attachment (item_id, sha256, name, size, position, added_by, added_at)
                 VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(position), 0) + 1 FROM attachment WHERE item_id = ?1), ?5, ?6)",
        params![a.item_id, a.sha256, a.name, a.size, a.added_by, a.added_at],
    )?;
    Ok(())
}

/// Attaches a file at `position` (1-based) of a new item.
pub fn attach_at(conn: &Conn, a: &NewAttachment<'_>, position: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO attachment (item_id, sha256, name, size, position, added_by, added_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        a.item_id, a.sha256, a.name, a.size, position, a.added_by, a.added_at
    ])?;
    Ok(())
}

/// Puts `a` where attachment `attachment_id` is in its item's list, and removes that one.
pub fn replace_attachment(
    conn: &Conn,
    attachment_id: i64,
    a: &NewAttachment<'_>,
    redacted_from: Option<&str>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO attachment (item_id, sha256, name, size, position, added_by, added_at, redacted_from)
             SELECT ?1, ?2, ?3, ?4, position, ?5, ?6, ?8 FROM attachment WHERE id = ?7 AND item_id = ?1",
        params![a.item_id, a.sha256, a.name, a.size, a.added_by, a.added_at, attachment_id, redacted_from],
    )?;
    detach(conn, attachment_id)
}

/// The stored file (SHA-256) and name of attachment `attachment_id` of item `item_id`.
pub fn attachment(
    conn: &Conn,
    item_id: i64,
    attachment_id: i64,
) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT sha256, name FROM attachment WHERE id = ?1 AND item_id = ?2",
            params![attachment_id, item_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The name of attachment `attachment_id` of item `item_id`.
pub fn attachment_name(conn: &Conn, item_id: i64, attachment_id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT name FROM attachment WHERE id = ?1 AND item_id = ?2",
            params![attachment_id, item_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Removes attachment `attachment_id` (its stored file stays).
pub fn detach(conn: &Conn, attachment_id: i64) -> Result<()> {
    conn.execute("DELETE FROM attachment WHERE id = ?1", [attachment_id])?;
    Ok(())
}

/// The setting `attachment_limit_mb` as stored, if set.
pub fn attachment_limit_setting(conn: &Conn) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM setting WHERE key = 'attachment_limit_mb'",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

/// Stores the setting `attachment_limit_mb`.
pub fn write_attachment_limit_setting(conn: &Conn, mb: u64) -> Result<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES ('attachment_limit_mb', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [mb.to_string()],
    )?;
    Ok(())
}

/// What a draft's fields may refer to by id.
#[derive(Debug, Clone, Copy)]
pub enum Ref {
    /// An active category.
    ActiveCategory,
    /// An active office.
    ActiveOffice,
    Staff,
    Task,
}

/// Whether the row `id` that `what` names exists.
pub fn exists(conn: &Conn, what: Ref, id: i64) -> Result<bool> {
    let sql = match what {
        Ref::ActiveCategory => {
            "SELECT EXISTS (SELECT 1 FROM category WHERE id = ?1 AND active = 1)"
        }
        Ref::ActiveOffice => "SELECT EXISTS (SELECT 1 FROM office WHERE id = ?1 AND active = 1)",
        Ref::Staff => "SELECT EXISTS (SELECT 1 FROM staff WHERE id = ?1)",
        Ref::Task => "SELECT EXISTS (SELECT 1 FROM plan_task WHERE id = ?1)",
    };
    Ok(conn.query_row(sql, [id], |r| r.get(0))?)
}

/// The id of the work-plan task numbered `seq`.
pub fn task_by_seq(conn: &Conn, seq: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT id FROM plan_task WHERE seq = ?1", [seq], |r| {
            r.get(0)
        })
        .optional()?)
}
