"""Generalise what could single someone out in combination: when, where, and who.

Each quasi-identifier becomes a `Dimension`: integer codes per record at every level of its
hierarchy (finest first, the last level often "not shown"), computed once over the whole export
with vectorised pandas, so k-anonymity can be counted against every record, not just the sample.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from panel_tool.contracts import schema_dir
from panel_tool.errors import InputError

NOT_RECORDED = "Not recorded"
NOT_SHOWN = "Not shown"
KM_PER_DEGREE = 111.32
GRID_LATITUDE = 53.0  # one fixed latitude for the grid, so squares mean the same everywhere in England and Wales


@dataclass
class Dimension:
    """One quasi-identifier: per level, each record's code and the label for each code."""

    name: str
    field: str  # the canonical field a member sees it as
    levels: list[str]
    codes: list[np.ndarray]
    labels: list[list[str | None]]

    def label(self, level: int, row: int) -> str | None:
        return self.labels[level][self.codes[level][row]]


def load_policy(name_or_path: str | None = None) -> dict:
    path = Path(name_or_path) if name_or_path and name_or_path.endswith(".json") else \
        schema_dir() / "policies" / f"{name_or_path or 'default'}.json"
    if not path.exists():
        raise InputError("there is no such generalisation policy", file=str(path), expected="a policy .json file or 'default'")
    try:
        policy = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"this policy is not valid JSON ({exc})", file=str(path)) from None
    import jsonschema  # slow to import; only needed here

    validator = jsonschema.Draft202012Validator(json.loads((schema_dir() / "policy.schema.json").read_text()))
    error = next(iter(sorted(validator.iter_errors(policy), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        at = "/".join(map(str, error.absolute_path)) or "the top level"
        raise InputError(f"this policy is not valid: at {at}, {error.message}", file=str(path))
    return policy


def _from_labels(values: pd.Series) -> tuple[np.ndarray, list]:
    """Codes and labels for a column of labels; missing becomes 'Not recorded'."""
    cat = pd.Categorical(values.astype(object).where(values.notna(), NOT_RECORDED))
    return cat.codes.astype(np.int32), list(cat.categories)


def _suppressed(n: int) -> tuple[np.ndarray, list]:
    return np.zeros(n, dtype=np.int32), [NOT_SHOWN]


def _when(stamps: pd.Series, policy: dict, with_time: bool) -> tuple["Dimension", "Dimension | None"]:
    local = stamps.dt.tz_convert(policy["timezone"]) if isinstance(stamps.dtype, pd.DatetimeTZDtype) else stamps
    naive = local.dt.tz_localize(None) if isinstance(local.dtype, pd.DatetimeTZDtype) else local
    if policy["date"] == "iso_week":
        iso = naive.dt.isocalendar()
        finest = ("Week " + iso["week"].astype(str) + " of " + iso["year"].astype(str)).where(naive.notna())
    else:
        finest = naive.dt.strftime("%B %Y").where(naive.notna())
    quarter = ("Q" + naive.dt.quarter.astype("Int64").astype(str) + " " + naive.dt.year.astype("Int64").astype(str)).where(naive.notna())
    year = naive.dt.year.astype("Int64").astype(str).where(naive.notna())
    levels = [_from_labels(finest), _from_labels(quarter), _from_labels(year)]
    when = Dimension("when_month", "month", ["month", "quarter", "year"], [c for c, _ in levels], [l for _, l in levels])
    if not with_time:
        return when, None
    minutes = (naive.dt.hour * 60 + naive.dt.minute).to_numpy(dtype="float64", na_value=np.nan)
    return when, time_band_dimension(minutes, policy)


def time_band_dimension(minutes: np.ndarray, policy: dict) -> Dimension:
    """Local minutes after midnight -> the policy's bands; then day or night; then not shown."""
    starts = [int(b["from"][:2]) * 60 + int(b["from"][3:]) for b in policy["time_bands"]]
    labels = [b["label"] for b in policy["time_bands"]] + [NOT_RECORDED]
    missing = np.isnan(minutes)
    band = np.searchsorted(starts, np.nan_to_num(minutes), side="right") - 1
    band = np.where(missing | (band < 0), len(labels) - 1, band).astype(np.int32)
    day = np.where(missing, 2, np.where((minutes >= 6 * 60) & (minutes < 18 * 60), 0, 1)).astype(np.int32)
    return Dimension("time_band", "time_of_day", ["band", "day_or_night", "suppressed"],
                     [band, day, _suppressed(len(minutes))[0]],
                     [labels, ["Daytime (6am to 6pm)", "Night-time (6pm to 6am)", NOT_RECORDED], [NOT_SHOWN]])


def grid_labels(lat: pd.Series, lon: pd.Series, km: float) -> pd.Series:
    """A map square of `km` a side, named by its centre: coarse enough to hide a street."""
    dlat = km / KM_PER_DEGREE
    dlon = km / (KM_PER_DEGREE * math.cos(math.radians(GRID_LATITUDE)))
    ok = lat.notna() & lon.notna()
    clat = (np.floor(lat / dlat) + 0.5) * dlat
    clon = (np.floor(lon / dlon) + 0.5) * dlon
    ns = np.where(clat >= 0, "N", "S")
    ew = np.where(clon >= 0, "E", "W")
    text = (f"{km:g} km square around " + clat.abs().round(2).map("{:.2f}".format) + "°" + ns + " "
            + clon.abs().round(2).map("{:.2f}".format) + "°" + ew)
    return text.where(ok)


def _area(frame: pd.DataFrame, policy: dict) -> Dimension:
    """The force's own area text when given, else a map square; wider: a square four times the size."""
    km = float(policy["grid_km"])
    has_coords = "latitude" in frame and frame["latitude"].notna().any()
    if has_coords:
        square, wide = grid_labels(frame["latitude"], frame["longitude"], km), grid_labels(frame["latitude"], frame["longitude"], 4 * km)
    else:
        square = wide = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    area_text = frame["area"].astype(object) if "area" in frame else square
    finest = area_text.where(area_text.notna(), square)
    levels = [_from_labels(finest), _from_labels(wide) if has_coords else _suppressed(len(frame)), _suppressed(len(frame))]
    return Dimension("area", "area", ["area", "wider_area", "suppressed"], [c for c, _ in levels], [l for _, l in levels])


def _age(age_range: pd.Series) -> Dimension:
    under = age_range.astype(object).map({"under 10": "Under 18", "10-17": "Under 18", "18-24": "18 or over",
                                          "25-34": "18 or over", "over 34": "18 or over"})
    levels = [_from_labels(age_range), _from_labels(under), _suppressed(len(age_range))]
    return Dimension("age_range", "age_range", ["age_range", "under_or_over_18", "suppressed"],
                     [c for c, _ in levels], [l for _, l in levels])


def _ethnicity(category: pd.Series, group: pd.Series, field: str) -> Dimension:
    levels = [_from_labels(category), _from_labels(group), _suppressed(len(category))]
    return Dimension("self_defined_ethnicity", field, ["category", "group", "suppressed"],
                     [c for c, _ in levels], [l for _, l in levels])


def _gender(gender: pd.Series, field: str) -> Dimension:
    levels = [_from_labels(gender), _suppressed(len(gender))]
    return Dimension("gender", field, ["gender", "suppressed"], [c for c, _ in levels], [l for _, l in levels])


def quasi_identifiers(frame: pd.DataFrame, kind: str, policy: dict) -> dict[str, Dimension]:
    """Every quasi-identifier dimension of the export, keyed by the policy's names."""
    if kind == "stop-search":
        when, band = _when(frame["searched_at"], policy, with_time=True)
        dims = [when, band, _area(frame, policy), _age(frame["age_range"]),
                _ethnicity(frame["self_defined_ethnicity"], frame["self_defined_ethnicity_group"], "self_defined_ethnicity"),
                _gender(frame["gender"], "gender")]
    else:
        when, _ = _when(frame["incident_date"], policy, with_time=False)
        time_text = frame["incident_time"].astype(object)
        minutes = pd.to_numeric(time_text.str[:2], errors="coerce") * 60 + pd.to_numeric(time_text.str[3:5], errors="coerce")
        dims = [when, time_band_dimension(minutes.to_numpy(dtype="float64", na_value=np.nan), policy), _area(frame, policy),
                _age(frame["subject_age_range"]),
                _ethnicity(frame["subject_ethnicity"], frame["subject_ethnicity"], "subject_ethnicity"),
                _gender(frame["subject_gender"], "subject_gender")]
    return {d.name: d for d in dims}
