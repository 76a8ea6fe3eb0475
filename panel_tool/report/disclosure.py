"""Disclosure control for the public version of a report: which counts it may publish, and the check that
nothing it withholds can be worked out from what it publishes.

The policy, in the manner of the ONS's and the Home Office's guidance for published statistics:

- **Primary suppression.** A count of cases from 1 to THRESHOLD - 1 (1 to 4) is withheld: cases by
  rating, by group, by theme, by the answer most members gave. Zero is published. Counts of the
  panel's own work (cases reviewed, members, answers, actions) are published whatever their size:
  they say nothing about who was searched, the actions are listed one by one, and the number of
  cases is usually in the report's title.
- **One marker.** Every withheld count reads "not shown", whatever the reason, so the marker itself
  gives no bound (a "fewer than 5" would say 1 to 4).
- **Secondary suppression.** Counts are tied together: a table's cells add up to its total, every
  breakdown splits the same cases, each group's cases are published. A withheld count that could be
  got back by subtraction is no protection, so more counts are withheld until it cannot.
- **The check.** Every count the public document publishes is registered here, with the sums that
  tie counts together. For each withheld count, linear programming (scipy.optimize.linprog) finds the
  least and the most it could be given everything published (all counts at least 0, and at least 1
  where the document prints a row only for something there: a group, a theme, an answer); if that range
  is narrower than THRESHOLD, more is withheld, and a document that still fails is never written.
- **No per-case lists.** A list giving each case's agreed rating, or each case's answers, would undo
  all of this (12 cases, the list shows two Red): the public version leaves such lists out.

Counts are keyed by tuples (`("agreed", "red")`, `("group", "age_range", "18-24", "red")`); a sum
says that some keys add up to another. A key that is part of a sum but never published (cases of a
group with no agreed rating yet) is an unknown the check solves for, like a withheld one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from panel_tool.errors import InputError

THRESHOLD = 5
WITHHELD = "not shown"


@dataclass
class Disclosure:
    """The counts one public document holds, how they add up, and which are withheld."""
    threshold: int = THRESHOLD
    counts: dict[tuple, int] = field(default_factory=dict)
    published: set[tuple] = field(default_factory=set)  # keys the document shows (or withholds) as a count
    exempt: set[tuple] = field(default_factory=set)  # published whatever their size: they count no person
    # Counts whose row the document prints only when there is something to count (a group's cases, a theme,
    # an answer most members gave): the row itself says "at least 1", so "not shown" there is 1 or more.
    present: set[tuple] = field(default_factory=set)
    left_out: set[tuple] = field(default_factory=set)  # tables the document leaves out (see `family`)
    sums: list[tuple[tuple, list[tuple]]] = field(default_factory=list)  # (total, parts)
    withheld: set[tuple] = field(default_factory=set)
    primary: set[tuple] = field(default_factory=set)
    rendered: dict[tuple, str] = field(default_factory=dict)  # what the document printed for each key

    def count(self, key: tuple, value: int, published: bool = True, exempt: bool = False, present: bool = False) -> None:
        self.counts[key] = int(value)
        if published:
            self.published.add(key)
        if exempt:
            self.exempt.add(key)
        if present and value > 0:
            self.present.add(key)

    def add_sum(self, total: tuple, parts: list[tuple]) -> None:
        self.sums.append((total, list(parts)))

    def protect(self, secondary: bool = True) -> None:
        """Withhold every small count, then (with `secondary`) the smallest count beside any withheld one
        that the check can still bound too tightly, until none can be. Withholding more only widens ranges,
        so a count once found wide enough is not looked at again."""
        self.primary = {k for k in self.published - self.exempt if 0 < self.counts[k] < self.threshold}
        self.withheld = set(self.primary)
        pending = set(self.withheld) if secondary else set()
        while pending:
            narrow = sorted((k for k, (lo, hi) in self.ranges(pending).items() if hi - lo < self.threshold), key=str)
            pending = set(narrow)
            if not narrow:
                return
            before = len(self.withheld)
            for key in narrow:  # one more withheld beside each narrow count, then look again
                partner = self._partner(key)
                if partner is not None:  # None: the others' partners this round took all there was
                    self.withheld.add(partner)
                    pending.add(partner)
            if len(self.withheld) > before:
                continue
            # Still narrow, and nothing left to withhold: a small session's rows say too much by being there
            # (four groups listed for five cases hold one or two each). Leave out the tables that pin it,
            # its own first, else those tied to it; withholding less never narrows a range, so look again.
            tables = {family(k) for k in narrow} - {None} - self.left_out or {
                family(k) for total, parts in self.sums if set(narrow) & {total, *parts}
                for k in (total, *parts)} - {None} - self.left_out
            if not tables:
                raise InputError(
                    "The public version cannot be written: this session has so few cases that a count it "
                    f"must hide ({describe(narrow[0])}) could be worked out from the totals it has to show.",
                    expected="a report on more cases (several sessions together), or the force's copy only")
            for table in tables:
                self.leave_out(table)
            pending = set(self.withheld)

    def leave_out(self, table: tuple) -> None:
        """Print none of this table's counts, nor its rows: they become unknowns to the check."""
        keys = {k for k in self.counts if family(k) == table}
        self.published -= keys
        self.withheld -= keys
        self.present -= keys
        self.left_out.add(table)

    def _partner(self, key: tuple) -> tuple | None:
        """The smallest published count sharing a sum with `key` (its total counts too), zeros included, so
        a withheld count may be a zero and 'not shown' never means 'at least 1'. When everything beside it is
        withheld already, the search widens to the sums of those withheld counts, and so on outwards."""
        reached, frontier = set(), {key}
        while frontier:
            reached |= frontier
            beside = {k for total, parts in self.sums if frontier & {total, *parts} for k in (total, *parts)}
            open_ = sorted((k for k in beside if k in self.published - self.exempt and k not in self.withheld),
                           key=lambda k: (self.counts[k], k[0] in ("agreed_all", "cases_all"), str(k)))
            if open_:
                return open_[0]
            frontier = beside - reached
        return None

    def shown(self, key: tuple) -> str:
        """The count as the public document prints it; registers that it was printed."""
        if key not in self.published:
            raise KeyError(f"{key} is not a count this public document may publish")
        text = WITHHELD if key in self.withheld else f"{self.counts[key]:,}"
        self.rendered[key] = text
        return text

    def value(self, key: tuple) -> int | None:
        """The count, or None where it is withheld (a chart draws no bar for it)."""
        return None if key in self.withheld else self.counts[key]

    def ranges(self, keys_wanted: set[tuple] | None = None) -> dict[tuple, tuple[float, float]]:
        """For every withheld count (or those asked for), the least and the most it could be given every
        published count and sum."""
        from scipy.optimize import linprog

        keys = sorted(set(self.counts) | {k for t, ps in self.sums for k in (t, *ps)}, key=str)
        index = {k: i for i, k in enumerate(keys)}
        known = {k for k in self.published if k not in self.withheld}
        bounds = [(self.counts[k], self.counts[k]) if k in known else (1 if k in self.present else 0, None)
                  for k in keys]
        a_eq = np.zeros((len(self.sums), len(keys)))
        for row, (total, parts) in enumerate(self.sums):
            a_eq[row, index[total]] -= 1
            for p in parts:
                a_eq[row, index[p]] += 1
        b_eq = np.zeros(len(self.sums))
        out = {}
        for key in sorted(self.withheld if keys_wanted is None else keys_wanted, key=str):
            c = np.zeros(len(keys))
            c[index[key]] = 1
            low = linprog(c, A_eq=a_eq if len(self.sums) else None, b_eq=b_eq if len(self.sums) else None,
                          bounds=bounds, method="highs")
            high = linprog(-c, A_eq=a_eq if len(self.sums) else None, b_eq=b_eq if len(self.sums) else None,
                           bounds=bounds, method="highs")
            if low.status != 0:
                raise RuntimeError(f"the public document's counts do not add up ({low.message})")
            out[key] = (low.fun, float("inf") if high.status == 3 else -high.fun)
        return out

    def audit(self) -> dict[tuple, tuple[float, float]]:
        """The check run before a public document is written: every withheld count's range is at least the
        threshold wide, and nothing was printed that was not registered. Returns the ranges."""
        ranges = self.ranges()
        narrow = {k: r for k, r in ranges.items() if r[1] - r[0] < self.threshold}
        if narrow:
            raise RuntimeError(f"withheld counts could be worked out from the public document: {narrow}")
        leaked = {k for k, text in self.rendered.items() if k in self.withheld and text != WITHHELD}
        if leaked:
            raise RuntimeError(f"withheld counts were printed: {sorted(leaked, key=str)}")
        return ranges


