"""The force's report: what it says, built as typed data (report/sections.py) from sessions' summaries, and
marked up by the autoescaped Jinja2 templates in report/templates/ (report/markup.py).

This module decides what is said: which sections, which counts (the public version's through the
disclosure policy, which registers every count as it is printed), which tables and charts, and what the
report cannot show. It writes no HTML. There is no JavaScript and nothing is fetched.

    HTML(report(["packs/march.pack.db"]))              # what notebooks/report.ipynb shows
    render_report([summarise(p) for p in packs], trends(...))
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from itertools import count

import pandas as pd

from panel_tool.anonymise.pseudonyms import short_code
from panel_tool.anonymise.redaction import redact
from panel_tool.report import charts
from panel_tool.report.colours import RATING_COLOURS
from panel_tool.report.disclosure import WITHHELD
from panel_tool.report.markup import isolated, listing, plural, render
from panel_tool.report.sections import (About, Badge, Bar, CaseWords, Chart, Codes, Cover, Dimension, Disagreed,
                                        Force, Groups, Part, Report, Session, Table, Thought, TookPart, Trends, Words)

# What a count counts, named under every table and chart: a case is one search; a rating is one member's answer
# about one case, so five members rating one case make five ratings.
CASES = "cases"
RATINGS = "members' ratings, one per member per case"

# How a breakdown's dimension reads in a heading ("By ethnic group").
DIMENSIONS = {"self_defined_ethnicity": "Ethnic group", "subject_ethnicity": "Ethnic group", "age_range": "Age range",
              "legislation": "Power used", "object_of_search": "Object of search", "outcome": "Outcome"}


def blank(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def number(n) -> str:
    """A count as the force's copy prints it (the public version prints counts through its disclosure policy)."""
    if blank(n):
        return ""
    return f"{int(n):,}"


def percent(share) -> str:
    if blank(share):
        return "cannot be worked out"
    share = float(share)
    return f"{share * 100:.0f}%" if share <= 1 else f"{share:.0f}%"


def humanise(name) -> str:
    """'self_defined_ethnicity_group' -> 'Self defined ethnicity group'."""
    text = str(name).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def records(frame) -> list[dict]:
    if frame is None or not isinstance(frame, pd.DataFrame) or frame.empty:
        return []
    return frame.to_dict("records")


# -- the form: which answers are ratings, in what order, in what colour ----------------------------

class Form:
    def __init__(self, form: dict | None):
        form = form or {}
        self.title = form.get("title", "")
        self.questions = [q for q in form.get("questions", []) if isinstance(q, dict)]
        self.overall = next((q for q in self.questions if q.get("overall")), None)
        self.options = {q.get("id"): {o.get("value"): (i, o.get("colour"), o.get("label"))
                                      for i, o in enumerate(q.get("options", []))} for q in self.questions}

    def order(self, question_id, value) -> int:
        return self.options.get(question_id, {}).get(value, (999,))[0]

    def colour(self, question_id, value) -> str:
        found = self.options.get(question_id, {}).get(value)
        return found[1] if found and found[1] in RATING_COLOURS else "plain"

    def rating_order(self, value) -> int:
        return self.order(self.overall.get("id") if self.overall else None, value)

    def rating_colour(self, value) -> str:
        return self.colour(self.overall.get("id") if self.overall else None, value)


