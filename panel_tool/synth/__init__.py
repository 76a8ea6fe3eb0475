"""Realistic synthetic force exports, with the ground truth a redactor is graded against.

    from panel_tool.synth import synth
    result = synth("stop-search", rows=1000, out="export.csv", seed=0)

writes `export.csv` in the chosen source layout (a profile in schemas/profiles) and beside it
`export.csv.truth.csv`: one line per identifier planted in the file (row, record, column, start,
end, type, value), so a redactor's output can be scored cell by cell. The same seed gives the same
bytes; the whole thing is vectorised so a million rows take seconds, not minutes.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from panel_tool.contracts import load_profile
from panel_tool.errors import InputError
from panel_tool.synth import stop_search, use_of_force
from panel_tool.synth.tables import Truth, truth_path, write_csv

FORMATS = {"stop-search": ("force-export", "data-police-uk"), "use-of-force": ("met-use-of-force",)}

__all__ = ["synth", "SynthResult", "FORMATS"]


@dataclass(frozen=True)
class SynthResult:
    """What `synth` wrote: the export, its ground truth, and how many identifiers were planted."""

    path: Path
    truth_path: Path
    rows: int
    kind: str
    format: str
    seed: int
    planted: int


class _Progress:
    """A one-line progress report on stderr (only when asked for)."""

    def __init__(self, enabled: bool, label: str):
        self.enabled, self.label, self.started = enabled, label, time.perf_counter()

    def __call__(self, stage: str) -> None:
        if self.enabled:
            print(f"\r{self.label}: {stage} ({time.perf_counter() - self.started:.1f} s)        ", end="", file=sys.stderr, flush=True)

    def done(self, message: str) -> None:
        if self.enabled:
            print(f"\r{self.label}: {message} in {time.perf_counter() - self.started:.1f} s        ", file=sys.stderr, flush=True)


def synth(kind: str = "stop-search", rows: int = 1000, out: str | Path = "synthetic-export.csv", seed: int = 0,
          format: str | None = None, progress: bool = False) -> SynthResult:
    """Write `rows` synthetic records of `kind` to `out` in `format`, and the ground truth beside it.

    kind: "stop-search" or "use-of-force". format: for stop-search "force-export" (the default:
    grounds, officer, BWV and personal identifiers) or "data-police-uk" (the public file: no free
    text, no identifiers, so its truth file has only a header); for use-of-force
    "met-use-of-force" (the default and only one).
    """
    if kind not in FORMATS:
        raise InputError(f"'{kind}' is not a kind of record synth can make", expected="stop-search or use-of-force")
    format = format or FORMATS[kind][0]
    if format not in FORMATS[kind]:
        raise InputError(f"synth cannot write {kind} records in the '{format}' layout",
                         expected=f"for {kind}: " + " or ".join(FORMATS[kind]))
    if not isinstance(rows, (int, np.integer)) or isinstance(rows, bool) or rows < 0:
        raise InputError(f"the number of rows must be a whole number, zero or more, not {rows!r}", expected="for example 1000")
    out = Path(out)
    if not out.parent.exists():
        raise InputError("the folder to write the export in does not exist", file=str(out.parent))

    header = list(load_profile(format).columns)
    rng = np.random.default_rng(seed)
    report = _Progress(progress, f"synth {kind} ({format}, {rows:,} rows)")
    truth = None
    if format == "force-export":
        columns, spans = stop_search.force_export(rows, rng, report)
        truth = Truth(header, columns["record_id"])
        for column, kind_of in stop_search.FORCE_EXPORT_IDENTIFIERS.items():
            truth.whole_cells(column, columns[column], kind_of)
    elif format == "data-police-uk":
        columns, spans = stop_search.data_police_uk(rows, rng, report), {}
        truth = Truth(header, np.empty(rows, dtype=object))
    else:
        columns, spans = use_of_force.met_export(rows, rng, report)
        truth = Truth(header, columns["FormID"])
        for column, kind_of in use_of_force.IDENTIFIERS.items():
            truth.whole_cells(column, columns[column], kind_of)
    for column, planted in spans.items():
        truth.planted(column, planted)

    write_csv(out, header, columns)
    report("writing")
    planted = truth.write(truth_path(out))
    report.done(f"wrote {out} and {truth_path(out).name} ({planted:,} planted identifiers)")
    return SynthResult(path=out, truth_path=truth_path(out), rows=rows, kind=kind, format=format, seed=seed, planted=planted)
