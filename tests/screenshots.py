"""Every screen as a picture at phone and desktop width, for a person to look at before a release.

    python -m tests.screenshots screenshots/     (what `make screenshots` runs)

A synthetic 12-case pack is served for real, and one browser page per person walks the screens a
panel meets in order: the facilitator checks and releases, a member signs in, rates and tries to
finish early, a simulated panel answers, the facilitator runs the meeting, the member reads what
the panel said and opens the app on another device (the first page says it stopped), the
force replies. Each screen is saved full-page as NAME-360.png and NAME-1280.png,
resizing the one page rather than opening another, as a person turning a tablet would.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.browser import WIDGETS_WITHIN_MS, answer_choice, launch, open_page, sign_in
from tests.conftest import PANEL_TOOL, run_cli
from tests.servers import Visitor, released_pack, running_server

WIDTHS = (360, 1280)
FACILITATOR_PASSPHRASE = "screenshot facilitator passphrase"
LIAISON_PASSPHRASE = "screenshot liaison passphrase"
WHOLE_HEIGHT = ("() => Math.max(document.documentElement.scrollHeight, "
                "(document.getElementById('rendered_cells') || document.body).scrollHeight)")
MAX_HEIGHT = 16_000  # Chromium's screenshots stop near 16,384 px


def set_passphrase(pack: Path, role: str, passphrase: str) -> None:
    run = subprocess.run([*PANEL_TOOL, "pack", role, str(pack)], input=passphrase + "\n", capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


class Camera:
    def __init__(self, folder: Path):
        self.folder = folder
        self.taken: list[Path] = []

    def shoot(self, page, name: str) -> None:
        """The page as it is now at each width, whole (scrolled content included)."""
        height = page.viewport_size["height"]
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(300)  # the layout settles after a resize
            # Voilà scrolls its cells inside #rendered_cells, not the page, so a full-page shot would
            # stop at the window: grow the window to the content instead.
            whole = page.evaluate(WHOLE_HEIGHT)
            page.set_viewport_size({"width": width, "height": min(max(whole, height), MAX_HEIGHT)})
            page.wait_for_timeout(200)
            path = self.folder / f"{name}-{width}.png"
            page.screenshot(path=str(path))
            self.taken.append(path)
        page.set_viewport_size({"width": WIDTHS[-1], "height": height})


def take(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    camera = Camera(folder)
    work = Path(tempfile.mkdtemp(prefix="panel-screens-"))
    pack, codes = released_pack(work, members=["Amira"], release=False, approve=True, sample=12)
    set_passphrase(pack, "facilitator", FACILITATOR_PASSPHRASE)
    set_passphrase(pack, "liaison", LIAISON_PASSPHRASE)
    playwright, browser = launch()
    try:
        with running_server(pack, "--pool", "3") as server:
            url = server.url
            staff = open_page(browser, url, width=1280, height=900)
            page = staff.page
            page.goto(url + "facilitator")
            page.get_by_label("Passphrase").wait_for(timeout=WIDGETS_WITHIN_MS)
            camera.shoot(page, "facilitator-sign-in")
            sign_in(staff, url + "facilitator", FACILITATOR_PASSPHRASE, label="Passphrase")
            page.get_by_role("heading", name="Check cases").wait_for(timeout=WIDGETS_WITHIN_MS)
            camera.shoot(page, "facilitator-check-cases")
            page.get_by_role("button", name="Release to members").click()
            page.get_by_text("Released: members can now sign in.").wait_for(timeout=20_000)

            member = open_page(browser, url, width=1280, height=900)
            mpage = member.page
            mpage.goto(url)
            mpage.get_by_label("Your code").wait_for(timeout=WIDGETS_WITHIN_MS)
            camera.shoot(mpage, "member-sign-in")
            mpage.get_by_label("Your code").fill("ABOO-1111")
            mpage.get_by_role("button", name="Sign in").click()
            mpage.locator(".pt-error").wait_for(timeout=20_000)
            camera.shoot(mpage, "member-sign-in-refused")
            mpage.get_by_label("Your code").fill(codes["Amira"])
            with mpage.expect_navigation(wait_until="commit"):
                mpage.get_by_role("button", name="Sign in").click()
            mpage.get_by_role("button", name="I agree").wait_for(timeout=20_000)
            camera.shoot(mpage, "member-agreement")
            mpage.get_by_role("button", name="I agree").click()
            mpage.get_by_role("heading", name="Your cases").wait_for(timeout=WIDGETS_WITHIN_MS)
            camera.shoot(mpage, "member-cases")
            mpage.get_by_role("button", name=re.compile(r"^Case 1\b")).click()
            mpage.get_by_role("heading", name="Case 1 of 12").wait_for(timeout=20_000)
            answer_choice(mpage, 0, "Yes")
            camera.shoot(mpage, "member-case")
            mpage.get_by_role("button", name="All cases").first.click()
            mpage.get_by_role("button", name="I have finished").click()
            mpage.locator(".pt-confirm-finish").wait_for(timeout=20_000)
            camera.shoot(mpage, "member-finish-early")

            run = run_cli("simulate", pack, "--members", "6", "--seed", "3")
            assert run.code == 0, run.err
            page.get_by_role("button", name="Members", exact=True).click()
            page.get_by_role("heading", name="Members").wait_for(timeout=20_000)
            camera.shoot(page, "facilitator-members")
            page.get_by_role("button", name="Meeting", exact=True).click()
            page.locator(".pt-meeting-case").wait_for(timeout=20_000)
            camera.shoot(page, "facilitator-meeting")
            page.get_by_role("button", name="Actions", exact=True).click()
            page.get_by_role("heading", name="Actions", exact=True).wait_for(timeout=20_000)
            camera.shoot(page, "facilitator-actions")

            mpage.reload()  # her own kernel, exactly where she left it: her list of cases
            mpage.get_by_role("heading", name="Your cases").wait_for(timeout=WIDGETS_WITHIN_MS)
            mpage.get_by_role("button", name="See what the panel said").click()
            mpage.get_by_role("heading", name=re.compile("What the panel said")).wait_for(timeout=20_000)
            camera.shoot(mpage, "member-discussion")
            Visitor(url).sign_in(codes["Amira"])  # she opens the app on her laptop: this page stops
            mpage.get_by_role("alert").filter(has_text="opened again").wait_for(timeout=20_000)
            camera.shoot(mpage, "member-stopped")

            liaison = open_page(browser, url, width=1280, height=900)
            lpage = sign_in(liaison, url + "force", LIAISON_PASSPHRASE, label="Passphrase")
            lpage.get_by_role("heading", name="The force's replies").wait_for(timeout=WIDGETS_WITHIN_MS)
            camera.shoot(lpage, "force-replies")
    finally:
        browser.close()
        playwright.stop()
    return camera.taken


if __name__ == "__main__":
    taken = take(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
    print(f"{len(taken)} screenshots in {taken[0].parent}")
