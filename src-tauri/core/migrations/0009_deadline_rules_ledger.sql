-- 0009: deadline rules an administrator tunes (时限规则), the named staff of each work-plan
-- task (落实专人), and an index that lets the dashboard find urgent items without reading
-- every unpublished item.

-- One row a rule; what each code means, its unit and legal basis live in deadline.rs.
CREATE TABLE deadline_rule (
    code  TEXT PRIMARY KEY,
    days  INTEGER NOT NULL CHECK (days > 0)
) WITHOUT ROWID;

INSERT INTO deadline_rule (code, days) VALUES
    ('interpretation', 3),
    ('proactive', 20),
    ('budget', 20),
    ('comment_period', 30);

-- The minimum comment period used to be a drafting setting: keep what was configured.
UPDATE deadline_rule
   SET days = (SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'min_comment_days')
 WHERE code = 'comment_period'
   AND EXISTS (SELECT 1 FROM setting WHERE key = 'min_comment_days' AND CAST(value AS INTEGER) > 0);
DELETE FROM setting WHERE key = 'min_comment_days';

-- 落实专人: the people who carry a task out, one name a line.
ALTER TABLE plan_task ADD COLUMN staff_names TEXT NOT NULL DEFAULT '';

-- Unpublished live items of each category by the date their deadline counts from.
CREATE INDEX item_due_start ON item (category_id, COALESCE(written_on, substr(created_at, 1, 10)))
    WHERE deleted_at IS NULL AND status IN ('draft', 'in_review', 'approved', 'exported');

-- Progress on the work-plan tasks by task (ledger) and by office (dashboard), read from
-- the indexes alone.
CREATE INDEX item_task_progress ON item (task_id, status)
    WHERE deleted_at IS NULL AND task_id IS NOT NULL;
CREATE INDEX item_office_progress ON item (office_id, task_id, status)
    WHERE deleted_at IS NULL AND task_id IS NOT NULL;

-- Publications of a year (dashboard charts, on-time rate).
CREATE INDEX publication_on ON publication (published_on);
