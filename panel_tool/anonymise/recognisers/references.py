"""Case references: crime, custody, CAD / incident logs, search records, URNs.

Every records system numbers things its own way, so the main recogniser is cue-driven: after
"crime ref", "custody no.", "CAD", "receipt" and the like, the next token that contains a digit
is the reference (the cue itself stays, so a member still knows a crime was recorded). A few
formats distinctive enough to need no cue are matched on their own (and any long run of digits
is a reference too: see :mod:`.long_numbers`).
"""

import re

from .detection import PatternRecogniser, slips, word_trie

#: Cue words, lower case: the pattern runs on the lower-cased text.
_CUE = r"""
    (?:
        crime|custody|cust|occurrence|occ|incident|cad|storm|log|receipt|urn|niche|record|form
      | athena|connect|cris|pnd|fpn|ticket|summons|warrant|charge|case|file|job|event|report|call
      | exhibit|seal|property|intel|intelligence|safeguarding|referral|mash|crn|ccn|cr|op|operation
      | (?:bwv|footage|authorisation|authorization|s60)[ ]+(?:ref(?:erence)?|no|number)
      | section[ ]60[ ]+(?:ref(?:erence)?|no|number)
      | ref(?:erence)?
    )
    (?:[ ]+(?:ref(?:erence)?|no|num(?:ber)?|nbr|record|log|id|sheet|bag|item))*
    \.?[ ]*(?:[:#=-]|is|was)?[ ]*
"""
#: Where a cue starts ("search record no." is found at "record", "S&S ref" at "ref").
_CUE_WORDS = (
    "crime custody cust occurrence occ incident cad storm log receipt urn niche record form bwv footage"
    " authorisation authorization s60 ref reference athena connect cris pnd fpn ticket summons warrant"
    " charge case file job event report call exhibit seal property intel intelligence safeguarding"
    " referral mash crn ccn cr op operation".split() + ["section 60"]
)
#: The reference: letters, digits, slashes and dashes, at least two characters, one a digit
#: ("log 80" is a reference; "crime 2" is not), maybe after a unit's letters and a space
#: ("custody number CU 7357/23"); never a power's section ("stolen property s1 PACE") nor an identity code ("the CAD IC3 male").
_VALUE = r"(?!(?:s\d{1,3}[a-z]{0,2}|ic\d)(?![\w/]))(?:(?!(?:at|on|in|is|was|of|no|to|by|for|the|and|approx)[ ])[a-z]{1,3}[ ](?=\d{3}))?(?=[a-z/-]*\d)[a-z0-9](?:[a-z0-9]|[/-](?=[a-z0-9])){1,24}(?![\w/])"
#: CAD and log numbers carry their date: "CAD 1234 12/03/24", "log 6638 of 02/11", "incident 5346
#: 1511" (day and month run together; never a time, whose minutes are no month).
_LOG_DATE = (r"(?:[ ]+(?:of[ ]+|dated[ ]+)?\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/])"
             r"|[ ]+(?:[0-2]\d|3[01])(?:0[1-9]|1[0-2])(?![\w/.:]))?")

#: The longer cue words as typed in a hurry ("refrence", "custdoy", "occurence", "reciept"), less
#: the slips that are words ("crime" -> "rime", "warrant" -> "arrant"), and two common misspellings.
_SLIPPED_CUE_WORDS = tuple(sorted(
    {slip for word in ("crime", "custody", "occurrence", "incident", "receipt", "reference", "referral",
                       "intelligence", "safeguarding", "footage", "authorisation", "summons", "warrant", "exhibit",
                       "record")
     for slip in slips(word)} - {"rime", "recept", "arrant", "summon"} | {"occurance", "referance"}))
_SLIPPED_CUE = (r"(?:" + word_trie(_SLIPPED_CUE_WORDS, starts_word=False)
                + r")(?:[ ]+(?:ref(?:erence)?|no|num(?:ber)?|nbr|record|log|id|number))*\.?[ ]*(?:[:#=-]|is|was)?[ ]*")

REFERENCE_AFTER_CUE = PatternRecogniser(
    "REFERENCE",
    rf"(?:{_CUE}|{_SLIPPED_CUE})({_VALUE}{_LOG_DATE})",
    flags=re.VERBOSE,
    groups=(1,),
    keys=_CUE_WORDS + list(_SLIPPED_CUE_WORDS),
    lowered=True,
)

