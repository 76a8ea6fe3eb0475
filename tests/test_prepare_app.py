"""The facilitator's workbench (apps/prepare.py) driven as Python objects, without a browser: the whole
flow to a released pack, and bad input ending in one plain sentence with nothing half-written."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.fixture
def workspace(tmp_path):
    run = run_cli("synth", "--rows", "300", "--seed", "3", "--out", tmp_path / "march.csv")
    assert run.code == 0, run.err
    return tmp_path


@pytest.fixture(autouse=True)
def own_key(tmp_path, monkeypatch):
    monkeypatch.setenv("PANEL_TOOL_KEY", "ab" * 32)  # the default key, kept out of the real home folder


def text_of(widget) -> str:
    """Every HTML value and description under a widget, as a person (or a test) would read it."""
    out = []
    for attr in ("value", "description"):
        value = getattr(widget, attr, None)
        if isinstance(value, str):
            out.append(value)
    for child in getattr(widget, "children", ()):
        out.append(text_of(child))
    return "\n".join(out)


def html_of(widget) -> str:
    """What the page renders as HTML (widgets.HTML), where an unescaped value would become markup."""
    import ipywidgets as widgets

    own = widget.value if isinstance(widget, widgets.HTML) else ""
    return "\n".join([own, *(html_of(c) for c in getattr(widget, "children", ()))])


def find(widget, kind, description: str | None = None, css: str | None = None):
    if isinstance(widget, kind) and (description is None or getattr(widget, "description", None) == description) \
            and (css is None or css in widget._dom_classes):
        return widget
    for child in getattr(widget, "children", ()):
        hit = find(child, kind, description, css)
        if hit is not None:
            return hit
    return None


def click(root, css: str) -> None:
    import ipywidgets as widgets

    target = find(root, widgets.Button, css=css)
    assert target is not None, css
    target.click()


def test_from_an_export_to_a_released_pack(workspace):
    import ipywidgets as widgets

    from panel_tool.apps.prepare import Workbench
    from panel_tool.packs.build import show_pack

    bench = Workbench(workspace)
    root = bench.root
    assert find(root, widgets.Dropdown, "Export in the workspace folder").options == ("march.csv",)  # not the truth file
    click(root, "pt-check-export")
    shown = text_of(root)
    assert "Records" in shown and "300" in shown and "Blank values in each field" in shown
    # targeted: the counts move with the choices
    bench.strategy.value = "targeted"
    under_18 = next(b for b in bench.targets if b.clause == "under_18=yes")
    under_18.value = True
    count = int(re.search(r"([\d,]+) records match", bench.matching.value).group(1).replace(",", ""))
    assert 0 < count < 300
    assert f"Under 18: {count:,} records" == under_18.description
    bench.size.value = min(3, count)
    bench.title.value = "March <panel>"
    click(root, "pt-build")
    assert bench.pack is not None and bench.pack.exists(), bench.build_status.value
    assert bench.progress.value == 1.0
    manifest = show_pack(bench.pack)["manifest"]
    assert manifest["title"] == "March <panel>" and manifest["sampling"]["where"] == ["under_18=yes"]
    shown_html = html_of(root)
    assert "March &lt;panel&gt;" in shown_html and "March <panel>" not in shown_html
    # release is refused until every case is approved, then works
    click(root, "pt-release-pack")
    assert "not been approved" in text_of(bench.steps["release"])
    for case in range(1, manifest["counts"]["cases"] + 1):
        bench.checker.widget.children[3].value = case  # the case picker
        click(bench.checker.widget, "pt-approve")
    click(root, "pt-release-pack")
    assert show_pack(bench.pack)["manifest"]["status"] == "released"
    # the export can go once the pack is released, only when confirmed
    click(root, "pt-delete-export")
    assert (workspace / "march.csv").exists() and "Tick" in text_of(bench.steps["release"])
    find(root, widgets.Checkbox, "Yes, delete march.csv").value = True
    click(root, "pt-delete-export")
    assert not (workspace / "march.csv").exists()


def upload(bench, name: str, content: bytes) -> str:
    import ipywidgets as widgets

    box = find(bench.root, widgets.FileUpload)
    box.value = ({"name": name, "type": "text/csv", "size": len(content), "content": memoryview(content),
                  "last_modified": datetime.now(timezone.utc)},)
    return text_of(bench.steps["export"])


def test_an_undecodable_upload_is_a_plain_sentence_and_is_not_kept(workspace):
    from panel_tool.apps.prepare import Workbench

    bench = Workbench(workspace)
    before = sorted(p.name for p in workspace.iterdir())
    shown = upload(bench, "../../evil.csv", b"\x00\xff\xfe\x00 not an export \x89PNG" * 50)
    assert "cannot be used" in shown and "Traceback" not in shown
    assert sorted(p.name for p in workspace.iterdir()) == before
    assert bench.export is None and "2. Choose the sample" in text_of(bench.steps["sample"])
    assert "Available after the step before" in text_of(bench.steps["sample"])


def test_a_wrong_layout_names_the_problem_in_plain_words(workspace):
    from panel_tool.apps.prepare import Workbench

    bench = Workbench(workspace)
    shown = upload(bench, "shopping.csv", b"item,price\nmilk,1.20\nbread,0.90\n")
    assert "shopping.csv cannot be used" in shown and "Traceback" not in shown
    assert str(workspace) not in shown  # no paths on screen
    assert not (workspace / "shopping.csv").exists()


def test_a_sample_larger_than_the_records_writes_no_pack(workspace):
    from panel_tool.apps.prepare import Workbench

    bench = Workbench(workspace)
    click(bench.root, "pt-check-export")
    bench.size.value = 5000
    click(bench.root, "pt-build")
    assert "only 300 records are in the export" in bench.build_status.value
    assert list(workspace.glob("*.pack.db")) == [] and bench.pack is None


def test_export_values_are_escaped_in_the_check(workspace):
    from panel_tool.apps.prepare import Workbench

    import csv

    with open(workspace / "march.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows[0]["outcome"] = "<img src=x onerror=alert(1)>"
    with open(workspace / "odd.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    bench = Workbench(workspace)
    bench._check(workspace / "odd.csv", bench.steps["export"].children[-2])
    shown = bench.report_view.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown and "<img" not in shown


def matched(bench) -> int:
    return int(re.search(r"([\d,]+) records match", bench.matching.value).group(1).replace(",", ""))


def test_a_month_an_area_and_officers_rated_red_before_count_and_build_as_pack_build_filters(workspace):
    """The targeted choices beyond the tick boxes: each count is what the build then samples from."""
    import sqlite3

    from panel_tool.apps.prepare import ANY, Workbench
    from panel_tool.packs.build import build_pack, show_pack

    earlier = build_pack(workspace / "march.csv", workspace / "earlier.pack.db", sample="10", seed=2)
    db = sqlite3.connect(earlier.path)
    db.execute("INSERT INTO agreed_outcomes (case_id, rating, agreed_at) VALUES (3, 'Red', '2025-01-01')")
    db.commit()
    db.close()
    bench = Workbench(workspace)
    click(bench.root, "pt-check-export")
    bench.strategy.value = "targeted"
    assert bench.area.disabled and "names no areas" in bench.area.description  # synth writes places, not areas
    bench.month.value = bench.month.options[1]
    assert bench.month.value != ANY and matched(bench) == 300  # the month the whole export covers
    bench.month.value = ANY
    bench.red.value = "earlier.pack.db"  # offered because it is in the folder
    by_red = matched(bench)
    assert by_red >= 1
    bench.size.value = by_red
    click(bench.root, "pt-build")
    manifest = show_pack(bench.pack)["manifest"]
    assert manifest["counts"]["cases"] == by_red
    assert manifest["sampling"]["where"] == [f"red_officers={workspace.resolve() / 'earlier.pack.db'}"]


def test_an_area_counts_as_pack_build_filters_it(tmp_path):
    from panel_tool.apps.prepare import ANY, Workbench

    assert run_cli("synth", "--kind", "use-of-force", "--rows", "80", "--seed", "2", "--out", tmp_path / "uof.csv").code == 0
    bench = Workbench(tmp_path)
    click(bench.root, "pt-check-export")
    bench.strategy.value = "targeted"
    assert not bench.area.disabled and len(bench.area.options) > 2
    bench.area.value = bench.area.options[1]
    in_area = matched(bench)
    assert in_area >= 1
    bench.area.value = ANY
    assert "match" not in bench.matching.value or matched(bench) > in_area
    bench.area.value = bench.area.options[1]
    bench.size.value = in_area + 1
    click(bench.root, "pt-build")
    assert f"only {in_area:,} records match your choices" in bench.build_status.value and bench.pack is None
    bench.size.value = in_area
    click(bench.root, "pt-build")
    assert bench.pack is not None, bench.build_status.value


def test_the_check_says_shares_and_the_month_in_words():
    """'1 (0%)' read as no blanks at all, and '2024-12' as a code: the check says them as people do."""
    from panel_tool.apps.case_view import when_label
    from panel_tool.apps.prepare_views import bars

    assert "1 (less than 1%)" in bars(["Field", "Blank"], [("Age", 1)], 300, "Blanks")
    assert "1 (less than 1%)" in bars(["Field", "Blank"], [("Age", 1)], 200, "Blanks")  # 0.5% rounds to 0%
    assert "199 (more than 99%)" in bars(["Field", "Blank"], [("Age", 199)], 200, "Blanks")
    assert "150 (50%)" in bars(["Field", "Blank"], [("Age", 150)], 300, "Blanks")
    assert when_label("2024-12") == "December 2024"  # the month the check names, as cases name theirs


def test_an_upload_over_the_limit_says_to_use_the_folder_and_writes_nothing(workspace):
    """The kernel's websocket caps a message at about 10 MiB: the page says so before, and after."""
    from panel_tool.apps.prepare import UPLOAD_LIMIT_BYTES, Workbench

    bench = Workbench(workspace)
    assert "up to 10 MB" in text_of(bench.steps["export"]) and "workspace folder" in text_of(bench.steps["export"])
    before = sorted(p.name for p in workspace.iterdir())
    shown = upload(bench, "big.csv", b"x" * (UPLOAD_LIMIT_BYTES + 1))
    assert "too large to upload here. Copy it into the workspace folder" in shown and "Traceback" not in shown
    assert sorted(p.name for p in workspace.iterdir()) == before and bench.export is None