def _text(value) -> str:
    """A table cell's value as text: nothing for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


class Writer:
    """Numbers figures and tables, keeps the ids of SVG patterns unique in the document, collects what the
    session being built cannot show, and prints counts (registering them, in the public version)."""

    def __init__(self, public: bool):
        self.public = public
        self.figures = count(1)
        self.tables = count(1)
        self.ids = count(1)
        self.unshown: list[str] = []  # what the session being built cannot show, in the order found
        self.disclosure = None  # public: the session's counts as the disclosure policy lets them be printed

    def count(self, key: tuple, n) -> str:
        """A count as printed. In the public version every count goes through the disclosure policy, which
        withholds it or not and registers that it was printed (report/disclosure.py)."""
        return self.disclosure.shown(key) if self.public else number(n)

    def left_out(self, table: tuple) -> bool:
        """Whether the public version leaves this whole table out (disclosure.family: a small session's rows
        would say too much by being there)."""
        return self.public and self.disclosure is not None and table in self.disclosure.left_out

    def amount(self, key: tuple, n):
        """A count as a bar's length: None (no bar) where the public version withholds it."""
        return self.disclosure.value(key) if self.public else n

    def table(self, caption: str, unit: str, headings: list[str], rows: list[list], numeric: set[int] = frozenset()) -> Table:
        """The next table. `unit` names what it counts (cases, ratings, members, one row per case...)."""
        return Table(next(self.tables), caption, unit, tuple(headings),
                     tuple(tuple(v if isinstance(v, (Badge, Codes)) else _text(v) for v in row) for row in rows),
                     frozenset(numeric))

    def chart(self, bars: list[Bar], caption: str, unit: str, table: Table, wide: bool = False) -> Chart:
        """The next figure: a horizontal bar chart, with its text alternative, caption, and data table. A chart
        with no bar to draw (in the public version, often every count withheld) would be an empty frame a
        reader takes for a fault or a zero: a sentence says why there is none, and the table stays."""
        if not any(b.value for b in bars):
            withheld = self.public and any(b.value is None for b in bars)
            caption = caption[:1].lower() + caption[1:]  # said inside a sentence
            said = (f"There is no chart of {caption}: every count in it is withheld to protect the people "
                    f"counted, and the table reads \u201c{WITHHELD}\u201d." if withheld else
                    f"There is no chart of {caption}: there is nothing to count yet.")
            return Chart(0, "", caption, unit, "", None, table, wide, said)
        n, uid = next(self.figures), f"pt{next(self.ids)}"
        alt = f"Bar chart, {caption}: " + "; ".join(f"{b.label}: {b.text}" for b in bars) + "."
        return Chart(n, uid, caption, unit, alt, charts.draw(bars, uid), table, wide)

    def cannot(self, sentence: str) -> None:
        """Note something the report cannot show: said in its own section, not where the thing would be."""
        self.unshown.append(sentence)

    @staticmethod
    def badge(label, colour: str | None) -> Badge | str:
        if blank(label):
            return ""
        return Badge(str(label), colour) if colour in RATING_COLOURS else str(label)


# -- one session's sections ----------------------------------------------------------------------------

def render_pack(s, w: Writer, level: int = 2) -> str:
    """One session's sections as HTML. `level` is the heading level of its sections (2 alone, 3 under a
    session heading)."""
    return render("sections/pack.j2", session=_session(s, w, level))


def _session(s, w: Writer, level: int) -> Session:
    """Whatever the session cannot show (the summary's own sentences, and the gaps its sections find while
    they are built) is collected in `w.unshown`, to be said once in its own section."""
    form = Form(getattr(s, "form", None))
    w.unshown = list(getattr(s, "cannot_show", None) or [])
    w.disclosure = getattr(s, "disclosure", None)
    parts = [Part("What the panel thought", "thought", _thought(s, w, form)),
             Part("Where members disagreed", "disagreed", _disagreed(s, w)),
             Part("How members took part", "took_part", _took_part(s, w)),
             Part("Themes", "themes", _themes(s, w)),
             Part("Ratings by group", "groups", _groups(s, w, form)),
             Part("What the force said it will do", "force", _force(s, w, form))]
    if not w.public:
        officers = _officers(s, w)
        if officers is not None:  # left out when every case is in the panel's view of each case
            parts.append(Part("For the force: which record and officer each case concerns", "officers", officers))
    return Session(str(s.title), level, _about(s, form), tuple(dict.fromkeys(w.unshown)), tuple(parts),
                   tuple(getattr(s, "notes", None) or []))


def _about(s, form: Form) -> About:
    released, closed, status = (getattr(s, name, None) for name in ("released_at", "closed_at", "status"))
    return About(kind=humanise(getattr(s, "kind", "") or "review").lower(), form=form.title or "",
                 released=None if blank(released) else str(released)[:10],
                 closed=None if blank(closed) else str(closed)[:10],
                 status=None if blank(status) else str(status), purged=bool(getattr(s, "purged", False)))


def _answer_totals(s, form: Form) -> list[tuple[str, str, list[tuple[str, str, int]]]]:
    """Members' answers to each question added up over the cases: (question id, text, [(value, label, count)])."""
    rows = records(getattr(s, "case_answers", None))
    order: dict = {}
    for r in rows:
        q = order.setdefault(r["question_id"], {"text": r.get("question"), "answers": {}})
        answer = q["answers"].setdefault(r["value"], [r.get("label") or r["value"], 0])
        answer[1] += int(r.get("count") or 0)
    ids = [q.get("id") for q in form.questions if q.get("id") in order] + [k for k in order if k not in
                                                                           {q.get("id") for q in form.questions}]
    out = []
    for qid in ids:
        answers = sorted(order[qid]["answers"].items(), key=lambda kv: form.order(qid, kv[0]))
        if not sum(n for _, n in order[qid]["answers"].values()):
            continue  # nobody has answered it yet
        out.append((qid, order[qid]["text"], [(v, label, n) for v, (label, n) in answers]))
    return out


