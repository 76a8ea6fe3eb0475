"""Write the force's report: run notebooks/report.ipynb on the packs, export it as HTML, and print it to PDF.

The notebook is the report, so an analyst at the force can open and rerun the same thing. It is run
with nbclient, its parameters injected as papermill does (a cell after the one tagged `parameters`),
and exported with nbconvert without any code. The export must work offline and fetch nothing, so the
lab template's require.js, MathJax and Mermaid links (all from CDNs) are left out, and the result is
checked for any link to another host. Files are written whole or not at all.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path
from types import SimpleNamespace

from panel_tool.errors import InputError
from panel_tool.shipped import shipped_path

NOTEBOOK = shipped_path("notebooks", "report.ipynb")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--disable-quic",
                  "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXECUTE_TIMEOUT_S = 600
PRINT_TIMEOUT_S = 120
HTML_SUFFIXES = (".html", ".htm")

# The lab template without anything it would fetch from a CDN (DESIGN.md section 6: offline).
OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""
# What would make a browser fetch from another host: a src/href/url() to http(s) or a protocol-relative //.
REMOTE = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?\s*|url\(\s*["']?\s*|@import\s+["']?\s*)(?:https?:)?//""", re.I)


def pdf_path(out: str | Path) -> Path:
    """Where `--pdf` writes: beside the HTML, with the .pdf suffix."""
    return Path(out).with_suffix(".pdf")


def write_report(packs: list[str], out: str, pdf: bool = False, public: bool = False) -> Path:
    """Write the report on `packs` (one session, or several for trends across them) to `out` as HTML; with
    `pdf`, also print it to a PDF beside it. `public` leaves out officers' pseudonyms and members' words and
    shows small counts as "fewer than 5". Returns the HTML file's path."""
    out = Path(out)
    _check_destination(out, "report")
    if pdf:
        _check_destination(pdf_path(out), "PDF")
        _check_chromium()
    if not packs:
        raise InputError("no pack was given to report on", expected="the path of one or more .pack.db files")
    paths, titles = [], []
    for pack in packs:
        paths.append(str(Path(pack).resolve()))
        titles.append(_pack_title(pack))
    title = _title(titles, public)
    notebook = run_notebook(paths, public, title)
    _write_whole(out, export_html(notebook).encode("utf-8"))
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


def _check_chromium() -> None:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        raise InputError(f"making the PDF needs Chromium, which is not installed at {CHROMIUM}",
                         expected="Chromium installed (sudo apt-get install chromium), or the report without --pdf")


def _pack_title(pack: str) -> str:
    from panel_tool.packs.packfile import open_pack, read_manifest

    with open_pack(pack) as conn:  # a plain error for a missing file, one that is not a pack, or a newer format
        return str(read_manifest(conn).get("title") or Path(pack).name)


def _title(titles: list[str], public: bool) -> str:
    from panel_tool.report.render import report_title

    title = report_title([SimpleNamespace(title=t) for t in titles])
    return title + (" (public version)" if public else "")


def run_notebook(packs: list[str], public: bool, title: str):
    """notebooks/report.ipynb executed on these packs; an InputError raised inside it comes out as one."""
    import nbformat
    from nbclient import NotebookClient
    from traitlets.config import Config
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(NOTEBOOK, as_version=4)
    at = next((i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])), -1)
    injected = nbformat.v4.new_code_cell(f"# Parameters\npacks = {packs!r}\npublic = {bool(public)!r}\n")
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(at + 1, injected)
    nb.metadata["title"] = title
    # The kernel talks over Unix sockets in a private folder, not localhost ports any local user could reach.
    with tempfile.TemporaryDirectory(prefix="panel-tool-report-") as private:
        config = Config({"KernelManager": {"transport": "ipc", "ip": str(Path(private) / "kernel")}})
        client = NotebookClient(nb, kernel_name="python3", config=config, timeout=EXECUTE_TIMEOUT_S,
                                resources={"metadata": {"path": str(Path.cwd())}})
        try:
            client.execute()
        except CellExecutionError as exc:
            if exc.ename == "InputError":
                raise InputError(exc.evalue) from None
            raise
    return nb


def export_html(nb) -> str:
    """The executed notebook as a self-contained page: no code, no prompts, nothing fetched from elsewhere."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, extra_loaders=[DictLoader({"offline.html.j2": OFFLINE_TEMPLATE})],
                            template_file="offline.html.j2")
    body, _ = exporter.from_notebook_node(nb, resources={"language_code": "en"})
    # The lab stylesheets' comments cite web pages: harmless, but a report should name no other host at all.
    body = re.sub(r"<style[^>]*>.*?</style>", lambda m: re.sub(r"/\*.*?\*/", "", m.group(0), flags=re.S), body, flags=re.S)
    if not re.search(r'<html lang="en"', body) or "<title>" not in body:
        raise RuntimeError("the exported report has no <html lang> or <title>: the nbconvert template changed")
    remote = REMOTE.search(body)
    if remote:
        raise RuntimeError(f"the exported report would fetch from another host ({body[remote.start():remote.end() + 60]!r})")
    return body


def _write_whole(out: Path, data: bytes) -> None:
    """Write to a temporary file beside `out` and rename it, so `out` is never half-written."""
    fd, tmp = tempfile.mkstemp(dir=out.parent if str(out.parent) else ".", prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        _usual_permissions(tmp)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _usual_permissions(path) -> None:
    """mkstemp makes owner-only files; a report gets the permissions any new file would."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def print_pdf(html: Path, pdf: Path) -> Path:
    """Print the HTML report to PDF with Debian's Chromium, headless (nbconvert's webpdf cannot run here)."""
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
            raise InputError(f"Chromium could not print the report to PDF (exit {run.returncode}): "
                             f"{(run.stderr.strip().splitlines() or ['no message'])[-1]}", file=str(pdf),
                             expected="the HTML report, which was written, opened in a browser and printed from there")
        _usual_permissions(tmp)
        os.replace(tmp, pdf)
    except subprocess.TimeoutExpired:
        raise InputError(f"Chromium took more than {PRINT_TIMEOUT_S} seconds to print the report", file=str(pdf),
                         expected="the HTML report, which was written, opened in a browser and printed from there") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return pdf
