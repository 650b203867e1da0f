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
. "$(dirname "$0")/bureau.sh"

d init --admin 管理员 --org-code 11210300MB0000000X >/dev/null
people
item_json "$DATA/items.json"
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
