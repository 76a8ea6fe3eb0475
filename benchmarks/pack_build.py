"""Benchmark: `panel-tool pack build` on a 1,000,000-row synthetic force export (sample 50),
against bare `pandas.read_csv(engine="pyarrow")` of the same file, in the same run.

Fresh processes for both sides, interleaved and repeated; best of each, their ratio, and peak
memory. Target: ratio at most 2.5.

    python benchmarks/pack_build.py [--rows 1000000] [--repeats 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import BASELINE, DATA, synthetic_export, timed  # noqa: E402  (benchmarks share their helpers)

BUILD = ("from panel_tool.packs.build import build_pack\nimport os\n"
         "build_pack(sys.argv[1], os.environ['PACK_OUT'], sample='50', seed=1, key_file=os.environ['PACK_KEY'], force=True)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    export = synthetic_export(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PACK_OUT"] = str(Path(tmp) / "bench.pack.db")
        os.environ["PACK_KEY"] = str(Path(tmp) / "bench.key")
        baseline, build = [], []
        for _ in range(args.repeats):
            baseline.append(timed(BASELINE, export))
            build.append(timed(BUILD, export))
    best_b, best_p = min(baseline), min(build)
    result = {
        "date": date.today().isoformat(), "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "rows": args.rows, "sample": 50, "repeats": args.repeats,
        "read_csv_s": round(best_b[0], 2), "pack_build_s": round(best_p[0], 2), "ratio": round(best_p[0] / best_b[0], 2),
        "read_csv_peak_mib": round(max(m for _, m in baseline)), "pack_build_peak_mib": round(max(m for _, m in build)),
        "target_ratio": 2.5,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print("| rows | sample | pandas.read_csv(pyarrow) | panel-tool pack build | ratio (target <= 2.5) | peak memory read_csv / build |")
        print("|---|---|---|---|---|---|")
        print(f"| {result['rows']:,} | 50 | {result['read_csv_s']} s | {result['pack_build_s']} s | {result['ratio']} | "
              f"{result['read_csv_peak_mib']} / {result['pack_build_peak_mib']} MiB |")


if __name__ == "__main__":
    main()
