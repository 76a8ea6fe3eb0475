"""panel_tool as a user gets it: a wheel that carries its schemas, notebooks and template and runs a
whole panel session from a new virtual environment outside the repository; and a test suite that
reads nothing outside the repository.

The new environment gets the wheel alone (`--no-deps`); its dependencies come from this test run's
own environment through a .pth file. A .pth line naming a folder appends it to sys.path after the
new environment's site-packages, so the wheel's panel_tool is found first, and the .pth files in
that folder (among them the editable install's finder, which would point back at the repository)
are not processed. That saves the ~40 s of installing every dependency again and still proves what
matters here: the installed package finds everything it ships without the repository.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from panel_tool.shipped import shipped_path
from tests.conftest import ROOT

TITLE = "Wheel test panel"
# What the build needs is the package and pyproject.toml; these top-level folders are not part of the
# wheel, and copying them would only cost time (packs/ may hold a facilitator's real packs).
NOT_COPIED = {".git", ".venv", "node_modules", "build", "dist", "packs", "tests", "benchmarks", ".pytest_cache",
              ".hypothesis", "panel_tool.egg-info"}
BUILD_TIMEOUT_S = 300
RUN_TIMEOUT_S = 300


@dataclass
class Installed:
    wheel: Path
    python: Path
    bin: Path
    env: dict
    work: Path  # the current directory of every command: outside the repository

    def run(self, *args: str) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(self.bin / "panel-tool"), *args], cwd=self.work, env=self.env,
                              capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
        assert proc.returncode == 0, f"panel-tool {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
        return proc


def copy_source(dest: Path) -> Path:
    """The repository's files that a build reads, copied with their symlinks kept as links.

    The wheel is built from a copy because setuptools builds in the source folder: in the repository it
    would leave build/ behind, and whatever an earlier build left in build/lib would go into this wheel
    unseen (a file since deleted would still ship)."""
    def ignore(folder: str, names: list[str]) -> list[str]:
        at_top = Path(folder) == ROOT
        return [n for n in names if n == "__pycache__" or (at_top and n in NOT_COPIED)]

    shutil.copytree(ROOT, dest, symlinks=True, ignore=ignore)
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    source = copy_source(base / "source")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(base / "dist"),
                    str(source)], check=True, capture_output=True, timeout=BUILD_TIMEOUT_S)
    (wheel,) = (base / "dist").glob("panel_tool-*.whl")

    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=BUILD_TIMEOUT_S)
    python = venv / "bin" / "python"
    # This environment's pip installs into the new one (--python), so the new one needs no pip of its own.
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True, capture_output=True, timeout=BUILD_TIMEOUT_S)
    new_site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                   check=True, capture_output=True, text=True).stdout.strip())
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (new_site / "panel-tool-test-dependencies.pth").write_text("".join(f"{p}\n" for p in ours), encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["VIRTUAL_ENV"] = str(venv)
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env.get("PATH", "")])
    # The dependencies' data files (nbconvert's templates, Voila's, the kernel spec) are in this
    # environment's prefix, where installing them into the new one would have put its own copies.
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in [str(Path(sys.prefix) / "share" / "jupyter"),
                                                       env.get("JUPYTER_PATH", "")] if p)
    env["PYTHONWARNINGS"] = "ignore"
    work = base / "work"
    work.mkdir()
    return Installed(wheel=wheel, python=python, bin=venv / "bin", env=env, work=work)


def test_the_wheel_carries_every_schema_and_notebook_and_the_voila_template(installed):
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for folder in ("schemas", "notebooks"):
        files = [p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()]
        assert files, folder
        missing = [f for f in files if f"panel_tool/{f}" not in names]
        assert not missing, f"not in the wheel: {missing}"
    for shipped in ("panel_tool/apps/jupyter/voila/templates/panel_tool/index.html.j2",
                    "panel_tool/apps/jupyter/voila/templates/panel_tool/static/panel.css",
                    "panel_tool/data/names/forenames.txt"):
        assert shipped in names


def test_the_new_environment_runs_the_wheel_not_the_repository(installed):
    venv = installed.bin.parent
    probe = ("import json, panel_tool; from panel_tool.shipped import shipped_path; "
             "print(json.dumps([panel_tool.__file__, str(shipped_path('schemas'))]))")
    got = subprocess.run([str(installed.python), "-c", probe], cwd=installed.work, env=installed.env,
                         capture_output=True, text=True, check=True, timeout=RUN_TIMEOUT_S)
    module, schemas = map(Path, json.loads(got.stdout))
    assert module.is_relative_to(venv) and not module.is_relative_to(ROOT), module
    # Installed as files, not as a link back to the repository's schemas/.
    assert schemas.is_relative_to(venv) and schemas.is_dir() and not schemas.is_symlink()
    assert (schemas / "profiles" / "force-export.json").is_file()


def test_a_whole_panel_session_runs_from_the_installed_wheel(installed):
    run = installed.run
    run("synth", "--kind", "stop-search", "--rows", "300", "--seed", "3", "--out", "export.csv")
    assert (installed.work / "export.csv").is_file()
    assert "Layout: panel_tool force export template" in run("validate", "export.csv").stdout
    run("pack", "build", "export.csv", "--out", "panel.pack.db", "--sample", "8", "--seed", "3",
        "--key-file", "force.key", "--title", TITLE)
    run("members", "add", "panel.pack.db", "Amira", "Ben", "Chloe")
    run("pack", "approve", "panel.pack.db", "--all")
    run("pack", "release", "panel.pack.db", "--key-file", "force.key")
    shown = json.loads(run("pack", "show", "panel.pack.db", "--json", "--cases").stdout)
    assert shown["manifest"]["title"] == TITLE and shown["manifest"]["status"] == "released"
    assert len(shown["cases"]) == 8
    run("simulate", "panel.pack.db", "--members", "5", "--seed", "3")
    run("report", "panel.pack.db", "--out", "report.html")
    html = (installed.work / "report.html").read_text(encoding="utf-8")
    # the title isolated as right-to-left writing cannot reorder (report.markup.isolated)
    assert re.search(rf"<title>[^<]*\u2068{TITLE}\u2069</title>", html), "the report's title does not name the pack"


def test_the_shipped_folders_are_links_to_the_top_level_ones_not_copies():
    # One source: panel_tool/schemas and panel_tool/notebooks point at the repository's folders.
    for folder in ("schemas", "notebooks"):
        link = ROOT / "panel_tool" / folder
        assert link.is_symlink() and os.readlink(link) == f"../{folder}"
        assert shipped_path(folder).resolve() == ROOT / folder


# A path to a folder beside the repository (as the shared real-data folder once was), or to this machine's.
LEAVES_THE_REPOSITORY = re.compile(r"ROOT\.parent\b|\.parent\.parent\.parent|parents\[[2-9]\]|\.\./shared|/work/")


def test_no_test_or_make_target_reads_outside_the_repository():
    sources = [*(ROOT / "tests").rglob("*.py"), ROOT / "Makefile", ROOT / ".ci" / "run"]
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in sources if path != Path(__file__)
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if LEAVES_THE_REPOSITORY.search(line)]
    assert not found, "\n".join(found)
