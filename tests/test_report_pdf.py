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
