"""Postcodes and street addresses.

A street name on its own ("on Hyde Park Road", "near Briggate") is the kind of location a panel
needs to judge a stop, and stays; a house or flat number in front of it makes it someone's home,
and goes. That is the line this module draws.
"""

import re

from .detection import PatternRecogniser, word_trie

#: Inward code: a digit and two letters, never C, I, K, M, O or V; lower-case ordinals ("1st",
#: "22nd", "3rd", "4th") excluded.
_INWARD = r"[0-9](?!(?<=1)st|(?<=2)nd|(?<=3)rd|(?<=[04-9])th)[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}(?!\w)"

#: Outward code (1-2 letters, a digit, maybe a digit or letter), optional space, inward code.
#: The full pattern starts with a letter, which the engine cannot skip to cheaply, so it runs
#: only when the inward code occurs at all.
_SECTION_60AA = re.compile(r"[sS]60 ?[aA]{2}")


def _not_a_power(match, view) -> bool:
    """"s60AA" (the power to demand a face covering is removed) has a postcode's shape."""
    return _SECTION_60AA.fullmatch(match.group()) is None


POSTCODE = PatternRecogniser(
    "POSTCODE",
    rf"[A-Za-z](?<!\w[A-Za-z])[A-Za-z]?\d[A-Za-z\d]? {{0,2}}{_INWARD}",
    anchor=_INWARD,
    reach=6,
    validate=_not_a_power,
)

#: Street types, spelt out and abbreviated.
STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Cl|Court|Ct|Drive|Dr|Way|Crescent|Cres|Place|Pl"
    "|Terrace|Terr|Tce|Grove|Gr|Gardens|Gdns|Hill|Walk|Row|Square|Sq|Mews|Parade|Pde|Rise|View"
    "|Green|Park|Mount|Vale|Wharf|Yard|Fold|Garth|Gate|Croft|Approach|Boulevard|Broadway|Chase"
    "|Circus|Dale|Grange|Heights|Meadow|Meadows|Mead|Mill|Orchard|Passage|Quay|Ridge|Side|Villas"
    "|Wood|Estate|House|Cottages|Bank|Brow|Lea|Nook|Wynd|Drove|Causeway|Embankment|Hall|Lodge"
    "|Mansions|Tower|Towers|Buildings|Point|Works|Fields|Glade|Walkway|Market|Precinct|End|Flats"
)
#: The last word of a named block of flats.
BUILDING_TYPES = (
    "Court|House|Tower|Towers|Heights|Lodge|Mansions|Point|Buildings|Apartments|Place|View"
    "|Gardens|Block|Hall|Works|Mill|Wharf|Quay|Residence|Close|Flats"
)
_PROPER_WORD = r"[A-Z][\w'’.-]*"
#: Street types in Title Case or capitals, as a trie (a flat alternation of ninety words would be
#: tried word by word after every capitalised word).
_TYPE_AS_WRITTEN = word_trie(STREET_TYPES.split("|") + STREET_TYPES.upper().split("|"), starts_word=False)
_BUILDING_AS_WRITTEN = word_trie(BUILDING_TYPES.split("|") + BUILDING_TYPES.upper().split("|"), starts_word=False)
_TYPE_IN_LOWER_CASE = word_trie(STREET_TYPES.lower().split("|"), starts_word=False)
#: One to four Title Case (or capitals) words, the last a street type ("Hyde Park Road"), or a
#: single-word street name of the northern "-gate" or the "-way" kind ("Briggate", "Kingsway").
_STREET = (
    rf"(?:(?:{_PROPER_WORD}[ ]+){{1,4}}{_TYPE_AS_WRITTEN}"
    rf"|(?:{_PROPER_WORD}[ ]+){{0,3}}[A-Z][a-z]+(?:gate|way|GATE|WAY))\b"
)
#: House numbers stop at three digits: four digits before a street name is nearly always a time
#: ("at 1430 Kirkstall Road"). Ranges and letters allowed: 12-14, 14a, 3/5.
_HOUSE_NUMBER = r"[0-9](?:(?<=[Nn][Oo]\.[0-9])|(?<![\w:./£$%-][0-9]))\d{0,2}[A-Za-z]?(?:[ ]?[-/][ ]?\d{1,3}[A-Za-z]?)?\b"

