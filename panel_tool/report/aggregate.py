"""A pack's session, summed up for a report: what members answered, how far they agreed, what the panel
agreed and what the force did about it, as tidy tables.

    >>> summary = summarise("panel-1.pack.db", public=True)
    >>> summary.question_agreement, summary.breakdowns, summary.cannot_show

The pack is opened read-only (an `mode=ro` URI), so a report can be made while serve still has the
pack open: WAL lets a reader see the last committed answers without blocking anyone. Nothing in a
summary says which member gave which answer: counts, shares and written words sorted alphabetically.

A public summary (`public=True`) carries `disclosure`: every count the public document may print, the
sums that tie them together and which are withheld (report/disclosure.py), worked out from the counts
as they are. The renderer prints counts only through it. The summary's own frames are also blanked
where a count is from 1 to 4 (as "fewer than 5", with a partner in each breakdown), for whoever uses
them from Python; they are not what the document prints. Members' own words and officers' and records' pseudonyms
are left out. What cannot be shown is said in plain sentences (`cannot_show`), so a reader never
mistakes a gap for a zero.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from panel_tool.errors import InputError
from panel_tool.ingest.canonical import ETHNICITY_GROUPS
from panel_tool.packs.context import HIDDEN, SMALL_COUNT, SUPPRESSED
from panel_tool.packs.tables import TABLES
from panel_tool.report.disclosure import THRESHOLD, WITHHELD, Disclosure, public_counts
from panel_tool.report.markup import isolated
from panel_tool.report.agreement import fleiss_kappa, krippendorff_alpha, percent_agreement, value_counts
from panel_tool.review.record import read_record
from panel_tool.review.words import ANSWER, OUTCOME, CheckedWords, checked_words

__all__ = ["PackSummary", "Trends", "summarise", "trends", "NOT_ENOUGH_INFORMATION", "LOW_AGREEMENT_SHARE"]

NOT_ENOUGH_INFORMATION = "not_enough_information"
LOW_AGREEMENT_SHARE = 0.6  # a majority of fewer than 60% of raters (or a tie) is low agreement
CLOSED_STATUSES = ("done", "dropped")
OPEN_STATUSES = ("open", "in progress")
NOT_RECORDED = "Not recorded"
UNSTATED = (NOT_RECORDED, "Not stated", "Not shown")

# (dimension, the cases column it comes from); ethnicity is broken down by its group.
BREAKDOWNS = {
    "stop-search": [("self_defined_ethnicity", "self_defined_ethnicity"), ("age_range", "age_range"),
                    ("legislation", "legislation"), ("object_of_search", "object_of_search"), ("outcome", "outcome")],
    "use-of-force": [("subject_ethnicity", "subject_ethnicity"), ("age_range", "age_range")],
}
ETHNICITY_DIMENSIONS = {"self_defined_ethnicity", "subject_ethnicity"}

CASE_ANSWER_COLUMNS = ["case_id", "question_id", "question", "value", "label", "count", "share", "display"]
CASE_AGREEMENT_COLUMNS = ["case_id", "question_id", "question", "raters", "majority_value", "majority_label",
                          "majority_share", "low_agreement"]
QUESTION_AGREEMENT_COLUMNS = ["question_id", "question", "level", "raters", "cases", "alpha", "fleiss_kappa",
                              "percent_agreement"]
THEME_COLUMNS = ["theme", "cases", "display"]
BREAKDOWN_COLUMNS = ["dimension", "unit", "category", "rating_value", "rating_label", "count", "display"]
GROUP_COLUMNS = ["dimension", "category", "cases", "display"]
# What a breakdown counts: the panel's agreed rating of each case (one a case), or members' own ratings
# (one per member per case, so a group of two cases rated by twelve members has 24).
CASES, RATINGS = "cases", "ratings"
OUTCOME_COLUMNS = ["case_id", "rating", "rating_label", "feedback_for_officer", "learning_for_force", "refer_onwards",
                   "themes", "force_response", "responded_on"]
ACTION_COLUMNS = ["action_id", "text", "owner", "due_date", "status", "carried_from", "response", "responded_on",
                  "days_to_respond"]
MEMBER_TEXT_COLUMNS = ["case_id", "question_id", "question", "text"]
OFFICER_COLUMNS = ["case_id", "officer_ref"]
RECORD_COLUMNS = ["case_id", "record_ref"]


@dataclass
class PackSummary:
    """Everything a report shows about one pack. DataFrames are tidy: one row per figure."""
    title: str
    kind: str
    status: str
    form: dict
    form_id: str
    released_at: str | None
    closed_at: str | None
    purged: bool
    members_invited: int
    case_answers: pd.DataFrame
    case_agreement: pd.DataFrame
    question_agreement: pd.DataFrame
    low_agreement_cases: list[int]
    themes: pd.DataFrame
    breakdowns: pd.DataFrame  # dimension, unit (cases: agreed ratings; ratings: members'), category, rating, count
    group_cases: pd.DataFrame  # dimension, category, cases: how many cases each group holds
    engagement: dict
    outcomes: pd.DataFrame
    actions: pd.DataFrame
    member_texts: pd.DataFrame
    officer_refs: pd.DataFrame
    cannot_show: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    public: bool = False
    cases_total: int = 0
    disclosure: Disclosure | None = None  # public only: the counts the document may publish (report/disclosure.py)
    file: str = ""
    quarter: str | None = None  # "2024 Q1": when the session was, for trends
    words_awaiting_check: int = 0  # pieces of members' writing not yet checked by the facilitator, left out
    record_refs: pd.DataFrame | None = None  # case_id, record_ref: each case's record pseudonym (force's copy only)
    session: str = ""  # which session this is, the same for every copy of one pack: made at build, from its source


@dataclass
class Trends:
    """Several sessions of one kind and form side by side."""
    by_quarter: pd.DataFrame  # quarter, pack, rating_value, rating_label, share, cases, basis, session, count_key
    recurring_themes: pd.DataFrame  # theme, sessions, cases
    actions: pd.DataFrame  # pack, carried_in, opened, closed, still_open
    notes: list[str] = field(default_factory=list)


def summarise(pack: str | Path, public: bool = False) -> PackSummary:
    """Read a pack (read-only) and sum up its session; `public` suppresses small counts and private words."""
    path = Path(pack)
    record = read_record(path)
    manifest, form = record.manifest, record.form
    form_id = form["id"]
    kind = manifest.get("kind") or form.get("kind")
    status = manifest.get("status") or "draft"
    purged = status == "purged"
    cannot_show: list[str] = []
    notes: list[str] = []

    cases = pd.DataFrame.from_records(record.cases, columns=TABLES["cases"].column_names(kind))
    members = _table(record.members, ["member_id", "removed_at", "finished_at"])
    current = set(members.loc[members["removed_at"].isna(), "member_id"].tolist())
    answers = _table(record.answers, ["member_id", "case_id", "question_id", "value"])
    removed_answers = answers[~answers["member_id"].isin(current)]
    if len(removed_answers):
        notes.append(f"{removed_answers['member_id'].nunique()} removed member(s) had answered; their answers are "
                     "kept in the pack but left out of these figures, as in the panel's discussion.")
    answers = answers[answers["member_id"].isin(current)].reset_index(drop=True)

    questions = form["questions"]
    choice = [q for q in questions if q["type"] == "choice"]
    text_questions = [q for q in questions if q["type"] == "text"]
    overall = next((q for q in questions if q.get("overall")), None)

    if not len(answers):
        cannot_show.append("No member has answered yet, so there are no ratings, agreement figures or breakdowns "
                           "to show.")

    case_answers = _case_answers(cases, answers, choice)
    case_agreement = _case_agreement(cases, answers, choice)
    question_agreement = _question_agreement(answers, choice, cannot_show, notes)
    low = case_agreement[case_agreement["low_agreement"]]
    low_agreement_cases = sorted(low.loc[low["question_id"] == overall["id"], "case_id"].astype(int).tolist()) \
        if overall else []

    outcomes_raw = _table(record.outcomes, TABLES["agreed_outcomes"].column_names(kind))
    responses = _table(sorted(record.responses, key=lambda r: (r["responded_on"], r["response_id"])),
                       TABLES["responses"].column_names(kind))
    outcomes = _outcomes(outcomes_raw, responses, overall)
    # The panel's words about a case are members' words too: only as the facilitator checked them
    # (redacted, then read with a second look: review/words.py), else left out and counted.
    checked = checked_words(record, members=current)
    for column in ("feedback_for_officer", "learning_for_force"):
        outcomes[column] = [checked.of(OUTCOME, case_id, column) or "" for case_id in outcomes["case_id"]]
    themes = _themes(outcomes)
    if not len(outcomes):
        cannot_show.append("The panel has not recorded any agreed outcomes yet, so there are no agreed ratings or "
                           "themes to show.")

    group_cases = _group_cases(cases, kind)
    breakdowns = _breakdowns(cases, answers, outcomes_raw, overall, kind)
    if purged:
        cannot_show.append(f"This pack was purged on {str(manifest.get('purged_at', ''))[:10]}: the officers' words and "
                           "each case's month, time of day and area were deleted, so the report cannot show them or "
                           "break ratings down by area or time. Purging keeps ethnicity, age range, the power used, "
                           "the object of the search and the outcome, so the breakdowns by those remain.")
    if kind == "use-of-force":
        notes.append("Ratings are not broken down by tactic: an incident usually records several tactics, so one "
                     "rating cannot be put against one of them.")

    engagement = _engagement(record.seconds_on_cases, members, current, answers)
    actions = _actions(_table(record.actions, TABLES["actions"].column_names(kind)), responses)

    member_texts = pd.DataFrame(columns=MEMBER_TEXT_COLUMNS)
    officer_refs = pd.DataFrame(columns=OFFICER_COLUMNS)
    record_refs = pd.DataFrame(columns=RECORD_COLUMNS)
    if checked.awaiting and not public:
        cannot_show.append(f"{checked.awaiting} {'piece' if checked.awaiting == 1 else 'pieces'} of writing by members "
                           "or the panel (written answers, agreed feedback) "
                           f"{'awaits' if checked.awaiting == 1 else 'await'} the facilitator's check for names and "
                           f"other details, so {'it is' if checked.awaiting == 1 else 'they are'} left out of this "
                           "report.")
    if public:
        cannot_show.append("Members' own written words are not in a public report: nothing they wrote has been "
                           "marked as fit to publish.")
        cannot_show.append("Officers' and records' pseudonyms are not in a public report.")
        cannot_show.append("Each case's own agreed rating, members' answers case by case and the force's reply "
                           "about each case are not in a public report: with the counts it does publish they would "
                           "give back the small numbers it withholds.")
        cannot_show.append("Members' own ratings broken down by group are not in a public report; the panel's "
                           "agreed ratings by group are.")
        notes.append(f"Any count from 1 to {THRESHOLD - 1} is \"{WITHHELD}\", and so are the counts beside it that "
                     "would give it back by subtraction, so \"not shown\" may stand for any number, 0 included. "
                     "Before this version was written, a check by linear programming over every number it publishes "
                     f"confirmed that each withheld count could still lie anywhere in a range at least {THRESHOLD} "
                     "wide.")
    else:
        member_texts = _member_texts(answers, text_questions, checked)
        officer_refs = pd.DataFrame.from_records(record.officer_refs, columns=OFFICER_COLUMNS)
        record_refs = pd.DataFrame.from_records([(c["case_id"], c["case_ref"]) for c in record.cases if c.get("case_ref")],
                                                columns=RECORD_COLUMNS)

    summary = PackSummary(
        title=str(manifest.get("title") or path.name), kind=kind, status=status, form=form, form_id=form_id,
        released_at=manifest.get("released_at"), closed_at=manifest.get("closed_at"), purged=purged,
        members_invited=len(current), case_answers=case_answers, case_agreement=case_agreement,
        question_agreement=question_agreement, low_agreement_cases=low_agreement_cases, themes=themes,
        breakdowns=breakdowns, group_cases=group_cases, engagement=engagement, outcomes=outcomes, actions=actions, member_texts=member_texts,
        officer_refs=officer_refs, cannot_show=cannot_show, notes=notes, public=public, file=str(path),
        quarter=_quarter(manifest.get("released_at")) or _latest_quarter(cases.get("month")), cases_total=len(cases),
        words_awaiting_check=checked.awaiting, record_refs=record_refs,
        session=f"{manifest.get('created_at')} {(manifest.get('source') or {}).get('sha256')}")
    if public:
        summary.disclosure = public_counts(summary, overall)  # from the counts as they are, before any is hidden
        _suppress(summary)
    return summary


def _table(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Rows read from the pack as a frame of objects, gaps None (not NaN), with these columns even when empty."""
    frame = pd.DataFrame.from_records(rows, columns=columns)
    return frame.astype(object).where(frame.notna(), None)


