-- 0017: the letters of 依申请公开 (申请接收回执, 补正告知书, 延期答复告知书, 征求意见书, 收费通知书,
-- 答复书 …), each with its 文号 and how it was served (送达: 直接、邮寄、电子). A letter's text is
-- kept as it was issued (`content`, the printed letter as JSON): a reprint is the same letter,
-- whatever has changed in the settings or on the request since.

CREATE TABLE request_letter (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES request(id),
    kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'correction', 'extension',
                    'consult_third_party', 'consult_co_maker', 'fee', 'reply', 'reply_referral',
                    'abandon_correction', 'abandon_fee')),
    -- The event the letter announces (the 补正告知, the approved extension …); NULL for the
    -- receipt and the abandonment notices, which follow from the request and its clock.
    event_id    INTEGER REFERENCES request_event(id),
    number      TEXT NOT NULL UNIQUE,                -- 文号, never reused
    issued_on   TEXT NOT NULL,                       -- the letter's date, YYYY-MM-DD
    content     TEXT NOT NULL,                       -- the printed letter (JSON)
    served_how  TEXT CHECK (served_how IN ('direct', 'post', 'electronic')),
    served_on   TEXT,                                -- 送达之日: 签收之日 (直接), 交邮之日 (邮寄)
    tracking_no TEXT,                                -- 邮件号 (邮寄 only, through the postal service)
    served_by   INTEGER REFERENCES staff(id),
    served_at   TEXT,
    staff_id    INTEGER NOT NULL REFERENCES staff(id),
    at          TEXT NOT NULL,
    CHECK ((served_how IS NULL) = (served_on IS NULL)),
    CHECK (served_how IS NOT 'post' OR tracking_no IS NOT NULL)
);
CREATE INDEX request_letter_request ON request_letter (request_id, id);
-- One letter per event, and one receipt (or abandonment notice) per request.
CREATE UNIQUE INDEX request_letter_event ON request_letter (event_id) WHERE event_id IS NOT NULL;
CREATE UNIQUE INDEX request_letter_once ON request_letter (request_id, kind)
    WHERE kind IN ('receipt', 'abandon_correction', 'abandon_fee');

-- The per-year counter of 文号: it moves in the transaction that stores the letter, so a
-- number is given once and never again (a letter is never deleted).
CREATE TABLE request_letter_counter (
    year  INTEGER PRIMARY KEY,
    next  INTEGER NOT NULL
);
