"""The safe vocabulary: which words of free text may reach a panel.

Built once by :mod:`panel_tool.anonymise.build_vocabulary` into ``data/vocabulary/words.tsv.gz``
and loaded once per process (about 0.3 s; the members' app never imports this module). Each word
has flags: ``SAFE`` (an English, policing or place word), ``FORENAME`` / ``SURNAME`` (on a list of
names), ``COMMON`` (among the 25,000 most frequent English words: what a misspelling is checked
against), ``PLACE`` (a word of a GB place name: "Tropical Foods Leeds" ends with one). A word with ``SAFE`` and a name flag is *ambiguous* ("daisy", "will", "field"): context
decides. A word with no entry is unknown, and unknown words are treated as names.

A force extends the vocabulary in its policy file (``"safe_words": "our-words.txt"``): one word a
line, ``#`` comments; those words become safe even if they are also names.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import cache, lru_cache
from importlib.resources import files
from pathlib import Path

from panel_tool.errors import InputError

SAFE, FORENAME, SURNAME, COMMON, PLACE = 1, 2, 4, 8, 16
#: On wordfreq's Zipf scale, a word this frequent is a word first, whatever lists of names hold it.
ALWAYS_A_WORD = 5.8
NAME = FORENAME | SURNAME
DATA = Path(str(files("panel_tool").joinpath("data", "vocabulary", "words.tsv.gz")))

#: Letters that Unicode decomposition does not reduce to ASCII.
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "’": "'"})
_ONE_WORD = re.compile(r"^[^\W\d_]+(?:['-][^\W\d_]+)*$")


@lru_cache(maxsize=1 << 16)
def plain(word: str) -> str:
    """``Wiśniewski`` -> ``wisniewski``, ``O’Neill`` -> ``o'neill``: how words are looked up.
    Cached: the same few thousand words make up most of what officers write."""
    word = word.lower().translate(_UNDECOMPOSED)
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class Vocabulary:
    """Word -> flags, and the word frequency (Zipf scale) of ambiguous words."""

    __slots__ = ("flags", "zipf", "safe", "kinds")

    def __init__(self, flags: dict[str, int], zipf: dict[str, float]) -> None:
        self.flags = flags
        self.zipf = zipf
        #: What each word of free text, as written, was found to be ("safe", "name", "unknown"...):
        #: filled by the recall-first pass, because the same few thousand words make up most
        #: texts and working a word out costs far more than looking it up.
        self.kinds: dict[str, str] = {}
        #: Words that are safe and no name, or so common as words that only a title before them
        #: makes them a name ("will", "the", "white"; the title cue finds "Mr Will"): the common
        #: case, checked with one set lookup.
        self.safe = frozenset(word for word, value in flags.items()
                              if value & ~(COMMON | PLACE) == SAFE or (value & SAFE and zipf.get(word, 0.0) >= ALWAYS_A_WORD))

    def extended(self, words: set[str]) -> "Vocabulary":
        """A copy in which ``words`` are safe and no longer names (a force's own words)."""
        flags = dict(self.flags)
        for word in words:
            flags[word] = SAFE | (flags.get(word, 0) & (COMMON | PLACE))
        return Vocabulary(flags, self.zipf)


@cache
def default_vocabulary() -> Vocabulary:
    flags: dict[str, int] = {}
    zipf: dict[str, float] = {}
    with gzip.open(DATA, "rt", encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            flags[parts[0]] = int(parts[1])
            if len(parts) > 2:
                zipf[parts[0]] = float(parts[2])
    return Vocabulary(flags, zipf)


def read_safe_words(path: str | Path) -> set[str]:
    """A force's list of extra safe words, one a line; any other line is a plain error naming the
    file and line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError("the safe-words file named in the policy does not exist", file=str(path),
                         expected="a text file with one word a line") from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise InputError(f"line {line} is not UTF-8 text", file=str(path),
                         expected="a text file with one word a line") from None
    words = set()
    for number, line in enumerate(lines, start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if not _ONE_WORD.match(entry):
            raise InputError(f"line {number} holds '{entry[:40]}', which is not one word", file=str(path),
                             expected="one word a line (letters, with ' or - inside), # for a comment")
        words.add(plain(entry))
    return words
