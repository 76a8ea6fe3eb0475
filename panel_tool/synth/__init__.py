"""Realistic synthetic force exports, with the ground truth a redactor is graded against.

    from panel_tool.synth import synth
    result = synth("stop-search", rows=1000, out="export.csv", seed=0)

writes `export.csv` in the chosen source layout (a profile in schemas/profiles) and beside it
`export.csv.truth.csv`: one line per identifier in the file, so a redactor's output can be scored
cell by cell. Truth columns: row (as a spreadsheet counts: the header is row 1), record (record_id
or FormID), column, start, end (character offsets in the cell), type, value (== cell[start:end]).
Free-text columns (grounds, OfficerAccount) list each planted identifier (span conventions in
`grounds.py`); direct-identifier columns list the whole cell (start 0) as NAME, ADDRESS, DOB,
VEHICLE or REFERENCE, and officer_id / OfficerID as OFFICER_ID. Must-survive phrases (KEEP) are
not in the file; `grounds.officer_texts` returns them.

The same seed gives the same bytes. Everything is vectorised and written in slices, so a million
rows take well under a minute in about 1 GB.
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
from panel_tool.synth.tables import TRUTH_HEADER, Truth, append_rows, truth_path, write_header

FORMATS = {"stop-search": ("force-export", "data-police-uk"), "use-of-force": ("met-use-of-force",)}

__all__ = ["synth", "SynthResult", "FORMATS"]


@dataclass(frozen=True)
class SynthResult:
    """What `synth` wrote: the export, its ground truth, and `planted`: how many truth entries (identifiers) it lists."""

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
    planted = 0
    with open(out, "wb") as export, open(truth_path(out), "wb") as truth_file:
        write_header(export, header)
        write_header(truth_file, TRUTH_HEADER)
        for first_row, columns, spans in _slices(format, rows, rng, report):
            append_rows(export, header, columns)
            id_column = IDENTIFIERS[format][0]
            truth = Truth(header, columns[id_column] if id_column else np.empty(len(columns[header[0]]), dtype=object), first_row)
            for column, kind_of in IDENTIFIERS[format][1].items():
                truth.whole_cells(column, columns[column], kind_of)
            for column, text in spans.items():
                truth.planted(column, text)
            planted += truth.append_to(truth_file)
    report.done(f"wrote {out} and {truth_path(out).name} ({planted:,} planted identifiers)")
    return SynthResult(path=out, truth_path=truth_path(out), rows=rows, kind=kind, format=format, seed=seed, planted=planted)


# Per layout: the column naming each record in the truth file, and the direct-identifier columns listed whole.
IDENTIFIERS = {
    "force-export": ("record_id", stop_search.FORCE_EXPORT_IDENTIFIERS),
    "data-police-uk": (None, {}),
    "met-use-of-force": ("FormID", use_of_force.IDENTIFIERS),
}


def _slices(format: str, rows: int, rng: np.random.Generator, report):
    """(first row, columns, planted spans) for each slice of the export."""
    if format == "force-export":
        yield from stop_search.force_export(rows, rng, report)
    elif format == "data-police-uk":
        yield 0, stop_search.data_police_uk(rows, rng, report), {}
    else:
        yield from use_of_force.met_export(rows, rng, report)
