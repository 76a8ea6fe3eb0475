"""Read an export file into a table of text columns, whatever its encoding, delimiter or format.

Every value stays text here; the profile decides later what each column means. Reading is
pyarrow's multi-threaded CSV parser, so a million rows take seconds, not minutes.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from panel_tool.errors import InputError
from panel_tool.ingest import limits
from panel_tool.ingest.limits import plain_size
from panel_tool.ingest.progress import PROGRESS_MIN_ROWS, ProgressBar, ProgressReader

HEAD_BYTES = limits.MAX_HEADER_BYTES
DELIMITERS = {",": "comma", ";": "semicolon"}
UNSUPPORTED_DELIMITERS = {"\t": "tab", "|": "vertical bar"}


@dataclass
class RawTable:
    """An export as read: text columns, plus how the file was written."""

    path: Path
    format: str  # csv, xlsx or json
    header: list[str]
    table: pa.Table
    sha256: str
    encoding: str | None = None
    delimiter: str | None = None
    line_endings: str | None = None
    # Each record's row in the file, where records are not simply rows 2, 3, ... (a workbook's blank
    # rows are skipped as it is read).
    row_numbers: np.ndarray | None = None

    @property
    def profile_format(self) -> str:
        return "json" if self.format == "json" else "table"

    def rows(self) -> np.ndarray:
        """Each record's row as the facilitator finds it: a spreadsheet's row (the header is row 1),
        or a JSON record's place in its list (from 1)."""
        if self.row_numbers is not None:
            return self.row_numbers
        first = 1 if self.format == "json" else 2
        return np.arange(first, first + self.table.num_rows)


def read_raw(path: str | Path, progress: bool = False) -> RawTable:
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise InputError("this file does not exist", file=name)
    if path.is_dir():
        raise InputError("this is a folder, not an export file", file=name)
    size = path.stat().st_size
    if size == 0:
        raise InputError("the file is empty (0 bytes)", file=name, expected="a CSV, XLSX or JSON export with a header row and at least one record")
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    if head.startswith(b"PK\x03\x04") or path.suffix.lower() in (".xlsx", ".xlsm"):
        return _checked(_read_xlsx(path, progress))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("the file is saved as UTF-16 text, which this tool does not read", file=name,
                         expected="CSV saved as 'CSV UTF-8 (comma delimited)' from Excel, or the XLSX workbook itself")
    if b"\x00" in head:
        raise InputError("this looks like a binary file, not a CSV, XLSX or JSON export", file=name,
                         expected="a text CSV file, an XLSX workbook or a JSON file")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if path.suffix.lower() == ".json" or stripped[:1] in (b"[", b"{"):
        return _checked(_read_json(path))
    return _checked(_read_csv(path, head, size, progress))


def _checked(raw: RawTable) -> RawTable:
    """Refuse a value (or a CSV record) over the size limits. Lengths are counted in Arrow, a column at
    a time, so this costs milliseconds even for a million rows."""
    row_total = None
    for i, name in enumerate(raw.header):
        lengths = pc.fill_null(pc.utf8_length(raw.table.column(i)), 0)
        if pc.max(lengths).as_py() > limits.MAX_VALUE_CHARS:
            at = pc.index(pc.greater(lengths, limits.MAX_VALUE_CHARS), True).as_py()
            _value_too_long(raw.path, int(raw.rows()[at]), name)
        row_total = lengths if row_total is None else pc.add(row_total, lengths)
    if raw.format == "csv" and row_total is not None and pc.max(row_total).as_py() > limits.MAX_ROW_CHARS:
        _row_too_long(raw.path, int(raw.rows()[pc.index(pc.greater(row_total, limits.MAX_ROW_CHARS), True).as_py()]))
    return raw


def _value_too_long(path: Path, row: int, column: str | None):
    raise InputError(f"a value is longer than {limits.MAX_VALUE_CHARS:,} characters, the most this tool reads in one value",
                     file=str(path), row=row, column=column,
                     expected="one record's details in each value; check the file was exported whole, with its quotes intact")


def _row_too_long(path: Path, row: int):
    raise InputError(f"this row is longer than {limits.MAX_ROW_CHARS:,} characters, the most this tool reads in one row",
                     file=str(path), row=row,
                     expected="one record on each row; check the file was exported whole, with its quotes and line breaks intact")


def _decode_head(path: Path, head: bytes) -> tuple[str, str]:
    """Guess the encoding from the first bytes; the full read confirms it."""
    try:
        # Incremental, so a character split by the end of the head is not mistaken for bad bytes.
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < HEAD_BYTES)
        return "utf-8", text.lstrip("\ufeff")
    except UnicodeDecodeError:
        try:
            return "cp1252", head.decode("cp1252")
        except UnicodeDecodeError as exc:
            _undecodable(path, head, exc)


