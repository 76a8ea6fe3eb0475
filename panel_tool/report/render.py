"""The force's report as HTML: plain-English sections, small hand-drawn SVG charts, and each chart's data
in a table beside it.

Every string that comes from a pack (case texts, members' words, action texts, the force's replies,
category names) passes through `html.escape` here: any of them can hold markup. Charts use the
Okabe-Ito palette, and a Green / Amber / Red rating is never told by colour alone: each bar carries
its label as text and the rating's own fill pattern. There is no JavaScript and nothing is fetched.

    HTML(report(["packs/march.pack.db"]))              # what notebooks/report.ipynb shows
    render_report([summarise(p) for p in packs], trends(...))
"""

from __future__ import annotations

import html
import math
import textwrap
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path
from dataclasses import dataclass
from itertools import count

import pandas as pd
from markupsafe import Markup

from panel_tool.anonymise.pseudonyms import short_code
from panel_tool.report.colours import BLUE, PATTERNS, RATING_COLOURS
from panel_tool.report.disclosure import WITHHELD

UNSHOWN = "What this report cannot show"
LABEL_CHARS = 25  # a chart label's line: what fits the 192 px left of the axis at 13 px (27 was clipped at the left edge)
SHORT_TABLE = 8  # rows: a table this short never splits across pages (a longer one repeats its header)
# What a count counts, named under every table and chart: a case is one search; a rating is one member's answer
# about one case, so five members rating one case make five ratings.
CASES = "cases"
RATINGS = "members' ratings, one per member per case"


CSS = """
.pt-report { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1a1a1a;
  line-height: 1.5; max-width: 60rem; }
.pt-report h1, .pt-report h2, .pt-report h3, .pt-report h4 { line-height: 1.25; color: #1a1a1a; }
.pt-report .pt-chart-block { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; margin: 1rem 0 1.5rem; }
.pt-report figure { margin: 0; flex: 1 1 22rem; max-width: 34rem; }
.pt-report figure svg { width: 100%; height: auto; display: block; }
.pt-report figcaption { font-size: 0.95rem; margin-top: 0.25rem; }
.pt-report table.pt-table { border-collapse: collapse; margin: 0 0 1rem; flex: 1 1 18rem; font-size: 0.95rem; }
.pt-report table.pt-table caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; caption-side: top; }
.pt-report table.pt-table th, .pt-report table.pt-table td { border: 1px solid #767676; padding: 0.25rem 0.5rem;
  text-align: left; vertical-align: top; color: #1a1a1a; }
.pt-report table.pt-table thead th { background: #f0f0f0; }
.pt-report table.pt-table .pt-num { text-align: right; white-space: nowrap; }
/* Codes in a fixed-width face: every code takes the same room (a page break never moves with the letters
   a key happened to give) and O and 0 stay apart when a force types one into its records system. */
.pt-report .pt-code { white-space: nowrap; font-family: "DejaVu Sans Mono", ui-monospace, monospace; }
.pt-report .pt-cannot { border-left: 4px solid #0072B2; padding: 0.25rem 0.75rem; background: #f4f8fb; }
.pt-report .pt-public { border: 2px solid #1a1a1a; padding: 0.5rem 0.75rem; }
.pt-report .pt-rating { display: inline-block; padding: 0 0.4rem; border-radius: 0.2rem; border: 1px solid #1a1a1a;
  color: #1a1a1a; font-weight: 600; }
.pt-report .pt-rating-green { background: #c5ecdf; }
.pt-report .pt-rating-amber { background: #fbe3b0; }
.pt-report .pt-rating-red { background: #f7cdb3; }
.pt-report .pt-rating-none { background: #e6e6e6; }
.pt-report .pt-times { color: #444; white-space: nowrap; }
.pt-report blockquote { margin: 0.25rem 0 0.5rem 1rem; padding-left: 0.75rem; border-left: 3px solid #767676; }
.pt-report .pt-cover dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
.pt-report .pt-cover dt { font-weight: 600; width: auto; }
.pt-report .pt-cover dd { margin: 0; }
/* Printed: A4, a cover page, page numbers in the footer (Chromium prints CSS page margin boxes), and
   each figure kept with its table. Smaller type so a 12-case session fits in 8 pages. */
@page { size: A4; margin: 12mm 12mm 14mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-family: system-ui, Arial, sans-serif;
    font-size: 9pt; color: #444; } }
@media print {
  .pt-report { max-width: none; font-size: 8.5pt; line-height: 1.3; }
  .pt-report .pt-cover { break-after: page; padding-top: 30mm; }
  .pt-report .pt-cover h1 { font-size: 22pt; }
  .pt-report h2 { font-size: 14pt; margin: 0.9em 0 0.3em; break-after: avoid; }
  .pt-report h3, .pt-report h4 { font-size: 11pt; margin: 0.7em 0 0.25em; break-after: avoid; }
  .pt-report .pt-chart-block { break-inside: avoid; gap: 0.75rem; margin: 0.4rem 0 0.8rem; flex-wrap: nowrap; }
  .pt-report figure { flex: 0 1 40%; max-width: 40%; }
  .pt-report table.pt-table { font-size: 8pt; margin-bottom: 0.5rem; }
  .pt-report table.pt-table tr { break-inside: avoid; }
  .pt-report table.pt-table.pt-short { break-inside: avoid; }
  .pt-report section > p:has(+ table), .pt-report section > p:has(+ .pt-chart-block) { break-after: avoid; }
  .pt-report table.pt-table th, .pt-report table.pt-table td { padding: 0.1rem 0.3rem; }
  .pt-report .pt-chart-block table.pt-table { flex: 1 1 58%; }
  .pt-report .pt-chart-block.pt-wide { flex-wrap: wrap; }
  .pt-report .pt-chart-block.pt-wide table.pt-table { flex: 1 1 100%; }
  .pt-report p { margin: 0.3em 0; }
  .pt-report figcaption { font-size: 8.5pt; }
  .pt-report .pt-words-all { columns: 2; column-gap: 1.5rem; }
  .pt-report .pt-words { font-size: 8pt; }
  .pt-report .pt-words h4, .pt-report .pt-words h5, .pt-report .pt-words dt { break-after: avoid; }
  .pt-report .pt-words h4, .pt-report .pt-words h5 { font-size: 9.5pt; margin: 0.5em 0 0.1em; }
  .pt-report .pt-words dd { margin-left: 0.5rem; }
  .pt-report .pt-words blockquote { margin: 0.1rem 0 0.1rem 0.5rem; padding-left: 0.4rem; }
}
"""


