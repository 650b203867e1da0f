#!/usr/bin/env bash
# The whole life of an item through the `disclosure` CLI on a fresh data directory:
# init → staff → draft (import) → submit → three approvals → export → verify.
# Usage: cli-flow.sh CLI DATA_DIR. Exits non-zero at the first step that fails.
# `make nonet-test` runs it inside a network namespace with no interfaces but loopback.
set -euo pipefail
CLI=$1
DATA=$2
export DISCLOSURE_PASSWORD=guanli2026mima DISCLOSURE_NEW_PASSWORD=chushi2026mima
d() { "$CLI" --data-dir "$DATA" "$@"; }
as() { DISCLOSURE_PASSWORD=chushi2026mima d "$@"; }

d init --admin 管理员 --org-code 11210300MB0000000X >/dev/null
d user add 张伟 --office 法规处 --roles drafter --by 管理员 >/dev/null
d user add 赵处长 --office 法规处 --roles office_head --by 管理员 >/dev/null
d user add 钱审查 --office 办公室 --roles reviewer --by 管理员 >/dev/null
d user add 孙局长 --office 办公室 --roles leader --by 管理员 >/dev/null
d user add 周发布 --office 办公室 --roles publisher --by 管理员 >/dev/null

cat >"$DATA/items.json" <<'JSON'
[{"title":"关于开展2026年教师资格认定工作的通知","category":"通知公告","office":"法规处",
  "summary":"2026年教师资格认定工作安排。","topic":"教育",
  "body_html":"<p>各有关单位：现将2026年教师资格认定工作有关事项通知如下。</p>"}]
JSON
no=$(as item import "$DATA/items.json" --user 张伟 --json | grep -o '"[^"]*/[0-9]\{4\}-[0-9]\{5\}"' | tr -d '"' | head -1)
[ -n "$no" ] || { echo "导入草稿失败" >&2; exit 1; }
as item submit "$no" --user 张伟 >/dev/null
for who in 赵处长 钱审查 孙局长; do
  as review decide "$no" --user "$who" --decision approve --comment 同意 >/dev/null
done
as item show "$no" --json | grep '"status": *"approved"' >/dev/null || { echo "$no 未通过审查" >&2; exit 1; }
mkdir -p "$DATA/out"
zip=$(as export "$no" -o "$DATA/out" --user 周发布)
[ -f "$zip" ] || { echo "没有生成上传包" >&2; exit 1; }
d verify "$zip"
d audit verify >/dev/null
echo "$no"
