"""Recognise an export's layout from its header."""

from __future__ import annotations

from panel_tool.contracts import Profile, builtin_profile_names, load_profile
from panel_tool.errors import InputError
from panel_tool.ingest.readers import RawTable, normalise_column


def missing_required(profile: Profile, header: list[str]) -> list[str]:
    present = {normalise_column(c) for c in header}
    return [c for c in profile.required if normalise_column(c) not in present]


def detect_profile(raw: RawTable) -> Profile:
    """The built-in profile whose required columns are all in the header, preferring the closest fit."""
    present = {normalise_column(c) for c in raw.header}
    candidates = [load_profile(n) for n in builtin_profile_names()]
    candidates = [p for p in candidates if p.format == raw.profile_format]
    fits = [p for p in candidates if not missing_required(p, raw.header)]
    if fits:
        return max(fits, key=lambda p: sum(normalise_column(c) in present for c in p.columns) / len(p.columns))
    closest = min(candidates, key=lambda p: len(missing_required(p, raw.header)))
    missing = missing_required(closest, raw.header)
    raise InputError(
        f"the header does not match any layout this tool knows; the closest is '{closest.name}' ({closest.title}), "
        f"which also needs the column{'s' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)}",
        file=str(raw.path), row=1, column=missing[0],
        expected="the header of a known layout, or --profile naming a profile file for this force's export")


def check_required(raw: RawTable, profile: Profile) -> None:
    missing = missing_required(profile, raw.header)
    if missing:
        raise InputError(
            f"the file lacks the column{'s' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)} "
            f"that the '{profile.name}' layout needs", file=str(raw.path), row=1, column=missing[0],
            expected="a header with: " + ", ".join(profile.required))
