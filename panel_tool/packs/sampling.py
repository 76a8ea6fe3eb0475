"""Choosing the cases a panel reviews: random, stratified or targeted, deterministic for a seed.

Filters are the ones panels use (under-18s, section 60, strip searches, no body-worn video, an
area, a month, officers rated red before) plus any canonical field, written FIELD=VALUE.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from panel_tool.contracts import canonical_fields
from panel_tool.errors import InputError
from panel_tool.ingest.canonical import UNDER_18

SECTION_60 = "Criminal Justice and Public Order Act 1994 (section 60)"
# Shorthands for the targets panels ask for; each is a predicate over the canonical frame.
NAMED_FILTERS = {
    "under_18": lambda f, yes: f["age_range" if "age_range" in f else "subject_age_range"].isin(UNDER_18) == yes,
    "section_60": lambda f, yes: (f["legislation"] == SECTION_60) == yes,
}
TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0"}


@dataclass
class Sample:
    rows: list[int]  # positions in the frame, in the order cases will be numbered
    strategy: str
    seed: int
    size_requested: str
    where: list[str] = field(default_factory=list)
    strata: list[str] = field(default_factory=list)
    allocation: str | None = None
    eligible: int = 0

    def manifest(self) -> dict:
        return {"strategy": self.strategy, "seed": self.seed, "sample": self.size_requested, "where": self.where,
                "strata": self.strata, "allocation": self.allocation, "eligible_records": self.eligible,
                "cases": len(self.rows)}


def _truth(value: str, name: str) -> bool:
    if value.casefold() in TRUE_WORDS:
        return True
    if value.casefold() in FALSE_WORDS:
        return False
    raise InputError(f"--where {name}={value}: '{value}' is not yes or no", expected=f"{name}=yes or {name}=no")


def _filter(frame: pd.DataFrame, kind: str, clause: str, extra: dict) -> pd.Series:
    name, sep, value = clause.partition("=")
    name, value = name.strip().replace("-", "_"), value.strip()
    if not sep or not name or not value:
        raise InputError(f"--where '{clause}' is not of the form FIELD=VALUE", expected="for example --where under_18=yes")
    if name in extra:
        return extra[name](frame, value)
    if name in NAMED_FILTERS and (name != "section_60" or kind == "stop-search"):
        return NAMED_FILTERS[name](frame, _truth(value, name))
    if name == "month":
        when = frame["searched_at"] if kind == "stop-search" else frame["incident_date"]
        local = when.dt.tz_convert("Europe/London") if isinstance(when.dtype, pd.DatetimeTZDtype) else when
        try:
            wanted = pd.Period(value, "M")
        except ValueError:
            raise InputError(f"--where month={value}: not a month", expected="month=YYYY-MM, for example month=2024-03") from None
        return local.dt.tz_localize(None).dt.to_period("M") == wanted if isinstance(local.dtype, pd.DatetimeTZDtype) \
            else local.dt.to_period("M") == wanted
    fields = canonical_fields(kind)
    if name not in fields or fields[name].protection == "direct_identifier":
        usable = sorted(n for n, f in fields.items() if f.protection != "direct_identifier")
        raise InputError(f"--where {name}: there is no field called '{name}' to filter on",
                         expected="one of under_18, section_60, month, red_officers, " + ", ".join(usable))
    column = frame[name]
    if fields[name].kind == "boolean":
        return column.fillna(not _truth(value, name)) == _truth(value, name)
    alternatives = {v.strip().casefold() for v in value.split("|")}
    if fields[name].kind == "list":
        return column.map(lambda items: bool(alternatives & {i.casefold() for i in items}))
    return column.astype(object).map(lambda v: isinstance(v, str) and v.casefold() in alternatives).astype(bool)


def matching(frame: pd.DataFrame, kind: str, where: list[str], extra_filters: dict | None = None) -> int:
    """How many records meet every filter: what a facilitator sees beside each choice before building."""
    eligible = pd.Series(True, index=frame.index)
    for clause in where:
        eligible &= _filter(frame, kind, clause, extra_filters or {}).to_numpy()
    return int(eligible.sum())


def _allocate(sizes: pd.Series, n: int, allocation: str) -> pd.Series:
    """How many to take from each stratum: proportional (largest remainder) or equal, never more than it holds."""
    take = pd.Series(0, index=sizes.index)
    remaining = n
    open_ = sizes.copy()
    while remaining > 0 and len(open_):
        if allocation == "equal":
            share = pd.Series(remaining / len(open_), index=open_.index)
        else:
            share = open_ / open_.sum() * remaining
        whole = np.floor(share).astype(int)
        leftover = remaining - whole.sum()
        order = (share - whole).sort_values(ascending=False, kind="stable")
        whole[order.index[:leftover]] += 1
        room = sizes[open_.index] - take[open_.index]
        got = np.minimum(whole, room)
        take[open_.index] += got
        remaining -= int(got.sum())
        open_ = open_[(sizes[open_.index] - take[open_.index]) > 0]
        if got.sum() == 0:
            break
    return take


def choose(frame: pd.DataFrame, kind: str, sample: str = "10", strategy: str = "random", strata: list[str] | None = None,
           where: list[str] | None = None, seed: int | None = None, allocation: str = "proportional",
           extra_filters: dict | None = None, order_by: str | None = None) -> Sample:
    """Pick the rows for a pack. `sample` is a number or 'all'."""
    where = list(where or [])
    strata = list(strata or [])
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % 2**32)
    if strategy not in ("random", "stratified", "targeted"):
        raise InputError(f"'{strategy}' is not a sampling strategy", expected="random, stratified or targeted")
    if strategy == "targeted" and not where:
        raise InputError("a targeted sample needs at least one --where filter", expected="for example --where under_18=yes")
    if strategy == "stratified" and not strata:
        raise InputError("a stratified sample needs --strata", expected="for example --strata self_defined_ethnicity_group,outcome")
    eligible = pd.Series(True, index=frame.index)
    for clause in where:
        eligible &= _filter(frame, kind, clause, extra_filters or {}).to_numpy()
    positions = np.flatnonzero(eligible.to_numpy())
    if len(positions) == 0:
        raise InputError(f"no record matches {' and '.join(where)}", expected="filters that at least one record meets")
    if sample == "all":
        n = len(positions)
    else:
        try:
            n = int(sample)
        except ValueError:
            raise InputError(f"--sample {sample} is not a number", expected="a whole number of cases, or 'all'") from None
        if n < 1:
            raise InputError(f"--sample {sample}: a pack needs at least one case", expected="a whole number from 1, or 'all'")
        if n > len(positions):
            count = f"{len(positions):,} record{'s' if len(positions) != 1 else ''}"
            what = f"only {count} match{'es' if len(positions) == 1 else ''} the filters" if where else f"the export holds only {count}"
            raise InputError(f"--sample {n} asks for more cases than there are: {what}",
                             expected=f"at most {len(positions):,}, or --sample all")
    rng = np.random.default_rng(seed)
    if strategy == "stratified" and sample != "all":
        fields = canonical_fields(kind)
        for s in strata:
            if s not in frame.columns or fields[s].protection == "direct_identifier":
                raise InputError(f"--strata {s}: there is no field called '{s}' to stratify by",
                                 expected="fields such as self_defined_ethnicity_group, outcome, age_range, legislation")
        labels = frame.iloc[positions][strata].astype(object).fillna("Not recorded").astype(str).agg(" / ".join, axis=1)
        sizes = labels.value_counts(sort=False).sort_index()
        take = _allocate(sizes, n, allocation)
        chosen = []
        for stratum, count in take.items():
            if count:
                members = positions[(labels == stratum).to_numpy()]
                chosen.extend(rng.choice(members, size=int(count), replace=False).tolist())
        rows = chosen
    else:
        rows = rng.choice(positions, size=n, replace=False).tolist() if n < len(positions) else positions.tolist()
    if order_by is not None:
        when = frame[order_by].iloc[rows]
        rows = [r for _, r in sorted(zip(when.rank(method="first", na_option="bottom").tolist(), rows))]
    return Sample(rows=[int(r) for r in rows], strategy=strategy, seed=seed, size_requested=str(sample), where=where,
                  strata=strata, allocation=allocation if strategy == "stratified" else None, eligible=len(positions))
