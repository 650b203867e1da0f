#!/usr/bin/env bash
# `make test`'s stages, each timed:  tests/stage.sh 名称 命令…  runs the command and notes
# its time in target/make-test-stages.tsv; tests/stage.sh --report prints the table.
# A failing stage prints the table so far, then fails with the command's exit code.
set -uo pipefail
cd "$(dirname "$0")/.."
TIMES=target/make-test-stages.tsv
mkdir -p target

report() {
  [ -f "$TIMES" ] || return 0
  echo "==> 各阶段用时"
  # Seconds first: Chinese names would not line up under printf's byte-counted widths.
  awk -F'\t' '{ printf "    %6d 秒  %s%s%s\n", $2, $1, ($3 == "" ? "" : "（" $3 "）"),
      ($4 == "" ? "" : "  磁盘剩余 " $4); total += $2 }
    END { printf "    %6d 秒  合计（%d 分 %d 秒）\n", total, total / 60, total % 60 }' "$TIMES"
}

case "${1:-}" in
  --reset) rm -f "$TIMES"; exit 0 ;;
  --report) report; exit 0 ;;
esac

name=$1; shift
start=$(date +%s)
"$@"
rc=$?
# The space left where target/ is, after the stage: a full disk fails the build in odd places.
free=$(df -h --output=avail target 2>/dev/null | tail -1 | tr -d ' ')
if [ $rc -eq 0 ]; then
  printf '%s\t%s\t\t%s\n' "$name" $(( $(date +%s) - start )) "$free" >> "$TIMES"
else
  printf '%s\t%s\t未通过\t%s\n' "$name" $(( $(date +%s) - start )) "$free" >> "$TIMES"
  report
fi
exit $rc
