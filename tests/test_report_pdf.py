"""The report on paper: a 12-case session printed to PDF by Chromium, measured with poppler's pdfinfo and
rendered page by page to images with pdftoppm."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.conftest import run_cli

A4_POINTS = (595.0, 842.0)  # 210 x 297 mm


def pdfinfo(pdf) -> dict:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def page_text(pdf, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def dark_share(pgm: bytes) -> float:
    """The share of a greyscale page's pixels that are not white (a P5 PGM from pdftoppm -gray)."""
    magic, width, height, depth, pixels = re.match(rb"(P5)\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)", pgm, re.S).groups()
    return sum(1 for b in pixels if b < 200) / (int(width) * int(height))


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """A released 12-case pack answered by 12 simulated members (every question, words, outcomes, actions,
    a reply), printed in both versions."""
    d = tmp_path_factory.mktemp("pdf")
    steps = [("synth", "--rows", "2000", "--seed", "7", "--out", d / "export.csv"),
             ("pack", "build", d / "export.csv", "--out", d / "p.pack.db", "--sample", "12", "--seed", "7",
              "--key-file", d / "force.key"),
             ("pack", "approve", d / "p.pack.db", "--all"),
             ("pack", "release", d / "p.pack.db", "--key-file", d / "force.key"),
             ("simulate", d / "p.pack.db", "--members", "12", "--seed", "7"),
             ("words", "approve", d / "p.pack.db", "--all"),  # the facilitator's check of members' words
             ("report", d / "p.pack.db", "--out", d / "force.html", "--pdf"),
             ("report", d / "p.pack.db", "--out", d / "public.html", "--pdf", "--public")]
    for step in steps:
        run = run_cli(*step)
        assert run.code == 0, (step, run.err)
    return d


@pytest.mark.parametrize("name", ["public", "force"])
def test_an_a4_pdf_with_a_cover_page_numbers_and_no_blank_page(printed, name):
    pdf = printed / f"{name}.pdf"
    info = pdfinfo(pdf)
    width, height = map(float, re.match(r"\s*([\d.]+) x ([\d.]+) pts", info["Page size"]).groups())
    assert abs(width - A4_POINTS[0]) < 1.5 and abs(height - A4_POINTS[1]) < 1.5, info["Page size"]
    pages = int(info["Pages"])
    print(f"{name}: {pages} A4 pages")  # the page count, recorded in the test's output
    assert 3 <= pages <= 8  # 12 cases, with 12 members' words on every case in the force's copy
    cover = page_text(pdf, 1)
    assert "Scrutiny panel report" in cover and "Period" in cover and "Status" in cover and "released" in cover
    assert ("Public version" if name == "public" else "The force's copy: not for publication") in cover
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in page_text(pdf, page)
    # Every page rendered to an image has something on it; page 1 is the cover, not a blank page.
    subprocess.run(["pdftoppm", "-gray", "-r", "20", str(pdf), str(printed / f"{name}-page")], check=True)
    images = sorted(printed.glob(f"{name}-page-*.pgm"))
    assert len(images) == pages
    assert all(dark_share(image.read_bytes()) > 0.002 for image in images)


def test_chart_labels_wrap_instead_of_being_cut(printed):
    page = (printed / "force.html").read_text(encoding="utf-8")
    assert "\u2026" not in page  # nothing cut off with an ellipsis
    labels = [" ".join(re.findall(r"<tspan[^>]*>(.*?)</tspan>", text)) for text in
              re.findall(r'<text text-anchor="end"[^>]*>(.*?)</text>', page)]
    long = [l for l in labels if "(section" in l]
    assert long and all(re.search(r"\(section \d+\w*\s*\)", l) for l in long)  # each power's section is there whole
    assert re.search(r"<tspan[^>]*>[^<]*</tspan><tspan", page)  # and long labels run over more than one line


@pytest.mark.parametrize("name", ["public", "force"])
def test_each_figure_is_on_the_same_page_as_its_table(printed, name):
    page = (printed / f"{name}.html").read_text(encoding="utf-8")
    pairs = re.findall(r"<figcaption>Figure (\d+):.*?<caption[^>]*>Table (\d+):", page, flags=re.S)
    assert len(pairs) == page.count("<figure") >= 3
    pdf = printed / f"{name}.pdf"
    texts = [page_text(pdf, n) for n in range(1, int(pdfinfo(pdf)["Pages"]) + 1)]
    for figure, table in pairs:
        on = [i for i, text in enumerate(texts) if re.search(rf"Figure {figure}:", text)]
        assert on and re.search(rf"Table {table}:", texts[on[0]]), (figure, table, on)


