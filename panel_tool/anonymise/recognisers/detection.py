"""What a recogniser reports, what it reads, and the regex-driven recogniser most types need.

Speed comes from never running a regex where it cannot match. Python's regex engine skips at C
speed to the positions where a pattern's first character can occur, but only when the pattern
starts with a literal or a character class: a leading ``\\b``, lookbehind or ``re.IGNORECASE``
makes it try the whole pattern at every position, and a long flat alternation of words is tried
word by word. So patterns here start with a character class (lookbehinds come after the first
character); alternations of words are shaped as tries (:func:`word_trie`); cue words ("crime
ref", "DOB", "named") are found for all recognisers at once, by one scan of the lower-cased text
(:meth:`TextView.cue_positions`), and a cue-driven pattern is only tried where its cue is; and a
pattern that must start with a common character (a letter) is only tried near a rarer "anchor".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple


class Detection(NamedTuple):
    """An identifier found in a text: ``text[start:end]`` is the value, ``type`` its kind.

    Only offsets and a type, never the value, so detections can be counted or logged safely.
    """

    start: int
    end: int
    type: str


_DIGIT = re.compile(r"[0-9]")
#: A word: letters and digits, with apostrophes and hyphens inside ("o'neill", "smith-jones").
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


class TextView:
    """A text plus the facts every recogniser would otherwise recompute.

    ``lowered`` has exactly the length of ``text`` (the rare characters whose lower case is
    longer are left as they are), so offsets found in one are valid in the other.
    :meth:`cue_positions` finds every registered cue word in one scan shared by all recognisers.
    """

    __slots__ = ("text", "lowered", "has_digit", "_cues", "_present", "_words")

    def __init__(self, text: str) -> None:
        self.text = text
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
        self.lowered = lowered
        self.has_digit = _DIGIT.search(text) is not None
        self._cues: dict[str, list[int]] | None = None
        self._present = 0  # the bits of every set of cues with a word in the text
        self._words: list[tuple[int, int, str]] | None = None

    @property
    def words(self) -> list[tuple[int, int, str]]:
        """The text's words as (start, end, word), read once for every recogniser that reads
        word by word."""
        if self._words is None:
            self._words = [(m.start(), m.end(), m[0]) for m in WORD.finditer(self.text)]
        return self._words

    def has_cues(self, bits: int) -> bool:
        """Whether the text holds a word of any set of cues whose bits are in ``bits`` (the
        shared scan runs on the first question)."""
        if self._cues is None:
            self.cue_positions(_NO_CUES)
        return bool(bits & self._present)

    def cue_positions(self, keys: Cues) -> list[int]:
        """Where any of ``keys`` (registered with :func:`register_cues`) starts a word, in order."""
        if self._cues is None:
            self._cues = {}
            after_space, after_bracket, after_comma = _cue_scanners()
            # A leading space makes a cue at the very start look like any other (offsets shift
            # by one); line breaks and tabs count as spaces.
            spaced = " " + self.lowered
            if "\n" in spaced or "\t" in spaced:
                spaced = spaced.replace("\n", " ").replace("\t", " ")
            for found in after_space.finditer(spaced):
                self._cues.setdefault(found.group(1), []).append(found.start(1) - 1)
            if "(" in self.lowered:
                for found in after_bracket.finditer(self.lowered):
                    self._cues.setdefault(found.group(1), []).append(found.start(1))
            if "," in self.lowered:  # a comma typed without a space after it: "found,passport ..."
                for found in after_comma.finditer(self.lowered):
                    self._cues.setdefault(found.group(1), []).append(found.start(1))
            for key in self._cues:
                self._present |= _CUES[key]
        if not keys.bit & self._present:
            return []  # most recognisers' cues are not in a given text
        positions = [p for key, found in self._cues.items() if key in keys for p in found]
        if len(positions) > 1:
            positions.sort()
        return positions


def slips(word: str) -> frozenset[str]:
    """What a fast typist makes of ``word`` (DOMAIN.md 4.5: typed at the end of a shift, often on
    a phone): one letter dropped, doubled, or swapped with the next ("pasport", "passsport",
    "passprot"). Callers drop the slips that are words in their own right ("crime" -> "rime")."""
    out = {word[:k] + word[k + 1:] for k in range(len(word))}
    out |= {word[:k] + word[k] + word[k:] for k in range(len(word))}
    out |= {word[:k] + word[k + 1] + word[k] + word[k + 2:] for k in range(len(word) - 1)}
    out.discard(word)
    return frozenset(out)


def changed_letter(word: str) -> frozenset[str]:
    """``word`` with one letter struck wrong ("passlort", "snapccat"): the slips of a thumb on a
    phone, which :func:`slips` does not make. For long cue words only, whose every such change is
    no word of its own (callers check)."""
    return frozenset(word[:k] + letter + word[k + 1:] for k in range(len(word))
                     for letter in "abcdefghijklmnopqrstuvwxyz" if letter != word[k])


class Cues(frozenset):
    """Cue words registered with the shared scan, and the bit the scan of a text sets when any
    of them occurs in it: a recogniser whose cues a text lacks is passed over with one test."""

    bit: int


_CUES: dict[str, int] = {}  # each cue word, and the bits of the sets holding it
_scanner: list[re.Pattern[str]] = []  # compiled on first use, after every recogniser registered
_sets_registered = [0]


def register_cues(keys: Iterable[str]) -> Cues:
    """Add cue words to the shared scan; returns them as a set for :meth:`TextView.cue_positions`."""
    cues = Cues(keys)
    cues.bit = 1 << _sets_registered[0]
    _sets_registered[0] += 1
    if not cues <= _CUES.keys():
        _scanner.clear()
    for key in cues:
        _CUES[key] = _CUES.get(key, 0) | cues.bit
    return cues


_NO_CUES = Cues()
_NO_CUES.bit = 0


def _cue_scanners() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """All registered cue words as one trie, after a space, an opening bracket or a comma. (A
    pattern starting with one literal character is scanned for at C speed; a character class,
    even a small one, is several times slower.)"""
    if not _scanner:
        trie = word_trie(sorted(_CUES), starts_word=False)
        # A key ends a word unless it ends in punctuation or a space ("ip (").
        _scanner.extend(re.compile(rf"{opener}({trie})(?!(?<=[a-z0-9])[a-z])") for opener in (" ", r"\(", ","))
    return _scanner[0], _scanner[1], _scanner[2]


def word_trie(words: Iterable[str], *, starts_word: bool = True) -> str:
    """A regex alternation of ``words`` shaped as a trie: ``c(?:rime|ustody|ad)`` rather than
    ``crime|custody|cad``, which the regex engine tries one branch per first letter instead of
    one per word. With ``starts_word`` the match must not follow a letter or digit (checked after
    the first character, so the engine can still skip to candidate first letters).

    Longer words are tried before their prefixes ("pcso" before "pc").
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(tree, starts_word, top=True)


