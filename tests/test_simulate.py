"""The simulated panel for demos and benchmarks: real sessions, mostly agreeing members, a discussion."""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest

from panel_tool.errors import InputError
from panel_tool.review.actions import list_actions
from panel_tool.review.assignments import progress
from panel_tool.review.discussion import agreed_outcomes, is_open
from panel_tool.review.simulate import simulate_panel
from panel_tool.packs.packfile import open_pack
from tests.conftest import run_cli
from tests.servers import released_pack


def test_simulated_members_answer_every_case_and_mostly_agree(tmp_path):
    pack, _ = released_pack(tmp_path, members=["Amira"])
    done = simulate_panel(pack, seed=3, members=8)
    assert done["members"] == [f"Simulated member {n}" for n in range(1, 9)]
    rows = {r["name"]: r for r in progress(pack)}
    assert all(rows[name]["done"] == 5 and rows[name]["finished"] for name in done["members"])
    assert rows["Amira"]["started"] == 0  # a real member is never answered for

    db = sqlite3.connect(pack)
    overall = db.execute("SELECT case_id, value FROM answers WHERE question_id = 'overall_rating'").fetchall()
    assert len(overall) == 8 * 5
    by_case: dict[int, Counter] = {}
    for case_id, value in overall:
        by_case.setdefault(case_id, Counter())[value] += 1
    shares = [c.most_common(1)[0][1] / 8 for c in by_case.values()]
    assert sum(shares) / len(shares) >= 0.6  # mostly agree...
    assert any(len(c) > 1 for c in by_case.values())  # ...with some disagreement
    texts = [v for (v,) in db.execute("SELECT value FROM answers WHERE question_id = 'feedback_for_officer'")]
    assert texts and all(len(t) < 200 for t in texts)
    assert db.execute("SELECT count(*) FROM audit WHERE event = 'answer_saved'").fetchone()[0] == done["answers"]
    assert db.execute("SELECT count(*) FROM case_time WHERE seconds > 0").fetchone()[0] == 8 * 5

    outcomes = agreed_outcomes(pack)
    assert sorted(outcomes) == [1, 2, 3, 4, 5] and done["outcomes"] == 5
    for case_id, outcome in outcomes.items():
        top = max(by_case[case_id].values())
        assert by_case[case_id][outcome["rating"]] == top  # the majority (a tie goes to the kinder rating)
    assert any(o["themes"] for o in outcomes.values())
    actions = list_actions(pack)
    assert [a["action_id"] for a in actions] == done["actions"] and len(actions) == 2
    assert actions[0]["status"] == "in progress" and len(actions[0]["responses"]) == 1
    conn = open_pack(pack)
    assert is_open(conn)
    conn.close()


def test_the_same_seed_gives_the_same_panel_and_no_discussion_means_answers_only(tmp_path):
    values = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        pack, _ = released_pack(tmp_path / name, members=())
        simulate_panel(pack, seed=11, members=3, discuss=False)
        db = sqlite3.connect(pack)
        values.append(db.execute("SELECT member_id, case_id, question_id, value FROM answers ORDER BY 1, 2, 3").fetchall())
        assert db.execute("SELECT count(*) FROM agreed_outcomes").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM actions").fetchone()[0] == 0
    assert values[0] == values[1] and values[0]


def test_members_default_to_the_panels_size_and_names_never_clash(tmp_path):
    pack, _ = released_pack(tmp_path, members=["Amira", "Ben"])
    assert len(simulate_panel(pack, discuss=False)["members"]) == 2
    assert simulate_panel(pack, discuss=False, members=1)["members"] == ["Simulated member 3"]


def test_only_a_released_pack_is_simulated(tmp_path):
    pack, _ = released_pack(tmp_path, members=["Amira"], release=False)
    with pytest.raises(InputError, match="only be simulated on a released pack"):
        simulate_panel(pack, members=2)
    run = run_cli("simulate", pack, "--members", "2")
    assert run.code == 2 and "released pack" in run.err and "Traceback" not in run.err


def test_the_simulate_command(tmp_path):
    pack, _ = released_pack(tmp_path, members=())
    run = run_cli("simulate", pack, "--members", "4", "--seed", "2")
    assert run.code == 0, run.err
    assert "Simulated 4 members" in run.out and "5 agreed outcomes, 2 actions" in run.out
    assert "demos and benchmarks only" in run.out
