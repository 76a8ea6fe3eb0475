"""Officers' collar (shoulder) numbers.

The rank stays and the number goes (``PC 1234`` -> ``PC [OFFICER NUMBER]``): a panel needs to know
a PCSO or a sergeant was involved, not which one. Officer names after a rank are found by the name
recogniser, which reuses :data:`RANKS` from here.
"""

import re

from .detection import Detection, PatternRecogniser, TextView, register_cues, word_trie

#: Ranks and their usual abbreviations, as written (capitals or Title Case).
RANKS = (
    "Special Constable", "Chief Inspector", "Ch Insp", "Ch. Insp", "Superintendent", "Inspector",
    "Sergeant", "Constable", "Det Sgt", "Det. Sgt", "Det Con", "Det. Con", "T/Sgt", "A/Sgt",
    "T/Insp", "A/Insp", "T/DC", "T/DS", "T/PS", "A/PS", "A/PC", "T/PC", "TPC", "P.C.", "P.S.", "PCSO", "DCI", "DSU", "DCS", "TDC", "TDS", "SPC",
    "Supt", "Insp", "Sgt", "SGT", "PC", "Pc", "PS", "Ps", "DC", "Dc", "DS", "Ds", "DI", "SC",
)
RANK = word_trie(RANKS)
#: The ranks as cue words for the shared scan (plurals too: "PCs 1234 and 5678").
RANK_KEYS = register_cues({rank.lower() for rank in RANKS} | {rank.lower() + "s" for rank in RANKS})

#: Collar numbers, with the letters some forces add for the borough or unit (``1234AB``).
_NUMBER = r"(\d{2,7}(?:[A-Z]{1,3}(?![a-z]))?)(?![\d/:])(?!\.\d)"
_AND_NUMBER = rf"(?:[ ]*(?:,|&|and)[ ]*{_NUMBER})?"  # "PCs 1234 and 5678"


OFFICER_NUMBER = PatternRecogniser(
    "OFFICER_NUMBER",
    rf"{RANK}s?'?\.?[ ]?(?:(?i:no)\.?[ ]?|\#[ ]?)?{_NUMBER}{_AND_NUMBER}",
    groups=(1, 2),
    keys=RANK_KEYS,
)

#: "collar number 1234", "warrant no. 123456": the cue in any case.
OFFICER_NUMBER_AFTER_CUE = PatternRecogniser(
    "OFFICER_NUMBER",
    rf"(?:collar|shoulder|warrant|badge|epaulette|payroll)[ ]+(?:number|no\.?|\#)[ ]*(?::|is|was)?[ ]*{_NUMBER.lower()}",
    groups=(1,),
    keys=("collar", "shoulder", "warrant", "badge", "epaulette", "payroll"),
    lowered=True,
)

#: Ranks as officers type them on a phone: any case, dotted ("P.C."), acting and temporary
#: ("A/PS", "TPC"), or just "officer".
_RANKS_ANY_CASE = tuple(sorted({rank.lower() for rank in RANKS} | {
    "p.c", "p.s", "d.c", "d.s", "p c", "a/ps", "a/pc", "a/dc", "a/ds", "t/pc", "t/sgt", "tpc", "tps",
    "ofcr", "offr", "officer", "acting sgt", "acting ps", "sgt.", "pcso", "spc", "sc", "special",
}))
_RANK_ANY_CASE_KEYS = register_cues(_RANKS_ANY_CASE)
#: Not a name between a rank and a number: "PC arrived at 2130" is a time.
_NOT_A_NAME = frozenset("""
    at on in by about around approx approximately arrived attended stopped saw searched was is has had
    and then with from to of the a an no number num collar shoulder warrant badge
""".split())


def _name_between(match, view) -> bool:
    words = (match.group("between") or "").replace("/", " ").split()
    return not any(word in _NOT_A_NAME for word in words)