def _thought(s, w: Writer, form: Form) -> Thought:
    outcomes = records(getattr(s, "outcomes", None))
    agreed = None
    if outcomes:
        counts = Counter(o["rating"] for o in outcomes)
        options = [(o["value"], o.get("label") or o["value"]) for o in (form.overall or {}).get("options", [])] or \
            sorted({(o["rating"], o.get("rating_label") or o["rating"]) for o in outcomes}, key=lambda vl: form.rating_order(vl[0]))
        total = w.count(("agreed_all",), len(outcomes))
        bars = [Bar(isolated(label), w.amount(("agreed", v), counts[v]), _of(w.count(("agreed", v), counts[v]), total),
                    form.rating_colour(v)) for v, label in options]
        table = w.table("The panel's agreed rating of each case, counted", CASES, ["Rating", "Cases"],
                        [[label, w.count(("agreed", v), counts[v])] for v, label in options] + [["All agreed", total]],
                        numeric={1})
        agreed = w.chart(bars, "the panel's agreed ratings, after discussion", CASES, table)
    else:
        w.cannot("The report cannot show the panel's agreed ratings because the panel has not recorded "
                 "an agreed outcome for any case yet.")

    totals = _answer_totals(s, form) if not w.public else []
    majorities = _majorities(s, form) if w.public else []
    if any(w.left_out(("majority", qid)) for qid, _, _ in majorities):
        w.cannot("The public version leaves out some questions' most common answers: this session has too few "
                 "cases to show them without giving some away.")
    majorities = [m for m in majorities if not w.left_out(("majority", m[0]))]
    answers = []
    for qid, text, given in majorities:
        bars = [Bar(isolated(label), w.amount(("majority", qid, v), n), _counted(w.count(("majority", qid, v), n), "cases"),
                    form.colour(qid, v))
                for v, label, n in given]
        table = w.table(f"Cases by the answer most members gave to \u201c{isolated(text)}\u201d", CASES, ["Most common answer", "Cases"],
                        [[label, w.count(("majority", qid, v), n)] for v, label, n in given], numeric={1})
        answers.append(w.chart(bars, f"cases by the answer most members gave to \u201c{isolated(text)}\u201d", CASES,
                               table))
    for qid, text, given in totals:  # the force's copy only: answers counted over all cases
        total = sum(n for _, _, n in given)
        bars = [Bar(isolated(label), n, f"{number(n)} ({percent(n / total) if total else '0%'})", form.colour(qid, v))
                for v, label, n in given]
        table = w.table(f"Answers to \u201c{isolated(text)}\u201d", RATINGS, ["Answer", "Answers given", "Share"],
                        [[label, number(n), percent(n / total) if total else "0%"]
                         for _, label, n in given], numeric={1, 2})
        answers.append(w.chart(bars, f"members' answers to \u201c{isolated(text)}\u201d, all cases together", RATINGS,
                               table))
    if not totals and not majorities:
        w.cannot("The report cannot show members' answers because no member has answered any case.")

    cases = None
    if outcomes and not w.public:  # a per-case list of ratings would give back the public version's withheld counts
        officers = _pseudonyms_of(s)
        headings = ["Case", "Record and officer", "Agreed rating", "Feedback for the officer", "Learning for the force",
                    "Referred onwards", "Themes"]
        rows = [[f"Case {o['case_id']}", officers.get(o["case_id"], ""),
                 w.badge(o.get("rating_label") or o.get("rating"), form.rating_colour(o.get("rating"))),
                 o.get("feedback_for_officer"), o.get("learning_for_force"),
                 "Yes" if _truthy(o.get("refer_onwards")) else "No", _themes_text(o.get("themes"))] for o in outcomes]
        cases = w.table("What the panel agreed about each case", "one row per case", headings, rows)
    return Thought(agreed, tuple(answers), cases, None if w.public else _words(s, w))


