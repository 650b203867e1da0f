#!/usr/bin/env bash
# The Windows installer (make windows) installed and removed silently under Wine: the app
# and `disclosure.exe` in Program Files\政务公开工作台, the Start-menu entries, the entry in
# 程序和功能, the installed CLI running, and an uninstall that removes the program and
# leaves a person's data directory alone. (The window itself needs WebView2, which Wine
# does not have: not run here.)
# Usage: installer-test.sh SETUP.EXE
set -euo pipefail
SETUP=$(realpath "$1")
. "$(dirname "$0")/wine-prefix.sh"
fail() { echo "安装包测试失败：$*" >&2; exit 1; }

dir=$drive/'Program Files'/政务公开工作台
menu=$drive/ProgramData/Microsoft/Windows/'Start Menu'/Programs/政务公开工作台
key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\政务公开工作台'

echo "==> 静默安装"
wine "$SETUP" /S
wineserver -w
for f in disclosure-desk.exe disclosure.exe uninstall.exe; do
  [ -f "$dir/$f" ] || fail "没有安装 $f"
done
[ -f "$menu/政务公开工作台.lnk" ] || fail "开始菜单中没有“政务公开工作台”"
[ -f "$menu/卸载政务公开工作台.lnk" ] || fail "开始菜单中没有卸载项"
# reg.exe prints through the console's code page: read its UTF-16 export instead.
registered() {
  rm -f "$drive/u.reg"
  wine reg export "$key" 'C:\u.reg' /y >/dev/null 2>&1 || return 1
  iconv -f UTF-16 -t UTF-8 "$drive/u.reg" | tr -d '\r' | grep -qx '"DisplayName"="政务公开工作台"'
}
registered || fail "程序和功能中没有登记"

echo "==> 安装的命令行工具可以运行"
standin "$dir"
got=$(wine 'C:\Program Files\政务公开工作台\disclosure.exe' workdays add 2026-09-30 1 | tr -d '\r')
[ "$got" = 2026-10-08 ] || fail "disclosure.exe workdays add 2026-09-30 1 → $got"
# A person's data in the default place (%APPDATA%\disclosure-desk), made before the uninstall.
DISCLOSURE_PASSWORD=guanli2026mima wine 'C:\Program Files\政务公开工作台\disclosure.exe' \
  init --admin 管理员 --org-code 11210300MB0000000X >/dev/null
db=$(find "$drive/users" -path '*/AppData/Roaming/disclosure-desk/disclosure.db' | head -1)
[ -n "$db" ] || fail "数据目录不在 %APPDATA%\\disclosure-desk"
rm -f "$dir/bcryptprimitives.dll"

echo "==> 静默卸载"
wine "$dir/uninstall.exe" /S
wineserver -w
sleep 2 # the uninstaller copies itself to a temporary folder and runs from there
[ ! -e "$dir/disclosure-desk.exe" ] || fail "卸载后程序仍在"
[ ! -e "$menu" ] || fail "卸载后开始菜单项仍在"
if registered; then fail "卸载后仍在程序和功能中"; fi
[ -f "$db" ] || fail "卸载删除了数据目录"
echo "==> 安装包测试通过"
