-- 0013: 个人密码 — initial passwords an administrator hands out must be changed at first
-- sign-in; when each password was last set.
ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
    CHECK (must_change_password IN (0, 1));
ALTER TABLE staff ADD COLUMN password_changed_at TEXT;

-- 上传包的校验值: the whole zip's SHA-256 as exported (NULL for bundles exported before),
-- so a bundle changed on the USB stick and re-summed is caught against the record.
ALTER TABLE bundle ADD COLUMN sha256 TEXT;

-- 审计密钥: each key that signs the audit chain (HMAC-SHA-256) and the first entry it
-- signs; the keys themselves live in files outside the database (see `audit::key`).
-- Entries before the first key keep the plain SHA-256 chain of older versions.
CREATE TABLE audit_key (
    key_id      TEXT PRIMARY KEY,
    from_entry  INTEGER NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;

-- 脱敏: the version the item's latest masking made. Versions before it hold the personal
-- data the masking removed: only 保密审查员, 分管领导 and administrators read them.
ALTER TABLE item ADD COLUMN masked_version INTEGER;

-- 查看权限: the list's index carries what the read rule looks at, so a list or count for
-- someone who may not read everything filters in the index, without reading item rows.
DROP INDEX item_live_updated;
CREATE INDEX item_live_updated ON item (updated_at DESC, id DESC, status, office_id, category_id)
    WHERE deleted_at IS NULL;
