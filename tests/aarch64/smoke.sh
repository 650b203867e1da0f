#!/usr/bin/env bash
# The aarch64 (ARM64: 麒麟/统信 servers on 飞腾、鲲鹏) build of `disclosure`, run under
# qemu-user on this x86-64 machine: init and the people through the CLI, then `disclosure
# serve`, and over HTTPS (trusting the server's own CA only): sign in, a draft created and
# submitted, the three approvals, the export downloaded, then `disclosure verify` on the
# bundle and `disclosure audit verify`, all by the aarch64 binary.
#
# Usage: smoke.sh DISCLOSURE (the aarch64 binary). Needs qemu-user-static, curl, python3.
set -euo pipefail
BIN=$(realpath "$1")
QEMU=$(command -v qemu-aarch64-static || command -v qemu-aarch64)
SYSROOT=/usr/aarch64-linux-gnu
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "aarch64 测试失败：$*" >&2; [ -f "$work/serve.log" ] && sed 's/^/    /' "$work/serve.log" >&2; exit 1; }
step() { echo "==> $*"; }

file "$BIN" | grep -q 'ARM aarch64' || fail "$BIN 不是 aarch64 程序：$(file "$BIN")"
export DISCLOSURE_KEY_DIR=$work/keys
export DISCLOSURE_PASSWORD=guanli2026mima
DATA=$work/数据
run() { "$QEMU" -L "$SYSROOT" "$BIN" "$@"; }
d() { run --data-dir "$DATA" "$@"; }
. "$(dirname "$0")/../nonet/bureau.sh"

step "aarch64：初始化与人员（qemu-user）"
d init --admin 管理员 --org-code 11210300MB0000000X >/dev/null
people

step "aarch64：disclosure serve"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# qemu itself in the background (not through `d`, whose subshell would be the pid killed,
# leaving the server running after the test).
"$QEMU" -L "$SYSROOT" "$BIN" --data-dir "$DATA" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do grep -q '证书指纹' "$work/serve.log" && break; sleep 0.2; done
grep -q '证书指纹' "$work/serve.log" || fail "服务器没有启动"
base=https://localhost:$port
ca=$DATA/server-tls/ca.pem

# api TOKEN COMMAND JSON → the answer's JSON (fails on a non-2xx answer).
api() {
  local out status
  out=$(curl -sS --cacert "$ca" -H 'x-desk: 1' -H 'content-type: application/json' \
    ${1:+-H "authorization: Bearer $1"} -w '\n%{http_code}' -d "$3" "$base/api/$2") || fail "$2：连接失败"
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  [[ $status == 2* ]] || fail "$2 得到 $status：$out"
  printf '%s' "$out"
}
sign_in() {
  curl -sS --cacert "$ca" -H 'x-desk: 1' -H 'content-type: application/json' -D - -o /dev/null \
    -d "{\"name\":\"$1\",\"password\":\"$2\"}" "$base/api/session_sign_in" |
    tr -d '\r' | sed -n 's/^x-desk-token: //p'
}
field() { python3 -c 'import json,sys; v=json.load(sys.stdin)
for k in sys.argv[1].split("."): v=v[int(k)] if k.isdigit() else v[k]
print(v)' "$1"; }

step "aarch64：经 HTTPS 登录、起草、提交"
[ "$(curl -sS --cacert "$ca" "$base/api/health" | field ok)" = True ] || fail "健康检查"
drafter=$(sign_in 张伟 chushi2026mima)
[ -n "$drafter" ] || fail "张伟 没能登录"
defaults=$(api "$drafter" item_defaults '{}')
category=$(api "$drafter" category_list '{}' | python3 -c 'import json,sys; print(next(c["id"] for c in json.load(sys.stdin) if c["name"]=="通知公告"))')
input=$(printf '%s' "$defaults" | python3 -c 'import json,sys; v=json.load(sys.stdin)
v.update(category_id=int(sys.argv[1]), title="ARM 服务器测试通知", summary="ARM 服务器测试通知的概述。",
         topic="教育", body_html="<p>ARM 服务器测试通知正文。</p>")
print(json.dumps({"input": v}, ensure_ascii=False))' "$category")
id=$(api "$drafter" item_create "$input" | field item.id)
api "$drafter" item_submit "{\"id\":$id}" >/dev/null

step "aarch64：三级审查"
for who in 赵处长 钱审查 孙局长; do
  t=$(sign_in "$who" chushi2026mima)
  api "$t" review_decide "{\"id\":$id,\"input\":{\"decision\":\"approve\",\"grounds\":[],\"comment\":\"同意\"}}" >/dev/null
done
[ "$(api "$drafter" item_get "{\"id\":$id}" | field status)" = approved ] || fail "审查后不是“已通过”"

step "aarch64：导出并下载上传包"
publisher=$(sign_in 周发布 chushi2026mima)
headers=$work/export.headers
curl -sS --cacert "$ca" -H 'x-desk: 1' -H 'content-type: application/json' -H "authorization: Bearer $publisher" \
  -D "$headers" -o "$work/export.json" -d '{"itemIds":null}' "$base/api/bundle_export"
url=$(tr -d '\r' <"$headers" | sed -n 's/^x-desk-downloads: //p' | cut -d, -f1)
[ -n "$url" ] || fail "导出没有给出下载地址：$(cat "$work/export.json")"
curl -sS --cacert "$ca" -H "authorization: Bearer $publisher" -o "$work/bundle.zip" "$base$url"

kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=

step "aarch64：校验上传包与审计链"
run verify "$work/bundle.zip" >/dev/null || fail "上传包校验未通过"
d audit verify >/dev/null || fail "审计链校验未通过"
echo "==> aarch64 测试通过"
