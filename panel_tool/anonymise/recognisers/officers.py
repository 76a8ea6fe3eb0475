"""Officers' collar (shoulder) numbers.

The rank stays and the number goes (``PC 1234`` -> ``PC [OFFICER NUMBER]``): a panel needs to know
a PCSO or a sergeant was involved, not which one. Officer names after a rank are found by the name
recogniser, which reuses :data:`RANKS` from here.
"""

from .detection import PatternRecogniser, register_cues, word_trie

#: Ranks and their usual abbreviations, as written (capitals or Title Case).
RANKS = (
    "Special Constable", "Chief Inspector", "Ch Insp", "Ch. Insp", "Superintendent", "Inspector",
    "Sergeant", "Constable", "Det Sgt", "Det. Sgt", "Det Con", "Det. Con", "T/Sgt", "A/Sgt",
    "T/Insp", "A/Insp", "T/DC", "T/DS", "T/PS", "PCSO", "DCI", "DSU", "DCS", "TDC", "TDS", "SPC",
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