def _undecodable(path: Path, data: bytes, exc: UnicodeDecodeError):
    row = data[: exc.start].count(b"\n") + 1
    raise InputError(f"byte 0x{data[exc.start]:02x} at position {exc.start} cannot be read as text in UTF-8 or Windows-1252",
                     file=str(path), row=row, expected="a file saved as UTF-8 or Windows-1252 (Excel's 'CSV' or 'CSV UTF-8')") from None


def _split_header(path: Path, first_line: str) -> tuple[str, list[str]]:
    counts = {d: first_line.count(d) for d in (*DELIMITERS, *UNSUPPORTED_DELIMITERS)}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        delimiter = ","
    elif best in UNSUPPORTED_DELIMITERS:
        raise InputError(f"the columns are separated by a {UNSUPPORTED_DELIMITERS[best]}, which this tool does not read",
                         file=str(path), row=1, expected="columns separated by commas (,) or semicolons (;)")
    else:
        delimiter = best
    with _csv_field_limit(HEAD_BYTES):  # the default (128 KB) is less than a header may be
        header = next(csv.reader([first_line], delimiter=delimiter))
    _check_header(path, header)
    return delimiter, header


def _check_header(path: Path, header: list[str]) -> None:
    if len(header) > limits.MAX_COLUMNS:
        raise InputError(f"the header names {len(header):,} columns; this tool reads at most {limits.MAX_COLUMNS:,}",
                         file=str(path), row=1, column=header[limits.MAX_COLUMNS],
                         expected="the export's own columns (the Met's use-of-force export has 271)")
    seen: dict[str, str] = {}
    for column in header:
        key = normalise_column(column)
        if not key:
            continue
        if key in seen:
            raise InputError(f"the column '{column}' appears more than once in the header", file=str(path), row=1,
                             column=column, expected="each column name once")
        seen[key] = column


def normalise_column(name: str) -> str:
    """Column names match ignoring case, a byte-order mark and stray spaces."""
    return " ".join(str(name).replace("\ufeff", "").split()).casefold()


def _read_csv(path: Path, head: bytes, size: int, progress: bool) -> RawTable:
    if size > len(head) and not re.search(rb"[\r\n]", head):
        # The header is read from the head alone: cut short, its last names would be mistaken for others.
        raise InputError(f"the header row is longer than {plain_size(HEAD_BYTES)}, the most this tool reads", file=str(path), row=1,
                         expected=f"a first row naming at most {limits.MAX_COLUMNS:,} columns, then one record on each row")
    encoding, text = _decode_head(path, head)
    first_line = text.splitlines()[0] if text.strip() else ""
    if not first_line.strip():
        raise InputError("the file has no header row", file=str(path), row=1, expected="a header row naming the columns")
    delimiter, header = _split_header(path, first_line)
    line_endings = "CRLF" if b"\r\n" in head else "LF"
    for attempt in ((encoding, "cp1252") if encoding == "utf-8" else (encoding,)):
        try:
            table, sha256 = _arrow_read(path, size, header, delimiter, attempt, progress)
            encoding = attempt
            break
        except pa.ArrowInvalid as exc:
            if "invalid UTF8" in str(exc) and attempt == "utf-8":
                continue
            _parse_error(path, delimiter, header, attempt, exc)
        except UnicodeDecodeError:
            with path.open("rb") as fh:
                data = fh.read()
            try:
                data.decode(attempt)
            except UnicodeDecodeError as exc:
                _undecodable(path, data, exc)
            raise
    if table.num_rows == 0:
        raise InputError("the file has a header row but no records", file=str(path), row=2,
                         expected="at least one record below the header")
    return RawTable(path=path, format="csv", header=header, table=table, sha256=sha256, encoding=encoding,
                    delimiter=DELIMITERS[delimiter], line_endings=line_endings)


def _arrow_read(path: Path, size: int, header: list[str], delimiter: str, encoding: str,
                progress: bool) -> tuple[pa.Table, str]:
    names = [f"{i}" for i in range(len(header))]  # positional names: header text may repeat blanks
    with path.open("rb") as raw, ProgressReader(raw, size, path.name, enabled=progress) as fh:
        table = pcsv.read_csv(
            fh,
            read_options=pcsv.ReadOptions(column_names=names, skip_rows=1, encoding=encoding,
                                          block_size=limits.CSV_BLOCK_BYTES),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            # Empty fields are read as missing here, where it costs nothing; only "" counts as empty,
            # so a value written NA or null stays text.
            convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in names}, null_values=[""],
                                                strings_can_be_null=True, quoted_strings_can_be_null=True),
        )
        return table, fh.digest.hexdigest()