#: Crime numbers (``13/123456/24``), custody numbers (``LS/12345/24``), dashed record numbers
#: (``SS-2024-001234``), Crown Prosecution URNs (``12AB3456789``). Anchored on the digits after
#: the separator or the letters, where the engine can skip to.
REFERENCE_FORMAT = PatternRecogniser(
    "REFERENCE",
    r"""
    (?<![\w/-])
    (?:
        \d{2}/\d{4,8}/\d{2}
      | [A-Za-z]{2,3}/\d{3,8}/\d{2,4}
      | [A-Za-z]{1,4}-\d{2,4}-\d{3,8}
      | \d{2}[A-Za-z]{2}\d{5,9}
    )
    (?![\w/-])
    """,
    flags=re.VERBOSE,
    anchor=r"[-/0-9](?:(?<=[/-])[0-9]{3,8}[/-][0-9]{2}|(?<=[0-9])[A-Za-z]{2}[0-9]{5})",
    reach=8,
)


def _a_log_date(match: re.Match[str], view) -> bool:
    """The six digits after a log's number are a date (day, month, year), and the number is no
    time ("at 1243 050525", "approx 1243")."""
    day, month = int(match.group("day")), int(match.group("month"))
    before = view.lowered[max(0, match.start() - 8):match.start()]
    return 1 <= day <= 31 and 1 <= month <= 12 and not before.endswith(("at ", "approx ", "approx. ", "@ "))


#: A log's number and its date with no cue before them: "matched desc given on 1243 050525" (the
#: shape of CAD and STORM numbers: 3 to 6 digits, a space, the day's date as six digits).
LOG_NUMBER_WITH_DATE = PatternRecogniser(
    "REFERENCE",
    r"[0-9](?<![\w/.:£$][0-9])[0-9]{2,5}[ ](?P<day>[0-3][0-9])(?P<month>[01][0-9])[0-9]{2}(?![\w/.:])",
    validate=_a_log_date,
)


#: The ambulance services of England, Wales, Scotland and Northern Ireland by their initials.
_AMBULANCE_SERVICES = ("wast", "nwas", "yas", "emas", "wmas", "scas", "secamb", "las", "neas", "swasft", "eeast",
                       "nias", "sas")
#: An ambulance service's incident number, written with its initials and no "ref": "ambulance
#: WAST 26/378854", "NWAS 26-2111-0551". The initials go too (they name the region); a number
#: with no separator is left to the long-number recogniser.
AMBULANCE_REFERENCE = PatternRecogniser(
    "REFERENCE",
    r"(?:" + word_trie(_AMBULANCE_SERVICES, starts_word=False) + r")"
    r"(?:[ ]+(?:ref(?:erence)?|incident|inc|log|job|no))*[ ]*[:#]?[ ]*\d{2,8}(?:[/-]\d{2,8})+(?![\w/])",
    keys=_AMBULANCE_SERVICES,
    lowered=True,
)
#: The Home Office's asylum registration card (ARC) number: "UKA" and eight digits, in two groups
#: or one ("ARC card UKA 2231 9981").
ARC_NUMBER = PatternRecogniser(
    "REFERENCE",
    r"(?<![\w/])uka[ ]?\d{4}[ ]?\d{4}(?![\w/])",
    needs="uka",
    lowered=True,
)
#: Body-worn video typed after "BWV" with no "ref": a force's or unit's letters and groups of
#: digits ("BWV MP 8223 9241 26"), or a camera's number with the date and time ("BWV 7783
#: 22/11/26 0214"). Two groups at least: "BWV 2 hrs" and "BWV on" are not references.
BWV_REFERENCE = PatternRecogniser(
    "REFERENCE",
    r"bwv(?:[ ]+bwv)?[ ]*[:#-]?[ ]+((?:[a-z]{2,4}[ ])?\d{3,6}(?:[ ](?:\d{1,2}/\d{1,2}/\d{2,4}|\d{2,6})){1,3})(?![\w/])",
    groups=(1,),
    keys=("bwv",),
    lowered=True,
)
