"""What the benchmarks share: the synthetic export, timing a fresh process, and comparing a
command with bare `pandas.read_csv(engine="pyarrow")` of the same file in the same run.

Each measurement is a fresh process, so interpreter start and imports count on both sides; the
two sides are interleaved and repeated, and the best of each is compared (this machine is shared,
so the best run is the one least disturbed). Peak memory is each side's largest ru_maxrss.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
MEASURE = """
import resource, sys, time
t = time.perf_counter()
{body}
elapsed = time.perf_counter() - t
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
BASELINE = "import pandas as pd\npd.read_csv(sys.argv[1], engine='pyarrow')"


def synthetic_export(rows: int) -> Path:
    """The benchmarks' force export, made once and kept in benchmarks/data/ (git-ignored)."""
    DATA.mkdir(exist_ok=True)
    export = DATA / f"force-export-{rows}.csv"
    if not export.exists():
        from panel_tool.synth import synth

        started = time.perf_counter()
        synth(kind="stop-search", rows=rows, out=export, seed=2026, format="force-export")
        print(f"synth: {rows:,} rows in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return export


def timed(body: str, path: Path) -> tuple[float, float]:
    """Wall time from process start to exit, and peak memory in MiB."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", MEASURE.format(body=body), str(path)], check=True,
                         capture_output=True, text=True).stdout.split()
    return time.perf_counter() - start, int(out[1]) / 1024


def arguments(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    return parser.parse_args()


def compare(name: str, body: str, target: float, args: argparse.Namespace, **extra) -> None:
    """Time `body` against the baseline on the synthetic export and print the result."""
    export = synthetic_export(args.rows)
    baseline, subject = [], []
    for _ in range(args.repeats):
        baseline.append(timed(BASELINE, export))
        subject.append(timed(body, export))
    best_b, best_s = min(baseline), min(subject)
    result = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "rows": args.rows, "file_mib": round(export.stat().st_size / 2**20, 1), "repeats": args.repeats, **extra,
        "read_csv_s": round(best_b[0], 2), f"{name}_s": round(best_s[0], 2), "ratio": round(best_s[0] / best_b[0], 2),
        "target_ratio": target,
        "read_csv_peak_mib": round(max(m for _, m in baseline)), f"{name}_peak_mib": round(max(m for _, m in subject)),
        "all_read_csv_s": [round(t, 2) for t, _ in baseline], f"all_{name}_s": [round(t, 2) for t, _ in subject],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"| rows | pandas.read_csv(pyarrow) | {name} | ratio (target <= {target}) | peak memory read_csv / {name} |")
    print("|---|---|---|---|---|")
    print(f"| {args.rows:,} | {result['read_csv_s']} s | {result[f'{name}_s']} s | {result['ratio']} | "
          f"{result['read_csv_peak_mib']} / {result[f'{name}_peak_mib']} MiB |")
