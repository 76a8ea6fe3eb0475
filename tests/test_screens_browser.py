"""Every screen as a person sees it, at 320, 360, 768 and 1280 px, in real Chromium against one real
`panel-tool serve` for the whole module.

Each check resizes one signed-in page through the widths (as a tablet turning would) instead of
opening a page per width: nothing scrolls sideways, no word is broken mid-word (DOM Ranges over
every text node), a saved answer's status is on screen, and axe finds nothing serious or critical.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess

import pytest

from tests.browser import (WIDGETS_WITHIN_MS, axe_violations, broken_words, in_viewport, launch, open_page, question,
                           saved, sign_in, sticking_out)
from tests.conftest import PANEL_TOOL, run_cli
from tests.servers import released_pack, running_server

WIDTHS = (320, 360, 768, 1280)
CASES = 12
FACILITATOR_PASSPHRASE = "screens facilitator passphrase"
LIAISON_PASSPHRASE = "screens liaison passphrase"
COORDINATES = re.compile(r"\d+\.\d+\s*°|°\s*[NSEW]\b|\b\d{1,2}\.\d{3,}\b|\bkm square\b")


def set_passphrase(pack, role: str, passphrase: str) -> None:
    run = subprocess.run([*PANEL_TOOL, "pack", role, str(pack)], input=passphrase + "\n", capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("screens")
    # A draft, its cases approved: the facilitator's first test releases it in the app.
    pack, codes = released_pack(folder, members=["Amira", "Ben", "Cara"], sample=CASES, release=False, approve=True)
    set_passphrase(pack, "facilitator", FACILITATOR_PASSPHRASE)
    set_passphrase(pack, "liaison", LIAISON_PASSPHRASE)
    playwright, browser = launch()
    try:
        with running_server(pack, "--pool", "2") as server:
            yield {"url": server.url, "pack": pack, "codes": codes, "browser": browser, "seen": {}}
    finally:
        browser.close()
        playwright.stop()


def looks_right_at_every_width(page, screen: str, seen: dict) -> None:
    """Resize the page through the widths; at each, nothing sideways, no broken word, no serious axe."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_timeout(150)  # one layout pass after the resize
        wide, broken = sticking_out(page), broken_words(page)
        violations = axe_violations(page)
        if wide or broken or violations:
            problems.append((width, wide, broken, violations))
    seen[screen] = page.locator("main").inner_text()
    assert not problems, (screen, problems)


def test_the_width_checks_can_fail(site):
    """The checks below mean something: a too-wide box and a word split across lines are both caught."""
    watched = open_page(site["browser"], site["url"], width=360)
    page = watched.page
    page.set_content('<main><div style="width: 500px">wide</div>'
                     '<p style="width: 40px; overflow-wrap: anywhere">Ethnicity</p></main>')
    assert sticking_out(page) and "Ethnicity" in broken_words(page)
    watched.page.context.close()


