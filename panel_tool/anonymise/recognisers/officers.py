"""Officers' collar (shoulder) numbers.

The rank stays and the number goes (``PC 1234`` -> ``PC [OFFICER NUMBER]``): a panel needs to know
a PCSO or a sergeant was involved, not which one. Officer names after a rank are found by the name
recogniser, which reuses :data:`RANK` from here.
"""

import re

from .detection import PatternRecogniser, TextView

#: Ranks and their usual abbreviations as written (capitals or Title Case), longest first so
#: that ``PCSO`` is not read as ``PC``.
RANK = (
    r"(?:Special[ ]Constable|Chief[ ]Inspector|Ch\.?[ ]?Insp|Superintendent|Inspector|Sergeant"
    r"|Constable|Det\.?[ ]?Sgt|Det\.?[ ]?Con|[TA]/(?:Sgt|Insp|DC|DS|PS)|PCSO|DCI|DSU|DCS|TDC|TDS"
    r"|SPC|Supt|Insp|Sgt|SGT|PC|Pc|PS|Ps|DC|Dc|DS|Ds|DI|SC)"
)
#: The lower-case words that signal a rank or a number cue, to skip texts without one.
RANK_WORDS = frozenset(
    "constable inspector insp superintendent sergeant det sgt con pcso dci"
    " dsu dcs tdc tds spc supt pc ps dc ds di sc pcs pcsos sgts".split()
)

#: Collar numbers, with the letters some forces add for the borough or unit (``1234AB``).
_NUMBER = r"(\d{2,7}(?:[A-Z]{1,3}(?![a-z]))?)(?![\d/:])(?!\.\d)"
_AND_NUMBER = rf"(?:[ ]*(?:,|&|and)[ ]*{_NUMBER})?"  # "PCs 1234 and 5678"


def _starts_a_word(match: re.Match[str], view: TextView) -> bool:
    """``UPS 12`` is not ``PS 12``. (Checked here rather than by a leading lookbehind, which would
    stop the regex engine from skipping to the capital letters a rank starts with.)"""
    start = match.start()
    return start == 0 or not view.text[start - 1].isalnum()


OFFICER_NUMBER = PatternRecogniser(
    "OFFICER_NUMBER",
    rf"{RANK}s?'?\.?[ ]?(?:(?i:no)\.?[ ]?|\#[ ]?)?{_NUMBER}{_AND_NUMBER}",
    groups=(1, 2),
    validate=_starts_a_word,
    cue_words=RANK_WORDS,
)

#: "collar number 1234", "warrant no. 123456": the cue in any case.
OFFICER_NUMBER_AFTER_CUE = PatternRecogniser(
    "OFFICER_NUMBER",
    rf"\b(?:collar|shoulder|warrant|badge|epaulette|payroll)[ ]+(?:number|no\.?|\#)[ ]*:?[ ]*{_NUMBER}",
    groups=(1,),
    cue_words=frozenset({"collar", "shoulder", "warrant", "badge", "epaulette", "payroll"}),
    lowered=True,
)
