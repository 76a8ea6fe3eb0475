"""`panel-tool report` for 50 cases and 30 members against `jupyter nbconvert --to html --execute`
of an empty notebook, on the same machine in the same run (target: ratio at most 0.5).

The pack is made by the real commands: `synth` (3,000 rows), `pack build --sample 50`, `pack approve
--all`, `pack release`, then `panel-tool simulate --members 30` (30 simulated members answer every
case through real sessions: 50 x 30 = 1,500 overall ratings, about 9,000 answers in all, with agreed
outcomes, two actions and a reply from the force), and `words approve --all` (the facilitator's check of
members' words, so the report carries them). Both sides are fresh processes (interpreter start,
imports, the kernel nbclient starts and nbconvert's HTML export count on both sides), interleaved and
repeated; the best of each is compared, since this machine is shared. The report is rendered in its own
process (no kernel), so the baseline is what running the report as a notebook used to cost at least.

    .venv/bin/python benchmarks/report.py              # --repeats 3 --cases 50 --members 30 --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

BIN = Path(sys.executable).parent
PANEL_TOOL = [str(BIN / "panel-tool")] if (BIN / "panel-tool").exists() else [sys.executable, "-m", "panel_tool.cli"]
JUPYTER = str(BIN / "jupyter") if (BIN / "jupyter").exists() else "jupyter"
TARGET = 0.5


def run(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd)
    if done.returncode != 0:
        sys.exit(f"benchmarks/report.py: {' '.join(map(str, args))} failed ({done.returncode}):\n{done.stderr}")
    return done


def report_command_exists() -> bool:
    return subprocess.run([*PANEL_TOOL, "report", "--help"], capture_output=True, text=True).returncode == 0


def timed(*args, cwd: Path) -> float:
    start = time.perf_counter()
    run(*args, cwd=cwd)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not report_command_exists():
        sys.exit("benchmarks/report.py: this panel-tool has no `report` command yet, so there is nothing to "
                 "measure. Run it again once `panel-tool report PACK --out FILE.html` exists.")

    work = Path(tempfile.mkdtemp(prefix="panel-report-bench-"))
    try:
        started = time.perf_counter()
        run(*PANEL_TOOL, "synth", "--rows", "3000", "--seed", "2026", "--out", work / "export.csv")
        pack = work / "bench.pack.db"
        run(*PANEL_TOOL, "pack", "build", work / "export.csv", "--out", pack, "--sample", args.cases, "--seed", "1",
            "--key-file", work / "force.key", "--title", "Report benchmark")
        run(*PANEL_TOOL, "pack", "approve", pack, "--all")
        run(*PANEL_TOOL, "pack", "release", pack, "--key-file", work / "force.key")
        run(*PANEL_TOOL, "simulate", pack, "--members", args.members, "--seed", "1")
        run(*PANEL_TOOL, "words", "approve", pack, "--all")  # members' words in the report, as after the check
        setup_s = time.perf_counter() - started

        import nbformat

        empty = work / "empty.ipynb"
        nbformat.write(nbformat.v4.new_notebook(), empty)
        ours, baseline = [], []
        for i in range(args.repeats):
            baseline.append(timed(JUPYTER, "nbconvert", "--to", "html", "--execute", empty, "--output",
                                  f"empty-{i}", "--output-dir", work, cwd=work))
            ours.append(timed(*PANEL_TOOL, "report", pack, "--out", work / f"report-{i}.html", cwd=work))
        html = work / f"report-{args.repeats - 1}.html"
        result = {
            "date": date.today().isoformat(), "load_average": [round(x, 2) for x in os.getloadavg()],
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "cases": args.cases, "members": args.members, "repeats": args.repeats,
            "setup_s": round(setup_s, 1),
            "nbconvert_empty_s": round(min(baseline), 2), "report_s": round(min(ours), 2),
            "ratio": round(min(ours) / min(baseline), 2), "target_ratio": TARGET,
            "report_kib": round(html.stat().st_size / 1024) if html.exists() else None,
            "all_nbconvert_empty_s": [round(t, 2) for t in baseline], "all_report_s": [round(t, 2) for t in ours],
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"Pack: {args.cases} cases, {args.members} simulated members (made in {result['setup_s']} s); "
          f"{result['machine']}; {result['date']}; load average {result['load_average']}")
    print(f"| baseline: nbconvert --execute, empty notebook | `panel-tool report` | ratio (target <= {TARGET}) | report size |")
    print("|---|---|---|---|")
    print(f"| {result['nbconvert_empty_s']} s | {result['report_s']} s | **{result['ratio']}** | "
          f"{result['report_kib']} KiB |")
    print(f"All runs: baseline {result['all_nbconvert_empty_s']}, report {result['all_report_s']}")


if __name__ == "__main__":
    main()
