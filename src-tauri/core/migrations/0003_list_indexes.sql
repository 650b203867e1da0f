-- 0003: indexes over live (not deleted) items only, so counting and paging a list reads a
-- small index instead of every item row with its body.
CREATE INDEX item_live_updated ON item (updated_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX item_live_office_status ON item (office_id, status, updated_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX item_live_creator ON item (created_by, updated_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX item_live_category ON item (category_id, updated_at DESC) WHERE deleted_at IS NULL;
DROP INDEX item_office_status_updated;
DROP INDEX item_creator_updated;
DROP INDEX item_category_updated;
DROP INDEX item_updated;
