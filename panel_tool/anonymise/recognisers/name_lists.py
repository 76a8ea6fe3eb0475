"""The shipped name lists, and what kind of word a word is.

``panel_tool/data/names`` holds plain-text lists, one lower-case entry a line: forenames and
surnames common in the UK; ``ambiguous.txt``, names that are also ordinary words or places
("will", "grace", "park", "chelsea"), which count as a name only beside stronger evidence; and
``not_names.txt``, words that are never part of a name (vocabulary, acronyms such as "bwv"), plus
multi-word phrases that look like names but are brands or places ("ralph lauren").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from panel_tool.shipped import shipped_path

#: Word kinds, as bit flags: a word can be both a forename and a surname.
FORENAME, SURNAME, AMBIGUOUS, NEVER = 1, 2, 4, 8
LISTED = FORENAME | SURNAME

POSSESSIVE = re.compile(r"['’]s$")
#: Letters that Unicode decomposition does not reduce to ASCII.
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})


def _read_list(name: str) -> list[str]:
    text = shipped_path("data", "names", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


@cache
def lexicon() -> tuple[dict[str, int], dict[str, list[tuple[str, ...]]]]:
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


@cache
def strong_words() -> frozenset[str]:
    """Listed names of three letters or more that are not also ordinary words."""
    return frozenset(word for word, kind in lexicon()[0].items() if is_strong(kind) and len(word) > 2)


def is_strong(kind: int) -> bool:
    """Listed, and not also an ordinary word or place."""
    return bool(kind & LISTED) and not kind & AMBIGUOUS


def word_kind(word: str) -> int:
    """Kind flags of one word in any case (a possessive ``'s`` and diacritics ignored); 0 if
    unknown."""
    kinds = lexicon()[0]
    lowered = word.lower()
    kind = kinds.get(lowered)
    if kind is not None:
        return kind
    if lowered.endswith(("'s", "’s")):
        lowered = lowered[:-2]
    if not lowered.isascii():
        lowered = _plain(lowered)
    kind = kinds.get(lowered)
    if kind is not None:
        return kind
    if "-" in lowered:
        # Double-barrelled names count as listed (and unambiguous) if any part is listed.
        kind = 0
        for part in lowered.split("-"):
            kind |= kinds.get(part, 0) & LISTED
        return kind
    return 0


def _plain(word: str) -> str:
    """``wiśniewski`` -> ``wisniewski``: the lists are written without diacritics."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_UNDECOMPOSED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