#: ``12 Acacia Avenue``, ``14a High Street``. Anchored on the house number.
ADDRESS = PatternRecogniser(
    "ADDRESS",
    rf"{_HOUSE_NUMBER},?[ ]+{_STREET}",
)

#: "fflat" is Welsh; "plot" a pitch on a Travellers' site ("Plot 6 Cae Glas").
_FLAT = r"(?:flat|fflat|apartment|apt|unit|room|maisonette|plot)\.?[ ]?(?:no\.?[ ]?)?\d{1,4}[a-z]?\b"
_FLAT_WORDS = ("flat", "fflat", "apartment", "apt", "unit", "room", "maisonette", "plot")


#: Words that cannot stand between a number and a street type in an address: "4 males on
#: station road" is a count and a street, not a home.
_NOT_IN_ADDRESS = frozenset("""
    on in at of near the a an and by from to outside along down up into onto towards males females
    people youths lads men women persons boys girls officers times minutes hours mins hrs metres yards
    series very too quite came got so stopped seen searched arrested detained found walking driving running
    was is who
""".split())


def _street_words_only(match, view) -> bool:
    return not any(word in _NOT_IN_ADDRESS for word in match.group("words").lower().split())


#: ``no 7 victoria st``, ``22a elm grove``: an address typed in lower case.
ADDRESS_LOWER_CASE = PatternRecogniser(
    "ADDRESS",
    rf"{_HOUSE_NUMBER},?[ ]+(?P<words>(?:[A-Za-z][A-Za-z'’-]*[ ]+){{1,3}})(?i:{_TYPE_IN_LOWER_CASE})(?![A-Za-z0-9])",
    validate=_street_words_only,
)

#: Welsh street names put the street's type first ("14 Stryd Fawr", "7 Ffordd yr Afon", "110 Heol
#: y Parc", "3 Cae Glas", "Fflat 2 Ty Newydd"): a house number, the type, then one or two words
#: (after "y" or "yr", one). Any case.
#: The words that end such names after the first ("Heol Llanishen Fach", "Heol Maes Eglwys"): a
#: town after the street ("Cae Glas Cardiff") is not part of it.
_WELSH_AFTER = ("fawr", "fach", "mawr", "bach", "newydd", "isaf", "uchaf", "wen", "wyn", "gwyn", "ddu", "du", "goch",
                "coch", "las", "glas", "lwyd", "llwyd", "hir", "hen", "deg", "teg", "eglwys", "capel", "ganol", "gam")
_WELSH_TYPES = ("heol", "ffordd", "stryd", "lôn", "lon", "cae", "ty", "tŷ", "rhodfa", "cwrt", "llys", "maes")
WELSH_ADDRESS = PatternRecogniser(
    "ADDRESS",
    rf"{_HOUSE_NUMBER},?[ ]+(?i:{word_trie(_WELSH_TYPES, starts_word=False)})[ ]+"
    r"(?:(?i:y|yr)[ ]+[A-Za-zâêîôûŵŷ'’-]+|[A-Za-zâêîôûŵŷ'’-]+(?:[ ](?i:" + word_trie(_WELSH_AFTER, starts_word=False) + r"))?)(?![\w])",
    validate=lambda match, view: not any(w in _NOT_IN_ADDRESS for w in match.group().lower().split()[2:]),
    # run only near a number and a Welsh street type (an anchor opening on a digit is cheap)
    anchor=rf"[0-9][A-Za-z]?,?[ ]+(?i:{word_trie(_WELSH_TYPES, starts_word=False)})[ ]",
    reach=40,
)

#: What may stand before a house number and belongs to the address: "no 85", "number 144",
#: "flat 4c 18", "flt 6, 156".
_BEFORE_HOUSE_NUMBER = re.compile(r"(?i)(?:(?:no\.?|number|flat|fflat|flt|apt|apartment|unit|plot)[ ]?\d{0,4}[a-z]?,?[ ]+|no\.)+$")
#: A street after a block's name: "130 Clyde House, Cemetery Road".
#: The part of town a street's name ends with: "Moss Lane East", "Cowbridge Road West".
_COMPASS_AFTER = re.compile(r"[ ]+(?i:east|west|north|south)(?![A-Za-z0-9])")
_STREET_AFTER = re.compile(rf",?[ ]+(?:[A-Za-z][A-Za-z'’-]*[ ]+){{1,3}}(?i:{_TYPE_IN_LOWER_CASE})(?![A-Za-z0-9])")


