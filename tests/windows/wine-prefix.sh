# Sourced by the Wine tests: a fresh 64-bit Wine prefix in a temporary folder (removed on
# exit, with Wine's server), $drive its C: drive, and `standin DIR` putting the test-only
# bcryptprimitives.dll (see bcryptprimitives.c) beside a program in DIR.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d /tmp/disclosure-wine.XXXXXX)
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
export WINEPREFIX=$work/prefix WINEARCH=win64 WINEDEBUG=-all
# No Mono or Gecko to install (no window here); the stand-in DLL before Wine's own.
export WINEDLLOVERRIDES='mscoree,mshtml=;bcryptprimitives=n,b'
# Wine reads the command line and the environment as UTF-8.
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset DISPLAY WAYLAND_DISPLAY DISCLOSURE_DESK_DATA
wineboot --init >/dev/null 2>&1
wineserver -w
drive=$WINEPREFIX/drive_c
standin() {
  x86_64-w64-mingw32-gcc -shared -O2 -o "$1/bcryptprimitives.dll" \
    "$here/bcryptprimitives.c" "$here/bcryptprimitives.def" -ladvapi32
}