def family(key: tuple) -> tuple | None:
    """The table a count is printed in, where the public version may leave a whole table out: a breakdown's
    ("groups", dimension), a question's ("majority", question), ("themes",). None for the rest (the agreed
    ratings have a row for every rating, zeros too, and the panel's own work is exempt)."""
    kind = key[0]
    if kind in ("size", "group"):
        return ("groups", key[1])
    if kind == "majority":
        return ("majority", key[1])
    if kind == "theme":
        return ("themes",)
    return None


def describe(key: tuple) -> str:
    """A count's key in words, for an error a facilitator reads: ("group", "age_range", "18-24", "red")
    reads "age range 18-24, red"."""
    kind, *rest = key
    words = [str(part).replace("_", " ") for part in rest]
    return ", ".join(words) if words else str(kind).replace("_", " ")


def public_counts(summary, overall: dict | None) -> Disclosure:
    """Every count a public report on this session may publish, how they add up, and which are withheld.

    Built from the summary's own counts before any are hidden. Keys: ("cases_all",) the cases; ("agreed",
    rating) and ("agreed_all",) the panel's agreed ratings; ("size", dimension, group) each group's cases;
    ("group", dimension, group, rating) its agreed ratings; ("majority", question, answer) cases by the
    answer most members gave; ("theme", theme); ("members", step); ("answers",); ("actions", status);
    ("question", question, "members" | "cases")."""
    d = Disclosure()
    ratings = [o["value"] for o in overall["options"]] if overall else []
    d.count(("cases_all",), summary.cases_total, exempt=True)  # the report's title often says it anyway
    agreed = summary.outcomes["rating"].value_counts().to_dict() if len(summary.outcomes) else {}
    for r in ratings:
        d.count(("agreed", r), agreed.get(r, 0))
    d.count(("agreed_all",), len(summary.outcomes))
    d.add_sum(("agreed_all",), [("agreed", r) for r in ratings])
    groups = summary.breakdowns[summary.breakdowns["unit"] == "cases"]
    for row in groups.itertuples(index=False):
        d.count(("group", row.dimension, row.category, row.rating_value), row.count)
    agreed_in = groups.groupby(["dimension", "category"])["count"].sum().to_dict()
    for dimension, sizes in summary.group_cases.groupby("dimension", sort=False):
        d.add_sum(("cases_all",), [("size", dimension, c) for c in sizes["category"]])
        for category, n in zip(sizes["category"], sizes["cases"]):
            d.count(("size", dimension, category), n, present=True)
            # a group's cases are its agreed ratings and the cases not yet agreed, which a reader does not see
            d.count(("unagreed", dimension, category), n - int(agreed_in.get((dimension, category), 0)), published=False)
            d.add_sum(("size", dimension, category),
                      [("group", dimension, category, r) for r in ratings] + [("unagreed", dimension, category)])
        for r in ratings:
            d.add_sum(("agreed", r), [("group", dimension, c, r) for c in sizes["category"]])
    # Cases by the answer most members gave: with the cases tied or not answered (unseen) they are every case.
    majority = summary.case_agreement[summary.case_agreement["majority_value"].notna()]
    given = majority.groupby(["question_id", "majority_value"]).size().to_dict()
    for q in (q for q in summary.form["questions"] if q["type"] == "choice"):
        answers = [o["value"] for o in q["options"]]
        for a in answers:
            d.count(("majority", q["id"], a), given.get((q["id"], a), 0), present=True)
        d.count(("no_majority", q["id"]), summary.cases_total - sum(given.get((q["id"], a), 0) for a in answers),
                published=False)
        d.add_sum(("cases_all",), [("majority", q["id"], a) for a in answers] + [("no_majority", q["id"])])
    for row in summary.themes.itertuples(index=False):
        d.count(("theme", row.theme), row.cases, present=True)
    g = summary.engagement
    for step in ("invited", "took_part", "finished"):
        d.count(("members", step), g[step], exempt=True)
    d.count(("answers",), g["answers"], exempt=True)
    for status, n in summary.actions["status"].astype(str).value_counts().items():
        d.count(("actions", status), n, exempt=True)  # the panel's requests to the force, listed one by one anyway
    for row in summary.question_agreement.itertuples(index=False):
        d.count(("question", row.question_id, "members"), row.raters, exempt=True)
        d.count(("question", row.question_id, "cases"), row.cases, exempt=True)
    d.protect()
    return d
