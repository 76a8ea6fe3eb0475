"""Vehicle registration marks.

The current format (``AB12 CDE``, since 2001) is distinctive enough to take in any case. The older
prefix (``A123 BCD``) and suffix (``ABC 123D``) formats collide with ordinary writing ("s60 the",
"x2 men"), so they count only when they cannot be a word and either are written in capitals
inside mixed-case text or sit near talk of a vehicle.
"""

import re

from panel_tool.anonymise.vocabulary import default_vocabulary

from .detection import PatternRecogniser, TextView

#: Words that say the next token is a registration, whatever it looks like.
_REGISTRATION_CUE = re.compile(
    r"(?:\b(?:vrm|reg|registration|index|plate|plates|vehicle|pulled[ ]over|pnc[ ]on|pnc[ ]check[ ]on)"
    r"[ ]*(?:no\.?|number)?[ ]*[:.-]?[ ]*)\Z"
)
#: Words that say a vehicle is being talked about.
_VEHICLE_CUE = re.compile(
    r"\b(?:vrm|reg|registration|index|plate|plates|vehicle|car|van|taxi|moped|motorbike|bike"
    r"|scooter|driver|driving|drove|driven|parked|anpr|pnc|audi|bmw|ford|vauxhall|toyota|volkswagen"
    r"|vw|mercedes|nissan|kia|honda|peugeot|renault|citroen|seat|skoda|fiat|mini|rover|lexus|tesla"
    r"|hyundai|mazda|volvo|jaguar|suzuki|yamaha)\b"
)

#: Three-letter words and police abbreviations that would otherwise pass for the letters of an
#: older-format mark.
_COMMON_TRIGRAMS = frozenset(
    "THE AND FOR WAS HIS HER HIM SHE YOU ARE NOT BUT HAD HAS ONE TWO SIX TEN MEN BAG CAR VAN BUS"
    " OFF OUT WHO WHY HOW NOW NEW OLD AGE DAY HRS MIN AMP ALL ANY CAN DID GOT GET LET PUT RAN SAW"
    " SAY SET SIT TOP YES NFA BWV PNC CAD TOR ASB PND CPS NHS DWP MDT VRM RTC HGV MOT DOB CCE CSE"
    " OCG SOS ETA NIL APP TXT ROA AVE JCT MDA POA CJA FAA PHA RTA".split()
)


def _plausible_registration(match: re.Match[str], view: TextView) -> bool:
    """Current-format marks always; older ones straight after "VRM" or "pulled over"; otherwise
    only if the letters are not a word and the mark is in capitals or near a vehicle."""
    if match.lastgroup == "current":
        return True
    start = match.start()
    if _REGISTRATION_CUE.search(view.lowered, max(0, start - 25), start):
        return True
    value = match.group()
    letters = value[-3:] if match.lastgroup == "prefix" else value[:3]
    if letters.upper() in _COMMON_TRIGRAMS:
        return False
    if value.isupper() and not view.text.isupper():
        return True
    if letters.lower() not in default_vocabulary().flags:
        return True  # "h474 lre": letters that are no word and no abbreviation
    return _VEHICLE_CUE.search(view.lowered, max(0, start - 60), match.end() + 60) is not None


VEHICLE = PatternRecogniser(
    "VEHICLE",
    r"""
    (?<![\w/])
    (?:
        (?P<current>[A-Za-z]{2}\d{2}[ ]?[A-Za-z]{3})
      | (?P<prefix>[A-Za-z][ ]?\d{1,3}[ ]?[A-Za-z]{3})
      | (?P<suffix>[A-Za-z]{3}[ ]?\d{1,3}[A-Za-z])
    )
    (?![\w/])
    """,
    flags=re.VERBOSE,
    validate=_plausible_registration,
    # Every format has a digit followed by letters at its end.
    anchor=r"[0-9](?:[ ]?[A-Za-z]{3}|[A-Za-z])(?![\w/])",
    reach=8,
)
