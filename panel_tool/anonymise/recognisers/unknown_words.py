"""Recall first: every word the other recognisers left is a name unless it is known to be safe.

The pattern recognisers find identifiers by their shape or a cue; whatever they miss would reach
the panel. This pass reads each remaining word against the safe vocabulary
(:mod:`panel_tool.anonymise.vocabulary`), in the manner of Philter's allowlist:

* a **safe** word (English, policing, places) stays;
* a **listed name** that is no ordinary word ("ruairi", "anyanwu") is a name, in any case;
* an **unknown** word is a name too, unless it is plainly a misspelling of a safe word, the first
  word of a street ("Stainbeck Lane"), or a place after "in"/"near";
* an **ambiguous** word, a name that is also a word ("daisy", "field", "will"), is a name only when
  the context says so: a neighbouring name, a title or cue before it, capitals beside another
  name-like capitalised word ("Hazel Wood"), a surname in capitals in a mixed-case text ("TEMPLE
  stated"), or the same word taken as a name elsewhere in the text.

Capital letters are a cue, never a requirement. Each word let through on weaker ground (unknown
words kept as misspellings or places, ambiguous words in capitals, numbers that could identify
someone) is returned as a :class:`Mark` with its reason, for the facilitator's second look.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from panel_tool.anonymise.vocabulary import ALWAYS_A_WORD, FORENAME, SAFE, SURNAME, Vocabulary, plain

from .detection import Detection, TextView
from .name_lists import lexicon
from .names import PLACE_WORDS


class Mark(NamedTuple):
    """A word let through that a person should look at, and why (plain English)."""

    start: int
    end: int
    reason: str


UNKNOWN_WORD = "not a word the tool knows: could be a name"
ALSO_A_NAME = "an ordinary word that is also a name"
PLACE_NAME = "could be a place or a street"
NUMBER = "a number that could identify someone"
LOOKS_IDENTIFYING = "looks like a name or a detail that identifies someone, and is not redacted"

_LEGAL_BEFORE_NUMBER = frozenset({"section", "sections", "s", "sec", "act", "schedule", "part", "code", "class"})
_HAS_DIGIT = re.compile(r"\d")
_TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_PARTICLES = frozenset("de da di du dos das van von der den bin ibn al el le la ben ap ní nic ó ua mc mac bint abu".split())
#: Words after which a name follows: titles, ranks, relationships, "named".
_BEFORE_NAME = frozenset("""
    mr mrs ms miss mx dr master mister named called aka alias nicknamed
    pc ps pcso sgt dc ds insp tdc tpc spc officer
""".split())
#: Street and place words: an unknown word before one is the name of a street or a building.
_STREET_WORDS = frozenset("""
    road rd street st avenue ave lane ln close cl court ct drive dr way crescent cres place pl terrace
    tce grove gardens gdns hill walk row square sq mews parade rise view green park mount vale wharf
    yard fold garth gate croft approach boulevard broadway chase circus dale grange heights meadow
    meadows mead mill orchard quay ridge estate house cottages bank brow lea nook fields precinct
    market centre center station shopping retail industrial common moor bridge
""".split())
_PLACE_BEFORE = frozenset({"in", "near", "around", "towards", "outside", "through", "across", "into", "on", "along",
                           "off", "via", "junction"})
#: Endings of one-word street names ("Briggate", "Kingsway").
_STREET_ENDINGS = ("gate", "way")
#: Words in capitals that are emphasis or acronyms, never a surname on their own.
_SPEECH_AFTER = frozenset("""
    stated said replied shouted told became was is has had ran made admitted refused declined
    continued pulled tried walked grabbed started appeared did then who and
""".split())
_DETERMINERS = frozenset("the a an this that these those his her their my your our its some any no".split())
#: Words after which a not-so-common ambiguous word is a person ("stopped jack", "his mate daisy").
_PERSON_BEFORE = frozenset("""
    stopped searched detained arrested subject suspect ip male female youth lad boy girl man woman
    person friend brother sister cousin mate mum dad mother father son daughter partner girlfriend
    boyfriend named
