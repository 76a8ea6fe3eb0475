"""A simulated panel, for demos and benchmarks only: never use it on a real panel's pack.

`simulate_panel` adds members called "Simulated member 1", "Simulated member 2"... to a released
pack (with `members.add_members`, which hands back their codes), signs each one in with their code
and answers every question of every case they are given through the same `Session.save_answer` the
review app uses; then, unless told not to, it records what a panel might agree in discussion: an
outcome per case (the members' majority overall rating, with themes), two actions and one reply
from the force. So the demo's report, the exports and the report benchmark have realistic data to
work on without anyone typing it.

The answers are drawn so that members mostly agree, with some disagreement: each case gets a
hidden "how well was it done" between 0 (well) and 1 (badly), about half done well, a third with
some concerns and the rest serious, each question a little either side; each choice question's options
(the forms list them from best to worst) are picked near that point, a member straying one option
either way about a quarter of the time and choosing "Not enough information to say" now and then.
Written answers come from a short list of plain phrases. The same seed gives the same panel.

Simulated answers are saved with `synchronous=NORMAL` on the simulated members' own connections:
they need no protection from a power cut, and it makes thousands of saves quick.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.review.actions import add_action, update_action
from panel_tool.review.discussion import THEMES, open_discussion, record_outcome
from panel_tool.review.members import add_members
from panel_tool.review.responses import record_response
from panel_tool.review.session import sign_in
from panel_tool.packs.packfile import SESSION, open_pack, read_manifest

NAME = "Simulated member {}"
DEFAULT_MEMBERS = 5
NOT_ENOUGH = "not_enough_information"
STRAY = 0.25  # how often a member strays one option from the case's point
UNSURE = 0.03  # how often a member says there is not enough information
WRITES = 0.6  # how often a member writes something in a text question

GOOD_WORDS = [
    "Clear grounds, well explained.",
    "The officer explained what they were looking for and why.",
    "Good record: specific about what was seen and heard.",
    "Calm and polite from what is written.",
    "The grounds match the power used.",
    "A good example to share with other officers.",
]
CONCERN_WORDS = [
    "The grounds are vague: say exactly what was seen or smelt.",
    "It is not clear the person was told why they were searched.",
    "Body-worn video should have been on from the start.",
    "Say more about why the search went beyond outer clothing.",
    "The record relies on the area's reputation rather than the person's behaviour.",
    "More care with a young person would have helped.",
    "The outcome does not seem to match what was found.",
]
LEARNING_WORDS = [
    "Training on writing specific grounds.",
    "Remind officers to switch cameras on before the search starts.",
    "Supervisors should check grounds for vague wording.",
    "Explain GOWISELY every time, even when the person is known to officers.",
    "Share good examples at briefings.",
]
# Words in a question's id that point to a discussion theme.
QUESTION_THEMES = {"grounds": "grounds", "gowisely": "GOWISELY", "respect": "respect", "ethical": "respect",
                   "outcome": "outcome", "proportionate": "use of force", "necessary": "use of force",
                   "minimum": "use of force"}


def _substantive(question: dict) -> list[str]:
    return [o["value"] for o in question["options"] if o["value"] != NOT_ENOUGH]


def _choose(question: dict, badness: float, rng: random.Random) -> str:
    values = _substantive(question)
    if NOT_ENOUGH in {o["value"] for o in question["options"]} and rng.random() < UNSURE:
        return NOT_ENOUGH
    index = round(badness * (len(values) - 1))
    if rng.random() < STRAY:
        index += rng.choice((-1, 1))
    return values[min(max(index, 0), len(values) - 1)]


def _point(points: dict, case_id: int, question: dict, rng: random.Random) -> float:
    """How badly the case was done, as the whole panel would see it: half done well, a third with some
    concerns, the rest serious; each question a little either side of the case's overall point."""
    if (case_id, "") not in points:
        band = rng.choices([(0.0, 0.3), (0.3, 0.7), (0.7, 1.0)], weights=[50, 35, 15])[0]
        points[case_id, ""] = rng.uniform(*band)
    if question.get("overall") or question["type"] != "choice":
        return points[case_id, ""]
    return points.setdefault((case_id, question["id"]),
                             min(max(points[case_id, ""] + rng.uniform(-0.3, 0.3), 0.0), 1.0))


def _written(badness: float, learning: bool, rng: random.Random) -> str:
    if learning:
        return rng.choice(LEARNING_WORDS)
    return rng.choice(CONCERN_WORDS if rng.random() < badness else GOOD_WORDS)


def _new_names(pack: str | Path, how_many: int) -> list[str]:
    with open_pack(pack, SESSION) as conn:
        taken = [r[0] for r in conn.execute("SELECT name FROM members")]
    numbers = [int(m.group(1)) for n in taken if (m := re.fullmatch(NAME.format(r"(\d+)"), n))]
    start = max(numbers, default=0) + 1
    return [NAME.format(n) for n in range(start, start + how_many)]


def _existing_members(pack: str | Path) -> int:
    with open_pack(pack, SESSION) as conn:
        return conn.execute("SELECT count(*) FROM members WHERE removed_at IS NULL").fetchone()[0]