#: A house number and one to three words straight before a postcode: an address whatever its
#: words are ("15 Poets Corner LD1 7ZD", "no 118 Fernbank WF13 3BR", "29 The Lighthouse DL1 2NF").
_NUMBER_AND_WORDS_BEFORE = re.compile(
    r"(?<![\w/.:£$-])\d{1,3}[A-Za-z]?(?:[ ]?-[ ]?\d{1,3}[A-Za-z]?)?,?[ ]+(?P<words>[A-Za-z'’-]+(?:[ ][A-Za-z'’-]+){0,2}),?[ ]+$"
)


#: Words before a number that make it a count, not a house ("found 3 wraps M16 0PQ").
_COUNTED = [[w] for w in "found had has have seized recovered with carrying holding approx about over around".split()]


def _addresses_before_postcodes(text: str, found: list) -> list:
    from .detection import Detection

    out = []
    for d in found:
        if d.type == "POSTCODE":
            before = _NUMBER_AND_WORDS_BEFORE.search(text, max(0, d.start - 40), d.start)
            if before is not None and not any(w in _NOT_IN_ADDRESS for w in before.group("words").lower().split()) and (
                    text[max(0, before.start() - 12):before.start()].lower().split()[-1:] not in _COUNTED):
                out.append(Detection(before.start(), before.end("words"), "ADDRESS"))
    return out


def whole_addresses(text: str, found: list) -> list:
    """Addresses widened to the flat or "no" before them and the street after a block's name;
    and a house number with the words before a postcode taken as one."""
    from .detection import Detection

    found = found + _addresses_before_postcodes(text, found) if any(d.type == "POSTCODE" for d in found) else found
    out = []
    for d in found:
        if d.type == "ADDRESS":
            before = _BEFORE_HOUSE_NUMBER.search(text, max(0, d.start - 24), d.start)
            start = before.start() if before is not None else d.start
            after = _STREET_AFTER.match(text, d.end)
            end = after.end() if after is not None and not any(w in _NOT_IN_ADDRESS for w in after.group().lower().split()) else d.end
            compass = _COMPASS_AFTER.match(text, end)
            end = compass.end() if compass is not None else end
            d = Detection(start, end, d.type)
        out.append(d)
    return out

#: ``flat 3, 27 Hyde Park Road``, ``Flat 4B Carlton Court``: a flat number and what follows.
#: Matched on the original text with the flat word in any case.
FLAT_ADDRESS = PatternRecogniser(
    "ADDRESS",
    rf"""
    (?i:{_FLAT}),?[ ]+
    (?:
        {_HOUSE_NUMBER},?[ ]+{_STREET}
      | (?:{_PROPER_WORD}[ ]+){{1,3}}{_BUILDING_AS_WRITTEN}\b
      | (?i:the)[ ]+[A-Z][a-z]+\b(?![ ]+[A-Z])   # a block with a name of its own: "Flat 2, The Lighthouse"
        (?:,?[ ]+{_HOUSE_NUMBER},?[ ]+{_STREET})?
    )
    """,
    flags=re.VERBOSE,
    keys=_FLAT_WORDS,
)

#: After "lives at" or "address", a house number and the words after it are an address even
#: in lower case and without a street type ("home address given as 197 Westgate").
ADDRESS_AFTER_CUE = PatternRecogniser(
    "ADDRESS",
    rf"""
    (?:lives|living|resides|residing|stays|staying|home|address)(?![a-z])
    (?:[ ]+(?:is|of|given|as|at))*[ ]*[:,-]?[ ]*
    (
      (?:{_FLAT},?[ ]+)?\d{{1,3}}[a-z]?,?[ ]+
      (?:
          (?:[a-z'’.-]+[ ]+){{0,4}}{_TYPE_IN_LOWER_CASE}\b
        | [a-z'’-]+(?:[ ][a-z'’-]+){{0,2}}(?=[ ]*(?:[.,;)]|$))   # no street type: up to the punctuation
      )
    )
    """,
    flags=re.VERBOSE,
    groups=(1,),
    keys=("lives", "living", "resides", "residing", "stays", "staying", "home", "address"),
    lowered=True,
)
