"""Writing a synthetic export and its ground truth: CSV, UTF-8, comma, LF, header as the profile has it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from panel_tool.synth.grounds import KEEP, SPAN_TYPES, Planted
from panel_tool.synth.identities import lengths

CHUNK_ROWS = 1 << 16
TRUTH_HEADER = ("row", "record", "column", "start", "end", "type", "value")
OFFICER_ID = "OFFICER_ID"
TRUTH_TYPES = tuple(SPAN_TYPES) + (OFFICER_ID,)  # the first codes are those of grounds.SPAN_TYPES
_CODE = {t: i for i, t in enumerate(TRUTH_TYPES)}


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


def _dictionary(indices: np.ndarray, words) -> pa.DictionaryArray:
    """Repeated strings as indices into a small dictionary: no per-entry string objects to convert."""
    return pa.DictionaryArray.from_arrays(pa.array(np.asarray(indices, dtype=np.int32)), _arrow_column(np.asarray(words, dtype=object)))


def write_csv(path: Path, header, columns: dict) -> None:
    """Write `columns` (name -> numpy array; None or NaN for a blank cell) in `header` order."""
    with open(path, "wb") as out:
        write_header(out, header)
        append_rows(out, header, columns)


def write_header(out, header) -> None:
    out.write(_header_line(header))


def append_rows(out, header, columns: dict) -> None:
    """Append rows to an open binary file: pyarrow writes them, quoting every text value (valid
    RFC 4180, and much the fastest way to write a million rows), in slices so the same buffers are
    reused (on this kind of machine first-touch page faults cost more than the conversion)."""
    n = len(columns[header[0]]) if header else 0
    options = pacsv.WriteOptions(include_header=False, quoting_style="needed")
    for lo in range(0, n, CHUNK_ROWS):
        hi = min(n, lo + CHUNK_ROWS)
        table = pa.table({name: columns[name].slice(lo, hi - lo) if isinstance(columns[name], pa.Array)
                          else _arrow_column(columns[name][lo:hi]) for name in header})
        pacsv.write_csv(table, out, options)


class Truth:
    """Collects ground-truth entries block by block, then writes them sorted by row, column and start."""

    def __init__(self, header, records: np.ndarray, first_row: int = 0):
        """`records` are the record ids of the rows covered, the first of which is row `first_row` (0-based) of the export."""
        self.position = {name: i for i, name in enumerate(header)}
        self.records = np.asarray(records, dtype=object)
        self.first_row = first_row
        self.blocks: list = []

    def whole_cells(self, column: str, values: np.ndarray, kind: str) -> None:
        """Every non-blank cell of a direct-identifier column, as one entry covering the cell."""
        values = np.asarray(values, dtype=object)
        rows = np.flatnonzero(values != None)  # noqa: E711 - elementwise test for None
        cells = values[rows]
        self.add(column, rows, np.zeros(len(rows), np.int64), lengths(cells), np.full(len(rows), _CODE[kind], np.int8), cells)

    def planted(self, column: str, planted: Planted) -> None:
        """The identifiers planted in a free-text column (not the KEEP phrases), in cells left non-blank."""
        alive = planted.texts[planted.text] != None  # noqa: E711
        sel = np.flatnonzero((planted.code != _CODE[KEEP]) & alive)
        self.add(column, planted.text[sel], planted.start[sel], planted.end[sel], planted.code[sel], planted.value[sel])

    def add(self, column: str, rows, start, end, codes, values) -> None:
        if len(rows):
            self.blocks.append((column, np.asarray(rows, dtype=np.int64), np.asarray(start, dtype=np.int64),
                                np.asarray(end, dtype=np.int64), np.asarray(codes, dtype=np.int8), np.asarray(values, dtype=object)))

    def __len__(self) -> int:
        return sum(len(b[1]) for b in self.blocks)

    def append_to(self, out) -> int:
        """Append the entries, sorted by row, column and start, to an open binary file; returns how many."""
        if not self.blocks:
            return 0
        rows = np.concatenate([b[1] for b in self.blocks])
        column_pos = np.concatenate([np.full(len(b[1]), self.position[b[0]], np.int64) for b in self.blocks])
        start = np.concatenate([b[2] for b in self.blocks])
        order = np.argsort((rows << 24) | (column_pos << 16) | np.minimum(start, 0xFFFF), kind="stable")
        rows = rows[order]
        columns = {
            "row": rows + self.first_row + 2,  # as a spreadsheet counts: the header is row 1
            "record": _dictionary(rows, self.records),
            "column": _dictionary(column_pos[order], list(self.position)),
            "start": start[order],
            "end": np.concatenate([b[3] for b in self.blocks])[order],
            "type": _dictionary(np.concatenate([b[4] for b in self.blocks])[order], TRUTH_TYPES),
            "value": np.concatenate([b[5] for b in self.blocks])[order],
        }
        append_rows(out, TRUTH_HEADER, columns)
        return len(rows)


def truth_path(out: Path) -> Path:
    """export.csv -> export.csv.truth.csv"""
    return out.with_name(out.name + ".truth.csv")
