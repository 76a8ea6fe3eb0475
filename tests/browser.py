"""Debian's Chromium driven by Playwright, never a downloaded browser (DESIGN.md section 6).

Every page refuses requests to any other host and records them, so a test can show that nothing
was fetched from a CDN; websocket frames are recorded so a test can show what reached the browser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Page, sync_playwright

from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDGETS_WITHIN_MS = 90_000  # widgets appear only once the kernel's websocket is up, on a busy 2-core machine


def launch():
    """(playwright, browser); stop both with browser.close() and playwright.stop()."""
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: make test installs it (apt-get install chromium)"
    playwright = sync_playwright().start()
    return playwright, playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)


@dataclass
class Watched:
    page: Page
    blocked: list[str] = field(default_factory=list)
    received: list[str] = field(default_factory=list)  # HTTP bodies of pages and websocket frames, in order
    errors: list[str] = field(default_factory=list)


def open_page(browser, base_url: str, width: int = 1024, height: int = 800) -> Watched:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    watched = Watched(page)
    host = urlparse(base_url).netloc

    def only_this_server(route):
        if urlparse(route.request.url).netloc == host or route.request.url.startswith("data:"):
            route.continue_()
        else:
            watched.blocked.append(route.request.url)
            route.abort()

    def on_websocket(ws):
        ws.on("framereceived", lambda payload: watched.received.append(
            payload if isinstance(payload, str) else payload.decode("utf-8", "replace")))
        ws.on("framesent", lambda payload: None)

    def on_response(response):
        if response.request.resource_type == "document":
            try:
                watched.received.append(response.text())
            except Exception:  # a redirect has no body to read
                pass

    context.route("**/*", only_this_server)
    page.on("websocket", on_websocket)
    page.on("response", on_response)
    page.on("pageerror", lambda exc: watched.errors.append(str(exc)))
    return watched


def axe_violations(page: Page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    # Evaluated the way devtools would, not added as a <script>: the server's CSP rightly refuses an
    # inline script without this response's nonce.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;typeof window.axe")
    result = page.evaluate("async () => JSON.stringify(await axe.run(document))")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in json.loads(result)["violations"] if v["impact"] in ("serious", "critical")]


# The review app, as a member uses it.

def sign_in(watched, url: str, secret: str, label: str = "Your code"):
    """Open `url` and sign in: a member with their code (accepting the panel's agreement the first
    time), or staff with label="Passphrase"."""
    page = watched.page
    page.goto(url)
    box = page.get_by_label(label)
    box.wait_for(timeout=WIDGETS_WITHIN_MS)
    box.fill(secret)
    with page.expect_navigation(wait_until="commit", timeout=WIDGETS_WITHIN_MS):  # the server answers every try
        page.get_by_role("button", name="Sign in").click()
    agree_if_asked(page)
    return page


def agree_if_asked(page) -> None:
    """On a member's first sign-in the server shows the panel's agreement: accept it."""
    if page.url.endswith("/agreement"):
        page.get_by_role("button", name="I agree").click()


def question(page, n: int):
    return page.locator(".pt-question").nth(n)


def saved(page, n: int):
    return page.locator(".pt-question-saved").nth(n)


def answer_choice(page, n: int, label: str) -> None:
    question(page, n).get_by_role("radio", name=label, exact=True).check()
    saved(page, n).get_by_text("Saved at").wait_for(timeout=20_000)


# What a person sees at a width: checks run inside the page as it is now.

STICKING_OUT = """() => {
  // Elements whose box reaches past the window's right or left edge: on a phone that is a page
  // that scrolls sideways or text clipped at the edge (the html element hides the overflow).
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const s = getComputedStyle(el);
    if (s.position === 'absolute' && s.clip !== 'auto') continue;  // visually hidden, for screen readers
    if (r.right > width + 0.5 || r.left < -0.5)
      out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return out.slice(0, 10);
}"""

BROKEN_WORDS = r"""() => {
  // Every word of every visible text node, as a DOM Range: a word whose boxes sit on two lines was
  // broken mid-word. A word is a run of letters and digits, so "off-licence" may wrap at its hyphen.
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, [hidden], .pt-sr-only, .widget-label-basic') ||
        !parent.getClientRects().length) continue;
    const s = getComputedStyle(parent);
    if (s.position === 'absolute' && s.clip !== 'auto') continue;
    for (const m of node.textContent.matchAll(/[\p{L}\p{N}']+/gu)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken.slice(0, 20);
}"""


def sticking_out(page: Page) -> list[str]:
    return page.evaluate(STICKING_OUT)


def broken_words(page: Page) -> list[str]:
    return page.evaluate(BROKEN_WORDS)


def in_viewport(locator) -> bool:
    """The element's whole box is inside the window (what a person sees without scrolling)."""
    return locator.evaluate("el => { const r = el.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && "
                            "r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth; }")
