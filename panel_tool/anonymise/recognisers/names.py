"""People's names, without a language model.

Three sources of evidence, each cheap:

* **Cues.** A title (``Mr``, ``Miss``), a rank (``PC``, ``Sgt``), or a phrase such as "named",
  "known as", "gave his name as", "his friend" says the next words are a name; after the
  strongest cues even lower-case words are taken ("named john smith").
* **Name lists** shipped in ``panel_tool/data/names``: a Title Case (or capitals) word that is a
  listed forename or surname is a name, and so is an unlisted capitalised word right beside it
  ("Kwabena Oyelaran"). Listed names that are also ordinary words or places (Will, Grace, Park,
  Chelsea) count only beside a stronger name word.
* **Layout.** ``SMITH, John`` is how records systems print names.

What keeps ordinary text: words that are never names (vocabulary, acronyms such as BWV and
GOWISELY) break a run of capitals; a run followed by a street or building word ("Harrison
Street", "St James Hospital") is a place; listed phrases ("Ralph Lauren", "Stone Island") are
brands.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib.resources import files

from .detection import Detection, TextView, register_cues, word_trie
from .officers import RANKS

# Word kinds, as bit flags: a word can be both a forename and a surname.
FORENAME, SURNAME, AMBIGUOUS, NEVER = 1, 2, 4, 8
_LISTED = FORENAME | SURNAME


def _read_list(name: str) -> list[str]:
    resource = files("panel_tool").joinpath("data", "names", name)
    return [line.strip() for line in resource.read_text(encoding="utf-8").splitlines() if line.strip()]


@cache
def _lexicon() -> tuple[dict[str, int], dict[str, list[tuple[str, ...]]]]:
    """Word -> kind flags; and first word -> the multi-word phrases that are not names."""
    kinds: dict[str, int] = {}
    for flag, name in ((FORENAME, "forenames.txt"), (SURNAME, "surnames.txt"), (AMBIGUOUS, "ambiguous.txt")):
        for word in _read_list(name):
            kinds[word] = kinds.get(word, 0) | flag
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for entry in _read_list("not_names.txt"):
        words = tuple(entry.split())
        if len(words) > 1:
            phrases.setdefault(words[0], []).append(words)
        elif entry not in kinds:
            kinds[entry] = NEVER
    return kinds, phrases


_POSSESSIVE = re.compile(r"['’]s$")
#: A word that :func:`word_kind` could not find under another form (no apostrophe, hyphen or
#: diacritic): if the lists do not have it as written, it is unknown.
_PLAIN_WORD = re.compile(r"[A-Za-z]+")
#: Letters that Unicode decomposition does not reduce to ASCII.
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})


def _plain(word: str) -> str:
    """``wiśniewski`` -> ``wisniewski``: the lists are written without diacritics."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_UNDECOMPOSED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def word_kind(word: str) -> int:
    """Kind flags of one word in any case (a possessive ``'s`` and diacritics ignored); 0 if
    unknown."""
    kinds = _lexicon()[0]
    lowered = _POSSESSIVE.sub("", word.lower())
    if not lowered.isascii():
        lowered = _plain(lowered)
    kind = kinds.get(lowered)
    if kind is not None:
        return kind
    if "-" in lowered:
        # Double-barrelled names count as listed (and unambiguous) if any part is listed.
        kind = 0
        for part in lowered.split("-"):
            kind |= kinds.get(part, 0) & _LISTED
        return kind
    return 0


def _is_strong(kind: int) -> bool:
    return bool(kind & _LISTED) and not kind & AMBIGUOUS


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
        found += _names_after_titles_and_ranks(view)
        found += _names_after_phrases(view)
        return found


_LETTER = r"[^\W\d_]"
_CAPITALISED = rf"[A-ZÀ-ÖØ-ÞĀ-ſ]{_LETTER}*(?:['’-]{_LETTER}+)*"
_PARTICLES = frozenset("de da di du dos das van von der den bin ibn al el le la ben ap".split())
#: Capitalised words separated by single spaces, lower-case particles allowed between them.
#: No leading lookbehind: the engine can then skip straight to capital letters.
_RUN = re.compile(rf"{_CAPITALISED}(?:[ ](?:{word_trie(sorted(_PARTICLES), starts_word=False)}[ ])?{_CAPITALISED})*")

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
    kinds, phrases = _lexicon()
    strong = _strong_words()
    for run in _RUN.finditer(text):
        value = run.group()
        if " " not in value:
            # Most runs are one word (a sentence start, "IP", "BWV"): settle those cheaply.
            lowered = value.lower()
            if lowered in strong:
                _names_in_run(text, [value], [lowered], [kinds[lowered]], [run.start()], found)
            elif not (value.isalpha() and value.isascii()):
                kind = word_kind(value)
                if _is_strong(kind) and len(value) > 2:
                    _names_in_run(text, [value], [lowered], [kind], [run.start()], found)
            if value.isupper() and text.startswith(",", run.end()):
                _name_surname_first(text, run.start(), value, found)
            continue
        words = value.split(" ")
        lowered_words = [word.lower() for word in words]
        flags = [kinds.get(word, -1) for word in lowered_words]
        if -1 in flags:
            flags = [
                (0 if word.isalpha() and word.isascii() else word_kind(word)) if flag == -1 else flag
                for word, flag in zip(lowered_words, flags)
            ]
        if words[-1].isupper() and text.startswith(",", run.end()):
            # The capitals at the end of the run: "Detained SMITH, John", "VAN DER MERWE, Kieran".
            first = len(words) - 1
            while first and (words[first - 1].isupper() or lowered_words[first - 1] in _PARTICLES):
                first -= 1
            surname = " ".join(words[first:])
            _name_surname_first(text, run.end() - len(surname), surname, found)
        if not any(flag & _LISTED for flag in flags):
            continue
        _mask_phrases(lowered_words, flags, phrases)
        offsets = []
        position = run.start()
        for word in words:
            offsets.append(position)
            position += len(word) + 1
        _names_in_run(text, words, lowered_words, flags, offsets, found)


