"""A pack's session summed up for a report, from real packs built and answered with the real commands."""

from __future__ import annotations

import dataclasses
from collections import Counter
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from panel_tool.errors import InputError
from panel_tool.report.aggregate import ethnicity_group, summarise, trends
from panel_tool.report.agreement import krippendorff_alpha
from panel_tool.review.actions import add_action, update_action
from panel_tool.review.discussion import record_outcome
from panel_tool.review.responses import record_response
from panel_tool.review.session import sign_in
from panel_tool.review.words import approve_words
from tests.conftest import run_cli
from tests.servers import released_pack

MEMBERS = ["Amira", "Ben", "Cara", "Dev", "Eve", "Finn"]
# The overall rating each member gives each case. Case 5 nobody rates.
OVERALL = {
    1: {"Amira": "green", "Ben": "green", "Cara": "green", "Dev": "green", "Eve": "green", "Finn": "amber"},
    2: {"Amira": "red", "Ben": "red", "Cara": "amber", "Dev": "amber"},  # a tie
    3: {"Amira": "red", "Ben": "amber", "Cara": "green"},  # a third each
    4: {"Amira": "green", "Ben": "green"},
}
# Equal raters (2 a case) for Fleiss' kappa: yes/yes, no/no, yes/partly, partly/partly.
GOWISELY = {1: ("yes", "yes"), 2: ("no", "no"), 3: ("yes", "partly"), 4: ("partly", "partly")}
# 3 raters a case, but "not enough information" on case 3 leaves it with 2 for kappa.
GROUNDS = {1: ("yes", "yes", "yes"), 2: ("yes", "no", "no"), 3: ("partly", "partly", "not_enough_information")}


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """A released pack six members have rated, with agreed outcomes, actions and the force's replies."""
    directory = tmp_path_factory.mktemp("session")
    pack, codes = released_pack(directory, members=MEMBERS)
    signed = {name: sign_in(pack, code) for name, code in codes.items()}
    for case_id, given in OVERALL.items():
        for name, value in given.items():
            signed[name].save_answer(case_id, "overall_rating", value)
    for case_id, (a, b) in GOWISELY.items():
        signed["Amira"].save_answer(case_id, "gowisely_followed", a)
        signed["Ben"].save_answer(case_id, "gowisely_followed", b)
    for case_id, values in GROUNDS.items():
        for name, value in zip(["Amira", "Ben", "Cara"], values):
            signed[name].save_answer(case_id, "grounds_reasonable", value)
    signed["Amira"].save_answer(1, "feedback_for_officer", "zebra crossing was mentioned well")
    signed["Ben"].save_answer(1, "feedback_for_officer", "Apple: clear grounds")
    signed["Cara"].save_answer(1, "feedback_for_officer", "   ")  # blank: not an answer
    signed["Dev"].save_answer(2, "treated_with_respect", None)  # cleared: not an answer
    signed["Amira"].leave_case(1, 30)
    signed["Ben"].leave_case(1, 90)
    signed["Cara"].leave_case(2, 60)
    signed["Amira"].finish()
    signed["Ben"].finish()
    for s in signed.values():
        s.close()

    record_outcome(pack, 1, rating="green", themes=["grounds", "respect"], feedback_for_officer="Well done.")
    record_outcome(pack, 2, rating="red", themes=["grounds", "BWV"], refer_onwards=True)
    record_outcome(pack, 3, rating="amber", themes=["grounds", "respect"], learning_for_force="Record the grounds.")
    record_response(pack, "case", 2, "The officer has been given advice.", "2025-02-01")
    approve_words(pack)  # members' words reach a summary once the facilitator has checked them (review/words.py)

    add_action(pack, "Check that cameras are on", owner="Inspector Lee", due_date="2025-03-31")
    add_action(pack, "Explain the use of section 60", owner="Chief Inspector")
    add_action(pack, "Share good practice")
    with sqlite3.connect(pack) as conn:
        conn.execute("UPDATE actions SET created_at = '2025-01-01T10:00:00.000+00:00' WHERE action_id = 1")
    record_response(pack, "action", 1, "Later words.", "2025-01-20")
    record_response(pack, "action", 1, "We have reminded every team.", "2025-01-15")  # the first reply
    update_action(pack, 2, status="done")
    update_action(pack, 3, status="dropped")
    return pack


def _row(frame, **where):
    mask = np.ones(len(frame), dtype=bool)
    for column, value in where.items():
        mask &= frame[column] == value
    rows = frame[mask]
    assert len(rows) == 1, (where, rows)
    return rows.iloc[0]


