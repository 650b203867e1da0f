#!/usr/bin/env bash
# The core's and the CLI's tests with the clock moved to each of several dates, so a test
# that passes only on some days fails here on every day. The clock runs on from 10:00 of
# each date: the core reads the time only through its `clock` module, which in test builds
# adds DISCLOSURE_CLOCK_OFFSET seconds (inherited by the `disclosure` processes the CLI's
# tests start). Debian's faketime did this before; it fakes every clock of the process —
# the monotonic clock and file times too — and made these tests fail on the CI machine. The dates: every day of one week, the turn of the year, the Friday
# before the 2026 Spring Festival and the 调休 Saturday after it (the last working day
# before the holiday), the 调休 Saturday after National Day, and a day of 2027, a year whose
# holiday calendar is not shipped.
#
#   tests/dates/run.sh [YYYY-MM-DD ...]     (default: the dates below)
#
# The property tests of the review chain and of the read rule are left out (they read no
# date and take a minute between them); so is the demo's own day matrix, which pins its
# days itself.
set -euo pipefail
cd "$(dirname "$0")/../.."

DATES=("$@")
if [ ${#DATES[@]} -eq 0 ]; then
  DATES=(2026-11-30 2026-12-01 2026-12-02 2026-12-03 2026-12-04 2026-12-05 2026-12-06
         2026-12-31 2027-01-01 2026-02-13 2026-02-14 2026-10-10 2027-02-05)
fi

# The core's and the CLI's test executables, built (not run) by cargo. `--workspace`, as `make
# test-rust` builds them: with `-p` cargo would resolve features differently and rebuild.
mapfile -t BINS < <(cargo test --workspace --no-run --message-format=json 2>/dev/null |
  python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if (m.get("reason") == "compiler-artifact" and m.get("executable")
            and m["profile"]["test"]
            and any(p in m["package_id"] for p in ("disclosure-core", "disclosure-cli"))):
        print(m["executable"])')
[ ${#BINS[@]} -ge 2 ] || { echo "没有找到核心的测试程序"; exit 1; }

failed=()
for d in "${DATES[@]}"; do
  start=$(date +%s)
  ok=1
  for bin in "${BINS[@]}"; do
    log="target/dates-$d-$(basename "$bin").log"
    offset=$(( $(date -d "$d 10:00:00" +%s) - $(date +%s) ))
    if ! DISCLOSURE_CLOCK_OFFSET=$offset DISCLOSURE_DATE_TEST_DAY=$d "$bin" -q \
        --skip review_props --skip access_props \
        --skip demo::every_state_occurs_whatever_the_day > "$log" 2>&1; then
      ok=0
      echo "==> $d：$(basename "$bin") 未通过（日志 $log）"
      # Each failure with the message it panicked with.
      grep -E -A3 '^thread .* panicked' "$log" | grep -v -E '^(stack backtrace|note:)' | head -60 || true
      grep -E '^    [a-z_:]+$' "$log" | head -30 || true
      df -h / "${TMPDIR:-/tmp}" | sed 's/^/    /' || true
    fi
  done
  [ $ok = 1 ] && echo "==> $d：通过（$(( $(date +%s) - start )) 秒）" || failed+=("$d")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "==> 以下日期有测试未通过：${failed[*]}"
  exit 1
fi
echo "==> ${#DATES[@]} 个日期全部通过"
