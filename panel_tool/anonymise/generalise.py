"""Generalise what could single someone out in combination: when, where, and who.

Each quasi-identifier becomes a `Dimension`: integer codes per record at every level of its
hierarchy (finest first, the last level often "not shown"), computed once over the whole export
with vectorised pandas, so k-anonymity can be counted against every record, not just the sample.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from panel_tool.anonymise.places import nearest_places
from panel_tool.anonymise.vocabulary import read_safe_words
from panel_tool.contracts import schema_dir
from panel_tool.errors import InputError
from panel_tool.ingest.canonical import UNDER_18

NOT_RECORDED = "Not recorded"
NOT_SHOWN = "Not shown"
FORCE_AREA = "Somewhere in the force's area"  # the widest an area gets: said so, not "Not shown"


@dataclass
class Dimension:
    """One quasi-identifier: per level, each record's code and the label for each code."""

    name: str
    field: str  # the canonical field a member sees it as
    levels: list[str]
    codes: list[np.ndarray]
    labels: list[list[str | None]]
    _counts: list[np.ndarray] | None = None

    def label(self, level: int, row: int) -> str | None:
        return self.labels[level][self.codes[level][row]]

    def shared_by(self, level: int, row: int) -> int:
        """How many records share this record's value at `level`, on this dimension alone."""
        if self._counts is None:
            self._counts = [np.bincount(c) for c in self.codes]
        return int(self._counts[level][self.codes[level][row]])


def load_policy(name_or_path: str | None = None) -> dict:
    """A built-in policy by name (checked by the test suite), or a policy file, checked here."""
    own_file = bool(name_or_path) and name_or_path.endswith(".json")
    path = Path(name_or_path) if own_file else schema_dir() / "policies" / f"{name_or_path or 'default'}.json"
    if not path.exists():
        raise InputError("there is no such generalisation policy", file=str(path), expected="a policy .json file or 'default'")
    try:
        policy = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"this policy is not valid JSON ({exc})", file=str(path)) from None
    error = policy_errors(policy)[:1] if own_file else []
    if error:
        at = "/".join(map(str, error[0].absolute_path)) or "the top level"
        raise InputError(f"this policy is not valid: at {at}, {error[0].message}", file=str(path))
    if isinstance(policy.get("safe_words"), str):
        # Read now, so a bad line is reported before any work; the words themselves go into the
        # manifest (they are the force's vocabulary, not anyone's details).
        policy["safe_words"] = sorted(read_safe_words(path.parent / policy["safe_words"]))
    return policy


def policy_errors(policy: dict) -> list:
    """Where `policy` breaks schemas/policy.schema.json. jsonschema takes over a second to import,
    so only policies that are not built in pay for it."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads((schema_dir() / "policy.schema.json").read_text()))
    return sorted(validator.iter_errors(policy), key=lambda e: list(e.absolute_path))


def _from_labels(values: pd.Series) -> tuple[np.ndarray, list]:
    """Codes and labels for a column of labels; missing becomes 'Not recorded'."""
    cat = pd.Categorical(values)
    labels = list(cat.categories) + [NOT_RECORDED]
    codes = cat.codes.astype(np.int32)
    return np.where(codes < 0, len(labels) - 1, codes).astype(np.int32), labels


def _from_keys(keys: np.ndarray, name) -> tuple[np.ndarray, list]:
    """Codes for numeric keys (NaN = missing), each distinct key named once by `name`: labelling
    distinct values rather than rows keeps a million records fast."""
    missing = np.isnan(keys)
    uniques, codes = np.unique(np.where(missing, 0, keys), return_inverse=True)
    labels = [name(u) for u in uniques] + [NOT_RECORDED]
    return np.where(missing, len(labels) - 1, codes).astype(np.int32), labels


def _suppressed(n: int) -> tuple[np.ndarray, list]:
    return np.zeros(n, dtype=np.int32), [NOT_SHOWN]


def _dimension(name: str, field: str, levels: list[str], coded: list[tuple[np.ndarray, list]]) -> Dimension:
    return Dimension(name, field, levels, [c for c, _ in coded], [l for _, l in coded])


def _local(stamps: pd.Series, policy: dict) -> pd.Series:
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        return stamps.dt.tz_convert(policy["timezone"]).dt.tz_localize(None)
    return stamps


def when_dimension(stamps: pd.Series, policy: dict) -> Dimension:
    """Month (or ISO week), then quarter, then year, in local time."""
    local = _local(stamps, policy)
    year = local.dt.year.to_numpy(dtype="float64", na_value=np.nan)
    month = local.dt.month.to_numpy(dtype="float64", na_value=np.nan)
    if policy["date"] == "iso_week":
        iso = local.dt.isocalendar()
        week = iso["year"].to_numpy(dtype="float64", na_value=np.nan) * 100 + iso["week"].to_numpy(dtype="float64", na_value=np.nan)
        finest = _from_keys(week, lambda k: f"Week {int(k) % 100} of {int(k) // 100}")
    else:
        finest = _from_keys(year * 12 + month - 1, lambda k: pd.Timestamp(year=int(k) // 12, month=int(k) % 12 + 1, day=1).strftime("%B %Y"))
    quarter = _from_keys(year * 4 + (month - 1) // 3, lambda k: f"{['January to March', 'April to June', 'July to September', 'October to December'][int(k) % 4]} {int(k) // 4}")
    return _dimension("when_month", "month", ["month", "quarter", "year"], [finest, quarter, _from_keys(year, lambda k: str(int(k)))])


def time_band_dimension(minutes: np.ndarray, policy: dict) -> Dimension:
    """Local minutes after midnight -> the policy's bands; then day or night; then not shown."""
    starts = [int(b["from"][:2]) * 60 + int(b["from"][3:]) for b in policy["time_bands"]]
    labels = [b["label"] for b in policy["time_bands"]] + [NOT_RECORDED]
    missing = np.isnan(minutes)
    band = np.searchsorted(starts, np.nan_to_num(minutes), side="right") - 1
    band = np.where(missing | (band < 0), len(labels) - 1, band).astype(np.int32)
    day = np.where(missing, 2, np.where((minutes >= 6 * 60) & (minutes < 18 * 60), 0, 1)).astype(np.int32)
    return _dimension("time_band", "time_of_day", ["band", "day_or_night", "suppressed"],
                      [(band, labels), (day, ["Daytime (6am to 6pm)", "Night-time (6pm to 6am)", NOT_RECORDED]),
                       _suppressed(len(minutes))])


