"""Growing waits after wrong codes, kept by the server per browser and per client address.

A wait protects against guessing, so it is applied BEFORE a guess is checked, and each guess
reserves its turn the moment it arrives: ten pages sending guesses at once are counted as ten and
checked one after another, never ten per wait. The waits are kept by whoever guesses (a browser's
pre-sign-in cookie; the client address for requests without one), never by the member whose code
was aimed at: strangers' wrong codes cannot make a member wait, and in a youth club behind one
router each phone has its own count. Only when one address sends more wrong codes than a whole
room would (ADDRESS_FREE within FORGET_AFTER_S) does that address itself slow down, one guess per
ADDRESS_SPACING_S, so a stranger minting fresh cookies is still held back.

A browser's FIRST guess does not wait in its address's line: a paced stranger could otherwise keep
that line ten seconds long for everyone behind the same router, right codes included. Browser
cookies are signed by the server (sessions.Browsers), so they cannot be made up, but a stranger can
fetch as many as they like; so at most ADDRESS_FIRST_GUESSES wrong first guesses from one address
skip the line within FORGET_AFTER_S (a room's worth, twice over). Past that, first guesses join the
line too, and whoever waits in it is told the network is busy, not that they typed wrong codes.

Kept in memory for the life of the server, bounded by MAX_RECORDS. Tests shrink the waits by
patching the constants (tests/servers.py), never by sleeping for real.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass

FREE_TRIES = 5
FIRST_WAIT_S = 5.0
MAX_WAIT_S = 15 * 60.0
HOLD_AT_MOST_S = 10.0  # a guess waits in line at most this long; beyond it, it is refused unchecked
ADDRESS_FREE = 60
ADDRESS_SPACING_S = 1.0
ADDRESS_FIRST_GUESSES = 100
ADDRESS_KEY = "address:"  # the key of guesses from a browser without a genuine cookie
FORGET_AFTER_S = 15 * 60.0
MAX_RECORDS = 20_000


@dataclass
class _Count:
    failures: int = 0
    next_at: float = 0.0
    last: float = 0.0
    skipped: int = 0  # an address's: wrong first guesses that did not wait in its line


@dataclass
class Turn:
    """A guess's place in line: wait `wait_s` then check it; or, when `refused`, do not check it at
    all and ask for `wait_s` more seconds of patience."""
    wait_s: float
    refused: bool = False
    crowded: bool = False  # the wait is the address's line (others' guesses), not this browser's own


def wait_after(failures: int) -> float:
    """Free tries, then a wait that doubles with each further wrong guess."""
    if failures < FREE_TRIES:
        return 0.0
    return min(FIRST_WAIT_S * 2 ** (failures - FREE_TRIES), MAX_WAIT_S)


class Throttle:
    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._counts: OrderedDict[tuple[str, str], _Count] = OrderedDict()

    def _count(self, kind: str, key: str, now: float) -> _Count:
        found = self._counts.get((kind, key))
        if found is None or now - found.last > FORGET_AFTER_S:
            found = _Count(last=now)
            self._counts[(kind, key)] = found
            while len(self._counts) > MAX_RECORDS:
                self._counts.popitem(last=False)
        self._counts.move_to_end((kind, key))
        return found

    def reserve(self, browser: str, address: str) -> Turn:
        """Take this guess's turn. It counts as a wrong guess until `right` says otherwise."""
        now = self.clock()
        mine, where = self._count("browser", browser, now), self._count("address", address, now)
        first = (mine.failures == 0 and not browser.startswith(ADDRESS_KEY)
                 and where.skipped < ADDRESS_FIRST_GUESSES)
        at = max(now, mine.next_at) if first else max(now, mine.next_at, where.next_at)
        if first:
            where.skipped += 1  # given back by `right`
        if at - now > HOLD_AT_MOST_S:
            mine.failures += 1  # not checked, but counted: hammering only lengthens the wait
            mine.last = now
            return Turn(at - now, refused=True, crowded=where.next_at > mine.next_at)
        mine.failures += 1
        mine.next_at = at + wait_after(mine.failures)
        mine.last = now
        where.failures += 1
        where.last = now
        if where.failures >= ADDRESS_FREE:
            where.next_at = max(where.next_at, at) + ADDRESS_SPACING_S
        return Turn(at - now)

    def right(self, browser: str, address: str) -> None:
        """The guess was right: this browser's count is forgotten, and the address's is as before."""
        mine = self._counts.pop(("browser", browser), None)
        where = self._counts.get(("address", address))
        if where is not None and where.failures:
            where.failures -= 1
        if where is not None and mine is not None and mine.failures == 1 and where.skipped \
                and not browser.startswith(ADDRESS_KEY):
            where.skipped -= 1

    def next_wait(self, browser: str) -> float:
        """How long this browser's next guess will wait (0: checked at once)."""
        found = self._counts.get(("browser", browser))
        return max(0.0, found.next_at - self.clock()) if found else 0.0

    def failures(self, browser: str) -> int:
        found = self._counts.get(("browser", browser))
        return found.failures if found else 0


def wait_words(seconds: float) -> str:
    seconds = max(1, round(seconds))
    if seconds < 120:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{round(seconds / 60)} minutes"
