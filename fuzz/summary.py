#!/usr/bin/env python3
"""Summarises libFuzzer logs (`make fuzz` writes one per target) as a Markdown table.

For each target: total runs, the final cov / ft, when coverage last grew, and how much it
grew in the second half of the runs. A target counts as on its plateau when the second
half of the runs added less than 1% to the coverage (what is still found is found more
and more rarely), or nothing at all in the last quarter.

Usage: fuzz/summary.py LOG...
"""

import re
import sys

STATUS = re.compile(r"^#(\d+)\s+(\w+)\s+cov: (\d+) ft: (\d+).*?exec/s: (\d+)")
DONE = re.compile(r"^Done (\d+) runs in (\d+) second")


def summarise(path):
    runs = cov = ft = 0
    last_growth = 0
    series = []
    seconds = None
    crashed = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = STATUS.match(line)
            if m:
                n, _, c, t, _ = m.groups()
                n, c, t = int(n), int(c), int(t)
                if c > cov:
                    last_growth = n
                runs, cov, ft = n, c, t
                series.append((n, c))
                continue
            m = DONE.match(line)
            if m:
                runs, seconds = int(m.group(1)), int(m.group(2))
            if "ERROR: libFuzzer" in line or "panicked at" in line or "SUMMARY: AddressSanitizer" in line:
                crashed = crashed or line.strip()
    share = last_growth / runs if runs else 0
    at_half = max((c for n, c in series if n <= runs / 2), default=0)
    late = (cov - at_half) / cov if cov else 0
    if crashed:
        verdict = "崩溃：" + crashed[:80]
    elif share <= 0.75 or late < 0.01:
        verdict = "无崩溃，已到平台期"
    else:
        verdict = "无崩溃，覆盖仍在增长"
    return runs, seconds, cov, ft, last_growth, share, late, verdict


def main():
    print("| 目标 | 运行时间 | 执行次数 | 最后的 cov / ft | 后一半执行新增 cov | cov 最后一次增长 | 结果 |")
    print("|---|---:|---:|---|---:|---|---|")
    for path in sys.argv[1:]:
        name = re.sub(r"^.*/|\.log$", "", path)
        runs, seconds, cov, ft, last, share, late, verdict = summarise(path)
        took = f"{seconds} s" if seconds is not None else "—"
        print(
            f"| {name} | {took} | {runs:,} | {cov} / {ft} | {late:.1%} "
            f"| 第 {last:,} 次（全程的 {share:.0%}） | {verdict} |"
        )


if __name__ == "__main__":
    main()
