"""`panel-tool lab`: the workspace it prepares, the JupyterLab it starts, and notebooks saved without outputs."""

from __future__ import annotations

import json
import os
from pathlib import Path

from panel_tool.lab import (CONFIG, NOTEBOOK, lab_command, prepare_workspace, strip_outputs, write_shortcuts,
                            write_workspace)
from panel_tool.shipped import shipped_path


def test_the_shipped_notebook_is_a_few_lines_without_outputs():
    notebook = json.loads(shipped_path("notebooks", NOTEBOOK).read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert len(code) == 1 and len("".join(code[0]["source"]).splitlines()) <= 5
    assert "panel_tool.apps.prepare" in "".join(code[0]["source"])
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)


def test_the_workspace_gets_the_notebook_once_and_keeps_the_facilitators_own(tmp_path):
    folder = prepare_workspace(tmp_path / "new folder")
    assert (folder / NOTEBOOK).read_text() == shipped_path("notebooks", NOTEBOOK).read_text()
    (folder / NOTEBOOK).write_text("{}")
    prepare_workspace(folder)
    assert (folder / NOTEBOOK).read_text() == "{}"


def test_outputs_are_stripped_before_a_notebook_is_saved():
    model = {"type": "notebook", "content": {"cells": [
        {"cell_type": "code", "execution_count": 3, "outputs": [{"output_type": "stream", "text": "Case 1: SMITH"}],
         "source": "x"},
        {"cell_type": "markdown", "source": "# title"}]}}
    strip_outputs(model, path="prepare.ipynb", contents_manager=None)
    cell = model["content"]["cells"][0]
    assert cell["outputs"] == [] and cell["execution_count"] is None
    text = {"type": "file", "content": "Case 1: SMITH"}
    strip_outputs(text)
    assert text["content"] == "Case 1: SMITH"


def test_no_way_of_saving_a_notebook_keeps_its_outputs():
    """Found by a fresh-eyes review: the hook skipped a notebook saved as a plain file and kept saved
    widget state, and a cell it could not read made it raise (jupyter_server then saves anyway)."""
    notebook = {"cells": [{"cell_type": "code", "execution_count": 1, "source": "x",
                           "outputs": [{"output_type": "stream", "text": "Case 1: SMITH"}]}, "not a cell"],
                "metadata": {"widgets": {"state": {"m": {"value": "Case 1: SMITH"}}}}, "nbformat": 4}
    as_text = {"type": "file", "format": "text", "content": json.dumps(notebook)}
    strip_outputs(as_text, path="copy.ipynb")
    as_notebook = {"type": "notebook", "content": json.loads(json.dumps(notebook))}
    strip_outputs(as_notebook, path="prepare.ipynb")
    for saved in (json.loads(as_text["content"]), as_notebook["content"]):
        assert "SMITH" not in json.dumps(saved) and saved["cells"][0]["source"] == "x"
    unreadable = {"type": "notebook", "content": {"cells": 7}}
    strip_outputs(unreadable, path="odd.ipynb")  # does not raise
    assert unreadable["content"]["cells"] == []
    # the workbench's configuration names every contents manager, not only the general one
    assert all(f"c.{name}.pre_save_hook" in CONFIG for name in ("ContentsManager", "FileContentsManager",
                                                                   "AsyncFileContentsManager", "LargeFileManager"))


def test_jupyterlab_is_bound_to_this_machine_and_allowed_root_only_as_root(tmp_path, monkeypatch):
    command = lab_command(tmp_path, 9999, tmp_path / "c.py", open_browser=False)
    assert "--ServerApp.ip=127.0.0.1" in command and "--ServerApp.open_browser=False" in command
    assert not any("token" in part.lower() for part in command)  # the token travels in the environment
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--allow-root" not in lab_command(tmp_path, 9999, tmp_path / "c.py", open_browser=True)
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--allow-root" in lab_command(tmp_path, 9999, tmp_path / "c.py", open_browser=True)


def test_jupyterlab_starts_with_the_notebook_open_and_its_file_list_folded(tmp_path):
    """A file list open beside the notebook covered a 360 px screen (the browser test looks at it)."""
    from jupyterlab_server.workspaces_handler import WorkspacesManager

    write_workspace(tmp_path / "workspaces")
    layout = WorkspacesManager(str(tmp_path / "workspaces")).load("default")["data"]["layout-restorer:data"]
    assert layout["left"]["collapsed"] is True and "filebrowser" in layout["left"]["widgets"]
    assert layout["main"]["current"] == f"notebook:{NOTEBOOK}"
    assert "c.LabApp.workspaces_dir = {workspaces!r}" in CONFIG  # this run's own, never the user's layout


def test_the_notebooks_keys_are_kept_off_the_workbench_and_on_the_notebook(tmp_path):
    """Down on a pick-list went to the notebook (the browser test presses it); so did D D on a button."""
    shortcuts = json.loads(write_shortcuts(tmp_path).read_text())["shortcuts"]
    down = [s for s in shortcuts if s["command"] == "notebook:move-cursor-down" and s["keys"] == ["ArrowDown"]]
    assert [s.get("disabled", False) for s in down] == [True, False]
    assert down[1]["selector"].endswith(":focus:not(.pt-workbench *)")
    assert any(s["command"] == "notebook:delete-cell" and s.get("disabled") for s in shortcuts)