#: "pc 2049", "P.C. 6630", "PS NAKAMURA 5127", "A/PS 3156", "TPC 8841", "officer 3344": a
#: collar number of three digits or more after a rank in any case, with at most one word (the
#: officer's surname, maybe after an initial: "Sgt D. Hendry 1180") between.
OFFICER_NUMBER_ANY_CASE = PatternRecogniser(
    "OFFICER_NUMBER",
    rf"(?:{word_trie(_RANKS_ANY_CASE, starts_word=False)})s?'?\.?[ ]?(?:no\.?[ ]?|\#[ ]?)?"
    r"(?P<between>(?:(?:[a-z]\.[ ]?)?[a-z\u00e0-\u017f][a-z\u00e0-\u017f'’-]*[ ]+){1,2}|[ ]*/[ ]*)?\(?[ ]?"
    r"(\d{3,7}(?:[a-z]{1,3})?|\d{2}[a-z]{1,3})(?![\w/:])(?!\.\d)",
    groups=(2,),
    keys=_RANK_ANY_CASE_KEYS,
    lowered=True,
    validate=_name_between,
)

#: The order some records systems print an officer in: number, surname, rank ("entered by 8580
#: LLEWELLYN PC on behalf of 5341 HERSI PC"). The rank must be in capitals or Title Case.
OFFICER_NUMBER_BEFORE_RANK = PatternRecogniser(
    "OFFICER_NUMBER",
    r"([0-9](?<![\w/:.£$][0-9])\d{2,5})[ ]+[A-Z][A-Za-z'’-]+(?:[ ][A-Z][A-Za-z'’-]+)?[ ]+(?:PC|PS|DC|DS|PCSO|SGT|Sgt|TPC|TDC|SC)(?![\w])",
    groups=(1,),
)
#: An officer beside the writer: "seen by myself and 2231 BEVAN", "myself & 4361 pennington".
OFFICER_NUMBER_BESIDE_ME = PatternRecogniser(
    "OFFICER_NUMBER",
    r"myself[ ]+(?:and|&)[ ]+(\d{3,6})(?=[ ]+[a-z])",
    groups=(1,),
    keys=("myself",),
    lowered=True,
)

#: What officers do to people, then "by" and a bare number: the officer who did it ("car stopped
#: by 7016 on Lloyd George Ave", "restrained by 2231 and myself"), three to five digits (a
#: collar number; the second look used only to mark it), not a time ("by 2300 hrs") nor a
#: call ("seen by 999 call").
_ACTS = ("stopped", "searched", "seen", "detained", "arrested", "restrained", "handcuffed", "cuffed",
         "assisted", "authorised", "authorized", "conveyed", "transported", "reviewed", "supervised", "helped",
         "relieved", "dealt with", "spoken to", "tasered")
OFFICER_NUMBER_AFTER_ACT = PatternRecogniser(
    "OFFICER_NUMBER",
    rf"(?:{word_trie(_ACTS, starts_word=False)})[ ]+by[ ]+(?!(?:999|101|111)(?!\d))(\d{{3,5}}(?:[a-z]{{1,2}})?)(?![\w/:])(?!\.\d)"
    r"(?![ ]*(?:hrs|hours|h\b|am\b|pm\b))",
    groups=(1,),
    keys=_ACTS,
    lowered=True,
)


#: A bare collar number after "with", "and", "by" or a slash or dash: "with 7273 KEANE-LAKATOS",
#: "and 7234 VASILIAUSKAS", "/ 2347 TALABANI assisted". Not "at" (a time: "at 1430 khan").
_BARE_NUMBER = re.compile(r"(?:(?<![\w])(?:with|and|by)|[/-])[ ]+(?!(?:999|101|111)(?![\d]))(\d{3,4}(?:[A-Za-z]{1,2})?)[ ]$",
                          re.IGNORECASE)


def numbers_before_names(view: TextView, found: list[Detection]) -> list[Detection]:
    """A bare three- or four-digit number right before a name the passes found, after "with", "and",
    "by" or a slash or dash: the collar number of the officer named (the name recogniser knew the
    name, nothing knew the number)."""
    if not view.has_digit:
        return []
    text = view.text
    out = []
    for d in found:
        if d.type == "NAME" and d.start > 5 and text[d.start - 1] == " ":
            number = _BARE_NUMBER.search(text, max(0, d.start - 16), d.start)
            if number is not None:
                out.append(Detection(*number.span(1), "OFFICER_NUMBER"))
    return out