def _words(s, w: Writer) -> Words:
    """Members' own words, case by case and question by question, as the facilitator checked them."""
    texts = records(getattr(s, "member_texts", None))
    by_case: dict = {}
    for t in texts:
        if not blank(t.get("text")):
            by_case.setdefault(t["case_id"], {}).setdefault(t.get("question") or t.get("question_id"), []).append(t["text"])
    awaiting = bool(getattr(s, "words_awaiting_check", 0))
    if not texts and not awaiting:
        w.cannot("The report cannot show members' own words because no member wrote any.")
    # The same words from several members are printed once, with how many wrote them.
    cases = tuple(CaseWords(_text(case), tuple((_text(q), tuple((_text(x), n) for x, n in Counter(said).items()))
                                               for q, said in questions.items()))
                  for case, questions in by_case.items())
    return Words(bool(texts), cases, awaiting)


def _majorities(s, form: Form) -> list[tuple[str, str, list[tuple[str, str, int]]]]:
    """Public version: for each question, how many cases had each answer as the one most members gave."""
    rows = [r for r in records(getattr(s, "case_agreement", None)) if not blank(r.get("majority_value"))]
    found: dict = {}
    for r in rows:
        q = found.setdefault(r["question_id"], {"text": r.get("question"), "answers": {}})
        q["answers"].setdefault(r["majority_value"], [r.get("majority_label") or r["majority_value"], 0])[1] += 1
    known = [q.get("id") for q in form.questions]
    ids = sorted(found, key=lambda qid: known.index(qid) if qid in known else len(known))
    return [(qid, found[qid]["text"], [(v, label, n) for v, (label, n) in
                                       sorted(found[qid]["answers"].items(), key=lambda kv: form.order(qid, kv[0]))])
            for qid in ids]


def _truthy(value) -> bool:
    return not blank(value) and str(value).lower() not in ("0", "false", "no")


def _themes_text(value) -> str:
    if blank(value) if not isinstance(value, (list, tuple)) else not value:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def _disagreed(s, w: Writer) -> Disagreed | None:
    qa = [r for r in records(getattr(s, "question_agreement", None))
          if not blank(r.get("percent_agreement")) or not blank(r.get("alpha"))]
    if not qa:
        return w.cannot(
            "The report cannot show how far members agreed because no case was answered by two or more members.")
    bars = [Bar(isolated(r.get("question") or r["question_id"]), None if blank(r.get("percent_agreement")) else float(r["percent_agreement"]),
                percent(r.get("percent_agreement"))) for r in qa]
    table = w.table("Agreement between members, question by question", "one row per question",
                    ["Question", "Members", "Cases", "Agreement", "Krippendorff's alpha", "Fleiss' kappa"],
                    [[r.get("question"), w.count(("question", r["question_id"], "members"), r.get("raters")),
                      w.count(("question", r["question_id"], "cases"), r.get("cases")),
                      percent(r.get("percent_agreement")), _stat(r.get("alpha")), _stat(r.get("fleiss_kappa"))] for r in qa],
                    numeric={1, 2, 3, 4, 5})
    chart = w.chart(bars, "how often members gave the same answer, question by question", "share of cases", table,
                    wide=True)
    low = [str(c) for c in getattr(s, "low_agreement_cases", None) or []]
    rows = [r for r in records(getattr(s, "case_agreement", None)) if _truthy(r.get("low_agreement"))] \
        if low and not w.public else []  # each case's answers, listed, would give back withheld counts
    cases = w.table("Cases and questions where members disagreed", "one row per case and question",
                    ["Case", "Question", "Most common answer", "Share who gave it", "Members"],
                    [[f"Case {r['case_id']}", r.get("question"), r.get("majority_label"),
                      percent(r.get("majority_share")), number(r.get("raters"))] for r in rows],
                    numeric={3, 4}) if rows else None
    return Disagreed(chart, tuple(low), cases)


def _stat(value) -> str:
    return "cannot be worked out" if blank(value) else f"{float(value):.2f}"


def _took_part(s, w: Writer) -> TookPart | None:
    g = dict(getattr(s, "engagement", None) or {})
    invited = g.get("invited", getattr(s, "members_invited", None))
    if blank(invited) or not invited:
        return w.cannot(
            "The report cannot show how members took part because no members were invited to this session.")
    steps = [("Were invited", invited), ("Took part", g.get("took_part")), ("Finished every case", g.get("finished"))]
    steps = [(label, ("members", key), int(n)) for (label, n), key in zip(steps, ("invited", "took_part", "finished"))
             if not blank(n)]
    bars = [Bar(label, w.amount(key, n), f"{w.count(key, n)} members") for label, key, n in steps]
    table = w.table("How many members took part", "members", ["Members who", "Members"],
                    [[label, w.count(key, n)] for label, key, n in steps], numeric={1})
    chart = w.chart(bars, "members invited, who took part and who finished", "members", table)
    answers = None if blank(g.get("answers")) else w.count(("answers",), g["answers"])
    spent, seconds = None, g.get("median_seconds_per_case")
    if not blank(seconds):
        minutes, secs = divmod(int(round(float(seconds))), 60)
        spent = f"{plural(minutes, 'minute')} {plural(secs, 'second')}" if minutes else plural(secs, "second")
    return TookPart(chart, answers, spent)


