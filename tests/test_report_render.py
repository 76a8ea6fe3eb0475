"""The report's templates escape whatever a pack holds: markup, an attribute break-out and template syntax put
in a pack's title, members' words, the panel's feedback, a theme and an action come out as text, never run or
evaluated (issue 14, point 6: the report comes from typed data through an autoescaped Jinja2 template)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from panel_tool.anonymise.redaction import redact
from panel_tool.report.render import report, report_page
from panel_tool.review.actions import add_action
from panel_tool.review.words import approve_words
from tests.report_packs import tempting_pack

SCRIPT = "<script>alert(1)</script>"
BREAK_OUT = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{7*7}}"
HOSTILE = f"{SCRIPT} {BREAK_OUT} {TEMPLATE}"


class Elements(HTMLParser):
    """Every element and attribute the page really has, as a browser would parse it."""

    def __init__(self):
        super().__init__()
        self.tags, self.attributes = set(), set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A released pack whose title, members' words, agreed feedback, theme and action all carry HOSTILE (12 cases
    rated as tests/report_packs.py's, so the public version's disclosure control can protect its counts)."""
    pack = tempting_pack(tmp_path_factory.mktemp("hostile"), carrying=HOSTILE)
    add_action(pack, f"Action {HOSTILE}", owner="Lead", due_date="2025-06-30", case_id=1)
    approve_words(pack)
    return pack


@pytest.mark.parametrize("public", [False, True])
def test_what_a_pack_holds_is_escaped_and_never_evaluated(hostile, public):
    page = report_page([str(hostile)], public=public)
    for made in (page, report([str(hostile)], public=public)):  # the page, and the notebook's fragment
        parsed = Elements()
        parsed.feed(made)
        assert not {"script", "img"} & parsed.tags and "onerror" not in parsed.attributes
        assert SCRIPT not in made and "<img" not in made
        assert f"alert(1)&gt; {TEMPLATE}" in made  # {{7*7}} printed as written, never worked out to 49
    escaped = str(escape(HOSTILE))
    assert escaped == "&lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img src=x onerror=alert(1)&gt; {{7*7}}"
    assert f"<title>Scrutiny panel report: \u2068March {escaped}\u2069" in page
    assert f"<h1>Scrutiny panel report: <bdi>March {escaped}</bdi></h1>" in page
    if public:
        assert "Member words" not in page and "Feedback &lt;" not in page  # the force's copy only
        assert "Action &lt;" not in page  # what an action asks is the panel's own words: the force's copy only
        assert str(escape(redact(f"Theme {HOSTILE}").text)) in page  # a theme as the redactor leaves it
        return
    assert f"Action {escaped}" in page  # the actions table
    # the panel's and members' words pass the redactor first (it takes "x onerror" for a name), then the template
    for said in (r"<blockquote><bdi>Member words (.*?)</bdi> <span class=\"pt-times\">\(6 members\)</span></blockquote>",
                 r"<td>Feedback (.*?)</td>"):
        found = re.search(said, page)
        assert found and found.group(1).startswith(f"{escape(SCRIPT)} &#34;&gt;&lt;img src="), said
        assert found.group(1).endswith(f"alert(1)&gt; {TEMPLATE}"), said
    assert f'aria-label="Bar chart, how many cases the panel tagged with each theme: \u2068Theme {escaped}\u2069: 3 cases."' in page


@pytest.mark.parametrize("public", [False, True])
def test_the_report_names_no_command(hostile, public):
    """A force's analyst reads the report in plain English: no command, option or file path on the page."""
    words = re.sub(r"<[^>]+>", " ", report_page([str(hostile)], public=public))
    assert "panel-tool" not in words and not re.search(r"(?<![\w-])--[a-z]", words)
    assert "Only the force, which holds the key," in words or public  # the sentence that named a command, in words


def test_members_words_are_isolated_so_bidi_controls_reorder_nothing_around_them():
    """A member's words with a right-to-left override (U+202E) or right-to-left writing are printed in a <bdi>,
    so the override ends with them: "(3 members)" after them, and what follows, read the right way round."""
    from panel_tool.report.markup import render
    from panel_tool.report.sections import CaseWords, Thought, Words

    override, hebrew = "\u202eevig ot deen I", "\u05e9\u05dc\u05d5\u05dd 12"
    words = Words(True, (CaseWords("1", (("Feedback for the officer", ((override, 3), (hebrew, 1))),)),), False)
    page = render("sections/thought.j2", data=Thought(None, (), None, words), h=2)
    assert f'<blockquote><bdi>{override}</bdi> <span class="pt-times">(3 members)</span></blockquote>' in page
    assert f"<blockquote><bdi>{hebrew}</bdi></blockquote>" in page
    assert page.count("\u202e") == 1 and all(  # every piece of members' words is inside its own isolate
        text.startswith("<bdi>") for text in re.findall(r"<blockquote>(.*?)</blockquote>", page))


