"""Telephone numbers and email addresses.

UK numbers are written with every grouping imaginable (``07700 900123``, ``0113 496 0000``,
``(0113) 4960000``, ``+44 (0)7700 900123``), so rather than enumerate groupings the pattern counts
digits: a trunk ``0`` (or ``+44``/``0044``) followed by exactly nine or ten digits, with at most a
space, dash or bracket between any two of them.
"""

import re

from .detection import PatternRecogniser

PHONE = PatternRecogniser(
    "PHONE",
    r"""
    (?:
        # Each branch starts with a literal and checks what came before it only afterwards:
        # not the tail of a word or a longer number, nor the next group of a spaced number.
        \+(?<![\w+/.]\+)44[ -]?(?:\(0\)[ -]?)?
      | 0(?<![\w+/.]0)(?<!\d[ -]0)(?:044[ -]?(?:\(0\)[ -]?)?)?
      | \((?<![\w+/.]\()0
    )
    (?=[1-35789])         # UK numbers start 01, 02, 03, 05, 07, 08, 09
    \d(?:[ .-]?\)?[ .-]?\d){8,9}
    (?!\d)
    """,
    flags=re.VERBOSE,
)

EMAIL = PatternRecogniser(
    "EMAIL",
    r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+",
    needs="@",
    anchor="@",
    reach=64,
    needs_digit=False,
)
