"""Numbers issued to one person or one device: National Insurance, PNC, IMEI, payment card."""

import re

from .detection import PatternRecogniser, TextView

#: Any two letters: HMRC's own examples use the otherwise invalid ``QQ`` prefix, and so do the
#: training scenarios officers copy from. Anchored on the six digits, which is where a match
#: can be cheaply ruled out.
NI_NUMBER = PatternRecogniser(
    "NI_NUMBER",
    r"[A-Za-z](?<![\w][A-Za-z])[A-Za-z] ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d](?!\w)",
    anchor=r"\d{2} ?\d{2} ?\d{2} ?[A-Da-d](?!\w)",
    reach=3,
)

#: Police National Computer ID: two- or four-digit year, slash, serial, check letter.
PNC_ID = PatternRecogniser(
    "PNC_ID",
    r"\d(?<![\w/]\d)(?:\d|\d{3})/\d{5,7}[A-Za-z](?![\w/])",
    needs="/",
)

#: Fifteen digits, optionally grouped with spaces or dashes (``35-209900-176148-1``). Not
#: Luhn-checked: a mistyped IMEI identifies a handset just as well.
IMEI = PatternRecogniser(
    "IMEI",
    r"\d(?<!\d\d)(?<!\d[ -]\d)(?:[ -]?\d){14}(?!\d)(?![ -]\d)",
)


def luhn_valid(digits: str) -> bool:
    """The Luhn check digit test every payment card number passes."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


_CARD_CUE = re.compile(r"\b(?:card|visa|mastercard|amex|debit|credit|bank)\b")


def _plausible_card(match: re.Match[str], view: TextView) -> bool:
    """Grouped 4-4-4-4 is how cards are written; an ungrouped run of sixteen digits must also
    pass the Luhn check or follow the word "card" (otherwise the reference recogniser, which
    takes any long number, has it)."""
    if match.group(1):
        return True
    if luhn_valid(match.group()):
        return True
    return _CARD_CUE.search(view.lowered, max(0, match.start() - 40), match.start()) is not None


CARD_NUMBER = PatternRecogniser(
    "CARD_NUMBER",
    r"\d(?<!\d\d)(?<!\d[ -]\d)\d{3}([ -]?)\d{4}\1\d{4}\1\d{4}(?!\d)(?![ -]\d)",
    validate=_plausible_card,
)
