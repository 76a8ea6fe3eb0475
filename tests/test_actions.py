"""The panel's actions for the force: added, changed with a history, listed, and carried into the next pack."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from panel_tool.errors import InputError
from panel_tool.packs.store import OPEN_ACTION_STATUSES
from panel_tool.review.actions import STATUSES, add_action, list_actions, update_action
from panel_tool.review.responses import record_response
from tests.conftest import ROOT, run_cli
from tests.servers import released_pack


def draft_pack(tmp_path: Path) -> Path:
    return released_pack(tmp_path, members=(), release=False)[0]


def count(pack: Path, sql: str) -> int:
    conn = sqlite3.connect(pack)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def test_an_action_keeps_every_change_in_its_history(tmp_path):
    pack = draft_pack(tmp_path)
    added = add_action(pack, "  Explain why  body-worn video was off ", owner="Stop and search lead",
                       due_date="2025-06-30", case_id=2)
    assert added["action_id"] == 1 and added["text"] == "Explain why body-worn video was off"
    assert (added["status"], added["owner"], added["due_date"], added["case_id"]) == \
        ("open", "Stop and search lead", "2025-06-30", 2)
    assert [h["note"] for h in added["history"]] == ["added"]

    update_action(pack, 1, status="In-Progress", note="Asked the BWV team")
    update_action(pack, "1", owner="", due_date="2025-07-31")
    done = update_action(pack, 1, status="done", note="Policy reissued")
    assert done["status"] == "done" and done["owner"] is None and done["due_date"] == "2025-07-31"
    history = done["history"]
    assert all(set(h) == {"at", "status", "note", "by"} for h in history)
    assert [(h["status"], h["note"], h["by"]) for h in history] == [
        ("open", "added", "facilitator"),
        ("in progress", "Asked the BWV team", "facilitator"),
        ("in progress", "owner removed; due date: 2025-07-31", "facilitator"),
        ("done", "Policy reissued", "facilitator")]
    assert [h["at"] for h in history] == sorted(h["at"] for h in history)

    add_action(pack, "Share the learning from case 4")
    record_response(pack, "action", 1, "We reissued the policy in April.", "2025-04-20")
    listed = list_actions(pack)
    assert [a["action_id"] for a in listed] == [1, 2]
    assert [r["response"] for r in listed[0]["responses"]] == ["We reissued the policy in April."]
    assert listed[1]["responses"] == [] and listed[1]["owner"] is None and listed[1]["case_id"] is None

    conn = sqlite3.connect(pack)
    events = conn.execute("SELECT event, case_id, detail FROM audit WHERE event LIKE 'action%' ORDER BY event_id").fetchall()
    conn.close()
    assert [e[0] for e in events] == ["action_added", "action_updated", "action_updated", "action_updated", "action_added"]
    assert events[0][1] == 2
    assert json.loads(events[2][2])["changed"] == ["owner", "due_date"]
    assert not any("BWV team" in (e[2] or "") or "body-worn" in (e[2] or "") for e in events)  # never the words


@pytest.mark.parametrize("call, words", [
    (lambda p: add_action(p, "   "), "the action is blank"),
    (lambda p: add_action(p, "x", due_date="30/06/2025"), "'30/06/2025' is not written as YYYY-MM-DD"),
    (lambda p: add_action(p, "x", due_date="20250630"), "not written as YYYY-MM-DD"),
    (lambda p: add_action(p, "x", due_date="2025-02-30"), "'2025-02-30' is not a day of the calendar"),
    (lambda p: add_action(p, "x", case_id=99), "there is no case 99 in this pack"),
    (lambda p: add_action(p, "x", case_id="two"), "there is no case two in this pack"),
    (lambda p: update_action(p, 1, status="finished"), "'finished' is not a status an action can have"),
    (lambda p: update_action(p, 7, status="done"), "there is no action 7 in this pack"),
    (lambda p: update_action(p, 1), "nothing to change was given"),
    (lambda p: update_action(p, 1, status="open"), "action 1 is already like that (open)"),
    (lambda p: update_action(p, 1, due_date="next week"), "'next week' is not written as YYYY-MM-DD"),
])
def test_bad_action_input_is_refused_plainly_and_changes_nothing(tmp_path, call, words):
    pack = draft_pack(tmp_path)
    add_action(pack, "Explain the grounds in case 1", case_id=1)
    before, events = list_actions(pack), count(pack, "SELECT count(*) FROM audit")
    with pytest.raises(InputError) as refused:
        call(pack)
    assert words in refused.value.plain() and str(pack) in refused.value.plain()
    assert list_actions(pack) == before
    assert count(pack, "SELECT count(*) FROM audit") == events


def test_action_commands(tmp_path):
    pack = draft_pack(tmp_path)
    added = run_cli("action", "add", pack, "Explain why BWV was off", "--owner", "SS lead", "--due", "2025-06-30",
                    "--case", "2")
    assert added.code == 0 and added.out.startswith("Added action 1: Explain why BWV was off (open; owner SS lead; "
                                                    "due 2025-06-30; from case 2)"), added.out
    updated = run_cli("action", "update", pack, "1", "--status", "in progress", "--note", "Asked the team")
    assert updated.code == 0 and "in progress" in updated.out
    listed = run_cli("action", "list", pack)
    assert listed.code == 0 and "Explain why BWV was off" in listed.out and "in progress: Asked the team" in listed.out
    as_json = json.loads(run_cli("action", "list", pack, "--json").out)
    assert as_json[0]["status"] == "in progress" and len(as_json[0]["history"]) == 2
    for args, words in [(("action", "add", pack, "x", "--due", "tomorrow"), "'tomorrow' is not written as YYYY-MM-DD"),
                        (("action", "add", pack, "x", "--case", "40"), "there is no case 40"),
                        (("action", "update", pack, "3", "--status", "done"), "there is no action 3"),
                        (("action", "update", pack, "1", "--status", "closed"), "not a status an action can have"),
                        (("action", "list", tmp_path / "nope.pack.db"), "there is no pack here")]:
        run = run_cli(*args)
        assert run.code == 2 and words in run.err and "Traceback" not in run.err, (args, run.err)
        assert run.err.startswith("panel-tool: Problem in file ") and run.err.count("\n") == 1
    assert count(pack, "SELECT count(*) FROM actions") == 1
    empty = draft_pack(tmp_path)
    assert "No actions yet" in run_cli("action", "list", empty).out


def _earlier_session(tmp_path: Path) -> Path:
    """A pack with one action of each status, replies to two of them, and a case reply."""
    pack = draft_pack(tmp_path)
    add_action(pack, "Open one: explain the grounds", owner="Inspector", due_date="2025-05-01", case_id=1)
    add_action(pack, "Done one: reissue the BWV policy")
    add_action(pack, "Dropped one: count the handcuffing")
    add_action(pack, "In progress one: train on GOWISELY", case_id=3)
    update_action(pack, 2, status="done", note="Reissued")
    update_action(pack, 3, status="dropped", note="Not recorded by the force")
    update_action(pack, 4, status="in progress", note="Course booked")
    record_response(pack, "action", 4, "Course booked for June.", "2025-04-02")
    record_response(pack, "action", 2, "Policy reissued.", "2025-04-01")
    record_response(pack, "case", 1, "Advice given to the officer.", "2025-04-03")
    return pack


def test_carry_from_takes_open_actions_with_their_history_and_replies(tmp_path):
    earlier = _earlier_session(tmp_path)
    title = json.loads(sqlite3.connect(earlier).execute("SELECT value FROM manifest WHERE key = 'title'").fetchone()[0])
    before = {a["action_id"]: a for a in list_actions(earlier)}
    new = tmp_path / "next.pack.db"
    run = run_cli("pack", "build", tmp_path / "export.csv", "--out", new, "--sample", "5", "--seed", "2",
                  "--key-file", tmp_path / "force.key", "--title", "May panel", "--carry-from", earlier)
    assert run.code == 0, run.err
    assert f"Actions carried forward: 2 from {title}" in run.out
    carried = list_actions(new)
    assert [a["text"] for a in carried] == ["Open one: explain the grounds", "In progress one: train on GOWISELY"]
    assert [a["action_id"] for a in carried] == [1, 2]
    for action, old in zip(carried, (before[1], before[4])):
        assert action["case_id"] is None and action["carried_from"] == title
        assert (action["status"], action["owner"], action["due_date"], action["created_at"]) == \
            (old["status"], old["owner"], old["due_date"], old["created_at"])
        assert action["history"][:-1] == old["history"]
        assert action["history"][-1]["note"] == f"carried forward from {title}"
        assert action["history"][-1]["status"] == old["status"] and action["history"][-1]["by"] == "pack build"
    assert [r["response"] for r in carried[1]["responses"]] == ["Course booked for June."]
    assert carried[1]["responses"][0]["target_id"] == 2 and carried[0]["responses"] == []
    conn = sqlite3.connect(new)
    manifest = {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM manifest")}
    assert manifest["status"] == "draft" and manifest["carried_actions"] == 2
    assert manifest["carried_from"] == {"title": title, "file": earlier.name,
                                        "sha256": hashlib.sha256(earlier.read_bytes()).hexdigest()}
    assert conn.execute("SELECT count(*) FROM responses WHERE target = 'case'").fetchone()[0] == 0
    assert conn.execute("SELECT event FROM audit").fetchall() == [("actions_carried",)]
    conn.close()
    assert {a["status"] for a in list_actions(earlier)} == set(STATUSES)  # the earlier pack is untouched

    # carried again, a session later: the history grows by one more step
    later = tmp_path / "june.pack.db"
    assert run_cli("pack", "build", tmp_path / "export.csv", "--out", later, "--sample", "5", "--seed", "3",
                   "--key-file", tmp_path / "force.key", "--carry-from", new).code == 0
    again = list_actions(later)
    assert [a["carried_from"] for a in again] == ["May panel", "May panel"]
    assert [h["note"] for h in again[0]["history"]][-2:] == [f"carried forward from {title}", "carried forward from May panel"]


def test_carry_from_a_pack_without_actions_carries_none_and_says_so(tmp_path):
    draft_pack(tmp_path)
    earlier = tmp_path / "bare.pack.db"  # straight from pack build: no session tables at all
    assert run_cli("pack", "build", tmp_path / "export.csv", "--out", earlier, "--sample", "5",
                   "--key-file", tmp_path / "force.key").code == 0
    for n, source in enumerate([earlier, _earlier_session(tmp_path)]):
        if n:
            for action in (1, 4):
                update_action(source, action, status="done")
        out = tmp_path / f"next-{n}.pack.db"
        run = run_cli("pack", "build", tmp_path / "export.csv", "--out", out, "--sample", "5", "--seed", "2",
                      "--key-file", tmp_path / "force.key", "--carry-from", source)
        assert run.code == 0, run.err
        assert ("has no open actions" if n else "has no actions at all") in run.err and "none carried forward" in run.err
        assert "Actions carried forward: 0" in run.out
        assert list_actions(out) == []


def test_carry_from_something_that_is_not_a_pack_is_refused_and_writes_nothing(tmp_path):
    draft_pack(tmp_path)
    (tmp_path / "empty.db").write_bytes(b"")
    for source, words in [(tmp_path / "export.csv", "this is not a review pack (not an SQLite file)"),
                          (tmp_path / "nope.pack.db", "there is no pack here"),
                          (tmp_path / "empty.db", "this is not a review pack (it has no manifest)")]:
        out = tmp_path / "next.pack.db"
        run = run_cli("pack", "build", tmp_path / "export.csv", "--out", out, "--sample", "5",
                      "--key-file", tmp_path / "force.key", "--carry-from", source)
        assert run.code == 2 and words in run.err and str(source) in run.err and "Traceback" not in run.err, run.err
        assert not out.exists() and not list(tmp_path.glob(".next.pack.db*"))


def test_layers_stay_apart():
    """packs/ must not import review/; review/ must not pull in pandas or sqlite-utils (a member's kernel imports it)."""
    for source in (ROOT / "panel_tool" / "packs").glob("*.py"):
        assert "panel_tool.review" not in source.read_text(), source
    check = ("import sys, panel_tool.review.actions, panel_tool.review.responses, panel_tool.review.retention; "
             "print(sorted(m for m in ('pandas', 'sqlite_utils') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True).stdout.strip() == "[]"
    assert set(OPEN_ACTION_STATUSES) < set(STATUSES)
