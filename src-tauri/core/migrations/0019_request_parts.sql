-- 0019: 协办 — a request routed to the offices that hold the information (条例 第四章; the
-- issue's “routing to the office”). Each office's part is a draft item of its own category,
-- 依申请公开答复材料, that the office writes (the information, or a statement that it does not
-- exist or is not held) and that goes through the same 保密审查 chain as any item. Such items
-- are answered to the applicant, never uploaded: the export leaves them out, and once
-- approved they stay readable only by their office, the reviewers, the leaders and the
-- request handlers (see `item::access`).
INSERT INTO category (code, name, sort_order) VALUES ('request_reply', '依申请公开答复材料', 90);

-- Its review chain: the same three steps as every category's (0005).
INSERT INTO review_step (category_id, step, role, name)
SELECT id, 1, 'office_head', '处室负责人审核' FROM category WHERE code = 'request_reply'
UNION ALL SELECT id, 2, 'reviewer', '保密审查员审查' FROM category WHERE code = 'request_reply'
UNION ALL SELECT id, 3, 'leader', '分管领导审批' FROM category WHERE code = 'request_reply';

-- 分派: one row per office's part of a request.
CREATE TABLE request_part (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER NOT NULL REFERENCES request(id),
    office_id     INTEGER NOT NULL REFERENCES office(id),
    item_id       INTEGER NOT NULL UNIQUE REFERENCES item(id),
    due_on        TEXT NOT NULL,               -- the office's date, inside the request's clock
    note          TEXT NOT NULL,               -- what the disclosure office asks of it
    assigned_by   INTEGER NOT NULL REFERENCES staff(id),
    assigned_at   TEXT NOT NULL,
    cancelled_at  TEXT                         -- withdrawn before the office submitted it
);
CREATE INDEX request_part_request ON request_part (request_id);
CREATE INDEX request_part_office ON request_part (office_id) WHERE cancelled_at IS NULL;
