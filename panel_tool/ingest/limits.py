"""The most this tool reads from one export, and the dates it believes: the one place they are set.

Each size limit is checked before the work it protects (or, for a CSV, as the file is read), so a
malformed or hostile file is refused in seconds with a plain message instead of running for minutes
or ending in a traceback. The README's facilitator section states them; a test keeps it in step.
"""

from __future__ import annotations

from datetime import date

# One value (a cell). Officers' grounds run to a few thousand characters; a million is far beyond
# any real text and keeps the redactor's work per case bounded.
MAX_VALUE_CHARS = 1_000_000

# One CSV record, all its values together. The CSV reader works in blocks of bytes and cannot read a
# record larger than a block; a UTF-8 character takes at most 4 bytes, so a block of 4 bytes per
# character always holds a record within the limit.
MAX_ROW_CHARS = 2_000_000
CSV_BLOCK_BYTES = 4 * MAX_ROW_CHARS

# The header row is read from the start of the file before anything else; the Met's 271-column
# use-of-force header is about 11 KB.
MAX_HEADER_BYTES = 256 * 1024
MAX_COLUMNS = 1_000

# Workbooks are read cell by cell (about 30,000 cells a second), so a large one takes minutes where
# the same data as CSV takes a second. Both limits are read from the zip's directory and the sheet's
# declared size before anything is unpacked; the rows are counted again as they are read, since a
# workbook's own account of its size can be wrong.
MAX_XLSX_UNPACKED_BYTES = 128 * 1024 * 1024
MAX_XLSX_ROWS = 100_000

# data.police.uk records nest four levels deep; Python's JSON parser recurses once per level and
# fails with a traceback near 1,000.
MAX_JSON_DEPTH = 32

# Before this, a date is a typing or system error (data.police.uk starts in December 2010); so is
# any date after the moment of the check. `pack build --allow-dates` accepts them when they are right.
EARLIEST_PLAUSIBLE_DATE = date(2000, 1, 1)


def plain_size(n: int) -> str:
    """A size as the README writes the limits: '128 MB', '256 KB'."""
    return f"{n // (1024 * 1024):,} MB" if n >= 1024 * 1024 else f"{n // 1024:,} KB"