@cache
def _strong_words() -> frozenset[str]:
    """Listed names of three letters or more that are not also ordinary words."""
    return frozenset(word for word, kind in _lexicon()[0].items() if _is_strong(kind) and len(word) > 2)


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
        if flags[i] & NEVER or lowered[i] in _PARTICLES:
            i += 1
            continue
        j = i
        while j + 1 < n and not flags[j + 1] & NEVER:
            j += 1
        while lowered[j] in _PARTICLES:
            j -= 1
        span = _name_within(words, flags, i, j)
        if span is not None and not _is_place(text, lowered, flags, span, j, offsets):
            first, last = span
            end = offsets[last] + len(words[last])
            if _POSSESSIVE.search(words[last]):
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
    listed = [k for k in range(i, j + 1) if flags[k] & _LISTED]
    if not any(_is_strong(flags[k]) and len(words[k]) > 2 for k in listed) and not (
        len(listed) > 1 and flags[listed[0]] & FORENAME and flags[listed[-1]] & SURNAME
        and len(words[listed[0]]) > 2 and len(words[listed[-1]]) > 2
    ):
        return None
    first, last = listed[0], listed[-1]
    if flags[last] & FORENAME:
        added = 0
        while last < j and added < 2 and not flags[last + 1] & AMBIGUOUS:
            last += 1
            added += words[last].lower() not in _PARTICLES
    if first > i and flags[first] & SURNAME and not flags[first - 1] & AMBIGUOUS:
        first -= 1
    return first, last


def _is_place(
    text: str, lowered: list[str], flags: list[int], span: tuple[int, int], chunk_end: int, offsets: list[int]
) -> bool:
    """A name in a run that goes on to a street or building word ("Shepherd's Bush Road",
    "Harrison Street"), or that follows "St", names a place."""
    first, last = span
    if chunk_end + 1 < len(lowered) and _POSSESSIVE.sub("", lowered[chunk_end + 1]) in PLACE_WORDS:
        return True
    if lowered[last] in PLACE_WORDS and not (flags[first] & FORENAME and _is_strong(flags[first])):
        return True
    if first > 0:
        return lowered[first - 1] in _SAINT
    before = text[max(0, offsets[0] - 7) : offsets[0]].lower()
    return before.endswith(("st. ", " st ", "saint "))


# --- Cues ----------------------------------------------------------------------------------

_TITLES = ("Mr", "MR", "Mrs", "MRS", "Ms", "MS", "Miss", "MISS", "Mx", "Dr", "DR", "Mister", "Master")
_TITLE_SET = frozenset(_TITLES)
#: Titles and ranks as written (case-sensitive, so the engine skips to capital letters),
#: optionally followed by a collar number.
_TITLE_OR_RANK = re.compile(rf"({word_trie(_TITLES + RANKS)})\.?[ ]+(?:\d{{2,7}}[A-Z]{{0,3}}[ ]+)?")

