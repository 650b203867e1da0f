#!/usr/bin/env bash
# The whole life of an item through the `disclosure` CLI on a fresh data directory:
# init → staff (each changes the initial password printed for them) → draft (import) →
# submit → three approvals → export → verify (alone and against the record) → audit verify.
# Usage: cli-flow.sh CLI DATA_DIR. Exits non-zero at the first step that fails.
# `make nonet-test` runs it inside a network namespace with no interfaces but loopback.
set -euo pipefail
CLI=$1
DATA=$2
export DISCLOSURE_PASSWORD=guanli2026mima
d() { "$CLI" --data-dir "$DATA" "$@"; }
as() { DISCLOSURE_PASSWORD=chushi2026mima d "$@"; }
# Adds a person; they replace the random initial password with their own.
add() {
  local initial
  initial=$(d user add "$1" --office "$2" --roles "$3" --by 管理员 | sed -n 's/^初始密码：\([^（]*\).*/\1/p')
  [ -n "$initial" ] || { echo "没有打印 $1 的初始密码" >&2; exit 1; }
  DISCLOSURE_PASSWORD=$initial DISCLOSURE_NEW_PASSWORD=chushi2026mima d user passwd "$1" >/dev/null
}

d init --admin 管理员 --org-code 11210300MB0000000X >/dev/null
add 张伟 法规处 drafter
add 赵处长 法规处 office_head
add 钱审查 办公室 reviewer
add 孙局长 办公室 leader
add 周发布 办公室 publisher

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
as item show "$no" --user 张伟 --json | grep '"status": *"approved"' >/dev/null || { echo "$no 未通过审查" >&2; exit 1; }
mkdir -p "$DATA/out"
zip=$(as export "$no" -o "$DATA/out" --user 周发布)
[ -f "$zip" ] || { echo "没有生成上传包" >&2; exit 1; }
d verify "$zip"
d verify "$zip" --against-db >/dev/null
d audit verify --bundle "$zip" >/dev/null
echo "$no"
