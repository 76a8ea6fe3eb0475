"""How the report and the exports are written to disk: owner-only, whole or not at all, and CSV cells a
spreadsheet will not run.

Every file here holds what members wrote and what the panel agreed about named cases, so it is made
readable by its owner only (0600), whatever the umask: the facilitator decides whom to send it to.
A file is written beside its destination under a temporary name and renamed into place, so a
failure never leaves half a report.

A CSV opened in Excel, LibreOffice or Google Sheets runs a cell that starts with `=`, `+`, `-` or
`@` as a formula (`=HYPERLINK(...)`, `@SUM(1+1)*cmd|...`), and a leading tab or carriage return
can hide one. Members, facilitators and the force all type text that reaches an export, so every
such cell is neutralised as OWASP advises for CSV injection: a single quote is put in front, which a
spreadsheet shows as text and does not run. A negative number is neutralised too (it shows as text):
a rule with exceptions is a rule an attacker reads.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Iterable

OWNER_ONLY = 0o600
# OWASP, "CSV Injection": the characters a spreadsheet treats as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text: one that would start a formula gets a leading quote."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_bytes(header: list[str], rows: Iterable[list[str]]) -> bytes:
    """A CSV file's bytes (UTF-8, CRLF as RFC 4180 says), every cell spreadsheet-safe, the header too."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([spreadsheet_safe(str(h)) for h in header])
    writer.writerows([spreadsheet_safe(str(c)) for c in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def write_private(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` readable by its owner only (0600), whole or not at all."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")  # mkstemp makes it 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, OWNER_ONLY)  # says so, rather than relying on mkstemp's default
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