def _parse_error(path: Path, delimiter: str, header: list[str], encoding: str, exc: Exception):
    """pyarrow says what is wrong but not where: find the row with Python's csv module (error path only),
    within the same size limits, so an oversized value is named instead of breaking the search."""
    width = len(header)
    with path.open(newline="", encoding=encoding, errors="replace") as fh, _csv_field_limit(limits.MAX_VALUE_CHARS):
        lines = _RecordLines(fh)
        number = 0
        try:
            for number, row in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
                lines.record_done()
                if number > 1 and row and len(row) != width:
                    raise InputError(f"this row has {len(row)} values but the header has {width} columns", file=str(path),
                                     row=number, expected=f"{width} values separated by '{delimiter}', with any '{delimiter}' inside a value quoted") from None
        except (_RowTooLong, csv.Error):
            # Read with newline="" and not strict, the csv module's one error is a value over its field limit.
            _oversized(path, number + 1, "".join(lines.current), delimiter, header)
    raise InputError(f"the file could not be read as CSV ({exc})", file=str(path)) from None


class _RowTooLong(Exception):
    pass


class _RecordLines:
    """A CSV file's lines for Python's csv module, refusing to read more than MAX_ROW_CHARS for one
    record (a 100 MB line is never held whole), and keeping what the current record holds so far so
    the value that broke a limit can be named."""

    def __init__(self, fh):
        self._fh = fh
        self.current: list[str] = []
        self._chars = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = self._fh.readline(limits.MAX_ROW_CHARS + 1 - self._chars)
        if not line:
            raise StopIteration
        self.current.append(line)
        self._chars += len(line)
        if self._chars > limits.MAX_ROW_CHARS:
            raise _RowTooLong
        return line

    def record_done(self) -> None:
        self.current.clear()
        self._chars = 0


def _oversized(path: Path, row: int, text: str, delimiter: str, header: list[str]):
    """Name the value over the limit in a record's text (cut short where reading stopped), or the row."""
    with _csv_field_limit(limits.MAX_ROW_CHARS + 1):
        values = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    long = next((i for i, value in enumerate(values) if len(value) > limits.MAX_VALUE_CHARS), None)
    if long is not None:
        _value_too_long(path, row, header[long] if long < len(header) else None)
    _row_too_long(path, row)


@contextmanager
def _csv_field_limit(chars: int):
    """Python's csv module has one field limit for the whole process: set it for one read, then put it back."""
    previous = csv.field_size_limit(chars)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


# What a facilitator can do with a workbook too big to read as one.
SAVE_AS_CSV = "the sheet saved as CSV (in Excel: Save As, 'CSV UTF-8 (comma delimited)'), which this tool reads quickly at any length"


def _read_xlsx(path: Path, progress: bool) -> RawTable:
    import openpyxl  # only XLSX needs it; keeps CSV start-up lean
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(path) as archive:  # its directory only: nothing is unpacked here
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > limits.MAX_XLSX_UNPACKED_BYTES:  # before openpyxl reads even the shared strings
            raise InputError(f"the workbook unpacks to {plain_size(unpacked)}; this tool reads workbooks of at most "
                             f"{plain_size(limits.MAX_XLSX_UNPACKED_BYTES)} unpacked", file=str(path), expected=SAVE_AS_CSV)
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputError(f"this is not a readable XLSX workbook ({type(exc).__name__}): it may be damaged or only partly downloaded",
                         file=str(path), expected="an .xlsx file that opens in Excel, or the export saved as CSV") from None
    bar = None
    try:
        sheet = workbook.worksheets[0]
        declared = max((sheet.max_row or 0) - 1, 0)  # rows below the header, from the sheet's <dimension>
        if declared > limits.MAX_XLSX_ROWS:
            raise InputError(f"the sheet '{sheet.title}' says it holds {declared:,} rows below its header; this tool "
                             f"reads at most {limits.MAX_XLSX_ROWS:,} from a workbook", file=str(path), expected=SAVE_AS_CSV)
        # Read what the sheet holds, not what it declares: openpyxl pads every row to the declared width
        # and stops at the declared last row, so a wrong <dimension> would cost minutes or lose rows.
        sheet.reset_dimensions()
        header_cells = next(sheet.iter_rows(max_row=1, values_only=True), None)
        if header_cells is None or all(c is None for c in header_cells):
            raise InputError("the first sheet of the workbook is empty", file=str(path), row=1,
                             expected="a header row naming the columns on the first sheet")
        header = [_cell_text(c) for c in header_cells]
        while header and not header[-1]:
            header.pop()
        _check_header(path, header)
        columns: list[list[str]] = [[] for _ in header]
        numbers: list[int] = []
        bar = ProgressBar(declared, path.name, enabled=progress and declared >= PROGRESS_MIN_ROWS)
        for number, row in enumerate(sheet.iter_rows(min_row=2, max_col=len(header), values_only=True), start=2):
            bar.advance(1)
            cells = [_cell_text(c) for c in row]
            if not any(cells):
                continue
            if len(numbers) == limits.MAX_XLSX_ROWS:  # the sheet understated its size
                raise InputError(f"the sheet '{sheet.title}' holds more than {limits.MAX_XLSX_ROWS:,} rows below its header, "
                                 "the most this tool reads from a workbook", file=str(path), row=number, expected=SAVE_AS_CSV)
            numbers.append(number)
            for column, cell in zip(columns, cells):
                column.append(cell)
    finally:
        if bar is not None:
            bar.end()
        workbook.close()
    if not numbers:
        raise InputError("the workbook has a header row but no records", file=str(path), row=2,
                         expected="at least one record below the header")
    table = pa.table({f"{i}": pa.array(c, pa.string()) for i, c in enumerate(columns)})
    return RawTable(path=path, format="xlsx", header=header, table=table, sha256=_file_sha256(path),
                    row_numbers=np.array(numbers))


