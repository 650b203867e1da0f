-- 0005: the confidentiality review (保密审查): the chain of steps per category, the rounds
-- an item goes through, and every decision bound to the content hash it saw.

-- 审查流程: the steps of a category's chain; `enabled` switches a step (the leader's) off.
CREATE TABLE review_step (
    category_id  INTEGER NOT NULL REFERENCES category(id),
    step         INTEGER NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('office_head', 'reviewer', 'leader')),
    name         TEXT NOT NULL,
    due_days     INTEGER NOT NULL DEFAULT 5,
    enabled      INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    PRIMARY KEY (category_id, step)
) WITHOUT ROWID;

INSERT INTO review_step (category_id, step, role, name)
SELECT id, 1, 'office_head', '处室负责人审核' FROM category
UNION ALL SELECT id, 2, 'reviewer', '保密审查员审查' FROM category
UNION ALL SELECT id, 3, 'leader', '分管领导审批' FROM category;

-- 审查轮次: one submission of one frozen version.
CREATE TABLE review_round (
    id            INTEGER PRIMARY KEY,
    item_id       INTEGER NOT NULL REFERENCES item(id),
    round         INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    content_hash  TEXT NOT NULL,
    submitted_by  INTEGER NOT NULL REFERENCES staff(id),
    submitted_at  TEXT NOT NULL,
    -- Position in the round's enabled steps (1-based) while open.
    position      INTEGER NOT NULL DEFAULT 1,
    outcome       TEXT NOT NULL DEFAULT 'open'
        CHECK (outcome IN ('open', 'approved', 'returned', 'withheld', 'on_request', 'referred', 'withdrawn')),
    closed_at     TEXT,
    UNIQUE (item_id, round)
);
CREATE INDEX review_round_open ON review_round (outcome, submitted_at) WHERE outcome = 'open';

-- 审查意见: who decided what at which step, on which content.
CREATE TABLE review_decision (
    id            INTEGER PRIMARY KEY,
    round_id      INTEGER NOT NULL REFERENCES review_round(id),
    step          INTEGER NOT NULL,
    decision      TEXT NOT NULL,
    grounds       TEXT NOT NULL DEFAULT '[]',
    comment       TEXT NOT NULL DEFAULT '',
    content_hash  TEXT NOT NULL,
    decided_by    INTEGER NOT NULL REFERENCES staff(id),
    decided_at    TEXT NOT NULL
);
CREATE INDEX review_decision_round ON review_decision (round_id, id);
