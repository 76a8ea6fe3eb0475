"""A server killed with SIGKILL mid-session loses no answer the member was shown as saved."""

from __future__ import annotations

import re
import signal
import sqlite3

from playwright.sync_api import expect

from tests.browser import launch, open_page, question, saved, sign_in
from tests.servers import free_port, released_pack, running_server

TYPED = "Typed just before the server died."


def test_every_answer_shown_as_saved_survives_a_sigkill_and_restart(tmp_path):
    pack, member_codes = released_pack(tmp_path, members=["Amira"])
    playwright, browser = launch()
    port = free_port()
    try:
        with running_server(pack, "--pool", "1", port=port) as server:
            page = sign_in(open_page(browser, server.url), server.url, member_codes["Amira"])
            page.get_by_role("button", name=re.compile(r"^Case 2:")).click()
            page.get_by_role("heading", name="Case 2 of 5").wait_for(timeout=20_000)
            chosen = []
            for n in range(5):
                radio = question(page, n).get_by_role("radio").nth(n % 3)
                radio.check()
                saved(page, n).get_by_text("Saved at").wait_for(timeout=20_000)
                chosen.append(radio.evaluate("e => e.parentElement.textContent.trim()"))
            page.locator(".pt-question textarea").first.fill(TYPED)
            saved(page, 5).get_by_text("Saved at").wait_for(timeout=20_000)
            assert server.stop(signal.SIGKILL) == -signal.SIGKILL  # and no kernel outlived it

        with running_server(pack, "--pool", "1", port=port) as server:
            page = sign_in(open_page(browser, server.url), server.url, member_codes["Amira"])
            page.get_by_role("heading", name="Case 2 of 5").wait_for(timeout=30_000)
            for n, label in enumerate(chosen):
                expect(question(page, n).get_by_role("radio", name=label, exact=True)).to_be_checked()
            expect(page.locator(".pt-question textarea").first).to_have_value(TYPED)
    finally:
        browser.close()
        playwright.stop()
    conn = sqlite3.connect(pack)
    assert conn.execute("SELECT count(*) FROM answers WHERE case_id = 2").fetchone()[0] == 6
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