def _frame(rows: list[tuple], columns: list[str], ints: tuple[str, ...] = ()) -> pd.DataFrame:
    """A frame whose gaps are None, not NaN (columns are objects), with whole-number columns as int64."""
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    return frame.astype({c: "int64" for c in ints}) if len(frame) else frame


def _answered(answers: pd.DataFrame, question_id: str) -> pd.DataFrame:
    return answers[answers["question_id"] == question_id]


def _case_answers(cases: pd.DataFrame, answers: pd.DataFrame, choice: list[dict]) -> pd.DataFrame:
    rows = []
    for q in choice:
        counts = Counter(zip(*(_answered(answers, q["id"])[c] for c in ("case_id", "value"))))
        for case_id in cases["case_id"]:
            total = sum(counts.get((case_id, o["value"]), 0) for o in q["options"])
            for o in q["options"]:
                n = counts.get((case_id, o["value"]), 0)
                rows.append((int(case_id), q["id"], q["text"], o["value"], o["label"], n, n / total if total else None,
                             str(n)))
    return _frame(rows, CASE_ANSWER_COLUMNS, ints=("case_id", "count"))


def _case_agreement(cases: pd.DataFrame, answers: pd.DataFrame, choice: list[dict]) -> pd.DataFrame:
    rows = []
    for q in choice:
        labels = {o["value"]: o["label"] for o in q["options"]}
        given = _answered(answers, q["id"]).groupby("case_id")["value"].apply(list).to_dict()
        for case_id in cases["case_id"]:
            counts = Counter(given.get(case_id, []))
            raters = sum(counts.values())
            if not raters:
                rows.append((int(case_id), q["id"], q["text"], 0, None, None, None, False))
                continue
            top = max(counts.values())
            leaders = [o["value"] for o in q["options"] if counts.get(o["value"]) == top]
            share = top / raters
            if len(leaders) == 1:
                rows.append((int(case_id), q["id"], q["text"], raters, leaders[0], labels[leaders[0]], share,
                             share < LOW_AGREEMENT_SHARE))
            else:
                tied = " and ".join(labels[v] for v in leaders)
                rows.append((int(case_id), q["id"], q["text"], raters, None, f"No majority: {tied} tied", share, True))
    return _frame(rows, CASE_AGREEMENT_COLUMNS, ints=("case_id", "raters")).astype({"low_agreement": bool})


