-- 0002: staff and sign-in, categories, disclosure items with versions, attachments and search.

-- 人员. `name` is the sign-in name and the name printed on review sheets.
CREATE TABLE staff (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    office_id      INTEGER NOT NULL REFERENCES office(id),
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    password_hash  TEXT NOT NULL,           -- argon2id PHC string
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   TEXT,                    -- sign-in refused until then
    created_at     TEXT NOT NULL
);

-- 角色: one person may hold several.
CREATE TABLE staff_role (
    staff_id  INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('drafter', 'office_head', 'reviewer', 'leader', 'publisher', 'admin')),
    PRIMARY KEY (staff_id, role)
) WITHOUT ROWID;

-- 公开类别.
CREATE TABLE category (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,       -- stable key the rules and exports use
    name        TEXT NOT NULL UNIQUE,
    sort_order  INTEGER NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

-- Default responsible offices of a category.
CREATE TABLE category_office (
    category_id  INTEGER NOT NULL REFERENCES category(id) ON DELETE CASCADE,
    office_id    INTEGER NOT NULL REFERENCES office(id),
    PRIMARY KEY (category_id, office_id)
) WITHOUT ROWID;

-- 索引号 sequence per year; only ever counts up.
CREATE TABLE index_counter (
    year  INTEGER PRIMARY KEY,
    next  INTEGER NOT NULL
);

-- Every 索引号 ever given, so none is given twice, even after its item is deleted.
CREATE TABLE index_number (
    value         TEXT PRIMARY KEY,
    allocated_at  TEXT NOT NULL
) WITHOUT ROWID;

-- 公开事项: the current state of each item. Catalog fields as columns; category-specific
-- fields (预决算 components, 征求意见期, 解读对象, 项目阶段, 抽查要素) as JSON in `extra`.
CREATE TABLE item (
    id                  INTEGER PRIMARY KEY,
    index_no            TEXT NOT NULL UNIQUE REFERENCES index_number(value),
    status              TEXT NOT NULL DEFAULT 'draft',
    category_id         INTEGER NOT NULL REFERENCES category(id),
    title               TEXT NOT NULL,
    summary             TEXT NOT NULL DEFAULT '',
    publisher           TEXT NOT NULL,
    doc_number          TEXT NOT NULL DEFAULT '',
    written_on          TEXT,
    topic               TEXT NOT NULL DEFAULT '',
    keywords            TEXT NOT NULL DEFAULT '',
    publish_mode        TEXT NOT NULL DEFAULT 'proactive' CHECK (publish_mode IN ('proactive', 'on_request')),
    channels            TEXT NOT NULL DEFAULT '[]',
    validity            TEXT NOT NULL DEFAULT 'valid' CHECK (validity IN ('valid', 'expired', 'repealed')),
    validity_date       TEXT,
    office_id           INTEGER NOT NULL REFERENCES office(id),
    handler_id          INTEGER REFERENCES staff(id),
    planned_publish_on  TEXT,
    task_id             INTEGER REFERENCES plan_task(id),
    body_html           TEXT NOT NULL DEFAULT '',
    body_text           TEXT NOT NULL DEFAULT '',
    extra               TEXT NOT NULL DEFAULT '{}',
    version             INTEGER NOT NULL DEFAULT 1,
    created_by          INTEGER NOT NULL REFERENCES staff(id),
    created_at          TEXT NOT NULL,
    updated_by          INTEGER NOT NULL REFERENCES staff(id),
    updated_at          TEXT NOT NULL,
    deleted_at          TEXT
);
CREATE INDEX item_office_status_updated ON item (office_id, status, updated_at DESC);
CREATE INDEX item_status_updated ON item (status, updated_at DESC);
CREATE INDEX item_category_updated ON item (category_id, updated_at DESC);
CREATE INDEX item_creator_updated ON item (created_by, updated_at DESC);
CREATE INDEX item_task ON item (task_id);
CREATE INDEX item_updated ON item (updated_at DESC);
CREATE INDEX item_doc_number ON item (doc_number) WHERE doc_number <> '';

-- 版本: a full snapshot (catalog fields, body, attachment list) of every saved version.
CREATE TABLE item_version (
    item_id     INTEGER NOT NULL REFERENCES item(id),
    version     INTEGER NOT NULL,
    snapshot    TEXT NOT NULL,
    -- An autosaved version stays open: later autosaves by the same person update it, until
    -- an explicit save (Ctrl+S) closes it. So one editing session is one version.
    open        INTEGER NOT NULL DEFAULT 0 CHECK (open IN (0, 1)),
    saved_by    INTEGER NOT NULL REFERENCES staff(id),
    saved_at    TEXT NOT NULL,
    PRIMARY KEY (item_id, version)
) WITHOUT ROWID;

-- Content-addressed files in `<data dir>/blobs/ab/<sha256>`.
CREATE TABLE blob (
    sha256      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;

-- 附件 of the current version.
CREATE TABLE attachment (
    id        INTEGER PRIMARY KEY,
    item_id   INTEGER NOT NULL REFERENCES item(id),
    sha256    TEXT NOT NULL REFERENCES blob(sha256),
    name      TEXT NOT NULL,
    size      INTEGER NOT NULL,
    position  INTEGER NOT NULL,
    added_by  INTEGER NOT NULL REFERENCES staff(id),
    added_at  TEXT NOT NULL
);
CREATE INDEX attachment_item ON attachment (item_id, position);

-- Search: one contentless FTS5 row per item (rowid = item.id) holding the item's searchable
-- text cut into CJK bigrams and Latin/digit words (see search.rs), so one- and
-- two-character Chinese queries are answered from the index, not by scanning.
CREATE VIRTUAL TABLE item_search USING fts5(
    tokens,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- The categories of the work plan.
INSERT INTO category (code, name, sort_order) VALUES
    ('power_list',       '权力清单和责任清单',   1),
    ('inspection',       '随机抽查事项及结果',   2),
    ('service_guide',    '政务服务事项与办事指南', 3),
    ('policy',           '政策文件',             4),
    ('construction',     '重大建设项目',         5),
    ('decision_draft',   '重大决策预公开',       6),
    ('policy_execution', '政策执行与落实',       7),
    ('budget',           '部门预决算',           8),
    ('interpretation',   '政策解读',             9),
    ('public_concern',   '回应社会关切',         10),
    ('notice',           '通知公告',             11),
    ('regulation',       '规章和规范性文件',     12),
    ('other',            '其他',                 13);

-- Their default responsible offices are seeded by seed.rs (offices may not exist yet here).