def _themes(s, w: Writer) -> Chart | None:
    rows = records(getattr(s, "themes", None))
    if not rows:
        return w.cannot(
            "The report cannot show themes because the panel did not tag any case with a theme.")
    if w.left_out(("themes",)):
        return w.cannot("The public version leaves out the themes: this session has too few cases to show "
                        "them without giving some away.")
    # A theme is typed by the facilitator in the meeting ("grounds", or a name in haste): the public version
    # prints it as the redactor leaves it.
    label = (lambda theme: redact(str(theme)).text) if w.public else str
    bars = [Bar(isolated(label(r["theme"])), w.amount(("theme", r["theme"]), r["cases"]),
                _counted(w.count(("theme", r["theme"]), r["cases"]), "cases")) for r in rows]
    table = w.table("Themes the panel raised", CASES, ["Theme", "Cases"],
                    [[label(r["theme"]), w.count(("theme", r["theme"]), r["cases"])] for r in rows], numeric={1})
    return w.chart(bars, "how many cases the panel tagged with each theme", CASES, table)


def _groups(s, w: Writer, form: Form) -> Groups | None:
    """Cases first: how many cases each group holds and the panel's agreed rating of them, counted in cases;
    then (the force's copy) members' own overall ratings of the same cases, counted in ratings."""
    rows = records(getattr(s, "breakdowns", None))
    if all(not blank(r.get("count")) and not int(r["count"]) for r in rows):  # nothing, or only zeros
        return w.cannot(
            "The report cannot show ratings by group because no member has given an overall rating yet.")
    agreed = any(r.get("unit") == "cases" and (blank(r.get("count")) or int(r["count"])) for r in rows)
    units = (["cases"] if agreed else []) + ([] if w.public else ["ratings"])
    sizes = {(r["dimension"], r["category"]): r["cases"] for r in records(getattr(s, "group_cases", None))}
    dims: dict = {}
    for r in rows:
        dims.setdefault(r["dimension"], {}).setdefault(r.get("unit"), []).append(r)
    dimensions = []
    for dim, by_unit in dims.items():
        name = DIMENSIONS.get(dim, humanise(dim))
        if w.left_out(("groups", dim)):
            w.cannot(f"The public version leaves out cases by {name.lower()}: this session has too few cases "
                     "to show them without giving some away.")
            continue
        blocks = []
        categories = list(dict.fromkeys(r["category"] for r in rows if r["dimension"] == dim))
        size = {c: w.count(("size", dim, c), sizes.get((dim, c), 0)) for c in categories}
        if not units:  # public, before any agreed rating: how many cases each group holds
            blocks.append(w.table(f"Cases by {name.lower()}", CASES, [name, "Cases"], [[c, size[c]] for c in categories],
                                  numeric={1}))
        for unit in units:
            items = by_unit.get(unit, [])
            ratings = sorted({(r["rating_value"], r.get("rating_label") or r["rating_value"]) for r in items},
                             key=lambda vl: form.rating_order(vl[0]))
            # the counts as they are (the public version prints them only through w.count)
            cell = {(r["category"], r["rating_value"]): w.disclosure.counts[("group", dim, r["category"], r["rating_value"])]
                    if w.public else int(r["count"]) for r in items}
            if unit == "cases":
                caption, counted = f"Cases by {name.lower()}, and the panel's agreed rating of them", CASES
                shown = {k: w.count(("group", dim, *k), n) for k, n in cell.items()}
                heads, lead = ["Cases"], {c: [size[c]] for c in categories}
            else:
                caption, counted = f"Members' overall ratings by {name.lower()}", RATINGS
                shown = {k: number(n) for k, n in cell.items()}
                heads = ["Cases", "Ratings"]
                lead = {c: [size[c], number(sum(n for (cc, _), n in cell.items() if cc == c))] for c in categories}
            table = w.table(caption, counted, [name] + heads + [label for _, label in ratings],
                            [[c] + lead[c] + [shown.get((c, v), "0") for v, _ in ratings] for c in categories],
                            numeric=set(range(1, len(heads) + len(ratings) + 1)))
            if unit != units[0]:
                blocks.append(table)  # one chart a breakdown, of what is compared first
                continue
            bars = [Bar(f"{isolated(c)}: {isolated(label)}", w.amount(("group", dim, c, v), cell[(c, v)]) if unit == "cases" else cell[(c, v)],
                        _counted(shown[(c, v)], unit), form.rating_colour(v))
                    for c in categories for v, label in ratings if shown.get((c, v), "0") != "0"]
            blocks.append(w.chart(bars, caption, counted, table))
        dimensions.append(Dimension(name, tuple(blocks)))
    return Groups(w.public, tuple(dimensions))