def test_a_long_unbroken_word_in_an_action_wraps_and_keeps_every_column_on_the_page(printed, tmp_path):
    """A pasted link in what the panel asked once set its column's least width: the columns after it went off
    the printed page (and Chromium shrank every page to fit what it could). It now breaks, and ordinary words
    do not."""
    import shutil

    from panel_tool.review.actions import add_action

    pack = shutil.copy(printed / "p.pack.db", tmp_path / "long.pack.db")
    link = "https://evidence.example.org/bodyworn/" + "A1b2C3d4E5" * 12
    add_action(pack, f"Check the footage at {link} before the next meeting", owner="Lead", due_date="2025-06-30",
               case_id=1)
    run = run_cli("report", pack, "--out", tmp_path / "long.html", "--pdf")
    assert run.code == 0, run.err
    pdf = tmp_path / "long.pdf"
    pages = int(pdfinfo(pdf)["Pages"])
    text = "".join(page_text(pdf, page) for page in range(1, pages + 1))
    actions = text[text.index("The panel's actions and the force's replies"):]
    for heading in ("Owner", "Due", "Status", "Replied", "Time"):  # every column is on the page
        assert heading in actions[:2000], heading
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = re.findall(r'xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', bbox)
    # the link is all there, line after line of its own column
    assert link in "".join(word for _, word in words if len(word) > 3 and word in link)
    right = A4_POINTS[0] - 12 / 25.4 * 72  # the page's right margin, 12 mm
    assert [(float(x), word) for x, word in words if float(x) > right + 1] == []
    assert {"Check", "footage", "before", "next", "meeting"} <= {word for _, word in words}  # ordinary words stay whole


# A pack title as a facilitator might type or paste it: 200 characters, one word of them a long unbroken one,
# and one holding right-to-left writing and a right-to-left override (U+202E).
UNBROKEN = "Stopandsearchreviewnortheast" * 4
LONG_TITLE = f"Stop and search review for the neighbourhood teams of the north and east, {UNBROKEN} in spring"
LONG_TITLE += " and summer"[:200 - len(LONG_TITLE)]
RTL_TITLE = "\u0645\u0631\u0627\u062c\u0639\u0629 \u202eMarch 2025"
A4_CONTENT_PX = round((210 - 2 * 12) / 25.4 * 96)  # the page's width inside its 12 mm margins, in CSS pixels


@pytest.fixture(scope="module")
def titled(tmp_path_factory):
    """Two released 5-case packs, one titled LONG_TITLE and one RTL_TITLE, each reported with its PDF, and both
    together (two sessions)."""
    d = tmp_path_factory.mktemp("titles")
    steps = [("synth", "--rows", "300", "--seed", "1", "--out", d / "export.csv")]
    for name, title in (("long", LONG_TITLE), ("rtl", RTL_TITLE)):
        pack = d / f"{name}.pack.db"
        steps += [("pack", "build", d / "export.csv", "--out", pack, "--sample", "5", "--seed", "1",
                   "--key-file", d / "force.key", "--title", title),
                  ("members", "add", pack, "Amira"),
                  ("pack", "approve", pack, "--all"),
                  ("pack", "release", pack, "--key-file", d / "force.key"),
                  ("report", pack, "--out", d / f"{name}.html", "--pdf")]
    steps.append(("report", d / "rtl.pack.db", d / "long.pack.db", "--out", d / "both.html"))
    for step in steps:
        run = run_cli(*step)
        assert run.code == 0, (step, run.err)
    return d


