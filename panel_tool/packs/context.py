"""Context statistics for a review pack: the figures a panel's briefing sets the cases against.

    >>> stats = context_statistics(read_export("2021-08-west-yorkshire-stop-and-search.csv").frame, "stop-search")
    >>> stats[stats.section == "By self-defined ethnicity"]

One tidy row per figure (section, dimension, category, measure, value, ci_low, ci_high, display,
suppressed), so the pack stores them as they are and any view can lay them out. `display` is what a
lay member reads. Small numbers are suppressed the way published police tables do it: a count under
SMALL_COUNT, and any rate whose numerator or denominator is under SMALL_COUNT (so the count cannot be
worked back from the rate), shows as "fewer than 5" with no value. Where the categories of a
breakdown add up to a total shown elsewhere, a lone suppressed figure could be had by subtraction,
so one more category is withheld beside it (secondary suppression), shown as HIDDEN, never as
"fewer than 5", which would be untrue. Intervals are 95%: Wilson for proportions, normal
approximation to the Poisson for rates per 1,000 people, Katz's log interval for the ratio of two
such rates. Each breakdown is one bincount over category codes: a million rows take well under a
second.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from panel_tool.contracts import canonical_fields
from panel_tool.errors import InputError
from panel_tool.ingest import NOT_STATED_WARNING
from panel_tool.ingest.canonical import UNDER_18

__all__ = ["context_statistics", "read_population", "wilson_interval", "rate_ratio_interval", "SMALL_COUNT",
           "SUPPRESSED", "HIDDEN", "POPULATION_GROUPS", "COLUMNS"]

SMALL_COUNT = 5
SUPPRESSED = f"fewer than {SMALL_COUNT}"
HIDDEN = "not shown, to protect a small number"
Z95 = 1.959963984540054
NOT_RECORDED = "Not recorded"
OTHER_VALUE = "Other value"
POPULATION_GROUPS = ("White", "Black", "Asian", "Mixed", "Other")
COLUMNS = ["section", "dimension", "category", "measure", "value", "ci_low", "ci_high", "display", "suppressed"]

ARREST = "Arrest"
NO_FURTHER_ACTION = "A no further action disposal"
SECTION_60 = "Criminal Justice and Public Order Act 1994 (section 60)"
AGE_PARTNER = {"under 10": "10-17", "10-17": "under 10"}
UNSTATED = (NOT_RECORDED, "Not stated", "Not known")
# measure, numerator flag, denominator flag
RATES = [("arrest_rate", "arrest", "outcome_known"), ("no_further_action_rate", "nfa", "outcome_known"),
         ("find_rate", "linked", "linked_known")]
# A breakdown lists every allowed value when the list is short and a missing group is itself news
# (no Black searches at all); long lists (legislation, object) show only what occurs.
COMPLETE = {"self_defined_ethnicity_group", "age_range", "subject_ethnicity", "subject_age_range"}

STOP_SEARCH_BREAKDOWNS = [
    ("By self-defined ethnicity", "self_defined_ethnicity_group"),
    ("By age range", "age_range"),
    ("By search type", "search_type"),
    ("By legislation", "legislation"),
    ("By object of search", "object_of_search"),
]
STOP_SEARCH_FIELDS = ["searched_at", "outcome", "outcome_linked", "more_than_outer_clothing", "search_type", "legislation",
                      "object_of_search", "age_range", "self_defined_ethnicity_group"]
USE_OF_FORCE_FIELDS = ["incident_ref", "incident_date", "tactics", "subject_ethnicity", "subject_age_range", "outcomes",
                       "staff_injured", "subject_injured"]


# ---------------------------------------------------------------------------------------------
# Intervals


def wilson_interval(successes: float, trials: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion: sensible near 0% and 100% and for small samples."""
    if trials <= 0:
        return (math.nan, math.nan)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    return (max(0.0, centre - half), min(1.0, centre + half))


