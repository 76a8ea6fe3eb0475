"""Words a redaction takes out leave the pack file's bytes at once, not at SQLite's next checkpoint.

A pack is in WAL mode: a change goes to the -wal file, and the page it replaced, old name and all,
stayed in the pack file itself until a checkpoint, which redactions never made. While a pack is
served every member's kernel keeps it open, so the last connection to close (which checkpoints) was
hours away, and a copy of the file taken meanwhile carried the name. Release's checkpoint could be
held up by another program's read without anyone being told.

Real pack files, and a second process holding the pack open as a served kernel does (idle), or in
the middle of a read (as sqlite3 in a terminal can be). Each test reads the file's bytes, and the
-wal beside it, never through SQL.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import ipywidgets as widgets
import pytest

from panel_tool.apps.facilitator import REDACT_LABEL, FacilitatorApp
from panel_tool.errors import InputError
from panel_tool.packs.packfile import READ, fold_write_ahead_log_in, open_pack, read_manifest
from panel_tool.review import lifecycle
from panel_tool.review.lifecycle import release
from panel_tool.review.redaction_review import (approve_cases, draft_cases, edit_field, exclude_case,
                                                redact_case_words, redact_more)
from panel_tool.review.session import sign_in
from panel_tool.review.store import WORDS_STILL_IN_FILE
from panel_tool.review.words import edit_words, list_words
from tests.app_widgets import widgets_in
from tests.conftest import run_cli
from tests.servers import copy_of_pack, pack_key, released_pack

NAME = "Zebedee Quarnby"  # in case 1's grounds: the facilitator redacts it
EXCLUDED_NAME = "Ottoline Brackenbury"  # in case 2's grounds: the facilitator excludes the case
STREET = "Quillfeather Mews"  # case 1's area, as a careless export might give it: the facilitator edits it


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    pack, _ = released_pack(tmp_path_factory.mktemp("fold"), members=[], release=False)
    return pack


@pytest.fixture
def pack(built, tmp_path) -> Path:
    """A draft pack, in WAL mode as every session leaves it, whose cases 1 and 2 hold the planted names."""
    pack = copy_of_pack(built, tmp_path)
    with sqlite3.connect(pack) as db:
        db.execute("UPDATE texts SET text = ?, spans = '[]' WHERE case_id = 1",
                   (f"Saw {NAME} run. {NAME} was searched.",))
        db.execute("UPDATE texts SET text = ?, spans = '[]' WHERE case_id = 2", (f"Saw {EXCLUDED_NAME} run.",))
        db.execute("UPDATE cases SET area = ? WHERE case_id = 1", (STREET,))
    db.close()
    draft_cases(pack)  # the first session opener switches the pack to WAL, as serve or any command does
    return pack


@contextmanager
def another_program(pack: Path, reading: bool):
    """A second process with the pack open: idle, as a served member's kernel between reads, or in the
    middle of a read transaction (`reading`), until the block ends."""
    begin = "c.execute('BEGIN'); " if reading else ""
    other = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys\n"
        f"c = sqlite3.connect({str(pack)!r}, isolation_level=None)\n"
        f"{begin}c.execute('SELECT count(*) FROM texts').fetchone()\n"
        "print('open', flush=True); sys.stdin.readline()\n"
        "c.close()\n")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "open"
        yield
    finally:
        other.stdin.write("\n")
        other.stdin.flush()
        other.wait(timeout=30)


def left_in_file(pack: Path, *words: str) -> list[str]:
    """Which of the words (or any one word of them), in any capitals, the pack file or its -wal holds."""
    found = []
    for path in (pack, Path(f"{pack}-wal")):
        data = path.read_bytes().lower() if path.exists() else b""
        found += [f"{part} in {path.name}" for w in words for part in w.lower().split() if part.encode() in data]
    return found


def status(pack: Path) -> str:
    with open_pack(pack, READ) as conn:
        return read_manifest(conn)["status"]


@pytest.mark.parametrize("change", ["redact_case_words", "redact_more", "edit_field"])
def test_what_a_change_takes_out_leaves_the_file_while_a_served_kernel_has_the_pack_open(pack, change):
    texts = {t["text_id"]: t["text"] for c in draft_cases(pack) if c["case_id"] == 1 for t in c["texts"]}
    with another_program(pack, reading=False):
        if change == "redact_case_words":
            done, gone = redact_case_words(pack, 1, NAME, "NAME"), NAME
        elif change == "redact_more":
            text_id, text = next(iter(texts.items()))
            done, gone = redact_more(pack, text_id, text.index(NAME), text.index(NAME) + len(NAME), "NAME"), NAME
        else:
            done, gone = edit_field(pack, 1, "area", "Somewhere in the force's area"), STREET
        # while the other program still has the pack open
        assert done["folded"]
        assert left_in_file(pack, gone) == []


def test_release_is_refused_while_another_program_is_reading_and_goes_ahead_once_it_has_finished(pack):
    exclude_case(pack, 2)
    with another_program(pack, reading=False):  # a served kernel, so the reader's close is not the last
        with another_program(pack, reading=True):
            assert not redact_case_words(pack, 1, NAME, "NAME")["folded"]
            approve_cases(pack)
            refused = run_cli("pack", "release", pack, "--key-file", pack_key(pack))
            assert refused.code != 0 and "Traceback" not in refused.err
            assert "the pack is busy: another program (an app or a command) is in the middle of reading" in refused.err
            assert "nothing was released" in refused.err
            # nothing changed: still a draft, with the excluded case's content still there
            assert status(pack) == "draft" and 2 in [c["case_id"] for c in draft_cases(pack)]
        released = run_cli("pack", "release", pack, "--key-file", pack_key(pack))
        assert released.code == 0, released.err
        assert status(pack) == "released"
        assert left_in_file(pack, NAME, EXCLUDED_NAME) == []


def test_a_program_that_begins_reading_during_release_leaves_it_released_and_releasing_again_finishes(pack, monkeypatch):
    """The narrow case the refusal cannot cover: a read that begins after release's first fold and
    outlasts its second. The pack stays released (see lifecycle.release) and says so."""
    exclude_case(pack, 2)
    approve_cases(pack)
    real_fold, readers = lifecycle.fold_in, []

    def fold_then_a_reader_begins(conn):
        folded = real_fold(conn)
        if not readers:
            readers.append(another_program(pack, reading=True))
            readers[0].__enter__()
        return folded

    monkeypatch.setattr(lifecycle, "fold_in", fold_then_a_reader_begins)
    with another_program(pack, reading=False):  # a served kernel, so the reader's close is not the last
        with pytest.raises(InputError) as raised:
            release(pack, pack_key(pack))
        assert "the pack is released, but another program" in raised.value.message
        assert "do not copy the file yet" in raised.value.message
        assert status(pack) == "released"
        assert left_in_file(pack, EXCLUDED_NAME)  # the excluded case's words are still in the file's bytes
        readers[0].__exit__(None, None, None)
        monkeypatch.undo()
        assert left_in_file(pack, EXCLUDED_NAME)
        again = run_cli("pack", "release", pack, "--key-file", pack_key(pack))
        assert again.code != 0 and "already released" in again.err and "Traceback" not in again.err
        assert left_in_file(pack, EXCLUDED_NAME) == []


def test_a_redaction_another_program_holds_up_stands_says_so_and_leaves_the_file_at_the_next_change(pack):
    with another_program(pack, reading=False):  # a served kernel, so the reader's close is not the last
        with another_program(pack, reading=True):
            run = run_cli("pack", "redact", pack, "1", NAME, "--as", "NAME")
            assert run.code == 0, run.err
            assert WORDS_STILL_IN_FILE in run.out
            # the redaction stands: every reader sees the new text ...
            assert all(NAME not in t["text"] for c in draft_cases(pack) if c["case_id"] == 1 for t in c["texts"])
            # ... but the name is still in the file itself, as the sentence says
            assert left_in_file(pack, NAME)
        assert left_in_file(pack, NAME)  # the reader has finished, and nobody has folded since
        # the next change folds it in, though that change took nothing of the name
        assert edit_field(pack, 3, "area", "Somewhere in the force's area")["folded"]
        assert left_in_file(pack, NAME) == []


def test_the_next_fold_without_a_change_also_takes_the_words_out(pack):
    with another_program(pack, reading=False):
        with another_program(pack, reading=True):
            assert not redact_case_words(pack, 1, NAME, "NAME")["folded"]
        assert left_in_file(pack, NAME)
        assert fold_write_ahead_log_in(pack)  # as serve does when it stops
        assert left_in_file(pack, NAME) == []


def test_the_facilitators_app_says_so_too(pack):
    """The case check (the same CaseChecker the workbench shows), driven through its widgets."""
    app = FacilitatorApp(str(pack))
    app._start()

    with another_program(pack, reading=True):
        next(w for w in widgets_in(app.root, widgets.Dropdown) if w.description == "Case to check").value = 1
        next(w for w in widgets_in(app.root, widgets.Text) if w.description == REDACT_LABEL).value = NAME
        next(w for w in widgets_in(app.root, widgets.Button) if w.description == "Redact these words").click()
        said = "\n".join(w.value for w in widgets_in(app.root, widgets.HTML))
    assert "Case 1: redacted. The change is made, and everyone using the pack sees it. But another program" in said
    assert "do not copy the file yet" in said and "panel-tool" not in said


def test_members_words_are_folded_in_the_same_way(tmp_path):
    """The check of members' own words redacts through the same fold, and says the same when it is held up.
    (The words as the member wrote them stay in the pack's answers: the check decides what a report carries.)"""
    pack, codes = released_pack(tmp_path, members=["Amira"])
    member = sign_in(pack, codes["Amira"])
    # a nickname the redactor lets through, as in test_words_check
    member.save_answer(1, "feedback_for_officer", "The officer called him Biscuit twice")
    member.close()
    [piece] = list_words(pack)
    with another_program(pack, reading=True):
        run = run_cli("words", "redact", pack, str(piece["word_id"]), "Biscuit", "--as", "NAME")
        assert run.code == 0, run.err
        assert WORDS_STILL_IN_FILE in run.out
    with another_program(pack, reading=False):
        assert edit_words(pack, piece["word_id"], "The officer used the young man's name")["folded"]
