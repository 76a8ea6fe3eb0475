"""The facilitator's second look is visible: the marked word looks different from its neighbours
in a real browser with the app's own stylesheet, a screen reader hears why, and axe's contrast
rule passes. The text is what the redactor left of a note with a lower-case name it let through
(a word that is both a name and a word: only context could tell)."""

from __future__ import annotations

from pathlib import Path

import pytest

from panel_tool.anonymise.redaction import redact
from panel_tool.apps.case_view import text_html
from panel_tool.review.redaction_review import second_look
from tests.browser import axe_violations, launch

CSS = Path(__file__).resolve().parent.parent / "panel_tool" / "apps" / "jupyter" / "voila" / "templates" / "panel_tool" / "static" / "panel.css"
NOTE = "stopped ruairi mccann on the estate, his mate said Hazel had the bag, s23 MDA, nfa"


@pytest.fixture(scope="module")
def page():
    playwright, browser = launch()
    page = browser.new_page(viewport={"width": 360, "height": 640})
    redacted = redact(NOTE)
    marks = second_look(redacted.text)
    spans = [s._asdict() for s in redacted.spans]
    body = text_html(redacted.text, spans, marks)
    page.set_content(f"<!doctype html><html lang='en'><head><title>Check</title><style>{CSS.read_text()}</style>"
                     f"</head><body><main><h1>Check</h1><p id='text'>{body}</p></main></body></html>")
    yield page, redacted, marks
    browser.close()
    playwright.stop()


def test_the_lower_case_name_is_redacted_and_the_ambiguous_one_is_marked(page):
    _, redacted, marks = page
    assert "ruairi" not in redacted.text and "mccann" not in redacted.text
    assert [m["word"] for m in marks if "Hazel" in m["word"]], marks


def test_the_marked_word_looks_different_from_its_neighbours(page):
    browser_page, _, _ = page
    mark = browser_page.locator("mark.pt-second-look").filter(has_text="Hazel")
    assert mark.count() == 1
    style = mark.evaluate("e => { const s = getComputedStyle(e); return [s.backgroundColor, s.borderBottomStyle] }")
    text_style = browser_page.locator("#text").evaluate("e => getComputedStyle(e).backgroundColor")
    assert style[0] != text_style and style[0] not in ("rgba(0, 0, 0, 0)", "transparent"), (style, text_style)
    assert style[1] == "dashed"


def test_a_screen_reader_hears_why_and_axe_finds_nothing_serious(page):
    browser_page, _, _ = page
    spoken = browser_page.locator("mark.pt-second-look").filter(has_text="Hazel").inner_text()
    assert "check this" in spoken and "also a name" in spoken
    assert axe_violations(browser_page) == []
