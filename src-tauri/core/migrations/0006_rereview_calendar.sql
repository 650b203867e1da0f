-- 0006: re-review of withheld items (条例第十八条), referral outcomes, and calendar years an
-- administrator adds after release.

-- The date a 不予公开 decision must be looked at again; NULL for other decisions.
ALTER TABLE review_decision ADD COLUMN rereview_on TEXT;
-- 1 when the decision records the outcome of a 需报审 referral rather than a reviewer's own.
ALTER TABLE review_decision ADD COLUMN after_referral INTEGER NOT NULL DEFAULT 0
    CHECK (after_referral IN (0, 1));

-- 复查: each 不予公开 decision is looked at again on its date; the result is recorded here.
CREATE TABLE rereview (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL REFERENCES item(id),
    decision_id  INTEGER NOT NULL REFERENCES review_decision(id),
    due_on       TEXT NOT NULL,
    done_at      TEXT,
    done_by      INTEGER REFERENCES staff(id),
    outcome      TEXT CHECK (outcome IN ('keep', 'release')),
    comment      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rereview_open ON rereview (due_on) WHERE done_at IS NULL;
CREATE INDEX rereview_item ON rereview (item_id);

-- 节假日安排 of a year added after release, in the shape of assets/cn-holidays.json.
CREATE TABLE calendar_year (
    year      INTEGER PRIMARY KEY,
    json      TEXT NOT NULL,
    added_by  INTEGER REFERENCES staff(id),
    added_at  TEXT NOT NULL
);

-- The step's name as it was when decided, so history reads right after the chain changes.
ALTER TABLE review_decision ADD COLUMN step_name TEXT NOT NULL DEFAULT '';
-- Who ended a round by withdrawing it.
ALTER TABLE review_round ADD COLUMN closed_by INTEGER REFERENCES staff(id);
