"""Numbers written out in words, as voice-to-text types what an officer dictates.

"dee oh bee twelve oh four two thousand and six", "phone number oh seven seven one two ...",
"body worn reference is bee double you four four one two": the digit patterns never see these.
The cue before a run of number words says what it is (a date of birth, a phone number); any
other run of four or more digits spoken one by one is a reference. Short runs stay ("section
twenty three", "one or two males").
"""

from __future__ import annotations

import re

from .detection import Detection, TextView, word_trie

_DIGITS = ("zero", "oh", "nought", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_REPEATS = ("double", "triple")
_NUMBERS = _DIGITS + (
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
)
_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
    "twentieth", "thirtieth",
)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_NUMBER = word_trie(_NUMBERS + _REPEATS)
_DATE_WORD = word_trie(_NUMBERS + _ORDINALS + _MONTHS)
#: A date said aloud: number, ordinal and month words, with "and", "of", "the" between them
#: ("first of the ninth ninety seven", "twelve oh four two thousand and six").
_SPOKEN_DATE = rf"{_DATE_WORD}(?![a-z])(?:(?:[ -]+(?:and|of|the))*[ -]+{_DATE_WORD}(?![a-z])){{2,}}"
_DOB = re.compile(
    r"(?:date[ ]of[ ]birth|dee[ ]oh[ ]bee|d\.?o\.?b\.?|born)(?:[ ]+(?:is|was|as|given|on|the))*[ ,:]+"
    rf"({_SPOKEN_DATE})"
)
#: Single digits said one by one, "double" and "triple" counted as digits.
_DIGIT_RUN = re.compile(rf"(?<![a-z]){_NUMBER}(?![a-z])(?:[ -]+{_NUMBER}(?![a-z]))+")
_PHONE_CUE = re.compile(r"(?:phone|mobile|mob|tel|number|contact)(?:[ ]+(?:number|no|is|was|on))*[ ,:]*$")
_SINGLE = frozenset(_DIGITS + _REPEATS)


class SpokenNumberRecogniser:
    """Dates of birth, phone numbers and references said aloud; see the module docstring."""

    type = "REFERENCE"
    needs_digit = False

    def __repr__(self) -> str:
        return "SpokenNumberRecogniser()"

    def analyse(self, text: str | TextView) -> list[Detection]:
        view = text if isinstance(text, TextView) else TextView(text)
        lowered = view.lowered
        if " oh " not in lowered and " two " not in lowered and " four " not in lowered and not any(
                f" {word} " in lowered for word in ("one", "three", "five", "six", "seven", "eight", "nine", "zero")):
            return []  # most texts say no number aloud: a few substring tests
        found = [Detection(*m.span(1), "DOB") for m in _DOB.finditer(lowered)]
        for run in _DIGIT_RUN.finditer(lowered):
            words = run.group().replace("-", " ").split()
            digits = sum(word in _SINGLE for word in words)
            if digits < 4 or any(d.start <= run.start() < d.end for d in found):
                continue
            before = lowered[max(0, run.start() - 30):run.start()]
            kind = "PHONE" if digits >= 7 and _PHONE_CUE.search(before) else "REFERENCE"
            found.append(Detection(run.start(), run.end(), kind))
        return found
