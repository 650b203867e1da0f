-- 0004: the append-only, hash-chained audit log (审计日志).
--
-- Each entry's `hash` is SHA-256 over its own fields and the previous entry's hash, so an
-- entry changed, inserted or deleted with a database tool breaks the chain at that point.
-- `audit_head` holds the count and last hash, written in the same transaction, so that
-- removing entries from the end is detected too.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor_id     INTEGER,
    actor_name   TEXT NOT NULL,
    action       TEXT NOT NULL,
    item_id      INTEGER,
    before_hash  TEXT,
    after_hash   TEXT,
    detail       TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_item ON audit_log (item_id, id);
CREATE INDEX audit_action ON audit_log (action, id);

CREATE TABLE audit_head (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    count  INTEGER NOT NULL,
    hash   TEXT NOT NULL
);
INSERT INTO audit_head (id, count, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