def rate_ratio_interval(a: float, n1: float, b: float, n2: float, z: float = Z95) -> tuple[float, float, float]:
    """Ratio of a/n1 to b/n2 with Katz's log interval: exp(ln RR ± z·sqrt(1/a − 1/n1 + 1/b − 1/n2)).

    Searches are events, not people: where there are more searches than residents (a small
    resident population, as in the City of London) a/n1 is no proportion and Katz's variance can
    go negative, so the Poisson rate-ratio variance 1/a + 1/b is used instead.
    """
    ratio = (a / n1) / (b / n2)
    variance = 1 / a - 1 / n1 + 1 / b - 1 / n2 if a <= n1 and b <= n2 else 1 / a + 1 / b
    spread = z * math.sqrt(variance)
    return ratio, ratio * math.exp(-spread), ratio * math.exp(spread)


def _per_1000_interval(count: float, population: float, z: float = Z95) -> tuple[float, float]:
    """Normal approximation to the Poisson count, scaled to a rate per 1,000 people."""
    spread = z * math.sqrt(count)
    return max(0.0, count - spread) / population * 1000, (count + spread) / population * 1000


# ---------------------------------------------------------------------------------------------
# Plain-English numbers


def _count_text(n: float) -> str:
    return f"{int(n):,}"


def percent_text(p: float) -> str:
    shown = f"{p:.0%}"
    # decided on the rounded figure: 1 in 200 (0.005) rounds to "0%" too, which reads as none
    if 0 < p and shown == "0%":
        return "less than 1%"
    if p < 1 and shown == "100%":
        return "more than 99%"
    return shown


def _month_text(period: pd.Period) -> str:
    return period.strftime("%B %Y")


# ---------------------------------------------------------------------------------------------
# Rows


class _Table:
    """Collects figures as rows, applying the suppression rules in one place.

    `small` is the primary rule (a count, numerator or denominator under SMALL_COUNT: "fewer than
    5"); `hide` is secondary suppression (a figure that is not small itself but would let a
    small one be worked out by subtraction: HIDDEN, since "fewer than 5" would be untrue).
    """

    def __init__(self):
        self.rows: list[dict] = []

    def _add(self, section, dimension, category, measure, value=None, ci=(None, None), display="", small=False, hide=False):
        low, high = ci
        withheld = small or hide
        self.rows.append({"section": section, "dimension": dimension, "category": str(category), "measure": measure,
                          "value": None if withheld or value is None else float(value),
                          "ci_low": None if withheld or low is None or math.isnan(low) else float(low),
                          "ci_high": None if withheld or high is None or math.isnan(high) else float(high),
                          "display": SUPPRESSED if small else HIDDEN if hide else display, "suppressed": withheld})

    def count(self, section, dimension, category, n, hide=False):
        self._add(section, dimension, category, "count", n, display=_count_text(n), small=n < SMALL_COUNT, hide=hide)

    def proportion(self, section, dimension, category, measure, successes, trials, hide=False):
        small = successes < SMALL_COUNT or trials < SMALL_COUNT
        p = successes / trials if trials else None
        self._add(section, dimension, category, measure, p, wilson_interval(successes, trials),
                  display="" if small else percent_text(p), small=small, hide=hide)

    def per_1000(self, section, dimension, category, count, population, hide=False):
        small = count < SMALL_COUNT or population < SMALL_COUNT
        rate = count / population * 1000 if population else None
        ci = (None, None) if small else _per_1000_interval(count, population)
        self._add(section, dimension, category, "per_1000", rate, ci,
                  display="" if small else f"{rate:,.{1 if rate >= 1 else 2}f} per 1,000", small=small, hide=hide)

    def ratio(self, section, dimension, category, a, n1, b, n2, hide=False):
        if min(a, b, n1, n2) < SMALL_COUNT:
            self._add(section, dimension, category, "ratio_to_white", small=True)
            return
        ratio, low, high = rate_ratio_interval(a, n1, b, n2)
        self._add(section, dimension, category, "ratio_to_white", ratio, (low, high), display=f"{ratio:,.1f} times",
                  hide=hide)

    def months(self, section, dimension, first: pd.Period, last: pd.Period):
        span = (last.year - first.year) * 12 + last.month - first.month + 1
        text = _month_text(first) if span == 1 else f"{_month_text(first)} to {_month_text(last)} ({span} months)"
        self._add(section, dimension, "Months covered", "months", span, display=text)

    def note(self, dimension, category, text):
        self._add("Notes", dimension, category, "note", display=text)

    def frame(self) -> pd.DataFrame:
        out = pd.DataFrame(self.rows, columns=COLUMNS)
        for name in ("value", "ci_low", "ci_high"):
            out[name] = out[name].astype(object).where(out[name].notna(), None)
        out["suppressed"] = out["suppressed"].astype(bool)
        return out