def _question_agreement(answers: pd.DataFrame, choice: list[dict], cannot_show: list[str],
                        notes: list[str]) -> pd.DataFrame:
    rows = []
    unequal = []
    left_out_nei = False
    for q in choice:
        given = _answered(answers, q["id"])
        scale = [o["value"] for o in q["options"] if o["value"] != NOT_ENOUGH_INFORMATION]
        left_out_nei |= len(scale) < len(q["options"])
        level = "ordinal" if q.get("ordered") else "nominal"
        rated = given[given["value"].isin(scale)]
        code = {v: i for i, v in enumerate(scale)}
        alpha = kappa = None
        if len(rated):
            matrix = rated.assign(code=rated["value"].map(code)).pivot(index="member_id", columns="case_id",
                                                                        values="code")
            alpha = krippendorff_alpha(matrix.to_numpy(dtype=float), level, value_domain=list(range(len(scale))))
            counts = value_counts(matrix.to_numpy(dtype=float), range(len(scale)))
            totals = set(counts.sum(axis=1).tolist()) - {0}
            kappa = fleiss_kappa(counts)
            if len(totals) > 1:
                unequal.append(q["text"])
        all_counts = given.groupby(["case_id", "value"]).size().unstack(fill_value=0)
        rows.append((q["id"], q["text"], level, int(given["member_id"].nunique()), int(given["case_id"].nunique()),
                     alpha, kappa, percent_agreement(all_counts.to_numpy()) if len(all_counts) else None))
        if len(given) and alpha is None:
            cannot_show.append(f"Krippendorff's alpha cannot be worked out for \"{q['text']}\": it needs at least "
                               "two members rating the same case and more than one answer given.")
    if unequal:
        cannot_show.append("Fleiss' kappa is not shown for " + "; ".join(f'"{t}"' for t in unequal) + ": once "
                           "\"Not enough information to say\" answers are left out (they are not on the scale), its "
                           "cases had different numbers of answers on the scale, and kappa needs the same number for "
                           "every case. The members and cases columns count every answer given.")
    if left_out_nei and len(answers):
        notes.append("\"Not enough information to say\" answers are treated as missing for Krippendorff's alpha and "
                     "Fleiss' kappa (they say the record was not enough to judge, not where on the scale the case "
                     "sits); percent agreement counts them as answers like any other.")
    if len(answers):
        notes.append("Krippendorff's alpha and Fleiss' kappa run from below 0 (less agreement than chance) to 1 "
                     "(complete agreement); 0 is what chance alone would give. Alpha treats ordered questions as "
                     "ordered (Partly is nearer Yes than No is).")
    return _frame(rows, QUESTION_AGREEMENT_COLUMNS, ints=("raters", "cases"))


