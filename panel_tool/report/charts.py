"""Where a horizontal bar chart's labels, bars and values go; templates/sections/parts.j2 draws them as SVG.

Charts use the Okabe-Ito palette, and a Green / Amber / Red rating is never told by colour alone: each
bar carries its label as text and the rating's own fill pattern.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from panel_tool.report.colours import BLUE, PATTERNS, RATING_COLOURS

LABEL_CHARS = 25  # a chart label's line: what fits the 192 px left of the axis at 13 px (27 was clipped at the left edge)
LABEL_W, BAR_W, LINE_H, PAD = 200, 140, 15, 4  # px: labels left of the axis, the longest bar, a label's line, the margin


@dataclass(frozen=True)
class Pattern:
    id: str
    fill: str
    kind: str  # solid, stripes, cross or dots (colours.PATTERNS)


@dataclass(frozen=True)
class Line:
    x: int
    y: float
    text: str


@dataclass(frozen=True)
class Row:
    lines: tuple[Line, ...]  # the label, right-aligned at the axis
    middle: float
    length: float  # 0: no bar (a zero, or a count withheld)
    colour: str
    text: str  # the value, written at the end of the bar


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    axis: int  # x of the axis, where every bar starts
    pad: int
    patterns: tuple[Pattern, ...]
    rows: tuple[Row, ...]


OPENS, CLOSE = "\u2066\u2067\u2068", "\u2069"  # LRI, RLI, FSI; PDI


def _whole_isolates(lines: list[str]) -> list[str]:
    """A wrapped label's lines, each with its isolates whole (markup.isolated puts a pack's words in one): an
    isolate a line break cuts is closed at the end of its line and opened again at the start of the next, as
    each line is a <tspan> set apart, so a right-to-left override inside it reaches no further than its words."""
    kept, still_open = [], ""
    for line in lines:
        reopened = still_open + line
        for ch in line:
            if ch in OPENS:
                still_open += ch
            elif ch == CLOSE:
                still_open = still_open[:-1]
        kept.append(reopened + CLOSE * len(still_open))
    return kept


def draw(bars, uid: str) -> Drawing:
    """The chart of `bars` (sections.Bar), its patterns' ids starting with `uid`. Bars are scaled to the
    longest drawn one; a bar of a count above zero is at least 2 px, so it never vanishes."""
    drawn = [b.value for b in bars if b.value is not None]
    top = max(drawn + [0]) or 1
    # Labels wrap onto as many lines as they need (never cut: "Misuse of Drugs Act 1971 (section 23)" and
    # "(section 5)" must stay apart); each bar's row is as tall as its label.
    labels = [_whole_isolates(textwrap.wrap(bar.label, LABEL_CHARS, break_on_hyphens=False) or [""]) for bar in bars]
    heights = [max(22, 6 + LINE_H * len(lines)) for lines in labels]
    rows, y = [], PAD
    for bar, lines, row_h in zip(bars, labels, heights):
        middle = y + row_h / 2
        first = middle + 5 - LINE_H * (len(lines) - 1) / 2
        length = 0 if bar.value is None else max(BAR_W * bar.value / top, 2 if bar.value else 0)
        rows.append(Row(tuple(Line(LABEL_W - 8, first + i * LINE_H, line) for i, line in enumerate(lines)),
                        middle, length, bar.colour, bar.text))
        y += row_h
    patterns = tuple(Pattern(f"{uid}-{c}", RATING_COLOURS.get(c, BLUE), PATTERNS.get(c, "solid"))
                     for c in sorted({b.colour for b in bars}))
    return Drawing(LABEL_W + BAR_W + 100, PAD * 2 + sum(heights), LABEL_W, PAD, patterns, tuple(rows))