def _of(shown: str, total: str) -> str:
    """'5 of 12 cases'; a withheld count reads 'not shown' on its own."""
    return f"{shown} of {total} cases" if shown[:1].isdigit() else shown


def _counted(shown: str, unit: str) -> str:
    return f"{shown} {_unit_word(shown, unit)}".strip()


def _unit_word(shown: str, unit: str) -> str:
    """'1 case', '3 cases', 'not shown cases' -> 'not shown' reads on its own: the word after a printed count."""
    if shown == "1":
        return unit[:-1]
    return unit if shown[:1].isdigit() else ""


def _force(s, w: Writer, form: Form) -> Force | None:
    asked, statuses, table = 0, (), None
    actions = records(getattr(s, "actions", None))
    if actions:
        counts = Counter(str(a.get("status")) for a in actions)
        # One sentence, not a chart: the table lists every action with its status.
        asked, statuses = len(actions), tuple(f"{w.count(('actions', st), counts[st])} {humanise(st).lower()}"
                                              for st in dict.fromkeys(str(a.get("status")) for a in actions))
        rows = []
        for a in actions:
            days = a.get("days_to_respond")
            said = [] if w.public else [a.get("text"), a.get("owner")]
            reply = [] if w.public else [a.get("response") if not blank(a.get("response")) else "No reply yet"]
            rows.append([f"Action {a['action_id']}", *said, a.get("due_date"), humanise(a.get("status")),
                         a.get("carried_from"), *reply, a.get("responded_on"), "" if blank(days) else plural(int(days), "day")])
        words = [] if w.public else ["What the panel asked", "Owner"]
        table = w.table("The panel's actions and the force's replies", "one row per action",
                        ["Action", *words, "Due", "Status", "Carried from", *([] if w.public else ["The force's reply"]),
                         "Replied on", "Time to reply"], rows)
        if w.public:
            # Written in the panel's and the force's own words, which no one checks for names (or a case's
            # rating, "case 2, which it rated red") before publication.
            w.cannot("The public version does not repeat what each action asks, who owns it or the force's "
                     "replies: they are in the force's copy.")
    else:
        w.cannot("The report cannot show actions because the panel recorded none for the force.")
    outcomes = records(getattr(s, "outcomes", None))
    replies = [o for o in outcomes if not blank(o.get("force_response"))]
    replied, no_reply = None, False
    if w.public:
        pass  # each case's agreed rating beside the force's reply would give back withheld counts
    elif replies:
        replied = w.table("What the force said about the panel's view of each case", "one row per case",
                          ["Case", "Agreed rating", "The force's reply", "Replied on"],
                          [[f"Case {o['case_id']}", w.badge(o.get("rating_label") or o.get("rating"),
                                                            form.rating_colour(o.get("rating"))),
                            o.get("force_response"), o.get("responded_on")] for o in replies])
    else:
        no_reply = bool(outcomes)
    if table is None and replied is None and not no_reply:
        return None
    return Force(asked, statuses, table, replied, no_reply)


def _pseudonyms_of(s) -> dict[int, Codes]:
    """Each case's record and officers as the force's copy prints them: 'Record 4HQA-Z2XC', 'Officer K7QX-2M4P',
    several officers listed (short codes from the keyed hashes, never the hex digest)."""
    found: dict[int, list[str]] = {}
    for r in records(getattr(s, "record_refs", None)):
        found.setdefault(int(r["case_id"]), []).append(f"Record {short_code(r['record_ref'])}")
    for r in records(getattr(s, "officer_refs", None)):
        found.setdefault(int(r["case_id"]), []).append(f"Officer {short_code(r['officer_ref'])}")
    return {case: Codes(tuple(names)) for case, names in sorted(found.items())}


