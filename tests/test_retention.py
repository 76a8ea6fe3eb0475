"""pack purge: a closed pack's case content is deleted down to the bytes; the panel's work stays."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from panel_tool.review.actions import add_action, list_actions
from panel_tool.review.responses import record_response
from panel_tool.review.retention import KEPT_CASE_COLUMNS
from panel_tool.review.session import sign_in
from tests.conftest import ROOT, run_cli
from tests.servers import released_pack


def file_bytes(pack: Path) -> bytes:
    """The pack file and its -wal and -shm files, as they are on disk."""
    return b"".join(p.read_bytes() for p in sorted(pack.parent.glob(pack.name + "*")))


def rows(pack: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(pack)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def fragments(text: str) -> list[str]:
    """Several 30-character pieces of a text: its start, middle and end, and every 30 characters between."""
    starts = sorted({0, max(0, len(text) // 2 - 15), max(0, len(text) - 30), *range(0, len(text) - 30, 30)})
    return [text[i:i + 30] for i in starts]


def answered_and_closed(tmp_path: Path, export: Path | None = None) -> Path:
    pack, codes = released_pack(tmp_path, members=["Amira", "Ben"], export=export)
    for name, words in (("Amira", "Grounds were vague"), ("Ben", "Respectful and clear")):
        session = sign_in(pack, codes[name])
        choice = next(q for q in session.form["questions"] if q["type"] == "choice")
        text_q = next(q["id"] for q in session.form["questions"] if q["type"] == "text")
        for case_id in (1, 2):
            session.save_answer(case_id, choice["id"], choice["options"][0]["value"])
            session.save_answer(case_id, text_q, f"{words} in case {case_id}")
    add_action(pack, "Explain why body-worn video was off", owner="Stop and search lead", case_id=2)
    record_response(pack, "case", 2, "Advice given to the officer.", "2024-04-01")
    assert run_cli("pack", "close", pack).code == 0
    return pack


def test_purge_deletes_case_content_down_to_the_bytes_and_keeps_the_panels_work(tmp_path):
    pack = answered_and_closed(tmp_path)
    texts = [t for (t,) in rows(pack, "SELECT text FROM texts")]
    areas = {a for (a,) in rows(pack, "SELECT area FROM cases") if a and a != "Not shown"}
    case_refs = [r for (r,) in rows(pack, "SELECT case_ref FROM cases")]
    pieces = [f for t in texts for f in fragments(t)]
    assert len(texts) >= 4 and areas and all(case_refs) and len(pieces) > 20
    before = file_bytes(pack)
    assert all(p.encode() in before for p in pieces)  # the search finds them while they are there
    assert all(a.encode() in before for a in areas) and all(r.encode() in before for r in case_refs)
    kept = ", ".join(c for c in KEPT_CASE_COLUMNS if c in {r[1] for r in rows(pack, "PRAGMA table_info(cases)")})
    cases_before = rows(pack, f"SELECT {kept} FROM cases ORDER BY case_id")
    answers_before = rows(pack, "SELECT * FROM answers ORDER BY member_id, case_id, question_id")
    officers_before = rows(pack, "SELECT case_id, label, officer_ref FROM case_officers ORDER BY case_id, label")
    actions_before = list_actions(pack)

    run = run_cli("pack", "purge", pack)
    assert run.code == 0, run.err
    assert run.out.startswith(f"Purged {pack}: the officers' words ({len(texts)} texts)")

    after = file_bytes(pack)
    assert not [p for p in pieces if p.encode() in after]
    assert not [a for a in areas if a.encode() in after]
    assert not [r for r in case_refs if r.encode() in after]
    assert rows(pack, "SELECT count(*) FROM texts") == [(0,)]
    assert rows(pack, f"SELECT {kept} FROM cases ORDER BY case_id") == cases_before
    cleared = [r[1] for r in rows(pack, "PRAGMA table_info(cases)") if r[1] not in KEPT_CASE_COLUMNS]
    assert {"case_ref", "month", "time_of_day", "area", "officer_defined_ethnicity", "generalised"} <= set(cleared)
    assert rows(pack, f"SELECT count(*) FROM cases WHERE {' OR '.join(f'{c} IS NOT NULL' for c in cleared)}") == [(0,)]
    assert rows(pack, "SELECT case_id, label, officer_ref FROM case_officers ORDER BY case_id, label") == officers_before
    assert rows(pack, "SELECT count(*) FROM case_officers WHERE record_ref IS NOT NULL") == [(0,)]
    assert rows(pack, "SELECT * FROM answers ORDER BY member_id, case_id, question_id") == answers_before
    assert b"Grounds were vague in case 2" in after
    assert list_actions(pack) == actions_before
    assert rows(pack, "SELECT response FROM responses") == [("Advice given to the officer.",)]
    assert rows(pack, "SELECT count(*) FROM form") == [(1,)] and rows(pack, "SELECT count(*) FROM members") == [(2,)]
    manifest = {k: json.loads(v) for k, v in rows(pack, "SELECT key, value FROM manifest")}
    assert manifest["status"] == "purged" and manifest["purged_at"] >= manifest["closed_at"]
    assert rows(pack, "PRAGMA journal_mode") == [("wal",)]
    assert rows(pack, "SELECT event FROM audit ORDER BY event_id DESC LIMIT 1") == [("pack_purged",)]

    shown = run_cli("pack", "show", pack, "--cases")
    assert shown.code == 0 and "Purged: " in shown.out, shown.err
    again = run_cli("pack", "purge", pack)
    assert again.code == 2 and "this pack is already purged (on " in again.err and "Traceback" not in again.err
    assert file_bytes(pack).count(b"pack_purged") == 1


def test_purge_of_a_use_of_force_pack_clears_each_officers_form_reference(tmp_path):
    export = tmp_path / "uof.csv"
    assert run_cli("synth", "--kind", "use-of-force", "--rows", "200", "--seed", "3", "--out", export).code == 0
    pack = answered_and_closed(tmp_path, export=export)
    record_refs = [r for (r,) in rows(pack, "SELECT record_ref FROM case_officers")]
    texts = [t for (t,) in rows(pack, "SELECT text FROM texts")]
    assert all(record_refs) and texts
    assert run_cli("pack", "purge", pack).code == 0
    after = file_bytes(pack)
    assert not [r for r in record_refs if r.encode() in after]
    assert not [p for t in texts for p in fragments(t) if p.encode() in after]
    assert rows(pack, "SELECT count(*) FROM cases WHERE tactics IS NULL") == [(0,)]


def test_only_a_closed_pack_can_be_purged(tmp_path):
    released, _ = released_pack(tmp_path, members=["Amira"])
    draft, _ = released_pack(tmp_path, members=["Amira"], release=False)
    for pack, status in ((released, "released"), (draft, "draft")):
        run = run_cli("pack", "purge", pack)
        assert run.code == 2 and "Traceback" not in run.err
        assert f"this pack is {status}: only a closed pack can be purged" in run.err
        assert f"panel-tool pack close {pack}" in run.err
        assert rows(pack, "SELECT count(*) FROM texts")[0][0] > 0
        assert b"pack_purged" not in file_bytes(pack)
        assert rows(pack, "SELECT value FROM manifest WHERE key = 'status'") == [(f'"{status}"',)]
    run = run_cli("pack", "purge", tmp_path / "nope.pack.db")
    assert run.code == 2 and "there is no pack here" in run.err


def test_what_purge_keeps_is_documented():
    doc = json.loads((ROOT / "schemas" / "pack.tables.json").read_text())
    assert doc["purge"]["cases_kept"] == list(KEPT_CASE_COLUMNS)
    assert "purged_at" in doc["tables"]["manifest"]["columns"]["key"]["description"]