def _near(lat: np.ndarray, lon: np.ndarray, min_population: int) -> tuple[np.ndarray, list]:
    """Each point as its nearest place of at least `min_population` people: "Near Bradford"."""
    found, names = nearest_places(lat, lon, min_population)
    return _from_keys(found, lambda i: f"Near {names[int(i)]}")


def _area(frame: pd.DataFrame, policy: dict, force: str | None = None) -> Dimension:
    """The force's own area text when given, else the nearest town or district; wider: the nearest
    large town; widest: the force's area ("West Yorkshire Police area" when the force is named).
    Never a coordinate: a point on a map finds a street."""
    n = len(frame)
    lat = frame["latitude"].to_numpy(dtype="float64", na_value=np.nan) if "latitude" in frame else np.full(n, np.nan)
    lon = frame["longitude"].to_numpy(dtype="float64", na_value=np.nan) if "longitude" in frame else np.full(n, np.nan)
    town_codes, town_labels = _near(lat, lon, policy["places"]["area"])
    if "area" in frame and frame["area"].notna().any():
        text_codes, text_labels = _from_labels(frame["area"])
        has_text = text_codes < len(text_labels) - 1
        finest = (np.where(has_text, text_codes, len(text_labels) - 1 + town_codes).astype(np.int32),
                  text_labels[:-1] + town_labels)
    else:
        finest = (town_codes, town_labels)
    wider = _near(lat, lon, policy["places"]["wider_area"]) if not np.isnan(lat).all() else _suppressed(n)
    return _dimension("area", "area", ["area", "wider_area", "suppressed"],
                      [finest, wider, (np.zeros(n, dtype=np.int32), [f"{force} area" if force else FORCE_AREA])])


def _age(age_range: pd.Series) -> Dimension:
    under = pd.Series(np.where(age_range.isin(UNDER_18), "Under 18", "18 or over"), index=age_range.index).where(age_range.notna())
    return _dimension("age_range", "age_range", ["age_range", "under_or_over_18", "suppressed"],
                      [_from_labels(age_range), _from_labels(under), _suppressed(len(age_range))])


def _ethnicity(category: pd.Series, group: pd.Series, field: str) -> Dimension:
    return _dimension("self_defined_ethnicity", field, ["category", "group", "suppressed"],
                      [_from_labels(category), _from_labels(group), _suppressed(len(category))])


def _gender(gender: pd.Series, field: str) -> Dimension:
    return _dimension("gender", field, ["gender", "suppressed"], [_from_labels(gender), _suppressed(len(gender))])


def quasi_identifiers(frame: pd.DataFrame, kind: str, policy: dict, force: str | None = None) -> dict[str, Dimension]:
    """Every quasi-identifier dimension of the export, keyed by the policy's names; `force` names
    the force, for the widest an area gets."""
    if kind == "stop-search":
        local = _local(frame["searched_at"], policy)
        minutes = (local.dt.hour * 60 + local.dt.minute).to_numpy(dtype="float64", na_value=np.nan)
        dims = [when_dimension(frame["searched_at"], policy), time_band_dimension(minutes, policy), _area(frame, policy, force),
                _age(frame["age_range"]),
                _ethnicity(frame["self_defined_ethnicity"], frame["self_defined_ethnicity_group"], "self_defined_ethnicity"),
                _gender(frame["gender"], "gender")]
    else:
        when = when_dimension(frame["incident_date"], policy)
        time_text = frame["incident_time"].astype(object)
        minutes = pd.to_numeric(time_text.str[:2], errors="coerce") * 60 + pd.to_numeric(time_text.str[3:5], errors="coerce")
        dims = [when, time_band_dimension(minutes.to_numpy(dtype="float64", na_value=np.nan), policy), _area(frame, policy, force),
                _age(frame["subject_age_range"]),
                _ethnicity(frame["subject_ethnicity"], frame["subject_ethnicity"], "subject_ethnicity"),
                _gender(frame["subject_gender"], "subject_gender")]
    return {d.name: d for d in dims}
