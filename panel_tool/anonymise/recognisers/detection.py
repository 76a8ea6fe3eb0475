"""What a recogniser reports, what it reads, and the regex-driven recogniser most types need.

Speed comes from never running a regex that cannot match. A :class:`TextView` computes, once per
text, the cheap facts recognisers gate on (is there a digit, which words occur); patterns start
with a character class rather than a lookbehind or word boundary, so the regex engine can skip
straight to the few positions where a match could begin; case-insensitive cue patterns run on
the lower-cased text instead of using ``re.IGNORECASE``, which disables that skip.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple


class Detection(NamedTuple):
    """An identifier found in a text: ``text[start:end]`` is the value, ``type`` its kind.

    Only offsets and a type, never the value, so detections can be counted or logged safely.
    """

    start: int
    end: int
    type: str


_LOWER_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


class TextView:
    """A text plus what every recogniser would otherwise recompute.

    ``lowered`` has exactly the length of ``text`` (the rare characters whose lower case is
    longer are left as they are), so offsets found in one are valid in the other.
    """

    __slots__ = ("text", "lowered", "has_digit", "_words")

    def __init__(self, text: str) -> None:
        self.text = text
        lowered = text.lower()
        if len(lowered) != len(text):
            lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
        self.lowered = lowered
        self.has_digit = _DIGIT.search(text) is not None
        self._words: frozenset[str] | None = None

    @property
    def words(self) -> frozenset[str]:
        """The lower-case words of the text (letters only: ``PC1234`` gives ``pc``)."""
        if self._words is None:
            self._words = frozenset(_LOWER_WORD.findall(self.lowered))
        return self._words

    def mentions(self, cue_words: frozenset[str]) -> bool:
        """Whether any of ``cue_words`` occurs as a word."""
        return not self.words.isdisjoint(cue_words)


#: Extra check on a regex match, for what a pattern alone cannot say (check digits, context).
Validator = Callable[[re.Match[str], TextView], bool]


class PatternRecogniser:
    """One identifier type found by one compiled regex.

    ``groups`` are the capture groups that hold the identifier, so a pattern can match a cue
    ("crime ref", "PC") for precision while only the value is reported. Gates, cheapest first:
    ``needs_digit``; ``needs`` (a substring of the lower-cased text); ``cue_words`` (one must
    occur as a word). A pattern that must start with a common character (a letter) can name an
    ``anchor``: a fast regex for a distinctive part of it (a postcode's inward code), found
    first; the full pattern is then tried only within ``reach`` characters of each anchor.
    ``lowered`` runs the pattern on the lower-cased text, for cue phrases in any case.
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
        cue_words: frozenset[str] | None = None,
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
        self.cue_words = cue_words
        self.anchor = re.compile(anchor) if anchor else None
        self.reach = reach
        self.lowered = lowered

    def __repr__(self) -> str:
        return f"PatternRecogniser({self.type!r}, {self.pattern.pattern[:40]!r}...)"

    def analyse(self, text: str | TextView) -> Iterator[Detection]:
        """Yield the identifier spans of every accepted match in ``text``."""
        view = text if isinstance(text, TextView) else TextView(text)
        if self.needs_digit and not view.has_digit:
            return
        if self.needs is not None and self.needs not in view.lowered:
            return
        if self.cue_words is not None and not view.mentions(self.cue_words):
            return
        subject = view.lowered if self.lowered else view.text
        type_, validate = self.type, self.validate
        for window_start, window_end in self._windows(subject):
            for match in self.pattern.finditer(subject, window_start, window_end):
                if validate is not None and not validate(match, view):
                    continue
                for group in self.groups:
                    start, end = match.span(group)
                    if start < end:
                        yield Detection(start, end, type_)

    def _windows(self, subject: str) -> list[tuple[int, int]]:
        """Where the full pattern is worth trying: everywhere, or around each anchor."""
        if self.anchor is None:
            return [(0, len(subject))]
        windows: list[tuple[int, int]] = []
        reach, length = self.reach, len(subject)
        for found in self.anchor.finditer(subject):
            start, end = max(0, found.start() - reach), min(length, found.end() + reach)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
        return windows
