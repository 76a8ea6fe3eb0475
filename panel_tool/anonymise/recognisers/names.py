"""People's names, without a language model.

Three sources of evidence, each cheap:

* **Name lists** (:mod:`.name_lists`): a Title Case (or capitals) word that is a listed forename
  or surname is a name, and so is an unlisted capitalised word right beside it ("Kwabena
  Oyelaran"). Listed names that are also ordinary words or places (Will, Grace, Park, Chelsea)
  count only beside another name word ("Frank Brown").
* **Cues** (:mod:`.name_cues`): a title (``Mr``), a rank (``PC``) or a phrase such as "named",
  "gave his name as", "his friend" says the next words are a name; after the strongest cues even
  lower-case words are taken ("named john smith").
* **Layout.** ``SMITH, John`` is how records systems print names.

What keeps ordinary text: words that are never names (vocabulary, acronyms such as BWV and
GOWISELY) break a run of capitals; a run followed by a street or building word ("Harrison
Street", "St James Hospital") is a place; listed phrases ("Ralph Lauren", "Stone Island") are
brands.
"""

from __future__ import annotations

import re

from .detection import Detection, TextView, word_trie
from .name_cues import PARTICLES, names_after_phrases, names_after_titles_and_ranks
from .name_lists import (
    AMBIGUOUS,
    FORENAME,
    LISTED,
    NEVER,
    POSSESSIVE,
    SURNAME,
    is_strong,
    lexicon,
    strong_words,
    word_kind,
)


class NameRecogniser:
    """Finds people's names; the module docstring says what evidence it weighs."""

    type = "NAME"
    needs_digit = False

    def __repr__(self) -> str:
        return "NameRecogniser()"

    def analyse(self, text: str | TextView) -> list[Detection]:
        view = text if isinstance(text, TextView) else TextView(text)
        if view.text.isupper():
            # Typed in capitals: read it as Title Case, where the list rules apply.
            view = TextView(view.text.title()) if len(view.text.title()) == len(view.text) else view
        found: list[Detection] = []
        _names_in_runs(view.text, found)
        found += names_after_titles_and_ranks(view)
        found += names_after_phrases(view)
        return found


_LETTER = r"[^\W\d_]"
_CAPITALISED = rf"[A-ZÀ-ÖØ-ÞĀ-ſ]{_LETTER}*(?:['’-]{_LETTER}+)*(?!\w)"
#: Capitalised words separated by single spaces, lower-case particles allowed between them.
#: No leading lookbehind: the engine can then skip straight to capital letters.
_RUN = re.compile(
    rf"{_CAPITALISED}(?:[ ](?:{word_trie(sorted(PARTICLES), starts_word=False)}[ ]){{0,2}}{_CAPITALISED})*"
)

#: Words after which a run names a place or an institution, not a person ("Harrison Street").
PLACE_WORDS = frozenset(
    "road rd street st avenue ave lane close court drive way crescent place terrace grove gardens"
    " walk row square mews parade rise view mount vale wharf yard fold garth gate croft approach"
    " boulevard broadway circus estate house houses tower towers centre center station school"
    " college academy university hospital surgery church mosque temple gurdwara chapel library"
    " park primary secondary leisure retail shopping precinct market arcade bridge hall stadium"
    " arena club pub inn hotel tavern arms".split()
)
_SAINT = frozenset({"st", "saint"})


def _names_in_runs(text: str, found: list[Detection]) -> None:
    kinds, phrases = lexicon()
    strong = strong_words()
    cursor = 0
    # findall is cheaper than finditer; every capitalised word is in some run, so the next
    # occurrence of a run's text after the previous run is where that run starts.
    for value in _RUN.findall(text):
        start = text.find(value, cursor)
        cursor = end = start + len(value)
        if start and text[start - 1].isalnum():
            continue  # the letters of a code ("874GD"), not a word
        if " " not in value:
            # Most runs are one word (a sentence start, "IP", "BWV"): settle those cheaply.
            lowered = value.lower()
            if lowered in strong:
                _names_in_run(text, [value], [lowered], [kinds[lowered]], [start], found)
            elif not (value.isalpha() and value.isascii()):
                kind = word_kind(value)
                if is_strong(kind) and len(value) > 2:
                    _names_in_run(text, [value], [lowered], [kind], [start], found)
            if value.isupper() and text.startswith(",", end):
                _name_surname_first(text, start, value, found)
            continue
        words = value.split(" ")
        lowered_words = [word.lower() for word in words]
        flags = [kinds.get(word, -1) for word in lowered_words]
        if -1 in flags:
            flags = [
                (0 if word.isalpha() and word.isascii() else word_kind(word)) if flag == -1 else flag
                for word, flag in zip(lowered_words, flags)
            ]
        if words[-1].isupper() and text.startswith(",", end):
            # The capitals at the end of the run: "Detained SMITH, John", "VAN DER MERWE, Kieran".
            first = len(words) - 1
            while first and (words[first - 1].isupper() or lowered_words[first - 1] in PARTICLES):
                first -= 1
            surname = " ".join(words[first:])
            _name_surname_first(text, end - len(surname), surname, found)
        if not any(flag & LISTED for flag in flags):
            continue
        for k in range(1, len(words) - 1):
            if lowered_words[k] == "st" and flags[k - 1] & FORENAME:
                flags[k] = 0  # a surname after a forename, not a saint: "Ahmed St Clair"
        _mask_phrases(lowered_words, flags, phrases)
        offsets = []
        position = start
        for word in words:
            offsets.append(position)
            position += len(word) + 1
        _names_in_run(text, words, lowered_words, flags, offsets, found)