# ---------------------------------------------------------------------------------------------
# Column helpers (vectorised: nothing here looks at a row in Python)


def _categories(frame: pd.DataFrame, name: str, kind: str) -> pd.Series:
    """The column as a categorical with blanks as "Not recorded", categories in schema order.

    A value the schema does not list was typed by someone and may name a person ("knife belonging
    to John SMITH"), so it is never a category of its own: all such values count as "Other value"."""
    column = frame[name]
    if not isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype("string").str.strip().replace("", pd.NA).astype("category")
    allowed = list(canonical_fields(kind)[name].allowed) if name in canonical_fields(kind) else []
    extra = [c for c in column.cat.categories if c not in allowed and c != NOT_RECORDED]
    order = [c for c in allowed if c in column.cat.categories or name in COMPLETE] + ([OTHER_VALUE] if extra else []) + [NOT_RECORDED]
    position = {c: i for i, c in enumerate(order)}
    remap = np.array([position.get(c, position.get(OTHER_VALUE, -1)) for c in column.cat.categories] + [-1], dtype=np.int64)
    codes = remap[column.cat.codes.to_numpy()]
    return pd.Series(pd.Categorical.from_codes(codes, categories=order), index=column.index).fillna(NOT_RECORDED)


def _flag(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(is True, is recorded) for a boolean column, as numpy arrays."""
    known = column.notna().to_numpy()
    true = column.fillna(False).to_numpy(dtype=bool) & known
    return true, known


def _is(column: pd.Series, value: str) -> np.ndarray:
    return column.eq(value).fillna(False).to_numpy(dtype=bool)


def _months(stamps: pd.Series) -> tuple[pd.Period, pd.Period] | None:
    """First and last calendar month, in UK local time for timestamps (a UTC 23:40 on 31 July is August)."""
    first, last = stamps.min(), stamps.max()
    if pd.isna(first):
        return None
    if getattr(first, "tzinfo", None) is not None:
        first, last = first.tz_convert("Europe/London").tz_localize(None), last.tz_convert("Europe/London").tz_localize(None)
    return first.to_period("M"), last.to_period("M")


def _require(frame: pd.DataFrame, fields: list[str], kind: str) -> None:
    missing = [name for name in fields if name not in frame.columns]
    if missing:
        raise InputError(f"these records have no '{missing[0]}' column, so they are not {kind} records as ingest gives them",
                         column=missing[0], expected=f"the frame read_export gives for a {kind} file")


def _list_items(column: pd.Series, allowed: tuple = ()) -> pd.Series:
    """One categorical item per (row, distinct item) of a list column; a row with no item gives
    "Not recorded"; an item not in `allowed` counts as "Other value" (see _categories)."""
    array = pa.array(column) if isinstance(column.dtype, pd.ArrowDtype) else pa.array(column.tolist(), pa.list_(pa.string()))
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    lengths = pc.fill_null(pc.list_value_length(array), 0).to_numpy(zero_copy_only=False)
    parents = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    encoded = pc.dictionary_encode(pc.list_flatten(array))
    named = [c if not allowed or c in allowed else OTHER_VALUE for c in encoded.dictionary.to_pylist()]
    categories = list(dict.fromkeys(named))
    remap = np.array([categories.index(c) for c in named] + [-1], dtype=np.int64)
    codes = remap[pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)]
    keep = codes >= 0
    # The same item twice on one form counts once for that form.
    _, first = np.unique(parents[keep] * (len(categories) + 1) + codes[keep], return_index=True)
    empty = np.flatnonzero(lengths == 0)
    codes = np.concatenate([codes[keep][first], np.full(len(empty), len(categories), dtype=np.int64)])
    return pd.Series(pd.Categorical.from_codes(codes, categories=categories + [NOT_RECORDED]))


def _share_of(part: int, whole: int, noun: str) -> str:
    """'12% of searches', or a vaguer phrase when the part is small enough to count people by."""
    return f"{percent_text(part / whole)} of {noun}" if part >= SMALL_COUNT else f"more than one in ten {noun}"


# ---------------------------------------------------------------------------------------------
# Breakdowns


def _breakdown(table: _Table, section: str, dimension: str, key: pd.Series, total: int, flags: pd.DataFrame | None,
               by_frequency: bool, partition: bool = True, exposed: frozenset = frozenset()) -> set:
    """count and share per category, and the outcome and find rates when `flags` is given.

    When the categories add up to a total shown elsewhere (`partition`), one suppressed figure
    could be worked back by subtraction, so a second category's figure is withheld with it: for
    the counts (the whole category goes) and for each rate's numerator. Returns the categories
    withheld whole.
    """
    codes = key.cat.codes.to_numpy()
    width = len(key.cat.categories)
    sums = pd.DataFrame({"n": np.bincount(codes, minlength=width)}, index=pd.Index(list(key.cat.categories), dtype=object))
    for name in [] if flags is None else flags.columns:
        sums[name] = np.bincount(codes, weights=flags[name].to_numpy(), minlength=width).astype(np.int64)
    if by_frequency:
        named = sums.drop(index=NOT_RECORDED)
        sums = pd.concat([named.sort_values("n", ascending=False, kind="stable"), sums.loc[[NOT_RECORDED]]])
    always = dimension in COMPLETE and pd.Index(sums.index) != NOT_RECORDED
    listed = sums[(sums["n"].to_numpy() > 0) | always]
    whole = _secondary(listed["n"], listed["n"] < SMALL_COUNT, set(), exposed) if partition else set()
    withheld = {measure: _secondary(listed[top], (listed[top] < SMALL_COUNT) | (listed[bottom] < SMALL_COUNT), whole)
                for measure, top, bottom in RATES if partition and top in listed}
    for category, figures in listed.iterrows():
        n, hide = int(figures["n"]), category in whole
        table.count(section, dimension, category, n, hide)
        table.proportion(section, dimension, category, "share", n, total, hide)
        for measure, top, bottom in RATES:
            if top in figures.index:
                table.proportion(section, dimension, category, measure, int(figures[top]), int(figures[bottom]),
                                 hide or category in withheld.get(measure, ()))
    return whole


def _secondary(sizes: pd.Series, small: pd.Series, withheld: set, exposed: frozenset = frozenset()) -> set:
    """The partner to withhold when exactly one small, non-zero figure could be worked back by subtraction.

    `small` marks the figures suppressed on their own; `withheld` the categories already gone for
    another reason (they hide a small figure as well as a partner would). The partner is chosen to
    cost the briefing least: under 10 pairs with 10-17 (the under-18s total, shown on its own, then
    reveals neither); otherwise a blank or unstated category, so the groups a panel compares stay
    visible; otherwise the smallest other category. A category whose size can be worked out
    elsewhere (`exposed`: blank outcomes, from the arrest rate's denominator) protects nothing.
    """
    # A zero protects nothing: other figures (the under-18s total, say) can pin it down.
    gone = set(sizes.index[small.to_numpy() & (sizes.to_numpy() > 0)]) | (set(withheld) & set(sizes.index))
    if len(gone) != 1:
        return set()
    alone = gone.pop()
    if not small[alone]:
        return set()
    others = sizes.drop(index=[alone, *[c for c in exposed if c in sizes.index and c != alone]])
    others = others[others > 0]
    if others.empty:
        return set()
    preferred = [AGE_PARTNER.get(alone)] + [c for c in UNSTATED if c in others.index]
    return {next((c for c in preferred if c in others.index), others.idxmin())}


def _rates(table: _Table, section: str, dimension: str, category: str, figures: pd.Series) -> None:
    """Arrest, no-further-action and find rates from summed flags (a flag is absent when nothing records it)."""
    for measure, top, bottom in RATES:
        if top in figures.index:
            table.proportion(section, dimension, category, measure, int(figures[top]), int(figures[bottom]))


# ---------------------------------------------------------------------------------------------
# Stop and search


def _stop_search(frame: pd.DataFrame, population: pd.DataFrame | None) -> pd.DataFrame:
    kind = "stop-search"
    _require(frame, STOP_SEARCH_FIELDS, kind)
    table = _Table()
    total = len(frame)
    outcome = _categories(frame, "outcome", kind)
    outcome_known = (outcome != NOT_RECORDED).to_numpy()
    linked, linked_known = _flag(frame["outcome_linked"])
    flags = {}
    if outcome_known.any():
        flags.update(arrest=_is(outcome, ARREST), nfa=_is(outcome, NO_FURTHER_ACTION), outcome_known=outcome_known)
    if linked_known.any():
        flags.update(linked=linked, linked_known=linked_known)
    flags = pd.DataFrame({name: values.astype(np.int64) for name, values in flags.items()}, index=frame.index)

    table.count("Volume", "", "Searches", total)
    months = _months(frame["searched_at"])
    if months:
        table.months("Volume", "searched_at", *months)

    _breakdown(table, "Outcomes", "outcome", outcome, total, None, by_frequency=True, exposed=frozenset({NOT_RECORDED}))
    if outcome_known.any():
        known = int(outcome_known.sum())
        table.proportion("Outcomes", "outcome", ARREST, "arrest_rate", int(flags["arrest"].sum()), known)
        table.proportion("Outcomes", "outcome", NO_FURTHER_ACTION, "no_further_action_rate", int(flags["nfa"].sum()), known)
    elif total:
        table.note("outcome", "Not recorded", "No search has an outcome recorded, so arrest and no-further-action rates "
                                              "cannot be worked out.")

    if linked_known.any():
        table.proportion("Find rate", "outcome_linked", "Outcome linked to object of search", "find_rate",
                         int(linked.sum()), int(linked_known.sum()))
    elif total:
        table.note("outcome_linked", "Not recorded", "No search records whether the outcome was linked to what the "
                                                     "officer was looking for, so the find rate cannot be worked out.")

    keys, hidden = {}, {}
    for section, dimension in STOP_SEARCH_BREAKDOWNS:
        keys[dimension] = _categories(frame, dimension, kind)
        hidden[dimension] = _breakdown(table, section, dimension, keys[dimension], total, flags,
                                       by_frequency=dimension not in COMPLETE)

    under_18 = keys["age_range"].isin(UNDER_18).to_numpy()
    young = flags[under_18].sum() if len(flags.columns) else pd.Series(dtype=np.int64)
    table.count("Under-18s", "age_range", "Under 18", int(under_18.sum()))
    table.proportion("Under-18s", "age_range", "Under 18", "share", int(under_18.sum()), total)
    _rates(table, "Under-18s", "age_range", "Under 18", young)

    section_60 = _is(frame["legislation"], SECTION_60)
    strip, strip_known = _flag(frame["more_than_outer_clothing"])
    for section, dimension, category, chosen in [("Section 60 searches", "legislation", "Section 60", section_60),
                                                 ("More than outer clothing", "more_than_outer_clothing",
                                                  "More than outer clothing", strip)]:
        n = int(chosen.sum())
        table.count(section, dimension, category, n)
        table.proportion(section, dimension, category, "share", n, total)
        if n:
            for field in ("self_defined_ethnicity_group", "age_range"):
                _breakdown(table, section, field, keys[field][chosen].reset_index(drop=True), n, None, by_frequency=False)
    _blank_note(table, "more_than_outer_clothing", int((~strip_known).sum()), total, "searches",
                "do not say whether more than outer clothing was removed, so those counts may be too low.")

    groups = keys["self_defined_ethnicity_group"]
    if population is not None:
        _compared_with_population(table, groups, population, months, hidden["self_defined_ethnicity_group"])
    _not_stated_note(table, "self_defined_ethnicity_group", groups, "Not stated", "self-defined ethnicity", total, "searches")
    if linked_known.any():
        _blank_note(table, "outcome_linked", int((~linked_known).sum()), total, "searches",
                    "do not say whether the outcome was linked to what the officer was looking for: the find rate "
                    "leaves them out.")
    return table.frame()


def _compared_with_population(table: _Table, groups: pd.Series, population: pd.DataFrame, months, hidden: set) -> None:
    """Searches per 1,000 residents and the ratio to White; a group whose count is hidden stays hidden here."""
    section, dimension = "Compared with population", "self_defined_ethnicity_group"
    residents = _population_lookup(population)
    counts = groups.value_counts()
    white_searches, white_residents = int(counts.get("White", 0)), residents.get("White", 0)
    for group, people in residents.items():
        searches = int(counts.get(group, 0))
        table.per_1000(section, dimension, group, searches, people, hide=group in hidden)
    for group, people in residents.items():
        if group != "White" and "White" in residents:
            table.ratio(section, dimension, group, int(counts.get(group, 0)), people, white_searches, white_residents,
                        hide=bool({group, "White"} & hidden))
    period = ""
    if months:
        span = (months[1] - months[0]).n + 1
        period = (f" in {_month_text(months[0])}" if span == 1 else
                  f" from {_month_text(months[0])} to {_month_text(months[1])}")
        period += "" if span == 12 else f" ({'one month' if span == 1 else f'{span} months'}, not a year)"
    table.note(dimension, "Population",
               f"Searches per 1,000 residents count every search{period} against the resident population supplied. "
               "Searches with ethnicity not stated or not recorded are left out, so every group's rate may be a little "
               "low. A ratio compares a group's rate with the rate for White people.")


def _population_lookup(population: pd.DataFrame) -> dict[str, int]:
    if not {"group", "population"} <= set(population.columns):
        raise InputError("the population table needs the columns 'group' and 'population'",
                         expected="the table read_population gives")
    return {str(g): int(p) for g, p in zip(population["group"], population["population"])}


def _not_stated_note(table: _Table, dimension: str, groups: pd.Series, label: str, described: str, total: int,
                     noun: str) -> None:
    """Warn when too many records lack ethnicity for comparisons between groups to be trusted (DOMAIN.md §5)."""
    not_stated = int((groups == label).sum())
    if total and not_stated / total > NOT_STATED_WARNING:
        share = _share_of(not_stated, total, noun)
        table.note(dimension, label, f"{share[0].upper()}{share[1:]} have {described} '{label}': comparisons between "
                                     "ethnic groups are less reliable.")


def _blank_note(table: _Table, dimension: str, blank: int, total: int, noun: str, says: str) -> None:
    """Say so when more than one record in ten leaves blank a field that a figure depends on."""
    if total and blank / total > NOT_STATED_WARNING:
        share = _share_of(blank, total, noun)
        table.note(dimension, NOT_RECORDED, f"{share[0].upper()}{share[1:]} {says}")


# ---------------------------------------------------------------------------------------------
# Use of force


def _use_of_force(frame: pd.DataFrame) -> pd.DataFrame:
    kind = "use-of-force"
    _require(frame, USE_OF_FORCE_FIELDS, kind)
    table = _Table()
    forms = len(frame)
    refs = frame["incident_ref"].astype("string").str.strip().replace("", pd.NA)
    incidents = int(refs.nunique(dropna=True) + refs.isna().sum())  # a form with no reference is its own incident
    table.count("Volume", "incident_ref", "Incidents", incidents)
    table.count("Volume", "", "Forms", forms)
    months = _months(frame["incident_date"])
    if months:
        table.months("Volume", "incident_date", *months)

    for section, dimension in [("Tactics", "tactics"), ("Outcomes", "outcomes")]:
        key = _list_items(frame[dimension], canonical_fields("use-of-force")[dimension].allowed)
        _breakdown(table, section, dimension, key, forms, None, by_frequency=True, partition=False)

    for section, dimension in [("By subject ethnicity", "subject_ethnicity"), ("By age range", "subject_age_range")]:
        _breakdown(table, section, dimension, _categories(frame, dimension, kind), forms, None, by_frequency=False)

    for dimension, category, who in [("staff_injured", "Staff injured", "a member of staff"),
                                     ("subject_injured", "Person injured", "the person")]:
        injured, known = _flag(frame[dimension])
        table.count("Injuries", dimension, category, int(injured.sum()))
        table.proportion("Injuries", dimension, category, "share", int(injured.sum()), int(known.sum()))
        _blank_note(table, dimension, int((~known).sum()), forms, "forms",
                    f"do not say whether {who} was injured: the share leaves them out.")

    _not_stated_note(table, "subject_ethnicity", _categories(frame, "subject_ethnicity", kind), "Not known",
                     "subject ethnicity", forms, "forms")
    table.note("", "Forms", "Counts other than incidents are of forms: each officer fills in one form for each person, "
                            "so an incident with several officers is counted once per officer.")
    return table.frame()


# ---------------------------------------------------------------------------------------------
# Public API


def context_statistics(frame: pd.DataFrame, kind: str, population: pd.DataFrame | None = None) -> pd.DataFrame:
    """The briefing figures for a canonical frame of `kind` ('stop-search' or 'use-of-force'), one row per figure.

    `population` (from read_population) adds searches per 1,000 residents per ethnic group and each
    group's ratio to the White group; it only applies to stop and search.
    """
    if kind == "stop-search":
        return _stop_search(frame, population)
    if kind == "use-of-force":
        return _use_of_force(frame)
    raise InputError(f"'{kind}' is not a kind of record this tool knows", expected="stop-search or use-of-force")


def read_population(path: str | Path) -> pd.DataFrame:
    """Resident population by ethnic group, from a CSV with the header `group,population`.

    The user supplies it (the Census, for the force area). Group names are the five broad groups,
    in any case; populations are whole numbers, zero or more. The White row is required because
    every ratio is to the White group.
    """
    path = Path(path)
    shown = str(path)
    expected_groups = ", ".join(POPULATION_GROUPS)
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            lines = list(csv.reader(handle))
    except FileNotFoundError:
        raise InputError("the population file does not exist", file=shown) from None
    except IsADirectoryError:
        raise InputError("the population file is a folder, not a file", file=shown) from None
    except UnicodeDecodeError:
        raise InputError("the population file is not text (UTF-8 CSV)", file=shown,
                         expected="a CSV file saved as UTF-8") from None
    if not lines:
        raise InputError("the population file is empty", file=shown, row=1, expected="a header line: group,population")
    header = ["".join(name.split()).lower() for name in lines[0]]
    for needed in ("group", "population"):
        if needed not in header:
            raise InputError(f"the header has no '{needed}' column", file=shown, row=1, column=needed,
                             expected="a header line: group,population")
    at_group, at_population = header.index("group"), header.index("population")
    canonical = {g.lower(): g for g in POPULATION_GROUPS}
    found: dict[str, tuple[int, int]] = {}
    for row_number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = cells + [""] * (max(at_group, at_population) + 1 - len(cells))
        name = " ".join(cells[at_group].split())
        group = canonical.get(name.lower())
        if group is None:
            raise InputError(f"'{name}' is not an ethnic group this tool compares" if name else "the group is blank",
                             file=shown, row=row_number, column="group", expected=f"one of {expected_groups}")
        if group in found:
            raise InputError(f"the group '{group}' appears twice (first on row {found[group][0]})", file=shown,
                             row=row_number, column="group", expected="each group once")
        text = cells[at_population].strip().replace(",", "").replace(" ", "")
        if not text.isdigit():
            problem = ("the population is negative" if text.startswith("-") and text[1:].replace(".", "", 1).isdigit()
                       else f"'{cells[at_population].strip()}' is not a whole number" if text else "the population is blank")
            raise InputError(problem, file=shown, row=row_number, column="population",
                             expected="a whole number of people, zero or more, such as 152400")
        found[group] = (row_number, int(text))
    if "White" not in found:
        raise InputError("there is no row for the White group, which every ratio is compared with", file=shown,
                         column="group", expected=f"a row for each group to compare, including White ({expected_groups})")
    if found["White"][1] == 0:
        raise InputError("the White population is 0, so no ratio to it can be worked out", file=shown,
                         row=found["White"][0], column="population", expected="the number of White residents")
    ordered = [g for g in POPULATION_GROUPS if g in found]
    return pd.DataFrame({"group": ordered, "population": np.array([found[g][1] for g in ordered], dtype=np.int64)})
