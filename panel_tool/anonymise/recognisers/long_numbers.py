"""Long runs of digits: payment cards, IMEIs, and record numbers nobody labelled.

One scan finds every run of nine or more digits (single spaces or dashes allowed between them),
and the digit count says what it is: sixteen is a card (grouped 4-4-4-4, Luhn-valid, or after the
word "card"), fifteen an IMEI (not Luhn-checked: a mistyped IMEI identifies a handset just as
well), and nine or more written without separators a reference of some kind. Spaced runs that are
none of these (a phone number, "07700 900123") are left to the recognisers that know their shape.
"""

from __future__ import annotations

import re

from .detection import Detection, TextView

_RUN = re.compile(r"[0-9](?<!\d[0-9])(?<!\d[ -][0-9])(?:[ -]?\d){8,}(?!\d)(?![ -]\d)")
_GROUPED_CARD = re.compile(r"\d{4}([ -])\d{4}\1\d{4}\1\d{4}")
_CARD_CUE = re.compile(r"\b(?:card|visa|mastercard|amex|debit|credit|bank)\b")
_SEPARATORS = str.maketrans("", "", " -")


def luhn_valid(digits: str) -> bool:
    """The Luhn check digit test every payment card number passes."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


class LongNumberRecogniser:
    """Cards, IMEIs and unlabelled record numbers, from one scan for long digit runs."""

    type = "CARD_NUMBER"  # the most specific of the three; each detection carries its own type
    needs_digit = True

    def __repr__(self) -> str:
        return "LongNumberRecogniser()"

    def analyse(self, text: str | TextView) -> list[Detection]:
        view = text if isinstance(text, TextView) else TextView(text)
        if not view.has_digit:
            return []
        found = []
        for run in _RUN.finditer(view.text):
            value = run.group()
            digits = value.translate(_SEPARATORS)
            kind = _kind_of(value, digits, view, run.start())
            if kind is not None:
                found.append(Detection(run.start(), run.end(), kind))
        return found


def _kind_of(value: str, digits: str, view: TextView, start: int) -> str | None:
    if len(digits) == 16 and (
        _GROUPED_CARD.fullmatch(value)
        or luhn_valid(digits)
        or _CARD_CUE.search(view.lowered, max(0, start - 40), start)
    ):
        return "CARD_NUMBER"
    if len(digits) == 15:
        return "IMEI"
    if len(digits) == len(value):
        return "REFERENCE"
    return None