def _officers(s, w: Writer) -> Table | None:
    """The records and officers of cases the panel has not agreed an outcome for (the others are in the panel's
    view of each case)."""
    agreed = {int(o["case_id"]) for o in records(getattr(s, "outcomes", None))}
    rest = [(case, names) for case, names in _pseudonyms_of(s).items() if case not in agreed]
    if not rest:
        return None
    return w.table("Records and officers of the cases without an agreed outcome", "one row per case",
                   ["Case", "Record and officers"], [[f"Case {case}", names] for case, names in rest])


# -- across sessions -------------------------------------------------------------------------------------

def _trends(t, w: Writer, summaries: list | None = None) -> Trends:
    """How things changed across sessions. In the public version each session's ratings quarter by quarter are
    printed through that session's own disclosure control, so they are withheld exactly where its own section
    withholds them, and nothing is summed across sessions (a sum less one session's counts would give back
    another's)."""
    w.unshown = []
    ratings = themes_chart = actions_chart = None
    quarters = records(getattr(t, "by_quarter", None))
    if quarters and w.public and summaries is None:
        w.cannot("Ratings quarter by quarter are not repeated here in a public report: each session's "
                 "own section gives its agreed ratings under its disclosure control.")
    elif quarters:
        bars, rows = [], []
        for r in quarters:
            quarter = "Date not known" if blank(r.get("quarter")) else str(r["quarter"])
            hidden = blank(r.get("share"))
            shown = (WITHHELD if w.public else "no cases rated") if hidden else percent(r.get("share"))
            bars.append(Bar(f"{quarter}, {isolated(r.get('pack'))}: {isolated(r.get('rating_label') or r['rating_value'])}",
                            None if hidden else float(r["share"]), shown,
                            _rating_colour_word(r.get("rating_label") or r.get("rating_value"))))
            cases = _session_count(summaries[int(r["session"])], tuple(r["count_key"])) if w.public \
                else number(r.get("cases"))
            rows.append([quarter, r.get("pack"), r.get("rating_label") or r.get("rating_value"), shown, cases])
        table = w.table("Share of each agreed rating, quarter by quarter", CASES, ["Quarter", "Session", "Rating", "Share", "Cases"],
                        rows, numeric={3, 4})
        ratings = w.chart(bars, "the share of cases given each rating, by quarter", "share of cases", table)
    else:
        w.cannot("The report cannot show ratings over time because no session has agreed ratings.")
    themes = records(getattr(t, "recurring_themes", None))
    if w.public and any(("themes",) in getattr(getattr(s, "disclosure", None), "left_out", ()) for s in summaries or ()):
        # a session too small to show its themes: which themes it raised would say what its own section hides
        w.cannot("The public version does not follow themes across sessions: a session among them is too small "
                 "to show its themes.")
        themes = []
    label = (lambda theme: redact(str(theme)).text) if w.public else str
    if themes:
        bars = [Bar(isolated(label(r["theme"])), int(r["sessions"]), plural(int(r["sessions"]), "session"))
                for r in themes]
        if w.public:  # cases summed over sessions, less the sessions' own counts, would give back withheld ones
            table = w.table("Themes and the sessions that raised them", "sessions", ["Theme", "Sessions"],
                            [[label(r["theme"]), int(r["sessions"])] for r in themes], numeric={1})
        else:
            table = w.table("Themes and the sessions that raised them", "sessions and cases", ["Theme", "Sessions", "Cases"],
                            [[r["theme"], int(r["sessions"]), number(r["cases"])] for r in themes], numeric={1, 2})
        themes_chart = w.chart(bars, "in how many sessions the panel raised each theme", "sessions", table)
    actions = records(getattr(t, "actions", None))
    if actions:
        bars = []
        for r in actions:
            bars.append(Bar(f"{isolated(r['pack'])}: closed", int(r["closed"]), plural(int(r["closed"]), "action"), "green"))
            bars.append(Bar(f"{isolated(r['pack'])}: still open", int(r["still_open"]), plural(int(r["still_open"]), "action"), "amber"))
        table = w.table("Actions session by session", "actions", ["Session", "Carried in", "Opened", "Closed", "Still open"],
                        [[r["pack"], int(r["carried_in"]), int(r["opened"]), int(r["closed"]), int(r["still_open"])]
                         for r in actions], numeric={1, 2, 3, 4})
        actions_chart = w.chart(bars, "actions closed and still open at the end of each session", "actions", table)
    return Trends(ratings, themes_chart, actions_chart, tuple(str(n) for n in getattr(t, "notes", None) or []),
                  tuple(dict.fromkeys(w.unshown)))