def tab_to(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement && document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_facilitator_checks_cases_at_every_width_then_releases(site):
    watched = open_page(site["browser"], site["url"], width=1280, height=800)
    page = sign_in(watched, site["url"] + "facilitator", FACILITATOR_PASSPHRASE, label="Passphrase")
    page.get_by_role("heading", name="Check cases").wait_for(timeout=WIDGETS_WITHIN_MS)
    looks_right_at_every_width(page, "facilitator: check cases", site["seen"])
    page.get_by_role("button", name="Release to members").click()
    page.get_by_text("Released: members can now sign in.").wait_for(timeout=20_000)
    watched.page.context.close()


def test_a_members_screens_fit_from_320_to_1280_and_every_answer_shows_saved_on_screen(site):
    watched = open_page(site["browser"], site["url"], width=360, height=800)
    page = watched.page
    page.goto(site["url"])
    page.get_by_label("Your code").fill("ACD0-347")  # a zero, which codes never use
    page.get_by_role("button", name="Sign in").click()
    page.locator(".pt-error").get_by_text('You typed "0"').wait_for(timeout=20_000)
    looks_right_at_every_width(page, "door: sign in", site["seen"])
    page = sign_in(watched, site["url"], site["codes"]["Amira"])
    page.get_by_role("heading", name="Your cases").wait_for(timeout=WIDGETS_WITHIN_MS)
    looks_right_at_every_width(page, "member: cases", site["seen"])
    lines = [page.get_by_role("button", name=re.compile(rf"^Case {n}:")).inner_text() for n in range(1, CASES + 1)]
    assert len({line.split("\n", 1)[1] for line in lines}) > 1, "every case-list entry reads the same"

    page.get_by_role("button", name=re.compile(r"^Case 1:")).click()
    page.get_by_role("heading", name=f"Case 1 of {CASES}").wait_for(timeout=20_000)
    looks_right_at_every_width(page, "member: case", site["seen"])
    for n, width in enumerate(WIDTHS):  # a question answered at each width, its last option: the lowest tap
        page.set_viewport_size({"width": width, "height": 700})
        question(page, n).get_by_role("radio").last.check()
        status = saved(page, n)
        status.get_by_text("Saved at").wait_for(timeout=20_000)
        assert in_viewport(status), f"question {n + 1}'s saved status is off screen at {width} px"
    page.get_by_role("button", name="All cases").first.click()
    page.get_by_role("heading", name="Your cases").wait_for(timeout=20_000)
    assert page.get_by_role("button", name=re.compile(r"^Case 1: started")).count() == 1
    assert not watched.blocked and not watched.errors


def test_finishing_early_asks_first_and_names_the_cases_left(site):
    watched = open_page(site["browser"], site["url"], width=360, height=800)
    page = sign_in(watched, site["url"], site["codes"]["Ben"])
    page.get_by_role("heading", name="Your cases").wait_for(timeout=WIDGETS_WITHIN_MS)

    def finished_at():
        return sqlite3.connect(site["pack"]).execute("SELECT finished_at FROM members WHERE name = 'Ben'").fetchone()[0]

    page.get_by_role("button", name="I have finished").click()
    confirm = page.locator(".pt-confirm-finish")
    confirm.get_by_text("You have not answered every question in cases 1, 2").wait_for(timeout=20_000)
    assert f"and {CASES}." in confirm.inner_text()
    looks_right_at_every_width(page, "member: finish early", site["seen"])
    assert finished_at() is None  # asking is not finishing
    page.get_by_role("button", name="No, keep going").click()
    confirm.wait_for(state="hidden", timeout=20_000)
    assert finished_at() is None
    page.get_by_role("button", name="I have finished").click()
    page.get_by_role("button", name="Yes, I have finished").click()
    page.get_by_text("You said you had finished").wait_for(timeout=20_000)
    assert finished_at() is not None


def test_a_whole_12_case_meeting_by_keyboard_alone(site):
    run = run_cli("simulate", site["pack"], "--members", "6", "--seed", "3", "--no-discussion")
    assert run.code == 0, run.err
    watched = open_page(site["browser"], site["url"], width=1280, height=800)
    page = sign_in(watched, site["url"] + "facilitator", FACILITATOR_PASSPHRASE, label="Passphrase")
    page.get_by_role("heading", name="Members").wait_for(timeout=WIDGETS_WITHIN_MS)
    looks_right_at_every_width(page, "facilitator: members", site["seen"])
    page.set_viewport_size({"width": 1280, "height": 800})
    tab_to(page, "button.pt-nav:nth-child(3)")  # Meeting
    assert page.evaluate("document.activeElement.textContent") == "Meeting"
    page.keyboard.press("Enter")
    heading = page.locator(".pt-meeting-case-heading")
    heading.wait_for(timeout=20_000)
    assert "1 of 12, least agreement first" in page.locator(".pt-app").inner_text()
    tab_to(page, "button.pt-open-discussion")
    page.keyboard.press("Enter")
    page.get_by_text("Discussion is open").wait_for(timeout=20_000)
    looks_right_at_every_width(page, "facilitator: meeting", site["seen"])
    page.set_viewport_size({"width": 1280, "height": 800})
    answers = page.locator(".pt-meeting-answers")
    assert re.search(r"\d of \d said", answers.inner_text()) and "6 members rated this case" in answers.inner_text()
    seen_cases = []
    for n in range(1, CASES + 1):
        page.get_by_text(f"{n} of {CASES}, least agreement first").wait_for(timeout=20_000)
        seen_cases.append(heading.inner_text())
        tab_to(page, ".pt-meeting input[type=radio]")
        page.keyboard.press("Space")  # the first rating: Green
        tab_to(page, "button.pt-record-outcome")
        page.keyboard.press("Enter")
        page.get_by_text(f"{seen_cases[-1]}: the panel's view is recorded.").wait_for(timeout=20_000)
        if n < CASES:
            tab_to(page, "button.pt-next")
            page.keyboard.press("Enter")
    assert len(set(seen_cases)) == CASES
    page.get_by_role("button", name="Actions", exact=True).click()
    page.get_by_role("heading", name="Actions", exact=True).wait_for(timeout=20_000)
    looks_right_at_every_width(page, "facilitator: actions", site["seen"])
    agreed = sqlite3.connect(site["pack"]).execute("SELECT count(*), min(rating), max(rating) FROM agreed_outcomes").fetchone()
    assert agreed == (CASES, "green", "green")
    assert not watched.blocked and not watched.errors
    for name in site["codes"]:
        assert name not in page.locator("main").inner_text()


def test_members_read_what_the_panel_said_one_case_a_page(site):
    watched = open_page(site["browser"], site["url"], width=360, height=800)
    page = sign_in(watched, site["url"], site["codes"]["Cara"])
    page.get_by_role("heading", name="Your cases").wait_for(timeout=WIDGETS_WITHIN_MS)
    page.get_by_role("button", name="See what the panel said").click()
    page.get_by_role("heading", name="What the panel said: case 1").wait_for(timeout=20_000)
    looks_right_at_every_width(page, "member: what the panel said", site["seen"])
    assert page.locator(".pt-chart").count() >= 1 and "Case 2" not in page.locator("main").inner_text()
    page.get_by_role("button", name="Next case").click()
    page.get_by_role("heading", name="What the panel said: case 2").wait_for(timeout=20_000)


def test_the_forces_replies_are_cards_that_fit_a_phone(site):
    watched = open_page(site["browser"], site["url"], width=360, height=800)
    page = sign_in(watched, site["url"] + "force", LIAISON_PASSPHRASE, label="Passphrase")
    page.get_by_role("heading", name="The force's replies").wait_for(timeout=WIDGETS_WITHIN_MS)
    looks_right_at_every_width(page, "force: replies", site["seen"])
    assert page.locator(".pt-card").count() == CASES and page.locator("table").count() == 0
    badge = page.locator(".pt-card .pt-rating").first
    assert badge.inner_text() == "Green" and badge.locator(".pt-swatch").count() == 1
    page.set_viewport_size({"width": 360, "height": 800})
    page.get_by_label("Reply to").select_option(label="Case 3")
    page.get_by_label("The force's reply").fill("Advice given to the officer.")
    page.get_by_role("button", name="Record the reply").click()
    page.get_by_text("Reply to Case 3 recorded.").wait_for(timeout=20_000)
    assert "Advice given to the officer." in page.locator(".pt-card").nth(2).inner_text()


def test_no_screen_shows_coordinates(site):
    screens = site["seen"]
    assert {"member: cases", "member: case", "facilitator: check cases", "facilitator: meeting",
            "member: what the panel said", "force: replies"} <= set(screens), sorted(screens)
    assert "Near " in screens["member: case"]  # the place is named, so the check below has something to read
    found = {name: COORDINATES.findall(text) for name, text in screens.items() if COORDINATES.search(text)}
    assert not found, found
