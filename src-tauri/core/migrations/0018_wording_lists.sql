-- 0018: 错敏词 — the agency's own lists for the wording checks (the shipped lists of wrong
-- expressions and misspellings are compiled into the program, versioned in their files;
-- only the entries an administrator switched off are kept here), and the suggestion a
-- wording finding carries (应为“…”, 现名称：…).

-- 领导姓名与职务: one row per current title of a leader (一人多职，每个职务一行).
CREATE TABLE wording_leader (
    position  INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    title     TEXT NOT NULL,
    UNIQUE (name, title)
);

-- 机构名称变更: the agency's own and its superior organisations' old names.
CREATE TABLE wording_rename (
    position      INTEGER PRIMARY KEY,
    old_name      TEXT NOT NULL UNIQUE,
    current_name  TEXT NOT NULL
);

-- 常见错别字, the agency's additions to the shipped list.
CREATE TABLE wording_misspelling (
    position  INTEGER PRIMARY KEY,
    wrong     TEXT NOT NULL UNIQUE,
    correct   TEXT NOT NULL,
    severity  TEXT NOT NULL CHECK (severity IN ('warn', 'info'))
);

-- Shipped entries switched off, by their wrong form (stable across list versions).
CREATE TABLE wording_shipped_off (
    list   TEXT NOT NULL CHECK (list IN ('expressions', 'misspellings')),
    wrong  TEXT NOT NULL,
    PRIMARY KEY (list, wrong)
);

ALTER TABLE scan_finding ADD COLUMN suggestion TEXT;
