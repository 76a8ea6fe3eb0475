"""The members' review app in real Chromium against a real `panel-tool serve` on a free port.

One released pack, whose every grounds text carries script payloads, served once for the module.
Each test signs in as its own member, so they do not disturb each other.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import time

import pytest
from playwright.sync_api import expect

from panel_tool.review import codes as access_codes
from tests.browser import (WIDGETS_WITHIN_MS, agree_if_asked, answer_choice, axe_violations, launch, open_page,
                           question, saved, sign_in)
from tests.conftest import ROOT, run_cli
from tests.servers import released_pack, running_server

GROUNDS_PAYLOAD = ' <img src=x onerror="window.__xss=\'grounds\'"><script>window.__xss=\'script\'</script>'
FEEDBACK_PAYLOAD = '<img src=y onerror="window.__xss=\'feedback\'"> AMIRA-ONLY-FEEDBACK'
MEMBERS = ["Amira", "Ben", "Cara", "Dev", "Eve", "Finn", "Gus", "Hana", "Ivy"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    export = folder / "export.csv"
    assert run_cli("synth", "--kind", "stop-search", "--rows", "300", "--seed", "5", "--out", folder / "plain.csv").code == 0
    with open(folder / "plain.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["grounds"] += GROUNDS_PAYLOAD
    with open(export, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    # The payload's words are not English, so the recall-first redactor would take them for names; the
    # force lists them as its own safe words so the payload reaches the pack and escaping is tested.
    policy = json.loads((ROOT / "schemas" / "policies" / "default.json").read_text())
    policy.update(name="payload", safe_words="payload-words.txt")
    (folder / "payload-words.txt").write_text("img\nsrc\nonerror\nxss\nwindow\nscript\n")
    (folder / "payload.json").write_text(json.dumps(policy))
    pack, member_codes = released_pack(folder, members=MEMBERS, export=export, policy=folder / "payload.json")
    conn = sqlite3.connect(pack)
    texts = [r[0] for r in conn.execute("SELECT text FROM texts ORDER BY case_id")]
    conn.close()
    assert all(GROUNDS_PAYLOAD in t for t in texts), "the payload must reach the pack for this test to mean anything"
    playwright, browser = launch()
    try:
        with running_server(pack, "--pool", "4", settings={"panel_tool.door.throttle.FIRST_WAIT_S": 1.0}) as server:
            yield {"url": server.url, "pack": pack, "codes": member_codes, "texts": texts, "browser": browser,
                   "server": server}
    finally:
        browser.close()
        playwright.stop()


def test_a_member_rates_two_cases_reloads_finds_the_answers_and_finishes(site):
    watched = open_page(site["browser"], site["url"])
    page = sign_in(watched, site["url"], site["codes"]["Cara"])
    page.get_by_role("heading", name="Your cases").wait_for(timeout=30_000)
    assert "0 of 5 done" in page.locator(".pt-progress").inner_text()
    page.get_by_role("button", name=re.compile(r"^Case 1:")).click()
    page.get_by_role("heading", name="Case 1 of 5").wait_for(timeout=20_000)
    for n in range(5):  # every choice question of the default form: its first answer
        question(page, n).get_by_role("radio").first.check()
        saved(page, n).get_by_text("Saved at").wait_for(timeout=20_000)
    page.locator(".pt-question textarea").first.fill("Clear grounds, well explained.")
    saved(page, 5).get_by_text("Saved at").wait_for(timeout=20_000)
    page.get_by_role("button", name="Next case").first.click()
    page.get_by_role("heading", name="Case 2 of 5").wait_for(timeout=20_000)
    answer_choice(page, 0, "No")

    kernel_of = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    kernel = page.evaluate(kernel_of)
    page.reload()  # still signed in: the same app on the same kernel, as she left it
    page.get_by_role("heading", name="Case 2 of 5").wait_for(timeout=30_000)
    assert page.evaluate(kernel_of) == kernel
    assert question(page, 0).get_by_role("radio", name="No", exact=True).is_checked()
    page.get_by_role("button", name="Previous case").first.click()
    page.get_by_role("heading", name="Case 1 of 5").wait_for(timeout=20_000)
    expect(page.locator(".pt-question textarea").first).to_have_value("Clear grounds, well explained.")
    page.get_by_role("button", name="All cases").first.click()
    page.get_by_text("1 of 5 done").wait_for(timeout=20_000)
    assert page.get_by_role("button", name=re.compile(r"^Case 1: done")).count() == 1
    page.get_by_role("button", name="I have finished").click()
    page.get_by_role("button", name="Yes, I have finished").click()  # four cases left: it asks first
    page.get_by_text("You said you had finished").wait_for(timeout=20_000)
    assert not watched.blocked and not watched.errors

    conn = sqlite3.connect(site["pack"])
    member = conn.execute("SELECT member_id, finished_at FROM members WHERE name = 'Cara'").fetchone()
    answers = dict(conn.execute("SELECT case_id || ':' || question_id, value FROM answers WHERE member_id = ?",
                                (member[0],)).fetchall())
    assert member[1] is not None
    assert answers["1:feedback_for_officer"] == "Clear grounds, well explained." and answers["2:grounds_reasonable"] == "no"
    assert len([k for k in answers if k.startswith("1:")]) == 6


def test_words_typed_just_before_next_case_stay_with_their_case(site):
    """A member types feedback quickly and taps "Next case" at once. The browser holds back the last
    keystrokes while the kernel saves the first ones, but sends the tap straight away: the late words
    must still be saved to the case they were typed on, never to the next case, and the next case
    must open empty."""
    words = "Grounds were vague and the officer did not explain why the search was needed at all."
    watched = open_page(site["browser"], site["url"])
    page = sign_in(watched, site["url"], site["codes"]["Ivy"])
    page.get_by_role("button", name=re.compile(r"^Case 1:")).click()
    page.get_by_role("heading", name="Case 1 of 5").wait_for(timeout=20_000)
    box = page.locator(".pt-question textarea").first
    box.click()
    page.keyboard.type(words)
    page.get_by_role("button", name="Next case").first.click()
    page.get_by_role("heading", name="Case 2 of 5").wait_for(timeout=20_000)
    page.wait_for_timeout(1_500)  # let anything held back arrive
    expect(page.locator(".pt-question textarea").first).to_have_value("")
    page.get_by_role("button", name="Previous case").first.click()
    page.get_by_role("heading", name="Case 1 of 5").wait_for(timeout=20_000)
    expect(page.locator(".pt-question textarea").first).to_have_value(words)
    conn = sqlite3.connect(site["pack"])
    answers = dict(conn.execute("SELECT a.case_id, a.value FROM answers a JOIN members m USING (member_id) "
                                "WHERE m.name = 'Ivy' AND a.question_id = 'feedback_for_officer'").fetchall())
    conn.close()
    assert answers == {1: words}
    assert not watched.errors


def test_a_wrong_code_is_refused_and_the_wait_grows_across_a_reload(site):
    """The door keeps the wait for this browser (waits shrunk to 1 s for the test: 5 s in use)."""
    taken = {access_codes.tag(c.replace("-", "")) for c in site["codes"].values()}
    wrong = [access_codes.display(access_codes.new_code(taken)) for _ in range(8)]
    watched = open_page(site["browser"], site["url"])
    page = watched.page
    page.goto(site["url"])
    for n, code in enumerate(wrong[:5], start=1):
        page.get_by_label("Your code").fill(code)
        fifth_sent = time.monotonic()  # the wait runs from the moment the fifth wrong code arrived
        page.get_by_role("button", name="Sign in").click()
        alert = page.locator(".pt-message [role=alert]")
        alert.get_by_text("That code is not right").wait_for(timeout=20_000)
        if n < 5:
            assert "next try" not in alert.inner_text()
    assert "Your next try will be checked after 1 second." in alert.inner_text()

    page.goto(site["url"])  # a fresh page: the wait is kept by the server, not the page
    page.get_by_label("Your code").fill(wrong[5])
    page.get_by_role("button", name="Sign in").click()
    page.locator(".pt-message").get_by_text("That code is not right").wait_for(timeout=20_000)
    assert time.monotonic() - fifth_sent >= 1.0  # held until a second after the fifth, before it was even checked
    assert "after 2 seconds" in page.locator(".pt-message").inner_text()


def test_script_in_grounds_and_in_feedback_does_not_run(site):
    watched = open_page(site["browser"], site["url"])
    page = sign_in(watched, site["url"], site["codes"]["Dev"])
    page.get_by_role("button", name=re.compile(r"^Case 1:")).click()
    grounds = page.locator(".pt-grounds").first
    grounds.wait_for(timeout=20_000)
    assert "<img src=x onerror=" in grounds.inner_text() and "<script>" in grounds.inner_text()
    page.locator(".pt-question textarea").first.fill(FEEDBACK_PAYLOAD)
    saved(page, 5).get_by_text("Saved at").wait_for(timeout=20_000)
    page.get_by_role("button", name="Next case").first.click()
    page.get_by_role("button", name="Previous case").first.click()
    page.get_by_role("heading", name="Case 1 of 5").wait_for(timeout=20_000)
    page.reload()
    page.get_by_role("heading", name="Case 1 of 5").wait_for(timeout=30_000)
    expect(page.locator(".pt-question textarea").first).to_have_value(FEEDBACK_PAYLOAD)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src='x'], img[src='y']").count() == 0
    assert page.locator(".pt-app script").count() == 0


def test_a_member_never_sees_another_members_answers(site):
    amira = open_page(site["browser"], site["url"])
    page = sign_in(amira, site["url"], site["codes"]["Amira"])
    page.get_by_role("button", name=re.compile(r"^Case 1:")).click()
    page.get_by_role("heading", name="Case 1 of 5").wait_for(timeout=20_000)
    answer_choice(page, 0, "No")
    page.locator(".pt-question textarea").first.fill(FEEDBACK_PAYLOAD)
    saved(page, 5).get_by_text("Saved at").wait_for(timeout=20_000)

    ben = open_page(site["browser"], site["url"])
    page = sign_in(ben, site["url"], site["codes"]["Ben"])
    page.get_by_role("button", name=re.compile(r"^Case 1:")).click()
    page.get_by_role("heading", name="Case 1 of 5").wait_for(timeout=20_000)
    assert page.locator(".pt-question input[type=radio]:checked").count() == 0
    assert page.locator(".pt-question textarea").first.input_value() == ""
    everything_ben_received = "\n".join(ben.received)
    assert "AMIRA-ONLY-FEEDBACK" not in everything_ben_received and "Amira" not in everything_ben_received
    assert "AMIRA-ONLY-FEEDBACK" in "\n".join(amira.received)  # the check above can fail


def test_no_case_content_reaches_the_browser_before_sign_in(site):
    watched = open_page(site["browser"], site["url"])
    page = watched.page
    page.goto(site["url"])
    page.get_by_label("Your code").wait_for(timeout=WIDGETS_WITHIN_MS)
    page.wait_for_timeout(1000)
    before = "\n".join(watched.received)
    fragments = [t.split("[")[0][:40] for t in site["texts"]]
    assert before and not [f for f in fragments if f and f in before]
    assert "onerror" not in before
    page.get_by_label("Your code").fill(site["codes"]["Eve"])
    with page.expect_navigation(wait_until="commit"):
        page.get_by_role("button", name="Sign in").click()
    agree_if_asked(page)
    page.get_by_role("button", name=re.compile(r"^Case 1:")).click()
    page.locator(".pt-grounds").first.wait_for(timeout=20_000)
    after = "\n".join(watched.received)
    assert any(f and f in after.replace("\\u0027", "'").replace("&#x27;", "'") for f in fragments)


@pytest.mark.parametrize("width", [1024, 360])
def test_every_screen_passes_axe_inside_a_landmark_and_fits_a_phone(site, width):
    watched = open_page(site["browser"], site["url"], width=width, height=780)
    page = watched.page
    page.goto(site["url"])
    page.get_by_label("Your code").wait_for(timeout=WIDGETS_WITHIN_MS)
    screens = {}
    screens["sign-in"] = axe_violations(page), page.evaluate("document.querySelector('main form') !== null")
    page.get_by_label("Your code").fill(site["codes"]["Finn" if width == 1024 else "Gus"])
    with page.expect_navigation(wait_until="commit"):
        page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name="I agree").wait_for(timeout=20_000)  # a first sign-in
    screens["agreement"] = axe_violations(page), page.evaluate("document.querySelector('main form') !== null")
    page.get_by_role("button", name="I agree").click()
    page.get_by_role("heading", name="Your cases").wait_for(timeout=30_000)
    screens["list"] = axe_violations(page), page.evaluate("document.querySelector('main .pt-app') !== null")
    page.get_by_role("button", name=re.compile(r"^Case 1:")).click()
    page.get_by_role("heading", name="Case 1 of 5").wait_for(timeout=20_000)
    answer_choice(page, 0, "Yes")
    screens["case"] = axe_violations(page), page.evaluate("document.querySelector('main .pt-app') !== null")
    for name, (violations, in_main) in screens.items():
        assert violations == [], (name, violations)
        assert in_main, f"the {name} screen is not inside <main>"
    if width == 360:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # every label of the case's facts gets its whole column (JupyterLab's dt rule broke them mid-word)
    assert page.evaluate("[...document.querySelectorAll('.pt-facts dt')].every(dt => dt.getBoundingClientRect().width "
                         ">= parseFloat(getComputedStyle(dt.parentElement).gridTemplateColumns) - 1)")


def test_keyboard_alone_signs_in_opens_a_case_and_answers(site):
    watched = open_page(site["browser"], site["url"])
    page = watched.page
    page.goto(site["url"])
    page.get_by_label("Your code").wait_for(timeout=WIDGETS_WITHIN_MS)

    def tab_to(selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement && document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("input[type=text]")
    page.keyboard.type(site["codes"]["Hana"].lower())
    page.keyboard.press("Enter")
    page.get_by_role("button", name="I agree").wait_for(timeout=20_000)  # a first sign-in: the agreement
    tab_to("button[value=yes]")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Your cases").wait_for(timeout=30_000)
    tab_to("button.pt-case-button")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=re.compile(r"^Case \d of 5")).wait_for(timeout=20_000)
    tab_to(".pt-question input[type=radio]")
    page.keyboard.press("ArrowDown")
    saved(page, 0).get_by_text("Saved at").wait_for(timeout=20_000)
    assert page.locator(".pt-question").first.locator("input[type=radio]:checked").count() == 1
