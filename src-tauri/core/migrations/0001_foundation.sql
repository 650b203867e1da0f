-- 0001: the agency, its offices, the work plan and settings.

-- 机构 — exactly one row: the agency this installation serves.
CREATE TABLE agency (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,          -- 机构名称
    short_name  TEXT NOT NULL,          -- 机构简称 (bundle file names)
    org_code    TEXT NOT NULL,          -- 机构代码 / 统一社会信用代码, the 索引号 prefix
    updated_at  TEXT NOT NULL
);

-- 处室
CREATE TABLE office (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    sort_order  INTEGER NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL
);

-- 工作任务 of the work plan.
CREATE TABLE plan_task (
    id                    INTEGER PRIMARY KEY,
    seq                   INTEGER NOT NULL UNIQUE,
    title                 TEXT NOT NULL,
    detail                TEXT NOT NULL,
    -- 有关处室: every office concerned shares the task, not an office of that name.
    any_office_concerned  INTEGER NOT NULL DEFAULT 0 CHECK (any_office_concerned IN (0, 1))
);

-- 责任处室 of a task.
CREATE TABLE plan_task_office (
    task_id    INTEGER NOT NULL REFERENCES plan_task(id) ON DELETE CASCADE,
    office_id  INTEGER NOT NULL REFERENCES office(id),
    PRIMARY KEY (task_id, office_id)
) WITHOUT ROWID;

-- Application settings as JSON values under a key.
CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
