#!/usr/bin/env python3
"""Ratios of PcscBench's interleaved benchmarks, from a JMH JSON result file.

Each interleaved benchmark counts, per measurement iteration, the nanoseconds spent on the library's
side and on the raw javax.smartcardio side (the counters libraryNanos and rawNanos). This prints,
per benchmark, the ratio library/raw of every iteration, their median, min and max, and the ratio
of the sums. Usage:

  java -jar bench/target/benchmarks.jar 'PcscBench.interleaved' -wi 3 -i 8 -f 1 -rf json -rff pcsc.json
  python3 bench/scripts/interleaved-ratios.py pcsc.json
"""
import json
import statistics
import sys


def main(path):
    with open(path) as f:
        results = json.load(f)
    for r in results:
        name = r["benchmark"].rsplit(".", 1)[-1]
        metrics = r.get("secondaryMetrics", {})
        if "libraryNanos" not in metrics or "rawNanos" not in metrics:
            continue
        lib = [x for fork in metrics["libraryNanos"]["rawData"] for x in fork]
        raw = [x for fork in metrics["rawNanos"]["rawData"] for x in fork]
        pairs = [x for fork in metrics["pairs"]["rawData"] for x in fork] if "pairs" in metrics else []
        ratios = [a / b for a, b in zip(lib, raw) if b > 0]
        if not ratios:
            continue
        per_pair = ""
        if pairs and sum(pairs) > 0:
            per_pair = "; per pair: library %.0f us, raw %.0f us" % (sum(lib) / sum(pairs) / 1000, sum(raw) / sum(pairs) / 1000)
        print("%-30s median %.3f (min %.3f, max %.3f) over %d iterations; sums %.3f%s"
              % (name, statistics.median(ratios), min(ratios), max(ratios), len(ratios), sum(lib) / sum(raw), per_pair))
        print("%-30s per iteration: %s" % ("", " ".join("%.3f" % x for x in ratios)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: interleaved-ratios.py JMH-RESULT.json")
    main(sys.argv[1])
