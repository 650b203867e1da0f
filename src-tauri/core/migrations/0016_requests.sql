-- 0016: 依申请公开 — applications from the public (条例 第四章) and what happens to each on
-- the statutory clock. The clock itself is never stored: `request::clock` computes the due
-- date from the receipt date and the events, on the working-day calendar, so a corrected
-- calendar or setting moves every open request's date at once.

-- A new role, 依申请承办人 (the disclosure office's staff who handle applications). SQLite
-- cannot change a CHECK constraint, so the role table is rebuilt with the longer list.
CREATE TABLE staff_role_new (
    staff_id  INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('drafter', 'office_head', 'reviewer', 'leader', 'publisher', 'admin', 'request_handler')),
    PRIMARY KEY (staff_id, role)
) WITHOUT ROWID;
INSERT INTO staff_role_new (staff_id, role) SELECT staff_id, role FROM staff_role;
DROP TABLE staff_role;
ALTER TABLE staff_role_new RENAME TO staff_role;

-- 申请登记: one row per application, as registered. The applicant's 身份证明 is personal data:
-- the core masks it for everyone but the request's handlers and never exports it.
CREATE TABLE request (
    id                INTEGER PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,        -- 申请编号, e.g. 2026-0001, never reused
    applicant_type    TEXT NOT NULL CHECK (applicant_type IN ('person', 'organization')),
    applicant_subtype TEXT CHECK (applicant_subtype IN ('business', 'research', 'nonprofit', 'legal', 'other')),
    name              TEXT NOT NULL,
    id_type           TEXT NOT NULL,
    id_number         TEXT NOT NULL,
    contact           TEXT NOT NULL,
    address           TEXT NOT NULL,
    channel           TEXT NOT NULL CHECK (channel IN ('in_person', 'post', 'letter', 'online', 'fax')),
    received_on       TEXT NOT NULL,               -- 收到申请之日 (第三十一条), YYYY-MM-DD
    description       TEXT NOT NULL,               -- 名称、文号或特征性描述
    form              TEXT NOT NULL CHECK (form IN ('paper', 'electronic')),
    delivery          TEXT NOT NULL,               -- 获取方式、途径
    registered_by     INTEGER NOT NULL REFERENCES staff(id),
    registered_at     TEXT NOT NULL,
    CHECK ((applicant_type = 'person') = (applicant_subtype IS NULL))
);
CREATE INDEX request_received ON request (received_on);

-- The per-year counter of request numbers (a number once given is never given again).
CREATE TABLE request_counter (
    year  INTEGER PRIMARY KEY,
    next  INTEGER NOT NULL
);

-- What happened to a request, in order: 补正, extension, consultations, fees, the reply.
-- `detail` is the event's own fields as JSON (see `request::RequestEvent`).
CREATE TABLE request_event (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES request(id),
    kind        TEXT NOT NULL,
    on_date     TEXT NOT NULL,                     -- the day it happened, YYYY-MM-DD
    detail      TEXT NOT NULL,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    at          TEXT NOT NULL
);
CREATE INDEX request_event_request ON request_event (request_id, id);

-- 行政复议 and 行政诉讼 against a reply (the annual report's section 四).
CREATE TABLE request_appeal (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES request(id),
    kind         TEXT NOT NULL CHECK (kind IN ('review', 'lawsuit', 'lawsuit_after_review')),
    body         TEXT NOT NULL,                     -- 复议机关 or 法院
    filed_on     TEXT NOT NULL,                     -- YYYY-MM-DD
    result       TEXT NOT NULL CHECK (result IN ('upheld', 'corrected', 'other', 'pending')),
    decided_on   TEXT,                              -- when the result came, if it has
    staff_id     INTEGER NOT NULL REFERENCES staff(id),
    at           TEXT NOT NULL
);
CREATE INDEX request_appeal_request ON request_appeal (request_id);
