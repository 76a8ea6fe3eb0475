"""The progress bar drawn on the terminal while a large export is read.

`ProgressReader` is a byte-counting file wrapper for pyarrow's CSV reader that also hashes the bytes
as they pass (a pack records its source's SHA-256; reading a large export twice to get it would cost
as much as parsing it). A workbook advances the same bar row by row.
"""

from __future__ import annotations

import hashlib
import io
import sys
import time

# Below this size reading a CSV takes well under a second: a bar would only flicker.
PROGRESS_MIN_BYTES = 50 * 1024 * 1024
# Workbooks are read at about 1,500 rows a second: below this a bar would only flicker.
PROGRESS_MIN_ROWS = 5_000


class ProgressBar:
    """'Reading NAME [#####.....] 40%' on stderr, redrawn only when the percentage changes, and only
    when stderr is a terminal (never into a log or a pipe)."""

    def __init__(self, total: int, label: str, enabled: bool = True):
        self._total = max(total, 1)
        self._done = 0
        self._label = label
        self._shown = -1
        self._enabled = enabled and sys.stderr.isatty()

    def advance(self, n: int) -> None:
        self._done += n
        if not self._enabled:
            return
        percent = min(100, self._done * 100 // self._total)
        if percent != self._shown:
            self._shown = percent
            filled = percent * 30 // 100
            sys.stderr.write(f"\rReading {self._label} [{'#' * filled}{'.' * (30 - filled)}] {percent:3d}%")
            if percent == 100:
                sys.stderr.write("\n")
            sys.stderr.flush()

    def end(self) -> None:
        """Finish the line of a bar stopped short (a refused file), so the message starts on its own."""
        if self._enabled and 0 <= self._shown < 100:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self._shown = 100


class ProgressReader(io.RawIOBase):
    """Wraps a binary file; each read advances a bar and the running SHA-256 in `digest`.

    pyarrow reads ahead from its own threads. When it stops part-way (a malformed file), its reading
    thread carries on calling back into Python, and if the interpreter exits meanwhile that thread
    aborts the whole process ("terminate called without an active exception"; apache/arrow#43604,
    #43741). So once closed, every read is the end of the file, and closing waits for a read in
    progress to return: after that pyarrow's thread has nothing left to ask of Python.
    """

    def __init__(self, raw, total: int, label: str, enabled: bool = True):
        self._raw = raw
        self.digest = hashlib.sha256()
        self._bar = ProgressBar(total, label, enabled=enabled and total >= PROGRESS_MIN_BYTES)
        self._ended = False
        self._reading = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._ended:
            return 0
        self._reading += 1
        try:
            n = self._raw.readinto(buffer)
            if n:
                self.digest.update(memoryview(buffer)[:n])
            self._bar.advance(n or 0)
            return n
        finally:
            self._reading -= 1

    def read(self, size: int = -1) -> bytes:
        if self._ended:
            return b""
        self._reading += 1
        try:
            data = self._raw.read(size)
            self.digest.update(data)
            self._bar.advance(len(data))
            return data
        finally:
            self._reading -= 1

    def close(self) -> None:
        self._ended = True
        while self._reading:  # pyarrow's thread is mid-read: let it return (sleeping releases the GIL)
            time.sleep(0.001)
        self._bar.end()
        self._raw.close()
        super().close()
