-- 0008: upload bundles (上传包), publication on the public site (已发布) and revocations
-- (撤回 / 废止) that the next bundle carries to the site.

-- 上传包: one export. The zip itself leaves the building; this is the record of it.
CREATE TABLE bundle (
    id                TEXT PRIMARY KEY,     -- UUID, also in the bundle's manifest.json
    file_name         TEXT NOT NULL,
    item_count        INTEGER NOT NULL,
    revocation_count  INTEGER NOT NULL,
    bytes             INTEGER NOT NULL,
    created_by        INTEGER NOT NULL REFERENCES staff(id),
    created_at        TEXT NOT NULL
) WITHOUT ROWID;

-- The items a bundle carried, with the approved version and hash that went out.
CREATE TABLE bundle_item (
    bundle_id     TEXT NOT NULL REFERENCES bundle(id),
    item_id       INTEGER NOT NULL REFERENCES item(id),
    version       INTEGER NOT NULL,
    content_hash  TEXT NOT NULL,
    PRIMARY KEY (bundle_id, item_id)
) WITHOUT ROWID;
CREATE INDEX bundle_item_item ON bundle_item (item_id);

-- 发布: where and when the website staff published an exported item.
CREATE TABLE publication (
    item_id       INTEGER PRIMARY KEY REFERENCES item(id),
    url           TEXT NOT NULL,
    published_on  TEXT NOT NULL,
    recorded_by   INTEGER NOT NULL REFERENCES staff(id),
    recorded_at   TEXT NOT NULL
);

-- 撤回 / 废止 of a published item; `bundle_id` is the bundle that carried it to the site,
-- NULL while it waits for the next export. `reason` stays inside (it is not exported).
CREATE TABLE revocation (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES item(id),
    kind        TEXT NOT NULL CHECK (kind IN ('withdrawn', 'repealed')),
    reason      TEXT NOT NULL,
    revoked_on  TEXT NOT NULL,
    revoked_by  INTEGER NOT NULL REFERENCES staff(id),
    revoked_at  TEXT NOT NULL,
    bundle_id   TEXT REFERENCES bundle(id)
);
CREATE INDEX revocation_pending ON revocation (id) WHERE bundle_id IS NULL;
CREATE INDEX revocation_item ON revocation (item_id);
