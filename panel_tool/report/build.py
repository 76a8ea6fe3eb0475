"""Write the force's report: sum up the packs, render them in this process through autoescaped Jinja2
templates (report/render.py, report/templates/), and print it to PDF with Chromium.

notebooks/report.ipynb calls the same `report()` for an analyst at the force who wants to open and
rerun it; the command does not run the notebook (a fresh kernel cost 17 s where rendering takes well
under one). The page must work offline and fetch nothing: it is checked for any link to another host
before it is written. Files are written whole or not at all, readable by their owner only.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.report.files import OWNER_ONLY, write_private
from panel_tool.report.render import report_page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--disable-quic",
                  "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PRINT_TIMEOUT_S = 120
HTML_SUFFIXES = (".html", ".htm")

# What would make a browser fetch from another host: a src/href/url() to http(s) or a protocol-relative //.
REMOTE = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?\s*|url\(\s*["']?\s*|@import\s+["']?\s*)(?:https?:)?//""", re.I)


def pdf_path(out: str | Path) -> Path:
    """Where `--pdf` writes: beside the HTML, with the .pdf suffix."""
    return Path(out).with_suffix(".pdf")


def write_report(packs: list[str], out: str, pdf: bool = False, public: bool = False) -> Path:
    """Write the report on `packs` (one session, or several for trends across them) to `out` as HTML; with
    `pdf`, also print it to a PDF beside it. `public` writes the version to publish under the disclosure policy
    of report/disclosure.py, and never over the force's copy. Returns the HTML file's path."""
    out = Path(out)
    _check_destination(out, "report")
    if pdf:
        _check_destination(pdf_path(out), "PDF")
        _check_chromium()
    if not packs:
        raise InputError("no pack was given to report on", expected="the path of one or more .pack.db files")
    for path in [out] + ([pdf_path(out)] if pdf else []):
        _refuse_the_other_version(path, public)
    write_private(out, check_offline(report_page([str(p) for p in packs], public=public)).encode("utf-8"))
    if pdf:
        print_pdf(out, pdf_path(out))
    return out


def _check_destination(out: Path, what: str) -> None:
    """Refuse before any work: a folder, a missing folder, or one we cannot write in."""
    if out.is_dir():
        raise InputError(f"this is a folder, not a file the {what} can be written to", file=str(out),
                         expected="a file path such as packs/march-report.html")
    if what == "report" and out.suffix.lower() not in HTML_SUFFIXES:
        raise InputError("the report is written as an HTML file", file=str(out),
                         expected="a file name ending in .html, e.g. packs/march-report.html (--pdf adds the .pdf beside it)")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"the folder for the {what} does not exist", file=str(out), expected="a file in an existing folder")
    if not os.access(parent, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise InputError(f"the {what} cannot be written here (permission denied)", file=str(out),
                         expected="a folder you can write to")


def _refuse_the_other_version(path: Path, public: bool) -> None:
    """The two versions never replace each other, HTML or PDF: the public one over the force's would lose the
    force's copy; the force's over the public one would put pseudonyms and members' words under a name meant
    for publishing."""
    there = version_of(path)
    if there == "force" and public:
        raise InputError("this file is the force's copy of a report, which the public version must not replace",
                         file=str(path), expected="another file name for the public version, e.g. march-public.html")
    if there == "public" and not public:
        raise InputError("this file is the public version of a report, which the force's copy must not replace",
                         file=str(path), expected="another file name for the force's copy, e.g. march-force.html")


_PDF_TITLE = re.compile(rb"/Title\s*(?:\((?P<literal>(?:\\.|[^\\)])*)\)|<(?P<hex>[0-9A-Fa-f\s]*)>)")


def version_of(path: Path) -> str | None:
    """"public" or "force" for a report this tool wrote (an HTML page by its title, a PDF by the title Chromium
    copied into it), None for any other file or none."""
    if not path.is_file():
        return None
    if path.suffix.lower() == ".pdf":
        found = _PDF_TITLE.search(path.read_bytes())
        if found is None:
            return None
        if found.group("hex") is not None:
            raw = bytes.fromhex(found.group("hex").decode().replace(" ", "").replace("\n", ""))
            title = raw[2:].decode("utf-16-be", "replace") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
        else:
            title = found.group("literal").decode("latin-1").replace("\\", "")
    else:
        with open(path, "rb") as f:
            head = f.read(4096).decode("utf-8", "replace")
        found = re.search(r"<title>(.*?)</title>", head, flags=re.S)
        title = found.group(1) if found else ""
    if not title.startswith("Scrutiny panel report"):
        return None
    return "public" if title.rstrip().endswith("(public version)") else "force"


def _check_chromium() -> None:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        raise InputError(f"making the PDF needs Chromium, which is not installed at {CHROMIUM}",
                         expected="Chromium installed (sudo apt-get install chromium), or the report without --pdf")


def check_offline(page: str) -> str:
    """Refuse a page that would fetch anything from another host (a bug, never a user's mistake)."""
    remote = REMOTE.search(page)
    if remote:
        raise RuntimeError(f"the report would fetch from another host ({page[remote.start():remote.end() + 60]!r})")
    return page


def print_pdf(html: Path, pdf: Path, what: str = "the report",
              instead: str = "the HTML report, which was written, opened in a browser and printed from there") -> Path:
    """Print an HTML page to PDF with Debian's Chromium, headless (nbconvert's webpdf cannot run here):
    the report, and the members' code cards (report/code_cards.py). `what` and `instead` name it in errors."""
    _check_chromium()
    folder = pdf.parent if str(pdf.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{pdf.name}.", suffix=".tmp")
    os.close(fd)
    try:
        with tempfile.TemporaryDirectory(prefix="panel-tool-chromium-") as profile:
            run = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}",
                                  html.resolve().as_uri()], capture_output=True, text=True, timeout=PRINT_TIMEOUT_S)
        with open(tmp, "rb") as f:
            printed = f.read(5) == b"%PDF-"
        if run.returncode != 0 or not printed:
            raise InputError(f"Chromium could not print {what} to PDF (exit {run.returncode}): "
                             f"{(run.stderr.strip().splitlines() or ['no message'])[-1]}", file=str(pdf),
                             expected=instead)
        os.chmod(tmp, OWNER_ONLY)
        os.replace(tmp, pdf)
    except subprocess.TimeoutExpired:
        raise InputError(f"Chromium took more than {PRINT_TIMEOUT_S} seconds to print {what}", file=str(pdf),
                         expected=instead) from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return pdf
