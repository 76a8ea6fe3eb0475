"""What the report says, as typed data: tables, charts and each section's facts, built in report/render.py
from a session's summary and marked up by the templates in report/templates/sections/.

Nothing here is HTML. Every string is the text itself (a member's words, a category from the export, a
count as printed), and the templates' autoescaping is what makes it safe to show; so nothing here may be
marked safe. Counts are already text here: the disclosure control registered each one as it was printed
(Writer.count in report/render.py), and a template never prints a count it was not given.
"""

from __future__ import annotations

from dataclasses import dataclass

from panel_tool.report.charts import Drawing

SHORT_TABLE = 8  # rows: a table this short never splits across pages (a longer one repeats its header)


# -- the building blocks -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Badge:
    """A rating as a coloured label (its colour one of colours.RATING_COLOURS, and said in words too)."""
    label: str
    colour: str


@dataclass(frozen=True)
class Codes:
    """A case's record and officers as short pseudonyms ('Record 4HQA-Z2XC', 'Officer K7QX-2M4P')."""
    names: tuple[str, ...]


Cell = str | Badge | Codes


@dataclass(frozen=True)
class Table:
    """A numbered table whose caption names what it counts (`unit`), so a count of members' ratings is never
    read as a count of cases; the first cell of each row heads it, and the `numeric` columns align right."""
    number: int
    caption: str
    unit: str
    headings: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: frozenset[int]

    @property
    def short(self) -> bool:
        return len(self.rows) <= SHORT_TABLE  # kept whole on paper, caption with its rows


@dataclass(frozen=True)
class Bar:
    label: str  # what it counts; a pack's words in it (a category, a theme, a label) isolated (markup.isolated)
    value: float | None  # None: not drawn (a count too small to publish), only its text is shown
    text: str  # the value as words, written at the end of the bar
    colour: str = "plain"  # a rating colour (green, amber, red, none) or "plain"


@dataclass(frozen=True)
class Chart:
    """A numbered bar chart with its text alternative and caption, and its data table beside it; or, where it
    would have no bar to draw, a sentence saying why in its place, above the same table."""
    number: int  # 0: not drawn
    uid: str  # unique in the document: its SVG patterns' ids start with it
    caption: str
    unit: str
    alt: str
    drawing: Drawing | None  # None: not drawn, `instead` says why
    table: Table
    wide: bool = False  # a wide table goes under its chart on paper, where beside it every row would wrap
    instead: str = ""  # said in place of a chart that is not drawn


Block = Table | Chart


# -- one session ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class About:
    kind: str  # "stop-search", in lower case
    form: str  # the form's title, or ""
    released: str | None  # dates as YYYY-MM-DD
    closed: str | None
    status: str | None
    purged: bool


@dataclass(frozen=True)
class CaseWords:
    case: str
    questions: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # (question, ((words, how many wrote them), ...))


@dataclass(frozen=True)
class Words:
    written: bool  # members wrote something, checked by the facilitator
    cases: tuple[CaseWords, ...]
    awaiting: bool  # none checked yet, but some wait for the facilitator's check


@dataclass(frozen=True)
class Thought:
    agreed: Chart | None
    answers: tuple[Chart, ...]
    cases: Table | None  # the force's copy: the panel's view of each case
    words: Words | None  # None: the public version, which leaves members' words out


@dataclass(frozen=True)
class Disagreed:
    chart: Chart
    low: tuple[str, ...]  # the cases members disagreed on most
    cases: Table | None  # the force's copy: those cases question by question


@dataclass(frozen=True)
class TookPart:
    chart: Chart
    answers: str | None  # how many answers members gave, as printed
    spent: str | None  # the median time on a case, in words


@dataclass(frozen=True)
class Dimension:
    name: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Groups:
    public: bool
    dimensions: tuple[Dimension, ...]


@dataclass(frozen=True)
class Force:
    asked: int  # actions the panel asked for
    statuses: tuple[str, ...]  # "3 open", "1 closed": how many actions have each status, as printed
    actions: Table | None
    replies: Table | None  # the force's copy: its replies about cases
    no_reply: bool  # the force's copy: cases have outcomes, and the force has replied about none


@dataclass(frozen=True)
class Part:
    heading: str
    template: str  # its template: templates/sections/<template>.j2
    data: object | None  # None: nothing to show (what is missing is said under what the report cannot show)


@dataclass(frozen=True)
class Session:
    title: str
    level: int  # the heading level of its sections (2 alone, 3 under a session heading)
    about: About
    unshown: tuple[str, ...]  # what it cannot show, in the order found, once each
    parts: tuple[Part, ...]
    notes: tuple[str, ...]


# -- across sessions, and the whole report ------------------------------------------------------------------

@dataclass(frozen=True)
class Trends:
    ratings: Chart | None
    themes: Chart | None
    actions: Chart | None
    notes: tuple[str, ...]
    unshown: tuple[str, ...]


@dataclass(frozen=True)
class Cover:
    name: tuple[str, str]  # the report's name: ours, then the one session's title as its facilitator wrote it (or "")
    panels: tuple[str, ...]  # each session's title: isolated (<bdi>) wherever it is printed
    facts: tuple[tuple[str, str], ...]  # the period, status and the rest, in our words
    public: bool


@dataclass(frozen=True)
class Report:
    cover: Cover | None  # None: no pack was given
    sessions: tuple[Session, ...]
    trends: Trends | None
