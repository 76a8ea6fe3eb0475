"""The facilitator's workbench for real: `panel-tool lab` on a folder holding a synthetic export,
JupyterLab driven in Chromium through the whole flow to a released, served pack and a code-cards PDF,
then the pack checked with the CLI and the PDF's QR codes decoded."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from tests.browser import AXE, launch, open_page
from tests.conftest import PANEL_TOOL, run_cli
from tests.servers import free_port
from tests.test_code_cards import qr_texts

READY_WITHIN_S = 90
SHOTS = Path(os.environ.get("WORKBENCH_SHOTS", "")) if os.environ.get("WORKBENCH_SHOTS") else None


def wait_for(condition, within: float, what: str):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workspace")
    home = tmp_path_factory.mktemp("home")
    assert run_cli("synth", "--rows", "300", "--seed", "4", "--out", folder / "march.csv").code == 0
    env = {**os.environ, "HOME": str(home), "PANEL_TOOL_KEY": "cd" * 32, "PYTHONWARNINGS": "ignore",
           "JUPYTER_CONFIG_DIR": str(home / ".jupyter"), "JUPYTER_DATA_DIR": str(home / ".local/share/jupyter")}
    port = free_port()
    out, err = open(home / "lab.out", "w+"), open(home / "lab.err", "w+")
    process = subprocess.Popen([*PANEL_TOOL, "lab", str(folder), "--no-browser", "--port", str(port)], stdout=out,
                               stderr=err, env=env, start_new_session=True)
    try:
        url = wait_for(lambda: (re.search(r"http://127\.0\.0\.1:\d+/lab/tree/prepare\.ipynb\?token=\S+",
                                          (home / "lab.out").read_text()) or [None])[0], READY_WITHIN_S, "the link")
        base = f"http://127.0.0.1:{port}/"
        token = url.split("token=")[1]
        wait_for(lambda: _status(base + f"api/status?token={token}") == 200, READY_WITHIN_S, "JupyterLab")
        playwright, browser = launch()
        try:
            yield {"folder": folder, "url": url, "base": base, "browser": browser, "process": process, "home": home}
        finally:
            browser.close()
            playwright.stop()
    finally:
        children = _descendants(process.pid)
        if process.poll() is None:
            # SIGTERM to panel-tool alone, as a service manager sends it: it must stop JupyterLab, which
            # stops its kernels, each of which stops a pack it serves
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                raise AssertionError("panel-tool lab did not stop on SIGTERM")
        time.sleep(1)
        leftovers = [p for p in children if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        for p in leftovers:
            p.kill()
        assert not leftovers, f"still running after the workbench stopped: {leftovers}"


def _status(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=5).status
    except Exception:
        return 0


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def open_workbench(lab, width: int = 1280):
    watched = open_page(lab["browser"], lab["base"], width=width, height=900)
    page = watched.page
    page.goto(lab["url"])
    page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
    page.get_by_text(re.compile(r"Python 3 \(ipykernel\) \| Idle")).first.wait_for(timeout=90_000)  # the kernel is up
    page.locator(".jp-Notebook .jp-Cell").first.click()  # the notebook is the current document
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name=re.compile("^Run All Cells")).click()
    page.get_by_role("heading", name="1. Choose the export").wait_for(timeout=120_000)
    assert page.get_by_text("official Jupyter news").count() == 0  # the workbench answered JupyterLab's question
    return watched, page


def upload(page, path: Path) -> None:
    """Choose a file with the upload button, as a person does (its file input is not in the page), by
    keyboard: the button in focus, Enter opens the file chooser."""
    with page.expect_file_chooser() as chooser:
        page.locator(".pt-upload").focus()
        page.keyboard.press("Enter")
    chooser.value.set_files(str(path))


def no_traceback(page) -> None:
    assert "Traceback" not in page.locator("body").inner_text()
    assert page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0


def workbench_axe(page) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;typeof window.axe")
    result = page.evaluate("async () => JSON.stringify(await axe.run(document.querySelector('.pt-workbench')))")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in json.loads(result)["violations"] if v["impact"] in ("serious", "critical")]


def shoot(page, name: str) -> None:
    """With WORKBENCH_SHOTS=FOLDER, a PNG of JupyterLab with the workbench, in a window tall enough to show
    most of it (the notebook scrolls inside its own panel, so an element screenshot would be cut)."""
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        size = page.viewport_size
        page.set_viewport_size({"width": size["width"], "height": 2600})
        time.sleep(1)
        page.screenshot(path=str(SHOTS / f"{name}.png"))
        page.set_viewport_size(size)


def tab_to(page, label: str) -> None:
    """From the control in focus, Tab once: the button named `label` must be next; Enter presses it."""
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == label
    page.keyboard.press("Enter")


def tab_into(page, control) -> None:
    """From the control in focus, Tab once: `control` must be next."""
    page.keyboard.press("Tab")
    assert control.evaluate("e => e === document.activeElement"), control


def chosen(select) -> str:
    """The words of the option a pick-list shows."""
    return select.evaluate("e => e.options[e.selectedIndex].textContent.replace(/\\u00a0/g, ' ').trim()")


def say(page, text, within: int = 60_000) -> None:
    page.get_by_text(text).first.wait_for(timeout=within)


def test_bad_input_is_a_plain_sentence_in_the_notebook(lab, tmp_path):
    watched, page = open_workbench(lab)
    bad = tmp_path / "scan.csv"
    bad.write_bytes(b"\x00\xff\xfe\x00 not an export \x89PNG" * 50)
    upload(page, bad)
    say(page, re.compile(r"scan\.csv cannot be used"))
    shoot(page, "0-bad-upload-1280")
    wrong = tmp_path / "shopping.csv"
    wrong.write_text("item,price\nmilk,1.20\n")
    upload(page, wrong)
    say(page, re.compile(r"shopping\.csv cannot be used"))
    no_traceback(page)
    assert sorted(p.name for p in lab["folder"].iterdir() if p.suffix == ".csv") == ["march.csv", "march.csv.truth.csv"]
    # a sample larger than the records
    page.get_by_role("button", name="Check this export").click()
    say(page, "march.csv can be used to build a pack.")
    size = page.get_by_label("How many cases")
    size.fill("5000")
    size.press("Tab")
    page.get_by_role("button", name="Build the pack").click()
    say(page, re.compile("only 300 records are in the export"))
    no_traceback(page)
    assert list(lab["folder"].glob("*.pack.db")) == []
    # JupyterLab's notebook keys do nothing in the workbench (D D deleted its cell, A added one, X cut it)
    cells = page.locator(".jp-Notebook .jp-Cell")
    before = cells.count()
    page.get_by_role("button", name="Build the pack").focus()
    for key in ("d", "d", "a", "x", "m"):
        page.keyboard.press(key)
    time.sleep(1)
    assert cells.count() == before and page.get_by_role("heading", name="1. Choose the export").count() == 1
    assert watched.blocked == [] or all("127.0.0.1" not in b for b in watched.blocked)
    page.context.close()


def test_the_same_notebook_renders_in_voila_and_reads_at_phone_width(lab):
    """Voilà, loaded into the same server, shows prepare.ipynb as an app page: the view for a phone."""
    token = lab["url"].split("token=")[1]
    watched = open_page(lab["browser"], lab["base"], width=360, height=800)
    page = watched.page
    page.goto(lab["base"] + f"voila/render/prepare.ipynb?token={token}")
    page.get_by_role("heading", name="1. Choose the export").wait_for(timeout=120_000)
    page.get_by_role("button", name="Check this export").click()
    say(page, "march.csv can be used to build a pack.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1  # nothing scrolls sideways
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "voila-checked-360.png"), full_page=True)
    no_traceback(page)
    assert workbench_axe(page) == []
    # at 360 px in JupyterLab the workbench takes the width: JupyterLab starts with its file list folded
    # away (a fixed 250 px, it covered the notebook), its folder icon at the far left to open it
    watched, page = open_workbench(lab, width=360)
    shoot(page, "1-start-360")
    assert page.get_by_label("Export in the workspace folder").bounding_box()["width"] > 200  # the file name shows
    assert page.locator(".jp-DirListing").first.is_hidden()
    page.get_by_role("tab", name=re.compile("File Browser")).click()  # the folder icon opens the list
    page.locator(".jp-DirListing").first.wait_for()
    page.context.close()


def test_the_whole_flow_to_a_released_pack_and_code_cards(lab):
    folder = lab["folder"]
    watched, page = open_workbench(lab)
    shoot(page, "1-start-1280")
    # 1. the export, by keyboard: the list, then Tab to its button and Enter
    page.get_by_label("Export in the workspace folder").focus()
    tab_to(page, "Check this export")
    say(page, "march.csv can be used to build a pack.")
    assert page.get_by_text("Blank values in each field").count() == 1
    shoot(page, "2-checked-1280")
    assert workbench_axe(page) == []
    # 2. the sample, by keyboard: how many, then Tab to how they are chosen (arrows pick Targeted), past
    # the groups to the first target, Space to tick it; the count shown live
    under_18 = page.get_by_label(re.compile(r"^Under 18: \d+ records"))
    expected = int(re.search(r"(\d+) records", under_18.get_attribute("aria-label") or page.get_by_text(
        re.compile(r"^Under 18: \d+ records")).first.inner_text()).group(1))
    page.get_by_label("How many cases").focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("3")
    tab_into(page, page.get_by_label("How to choose them"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert chosen(page.get_by_label("How to choose them")) == "Targeted: only records that meet the choices below"
    tab_into(page, page.get_by_label("Groups (stratified)"))
    tab_into(page, under_18)
    page.keyboard.press("Space")
    say(page, f"{expected:,} records match these choices.")
    assert under_18.is_checked()
    page.get_by_label(re.compile("^Title of the pack")).focus()
    page.keyboard.type("March youth panel")
    # 3. build: Tab from the title to the button, Enter
    tab_to(page, "Build the pack")
    say(page, re.compile(r"Built march\.pack\.db: 3 cases"), within=120_000)
    shoot(page, "3-built-1280")
    # 4. check each case: approve all three, by keyboard
    marked = 0
    for case in (1, 2, 3):
        if case > 1:  # the picker stays on the case just approved: the down arrow moves to the next
            page.get_by_label("Case to check").focus()
            page.keyboard.press("ArrowDown")
        page.get_by_role("heading", name=f"Case {case}", exact=True).wait_for()
        # the case as it is checked: its redactions and second-look marks (what shows after the
        # last approval depends on the sample, so they are counted here)
        marked += page.locator(".pt-workbench mark.pt-second-look, .pt-workbench .pt-redacted").count()
        page.get_by_role("button", name="Approve this case").focus()
        page.keyboard.press("Enter")
        say(page, f"Case {case} approved.")
    assert marked > 0
    shoot(page, "4-checked-1280")
    # 5. members and code cards, served on this computer only at a free port
    page.get_by_label("Members will connect from").focus()
    page.keyboard.press("ArrowDown")  # from the room's wifi to this computer only
    assert chosen(page.get_by_label("Members will connect from")) == "This computer only"
    port = free_port()
    page.get_by_label("Port", exact=True).fill(str(port))
    page.get_by_label("Port", exact=True).press("Tab")
    link = f"http://127.0.0.1:{port}/"
    say(page, link)
    page.get_by_label("Members' names or nicknames, one a line").fill("Amira\nBen\nChloe")
    tab_to(page, "Add these members and make their code cards")
    say(page, "Added 3 members.", within=90_000)
    shoot(page, "5-members-1280")
    # 6. release, serve, and delete the export
    page.get_by_role("button", name="Release the pack").focus()
    page.keyboard.press("Enter")
    say(page, "Released.")
    page.get_by_label("The force liaison's passphrase (optional)").focus()
    tab_to(page, "Start serving the pack")
    say(page, "Serving. Members can sign in with their codes.")
    assert page.get_by_role("cell", name=link + "facilitator").count() == 1
    wait_for(lambda: _status(link) == 200, 90, "the served pack")
    page.get_by_label("Yes, delete march.csv").focus()
    page.keyboard.press("Space")
    tab_to(page, "Delete the export from the workspace folder")
    say(page, "Deleted march.csv from the workspace folder.")
    shoot(page, "6-released-1280")
    assert workbench_axe(page) == []
    no_traceback(page)
    assert not (folder / "march.csv").exists()
    assert watched.blocked == [] or all(not b.startswith(lab["base"]) for b in watched.blocked)

    # the pack, as the CLI sees it
    shown = run_cli("pack", "show", folder / "march.pack.db", "--json", "--cases")
    assert shown.code == 0, shown.err
    manifest = json.loads(shown.out)["manifest"]
    assert manifest["status"] == "released" and manifest["title"] == "March youth panel"
    assert manifest["sampling"]["where"] == ["under_18=yes"] and manifest["counts"]["cases"] == 3
    members = json.loads(run_cli("members", "list", folder / "march.pack.db", "--json").out)
    assert [m["name"] for m in members] == ["Amira", "Ben", "Chloe"]
    # the code cards: one QR per member, each the link and nothing else
    cards = folder / "march-code-cards.pdf"
    assert cards.exists()
    decoded = qr_texts(cards, lab["home"])
    assert decoded == [link] * 3
    # a notebook saved through this JupyterLab, outputs and all (as its Save does, by the contents API),
    # lands on disk without them: the pre-save hook strips them
    token = lab["url"].split("token=")[1]
    model = json.loads((folder / "prepare.ipynb").read_text())
    for cell in model["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "Case 1: SMITH of 4 Elm Road"}]
            cell["execution_count"] = 7
    request = urllib.request.Request(lab["base"] + f"api/contents/saved.ipynb?token={token}", method="PUT",
                                     data=json.dumps({"type": "notebook", "format": "json", "content": model}).encode(),
                                     headers={"Content-Type": "application/json"})
    assert urllib.request.urlopen(request, timeout=30).status in (200, 201)
    saved = json.loads((folder / "saved.ipynb").read_text())
    code = [c for c in saved["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
    assert "SMITH" not in (folder / "saved.ipynb").read_text()
    page.context.close()
