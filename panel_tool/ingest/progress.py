"""A byte-counting file wrapper that draws a progress bar on the terminal while pyarrow reads,
and hashes the bytes as they pass (a pack records its source's SHA-256; reading a large export
twice to get it would cost as much as parsing it)."""

from __future__ import annotations

import hashlib
import io
import sys

# Below this size reading takes well under a second: a bar would only flicker.
PROGRESS_MIN_BYTES = 50 * 1024 * 1024


class ProgressReader(io.RawIOBase):
    """Wraps a binary file; each read advances a bar on stderr (only when stderr is a terminal)
    and the running SHA-256 in `digest`."""

    def __init__(self, raw, total: int, label: str, enabled: bool = True):
        self._raw = raw
        self.digest = hashlib.sha256()
        self._total = max(total, 1)
        self._done = 0
        self._label = label
        self._shown = -1
        self._enabled = enabled and total >= PROGRESS_MIN_BYTES and sys.stderr.isatty()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._raw.readinto(buffer)
        if n:
            self.digest.update(memoryview(buffer)[:n])
        self._advance(n or 0)
        return n

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.digest.update(data)
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
