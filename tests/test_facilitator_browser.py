"""A whole panel session in real Chromium against one real `panel-tool serve`: the facilitator checks
and releases the pack, two members rate, the panel discusses and agrees, an action is set, and the
force's liaison replies."""

from __future__ import annotations

import re
import sqlite3

import pytest
from playwright.sync_api import expect

from tests.browser import axe_violations, launch, open_page, question, saved, sign_in
from tests.conftest import PANEL_TOOL
from tests.servers import released_pack, running_server

FACILITATOR_PASSPHRASE = "correct horse battery staple"
LIAISON_PASSPHRASE = "force liaison passphrase 42"


def set_passphrase(pack, role: str, passphrase: str) -> None:
    import subprocess

    run = subprocess.run([*PANEL_TOOL, "pack", role, str(pack)], input=passphrase + "\n", capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def no_serious_axe(page, screen: str) -> None:
    violations = axe_violations(page)
    assert violations == [], (screen, violations)
    assert page.evaluate("document.querySelector('main .pt-app') !== null"), screen


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    folder = tmp_path_factory.mktemp("session")
    pack, member_codes = released_pack(folder, members=["Amira", "Ben"], release=False)
    set_passphrase(pack, "facilitator", FACILITATOR_PASSPHRASE)
    set_passphrase(pack, "liaison", LIAISON_PASSPHRASE)
    playwright, browser = launch()
    try:
        with running_server(pack, "--pool", "2") as server:
            yield {"pack": pack, "codes": member_codes, "browser": browser, "url": server.url}
    finally:
        browser.close()
        playwright.stop()


def test_the_staff_screens_need_their_passphrases(session):
    for link, right in (("facilitator", FACILITATOR_PASSPHRASE), ("force", LIAISON_PASSPHRASE)):
        watched = open_page(session["browser"], session["url"])
        page = sign_in(watched, session["url"] + link, "not the passphrase at all", label="Passphrase")
        page.locator(".pt-message").get_by_text("not right").wait_for(timeout=20_000)
        assert page.get_by_role("heading", name=re.compile("Check cases|Members|The force's replies$")).count() == 0
        assert page.get_by_label("Passphrase").count() == 1  # still at the gate
    # each passphrase opens only its own screen
    watched = open_page(session["browser"], session["url"])
    page = sign_in(watched, session["url"] + "facilitator", LIAISON_PASSPHRASE, label="Passphrase")
    page.locator(".pt-message").get_by_text("not right").wait_for(timeout=20_000)


def test_a_whole_session_from_redaction_review_to_the_forces_reply(session):
    pack, browser, url = session["pack"], session["browser"], session["url"]
    facilitator = open_page(browser, url)
    page = sign_in(facilitator, url + "facilitator", FACILITATOR_PASSPHRASE, label="Passphrase")
    page.get_by_role("heading", name="Check cases").wait_for(timeout=30_000)
    no_serious_axe(page, "check cases")

    # release is refused while cases are unchecked
    page.get_by_role("button", name="Release to members").click()
    page.get_by_text(re.compile(r"have not been approved")).wait_for(timeout=20_000)

    # redact a word the tool left, then approve every case
    text = sqlite3.connect(pack).execute("SELECT text FROM texts WHERE case_id = 1").fetchone()[0]
    word = next(w for w in re.findall(r"\b[a-z]{6,}\b", text))
    page.get_by_label("Words to redact everywhere in this case (capitals don't matter)").fill(word)
    page.get_by_role("button", name="Redact these words").click()
    page.get_by_text("Case 1: redacted.").wait_for(timeout=20_000)
    after = sqlite3.connect(pack).execute("SELECT text FROM texts WHERE case_id = 1").fetchone()[0]
    assert after.count(word) < text.count(word) and "[OTHER 1]" in after
    cases = [r[0] for r in sqlite3.connect(pack).execute("SELECT case_id FROM cases ORDER BY case_id")]
    for case_id in cases:
        page.get_by_label("Case to check").select_option(f"Case {case_id}")
        page.get_by_role("heading", name=f"Case {case_id}", exact=True).wait_for(timeout=20_000)
        page.get_by_role("button", name="Approve this case").click()
        page.get_by_text(f"Case {case_id} approved.").wait_for(timeout=20_000)
    page.get_by_role("button", name="Release to members").click()
    page.get_by_text("Released: members can now sign in.").wait_for(timeout=20_000)
    status = sqlite3.connect(pack).execute("SELECT value FROM manifest WHERE key = 'status'").fetchone()[0]
    assert status == '"released"'

    # two members rate case 1 on their own
    for name, overall, words in (("Amira", 2, "AMIRA-WORDS grounds too vague"), ("Ben", 0, "BEN-WORDS well explained")):
        member = open_page(browser, url)
        mpage = sign_in(member, url, session["codes"][name])
        mpage.get_by_role("button", name=re.compile(r"^Case 1:")).click()
        mpage.get_by_role("heading", name="Case 1 of 5").wait_for(timeout=20_000)
        question(mpage, 4).get_by_role("radio").nth(overall).check()
        saved(mpage, 4).get_by_text("Saved at").wait_for(timeout=20_000)
        mpage.locator(".pt-question textarea").first.fill(words)
        saved(mpage, 5).get_by_text("Saved at").wait_for(timeout=20_000)
    # Ben waits on his list: nothing of the panel's answers until the facilitator opens discussion
    mpage.get_by_role("button", name="All cases").first.click()
    mpage.get_by_role("heading", name="Your cases").wait_for(timeout=20_000)
    assert mpage.get_by_role("button", name="See what the panel said").is_hidden()

    # members' progress, then discussion
    page.get_by_role("button", name="Members", exact=True).click()
    page.get_by_role("heading", name="Members").wait_for(timeout=20_000)
    expect(page.locator("table").first).to_contain_text("Amira")
    no_serious_axe(page, "members")
    page.get_by_role("button", name="Meeting", exact=True).click()
    page.get_by_role("button", name="Open discussion to members").click()
    page.get_by_text("Discussion is open").wait_for(timeout=20_000)
    # ... and then Ben's list offers them without his touching anything
    expect(mpage.get_by_role("button", name="See what the panel said")).to_be_visible(timeout=20_000)
    no_serious_axe(page, "meeting")
    page.get_by_label("Go to case").select_option(index=0)  # least agreement first: case 1
    page.get_by_role("heading", name="Case 1", exact=True).wait_for(timeout=20_000)
    expect(page.locator(".pt-meeting-answers")).to_contain_text("AMIRA-WORDS grounds too vague")
    expect(page.locator(".pt-meeting-answers")).to_contain_text("1 said Green and 1 said Red")
    assert "Amira" not in page.locator(".pt-meeting-answers").inner_text()
    page.locator(".pt-question").filter(has_text="The panel's rating").get_by_role("radio", name="Red").check()
    page.get_by_label("Agreed feedback for the officer").fill("Write down what you saw, not who they are.")
    page.get_by_role("checkbox", name="grounds").check()
    page.get_by_role("button", name="Record the panel's view").click()
    page.get_by_text("Case 1: the panel's view is recorded.").wait_for(timeout=20_000)
    agreed = sqlite3.connect(pack).execute("SELECT rating, themes FROM agreed_outcomes WHERE case_id = 1").fetchone()
    assert agreed == ("red", '["grounds"]')

    # members' words and the panel's feedback, checked before any report carries them (review/words.py)
    page.get_by_role("button", name="Check words", exact=True).click()
    page.get_by_role("heading", name="Check words").wait_for(timeout=20_000)
    page.get_by_text("3 to check").wait_for(timeout=20_000)
    no_serious_axe(page, "check words")
    # the first to check is a member's answer, redacted and marked as a case's text is
    page.get_by_role("heading", name=re.compile(r"^Case 1: What would you like to say")).wait_for(timeout=20_000)
    shown = page.locator(".pt-case .pt-grounds").first
    expect(shown).not_to_contain_text("AMIRA-WORDS")
    expect(shown).not_to_contain_text("BEN-WORDS")
    assert shown.locator(".pt-redacted").count() >= 1
    first = shown.inner_text()
    word = "vague" if "vague" in first else "explained"
    page.get_by_label("Words to redact (whole words; capitals don't matter)").fill(word)
    page.get_by_role("button", name="Redact these words").click()
    page.get_by_text(re.compile(r"redacted\. Read it again")).wait_for(timeout=20_000)
    held = [r[0] for r in sqlite3.connect(pack).execute("SELECT text FROM word_checks ORDER BY word_id")]
    # the word ended a member's answer: that answer now ends with a placeholder of its own
    assert len(held) == 3 and not any(word in t for t in held) and any(re.search(r"\[NAME \d+\]$", t) for t in held), held
    for left in (2, 1, 0):  # each approval goes on to the next piece to check
        page.get_by_role("button", name="Approve these words").click()
        page.get_by_text(f"{left} to check").wait_for(timeout=20_000)
    page.get_by_text(re.compile(r"approved for the force's report\.")).wait_for(timeout=20_000)
    assert [r[0] for r in sqlite3.connect(pack).execute("SELECT approved_at IS NOT NULL FROM word_checks")] == [1, 1, 1]

    # an action for the force
    page.get_by_role("button", name="Actions", exact=True).click()
    page.get_by_label("Question or action for the force").fill("Brief officers on recording grounds <b>fully</b>")
    page.get_by_label("Who at the force owns it").fill("Stop and search lead")
    page.get_by_label("Due date").fill("2027-01-31")
    page.get_by_role("button", name="Add the action").click()
    page.get_by_text("Action added.").wait_for(timeout=20_000)
    expect(page.locator(".pt-card").first).to_contain_text("Brief officers on recording grounds <b>fully</b>")
    no_serious_axe(page, "actions")

    # a member now sees the panel's answers, without names
    member = open_page(browser, url)
    mpage = sign_in(member, url, session["codes"]["Ben"])  # his own kernel, where he left it: his list
    mpage.get_by_role("heading", name="Your cases").wait_for(timeout=30_000)
    mpage.get_by_role("button", name="See what the panel said").click()
    mpage.get_by_role("heading", name="What the panel said").wait_for(timeout=20_000)
    expect(mpage.locator(".pt-case")).to_contain_text("AMIRA-WORDS grounds too vague")
    assert "Amira" not in "\n".join(member.received)

    # the force's liaison replies to the case and the action
    liaison = open_page(browser, url)
    lpage = sign_in(liaison, url + "force", LIAISON_PASSPHRASE, label="Passphrase")
    lpage.get_by_role("heading", name="The force's replies").wait_for(timeout=30_000)
    no_serious_axe(lpage, "liaison")
    for target, words in (("Case 1", "The officer has been given advice."), ("Action 1", "Briefing held on 12 January.")):
        lpage.get_by_label("Reply to").select_option(label=target)
        lpage.get_by_label("The force's reply").fill(words)
        lpage.get_by_role("button", name="Record the reply").click()
        lpage.get_by_text(f"Reply to {target} recorded.").wait_for(timeout=20_000)
    replies = sqlite3.connect(pack).execute("SELECT target, target_id, response FROM responses ORDER BY response_id").fetchall()
    assert replies == [("case", 1, "The officer has been given advice."), ("action", 1, "Briefing held on 12 January.")]
    for watched in (facilitator, member, liaison):
        assert not watched.blocked and not watched.errors