def _session_count(s, key: tuple) -> str:
    """A public session's count as its own disclosure control prints it (and registers it for the check)."""
    d = getattr(s, "disclosure", None)
    return d.shown(key) if d is not None and key in d.published else WITHHELD


def _rating_colour_word(label) -> str:
    low = str(label or "").lower()
    for colour in ("green", "amber", "red"):
        if colour in low:
            return colour
    return "none" if "not enough" in low else "plain"


# -- the whole report -------------------------------------------------------------------------------

def report_name(summaries: list) -> tuple[str, str]:
    """The report's name in two parts: ours, and the facilitator's title of the one session ("" for several,
    which ours counts). Theirs is isolated wherever it is printed (markup.isolated says why)."""
    if len(summaries) == 1:
        return "Scrutiny panel report: ", str(summaries[0].title)
    return f"Scrutiny panel report: {len(summaries)} sessions", ""


def report_title(summaries: list) -> str:
    """The name as plain text, for the page's <title>."""
    ours, theirs = report_name(summaries)
    return ours + (isolated(theirs) if theirs else "")


def _cover(summaries: list, public: bool) -> Cover:
    """The first page: which panel, which period, how far the session has got, and which version this is."""
    released = sorted(str(s.released_at)[:10] for s in summaries if not blank(getattr(s, "released_at", None)))
    closed = sorted(str(s.closed_at)[:10] for s in summaries if not blank(getattr(s, "closed_at", None)))
    period = "not released to members yet" if not released else (
        f"{released[0]} to {closed[-1]}" if len(closed) == len(summaries) else f"from {released[0]}; still open")
    facts = [("Period", period), ("Status", listing([f"{s.status}" for s in summaries])),
             ("Cases", listing([str(getattr(s, "cases_total", "")) for s in summaries])),
             ("Version", "Public version" if public else "The force's copy: not for publication"),
             ("Written", date.today().isoformat())]
    return Cover(report_name(summaries), tuple(str(s.title) for s in summaries), tuple(facts), public)


def _report(summaries: list, trends=None, public: bool = False) -> Report:
    """What the report on these sessions says, every count in it printed (and, public, registered)."""
    if not summaries:
        return Report(None, (), None)
    w = Writer(public)
    cover = _cover(summaries, public)
    level = 2 if len(summaries) == 1 else 3
    sessions = tuple(_session(s, w, level) for s in summaries)
    across = _trends(trends, w, summaries) if len(summaries) > 1 and trends is not None else None
    return Report(cover, sessions, across)


def render_report(summaries: list, trends=None, public: bool = False) -> str:
    """The report for one or more sessions' summaries (and their trends, for several) as one HTML fragment."""
    return render("sections/report.j2", report=_report(summaries, trends, public))


def _summed_up(packs: list[str], public: bool) -> tuple[list, object]:
    from panel_tool.report.aggregate import one_session_each, summarise, trends
    from panel_tool.review.lifecycle import released_only

    summaries = [summarise(p, public=public) for p in packs]
    released_only({s.file: s.status for s in summaries})
    one_session_each(summaries)
    return summaries, trends(summaries) if len(summaries) > 1 else None


def report(packs: list[str], public: bool = False) -> str:
    """The report on these packs as one HTML fragment with its stylesheet: what notebooks/report.ipynb shows
    and what `report_page` puts in its page (one pack, or several with trends)."""
    summaries, across = _summed_up(packs, public)
    return render("report.fragment.j2", report=_report(summaries, across, public))


def report_or_reason(packs: list[str], public: bool = False) -> str:
    """What notebooks/report.ipynb shows: the report, or, when a pack cannot be reported on (a draft, two forms
    that differ), the one paragraph the command would print, escaped, never a traceback."""
    from html import escape

    from panel_tool.errors import InputError

    try:
        return report(packs, public=public)
    except InputError as refused:
        return f'<p role="alert">{escape(refused.plain())}</p>'


def report_page(packs: list[str], public: bool = False) -> str:
    """The report as a whole HTML page (what `panel-tool report` writes): its title and version on the page,
    the stylesheet in the head, and the sections, every value from a pack escaped by the templates."""
    summaries, across = _summed_up(packs, public)
    title = report_title(summaries) + (" (public version)" if public else "")
    data = _report(summaries, across, public)
    for s in summaries if public else []:
        s.disclosure.audit()  # never write a public version from which a withheld count can be worked out
    return render("report.html.j2", title=title, report=data)
