"""Dates of birth.

Dates themselves stay: the date of a stop is context the panel needs (and is generalised
elsewhere). Only a date introduced as a birth date ("DOB", "d.o.b.", "date of birth", "born") is
an identifier, so the pattern requires the cue and reports just the date after it.
"""


from .detection import PatternRecogniser

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:\d{4}|'?\d{2})(?!\d)"
#: Written dates, lower case (the pattern runs on the lower-cased text).
DATE = (
    rf"(?:\d{{1,2}}[ ]?[/.-][ ]?\d{{1,2}}[ ]?[/.-][ ]?(?:\d{{4}}|\d{{2}})(?!\d)"  # 12/03/2004, 12-03-04
    rf"|{_DAY}[ ]+(?:of[ ]+)?{_MONTH},?[ ]+{_YEAR}"  # 3rd (of) March 2004
    rf"|{_MONTH}[ ]+{_DAY},?[ ]+{_YEAR}"  # March 3rd, 2004
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?!\d))"  # 2004-03-12
)
_DOB_CUE = r"(?:d[ ]?\.?[ ]?o[ ]?\.?[ ]?b\b\.?|date[ ]+of[ ]+birth|birth[ ]?date|birthday|born)"
#: Between cue and date: punctuation and the few words officers put there ("DOB given as", "born
#: on the").
_FILLER = r"(?:[ ]*(?:[:=(,-]|\bis\b|\bwas\b|\bgiven\b|\bas\b|\bstated\b|\bof\b|\bon\b|\bthe\b)[ ]*|[ ]+){0,6}"

DOB = PatternRecogniser(
    "DOB",
    rf"{_DOB_CUE}{_FILLER}({DATE})",
    groups=(1,),
    keys=("dob", "d.o.b", "d o b", "d. o. b", "date of birth", "birth", "born"),
    lowered=True,
)