def _outcomes(raw: pd.DataFrame, responses: pd.DataFrame, overall: dict | None) -> pd.DataFrame:
    labels = {o["value"]: o["label"] for o in overall["options"]} if overall else {}
    first = _first_responses(responses, "case")
    rows = []
    for r in raw.itertuples(index=False):
        reply = first.get(int(r.case_id), {})
        rows.append((int(r.case_id), r.rating, labels.get(r.rating, r.rating), r.feedback_for_officer or "",
                     r.learning_for_force or "", bool(r.refer_onwards), json.loads(r.themes or "[]"),
                     reply.get("response"), reply.get("responded_on")))
    return _frame(rows, OUTCOME_COLUMNS, ints=("case_id",))


def _first_responses(responses: pd.DataFrame, target: str) -> dict[int, dict]:
    """The force's first reply to each case or action (responses come sorted by responded_on)."""
    first: dict[int, dict] = {}
    for r in responses[responses["target"] == target].itertuples(index=False):
        first.setdefault(int(r.target_id), {"response": r.response, "responded_on": r.responded_on})
    return first


def _themes(outcomes: pd.DataFrame) -> pd.DataFrame:
    counts = Counter(t for tags in outcomes["themes"] for t in tags)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))
    return _frame([(t, n, str(n)) for t, n in rows], THEME_COLUMNS, ints=("cases",))


