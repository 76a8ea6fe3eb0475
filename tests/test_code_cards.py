"""Code cards: an A4 PDF, one card per member, whose QR codes give the link and never the code."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.servers import released_pack

LINK = "http://192.168.1.20:8866/"
needs_tools = pytest.mark.skipif(not (Path("/usr/bin/chromium").exists() and shutil.which("pdftoppm")),
                                 reason="needs chromium and poppler-utils (make browser)")


def read_pgm(path: Path):
    """A binary greyscale PGM (what pdftoppm -gray writes) as a numpy array, without an imaging library."""
    import numpy as np

    data = path.read_bytes()
    fields, at = [], 0
    while len(fields) < 4:  # magic, width, height, maximum
        while data[at:at + 1].isspace():
            at += 1
        start = at
        while not data[at:at + 1].isspace():
            at += 1
        fields.append(data[start:at])
    assert fields[0] == b"P5", fields[0]
    width, height = int(fields[1]), int(fields[2])
    return np.frombuffer(data, dtype=np.uint8, count=width * height, offset=at + 1).reshape(height, width)


def qr_texts(pdf: Path, folder: Path) -> list[str]:
    """Every QR code on every page, decoded with zxing-cpp from the pages rendered at 150 dpi, card by
    card (the cards' grid: 10 mm margins, two columns of 95 mm, rows of 68 mm), as a phone sees one card."""
    import zxingcpp

    prefix = folder / f"{pdf.stem}-page"
    dpi = 150
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(prefix)], check=True)
    mm = dpi / 25.4
    found = []
    for page in sorted(folder.glob(f"{prefix.name}*.pgm")):
        image = read_pgm(page)
        for row in range(4):
            for column in range(2):
                top, left = int((10 + 68 * row) * mm), int((10 + 95 * column) * mm)
                card = image[top:top + int(68 * mm), left:left + int(95 * mm)]
                found += [r.text for r in zxingcpp.read_barcodes(card) if r.format == zxingcpp.BarcodeFormat.QRCode]
    return found


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pages(pdf: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1)), re.search(r"Page size:\s+(.*)", info).group(1)


@needs_tools
def test_members_add_prints_cards_whose_qr_is_the_link_and_never_the_code(tmp_path):
    pack, _ = released_pack(tmp_path, members=(), release=False)
    names = [f"Member {n}" for n in range(1, 10)] + ["<b>Zoë</b> & co"]
    cards = tmp_path / "cards.pdf"
    run = run_cli("members", "add", pack, *names, "--cards", cards, "--link", LINK)
    assert run.code == 0, run.err
    codes = dict(re.fullmatch(r"(.*\S)\s{2,}(\S+)", line).groups() for line in run.out.split("\n\n")[0].splitlines())
    assert set(codes) == set(names)
    count, size = pages(cards)
    assert count == 2 and "(A4)" in size  # 10 cards, 8 to an A4 page
    assert oct(cards.stat().st_mode & 0o777) == "0o600"  # it holds the codes
    decoded = qr_texts(cards, tmp_path)
    assert decoded == [LINK] * len(names)
    text = pdf_text(cards)
    for name, code in codes.items():
        assert code in text and name in text.replace("\n", " ") or name.startswith("<b>")
        assert all(code not in qr for qr in decoded)
    assert "<b>Zoë</b> & co" in text  # escaped, shown as typed
    from panel_tool.report.code_cards import SIGN_IN

    in_order = subprocess.run(["pdftotext", str(cards), "-"], capture_output=True, text=True, check=True).stdout
    assert " ".join(in_order.split()).count(SIGN_IN) == len(names)  # every card says how to sign in


@needs_tools
def test_members_cards_gives_new_codes_and_the_old_ones_stop_working(tmp_path):
    pack, old = released_pack(tmp_path, members=["Amira", "Ben"], release=False)
    cards = tmp_path / "again.pdf"
    run = run_cli("members", "cards", pack, "Ben", "--out", cards, "--link", LINK)
    assert run.code == 0, run.err
    assert "old code no longer works" in run.out
    text = pdf_text(cards)
    assert "Ben" in text and "Amira" not in text
    new_code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", text).group(0)
    assert new_code != old["Ben"]
    assert qr_texts(cards, tmp_path) == [LINK]


def test_cards_refuse_a_link_that_is_not_a_web_link_and_change_no_code(tmp_path):
    pack, _ = released_pack(tmp_path, members=["Amira"], release=False)
    before = run_cli("members", "list", pack, "--json").out
    run = run_cli("members", "cards", pack, "--out", tmp_path / "c.pdf", "--link", "javascript:alert(1)")
    assert run.code == 2 and "not a web link" in run.err and "Traceback" not in run.err
    assert not (tmp_path / "c.pdf").exists()
    assert run_cli("members", "list", pack, "--json").out == before
