"""Redacting more from the apps follows the one rule `pack redact` follows (redaction_review.redact_case_words):
the words go as whole words, in any capitals, from every officer's account of the case, under one
placeholder number for the whole case.

Before, the apps' path (redact_more, from the facilitator's case check) numbered its placeholder within
the one account it was given: "[NAME 1]" there could mean someone else than "[NAME 1]" in the next
account, and the same name, written in capitals in another account, stayed for the panel to read.

Real pack files: a synthetic use-of-force export built with the real commands, two officers' accounts
of one case given known words. Each test reads the file's bytes (and any -wal or -journal beside it)."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

import ipywidgets as widgets
import pytest

from panel_tool.apps.facilitator import REDACT_LABEL, FacilitatorApp
from panel_tool.errors import InputError
from panel_tool.review.redaction_review import approve_case, draft_cases, redact_more
from tests.app_widgets import widgets_in
from tests.conftest import run_cli
from tests.servers import copy_of_pack, released_pack

# Officer A's account names Jo Bloggs, and Kez Marlowe in small letters; officer B's account already
# has a [NAME 1] (someone else), Jo Bloggs in capitals and in small letters, and Kez Marlowe.
FIRST = "Jo Bloggs ran at me. I held Jo Bloggs by the arm while kez marlowe watched."
SECOND = "[NAME 1] shouted. JO BLOGGS was detained and jo bloggs' friend Kez Marlowe left."
SECRETS = ("jo bloggs", "bloggs", "kez marlowe", "marlowe")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("uof")
    export = folder / "uof.csv"
    assert run_cli("synth", "--kind", "use-of-force", "--rows", "300", "--seed", "1", "--out", export).code == 0
    pack, _ = released_pack(folder, members=[], release=False, export=export, sample=8)
    return pack


@pytest.fixture
def case(built, tmp_path) -> dict:
    """A draft pack whose first case with two accounts holds FIRST and SECOND: pack, case_id, first, second."""
    pack = copy_of_pack(built, tmp_path)
    conn = sqlite3.connect(pack)
    case_id = conn.execute("SELECT case_id FROM texts GROUP BY case_id HAVING count(*) > 1 ORDER BY case_id "
                           "LIMIT 1").fetchone()[0]
    first, second = [t for (t,) in conn.execute("SELECT text_id FROM texts WHERE case_id = ? ORDER BY text_id LIMIT 2",
                                                (case_id,))]
    conn.execute("UPDATE texts SET text = ?, spans = '[]' WHERE text_id = ?", (FIRST, first))
    conn.execute("UPDATE texts SET text = ?, spans = ? WHERE text_id = ?",
                 (SECOND, json.dumps([{"type": "NAME", "start": 0, "end": 8}]), second))
    # any other account of the case: nothing of these names, and no [NAME n] of its own
    conn.execute("UPDATE texts SET text = 'The officer left.', spans = '[]' WHERE case_id = ? AND text_id NOT IN (?, ?)",
                 (case_id, first, second))
    conn.commit()
    conn.close()
    return {"pack": pack, "case_id": case_id, "first": first, "second": second}


def texts(pack: Path, case_id: int) -> dict[int, str]:
    conn = sqlite3.connect(pack)
    found = dict(conn.execute("SELECT text_id, text FROM texts WHERE case_id = ?", (case_id,)))
    conn.close()
    return found


def pack_bytes(pack: Path) -> bytes:
    """The pack file and whatever SQLite keeps beside it (-wal, -shm, -journal)."""
    return b"".join(p.read_bytes() for p in pack.parent.glob(pack.name + "*"))


def assert_kept_nowhere(pack: Path, words: tuple[str, ...]) -> None:
    data = pack_bytes(pack)
    folded = data.lower()
    for word in words:
        assert word.encode() not in folded, word
        for spelling in {word, word.upper(), word.title()}:  # nor as a hash, the way an audit might keep it
            for digest in (hashlib.sha256, hashlib.sha1, hashlib.md5):
                assert digest(spelling.encode()).hexdigest().encode() not in data, (word, digest)
    conn = sqlite3.connect(pack)
    details = [json.loads(d) for (d,) in conn.execute("SELECT detail FROM audit WHERE event = 'text_redacted'")]
    conn.close()
    assert details and all(set(d) == {"text_id", "placeholder", "mentions", "approval_withdrawn"} for d in details)


def test_a_selection_in_one_account_is_redacted_in_every_account_under_one_number(case):
    pack, case_id, first, second = case["pack"], case["case_id"], case["first"], case["second"]
    done = redact_more(pack, first, 0, len("Jo Bloggs"), type="NAME")
    now = texts(pack, case_id)
    # the case's next free number ([NAME 1] is someone else, in officer B's account), in both accounts
    assert now[first] == "[NAME 2] ran at me. I held [NAME 2] by the arm while kez marlowe watched."
    assert now[second] == "[NAME 1] shouted. [NAME 2] was detained and [NAME 2]' friend Kez Marlowe left."
    assert done["placeholder"] == "[NAME 2]" and done["mentions"] == 4
    assert [(t["text_id"], t["mentions"]) for t in done["texts"]] == [(first, 2), (second, 2)]

    # a second person, selected in the other account: the next number, in both accounts, any capitals
    start = now[second].index("Kez Marlowe")
    done = redact_more(pack, second, start, start + len("Kez Marlowe"), type="NAME")
    now = texts(pack, case_id)
    assert now[first] == "[NAME 2] ran at me. I held [NAME 2] by the arm while [NAME 3] watched."
    assert now[second] == "[NAME 1] shouted. [NAME 2] was detained and [NAME 2]' friend [NAME 3] left."
    assert done["placeholder"] == "[NAME 3]"
    # the spans mark exactly the placeholders, in every account
    for text in draft_cases(pack)[case_id - 1]["texts"]:
        marked = [text["text"][s["start"]:s["end"]] for s in text["spans"]]
        assert marked == re.findall(r"\[[A-Z][A-Z ]*(?: \d+)?\]", text["text"]), (marked, text["text"])
    assert_kept_nowhere(pack, SECRETS)


def test_the_case_check_redacts_typed_words_in_every_account_under_one_number(case):
    """The facilitator's app (the same CaseChecker the workbench shows), driven through its widgets."""
    pack, case_id, first, second = case["pack"], case["case_id"], case["first"], case["second"]
    approve_case(pack, case_id)
    app = FacilitatorApp(str(pack))
    app._start()

    def redact(words: str, kind: str) -> str:
        next(w for w in widgets_in(app.root, widgets.Dropdown) if w.description == "Case to check").value = case_id
        next(w for w in widgets_in(app.root, widgets.Text) if w.description == REDACT_LABEL).value = words
        next(w for w in widgets_in(app.root, widgets.Dropdown) if w.description == "Replace with").value = kind
        next(w for w in widgets_in(app.root, widgets.Button) if w.description == "Redact these words").click()
        return "\n".join(w.value for w in widgets_in(app.root, widgets.HTML))

    assert not any(w.description == "In the text of" for w in widgets_in(app.root, widgets.Dropdown))  # no account to choose
    said = redact("jo BLOGGS", "NAME")  # typed in neither account's capitals
    assert f"Case {case_id}: redacted." in said
    now = texts(pack, case_id)
    assert now[first] == "[NAME 2] ran at me. I held [NAME 2] by the arm while kez marlowe watched."
    assert now[second] == "[NAME 1] shouted. [NAME 2] was detained and [NAME 2]' friend Kez Marlowe left."
    assert not draft_cases(pack)[case_id - 1]["approved"]  # changed: read it again

    redact("Kez Marlowe", "NAME")
    now = texts(pack, case_id)
    assert now[first].endswith("while [NAME 3] watched.") and now[second].endswith("friend [NAME 3] left.")
    assert_kept_nowhere(pack, SECRETS)

    # words in no account (or only part of a word): refused in plain words on the screen, nothing changed
    before = texts(pack, case_id)
    for words in ("Zorbalon", "shout", "  "):  # "shout" is only part of "shouted"
        said = redact(words, "PLACE")
        assert "Type whole words as they appear in the case (capitals do not matter), then try again." in said
        assert "panel-tool" not in said and ".pack.db" not in said
        assert texts(pack, case_id) == before


def test_a_refused_selection_changes_no_account(case):
    pack, case_id, first = case["pack"], case["case_id"], case["first"]
    before = texts(pack, case_id)
    with pytest.raises(InputError, match="not a kind of detail"):
        redact_more(pack, first, 0, 9, type="NA]ME")
    assert texts(pack, case_id) == before