OVERRIDE = "\u202eRTL"  # a right-to-left override: the rest of its line, read backwards


def unisolated(text: str) -> int:
    """How many right-to-left overrides in `text` stand outside every isolate (FSI, LRI or RLI ... PDI)."""
    depth, outside = 0, 0
    for ch in text:
        if ch in "\u2066\u2067\u2068":
            depth += 1
        elif ch == "\u2069":
            depth = max(depth - 1, 0)
        elif ch == "\u202e":
            outside += depth == 0
    return outside


def chart_texts(page: str) -> dict[str, list[str]]:
    """Each chart's text by its text alternative: the alternative (aria-label), the SVG's <title>, each line of
    its labels (a <tspan>) and its caption."""
    return {alt: [alt, *(text for _, text in re.findall(r"<(title|tspan|figcaption)\b[^>]*>(.*?)</\1>", body))]
            for alt, body in re.findall(r'<figure role="img" aria-label="(.*?)">(.*?)</figure>', page, flags=re.S)}


def test_an_isolate_cannot_be_closed_from_inside():
    """A PDI (or a second isolate) typed into a title would end the isolate early and free the override after it."""
    from panel_tool.report.markup import isolated

    for typed in ("x\u2069" + OVERRIDE, "\u2067x" + OVERRIDE + "\u2069" + OVERRIDE):
        assert unisolated(isolated(typed) + " after") == 0 and isolated(typed).count("\u2069") == 1


@pytest.fixture(scope="module")
def overriding(tmp_path_factory) -> list[Path]:
    """Two released packs whose title, themes, objects of search (a category the report breaks ratings down by),
    overall question and its answers' labels all carry OVERRIDE."""
    return [tempting_pack(tmp_path_factory.mktemp("override"), carrying=OVERRIDE, in_the_data=True) for _ in range(2)]


@pytest.mark.parametrize("public", [False, True])
def test_a_packs_words_in_charts_are_isolated_so_an_override_reorders_nothing_after_them(overriding, public):
    """A category, a theme, a form's question or label, a session's title: in a chart's labels, its text
    alternative and its caption each is between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (no element
    can go there), so an override in it ends with it: ": 3 cases" after a theme reads the right way round."""
    one = chart_texts(report_page([str(overriding[0])], public=public))
    both = chart_texts(report_page([str(p) for p in overriding], public=public))
    for charts in (one, both):
        carrying = {alt: texts for alt, texts in charts.items() if OVERRIDE in alt}
        # the public version withholds most of this small session's charts: how far members agreed stays
        assert len(carrying) >= (1 if public else 9), list(charts)
        assert {alt[:60]: [t for t in texts if unisolated(t)] for alt, texts in carrying.items()} == \
            {alt[:60]: [] for alt in carrying}
    if not public:
        alts = " ".join(one)
        assert f"\u2068Controlled drugs {OVERRIDE}\u2069: \u2068Green {OVERRIDE}\u2069: " in alts  # a category, a label
        assert f"\u2068Theme {OVERRIDE}\u2069: 3 cases" in alts
        assert f"answers to \u201c\u2068Overall, how would you rate this stop and search? {OVERRIDE}\u2069\u201d" in alts
    across = [alt for alt in both if alt.startswith(("Bar chart, the share of cases given each rating",
                                                     "Bar chart, in how many sessions the panel raised"))]
    assert len(across) == (1 if public else 2) and all(OVERRIDE in alt for alt in across), list(both)


def test_a_sentence_naming_a_packs_title_isolates_it(overriding, tmp_path):
    """The refusal to compare packs rated with different forms names both packs by their titles: each is
    isolated, so an override in the first reorders nothing of the sentence after it."""
    from panel_tool.errors import InputError
    from panel_tool.report.aggregate import summarise, trends
    from tests.servers import released_pack

    other, _ = released_pack(tmp_path, members=())
    with pytest.raises(InputError) as refused:
        trends([summarise(overriding[0]), summarise(other)])
    sentence = refused.value.plain()
    assert f"'\u2068March {OVERRIDE}\u2069'" in sentence and "cannot be compared" in sentence
    assert unisolated(sentence) == 0, sentence