def test_distributions_majorities_and_low_agreement(session):
    s = summarise(session)
    assert (s.kind, s.status, s.form_id, s.purged, s.members_invited) == ("stop-search", "released",
                                                                         "stop-search-default", False, 6)
    assert s.released_at and s.closed_at is None and s.title
    assert list(s.case_answers.columns[:7]) == ["case_id", "question_id", "question", "value", "label", "count", "share"]
    # one row per case x choice question x option, zeros included
    choice = [q for q in s.form["questions"] if q["type"] == "choice"]
    assert len(s.case_answers) == 5 * sum(len(q["options"]) for q in choice)
    green1 = _row(s.case_answers, case_id=1, question_id="overall_rating", value="green")
    assert green1["count"] == 5 and green1["share"] == pytest.approx(5 / 6) and green1["label"] == "Green"
    assert _row(s.case_answers, case_id=1, question_id="overall_rating", value="red")["count"] == 0
    assert _row(s.case_answers, case_id=2, question_id="overall_rating", value="amber")["share"] == 0.5
    assert s.case_answers[s.case_answers.case_id == 5]["count"].sum() == 0

    overall = s.case_agreement[s.case_agreement.question_id == "overall_rating"].set_index("case_id")
    assert overall.loc[1, "majority_value"] == "green" and overall.loc[1, "majority_label"] == "Green"
    assert overall.loc[1, "majority_share"] == pytest.approx(5 / 6) and not overall.loc[1, "low_agreement"]
    assert overall.loc[2, "majority_value"] is None and "Amber and Red" in overall.loc[2, "majority_label"]
    assert overall.loc[2, "low_agreement"]  # a tie
    assert overall.loc[3, "majority_share"] == pytest.approx(1 / 3) and overall.loc[3, "low_agreement"]
    assert overall.loc[4, "raters"] == 2 and not overall.loc[4, "low_agreement"]
    assert overall.loc[5, "raters"] == 0 and overall.loc[5, "majority_value"] is None
    assert s.low_agreement_cases == [2, 3]


def test_agreement_per_question(session):
    s = summarise(session)
    q = s.question_agreement.set_index("question_id")
    assert q.loc["overall_rating", "level"] == "ordinal" and q.loc["outcome_proportionate", "level"] == "nominal"
    assert q.loc["overall_rating", "raters"] == 6 and q.loc["overall_rating", "cases"] == 4
    # alpha of the overall question: members x cases, green=0 amber=1 red=2 in the form's order
    code = {"green": 0, "amber": 1, "red": 2}
    matrix = [[code[OVERALL[c][m]] if m in OVERALL[c] else np.nan for c in (1, 2, 3, 4)] for m in MEMBERS]
    assert q.loc["overall_rating", "alpha"] == pytest.approx(krippendorff_alpha(matrix, "ordinal"))
    assert q.loc["overall_rating", "alpha"] != pytest.approx(krippendorff_alpha(matrix, "nominal"))
    # pairs agreeing: case 1 10 of 15, case 2 2 of 6, case 3 0 of 3, case 4 1 of 1
    assert q.loc["overall_rating", "percent_agreement"] == pytest.approx((10 / 15 + 2 / 6 + 0 + 1) / 4)
    assert q.loc["overall_rating", "fleiss_kappa"] is None  # 6, 4, 3 and 2 raters
    # every case rated by two members: kappa = (0.75 - 0.34375) / (1 - 0.34375) = 13/21
    assert q.loc["gowisely_followed", "fleiss_kappa"] == pytest.approx(13 / 21)
    assert q.loc["gowisely_followed", "percent_agreement"] == pytest.approx(0.75)
    # "not enough information" is missing for kappa (case 3 then has 2 raters, the others 3) ...
    assert q.loc["grounds_reasonable", "fleiss_kappa"] is None
    # ... but an answer like any other for percent agreement: 1, 1/3, 1/3
    assert q.loc["grounds_reasonable", "percent_agreement"] == pytest.approx(5 / 9)
    assert q.loc["treated_with_respect", "alpha"] is None and q.loc["treated_with_respect", "raters"] == 0
    assert any("Fleiss' kappa is not shown" in c and "Were the grounds" in c and "Overall" in c for c in s.cannot_show)
    assert any("Not enough information to say" in n and "missing" in n for n in s.notes)
    for value in q["alpha"].tolist() + q["fleiss_kappa"].tolist() + q["percent_agreement"].tolist():
        assert value is None or np.isfinite(value)


