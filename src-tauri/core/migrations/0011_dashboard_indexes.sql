-- The home page's figures at 100,000 items (`make bench`): counting items by state read
-- every item row for its deleted_at, and the year's charts (publications by month, on time
-- by office) read each published item's row, bodies and all. Both now read narrow indexes.
-- (status, updated_at) like item_status_updated, so a list by state may use either.
CREATE INDEX item_live_status ON item (status, updated_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX item_live_facts ON item (id, category_id, office_id, status, written_on, created_at)
    WHERE deleted_at IS NULL;