def ethnicity_group(value) -> str:
    """'Black/African/Caribbean/Black British - African' -> 'Black'; a group or 'Not shown' stays as it is."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or not str(value).strip():
        return NOT_RECORDED
    text = str(value).strip()
    top, _, detail = text.partition(" - ")
    group = ETHNICITY_GROUPS.get(top.strip().casefold())
    if group == "Other" and detail.strip().casefold() == "not stated":
        return "Not stated"
    if group:
        return group
    if not detail:
        return text  # already a group, or Not shown / Not stated
    return re.split(r"[\s/]", top.strip(), maxsplit=1)[0]


def _categories(cases: pd.DataFrame, kind: str):
    """Each breakdown's dimension and every case's category in it ('Not recorded' for a blank)."""
    for dimension, column in BREAKDOWNS.get(kind, []):
        if column not in cases.columns:
            continue
        values = cases.set_index("case_id")[column]
        yield dimension, (values.map(ethnicity_group) if dimension in ETHNICITY_DIMENSIONS else
                          values.where(values.notna() & (values.astype(str).str.strip() != ""), NOT_RECORDED).astype(str))


def _group_cases(cases: pd.DataFrame, kind: str) -> pd.DataFrame:
    rows = []
    for dimension, values in _categories(cases, kind):
        counts = Counter(values)
        rows += [(dimension, category, counts[category], str(counts[category])) for category in sorted(counts)]
    return _frame(rows, GROUP_COLUMNS, ints=("cases",))


def _breakdowns(cases: pd.DataFrame, answers: pd.DataFrame, outcomes: pd.DataFrame, overall: dict | None,
                kind: str) -> pd.DataFrame:
    """Overall ratings by group, twice: the panel's agreed ratings (counted in cases) first, then members'
    own ratings (counted in ratings)."""
    if overall is None:
        return pd.DataFrame(columns=BREAKDOWN_COLUMNS)
    by_unit = {CASES: outcomes[["case_id", "rating"]].rename(columns={"rating": "value"}),
               RATINGS: _answered(answers, overall["id"])[["case_id", "value"]]}
    rows = []
    for dimension, values in _categories(cases, kind):
        for unit, rated in by_unit.items():
            counts = Counter(zip(rated["case_id"].map(values), rated["value"]))
            for category in sorted(set(values)):
                for o in overall["options"]:
                    n = counts.get((category, o["value"]), 0)
                    rows.append((dimension, unit, category, o["value"], o["label"], n, str(n)))
    return _frame(rows, BREAKDOWN_COLUMNS, ints=("count",))


def _engagement(seconds_on_cases: list[dict], members: pd.DataFrame, current: set, answers: pd.DataFrame) -> dict:
    present = members[members["member_id"].isin(current)]
    # only current members' time, as for every other figure
    seconds = [r["seconds"] for r in seconds_on_cases if r["member_id"] in current]
    median = float(np.median(seconds)) if seconds else None
    return {"invited": len(present), "took_part": int(answers["member_id"].nunique()),
            "finished": int(present["finished_at"].notna().sum()), "answers": len(answers),
            "median_seconds_per_case": median}


def _actions(raw: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
    first = _first_responses(responses, "action")
    rows = []
    for a in raw.itertuples(index=False):
        reply = first.get(int(a.action_id), {})
        days = None
        if reply.get("responded_on") and a.created_at:
            days = (date.fromisoformat(reply["responded_on"]) - date.fromisoformat(str(a.created_at)[:10])).days
        rows.append((int(a.action_id), a.text, a.owner, a.due_date, a.status, a.carried_from, reply.get("response"),
                     reply.get("responded_on"), days))
    return _frame(rows, ACTION_COLUMNS, ints=("action_id",))


def _member_texts(answers: pd.DataFrame, text_questions: list[dict], checked: CheckedWords) -> pd.DataFrame:
    """Members' words as the facilitator checked them (members write names too: the officer's, the person
    searched, a street), each case's and question's sorted alphabetically, so their order points to nobody.
    Words awaiting the check are left out (and counted in the report's section on what it cannot show)."""
    order = {q["id"]: i for i, q in enumerate(text_questions)}
    words = answers[answers["question_id"].isin(order)]
    rows = [(int(r.case_id), r.question_id, checked.of(ANSWER, r.case_id, f"{r.member_id}:{r.question_id}"))
            for r in words.itertuples(index=False)]
    rows = sorted(((c, q, t) for c, q, t in rows if t), key=lambda t: (t[0], order[t[1]], t[2].casefold(), t[2]))
    text_of = {q["id"]: q["text"] for q in text_questions}
    return _frame([(c, q, text_of[q], t) for c, q, t in rows], MEMBER_TEXT_COLUMNS, ints=("case_id",))


def _small(n) -> bool:
    return n is not None and 0 < n < SMALL_COUNT


def _suppress(summary: PackSummary) -> None:
    """Public mode: every count from 1 to 4 becomes None, shown as 'fewer than 5', with what would give it back."""
    ca = summary.case_answers.astype({"count": object, "share": object})
    small = ca["count"].map(_small)
    ca.loc[small, ["count", "share"]] = None
    ca.loc[small, "display"] = SUPPRESSED
    summary.case_answers = ca
    # A majority share times the raters is a count: hidden where that count is small.
    agreement = summary.case_agreement.astype({"majority_share": object})
    majority = [round(s * r) if s is not None and not pd.isna(s) else None
                for s, r in zip(agreement["majority_share"], agreement["raters"])]
    agreement.loc[[_small(m) for m in majority], "majority_share"] = None
    summary.case_agreement = agreement
    partners = _breakdown_partners(summary.breakdowns)
    for name, column in (("breakdowns", "count"), ("themes", "cases")):
        frame = getattr(summary, name).astype({column: object})
        small = frame[column].map(_small)
        frame.loc[small, column] = None
        frame.loc[small, "display"] = SUPPRESSED
        if name == "breakdowns" and partners:
            frame.loc[partners, column] = None
            frame.loc[partners, "display"] = HIDDEN
        setattr(summary, name, frame)


def _breakdown_partners(breakdowns: pd.DataFrame) -> list:
    """Secondary suppression: every breakdown splits the same ratings, so a rating's total is known from
    another one, and a lone hidden count in a breakdown could be had by subtraction. Beside it, the
    smallest other count is withheld too (an unstated category first, so the groups compared stay)."""
    partners = []
    for _, column in breakdowns.groupby(["dimension", "unit", "rating_value"], sort=False):
        gone = column.index[column["count"].map(_small)]
        if len(gone) != 1:
            continue
        others = column[(column.index != gone[0]) & (column["count"] > 0)]
        if others.empty:
            continue
        unstated = others[others["category"].isin(UNSTATED)]
        pick = unstated if len(unstated) else others
        partners.append(pick["count"].astype(int).idxmin())
    return partners


_MONTHS = {m.lower(): i for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July", "August",
                                               "September", "October", "November", "December"], start=1)}


