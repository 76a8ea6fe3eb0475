"""The force's replies: one at a time from the liaison's screen, or a whole file with panel-tool respond."""

from __future__ import annotations

import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from panel_tool.errors import InputError
from panel_tool.review.actions import add_action, list_actions
from panel_tool.review.responses import list_responses, read_responses_csv, record_response
from tests.conftest import ROOT, run_cli
from tests.servers import released_pack

EXAMPLE = ROOT / "schemas" / "examples" / "responses.csv"
HEADER = "target,id,response,responded_on"
GOOD = "case,1,Advice given to the officer.,2024-04-15"


def pack_with_an_action(tmp_path: Path) -> Path:
    pack = released_pack(tmp_path, members=(), release=False)[0]
    add_action(pack, "Explain why body-worn video was off", owner="Stop and search lead")
    return pack


def recorded(pack: Path) -> tuple[int, int]:
    """Replies in the pack, and audit events of replies: both stay 0 when a file is refused."""
    conn = sqlite3.connect(pack)
    try:
        return (conn.execute("SELECT count(*) FROM responses").fetchone()[0],
                conn.execute("SELECT count(*) FROM audit WHERE event = 'response_recorded'").fetchone()[0])
    finally:
        conn.close()


def test_the_example_file_is_recorded_in_one_go(tmp_path):
    pack = pack_with_an_action(tmp_path)
    run = run_cli("respond", pack, "--file", EXAMPLE)
    assert run.code == 0, run.err
    assert run.out.strip() == f"Recorded 3 replies from the force ({EXAMPLE}) in {pack}."
    replies = list_responses(pack)
    assert [(r["target"], r["target_id"], r["responded_on"], r["source"]) for r in replies] == [
        ("case", 2, "2024-04-15", "csv"), ("case", 5, "2024-04-15", "csv"), ("action", 1, "2024-04-22", "csv")]
    assert replies[0]["response"].startswith("The officer has been given advice on writing specific grounds, and")
    assert list_actions(pack)[0]["responses"][0]["response"].startswith("Every response team was told")
    conn = sqlite3.connect(pack)
    events = conn.execute("SELECT actor, case_id, detail FROM audit WHERE event = 'response_recorded' "
                          "ORDER BY event_id").fetchall()
    assert [(e[0], e[1]) for e in events] == [("facilitator", 2), ("facilitator", 5), ("facilitator", None)]
    assert not any("advice" in e[2] for e in events)  # the audit says which reply, never its words

    again = run_cli("respond", pack, "--file", EXAMPLE)  # the same file twice does not double the replies
    assert again.code == 2 and "row 2, column 'response': this reply is already in the pack" in again.err
    assert recorded(pack) == (3, 3)


def test_spreadsheet_quirks_are_read(tmp_path):
    """A byte-order mark, Windows line endings, header words in another case, quoted commas and line
    breaks, blank rows left at the end."""
    pack = pack_with_an_action(tmp_path)
    text = ("\ufeffTarget,ID,Response,Responded On\r\n"
            'action,1,"We did this, and that.\r\nThen more.",2024-04-01\r\n'
            "CASE, 3 ,  Advice given.  ,2024-04-02\r\n,,,\r\n\r\n")
    (tmp_path / "replies.csv").write_bytes(text.encode("utf-8"))
    rows = read_responses_csv(tmp_path / "replies.csv")
    assert [(r["row"], r["target"], r["target_id"], r["response"]) for r in rows] == [
        (2, "action", 1, "We did this, and that.\r\nThen more."), (3, "case", 3, "Advice given.")]
    run = run_cli("respond", pack, "--file", tmp_path / "replies.csv")
    assert run.code == 0 and "Recorded 2 replies" in run.out, run.err


def test_one_reply_from_the_liaison(tmp_path):
    pack = pack_with_an_action(tmp_path)
    reply = record_response(pack, "case", 4, "  The grounds were discussed with the officer. ", "2024-05-01")
    assert (reply["target"], reply["target_id"], reply["response"], reply["source"]) == \
        ("case", 4, "The grounds were discussed with the officer.", "liaison")
    for args, words in [(("incident", 1, "x", "2024-05-01"), "'incident' is not something the force can reply to"),
                        (("action", 2, "x", "2024-05-01"), "there is no action 2 in the pack"),
                        (("case", 1, "", "2024-05-01"), "the reply is empty"),
                        (("case", 1, "x", "1 May 2024"), "'1 May 2024' is not written as YYYY-MM-DD"),
                        (("case", 1, "x", (date.today() + timedelta(days=1)).isoformat()), "is in the future"),
                        (("case", 4, "The grounds were discussed with the officer.", "2024-05-01"), "already in the pack")]:
        with pytest.raises(InputError, match=words):
            record_response(pack, *args)
    assert recorded(pack) == (1, 1)


