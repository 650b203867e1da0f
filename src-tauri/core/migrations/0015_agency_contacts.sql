-- 0015: the agency's public contact details (办公地址, 咨询电话, 电子邮箱), as a 政府信息公开指南
-- states them. They seed 设置 → 公开联系方式, so the scanner never reports the office's own
-- published number. Empty until an administrator fills them in.
ALTER TABLE agency ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE agency ADD COLUMN phone   TEXT NOT NULL DEFAULT '';
ALTER TABLE agency ADD COLUMN email   TEXT NOT NULL DEFAULT '';