def _quarter(text) -> str | None:
    """'2024-02-10T...' , '2024-02', 'February 2024', '2024-W07', '2024-Q1' or 'Q1 2024' -> '2024 Q1'."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return None
    text = str(text).strip()
    if m := re.match(r"(\d{4})-(\d{2})(?!\d)", text):
        return f"{m[1]} Q{(int(m[2]) - 1) // 3 + 1}"
    if m := re.fullmatch(r"([A-Za-z]+) (\d{4})", text):
        if m[1].lower() in _MONTHS:
            return f"{m[2]} Q{(_MONTHS[m[1].lower()] - 1) // 3 + 1}"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", text):
        try:
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
        return f"{monday.year} Q{(monday.month - 1) // 3 + 1}"
    if m := re.fullmatch(r"(\d{4})[- ]?Q([1-4])|Q([1-4]) (\d{4})", text):
        return f"{m[1]} Q{m[2]}" if m[1] else f"{m[4]} Q{m[3]}"
    return None


def _latest_quarter(months) -> str | None:
    if months is None:
        return None
    quarters = sorted({q for q in map(_quarter, months) if q})
    return quarters[-1] if quarters else None


# ---------------------------------------------------------------------------------------------- trends


def one_session_each(summaries: list[PackSummary]) -> None:
    """Refuse two copies of one pack in a report: trends would count that session twice."""
    seen: dict[str, str] = {}
    for s in summaries:
        if s.session in seen:
            raise InputError(f"{Path(seen[s.session]).name} and {Path(s.file).name} are copies of one pack (the same "
                             "session), so trends would count it twice", file=s.file,
                             expected="each session's pack once")
        seen[s.session] = s.file


def trends(summaries: list[PackSummary]) -> Trends:
    """Sessions of one kind and one form side by side: ratings by quarter, themes that recur, actions over time."""
    if not summaries:
        raise InputError("no packs were given to compare", expected="the summaries of one or more packs")
    first = summaries[0]
    for other in summaries[1:]:
        ours, theirs = isolated(first.title), isolated(other.title)  # the facilitators' words: markup.isolated says why
        if other.kind != first.kind:
            raise InputError(f"the packs '{ours}' and '{theirs}' cannot be compared: '{ours}' is a "
                             f"{first.kind} pack and '{theirs}' is a {other.kind} pack", file=other.file or None,
                             expected=f"packs of one kind ({first.kind})")
        if other.form_id != first.form_id or _scale(other) != _scale(first):
            raise InputError(f"the packs '{ours}' and '{theirs}' cannot be compared: they use different "
                             f"rating forms ('{first.form_id}' and '{other.form_id}')" if other.form_id != first.form_id
                             else f"the packs '{ours}' and '{theirs}' cannot be compared: their overall "
                                  "questions have different answers", file=other.file or None,
                             expected=f"packs rated with the same form ({first.form_id})")
    public = any(s.public for s in summaries)
    notes = []
    rows, theme_rows, action_rows = [], [], []
    for session, s in enumerate(summaries):
        overall = next((q for q in s.form["questions"] if q.get("overall")), None)
        ratings, basis = _session_ratings(s, overall)
        if basis == "majority":
            notes.append(f"'{isolated(s.title)}' has no agreed outcomes, so its members' majority overall rating is used "
                         "(cases with a tie are left out).")
        total = len(ratings)
        counts = Counter(ratings)
        options = overall["options"] if overall else []
        # The key of each count in the session's own disclosure control (report/disclosure.py): a public trend
        # prints a session's counts exactly as its own section does, withheld where that withholds them.
        keys = {o["value"]: ("agreed", o["value"]) if basis == "agreed" else ("majority", overall["id"], o["value"])
                for o in options}
        for o in options:
            n = counts.get(o["value"], 0)
            share = n / total if total else None
            if s.public:
                n, share = _disclosed(s, keys[o["value"]], n, share, list(keys.values()), basis)
            rows.append((s.quarter, s.title, o["value"], o["label"], share, n, basis, session, keys[o["value"]]))
        for theme in s.themes["theme"]:
            theme_rows.append((theme, s.title))
        acts = s.actions
        action_rows.append((s.title, int(acts["carried_from"].notna().sum()), int(acts["carried_from"].isna().sum()),
                            int(acts["status"].isin(CLOSED_STATUSES).sum()), int(acts["status"].isin(OPEN_STATUSES).sum())))
    by_quarter = _frame(rows, ["quarter", "pack", "rating_value", "rating_label", "share", "cases", "basis", "session",
                               "count_key"])

    theme_cases: Counter = Counter()
    for s in summaries:
        for r in s.themes.itertuples(index=False):
            theme_cases[r.theme] += r.cases if r.cases is not None else 0
    sessions = Counter(t for t, _ in theme_rows)
    recurring = _frame(sorted(((t, sessions[t], theme_cases[t]) for t in sessions),
                              key=lambda r: (-r[1], -r[2], r[0].lower())), ["theme", "sessions", "cases"],
                       ints=("sessions",))
    if public:
        small = recurring["cases"].map(_small)
        recurring.loc[small, "cases"] = None
        notes.append(f"Counts from 1 to {SMALL_COUNT - 1} are left out, as in a public report; each session's "
                     "ratings quarter by quarter are withheld exactly where its own section withholds them.")
    if any(s.public for s in summaries) and not all(s.public for s in summaries):
        notes.append("Some of the packs were summed up for the public, so their small theme counts were already "
                     "hidden and recurring theme totals may be low.")
    return Trends(by_quarter=by_quarter.sort_values(["quarter", "pack"], kind="stable", na_position="last")
                  .reset_index(drop=True),
                  recurring_themes=recurring,
                  actions=_frame(action_rows, ["pack", "carried_in", "opened", "closed", "still_open"],
                                 ints=("carried_in", "opened", "closed", "still_open")),
                  notes=notes)


def _disclosed(s: PackSummary, key: tuple, n: int, share, keys: list[tuple], basis: str) -> tuple:
    """A public session's count and share as its disclosure control lets them be known: None where withheld.
    A share is known only with its total: the agreed total, or for members' majorities every count of the set."""
    d = s.disclosure
    if d is None or key not in d.published:
        return None, None
    n = d.value(key)
    total_known = d.value(("agreed_all",)) is not None if basis == "agreed" else all(d.value(k) is not None for k in keys)
    return n, share if n is not None and total_known else None


def _scale(summary: PackSummary) -> list:
    overall = next((q for q in summary.form["questions"] if q.get("overall")), {})
    return [o["value"] for o in overall.get("options", [])]


def _session_ratings(s: PackSummary, overall: dict | None) -> tuple[list[str], str]:
    """Each case's agreed overall rating, or without any agreed outcomes the members' majority."""
    if len(s.outcomes):
        return s.outcomes["rating"].tolist(), "agreed"
    if overall is None:
        return [], "majority"
    rows = s.case_agreement[(s.case_agreement["question_id"] == overall["id"])
                            & s.case_agreement["majority_value"].notna()]
    return rows["majority_value"].tolist(), "majority"
