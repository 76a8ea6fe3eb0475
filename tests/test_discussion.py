"""Assignments, live progress, and the discussion view: counts and words, never names."""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest

from panel_tool.errors import InputError
from panel_tool.review.assignments import assign, progress
from panel_tool.review.discussion import agreed_outcomes, case_summaries, open_discussion, record_outcome
from panel_tool.review.session import AnswerRefused, sign_in
from tests.servers import released_pack

NAMES = ["Amira", "Ben", "Cara", "Dev", "Eve", "Finn", "Gus"]


def test_n_raters_a_case_balances_the_load_and_shuffles_each_members_order(tmp_path):
    pack, codes = released_pack(tmp_path, members=NAMES)
    given = assign(pack, raters_per_case=3, seed=4)
    per_case = Counter(c for cases in given.values() for c in cases)
    assert set(per_case.values()) == {3} and len(per_case) == 5
    loads = [len(cases) for cases in given.values()]
    assert max(loads) - min(loads) <= 1 and sum(loads) == 15
    amira = sign_in(pack, codes["Amira"])
    assert [c["case_id"] for c in amira.cases()] == given[amira.member_id]
    other = next(c for c in range(1, 6) if c not in given[amira.member_id])
    q = amira.form["questions"][0]
    with pytest.raises(AnswerRefused, match="not one of yours"):
        amira.save_answer(other, q["id"], q["options"][0]["value"])
    everyone = assign(pack, seed=1)
    assert all(sorted(cases) == [1, 2, 3, 4, 5] for cases in everyone.values())
    assert len({tuple(cases) for cases in everyone.values()}) > 1  # orders differ between members
    with pytest.raises(InputError, match="not possible with 7 members"):
        assign(pack, raters_per_case=8)


def _rate(pack, code, case_id, overall, feedback):
    s = sign_in(pack, code)
    for q in s.form["questions"]:
        if q["type"] == "choice":
            s.save_answer(case_id, q["id"], overall if q.get("overall") else q["options"][0]["value"])
    s.save_answer(case_id, "feedback_for_officer", feedback)
    return s


def test_progress_and_discussion_show_counts_and_words_but_no_names(tmp_path):
    pack, codes = released_pack(tmp_path, members=["Amira", "Ben", "Cara"])
    _rate(pack, codes["Amira"], 1, "red", "Amira thinks the grounds were thin")
    _rate(pack, codes["Ben"], 1, "green", "Well explained")
    ben = _rate(pack, codes["Ben"], 2, "green", "Fine")
    _rate(pack, codes["Cara"], 2, "green", "Also fine")
    rows = {r["name"]: r for r in progress(pack)}
    assert rows["Amira"]["done"] == 1 and rows["Ben"]["done"] == 2 and rows["Cara"]["cases"] == 5

    assert ben.discussion() is None  # not before the facilitator opens it
    open_discussion(pack)
    summaries = ben.discussion()
    assert [s["case_id"] for s in summaries][:2] == [1, 2]  # least agreement first
    first = summaries[0]
    overall = {c["value"]: c["count"] for c in first["questions"]["overall_rating"]["counts"]}
    assert overall["red"] == 1 and overall["green"] == 1 and first["questions"]["overall_rating"]["agreement"] == 0.5
    assert first["texts"]["feedback_for_officer"]["said"] == ["Amira thinks the grounds were thin", "Well explained"]
    flat = repr(case_summaries(pack))
    assert "member" not in flat and "Ben" not in flat and "Cara" not in flat


def test_agreed_outcomes_keep_the_shape_earlier_packs_are_read_in(tmp_path):
    pack, _ = released_pack(tmp_path, members=["Amira"])
    record_outcome(pack, 2, rating="red", feedback_for_officer="Record the grounds fully.", themes=["grounds", " BWV ", ""],
                   refer_onwards=True)
    assert agreed_outcomes(pack)[2]["themes"] == ["BWV", "grounds"]
    row = sqlite3.connect(pack).execute("SELECT case_id, rating FROM agreed_outcomes").fetchall()
    assert row == [(2, "red")]  # what pack build --where red_officers=EARLIER reads
    with pytest.raises(InputError, match="'purple' is not an answer"):
        record_outcome(pack, 1, rating="purple")
    with pytest.raises(InputError, match="no case 99"):
        record_outcome(pack, 99, rating="red")


def test_the_same_words_from_several_members_show_once_with_how_many_wrote_them():
    from panel_tool.apps.answers_view import answers_html

    summary = {"raters": 3, "questions": {}, "texts": {"feedback_for_officer": {
        "text": "What would you like to say to the officer?",
        "said": ["Well explained", "<b>Too quick</b>", "Well explained", "Well explained"]}}}
    page = answers_html(summary)
    assert page.count("Well explained") == 1 and "(3 members)" in page
    assert page.index("Well explained") < page.index("Too quick")  # in the order first written
    assert "&lt;b&gt;Too quick&lt;/b&gt;" in page and "<b>" not in page
    assert page.count("members)") == 1  # a line one member wrote carries no count
