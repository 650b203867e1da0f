# Sourced by the CLI flows (tests/nonet/cli-flow.sh, tests/windows/wine-test.sh) after
# they define `d` (the CLI on their data directory, as 管理员 by DISCLOSURE_PASSWORD):
# `people` adds the five people of the review chain, each replacing the random initial
# password printed for them with chushi2026mima; `item_json FILE` writes one draft to import.

# Adds a person; they replace the random initial password with their own.
add() {
  local initial
  initial=$(d user add "$1" --office "$2" --roles "$3" --by 管理员 | sed -n 's/^初始密码：\([^（]*\).*/\1/p')
  [ -n "$initial" ] || { echo "没有打印 $1 的初始密码" >&2; exit 1; }
  DISCLOSURE_PASSWORD=$initial DISCLOSURE_NEW_PASSWORD=chushi2026mima d user passwd "$1" >/dev/null
}

people() {
  add 张伟 法规处 drafter
  add 赵处长 法规处 office_head
  add 钱审查 办公室 reviewer
  add 孙局长 局领导 leader
  add 周发布 办公室 publisher
}

item_json() {
  cat >"$1" <<'JSON'
[{"title":"关于开展2026年教师资格认定工作的通知","category":"通知公告","office":"法规处",
  "summary":"2026年教师资格认定工作安排。","topic":"教育",
  "body_html":"<p>各有关单位：现将2026年教师资格认定工作有关事项通知如下。</p>"}]
JSON
}