def cover_words(pdf) -> list[tuple[float, float, float, str]]:
    """Each word on the PDF's first page: (left, right, height, word), in points."""
    bbox = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [(float(x0), float(x1), float(y1) - float(y0), word) for x0, y0, x1, y1, word in
            re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', bbox)]


def test_a_long_title_wraps_on_the_pdf_cover_and_in_the_page(titled):
    """A 200-character title with a long unbroken word in it once ran off the cover: the grid's value column was
    as wide as the word, and Chromium shrank the whole page to fit it. It now wraps, at full size."""
    import html

    from tests.browser import launch

    assert len(LONG_TITLE) == 200
    page = (titled / "long.html").read_text(encoding="utf-8")
    assert f"<h1>Scrutiny panel report: <bdi>{html.escape(LONG_TITLE, quote=False)}</bdi></h1>" in page
    # On paper: every word of the title on the cover, the unbroken one in pieces, and nothing past the margins.
    text = page_text(titled / "long.pdf", 1)
    assert all(word in text for word in LONG_TITLE.split() if word != UNBROKEN)
    words = cover_words(titled / "long.pdf")
    assert UNBROKEN in "".join(word for *_, word in words if len(word) > 3 and word in UNBROKEN)
    margin = 12 / 25.4 * 72
    assert [w for w in words if w[0] < margin - 1 or w[1] > A4_POINTS[0] - margin + 1] == []
    # ...printed as large as a short title's cover (Chromium shrinks a page too wide for the paper)
    label = {name: next(h for _, _, h, word in cover_words(titled / f"{name}.pdf") if word == "Period")
             for name in ("long", "rtl")}
    assert abs(label["long"] - label["rtl"]) < 0.2, label
    # In a browser, on a phone and as printed: every piece of the cover's text inside the cover's box.
    outside = """() => { const cover = document.querySelector('.pt-cover'), box = cover.getBoundingClientRect();
        const out = box.right > window.innerWidth + 0.5 ? ['the cover itself'] : [];
        const walk = document.createTreeWalker(cover, NodeFilter.SHOW_TEXT);
        while (walk.nextNode()) { const range = document.createRange(); range.selectNodeContents(walk.currentNode);
          for (const r of range.getClientRects()) if (r.right > box.right + 0.5 || r.left < box.left - 0.5)
            out.push(walk.currentNode.textContent.slice(0, 40)); }
        return out; }"""
    playwright, browser = launch()
    try:
        for media, width in (("screen", 360), ("print", A4_CONTENT_PX)):
            tab = browser.new_page(viewport={"width": width, "height": 800})
            tab.emulate_media(media=media)
            tab.goto((titled / "long.html").as_uri())
            assert tab.evaluate(outside) == [], (media, width)
            tab.close()
    finally:
        browser.close()
        playwright.stop()


def test_a_title_with_right_to_left_writing_reorders_nothing_after_it(titled):
    """A title is the facilitator's words: like members' words it is isolated (<bdi>), so right-to-left writing
    or an override (U+202E) in it ends with it: " and " and the next session's title after it on the cover,
    read the right way round. Where no element can go (the page's <title>, copied into the PDF; a sentence
    made in Python) it is isolated by FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE. (A table's cell is a
    paragraph of its own, which no override leaves.)"""
    import html

    from tests.browser import launch

    one = (titled / "rtl.html").read_text(encoding="utf-8")
    assert f"<h1>Scrutiny panel report: <bdi>{RTL_TITLE}</bdi></h1>" in one
    assert f"<dt>Panel</dt><dd><bdi>{RTL_TITLE}</bdi></dd>" in one
    assert f"<title>Scrutiny panel report: \u2068{RTL_TITLE}\u2069</title>" in one
    assert one.count(RTL_TITLE) == 3 and one.count("\u202e") == 3  # nowhere else, and each one isolated
    both = (titled / "both.html").read_text(encoding="utf-8")
    escaped = html.escape(LONG_TITLE, quote=False)
    assert f"<dt>Panel</dt><dd><bdi>{RTL_TITLE}</bdi> and <bdi>{escaped}</bdi></dd>" in both
    assert f"<h2>Session: <bdi>{RTL_TITLE}</bdi></h2>" in both and f"<h2>Session: <bdi>{escaped}</bdi></h2>" in both
    assert f"&#39;\u2068{RTL_TITLE}\u2069&#39; has no agreed outcomes" in both  # a sentence made in Python
    # As a browser lays it out: " and " stays after the first title and before the second, left to right.
    playwright, browser = launch()
    try:
        tab = browser.new_page(viewport={"width": 1024, "height": 800})
        tab.goto((titled / "both.html").as_uri())
        # (the first title's last line, " and ", the second title's first line)
        lefts = tab.evaluate("""() => { const dd = document.querySelector('.pt-cover dd'), lines = n => {
            const r = document.createRange(); r.selectNodeContents(n); return [...r.getClientRects()]; };
            const [first, second] = dd.querySelectorAll('bdi'), and = lines(first.nextSibling)[0];
            return [lines(first).at(-1).right, and.left, and.right, lines(second)[0].left]; }""")
    finally:
        browser.close()
        playwright.stop()
    assert lefts == sorted(lefts), lefts
