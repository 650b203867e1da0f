-- 0012: 导出日志 — an export between renaming its finished zip into place and recording it.
--
-- `bundle::export` writes the zip to a temporary file, commits a row here, renames the file
-- to its final name, then records the bundle (and marks its items 已导出) in one transaction
-- that also deletes the row. A row left behind means the program stopped in between: the
-- next start (or export) finds the file and records it, or finds no file and drops the row.
CREATE TABLE bundle_journal (
    id          TEXT PRIMARY KEY,   -- the bundle's UUID (manifest.json's bundle_id)
    path        TEXT NOT NULL,      -- the zip's final path
    plan        TEXT NOT NULL,      -- JSON: what recording the bundle writes
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
