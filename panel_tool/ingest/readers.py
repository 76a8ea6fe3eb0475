"""Read an export file into a table of text columns, whatever its encoding, delimiter or format.

Every value stays text here; the profile decides later what each column means. Reading is
pyarrow's multi-threaded CSV parser, so a million rows take seconds, not minutes.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pcsv

from panel_tool.errors import InputError
from panel_tool.ingest.progress import ProgressReader

HEAD_BYTES = 256 * 1024
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

    @property
    def profile_format(self) -> str:
        return "json" if self.format == "json" else "table"


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
        return _read_xlsx(path)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("the file is saved as UTF-16 text, which this tool does not read", file=name,
                         expected="CSV saved as 'CSV UTF-8 (comma delimited)' from Excel, or the XLSX workbook itself")
    if b"\x00" in head:
        raise InputError("this looks like a binary file, not a CSV, XLSX or JSON export", file=name,
                         expected="a text CSV file, an XLSX workbook or a JSON file")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if path.suffix.lower() == ".json" or stripped[:1] in (b"[", b"{"):
        return _read_json(path)
    return _read_csv(path, head, size, progress)


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
    header = next(csv.reader([first_line], delimiter=delimiter))
    _check_header(path, header)
    return delimiter, header


def _check_header(path: Path, header: list[str]) -> None:
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
            _parse_error(path, delimiter, len(header), exc)
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
            read_options=pcsv.ReadOptions(column_names=names, skip_rows=1, encoding=encoding, block_size=8 << 20),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            # Empty fields are read as missing here, where it costs nothing; only "" counts as empty,
            # so a value written NA or null stays text.
            convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in names}, null_values=[""],
                                                strings_can_be_null=True, quoted_strings_can_be_null=True),
        )
        return table, fh.digest.hexdigest()


def _parse_error(path: Path, delimiter: str, width: int, exc: Exception):
    """pyarrow says what is wrong but not where: find the row with Python's csv module (error path only)."""
    with path.open(newline="", encoding="utf-8", errors="replace") as fh:
        for number, row in enumerate(csv.reader(fh, delimiter=delimiter), start=1):
            if number > 1 and row and len(row) != width:
                raise InputError(f"this row has {len(row)} values but the header has {width} columns", file=str(path),
                                 row=number, expected=f"{width} values separated by '{delimiter}', with any '{delimiter}' inside a value quoted") from None
    raise InputError(f"the file could not be read as CSV ({exc})", file=str(path)) from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: Path) -> RawTable:
    import openpyxl  # only XLSX needs it; keeps CSV start-up lean
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise InputError(f"this is not a readable XLSX workbook ({type(exc).__name__}): it may be damaged or only partly downloaded",
                         file=str(path), expected="an .xlsx file that opens in Excel, or the export saved as CSV") from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_cells = next(rows, None)
        if header_cells is None or all(c is None for c in header_cells):
            raise InputError("the first sheet of the workbook is empty", file=str(path), row=1,
                             expected="a header row naming the columns on the first sheet")
        header = [_cell_text(c) for c in header_cells]
        while header and not header[-1]:
            header.pop()
        _check_header(path, header)
        columns: list[list[str]] = [[] for _ in header]
        for row in rows:
            cells = [_cell_text(c) for c in row[: len(header)]]
            if not any(cells):
                continue
            cells += [""] * (len(header) - len(cells))
            for column, cell in zip(columns, cells):
                column.append(cell)
    finally:
        workbook.close()
    if not columns or not columns[0]:
        raise InputError("the workbook has a header row but no records", file=str(path), row=2,
                         expected="at least one record below the header")
    table = pa.table({f"{i}": pa.array(c, pa.string()) for i, c in enumerate(columns)})
    return RawTable(path=path, format="xlsx", header=header, table=table, sha256=_file_sha256(path))


def _read_json(path: Path) -> RawTable:
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        _undecodable(path, path.read_bytes(), exc)
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


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
