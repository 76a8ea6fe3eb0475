"""Dates of birth.

Dates themselves stay: the date of a stop is context the panel needs (and is generalised
elsewhere). A date is a birth date when a cue introduces it ("DOB", "d.o.b.", "date of birth",
"born"; then even "140307" is one), and, with no cue, when it stands right after a person's name
("Ifeoma ANYANWU 9th March 2007") or an age ("aged 16 (14/03/2009)"), or when it is too old to be
the date of the search itself (nine years or more before today).
"""

import re
from datetime import date

from .detection import Detection, TextView


from .detection import PatternRecogniser

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:\d{4}|'?\d{2})(?!\d)"
#: Written dates that open with a digit, the digit taken first: a pattern that opens on one
#: character class is skipped to at C speed, one that opens on an alternation is tried at every
#: position of the text.
_DATE_FROM_DIGIT = (
    rf"\d(?:\d?[ ]?[/.-][ ]?\d{{1,2}}[ ]?[/.-][ ]?(?:\d{{4}}|\d{{2}})(?!\d)"  # 12/03/2004, 12-03-04
    rf"|\d?(?:st|nd|rd|th)?[ ]+(?:of[ ]+)?{_MONTH},?[ ]+{_YEAR}"  # 3rd (of) March 2004
    rf"|\d?[ ]?[-/.][ ]?{_MONTH}[ ]?[-/.][ ]?{_YEAR}"  # 18-Jan-2000
    rf"|\d{{3}}-\d{{2}}-\d{{2}}(?!\d))"  # 2004-03-12
)
#: Written dates that open with the month: March 3rd, 2004.
_DATE_FROM_MONTH = rf"{_MONTH}[ ]+{_DAY},?[ ]+{_YEAR}"
#: Written dates, lower case (the pattern runs on the lower-cased text).
DATE = rf"(?:{_DATE_FROM_DIGIT}|{_DATE_FROM_MONTH})"
#: After a cue only, a date in spaced numbers: "dob 18 11 2000", "DOB 03 06 05".
_SPACED = r"\d{1,2}[ ][01]?\d[ ](?:\d{4}|\d{2})(?![\d:])"
_DOB_CUE = r"(?:d[ ]?\.?[ ]?o[ ]?\.?[ ]?b\b\.?|date[ ]+of[ ]+birth|birth[ ]?date|birthday|born)"
#: Between cue and date: punctuation and the few words officers put there ("DOB given as", "born
#: on the").
_FILLER = r"(?:[ ]*(?:[:=(,-]|\bis\b|\bwas\b|\bgiven\b|\bas\b|\bstated\b|\bof\b|\bon\b|\bthe\b)[ ]*|[ ]+){0,6}"

DOB = PatternRecogniser(
    "DOB",
    rf"{_DOB_CUE}{_FILLER}({DATE}|\d{{6}}(?!\d)|\d{{8}}(?!\d)|{_SPACED})",
    groups=(1,),
    keys=("dob", "d.o.b", "d o b", "d. o. b", "date of birth", "birth", "born"),
    lowered=True,
)


_DATES_FROM_DIGIT = re.compile(_DATE_FROM_DIGIT)
#: A date in spaced numbers with a whole year ("bolaji boateng, 20 02 2012"): without a cue, as
#: other dates, a birth date after a name or when too old to be the search's.
_DATES_SPACED = re.compile(r"(?<![\d:£.])\d{1,2}[ ][01]?\d[ ](?:19|20)\d{2}(?![\d:])")
_DATES_FROM_MONTH = re.compile(_DATE_FROM_MONTH)
_IN_A_DATE = re.compile(_MONTH)
#: What may stand between a name (or nothing) and a birth date after it.
_BETWEEN_NAME_AND_DATE = re.compile(r"[ ,(:-]*(?:(?:dob|d\.?o\.?b\.?|born|aged?[ ]?\d{1,2}|\d{1,2}[ ]?(?:yrs?|yo|years?(?:[ ]old)?))[ ,(:-]*)*")
_AFTER_AGE = re.compile(r"(?:aged?|age:?)[ ]?\d{1,2}[ ]*(?:yrs?|yo|years?(?:[ ]old)?)?[ ]*[(,-][ ]*$")
_YEAR_AT_END = re.compile(r"(\d{2,4})\s*$|^(\d{4})-")
#: A date this many years old is nobody's search date.
OLD_DATE_YEARS = 9


def dates_of_birth_in_context(view: TextView, found: list[Detection], today: date | None = None) -> list[Detection]:
    """Dates with no cue that are still birth dates (see the module docstring)."""
    if not view.has_digit:
        return []
    dates = _dates(view.lowered)
    if not dates:
        return []
    this_year = (today or date.today()).year
    names_end = sorted(d.end for d in found if d.type == "NAME")
    # A month read as a forename ("Jan", "June") does not stop a date being one.
    taken = [(d.start, d.end) for d in found if d.type != "NAME" or not _IN_A_DATE.fullmatch(view.lowered, d.start, d.end)]
    out = []
    for match in dates:
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        before = view.lowered[max(0, start - 25):start]
        after_name = any(0 <= start - e <= 25 and _BETWEEN_NAME_AND_DATE.fullmatch(view.lowered, e, start)
                         for e in names_end)
        if after_name or _AFTER_AGE.search(before) or _year_of(match.group(), this_year) <= this_year - OLD_DATE_YEARS:
            out.append(Detection(start, end, "DOB"))
    return out


def _dates(lowered: str) -> list[re.Match[str]]:
    """The dates ``re.finditer(DATE, lowered)`` finds, from its two halves' faster scans: at any
    position only one half can match (a digit or a letter opens it), so the earlier of the two
    next matches is the next date."""
    out = []
    by_digit, by_month = _DATES_FROM_DIGIT.search(lowered), _DATES_FROM_MONTH.search(lowered)
    if by_digit is None and by_month is None:
        return list(_DATES_SPACED.finditer(lowered))
    while by_digit is not None or by_month is not None:
        date = by_digit if by_month is None or (by_digit is not None and by_digit.start() < by_month.start()) else by_month
        out.append(date)
        if by_digit is not None and by_digit.start() < date.end():
            by_digit = _DATES_FROM_DIGIT.search(lowered, date.end())
        if by_month is not None and by_month.start() < date.end():
            by_month = _DATES_FROM_MONTH.search(lowered, date.end())
    spaced = [m for m in _DATES_SPACED.finditer(lowered) if not any(d.start() < m.end() and m.start() < d.end() for d in out)]
    return sorted(out + spaced, key=lambda m: m.start()) if spaced else out


def _year_of(value: str, this_year: int) -> int:
    found = _YEAR_AT_END.search(value)
    if found is None:
        return this_year
    digits = found.group(1) or found.group(2)
    year = int(digits.lstrip("'"))
    if len(digits) <= 2:
        year += 2000 if year <= this_year % 100 else 1900
    return year