def test_themes_outcomes_engagement_and_texts(session):
    s = summarise(session)
    assert s.themes["theme"].tolist() == ["grounds", "respect", "BWV"]
    assert s.themes["cases"].tolist() == [3, 2, 1]
    o = s.outcomes.set_index("case_id")
    assert o.loc[2, "rating_label"] == "Red" and o.loc[2, "refer_onwards"] and o.loc[2, "themes"] == ["BWV", "grounds"]
    assert o.loc[2, "force_response"] == "The officer has been given advice." and o.loc[2, "responded_on"] == "2025-02-01"
    assert o.loc[1, "force_response"] is None and o.loc[3, "learning_for_force"] == "Record the grounds."
    answers = sum(len(v) for v in OVERALL.values()) + 2 * len(GOWISELY) + 3 * len(GROUNDS) + 2
    assert s.engagement == {"invited": 6, "took_part": 6, "finished": 2, "answers": answers,
                            "median_seconds_per_case": 60.0}
    assert s.member_texts["text"].tolist() == ["Apple: clear grounds", "zebra crossing was mentioned well"]
    assert set(s.member_texts["question_id"]) == {"feedback_for_officer"}
    assert len(s.officer_refs) >= 5 and s.officer_refs["officer_ref"].str.fullmatch(r"[0-9a-f]{16,}").all()


def test_actions_with_the_forces_first_reply(session):
    a = summarise(session).actions.set_index("action_id")
    assert a.loc[1, "response"] == "We have reminded every team." and a.loc[1, "responded_on"] == "2025-01-15"
    assert a.loc[1, "days_to_respond"] == 14 and a.loc[1, "owner"] == "Inspector Lee"
    assert a.loc[1, "due_date"] == "2025-03-31" and a.loc[1, "status"] == "open"
    assert a.loc[2, "days_to_respond"] is None and a.loc[2, "status"] == "done" and a.loc[3, "status"] == "dropped"
    assert a.loc[3, "owner"] is None and a.loc[3, "due_date"] is None and a.loc[1, "carried_from"] is None


def test_breakdowns_of_members_ratings_by_what_the_case_was(session):
    s = summarise(session)
    with sqlite3.connect(session) as conn:
        cases = {r[0]: r[1:] for r in conn.execute("SELECT case_id, self_defined_ethnicity, age_range, legislation, "
                                                  "object_of_search, outcome FROM cases")}
    dims = ["self_defined_ethnicity", "age_range", "legislation", "object_of_search", "outcome"]
    assert set(s.breakdowns["dimension"]) == set(dims) and set(s.breakdowns["unit"]) == {"cases", "ratings"}
    agreed = {1: "green", 2: "red", 3: "amber"}  # the outcomes the fixture records
    for i, dimension in enumerate(dims):
        category_of = {c: (ethnicity_group(v[i]) if i == 0 else v[i]) for c, v in cases.items()}
        # how many cases each group holds, whatever was rated
        sizes = s.group_cases[s.group_cases.dimension == dimension]
        assert dict(zip(sizes["category"], sizes["cases"])) == dict(Counter(category_of.values())), dimension
        # cases first: the panel's agreed rating of each case, one a case
        rows = s.breakdowns[(s.breakdowns.dimension == dimension) & (s.breakdowns.unit == "cases")]
        assert {(r.category, r.rating_value): r.count for r in rows.itertuples() if r.count} == \
            dict(Counter((category_of[c], v) for c, v in agreed.items())), dimension
        expected: dict = {}
        for case_id, given in OVERALL.items():
            category = cases[case_id][i]
            category = ethnicity_group(category) if i == 0 else category
            for value in given.values():
                expected[(category, value)] = expected.get((category, value), 0) + 1
        rows = s.breakdowns[(s.breakdowns.dimension == dimension) & (s.breakdowns.unit == "ratings")]
        got = {(r.category, r.rating_value): r.count for r in rows.itertuples() if r.count}
        assert got == expected, dimension
        assert (rows["display"] == rows["count"].astype(str)).all()
        assert len(rows) == rows["category"].nunique() * 4  # every option, zeros included
    ethnic = set(s.breakdowns[s.breakdowns.dimension == "self_defined_ethnicity"]["category"])
    assert ethnic <= {"White", "Black", "Asian", "Mixed", "Other", "Not stated", "Not shown"}
    assert ethnicity_group("Black/African/Caribbean/Black British - African") == "Black"
    assert ethnicity_group("Other ethnic group - Not stated") == "Not stated"
    assert ethnicity_group("White - Irish") == "White" and ethnicity_group(None) == "Not recorded"


