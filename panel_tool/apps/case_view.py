"""A case in plain English, as HTML in which every value from an export is escaped.

Case fields come from a force's export and texts from its officers; either could hold markup
(a grounds text with "<script>" in it), and widgets.HTML renders raw HTML, so nothing reaches
the page without html.escape.
"""

from __future__ import annotations

import calendar
import json
import re
from html import escape

NOT_RECORDED = "Not recorded"
# data.police.uk's long outcome names, as a list line says them
SHORT_OUTCOMES = {"A no further action disposal": "No further action",
                  "Nothing found - no further action": "Nothing found, no further action"}


def when_label(period: str | None) -> str:
    """'2025-03' -> 'March 2025'; quarters, ISO weeks and years as a person would say them."""
    if not period:
        return NOT_RECORDED
    # anything else (a pack's own words, "July 2023", or a facilitator's edit) is shown as it is
    found = _PERIOD.fullmatch(period)
    if found is None:
        return period
    year, month, quarter, week = found.groups()
    if month:
        return f"{calendar.month_name[int(month)]} {year}"
    if quarter:
        return f"{year}, {'first second third fourth'.split()[int(quarter) - 1]} quarter"
    return f"week {int(week)} of {year}"


_PERIOD = re.compile(r"([0-9]{4})-(?:(0[1-9]|1[0-2])|Q([1-4])|W(0?[1-9]|[1-4][0-9]|5[0-3]))")


def yes_no(value) -> str:
    return {1: "Yes", 0: "No", True: "Yes", False: "No"}.get(value, NOT_RECORDED)


def listed(value) -> str:
    if value is None:
        return NOT_RECORDED
    items = json.loads(value) if isinstance(value, str) and value.startswith("[") else [value]
    return ", ".join(map(str, items)) or "None"


def text_html(text: str, spans: list[dict], second_look: list[dict] = ()) -> str:
    """A redacted text, escaped, with each placeholder marked so a screen reader says what it is; for
    the facilitator, the words the recognisers left that deserve a second look are marked too."""
    marks = [(s["start"], s["end"], "pt-redacted", "removed to protect privacy") for s in spans]
    marks += [(s["start"], s["end"], "pt-second-look", f"check this: {s.get('reason', 'worth a second look')}")
              for s in second_look]
    out, at = [], 0
    for start, end, css, title in sorted(marks):
        if start < at:
            continue  # overlapping marks: the first wins
        out.append(escape(text[at:start]))
        if css == "pt-second-look":
            # A screen reader announces the reason; the title shows it on hover.
            out.append(f'<mark class="{css}" title="{escape(title)}">{escape(text[start:end])}'
                       f'<span class="pt-sr-only"> ({escape(title)})</span></mark>')
        else:
            out.append(f'<span class="{css}" title="{title}">{escape(text[start:end])}</span>')
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


# Each field of a case as a member reads it; the one list of these words, for members and staff alike.
FIELD_LABELS = {
    "month": "When", "time_of_day": "Time of day", "area": "Where", "age_range": "Age", "gender": "Gender",
    "subject_gender": "Gender", "self_defined_ethnicity": "Ethnicity, as they describe it",
    "subject_ethnicity": "Ethnicity, as they describe it", "officer_defined_ethnicity": "Officer's view of their ethnicity",
    "search_type": "Type of search", "legislation": "Power used", "object_of_search": "Looking for",
    "outcome": "Outcome", "outcome_linked": "Found what they were looking for",
    "more_than_outer_clothing": "More than outer clothing removed", "bwv_used": "Body-worn video recorded it",
    "part_of_operation": "Part of a police operation", "officers": "Officers involved",
    "location_types": "Type of place", "reasons": "Why force was used", "impact_factors": "What affected it",
    "tactics": "Force used", "outcomes": "Outcome", "subject_injured": "Person injured", "staff_injured": "Officer injured",
    "physical_disability": "Physical disability", "mental_disability": "Mental health or learning disability",
}


def case_line(case: dict, kind: str) -> str:
    """What tells one case from another in a list: where and when in the day, what was looked for,
    the power and the outcome (for use of force: what force and what came of it)."""
    def said(value) -> str:
        return str(value).strip() if value not in (None, "") else ""

    # Where and when in the day first: in a month's sample many cases share a power and an outcome.
    time_of_day = said(case.get("time_of_day")).split(" (")[0].lower()
    setting = ", ".join(p for p in (said(case.get("area")), time_of_day)
                        if p and p.lower() not in ("not shown", "not recorded"))
    if kind == "stop-search":
        looked_for = said(case.get("object_of_search"))
        outcome = said(case.get("outcome"))
        parts = [f"Looking for {looked_for[:1].lower() + looked_for[1:]}" if looked_for else "",
                 said(case.get("legislation")), SHORT_OUTCOMES.get(outcome, outcome)]
    else:
        tactics = listed(case.get("tactics")) if case.get("tactics") else ""
        outcomes = listed(case.get("outcomes")) if case.get("outcomes") else ""
        parts = [tactics, outcomes]
    return "; ".join(p for p in [setting, *parts] if p) or when_label(case.get("month"))


def _rows(pairs) -> str:
    return "".join(f"<dt>{escape(label)}</dt><dd>{escape(str(value) if value not in (None, '') else NOT_RECORDED)}</dd>"
                   for label, value in pairs)


def case_html(case: dict, texts: list[dict], kind: str, second_look: bool = False) -> str:
    """The case as a member reads it; with `second_look`, the facilitator's marks on the texts too."""
    time_of_day = case.get("time_of_day")
    L = FIELD_LABELS
    facts = [(L["month"], when_label(case.get("month")) + (f", {time_of_day.lower()}" if time_of_day and time_of_day != "Not shown"
                                                          else ", time of day not shown")),
             (L["area"], case.get("area")),
             (L["age_range"], case.get("age_range")),
             (L["gender"], case.get("gender") or case.get("subject_gender")),
             (L["self_defined_ethnicity"], case.get("self_defined_ethnicity") or case.get("subject_ethnicity"))]
    if kind == "stop-search":
        facts += [(L[f], case.get(f)) for f in ("officer_defined_ethnicity", "search_type", "legislation", "object_of_search")]
        happened = [(L["outcome"], case.get("outcome"))] + [
            (L[f], yes_no(case.get(f))) for f in ("outcome_linked", "more_than_outer_clothing", "bwv_used", "part_of_operation")]
        heading = "The officer's grounds for the search"
    else:
        facts += [(L["officers"], case.get("officers"))] + [
            (L[f], listed(case.get(f))) for f in ("location_types", "reasons", "impact_factors")]
        happened = [(L[f], listed(case.get(f))) for f in ("tactics", "outcomes")] + [
            (L[f], yes_no(case.get(f))) for f in ("subject_injured", "staff_injured", "physical_disability", "mental_disability")]
        heading = "What the officers wrote"
    if texts:
        written = "".join(
            (f"<h3>{escape(t['officer_label'])}</h3>" if kind != "stop-search" and t.get("officer_label") else "")
            + f'<p class="pt-grounds">{text_html(t["text"], t["spans"], t.get("second_look", []) if second_look else ())}</p>'
            for t in texts)
    else:
        written = "<p>Nothing was written.</p>"
    return (f'<dl class="pt-facts">{_rows(facts)}</dl>'
            f"<h2>{heading}</h2>{written}"
            f'<p class="pt-note">Names and other details that could identify someone have been replaced, '
            f'for example [NAME 1].</p>'
            f'<h2>What happened</h2><dl class="pt-facts">{_rows(happened)}</dl>')
