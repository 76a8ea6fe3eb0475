"""Ingest: read a force export through a profile into the canonical record, with a quality report.

    >>> export = read_export("2021-08-west-yorkshire-stop-and-search.csv")
    >>> export.frame          # one row per record, one column per canonical field
    >>> export.report.rows    # what the facilitator sees from `panel-tool validate`
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from panel_tool.contracts import Profile, load_profile
from panel_tool.errors import InputError
from panel_tool.ingest.canonical import MONTH_IN_NAME, to_canonical
from panel_tool.ingest.detect import check_required, detect_profile
from panel_tool.ingest.quality import QualityReport
from panel_tool.ingest.readers import read_raw

__all__ = ["Export", "QualityReport", "read_export", "validate"]

# Above this share of "Not stated", ethnicity breakdowns mislead (DOMAIN.md §5).
NOT_STATED_WARNING = 0.10


@dataclass
class Export:
    frame: pd.DataFrame
    report: QualityReport
    profile: Profile


def read_export(path: str | Path, profile: str | Profile | None = None, progress: bool = False) -> Export:
    """Read, map and check an export. Raises InputError with file, row and column on bad input."""
    raw = read_raw(path, progress=progress)
    detected = profile is None
    if detected:
        chosen = detect_profile(raw)
    else:
        chosen = profile if isinstance(profile, Profile) else load_profile(profile)
        if chosen.format != raw.profile_format:
            raise InputError(f"the '{chosen.name}' layout is for {'JSON' if chosen.format == 'json' else 'CSV or XLSX'} files, "
                             f"but this is a {raw.format.upper()} file", file=str(raw.path))
        check_required(raw, chosen)
    report = QualityReport(file=str(raw.path), profile=chosen.name, profile_title=chosen.title, profile_detected=detected,
                           kind=chosen.kind, format=raw.format, encoding=raw.encoding, delimiter=raw.delimiter,
                           line_endings=raw.line_endings, rows=0, sha256=raw.sha256)
    frame = to_canonical(raw, chosen, report)
    report.rows = len(frame)
    _assess(frame, chosen, report)
    return Export(frame=frame, report=report, profile=chosen)


def validate(path: str | Path, profile: str | None = None, progress: bool = False) -> QualityReport:
    """The data-quality report of an export (what `panel-tool validate` prints)."""
    return read_export(path, profile, progress=progress).report


def _assess(frame: pd.DataFrame, profile: Profile, report: QualityReport) -> None:
    mapped = set(report.columns_mapped.values())
    for name in frame.columns:
        if name not in mapped:
            continue
        column = frame[name]
        blank = column.list.len().eq(0).sum() if isinstance(column.dtype, pd.ArrowDtype) and "list" in str(column.dtype) else column.isna().sum()
        report.blanks[name] = int(blank)
    when_field = "searched_at" if profile.kind == "stop-search" else "incident_date"
    when = frame[when_field]
    if when.notna().any():
        shown = (lambda t: t.isoformat()) if profile.kind == "stop-search" else (lambda t: t.date().isoformat())
        report.date_range = (shown(when.min()), shown(when.max()))
        _month(frame, when, profile, report)
    else:
        report.problems.append(f"No record has a date ({when_field}): a pack needs to say when each case happened.")
    if profile.kind == "stop-search":
        _contradictions(frame, report)
        groups = frame["self_defined_ethnicity_group"]
        stated = groups.notna().sum()
        not_stated = int((groups == "Not stated").sum())
        if stated and not_stated / len(frame) > NOT_STATED_WARNING:
            report.warnings.append(f"{not_stated / len(frame):.0%} of records have self-defined ethnicity 'Not stated': "
                                   "comparisons between ethnic groups will be less reliable.")
        if when.notna().any():
            local = when.dropna().dt.tz_convert("Europe/London")
            midnight = float(((local.dt.hour == 0) & (local.dt.minute == 0)).mean())
            if midnight > 0.2:
                report.warnings.append(f"{midnight:.0%} of records are timed exactly midnight: this force may give dates only, "
                                       "so times of day are not reliable.")
    for name, values in report.unknown_values.items():
        report.warnings.append(f"{sum(values.values()):,} values of {name} are not ones this layout expects (listed above).")


def _month(frame: pd.DataFrame, when: pd.Series, profile: Profile, report: QualityReport) -> None:
    """The month a monthly file covers: from its name, or the month nearly all records fall in."""
    stamps = when.dropna()
    if isinstance(stamps.dtype, pd.DatetimeTZDtype):
        stamps = stamps.dt.tz_convert(None)
    months = stamps.dt.to_period("M")
    named = MONTH_IN_NAME.search(Path(report.file).name) if profile.month_from_filename else None
    if named:
        month = pd.Period(f"{named.group(1)}-{named.group(2)}", "M")
    else:
        counts = months.value_counts()
        if counts.iloc[0] / len(months) < 0.8:
            return
        month = counts.index[0]
    report.month = str(month)
    report.rows_outside_month = int((months != month).sum())


def _contradictions(frame: pd.DataFrame, report: QualityReport) -> None:
    own = frame["self_defined_ethnicity_group"].astype(object)
    officer = frame["officer_defined_ethnicity"].astype(object)
    comparable = own.notna() & officer.notna() & own.isin(["White", "Black", "Asian", "Mixed", "Other"])
    differs = comparable & (own != officer)
    if not differs.any():
        report.contradictions = {"count": 0, "pairs": []}
        return
    pairs = pd.DataFrame({"own": own[differs], "officer": officer[differs]}).value_counts()
    report.contradictions = {
        "count": int(differs.sum()),
        "pairs": [{"self_defined_group": a, "officer_defined": b, "count": int(n)} for (a, b), n in pairs.items()],
    }
