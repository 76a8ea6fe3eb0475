"""Benchmark: `panel-tool validate` on a 1,000,000-row synthetic force export, against bare
`pandas.read_csv(engine="pyarrow")` of the same file, in the same run.

Each measurement is a fresh process (so interpreter start and imports count for both sides), the
two interleaved and repeated; we report the best of each and their ratio, with each side's peak
memory (ru_maxrss of that process). Target: ratio at most 2.

    python benchmarks/ingest.py [--rows 1000000] [--repeats 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

MEASURE = """
import resource, sys, time
t = time.perf_counter()
{body}
elapsed = time.perf_counter() - t
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
BASELINE = "import pandas as pd\npd.read_csv(sys.argv[1], engine='pyarrow')"
VALIDATE = ("from panel_tool.cli import main\nimport contextlib, io\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    code = main(['validate', sys.argv[1]])\nassert code == 0, code")


def timed(body: str, path: Path) -> tuple[float, float]:
    """Wall time from process start to exit, and peak memory in MiB."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", MEASURE.format(body=body), str(path)], check=True,
                         capture_output=True, text=True).stdout.split()
    return time.perf_counter() - start, int(out[1]) / 1024


def synthetic_export(rows: int) -> Path:
    """The benchmark's force export, made once and kept in benchmarks/data/ (git-ignored)."""
    DATA.mkdir(exist_ok=True)
    export = DATA / f"force-export-{rows}.csv"
    if not export.exists():
        from panel_tool.synth import synth

        started = time.perf_counter()
        synth(kind="stop-search", rows=rows, out=export, seed=2026, format="force-export")
        print(f"synth: {rows:,} rows in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return export


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    export = synthetic_export(args.rows)
    baseline, validate = [], []
    for _ in range(args.repeats):
        baseline.append(timed(BASELINE, export))
        validate.append(timed(VALIDATE, export))
    best_b = min(baseline)
    best_v = min(validate)
    # Peak memory: the largest seen over the repeats, for each side.
    result = {
        "date": date.today().isoformat(), "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, "
        f"{__import__('os').cpu_count()} cores, Python {platform.python_version()}",
        "rows": args.rows, "file_mb": round(export.stat().st_size / 2**20, 1), "repeats": args.repeats,
        "read_csv_s": round(best_b[0], 2), "validate_s": round(best_v[0], 2), "ratio": round(best_v[0] / best_b[0], 2),
        "read_csv_peak_mib": round(max(m for _, m in baseline)), "validate_peak_mib": round(max(m for _, m in validate)),
        "target_ratio": 2.0,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"| rows | file | pandas.read_csv(pyarrow) | panel-tool validate | ratio (target <= 2) | peak memory read_csv / validate |")
        print("|---|---|---|---|---|---|")
        print(f"| {result['rows']:,} | {result['file_mb']} MiB | {result['read_csv_s']} s | {result['validate_s']} s | "
              f"{result['ratio']} | {result['read_csv_peak_mib']} / {result['validate_peak_mib']} MiB |")


if __name__ == "__main__":
    main()
