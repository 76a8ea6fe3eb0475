"""`panel-tool lab [FOLDER]`: the facilitator's workbench, JupyterLab on a workspace folder with
prepare.ipynb open.

A real `jupyter lab` server, run with this environment's own interpreter, on 127.0.0.1 only, with a
fresh random token (passed in the environment, never on a command line that `ps` would show). Every
notebook saved through it is saved without outputs: outputs could carry case data (a validation
table, a case's grounds), and a notebook file is easily copied or mailed.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from panel_tool.errors import InputError
from panel_tool.shipped import shipped_path

NOTEBOOK = "prepare.ipynb"
STOP_WITHIN_S = 30

# JupyterLab's configuration for the workbench: no news or update checks from the internet, outputs
# stripped before any notebook is written, and prepare.ipynb open on arrival.
CONFIG = """
c.ContentsManager.pre_save_hook = "panel_tool.lab.strip_outputs"
# and on each contents manager class by name: a facilitator's own Jupyter configuration naming one of
# them would otherwise win over the general setting (traitlets prefers the more specific class)
c.FileContentsManager.pre_save_hook = c.AsyncFileContentsManager.pre_save_hook = "panel_tool.lab.strip_outputs"
c.LargeFileManager.pre_save_hook = c.AsyncLargeFileManager.pre_save_hook = "panel_tool.lab.strip_outputs"
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"  # never ask PyPI for extensions
c.LabApp.default_url = "/lab/tree/{notebook}"
c.ServerApp.answer_yes = True  # Ctrl-C stops at once (no "Shutdown this Jupyter server (y/[n])?")
c.ServerApp.shutdown_no_activity_timeout = 0
c.LabApp.user_settings_dir = {settings!r}
c.LabApp.workspaces_dir = {workspaces!r}
"""
# JupyterLab asks every new user whether to fetch Jupyter's news from the internet; the workbench
# answers no for them, in a settings folder of its own for this run.
NO_NEWS = ("@jupyterlab/apputils-extension", "notification.jupyterlab-settings",
           '{"fetchNews": "false", "checkForUpdates": false}')
# The layout JupyterLab starts with, in a workspaces folder of this run's own: the notebook open and
# the file list folded away to its icon. JupyterLab's file list is a fixed 250 px or so and filled a
# 360 px screen, hiding the workbench; folded, the notebook has the width at every size, and the
# folder icon at the far left opens the list (for the code cards' PDF). JupyterLab has no setting that
# folds it on narrow screens only.
WORKSPACE = {"data": {"layout-restorer:data": {
    "main": {"dock": {"type": "tab-area", "currentIndex": 0, "widgets": [f"notebook:{NOTEBOOK}"]},
             "current": f"notebook:{NOTEBOOK}"},
    "left": {"collapsed": True, "visible": True, "widgets": ["filebrowser", "running-sessions"]}},
    f"notebook:{NOTEBOOK}": {"data": {"path": NOTEBOOK, "factory": "Notebook"}}},
    "metadata": {"id": "default"}}


def strip_outputs(model: dict, path: str = "", **_) -> None:
    """ContentsManager pre_save_hook: empty every code cell's outputs and execution count, and drop
    saved widget state (its values are the case's words), in place. A notebook saved as a plain file
    (an .ipynb opened in the text editor) is stripped too. It never raises: jupyter_server logs a
    hook's error and saves the model anyway, so a notebook it cannot read is saved empty rather than
    as it came."""
    try:
        if model.get("type") == "notebook":
            _strip(model["content"])
        elif model.get("type") == "file" and str(path).endswith(".ipynb") and model.get("format") == "text":
            try:
                notebook = json.loads(model["content"])
            except ValueError:
                return  # not a notebook (yet): text being written by hand
            if isinstance(notebook, dict):
                _strip(notebook)
                model["content"] = json.dumps(notebook, indent=1, ensure_ascii=False)
    except Exception:
        model["content"] = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _strip(notebook: dict) -> None:
    notebook["cells"] = [cell for cell in notebook.get("cells") or [] if isinstance(cell, dict)]
    for cell in notebook["cells"]:
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    if isinstance(notebook.get("metadata"), dict):
        notebook["metadata"].pop("widgets", None)


def prepare_workspace(folder: str | Path) -> Path:
    """The workspace folder, made if missing, with prepare.ipynb copied in unless one is there."""
    folder = Path(folder).expanduser()
    if folder.exists() and not folder.is_dir():
        raise InputError("this is a file, not a folder", file=str(folder), expected="a folder for the panel's work")
    folder.mkdir(parents=True, exist_ok=True)
    notebook = folder / NOTEBOOK
    if not notebook.exists():
        shutil.copyfile(shipped_path("notebooks", NOTEBOOK), notebook)
    return folder


def write_workspace(folder: Path) -> Path:
    """JupyterLab's default workspace for this run (WORKSPACE), saved as JupyterLab itself saves one."""
    from jupyterlab_server.workspaces_handler import WorkspacesManager

    return WorkspacesManager(str(folder)).save("default", json.dumps(WORKSPACE))


# JupyterLab's notebook keys (Down: the next cell, D D: delete the cell, A: a new cell, M: markdown...)
# act on whatever has focus in a notebook that is not a text box: a pick-list, a tick box or a button
# in the workbench too. Down on a pick-list left it for the notebook's footer instead of choosing the
# next option, and D D on a button deleted the workbench's cell. Each such key is given again with
# the workbench left out, so the keys still work on the notebook itself.
COMMAND_MODE = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
OUTSIDE_THE_WORKBENCH = ":not(.pt-workbench *)"


def write_shortcuts(settings: Path) -> Path:
    """The workbench's own keyboard shortcut settings: JupyterLab's notebook keys, bar in the workbench."""
    from jupyterlab.commands import get_app_dir

    schema = Path(get_app_dir()) / "schemas" / "@jupyterlab" / "notebook-extension" / "tracker.json"
    defaults = json.loads(schema.read_text(encoding="utf-8")).get("jupyter.lab.shortcuts", [])
    shortcuts = []
    for binding in defaults:
        if binding.get("selector") == COMMAND_MODE and binding.get("keys"):
            shortcuts.append({**binding, "disabled": True})
            shortcuts.append({**binding, "selector": COMMAND_MODE + OUTSIDE_THE_WORKBENCH})
    path = settings / "@jupyterlab" / "shortcuts-extension" / "shortcuts.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"shortcuts": shortcuts}), encoding="utf-8")
    return path


def write_workbench_config(folder: Path) -> Path:
    """The workbench's JupyterLab configuration in `folder`: its settings (no news; the notebook keys
    kept out of the workbench), its opening layout and the config file naming them (outputs stripped
    at every save). One definition for `panel-tool lab` and the hub's workbench (panel_tool/hub)."""
    settings = folder / "settings"
    (settings / NO_NEWS[0]).mkdir(parents=True, exist_ok=True)
    (settings / NO_NEWS[0] / NO_NEWS[1]).write_text(NO_NEWS[2], encoding="utf-8")
    write_shortcuts(settings)
    workspaces = folder / "workspaces"
    write_workspace(workspaces)
    config = folder / "jupyter_lab_config.py"
    config.write_text(CONFIG.format(notebook=NOTEBOOK, settings=str(settings), workspaces=str(workspaces)),
                      encoding="utf-8")
    return config


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lab_command(folder: Path, port: int, config: Path, open_browser: bool) -> list[str]:
    command = [sys.executable, "-m", "jupyterlab", f"--config={config}", f"--ServerApp.root_dir={folder}",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--ServerApp.open_browser={open_browser}"]
    if os.geteuid() == 0:
        # JupyterLab refuses root without --allow-root (a root kernel can do anything to the machine).
        # Containers and CI run as root with nobody else on the machine; the server is still bound to
        # 127.0.0.1 with a random token, so allowing root weakens nothing else.
        command.append("--allow-root")
    return command


def lab(folder: str | Path = ".", *, port: int | None = None, open_browser: bool = True) -> int:
    """Run JupyterLab on `folder` until Ctrl-C or SIGTERM, then stop it with its kernels; its exit code."""
    folder = prepare_workspace(folder).resolve()
    port = port or free_port()
    token = secrets.token_urlsafe(32)
    with tempfile.TemporaryDirectory(prefix="panel-tool-lab-") as private:
        config = write_workbench_config(Path(private))
        env = {**os.environ, "JUPYTER_TOKEN": token}
        process = subprocess.Popen(lab_command(folder, port, config, open_browser), env=env)
        print(f"The workbench is at http://127.0.0.1:{port}/lab/tree/{NOTEBOOK}?token={token}", flush=True)
        print(f"The same steps as one page (for a small screen): http://127.0.0.1:{port}/voila/render/{NOTEBOOK}"
              f"?token={token}", flush=True)
        print("Keep these links to yourself: they open your workspace. Ctrl-C stops the workbench.", flush=True)

        def stop(signum, _frame):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # JupyterLab shuts its kernels down on SIGTERM

        previous = signal.signal(signal.SIGTERM, stop)
        try:
            while True:
                try:
                    return process.wait()
                except KeyboardInterrupt:  # Ctrl-C reached JupyterLab too; answer_yes makes it stop
                    stop(signal.SIGINT, None)
        finally:
            signal.signal(signal.SIGTERM, previous)
            if process.poll() is None:
                try:
                    process.wait(STOP_WITHIN_S)
                except subprocess.TimeoutExpired:
                    process.kill()
