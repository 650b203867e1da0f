-- 0007: the pre-review scanner's findings, kept with the review round whose frozen version
-- they were found in, and the administrator's sensitive-word list (敏感词表).

-- 检查结果: one finding of one round. `matched` is the unmasked text (the reviewer must be
-- able to find it); whatever is shown in a list or written to the audit log uses `excerpt`.
-- A blocking finding must be settled (处理) by a confidentiality reviewer before the
-- round can be approved at the reviewer's step or later.
CREATE TABLE scan_finding (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES review_round(id),
    kind         TEXT NOT NULL,
    severity     TEXT NOT NULL CHECK (severity IN ('block', 'warn', 'info')),
    location     TEXT NOT NULL,
    matched      TEXT NOT NULL,
    excerpt      TEXT NOT NULL,
    -- Byte offsets of the match in the text of its location.
    match_start  INTEGER NOT NULL,
    match_end    INTEGER NOT NULL,
    settlement   TEXT CHECK (settlement IN ('false_positive', 'masked', 'accepted')),
    note         TEXT NOT NULL DEFAULT '',
    settled_by   INTEGER REFERENCES staff(id),
    settled_at   TEXT,
    CHECK ((settlement IS NULL) = (settled_by IS NULL))
);
CREATE INDEX scan_finding_round ON scan_finding (round_id, id);

-- 敏感词表, in the order the administrator wrote it.
CREATE TABLE sensitive_word (
    position  INTEGER PRIMARY KEY,
    word      TEXT NOT NULL UNIQUE
);