def test_public_mode_hides_small_counts_words_and_pseudonyms(session):
    s = summarise(session, public=True)
    green1 = _row(s.case_answers, case_id=1, question_id="overall_rating", value="green")
    assert green1["count"] == 5 and green1["display"] == "5"
    amber1 = _row(s.case_answers, case_id=1, question_id="overall_rating", value="amber")
    assert amber1["count"] is None and amber1["share"] is None and amber1["display"] == "fewer than 5"
    red1 = _row(s.case_answers, case_id=1, question_id="overall_rating", value="red")
    assert red1["count"] == 0 and red1["display"] == "0"
    counts = [c for c in s.case_answers["count"].tolist() + s.breakdowns["count"].tolist() + s.themes["cases"].tolist()
              if c is not None]
    assert counts and all(c == 0 or c >= 5 for c in counts)
    assert s.themes["cases"].tolist() == [None, None, None] and set(s.themes["display"]) == {"fewer than 5"}
    hidden = s.breakdowns[s.breakdowns["count"].isna()]
    assert len(hidden) and set(hidden["display"]) == {"fewer than 5", "not shown, to protect a small number"}
    # every breakdown splits the same ratings, so a lone hidden count would come back by subtraction:
    # one more count beside it is withheld
    for _, column in s.breakdowns.groupby(["dimension", "unit", "rating_value"]):
        hidden_here = column["count"].isna().sum()
        assert hidden_here != 1 or not (column["count"].dropna() > 0).any(), column
    assert "not shown, to protect a small number" in set(s.breakdowns["display"])
    green = s.breakdowns[(s.breakdowns.dimension == "age_range") & (s.breakdowns.rating_value == "green")
                         & (s.breakdowns.unit == "ratings")]
    private = summarise(session).breakdowns
    private_green = private[(private.dimension == "age_range") & (private.rating_value == "green")
                            & (private.unit == "ratings")]
    small = {c for c, n in zip(private_green.category, private_green["count"]) if 0 < n < 5}
    assert small, "the fixture must tempt the policy with a small group of green ratings"
    hidden_groups = set(green[green["count"].isna()].category)
    assert small <= hidden_groups and len(hidden_groups) >= 2  # each small count, and never one alone
    assert s.member_texts.empty and s.officer_refs.empty
    assert list(s.member_texts.columns) == ["case_id", "question_id", "question", "text"]
    assert any("written words" in c for c in s.cannot_show)
    # the majority share of case 4 (2 of 2) would give a count of 2 back
    overall = s.case_agreement[s.case_agreement.question_id == "overall_rating"].set_index("case_id")
    assert overall.loc[4, "majority_share"] is None and overall.loc[1, "majority_share"] == pytest.approx(5 / 6)
    assert s.low_agreement_cases == [2, 3]


def test_reads_a_pack_another_program_is_writing(session):
    writer = sqlite3.connect(session, isolation_level=None, timeout=10)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO answers (member_id, case_id, question_id, value, saved_at) "
                       "VALUES (6, 4, 'overall_rating', 'red', 'now')")
        s = summarise(session)  # not blocked, and sees only what is committed
        assert _row(s.case_answers, case_id=4, question_id="overall_rating", value="red")["count"] == 0
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    before = Path(session).read_bytes()
    summarise(session)
    assert Path(session).read_bytes() == before  # read-only


def test_a_purged_pack_still_reports_answers_and_the_kept_breakdowns(session, tmp_path):
    pack = tmp_path / "purged.pack.db"
    with sqlite3.connect(session) as src, sqlite3.connect(pack) as dst:
        src.backup(dst)
    assert run_cli("pack", "close", pack).code == 0
    assert run_cli("pack", "purge", pack).code == 0
    s = summarise(pack)
    assert s.purged and s.status == "purged" and s.closed_at
    assert any("purged" in c and "area" in c for c in s.cannot_show)
    assert s.low_agreement_cases == [2, 3] and s.themes["theme"].tolist() == ["grounds", "respect", "BWV"]
    legislation = s.breakdowns[s.breakdowns.dimension == "legislation"]
    assert legislation.loc[legislation.unit == "ratings", "count"].sum() == sum(len(v) for v in OVERALL.values())
    assert legislation.loc[legislation.unit == "cases", "count"].sum() == 3  # agreed outcomes are kept too
    assert s.quarter == summarise(session).quarter  # from the release date, which purging keeps


