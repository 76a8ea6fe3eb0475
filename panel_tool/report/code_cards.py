"""Code cards: an A4 PDF with one card per member (name, code, the link, a QR code of the link and a
line on how to sign in), to cut out and hand over.

A code is shown only once (the pack keeps a slow salted hash), so cards are printed when codes are
made: for members just added (`new_codes`), or by giving members new codes (`members cards`). The
QR code carries the link only, never the code: a card photographed across a room gives nobody a way
in. The PDF is readable by its owner only, like the report; the HTML it is printed from lives in a
private temporary folder and is gone when the PDF is written.
"""

from __future__ import annotations

import tempfile
from html import escape
from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.packs.packfile import open_pack, read_manifest
from panel_tool.review.members import NewCode, list_members, reset_code

CARDS_PER_PAGE = 8  # two columns of four on A4: big enough to read, small enough to cut with scissors
SIGN_IN = ("Open the link on a phone or computer (or scan the square with a phone's camera), then type "
           "your code. Keep your code to yourself: it is yours alone.")


def code_cards(pack: str | Path, out: str | Path, *, link: str, new_codes: list[NewCode] | None = None,
               members: list[str] | None = None) -> Path:
    """Print code cards to `out` (a .pdf). With `new_codes` (from add_members), those; otherwise each
    member named in `members` (every current member when None) is given a new code first, so their
    old code stops working, as `members reset-code` does."""
    from panel_tool.report.build import _check_chromium, print_pdf

    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise InputError("code cards are printed to a PDF file", file=str(out), expected="a file name ending in .pdf")
    if not link.startswith(("http://", "https://")):
        raise InputError(f"'{link}' is not a web link", expected="the members' link, such as http://192.168.1.20:8866/")
    if not out.parent.is_dir():
        raise InputError("the folder for the code cards does not exist", file=str(out), expected="an existing folder")
    _check_chromium()  # before any code is replaced: a code replaced but never printed helps nobody
    with open_pack(pack) as conn:
        title = read_manifest(conn).get("title", "")
    if new_codes is None:
        names = members if members is not None else [str(m["member_id"]) for m in list_members(pack) if not m["removed_at"]]
        if not names:
            raise InputError("this pack has no members to print cards for", file=str(pack),
                             expected="members added first (members add)")
        new_codes = [reset_code(pack, name) for name in names]
    if not new_codes:
        raise InputError("there are no codes to print", file=str(pack), expected="at least one member")
    with tempfile.TemporaryDirectory(prefix="panel-tool-cards-") as folder:
        page = Path(folder) / "cards.html"
        page.write_text(cards_html(new_codes, link, title), encoding="utf-8")
        return print_pdf(page, out, what="the code cards",
                         instead="try again; if it fails again, give the members new codes and write them down")


def qr_svg(link: str) -> str:
    import segno

    # viewBox without a fixed size, so the stylesheet scales the whole code (a fixed size would crop it)
    return segno.make(link, error="m").svg_inline(scale=4, border=4, omitsize=True, dark="#000", light="#fff")


def cards_html(new_codes: list[NewCode], link: str, title: str) -> str:
    """The page Chromium prints: every value escaped (a member's name is typed by a person)."""
    qr = qr_svg(link)
    cards = "".join(
        f'<section class="card"><p class="panel">{escape(title)}</p>'
        f'<div class="qr" role="img" aria-label="QR code of the link">{qr}</div>'
        f'<p class="name{" long" if len(c.name) > 18 else ""}">{escape(c.name)}</p>'
        f'<p class="label">Your code</p><p class="code">{escape(c.code)}</p>'
        f'<p class="label">Link</p><p class="link">{escape(link)}</p>'
        f'<p class="how">{escape(SIGN_IN)}</p></section>'
        for c in new_codes)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Code cards</title>
<style>
@page {{ size: A4; margin: 10mm; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; font-family: "DejaVu Sans", Arial, sans-serif; color: #000; }}
.sheet {{ display: grid; grid-template-columns: 1fr 1fr; grid-auto-rows: 68mm; gap: 0; }}
.card {{ border: 1px dashed #555; padding: 4mm 5mm; overflow: hidden; break-inside: avoid; }}
.card > p {{ margin: 0 0 1mm 0; }}
.card:nth-child({CARDS_PER_PAGE}n) {{ break-after: page; }}
.panel {{ font-size: 8pt; color: #333; }}
.name {{ font-size: 14pt; font-weight: bold; overflow-wrap: anywhere; line-height: 1.15; }}
.name.long {{ font-size: 11pt; }}
.label {{ font-size: 8pt; text-transform: uppercase; letter-spacing: 0.05em; color: #333; }}
.code {{ font-family: "DejaVu Sans Mono", monospace; font-size: 18pt; font-weight: bold; letter-spacing: 0.08em; }}
.link {{ font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; overflow-wrap: anywhere; }}
.how {{ font-size: 8pt; line-height: 1.3; }}
.qr {{ float: right; margin: 0 0 1mm 3mm; }}
.qr svg {{ width: 30mm; height: 30mm; }}
</style></head>
<body><main class="sheet">{cards}</main></body></html>
"""
