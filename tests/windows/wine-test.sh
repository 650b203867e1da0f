#!/usr/bin/env bash
# The Windows build of the `disclosure` CLI, run under Wine with Windows paths: a data
# directory `C:\政务公开\数据`, files given as `C:\…`, the default data directory under
# %APPDATA%, the data directory lock between two processes, a path over 260 characters.
# The flow is the no-network test's (init → people → draft → submit → three approvals)
# plus a review sheet, export and verify, backup and restore, each result checked.
#
# Usage: wine-test.sh DISCLOSURE.EXE (built with --features demo, for the lock check).
# Needs wine64 and mingw-w64 (for the test-only bcryptprimitives.dll, see its source).
# Makes a fresh Wine prefix in a temporary folder and removes it at the end.
set -euo pipefail
EXE=$(realpath "$1")
. "$(dirname "$0")/wine-prefix.sh"
prog=$drive/政务公开工作台
mkdir -p "$prog" "$drive/政务公开"
cp "$EXE" "$prog/disclosure.exe"
standin "$prog"

# A Windows path C:\… as this machine's path, and back.
unix() { local p=${1#C:\\}; printf '%s/%s' "$drive" "${p//\\//}"; }
fail() { echo "Windows（Wine）测试失败：$*" >&2; exit 1; }
step() { echo "==> $*"; }

win() { wine 'C:\政务公开工作台\disclosure.exe' "$@" | tr -d '\r'; return "${PIPESTATUS[0]}"; }
DATA='C:\政务公开\数据'
export DISCLOSURE_PASSWORD=guanli2026mima
d() { win --data-dir "$DATA" "$@"; }
as() { DISCLOSURE_PASSWORD=chushi2026mima d "$@"; }
. "$(dirname "$0")/../nonet/bureau.sh"
json_field() { python3 -c 'import json,sys; v=json.load(sys.stdin)
for k in sys.argv[1].split("."): v=v[int(k)] if k.isdigit() else v[k]
print(v)' "$1"; }

step "初始化 $DATA"
d init --admin 管理员 --org-code 11210300MB0000000X >/dev/null
[ -f "$(unix "$DATA")/disclosure.db" ] || fail "数据库不在 $DATA"
got=$(d info --json | json_field data_dir)
[ "$got" = "$DATA" ] || fail "info 的数据目录是 $got"

step "人员、草稿、提交、三级审查"
people
item_json "$drive/政务公开/事项.json"
no=$(as item import 'C:\政务公开\事项.json' --user 张伟 --json | json_field created.0)
[[ $no == 11210300MB0000000X/* ]] || fail "导入草稿：$no"
as item submit "$no" --user 张伟 >/dev/null
for who in 赵处长 钱审查 孙局长; do
  as review decide "$no" --user "$who" --decision approve --comment 同意 >/dev/null
done
status=$(as item show "$no" --user 张伟 --json | json_field status)
[ "$status" = approved ] || fail "$no 的状态是 $status"

step "审批表"
as sheet "$no" --user 钱审查 -o 'C:\政务公开\审批表.pdf' >/dev/null
head -c 5 "$(unix 'C:\政务公开\审批表.pdf')" | grep -q '%PDF-' || fail "审批表不是 PDF"

step "导出与校验"
mkdir -p "$(unix 'C:\政务公开\导出')"
zip=$(as export "$no" -o 'C:\政务公开\导出' --user 周发布)
[[ $zip == 'C:\政务公开\导出\'*.zip ]] || fail "导出打印的路径：$zip"
[[ $zip != */* ]] || fail "路径混用了 / 和 \\：$zip"
[ -f "$(unix "$zip")" ] || fail "没有生成上传包 $zip"
out=$(d verify "$zip"); [[ $out == "OK $zip："*上传包完好* ]] || fail "上传包校验未通过：$out"
d verify "$zip" --against-db >/dev/null
d audit verify --bundle "$zip" >/dev/null

step "备份与恢复"
backup=$(d backup --user 管理员 -o 'C:\政务公开\备份')
[[ $backup == 'C:\政务公开\备份\'* ]] || fail "备份打印的路径：$backup"
[ -d "$(unix "$backup")" ] || fail "没有备份文件夹 $backup"
cat >"$drive/政务公开/事项2.json" <<'JSON'
[{"title":"备份之后的草稿","category":"通知公告","office":"法规处",
  "summary":"恢复后应不存在。","topic":"教育","body_html":"<p>正文。</p>"}]
JSON
as item import 'C:\政务公开\事项2.json' --user 张伟 >/dev/null
[ "$(d info --json | json_field counts.items)" = 2 ] || fail "备份后导入的草稿未计入"
d restore "$backup" --user 管理员 | grep -q '公开事项 1 项' || fail "恢复后不是 1 项事项"
[ "$(as item show "$no" --user 张伟 --json | json_field status)" = exported ] || fail "恢复后事项不是“已导出”"
d audit verify >/dev/null || fail "恢复后审计日志校验未通过"

step "数据目录锁：另一个进程在写时拒绝，进程结束后即释放"
DEMO='C:\政务公开\演示'
# Started directly (not through a pipe), so that $! is the Windows process itself.
wine 'C:\政务公开工作台\disclosure.exe' --data-dir "$DEMO" gen-demo --items 20000 --seed 7 >/dev/null 2>"$work/gen-demo.err" &
demo=$!
# The database appears after gen-demo has taken the lock; a loaded machine may take a while.
for _ in $(seq 1 300); do
  [ -f "$(unix "$DEMO")/disclosure.db" ] && break
  sleep 0.2
done
[ -f "$(unix "$DEMO")/disclosure.db" ] || fail "gen-demo 一分钟内没有建立数据库"
sleep 1
kill -0 "$demo" 2>/dev/null || fail "gen-demo 过早结束，无法检查锁：$(cat "$work/gen-demo.err")"
set +e
err=$(win --data-dir "$DEMO" user add 吴新 --office 法规处 --roles drafter --by 管理员 2>&1 >/dev/null)
code=$?
set -e
[ "$code" = 1 ] && [[ $err == *正被政务公开工作台程序* ]] || fail "加锁时 user add 退出码 $code：$err"
kill -9 "$demo"
wait "$demo" 2>/dev/null || true
timeout 60 wineserver -w || fail "gen-demo 未随 kill 结束"
set +e
err=$(win --data-dir "$DEMO" user add 吴新 --office 法规处 --roles drafter --by 管理员 2>&1 >/dev/null)
set -e
[[ $err != *正被* ]] || fail "进程结束后锁未释放：$err"

step "默认数据目录在 %APPDATA% 下"
got=$(win info --json | json_field data_dir)
[[ ${got,,} =~ ^c:\\users\\[^\\]+\\appdata\\roaming\\disclosure-desk$ ]] || fail "默认数据目录：$got"

step "超过 260 个字符的路径"
long='C:\政务公开'
while [ ${#long} -lt 280 ]; do long+='\教育局信息公开工作目录'; done
win --data-dir "$long" init --admin 管理员 --org-code 11210300MB0000000X >/dev/null || fail "长路径初始化失败"
[ "$(win --data-dir "$long" info --json | json_field counts.staff)" = 1 ] || fail "长路径下的数据不对"

step "服务器：disclosure serve 在 Windows 上经 HTTPS 登录与调用命令"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
wine 'C:\政务公开工作台\disclosure.exe' --data-dir "$DATA" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do
  grep -q '证书指纹' "$work/serve.log" 2>/dev/null && break
  sleep 0.2
done
grep -q '证书指纹' "$work/serve.log" || fail "服务器没有启动：$(tr -d '\r' <"$work/serve.log" | tail -5)"
ca=$(unix "$DATA")/server-tls/ca.pem
base=https://localhost:$port
[ "$(curl -sS --cacert "$ca" "$base/api/health" | json_field ok)" = True ] || fail "服务器健康检查"
token=$(curl -sS --cacert "$ca" -H 'x-desk: 1' -H 'content-type: application/json' -D - -o /dev/null \
  -d '{"name":"张伟","password":"chushi2026mima"}' "$base/api/session_sign_in" | tr -d '\r' | sed -n 's/^x-desk-token: //p')
[ -n "$token" ] || fail "经 HTTPS 登录失败"
me=$(curl -sS --cacert "$ca" -H 'x-desk: 1' -H 'content-type: application/json' -H "authorization: Bearer $token" \
  -d '{}' "$base/api/session_get" | json_field user.name)
[ "$me" = 张伟 ] || fail "经 HTTPS 的会话：$me"
listed=$(curl -sS --cacert "$ca" -H 'x-desk: 1' -H 'content-type: application/json' -H "authorization: Bearer $token" \
  -d '{"query":{}}' "$base/api/item_list")
[[ $listed == *"$no"* ]] || fail "经 HTTPS 的事项列表里没有 $no"
kill "$server"
wait "$server" 2>/dev/null || true
timeout 60 wineserver -w || true

echo "==> Windows（Wine）测试通过：$no"
