"""The report's Jinja2 environment: every value a template prints is escaped (autoescape), so a member's words
or a category from an export can never become markup; nothing the report prints is marked safe.

templates/report.html.j2 is the page, templates/report.css its stylesheet, templates/sections/*.j2 the
sections. A section template is laid out on many lines for reading, but the report has no whitespace
between its tags (whitespace would show between inline elements, and an SVG label's lines must touch), so
in templates/sections/ a line break and the indentation after it are dropped where they touch a tag or a
template tag, and read as one space inside running text.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.ext import Extension
from jinja2.lexer import Token

from panel_tool.report import sections

UNSHOWN = "What this report cannot show"
_BREAK = re.compile(r"\s*\n\s*")


def _compact(text: str) -> str:
    def join(m: re.Match) -> str:
        at_edge = m.start() == 0 or m.end() == len(text)
        by_tag = text[m.start() - 1:m.start()] == ">" or text[m.end():m.end() + 1] == "<"
        return "" if at_edge or by_tag else " "
    return _BREAK.sub(join, text)


class Compact(Extension):
    """Drops the layout's line breaks from the text of templates/sections/ (the module's docstring says how)."""

    def filter_stream(self, stream):
        compact = (stream.name or "").startswith("sections/")
        for token in stream:
            if compact and token.type == "data":
                token = Token(token.lineno, "data", _compact(token.value))
            yield token


def listed(items) -> list[tuple[str, str]]:
    """Each item with what goes before it in a listing, for a template that marks items up:
    [('', 'a'), (', ', 'b'), (' and ', 'c')]."""
    items = [str(i) for i in items]
    return [("" if i == 0 else " and " if i == len(items) - 1 else ", ", item) for i, item in enumerate(items)]


def listing(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return "".join(joint + item for joint, item in listed(items))


def isolated(text) -> str:
    """`text` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, the plain-text <bdi>.

    Words a facilitator or the force wrote (a pack's title) may hold right-to-left writing, or a bidi control
    typed or pasted in (U+202E turns the rest of its line round). In the page they are printed in a <bdi>, as
    members' words are; where no element can go (the page's <title>, which Chromium copies into the PDF, a
    chart's SVG label, a sentence made in Python) they are isolated by these two characters instead, so
    nothing printed after them is reordered. Isolate characters inside are dropped (they print nothing): a PDI
    typed into a title would otherwise close this isolate early and leave an override after it free, and an
    isolate opened inside would take this one's PDI. An override or embedding inside ends at the PDI anyway."""
    return f"\u2068{_ISOLATES.sub('', str(text))}\u2069"


#: The invisible characters that open an isolate (LRI, RLI, FSI) or close one (PDI).
_ISOLATES = re.compile("[\u2066-\u2069]")


# A word this long without a space (a pasted link, a reference) may break anywhere: in a table it would
# otherwise set its column's least width and push the columns after it off the printed page. Shorter
# words never break, however narrow their column.
LONG_WORD = 30
_LONG = re.compile(rf"(\S{{{LONG_WORD},}})")


def pieces(text) -> list[tuple[str, bool]]:
    """`text` as (piece, long) in order: 'see https://a.example/xxxx...' -> [('see ', False), ('https://...', True)]."""
    return [(piece, i % 2 == 1) for i, piece in enumerate(_LONG.split(str(text))) if piece]


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True,
                      keep_trailing_newline=True, undefined=StrictUndefined, extensions=[Compact])
    env.globals["UNSHOWN"] = UNSHOWN
    env.filters.update(listing=listing, listed=listed, plural=plural, pieces=pieces)
    env.tests.update(chart=lambda v: isinstance(v, sections.Chart), table=lambda v: isinstance(v, sections.Table),
                     badge=lambda v: isinstance(v, sections.Badge), codes=lambda v: isinstance(v, sections.Codes))
    return env


def render(template: str, **values) -> str:
    return environment().get_template(template).render(**values)