def _mask_phrases(lowered: list[str], flags: list[int], phrases: dict[str, list[tuple[str, ...]]]) -> None:
    """Mark the words of listed non-name phrases ("Ralph Lauren") as never names."""
    for i, word in enumerate(lowered):
        for phrase in phrases.get(word, ()):
            if tuple(lowered[i : i + len(phrase)]) == phrase:
                flags[i : i + len(phrase)] = [NEVER] * len(phrase)


def _names_in_run(
    text: str, words: list[str], lowered: list[str], flags: list[int], offsets: list[int], found: list[Detection]
) -> None:
    """Split a run at words that are never names, and report the chunks that hold a name."""
    n = len(words)
    i = 0
    while i < n:
        if flags[i] & NEVER or lowered[i] in PARTICLES:
            i += 1
            continue
        j = i
        while j + 1 < n and not flags[j + 1] & NEVER:
            j += 1
        while lowered[j] in PARTICLES:
            j -= 1
        span = _name_within(words, flags, i, j)
        if span is not None and not _is_place(text, lowered, flags, span, j, offsets):
            first, last = span
            end = offsets[last] + len(words[last])
            if POSSESSIVE.search(words[last]):
                end -= 2
            found.append(Detection(offsets[first], end, "NAME"))
        i = j + 1


def _name_within(words: list[str], flags: list[int], i: int, j: int) -> tuple[int, int] | None:
    """The name inside the chunk ``words[i..j]``, if it holds one.

    A chunk holds a name when a word in it is a strong (unambiguous) listed name of three letters
    or more (``Al``, ``Jo``, ``LI`` are too often something else), or when it reads forename then
    surname even though both are also words ("Frank Brown", "Sky Banks"). The name runs from the first
    to the last listed word, plus up to two unlisted words after a forename (an unlisted
    surname, maybe with a particle: "Kyle de Souza") and one unlisted word straight before a
    surname (an unlisted forename).
    """
    listed = [k for k in range(i, j + 1) if flags[k] & LISTED]
    if not any(is_strong(flags[k]) and len(words[k]) > 2 for k in listed) and not (
        len(listed) > 1 and flags[listed[0]] & FORENAME and flags[listed[-1]] & SURNAME
        and len(words[listed[0]]) > 2 and len(words[listed[-1]]) > 2
    ):
        return None
    first, last = listed[0], listed[-1]
    if flags[last] & FORENAME:
        added = 0
        while last < j and added < 2 and not flags[last + 1] & AMBIGUOUS:
            last += 1
            added += words[last].lower() not in PARTICLES
    if first > i and flags[first] & SURNAME and not flags[first - 1] & AMBIGUOUS:
        first -= 1
    return first, last


def _is_place(
    text: str, lowered: list[str], flags: list[int], span: tuple[int, int], chunk_end: int, offsets: list[int]
) -> bool:
    """A name in a run that goes on to a street or building word ("Shepherd's Bush Road",
    "Harrison Street"), or that follows "St", names a place."""
    first, last = span
    if chunk_end + 1 < len(lowered) and POSSESSIVE.sub("", lowered[chunk_end + 1]) in PLACE_WORDS:
        return True
    if lowered[last] in PLACE_WORDS and not (flags[first] & FORENAME and is_strong(flags[first])):
        return True
    if first > 0:
        return lowered[first - 1] in _SAINT
    before = text[max(0, offsets[0] - 7) : offsets[0]].lower()
    return before.endswith(("st. ", " st ", "saint "))


#: After ``SMITH`` and a comma: the forename(s) of ``SMITH, John``.
_FORENAMES_AFTER_COMMA = re.compile(
    r",[ ]*([A-ZÀ-ÖØ-ÞĀ-ſ][^\W\d_]+(?:['’-][^\W\d_]+)*(?:[ ][A-ZÀ-ÖØ-ÞĀ-ſ][^\W\d_]+)?)"
)


def _name_surname_first(text: str, start: int, surname: str, found: list[Detection]) -> None:
    """``SMITH, John``, how records systems print names: capitals, a comma, a Title Case
    forename. A name if the surname or the forename is listed (and the capitals are not an
    acronym such as BWV)."""
    forenames = _FORENAMES_AFTER_COMMA.match(text, start + len(surname))
    if forenames is None:
        return
    surname_kind = word_kind(surname.split(" ")[-1])
    if surname_kind & NEVER:
        return
    if surname_kind & SURNAME or word_kind(forenames.group(1).split(" ")[0]) & FORENAME:
        found.append(Detection(start, forenames.end(), "NAME"))
