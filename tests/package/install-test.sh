#!/usr/bin/env bash
# Installs a .deb of 政务公开工作台 on this machine (as root), checks what an IT contact
# relies on, starts the INSTALLED app under Xvfb through tauri-driver until it shows the
# first-run wizard, then removes the package again — on every exit path.
# Usage: tests/package/install-test.sh path/to/disclosure-desk_X.Y.Z_amd64.deb
# The e2e port: DESK_E2E_PORT (default 4544; the native driver uses the next port).
set -euo pipefail
deb=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
pkg=$(dpkg-deb -f "$deb" Package)
version=$(dpkg-deb -f "$deb" Version)
want_version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -1)
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
fail() { echo "安装测试失败：$*" >&2; exit 1; }

if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
  fail "本机已安装 $pkg，测试不会覆盖它；请先卸载（apt-get remove $pkg）。"
fi
data=$(mktemp -d)
remove() {
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq "$pkg" >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap remove EXIT

echo "==> 软件包 $pkg $version"
[ "$version" = "$want_version" ] || fail "版本 $version 与工作区版本 $want_version 不一致"
depends=$(dpkg-deb -f "$deb" Depends)
recommends=$(dpkg-deb -f "$deb" Recommends)
for d in libwebkit2gtk-4.1-0 libgtk-3-0; do
  grep -q "$d" <<<"$depends" || fail "Depends 中缺少 $d（$depends）"
done
grep -q fonts-noto-cjk <<<"$recommends" || fail "Recommends 中缺少 fonts-noto-cjk（$recommends）"

echo "==> apt-get install ./$(basename "$deb")"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$deb" >/dev/null

echo "==> 检查安装的文件"
[ -x /usr/bin/disclosure-desk ] || fail "缺少 /usr/bin/disclosure-desk"
[ -x /usr/bin/disclosure ] || fail "缺少命令行工具 /usr/bin/disclosure"
desktop=$(dpkg -L "$pkg" | grep '^/usr/share/applications/.*\.desktop$' | head -1)
[ -n "$desktop" ] || fail "缺少桌面文件"
grep -qx 'Name=政务公开工作台' "$desktop" || fail "$desktop 的 Name 不是中文名"
grep -q '^Comment=.*保密审查' "$desktop" || fail "$desktop 缺少中文说明"
grep -qx 'Categories=Office;' "$desktop" || fail "$desktop 不在“办公”类别"
grep -qx 'Exec=disclosure-desk' "$desktop" || fail "$desktop 的 Exec 不对：$(grep Exec "$desktop")"
icon=$(sed -n 's/^Icon=//p' "$desktop")
for size in 32x32 128x128 256x256@2; do
  f=/usr/share/icons/hicolor/$size/apps/$icon.png
  [ -s "$f" ] || fail "缺少图标 $f"
done
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$desktop"; fi
help=$(/usr/bin/disclosure --help) || fail "disclosure --help 失败"
grep -q '政务公开工作台 命令行工具' <<<"$help" || fail "disclosure --help 不是中文帮助"
# What only test builds have: gen-demo (its accounts must never exist in a real bureau),
# the e2e tests' seams and the test clock (an office PC must not be told to backdate its
# records). None of it may be in what an office installs.
! grep -q 'gen-demo' <<<"$help" || fail "安装的 disclosure 中有 gen-demo（只应在测试构建中）"
for hook in DISCLOSURE_DESK_PICK_FILES DISCLOSURE_DESK_SAVE_DIR DESK_CHECK_DELAY_SECS DESK_JOB_STEP_PAUSE_MS DESK_EXPORT_STEP_PAUSE_MS \
  DISCLOSURE_CLOCK_OFFSET; do
  for bin in /usr/bin/disclosure-desk /usr/bin/disclosure; do
    ! grep -qa "$hook" "$bin" || fail "$bin 中有测试用的 $hook（只应在测试构建中）"
  done
done
/usr/bin/disclosure --data-dir "$data/cli" init >/dev/null || fail "已安装的 disclosure 不能初始化数据目录"
# The LAN server: its unit (installed, not enabled) and the UI it serves to browsers.
unit=/usr/lib/systemd/system/disclosure-desk-server.service
[ -s "$unit" ] || fail "缺少服务器的 systemd 单元 $unit"
grep -q '^ExecStart=/usr/bin/disclosure .* serve ' "$unit" || fail "systemd 单元没有运行 disclosure serve"
[ ! -e /etc/systemd/system/multi-user.target.wants/disclosure-desk-server.service ] || fail "服务器默认不应启用"
[ -s /usr/share/disclosure-desk/ui/index.html ] || fail "缺少浏览器界面 /usr/share/disclosure-desk/ui"
/usr/bin/disclosure --data-dir "$data/cli" serve --listen 127.0.0.1:18443 >"$data/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 50); do grep -q '证书指纹' "$data/serve.log" 2>/dev/null && break; sleep 0.2; done
health=$(curl -sk https://127.0.0.1:18443/api/health) || fail "已安装的服务器没有应答：$(cat "$data/serve.log")"
echo "$health" | grep -q '"ok":true' || fail "服务器状态不正常：$health"
curl -sk https://127.0.0.1:18443/ | grep -q '<div id="app">' || fail "服务器没有提供浏览器界面"
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true

echo "==> 已安装的程序打开上一数据结构版本（第 7 版）的数据目录"
cp -r "$root/src-tauri/core/tests/data/upgrade/v7" "$data/v7"
DISCLOSURE_DESK_DATA="$data/v7" /usr/bin/disclosure audit verify >/dev/null || fail "升级后审计链校验失败"
info=$(DISCLOSURE_DESK_DATA="$data/v7" /usr/bin/disclosure info --json)
grep -q '"items": 4' <<<"$info" || fail "升级后事项数不对：$info"
grep -q "\"schema_version\": $(grep -o '"latest_schema_version": [0-9]*' <<<"$info" | grep -o '[0-9]*$')," <<<"$info" \
  || fail "升级后数据结构版本不是最新：$info"
list=$(DISCLOSURE_DESK_DATA="$data/v7" DISCLOSURE_PASSWORD=mima2026abc /usr/bin/disclosure item list --user 管理员)
grep -q '关于开展2026年教师资格认定工作的通知' <<<"$list" || fail "升级后找不到原有事项：$list"

echo "==> 在 Xvfb 中启动已安装的程序"
cd "$root/tests"
DESK_EXPECT_VERSION=$version DESK_APP=/usr/bin/disclosure-desk DESK_CLI=/usr/bin/disclosure DESK_E2E_PORT=${DESK_E2E_PORT:-4544} \
  timeout --kill-after=30s 10m xvfb-run -a -s "-screen 0 1366x768x24" \
  node --test --test-concurrency=1 package/installed.test.mjs

echo "==> 卸载"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq "$pkg" >/dev/null
[ ! -e /usr/bin/disclosure-desk ] && [ ! -e /usr/bin/disclosure ] || fail "卸载后仍有程序文件"
[ -s "$data/cli/disclosure.db" ] || fail "卸载程序不应删除数据目录"
echo "==> 安装测试通过：$pkg $version"