""".split())
#: Words after which any word is a person ("jack aged 15", "field dob 3/4/09").
_AFTER_PERSON = re.compile(r"[ ,(]*(?:aged?\b|dob\b|d\.o\.b|born\b|\d{1,2}[ ]?(?:yrs?|yo)\b)")
#: An ambiguous word this frequent (Zipf scale) is a word first ("will", "black", "may"): only a
#: title or cue right before it makes it a name.
_COMMON = 5.0  # below ALWAYS_A_WORD (5.8): words that frequent are never ambiguous here
#: Rare enough as a word that beside a name it is taken as part of the name even in lower case
#: ("ahmed khan"; not "jamal ran off").
_RARE = 4.3
#: An initial before a name, in any case: "J. okafor", "k zajac", "L.Lazar" (not "I").
_INITIAL_BEFORE = re.compile(r"(?<![^\W\d_])(?:[A-HJ-Za-hj-z]\.?[ ]|[A-Za-z]\.[ ]?)$")
_NUMBER_UNITS = re.compile(r"\d+(?:st|nd|rd|th|hrs?|hours?|mins?|yrs?|yo|y|mg|g|kg|ml|mph|cc|k|am|pm|s|x|p|m|km|ft|in|l)", re.I)
_POWER_TOKEN = re.compile(r"(?:s|sec|ic|iC|IC|S)\d+[A-Za-z]{0,3}|\d+[A-Za-z]{0,2}", re.I)


def recall_first(view: TextView, found: list[Detection], vocabulary: Vocabulary,
                 marks: list[Mark] | None = None) -> list[Detection]:
    """New NAME (and REFERENCE) detections for words ``found`` did not cover; with ``marks``, also
    fill it with what was let through on weak ground."""
    text = view.text
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    if not tokens:
        return []
    covered = _covered_by(tokens, found)
    all_capitals = text.isupper() or not any(c.islower() for c in text)
    kinds: list[str] = []  # "safe", "name", "ambiguous", "unknown", "number", "covered"
    safe = vocabulary.safe
    for index, (start, end, word) in enumerate(tokens):
        if covered[index]:
            kinds.append("covered_name" if covered[index] == "NAME" else "covered")
        elif word.lower() in safe:
            kinds.append("safe")  # most words: one lookup
        else:
            kinds.append(_kind(word, vocabulary))
    _mask_phrases(tokens, kinds)
    decided = _decide(text, tokens, kinds, vocabulary, all_capitals, marks)
    return _as_detections(text, tokens, decided)


def _mask_phrases(tokens, kinds: list[str]) -> None:
    """Brands, places and car models that read like names ("Ralph Lauren", "Seat Leon") are safe."""
    phrases = lexicon()[1]
    for i, (_, _, word) in enumerate(tokens):
        for phrase in phrases.get(word.lower(), ()):
            if tuple(t[2].lower() for t in tokens[i:i + len(phrase)]) == phrase:
                kinds[i:i + len(phrase)] = ["safe"] * len(phrase)


def _covered_by(tokens, found: list[Detection]) -> list[str | None]:
    """For each token, the type of the detection covering it (if any)."""
    out: list[str | None] = [None] * len(tokens)
    if not found:
        return out
    j = 0
    for i, (start, end, _) in enumerate(tokens):
        while j < len(found) and found[j].end <= start:
            j += 1
        if j < len(found) and found[j].start < end:
            out[i] = found[j].type
    return out


def _kind(word: str, vocabulary: Vocabulary) -> str:
    if not word.isalpha() and _HAS_DIGIT.search(word):
        return "number"
    key = plain(word)
    if key in vocabulary.safe:
        return "safe"
    flags = vocabulary.flags.get(key)
    if flags is None and key.endswith(("'s", "s'")):
        key = key[:-2] if key.endswith("'s") else key[:-1]
        if key in vocabulary.safe:
            return "safe"
        flags = vocabulary.flags.get(key)
    if flags is None and ("-" in key or "'" in key):
        # Double-barrelled names and O'/D' prefixes: a name if no part is a plain word.
        parts = [p for p in re.split(r"['-]", key) if p]
        kinds = {_kind(p, vocabulary) for p in parts if len(p) > 1 or p not in "od"}
        if not kinds or kinds == {"safe"}:
            return "safe"
        if "safe" in kinds:
            return "ambiguous"
        return "name" if "name" in kinds else "unknown" if "unknown" in kinds else "ambiguous"
    if flags is None:
        return "unknown"
    if flags == SAFE:
        return "safe"
    return "ambiguous" if flags & SAFE else "name"


def _decide(text, tokens, kinds, vocabulary, all_capitals, marks) -> list[bool]:
    """Which tokens are names (or identifying numbers): the rules of the module docstring."""
    n = len(tokens)
    name = [False] * n
    for i, kind in enumerate(kinds):
        if kind in ("name", "unknown") and _place_name(text, tokens, i, all_capitals):
            if marks is not None:
                marks.append(Mark(tokens[i][0], tokens[i][1], PLACE_NAME))
        elif kind == "name":
            word = tokens[i][2]
            # Two letters: "Li", "Wu" are names; "NI", "ni" an acronym or a slip.
            name[i] = len(word) > 2 or (len(word) == 2 and word[0].isupper() and word[1].islower())
        elif kind == "unknown":
            name[i] = _unknown_is_name(text, tokens, kinds, i, vocabulary, marks)
        elif kind == "number":
            name[i] = _number_identifies(text, tokens, i, marks)
    named_words = {plain(tokens[i][2]) for i in range(n) if name[i] or kinds[i] == "covered_name"}
    # Ambiguous words, in two sweeps so a decision can rest on a neighbour decided in the first.
    for _ in range(2):
        changed = False
        for i, kind in enumerate(kinds):
            if kind != "ambiguous" or name[i]:
                continue
            if _ambiguous_is_name(text, tokens, kinds, name, i, vocabulary, all_capitals, named_words):
                name[i] = changed = True
                named_words.add(plain(tokens[i][2]))
        if not changed:
            break
    if marks is not None:
        for i, kind in enumerate(kinds):
            if kind == "ambiguous" and not name[i]:
                word = tokens[i][2]
                if word[0].isupper() and not all_capitals and (
                        not _starts_sentence(text, tokens[i][0]) or vocabulary.zipf.get(plain(word), 0.0) < _COMMON):
                    marks.append(Mark(tokens[i][0], tokens[i][1], ALSO_A_NAME))
    return name


def _place_name(text, tokens, i, all_capitals) -> bool:
    """A name word that is part of a place's name: before a street or building word, possibly with
    another word between ("Harrison Street", "St James Hospital", "Victoria Park Road"), or after
    "St"."""
    for j in (i + 1, i + 2):
        if j < len(tokens) and _joined(text, tokens[j - 1][1], tokens[j][0]):
            following = plain(tokens[j][2])
            if following in _STREET_WORDS or following in PLACE_WORDS:
                return j == i + 1 or tokens[i + 1][2][0].isupper() or all_capitals
        else:
            break
    return i > 0 and plain(tokens[i - 1][2]) in ("st", "saint") and _joined(text, tokens[i - 1][1], tokens[i][0])


def _unknown_is_name(text, tokens, kinds, i, vocabulary, marks) -> bool:
    start, end, word = tokens[i]
    if len(word) < 3:
        return False
    if word.isupper() and len(word) <= 4 and not all(t[2].isupper() for t in tokens):
        if marks is not None:
            marks.append(Mark(start, end, UNKNOWN_WORD))
        return False  # an acronym ("IMEI", "ASB"), in a text not typed all in capitals
    following = plain(tokens[i + 1][2]) if i + 1 < len(tokens) else ""
    before = plain(tokens[i - 1][2]) if i else ""
    if following in _STREET_WORDS or (word[0].isupper() and (before in _PLACE_BEFORE or word.lower().endswith(_STREET_ENDINGS))):
        if marks is not None:
            marks.append(Mark(start, end, PLACE_NAME))
        return False
    if len(word) > 4 and not word[0].isupper() and _misspelling_of_safe(plain(word), vocabulary):
        if marks is not None:
            marks.append(Mark(start, end, UNKNOWN_WORD))
        return False
    return True


_MISSPELT: dict[tuple[str, int], bool] = {}


def _misspelling_of_safe(word: str, vocabulary: Vocabulary) -> bool:
    """One letter deleted, doubled, swapped or changed from a safe word of five letters or more.
    Remembered per vocabulary: trying every edit of a word costs about a millisecond."""
    key = (word, id(vocabulary))
    if key not in _MISSPELT:
        if len(_MISSPELT) > 50_000:
            _MISSPELT.clear()
        _MISSPELT[key] = _one_edit_from_safe(word, vocabulary)
    return _MISSPELT[key]


def _one_edit_from_safe(word: str, vocabulary: Vocabulary) -> bool:
    flags = vocabulary.flags

    def known(candidate: str) -> bool:
        return bool(flags.get(candidate, 0) & SAFE)

    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:k], word[k:]) for k in range(len(word) + 1)]
    for left, right in splits:
        if right and len(word) > 5 and known(left + right[1:]):
            return True
        if len(right) > 1 and known(left + right[1] + right[0] + right[2:]):
            return True
        for letter in letters:
            if (right and known(left + letter + right[1:])) or known(left + letter + right):
                return True
    return False


def _number_identifies(text, tokens, i, marks) -> bool:
    """A run of five or more digits, or a code of letters and digits, is a reference; a
    four-digit number is marked (a collar number, a year or a time)."""
    start, end, word = tokens[i]
    if _NUMBER_UNITS.fullmatch(word) or text[max(0, start - 1):start] in ("£", "$", "€"):
        return False
    if i and plain(tokens[i - 1][2]) in _LEGAL_BEFORE_NUMBER:
        return False  # "Act 1971", "section 23": part of a power
    digits = sum(c.isdigit() for c in word)
    letters = len(word) - digits
    if word.isdigit():
        if digits >= 5:
            return True
        if digits == 4 and marks is not None:
            marks.append(Mark(start, end, NUMBER))
        return False
    if _POWER_TOKEN.fullmatch(word) and digits <= 3:
        return False
    if digits >= 3 and letters >= 1 and len(word) >= 5:
        return True
    if letters >= 2 and digits >= 2 and word[0].isalpha() and not _POWER_TOKEN.fullmatch(word):
        return True  # a handle or a code: "hauwa35", "m3h4rix"
    if marks is not None and digits >= 2:
        marks.append(Mark(start, end, NUMBER))
    return False


def _ambiguous_is_name(text, tokens, kinds, name, i, vocabulary, all_capitals, named_words) -> bool:
    start, end, word = tokens[i]
    key = plain(word)
    zipf = vocabulary.zipf.get(key, 0.0)
    previous = plain(tokens[i - 1][2]) if i else ""
    adjacent_before = i > 0 and _joined(text, tokens[i - 1][1], start)
    adjacent_after = i + 1 < len(tokens) and _joined(text, end, tokens[i + 1][0])
    if adjacent_before and previous in _BEFORE_NAME and (word[0].isupper() or zipf < _COMMON):
        return True
    if zipf >= ALWAYS_A_WORD:
        return False  # "will", "may", "white": a word first, whatever stands beside it
    if (zipf < _COMMON - 0.5 and adjacent_before and previous in _PERSON_BEFORE) or (
            zipf < _COMMON and _AFTER_PERSON.match(text.lower(), end)):
        return True
    neighbour_named = (adjacent_before and (name[i - 1] or kinds[i - 1] == "covered_name")) or (
        adjacent_after and (name[i + 1] or kinds[i + 1] == "covered_name"))
    capitalised = word[0].isupper() and not all_capitals
    if neighbour_named and (capitalised or zipf < _RARE):
        return True
    # Forename then surname, both also words but one of them rare as a word, in lower case:
    # "jack straw", "daisy field" (not "the male ran").
    if not capitalised and previous not in _PLACE_BEFORE and previous not in _DETERMINERS:
        flags = vocabulary.flags.get(key, 0)
        if adjacent_after and flags & FORENAME and kinds[i + 1] == "ambiguous" and not tokens[i + 1][2][0].isupper():
            other = plain(tokens[i + 1][2])
            other_zipf = vocabulary.zipf.get(other, 0.0)
            if vocabulary.flags.get(other, 0) & SURNAME and max(zipf, other_zipf) < _COMMON + 0.5 and min(zipf, other_zipf) < _RARE + 0.2:
                return True
        if adjacent_before and flags & SURNAME and name[i - 1] and kinds[i - 1] == "ambiguous":
            return True
    if key in named_words and (capitalised or zipf < 3.5):
        return True
    if not capitalised:
        return False
    if word.isupper() and len(word) > 2:
        following = plain(tokens[i + 1][2]) if i + 1 < len(tokens) else ""
        if following in _SPEECH_AFTER or (adjacent_after and kinds[i + 1] == "ambiguous" and tokens[i + 1][2][0].isupper()):
            return True
    if _starts_sentence(text, start) and not (adjacent_after and tokens[i + 1][2][0].isupper()):
        return False
    # Two capitalised name-words together: "Hazel Wood", "Faith Church" (not "Station Road").
    for j in (i - 1, i + 1):
        if 0 <= j < len(tokens) and kinds[j] == "ambiguous" and tokens[j][2][0].isupper() and (
                _joined(text, tokens[j][1], start) if j < i else _joined(text, end, tokens[j][0])):
            other = plain(tokens[j][2])
            if other in _STREET_WORDS or key in _STREET_WORDS:
                continue
            if vocabulary.zipf.get(other, 0.0) < _COMMON + 0.8:
                return True
    return False


def _joined(text: str, left_end: int, right_start: int) -> bool:
    """Two words with only a space or a hyphen between them."""
    gap = text[left_end:right_start]
    return gap in (" ", "-", "  ")


def _starts_sentence(text: str, start: int) -> bool:
    at = start - 1
    while at >= 0 and (text[at] == " " or text[at] in "\"'“‘(["):
        at -= 1
    return at < 0 or text[at] in ".!?\n:;"


def _as_detections(text, tokens, decided) -> list[Detection]:
    """Names as spans (neighbouring name words and particles between them joined: "van der
    Merwe"); codes as references."""
    out: list[Detection] = []
    i, n = 0, len(tokens)
    while i < n:
        if not decided[i]:
            i += 1
            continue
        start, end, word = tokens[i]
        if any(c.isdigit() for c in word):
            out.append(Detection(start, end, "REFERENCE"))
            i += 1
            continue
        j = i
        while j + 1 < n and _joined(text, tokens[j][1], tokens[j + 1][0]):
            if decided[j + 1] and not any(c.isdigit() for c in tokens[j + 1][2]):
                j += 1
            elif (plain(tokens[j + 1][2]) in _PARTICLES and j + 2 < n and decided[j + 2]
                  and _joined(text, tokens[j + 1][1], tokens[j + 2][0])):
                j += 2
            else:
                break
        end = tokens[j][1]
        if text[end - 2:end] in ("'s", "’s") and plain(tokens[j][2])[:-2]:
            end -= 2
        out.append(Detection(start, end, "NAME"))
        i = j + 1
    return out


def with_initials(text: str, found: list[Detection]) -> list[Detection]:
    """Names widened to the initial before them: "J. okafor", "k zajac", "L.Lazar"."""
    out = []
    for d in found:
        if d.type == "NAME":
            initial = _INITIAL_BEFORE.search(text, max(0, d.start - 3), d.start)
            if initial is not None:
                d = Detection(initial.start(), d.end, d.type)
        out.append(d)
    return out


#: Codes joined by slashes or underscores ("730639/23", "s&s/24/35818", "9579_21102023_1791"),
#: and handles joined by dots or underscores ("its.elvis", "young_dx").
_CODE = re.compile(r"(?<![\w/.@&])(?:[A-Za-z]{1,3}[ ])?[A-Za-z0-9&]+(?:[/_.][A-Za-z0-9&]+)+(?![\w@]|\.\w)")
_DATE_OR_TIME = re.compile(r"\d{1,4}[/.]\d{1,2}(?:[/.]\d{2,4})?(?:am|pm|hrs)?|\d+(?:\.\d+)?(?:am|pm|hrs|mg|g|kg|ml|m)?", re.I)
_ABBREVIATION = re.compile(r"(?:[a-z]\.){1,3}[a-z]?\.?|s\.\d+[a-z]*|e\.g|i\.e|etc|approx|no\.\d+", re.I)


def codes_and_handles(view: TextView, found: list[Detection], vocabulary: Vocabulary) -> list[Detection]:
    """References and handles that no pattern knew the shape of."""
    text = view.text
    if "/" not in text and "_" not in text and "." not in text:
        return []
    out = []
    for match in _CODE.finditer(text):
        start, end = match.span()
        value = match.group()
        prefix, _, code = value.rpartition(" ")
        if prefix and (prefix.lower() in vocabulary.safe and not prefix.isupper() or prefix.lower() in _PLACE_BEFORE):
            start += len(prefix) + 1  # "at 12/03": the word before is not part of it
            value = code
        if any(d.start < end and start < d.end for d in found):
            continue
        if _DATE_OR_TIME.fullmatch(value) or _ABBREVIATION.fullmatch(value):
            continue
        digits = sum(c.isdigit() for c in value)
        letters = sum(c.isalpha() for c in value)
        if digits >= 4:
            out.append(Detection(start, end, "REFERENCE"))
        elif letters >= 4 and ("_" in value or "." in value) and not all(
                plain(part) in vocabulary.safe for part in re.split(r"[._]", value) if part):
            out.append(Detection(start, end, "SOCIAL_MEDIA"))
    return out
