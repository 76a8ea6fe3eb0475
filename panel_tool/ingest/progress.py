"""A byte-counting file wrapper that draws a progress bar on the terminal while pyarrow reads."""

from __future__ import annotations

import io
import sys

# Below this size reading takes well under a second: a bar would only flicker.
PROGRESS_MIN_BYTES = 50 * 1024 * 1024


class ProgressReader(io.RawIOBase):
    """Wraps a binary file; each read advances a bar on stderr (only when stderr is a terminal)."""

    def __init__(self, raw, total: int, label: str, enabled: bool = True):
        self._raw = raw
        self._total = max(total, 1)
        self._done = 0
        self._label = label
        self._shown = -1
        self._enabled = enabled and total >= PROGRESS_MIN_BYTES and sys.stderr.isatty()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._raw.readinto(buffer)
        self._advance(n or 0)
        return n

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._advance(len(data))
        return data

    def _advance(self, n: int) -> None:
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

    def close(self) -> None:
        self._raw.close()
        super().close()