def simulate_panel(pack: str | Path, seed: int = 0, discuss: bool = True, members: int | None = None) -> dict:
    """For demos and benchmarks only: add simulated members to a released pack, answer every case
    as each of them, and (with `discuss`) record agreed outcomes, two actions and one force reply.

    `members`: how many simulated members to add; by default as many as the pack already has, or
    5 when it has none. Returns what was done: members (their names), answers, outcomes, actions
    (their numbers) and responses.
    """
    where = str(pack)
    conn = open_pack(pack, SESSION)
    try:
        status = read_manifest(conn).get("status")
    finally:
        conn.close()
    if status != "released":
        raise InputError(f"this pack is {status}: a panel can only be simulated on a released pack", file=where,
                         expected=f"a released pack (panel-tool pack approve {where} --all, then pack release)")
    how_many = members if members is not None else (_existing_members(pack) or DEFAULT_MEMBERS)
    if how_many < 1:
        raise InputError(f"{how_many} simulated members is not a panel", file=where, expected="at least 1 member")
    rng = random.Random(seed)
    added = add_members(pack, _new_names(pack, how_many))

    points: dict[tuple[int, str], float] = {}
    answers = 0
    for new in added:
        session = sign_in(pack, new.code)
        try:
            session.conn.execute("PRAGMA synchronous=NORMAL")
            cases = session.cases()
            for case in cases:
                case_id = case["case_id"]
                session.open_case(case_id)
                for question in session.form["questions"]:
                    point = _point(points, case_id, question, rng)
                    if question["type"] == "choice":
                        value = _choose(question, point, rng)
                    elif rng.random() < WRITES:
                        value = _written(point, "learn" in question["id"], rng)
                    else:
                        continue
                    session.save_answer(case_id, question["id"], value)
                    answers += 1
                session.leave_case(case_id, rng.uniform(60, 420))
            if cases:
                session.finish()
        finally:
            session.close()

    done = {"members": [a.name for a in added], "answers": answers, "outcomes": 0, "actions": [], "responses": 0}
    if discuss:
        done.update(_discuss(pack, rng))
    return done


def _majority(counts: list[dict]) -> str | None:
    given = Counter({c["value"]: c["count"] for c in counts if c["count"]})
    return given.most_common(1)[0][0] if given else None


def _discuss(pack: str | Path, rng: random.Random) -> dict:
    """What a panel might agree: the majority rating of each case, themes from where members had
    concerns, two actions (one moving on) and the force's reply to the first."""
    from panel_tool.review.discussion import case_summaries

    open_discussion(pack)
    conn = open_pack(pack, SESSION)
    try:
        from panel_tool.packs.forms import read_form

        form = read_form(conn)
        cases = {r["case_id"]: dict(r) for r in conn.execute("SELECT * FROM cases")}
    finally:
        conn.close()
    overall = next(q for q in form["questions"] if q.get("overall"))
    worst = _substantive(overall)[-1]
    best = _substantive(overall)[0]
    ratings, outcomes = {}, 0
    for summary in sorted(case_summaries(pack), key=lambda s: s["case_id"]):
        rating = _majority(summary["questions"][overall["id"]]["counts"])
        if rating is None:
            continue
        themes = set()
        for qid, answered in summary["questions"].items():
            theme = next((t for word, t in QUESTION_THEMES.items() if word in qid), None)
            majority = _majority(answered["counts"])
            question = next(q for q in form["questions"] if q["id"] == qid)
            if theme and rating != best and majority not in (None, NOT_ENOUGH, _substantive(question)[0]):
                themes.add(theme)
        case = cases[summary["case_id"]]
        if case.get("bwv_used") == 0:
            themes.add("body-worn video")
        if case.get("age_range") in ("under 10", "10-17", "Under 18"):
            themes.add("young person")
        if rating == best:
            themes.add("good practice")
        concern = rating not in (best, NOT_ENOUGH)
        record_outcome(pack, summary["case_id"], rating=rating,
                       feedback_for_officer=rng.choice(CONCERN_WORDS if concern else GOOD_WORDS),
                       learning_for_force=rng.choice(LEARNING_WORDS) if concern else "",
                       refer_onwards=rating == worst and rng.random() < 0.5,
                       themes=sorted(t for t in themes if t in THEMES))
        ratings[summary["case_id"]] = rating
        outcomes += 1
    concerns = sorted(ratings, key=lambda c: (_substantive(overall).index(ratings[c]) if ratings[c] != NOT_ENOUGH
                                              else -1, -c), reverse=True)
    case_id = concerns[0] if concerns else None
    first = add_action(pack, f"Tell the panel what has been done about case {case_id}, which it rated "
                             f"{ratings[case_id]}" if case_id else "Explain how supervisors check officers' grounds",
                       owner="Stop and search lead", due_date=(date.today() + timedelta(days=28)).isoformat(),
                       case_id=case_id)
    second = add_action(pack, "Share the panel's examples of well-written grounds at response team briefings",
                        owner="Training lead", due_date=(date.today() + timedelta(days=56)).isoformat())
    update_action(pack, first["action_id"], status="in progress", note="Passed to the officer's supervisor")
    record_response(pack, "action", first["action_id"], "The officer's supervisor has gone through the record with "
                    "them and checked their last ten searches.", date.today().isoformat())
    return {"outcomes": outcomes, "actions": [first["action_id"], second["action_id"]], "responses": 1}
