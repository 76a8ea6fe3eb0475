"""A recogniser for identifiers the export already names: this record's own person, officer,
vehicle, address and references.

The force's export holds the subject's name, the registration, the crime reference... in their
own columns. Wherever those exact values turn up in the same record's free text they are
identifiers, whatever the pattern recognisers make of them; this catches the unusual spellings and
rare names no word list holds.
"""

from __future__ import annotations

import re

from panel_tool.anonymise.recognisers import Detection

# Canonical direct-identifier field -> the identifier type its values are.
FIELD_TYPES = {
    "subject_name": "NAME", "officer_name": "NAME", "subject_address": "ADDRESS", "location": "ADDRESS",
    "vehicle_reg": "VEHICLE", "crime_ref": "REFERENCE", "bwv_ref": "REFERENCE", "record_id": "REFERENCE",
    "custody_ref": "REFERENCE", "incident_ref": "REFERENCE", "form_id": "REFERENCE", "subject_dob": "DOB",
    "officer_id": "OFFICER_NUMBER",
}
# Words in a name column that are not the person's name.
NOT_NAME_PARTS = {"mr", "mrs", "ms", "miss", "dr", "pc", "ps", "dc", "ds", "sgt", "insp", "pcso", "di", "ci", "supt", "the"}


def _patterns(field: str, value: str) -> list[tuple[re.Pattern, str]]:
    kind = FIELD_TYPES[field]
    value = value.strip()
    if len(value) < 3:
        return []
    out = [(re.compile(r"(?<!\w)" + r"\s*".join(map(re.escape, value.split())) + r"(?!\w)", re.I), kind)]
    if kind == "VEHICLE":
        squashed = value.replace(" ", "")
        out.append((re.compile(r"(?<!\w)" + r"\s?".join(map(re.escape, squashed)) + r"(?!\w)", re.I), kind))
    elif kind == "NAME":
        # Each part of the name on its own, as written (Title or CAPITALS): case-sensitive, so a
        # person called Will does not take the word "will" with them.
        for part in re.findall(r"[A-Za-z][A-Za-z'\-]{2,}", value):
            if part.casefold() in NOT_NAME_PARTS:
                continue
            for form in {part.title(), part.upper(), part}:
                out.append((re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)"), kind))
    elif kind == "ADDRESS":
        for part in value.split(","):
            if re.search(r"\d", part) and len(part.strip()) >= 4:
                out.append((re.compile(re.escape(part.strip()), re.I), kind))
    return out


def known_value_detections(text: str, values: dict[str, str | None]) -> list[Detection]:
    """Detections of this record's own identifier values in `text` (may overlap each other)."""
    if not text:
        return []
    found = []
    for field, value in values.items():
        if field not in FIELD_TYPES or not isinstance(value, str):
            continue
        for pattern, kind in _patterns(field, value):
            found += [Detection(m.start(), m.end(), kind) for m in pattern.finditer(text)]
    return found
