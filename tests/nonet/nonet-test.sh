#!/usr/bin/env bash
# No network: the CLI and the app run inside a network namespace of their own (unshare -n,
# root) in which only the loopback interface exists, and must still do all their work.
#
# 1. The CLI goes through the whole life of an item (cli-flow.sh: init, staff, draft,
#    submit, three approvals, export, verify, audit verify) with no interface at all, not
#    even loopback.
# 2. The app goes through the upload-bundle e2e (tests/e2e/bundle.test.mjs: three people
#    approve in the window, the publisher exports and verifies, publication by CSV, a
#    repeal and its notice-only bundle, an export cancelled half way) with
#    only loopback up (tauri-driver and WebKitWebDriver talk over 127.0.0.1). The app and
#    every process it starts (WebKitWebProcess, WebKitNetworkProcess) run under
#    `strace -f -e trace=connect`; the test then asserts that every connect() went to a
#    UNIX socket (X server, D-Bus, nscd) or to loopback (WebKitWebDriver's automation
#    channel into the web process, present only under test) — none to any other address,
#    and no DNS lookup (a connect to port 53).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
CLI=${DESK_CLI:-$root/target/debug/disclosure}
APP=${DESK_APP:-$root/target/debug/disclosure-desk}
[ "$(id -u)" = 0 ] || { echo "nonet-test 需要 root（unshare -n）" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> 命令行：无任何网络接口，起草 → 提交 → 三级审查 → 导出 → 校验"
unshare -n bash -c '! ip -o link show | grep -qv ": lo:" && ! ip -o addr show | grep -q inet && exec "$0" "$@"' \
  "$root/tests/nonet/cli-flow.sh" "$CLI" "$work/cli"

echo "==> 程序窗口：只有回环接口，strace 记录每个 connect()"
log=$work/connect.log
wrapper=$work/disclosure-desk
cat >"$wrapper" <<WRAP
#!/bin/sh
exec strace -f -qq -e trace=connect -o "$log" "$APP" "\$@"
WRAP
chmod +x "$wrapper"
cd "$root/tests"
unshare -n bash -c 'ip link set lo up && exec "$@"' _ \
  env DESK_APP="$wrapper" DESK_CLI="$CLI" DESK_E2E_PORT="${DESK_E2E_PORT:-4644}" \
  timeout --kill-after=30s 15m xvfb-run -a -s "-screen 0 1366x768x24" \
  node --test --test-concurrency=1 e2e/bundle.test.mjs

[ -s "$log" ] || { echo "没有记录到程序的系统调用（strace 未运行？）" >&2; exit 1; }
total=$(grep -c 'connect(' "$log" || true)
# Everything that is not AF_UNIX, loopback, or an unspecified family reset.
outside=$(grep 'connect(' "$log" \
  | grep -v 'sa_family=AF_UNIX' \
  | grep -v 'sin_addr=inet_addr("127\.' \
  | grep -v 'inet_pton(AF_INET6, "::1"' \
  | grep -v 'sa_family=AF_UNSPEC' || true)
if [ -n "$outside" ]; then
  echo "程序打开了回环以外的网络连接：" >&2
  echo "$outside" >&2
  exit 1
fi
if grep 'connect(' "$log" | grep -q 'htons(53)'; then
  echo "程序尝试了 DNS 查询：" >&2
  grep 'htons(53)' "$log" >&2
  exit 1
fi
echo "connect() 的目标（次数）："
grep -o 'sun_path=@\?"[^"]*"\|sin6\?_addr=[^)]*)\|sin6\?_port=htons([0-9]*)' "$log" | sed 's/[0-9]\{4,\}/N/g' | sort | uniq -c || true
echo "==> 无网络测试通过：命令行全流程成功；程序及其子进程共 $total 次 connect()，全部是 UNIX 套接字或回环"