# How a breakdown's dimension reads in a heading ("By ethnic group").
DIMENSIONS = {"self_defined_ethnicity": "Ethnic group", "subject_ethnicity": "Ethnic group", "age_range": "Age range",
              "legislation": "Power used", "object_of_search": "Object of search", "outcome": "Outcome"}


class Safe(str):
    """Text that is already HTML (made here, from escaped parts): not escaped again."""


def e(value) -> str:
    """A value from a pack as text safe to put in HTML (element content or a quoted attribute)."""
    if isinstance(value, Safe):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return html.escape(str(value), quote=True)


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


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def humanise(name) -> str:
    """'self_defined_ethnicity_group' -> 'Self defined ethnicity group'."""
    text = str(name).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def records(frame) -> list[dict]:
    if frame is None or not isinstance(frame, pd.DataFrame) or frame.empty:
        return []
    return frame.to_dict("records")


def listing(items: list[str]) -> str:
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


@dataclass
class Bar:
    label: str
    value: float | None  # None: not drawn (a count too small to publish), only its text is shown
    text: str  # the value as words, written at the end of the bar
    colour: str = "plain"  # a rating colour (green, amber, red, none) or "plain"


class Writer:
    """Numbers figures and tables, and keeps the ids of SVG patterns unique in the document."""

    def __init__(self, public: bool):
        self.public = public
        self.figures = count(1)
        self.tables = count(1)
        self.ids = count(1)
        self.unshown: list[str] = []  # what the session being drawn cannot show, in the order found
        self.disclosure = None  # public: the session's counts as the disclosure policy lets them be printed

    def count(self, key: tuple, n) -> str:
        """A count as printed. In the public version every count goes through the disclosure policy, which
        withholds it or not and registers that it was printed (report/disclosure.py)."""
        return self.disclosure.shown(key) if self.public else number(n)

    def amount(self, key: tuple, n):
        """A count as a bar's length: None (no bar) where the public version withholds it."""
        return self.disclosure.value(key) if self.public else n

    # -- building blocks -------------------------------------------------------------------------

    def table(self, caption: str, unit: str, headings: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
        """A table with a caption that names what it counts (`unit`: cases, ratings, members, one row per
        case...), so a count of members' ratings is never read as a count of cases; its first column heads each row."""
        n = next(self.tables)
        head = "".join(f'<th scope="col">{e(h)}</th>' for h in headings)
        body = []
        for row in rows:
            cells = []
            for i, value in enumerate(row):
                css = ' class="pt-num"' if i in numeric else ""
                cells.append(f'<th scope="row"{css}>{e(value)}</th>' if i == 0 else f"<td{css}>{e(value)}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        short = " pt-short" if len(rows) <= SHORT_TABLE else ""  # kept whole on paper, caption with its rows
        return (f'<table class="pt-table{short}"><caption>Table {n}: {e(caption)} (unit: {e(unit)})</caption><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(body)}</tbody></table>')

    def chart(self, bars: list[Bar], caption: str, unit: str, table: str, wide: bool = False) -> str:
        """A horizontal bar chart as inline SVG, with its text alternative, caption, and data table beside it."""
        n = next(self.figures)
        uid = f"pt{next(self.ids)}"
        drawn = [b.value for b in bars if b.value is not None]
        top = max(drawn + [0]) or 1
        label_w, bar_w, line_h, pad = 200, 140, 15, 4
        # Labels wrap onto as many lines as they need (never cut: "Misuse of Drugs Act 1971 (section 23)" and
        # "(section 5)" must stay apart); each bar's row is as tall as its label.
        labels = [textwrap.wrap(bar.label, LABEL_CHARS, break_on_hyphens=False) or [""] for bar in bars]
        heights = [max(22, 6 + line_h * len(lines)) for lines in labels]
        width, height = label_w + bar_w + 100, pad * 2 + sum(heights)
        used = sorted({b.colour for b in bars})
        defs = "".join(_pattern(f"{uid}-{c}", c) for c in used)
        rows = []
        y = pad
        for bar, lines, row_h in zip(bars, labels, heights):
            middle = y + row_h / 2
            first = middle + 5 - line_h * (len(lines) - 1) / 2
            spans = "".join(f'<tspan x="{label_w - 8}" y="{first + i * line_h:.1f}">{e(line)}</tspan>'
                            for i, line in enumerate(lines))
            rows.append(f'<text text-anchor="end" font-size="13" fill="#1a1a1a">{spans}</text>')
            length = 0 if bar.value is None else max(bar_w * bar.value / top, 2 if bar.value else 0)
            if length:
                rows.append(f'<rect x="{label_w}" y="{middle - 8:.1f}" width="{length:.1f}" height="16" '
                            f'fill="url(#{uid}-{bar.colour})" stroke="#1a1a1a" stroke-width="1"/>')
            rows.append(f'<text x="{label_w + length + 6:.1f}" y="{middle + 5:.1f}" font-size="13" fill="#1a1a1a">'
                        f'{e(bar.text)}</text>')
            y += row_h
        alt = f"Bar chart, {caption}: " + "; ".join(f"{b.label}: {b.text}" for b in bars) + "."
        svg = (f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
               f'aria-hidden="true" focusable="false"><title>{e(alt)}</title><defs>{defs}</defs>'
               f'<line x1="{label_w}" y1="{pad}" x2="{label_w}" y2="{height - pad}" stroke="#1a1a1a"/>'
               f'{"".join(rows)}</svg>')
        figure = (f'<figure role="img" aria-label="{e(alt)}">{svg}'
                  f'<figcaption>Figure {n}: {e(caption)} (unit: {e(unit)}). The numbers are in the table beside it.'
                  '</figcaption></figure>')
        # A wide table goes under its chart on paper, where beside it every row would wrap.
        return f'<div class="pt-chart-block{" pt-wide" if wide else ""}">{figure}{table}</div>'

    def cannot(self, sentence: str) -> str:
        """Note something the report cannot show: said in its own section, not where the thing would be."""
        self.unshown.append(sentence)
        return ""

    def badge(self, label, colour: str | None) -> str:
        if blank(label):
            return ""
        if colour in RATING_COLOURS:
            return Safe(f'<span class="pt-rating pt-rating-{colour}">{e(label)}</span>')
        return e(label)


def _pattern(pid: str, colour: str) -> str:
    fill = RATING_COLOURS.get(colour, BLUE)
    kind = PATTERNS.get(colour, "solid")
    marks = {
        "solid": "",
        "stripes": '<path d="M0,8 L8,0" stroke="#1a1a1a" stroke-width="1.5" stroke-opacity="0.55"/>',
        "cross": ('<path d="M0,0 L8,8 M0,8 L8,0" stroke="#1a1a1a" stroke-width="1.2" stroke-opacity="0.55"/>'),
        "dots": '<circle cx="4" cy="4" r="1.5" fill="#1a1a1a" fill-opacity="0.6"/>',
    }[kind]
    return (f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="8" height="8">'
            f'<rect width="8" height="8" fill="{fill}"/>{marks}</pattern>')


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


# -- sections ---------------------------------------------------------------------------------------

def render_pack(s, w: Writer, level: int = 2) -> str:
    """One session's sections. `level` is the heading level of its sections (2 alone, 3 under a session heading).

    Whatever the report cannot show (the summary's own sentences, and the gaps the sections find while
    they are drawn) is said once, in its own section near the top, so a reader never takes a gap for a zero."""
    form = Form(getattr(s, "form", None))
    w.unshown = list(getattr(s, "cannot_show", None) or [])
    w.disclosure = getattr(s, "disclosure", None)
    h, sub = f"h{level}", f"h{level + 1}"
    sections = [("What the panel thought", _thought(s, w, form, sub)),
                ("Where members disagreed", _disagreed(s, w)),
                ("How members took part", _took_part(s, w)),
                ("Themes", _themes(s, w)),
                ("Ratings by group", _groups(s, w, form, sub)),
                ("What the force said it will do", _force(s, w, form, sub))]
    if not w.public:
        sections.append(("For the force: which record and officer each case concerns", _officers(s, w)))
    parts = [_about(s, w, form), _unshown(w, h)]
    for heading, body in sections:
        if heading.startswith("For the force") and not body:
            continue
        body = body or f"<p>Nothing to show here: see \u201c{UNSHOWN}\u201d above.</p>"
        parts.append(f"<section><{h}>{e(heading)}</{h}>{body}</section>")
    notes = list(getattr(s, "notes", None) or [])
    if notes:
        parts.append(f"<section><{h}>About these figures</{h}><ul>" + "".join(f"<li>{e(n)}</li>" for n in notes)
                     + "</ul></section>")
    return "".join(parts)


def _unshown(w: Writer, h: str) -> str:
    """The section that says what cannot be shown and why (the sentences in the order they were found, once each)."""
    sentences = list(dict.fromkeys(w.unshown))
    if not sentences:
        return ""
    return (f'<section class="pt-cannot-section"><{h}>{UNSHOWN}</{h}>'
            + "".join(f'<p class="pt-cannot">{e(x)}</p>' for x in sentences) + "</section>")


def _about(s, w: Writer, form: Form) -> str:
    facts = [f"This is a {e(humanise(getattr(s, 'kind', '') or 'review')).lower()} panel"
             + (f" using the form \u201c{e(form.title)}\u201d" if form.title else "") + "."]
    released, closed = getattr(s, "released_at", None), getattr(s, "closed_at", None)
    if not blank(released):
        facts.append(f"Members could answer from {e(str(released)[:10])}"
                     + (f" to {e(str(closed)[:10])}." if not blank(closed) else "; answering is still open."))
    status = getattr(s, "status", None)
    if not blank(status):
        facts.append(f"The pack is {e(status)}.")
    if getattr(s, "purged", False):
        facts.append("The cases' content (the officers' words and each case's details) has been deleted from the "
                     "pack; answers, outcomes and actions were kept.")
    return f"<p>{' '.join(facts)}</p>"


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


def _thought(s, w: Writer, form: Form, sub: str) -> str:
    parts = []
    outcomes = records(getattr(s, "outcomes", None))
    if outcomes:
        counts = Counter(o["rating"] for o in outcomes)
        options = [(o["value"], o.get("label") or o["value"]) for o in (form.overall or {}).get("options", [])] or \
            sorted({(o["rating"], o.get("rating_label") or o["rating"]) for o in outcomes}, key=lambda vl: form.rating_order(vl[0]))
        total = w.count(("agreed_all",), len(outcomes))
        bars = [Bar(label, w.amount(("agreed", v), counts[v]), _of(w.count(("agreed", v), counts[v]), total),
                    form.rating_colour(v)) for v, label in options]
        table = w.table("The panel's agreed rating of each case, counted", CASES, ["Rating", "Cases"],
                        [[label, w.count(("agreed", v), counts[v])] for v, label in options] + [["All agreed", total]],
                        numeric={1})
        parts.append(w.chart(bars, "the panel's agreed ratings, after discussion", CASES, table))
    else:
        parts.append(w.cannot("The report cannot show the panel's agreed ratings because the panel has not recorded "
                              "an agreed outcome for any case yet."))

    totals = _answer_totals(s, form) if not w.public else []
    majorities = _majorities(s, form) if w.public else []
    parts.append(f"<{sub}>Members' own answers, before discussion</{sub}>")
    for qid, text, answers in majorities:
        bars = [Bar(label, w.amount(("majority", qid, v), n), _counted(w.count(("majority", qid, v), n), "cases"),
                    form.colour(qid, v))
                for v, label, n in answers]
        table = w.table(f"Cases by the answer most members gave to \u201c{text}\u201d", CASES, ["Most common answer", "Cases"],
                        [[label, w.count(("majority", qid, v), n)] for v, label, n in answers], numeric={1})
        parts.append(w.chart(bars, f"cases by the answer most members gave to \u201c{text}\u201d", CASES, table))
    for qid, text, answers in totals:  # the force's copy only: answers counted over all cases
        total = sum(n for _, _, n in answers)
        bars = [Bar(label, n, f"{number(n)} ({percent(n / total) if total else '0%'})", form.colour(qid, v))
                for v, label, n in answers]
        table = w.table(f"Answers to \u201c{text}\u201d", RATINGS, ["Answer", "Answers given", "Share"],
                        [[label, number(n), percent(n / total) if total else "0%"]
                         for _, label, n in answers], numeric={1, 2})
        parts.append(w.chart(bars, f"members' answers to \u201c{text}\u201d, all cases together", RATINGS, table))
    if not totals and not majorities:
        parts.append(w.cannot("The report cannot show members' answers because no member has answered any case."))

    if outcomes and not w.public:  # a per-case list of ratings would give back the public version's withheld counts
        officers = _pseudonyms_of(s)
        headings = ["Case", "Record and officer", "Agreed rating", "Feedback for the officer", "Learning for the force",
                    "Referred onwards", "Themes"]
        rows = [[f"Case {o['case_id']}", officers.get(o["case_id"], ""),
                 w.badge(o.get("rating_label") or o.get("rating"), form.rating_colour(o.get("rating"))),
                 o.get("feedback_for_officer"), o.get("learning_for_force"),
                 "Yes" if _truthy(o.get("refer_onwards")) else "No", _themes_text(o.get("themes"))] for o in outcomes]
        parts.append(f"<p>{PSEUDONYMS} Leave them out of anything published.</p>")
        parts.append(f"<{sub}>The panel's view of each case</{sub}>" + w.table("What the panel agreed about each case", "one row per case", headings, rows))

    if not w.public:
        texts = records(getattr(s, "member_texts", None))
        parts.append(f"<{sub}>In members' own words</{sub}>")
        if texts:
            parts.append("<p>What members wrote, case by case, without their names, as the facilitator checked it.</p>")
            by_case: dict = {}
            for t in texts:
                if not blank(t.get("text")):
                    by_case.setdefault(t["case_id"], {}).setdefault(t.get("question") or t.get("question_id"), []).append(t["text"])
            # The same words from several members are printed once, with how many wrote them.
            parts.append('<div class="pt-words-all">')
            for case_id, questions in by_case.items():
                items = "".join(f"<dt>{e(q)}</dt><dd>" + "".join(
                    f"<blockquote>{e(x)}" + (f" <span class=\"pt-times\">({n} members)</span>" if n > 1 else "")
                    + "</blockquote>" for x, n in Counter(said).items()) + "</dd>" for q, said in questions.items())
                parts.append(f'<div class="pt-words"><h{int(sub[1]) + 1}>Case {e(case_id)}</h{int(sub[1]) + 1}>'
                             f"<dl>{items}</dl></div>")
            parts.append("</div>")
        elif not getattr(s, "words_awaiting_check", 0):
            parts.append(w.cannot("The report cannot show members' own words because no member wrote any."))
        else:
            parts.append(f"<p>None yet: see \u201c{UNSHOWN}\u201d above.</p>")
    return "".join(parts)


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


def _disagreed(s, w: Writer) -> str:
    qa = [r for r in records(getattr(s, "question_agreement", None))
          if not blank(r.get("percent_agreement")) or not blank(r.get("alpha"))]
    if not qa:
        return w.cannot(
            "The report cannot show how far members agreed because no case was answered by two or more members.")
    parts = ["<p>Agreement is how often members gave the same answer to a case. Krippendorff's alpha and Fleiss' "
             "kappa allow for agreement by chance: 1 is complete agreement, 0 is no more than chance.</p>"]
    bars = [Bar(r.get("question") or r["question_id"], None if blank(r.get("percent_agreement")) else float(r["percent_agreement"]),
                percent(r.get("percent_agreement"))) for r in qa]
    table = w.table("Agreement between members, question by question", "one row per question",
                    ["Question", "Members", "Cases", "Agreement", "Krippendorff's alpha", "Fleiss' kappa"],
                    [[r.get("question"), w.count(("question", r["question_id"], "members"), r.get("raters")),
                      w.count(("question", r["question_id"], "cases"), r.get("cases")),
                      percent(r.get("percent_agreement")), _stat(r.get("alpha")), _stat(r.get("fleiss_kappa"))] for r in qa],
                    numeric={1, 2, 3, 4, 5})
    parts.append(w.chart(bars, "how often members gave the same answer, question by question", "share of cases", table,
                         wide=True))
    low = list(getattr(s, "low_agreement_cases", None) or [])
    if low:
        parts.append(f"<p>Members disagreed most on {'case' if len(low) == 1 else 'cases'} "
                     f"{e(listing([str(c) for c in low]))}: these are worth discussing first.</p>")
        rows = [r for r in records(getattr(s, "case_agreement", None)) if _truthy(r.get("low_agreement"))] \
            if not w.public else []  # each case's answers, listed, would give back withheld counts
        if rows:
            parts.append(w.table("Cases and questions where members disagreed", "one row per case and question", ["Case", "Question", "Most common answer",
                                                                                  "Share who gave it", "Members"],
                                 [[f"Case {r['case_id']}", r.get("question"), r.get("majority_label"),
                                   percent(r.get("majority_share")), number(r.get("raters"))] for r in rows],
                                 numeric={3, 4}))
    else:
        parts.append("<p>No case stood out for low agreement.</p>")
    return "".join(parts)


def _stat(value) -> str:
    return "cannot be worked out" if blank(value) else f"{float(value):.2f}"


def _took_part(s, w: Writer) -> str:
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
    parts = [w.chart(bars, "members invited, who took part and who finished", "members", table)]
    facts = []
    if not blank(g.get("answers")):
        facts.append(f"Members gave {w.count(('answers',), g['answers'])} answers in all.")
    seconds = g.get("median_seconds_per_case")
    if not blank(seconds):
        minutes, secs = divmod(int(round(float(seconds))), 60)
        facts.append("A member typically spent " + (f"{plural(minutes, 'minute')} {plural(secs, 'second')}" if minutes
                                                    else plural(secs, "second")) + " on a case (the median).")
    if facts:
        parts.append(f"<p>{' '.join(facts)}</p>")
    return "".join(parts)


def _themes(s, w: Writer) -> str:
    rows = records(getattr(s, "themes", None))
    if not rows:
        return w.cannot(
            "The report cannot show themes because the panel did not tag any case with a theme.")
    bars = [Bar(str(r["theme"]), w.amount(("theme", r["theme"]), r["cases"]),
                _counted(w.count(("theme", r["theme"]), r["cases"]), "cases")) for r in rows]
    table = w.table("Themes the panel raised", CASES, ["Theme", "Cases"],
                    [[r["theme"], w.count(("theme", r["theme"]), r["cases"])] for r in rows], numeric={1})
    return w.chart(bars, "how many cases the panel tagged with each theme", CASES, table)


def _groups(s, w: Writer, form: Form, sub: str) -> str:
    rows = records(getattr(s, "breakdowns", None))
    if all(not blank(r.get("count")) and not int(r["count"]) for r in rows):  # nothing, or only zeros
        return w.cannot(
            "The report cannot show ratings by group because no member has given an overall rating yet.")
    agreed = any(r.get("unit") == "cases" and (blank(r.get("count")) or int(r["count"])) for r in rows)
    units = (["cases"] if agreed else []) + ([] if w.public else ["ratings"])
    parts = ["<p>Cases first: how many cases each group holds and the panel's agreed rating of them, counted in "
             "cases." + ("" if w.public else " Then members' own overall ratings of the same cases, counted in "
                         "ratings: each member's rating of a case counts once, so a group of 2 cases rated by 12 "
                         "members holds 24 ratings.") + " A group of a few cases says little on its own.</p>"]
    sizes = {(r["dimension"], r["category"]): r["cases"] for r in records(getattr(s, "group_cases", None))}
    dims: dict = {}
    for r in rows:
        dims.setdefault(r["dimension"], {}).setdefault(r.get("unit"), []).append(r)
    for dim, by_unit in dims.items():
        name = DIMENSIONS.get(dim, humanise(dim))
        parts.append(f"<{sub}>By {e(name.lower())}</{sub}>")
        categories = list(dict.fromkeys(r["category"] for r in rows if r["dimension"] == dim))
        size = {c: w.count(("size", dim, c), sizes.get((dim, c), 0)) for c in categories}
        if not units:  # public, before any agreed rating: how many cases each group holds
            parts.append(w.table(f"Cases by {name.lower()}", CASES, [name, "Cases"], [[c, size[c]] for c in categories],
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
                parts.append(table)  # one chart a breakdown, of what is compared first
                continue
            bars = [Bar(f"{c}: {label}", w.amount(("group", dim, c, v), cell[(c, v)]) if unit == "cases" else cell[(c, v)],
                        _counted(shown[(c, v)], unit), form.rating_colour(v))
                    for c in categories for v, label in ratings if shown.get((c, v), "0") != "0"]
            # a chart with no bar to draw (every count withheld) says nothing the table does not
            parts.append(w.chart(bars, caption, counted, table) if any(b.value for b in bars) else table)
    return "".join(parts)


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


def _force(s, w: Writer, form: Form, sub: str) -> str:
    parts = []
    actions = records(getattr(s, "actions", None))
    if actions:
        statuses = list(dict.fromkeys(str(a.get("status")) for a in actions))
        counts = Counter(str(a.get("status")) for a in actions)
        # One sentence, not a chart: the table below lists every action with its status.
        parts.append(f"<p>The panel asked the force for {plural(len(actions), 'action')}: " + listing(
            [f"{w.count(('actions', st), counts[st])} {humanise(st).lower()}" for st in statuses]) + ".</p>")
        rows = []
        for a in actions:
            days = a.get("days_to_respond")
            rows.append([f"Action {a['action_id']}", a.get("text"), a.get("owner"), a.get("due_date"), humanise(a.get("status")),
                         a.get("carried_from"), a.get("response") if not blank(a.get("response")) else "No reply yet",
                         a.get("responded_on"), "" if blank(days) else plural(int(days), "day")])
        parts.append(w.table("The panel's actions and the force's replies", "one row per action",
                             ["Action", "What the panel asked", "Owner", "Due", "Status", "Carried from", "The force's reply",
                              "Replied on", "Time to reply"], rows))
    else:
        parts.append(w.cannot("The report cannot show actions because the panel recorded none for the force."))
    replies = [o for o in records(getattr(s, "outcomes", None)) if not blank(o.get("force_response"))]
    if w.public:
        pass  # each case's agreed rating beside the force's reply would give back withheld counts
    elif replies:
        parts.append(f"<{sub}>The force's replies about cases</{sub}>")
        parts.append(w.table("What the force said about the panel's view of each case", "one row per case", ["Case", "Agreed rating",
                                                                                          "The force's reply", "Replied on"],
                             [[f"Case {o['case_id']}", w.badge(o.get("rating_label") or o.get("rating"),
                                                               form.rating_colour(o.get("rating"))),
                               o.get("force_response"), o.get("responded_on")] for o in replies]))
    elif records(getattr(s, "outcomes", None)):
        parts.append("<p>The force has not replied about any case yet.</p>")
    return "".join(parts)


PSEUDONYMS = ("Records and officers appear only as short pseudonyms. The force, holding the key, can find the record "
              "or officer behind one (panel-tool pack lookup --pseudonym CODE with --records LIST or --officers LIST).")


def _pseudonyms_of(s) -> dict[int, str]:
    """Each case's record and officers as the force's copy prints them: 'Record 4HQA-Z2XC; Officer K7QX-2M4P',
    several officers joined (short codes from the keyed hashes, never the hex digest)."""
    found: dict[int, list[str]] = {}
    for r in records(getattr(s, "record_refs", None)):
        found.setdefault(int(r["case_id"]), []).append(f"Record {short_code(r['record_ref'])}")
    for r in records(getattr(s, "officer_refs", None)):
        found.setdefault(int(r["case_id"]), []).append(f"Officer {short_code(r['officer_ref'])}")
    # a code is never broken across lines in a narrow column ("KDRP-" / "63HM" would read as two codes)
    return {case: Safe("; ".join(f'<span class="pt-code">{e(n)}</span>' for n in names))
            for case, names in sorted(found.items())}


def _officers(s, w: Writer) -> str:
    """The records and officers of cases the panel has not agreed an outcome for (the others are in the panel's
    view of each case)."""
    agreed = {int(o["case_id"]) for o in records(getattr(s, "outcomes", None))}
    rest = [(case, names) for case, names in _pseudonyms_of(s).items() if case not in agreed]
    if not rest:
        return ""
    return (f"<p>{PSEUDONYMS} Leave this table out of anything published.</p>"
            + w.table("Records and officers of the cases without an agreed outcome", "one row per case",
                      ["Case", "Record and officers"], [[f"Case {case}", names] for case, names in rest]))


def render_trends(t, w: Writer, level: int = 2, summaries: list | None = None) -> str:
    """How things changed across sessions. In the public version each session's ratings quarter by quarter are
    printed through that session's own disclosure control, so they are withheld exactly where its own section
    withholds them, and nothing is summed across sessions (a sum less one session's counts would give back
    another's)."""
    h, sub = f"h{level}", f"h{level + 1}"
    w.unshown = []
    parts = [f"<section><{h}>Across sessions</{h}>"]
    quarters = records(getattr(t, "by_quarter", None))
    if quarters and w.public and summaries is None:
        parts.append(w.cannot("Ratings quarter by quarter are not repeated here in a public report: each session's "
                              "own section gives its agreed ratings under its disclosure control."))
    elif quarters:
        bars, rows = [], []
        for r in quarters:
            quarter = "Date not known" if blank(r.get("quarter")) else str(r["quarter"])
            hidden = blank(r.get("share"))
            shown = (WITHHELD if w.public else "no cases rated") if hidden else percent(r.get("share"))
            bars.append(Bar(f"{quarter}, {r.get('pack')}: {r.get('rating_label') or r['rating_value']}",
                            None if hidden else float(r["share"]), shown,
                            _rating_colour_word(r.get("rating_label") or r.get("rating_value"))))
            cases = _session_count(summaries[int(r["session"])], tuple(r["count_key"])) if w.public \
                else number(r.get("cases"))
            rows.append([quarter, r.get("pack"), r.get("rating_label") or r.get("rating_value"), shown, cases])
        table = w.table("Share of each agreed rating, quarter by quarter", CASES, ["Quarter", "Session", "Rating", "Share", "Cases"],
                        rows, numeric={3, 4})
        parts.append(f"<{sub}>Ratings over time</{sub}>" + w.chart(bars, "the share of cases given each rating, by quarter", "share of cases", table))
    else:
        parts.append(w.cannot("The report cannot show ratings over time because no session has agreed ratings."))
    themes = records(getattr(t, "recurring_themes", None))
    if themes:
        bars = [Bar(str(r["theme"]), int(r["sessions"]), plural(int(r["sessions"]), "session")) for r in themes]
        if w.public:  # cases summed over sessions, less the sessions' own counts, would give back withheld ones
            table = w.table("Themes and the sessions that raised them", "sessions", ["Theme", "Sessions"],
                            [[r["theme"], int(r["sessions"])] for r in themes], numeric={1})
        else:
            table = w.table("Themes and the sessions that raised them", "sessions and cases", ["Theme", "Sessions", "Cases"],
                            [[r["theme"], int(r["sessions"]), number(r["cases"])] for r in themes], numeric={1, 2})
        parts.append(f"<{sub}>Themes that keep coming back</{sub}>"
                     + w.chart(bars, "in how many sessions the panel raised each theme", "sessions", table))
    else:
        parts.append(f"<{sub}>Themes that keep coming back</{sub}><p>The panel has not tagged any case with a theme.</p>")
    actions = records(getattr(t, "actions", None))
    if actions:
        bars = []
        for r in actions:
            bars.append(Bar(f"{r['pack']}: closed", int(r["closed"]), plural(int(r["closed"]), "action"), "green"))
            bars.append(Bar(f"{r['pack']}: still open", int(r["still_open"]), plural(int(r["still_open"]), "action"), "amber"))
        table = w.table("Actions session by session", "actions", ["Session", "Carried in", "Opened", "Closed", "Still open"],
                        [[r["pack"], int(r["carried_in"]), int(r["opened"]), int(r["closed"]), int(r["still_open"])]
                         for r in actions], numeric={1, 2, 3, 4})
        parts.append(f"<{sub}>Actions from one session to the next</{sub}>"
                     + w.chart(bars, "actions closed and still open at the end of each session", "actions", table))
    notes = list(getattr(t, "notes", None) or [])
    if notes:
        parts.append(f"<{sub}>About these figures</{sub}><ul>" + "".join(f"<li>{e(n)}</li>" for n in notes) + "</ul>")
    parts.append(_unshown(w, sub) + "</section>")
    return "".join(parts)


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

def report_title(summaries: list) -> str:
    if len(summaries) == 1:
        return f"Scrutiny panel report: {summaries[0].title}"
    return f"Scrutiny panel report: {len(summaries)} sessions"


def _cover(summaries: list, public: bool) -> str:
    """The first page: which panel, which period, how far the session has got, and which version this is."""
    released = sorted(str(s.released_at)[:10] for s in summaries if not blank(getattr(s, "released_at", None)))
    closed = sorted(str(s.closed_at)[:10] for s in summaries if not blank(getattr(s, "closed_at", None)))
    period = "not released to members yet" if not released else (
        f"{released[0]} to {closed[-1]}" if len(closed) == len(summaries) else f"from {released[0]}; still open")
    facts = [("Panel", listing([s.title for s in summaries])), ("Period", period),
             ("Status", listing([f"{s.status}" for s in summaries])),
             ("Cases", listing([str(getattr(s, "cases_total", "")) for s in summaries])),
             ("Version", "Public version" if public else "The force's copy: not for publication"),
             ("Written", date.today().isoformat())]
    notice = ('<p class="pt-public"><strong>Public version.</strong> It leaves out officers\' and records\' pseudonyms, '
              "members' own words and any list of cases one by one. Counts from 1 to 4, and the counts that "
              "would give them back, read \u201cnot shown\u201d, so no one can be picked out.</p>") if public else ""
    return (f'<header class="pt-cover"><p>Community scrutiny of police powers</p><h1>{e(report_title(summaries))}</h1>'
            "<dl>" + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in facts) + f"</dl>{notice}</header>")


def render_report(summaries: list, trends=None, public: bool = False) -> str:
    """The report for one or more sessions' summaries (and their trends, for several) as one HTML fragment."""
    w = Writer(public)
    out = ['<div class="pt-report">']
    if not summaries:
        out.append("<h1>Scrutiny panel report</h1><p>No pack was given: name one or more review packs to report on.</p></div>")
        return "".join(out)
    out.append(_cover(summaries, public))
    if len(summaries) == 1:
        out.append(render_pack(summaries[0], w, level=2))
    else:
        for s in summaries:
            out.append(f"<section><h2>Session: {e(s.title)}</h2>{render_pack(s, w, level=3)}</section>")
        if trends is not None:
            out.append(render_trends(trends, w, level=2, summaries=summaries))
    out.append("</div>")
    return "".join(out)


def _summed_up(packs: list[str], public: bool) -> tuple[list, object]:
    from panel_tool.report.aggregate import summarise, trends

    summaries = [summarise(p, public=public) for p in packs]
    return summaries, trends(summaries) if len(summaries) > 1 else None


def report(packs: list[str], public: bool = False) -> str:
    """The report on these packs as one HTML fragment with its stylesheet: what notebooks/report.ipynb shows
    and what `report_page` puts in its page (one pack, or several with trends)."""
    summaries, across = _summed_up(packs, public)
    return f"<style>{CSS}</style>" + render_report(summaries, across, public=public)


@cache
def _page_template():
    from jinja2 import Environment, FileSystemLoader

    return Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True,
                       keep_trailing_newline=True).get_template("report.html.j2")


def report_page(packs: list[str], public: bool = False) -> str:
    """The report as a whole HTML page (what `panel-tool report` writes): its title and version on the page,
    the stylesheet in the head, and the sections, whose every value from a pack was escaped as it was drawn."""
    summaries, across = _summed_up(packs, public)
    title = report_title(summaries) + (" (public version)" if public else "")
    body = render_report(summaries, across, public=public)
    for s in summaries if public else []:
        s.disclosure.audit()  # never write a public version from which a withheld count can be worked out
    return _page_template().render(title=title, css=Markup(CSS), body=Markup(body))