TOMORROW = (date.today() + timedelta(days=1)).isoformat()
BAD_FILES = {
    # name: (file content, row, column, words in the message)
    "missing column": ("target,id,response\ncase,1,Advice given.\n", 1, "responded_on", "the column 'responded_on' is missing"),
    "unknown column": (f"{HEADER},notes\n{GOOD},x\n", 1, "notes", "'notes' is not a column of this layout"),
    "semicolons": ("target;id;response;responded_on\ncase;1;Advice;2024-04-15\n", 1, None, "separated by semicolons"),
    "unknown target": (f"{HEADER}\n{GOOD}\nincident,1,Advice given.,2024-04-15\n", 3, "target",
                       "'incident' is not something the force can reply to. Expected: case"),
    "case not in pack": (f"{HEADER}\n{GOOD}\ncase,99,Advice given.,2024-04-15\n", 3, "id",
                         "there is no case 99 in the pack"),
    "action not in pack": (f"{HEADER}\n{GOOD}\naction,7,Done.,2024-04-15\n", 3, "id", "there is no action 7 in the pack"),
    "id not a number": (f"{HEADER}\n{GOOD}\ncase,three,Advice given.,2024-04-15\n", 3, "id", "'three' is not a case number"),
    "empty response": (f"{HEADER}\n{GOOD}\ncase,2,   ,2024-04-15\n", 3, "response", "the reply is empty"),
    "bad date": (f"{HEADER}\n{GOOD}\ncase,2,Advice given.,15/04/2024\n", 3, "responded_on",
                 "'15/04/2024' is not written as YYYY-MM-DD"),
    "no such day": (f"{HEADER}\n{GOOD}\ncase,2,Advice given.,2024-02-30\n", 3, "responded_on", "not a day of the calendar"),
    "future date": (f"{HEADER}\n{GOOD}\ncase,2,Advice given.,{TOMORROW}\n", 3, "responded_on",
                    f"the date of the reply {TOMORROW} is in the future"),
    "ragged row, long": (f"{HEADER}\n{GOOD}\ncase,2,We did this, and that,2024-04-15\n", 3, "E",
                         "this row has 5 cells but the header has 4"),
    "ragged row, short": (f"{HEADER}\n{GOOD}\ncase,2,Advice given.\n", 3, "responded_on",
                          "this row has 3 cells but the header has 4"),
    "unclosed quote": (f'{HEADER}\n{GOOD}\ncase,2,"Advice given.,2024-04-15\ncase,3,Fine,2024-04-15\n', 3, None,
                       "this row cannot be read as CSV"),
    "repeated row": (f"{HEADER}\n{GOOD}\ncase,2,Advice.,2024-04-15\n{GOOD}\n", 4, "response", "this row repeats row 2"),
    "header only": (f"{HEADER}\n", 2, None, "the file has a header but no replies"),
    "empty file": ("", None, None, "the file is empty"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_names_row_and_column_and_records_nothing(tmp_path, name):
    content, row, column, words = BAD_FILES[name]
    pack = pack_with_an_action(tmp_path)
    bad = tmp_path / "replies.csv"
    bad.write_text(content, encoding="utf-8")
    run = run_cli("respond", pack, "--file", bad)
    assert run.code == 2 and run.out == "" and "Traceback" not in run.err, run.err
    assert run.err.count("\n") == 1 and run.err.startswith(f"panel-tool: Problem in file {bad}")
    assert words in run.err, run.err
    if row is not None:
        assert f"row {row}" in run.err, run.err
    if column is not None:
        assert f"column '{column}'" in run.err, run.err
    assert "Expected: " in run.err
    assert recorded(pack) == (0, 0)


def test_not_utf8_and_not_a_pack(tmp_path):
    pack = pack_with_an_action(tmp_path)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(f"{HEADER}\n{GOOD}\ncase,2,Caf\u00e9 owner complained,2024-04-15\n".encode("cp1252"))
    run = run_cli("respond", pack, "--file", latin)
    assert run.code == 2 and f"file {latin}, row 3: this file is not UTF-8 text" in run.err and "CSV UTF-8" in run.err
    for not_pack, words in [(EXAMPLE, "this is not a review pack"), (tmp_path / "nope.pack.db", "there is no pack here")]:
        run = run_cli("respond", not_pack, "--file", EXAMPLE)
        assert run.code == 2 and f"file {not_pack}: {words}" in run.err and "Traceback" not in run.err, run.err
    assert run_cli("respond", pack, "--file", tmp_path / "missing.csv").err.strip().endswith(
        "there is no file here. Expected: the path of a .csv file.")
    assert recorded(pack) == (0, 0)


def test_readme_error_example_is_what_the_tool_says(tmp_path):
    example = re.search(r"panel-tool: Problem in file responses\.csv.*", (ROOT / "README.md").read_text()).group(0)
    pack = pack_with_an_action(tmp_path)
    (tmp_path / "responses.csv").write_text(f"{HEADER}\n{GOOD}\ncase,2,Advice given.,15/04/2024\n", encoding="utf-8")
    run = run_cli("respond", pack, "--file", "responses.csv", cwd=tmp_path)
    assert run.err.strip() == example
