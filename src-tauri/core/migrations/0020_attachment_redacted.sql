-- 0020: which attachments are redacted copies (一键脱敏, `item::redact_attachment`): the
-- SHA-256 of the file the copy was made from. The review page shows such copies' pages
-- beside the findings; before, it went by the copy's name (“（脱敏）.pdf”), which any file
-- may carry.
ALTER TABLE attachment ADD COLUMN redacted_from TEXT REFERENCES blob(sha256);
