"""The workbench's three case edits on the command line: `pack redact`, `pack replace` and `pack edit`,
each the Python API the workbench uses (redaction_review), by the case numbers the facilitator sees.

Each test reads the pack file back: the words gone from the texts table and from the file's bytes
(secure_delete overwrites what an edit replaces), the approval withdrawn, the audit event written; and
bad input refused in one plain sentence, exit 2, with nothing changed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from panel_tool.review.redaction_review import approve_case, case_placeholders, draft_cases
from tests.conftest import run_cli
from tests.servers import copy_of_pack, pack_key, released_pack

WORDS = "Quarnby Lodge"  # planted twice in case 1's text, as the redactor let it through
PLANTED = (f"I saw [NAME 1] leave {WORDS} at 10pm. The male ran back into {WORDS} and PC [OFFICER NUMBER] "
           "followed under section 23 of the Misuse of Drugs Act 1971.")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    pack, _ = released_pack(tmp_path_factory.mktemp("built"), members=[], release=False)
    return pack


@pytest.fixture
def draft(built, tmp_path) -> Path:
    """A copy of a draft pack whose case 1 holds PLANTED (its placeholders as spans), approved."""
    target = copy_of_pack(built, tmp_path)
    spans = [{"type": "NAME", "start": PLANTED.index("[NAME 1]"), "end": PLANTED.index("[NAME 1]") + 8},
             {"type": "OFFICER_NUMBER", "start": PLANTED.index("[OFFICER"), "end": PLANTED.index("[OFFICER") + 16}]
    with sqlite3.connect(target) as conn:
        conn.execute("UPDATE texts SET text = ?, spans = ? WHERE case_id = 1", (PLANTED, json.dumps(spans)))
    conn.close()
    approve_case(target, 1)
    return target


def pack_bytes(pack: Path) -> bytes:
    return b"".join(p.read_bytes() for p in pack.parent.glob(pack.name + "*"))


def case_text(pack: Path, case_id: int) -> str:
    conn = sqlite3.connect(pack)
    [(text,)] = conn.execute("SELECT text FROM texts WHERE case_id = ?", (case_id,)).fetchall()
    conn.close()
    return text


def audit_events(pack: Path, case_id: int) -> list[tuple[str, dict]]:
    conn = sqlite3.connect(pack)
    rows = conn.execute("SELECT event, detail FROM audit WHERE case_id = ? ORDER BY event_id", (case_id,)).fetchall()
    conn.close()
    return [(event, json.loads(detail or "{}")) for event, detail in rows]


def approved(pack: Path, case_id: int) -> bool:
    return next(c for c in draft_cases(pack) if c["case_id"] == case_id)["approved"]


def snapshot(pack: Path) -> tuple:
    conn = sqlite3.connect(pack)
    state = tuple(tuple(map(tuple, conn.execute(f"SELECT * FROM {table} ORDER BY 1")))
                  for table in ("cases", "texts", "case_review", "audit"))
    conn.close()
    return state


def refused(run, words: str) -> None:
    assert run.code == 2, run
    assert "Traceback" not in run.err and len(run.err.strip().splitlines()) == 1, run.err
    assert run.err.startswith("panel-tool: ") and words in run.err, run.err


def test_pack_redact_hides_every_mention_and_leaves_no_trace_in_the_file(draft):
    assert WORDS.encode() in pack_bytes(draft)
    run = run_cli("pack", "redact", draft, "1", WORDS, "--as", "PLACE")
    assert run.code == 0, run.err
    text = case_text(draft, 1)
    assert text == PLANTED.replace(WORDS, "[PLACE 1]")
    assert run.out.startswith("Case 1: 2 mentions now read [PLACE 1]. Its approval is withdrawn: read it again and "
                              f"approve it: panel-tool pack approve {draft} 1")
    assert text in run.out
    assert WORDS.encode() not in pack_bytes(draft) and b"Quarnby" not in pack_bytes(draft)
    assert not approved(draft, 1)
    event, detail = audit_events(draft, 1)[-1]
    assert event == "text_redacted" and detail["placeholder"] == "[PLACE 1]" and detail["mentions"] == 2
    assert detail["approval_withdrawn"] is True and "Quarnby" not in json.dumps(detail)


def test_pack_show_numbers_the_placeholders_pack_replace_takes(draft):
    shown = run_cli("pack", "show", draft, "--cases")
    assert shown.code == 0 and "  Placeholders (for pack replace): 1 [NAME 1], 2 [OFFICER NUMBER]\n" in shown.out
    assert [p["placeholder"] for p in case_placeholders(draft, 1)] == ["[NAME 1]", "[OFFICER NUMBER]"]
    run = run_cli("pack", "replace", draft, "1", "2", "  another  officer ")
    assert run.code == 0, run.err
    assert run.out.startswith('Case 1: placeholder 2 ([OFFICER NUMBER]) now reads "another officer". Its approval '
                              "is withdrawn")
    assert case_text(draft, 1) == PLANTED.replace("PC [OFFICER NUMBER]", "PC another officer")
    assert not approved(draft, 1)
    event, detail = audit_events(draft, 1)[-1]
    assert event == "redaction_replaced" and detail == {"text_id": 1, "placeholder": "[OFFICER NUMBER]",
                                                        "approval_withdrawn": True}
    assert "  Placeholders (for pack replace): 1 [NAME 1]\n" in run_cli("pack", "show", draft, "--cases").out


def test_pack_edit_changes_a_detail_or_blanks_it(draft):
    run = run_cli("pack", "edit", draft, "1", "area", "Somewhere in the force's area")
    assert run.code == 0 and run.out.startswith("Case 1: area is now Somewhere in the force's area. Its approval "
                                                "is withdrawn"), run
    assert not approved(draft, 1)
    run = run_cli("pack", "edit", draft, "1", "bwv_used", "No")
    assert run.code == 0 and "bwv_used is now no. Approve it when right" in run.out, run
    assert run_cli("pack", "edit", draft, "1", "outcome", "--blank").code == 0
    assert run_cli("pack", "edit", draft, "1", "object_of_search", "").code == 0
    fields = next(c for c in draft_cases(draft) if c["case_id"] == 1)["fields"]
    assert (fields["area"], fields["bwv_used"], fields["outcome"], fields["object_of_search"]) == \
        ("Somewhere in the force's area", 0, None, None)
    # text that starts with a bracket is text: pack show read it as a JSON list and failed with a traceback
    assert run_cli("pack", "edit", draft, "2", "outcome", "[Arrest] on warrant").code == 0
    shown = run_cli("pack", "show", draft)
    assert shown.code == 0 and "Traceback" not in shown.err, shown.err
    assert [e for e, _ in audit_events(draft, 1)][-4:] == ["case_field_edited"] * 4
    assert audit_events(draft, 1)[-4][1] == {"field": "area", "approval_withdrawn": True}


def test_bad_input_is_refused_plainly_and_changes_nothing(draft):
    before = snapshot(draft)
    for args, words in [
        (("redact", draft, "1", "Atlantis"), "'Atlantis' is not in the texts of case 1"),
        (("redact", draft, "1", "NAME"), "'NAME' is not in the texts of case 1"),  # only inside a placeholder
        (("redact", draft, "1", "  "), "no words were given to redact"),
        (("redact", draft, "99", WORDS), "there is no case 99 in this pack"),
        (("redact", draft, "one", WORDS), "'one' is not a case number"),
        (("redact", draft, "1", WORDS, "--as", "a place!"), "capital letters"),
        (("replace", draft, "1", "3", "a shop"), "case 1 has no placeholder number 3. Expected: a number from 1 to 2"),
        (("replace", draft, "1", "0", "a shop"), "case 1 has no placeholder number 0"),
        (("replace", draft, "1", "two", "a shop"), "'two' is not the number of a placeholder"),
        (("replace", draft, "99", "1", "a shop"), "there is no case 99 in this pack"),
        (("replace", draft, "1", "1", "[NAME 2]"), "square brackets"),
        (("replace", draft, "1", "1", " "), "1 to 80 characters"),
        (("edit", draft, "1", "colour", "red"), "'colour' is not a field of a case that can be edited. Expected: "
                                                "one of: age_range, area,"),
        (("edit", draft, "1", "case_ref", "x"), "not a field of a case that can be edited"),
        (("edit", draft, "1", "bwv_used", "perhaps"), "'perhaps' is not a value for bwv_used"),
        (("edit", draft, "1", "area"), "say what area should be"),
        (("edit", draft, "1", "area", "x", "--blank"), "say what area should be"),
        (("edit", draft, "1", "area", "Leeds", "North"), "area takes one value, not 2"),
        (("edit", draft, "99", "area", "x"), "there is no case 99 in this pack"),
        # found by a fresh-eyes attack: each of these ended in a traceback, or was stored
        (("redact", draft, "99999999999999999999", WORDS), "is not a case number"),
        (("redact", draft, "²", WORDS), "'²' is not a case number"),
        (("replace", draft, "1", "²", "a shop"), "is not the number of a placeholder"),
        (("edit", draft, "1", "bwv_used", "²"), "is not a value for bwv_used. Expected: yes or no"),
        (("edit", draft, "1", "bwv_used", "7"), "is not a value for bwv_used. Expected: yes or no"),
        (("edit", draft, "1", "bwv_used", "99999999999999999999"), "is not a value for bwv_used"),
        (("edit", draft, "1", "area", "\u202egnp.exe"), "cannot hold control or invisible characters"),
        (("edit", draft, "1", "area", "\u200b=1+1"), "cannot hold control or invisible characters"),
        (("edit", draft, "1", "area", "\x1b[31mRED"), "cannot hold control or invisible characters"),
        (("replace", draft, "1", "1", "\uff3bNAME 2\uff3d"), "square brackets"),
        (("replace", draft, "1", "1", "Jo Bloggs"), "looks like it could identify someone"),
        (("redact", draft, "1", WORDS[1:4]), "is not in the texts of case 1"),  # inside a word
    ]:
        refused(run_cli("pack", *args), words)
    assert snapshot(draft) == before and approved(draft, 1)


def test_a_released_pack_is_refused_by_all_three(draft):
    run_cli("pack", "approve", draft, "--all")
    assert run_cli("pack", "release", draft, "--key-file", pack_key(draft)).code == 0
    before = snapshot(draft)
    for args in (("redact", draft, "1", WORDS), ("replace", draft, "1", "1", "a man"),
                 ("edit", draft, "1", "area", "x")):
        refused(run_cli("pack", *args), "this pack is released: released packs cannot change; their content is frozen")
    assert snapshot(draft) == before
    assert "Placeholders" not in run_cli("pack", "show", draft, "--cases").out  # numbers only a draft can use


def test_words_in_several_officers_accounts_are_redacted_in_each(tmp_path):
    export = tmp_path / "uof.csv"
    assert run_cli("synth", "--kind", "use-of-force", "--rows", "300", "--seed", "1", "--out", export).code == 0
    pack, _ = released_pack(tmp_path, members=[], release=False, export=export, sample=8)
    conn = sqlite3.connect(pack)
    case_id = conn.execute("SELECT case_id FROM texts GROUP BY case_id HAVING count(*) > 1 LIMIT 1").fetchone()[0]
    text_ids = [t for (t,) in conn.execute("SELECT text_id FROM texts WHERE case_id = ? ORDER BY text_id", (case_id,))]
    for text_id in text_ids:
        conn.execute("UPDATE texts SET text = text || ' Zorbalon Tower was nearby.' WHERE text_id = ?", (text_id,))
    conn.commit()
    conn.close()
    run = run_cli("pack", "redact", pack, str(case_id), "Zorbalon Tower", "--as", "PLACE")
    assert run.code == 0, run.err
    n = len(text_ids)
    assert run.out.startswith(f"Case {case_id}: {n} mentions in {n} texts now read [PLACE 1]"), run.out
    assert "     Officer A: " in run.out and "     Officer B: " in run.out
    assert b"Zorbalon" not in pack_bytes(pack)
    assert [e for e, _ in audit_events(pack, case_id)].count("text_redacted") == n
    run = run_cli("pack", "edit", pack, str(case_id), "tactics", "Handcuffing", "Irritant spray")
    assert run.code == 0 and "tactics is now Handcuffing, Irritant spray" in run.out, run
    shown = run_cli("pack", "show", pack, "--cases").out
    assert "  Tactics: Handcuffing, Irritant spray\n" in shown
    # the apps' one text box: a list typed with commas is a list, not its letters
    from panel_tool.review.redaction_review import edit_field
    assert edit_field(pack, case_id, "tactics", "Baton drawn, Taser red-dotted")["value"] == '["Baton drawn", "Taser red-dotted"]'
    assert "  Tactics: Baton drawn, Taser red-dotted\n" in run_cli("pack", "show", pack, "--cases").out
    run = run_cli("pack", "edit", pack, str(case_id), "outcomes", "")
    assert run.code == 0 and "outcomes is now blank" in run.out, run
    assert "in Officer A's account" in shown


def test_typed_words_go_in_every_spelling_and_every_account_under_one_number(tmp_path):
    """Found by a fresh-eyes attack: redacting "Jo Bloggs" left "JO BLOGGS" in another officer's
    account (and "smith" beside "Smith"), and each account numbered its own [NAME n]."""
    export = tmp_path / "uof.csv"
    assert run_cli("synth", "--kind", "use-of-force", "--rows", "300", "--seed", "1", "--out", export).code == 0
    pack, _ = released_pack(tmp_path, members=[], release=False, export=export, sample=8)
    conn = sqlite3.connect(pack)
    case_id = conn.execute("SELECT case_id FROM texts GROUP BY case_id HAVING count(*) > 1 LIMIT 1").fetchone()[0]
    first, second = [t for (t,) in conn.execute("SELECT text_id FROM texts WHERE case_id = ? ORDER BY text_id LIMIT 2",
                                                (case_id,))]
    conn.execute("UPDATE texts SET text = text || ' Jo Bloggs ran, jo bloggs fell. [NAME 4] watched.' WHERE text_id = ?",
                 (first,))
    conn.execute("UPDATE texts SET text = text || ' JO BLOGGS was detained.' WHERE text_id = ?", (second,))
    conn.commit()
    conn.close()
    run = run_cli("pack", "redact", pack, str(case_id), "Jo Bloggs", "--as", "NAME")
    assert run.code == 0, run.err
    assert b"BLOGGS" not in pack_bytes(pack).upper()
    conn = sqlite3.connect(pack)
    texts = dict(conn.execute("SELECT text_id, text FROM texts WHERE case_id = ?", (case_id,)))
    conn.close()
    assert "[NAME 5] ran, [NAME 5] fell." in texts[first] and "[NAME 5] was detained." in texts[second]


def test_a_pack_another_program_is_writing_is_a_plain_sentence(draft, monkeypatch):
    """Found by a fresh-eyes attack: 'sqlite3.OperationalError: database is locked' and a traceback."""
    import io
    from contextlib import redirect_stderr

    from panel_tool.cli import main
    from panel_tool.packs import packfile

    monkeypatch.setattr(packfile, "BUSY_TIMEOUT_S", 0.2)  # the wait before giving up, shortened
    holder = sqlite3.connect(draft, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    before = snapshot(draft)  # readers are not blocked by the writer's lock
    err = io.StringIO()
    try:
        with redirect_stderr(err):
            code = main(["pack", "edit", str(draft), "1", "area", "Somewhere"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    said = err.getvalue()
    assert code == 2 and said.startswith("panel-tool: ") and "the pack is busy" in said and str(draft) in said, said
    assert "Traceback" not in said and len(said.strip().splitlines()) == 1
    assert snapshot(draft) == before

