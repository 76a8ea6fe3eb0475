"""The redaction operator: detected identifiers become placeholders a panel member can read.

``[NAME 1]``, ``[POSTCODE]``, ``PC [OFFICER NUMBER]``... Names are numbered so a member can still
follow who did what ("[NAME 1] ran off; [NAME 2] stayed"): within one text, every mention of the
same person gets the same number, including a surname-only mention of a full name seen earlier.

Detection is :mod:`panel_tool.anonymise.recognisers`' job; this module only rewrites. Redacting
redacted text changes nothing: placeholders already present are left alone and new names are
numbered after them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from .recognisers import Detection, Mark, detect
from .recognisers.unknown_words import LOOKS_IDENTIFYING

#: What each identifier type becomes.
PLACEHOLDERS = {
    "NAME": "[NAME {}]",
    "POSTCODE": "[POSTCODE]",
    "PHONE": "[PHONE]",
    "EMAIL": "[EMAIL]",
    "VEHICLE": "[VEHICLE]",
    "DOB": "[DATE OF BIRTH]",
    "NI_NUMBER": "[NI NUMBER]",
    "PNC_ID": "[PNC ID]",
    "REFERENCE": "[REFERENCE]",
    "OFFICER_NUMBER": "[OFFICER NUMBER]",
    "IMEI": "[IMEI]",
    "CARD_NUMBER": "[CARD NUMBER]",
    "ADDRESS": "[ADDRESS]",
    "SCHOOL": "[SCHOOL]",
    "WORKPLACE": "[WORKPLACE]",
    "SOCIAL_MEDIA": "[SOCIAL MEDIA]",
    "PASSPORT": "[PASSPORT]",
    "DRIVING_LICENCE": "[DRIVING LICENCE]",
}

_EXISTING = re.compile(
    r"\[(?:NAME (\d+)|" + "|".join(re.escape(p[1:-1]) for t, p in PLACEHOLDERS.items() if t != "NAME") + r")\]"
)


_TYPE_OF_PLACEHOLDER = {placeholder.split(" {")[0].strip("[]"): type for type, placeholder in PLACEHOLDERS.items()}


def placeholders_in(found: list[re.Match[str]]) -> list[Detection]:
    """Placeholders already in a text, as detections of their type: the words around them are then
    read knowing that "[NAME 1]" is a person."""
    return [Detection(m.start(), m.end(), _TYPE_OF_PLACEHOLDER[m.group().strip("[]").rstrip("0123456789 ")])
            for m in found]


class RedactedSpan(NamedTuple):
    """Where a placeholder sits in the redacted text (never where the value was)."""

    type: str
    start: int
    end: int


class Redacted(NamedTuple):
    """A redacted text and the placeholders put into it."""

    text: str
    spans: list[RedactedSpan]


def redact(text: str | None, detections: list[Detection] | None = None) -> Redacted | None:
    """Replace every identifier in ``text`` with its placeholder.

    ``detections`` may be passed when they were computed already (for instance to review them
    first); by default :func:`detect` finds them. ``None`` in gives ``None`` out, so a column with
    missing grounds maps straight through.
    """
    if text is None:
        return None
    existing = list(_EXISTING.finditer(text)) if "[" in text else []
    if detections is None:
        detections = detect(text, known=placeholders_in(existing))
    if existing:
        # Already redacted: leave those placeholders be, and number new names after them.
        detections = [d for d in detections if not any(d.start < m.end() and m.start() < d.end for m in existing)]
    if not detections:
        return Redacted(text, [])
    names = _NameBook(first=1 + max((int(m.group(1)) for m in existing if m.group(1)), default=0))
    pieces: list[str] = []
    spans: list[RedactedSpan] = []
    cursor = length = 0
    for detection in detections:
        kept = text[cursor : detection.start]
        pieces.append(kept)
        length += len(kept)
        if detection.type == "NAME":
            placeholder = PLACEHOLDERS["NAME"].format(names.number_of(text[detection.start : detection.end]))
        else:
            placeholder = PLACEHOLDERS[detection.type]
        pieces.append(placeholder)
        spans.append(RedactedSpan(detection.type, length, length + len(placeholder)))
        length += len(placeholder)
        cursor = detection.end
    pieces.append(text[cursor:])
    return Redacted("".join(pieces), spans)


def second_look(text: str | None) -> list[Mark]:
    """What a person should check in an already redacted text: every word the recall-first pass
    let through on weak ground (unknown words kept as misspellings or places, names that are also
    words, numbers that could identify someone), and anything the redactor would now redact that
    is still there (a word written back by hand, say), each with its reason in plain English."""
    if not text:
        return []
    existing = list(_EXISTING.finditer(text)) if "[" in text else []
    marks: list[Mark] = []
    known = placeholders_in(existing)
    found = detect(text, marks=marks, known=known)
    marks += [Mark(d.start, d.end, LOOKS_IDENTIFYING) for d in found if d not in known]
    taken: list[Mark] = []
    for mark in sorted(marks):
        if not any(mark.start < t.end and t.start < mark.end for t in taken):
            taken.append(mark)
    return taken


def redact_many(texts: Iterable[str | None]) -> list[Redacted | None]:
    """:func:`redact` over a column of texts (a list, a pandas Series...).

    Missing values (``None``, pandas' ``NaN``) give ``None``. Identical texts, common in exports
    where grounds are pasted from a template, are redacted once.
    """
    done: dict[str, Redacted] = {}
    out: list[Redacted | None] = []
    for text in texts:
        if not isinstance(text, str):
            out.append(None)
            continue
        result = done.get(text)
        if result is None:
            result = done[text] = redact(text)
        out.append(result)
    return out


_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "mister", "master"})


def _name_words(value: str) -> tuple[str, ...]:
    """A name as comparable words: lower case, forename first (``SMITH, John`` -> john smith),
    titles, dots and possessives dropped."""
    if "," in value:
        surname, _, forenames = value.partition(",")
        value = f"{forenames} {surname}"
    words = (w.strip(".'’\"“”‘").lower() for w in value.split())
    return tuple(w for w in words if w and w not in _TITLES)


class _NameBook:
    """Numbers people in order of first mention, recognising later mentions of the same person."""

    def __init__(self, first: int = 1) -> None:
        self.next = first
        self.people: list[tuple[tuple[str, ...], int]] = []

    def number_of(self, value: str) -> int:
        words = _name_words(value)
        for known, number in self.people:
            if _same_person(words, known):
                if len(words) > len(known):
                    # Remember the fuller form ("Smith" first, "John Smith" later).
                    self.people.append((words, number))
                return number
        number, self.next = self.next, self.next + 1
        self.people.append((words, number))
        return number


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same words; or one is a single word matching the other's surname (or forename); or same
    surname with compatible forenames (equal, or one an initial of the other)."""
    if a == b:
        return True
    if not a or not b:
        return False
    if len(a) == 1 or len(b) == 1:
        single, full = (a[0], b) if len(a) == 1 else (b[0], a)
        return single in (full[-1], full[0])
    if a[-1] != b[-1]:
        return False
    fa, fb = a[0], b[0]
    return fa == fb or (len(fa) == 1 and fb.startswith(fa)) or (len(fb) == 1 and fa.startswith(fb))
