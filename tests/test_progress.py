"""The terminal progress bar for large exports."""

from __future__ import annotations

import io
import sys
import threading

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


def test_closing_waits_for_a_read_in_progress_and_ends_the_file_for_later_reads():
    """pyarrow's reading thread may still be inside a read when a malformed file stops it: closing
    waits for that read, and any later one gets the end of the file instead of calling the raw file."""
    started, release = threading.Event(), threading.Event()

    class Slow(io.BytesIO):
        def readinto(self, buffer):
            started.set()
            release.wait(5)
            return super().readinto(buffer)

    reader = progress.ProgressReader(Slow(b"x" * 100), 100, "slow.csv")
    reading = threading.Thread(target=reader.readinto, args=(bytearray(10),))
    reading.start()
    assert started.wait(5)
    closing = threading.Thread(target=reader.close)
    closing.start()
    closing.join(0.2)
    assert closing.is_alive(), "close returned while a read was in progress"
    release.set()
    closing.join(5)
    reading.join(5)
    assert not closing.is_alive()
    assert reader.read(10) == b"" and reader.readinto(bytearray(10)) == 0


def test_a_workbook_shows_the_bar_row_by_row(monkeypatch, tmp_path):
    from panel_tool.ingest import readers
    from tests.test_bad_input_limits import city_rows, write_xlsx

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr(readers, "PROGRESS_MIN_ROWS", 10)
    path = write_xlsx(tmp_path / "rows.xlsx", city_rows(40), dimension="A1:O41")
    assert readers.read_raw(path, progress=True).table.num_rows == 40
    shown = screen.getvalue()
    assert "Reading rows.xlsx" in shown and "100%" in shown and shown.endswith("%\n")
