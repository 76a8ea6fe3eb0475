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
from panel_tool.ingest.canonical import MONTH_IN_NAME, ROWS_SHOWN, to_canonical
from panel_tool.ingest.detect import check_required, detect_profile
from panel_tool.ingest.limits import EARLIEST_PLAUSIBLE_DATE
from panel_tool.ingest.quality import QualityReport, rows_phrase
from panel_tool.ingest.readers import read_raw

__all__ = ["Export", "QualityReport", "read_export", "refuse_unfit_records", "validate"]

# Above this share of "Not stated", ethnicity breakdowns mislead (DOMAIN.md §5).
NOT_STATED_WARNING = 0.10
# The field no two records may share. A use-of-force incident's forms share its incident_ref; each
# form has its own form_id.
UNIQUE_ID = {"stop-search": "record_id", "use-of-force": "form_id"}
WHEN = {"stop-search": "searched_at", "use-of-force": "incident_date"}
EARLIEST = f"{EARLIEST_PLAUSIBLE_DATE.day} {EARLIEST_PLAUSIBLE_DATE:%B %Y}"


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


def refuse_unfit_records(export: Export, allow_dates: bool = False) -> None:
    """What `pack build` refuses and `validate` only reports: records sharing an id (a case could not be
    traced back to its record), and, unless the facilitator says they are right, dates before 2000 or
    in the future (a pack month "January 1900")."""
    report = export.report
    shared = report.duplicate_ids
    if shared:
        raise InputError(f"{shared['records']:,} records share {_ids_phrase(shared['ids'])} "
                         f"({rows_phrase(shared['rows'], shared['records'])})", file=report.file, row=shared["rows"][0],
                         column=shared["column"], expected="each record with its own id; ask the force for a corrected export")
    dates = report.implausible_dates
    if dates and not allow_dates:
        raise InputError(f"{_dates_phrase(dates)} ({rows_phrase(dates['rows'], dates['count'])})", file=report.file,
                         row=dates["rows"][0], column=dates["column"],
                         expected=f"dates from {EARLIEST} to today; if these dates are right, build again with --allow-dates")


def _ids_phrase(ids: int) -> str:
    return "one id" if ids == 1 else f"{ids:,} ids between them"


def _dates_phrase(dates: dict) -> str:
    """'3 records have dates that cannot be right, 2 before 1 January 2000 and 1 in the future'."""
    parts = [f"{dates['early']:,} before {EARLIEST}" if dates["early"] else "",
             f"{dates['future']:,} in the future" if dates["future"] else ""]
    records = f"{dates['count']:,} record{' has a date' if dates['count'] == 1 else 's have dates'} that cannot be right"
    return f"{records}, {' and '.join(p for p in parts if p)}"


def _assess(frame: pd.DataFrame, profile: Profile, report: QualityReport) -> None:
    mapped = set(report.columns_mapped.values())
    for name in frame.columns:
        if name not in mapped:
            continue
        column = frame[name]
        blank = column.list.len().eq(0).sum() if isinstance(column.dtype, pd.ArrowDtype) and "list" in str(column.dtype) else column.isna().sum()
        report.blanks[name] = int(blank)
    when_field = WHEN[profile.kind]
    when = frame[when_field]
    if when.notna().any():
        shown = (lambda t: t.isoformat()) if profile.kind == "stop-search" else (lambda t: t.date().isoformat())
        report.date_range = (shown(when.min()), shown(when.max()))
        _month(frame, when, profile, report)
        _implausible_dates(when, report.column_for(when_field), report)
    else:
        report.problems.append(f"No record has a date ({when_field}): a pack needs to say when each case happened.")
    _duplicate_ids(frame[UNIQUE_ID[profile.kind]], report.column_for(UNIQUE_ID[profile.kind]), report)
    for name, found in report.invalid_numbers.items():
        report.warnings.append(f"{found['count']:,} values of {name} cannot be right and were left blank "
                               f"({rows_phrase(found['rows'], found['count'])}, column '{found['column']}'): "
                               f"expected {found['expected']}.")
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


def _implausible_dates(when: pd.Series, column: str | None, report: QualityReport) -> None:
    earliest = pd.Timestamp(EARLIEST_PLAUSIBLE_DATE)
    now = pd.Timestamp.now(tz="UTC")
    if when.dt.tz is not None:
        earliest = earliest.tz_localize("UTC")
    else:  # a date without a time: today's counts as today, wherever the facilitator is
        now = now.tz_convert("Europe/London").tz_localize(None)
    early = (when < earliest).to_numpy(dtype=bool, na_value=False)
    future = (when > now).to_numpy(dtype=bool, na_value=False)
    wrong = early | future
    if not wrong.any():
        return
    report.implausible_dates = {"column": column, "count": int(wrong.sum()), "early": int(early.sum()),
                                "future": int(future.sum()), "rows": [int(r) for r in when.index[wrong][:ROWS_SHOWN]]}
    report.warnings.append(f"{_dates_phrase(report.implausible_dates)} "
                           f"({rows_phrase(report.implausible_dates['rows'], int(wrong.sum()))}, column '{column}'): "
                           f"check them with the force. pack build refuses them unless you add --allow-dates.")


def _duplicate_ids(ids: pd.Series, column: str | None, report: QualityReport) -> None:
    shared = (ids.notna() & ids.duplicated(keep=False)).to_numpy(dtype=bool)
    if not shared.any():
        return
    report.duplicate_ids = {"column": column, "records": int(shared.sum()), "ids": int(ids[shared].nunique()),
                            "rows": [int(r) for r in ids.index[shared][:ROWS_SHOWN]]}
    found = report.duplicate_ids
    report.problems.append(f"{found['records']:,} records share {_ids_phrase(found['ids'])} "
                           f"({rows_phrase(found['rows'], found['records'])}, column '{column}'): each record needs its "
                           "own, or a case cannot be traced back to it. pack build refuses this export.")
