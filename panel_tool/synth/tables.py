"""Writing a synthetic export and its ground truth: CSV, UTF-8, comma, LF, header as the profile has it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from panel_tool.synth.identities import lengths

TRUTH_HEADER = ("row", "record", "column", "start", "end", "type", "value")


def _header_line(names) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(names)
    return buffer.getvalue().encode("utf-8")


def _arrow_column(values) -> pa.Array:
    if isinstance(values, pa.Array):
        return values
    values = np.asarray(values)
    if values.dtype == object:
        return pa.array(values, type=pa.string(), from_pandas=True)
    if values.dtype.kind == "f":
        return pa.array(values, type=pa.float64(), from_pandas=True)  # NaN -> blank
    return pa.array(values)


def nullable_int(values) -> pa.Array:
    """Whole numbers with NaN as a blank cell."""
    values = np.asarray(values, dtype=float)
    mask = np.isnan(values)
    return pa.array(np.where(mask, 0, values).astype(np.int64), mask=mask)


def write_csv(path: Path, header, columns: dict) -> None:
    """Write `columns` (name -> numpy array; None or NaN for a blank cell) in `header` order.

    The header is written with minimal quoting; pyarrow writes the body, quoting every text value
    (valid RFC 4180, and much the fastest way to write a million rows).
    """
    table = pa.table({name: _arrow_column(columns[name]) for name in header})
    with open(path, "wb") as out:
        out.write(_header_line(header))
        if table.num_rows:
            pacsv.write_csv(table, out, pacsv.WriteOptions(include_header=False, quoting_style="needed"))


class Truth:
    """Collects ground-truth entries block by block, then writes them sorted by row, column and start."""

    def __init__(self, header, records: np.ndarray):
        self.position = {name: i for i, name in enumerate(header)}
        self.records = np.asarray(records, dtype=object)
        self.blocks: list = []

    def whole_cells(self, column: str, values: np.ndarray, kind: str) -> None:
        """Every non-blank cell of a direct-identifier column, as one entry covering the cell."""
        values = np.asarray(values, dtype=object)
        rows = np.flatnonzero(values != None)  # noqa: E711 - elementwise test for None
        cells = values[rows]
        self.add(column, rows, np.zeros(len(rows), np.int64), lengths(cells), np.full(len(rows), kind, dtype=object), cells)

    def add(self, column: str, rows, start, end, kinds, values) -> None:
        if len(rows):
            self.blocks.append((column, np.asarray(rows), np.asarray(start), np.asarray(end), np.asarray(kinds, dtype=object),
                                np.asarray(values, dtype=object)))

    def __len__(self) -> int:
        return sum(len(b[1]) for b in self.blocks)

    def write(self, path: Path) -> int:
        if not self.blocks:
            with open(path, "wb") as out:
                out.write(_header_line(TRUTH_HEADER))
            return 0
        rows = np.concatenate([b[1] for b in self.blocks])
        column_pos = np.concatenate([np.full(len(b[1]), self.position[b[0]], np.int64) for b in self.blocks])
        start = np.concatenate([b[2] for b in self.blocks]).astype(np.int64)
        order = np.lexsort((start, column_pos, rows))
        names = np.array(list(self.position), dtype=object)
        columns = {
            "row": rows[order] + 2,
            "record": self.records[rows[order]],
            "column": names[column_pos[order]],
            "start": start[order],
            "end": np.concatenate([b[3] for b in self.blocks]).astype(np.int64)[order],
            "type": np.concatenate([b[4] for b in self.blocks])[order],
            "value": np.concatenate([b[5] for b in self.blocks])[order],
        }
        write_csv(path, TRUTH_HEADER, columns)
        return len(rows)


def truth_path(out: Path) -> Path:
    """export.csv -> export.csv.truth.csv"""
    return out.with_name(out.name + ".truth.csv")
