-- 0009 (0012 after the merge): indexes found missing by the plans of the item list at 100,000 items (see the
-- query-plan test in tests/demo.rs): sorting by 成文日期 read and sorted every item row,
-- and filtering by 有效性 alone counted by reading every row.
CREATE INDEX item_live_written ON item (written_on DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX item_live_validity ON item (validity, updated_at DESC) WHERE deleted_at IS NULL;