def test_a_pack_nobody_has_answered(tmp_path):
    pack, _ = released_pack(tmp_path, members=["Amira", "Ben"])
    s = summarise(pack)
    assert any("No member has answered yet" in c for c in s.cannot_show)
    assert s.engagement == {"invited": 2, "took_part": 0, "finished": 0, "answers": 0, "median_seconds_per_case": None}
    assert s.low_agreement_cases == [] and s.themes.empty and s.outcomes.empty and s.actions.empty
    assert s.question_agreement["alpha"].isna().all() and (s.case_answers["count"] == 0).all()
    assert (s.breakdowns["count"] == 0).all()
    # a draft with no session tables at all
    draft, _ = released_pack(tmp_path, members=[], release=False)
    d = summarise(draft)
    assert d.status == "draft" and d.members_invited == 0 and d.released_at is None and d.actions.empty


def test_what_is_not_a_pack_is_refused(tmp_path):
    text = tmp_path / "notes.pack.db"
    text.write_text("not a database at all " * 100)
    with pytest.raises(InputError, match="not a review pack"):
        summarise(text)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(InputError, match="not a review pack"):
        summarise(other)
    with pytest.raises(InputError, match="no pack here"):
        summarise(tmp_path / "missing.pack.db")
    with pytest.raises(InputError, match="a folder, not a pack"):
        summarise(tmp_path)


def test_trends_across_sessions(session, tmp_path):
    quiet, _ = released_pack(tmp_path, members=["Amira"])
    t = trends([summarise(session), summarise(quiet)])
    first = t.by_quarter[t.by_quarter.pack == summarise(session).title].iloc[:4]
    assert list(t.by_quarter.columns[:6]) == ["quarter", "pack", "rating_value", "rating_label", "share", "cases"]
    agreed = {r.rating_value: (r.share, r.cases) for r in first.itertuples()}
    assert agreed["green"] == (pytest.approx(1 / 3), 1) and agreed["red"][1] == 1 and agreed["not_enough_information"][1] == 0
    assert t.by_quarter["quarter"].str.fullmatch(r"\d{4} Q[1-4]").all()
    assert t.recurring_themes.iloc[0].tolist() == ["grounds", 1, 3]
    assert t.actions.iloc[0].tolist()[1:] == [0, 3, 2, 1]  # carried in, opened, closed, still open
    assert t.actions.iloc[1].tolist()[1:] == [0, 0, 0, 0]
    # the next session's pack carries the open action in
    folder = Path(session).parent
    later = tmp_path / "later.pack.db"
    built = run_cli("pack", "build", folder / "export.csv", "--out", later, "--sample", "5", "--seed", "2",
                    "--key-file", folder / "force.key", "--carry-from", session)
    assert built.code == 0, built.err
    carried = summarise(later)
    assert carried.actions["carried_from"].tolist() == [summarise(session).title]
    assert carried.actions["response"].tolist() == ["We have reminded every team."]
    t = trends([summarise(session), carried])
    assert t.actions.iloc[1].tolist()[1:] == [1, 0, 0, 1]


def test_trends_refuse_packs_of_different_kinds_or_forms(session, tmp_path):
    export = tmp_path / "uof.csv"
    assert run_cli("synth", "--kind", "use-of-force", "--rows", "200", "--seed", "2", "--out", export).code == 0
    uof, _ = released_pack(tmp_path, members=["Amira"], export=export)
    stop, force = summarise(session), summarise(uof)
    assert force.kind == "use-of-force"
    assert {"subject_ethnicity", "age_range"} >= set(force.breakdowns["dimension"])
    with pytest.raises(InputError, match="use-of-force") as refused:
        trends([stop, force])
    assert stop.title in str(refused.value) and force.title in str(refused.value)
    other_form = dataclasses.replace(stop, title="Spring session", form_id="reasonable-grounds-only")
    with pytest.raises(InputError, match="different rating forms") as refused:
        trends([stop, other_form])
    assert "Spring session" in str(refused.value)


def test_quarters_from_the_ways_packs_write_months():
    from panel_tool.report.aggregate import _quarter

    assert _quarter("2024-02-10T09:00:00+00:00") == "2024 Q1"
    assert _quarter("July 2023") == "2023 Q3" and _quarter("2023-W40") == "2023 Q4"
    assert _quarter("2023-Q2") == "2023 Q2" and _quarter("Not shown") is None and _quarter(None) is None