def _emit(node: dict, starts_word: bool, top: bool = False) -> str:
    branches = []
    for char in sorted((c for c in node if c), key=lambda c: -_depth(node[c])):
        head = re.escape(char)
        if top and starts_word:
            head += rf"(?<![^\W_]{re.escape(char)})"
        rest = _emit(node[char], starts_word)
        branches.append(head + rest)
    if "" in node:
        branches.append("")
    if not branches:
        return ""
    if len(branches) == 1:
        return branches[0]
    if branches[-1] == "":
        inner = "|".join(branches[:-1])
        return f"(?:{inner})?"
    return "(?:" + "|".join(branches) + ")"


def _depth(node: dict) -> int:
    return 1 + max((_depth(child) for child in node.values()), default=0)


class WordFinder:
    """Where any of ``words`` (a regex) first occurs not straight after a character of ``joined``
    (a character class): what ``(?<!joined)words`` finds, found faster. A pattern opening on a
    lookbehind is tried at every position of the text; these two open on a literal or one
    character class, which the engine skips to: the words at the very start, and the words
    after a character that is not in ``joined`` (``apart``, its complement)."""

    __slots__ = ("_at_start", "_after")

    def __init__(self, words: str, apart: str) -> None:
        self._at_start = re.compile(f"(?:{words})")
        self._after = re.compile(f"{apart}(?:{words})")

    def first(self, text: str) -> int | None:
        """Where the first occurrence starts, or None."""
        if self._at_start.match(text) is not None:
            return 0
        found = self._after.search(text)
        return None if found is None else found.start() + 1


#: Extra check on a regex match, for what a pattern alone cannot say (check digits, context).
Validator = Callable[[re.Match[str], TextView], bool]


class PatternRecogniser:
    """One identifier type found by one compiled regex.

    ``groups`` are the capture groups that hold the identifier, so a pattern can match a cue
    ("crime ref", "PC") for precision while only the value is reported.

    How the pattern is run, cheapest first: not at all without a digit (``needs_digit``) or
    without the substring ``needs``; with ``keys`` (lower-case cue words), only where the shared
    cue scan found one (the pattern must start with it); with an ``anchor`` (a fast regex for a
    distinctive part, such as a postcode's inward code), only within ``reach`` characters of
    each anchor; otherwise over the whole text. ``lowered`` runs it on the lower-cased text.
    """

    def __init__(
        self,
        type: str,
        pattern: str,
        *,
        flags: int = 0,
        groups: tuple[int | str, ...] = (0,),
        validate: Validator | None = None,
        needs_digit: bool = True,
        needs: str | None = None,
        keys: Iterable[str] | None = None,
        anchor: str | None = None,
        reach: int = 0,
        lowered: bool = False,
    ) -> None:
        self.type = type
        self.pattern = re.compile(pattern, flags)
        self.groups = groups
        self.validate = validate
        self.needs_digit = needs_digit
        self.needs = needs
        self.keys = register_cues(keys) if keys else None
        self.anchor = re.compile(anchor) if anchor else None
        self.reach = reach
        self.lowered = lowered

    def __repr__(self) -> str:
        return f"PatternRecogniser({self.type!r}, {self.pattern.pattern.strip()[:40]!r}...)"

    def analyse(self, text: str | TextView) -> list[Detection]:
        """The identifier spans of every accepted match in ``text``."""
        view = text if isinstance(text, TextView) else TextView(text)
        if (self.needs_digit and not view.has_digit) or (self.needs is not None and self.needs not in view.lowered):
            return []
        subject = view.lowered if self.lowered else view.text
        found: list[Detection] = []
        for match in self._matches(view, subject):
            if self.validate is not None and not self.validate(match, view):
                continue
            for group in self.groups:
                start, end = match.span(group)
                if start < end:
                    found.append(Detection(start, end, self.type))
        return found

    def _matches(self, view: TextView, subject: str) -> Iterable[re.Match[str]]:
        if self.keys is not None:
            matches = (self.pattern.match(subject, position) for position in view.cue_positions(self.keys))
            return [m for m in matches if m is not None]
        if self.anchor is None:
            return self.pattern.finditer(subject)
        windows: list[list[int]] = []
        for found in self.anchor.finditer(subject):
            start, end = found.start() - self.reach, found.end() + self.reach
            if windows and start <= windows[-1][1]:
                windows[-1][1] = end
            else:
                windows.append([max(0, start), end])
        return [m for start, end in windows for m in self.pattern.finditer(subject, start, end)]
