"""Detection of identifiers in officers' free text.

Each recogniser is a small unit for one identifier type (or one way of spotting it), in the
style of Microsoft Presidio, but pure regexes and shipped word lists: nothing is downloaded and
nothing needs a language model. :func:`detect` runs them all and settles overlaps; turning the
detections into placeholders is :mod:`panel_tool.anonymise.redaction`'s job.
"""

from __future__ import annotations

from panel_tool.anonymise.vocabulary import Vocabulary, default_vocabulary

from .contact import EMAIL, PHONE
from .dates import DOB, dates_of_birth_in_context
from .detection import Detection, PatternRecogniser, TextView
from .long_numbers import LongNumberRecogniser
from .institutions import InstitutionRecogniser, businesses_at_addresses
from .names import NameRecogniser
from .online import AT_HANDLE, HANDLE_BEFORE_PLATFORM, PlatformHandleRecogniser
from .officers import (
    OFFICER_NUMBER, OFFICER_NUMBER_AFTER_ACT, OFFICER_NUMBER_AFTER_CUE, OFFICER_NUMBER_ANY_CASE, OFFICER_NUMBER_BEFORE_RANK,
    OFFICER_NUMBER_BESIDE_ME, numbers_before_names,
)
from .personal_numbers import DRIVING_LICENCE, DRIVING_LICENCE_AFTER_CUE, IDENTITY_CARD, NI_NUMBER, PASSPORT, PNC_ID
from .places import ADDRESS, ADDRESS_AFTER_CUE, ADDRESS_LOWER_CASE, FLAT_ADDRESS, POSTCODE, WELSH_ADDRESS, whole_addresses
from .references import (
    AMBULANCE_REFERENCE, ARC_NUMBER, BWV_REFERENCE, LOG_NUMBER_WITH_DATE, REFERENCE_AFTER_CUE, REFERENCE_FORMAT,
)
from .spoken_numbers import SpokenNumberRecogniser
from .unknown_words import Mark, codes_and_handles, corrected_names, nicknames, recall_first, with_initials, without_brands
from .vehicles import VEHICLE

__all__ = [
    "Detection", "Mark", "PatternRecogniser", "RECOGNISERS", "SPECIFICITY", "TYPES", "TextView", "detect", "resolve_overlaps",
]

RECOGNISERS = (
    EMAIL,
    AT_HANDLE,
    PlatformHandleRecogniser(),
    HANDLE_BEFORE_PLATFORM,
    PASSPORT,
    IDENTITY_CARD,
    DRIVING_LICENCE,
    DRIVING_LICENCE_AFTER_CUE,
    LongNumberRecogniser(),
    NI_NUMBER,
    PNC_ID,
    PHONE,
    POSTCODE,
    DOB,
    VEHICLE,
    OFFICER_NUMBER,
    OFFICER_NUMBER_AFTER_CUE,
    OFFICER_NUMBER_ANY_CASE,
    OFFICER_NUMBER_BEFORE_RANK,
    OFFICER_NUMBER_BESIDE_ME,
    OFFICER_NUMBER_AFTER_ACT,
    REFERENCE_AFTER_CUE,
    REFERENCE_FORMAT,
    LOG_NUMBER_WITH_DATE,
    AMBULANCE_REFERENCE,
    ARC_NUMBER,
    BWV_REFERENCE,
    SpokenNumberRecogniser(),
    ADDRESS,
    ADDRESS_LOWER_CASE,
    FLAT_ADDRESS,
    ADDRESS_AFTER_CUE,
    WELSH_ADDRESS,
    NameRecogniser(),
)

#: When two detections of equal length overlap, the more specific type wins: a pattern with a
#: fixed structure is better evidence than a cue-driven one, and names come last because they
#: rest on word lists.
SPECIFICITY = {
    "EMAIL": 19,
    "SOCIAL_MEDIA": 18,
    "DRIVING_LICENCE": 17,
    "PASSPORT": 16,
    "SCHOOL": 15,
    "WORKPLACE": 14,
    "CARD_NUMBER": 12,
    "IMEI": 11,
    "NI_NUMBER": 10,
    "PNC_ID": 9,
    "PHONE": 8,
    "POSTCODE": 7,
    "DOB": 6,
    "VEHICLE": 5,
    "OFFICER_NUMBER": 4,
    "REFERENCE": 3,
    "ADDRESS": 2,
    "NAME": 1,
}
TYPES = tuple(SPECIFICITY)

_INSTITUTIONS = InstitutionRecogniser()
_WITHOUT_DIGITS = tuple(recogniser for recogniser in RECOGNISERS if not recogniser.needs_digit)


