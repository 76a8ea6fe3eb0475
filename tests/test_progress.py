"""The terminal progress bar for large exports."""

from __future__ import annotations

import io
import sys

from panel_tool.ingest import progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_bar_reaches_100_percent_on_a_terminal(monkeypatch):
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr(progress, "PROGRESS_MIN_BYTES", 10)
    data = b"x" * 1000
    reader = progress.ProgressReader(io.BytesIO(data), len(data), "big.csv")
    while reader.read(100):
        pass
    shown = screen.getvalue()
    assert "Reading big.csv" in shown and "100%" in shown and " 50%" in shown
    assert shown.endswith("\n")


def test_no_bar_when_not_a_terminal_or_small(monkeypatch):
    plain = io.StringIO()
    monkeypatch.setattr(sys, "stderr", plain)
    reader = progress.ProgressReader(io.BytesIO(b"x" * 100), 100, "small.csv")
    assert reader.read() == b"x" * 100
    assert plain.getvalue() == ""