#: Cue phrases, lower case, matched at the position of their key word (see _CUE_KEYS).
_PHRASE_CUE = re.compile(
    r"""
    (?:
        (?P<strong>
            named(?:[ ]as)?
          | known[ ](?:locally[ ]|to[ ](?:the[ ])?police[ ]|to[ ]officers[ ]|on[ ]the[ ]street[ ])?as
          | aka | a\.k\.a\.? | alias | nicknamed | goes[ ]by
          | (?:street|real|full|first|sur|fore)[ ]?name(?:[ ](?:is|was|as|given[ ]as)|[ ]?[:-])?
          | name[ ]?(?:is|was|as|given[ ]as|:|-)
          | (?:gave|giving|gives|provided|providing)[ ](?:the|his|her|their)[ ](?:full[ ])?name(?:[ ](?:as|of))?
          | (?:gave|giving|gives|provided|providing)[ ](?:the[ ]|his[ ]|her[ ]|their[ ])?details[ ](?:of|as)
          | identified[ ]as
          | (?:identified|introduced|calls|calling)[ ](?:himself|herself|themselves|themself)(?:[ ]as)?
        )
      | (?P<weak>
            called
          | (?:friend|mate|brother|sister|cousin|mother|father|mum|dad|son|daughter|partner
            |girlfriend|boyfriend|associate|uncle|aunt|auntie|nephew|niece|wife|husband
            |neighbour|stepdad|stepmum|grandmother|grandfather|nan|grandad)(?:[ ]of)?
          | (?:in[ ])?company[ ]with | accompanied[ ]by
          | ip(?=[ ]*[(,])
        )
    )
    (?![a-z])[ ]*[:,(-]?[ ]*
    """,
    re.VERBOSE,
)
#: The word each cue phrase starts with: the phrase regex is tried only where one occurs.
_CUE_KEYS = register_cues(
    "named known aka alias nicknamed goes street real full first surname forename name gave"
    " giving gives provided providing identified introduced calls calling called friend mate"
    " brother sister cousin mother father mum dad son daughter partner girlfriend boyfriend"
    " associate uncle aunt auntie nephew niece wife husband neighbour stepdad stepmum"
    " grandmother grandfather nan grandad company accompanied ip a.k.a".split()
)

#: Up to four words after a cue (initials allowed), in any case.
_AFTER_CUE = re.compile(rf"(?:[A-Z]\.?[ ]+){{0,2}}{_LETTER}+(?:['’-]{_LETTER}+)*(?:[ -]{_LETTER}+(?:['’-]{_LETTER}+)*){{0,3}}")
_WORD = re.compile(rf"[A-Z]\.|{_LETTER}+(?:['’-]{_LETTER}+)*")
_QUOTED = re.compile(r"['\"“‘]([^'\"”’\n]{1,30})['\"”’]")
_BRACKETED = re.compile(r"[ ]*\((?=[A-Z])")


def _names_after_titles_and_ranks(view: TextView) -> Iterator[Detection]:
    text = view.text
    for cue in _TITLE_OR_RANK.finditer(text):
        yield from _names_after(text, cue.end(), "title" if cue.group(1) in _TITLE_SET else "rank")


def _names_after_phrases(view: TextView) -> Iterator[Detection]:
    lowered, text = view.lowered, view.text
    for position in view.cue_positions(_CUE_KEYS):
        cue = _PHRASE_CUE.match(lowered, position)
        if cue is not None:
            yield from _names_after(text, cue.end(), cue.lastgroup or "")


def _names_after(text: str, position: int, cue: str) -> Iterator[Detection]:
    """The name(s) that a cue of kind ``cue`` introduces at ``position``, if the words fit.

    A quoted nickname may be followed by the real name in brackets: 'known as "Ace" (Earnest
    BLACK)'.
    """
    if cue != "rank" and cue != "title":
        quoted = _QUOTED.match(text, position)
        if quoted is not None:
            yield Detection(quoted.start(1), quoted.end(1), "NAME")
            bracketed = _BRACKETED.match(text, quoted.end())
            if bracketed is None:
                return
            position, cue = bracketed.end(), "title"
    end = _end_of_name(text, position, cue)
    if end is not None:
        yield Detection(position, end, "NAME")


def _end_of_name(text: str, position: int, cue: str) -> int | None:
    candidate = _AFTER_CUE.match(text, position)
    if candidate is None:
        return None
    end = None
    for taken, word in enumerate(_WORD.finditer(text, position, candidate.end())):
        if not _fits_cue(word.group(), cue, taken):
            break
        end = word.end() - (2 if _POSSESSIVE.search(word.group()) else 0)
    return end


def _fits_cue(word: str, cue: str, taken: int) -> bool:
    """Whether ``word`` can continue a name introduced by a cue of kind ``cue``."""
    if taken and word.lower() in _PARTICLES:
        return True  # "Mr Victor van der Merwe"
    kind = word_kind(word.rstrip("."))
    if kind & NEVER:
        return False
    capitalised = word[0].isupper()
    if cue == "title":
        # Initials and capitalised words; lower case only if clearly a name.
        return capitalised or _is_strong(kind)
    if cue == "rank":
        return capitalised and len(word) > 1
    if cue == "strong":
        # "named john smith": any listed word; an unknown first word; and an unknown second
        # word unless it looks like a verb ("named jamal running off").
        if capitalised or kind & _LISTED:
            return True
        return kind == 0 and taken < 2 and (taken == 0 or not word.endswith(("ing", "ed")))
    # Weak cues ("called", "his friend") introduce other things too ("called police", "an IP,
    # D.O.B ..."): a capitalised word that is not an initial, or a lower-case word that is
    # clearly a name.
    return (capitalised and len(word) > 1 and not word.endswith(".")) or _is_strong(kind)


#: After ``SMITH`` and a comma: the forename(s) of ``SMITH, John``.
_FORENAMES_AFTER_COMMA = re.compile(r",[ ]*([A-Z][a-z'’-]+(?:[ ][A-Z][a-z'’-]+)?)")


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