def _with_cue_bits(recognisers) -> tuple:
    """Each recogniser with the bit of its cue words (0 if it needs none): one driven only by cues
    finds nothing in a text without them, so it is not called at all."""
    return tuple((r, getattr(getattr(r, "keys", None), "bit", 0)) for r in recognisers)


_ALL_PLANNED = _with_cue_bits(RECOGNISERS)
_WITHOUT_DIGITS_PLANNED = _with_cue_bits(_WITHOUT_DIGITS)


def detect(text: str, vocabulary: Vocabulary | None = None, marks: list[Mark] | None = None,
           known: list[Detection] = ()) -> list[Detection]:
    """All identifiers in ``text``, sorted by position and never overlapping.

    The pattern recognisers run first; then every word they left is read against the safe
    vocabulary (:mod:`.unknown_words`: recall first). Where detections of one type overlap they
    merge; of different types, the longer one wins (it saw more of the identifier), then the more
    specific type. ``known`` are detections found elsewhere (a record's own values, placeholders
    already in the text); ``marks``, if given, collects the words let through for a second look.
    """
    if not text:
        return []
    view = TextView(text)
    vocabulary = vocabulary or default_vocabulary()
    found: list[Detection] = list(known)
    for recogniser, bit in _ALL_PLANNED if view.has_digit else _WITHOUT_DIGITS_PLANNED:
        if bit and not view.has_cues(bit):
            continue
        found += recogniser.analyse(view)
    found += _INSTITUTIONS.analyse(view, vocabulary)
    found = resolve_overlaps(found, text)
    found += codes_and_handles(view, found, vocabulary) + nicknames(view, found)
    found = resolve_overlaps(found, text)
    found += recall_first(view, found, vocabulary, marks)
    found = resolve_overlaps(found, text)
    # Again, now that the recall-first pass has found the names in lower case or capitals around a
    # nickname ("aoife 'big dre' gallagher", "KATHLEEN 'POPEYE' MIRGA").
    found += nicknames(view, found) + numbers_before_names(view, found)
    found += dates_of_birth_in_context(view, found) + corrected_names(view, found)
    found = whole_addresses(text, with_initials(text, without_brands(text, found, vocabulary)))
    return one_name_one_detection(text, resolve_overlaps(businesses_at_addresses(text, found), text))


#: Titles stay apart from the name after them (a title is no part of a name: "Miss" + "J. Kowalska").
_TITLES = frozenset("mr mrs ms miss mx dr".split())


def one_name_one_detection(text: str, found: list[Detection]) -> list[Detection]:
    """Names found in parts by different rules ("fartun" as a forename, "gedi" as an unknown word)
    joined where only a space stands between them: one person is one placeholder ("[NAME 1]", not
    "[NAME 1] [NAME 2]"), and a later "gedi" alone is numbered as the same person."""
    out: list[Detection] = []
    for d in found:
        if out and d.type == "NAME" and out[-1].type == "NAME" and text[out[-1].end:d.start] == " " \
                and text[out[-1].start:out[-1].end].lower() not in _TITLES:
            out[-1] = Detection(out[-1].start, d.end, "NAME")
        else:
            out.append(d)
    return out


def resolve_overlaps(found: list[Detection], text: str | None = None) -> list[Detection]:
    """Detections from several sources (these recognisers, a known-values list) as one sorted,
    non-overlapping list. One sweep in text order: overlapping detections of the same type merge
    (two recognisers saw different parts of one name); otherwise the longer one wins, then the
    more specific type, and what of the other lies outside the winner stays hidden as its own
    type (recall first: "20 Barkerend RD Walker-Nguyen" read as an address and a name that share
    "RD" loses neither). With ``text``, such a remainder is trimmed to its letters and digits."""
    if len(found) < 2:
        return list(found)
    found = sorted(found)
    kept = [found[0]]
    for candidate in found[1:]:
        last = kept[-1]
        if candidate.start >= last.end:
            kept.append(candidate)
        elif candidate.type == last.type:
            kept[-1] = Detection(last.start, max(last.end, candidate.end), last.type)
        elif (candidate.end - candidate.start, SPECIFICITY[candidate.type]) > (last.end - last.start, SPECIFICITY[last.type]):
            kept[-1:] = _remainder(last.start, candidate.start, last.type, text) + [candidate]
        elif candidate.end > last.end:
            kept += _remainder(last.end, candidate.end, candidate.type, text)
    return kept


def _remainder(start: int, end: int, type: str, text: str | None) -> list[Detection]:
    """The part of a detection outside the one that won, if it holds a letter or digit."""
    if text is not None:
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
    return [Detection(start, end, type)] if start < end else []