def _read_json(path: Path) -> RawTable:
    raw = path.read_bytes()
    _check_json_depth(path, raw)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        _undecodable(path, raw, exc)
    except json.JSONDecodeError as exc:
        raise InputError(f"this is not valid JSON: {exc.msg} at line {exc.lineno}, character {exc.colno}", file=str(path),
                         expected="a JSON array of records, as the data.police.uk API returns") from None
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else None
    if not isinstance(data, list):
        raise InputError("the JSON does not hold a list of records", file=str(path), expected="a JSON array of records")
    if not data:
        raise InputError("the JSON list holds no records", file=str(path), expected="at least one record")
    bad = next((i for i, r in enumerate(data) if not isinstance(r, dict)), None)
    if bad is not None:
        raise InputError(f"record {bad + 1} is not a JSON object", file=str(path), expected="every record written as {...}")
    frame = pd.json_normalize(data)
    header = list(frame.columns)
    # Keep JSON's own spellings of true and false, so the profile's boolean list applies.
    text = frame.apply(lambda col: col.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v))
                                           else ("true" if v is True else "false" if v is False else _cell_text(v))))
    table = pa.table({f"{i}": pa.array(text[c].tolist(), pa.string()) for i, c in enumerate(header)})
    return RawTable(path=path, format="json", header=header, table=table, sha256=_file_sha256(path), encoding="utf-8")


def _check_json_depth(path: Path, data: bytes) -> None:
    """Refuse JSON nested deeper than MAX_JSON_DEPTH before parsing it: Python's parser recurses once per
    level and dies with a traceback near 1,000. Done in numpy over the bytes (a fraction of the parse):
    brackets inside strings do not count, and a quote after an odd run of backslashes is inside one."""
    codes = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(codes == ord('"'))
    backslash = codes == ord("\\")
    after = quotes[(quotes > 0) & backslash[np.maximum(quotes - 1, 0)]]
    if after.size:
        run_starts = np.flatnonzero(backslash & ~np.concatenate(([False], backslash[:-1])))
        runs = after - run_starts[np.searchsorted(run_starts, after - 1, side="right") - 1]
        inside = np.zeros(quotes.size, dtype=bool)
        inside[np.searchsorted(quotes, after[runs % 2 == 1])] = True
        quotes = quotes[~inside]
    opening = (codes == ord("[")) | (codes == ord("{"))
    brackets = np.flatnonzero(opening | (codes == ord("]")) | (codes == ord("}")))
    brackets = brackets[np.searchsorted(quotes, brackets) % 2 == 0]  # an even number of quotes before: outside strings
    if not brackets.size:
        return
    depth = np.cumsum(np.where(opening[brackets], 1, -1))
    if depth.max() <= limits.MAX_JSON_DEPTH:
        return
    at = int(brackets[np.argmax(depth > limits.MAX_JSON_DEPTH)])
    # Which record of a top-level list: the commas at depth 1 before it.
    commas = np.flatnonzero(codes[:at] == ord(","))
    commas = commas[np.searchsorted(quotes, commas) % 2 == 0]
    level = np.searchsorted(brackets, commas) - 1
    records = int(((level >= 0) & (depth[np.maximum(level, 0)] == 1)).sum())
    line = data.count(b"\n", 0, at) + 1
    character = at - data.rfind(b"\n", 0, at)
    in_list = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"["
    raise InputError(f"the JSON is nested more than {limits.MAX_JSON_DEPTH} levels deep at line {line}, character {character}",
                     file=str(path), row=records + 1 if in_list else None,
                     expected=f"a list of records as the data.police.uk API writes them, nested at most {limits.MAX_JSON_DEPTH} levels")


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
